"""The card payment of a sale is opened at its accept: with an in-process provider in the
accept's own transaction; with a remote one right after the accept commits (its intent at
the provider), never raising into the committed accept: with the provider unreachable the
accept still answers 200 and the payment opens later, on the first look at the sale."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import httpx
from litestar import Litestar

from souk.application.ports.payment_repository import PaymentRepository
from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from souk.domain.payments.payment import Payment
from tests.e2e.sql_count import sql_count
from tests.e2e.test_live_room import Person, container_of, product, register
from tests.e2e.ws_support import free_port, serving


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[tuple[Litestar, httpx.AsyncClient]]:
    app = create_app(replace(settings, rate_limit_scale=1000))
    async with serving(app) as address, httpx.AsyncClient(base_url=f"http://{address}") as http:
        yield app, http


async def payment_of(app: Litestar, transaction_id: str) -> Payment | None:
    async with container_of(app)() as request:
        return await (await request.get(PaymentRepository)).get(uuid.UUID(transaction_id))


async def accepted(http: httpx.AsyncClient) -> tuple[Person, dict[str, Any]]:
    seller, buyer = await register(http), await register(http)
    body = {
        "product_id": await product(http, seller),
        "price": {"amount": 4000, "currency": "EUR"},
        "payment_method": "card",
    }
    made = await http.post("/api/v1/offers", json=body, headers=buyer.headers)
    assert made.status_code == 201, made.text
    accept = await http.patch(f"/api/v1/offers/{made.json()['id']}/accept", headers=seller.headers)
    assert accept.status_code == 200, accept.text
    transaction: dict[str, Any] = accept.json()["transaction"]
    return buyer, transaction


async def test_the_intent_is_opened_at_accept(backend_settings: Settings) -> None:
    async with running(replace(backend_settings, payments="simulated")) as (app, http):
        buyer, sale = await accepted(http)
        opened = await payment_of(app, sale["id"])  # nobody has looked at the sale yet
        assert opened is not None
        assert (opened.provider, opened.status.value, opened.auto_capture) == ("simulated", "pending", False)
        assert opened.intent_id is not None
        assert opened.intent_id.startswith("sim_pi_")
        seen = (await http.get(f"/api/v1/transactions/{sale['id']}", headers=buyer.headers)).json()
        assert seen["client_secret"] == opened.client_secret  # the same intent, not a second one


async def test_an_unreachable_provider_never_fails_the_accept(backend_settings: Settings) -> None:
    down = replace(
        backend_settings,
        payments="stripe",
        stripe_secret_key="sk_test_souk",
        stripe_webhook_secret="whsec_souk",
        stripe_api_base=f"http://127.0.0.1:{free_port()}",  # nothing listens there
    )
    async with running(down) as (app, http):
        buyer, sale = await accepted(http)
        assert sale["status"] == "pending"
        assert await payment_of(app, sale["id"]) is None
        # the first look at the sale tries again (still down: 503 with its code, nothing written)
        again = await http.get(f"/api/v1/transactions/{sale['id']}", headers=buyer.headers)
        assert again.status_code == 503, again.text
        assert again.json()["code"] == "payment_provider_unavailable"
        assert await payment_of(app, sale["id"]) is None


async def test_an_in_process_intent_is_written_in_the_accepts_own_transaction(backend_settings: Settings) -> None:
    """No remote call to wait for: the payment commits with the sale, one connection, one
    transaction (a remote provider's intent waits for the commit: the test above)."""
    async with running(replace(backend_settings, payments="simulated")) as (app, http):
        seller, buyer = await register(http), await register(http)
        body = {"product_id": await product(http, seller), "price": {"amount": 4000, "currency": "EUR"}}
        made = await http.post("/api/v1/offers", json={**body, "payment_method": "card"}, headers=buyer.headers)
        async with sql_count(app) as count:
            accept = await http.patch(
                f"/api/v1/offers/{made.json()['id']}/accept", headers={**seller.headers, **count.header}
            )
        assert accept.status_code == 200, accept.text
        assert await payment_of(app, accept.json()["transaction"]["id"]) is not None
        written = next(i for i, sql in enumerate(count.statements) if sql.startswith("INSERT INTO payments"))
        assert count.commits
        assert written < count.commits[0]  # before the accept's commit, not in a transaction of its own
