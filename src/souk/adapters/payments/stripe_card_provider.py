"""Stripe through the official SDK's async client: Connect destination charges.

A sale opens a PaymentIntent with ``capture_method=manual`` (a hold), the platform fee as
``application_fee_amount`` and the seller's connected account as
``transfer_data.destination``; our ids in ``metadata``; one idempotency key per
transaction and step, so a retried call never charges twice. ``connect=False`` (servers
without Connect, such as localstripe) omits the two Connect fields: the charge then stays
on the platform account. Secrets (the key, client secrets) never reach a log line."""

from __future__ import annotations

import json
import logging
from typing import Any
from uuid import UUID

import stripe

from souk.adapters.payments.stripe_events import facts_of_event, facts_of_intent
from souk.application.ports.payment_provider import Intent, IntentRequest, MethodSetup, PaymentProvider, SetupState
from souk.application.ports.payment_webhooks import AccountNews, PaymentWebhooks, WebhookNews
from souk.application.ports.payout_onboarding import PayoutOnboarding
from souk.application.shared.clock import Clock
from souk.domain.payments.errors import BadWebhook, CardDeclined, PaymentProviderUnavailable
from souk.domain.payments.facts import ProviderEvent, ProviderEventKind
from souk.domain.shared.errors import Conflict

log = logging.getLogger("souk.payments.stripe")

WEBHOOK_TOLERANCE_S = 300


class StripeRefused(Conflict):
    code = "payment_refused"
    default_detail = "The payment provider refused the request."


class StripeCardProvider(PaymentProvider, PaymentWebhooks, PayoutOnboarding):
    def __init__(self, client: stripe.StripeClient, webhook_secret: str, clock: Clock, *, connect: bool = True) -> None:
        self._client = client
        self._webhook_secret = webhook_secret
        self._clock = clock
        self._connect = connect

    @classmethod
    def create(
        cls, secret_key: str, webhook_secret: str, api_base: str, clock: Clock, *, connect: bool = True
    ) -> StripeCardProvider:
        client = stripe.StripeClient(
            secret_key,
            base_addresses={"api": api_base.rstrip("/")},
            http_client=stripe.HTTPXClient(),
            max_network_retries=2,
        )
        return cls(client, webhook_secret, clock, connect=connect)

    @property
    def name(self) -> str:
        return "stripe"

    @property
    def remote(self) -> bool:
        return True

    @property
    def client(self) -> stripe.StripeClient:
        return self._client

    async def create_intent(self, request: IntentRequest) -> Intent:
        params: dict[str, Any] = {
            "amount": request.amount.amount,
            "currency": request.amount.currency.lower(),
            "capture_method": "automatic" if request.capture else "manual",
            "payment_method_types": ["card"],
            "metadata": request.metadata,
        }
        intent = await self._new_intent(params, request, "intent")
        log.info("payment.stripe.intent reference=%s intent=%s", request.reference, intent["id"])
        return Intent(str(intent["id"]), str(intent["client_secret"]))

    async def _new_intent(self, params: dict[str, Any], request: IntentRequest, kind: str) -> Any:
        """A PaymentIntent, with Connect's destination and fee when Connect is on; one per
        request and kind (the idempotency key), however often it is retried."""
        if self._connect and request.destination:
            params["application_fee_amount"] = request.fee.amount
            params["transfer_data"] = {"destination": request.destination}
        return await self._call(
            self._client.v1.payment_intents.create_async(
                params,  # type: ignore[arg-type]
                {"idempotency_key": f"souk-{kind}-{request.reference}"},
            )
        )

    async def capture(self, intent_id: str, reference: str) -> list[ProviderEvent]:
        intent = await self._call(
            self._client.v1.payment_intents.capture_async(intent_id, options={"idempotency_key": f"souk-{reference}"})
        )
        return facts_of_intent(intent.to_dict(), self._clock.now())

    async def cancel(self, intent_id: str, reference: str) -> list[ProviderEvent]:
        intent = await self._call(
            self._client.v1.payment_intents.cancel_async(intent_id, options={"idempotency_key": f"souk-{reference}"})
        )
        return facts_of_intent(intent.to_dict(), self._clock.now())

    async def refund(self, intent_id: str, amount: int, refunded_after: int, reference: str) -> list[ProviderEvent]:
        refund = await self._call(
            self._client.v1.refunds.create_async(
                {"payment_intent": intent_id, "amount": amount}, {"idempotency_key": f"souk-{reference}"}
            )
        )
        if refund["status"] not in ("succeeded", "pending"):
            raise StripeRefused(f"The refund is {refund['status']}.")
        kind = ProviderEventKind.REFUNDED
        return [ProviderEvent(f"refund:{refund['id']}", kind, self._clock.now(), refunded_after)]

    async def reread(self, intent_id: str) -> list[ProviderEvent]:
        intent = await self._call(
            self._client.v1.payment_intents.retrieve_async(intent_id, {"expand": ["latest_charge"]})
        )
        return facts_of_intent(intent.to_dict(), self._clock.now())

    async def setup_method(self, user_id: UUID) -> MethodSetup:
        """A Customer per user (idempotent by the user id), then a SetupIntent for
        off-session use that the buyer confirms on the client with its client secret."""
        customer = await self._call(
            self._client.v1.customers.create_async(
                {"metadata": {"user_id": str(user_id)}}, {"idempotency_key": f"souk-customer-{user_id}"}
            )
        )
        params: dict[str, Any] = {
            "customer": str(customer["id"]),
            "usage": "off_session",
            "payment_method_types": ["card"],
            "metadata": {"user_id": str(user_id)},
        }
        setup = await self._call(self._client.v1.setup_intents.create_async(params))  # type: ignore[arg-type]
        log.info("payment.stripe.setup customer=%s setup=%s", customer["id"], setup["id"])
        return MethodSetup(str(setup["id"]), str(customer["id"]), str(setup["client_secret"]))

    async def read_setup(self, setup_id: str) -> SetupState:
        setup = (await self._call(self._client.v1.setup_intents.retrieve_async(setup_id))).to_dict()
        status, method_id = str(setup["status"]), setup.get("payment_method")
        if status != "succeeded" or not method_id:
            return SetupState(False, status == "canceled", None, None)
        method = (await self._call(self._client.v1.payment_methods.retrieve_async(str(method_id)))).to_dict()
        last4 = (method.get("card") or {}).get("last4")
        return SetupState(True, False, str(method_id), str(last4) if last4 else None)

    async def charge_saved(
        self, request: IntentRequest, customer_id: str | None, method_id: str
    ) -> tuple[Intent, list[ProviderEvent]]:
        """A PaymentIntent confirmed at once without the buyer (``off_session``),
        captured automatically; one idempotency key per reference: charged once."""
        params: dict[str, Any] = {
            "amount": request.amount.amount,
            "currency": request.amount.currency.lower(),
            "payment_method_types": ["card"],
            "payment_method": method_id,
            "confirm": True,
            "off_session": True,
            "capture_method": "automatic",
            "metadata": request.metadata,
        }
        if customer_id:
            params["customer"] = customer_id
        intent = await self._new_intent(params, request, "offsession")
        log.info("payment.stripe.off_session reference=%s intent=%s", request.reference, intent["id"])
        facts = facts_of_intent(intent.to_dict(), self._clock.now())
        return Intent(str(intent["id"]), str(intent["client_secret"])), facts

    async def open_account(self, user_id: UUID) -> str:
        """An Express connected account (Stripe hosts onboarding), one per user."""
        account = await self._call(
            self._client.v1.accounts.create_async(
                {
                    "type": "express",
                    "metadata": {"user_id": str(user_id)},
                    "capabilities": {"card_payments": {"requested": True}, "transfers": {"requested": True}},
                },
                {"idempotency_key": f"souk-account-{user_id}"},
            )
        )
        return str(account["id"])

    async def onboarding_link(self, account_id: str, return_url: str) -> str:
        link = await self._call(
            self._client.v1.account_links.create_async(
                {
                    "account": account_id,
                    "refresh_url": return_url,
                    "return_url": return_url,
                    "type": "account_onboarding",
                }
            )
        )
        return str(link["url"])

    def enabled_at_once(self) -> bool:
        return False

    def read(self, payload: bytes, signature: str | None) -> WebhookNews:
        """After the SDK checked ``Stripe-Signature`` (5 minutes' tolerance). The body is
        then read as plain JSON: the SDK's ``construct_event`` would build a
        ``StripeObject`` tree only to be turned back into a dict (ten times the cost)."""
        try:
            stripe.WebhookSignature.verify_header(
                payload.decode(), signature, self._webhook_secret, WEBHOOK_TOLERANCE_S
            )
            body = json.loads(payload)
        except (stripe.SignatureVerificationError, ValueError) as error:
            raise BadWebhook() from error
        if not isinstance(body, dict) or "id" not in body:
            raise BadWebhook()
        if body.get("type") == "account.updated":
            account = body.get("data", {}).get("object", {})
            return WebhookNews(
                self.name, accounts=[AccountNews(str(account["id"]), bool(account.get("payouts_enabled")))]
            )
        facts = facts_of_event(body)
        return WebhookNews(self.name, payments=[facts] if facts else [])

    async def _call(self, request: Any) -> Any:
        try:
            return await request
        except stripe.CardError as error:
            raise CardDeclined() from error
        except (stripe.APIConnectionError, stripe.RateLimitError) as error:
            raise PaymentProviderUnavailable() from error
        except stripe.StripeError as error:
            log.warning("payment.stripe.error kind=%s status=%s", type(error).__name__, error.http_status)
            if error.http_status is not None and error.http_status >= 500:
                raise PaymentProviderUnavailable() from error
            raise StripeRefused(error.user_message or None) from error
