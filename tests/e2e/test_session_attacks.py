"""Issue 13, finding 3, performed over the wire against real `souk serve` processes on both
deployments (embedded; PostgreSQL + Redis with two processes): after logout, logout-all
or a password reset the old access token is refused on REST and at the handshake of every
process, and its open sockets on every process close with 4401 within a second; a socket
whose access token expires closes with 4401 unless renewed with an ``auth`` frame; a
realtime ticket opens one socket, once, within its lifetime."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.session_support import (
    Account,
    Deployment,
    Socket,
    call,
    deployment,
    last_code,
    login,
    open_socket,
    refused,
    register,
)
from tests.e2e.test_catalog import product_body
from tests.e2e.test_real_server import running_server

DEPLOYMENTS = ["embedded", pytest.param("production", marks=[pytest.mark.postgres, pytest.mark.redis])]
CLOSE_WITHIN_S = 1.0  # the bound, from the answer that ended the session to the close


# Each test makes its own accounts, so one set of servers serves the module (starts are slow).
@pytest.fixture(scope="module", params=DEPLOYMENTS)
def servers(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    with deployment(request, tmp_path_factory.mktemp("sessions")) as running:
        yield running


@pytest.fixture(scope="module", params=DEPLOYMENTS)
def short_lived(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    settings = {"SOUK_ACCESS_TOKEN_TTL_S": "8", "SOUK_REALTIME_TICKET_TTL_S": "2"}
    with deployment(request, tmp_path_factory.mktemp("short"), **settings) as running:
        yield running


async def assert_closed_4401_soon(sockets: list[Socket], since: float) -> None:
    for socket in sockets:
        code, at = await socket.closed(within=10)
        assert code == 4401
        assert at - since < CLOSE_WITHIN_S, f"closed {at - since:.2f} s after the session ended"


async def assert_refused_everywhere(servers: Deployment, account: Account) -> None:
    for address in servers.addresses:
        me = await call(address, "GET", "/api/v1/users/me", account)
        assert me.status_code == 401, me.text
        assert me.json()["code"] == "session_ended"
        product = await call(address, "POST", "/api/v1/products", account, json=product_body())
        assert product.status_code == 401, product.text
        assert await refused(address, f"?token={account.access}")
        assert await refused(address, headers=account.auth)
        ticket = await call(address, "POST", "/api/v1/realtime/ticket", account)
        assert ticket.status_code == 401


async def assert_alive(servers: Deployment, account: Account, socket: Socket) -> None:
    assert socket.is_open
    assert (await socket.ask("heartbeat", {}, "still-here"))["type"] == "ack"
    for address in servers.addresses:
        assert (await call(address, "GET", "/api/v1/users/me", account)).status_code == 200


async def test_logout_ends_that_session_on_rest_and_on_every_process(servers: Deployment) -> None:
    alice = await register(servers.first)
    phone = await login(servers.last, alice)  # another session of hers, which must survive
    by_token = await open_socket(servers.first, f"?token={alice.access}")
    by_bearer = await open_socket(servers.last, headers=alice.auth)
    bystander = await open_socket(servers.last, f"?token={phone.access}")
    assert (await call(servers.last, "GET", "/api/v1/users/me", alice)).status_code == 200

    answer = await call(servers.first, "POST", "/api/v1/auth/logout", alice, json={"refresh_token": alice.refresh})
    assert answer.status_code == 204
    await assert_closed_4401_soon([by_token, by_bearer], time.monotonic())

    await assert_refused_everywhere(servers, alice)
    refresh = await call(servers.last, "POST", "/api/v1/auth/refresh", json={"refresh_token": alice.refresh})
    assert refresh.status_code == 401
    await assert_alive(servers, phone, bystander)
    await bystander.close()


async def test_a_password_reset_ends_every_session_on_every_process(servers: Deployment) -> None:
    bob = await register(servers.first)
    laptop = await login(servers.last, bob)
    sockets = [
        await open_socket(servers.first, f"?token={bob.access}"),
        await open_socket(servers.last, f"?token={bob.access}"),
        await open_socket(servers.last, headers=laptop.auth),
    ]
    sent = await call(servers.last, "POST", "/api/v1/auth/password/reset", json={"phone": bob.phone})
    assert sent.status_code == 202
    code = await last_code(servers.outbox, bob.phone)
    body = {"phone": bob.phone, "code": code, "new_password": "Quartz-lantern-tangerine-91"}
    confirmed = await call(servers.last, "POST", "/api/v1/auth/password/reset/confirm", json=body)
    assert confirmed.status_code == 204, confirmed.text
    await assert_closed_4401_soon(sockets, time.monotonic())

    await assert_refused_everywhere(servers, bob)
    await assert_refused_everywhere(servers, laptop)


async def test_logout_all_ends_the_other_sessions_then_all(servers: Deployment) -> None:
    carol = await register(servers.first)
    tablet, laptop = await login(servers.first, carol), await login(servers.last, carol)
    mine = await open_socket(servers.last, f"?token={carol.access}")
    others = [
        await open_socket(servers.first, f"?token={tablet.access}"),
        await open_socket(servers.last, headers=laptop.auth),
    ]
    answer = await call(servers.first, "POST", "/api/v1/auth/logout-all", carol, json={"keep_current": True})
    assert answer.status_code == 204
    await assert_closed_4401_soon(others, time.monotonic())
    await assert_refused_everywhere(servers, tablet)
    await assert_refused_everywhere(servers, laptop)
    await assert_alive(servers, carol, mine)

    answer = await call(servers.last, "POST", "/api/v1/auth/logout-all", carol, json={"keep_current": False})
    assert answer.status_code == 204
    await assert_closed_4401_soon([mine], time.monotonic())
    await assert_refused_everywhere(servers, carol)


async def test_a_realtime_ticket_opens_one_socket_once_on_any_process(servers: Deployment) -> None:
    dana = await register(servers.first)
    issued = await call(servers.first, "POST", "/api/v1/realtime/ticket", dana)
    assert issued.status_code == 200, issued.text
    assert issued.json()["expires_in"] == 30
    ticket = issued.json()["ticket"]
    assert dana.access not in ticket

    socket = await open_socket(servers.last, f"?ticket={ticket}")
    assert (await socket.ask("heartbeat", {}, "h"))["type"] == "ack"
    for address in servers.addresses:
        assert await refused(address, f"?ticket={ticket}")  # single use
    assert await refused(servers.first, "?ticket=made-up")

    unused = (await call(servers.last, "POST", "/api/v1/realtime/ticket", dana)).json()["ticket"]
    await call(servers.last, "POST", "/api/v1/auth/logout", dana, json={"refresh_token": dana.refresh})
    await assert_closed_4401_soon([socket], time.monotonic())  # a ticket's socket belongs to the session
    assert await refused(servers.first, f"?ticket={unused}")  # nor does a ticket outlive it


def expiry_of(access_token: str) -> float:
    payload = access_token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return float(claims["exp"])


async def test_an_expiring_token_closes_its_socket_unless_renewed(short_lived: Deployment) -> None:
    servers = short_lived
    erin, mallory = await register(servers.first), await register(servers.first)
    renewing_device = await login(servers.last, erin)
    lazy = await open_socket(servers.last, f"?token={erin.access}")
    renewing = await open_socket(servers.first, headers=renewing_device.auth)
    tricked = await open_socket(servers.last, headers=renewing_device.auth)

    # someone else's token, or a bad one, renews nothing: an error frame, the socket stays open
    for bad in (mallory.access, "not-a-token"):
        answer = await tricked.ask("auth", {"access_token": bad}, "renew-bad")
        assert answer["type"] == "error"
        assert answer["data"]["code"] in ("invalid_token", "session_ended")
    assert tricked.is_open

    await asyncio.sleep(3)  # a fresh token from a refresh expires later than the first
    refreshed = await call(
        servers.last, "POST", "/api/v1/auth/refresh", json={"refresh_token": renewing_device.refresh}
    )
    fresh = refreshed.json()["tokens"]["access_token"]
    assert expiry_of(fresh) > expiry_of(renewing_device.access)
    answer = await renewing.ask("auth", {"access_token": fresh}, "renew")
    assert answer["type"] == "ack", answer

    for socket, token in ((lazy, erin.access), (tricked, renewing_device.access)):
        code, _ = await socket.closed(within=15)
        assert code == 4401
        assert socket.closed_wall is not None
        assert -CLOSE_WITHIN_S <= socket.closed_wall - expiry_of(token) < CLOSE_WITHIN_S  # exp is whole seconds
    assert renewing.is_open  # renewed: lives past the old expiry
    assert (await renewing.ask("heartbeat", {}, "h"))["type"] == "ack"
    code, _ = await renewing.closed(within=15)  # ...until the fresh token expires in turn
    assert code == 4401
    assert renewing.closed_wall is not None
    assert -CLOSE_WITHIN_S <= renewing.closed_wall - expiry_of(fresh) < CLOSE_WITHIN_S


async def test_a_ticket_is_refused_after_its_lifetime(short_lived: Deployment) -> None:
    servers = short_lived
    frank = await register(servers.first)
    issued = (await call(servers.first, "POST", "/api/v1/realtime/ticket", frank)).json()
    assert issued["expires_in"] == 2
    await asyncio.sleep(2.5)
    assert await refused(servers.last, f"?ticket={issued['ticket']}")


@pytest.mark.postgres
@pytest.mark.redis
async def test_a_process_that_was_not_listening_catches_up_from_the_database(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Pub/sub is at-most-once: a process that missed ``session.revoked`` (here: it was not
    running yet) learns from the database when it subscribes, before it serves a request."""
    with deployment(request, tmp_path) as first:
        gina = await register(first.first)
        await call(first.first, "POST", "/api/v1/auth/logout", gina, json={"refresh_token": gina.refresh})
        with running_server(tmp_path, first.env) as late:
            address = late.removeprefix("http://")
            me = await call(address, "GET", "/api/v1/users/me", gina)
            assert me.status_code == 401
            assert me.json()["code"] == "session_ended"
            assert await refused(address, f"?token={gina.access}")


async def test_the_session_routes_are_documented(servers: Deployment) -> None:
    schema = (await call(servers.first, "GET", "/schema/openapi.json")).json()
    logout_all = schema["paths"]["/api/v1/auth/logout-all"]["post"]
    assert logout_all["security"] == [{"BearerToken": []}]
    assert "204" in logout_all["responses"]
    ticket = schema["paths"]["/api/v1/realtime/ticket"]["post"]
    assert ticket["security"] == [{"BearerToken": []}]
    assert "ticket=" in ticket["summary"]
