"""Attachments: residents and staff upload photos and PDFs of documents for their cases."""

from __future__ import annotations

from flask import Response, url_for
from flask.views import MethodView

from service import http
from service.api import Blueprint, links_to_reads
from service.attachments import rules, service
from service.attachments.models import Attachment
from service.attachments.schemas import AttachmentRead, AttachmentUpload
from service.security.authn import current_actor

blp = Blueprint("attachments", __name__, url_prefix="/api/v1", description="附件 Photos and PDFs of documents")

_FILE = "文件内容，类型为上传时识别出的类型 The file, as the type sniffed at upload"
_TYPES = sorted({kind.content_type for kind in rules.ACCEPTED})


def _created(attachment: Attachment, endpoint: str):
    return attachment, 201, {"Location": url_for(endpoint, attachment_id=attachment.id)}


def _download(attachment: Attachment, data: bytes) -> Response:
    response = http.attachment(attachment.filename, data, attachment.content_type)
    # The type was sniffed once, at upload; browsers must not guess another (e.g. HTML).
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blp.route("/attachments")
class ResidentAttachments(MethodView):
    @blp.doc(operationId="uploadAttachment", **links_to_reads("attachment_id", "downloadAttachment"))
    @blp.resident
    @blp.idempotent
    @blp.arguments(AttachmentUpload, location="files")
    @blp.response(201, AttachmentRead)
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    def post(self, files):
        """上传附件 Upload a photo or PDF of a document

        JPG, PNG, HEIC, WebP or PDF up to 10 MB, recognised by content: anything else answers
        415 `attachment_type`, a larger file 413, an empty one 422. The answer's `id` is what
        an application form refers to.
        """
        upload = files["file"]
        return _created(service.upload(current_actor(), upload.read(), upload.filename), ".ResidentAttachment")


@blp.route("/attachments/<int:attachment_id>")
class ResidentAttachment(MethodView):
    @blp.doc(operationId="downloadAttachment")
    @blp.resident
    @blp.download(_FILE, *_TYPES)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, attachment_id):
        """下载附件 Download one of your own uploads"""
        return _download(*service.read_for_resident(current_actor(), attachment_id))


@blp.route("/staff/attachments")
class StaffAttachments(MethodView):
    @blp.doc(operationId="staffUploadAttachment", **links_to_reads("attachment_id", "staffDownloadAttachment"))
    @blp.staff()
    @blp.idempotent
    @blp.arguments(AttachmentUpload, location="files")
    @blp.response(201, AttachmentRead)
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    def post(self, files):
        """上传附件（代办） Upload a document for a resident you file for

        Same rules as the residents' upload; recorded in the audit trail.
        """
        upload = files["file"]
        return _created(service.upload(current_actor(), upload.read(), upload.filename), ".StaffAttachment")


@blp.route("/staff/attachments/<int:attachment_id>")
class StaffAttachment(MethodView):
    @blp.doc(operationId="staffDownloadAttachment")
    @blp.staff()
    @blp.download(_FILE, *_TYPES)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, attachment_id):
        """下载附件 Download an attachment you may see (for now: your own uploads); audited"""
        return _download(*service.read_for_staff(current_actor(), attachment_id))
