"""Problem codes of attachments (see service/errors.py for the shared table)."""

from __future__ import annotations

from service.errors import Problem, register

register(Problem("attachment_type", 415, "只能上传 JPG、PNG、HEIC、WebP 照片或 PDF 文件"))
