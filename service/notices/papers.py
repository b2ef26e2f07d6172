"""A notice's PDF, drawn from its stored content with reportlab.

The CJK font is embedded (reportlab subsets a TrueType font to the glyphs used), so the paper
reads the same on any phone; a PDF viewer without Chinese fonts shows nothing of a
non-embedded CID font. `invariant` drops the creation time and random id, so the same content
gives the same bytes. One render takes ~15 ms (bench/notices.py); loading the font ~0.2 s once
per process.
"""

from __future__ import annotations

import io
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table
from reportlab.platypus.flowables import Flowable

from service.clock import day_text

FONT = "AnjuCJK"


@cache
def font(path: Path) -> str:
    """Registers the TrueType font (the first face of a .ttc collection) once per process."""
    pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    return FONT


def _styles(name: str) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=name, fontSize=13, leading=24, firstLineIndent=26, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", fontName=name, fontSize=20, leading=30, alignment=1),
        "number": ParagraphStyle("number", fontName=name, fontSize=12, leading=20, alignment=1),
        "body": body,
        "item": ParagraphStyle("item", parent=body, firstLineIndent=0, leftIndent=26),
        "plain": ParagraphStyle("plain", parent=body, firstLineIndent=0),
        "right": ParagraphStyle("right", parent=body, firstLineIndent=0, alignment=2),
        "small": ParagraphStyle("small", fontName=name, fontSize=9, leading=13, wordWrap="CJK"),
    }


def _qr(url: str) -> Flowable:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=4, border=2)
    buffer.seek(0)
    return Image(buffer, width=28 * mm, height=28 * mm)


def render(content: dict[str, Any], verify_url: str, font_path: Path) -> bytes:
    styles = _styles(font(font_path))
    items = set(content["missing_items"])
    story: list[Flowable] = [
        Paragraph(escape(content["title"]), styles["title"]),
        Paragraph(escape(content["number"]), styles["number"]),
        Spacer(1, 8 * mm),
        Paragraph(f"{escape(content['addressee'])}：", styles["plain"]),
    ]
    story += [Paragraph(escape(p), styles["item" if p in items else "body"]) for p in content["paragraphs"]]
    if content["remedies"]:
        story.append(Paragraph(escape(content["remedies"]), styles["body"]))
    story += [
        Spacer(1, 14 * mm),
        Paragraph(escape(content["office"]), styles["right"]),
        Paragraph(escape(day_text(date.fromisoformat(content["issued_on"]))), styles["right"]),
        Spacer(1, 12 * mm),
        Table(
            [
                [
                    _qr(verify_url),
                    Paragraph("扫描二维码可核验本文书的真伪（核验只显示文书种类、出具机关和日期）。", styles["small"]),
                ]
            ],
            colWidths=(32 * mm, 110 * mm),
        ),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=30 * mm,
        title=content["title"],
        invariant=1,
    )
    doc.build(story)
    return buffer.getvalue()
