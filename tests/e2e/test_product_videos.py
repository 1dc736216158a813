"""Listings take a processed video of their seller's and show where to play it."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Api
from tests.e2e.test_catalog import create, product_body
from tests.e2e.test_media_embedded import embedded, path_of, put, upload_urls, wait_for_job
from tests.media_support import Clip

__all__ = ["embedded"]  # the fixture, re-used


async def uploaded_video(api: Api, auth: dict[str, Any], clip: Clip, *, process: bool) -> str:
    data = clip.path.read_bytes()
    (upload,) = (await upload_urls(api, auth, "video", (clip.content_type, len(data)))).json()["uploads"]
    assert (await put(api, upload, data)).status_code == 200
    if process:
        started = await api.client.post(
            "/api/v1/media/video/process", json={"media_id": upload["media_id"]}, headers=api.bearer(auth)
        )
        assert (await wait_for_job(api, auth, started.json()["job_id"]))["status"] == "succeeded"
    media_id: str = upload["media_id"]
    return media_id


async def test_a_ready_video_shows_in_the_listing_and_the_feeds(embedded: Api, clips: dict[str, Clip]) -> None:
    api = embedded
    seller = await api.register()
    media_id = await uploaded_video(api, seller, clips["small"], process=True)
    product = await create(api, seller, video_media_id=media_id, feed_type="discover")
    video = product["video"]
    assert video["media_id"] == media_id
    assert video["hls_url"].endswith(".m3u8")
    assert video["thumbnail_url"]
    assert video["dash_url"].endswith(".mpd")
    assert video["duration_s"] > 0
    master = await api.client.get(path_of(video["hls_url"]))
    assert master.status_code == 200
    assert "#EXTM3U" in master.text
    feed = (await api.client.get("/api/v1/feeds/discover?limit=100")).json()
    mine = next(item for item in feed["items"] if item["id"] == product["id"])
    assert mine["video"] == video
    plain = await create(api, seller)
    assert plain["video"] is None


async def test_only_the_sellers_own_ready_video_can_be_attached(embedded: Api, clips: dict[str, Clip]) -> None:
    api = embedded
    seller, stranger = await api.register(), await api.register()
    unprocessed = await uploaded_video(api, seller, clips["small"], process=False)
    foreign = await uploaded_video(api, stranger, clips["small"], process=True)
    headers = api.bearer(seller)
    cases = [(unprocessed, 409, "video_not_ready"), (foreign, 404, "media_not_found")]
    for media_id, status, code in cases:
        response = await api.client.post(
            "/api/v1/products", json=product_body(video_media_id=media_id), headers=headers
        )
        assert (response.status_code, response.json()["code"]) == (status, code), response.text
    product = await create(api, seller)
    edit = await api.client.patch(
        f"/api/v1/products/{product['id']}", json={"video_media_id": foreign}, headers=headers
    )
    assert (edit.status_code, edit.json()["code"]) == (404, "media_not_found")
    assert (await api.client.get(f"/api/v1/products/{product['id']}")).json()["video"] is None
