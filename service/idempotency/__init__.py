"""Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): a retried POST does its work once.

The mini-program retries every POST that timed out, and on a village's weak signal the first
attempt has often succeeded. `@blp.idempotent` (service/api.py) runs the view through `guard`; what a key must look like
and the body's fingerprint are in rules.py, the table in models.py:

- The header is required: at most 255 printable ASCII characters, the draft's structured-field
  string (`"…"`) or a bare value without commas. Keys are scoped to the caller (audience and account id)
  and to method + path, so two callers' keys never meet.
- The body is fingerprinted: sha256 of its bytes; for multipart forms, of the fields and the
  files' names and contents, because every retried upload is framed with a new boundary.
- A new key is reserved `in_flight` in its own transaction, committed at once, so concurrent
  retries see it; the unique (scope, key) pair decides which attempt runs. The view runs in
  the request's transaction, and a 2xx response (status, the headers in `REPLAYED_HEADERS`,
  body bytes) is stored in that same transaction: it commits together with what it answers.
- Only successes are kept. Any failure — an exception, a non-2xx answer, or the commit itself
  failing — releases the key, so the client can correct the request and send it again under
  the same key at once.
- Same key, same body, done: the stored response, byte for byte, with `Idempotent-Replayed:
  true`; nothing runs. Same key, another body: 422 `idempotency_key_reused`. Still running:
  409 `idempotency_in_flight` with `Retry-After: 3`.
- A worker that dies mid-request (killed by gunicorn, the machine lost) cannot release its key.
  So a reservation is a lease: `attempt` is its owner's token, and while the view runs a
  heartbeat renews `locked_at` every `HEARTBEAT_EVERY`. A reservation not renewed for `LEASE`
  has no living owner, and the next retry takes it over — seconds after the crash, not a minute.
- Never two executions of one key, even when a lease lapses under a living owner (its heartbeat
  could not reach the database): taking over and completing are both conditional UPDATEs of
  the one row, serialised by the database. Completing (`attempt` still ours, still in flight)
  runs in the request's transaction and holds the row's lock until that commits; a takeover
  waiting on it then finds the row done and replays it. A takeover that committed first changed
  `attempt`: the original's completion matches no row, so it raises and its whole transaction,
  the work included, rolls back.
- Keys are kept `RETENTION` (7 days); `flask --app wsgi idempotency purge` deletes older ones.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from flask import Response, current_app, g, request
from flask.typing import ResponseReturnValue
from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from service import clock, db
from service.errors import ApiError
from service.idempotency.models import DONE, IN_FLIGHT, IdempotencyKey
from service.idempotency.rules import HEADER, body_fingerprint, read_key
from service.security.actors import ResidentActor, StaffActor

log = logging.getLogger("anju.idempotency")

RETENTION = timedelta(days=7)
# A reservation not renewed for LEASE has no living owner (see the module docstring). Three
# heartbeats fit in it, so one slow renewal does not let a retry in beside a living request.
LEASE = timedelta(seconds=6)
HEARTBEAT_EVERY = 2.0  # seconds
# A truly concurrent duplicate asks again after this many seconds: most requests are done by
# then, and a dead owner's lease lapses within two such waits.
RETRY_AFTER = 3
# What a replay must repeat besides status and body; per-request headers (X-Request-ID) are not kept.
REPLAYED_HEADERS = ("Content-Type", "Location", "ETag", "Content-Location", "Cache-Control")


@dataclass(frozen=True)
class Reservation:
    id: int
    attempt: str


def guard(view: Callable[[], ResponseReturnValue]) -> Response:
    """Run `view` at most once per key and caller; the body of `@blp.idempotent`."""
    actor = g.get("actor")
    key = read_key(request.headers.get(HEADER), actor.kind)
    owner = _owner(actor)
    operation = f"{request.method} {request.path}"
    scope = hashlib.sha256(f"{owner} {operation}".encode()).hexdigest()
    fingerprint = body_fingerprint(request)
    # Only authentication has used the request's session so far, and only to read: ending that
    # transaction returns its connection, so a request never waits for a second pooled
    # connection while holding one (enough such threads would starve the pool).
    db.session().rollback()
    reservation = _reserve(scope, key, owner, operation[:255], fingerprint)
    if isinstance(reservation, Response):
        return reservation
    # Whatever goes wrong from here on — the view, a refusal, the commit — frees the key.
    db.if_not_committed(functools.partial(_release_alone, reservation))
    with _Heartbeat(reservation):
        try:
            response = current_app.make_response(view())
        except ApiError as error:
            if error.keep_changes:  # the request commits after all: the release joins it
                _release_with_request(reservation)
            raise
    if 200 <= response.status_code < 300:
        _complete(reservation, response)
    else:
        # A refusal answered without raising still commits what the view wrote; the release joins it.
        _release_with_request(reservation)
    return response


def _owner(actor: ResidentActor | StaffActor | None) -> str:
    if actor is not None:
        return actor.owner
    raise RuntimeError("@blp.idempotent must sit below @blp.resident or @blp.staff(...)")


@contextmanager
def _own_session() -> Iterator[Session]:
    """A session apart from the request's: what it commits is visible to other workers at once."""
    session = current_app.extensions["anju.sessionmaker"]()
    try:
        yield session
    finally:
        session.close()


def _reserve(scope: str, key: str, owner: str, operation: str, fingerprint: str) -> Reservation | Response:
    """Take the key, or answer for it: a replay, 409 or 422."""
    # Each round either wins or meets a row someone else changed in between; three are plenty.
    for _round in range(3):
        now = clock.now()
        attempt = secrets.token_hex(16)
        with _own_session() as session:
            row = IdempotencyKey(
                scope=scope,
                key=key,
                owner=owner,
                operation=operation,
                fingerprint=fingerprint,
                status=IN_FLIGHT,
                attempt=attempt,
                locked_at=now,
                created_at=now,
                expires_at=now + RETENTION,
            )
            session.add(row)
            try:
                session.commit()
                return Reservation(row.id, attempt)
            except IntegrityError:
                session.rollback()
            existing = session.scalars(
                select(IdempotencyKey).where(IdempotencyKey.scope == scope, IdempotencyKey.key == key)
            ).first()
            if existing is None:  # released between our insert and this read
                continue
            if existing.expires_at > now:
                if existing.fingerprint != fingerprint:
                    raise ApiError("idempotency_key_reused", "这个 Idempotency-Key 已用于另一次内容不同的提交")
                if existing.status == DONE:
                    return _replay(existing)
                if existing.locked_at > now - LEASE:
                    raise _in_flight()
            # Expired, or a lapsed lease. Asked again in the UPDATE itself: since we read the row
            # its owner may have renewed the lease or completed (same attempt, now done), and
            # another retry may have taken it; the database decides, under the row's lock.
            taken = session.execute(
                update(IdempotencyKey)
                .where(
                    IdempotencyKey.id == existing.id,
                    IdempotencyKey.attempt == existing.attempt,
                    or_(
                        IdempotencyKey.expires_at <= now,
                        and_(IdempotencyKey.status == IN_FLIGHT, IdempotencyKey.locked_at <= now - LEASE),
                    ),
                )
                .values(
                    fingerprint=fingerprint,
                    status=IN_FLIGHT,
                    attempt=attempt,
                    locked_at=now,
                    created_at=now,
                    expires_at=now + RETENTION,
                    response_status=None,
                    response_headers=None,
                    response_body=None,
                )
            )
            session.commit()
            if taken.rowcount == 1:
                return Reservation(existing.id, attempt)
    raise _in_flight()


def _in_flight() -> ApiError:
    return ApiError(
        "idempotency_in_flight",
        f"上一次提交还在处理中，请 {RETRY_AFTER} 秒后再试",
        headers={"Retry-After": str(RETRY_AFTER)},
    )


def _complete(reservation: Reservation, response: Response) -> None:
    """Store the answer in the request's transaction, next to the rows it describes.

    Only while the reservation is still ours; from this UPDATE to the commit the row is locked,
    so no retry can take it over in between (see the module docstring).
    """
    # As Core (db.run): the request's session never holds the key's row, so nothing to synchronise.
    stored = db.run(
        update(IdempotencyKey)
        .where(
            IdempotencyKey.id == reservation.id,
            IdempotencyKey.attempt == reservation.attempt,
            IdempotencyKey.status == IN_FLIGHT,
        )
        .values(
            status=DONE,
            response_status=response.status_code,
            response_headers=[[name, response.headers[name]] for name in REPLAYED_HEADERS if name in response.headers],
            response_body=response.get_data(),
        )
    )
    if stored.rowcount != 1:
        # Our lease lapsed and a retry took the key over: that one does the work and answers.
        raise _in_flight()


def _ours(reservation: Reservation):
    return (IdempotencyKey.id == reservation.id, IdempotencyKey.attempt == reservation.attempt)


def _release_with_request(reservation: Reservation) -> None:
    """Free the key in the request's transaction, which commits what the refusal wrote."""
    db.session().execute(delete(IdempotencyKey).where(*_ours(reservation)))


def _release_alone(reservation: Reservation) -> None:
    """Free the key of a request whose transaction rolled back, on a connection of its own.

    The short-timeout one: when the database is what failed, this gives up within seconds and
    the lease, no longer renewed, frees the key instead.
    """
    try:
        with Session(db.quick_engine()) as session:
            session.execute(delete(IdempotencyKey).where(*_ours(reservation)))
            session.commit()
    except SQLAlchemyError:
        log.warning("idempotency key not released; its lease will lapse", extra={"key_id": reservation.id})


class _Heartbeat:
    """Renews the reservation's lease every HEARTBEAT_EVERY seconds while the view runs.

    A thread, because a sync worker's one thread is busy in the view. It dies with the
    process, which is the point: a killed worker's lease lapses within LEASE. Stopping does
    not wait for it: on SQLite a renewal may be queued behind the request's own write lock.
    """

    def __init__(self, reservation: Reservation) -> None:
        self._reservation = reservation
        self._sessions = current_app.extensions["anju.sessionmaker"]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"idempotency-lease-{reservation.id}", daemon=True)

    def __enter__(self) -> _Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(HEARTBEAT_EVERY):
            try:
                with self._sessions() as session:
                    session.execute(
                        update(IdempotencyKey)
                        .where(*_ours(self._reservation), IdempotencyKey.status == IN_FLIGHT)
                        .values(locked_at=clock.now())
                    )
                    session.commit()
            except SQLAlchemyError:
                # The next beat tries again. A lapsed lease lets a retry take over, which the
                # conditional completion makes safe: at worst this attempt's work is dropped.
                log.warning("idempotency lease not renewed", extra={"key_id": self._reservation.id})


def _replay(row: IdempotencyKey) -> Response:
    response = Response(row.response_body, status=row.response_status, headers=row.response_headers or [])
    response.headers["Idempotent-Replayed"] = "true"
    return response
