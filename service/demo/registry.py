"""The demo register: nine households relocated within 丰都, 酉阳, 彭水 and 城口 and one from
酉阳 to 丰都, loaded through the same import as a staff upload."""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.registry.imports import Uploader, import_register
from service.settings import PROJECT_ROOT

LABEL = "register"
# In the demo townships of regions.py.
DEMO_REGISTER = PROJECT_ROOT / "service" / "registry" / "data" / "demo_register.csv"
# The seed is a system job: it imports with the whole municipality as its area.
DEMO_UPLOADER = Uploader.system("demo-seed", ("50",))


def seed(session: Session) -> str:
    # The file's hash makes a second seed a no-op: the earlier batch comes back, nothing is written.
    register = import_register(session, DEMO_REGISTER.read_bytes(), DEMO_REGISTER.name, DEMO_UPLOADER)
    batch = register.batch
    if not register.created:
        return "already imported"
    return f"{batch.households_created} households and {batch.members_created} members imported"
