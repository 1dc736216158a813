"""Staff sign-in for the console: the session lives in cookies (HttpOnly, Secure,
SameSite=Strict, scoped to ``/admin``) holding the tokens a password login issued; every
state-changing request carries a CSRF token (a form field or the ``X-CSRF-Token`` header
htmx sends) that is an HMAC of the session id, so another site can neither read nor forge
it. The sign-in form itself is guarded by a double-submit token cookie."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import Request, Response
from litestar.datastructures import Cookie

from souk.application.ports.access_tokens import AccessTokens
from souk.domain.shared.errors import DomainError
from souk.domain.shared.secrets import same_secret

ACCESS_COOKIE = "souk_admin"
REFRESH_COOKIE = "souk_admin_refresh"
LOGIN_CSRF_COOKIE = "souk_admin_login"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"
PATH = "/admin"


class ConsoleKey(bytes):
    """Signs the console's CSRF tokens (derived from the JWT secret)."""


@dataclass(frozen=True, slots=True)
class StaffSession:
    user_id: UUID
    session_id: UUID
    csrf: str


def cookie(name: str, value: str, max_age: int | None) -> Cookie:
    return Cookie(key=name, value=value, path=PATH, max_age=max_age, httponly=True, secure=True, samesite="strict")


def expired(name: str) -> Cookie:
    return cookie(name, "", 0)


def csrf_for(key: ConsoleKey, session_id: UUID) -> str:
    return hmac.new(key, b"console-csrf:" + session_id.bytes, hashlib.sha256).hexdigest()


def session_of(request: Request[Any, Any, Any], tokens: AccessTokens, key: ConsoleKey) -> StaffSession | None:
    """The signed-in caller, or None (no cookie, an expired or ended session)."""
    token = request.cookies.get(ACCESS_COOKIE)
    if not token:
        return None
    try:
        claims = tokens.verify(token)
    except DomainError:
        return None
    return StaffSession(claims.user_id, claims.session_id, csrf_for(key, claims.session_id))


def csrf_ok(session: StaffSession, sent: str | None) -> bool:
    return bool(sent) and same_secret(session.csrf, sent or "")


def new_login_token() -> str:
    return secrets.token_urlsafe(32)


def login_csrf_ok(request: Request[Any, Any, Any], sent: str | None) -> bool:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    return bool(expected) and bool(sent) and same_secret(expected or "", sent or "")


def with_cookies(response: Response[Any], *cookies: Cookie) -> Response[Any]:
    for item in cookies:
        response.set_cookie(item)
    return response
