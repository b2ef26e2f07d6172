"""The Api and Blueprint every domain uses, and problem+json for every error.

Cross-cutting rules are decorators on `Blueprint` that both enforce the rule and document it
in the OpenAPI document, so the document cannot drift from the behaviour.
"""

from __future__ import annotations

import functools
import http
import inspect
import logging
from collections.abc import Callable
from json import JSONDecodeError
from typing import Any

import apispec
import apispec.ext.marshmallow
import flask_smorest
import marshmallow as ma
from apispec.ext.marshmallow.common import resolve_schema_instance
from flask import Response, g, json, request
from flask_limiter import RateLimitExceeded
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm.exc import StaleDataError
from webargs import core
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from service import clock, idempotency, ratelimit
from service.errors import PROBLEMS, STATUS_DEFAULT_CODES, ApiError, Problem
from service.http import MAX_JSON_DEPTH, Listing, json_too_deep, keyset_args, keyset_page, parse_if_match
from service.idempotency.rules import HEADER_DOC as IDEMPOTENCY_KEY_DOC
from service.schema import (
    ANSWERS,
    ENUM_COMPONENT,
    ID_MAX_DIGITS,
    ID_TEXT,
    INT64_MAX,
    BaseSchema,
    Id,
    always_sent,
    mark_answer,
)
from service.security.authn import authenticate
from service.security.permissions import Permission

log = logging.getLogger("anju.errors")

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Answers that say "not now": they tell the client when to come back. A 409 says so only when
# the same Idempotency-Key is still being worked on (`idempotency_in_flight`).
RETRY_AFTER_STATUSES = (409, 429, 503)
# Response headers, declared once as components and referenced by name from every response.
RESPONSE_HEADERS = {
    "Retry-After": {
        "description": "Seconds to wait before trying again (请等待的秒数); on 409 only for `idempotency_in_flight`",
        "schema": {"type": "integer", "minimum": 1},
    },
    "X-Request-ID": {
        "description": "This request's id, also in problem bodies as `request_id`: quote it when asking for help. "
        "A caller's own X-Request-ID (8–64 of `A-Za-z0-9._:-`) is kept, any other is replaced.",
        "schema": {"type": "string", "minLength": 8, "maxLength": 64},
    },
    "ETag": {
        "description": 'The case\'s version, e.g. `"3"`: send it back as If-Match with the next staff decision',
        "schema": {"type": "string", "pattern": '^"[0-9]+"$'},
    },
    "Content-Disposition": {
        "description": "`attachment; filename*=UTF-8''…`: save the file under this name (文件名)",
        "schema": {"type": "string"},
    },
    "Idempotent-Replayed": {
        "description": "`true` when this is the stored answer to an earlier request with the same Idempotency-Key",
        "schema": {"type": "string", "enum": ["true"]},
    },
}


class ProblemSchema(BaseSchema):
    """RFC 9457 problem details, with Anju's stable `code` and the request id."""

    # Rendered by problem_response, never loaded: `required` documents the five keys every
    # problem carries; `errors` and `request_id` come only when there are some.
    type = ma.fields.String(required=True, metadata={"description": "URI naming the kind of problem"})
    title = ma.fields.String(required=True, metadata={"description": "简短标题（中文）, fixed per code"})
    status = ma.fields.Integer(required=True, metadata={"description": "HTTP status"})
    detail = ma.fields.String(required=True, metadata={"description": "说明（中文）: what went wrong in this request"})
    code = ma.fields.String(
        required=True, metadata={"description": "Stable machine code (稳定代码)", ENUM_COMPONENT: "ProblemCode"}
    )
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={"description": "Field errors: field path → Chinese messages"},
    )
    request_id = ma.fields.String(metadata={"description": "Quote this when asking for help"})


# Where links_to_reads leaves its links for ContractPlugin (a manual `responses` entry for the 201
# would replace the one @blp.response documents instead of adding to it).
_LINKS_KEY = "x-anju-links"


def links_to_reads(path_parameter: str, *operation_ids: str) -> dict[str, Any]:
    """`@blp.doc(**links_to_reads(...))` on a create: OpenAPI links from its 201 to the operations
    that read what it made, by the `id` in its body. Generated SDKs document the next call, and
    schemathesis's stateful phase follows create → read instead of guessing ids."""
    links = {
        operation_id: {"operationId": operation_id, "parameters": {path_parameter: "$response.body#/id"}}
        for operation_id in operation_ids
    }
    return {_LINKS_KEY: links}


def problem_response(
    problem: Problem,
    detail: str | None = None,
    *,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": problem.type_uri,
        "title": problem.title,
        "status": problem.status,
        "detail": detail or problem.title,
        "code": problem.code,
        **(extra or {}),
    }
    if errors:
        body["errors"] = errors
    request_id = g.get("request_id")
    if request_id:
        body["request_id"] = request_id
    response = Response(json.dumps(body, ensure_ascii=False), status=problem.status, mimetype=PROBLEM_CONTENT_TYPE)
    response.headers.update(headers or {})
    return response


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested message dicts → {"members.0.name": ["此项必须填写"]}."""
    if isinstance(messages, dict):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flatten_messages(value, path))
        return flat
    if isinstance(messages, (list, tuple)) and all(isinstance(m, str) for m in messages):
        return {prefix or "_schema": list(messages)}
    if isinstance(messages, (list, tuple)):
        flat = {}
        for index, value in enumerate(messages):
            flat.update(flatten_messages(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or "_schema": [str(messages)]}


class IdConverter(IntegerConverter):
    """`<int:…>` in every route: ids are BIGINT columns, so a larger number names nothing.

    Werkzeug's converter takes any length of digits, and such a number overflowed the database
    driver (a 500); bounded, it answers 404 like any missing id, and the OpenAPI document says
    `maximum` for every id in a path. `Api.init_app` installs it as `int` before any route.
    """

    def __init__(self, map, fixed_digits=0, min=None, max=INT64_MAX, signed=False):
        super().__init__(map, fixed_digits, min, max, signed)


class AnjuParser(FlaskParser):
    """webargs parser whose every failure is one of our problems, never a bare 400/422."""

    def _raw_load_json(self, req):
        has_body = req.content_length or req.headers.get("Transfer-Encoding")
        if has_body and not core.is_json(req.mimetype):
            raise ApiError(
                "unsupported_media_type",
                f"请以 application/json 提交，收到的是 {req.mimetype or '未注明的格式'}",
            )
        if not has_body:
            # Every JSON body is declared required: a request without one lost its body on the
            # way (or forgot it), and must not be acted on as if it had sent {} (a PATCH would
            # answer 200 having changed nothing the caller meant).
            raise ApiError("bad_request", "请求缺少内容：请以 JSON 提交；没有要填写的内容时请提交 {}")
        if core.is_json(req.mimetype) and json_too_deep(req.get_data(cache=True)):
            raise ApiError("malformed_json", f"提交的内容嵌套层数太多（最多 {MAX_JSON_DEPTH} 层）")
        try:
            return super()._raw_load_json(req)
        except JSONDecodeError:
            raise  # webargs answers these through _handle_invalid_json_error
        except ValueError as exc:
            # Python refuses to read a number of more than 4300 digits (int_max_str_digits).
            raise ApiError("malformed_json", "提交的内容中有过长的数字") from exc

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        if isinstance(error.__cause__, UnicodeDecodeError) or "decoding error" in str(error):
            raise ApiError("invalid_encoding", "提交的内容须为 UTF-8 编码的 JSON")
        raise ApiError("malformed_json", "提交的内容不是有效的 JSON，请检查格式")

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        # Locations (json/query/headers) are not shown: field names are unique per operation.
        errors: dict[str, list[str]] = {}
        for location_messages in error.normalized_messages().values():
            errors.update(flatten_messages(location_messages))
        raise ApiError("validation_failed", "请按提示修改后再提交", errors=errors)


def _render_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    code = STATUS_DEFAULT_CODES.get(status, "internal_error" if status >= 500 else "bad_request")
    problem = PROBLEMS[code]
    headers = {k: v for k, v in error.get_headers() if k.lower() not in ("content-type", "content-length")}
    detail = None
    if error.code == 405:
        detail = f"该地址不支持 {request.method} 请求"
    elif error.code == 413:
        detail = "提交的内容超过大小限制"
    elif error.code == 404:
        detail = "找不到该地址或内容"
    return problem_response(problem, detail, headers=headers)


def _render_api_error(error: ApiError) -> Response:
    return problem_response(error.problem, error.detail, errors=error.errors, headers=error.headers, extra=error.extra)


def _render_rate_limited(error: RateLimitExceeded) -> Response:
    seconds = ratelimit.retry_after()
    return problem_response(
        PROBLEMS["too_many_requests"],
        f"操作太频繁，请 {clock.wait_in_words(seconds)}后再试",
        headers={"Retry-After": str(seconds)},
    )


def _render_integrity_error(error: IntegrityError) -> Response:
    log.warning("integrity error", extra={"db_error": str(error.orig)[:200]})
    message = str(error.orig).lower()
    if "foreign key" in message or "1452" in message or "1451" in message:
        detail = "引用的数据不存在或仍被使用"
    else:
        detail = "该记录已存在，请勿重复提交"
    return problem_response(PROBLEMS["conflict"], detail)


# MariaDB reports a failed CHECK constraint as error 4025 through PyMySQL's OperationalError:
# it is a conflict with the data, like SQLite's IntegrityError for the same constraint.
_MARIADB_CHECK_FAILED = 4025


def _render_operational_error(error: OperationalError) -> Response:
    if getattr(error.orig, "args", (None,))[0] == _MARIADB_CHECK_FAILED:
        log.warning("check constraint failed", extra={"db_error": str(error.orig)[:200]})
        return problem_response(PROBLEMS["conflict"], "数据不符合规则，未保存")
    return _database_unavailable(error)


def _database_unavailable(error: Exception) -> Response:
    # A lost, refused or timed-out connection (PyMySQL raises OperationalError 2013 when a read
    # times out, 2003 when the handshake does), or no free pooled connection in time.
    log.error("database unavailable", exc_info=error)
    return problem_response(
        PROBLEMS["service_unavailable"], "数据库暂时不可用，请稍后再试", headers={"Retry-After": "5"}
    )


def _render_stale(error: StaleDataError) -> Response:
    # Optimistic locking lost a race at commit time: someone else changed the row first.
    return problem_response(PROBLEMS["precondition_failed"], "数据已被他人更新，请刷新后重试")


def _render_unexpected(error: Exception) -> Response:
    original = getattr(error, "original_exception", None) or error
    log.error("unhandled exception", exc_info=original)
    return problem_response(PROBLEMS["internal_error"], "系统出现问题，我们已记录，请稍后再试")


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = "DEFAULT_ERROR"

    def init_app(self, app, *args, **kwargs):
        # Before any blueprint adds a rule: a rule binds its converters when it is added.
        app.url_map.converters["int"] = IdConverter
        super().init_app(app, *args, **kwargs)

    def _register_error_handlers(self) -> None:
        self._app.register_error_handler(ApiError, _render_api_error)
        self._app.register_error_handler(HTTPException, _render_http_exception)
        self._app.register_error_handler(RateLimitExceeded, _render_rate_limited)
        self._app.register_error_handler(IntegrityError, _render_integrity_error)
        self._app.register_error_handler(OperationalError, _render_operational_error)
        self._app.register_error_handler(PoolTimeoutError, _database_unavailable)
        self._app.register_error_handler(StaleDataError, _render_stale)
        self._app.register_error_handler(Exception, _render_unexpected)

    def _register_responses(self) -> None:
        for name, header in RESPONSE_HEADERS.items():
            self.spec.components.header(name, header, lazy=True)
        # Same components as flask-smorest's, but errors are declared as application/problem+json.
        from flask_smorest.spec import prepare_response

        for status in http.HTTPStatus:
            response: dict[str, Any] = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            response["headers"] = {"X-Request-ID": "X-Request-ID"}
            if status in RETRY_AFTER_STATUSES:
                response["headers"]["Retry-After"] = "Retry-After"
            prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE if status >= 400 else "application/json")
            self.spec.components.response(status.name, response, lazy=True)
        response = {
            "description": "Problem details (RFC 9457)",
            "schema": self.ERROR_SCHEMA,
            "headers": {"X-Request-ID": "X-Request-ID"},
        }
        prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def document_problem_codes(self) -> None:
        """Publish the code table; call after every domain has registered its codes."""
        codes = sorted(PROBLEMS.values(), key=lambda p: (p.status, p.code))
        self.spec.components.schema(
            "ProblemCode",
            {
                "type": "string",
                "enum": [p.code for p in codes],
                "description": "Stable problem codes:\n\n| code | status | title |\n|---|---|---|\n"
                + "\n".join(f"| `{p.code}` | {p.status} | {p.title} |" for p in codes),
            },
        )


def _reference_enum(converter, field, ret: dict[str, Any], **kwargs) -> dict[str, Any]:
    """A closed set (`service.schema.one_of`) becomes one component, referenced by each field.

    The first field of a set registers it; another field naming the same set with other values
    is a mistake in the code, not two sets, so the document refuses to build.
    """
    component = field.metadata.get(ENUM_COMPONENT)
    if not component:
        return {}
    ret.pop(ENUM_COMPONENT, None)
    ret.pop("type", None)
    values = [v for v in ret.pop("enum", ()) if v is not None]
    if values:
        known = converter.spec.components.schemas.get(component)
        if known is None:
            converter.spec.components.schema(component, {"type": "string", "enum": values})
        elif known["enum"] != values:
            raise ValueError(f"closed set {component} is declared with two different lists of values")
    return {"allOf": [{"$ref": f"#/components/schemas/{component}"}]}


def _describe_id(converter, field, **kwargs) -> dict[str, Any]:
    """An id in a body (`service.schema.Id`) is either of the two forms it takes."""
    if not isinstance(field, Id):
        return {}
    return {
        "oneOf": [
            {"type": "string", "pattern": f"^{ID_TEXT.pattern}$"},
            {"type": "integer", "minimum": 1, "maximum": 10**ID_MAX_DIGITS - 1},
        ],
        "description": " ".join(
            filter(None, [field.metadata.get("description"), 'Id: as sent in answers ("42"), or as a number.'])
        ),
    }


class Converter(apispec.ext.marshmallow.OpenAPIConverter):
    """Answers list every field as required (service.schema.ANSWERS); a schema's own EXAMPLE is
    its example."""

    def schema2jsonschema(self, schema):
        jsonschema = super().schema2jsonschema(schema)
        instance = resolve_schema_instance(schema)
        if type(instance) in ANSWERS and (required := always_sent(instance)):
            jsonschema["required"] = sorted(required)
        if example := vars(type(instance)).get("EXAMPLE"):
            jsonschema["example"] = example
        return jsonschema


class MarshmallowPlugin(apispec.ext.marshmallow.MarshmallowPlugin):
    Converter = Converter

    def init_spec(self, spec):
        super().init_spec(spec)
        self.converter.add_attribute_function(_reference_enum)
        self.converter.add_attribute_function(_describe_id)


class ContractPlugin(apispec.BasePlugin):
    """What a path itself promises, declared on each of its operations so no route can forget.

    An id in the path that names nothing, or something out of the caller's scope, is 404; a
    list that takes a cursor answers 400 `invalid_cursor` to one it did not hand out; every
    answer carries X-Request-ID.
    """

    def operation_helper(self, path=None, operations=None, **kwargs):
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            links = operation.pop(_LINKS_KEY, None)
            if links:
                # flask-smorest keys the responses it documents by int, apispec normalises later.
                (responses.get(201) or responses["201"])["links"] = links
            if "{" in path:
                responses.setdefault("404", "NOT_FOUND")
            if any(p.get("in") == "query" and p.get("name") == "cursor" for p in operation.get("parameters", [])):
                responses.setdefault("400", "BAD_REQUEST")
            for response in responses.values():
                if isinstance(response, dict):
                    response.setdefault("headers", {})["X-Request-ID"] = "X-Request-ID"


def _append(docstring: str | None, line: str) -> str:
    body = inspect.cleandoc(docstring or "").split("\n", 1)
    rest = body[1].strip() if len(body) > 1 else ""
    return f"{rest}\n\n{line}".strip()


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = AnjuParser()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prepare_doc_cbks.append(self._prepare_header_doc)

    @staticmethod
    def _prepare_header_doc(doc, doc_info, **kwargs):
        # Request headers our decorators require (If-Match, Idempotency-Key) join the
        # operation's parameters; manual docs would replace the list instead of extending it.
        for header in doc_info.get("anju_headers", []):
            doc.setdefault("parameters", []).append(header)
        # Success answers say which headers they carry, so SDKs expose them.
        for status, response in doc.get("responses", {}).items():
            if not str(status).startswith("2") or not isinstance(response, dict):
                continue
            headers = response.setdefault("headers", {})
            if doc_info.get("anju_idempotent"):
                headers["Idempotent-Replayed"] = "Idempotent-Replayed"
            schemas = [body.get("schema") for body in response.get("content", {}).values()]
            if any(getattr(schema, "SENDS_ETAG", False) for schema in schemas):
                headers["ETag"] = "ETag"
        return doc

    @staticmethod
    def require_header_doc(func: Callable, header: dict[str, Any]) -> Callable:
        doc = dict(getattr(func, "_apidoc", {}))
        doc["anju_headers"] = [*doc.get("anju_headers", []), header]
        func._apidoc = doc
        return func

    def if_match(self, func: Callable) -> Callable:
        """Staff decisions carry the version they saw (`If-Match: "3"`): a stale one is 412."""

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            g.expected_version = parse_if_match(request.headers.get("If-Match"))
            return func(*args, **kwargs)

        header = {
            "in": "header",
            "name": "If-Match",
            "required": True,
            # An empty If-Match is a missing one (428): schemathesis sent "" as a valid value.
            "schema": {"type": "string", "minLength": 1},
            "description": 'The case\'s ETag as last read, e.g. "3" (版本号，防止覆盖他人的办理结果)',
        }
        return self._document(self.require_header_doc(wrapper, header), responses=(412, 428))

    def idempotent(self, func: Callable) -> Callable:
        """Writes a phone retries: one `Idempotency-Key` does the work once (service/idempotency.py).

        Goes right below the audience decorator: the key is scoped to the authenticated caller,
        and it is checked before the body is parsed.
        """

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return idempotency.guard(functools.partial(func, *args, **kwargs))

        wrapper = self.require_header_doc(wrapper, IDEMPOTENCY_KEY_DOC)
        wrapper._apidoc["anju_idempotent"] = True
        return self._document(wrapper, responses=(400, 409, 422))

    def keyset(self, id_column: Any, *, newest_first: bool = True) -> Callable:
        """The view returns a select (or a `Listing`); the answer is one keyset page of it,
        `{items, next_cursor}`, ordered by the unique `id_column` — never OFFSET, never COUNT.

        Goes last, below `@blp.response`; the view's query schema includes KeysetArgs' `limit`
        and `cursor`. A cursor that is not one of ours is 400 `invalid_cursor`.
        """

        def decorator(func: Callable) -> Callable:
            @functools.wraps(func)
            def wrapper(*args, **kwargs):
                listing = func(*args, **kwargs)
                if not isinstance(listing, Listing):
                    listing = Listing(listing)
                rows, next_cursor = keyset_page(
                    listing.stmt,
                    id_column,
                    keyset_args(),
                    newest_first=newest_first,
                    sort_column=listing.sort_column,
                    rows=listing.rows,
                )
                items = listing.items(rows) if listing.items else rows
                return {"items": items, "next_cursor": next_cursor, **listing.extra}

            return self._document(wrapper, responses=(400,))

        return decorator

    def response(self, status_code, schema=None, **kwargs):
        if schema is not None and not isinstance(schema, (str, dict)):
            mark_answer(schema)
        return super().response(status_code, schema, **kwargs)

    def download(self, description: str, *media_types: str) -> Callable:
        """The view answers a file (a `Response` with a Content-Disposition name): the document
        says binary content of `media_types`, which SDK generators turn into bytes, not JSON."""
        binary = {"schema": {"type": "string", "format": "binary"}}
        return self.doc(
            responses={
                "200": {
                    "description": description,
                    "content": {media_type: binary for media_type in media_types},
                    "headers": {"Content-Disposition": "Content-Disposition"},
                }
            }
        )

    def arguments(self, schema, *, location="json", **kwargs):
        decorator = super().arguments(schema, location=location, **kwargs)
        if location != "json":
            return decorator

        def with_json_errors(func: Callable) -> Callable:
            wrapped = decorator(func)
            return self._document(wrapped, responses=(400, 415))

        return with_json_errors

    @staticmethod
    def _document(func: Callable, *, responses: tuple[int, ...] = (), **manual: Any) -> Callable:
        doc = dict(getattr(func, "_apidoc", {}))
        manual_doc = dict(doc.get("manual_doc", {}))
        manual_doc["responses"] = {
            **manual_doc.get("responses", {}),
            **{str(status): http.HTTPStatus(status).name for status in responses},
        }
        manual_doc.update(manual)
        doc["manual_doc"] = manual_doc
        func._apidoc = doc
        return func

    def rate_limited(self, *rules: ratelimit.Rule) -> Callable:
        """Callers over any of `rules` get 429 with Retry-After, before the operation runs.

        Goes right below the audience decorator, so a rule may key on the signed-in account.
        """

        def decorator(func: Callable) -> Callable:
            wrapper = ratelimit.limited(func, rules)
            return self._document(wrapper, responses=(429,), **{"x-rate-limits": [rule.name for rule in rules]})

        return decorator

    def resident(self, func: Callable) -> Callable:
        """Residents only (aud=resident token); `g.actor` is their ResidentActor."""

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            authenticate("resident")
            return func(*args, **kwargs)

        wrapper._anju_audience = "resident"
        return self._document(wrapper, responses=(401,), security=[{"resident": []}])

    def staff(self, *permissions: Permission, allow_pending_password: bool = False) -> Callable:
        """Staff holding every one of `permissions` somewhere; rows are then scoped per query."""

        def decorator(func: Callable) -> Callable:
            @functools.wraps(func)
            def wrapper(*args, **kwargs):
                authenticate("staff", permissions, allow_pending_password=allow_pending_password)
                return func(*args, **kwargs)

            wrapper._anju_audience = "staff"
            wrapper._anju_permissions = tuple(permissions)
            needs = "、".join(p.value for p in permissions) or "any staff account"
            return self._document(
                wrapper,
                responses=(401, 403),
                security=[{"staff": []}],
                **{"x-permissions": [p.value for p in permissions]},
                description=_append(getattr(func, "__doc__", None), f"Staff permission: {needs}."),
            )

        return decorator

    def public(self, func: Callable) -> Callable:
        """No sign-in needed. Every view must declare an audience; this is the explicit 'anyone'."""
        func._anju_audience = "public"
        return self._document(func, security=[])
