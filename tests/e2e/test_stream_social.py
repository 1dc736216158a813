"""Live selling meets the social layer: going live notifies followers (not the seller) and
neighbours, streams take likes (counted on the stream), and replays take comments that notify their owner — on both
deployments, through API.md's routes only."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest

from souk.bootstrap.settings import Settings
from souk.bootstrap.worker import run_worker
from tests.e2e.conftest import Api
from tests.e2e.test_catalog import create
from tests.e2e.test_social import notifications
from tests.e2e.test_streams import new_stream


@pytest.fixture
async def job_runner(backend_settings: Settings) -> AsyncIterator[None]:
    """The embedded deployment runs jobs in the server; with Redis a ``souk worker`` does."""
    if backend_settings.is_sqlite:
        yield
        return
    worker = asyncio.create_task(run_worker(backend_settings))
    try:
        yield
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker


@pytest.mark.usefixtures("job_runner")
async def test_going_live_notifies_followers_and_replays_take_likes_and_comments(api: Api) -> None:
    seller, fan, passer_by = await api.register(), await api.register(), await api.register()
    product = await create(api, seller)
    follow = f"/api/v1/users/{seller['user']['id']}/follow"
    assert (await api.client.post(follow, headers=api.bearer(fan))).status_code == 204
    stream = await new_stream(api, seller, [product["id"]])
    sid = stream["id"]

    live = await api.client.post(f"/api/v1/streams/{sid}/go-live", headers=api.bearer(seller))
    assert live.status_code == 200, live.text
    inbox = await notifications(api, fan, 1)
    assert [item["type"] for item in inbox] == ["followed_seller_live"]
    assert inbox[0]["data"]["stream_id"] == sid
    assert [i["type"] for i in await notifications(api, seller, 1)] == ["new_follower"]  # nothing for going live
    assert await notifications(api, passer_by, 0) == []

    like = f"/api/v1/streams/{sid}/like"
    assert (await api.client.post(like, headers=api.bearer(fan))).status_code == 204
    assert (await api.client.post(like, headers=api.bearer(fan))).status_code == 204
    assert (await api.client.get(f"/api/v1/streams/{sid}")).json()["likes_count"] == 1  # once per user
    comments = f"/api/v1/streams/{sid}/comments"
    during = await api.client.post(comments, json={"content": "love it"}, headers=api.bearer(fan))
    assert (during.status_code, during.json()["code"]) == (403, "comments_disabled")  # a replay only

    assert (await api.client.post(f"/api/v1/streams/{sid}/end", headers=api.bearer(seller))).status_code == 200
    after = await api.client.post(comments, json={"content": "great show"}, headers=api.bearer(fan))
    assert after.status_code == 201, after.text
    listed = (await api.client.get(comments)).json()["items"]
    assert [c["content"] for c in listed] == ["great show"]
    assert [i["type"] for i in await notifications(api, seller, 2)] == ["new_comment", "new_follower"]


@pytest.mark.usefixtures("job_runner")
async def test_going_live_to_the_neighbourhood_notifies_neighbours(api: Api) -> None:
    seller, neighbour, far_away = await api.register(), await api.register(), await api.register()
    for who, lat in ((seller, -33.900), (neighbour, -33.930), (far_away, -34.200)):  # 0, 3.3 and 33 km
        moved = await api.client.patch(
            "/api/v1/users/me", json={"location": {"lat": lat, "lng": 18.42}}, headers=api.bearer(who)
        )
        assert moved.status_code == 200, moved.text
    stream = await new_stream(api, seller, [(await create(api, seller))["id"]])
    sid = stream["id"]
    changes = {"notify_followers": False, "notify_neighborhood": True}
    patched = await api.client.patch(f"/api/v1/streams/{sid}/settings", json=changes, headers=api.bearer(seller))
    assert patched.status_code == 200, patched.text

    assert (await api.client.post(f"/api/v1/streams/{sid}/go-live", headers=api.bearer(seller))).status_code == 200
    inbox = await notifications(api, neighbour, 1)
    assert [item["type"] for item in inbox] == ["nearby_seller_live"]
    assert inbox[0]["data"]["stream_id"] == sid
    assert await notifications(api, far_away, 0) == []
    assert await notifications(api, seller, 0) == []
