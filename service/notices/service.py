"""Issuing, listing, printing and verifying notices. Callers (the case engine, a kind's step)
give plain facts; scope is theirs to check before they ask for a case's notices."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from typing import Any

from sqlalchemy import Row, bindparam, select

from service import clock, db, settings
from service.errors import ApiError
from service.notices import numbering, papers
from service.notices.models import Notice
from service.notices.rules import (
    PAPER_LABELS,
    PaperFacts,
    PaperKind,
    Series,
    Transfer,
    content,
    content_sha256,
    issued_by_local_office,
    office_name,
    verification_url,
)
from service.regions.service import region_names

# `db.note_written` topic: the cases this transaction issued notices for.
ISSUED = "notices.issued"


def issue(
    case_id: int,
    paper: PaperKind,
    *,
    region_code: str,
    role: str,
    matter: str,
    matter_mark: str,
    addressee: str,
    submitted_on: date,
    due_on: date | None = None,
    reason: str = "",
    missing_items: tuple[str, ...] = (),
    transfer: Transfer | None = None,
) -> Notice:
    """Number and keep the paper the office at `region_code` (as `role`) gives the applicant now,
    in the caller's transaction. No PDF yet: it is drawn on the first download."""
    county_code = region_code[:6]
    names = region_names({county_code, region_code})
    today = clock.today()
    series = Series(county_code, names[county_code], role, matter_mark, paper, today.year)
    sequence = numbering.next_sequence(series.key, today.year)
    local = names.get(region_code, "") if issued_by_local_office(role) else ""
    said = content(
        PaperFacts(
            paper=paper,
            number=series.number(sequence),
            addressee=addressee,
            matter=matter,
            office=office_name(role, names[county_code], local),
            county_name=names[county_code],
            issued_on=today,
            submitted_on=submitted_on,
            due_on=due_on,
            reason=reason,
            missing_items=missing_items,
            transfer=transfer,
        )
    )
    notice = Notice(
        case_id=case_id,
        kind=paper.value,
        series=series.key,
        year=today.year,
        sequence=sequence,
        number=said["number"],
        issued_at=clock.now(),
        content=said,
        content_sha256=content_sha256(said),
    )
    db.session().add(notice)
    db.note_written(ISSUED, case_id)
    return notice


# What a case view lists of each notice, built once: a view reads plain rows, not the notices'
# content or entities.
_OF_CASE = (
    select(Notice.id, Notice.kind, Notice.number, Notice.issued_at)
    .where(Notice.case_id == bindparam("case_id"))
    .order_by(Notice.id)
)


def of_case(case_id: int) -> list[Row[Any]]:
    """The case's notices as `listed` reads them, oldest first."""
    return list(db.session().execute(_OF_CASE, {"case_id": case_id}))


def listed(notice: Row[Any]) -> dict[str, Any]:
    return {
        "id": notice.id,
        "kind": notice.kind,
        "label": PAPER_LABELS[PaperKind(notice.kind)],
        "number": notice.number,
        "issued_at": notice.issued_at,
    }


def pdf(case_id: int, notice_id: int) -> tuple[str, bytes]:
    """(file name, PDF) of one notice of the case: drawn and kept on the first call, so every
    later print returns the same bytes."""
    notice = db.session().scalar(select(Notice).where(Notice.id == notice_id, Notice.case_id == case_id))
    if notice is None:
        raise ApiError("not_found", "找不到该文书")
    if notice.pdf is None:
        current = settings.current()
        url = verification_url(current.public_base_url, notice.number, notice.content_sha256)
        notice.pdf = papers.render(notice.content, url, current.notice_font)
        notice.pdf_sha256 = hashlib.sha256(notice.pdf).hexdigest()
        db.session().flush()
    return f"{notice.number}.pdf", notice.pdf


def verify(number: str, sha256: str) -> dict[str, Any]:
    """Whether a paper with this number and content hash was issued here. A genuine paper is
    answered with what its face already shows publicly (kind, office, date); an unknown number
    and a wrong hash get the same answer, so neither numbers nor names can be fished for."""
    notice = db.session().scalar(select(Notice).where(Notice.number == number.strip()))
    if notice is None or not hmac.compare_digest(notice.content_sha256.encode(), sha256.strip().lower().encode()):
        return {"genuine": False, "label": None, "office": None, "issued_on": None}
    return {
        "genuine": True,
        "label": PAPER_LABELS[PaperKind(notice.kind)],
        "office": notice.content["office"],
        "issued_on": date.fromisoformat(notice.content["issued_on"]),
    }
