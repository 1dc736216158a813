from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from souk.application.ports.payment_provider import IntentFacts


@dataclass(frozen=True, slots=True)
class AccountNews:
    """A connected account changed at the provider (``account.updated``)."""

    account_id: str
    payouts_enabled: bool


@dataclass(frozen=True, slots=True)
class WebhookNews:
    provider: str
    payments: list[IntentFacts] = field(default_factory=list)
    accounts: list[AccountNews] = field(default_factory=list)


class PaymentWebhooks(Protocol):
    def read(self, payload: bytes, signature: str | None) -> WebhookNews:
        """Verify the provider's signature and read the event; raises ``BadWebhook``."""
        ...
