"""The production rehearsal: the whole multi-host layout of the README on this machine, and
one buyer/seller journey through the balancer only — register, upload a video to S3,
list it, offer, chat over WebSocket across the two servers, go live with a real ffmpeg
push, play the signed HLS, end, get the replay."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import websockets

from tests.e2e.rtmp_support import push, stop
from tests.e2e.ws_support import Client
from tests.media_support import Clip, ffprobe_streams
from tests.rehearsal.topology import Topology, production
from tests.support import unique, unique_phone

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

T = TypeVar("T")
PASSWORD = "plum kettle orbit saffron"


async def eventually(probe: Callable[[], Awaitable[T | None]], timeout: float, what: str) -> T:
    deadline = time.monotonic() + timeout
    while (value := await probe()) is None:
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.3)
    return value


async def register(http: httpx.AsyncClient, name: str) -> tuple[str, dict[str, str]]:
    body = {"username": unique(name), "password": PASSWORD, "display_name": name, "phone": unique_phone()}
    answer = await http.post("/api/v1/auth/register", json=body)
    assert answer.status_code == 201, answer.text
    auth = answer.json()
    return auth["user"]["id"], {"Authorization": f"Bearer {auth['tokens']['access_token']}"}


async def socket(http: httpx.AsyncClient, balancer: str, headers: dict[str, str]) -> Client:
    ticket = (await http.post("/api/v1/realtime/ticket", headers=headers)).json()["ticket"]
    ws = await websockets.connect(f"ws://{balancer}/ws?ticket={ticket}")
    client = Client(ws)
    await client.expect("connected", timeout=10)
    return client


def test_the_production_layout_carries_a_whole_buyer_and_seller_journey(tmp_path: Path, clips: dict[str, Clip]) -> None:
    started = time.monotonic()
    with production(tmp_path) as topology:
        asyncio.run(journey(topology, clips["small"]))
        for name in ("server-1", "server-2", "worker"):
            log = topology.log(name)
            assert "Traceback" not in log, f"{name}:\n{log[-4000:]}"
            assert "POOL GUARD VIOLATION" not in log, name
    print(f"\nrehearsal: {time.monotonic() - started:.1f} s")


async def journey(topology: Topology, clip: Clip) -> None:
    balancer = topology.balancer
    async with httpx.AsyncClient(base_url=f"http://{balancer}", timeout=30) as http:
        seller_id, seller = await register(http, "seller")
        buyer_id, buyer = await register(http, "buyer")

        # a video, uploaded straight to S3 and processed by the worker
        data = clip.path.read_bytes()
        files = [{"content_type": "video/quicktime", "size_bytes": len(data), "filename": "camera.mov"}]
        urls = await http.post("/api/v1/media/upload-url", json={"kind": "video", "files": files}, headers=seller)
        assert urls.status_code == 201, urls.text
        (upload,) = urls.json()["uploads"]
        assert upload["method"] == "POST"
        assert upload["url"].startswith(topology.env["SOUK_S3_ENDPOINT_URL"])
        async with httpx.AsyncClient() as s3:
            stored = await s3.post(
                upload["url"], data=upload["fields"], files={"file": ("camera.mov", data, "video/quicktime")}
            )
        assert stored.status_code in (200, 201, 204), stored.text
        job = await http.post("/api/v1/media/video/process", json={"media_id": upload["media_id"]}, headers=seller)
        assert job.status_code == 202, job.text

        async def processed() -> dict[str, Any] | None:
            status = (await http.get(f"/api/v1/media/status/{job.json()['job_id']}", headers=seller)).json()
            assert status["status"] != "failed", status
            return status if status["status"] == "succeeded" else None

        status = await eventually(processed, 120, "the worker to process the video")
        assert any(s.get("codec_type") == "video" for s in ffprobe_streams(status["outputs"]["hls_url"]))

        # listed with its video
        category = (await http.get("/api/v1/categories")).json()[0]["children"][0]["id"]
        product = {
            "title": "Vintage camera",
            "price": {"amount": 9900, "currency": "EUR"},
            "category_id": category,
            "condition": "good",
            "feed_type": "discover",
            "video_media_id": upload["media_id"],
        }
        listed = await http.post("/api/v1/products", json=product, headers=seller)
        assert listed.status_code == 201, listed.text
        product_id = listed.json()["id"]
        shown = (await http.get(f"/api/v1/products/{product_id}")).json()
        assert shown["video"]["hls_url"] == status["outputs"]["hls_url"]

        # chat and an offer over WebSocket, the two sockets on different servers
        seller_socket = await socket(http, balancer, seller)
        buyer_socket = await socket(http, balancer, buyer)
        try:
            accepted = [topology.log(f"server-{i}").count("WebSocket /ws") for i in (1, 2)]
            assert accepted == [1, 1], f"sockets per server: {accepted}"
            opened = await http.post(
                "/api/v1/conversations", json={"other_user_id": seller_id, "product_id": product_id}, headers=buyer
            )
            assert opened.status_code in (200, 201), opened.text
            conversation = opened.json()["id"]
            for client in (seller_socket, buyer_socket):
                await client.send("conversation:join", {"conversation_id": conversation}, ref="j")
                await client.expect("ack", timeout=10)
            await buyer_socket.send(
                "message:send", {"conversation_id": conversation, "message_type": "text", "content": "Still there?"}
            )
            heard = await seller_socket.expect("message:new", timeout=10)
            assert heard["data"]["content"] == "Still there?"
            offer = await http.post(
                "/api/v1/offers", json={"product_id": product_id, "price": {"amount": 8500, "currency": "EUR"}},
                headers=buyer,
            )  # fmt: skip
            assert offer.status_code == 201, offer.text
            told = await seller_socket.expect("offer:new", timeout=10)
            assert told["data"]["id"] == offer.json()["id"]
        finally:
            await seller_socket.ws.close()
            await buyer_socket.ws.close()
        assert buyer_id != seller_id

        await live(http, topology, seller, product_id)


async def live(http: httpx.AsyncClient, topology: Topology, seller: dict[str, str], product_id: str) -> None:
    stream = (
        await http.post("/api/v1/streams", json={"title": "On air", "product_ids": [product_id]}, headers=seller)
    ).json()
    sid = stream["id"]
    settings = await http.patch(f"/api/v1/streams/{sid}/settings", json={"record_stream": True}, headers=seller)
    assert settings.status_code == 200, settings.text
    went = (await http.post(f"/api/v1/streams/{sid}/go-live", headers=seller)).json()
    pusher = await push(f"{went['ingest']['rtmp_url']}/{went['ingest']['stream_key']}", seconds=8)
    try:

        async def playlist() -> str | None:
            async with httpx.AsyncClient() as player:
                answer = await player.get(went["playback_url"])
            return answer.text if answer.status_code == 200 and "#EXTINF" in answer.text else None

        text = await eventually(playlist, 60, "the signed HLS playlist")
        assert text.startswith("#EXTM3U")
        receiving = (await http.get(f"/api/v1/streams/{sid}")).json()
        assert receiving["ingest_state"] == "receiving"
        assert await asyncio.wait_for(pusher.wait(), 60) == 0
    finally:
        await stop(pusher)

    async def interrupted() -> dict[str, Any] | None:
        shown = (await http.get(f"/api/v1/streams/{sid}")).json()
        return shown if shown["ingest_state"] == "interrupted" else None

    await eventually(interrupted, 30, "the push to end")
    ended = await http.post(f"/api/v1/streams/{sid}/end", headers=seller)
    assert ended.status_code == 200, ended.text

    async def replay() -> dict[str, Any] | None:
        shown = (await http.get(f"/api/v1/streams/{sid}")).json()
        return shown["replay"] if shown["replay"] and shown["replay"]["hls_url"] else None

    replayed = await eventually(replay, 150, "the replay")
    assert 6.0 <= replayed["duration_s"] <= 10.0, replayed
    assert replayed["hls_url"].startswith(topology.env["SOUK_S3_ENDPOINT_URL"])
    async with httpx.AsyncClient() as player:
        master = await player.get(replayed["hls_url"])
    assert master.status_code == 200
    assert "#EXT-X-STREAM-INF" in master.text
    for name in ("server-1", "server-2", "worker"):
        assert "streams.recording_missing" not in topology.log(name)
