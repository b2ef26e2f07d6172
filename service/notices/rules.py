"""Formal notices (文书): which paper, its number, what it says, and its fingerprint.

Pure: plain facts in, text out. Chinese administrative practice answers a resident in writing
at each decision — 受理、不予受理、补正（一次性告知）、准予或不予批准、办结 — and a paper that
refuses or rejects tells the resident how to challenge it: 行政复议 within 60 days of receipt
(《中华人民共和国行政复议法》第二十条, 2023 revision) or 行政诉讼 within 6 months
(《中华人民共和国行政诉讼法》第四十六条).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode

from service.clock import day_text

REVIEW_LAW = "《中华人民共和国行政复议法》第二十条"
LAWSUIT_LAW = "《中华人民共和国行政诉讼法》第四十六条"


class PaperKind(StrEnum):
    ACCEPTANCE = "acceptance"
    REFUSAL = "refusal"
    CORRECTION = "correction"
    APPROVAL = "approval"
    REJECTION = "rejection"
    COMPLETION = "completion"
    # 1.7: the county bureau's transfer of social assistance, to the destination township
    # (通知, same county) or the destination county's bureau (函, another county).
    TRANSFER_NOTICE = "transfer_notice"
    TRANSFER_LETTER = "transfer_letter"


PAPER_LABELS = {
    PaperKind.ACCEPTANCE: "受理通知书",
    PaperKind.REFUSAL: "不予受理决定书",
    PaperKind.CORRECTION: "补正材料通知书",
    PaperKind.APPROVAL: "准予批准决定书",
    PaperKind.REJECTION: "不予批准决定书",
    PaperKind.COMPLETION: "办结通知书",
    PaperKind.TRANSFER_NOTICE: "社会救助转移通知",
    PaperKind.TRANSFER_LETTER: "社会救助转移函",
}
# A paper's heading where it is not its label (公文 titles name the matter: 关于……的通知).
_TITLES = {
    PaperKind.TRANSFER_NOTICE: "关于转移社会救助对象的通知",
    PaperKind.TRANSFER_LETTER: "关于转移社会救助对象的函",
}
TRANSFER_PAPERS = (PaperKind.TRANSFER_NOTICE, PaperKind.TRANSFER_LETTER)
# The paper's own mark in its number (丰公户受〔2026〕15号).
_PAPER_MARKS = {
    PaperKind.ACCEPTANCE: "受",
    PaperKind.REFUSAL: "不受",
    PaperKind.CORRECTION: "补",
    PaperKind.APPROVAL: "准",
    PaperKind.REJECTION: "不准",
    PaperKind.COMPLETION: "结",
    PaperKind.TRANSFER_NOTICE: "转",
    PaperKind.TRANSFER_LETTER: "函",
}
# Papers that refuse the resident something, so they state the reason and the remedies.
_ADVERSE = (PaperKind.REFUSAL, PaperKind.REJECTION)

# The department's one-character mark, as its own documents are numbered (丰公… 丰民…).
_DEPARTMENT_MARKS = {
    "public_security": "公",
    "civil_affairs": "民",
    "hr_social_security": "人",
    "medical_insurance": "医",
    "agriculture_rural": "农",
    "organization": "组",
    "development_reform": "发",
    "culture_tourism": "文",
    "poverty_alleviation": "振",
    "township_worker": "镇",
    "community_worker": "社",
}
# The county department's name after the county's (丰都县 + 公安局).
_DEPARTMENT_NAMES = {
    "public_security": "公安局",
    "civil_affairs": "民政局",
    "hr_social_security": "人力资源和社会保障局",
    "medical_insurance": "医疗保障局",
    "agriculture_rural": "农业农村委员会",
    "organization": "委组织部",
    "development_reform": "发展和改革委员会",
    "culture_tourism": "文化和旅游发展委员会",
    "poverty_alleviation": "乡村振兴局",
}
_LOCAL_OFFICES = ("township_worker", "community_worker")


@dataclass(frozen=True)
class Series:
    """One run of numbers: an issuing office (county + role), the matter's and the paper's kind, a year."""

    county_code: str
    county_name: str
    role: str
    matter_mark: str
    paper: PaperKind
    year: int

    @property
    def key(self) -> str:
        return f"{self.county_code}:{self.role}:{self.matter_mark}:{self.paper.value}"

    def number(self, sequence: int) -> str:
        return notice_number(self.county_name, self.role, self.matter_mark, self.paper, self.year, sequence)


def notice_number(county_name: str, role: str, matter_mark: str, paper: PaperKind, year: int, sequence: int) -> str:
    """丰公户受〔2026〕15号: the county's first character, the department's mark, the matter's
    mark, the paper's mark, the year and the sequence — the shape of a 发文字号 (GB/T 9704)."""
    if sequence < 1:
        raise ValueError("notice numbers start at 1")
    return f"{county_name[:1]}{_DEPARTMENT_MARKS[role]}{matter_mark}{_PAPER_MARKS[paper]}〔{year}〕{sequence}号"


def office_name(role: str, county_name: str, local_name: str) -> str:
    """The issuing office as a paper names it: 丰都县公安局; a township's 人民政府 or a 街道's
    办事处; a community's 居民委员会 (`local_name` is the township's or community's name)."""
    if role == "township_worker":
        return local_name + ("办事处" if local_name.endswith("街道") else "人民政府")
    if role == "community_worker":
        return local_name + ("居民委员会" if local_name.endswith("社区") else "村民委员会")
    return county_name + _DEPARTMENT_NAMES[role]


def issued_by_local_office(role: str) -> bool:
    return role in _LOCAL_OFFICES


def remedies(county_name: str) -> str:
    """The resident's two ways to challenge a refusal: review by the county's people's government
    (which reviews its departments' and its townships' acts) or a lawsuit."""
    return (
        f"如不服本决定，可以自收到本决定书之日起六十日内向{county_name}人民政府申请行政复议（{REVIEW_LAW}），"
        f"也可以自收到本决定书之日起六个月内依法向人民法院提起行政诉讼（{LAWSUIT_LAW}）。"
    )


@dataclass(frozen=True)
class Transfer:
    """What a 1.7 transfer paper tells the receiving office: who, which assistance, from where to where."""

    person: str
    category_label: str  # 最低生活保障（低保）
    origin: str  # the township that paid so far
    destination: str  # the township the hukou moved to


@dataclass(frozen=True)
class PaperFacts:
    paper: PaperKind
    number: str
    addressee: str  # the applicant's name
    matter: str  # the kind's title: 户口迁移
    office: str
    county_name: str
    issued_on: date
    submitted_on: date
    due_on: date | None = None
    reason: str = ""
    missing_items: tuple[str, ...] = ()
    transfer: Transfer | None = None


def _transfer_paragraphs(paper: PaperKind, transfer: Transfer) -> list[str]:
    """渝民发〔2020〕10号 1.7: the receiving office takes over within the month, without a gap."""
    own = "通知" if paper == PaperKind.TRANSFER_NOTICE else "函"
    return [
        f"经{transfer.origin}上报，{transfer.person}户籍已迁往{transfer.destination}，本人申请将"
        f"{transfer.category_label}转移至户籍迁入地。根据《关于进一步做好易地扶贫搬迁后续扶持社会管理工作的"
        f"通知》（渝民发〔2020〕10号）第1.7条，请你单位自收到本{own}之日起"
        "接续办理，原则上在申请之日起1个月内完成。迁出地发放至迁入地接续当月，"
        "迁入地自次月起发放，确保救助金不断档。"
    ]


def content(facts: PaperFacts) -> dict[str, Any]:
    """What the paper says, kept as issued: the PDF is drawn from it and its hash proves it."""
    applied = f"你于{day_text(facts.submitted_on)}提出的{facts.matter}申请"
    paragraphs: list[str]
    items: list[str] = []
    if facts.paper in TRANSFER_PAPERS:
        if facts.transfer is None:
            raise ValueError("a transfer paper needs the transfer's facts")
        paragraphs = _transfer_paragraphs(facts.paper, facts.transfer)
    elif facts.paper == PaperKind.ACCEPTANCE:
        paragraphs = [f"{applied}，申请材料齐全、符合法定形式，本机关决定予以受理。"]
        if facts.due_on:
            paragraphs.append(f"本机关将于{day_text(facts.due_on)}前办结。办理进度可在“安居”小程序“我的办件”中查看。")
    elif facts.paper == PaperKind.CORRECTION:
        listed = [item.strip() for item in facts.missing_items if item.strip()]
        items = [f"{n}. {item}" for n, item in enumerate(listed, 1)]
        paragraphs = [
            f"{applied}，申请材料不齐全或者不符合法定形式。现一次性告知，请补正以下全部材料：",
            *items,
            "补正后请在“安居”小程序“我的办件”中重新提交；补正期间不计入办理期限。",
        ]
    elif facts.paper == PaperKind.APPROVAL:
        paragraphs = [f"{applied}，经审查，符合规定条件，本机关决定准予批准。"]
    elif facts.paper == PaperKind.COMPLETION:
        paragraphs = [f"{applied}已办理完结。"]
    else:
        decided = "不予受理" if facts.paper == PaperKind.REFUSAL else "不予批准"
        paragraphs = [f"{applied}，经审查，本机关决定{decided}。", f"理由：{facts.reason.strip()}"]
    return {
        "kind": facts.paper.value,
        "title": _TITLES.get(facts.paper, PAPER_LABELS[facts.paper]),
        "number": facts.number,
        "addressee": facts.addressee,
        "matter": facts.matter,
        "office": facts.office,
        "issued_on": facts.issued_on.isoformat(),
        "paragraphs": paragraphs,
        "reason": facts.reason.strip() if facts.paper in _ADVERSE else "",
        "missing_items": items,
        "remedies": remedies(facts.county_name) if facts.paper in _ADVERSE else "",
    }


def content_sha256(paper: dict[str, Any]) -> str:
    """SHA-256 of a canonical form (sorted keys, no spaces, UTF-8): the same words, the same hash."""
    canonical = json.dumps(paper, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def verification_url(public_base_url: str, number: str, sha256: str) -> str:
    """Where the QR code on the paper points: anyone holding it can ask whether it is genuine."""
    return f"{public_base_url.rstrip('/')}/api/v1/notices/verify?{urlencode({'number': number, 'hash': sha256})}"
