"""The hukou-move detail of a case (policy 1.1): the mode, where the hukou goes, who moves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.db import ID, MYSQL_TABLE_ARGS, Base, KeptUntilCommit

if TYPE_CHECKING:
    from service.regions.models import Region
    from service.registry.models import Member


class HukouMove(Base, KeptUntilCommit):
    """One row per hukou-move case; the case engine owns status, clock and timeline."""

    __tablename__ = "hukou_moves"
    __table_args__ = (MYSQL_TABLE_ARGS,)

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True, autoincrement=False)
    mode: Mapped[str] = mapped_column(String(24))
    # Where the hukou is registered once the move completes: a village or community (modes a
    # and b) or a township (mode c), and the address written to the register with it.
    target_region_code: Mapped[str] = mapped_column(String(12), ForeignKey("regions.code"))
    address: Mapped[str] = mapped_column(String(200))
    # (a) village group: the village's code and its villagers' group (村民小组, e.g. "3组").
    village_group_code: Mapped[str | None] = mapped_column(String(12), ForeignKey("regions.code"))
    village_group: Mapped[str | None] = mapped_column(String(20))
    # (b) site address: 路街巷 + 楼栋 + 门牌号, kept apart as the clause names them.
    road: Mapped[str | None] = mapped_column(String(60))
    building: Mapped[str | None] = mapped_column(String(30))
    door: Mapped[str | None] = mapped_column(String(30))
    # (c) collective household: the destination township (9 digits).
    township_code: Mapped[str | None] = mapped_column(String(12), ForeignKey("regions.code"))

    target: Mapped[Region] = relationship(foreign_keys=[target_region_code])
    members: Mapped[list[HukouMoveMember]] = relationship(order_by="HukouMoveMember.member_id")


class HukouMoveMember(Base, KeptUntilCommit):
    """A member moving with the case.

    `open_member_id` equals `member_id` while the case is open and is cleared when it closes
    (workflow.py's on_close). Its unique index is the database's guarantee of one open move
    per member; NULLs do not collide, so closed moves pile up freely.
    """

    __tablename__ = "hukou_move_members"
    __table_args__ = (
        CheckConstraint("open_member_id IS NULL OR open_member_id = member_id", name="open_is_member"),
        MYSQL_TABLE_ARGS,
    )

    case_id: Mapped[int] = mapped_column(ForeignKey("hukou_moves.case_id"), primary_key=True, autoincrement=False)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True, index=True)
    open_member_id: Mapped[int | None] = mapped_column(ID, unique=True)
    # Where the member's hukou was when the move was asked for: pension (1.5), medical
    # insurance (1.6) and assistance (1.7) decide by how far it moved.
    from_region_code: Mapped[str | None] = mapped_column(String(12), ForeignKey("regions.code"))

    # Loaded with the rows: whoever reads who moves reads their names.
    member: Mapped[Member] = relationship(foreign_keys=[member_id], lazy="joined")
