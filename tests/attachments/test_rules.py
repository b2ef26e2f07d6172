"""Telling file kinds apart by their bytes, and the names files are shown under."""

from __future__ import annotations

import pytest

from service.attachments import rules
from tests.attachments.conftest import HEIC, JPEG, PDF, PNG, WEBP


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (JPEG, rules.JPEG),
        (PNG, rules.PNG),
        (PDF, rules.PDF),
        (WEBP, rules.WEBP),
        (HEIC, rules.HEIC),
        (b"\x00\x00\x00\x1cftypmif1\x00\x00\x00\x00", rules.HEIF),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00", None),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00", None),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
        (b"MZ\x90\x00", None),
        (b"<!DOCTYPE html>", None),
        (b" %PDF-1.4", None),
        (b"\xff\xd8", None),
        (b"", None),
    ],
)
def test_sniff_reads_the_magic_bytes(head, kind):
    assert rules.sniff(head[: rules.SNIFF_BYTES]) == kind


@pytest.mark.parametrize(
    ("client_name", "shown"),
    [
        ("身份证正面.jpg", "身份证正面.jpg"),
        ("IMG_0001.PNG", "IMG_0001.jpg"),
        ("C:\\Users\\张\\Desktop\\户口本.jpeg", "户口本.jpg"),
        ("../../etc/passwd", "passwd.jpg"),
        ("report.pdf.exe", "report.pdf.jpg"),
        ("invoice\u202egpj.exe", "invoicegpj.jpg"),
        ('a"b<c>d|e*f?.jpg', "abcdef.jpg"),
        ("line\r\nbreak.jpg", "linebreak.jpg"),
        (".hidden", "hidden.jpg"),
        ("...", "附件.jpg"),
        ("", "附件.jpg"),
        (None, "附件.jpg"),
        ("长" * 300 + ".jpg", "长" * 100 + ".jpg"),
    ],
)
def test_display_name_is_safe_and_carries_the_sniffed_extension(client_name, shown):
    assert rules.display_name(client_name, rules.JPEG) == shown
