"""Register columns that cases write back on completion, and the record that they did.

A completed case is the authority on what it decided: public security moved the hukou
(policy 1.1), the collective voted the person in (policy 1.3). Districts keep re-importing
their spreadsheets, typed up from older papers, so the register remembers which columns a
case set and an import leaves those alone (registry/imports.py, rules.keep_case_results).
"""

from __future__ import annotations

from service import db
from service.registry.models import CaseOwnedField, Member

HUKOU_PLACE = "hukou_region_code"
COLLECTIVE_MEMBERSHIP = "collective_membership"
# Each Member column a case may own, and the import-file column that would otherwise write it.
FILE_COLUMN = {HUKOU_PLACE: "hukou_region_code", COLLECTIVE_MEMBERSHIP: "collective"}


def write(member: Member, field: str, value: str, case_id: int) -> None:
    """Set `member.<field>` as the case decided, and remember that the case owns it now."""
    if field not in FILE_COLUMN:
        raise ValueError(f"{field!r} is not a column a case writes back")
    setattr(member, field, value)
    session = db.session()
    owned = session.get(CaseOwnedField, (member.id, field))
    if owned is None:
        session.add(CaseOwnedField(member_id=member.id, field=field, case_id=case_id))
    else:
        owned.case_id = case_id
