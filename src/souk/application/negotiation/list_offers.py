from __future__ import annotations

from uuid import UUID

from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.offer_repository import OfferReader
from souk.application.shared.paging import Page, page_of
from souk.domain.negotiation.offer import Offer, OfferStatus
from souk.domain.shared.errors import InvalidInput


def offer_key(offer: Offer) -> tuple[str, str]:
    return (offer.created_at.isoformat(), str(offer.id))


class ListOffers:
    def __init__(self, offers: OfferReader, codec: CursorCodec) -> None:
        self._offers = offers
        self._codec = codec

    async def __call__(
        self, user_id: UUID, role: str | None, status: str | None, cursor: str | None, limit: int
    ) -> Page[Offer]:
        if role not in (None, "buyer", "seller"):
            raise InvalidInput("role is buyer or seller.", field="role")
        if status is not None and status not in {s.value for s in OfferStatus}:
            raise InvalidInput("status is one of " + ", ".join(s.value for s in OfferStatus) + ".", field="status")
        scope = f"offers:{user_id}:{role}:{status}"
        return await page_of(
            self._codec,
            scope,
            cursor,
            limit,
            lambda after, n: self._offers.of_user(user_id, role, status, after, n),
            offer_key,
        )
