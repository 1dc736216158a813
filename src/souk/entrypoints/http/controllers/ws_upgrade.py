"""``GET /ws`` as plain HTTP: the gateway speaks only WebSocket (the upgrade is served in front
of Litestar, bootstrap/socket_route.py), so a request without the upgrade is told so — 426
with ``Upgrade: websocket`` and problem details — instead of a 404 that reads as a wrong URL."""

from __future__ import annotations

from litestar import Controller, get

from souk.entrypoints.http.errors import problem

UPGRADE_HEADERS = {"Upgrade": "websocket", "Connection": "Upgrade"}


class WsUpgradeController(Controller):
    include_in_schema = False  # the gateway is described by the AsyncAPI document

    @get("/ws")
    async def upgrade_required(self) -> None:
        raise problem(
            426,
            "upgrade_required",
            "/ws is the WebSocket gateway: open it as a WebSocket (see /schema/asyncapi.json).",
            UPGRADE_HEADERS,
        )
