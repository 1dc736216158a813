"""Saving a card with Stripe over the wire (localstripe, both deployments): ``POST
/payments/methods`` answers ``pending`` with the SetupIntent's ``client_secret`` (and only
then); the buyer confirms it on the client as Stripe.js would; ``GET /payments/methods``
re-reads it and shows the card ``ready`` with its last four digits; a ``card`` body is the
simulator's only (409 ``simulator_only``)."""

from __future__ import annotations

from typing import Any

import stripe

from tests.e2e.stripe_support import SECRET_KEY
from tests.e2e.test_payments_stripe import Stripe, world  # noqa: F401  (the fixture)


async def confirm_setup(localstripe: str, client_secret: str, card: str = "4242424242424242") -> dict[str, Any]:
    """What Stripe.js does on the buyer's device with a SetupIntent's ``client_secret``."""
    client = stripe.StripeClient(SECRET_KEY, base_addresses={"api": localstripe}, http_client=stripe.HTTPXClient())
    method = await client.v1.payment_methods.create_async(
        {"type": "card", "card": {"number": card, "exp_month": 12, "exp_year": 2034, "cvc": "123"}}  # type: ignore[typeddict-item]
    )
    setup_id = client_secret.split("_secret_")[0]
    confirmed = await client.v1.setup_intents.confirm_async(setup_id, {"payment_method": method["id"]})
    return confirmed.to_dict()


async def test_a_card_saved_with_a_setup_intent(world: Stripe) -> None:  # noqa: F811
    api = world.api
    buyer, other = await api.register(), await api.register()
    opened = await api.client.post("/api/v1/payments/methods", json={}, headers=api.bearer(buyer))
    assert opened.status_code == 201, opened.text
    method = opened.json()
    assert (method["status"], method["provider"]) == ("pending", "stripe")
    assert method["client_secret"].startswith("seti_")
    listed = (await api.client.get("/api/v1/payments/methods", headers=api.bearer(buyer))).json()
    assert [(m["id"], m["status"]) for m in listed] == [(method["id"], "pending")]
    assert "client_secret" not in listed[0]  # only in the answer that opened it

    assert (await confirm_setup(world.localstripe, method["client_secret"]))["status"] == "succeeded"
    ready = (await api.client.get("/api/v1/payments/methods", headers=api.bearer(buyer))).json()
    assert [(m["id"], m["status"], m["last4"]) for m in ready] == [(method["id"], "ready", "4242")]
    assert (await api.client.get("/api/v1/payments/methods", headers=api.bearer(other))).json() == []

    simulated = await api.client.post(
        "/api/v1/payments/methods", json={"card": "4242424242424242"}, headers=api.bearer(buyer)
    )
    assert (simulated.status_code, simulated.json()["code"]) == (409, "simulator_only")
