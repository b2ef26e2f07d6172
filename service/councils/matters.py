"""Matters residents bring to their community's councils (policy 2.3): raise, read, support, rate."""

from __future__ import annotations

from typing import Any

from service import db
from service.cases.models import Case
from service.councils import rules
from service.councils.models import CouncilMatter


def case_details(case: Case) -> dict[str, Any]:
    row = db.session().get_one(CouncilMatter, case.id)
    return {
        "council_id": str(row.council_id),
        "category": row.category,
        "category_label": rules.CATEGORY_LABELS[rules.Category(row.category)],
        "title": row.title,
        "text": row.text,
        "public": row.public,
        "visibility": row.visibility,
        "visibility_label": rules.VISIBILITY_LABELS[rules.Visibility(row.visibility)],
        "support_count": row.support_count,
        "meeting_id": str(row.meeting_id) if row.meeting_id else None,
        "awaiting_meeting": row.awaiting_meeting,
        "answer": row.answer,
        "reopened": row.reopened,
        "rating": row.rating,
    }
