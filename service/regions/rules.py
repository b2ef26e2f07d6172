"""Administrative-division codes (GB/T 2260 districts, statistical codes below them).

Codes are stored in their significant-digit form so that a scope is a plain prefix:
"50" Chongqing, "500230" 丰都县 (county), "500230109" 三建乡 (township),
"500230109201" 绿春坝村 (village or community). A staff grant on "500230" therefore
covers every township, village and household under 丰都县.
"""

from __future__ import annotations

LEVELS = {2: "province", 6: "county", 9: "township", 12: "village"}
_PARENT_LENGTH = {6: 2, 9: 6, 12: 9}


def level_of(code: str) -> str:
    """The level a code names; raises ValueError for anything that is not a region code."""
    if not code.isdigit() or len(code) not in LEVELS:
        raise ValueError(f"不是有效的行政区划代码：{code!r}")
    return LEVELS[len(code)]


def parent_of(code: str) -> str | None:
    level_of(code)
    length = _PARENT_LENGTH.get(len(code))
    return code[:length] if length else None


def is_valid_prefix(prefix: str) -> bool:
    """A scope prefix is a region code; digits only, so it is safe inside LIKE."""
    return prefix.isdigit() and len(prefix) in LEVELS


def covers(prefix: str, code: str) -> bool:
    return code.startswith(prefix)


def with_ancestors(code: str) -> set[str]:
    """The code and the county and township above it: every office region that can cover it."""
    return {code[:n] for n in (6, 9, 12) if n <= len(code)}
