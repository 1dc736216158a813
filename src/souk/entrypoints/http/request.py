"""Every JSON request body is decoded here, for every route: hostile bodies (malformed,
invalid UTF-8, nested thousands deep, NUL in a text field) are 400 problems with a stable
``code`` before any controller or use case sees them."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.types import ASGIApp, Empty, Receive, Scope, Send

from souk.entrypoints import json_input
from souk.entrypoints.http.errors import problem


class SoukRequest(Request[Any, Any, Any]):
    async def json(self) -> Any:
        if self._json is Empty:
            if (cached := self._connection_state.json) is not Empty:
                self._json = cached
            else:
                try:
                    decoded: Any = json_input.decode(await self.body() or b"null")
                except json_input.JsonRejected as exc:
                    errors = [{"field": exc.field, "message": exc.detail}] if exc.field else []
                    raise problem(400, exc.code, exc.detail, errors=errors) from None
                self._json = self._connection_state.json = decoded
        return self._json


class RejectNulMiddleware:
    """NUL in the path or a query value (``%00``) is refused the same way as in a body:
    no route, use case or database ever sees it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b""):
            raise problem(400, "invalid_text", "The path and query must not contain NUL (%00) characters.")
        await self.app(scope, receive, send)
