"""The one table that turns errors into RFC 9457 problem details with a stable ``code``."""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar.exceptions import HTTPException, ValidationException
from litestar.plugins.problem_details import ProblemDetailsConfig, ProblemDetailsException, ProblemDetailsPlugin

from souk.application.system.outage import Outage
from souk.application.system.outages import Outages
from souk.domain.shared.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    RateLimited,
    Unauthenticated,
    Unavailable,
)

log = logging.getLogger("souk.http")

STATUS_BY_KIND: dict[type[DomainError], int] = {
    InvalidInput: 400,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    RateLimited: 429,
    Unavailable: 503,
}

TITLE_BY_STATUS = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Content too large",
    415: "Unsupported media type",
    426: "Upgrade required",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}

CODE_BY_STATUS = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


def problem(
    status: int, code: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> ProblemDetailsException:
    return ProblemDetailsException(
        status_code=status,
        type_=f"urn:souk:problem:{code}",
        title=TITLE_BY_STATUS.get(status, "Error"),
        detail=detail,
        headers=headers,
        extra={"code": code, **extra},
    )


def status_of(kind: type[DomainError]) -> int:
    """The HTTP status a domain error of this class answers (its kind decides; 400 if none)."""
    return next((status for base, status in STATUS_BY_KIND.items() if issubclass(kind, base)), 400)


def from_domain_error(exc: DomainError) -> ProblemDetailsException:
    status = status_of(type(exc))
    headers: dict[str, str] = {}
    extra: dict[str, Any] = dict(exc.context)
    if isinstance(exc, Unauthenticated):
        headers["WWW-Authenticate"] = 'Bearer realm="souk"'
    if isinstance(exc, RateLimited):
        headers["Retry-After"] = str(exc.retry_after)
        extra["retry_after"] = exc.retry_after
    if isinstance(exc, InvalidInput) and exc.field:
        extra["errors"] = [{"field": exc.field, "message": exc.detail}]
    return problem(status, exc.code, exc.detail, headers or None, **extra)


def from_validation_error(exc: ValidationException) -> ProblemDetailsException:
    errors = [_field_error(item) for item in (exc.extra if isinstance(exc.extra, list) else [])]
    detail = (
        "The request is not valid: "
        + "; ".join(f"{e['field']}: {e['message']}" if e["field"] else str(e["message"]) for e in errors)
        if errors
        else str(exc.detail)
    )
    return problem(400, "validation_error", detail, errors=errors)


def from_http_exception(exc: HTTPException) -> ProblemDetailsException:
    if isinstance(exc, ValidationException):
        return from_validation_error(exc)
    if isinstance(exc, ProblemDetailsException):
        return exc
    status = exc.status_code
    code = CODE_BY_STATUS.get(status, f"http_{status}")
    detail = exc.detail if exc.detail and exc.detail != TITLE_BY_STATUS.get(status) else _default_detail(status)
    return problem(status, code, detail, dict(exc.headers) if exc.headers else None)


def from_unexpected(exc: Exception, outages: Outages | None = None) -> ProblemDetailsException:
    """A dependency's failure is a 503 the client may retry (logged once per outage, by
    ``outages``); anything else is a bug: a 500 with its traceback in the log."""
    outage = outages.recognise(exc, "http") if outages is not None else None
    if outage is not None:
        return from_outage(outage)
    log.exception("http.unhandled_error", exc_info=exc)
    return problem(500, "internal_error", "Something went wrong on our side; it has been logged.")


def from_outage(outage: Outage) -> ProblemDetailsException:
    retry = outage.retry_after_s
    return problem(503, outage.code, outage.detail, {"Retry-After": str(retry)}, retry_after=retry)


def problem_details_plugin(outages: Outages | None = None) -> ProblemDetailsPlugin:
    def unexpected(exc: Exception) -> ProblemDetailsException:
        return from_unexpected(exc, outages)

    return ProblemDetailsPlugin(
        ProblemDetailsConfig(
            enable_for_all_http_exceptions=True,
            exception_to_problem_detail_map={
                DomainError: from_domain_error,
                HTTPException: from_http_exception,
                Exception: unexpected,
            },
        )
    )


_AT = re.compile(r"\s*-\s*at `\$(?P<path>[^`]*)`$")
_UNKNOWN = re.compile(r"unknown field `(?P<name>[^`]+)`")
_MISSING = re.compile(r"missing required field `(?P<name>[^`]+)`")


def _field_error(item: Any) -> dict[str, str | None]:
    """Turn Litestar's/msgspec's message into ``{field, message}`` a client can show."""
    if not isinstance(item, dict):
        return {"field": None, "message": str(item)}
    message = str(item.get("message", "invalid"))
    field: str | None = item.get("key") or None
    match = _AT.search(message)
    if match:
        message = message[: match.start()]
        path = match.group("path").lstrip(".")
        field = path or field
    for pattern in (_UNKNOWN, _MISSING):
        named = pattern.search(message)
        if named:
            field = ".".join(p for p in (field, named.group("name")) if p)
    return {"field": field, "message": message}


def _default_detail(status: int) -> str:
    return {
        404: "No such resource.",
        405: "That method is not allowed here.",
        413: "The request body is too large.",
    }.get(status, TITLE_BY_STATUS.get(status, "Error"))
