"""Who is calling: a resident (own household only) or a staff member (grants by region).

A grant covers every region code that starts with its prefix (service/regions/rules.py explains
the codes). Prefixes are compared here directly: security sits below regions, whose routes and
scoped queries build on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from service.security.permissions import ROLE_PERMISSIONS, Permission, Role


@dataclass(frozen=True)
class Grant:
    role: Role
    region_prefix: str


class _Caller:
    kind: ClassVar[str]
    id: int

    @property
    def owner(self) -> str:
        """Who keeps something per caller (idempotency keys, uploads, rate limits): staff and
        resident ids are numbered apart, so the kind keeps staff 7 and account 7 apart."""
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class StaffActor(_Caller):
    staff_id: int
    username: str
    grants: tuple[Grant, ...]
    must_change_password: bool = False

    kind: ClassVar[str] = "staff"

    @classmethod
    def stored(
        cls, staff_id: int, username: str, grants: Iterable[tuple[str, str]], must_change_password: bool
    ) -> StaffActor:
        """The actor from an account as stored: grants as (role, region prefix) column values, in
        the order they were given. Authentication builds it from one joined row per grant, other
        code from the model (staff.models.actor_of); both through here."""
        return cls(
            staff_id=staff_id,
            username=username,
            grants=tuple(Grant(Role(role), prefix) for role, prefix in grants),
            must_change_password=must_change_password,
        )

    def prefixes_for(self, permission: Permission) -> list[str]:
        """Region prefixes in which this person holds `permission`, narrowest duplicates removed."""
        prefixes = sorted({g.region_prefix for g in self.grants if permission in ROLE_PERMISSIONS[g.role]}, key=len)
        return [p for i, p in enumerate(prefixes) if not any(p.startswith(q) for q in prefixes[:i])]

    def can(self, permission: Permission, region_code: str | None = None) -> bool:
        prefixes = self.prefixes_for(permission)
        if region_code is None:
            return bool(prefixes)
        return any(region_code.startswith(prefix) for prefix in prefixes)

    def roles_in(self, region_code: str) -> set[Role]:
        return {g.role for g in self.grants if region_code.startswith(g.region_prefix)}

    @property
    def primary_role(self) -> str:
        return self.grants[0].role.value if self.grants else ""

    @property
    def id(self) -> int:
        return self.staff_id


@dataclass(frozen=True)
class ResidentActor(_Caller):
    account_id: int
    member_id: int | None
    household_id: int | None

    kind: ClassVar[str] = "resident"

    @property
    def id(self) -> int:
        """The account, not the member: an account acts before it is bound to a member."""
        return self.account_id


@dataclass(frozen=True)
class SystemActor(_Caller):
    """The service acting by a rule (enough supports put a matter on the agenda): never built
    from a request, so no endpoint can act as it."""

    reason: str

    kind: ClassVar[str] = "system"

    @property
    def id(self) -> int | None:  # type: ignore[override]
        return None
