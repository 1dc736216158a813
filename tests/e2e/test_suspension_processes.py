"""Issue 17: suspension and takedowns across real ``souk serve`` processes (embedded: one
process on SQLite; production: two on PostgreSQL + Redis, the staff on one and the
suspended user's sockets on both). A moderator made with ``souk users role`` suspends a
user: their sockets close with 4403 on every process, their tokens and login are refused
and their listing and live stream leave the public reads everywhere; a live stream taken
down ends at once for viewers on the other process."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.session_support import PASSWORD, Account, Deployment, call, deployment, login, open_socket, register
from tests.e2e.test_catalog import product_body
from tests.e2e.test_real_server import SOUK

DEPLOYMENTS = ["embedded", pytest.param("production", marks=[pytest.mark.postgres, pytest.mark.redis])]


@pytest.fixture(scope="module", params=DEPLOYMENTS)
def servers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Deployment, Path]]:
    cwd = tmp_path_factory.mktemp("suspension")
    with deployment(request, cwd) as running:
        yield running, cwd


async def username_of(address: str, account: Account) -> str:
    me = await call(address, "GET", "/api/v1/users/me", account)
    assert me.status_code == 200, me.text
    name: str = me.json()["username"]
    return name


async def moderator(servers: Deployment, cwd: Path) -> Account:
    staff = await register(servers.first)
    name = await username_of(servers.first, staff)
    done = subprocess.run(
        [*SOUK, "users", "role", name, "moderator"],
        cwd=cwd,
        env=servers.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("is now moderator")
    return staff


async def listing(address: str, seller: Account) -> str:
    created = await call(address, "POST", "/api/v1/products", seller, json=product_body(feed_type="discover"))
    assert created.status_code == 201, created.text
    product_id: str = created.json()["id"]
    return product_id


async def live(address: str, seller: Account, product_id: str) -> str:
    made = await call(
        address, "POST", "/api/v1/streams", seller, json={"title": "Late show", "product_ids": [product_id]}
    )
    assert made.status_code == 201, made.text
    stream_id: str = made.json()["id"]
    assert (await call(address, "POST", f"/api/v1/streams/{stream_id}/go-live", seller)).status_code == 200
    return stream_id


def ids(response: Any) -> set[str]:
    return {item["id"] for item in response.json()["items"]}


async def test_a_suspension_closes_sockets_4403_and_hides_content_on_every_process(
    servers: tuple[Deployment, Path],
) -> None:
    running, cwd = servers
    staff = await moderator(running, cwd)
    rogue = await register(running.first)
    phone = await login(running.last, rogue)
    product_id = await listing(running.first, rogue)
    stream_id = await live(running.first, rogue, product_id)
    on_first = await open_socket(running.first, f"?token={rogue.access}")
    on_last = await open_socket(running.last, headers=phone.auth)
    bystander = await register(running.last)
    watching = await open_socket(running.last, headers=bystander.auth)
    assert (await watching.ask("stream:join", {"stream_id": stream_id}, "w1"))["type"] == "ack"
    for address in running.addresses:
        assert product_id in ids(await call(address, "GET", "/api/v1/feeds/discover?limit=100"))
        assert stream_id in ids(await call(address, "GET", "/api/v1/streams?status=live&limit=100"))

    until = (datetime.now(UTC) + timedelta(hours=6)).replace(microsecond=0)
    body = {"reason": "fraud", "until": until.isoformat()}
    since = time.monotonic()
    answer = await call(running.first, "POST", f"/api/v1/admin/users/{rogue.user_id}/suspend", staff, json=body)
    assert answer.status_code == 200, answer.text

    for socket in (on_first, on_last):
        code, at = await socket.closed(within=10)
        assert code == 4403
        assert at - since < 5
    assert watching.is_open  # others stay, and see the suspended seller's live stream end
    deadline = time.monotonic() + 10
    while not any(f["type"] == "stream:ended" for f in watching.frames):
        assert time.monotonic() < deadline, f"no stream:ended: {[f['type'] for f in watching.frames]}"
        await asyncio.sleep(0.05)
    for address in running.addresses:
        for account in (rogue, phone):
            assert (await call(address, "GET", "/api/v1/users/me", account)).status_code == 401
        refused = await call(address, "POST", "/api/v1/auth/login", json={"login": rogue.phone, "password": PASSWORD})
        assert (refused.status_code, refused.json()["code"]) == (403, "account_suspended")
        assert refused.json()["suspended_until"] == until.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert product_id not in ids(await call(address, "GET", "/api/v1/feeds/discover?limit=100"))
        assert stream_id not in ids(await call(address, "GET", "/api/v1/streams?status=live&limit=100"))
        assert (await call(address, "GET", f"/api/v1/users/{rogue.user_id}")).status_code == 404
        assert (await call(address, "GET", f"/api/v1/products/{product_id}")).status_code == 404
        assert (await call(address, "GET", f"/api/v1/streams/{stream_id}")).status_code == 404
    await watching.close()


async def test_a_live_stream_taken_down_ends_for_viewers_on_another_process(servers: tuple[Deployment, Path]) -> None:
    running, cwd = servers
    staff = await moderator(running, cwd)
    seller, viewer = await register(running.first), await register(running.last)
    stream_id = await live(running.first, seller, await listing(running.first, seller))
    socket = await open_socket(running.last, headers=viewer.auth)
    assert (await socket.ask("stream:join", {"stream_id": stream_id}, "j1"))["type"] == "ack"

    answer = await call(
        running.first, "POST", f"/api/v1/admin/streams/{stream_id}/takedown", staff, json={"reason": "weapons"}
    )
    assert answer.status_code == 204, answer.text
    deadline = time.monotonic() + 10
    while not any(f["type"] == "stream:ended" for f in socket.frames):
        assert time.monotonic() < deadline, f"no stream:ended: {[f['type'] for f in socket.frames]}"
        await asyncio.sleep(0.05)
    shown = await call(running.last, "GET", f"/api/v1/streams/{stream_id}")
    assert shown.json()["status"] == "ended"
    again = await call(running.first, "POST", f"/api/v1/streams/{stream_id}/go-live", seller)
    assert again.status_code == 409
    log = await call(running.last, "GET", "/api/v1/admin/audit-log", staff)
    assert [(e["action"], e["reason"]) for e in log.json()["items"] if e["target_id"] == stream_id] == [
        ("takedown_stream", "weapons")
    ]
    await socket.close()
