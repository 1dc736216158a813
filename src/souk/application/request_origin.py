"""The address the client used for the request being served (``https://api.example.com``),
so that absolute URLs Souk hands out (upload URLs, embedded media) point where the client
can reach, whatever port or name it used. The HTTP edge sets it per request
(``entrypoints/http/forwarded.py``: the request's scheme and host, or trusted proxies'
forwarded ones); outside a request (jobs, background loops) it is unset."""

from __future__ import annotations

from contextvars import ContextVar, Token
from dataclasses import dataclass

_ORIGIN: ContextVar[str | None] = ContextVar("souk_request_origin", default=None)


def set_request_origin(origin: str | None) -> Token[str | None]:
    return _ORIGIN.set(origin)


def reset_request_origin(token: Token[str | None]) -> None:
    _ORIGIN.reset(token)


def request_origin() -> str | None:
    return _ORIGIN.get()


@dataclass(frozen=True, slots=True)
class PublicBaseUrl:
    """``SOUK_PUBLIC_BASE_URL`` when configured; else the request's origin; else (no request)
    the address ``souk serve`` listens on."""

    configured: str | None
    fallback: str

    def __call__(self) -> str:
        return (self.configured or request_origin() or self.fallback).rstrip("/")
