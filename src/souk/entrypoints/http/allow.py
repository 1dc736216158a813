"""``OPTIONS`` answers ``Allow`` with every method of the path.

Litestar (2.25) builds a path's automatic ``OPTIONS`` handler when the path's first
handler is registered and keeps it when later handlers of the same path are added, so
it answered with the first handler's methods only (``OPTIONS /products/{id}`` said
``Allow: DELETE, OPTIONS`` although GET and PATCH exist). After the app is built each
automatic handler is pointed at the route that finally holds it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Litestar, Response
from litestar.enums import MediaType
from litestar.routes import HTTPRoute
from litestar.status_codes import HTTP_204_NO_CONTENT

AUTOMATIC_OPTIONS = "options_handler"


def correct_options_handlers(app: Litestar) -> None:
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if handler.http_methods == {"OPTIONS"} and _name(handler.fn) == AUTOMATIC_OPTIONS:
                # Litestar calls this handler synchronously (it was made with sync_to_thread=False).
                handler._fn = _options_of(route)  # type: ignore[assignment]  # sync, as Litestar made it


def _options_of(route: HTTPRoute) -> Callable[..., Response[None]]:
    allow = ", ".join(sorted(route.methods))

    def options_handler(**_: Any) -> Response[None]:
        return Response(
            content=None, status_code=HTTP_204_NO_CONTENT, headers={"Allow": allow}, media_type=MediaType.TEXT
        )

    return options_handler


def _name(fn: Any) -> str:
    while hasattr(fn, "__wrapped__"):
        fn = fn.__wrapped__
    return str(getattr(fn, "__name__", ""))
