"""Go Live over HTTP, exactly as API.md "Streams" says, on both deployments."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Api
from tests.e2e.test_catalog import create


async def new_stream(api: Api, seller: dict[str, Any], products: list[str], **extra: Any) -> dict[str, Any]:
    body = {"title": "Friday vintage drop", "product_ids": products, **extra}
    response = await api.client.post("/api/v1/streams", json=body, headers=api.bearer(seller))
    assert response.status_code == 201, response.text
    stream: dict[str, Any] = response.json()
    return stream


async def test_go_live_flow_tag_end_and_analytics(api: Api) -> None:
    seller, buyer, stranger = await api.register(), await api.register(), await api.register()
    sb, bb = api.bearer(seller), api.bearer(buyer)
    first, second = await create(api, seller), await create(api, seller, title="Leather jacket")
    stream = await new_stream(api, seller, [first["id"]], description="Come and see")
    sid = stream["id"]
    assert (stream["status"], stream["ingest_state"], stream["playback_url"]) == ("draft", None, None)
    assert stream["seller"]["id"] == seller["user"]["id"]
    assert stream["settings"]["audience"] == "everyone"

    attached = await api.client.post(
        f"/api/v1/streams/{sid}/products", json={"product_ids": [second["id"]]}, headers=sb
    )
    assert attached.status_code == 200, attached.text
    assert [p["product"]["id"] for p in attached.json()] == [first["id"], second["id"]]
    listed = (await api.client.get(f"/api/v1/streams/{sid}/products")).json()
    assert listed[1]["product"] == (await api.client.get(f"/api/v1/products/{second['id']}")).json()
    assert (listed[0]["featured"], listed[0]["x"], listed[0]["clicks"]) == (False, None, 0)

    patched = await api.client.patch(
        f"/api/v1/streams/{sid}/settings", json={"enable_chat": False, "estimated_duration_min": 45}, headers=sb
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["settings"]["enable_chat"] is False
    assert patched.json()["settings"]["estimated_duration_min"] == 45

    not_owner = await api.client.post(f"/api/v1/streams/{sid}/go-live", headers=bb)
    assert (not_owner.status_code, not_owner.json()["code"]) == (403, "not_stream_owner")
    live = await api.client.post(f"/api/v1/streams/{sid}/go-live", headers=sb)
    assert live.status_code == 200, live.text
    body = live.json()
    key = body["ingest"]["stream_key"]
    assert body["stream"]["status"] == "live"
    assert body["stream"]["ingest_state"] == "waiting"
    assert body["ingest"]["rtmp_url"] == "rtmp://127.0.0.1:1935/live"
    assert body["playback_url"].endswith(f"/{sid}.m3u8")
    assert key not in body["playback_url"]
    assert len(key) >= 32  # 256 random bits, url-safe
    public = (await api.client.get(f"/api/v1/streams/{sid}")).json()
    assert key not in str(public)
    assert public["playback_url"] == body["playback_url"]
    again = (await api.client.post(f"/api/v1/streams/{sid}/go-live", headers=sb)).json()
    assert again["ingest"]["stream_key"] != key  # a fresh key; the old one is dead

    live_list = (await api.client.get("/api/v1/streams?status=live")).json()
    assert sid in [s["id"] for s in live_list["items"]]
    feed = (await api.client.get("/api/v1/feeds/discover")).json()
    assert sid in [s["id"] for s in feed["live_now"]]

    other = await new_stream(api, seller, [second["id"]])
    twice = await api.client.post(f"/api/v1/streams/{other['id']}/go-live", headers=sb)
    assert (twice.status_code, twice.json()["code"]) == (409, "already_live")

    tagged = await api.client.post(
        f"/api/v1/streams/{sid}/products/{second['id']}/tag",
        json={"x": 0.25, "y": 0.75, "timestamp_s": 12.5, "featured": True},
        headers=sb,
    )
    assert tagged.status_code == 200, tagged.text
    assert (tagged.json()["x"], tagged.json()["y"], tagged.json()["featured"]) == (0.25, 0.75, True)
    await api.client.post(
        f"/api/v1/streams/{sid}/products/{first['id']}/tag",
        json={"x": 0.5, "y": 0.5, "timestamp_s": 20, "featured": True},
        headers=sb,
    )
    products = (await api.client.get(f"/api/v1/streams/{sid}/products")).json()
    assert [p["featured"] for p in products] == [True, False]  # one pin at a time

    # A viewer inquires and buys during the stream: they count for the product.
    offer = (
        await api.client.post(
            "/api/v1/offers",
            json={"product_id": first["id"], "price": {"amount": 20000, "currency": "EUR"}},
            headers=bb,
        )
    ).json()
    accepted = await api.client.patch(f"/api/v1/offers/{offer['id']}/accept", headers=sb)
    assert accepted.status_code == 200, accepted.text

    assert (await api.client.get(f"/api/v1/streams/{sid}/analytics", headers=api.bearer(stranger))).status_code == 403
    ended = await api.client.post(f"/api/v1/streams/{sid}/end", headers=sb)
    assert ended.status_code == 200, ended.text
    result = ended.json()
    assert result["stream"]["status"] == "ended"
    assert result["stream"]["playback_url"] is None
    by_product = {p["product_id"]: p for p in result["analytics"]["products"]}
    assert (by_product[first["id"]]["inquiries"], by_product[first["id"]]["purchases"]) == (1, 1)
    assert (by_product[second["id"]]["inquiries"], by_product[second["id"]]["purchases"]) == (0, 0)
    on_demand = (await api.client.get(f"/api/v1/streams/{sid}/analytics", headers=sb)).json()
    assert on_demand == result["analytics"]
    assert (await api.client.post(f"/api/v1/streams/{sid}/end", headers=sb)).json()["code"] == "stream_finished"
    assert (await api.client.post(f"/api/v1/streams/{sid}/go-live", headers=sb)).status_code == 409
    assert sid not in [s["id"] for s in (await api.client.get("/api/v1/streams?status=live")).json()["items"]]
    assert sid in [s["id"] for s in (await api.client.get("/api/v1/streams?status=ended")).json()["items"]]
    assert (await api.client.post(f"/api/v1/streams/{other['id']}/go-live", headers=sb)).status_code == 200


async def test_bad_stream_requests_are_problem_details(api: Api) -> None:
    seller, other = await api.register(), await api.register()
    mine, theirs = await create(api, seller), await create(api, other)
    sb = api.bearer(seller)
    cases = [
        ({"title": "x", "product_ids": [mine["id"]]}, 400, "invalid_stream"),
        ({"title": "Good title", "product_ids": []}, 400, "validation_error"),
        ({"title": "Good title", "product_ids": [theirs["id"]]}, 403, "product_not_yours"),
        ({"title": "Good title", "product_ids": ["00000000-0000-0000-0000-000000000000"]}, 404, "product_not_found"),
        ({"title": "Good title", "product_ids": [mine["id"]], "colour": "red"}, 400, "validation_error"),
    ]
    for body, status, code in cases:
        response = await api.client.post("/api/v1/streams", json=body, headers=sb)
        assert (response.status_code, response.json()["code"]) == (status, code), (body, response.text)
    anonymous = await api.client.post("/api/v1/streams", json={"title": "Good title", "product_ids": [mine["id"]]})
    assert anonymous.status_code == 401
    stream = await new_stream(api, seller, [mine["id"]])
    sid = stream["id"]
    for body in ({"x": 1.5, "y": 0, "timestamp_s": 0}, {"x": 0, "y": 0, "timestamp_s": -1}, {"x": 0, "y": 0}):
        bad = await api.client.post(f"/api/v1/streams/{sid}/products/{mine['id']}/tag", json=body, headers=sb)
        assert (bad.status_code, bad.json()["code"]) == (400, "validation_error")
    unattached = await api.client.post(
        f"/api/v1/streams/{sid}/products/{theirs['id']}/tag", json={"x": 0, "y": 0, "timestamp_s": 0}, headers=sb
    )
    assert (unattached.status_code, unattached.json()["code"]) == (404, "product_not_in_stream")
    settings = await api.client.patch(f"/api/v1/streams/{sid}/settings", json={"audience": "anyone"}, headers=sb)
    assert settings.status_code == 400
    home = await api.client.patch(f"/api/v1/streams/{sid}/settings", json={"audience": "neighborhood"}, headers=sb)
    assert (home.status_code, home.json()["code"]) == (400, "home_location_required")
    assert (await api.client.get("/api/v1/streams/00000000-0000-0000-0000-000000000000")).status_code == 404
    assert (await api.client.get("/api/v1/streams?status=nope")).status_code == 400
    cancelled = (await api.client.post(f"/api/v1/streams/{sid}/end", headers=sb)).json()
    assert cancelled["stream"]["status"] == "cancelled"
    assert cancelled["analytics"]["unique_viewers"] == 0


async def test_go_live_honours_an_idempotency_key(api: Api) -> None:
    seller = await api.register()
    product = await create(api, seller)
    first, second = await new_stream(api, seller, [product["id"]]), await new_stream(api, seller, [product["id"]])
    headers = {**api.bearer(seller), "Idempotency-Key": "go-live-1"}
    once = await api.client.post(f"/api/v1/streams/{first['id']}/go-live", headers=headers)
    retry = await api.client.post(f"/api/v1/streams/{first['id']}/go-live", headers=headers)
    assert (once.status_code, retry.status_code) == (200, 200)
    assert once.json()["stream"]["started_at"] == retry.json()["stream"]["started_at"]
    assert once.json()["ingest"]["stream_key"] != retry.json()["ingest"]["stream_key"]  # never stored in clear
    reused = await api.client.post(f"/api/v1/streams/{second['id']}/go-live", headers=headers)
    assert (reused.status_code, reused.json()["code"]) == (409, "idempotency_key_reused")
