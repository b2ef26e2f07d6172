"""The staff console (issue 15 §3): a small static app at /console/ over the same API as every SDK.

Static files and a little JavaScript, no server-side pages: the console is one more client of
the API, so every permission, scope, audit row and error message is the API's own and nothing is
decided twice. It holds no cookie (the staff token travels as a bearer header, kept in the tab's
sessionStorage), so there is no CSRF surface; its Content-Security-Policy lets only its own files
run, and every asset is served from here (offices work on intranets without internet).
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, send_from_directory

STATIC = Path(__file__).parent / "static"

# Only the console's own files run or load; Chart.js draws on canvas, downloads are blob: URLs.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

blp = Blueprint("console", __name__)


@blp.get("/console/")
def index() -> Response:
    return _send("index.html")


@blp.get("/console/<path:filename>")
def asset(filename: str) -> Response:
    return _send(filename)


# Static files: no token is needed to fetch them, the API decides what each page may show.
index._anju_audience = "public"
asset._anju_audience = "public"


def _send(filename: str) -> Response:
    # max_age=0 + the ETag send_from_directory sets: a browser revalidates each file (a cheap
    # 304), so a deployment's new console is picked up at once without versioned file names.
    response = send_from_directory(STATIC, filename, max_age=0)
    response.headers["Content-Security-Policy"] = POLICY
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(blp)
