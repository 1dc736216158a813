"""A real Stripe-compatible server nobody here wrote (``localstripe``, started per test on a
free port) and a real Souk HTTP server (uvicorn, in this process) that localstripe sends
its signed webhooks to; the buyer's card step is played with the ``stripe`` SDK against
localstripe, as Stripe.js would against Stripe."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import stripe
import uvicorn

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from souk.entrypoints.http.keep_alive import SERVER_IDLE_S
from tests.media_support import free_port

WEBHOOK_SECRET = "whsec_souk_localstripe_tests"
SECRET_KEY = "sk_test_souk_localstripe"


@contextmanager
def localstripe_server(log: Path) -> Iterator[str]:
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "localstripe", "--port", str(port), "--from-scratch"], stdout=out, stderr=out
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError("localstripe did not start: " + log.read_text()) from None
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(10)


@asynccontextmanager
async def souk_server(settings: Settings) -> AsyncIterator[str]:
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", timeout_keep_alive=SERVER_IDLE_S
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


def stripe_settings(base: Settings, localstripe: str) -> Settings:
    return replace(
        base,
        payments="stripe",
        stripe_secret_key=SECRET_KEY,
        stripe_webhook_secret=WEBHOOK_SECRET,
        stripe_api_base=localstripe,
        stripe_connect=False,  # localstripe refuses application_fee_amount and transfer_data
        rate_limit_scale=1000,
    )


async def register_webhook(localstripe: str, souk: str) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{localstripe}/_config/webhooks/souk",
            data={"url": f"{souk}/api/v1/payments/webhooks/stripe", "secret": WEBHOOK_SECRET},
        )
        response.raise_for_status()


async def buyer_confirms_card(localstripe: str, client_secret: str, card: str = "4242424242424242") -> dict[str, Any]:
    """What Stripe.js does on the buyer's device with ``client_secret``."""
    client = stripe.StripeClient(SECRET_KEY, base_addresses={"api": localstripe}, http_client=stripe.HTTPXClient())
    method = await client.v1.payment_methods.create_async(
        {"type": "card", "card": {"number": card, "exp_month": 12, "exp_year": 2034, "cvc": "123"}}  # type: ignore[typeddict-item]
    )
    intent_id = client_secret.split("_secret_")[0]
    # localstripe takes no payment_method on confirm: attach it first (Stripe.js sends both at once)
    await client.v1.payment_intents.update_async(intent_id, {"payment_method": method["id"]})
    intent = await client.v1.payment_intents.confirm_async(intent_id)
    result: dict[str, Any] = intent.to_dict()
    return result


def signed(event: dict[str, Any], secret: str = WEBHOOK_SECRET, at: int | None = None) -> tuple[bytes, str]:
    """A Stripe-shaped event signed the way Stripe signs (``t=…,v1=HMAC-SHA256``)."""
    payload = json.dumps(event).encode()
    stamp = int(time.time()) if at is None else at
    signature = hmac.new(secret.encode(), b"%d.%s" % (stamp, payload), hashlib.sha256).hexdigest()
    return payload, f"t={stamp},v1={signature}"


def recorded_event(event_id: str, kind: str, obj: dict[str, Any]) -> dict[str, Any]:
    """The envelope of a Stripe event as Stripe sends it (API version 2025+ shape)."""
    return {
        "id": event_id,
        "object": "event",
        "api_version": "2025-09-30.clover",
        "created": int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": kind,
        "data": {"object": obj},
    }
