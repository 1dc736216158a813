from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from souk.domain.payments.facts import ProviderEvent
from souk.domain.shared.money import Money


@dataclass(frozen=True, slots=True)
class IntentRequest:
    """A card payment to open: ``amount`` held (``capture=False``) or charged at once
    (tips), ``fee`` kept by the platform, the rest sent to ``destination`` (the seller's
    connected account, when the provider has one)."""

    reference: str  # our id (the transaction's or the tip's): metadata and idempotency key
    amount: Money
    fee: Money
    destination: str | None
    capture: bool
    metadata: dict[str, str]


@dataclass(frozen=True, slots=True)
class Intent:
    intent_id: str
    client_secret: str  # for the buyer's card step only; never logged


@dataclass(frozen=True, slots=True)
class IntentFacts:
    """A provider event about one intent (a webhook, or a re-read by reconciliation)."""

    intent_id: str
    event: ProviderEvent


@dataclass(frozen=True, slots=True)
class MethodSetup:
    """A card to save: the provider's setup (a SetupIntent) for the buyer's card step."""

    setup_id: str
    customer_id: str | None
    client_secret: str  # for the buyer's card step only; never logged


@dataclass(frozen=True, slots=True)
class SetupState:
    """What the provider knows of a setup now: ``succeeded`` with the method, or not yet."""

    succeeded: bool
    failed: bool
    method_id: str | None
    last4: str | None


class PaymentProvider(Protocol):
    """A card payment provider: the answers of the calls are facts too (``ProviderEvent``s
    named by the provider's ids), applied exactly like webhooks, so a webhook repeating
    them changes nothing."""

    @property
    def name(self) -> str: ...

    @property
    def remote(self) -> bool:
        """Its calls cross the network (seconds at worst): callers hold no database
        connection while it answers. An in-process one answers at once."""
        ...

    async def create_intent(self, request: IntentRequest) -> Intent: ...

    async def capture(self, intent_id: str, reference: str) -> list[ProviderEvent]: ...

    async def cancel(self, intent_id: str, reference: str) -> list[ProviderEvent]: ...

    async def refund(self, intent_id: str, amount: int, refunded_after: int, reference: str) -> list[ProviderEvent]:
        """Refund ``amount`` more; ``refunded_after`` is the cumulative total it makes."""
        ...

    async def reread(self, intent_id: str) -> list[ProviderEvent]:
        """What the provider knows of the intent now (reconciliation of missed webhooks)."""
        ...

    async def setup_method(self, user_id: UUID) -> MethodSetup:
        """Open the saving of a card for off-session charges (the buyer's customer at
        the provider is made once per user, idempotently)."""
        ...

    async def read_setup(self, setup_id: str) -> SetupState: ...

    async def charge_saved(
        self, request: IntentRequest, customer_id: str | None, method_id: str
    ) -> tuple[Intent, list[ProviderEvent]]:
        """Charge a saved method without the buyer (captured at once, idempotent by
        ``request.reference``); raises ``CardDeclined`` when the card refuses."""
        ...
