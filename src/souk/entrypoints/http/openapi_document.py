"""Completes the OpenAPI document Litestar generates so that it tells what the server
does: every error an operation can answer (``application/problem+json``, one shared
``Problem`` schema, the ``code`` values per status), ``additionalProperties: false`` on
the bodies that refuse unknown fields, an example on every request body, and a
description on every schema. Generic rules, not per-handler edits:

- 400 ``validation_error``/``invalid_text`` wherever there are parameters or a body
  (plus ``invalid_json``/``invalid_encoding`` with a body), 413 with a body;
- 401 where a bearer token is read; 404 ``not_found`` where the path has parameters;
- 503 ``dependency_unavailable``/``busy`` everywhere but the process probes;
- the domain errors the handler can reach (``raised_errors``), at the status their kind
  answers (``errors.status_of``)."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import msgspec
from litestar import Litestar
from litestar.routes import HTTPRoute

from souk.application.system.outage import BUSY, DEPENDENCY_UNAVAILABLE
from souk.entrypoints.http.errors import CODE_BY_STATUS, TITLE_BY_STATUS, status_of
from souk.entrypoints.http.openapi_constraints import constrain
from souk.entrypoints.http.openapi_descriptions import DESCRIPTIONS
from souk.entrypoints.http.openapi_examples import example_for
from souk.entrypoints.http.raised_errors import call_graph, errors_of_handler

PROBLEM = "Problem"
PROBLEM_REF = {"$ref": f"#/components/schemas/{PROBLEM}"}
PROBLEM_MEDIA_TYPE = "application/problem+json"
IDENTITY_PROVIDER = "souk.entrypoints.http.identity:HttpContextProvider.identity"
PROBES = frozenset({"/health", "/ready", "/metrics"})
METHODS = ("get", "put", "post", "patch", "delete")

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": (
        "An error, as RFC 9457 problem details. `code` is stable and machine-readable (branch on it, "
        "never on `detail`); `errors` lists the bad fields of a validation error; `retry_after` "
        "(seconds, also in the `Retry-After` header) comes with 429 and 503. Some errors add "
        "context fields of their own."
    ),
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string", "description": "`urn:souk:problem:<code>`", "examples": ["urn:souk:problem:x"]},
        "title": {"type": "string", "description": "The status's short title."},
        "status": {"type": "integer", "description": "The HTTP status, repeated."},
        "detail": {"type": "string", "description": "What went wrong, for a person."},
        "code": {"type": "string", "description": "Stable, machine-readable error code."},
        "errors": {
            "type": "array",
            "description": "The bad fields (validation errors only).",
            "items": {
                "type": "object",
                "description": "One bad field.",
                "required": ["field", "message"],
                "properties": {
                    "field": {
                        "type": ["string", "null"],
                        "description": "Dotted path of the field (`price.amount`), null for the whole body.",
                    },
                    "message": {"type": "string", "description": "What is wrong with it."},
                },
            },
        },
        "retry_after": {"type": "integer", "description": "Seconds to wait before retrying (429, 503)."},
    },
}

RETRY_AFTER_HEADER = {"Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}}
HEADERS_BY_STATUS: dict[int, dict[str, Any]] = {
    401: {
        "WWW-Authenticate": {
            "description": '`Bearer realm="souk"` (domain errors) or absent.',
            "schema": {"type": "string"},
        }
    },
    429: RETRY_AFTER_HEADER,
    503: RETRY_AFTER_HEADER,
}


def complete(document: dict[str, Any], app: Litestar) -> dict[str, Any]:
    """A completed copy of Litestar's ``document`` for ``app``'s routes."""
    document = copy.deepcopy(document)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas[PROBLEM] = PROBLEM_SCHEMA
    paths = document.get("paths", {})
    for path, method, handler in _operations(app):
        operation = paths.get(path, {}).get(method)
        if operation is not None:
            _complete_operation(path, operation, handler, document)
    structs = _structs()
    _complete_schemas(schemas, structs)
    constrain(document, {name for name in schemas if _struct_of(name, structs) in _request_structs(structs)})
    return document


def problems_of(path: str, operation: dict[str, Any], handler_fn: Any) -> dict[int, set[str]]:
    """``{status: {code, ...}}`` of every problem the operation can answer."""
    problems: dict[int, set[str]] = {}

    def add(status: int, *codes: str) -> None:
        problems.setdefault(status, set()).update(codes)

    has_body = "requestBody" in operation
    if has_body or operation.get("parameters"):
        add(400, "validation_error", "invalid_text", CODE_BY_STATUS[400])
    if has_body:
        add(400, "invalid_json", "invalid_encoding")
        add(413, CODE_BY_STATUS[413])
    errors = errors_of_handler(handler_fn)
    if operation.get("security"):
        errors |= call_graph().reachable_errors({IDENTITY_PROVIDER})
    if "{" in path:
        add(404, CODE_BY_STATUS[404])
    if path not in PROBES:
        add(503, DEPENDENCY_UNAVAILABLE, BUSY)
    for error in errors:
        add(status_of(error), error.code)
    return problems


def _complete_operation(path: str, operation: dict[str, Any], handler: Any, document: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    responses.pop("400", None)  # Litestar's `{status_code, detail, extra}`: not what the server answers
    for status, codes in sorted(problems_of(path, operation, handler.fn).items()):
        responses[str(status)] = _problem_response(status, sorted(codes))
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body is not None and "example" not in body and "examples" not in body:
        example = example_for(body.get("schema", {}), document)
        if example is not None:
            body["example"] = example


def _problem_response(status: int, codes: list[str]) -> dict[str, Any]:
    listed = ", ".join(f"`{code}`" for code in codes)
    response: dict[str, Any] = {
        "description": f"{TITLE_BY_STATUS.get(status, 'Error')}: problem details with `code` one of {listed}.",
        "content": {
            PROBLEM_MEDIA_TYPE: {
                "schema": {
                    "allOf": [
                        PROBLEM_REF,
                        {"type": "object", "properties": {"code": {"type": "string", "enum": codes}}},
                    ]
                },
                "example": {
                    "type": f"urn:souk:problem:{codes[0]}",
                    "title": TITLE_BY_STATUS.get(status, "Error"),
                    "status": status,
                    "detail": "What went wrong, for a person.",
                    "code": codes[0],
                },
            }
        },
        "x-codes": codes,
    }
    if status in HEADERS_BY_STATUS:
        response["headers"] = HEADERS_BY_STATUS[status]
    return response


def _operations(app: Litestar) -> Iterator[tuple[str, str, Any]]:
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if not handler.include_in_schema:
                continue
            for method in handler.http_methods:
                if method.lower() in METHODS:
                    yield route.path_format or "/", method.lower(), handler


def _struct_of(name: str, structs: dict[str, type[msgspec.Struct]]) -> type[msgspec.Struct] | None:
    return structs.get(name.rsplit("_", 1)[-1])  # Litestar prefixes a clashing name with its module


def _request_structs(structs: dict[str, type[msgspec.Struct]]) -> set[type[msgspec.Struct] | None]:
    """Bodies refuse unknown fields (``schemas.common.Body``); answers never do."""
    return {struct for struct in structs.values() if struct.__struct_config__.forbid_unknown_fields}


def _complete_schemas(schemas: dict[str, Any], structs: dict[str, type[msgspec.Struct]]) -> None:
    for name, schema in schemas.items():
        struct = _struct_of(name, structs)
        if struct is not None and struct.__struct_config__.forbid_unknown_fields and schema.get("type") == "object":
            schema["additionalProperties"] = False
        if not schema.get("description"):
            doc = struct.__doc__ if struct is not None else None
            schema["description"] = (
                " ".join(doc.split())
                if doc
                else DESCRIPTIONS.get(name) or DESCRIPTIONS.get(_bare(name)) or _describe(name)
            )


def _bare(name: str) -> str:
    return name.rsplit("_", 1)[-1]


def _describe(name: str) -> str:
    """The last resort for a struct added without a docstring (a test lists them)."""
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", _bare(name)).lower()
    return f"{words[:1].upper()}{words[1:]}."


def _structs() -> dict[str, type[msgspec.Struct]]:
    found: dict[str, type[msgspec.Struct]] = {}
    todo: list[type[msgspec.Struct]] = [msgspec.Struct]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub.__module__.startswith("souk.entrypoints.") and sub.__name__ not in found:
                found[sub.__name__] = sub
            todo.append(sub)
    return found
