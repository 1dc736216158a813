"""Data rights end to end: the export archive holds everything listed, behind a signed,
expiring link; deleting an account ends its sessions, signing in within the grace period
calls it off, and after the purge no personal field of the user is left in any row of
the database (scanned on PostgreSQL and SQLite)."""

from __future__ import annotations

import asyncio
import json
import uuid
from contextlib import AsyncExitStack
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from dishka import AsyncContainer
from sqlalchemy import String, cast, select, update

from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.tables import account_deletions, giveaway_entries, metadata
from souk.application.accounts.request_deletion import PURGE_ACCOUNT_JOB
from souk.application.ports.blob_store import BlobStore
from souk.application.ports.job_queue import JobAttempt
from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from souk.domain.media.media import originals_prefix, owner_prefix
from souk.entrypoints.worker.jobs import ContainerJobDispatcher
from tests.e2e.test_auctions import bid, save_card, tag
from tests.e2e.test_live_room import Person, call, container_of, live_stream, product
from tests.e2e.ws_support import serving, ws_client
from tests.support import unique

PASSWORD = "plum kettle orbit saffron"


@dataclass
class Subject:
    person: Person
    username: str
    email: str
    secrets: list[str]  # personal values that must not survive the purge


async def register(http: httpx.AsyncClient, name: str) -> tuple[Person, str, str]:
    username, email = unique(name), f"{unique(name)}@x.io"
    body = {"username": username, "password": PASSWORD, "display_name": f"Shown as {username}", "email": email}
    data = (await http.post("/api/v1/auth/register", json=body)).json()
    return Person(data["user"]["id"], data["tokens"]["access_token"]), username, email


async def world(http: httpx.AsyncClient) -> tuple[Subject, Person, dict[str, str]]:
    """Alice (the subject) and Bob, with something of every kind between them."""
    alice, username, email = await register(http, "alice")
    bob, _, _ = await register(http, "bob")
    bio, hood = f"Bio of {username} the potter", f"Hood{unique()}"
    me = {"bio": bio, "neighborhood": hood, "location": {"lat": 48.8566, "lng": 2.3522}}
    assert (await http.patch("/api/v1/users/me", json=me, headers=alice.headers)).status_code == 200
    own = await product(http, alice, f"Teapot of {username}")
    theirs = await product(http, bob, "Bob's kettle")
    h = alice.headers
    assert (await http.post(f"/api/v1/products/{theirs}/save", headers=h)).status_code == 204
    assert (await http.post(f"/api/v1/products/{theirs}/like", headers=h)).status_code == 204
    said = f"Comment by {username}"
    assert (
        await http.post(f"/api/v1/products/{theirs}/comments", json={"content": said}, headers=h)
    ).status_code == 201
    assert (await http.post(f"/api/v1/users/{bob.id}/follow", headers=h)).status_code == 204
    assert (await http.post(f"/api/v1/users/{alice.id}/follow", headers=bob.headers)).status_code == 204
    start = {"other_user_id": bob.id, "product_id": theirs, "initial_message": "Hello from Alice"}
    conversation = (await http.post("/api/v1/conversations", json=start, headers=h)).json()["id"]
    reply = {"message_type": "text", "content": "Hi Alice, from Bob"}
    assert (
        await http.post(f"/api/v1/conversations/{conversation}/messages", json=reply, headers=bob.headers)
    ).status_code == 201
    offer = await http.post(
        "/api/v1/offers", json={"product_id": theirs, "price": {"amount": 4000, "currency": "EUR"}}, headers=h
    )
    assert offer.status_code == 201, offer.text
    accepted = await http.patch(f"/api/v1/offers/{offer.json()['id']}/accept", headers=bob.headers)
    assert accepted.status_code == 200, accepted.text
    ids = {"own": own, "theirs": theirs, "conversation": conversation, "offer": offer.json()["id"]}
    secrets = [username, email, bio, hood, f"Teapot of {username}", said]  # the display name holds the username
    return Subject(alice, username, email, secrets), bob, ids


async def live_world(http: httpx.AsyncClient, address: str, alice: Subject) -> dict[str, str]:
    """Carol's live stream: Alice wins an auction (her alias leads it, then names the winner
    in the stream's timeline) and enters a giveaway still open at the purge."""
    carol, _, _ = await register(http, "carol")
    lamp, vase = await product(http, carol, "Carol's lamp"), await product(http, carol, "Carol's vase")
    sid = await live_stream(http, carol, [lamp, vase])
    for tagged in (lamp, vase):
        await tag(http, carol, sid, tagged)
    await save_card(http, alice.person)
    async with ws_client(address, alice.person.token) as socket:
        await socket.expect("connected")
        assert (await call(socket, "stream:join", {"stream_id": sid}, "j"))["type"] == "ack"
        body = {"product_id": lamp, "starting_price": {"amount": 1000, "currency": "EUR"}, "duration_s": 5}
        auction = await http.post(f"/api/v1/streams/{sid}/auctions", json=body, headers=carol.headers)
        assert auction.status_code == 201, auction.text
        aid = auction.json()["auction_id"]
        assert (await bid(socket, aid, 1000, "b"))["data"]["leader"] == alice.username
        giveaway = {"product_id": vase, "duration_s": 600}
        started = await http.post(f"/api/v1/streams/{sid}/giveaways", json=giveaway, headers=carol.headers)
        assert started.status_code == 201, started.text
        gid = started.json()["id"]
        entered = await call(socket, "giveaway:enter", {"giveaway_id": gid}, "e")
        assert entered["data"] == {"giveaway_id": gid, "entered": True}
        assert (await socket.expect("auction:ended", timeout=10))["data"]["winner"] == alice.username
    return {"stream": sid, "auction": aid, "giveaway": gid, "lamp": lamp}


async def notification(http: httpx.AsyncClient, person: Person, kind: str) -> dict[str, Any]:
    async with asyncio.timeout(15):
        while True:
            items = (await http.get("/api/v1/notifications", headers=person.headers)).json()["items"]
            found = [n for n in items if n["type"] == kind]
            if found:
                return found[0]
            await asyncio.sleep(0.2)


async def test_export_holds_everything_behind_a_signed_link(sqlite_settings: Settings) -> None:
    app = create_app(replace(sqlite_settings, rate_limit_scale=1000, auction_sweep_s=0.1, auction_extend_s=0))
    async with serving(app) as address, httpx.AsyncClient(base_url=f"http://{address}") as http:
        alice, bob, ids = await world(http)
        live = await live_world(http, address, alice)
        h = alice.person.headers
        await notification(http, alice.person, "offer_accepted")  # notifications are written by a consumer
        started = await http.post("/api/v1/users/me/export", headers=h)
        assert started.status_code == 202, started.text
        ready = await notification(http, alice.person, "data_export_ready")
        assert ready["data"]["export_id"] == started.json()["export_id"]
        link = urlsplit(ready["data"]["url"])
        assert link.path == "/api/v1/exports/download"
        download = await http.get(f"{link.path}?{link.query}")  # no sign-in: the link is the permission
        assert download.status_code == 200, download.text
        assert download.headers["cache-control"] == "private, no-store"
        archive = json.loads(download.content)
        assert archive["profile"]["username"] == alice.username
        assert archive["profile"]["email"] == alice.email
        assert "password_hash" not in archive["profile"]
        assert "argon2" not in download.text
        assert [p["id"] for p in archive["listings"]] == [ids["own"]]
        assert {m["content"] for m in archive["messages"]} >= {"Hello from Alice", "Hi Alice, from Bob"}
        assert [c["id"] for c in archive["conversations"]] == [ids["conversation"]]
        assert [o["id"] for o in archive["offers"]] == [ids["offer"]]
        assert [t["offer_id"] for t in archive["transactions"] if t["offer_id"]] == [ids["offer"]]
        assert [(a["id"], a["leader_id"], a["current_amount"]) for a in archive["auctions"]] == [
            (live["auction"], alice.person.id, 1000)
        ]
        entries = archive["giveaway_entries"]
        assert [(e["giveaway_id"], e["stream_id"], e["won"]) for e in entries] == [
            (live["giveaway"], live["stream"], False)
        ]
        assert [c["content"] for c in archive["comments"]] == [f"Comment by {alice.username}"]
        assert [str(x["target_id"]) for x in archive["likes"]] == [ids["theirs"]]
        assert [f["followee_id"] for f in archive["follows"]["following"]] == [bob.id]
        assert [f["follower_id"] for f in archive["follows"]["followers"]] == [bob.id]
        assert [s["product_id"] for s in archive["saves"]] == [ids["theirs"]]
        assert "offer_accepted" in {n["type"] for n in archive["notifications"]}
        assert archive["media"] == []

        # A tampered or another's link opens nothing; Bob cannot ask for Alice's archive.
        token = link.query.removeprefix("token=")
        forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
        wrong = await http.get(f"/api/v1/exports/download?token={forged}")
        assert (wrong.status_code, wrong.json()["code"]) == (404, "export_not_found")
        bob_items = (await http.get("/api/v1/notifications", headers=bob.headers)).json()["items"]
        assert "data_export_ready" not in {n["type"] for n in bob_items}


async def _purge(container: AsyncContainer, user_id: str, settings: Settings) -> None:
    """Thirty days pass (the request is moved back), then the scheduled job runs."""
    engine = create_engine(settings.database_url)
    try:
        async with engine.begin() as conn:
            back = datetime.now(UTC) - timedelta(days=31)
            await conn.execute(
                update(account_deletions)
                .where(account_deletions.c.user_id == uuid.UUID(user_id))
                .values(requested_at=back)
            )
    finally:
        await engine.dispose()
    await ContainerJobDispatcher(container).dispatch(PURGE_ACCOUNT_JOB, {"user_id": user_id}, JobAttempt(1, 3))


async def _entries_of(settings: Settings, user_id: str) -> int:
    engine = create_engine(settings.database_url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(select(giveaway_entries).where(giveaway_entries.c.user_id == uuid.UUID(user_id)))
            return len(rows.all())
    finally:
        await engine.dispose()


async def _rows_with(settings: Settings, needles: list[str], user_id: str) -> list[tuple[str, str]]:
    """Every (table, needle) where a row of any table still holds a personal value;
    messages are kept on purpose (the other party's conversation)."""
    engine = create_engine(settings.database_url)
    found: list[tuple[str, str]] = []
    try:
        async with engine.connect() as conn:
            for table in metadata.sorted_tables:
                if table.name in ("messages", "alembic_version"):
                    continue
                rows = (await conn.execute(select(*[cast(c, String) for c in table.columns]))).all()
                for row in rows:
                    blob = " ".join(str(v) for v in row if v is not None).lower()
                    found += [(table.name, n) for n in needles if n.lower() in blob]
    finally:
        await engine.dispose()
    return found


@pytest.mark.parametrize(
    "deployment", ["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])]
)
async def test_deletion_grace_then_purge_leaves_no_personal_field(
    deployment: str, request: pytest.FixtureRequest
) -> None:
    fast = {"rate_limit_scale": 1000, "auction_sweep_s": 0.1, "auction_extend_s": 0}
    settings: Settings = replace(request.getfixturevalue(f"{deployment}_settings"), **fast)
    app = create_app(settings)
    async with serving(app) as address, AsyncExitStack() as stack:
        http = await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://{address}"))
        alice, bob, ids = await world(http)
        live = await live_world(http, address, alice)
        h = alice.person.headers
        container = container_of(app)
        blobs = await container.get(BlobStore)
        alice_id = uuid.UUID(alice.person.id)
        uploads = [f"{originals_prefix(alice_id)}m/original.jpg", f"{owner_prefix(alice_id)}m/w320.webp"]
        for key in uploads:
            await blobs.write_stream(key, _chunks(b"jpeg bytes"), "image/jpeg")

        # Confirmation: none, wrong, then right.
        none = await http.request("DELETE", "/api/v1/users/me", json={}, headers=h)
        assert (none.status_code, none.json()["code"]) == (400, "confirmation_required")
        wrong = await http.request("DELETE", "/api/v1/users/me", json={"password": "nope nope nope"}, headers=h)
        assert (wrong.status_code, wrong.json()["code"]) == (403, "invalid_confirmation")
        socket = await stack.enter_async_context(ws_client(address, alice.person.token))
        await socket.expect("connected")
        asked = await http.request("DELETE", "/api/v1/users/me", json={"password": PASSWORD}, headers=h)
        assert asked.status_code == 202, asked.text
        assert "purge_after" in asked.json()
        async with asyncio.timeout(5):
            await socket.ws.wait_closed()
        assert socket.ws.close_code == 4401  # the open socket ends with the sessions
        assert (await http.get("/api/v1/users/me", headers=h)).status_code == 401  # sessions ended at once
        assert (await http.get(f"/api/v1/products/{ids['own']}")).status_code == 404  # listing archived

        # Signing in within the grace period calls the deletion off: the purge then does nothing.
        login = await http.post("/api/v1/auth/login", json={"login": alice.username, "password": PASSWORD})
        assert login.status_code == 200, login.text
        await _purge(container, alice.person.id, settings)
        token = login.json()["tokens"]["access_token"]
        assert (await http.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})).json()[
            "email"
        ] == alice.email

        # Asked again and left alone for 30 days: erased.
        again = await http.request(
            "DELETE", "/api/v1/users/me", json={"password": PASSWORD}, headers={"Authorization": f"Bearer {token}"}
        )
        assert again.status_code == 202
        await _purge(container, alice.person.id, settings)

        assert await _rows_with(settings, alice.secrets, alice.person.id) == []  # the auction's alias too
        # the open giveaway forgets her entry; the won auction keeps its bid, not her name
        assert await _entries_of(settings, alice.person.id) == 0
        auctions = (await http.get(f"/api/v1/streams/{live['stream']}/auctions")).json()
        assert [(a["auction_id"], a["current_bid"]["amount"]) for a in auctions] == [(live["auction"], 1000)]
        for key in uploads:
            assert await blobs.head(key) is None
        gone = await http.post("/api/v1/auth/login", json={"login": alice.username, "password": PASSWORD})
        assert gone.status_code == 401
        # Bob keeps the conversation; Alice shows as "Deleted user"; the sale stays on record.
        history = await http.get(f"/api/v1/conversations/{ids['conversation']}/messages", headers=bob.headers)
        assert {m["content"] for m in history.json()["items"]} >= {"Hello from Alice", "Hi Alice, from Bob"}
        profile = (await http.get(f"/api/v1/users/{alice.person.id}")).json()
        assert profile["display_name"] == "Deleted user"
        assert profile["bio"] == ""
        sales = (await http.get("/api/v1/transactions", headers=bob.headers)).json()["items"]
        assert [t["offer_id"] for t in sales] == [ids["offer"]]


async def _chunks(body: bytes):  # type: ignore[no-untyped-def]
    yield body


async def test_deletion_confirmed_by_a_sign_in_code(api: Any) -> None:
    """``api``: both deployments, with the developer SMS outbox."""
    auth = await api.register()
    phone, headers = auth["user"]["phone"], api.bearer(auth)
    await api.client.post("/api/v1/auth/otp/send", json={"phone": phone, "purpose": "login"})
    code = await api.code_for(phone)
    wrong = await api.client.request("DELETE", "/api/v1/users/me", json={"otp_code": "000000"}, headers=headers)
    if code == "000000":  # pragma: no cover - one chance in a million
        return
    assert (wrong.status_code, wrong.json()["code"]) == (403, "invalid_confirmation")
    right = await api.client.request("DELETE", "/api/v1/users/me", json={"otp_code": code}, headers=headers)
    assert right.status_code == 202, right.text
    assert (await api.client.get("/api/v1/users/me", headers=headers)).status_code == 401
    used = await api.client.request("DELETE", "/api/v1/users/me", json={"otp_code": code}, headers=headers)
    assert used.status_code == 401  # the session ended with the request

    no_phone = await api.register(phone=None, email=f"{unique()}@x.io")
    refused = await api.client.request(
        "DELETE", "/api/v1/users/me", json={"otp_code": "123456"}, headers=api.bearer(no_phone)
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "invalid_confirmation")
