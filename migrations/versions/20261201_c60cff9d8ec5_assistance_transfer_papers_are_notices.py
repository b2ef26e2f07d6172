"""assistance transfer papers are notices: the 1.7 notice/letter moves into notices; its table goes

Each assistance_transfer_documents row becomes a notice of its case (kind transfer_notice or
transfer_letter) with the same number, its content snapshot and hash (the text the old PDF
drew, frozen here as issued) and no PDF yet (drawn on the first download). The number series
keep their counts under the shared numbering's keys, so the next paper takes the next number.

Revision ID: c60cff9d8ec5
Revises: 932511dedede
Create Date: 2026-12-01 23:00:00

"""

import hashlib
import json
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa
from alembic import op

import service.db

# revision identifiers, used by Alembic.
revision: str = "c60cff9d8ec5"
down_revision: str | Sequence[str] | None = "932511dedede"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLE_ARGS = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_unicode_ci", "mysql_engine": "InnoDB"}
_CHINA = timezone(timedelta(hours=8))
_PAPERS = {"notice": "transfer_notice", "letter": "transfer_letter"}
_TITLES = {"notice": "关于转移社会救助对象的通知", "letter": "关于转移社会救助对象的函"}
_CATEGORIES = {"dibao": "最低生活保障（低保）", "tekun": "特困人员救助供养（特困）"}

documents = sa.table(
    "assistance_transfer_documents",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("issuing_county_code", sa.String),
    sa.column("year", sa.Integer),
    sa.column("sequence", sa.Integer),
    sa.column("number", sa.String),
    sa.column("issued_on", sa.Date),
    sa.column("addressee", sa.String),
)
transfers = sa.table(
    "assistance_transfers",
    sa.column("case_id", sa.Integer),
    sa.column("member_id", sa.Integer),
    sa.column("category", sa.String),
    sa.column("origin_township_code", sa.String),
    sa.column("destination_township_code", sa.String),
)
members = sa.table("members", sa.column("id", sa.Integer), sa.column("name", sa.String))
regions = sa.table("regions", sa.column("code", sa.String), sa.column("name", sa.String))
notices = sa.table(
    "notices",
    sa.column("id", sa.Integer),
    sa.column("case_id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("series", sa.String),
    sa.column("year", sa.Integer),
    sa.column("sequence", sa.Integer),
    sa.column("number", sa.String),
    sa.column("issued_at", service.db.UTCDateTime()),
    sa.column("content", sa.JSON),
    sa.column("content_sha256", sa.String),
)
series = sa.table("number_series", sa.column("series", sa.String), sa.column("year", sa.Integer))


def _content(kind: str, number: str, addressee: str, office: str, issued_on: date, facts: dict[str, str]) -> dict:
    """What service.notices.rules.content says for a transfer paper (frozen as of this revision)."""
    own = "通知" if kind == "notice" else "函"
    body = (
        f"经{facts['origin']}上报，{facts['person']}户籍已迁往{facts['destination']}，本人申请将"
        f"{facts['category_label']}转移至户籍迁入地。根据《关于进一步做好易地扶贫搬迁后续扶持社会管理工作的"
        f"通知》（渝民发〔2020〕10号）第1.7条，请你单位自收到本{own}之日起"
        "接续办理，原则上在申请之日起1个月内完成。迁出地发放至迁入地接续当月，"
        "迁入地自次月起发放，确保救助金不断档。"
    )
    return {
        "kind": _PAPERS[kind],
        "title": _TITLES[kind],
        "number": number,
        "addressee": addressee,
        "matter": "低保特困转移",
        "office": office,
        "issued_on": issued_on.isoformat(),
        "paragraphs": [body],
        "reason": "",
        "missing_items": [],
        "remedies": "",
    }


def _sha256(content: dict) -> str:
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _new_key(county: str, kind: str) -> str:
    return f"{county}:civil_affairs:救:{_PAPERS[kind]}"


def upgrade() -> None:
    bind = op.get_bind()
    rows = (
        bind.execute(
            sa.select(
                documents,
                transfers.c.member_id,
                transfers.c.category,
                transfers.c.origin_township_code,
                transfers.c.destination_township_code,
            )
            .join(transfers, transfers.c.case_id == documents.c.case_id)
            .order_by(documents.c.id)
        )
        .mappings()
        .all()
    )
    if rows:
        codes = {
            r[c] for r in rows for c in ("issuing_county_code", "origin_township_code", "destination_township_code")
        }
        names = dict(bind.execute(sa.select(regions.c.code, regions.c.name).where(regions.c.code.in_(codes))).all())
        people = dict(
            bind.execute(
                sa.select(members.c.id, members.c.name).where(members.c.id.in_({r["member_id"] for r in rows}))
            ).all()
        )
        issued = []
        for r in rows:
            content = _content(
                r["kind"],
                r["number"],
                r["addressee"],
                names[r["issuing_county_code"]] + "民政局",
                r["issued_on"],
                {
                    "person": people[r["member_id"]],
                    "category_label": _CATEGORIES[r["category"]],
                    "origin": names[r["origin_township_code"]],
                    "destination": names[r["destination_township_code"]],
                },
            )
            issued.append(
                {
                    "case_id": r["case_id"],
                    "kind": _PAPERS[r["kind"]],
                    "series": _new_key(r["issuing_county_code"], r["kind"]),
                    "year": r["year"],
                    "sequence": r["sequence"],
                    "number": r["number"],
                    # Only the day was kept: noon in China keeps it the same day everywhere.
                    "issued_at": datetime.combine(r["issued_on"], time(12), _CHINA),
                    "content": content,
                    "content_sha256": _sha256(content),
                }
            )
        op.bulk_insert(notices, issued)
    for kind in _PAPERS:
        old = f"assistance:%:{kind}"
        for (key,) in bind.execute(sa.select(series.c.series).where(series.c.series.like(old)).distinct()).all():
            county = key.split(":")[1]
            bind.execute(series.update().where(series.c.series == key).values(series=_new_key(county, kind)))
    op.drop_table("assistance_transfer_documents")


def downgrade() -> None:
    op.create_table(
        "assistance_transfer_documents",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("issuing_county_code", sa.String(length=12), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("addressee", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_assistance_transfer_documents_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["issuing_county_code"],
            ["regions.code"],
            name=op.f("fk_assistance_transfer_documents_issuing_county_code_regions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assistance_transfer_documents")),
        sa.UniqueConstraint("case_id", name=op.f("uq_assistance_transfer_documents_case_id")),
        sa.UniqueConstraint(
            "issuing_county_code",
            "kind",
            "year",
            "sequence",
            name=op.f("uq_assistance_transfer_documents_issuing_county_code_kind_year_sequence"),
        ),
        **_TABLE_ARGS,
    )
    bind = op.get_bind()
    kinds = {paper: kind for kind, paper in _PAPERS.items()}
    rows = (
        bind.execute(sa.select(notices).where(notices.c.kind.in_(list(kinds))).order_by(notices.c.id)).mappings().all()
    )
    if rows:
        op.bulk_insert(
            documents,
            [
                {
                    "case_id": r["case_id"],
                    "kind": kinds[r["kind"]],
                    "issuing_county_code": r["series"].split(":")[0],
                    "year": r["year"],
                    "sequence": r["sequence"],
                    "number": r["number"],
                    "issued_on": r["issued_at"].astimezone(_CHINA).date(),
                    "addressee": r["content"]["addressee"],
                }
                for r in rows
            ],
        )
        bind.execute(notices.delete().where(notices.c.kind.in_(list(kinds))))
    for kind, paper in _PAPERS.items():
        for (key,) in bind.execute(
            sa.select(series.c.series).where(series.c.series.like(f"%:{paper}")).distinct()
        ).all():
            county = key.split(":")[0]
            bind.execute(series.update().where(series.c.series == key).values(series=f"assistance:{county}:{kind}"))
