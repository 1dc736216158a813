from __future__ import annotations

from litestar.static_files import create_static_files_router
from litestar.types import ControllerRouterHandler

from souk.entrypoints.http.console.controller import ConsoleController
from souk.entrypoints.http.console.pages import HTMX_DIR


def console_routes() -> list[ControllerRouterHandler]:
    """The console and its one script (htmx, vendored: no CDN, no build step)."""
    htmx = create_static_files_router(
        path="/admin/static", directories=[HTMX_DIR], include_in_schema=False, name="admin-static"
    )
    return [ConsoleController, htmx]
