from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from souk.application.shared.cursors import SortKey
from souk.domain.negotiation.offer import Offer


class OfferReader(Protocol):
    """Queries that need no transaction (served by the read engine in SQL deployments)."""

    async def get(self, offer_id: UUID) -> Offer | None: ...

    async def of_user(
        self, user_id: UUID, role: str | None, status: str | None, after: SortKey | None, limit: int
    ) -> list[Offer]:
        """The user's offers (as ``role`` buyer/seller, or both), newest first by (created_at, id)."""
        ...

    async def of_product(self, product_id: UUID, after: SortKey | None, limit: int) -> list[Offer]:
        """Every offer on the product, newest first."""
        ...

    async def recent_on_product(self, product_id: UUID, limit: int) -> Sequence[Offer]:
        """The last ``limit`` offers made on the product, newest first."""
        ...


class OfferRepository(OfferReader, Protocol):
    async def add(self, offer: Offer) -> None:
        """Raises OpenOfferExists when the buyer already has an open offer on the product."""
        ...

    async def get_for_update(self, offer_id: UUID) -> Offer | None:
        """Holds the row until the transaction ends."""
        ...

    async def save(self, offer: Offer) -> None: ...

    async def open_on_product(self, product_id: UUID) -> Sequence[Offer]:
        """Every open offer on the product, locked until the transaction ends."""
        ...

    async def overdue(self, now: datetime, limit: int) -> Sequence[UUID]:
        """Ids of open offers whose expiry has passed, oldest first."""
        ...
