"""Issue 17, reports and staff: a report flows from its reporter to a moderator, to an
action, to the audit log, and back to the reporter as its outcome; staff routes answer
404 to everyone else; suspension ends sessions, hides content and refuses login (one
process here; across two in test_suspension_processes), on both deployments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from souk.application.accounts.set_role import SetRole
from souk.bootstrap.container import build_container
from souk.bootstrap.settings import Settings
from souk.domain.accounts.values import Role
from tests.e2e.conftest import Api
from tests.e2e.test_catalog import create


async def grant(settings: Settings, auth: dict[str, Any], role: Role) -> None:
    """What ``souk users role`` does (the CLI is driven in test_suspension_processes)."""
    container = build_container(settings)
    try:
        async with container() as request:
            await (await request.get(SetRole))(auth["user"]["username"], role)
    finally:
        await container.close()


@pytest.fixture
async def staff(api: Api, backend_settings: Settings) -> dict[str, Any]:
    moderator = await api.register()
    await grant(backend_settings, moderator, Role.MODERATOR)
    return moderator


def ids(page: dict[str, Any]) -> set[str]:
    return {item["id"] for item in page["items"]}


async def expect(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json() if response.content else {}
    if code is not None:
        assert body["code"] == code, body
    return body


async def test_a_report_flows_to_a_moderator_who_takes_the_listing_down(api: Api, staff: dict[str, Any]) -> None:
    c = api.client
    seller, reporter = await api.register(), await api.register()
    title = f"Designer watch {seller['user']['id'][:8]}"
    listing = await create(api, seller, title=title, feed_type="discover")
    R, S, M = api.bearer(reporter), api.bearer(seller), api.bearer(staff)
    body = {"target_type": "product", "target_id": listing["id"], "reason": "counterfeit", "note": "fake logo"}

    filed = await expect(await c.post("/api/v1/reports", json=body, headers=R), 201)
    assert (filed["status"], filed["action"], filed["reason"], filed["note"]) == (
        "open",
        None,
        "counterfeit",
        "fake logo",
    )
    await expect(await c.post("/api/v1/reports", json=body, headers=R), 409, "report_already_open")
    await expect(await c.post("/api/v1/reports", json=body, headers=S), 403, "cannot_report_self")
    await expect(await c.post("/api/v1/reports", json={**body, "reason": "ugly"}, headers=R), 400, "validation_error")
    missing = {**body, "target_id": "00000000-0000-7000-8000-000000000000"}
    await expect(await c.post("/api/v1/reports", json=missing, headers=R), 404, "report_target_not_found")
    assert (await c.post("/api/v1/reports", json=body)).status_code == 401

    # staff routes do not exist for anyone else
    for who in (R, S):
        await expect(await c.get("/api/v1/admin/reports", headers=who), 404, "not_found")
        await expect(await c.get("/api/v1/admin/audit-log", headers=who), 404, "not_found")
        take = await c.post(f"/api/v1/admin/products/{listing['id']}/takedown", json={"reason": "x"}, headers=who)
        await expect(take, 404, "not_found")
    assert (await c.get("/api/v1/admin/reports")).status_code == 401

    queue = await expect(await c.get("/api/v1/admin/reports?status=open&limit=100", headers=M), 200)
    [queued] = [r for r in queue["items"] if r["id"] == filed["id"]]
    assert title in queued["content"]
    assert queued["target_owner_id"] == seller["user"]["id"]
    resolve = f"/api/v1/admin/reports/{filed['id']}/resolve"
    await expect(await c.post(resolve, json={"action": "remove", "reason": "  "}, headers=M), 400)
    done = await expect(await c.post(resolve, json={"action": "remove", "reason": "counterfeit goods"}, headers=M), 200)
    assert (done["status"], done["action"], done["resolution"]) == ("resolved", "remove", "counterfeit goods")
    await expect(await c.post(resolve, json={"action": "dismiss", "reason": "again"}, headers=M), 409)

    # the listing is gone from every public read, for good
    await expect(await c.get(f"/api/v1/products/{listing['id']}"), 404, "product_not_found")
    assert listing["id"] not in ids((await c.get("/api/v1/feeds/discover?limit=100")).json())
    assert listing["id"] not in ids((await c.get(f"/api/v1/products/search?q={title.replace(' ', '+')}")).json())
    await expect(await c.post(f"/api/v1/products/{listing['id']}/restore", headers=S), 403, "product_taken_down")
    # the reporter sees the outcome
    mine = await expect(await c.get("/api/v1/reports/mine", headers=R), 200)
    assert [(r["id"], r["status"], r["action"]) for r in mine["items"]] == [(filed["id"], "resolved", "remove")]
    assert "resolution" not in mine["items"][0]  # staff's note stays with staff
    # and the audit log holds both staff actions, with actor, target, reason and time
    log = await expect(await c.get("/api/v1/admin/audit-log", headers=M), 200)
    mine_entries = [e for e in log["items"] if e["target_id"] in (filed["id"], listing["id"])]
    assert {(e["action"], e["actor_id"]) for e in mine_entries} == {
        ("resolve_report", staff["user"]["id"]),
        ("takedown_product", staff["user"]["id"]),
    }
    assert all(e["reason"].endswith("counterfeit goods") and e["at"] for e in mine_entries)
    # what is gone cannot be reported again
    await expect(await c.post("/api/v1/reports", json=body, headers=R), 404, "report_target_not_found")


async def test_suspension_ends_sessions_hides_content_and_refuses_login(
    api: Api, staff: dict[str, Any], backend_settings: Settings
) -> None:
    c = api.client
    rogue, reporter, other = await api.register(), await api.register(), await api.register()
    listing = await create(api, rogue, feed_type="discover")
    rogue_id = rogue["user"]["id"]
    M = api.bearer(staff)
    report = {"target_type": "user", "target_id": rogue_id, "reason": "scam"}
    filed = await expect(await c.post("/api/v1/reports", json=report, headers=api.bearer(reporter)), 201)
    resolve = f"/api/v1/admin/reports/{filed['id']}/resolve"
    await expect(await c.post(resolve, json={"action": "suspend", "reason": "scam"}, headers=M), 400)
    await expect(await c.post(resolve, json={"action": "remove", "reason": "scam"}, headers=M), 400)
    until = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0)
    body = {"action": "suspend", "reason": "scamming buyers", "until": until.isoformat()}
    await expect(await c.post(resolve, json=body, headers=M), 200)

    await expect(await c.get("/api/v1/users/me", headers=api.bearer(rogue)), 401)
    refresh = await c.post("/api/v1/auth/refresh", json={"refresh_token": rogue["tokens"]["refresh_token"]})
    assert refresh.status_code == 401
    login = {"login": rogue["user"]["username"], "password": rogue["password"]}
    refused = await expect(await c.post("/api/v1/auth/login", json=login), 403, "account_suspended")
    assert refused["suspended_until"] == until.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert listing["id"] not in ids((await c.get("/api/v1/feeds/discover?limit=100")).json())
    await expect(await c.get(f"/api/v1/products/{listing['id']}", headers=api.bearer(other)), 404)
    await expect(await c.get(f"/api/v1/users/{rogue_id}"), 404, "user_not_found")

    reinstate = f"/api/v1/admin/users/{rogue_id}/reinstate"
    await expect(await c.post(reinstate, json={"reason": "appeal accepted"}, headers=M), 204)
    back = await expect(await c.post("/api/v1/auth/login", json=login), 200)
    assert back["user"]["id"] == rogue_id
    assert listing["id"] in ids((await c.get("/api/v1/feeds/discover?limit=100")).json())

    # a ban has no end date
    ban = await expect(
        await c.post(f"/api/v1/admin/users/{rogue_id}/suspend", json={"reason": "repeat offender"}, headers=M), 200
    )
    assert (ban["banned"], ban["until"]) == (True, None)
    refused = await expect(await c.post("/api/v1/auth/login", json=login), 403, "account_suspended")
    assert refused["suspended_until"] is None
    past = {"reason": "x", "until": "2020-01-01T00:00:00Z"}
    await expect(await c.post(f"/api/v1/admin/users/{other['user']['id']}/suspend", json=past, headers=M), 400)
    naive = {"reason": "x", "until": "2030-01-01T00:00:00"}
    await expect(await c.post(f"/api/v1/admin/users/{other['user']['id']}/suspend", json=naive, headers=M), 400)
    log = (await c.get("/api/v1/admin/audit-log?limit=100", headers=M)).json()["items"]
    actions = [e["action"] for e in log if e["target_id"] == rogue_id]
    assert actions == ["ban", "reinstate", "suspend"]  # newest first


async def test_moderators_cannot_act_on_staff_but_admins_can(
    api: Api, staff: dict[str, Any], backend_settings: Settings
) -> None:
    boss, colleague = await api.register(), await api.register()
    await grant(backend_settings, boss, Role.ADMIN)
    await grant(backend_settings, colleague, Role.MODERATOR)
    url = f"/api/v1/admin/users/{colleague['user']['id']}/suspend"
    body = {"reason": "abuse of power"}
    await expect(await api.client.post(url, json=body, headers=api.bearer(staff)), 403, "cannot_moderate_staff")
    own = f"/api/v1/admin/users/{staff['user']['id']}/suspend"
    await expect(await api.client.post(own, json=body, headers=api.bearer(staff)), 403, "cannot_moderate_staff")
    await expect(await api.client.post(url, json=body, headers=api.bearer(boss)), 200)


async def test_staff_take_down_streams_and_comments(api: Api, staff: dict[str, Any]) -> None:
    c = api.client
    seller, fan = await api.register(), await api.register()
    listing = await create(api, seller, feed_type="discover")
    S, M = api.bearer(seller), api.bearer(staff)
    stream = await expect(
        await c.post("/api/v1/streams", json={"title": "Night sale", "product_ids": [listing["id"]]}, headers=S), 201
    )
    comment = await expect(
        await c.post(
            f"/api/v1/products/{listing['id']}/comments", json={"content": "spam spam"}, headers=api.bearer(fan)
        ),
        201,
    )
    await expect(await c.delete(f"/api/v1/admin/comments/{comment['id']}", headers=M), 400)
    await expect(await c.delete(f"/api/v1/admin/comments/{comment['id']}?reason=spam", headers=M), 204)
    assert (await c.get(f"/api/v1/products/{listing['id']}/comments")).json()["items"] == []
    await expect(await c.delete(f"/api/v1/admin/comments/{comment['id']}?reason=spam", headers=M), 404)
    takedown = f"/api/v1/admin/streams/{stream['id']}/takedown"
    await expect(await c.post(takedown, json={"reason": "prohibited items"}, headers=M), 204)
    ended = (await c.get(f"/api/v1/streams/{stream['id']}", headers=S)).json()
    assert ended["status"] == "cancelled"  # a draft is cancelled; a live one ends (test_suspension_processes)
    nobody = "/api/v1/admin/streams/00000000-0000-7000-8000-000000000000/takedown"
    await expect(await c.post(nobody, json={"reason": "x"}, headers=M), 404)


async def test_a_warning_reaches_the_author_as_a_notification(api: Api, staff: dict[str, Any]) -> None:
    c = api.client
    author, reporter = await api.register(), await api.register()
    listing = await create(api, author, feed_type="discover")
    comments = f"/api/v1/products/{listing['id']}/comments"
    comment = await expect(await c.post(comments, json={"content": "rude words"}, headers=api.bearer(author)), 201)
    body = {"target_type": "comment", "target_id": comment["id"], "reason": "harassment"}
    filed = await expect(await c.post("/api/v1/reports", json=body, headers=api.bearer(reporter)), 201)
    resolve = f"/api/v1/admin/reports/{filed['id']}/resolve"
    await expect(await c.post(resolve, json={"action": "warn", "reason": "Be civil"}, headers=api.bearer(staff)), 200)
    inbox = (await c.get("/api/v1/notifications", headers=api.bearer(author))).json()["items"]
    assert [(n["type"], n["data"]) for n in inbox] == [("moderation_warning", {"reason": "Be civil"})]
    assert len((await c.get(comments)).json()["items"]) == 1  # a warning removes nothing
