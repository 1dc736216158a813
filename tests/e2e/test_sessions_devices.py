"""Issue 18, sessions and devices, over the wire against real `souk serve` processes on
both deployments (embedded; PostgreSQL + Redis with two processes): the session list
shows each device and marks the current one; ending one session refuses its tokens and
closes its sockets with 4401 on every process, while someone else's session answers 404;
a password change ends the other sessions; a sign-in from a new device notifies."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.session_support import (
    PASSWORD,
    Account,
    Deployment,
    call,
    deployment,
    open_socket,
    register,
)
from tests.e2e.test_session_attacks import assert_closed_4401_soon, assert_refused_everywhere

DEPLOYMENTS = ["embedded", pytest.param("production", marks=[pytest.mark.postgres, pytest.mark.redis])]


@pytest.fixture(scope="module", params=DEPLOYMENTS)
def servers(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    with deployment(request, tmp_path_factory.mktemp("devices")) as running:
        yield running


async def sign_in(address: str, account: Account, password: str = PASSWORD, **device: str) -> Account:
    body = {"login": account.phone, "password": password, **device}
    async with httpx.AsyncClient(timeout=15) as http:
        response = await http.post(f"http://{address}/api/v1/auth/login", json=body)
    assert response.status_code == 200, response.text
    tokens = response.json()["tokens"]
    return Account(account.user_id, account.phone, tokens["access_token"], tokens["refresh_token"])


async def sessions(address: str, account: Account) -> list[dict[str, Any]]:
    answer = await call(address, "GET", "/api/v1/auth/sessions", account)
    assert answer.status_code == 200, answer.text
    listed: list[dict[str, Any]] = answer.json()
    return listed


async def test_the_list_shows_each_device_and_marks_the_current_one(servers: Deployment) -> None:
    amira = await register(servers.first)
    phone = await sign_in(servers.last, amira, device_name="Amira's iPhone", platform="ios")
    laptop = await sign_in(servers.first, amira, device_name="Work laptop", platform="web")
    listed = await sessions(servers.last, laptop)
    assert [(s["device_name"], s["platform"], s["current"]) for s in listed] == [
        ("Work laptop", "web", True),
        ("Amira's iPhone", "ios", False),
        (None, None, False),  # the registration's session: its client named no device
    ]
    for session in listed:
        assert set(session) == {
            "id",
            "device_name",
            "platform",
            "approx_place",
            "created_at",
            "last_seen_at",
            "current",
        }
        assert session["approx_place"] == "local network"  # the tests talk over loopback
        assert session["created_at"].endswith("Z")
    assert [s["current"] for s in await sessions(servers.first, phone)] == [False, True, False]

    bad = await call(
        servers.first,
        "POST",
        "/api/v1/auth/login",
        json={"login": amira.phone, "password": PASSWORD, "platform": "toaster"},
    )
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert (await call(servers.first, "GET", "/api/v1/auth/sessions")).status_code == 401


async def test_ending_one_session_closes_its_sockets_and_nobody_else_can(servers: Deployment) -> None:
    bob = await register(servers.first)
    tablet = await sign_in(servers.last, bob, device_name="Tablet", platform="android")
    mallory = await register(servers.last)
    [target] = [s["id"] for s in await sessions(servers.first, bob) if s["device_name"] == "Tablet"]
    sockets = [
        await open_socket(servers.first, f"?token={tablet.access}"),
        await open_socket(servers.last, headers=tablet.auth),
    ]
    mine = await open_socket(servers.last, headers=bob.auth)

    stolen = await call(servers.last, "DELETE", f"/api/v1/auth/sessions/{target}", mallory)
    assert stolen.status_code == 404, stolen.text
    assert stolen.json()["code"] == "session_not_found"
    assert all(s.is_open for s in sockets)
    assert (await call(servers.first, "GET", "/api/v1/users/me", tablet)).status_code == 200

    ended = await call(servers.first, "DELETE", f"/api/v1/auth/sessions/{target}", bob)
    assert ended.status_code == 204, ended.text
    await assert_closed_4401_soon(sockets, time.monotonic())
    await assert_refused_everywhere(servers, tablet)
    refresh = await call(servers.last, "POST", "/api/v1/auth/refresh", json={"refresh_token": tablet.refresh})
    assert refresh.status_code == 401
    assert [s["device_name"] for s in await sessions(servers.last, bob)] == [None]
    again = await call(servers.last, "DELETE", f"/api/v1/auth/sessions/{target}", bob)
    assert again.status_code == 404
    assert mine.is_open
    assert (await mine.ask("heartbeat", {}, "alive"))["type"] == "ack"
    await mine.close()


async def test_a_password_change_ends_the_other_sessions(servers: Deployment) -> None:
    carol = await register(servers.first)
    laptop = await sign_in(servers.last, carol, device_name="Laptop")
    theirs = await open_socket(servers.last, headers=laptop.auth)
    wrong = await call(
        servers.first,
        "PATCH",
        "/api/v1/users/me/password",
        carol,
        json={"old_password": "not my password", "new_password": "velvet harbour quince 42"},
    )
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "wrong_password"
    weak = await call(
        servers.first,
        "PATCH",
        "/api/v1/users/me/password",
        carol,
        json={"old_password": PASSWORD, "new_password": "password1"},
    )
    assert weak.status_code == 400
    assert weak.json()["code"] == "weak_password"
    assert theirs.is_open

    changed = await call(
        servers.first,
        "PATCH",
        "/api/v1/users/me/password",
        carol,
        json={"old_password": PASSWORD, "new_password": "velvet harbour quince 42"},
    )
    assert changed.status_code == 204, changed.text
    await assert_closed_4401_soon([theirs], time.monotonic())
    await assert_refused_everywhere(servers, laptop)
    assert (await call(servers.last, "GET", "/api/v1/users/me", carol)).status_code == 200
    old = await call(servers.last, "POST", "/api/v1/auth/login", json={"login": carol.phone, "password": PASSWORD})
    assert old.status_code == 401
    await sign_in(servers.last, carol, password="velvet harbour quince 42")


async def test_a_sign_in_from_a_new_device_notifies_the_owner(servers: Deployment) -> None:
    dana = await register(servers.first)
    await sign_in(servers.last, dana)  # no device named, as at registration: a device already seen
    await sign_in(servers.first, dana, device_name="Unknown PC", platform="desktop")
    deadline = time.monotonic() + 10
    while True:
        answer = await call(servers.last, "GET", "/api/v1/notifications", dana)
        assert answer.status_code == 200, answer.text
        items = answer.json()["items"]
        if items or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.1)
    assert [(i["type"], i["data"]["device_name"], i["data"]["platform"]) for i in items] == [
        ("new_device_sign_in", "Unknown PC", "desktop")
    ]
