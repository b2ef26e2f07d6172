"""Every JSON answer the tests provoke is compared with the bytes Flask's own provider writes.

The app writes answers with orjson (service.json_provider); the suite's thousands of real
answers, across every domain, are the corpus that proves the switch changed no byte.
"""

from __future__ import annotations

import pytest

from service.json_provider import AnjuJSONProvider, OrjsonProvider


def watch_json_bytes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Patch answer writing for one test; returns the answers whose bytes differ."""
    differing: list[str] = []
    fast = OrjsonProvider.response

    def compared(self: OrjsonProvider, *args, **kwargs):
        response = fast(self, *args, **kwargs)
        reference = AnjuJSONProvider.response(self, *args, **kwargs)
        if response.get_data() != reference.get_data():
            differing.append(f"{reference.get_data()[:200]!r} written as {response.get_data()[:200]!r}")
        return response

    monkeypatch.setattr(OrjsonProvider, "response", compared)
    return differing
