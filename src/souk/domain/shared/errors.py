"""The error family every rule of the domain raises.

Each error carries a stable machine-readable ``code``; the HTTP and WebSocket entry
points translate the *kind* (the base class) into a status, never the individual class.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    code: ClassVar[str] = "domain_error"
    default_detail: ClassVar[str] = "The request breaks a business rule."

    def __init__(self, detail: str | None = None, **context: Any) -> None:
        self.detail = detail or self.default_detail
        self.context = context
        super().__init__(self.detail)


class InvalidInput(DomainError):
    """The input is well-formed but not acceptable (400)."""

    code = "invalid_input"
    default_detail = "The input is not valid."

    def __init__(self, detail: str | None = None, *, field: str | None = None, **context: Any) -> None:
        super().__init__(detail, **context)
        self.field = field


class Unauthenticated(DomainError):
    """Who is asking is unknown or their credentials are wrong (401)."""

    code = "unauthenticated"
    default_detail = "Authentication is required."


class Forbidden(DomainError):
    """The caller is known but may not do this (403)."""

    code = "forbidden"
    default_detail = "You may not do this."


class NotFound(DomainError):
    """The thing does not exist or is not visible to the caller (404)."""

    code = "not_found"
    default_detail = "Not found."


class Conflict(DomainError):
    """The request clashes with the current state (409)."""

    code = "conflict"
    default_detail = "The request conflicts with the current state."


class RateLimited(DomainError):
    """Too many attempts; try again after ``retry_after`` seconds (429)."""

    code = "rate_limited"
    default_detail = "Too many requests; slow down."

    def __init__(self, retry_after: int, detail: str | None = None) -> None:
        super().__init__(detail)
        self.retry_after = max(1, retry_after)


class Unavailable(DomainError):
    """A service the request needs is not there in this deployment or right now (503)."""

    code = "unavailable"
    default_detail = "The service is unavailable; try again later."


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"
    default_detail = "This Idempotency-Key was used with a different request."


class InvalidIdempotencyKey(InvalidInput):
    code = "invalid_idempotency_key"
    default_detail = "An Idempotency-Key has 1-255 visible ASCII characters."
