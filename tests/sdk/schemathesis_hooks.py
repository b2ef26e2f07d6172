"""schemathesis hooks for `make test-sdk` (loaded through SCHEMATHESIS_HOOKS).

A client sends a fresh Idempotency-Key with every new submission. schemathesis draws keys from
the header's pattern and sometimes draws one twice for two different bodies, which the server
rightly refuses (422 `idempotency_key_reused`). Each valid key it draws is therefore made
unique; malformed ones are left as drawn, so refusing them is still tested.
"""

from __future__ import annotations

import uuid

import schemathesis

from service.errors import ApiError
from service.idempotency.rules import HEADER, read_key


@schemathesis.hook
def map_headers(context, headers):
    raw = (headers or {}).get(HEADER)
    if isinstance(raw, str):
        try:
            read_key(raw, "resident")
        except ApiError:
            return headers
        headers[HEADER] = uuid.uuid4().hex
    return headers
