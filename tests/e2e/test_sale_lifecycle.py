"""Regressions of the sale lifecycle (issue 16): mark-sold while reserved, a listing's
currency after an offer, and a sold product never coming back, over HTTP on both deployments."""

from __future__ import annotations

from tests.e2e.conftest import Api
from tests.e2e.test_catalog import create
from tests.e2e.test_negotiation import money


async def test_mark_sold_is_refused_while_reserved_and_the_buyer_can_still_cancel(api: Api) -> None:
    seller, buyer = await api.register(), await api.register()
    product = await create(api, seller)
    url = f"/api/v1/products/{product['id']}"
    sb, bb = api.bearer(seller), api.bearer(buyer)
    offer = (
        await api.client.post("/api/v1/offers", json={"product_id": product["id"], "price": money(20000)}, headers=bb)
    ).json()
    sale = (await api.client.patch(f"/api/v1/offers/{offer['id']}/accept", headers=sb)).json()["transaction"]

    refused = await api.client.post(f"{url}/mark-sold", headers=sb)
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "sale_in_progress"
    assert (await api.client.get(url)).json()["status"] == "reserved"

    cancelled = await api.client.post(f"/api/v1/transactions/{sale['id']}/cancel", headers=bb)
    assert cancelled.status_code == 200, cancelled.text
    assert (await api.client.get(url)).json()["status"] == "available"
    sold = await api.client.post(f"{url}/mark-sold", headers=sb)
    assert sold.status_code == 200
    assert sold.json()["status"] == "sold"


async def test_currency_is_locked_once_the_listing_had_an_offer(api: Api) -> None:
    seller, buyer = await api.register(), await api.register()
    product = await create(api, seller)
    other = await create(api, seller)
    url = f"/api/v1/products/{product['id']}"
    sb, bb = api.bearer(seller), api.bearer(buyer)
    made = await api.client.post(
        "/api/v1/offers", json={"product_id": product["id"], "price": money(20000)}, headers=bb
    )
    assert made.status_code == 201
    refused = await api.client.patch(url, json={"price": money(80000, "KWD")}, headers=sb)
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "currency_locked"
    assert (await api.client.get(url)).json()["price"] == money(25000)
    same_currency = await api.client.patch(url, json={"price": money(24000)}, headers=sb)
    assert same_currency.status_code == 200
    never_offered = await api.client.patch(
        f"/api/v1/products/{other['id']}", json={"price": money(80000, "KWD")}, headers=sb
    )
    assert never_offered.status_code == 200
    assert never_offered.json()["price"] == money(80000, "KWD")
