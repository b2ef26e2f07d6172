"""The bureau's transfer notice (通知) or letter (函) as a PDF.

reportlab's built-in `STSong-Light` CID font renders Chinese with no font file to ship: PDF
readers supply the Adobe-GB1 glyphs themselves.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from service import clock

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
_TITLE = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=28, alignment=1)
_NUMBER = ParagraphStyle("number", fontName=FONT, fontSize=12, leading=20, alignment=1)
_BODY = ParagraphStyle("body", fontName=FONT, fontSize=13, leading=24, firstLineIndent=26, wordWrap="CJK")
_PLAIN = ParagraphStyle("plain", parent=_BODY, firstLineIndent=0)
_RIGHT = ParagraphStyle("right", parent=_PLAIN, alignment=2)


@dataclass(frozen=True)
class Paper:
    title: str  # 关于……的通知 / 函
    number: str
    addressee: str
    issuer: str  # 丰都县民政局
    issued_on: date
    person: str
    category_label: str
    origin: str
    destination: str


def render(paper: Paper) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm)
    body = (
        f"经{paper.origin}上报，{paper.person}户籍已迁往{paper.destination}，本人申请将"
        f"{paper.category_label}转移至户籍迁入地。根据《关于进一步做好易地扶贫搬迁后续扶持社会管理工作的"
        f"通知》（渝民发〔2020〕10号）第1.7条，请你单位自收到本{'通知' if '通知' in paper.title else '函'}之日起"
        f"接续办理，原则上在申请之日起1个月内完成。迁出地发放至迁入地接续当月，"
        "迁入地自次月起发放，确保救助金不断档。"
    )
    story = [
        Paragraph(paper.title, _TITLE),
        Paragraph(paper.number, _NUMBER),
        Spacer(1, 8 * mm),
        Paragraph(f"{paper.addressee}：", _PLAIN),
        Paragraph(body, _BODY),
        Spacer(1, 16 * mm),
        Paragraph(paper.issuer, _RIGHT),
        Paragraph(clock.day_text(paper.issued_on), _RIGHT),
    ]
    doc.build(story)
    return buffer.getvalue()
