"""How answers become JSON: Flask's own provider as the reference, orjson writing the same bytes.

Writing a page of 20 cases costs the standard library 210–650 µs on this machine and orjson
30–90 µs (`python -m bench.serialization`). Same bytes means: keys sorted, compact separators,
non-ASCII written as UTF-8 (``ensure_ascii = False``), a trailing newline, dates and times as
ISO 8601 through the same ``default``. What orjson would write otherwise is left to the
reference's own code:

- integers beyond 64 bits and dicts with non-str keys: orjson raises, the reference writes them
  (int keys sorted as numbers, then written as strings);
- datetimes and dataclasses are passed through to ``default`` (isoformat / asdict), as before;
- debug mode's indented answers (orjson indents differently).

Floats are the one thing orjson writes differently: ``1e-05`` becomes ``0.00001`` and NaN
becomes null. Answers hold no such float: every float sent is a share or a percentile rounded
by ``round(x, 4)`` or ``round(x, 1)`` from finite counts (oversight and ratings rules), so it is
0 or at least 0.0001; tests/platform/test_json_provider.py proves it for every share up to
1,000, and every answer of the test suite is compared byte for byte (tests/conftest.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from flask import Response
from flask.json.provider import DefaultJSONProvider

_ORJSON_OPTIONS = (
    orjson.OPT_SORT_KEYS
    | orjson.OPT_APPEND_NEWLINE
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
)


class AnjuJSONProvider(DefaultJSONProvider):
    """Dates and times as ISO 8601, like every schema field sends them: a kind's case details
    pass through a free-form object, where Flask would otherwise write an HTTP date
    ("Sun, 01 Mar 2026 00:00:00 GMT") that no client parses back into a day."""

    ensure_ascii = False

    @staticmethod
    def default(o):
        if isinstance(o, date):
            return o.isoformat()
        return DefaultJSONProvider.default(o)


class OrjsonProvider(AnjuJSONProvider):
    """The reference provider's answers, written by orjson (see the module docstring)."""

    def response(self, *args: Any, **kwargs: Any) -> Response:
        if self.compact is False or (self.compact is None and self._app.debug):
            return super().response(*args, **kwargs)
        try:
            body = orjson.dumps(self._prepare_response_obj(args, kwargs), default=self.default, option=_ORJSON_OPTIONS)
        except orjson.JSONEncodeError:
            return super().response(*args, **kwargs)
        return self._app.response_class(body, mimetype=self.mimetype)
