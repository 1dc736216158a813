"""Stripe events and objects → provider facts (what Souk's payments understand).

One table: ``payment_intent.amount_capturable_updated`` → authorized,
``payment_intent.succeeded`` → captured, ``payment_intent.canceled`` → cancelled (or
expired when Stripe cancelled it itself: ``cancellation_reason=automatic``, the lapsed
authorisation), ``payment_intent.payment_failed`` → failed, ``charge.refunded`` → the
cumulative refunded amount, ``charge.dispute.created`` / ``charge.dispute.closed`` →
dispute opened / closed (lost: its amount goes back to the buyer)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from souk.application.ports.payment_provider import IntentFacts
from souk.domain.payments.facts import ProviderEvent, ProviderEventKind

PAYMENT_EVENT_TYPES = (
    "payment_intent.amount_capturable_updated",
    "payment_intent.succeeded",
    "payment_intent.canceled",
    "payment_intent.payment_failed",
    "charge.refunded",
    "charge.dispute.created",
    "charge.dispute.closed",
)


def facts_of_event(event: dict[str, Any]) -> IntentFacts | None:
    """A verified event as a dict (``event.to_dict()``); ``None``: not about a payment."""
    kind = event.get("type")
    obj = event.get("data", {}).get("object", {})
    at = datetime.fromtimestamp(int(event.get("created", 0)), UTC)
    event_id = str(event["id"])
    if kind == "payment_intent.amount_capturable_updated":
        return _fact(obj.get("id"), event_id, ProviderEventKind.AUTHORIZED, at)
    if kind == "payment_intent.succeeded":
        return _fact(obj.get("id"), event_id, ProviderEventKind.CAPTURED, at)
    if kind == "payment_intent.canceled":
        return _fact(obj.get("id"), event_id, _cancel_kind(obj), at)
    if kind == "payment_intent.payment_failed":
        return _fact(obj.get("id"), event_id, ProviderEventKind.FAILED, at)
    if kind == "charge.refunded":
        return _fact(obj.get("payment_intent"), event_id, ProviderEventKind.REFUNDED, at, obj.get("amount_refunded", 0))
    if kind == "charge.dispute.created":
        return _fact(obj.get("payment_intent"), event_id, ProviderEventKind.DISPUTE_OPENED, at)
    if kind == "charge.dispute.closed":
        lost = int(obj.get("amount", 0)) if obj.get("status") == "lost" else 0
        return _fact(obj.get("payment_intent"), event_id, ProviderEventKind.DISPUTE_CLOSED, at, lost)
    return None


def facts_of_intent(intent: dict[str, Any], now: datetime) -> list[ProviderEvent]:
    """What a re-read intent says (reconciliation), named so a repeat changes nothing."""
    intent_id, status = str(intent["id"]), intent.get("status")

    def fact(kind: ProviderEventKind, amount: int = 0, suffix: str = "") -> ProviderEvent:
        return ProviderEvent(f"reread:{intent_id}:{kind.value}{suffix}", kind, now, amount)

    if status == "requires_capture":
        return [fact(ProviderEventKind.AUTHORIZED)]
    if status == "canceled":
        return [fact(_cancel_kind(intent))]
    if status != "succeeded":
        return []
    facts = [fact(ProviderEventKind.CAPTURED)]
    charge = intent.get("latest_charge")
    refunded = int(charge.get("amount_refunded", 0)) if isinstance(charge, dict) else 0
    if refunded:
        facts.append(fact(ProviderEventKind.REFUNDED, refunded, suffix=str(refunded)))
    return facts


def _cancel_kind(intent: dict[str, Any]) -> ProviderEventKind:
    return (
        ProviderEventKind.EXPIRED if intent.get("cancellation_reason") == "automatic" else ProviderEventKind.CANCELLED
    )


def _fact(intent_id: Any, event_id: str, kind: ProviderEventKind, at: datetime, amount: Any = 0) -> IntentFacts | None:
    if not isinstance(intent_id, str) or not intent_id:
        return None
    return IntentFacts(intent_id, ProviderEvent(event_id, kind, at, int(amount or 0)))
