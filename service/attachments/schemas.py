from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload

from service.schema import BaseSchema


class AttachmentUpload(ma.Schema):
    # Not BaseSchema: a multipart form may carry fields the client adds on its own.
    file = Upload(
        required=True,
        metadata={
            "description": "照片（JPG、PNG、HEIC、WebP）或 PDF，不超过 10 MB。The type is read from the "
            "file's content; its name and declared type are not trusted."
        },
    )


class AttachmentRead(BaseSchema):
    id = ma.fields.String()
    content_type = ma.fields.String(metadata={"description": "识别出的文件类型 Sniffed from the content"})
    size = ma.fields.Integer(metadata={"description": "字节数 Bytes"})
    sha256 = ma.fields.String(metadata={"description": "内容的 SHA-256（十六进制）"})
    filename = ma.fields.String(metadata={"description": "显示用文件名（已清理，扩展名按实际类型）"})
    created_at = ma.fields.DateTime()
