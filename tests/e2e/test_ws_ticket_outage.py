"""A ticket handshake while the ticket store (Redis) is away is refused cleanly, and the
server keeps serving: no 500, no crash."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from dishka import Provider, Scope

from souk.application.ports.ticket_store import TicketGrant, TicketStore
from souk.bootstrap.http_app import create_app
from tests.e2e.session_support import refused
from tests.e2e.ws_support import serving
from tests.support import fast_settings


class AwayTicketStore(TicketStore):
    async def put(self, key: str, grant: TicketGrant, ttl: timedelta) -> None:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    async def take(self, key: str) -> TicketGrant | None:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


async def test_a_ticket_handshake_without_its_store_is_refused_not_crashed(tmp_path: Path) -> None:
    away = Provider(scope=Scope.APP)
    away.provide(AwayTicketStore, provides=TicketStore)
    app = create_app(fast_settings(tmp_path), away, in_memory=True)
    async with serving(app) as address:
        assert await refused(address, "?ticket=anything")
        assert await refused(address, "?ticket=anything")  # still serving
