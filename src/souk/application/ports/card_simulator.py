from __future__ import annotations

from typing import Protocol

from souk.application.ports.payment_provider import SetupState
from souk.domain.payments.facts import ProviderEvent


class CardSimulator(Protocol):
    """The buyer's card step, played in process by the simulated provider (embedded
    deployments); every other deployment answers 409 ``simulator_only``."""

    async def confirm(self, intent_id: str, card: str) -> list[ProviderEvent]:
        """Raises ``CardDeclined``; an empty list: the card needs the buyer's extra
        confirmation (call again with the same card)."""
        ...

    async def expire(self, intent_id: str) -> list[ProviderEvent]:
        """The simulated hold lapses (what Stripe does after 7 days)."""
        ...

    async def save_card(self, setup_id: str, card: str) -> SetupState:
        """Save a test card at once (raises ``CardDeclined`` for the declined card)."""
        ...
