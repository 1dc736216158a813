"""Every JSON request body is decoded here, for every route: hostile bodies (malformed,
invalid UTF-8, nested thousands deep, NUL in a text field) are 400 problems with a stable
``code`` before any controller or use case sees them."""

from __future__ import annotations

from functools import cache
from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ValidationException
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
                    decoded: Any = json_input.decode(await self.body() or b"null", _NUMBERS_AS_WRITTEN)
                    if (body_type := _body_struct(self)) is not None:
                        decoded = msgspec.convert(decoded, body_type, strict=True)
                except json_input.JsonRejected as exc:
                    errors = [{"field": exc.field, "message": exc.detail}] if exc.field else []
                    raise problem(400, exc.code, exc.detail, errors=errors) from None
                except msgspec.ValidationError as exc:
                    raise ValidationException(
                        "The request body is not valid.", extra=[{"message": str(exc), "key": "data", "source": "body"}]
                    ) from None
                self._json = self._connection_state.json = decoded
        return self._json


def _integral(text: str) -> float | int:
    """JSON has one number type: ``5.0`` is the integer 5 (as JSON Schema's ``integer``
    says), and an integer is also a valid float for a float field."""
    value = float(text)
    return int(value) if value.is_integer() else value


_NUMBERS_AS_WRITTEN: msgspec.json.Decoder[Any] = msgspec.json.Decoder(float_hook=_integral)


def _body_struct(request: Request[Any, Any, Any]) -> type[msgspec.Struct] | None:
    """The handler's body Struct, converted strictly: a JSON ``0`` is not a boolean nor
    ``"5"`` a number (Litestar converts the parsed body leniently, as it must query strings)."""
    data = request.route_handler.parsed_fn_signature.parameters.get("data")
    return _struct(data.annotation) if data is not None else None


@cache
def _struct(annotation: Any) -> type[msgspec.Struct] | None:
    return annotation if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct) else None


class RejectNulMiddleware:
    """NUL in the path or a query value (``%00``) is refused the same way as in a body:
    no route, use case or database ever sees it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if has_nul(scope):
            raise problem(400, "invalid_text", NUL_DETAIL)
        await self.app(scope, receive, send)


NUL_DETAIL = "The path and query must not contain NUL (%00) characters."


def has_nul(scope: Scope) -> bool:
    """NUL in the path or a query value (also checked in front of Litestar for ``/ws``)."""
    return "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b"")
