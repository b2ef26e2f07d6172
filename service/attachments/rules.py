"""What an uploaded file is, decided from its bytes; and the name it may be shown under.

The client's file name and Content-Type are not trusted: an .exe renamed .jpg or an HTML page
sent as image/png would otherwise be stored, and later served, as something it is not.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Enough bytes to tell every accepted kind apart.
SNIFF_BYTES = 12


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str


JPEG = FileKind("image/jpeg", ".jpg")
PNG = FileKind("image/png", ".png")
PDF = FileKind("application/pdf", ".pdf")
WEBP = FileKind("image/webp", ".webp")
HEIC = FileKind("image/heic", ".heic")
HEIF = FileKind("image/heif", ".heif")
ACCEPTED = (JPEG, PNG, PDF, WEBP, HEIC, HEIF)
IMAGES = frozenset(kind.content_type for kind in (JPEG, PNG, WEBP, HEIC, HEIF))

# Major brands of an ISO-BMFF `ftyp` box: iPhones write heic; mif1 is generic HEIF.
_HEIF_BRANDS = {b"heic": HEIC, b"heix": HEIC, b"mif1": HEIF}

# Characters a file name must not carry into a download dialog: path and shell separators
# that Windows refuses, and quotes that would end a header parameter.
_FORBIDDEN = set('"\\/:*?<>|')
_MAX_STEM = 100


def sniff(head: bytes) -> FileKind | None:
    """The kind of a file from its first `SNIFF_BYTES` bytes, or None when it is none we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"%PDF-"):
        return PDF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp":
        return _HEIF_BRANDS.get(head[8:12])
    return None


def display_name(client_name: str | None, kind: FileKind) -> str:
    """The client's name made safe to show and to offer on download, with the sniffed extension.

    Display only: storage never sees it. Control and bidi characters go (U+202E can make
    "gpj.exe" read as "exe.jpg"), so does any directory part; an empty result becomes 附件.
    """
    name = unicodedata.normalize("NFC", client_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    kept = "".join(ch for ch in stem if ch not in _FORBIDDEN and not unicodedata.category(ch).startswith("C"))
    return f"{kept.strip(' .')[:_MAX_STEM].strip(' .') or '附件'}{kind.extension}"
