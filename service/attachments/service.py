"""Uploading and reading attachments. Who may read one is decided here, in one place."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app
from sqlalchemy import Row, bindparam, select

from service import db, settings
from service.attachments import rules
from service.attachments.models import Attachment
from service.attachments.storage import FilesystemStorage, Storage
from service.audit.service import record
from service.errors import ApiError
from service.security.actors import ResidentActor, StaffActor

_MB = 1024 * 1024


def storage() -> Storage:
    """The app's store: files under settings.upload_dir unless the app was given another."""
    return current_app.extensions.setdefault("anju.storage", FilesystemStorage(settings.current().upload_dir))


def upload(actor: ResidentActor | StaffActor, data: bytes, client_name: str | None) -> Attachment:
    if not data:
        raise ApiError("validation_failed", "文件是空的", errors={"file": ["文件是空的，请重新选择"]})
    limit = settings.current().max_upload_bytes
    if len(data) > limit:
        raise ApiError("payload_too_large", f"文件不能超过 {limit // _MB} MB，请压缩后再传")
    kind = rules.sniff(data[: rules.SNIFF_BYTES])
    if kind is None:
        raise ApiError("attachment_type", "只能上传 JPG、PNG、HEIC、WebP 照片或 PDF 文件，请重新选择")
    attachment = Attachment(
        owner_kind=actor.kind,
        owner_id=actor.id,
        content_type=kind.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_key=storage().save(data),
        filename=rules.display_name(client_name, kind),
    )
    db.session().add(attachment)
    db.session().flush()
    if isinstance(actor, StaffActor):
        _audit("attachment.uploaded", actor, attachment)
    return attachment


def may_read(actor: ResidentActor | StaffActor, attachment: Attachment) -> bool:
    """The uploader, and whoever may see the case the attachment belongs to (its applicant,
    the staff whose role and region cover it).

    Who may see a case is the case engine's to say, and cases build on attachments, not the
    other way round: the engine's predicate reaches us through the app (service/domains.py).
    """
    if attachment.uploaded_by(actor):
        return True
    return attachment.case_id is not None and current_app.extensions["anju.case_visible"](actor, attachment.case_id)


def own_unattached(
    actor: ResidentActor | StaffActor, attachment_id: int, field: str, *, image: bool = False
) -> Attachment:
    """The actor's own upload, not yet part of any case, for the request field `field`; with
    `image`, only a photo will do (e.g. of a notice on the village board, not a PDF)."""
    attachment = db.session().get(Attachment, attachment_id)
    if attachment is None or not attachment.uploaded_by(actor) or attachment.case_id is not None:
        raise ApiError(
            "validation_failed",
            "附件有误，请按提示修改",
            errors={field: ["找不到该附件，或已用于其他申请，请重新上传"]},
        )
    if image and attachment.content_type not in rules.IMAGES:
        raise ApiError(
            "validation_failed",
            "附件有误，请按提示修改",
            errors={field: ["这里须上传照片（JPG、PNG、HEIC 或 WebP），不能是 PDF 文件"]},
        )
    return attachment


# `db.note_written` topic: the cases this transaction linked attachments to.
LINKED = "attachments.linked"


def link_to_case(actor: ResidentActor | StaffActor, attachment_ids: list[int], case_id: int) -> None:
    """Attach the actor's own, still unattached uploads to case `case_id` (the papers of an application)."""
    if not attachment_ids:
        return
    rows = db.session().scalars(select(Attachment).where(Attachment.id.in_(attachment_ids)).with_for_update())
    usable = {a.id: a for a in rows if a.uploaded_by(actor) and a.case_id in (None, case_id)}
    errors = {
        f"attachment_ids.{i}": ["找不到该附件，或已用于其他申请，请重新上传"]
        for i, attachment_id in enumerate(attachment_ids)
        if attachment_id not in usable
    }
    if errors:
        raise ApiError("validation_failed", "附件有误，请按提示修改", errors=errors)
    for attachment in usable.values():
        attachment.case_id = case_id
    db.session().flush()
    db.note_written(LINKED, case_id)


# What a case view lists of each attachment, built once: a view reads plain rows, no entities.
_OF_CASE = (
    select(Attachment.id, Attachment.content_type, Attachment.filename, Attachment.size, Attachment.created_at)
    .where(Attachment.case_id == bindparam("case_id"))
    .order_by(Attachment.id)
)


def of_case(case_id: int) -> list[Row[Any]]:
    """The case's attachments as a view lists them (id, type, name, size, when), oldest first."""
    return list(db.session().execute(_OF_CASE, {"case_id": case_id}))


def read_for_resident(actor: ResidentActor, attachment_id: int) -> tuple[Attachment, bytes]:
    attachment = db.session().get(Attachment, attachment_id)
    if attachment is None or not may_read(actor, attachment):
        raise _not_found()
    return attachment, storage().open(attachment.storage_key)


def read_for_staff(actor: StaffActor, attachment_id: int) -> tuple[Attachment, bytes]:
    attachment = db.session().get(Attachment, attachment_id)
    # Someone else's attachment answers exactly like a missing one: existence does not leak.
    if attachment is None or not may_read(actor, attachment):
        raise _not_found()
    # Residents' documents (ID cards, certificates) are personal data: every staff read is kept.
    _audit("attachment.read", actor, attachment)
    return attachment, storage().open(attachment.storage_key)


def _not_found() -> ApiError:
    return ApiError("not_found", "找不到该附件")


def _audit(action: str, actor: StaffActor, attachment: Attachment) -> None:
    detail = {"content_type": attachment.content_type, "size": attachment.size, "case_id": attachment.case_id}
    record(action, target_type="attachment", target_id=attachment.id, detail=detail, actor=actor)
