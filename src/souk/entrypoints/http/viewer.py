"""Who reads a public route, when they say: lists leave out what they must not see."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request

from souk.application.ports.access_tokens import AccessTokens
from souk.entrypoints.bearer import bearer_token


def viewer_of(request: Request[Any, Any, Any], tokens: AccessTokens) -> UUID | None:
    """The caller of a public route: None without an ``Authorization`` header; a bad token
    is a 401, as on every route that takes one."""
    header = request.headers.get("authorization")
    return tokens.verify(bearer_token(header)).user_id if header else None
