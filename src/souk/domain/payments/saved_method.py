"""A card a buyer saved with the provider for later charges without them (off-session):
what auctions charge when they are won. With Stripe it is a SetupIntent the buyer
confirms on the client (``pending`` until then, ``ready`` with the provider's payment
method after); the card simulator saves a test card at once. Souk keeps the provider's
ids and the last four digits, never a card number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class MethodStatus(StrEnum):
    PENDING = "pending"  # the buyer's card step has not completed yet
    READY = "ready"
    FAILED = "failed"


@dataclass(slots=True)
class SavedMethod:
    id: UUID
    user_id: UUID
    provider: str
    setup_id: str
    customer_id: str | None
    status: MethodStatus
    created_at: datetime
    updated_at: datetime
    method_id: str | None = None
    last4: str | None = None

    @property
    def ready(self) -> bool:
        return self.status is MethodStatus.READY and self.method_id is not None

    def settle(self, status: MethodStatus, method_id: str | None, last4: str | None, now: datetime) -> bool:
        """What the provider says of the setup now; ``True`` when it changed."""
        if (status, method_id, last4) == (self.status, self.method_id, self.last4):
            return False
        self.status, self.method_id, self.last4, self.updated_at = status, method_id, last4, now
        return True
