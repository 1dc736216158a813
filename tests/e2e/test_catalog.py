from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest

from souk.domain.catalog.default_categories import category_id
from souk.domain.shared.geo import GeoPoint
from tests.e2e.conftest import Api

BIKES = str(category_id("bicycles"))
PHONES = str(category_id("phones"))


def product_body(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Road bike",
        "description": "Aluminium frame, 54 cm",
        "price": {"amount": 25000, "currency": "EUR"},
        "category_id": BIKES,
        "condition": "good",
        "feed_type": "community",
        "location": {"lat": 48.8566, "lng": 2.3522},
        **overrides,
    }


async def create(api: Api, auth: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    response = await api.client.post("/api/v1/products", json=product_body(**overrides), headers=api.bearer(auth))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_create_read_and_public_location_is_coarse(api: Api) -> None:
    seller = await api.register()
    created = await create(api, seller)
    assert created["status"] == "available"
    assert created["seller"]["id"] == seller["user"]["id"]
    assert created["price"] == {"amount": 25000, "currency": "EUR"}
    assert created["location"] != {"lat": 48.8566, "lng": 2.3522}
    read = (await api.client.get(f"/api/v1/products/{created['id']}")).json()
    assert read["location"] == created["location"]
    assert read["title"] == "Road bike"


async def test_only_the_seller_edits_archives_and_marks_sold(api: Api) -> None:
    seller, other = await api.register(), await api.register()
    product = await create(api, seller)
    url = f"/api/v1/products/{product['id']}"
    for response in (
        await api.client.patch(url, json={"title": "Hijacked"}, headers=api.bearer(other)),
        await api.client.delete(url, headers=api.bearer(other)),
        await api.client.post(f"{url}/mark-sold", headers=api.bearer(other)),
    ):
        assert response.status_code == 403, response.text
        assert response.json()["code"] == "not_the_seller"
    unchanged = (await api.client.get(url)).json()
    assert (unchanged["title"], unchanged["status"]) == ("Road bike", "available")

    edited = await api.client.patch(url, json={"title": "Road bike, new tyres"}, headers=api.bearer(seller))
    assert edited.status_code == 200
    assert edited.json()["title"] == "Road bike, new tyres"
    status_patch = await api.client.patch(url, json={"status": "sold"}, headers=api.bearer(seller))
    assert status_patch.status_code == 400
    assert status_patch.json()["code"] == "validation_error"
    sold = await api.client.post(f"{url}/mark-sold", headers=api.bearer(seller))
    assert sold.status_code == 200
    assert sold.json()["status"] == "sold"
    profile = (await api.client.get(f"/api/v1/users/{seller['user']['id']}")).json()
    assert (profile["listings_count"], profile["sold_count"]) == (0, 1)


async def test_archive_hides_from_others_and_counts(api: Api) -> None:
    seller = await api.register()
    product = await create(api, seller)
    url = f"/api/v1/products/{product['id']}"
    assert (await api.client.get(f"/api/v1/users/{seller['user']['id']}")).json()["listings_count"] == 1
    assert (await api.client.delete(url, headers=api.bearer(seller))).status_code == 204
    assert (await api.client.get(url)).status_code == 404
    assert (await api.client.get(url, headers=api.bearer(seller))).json()["status"] == "archived"
    assert (await api.client.get(f"/api/v1/users/{seller['user']['id']}")).json()["listings_count"] == 0
    restored = await api.client.post(f"{url}/restore", headers=api.bearer(seller))
    assert restored.status_code == 200
    assert restored.json()["status"] == "available"
    assert (await api.client.get(f"/api/v1/users/{seller['user']['id']}")).json()["listings_count"] == 1
    again = await api.client.post(f"{url}/restore", headers=api.bearer(seller))
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_status_transition"


async def test_community_requires_location_and_validates_input(api: Api) -> None:
    seller = await api.register()
    headers = api.bearer(seller)
    no_location = product_body()
    del no_location["location"]
    response = await api.client.post("/api/v1/products", json=no_location, headers=headers)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    unknown = product_body(category_id="00000000-0000-4000-8000-000000000000")
    response = await api.client.post("/api/v1/products", json=unknown, headers=headers)
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_category"
    response = await api.client.post(
        "/api/v1/products", json=product_body(price={"amount": 5, "currency": "XXX"}), headers=headers
    )
    assert response.status_code == 400
    response = await api.client.post(
        "/api/v1/products", json=product_body(image_media_ids=[str(uuid4()) for _ in range(11)]), headers=headers
    )
    assert response.status_code == 400
    response = await api.client.post("/api/v1/products", json=product_body(), headers={})
    assert response.status_code == 401


async def test_categories_tree(api: Api) -> None:
    response = await api.client.get("/api/v1/categories")
    assert response.status_code == 200
    tree = response.json()
    assert len(tree) >= 8
    assert all(node["children"] for node in tree)
    vehicles = next(n for n in tree if n["slug"] == "vehicles")
    assert BIKES in {c["id"] for c in vehicles["children"]}


async def test_discover_feed_pages_and_live_now(api: Api) -> None:
    seller = await api.register()
    ids = [(await create(api, seller, feed_type="discover", title=f"Lamp {i}"))["id"] for i in range(3)]
    first = await api.client.get("/api/v1/feeds/discover", params={"limit": 2})
    assert first.status_code == 200
    body = first.json()
    assert isinstance(body["live_now"], list)  # streams live now (tests/e2e/test_streams.py checks them)
    assert [i["id"] for i in body["items"]][:2] == ids[::-1][:2]
    second = (await api.client.get("/api/v1/feeds/discover", params={"limit": 2, "cursor": body["next_cursor"]})).json()
    assert second["items"][0]["id"] == ids[0]
    assert second["live_now"] == []  # only on the first page


async def test_community_feed_nearest_first_with_distance(api: Api) -> None:
    seller = await api.register()
    # Somewhere nobody else in this test database lists: the middle of the Sahara.
    near = await create(api, seller, location={"lat": 23.0, "lng": 10.01})
    far = await create(api, seller, location={"lat": 23.0, "lng": 10.05})
    await create(api, seller, location={"lat": 23.5, "lng": 10.0})  # ~55 km: outside 10 km
    response = await api.client.get("/api/v1/feeds/community", params={"lat": 23.0, "lng": 10.0})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["id"] for i in items] == [near["id"], far["id"]]  # public points: each within 1 km of its place
    center = GeoPoint(23.0, 10.0)
    for item in items:
        to_public = center.distance_km(GeoPoint(item["location"]["lat"], item["location"]["lng"]))
        assert item["distance_km"] >= 0.5
        assert round(item["distance_km"] * 10) == pytest.approx(item["distance_km"] * 10)  # 0.1 km steps
        assert abs(item["distance_km"] - max(0.5, to_public)) <= 0.051  # shown location rounded to ~1 m


async def test_bad_feed_and_search_requests_are_problem_details(api: Api) -> None:
    cases = [
        ("/api/v1/feeds/community", {"lat": 90, "lng": 0}, "invalid_coordinates"),
        ("/api/v1/feeds/community", {"lat": 10, "lng": 181}, "invalid_coordinates"),
        ("/api/v1/feeds/community", {"lat": 10, "lng": 10, "radius_km": 0}, "invalid_radius"),
        ("/api/v1/feeds/community", {"lat": 10, "lng": 10, "radius_km": -3}, "invalid_radius"),
        ("/api/v1/feeds/community", {"lat": 10, "lng": 10, "cursor": "forged.cursor"}, "invalid_cursor"),
        ("/api/v1/feeds/discover", {"cursor": "eyJhIjoxfQ.AAAA"}, "invalid_cursor"),
        ("/api/v1/feeds/discover", {"limit": 101}, "validation_error"),
        ("/api/v1/feeds/community", {"lng": 10}, "validation_error"),
        ("/api/v1/products/search", {"sort": "cheapest"}, "unknown_sort"),
        ("/api/v1/products/search", {"sort": "distance"}, "invalid_input"),
        ("/api/v1/products/search", {"condition": "broken"}, "invalid_input"),
        ("/api/v1/products/search", {"min_price": 10**20}, "invalid_input"),
        ("/api/v1/products/search", {"max_price": -1}, "invalid_input"),
        ("/api/v1/products/search", {"lat": 10}, "invalid_input"),
        ("/api/v1/products/search", {"lat": "north", "lng": 1}, "validation_error"),
        ("/api/v1/products/search", {"radius_km": "nan", "lat": 1, "lng": 1}, "invalid_radius"),
        ("/api/v1/products/search", {"category_id": "not-a-uuid"}, "validation_error"),
        ("/api/v1/products/search", {"q": "x" * 201}, "invalid_input"),
        ("/api/v1/products/search", {"cursor": "A" * 5000}, "invalid_cursor"),
        ("/api/v1/feeds/discover", {"limit": 0}, "validation_error"),
    ]
    for radius in (1e-9, 0.3, 100.5, 1e6):  # clamped to [1, 100], not refused (API.md)
        clamped = await api.client.get("/api/v1/feeds/community", params={"lat": 10, "lng": 10, "radius_km": radius})
        assert clamped.status_code == 200, clamped.text
    for path, params, code in cases:
        response = await api.client.get(path, params=params)
        assert response.status_code == 400, (path, params, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == code, (path, params)


async def test_cursor_from_another_query_is_refused(api: Api) -> None:
    seller = await api.register()
    for i in range(2):
        await create(api, seller, location={"lat": -23.0, "lng": 20.0 + i * 0.01})
    first = (await api.client.get("/api/v1/feeds/community", params={"lat": -23.0, "lng": 20.0, "limit": 1})).json()
    assert first["next_cursor"]
    moved = await api.client.get(
        "/api/v1/feeds/community", params={"lat": -23.1, "lng": 20.0, "limit": 1, "cursor": first["next_cursor"]}
    )
    assert moved.status_code == 400
    assert moved.json()["code"] == "invalid_cursor"


async def test_search_title_weighs_more_and_filters(api: Api) -> None:
    seller = await api.register()
    word = f"zq{seller['user']['id'][:8].replace('-', '')}"
    in_description = await create(api, seller, title="Old phone", description=f"a {word} inside", category_id=PHONES)
    in_title = await create(api, seller, title=f"{word} bike", description="nothing", feed_type="discover")
    response = await api.client.get("/api/v1/products/search", params={"q": word})
    assert [i["id"] for i in response.json()["items"]] == [in_title["id"], in_description["id"]]
    electronics = str(category_id("electronics"))
    filtered = await api.client.get("/api/v1/products/search", params={"q": word, "category_id": electronics})
    assert [i["id"] for i in filtered.json()["items"]] == [in_description["id"]]
    cheap = await api.client.get("/api/v1/products/search", params={"q": word, "feed_type": "discover"})
    assert [i["id"] for i in cheap.json()["items"]] == [in_title["id"]]


async def test_saves_and_follows_are_idempotent_with_counts(api: Api) -> None:
    seller, buyer = await api.register(), await api.register()
    product = await create(api, seller)
    url = f"/api/v1/products/{product['id']}/save"
    for _ in range(2):
        assert (await api.client.post(url, headers=api.bearer(buyer))).status_code == 204
    assert (await api.client.get(f"/api/v1/products/{product['id']}")).json()["saves_count"] == 1
    saved = (await api.client.get("/api/v1/users/me/saved", headers=api.bearer(buyer))).json()
    assert [i["id"] for i in saved["items"]] == [product["id"]]
    for _ in range(2):
        assert (await api.client.delete(url, headers=api.bearer(buyer))).status_code == 204
    assert (await api.client.get(f"/api/v1/products/{product['id']}")).json()["saves_count"] == 0

    follow = f"/api/v1/users/{seller['user']['id']}/follow"
    for _ in range(2):
        assert (await api.client.post(follow, headers=api.bearer(buyer))).status_code == 204
    profile = (await api.client.get(f"/api/v1/users/{seller['user']['id']}")).json()
    assert profile["followers_count"] == 1
    me = (await api.client.get(f"/api/v1/users/{buyer['user']['id']}")).json()
    assert me["following_count"] == 1
    followers = (await api.client.get(f"/api/v1/users/{seller['user']['id']}/followers")).json()
    assert [u["id"] for u in followers["items"]] == [buyer["user"]["id"]]
    following = (await api.client.get(f"/api/v1/users/{buyer['user']['id']}/following")).json()
    assert [u["id"] for u in following["items"]] == [seller["user"]["id"]]
    assert (await api.client.delete(follow, headers=api.bearer(buyer))).status_code == 204
    assert (await api.client.get(f"/api/v1/users/{seller['user']['id']}")).json()["followers_count"] == 0
    self_follow = await api.client.post(f"/api/v1/users/{buyer['user']['id']}/follow", headers=api.bearer(buyer))
    assert self_follow.status_code == 403
    assert self_follow.json()["code"] == "cannot_follow_self"


async def test_openapi_documents_the_catalog(api: Api) -> None:
    response = await api.client.get("/schema/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/products",
        "/api/v1/products/search",
        "/api/v1/products/{product_id}",
        "/api/v1/feeds/discover",
        "/api/v1/feeds/community",
        "/api/v1/categories",
        "/api/v1/users/{user_id}/follow",
        "/api/v1/users/me/saved",
    ):
        assert path in paths, path
