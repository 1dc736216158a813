from __future__ import annotations

from uuid import UUID

from souk.application.ports.offer_repository import OfferReader
from souk.domain.negotiation.conversation import Message
from souk.domain.negotiation.offer import Offer


async def offers_of(messages: list[Message], offers: OfferReader) -> dict[UUID, Offer]:
    """The offers the messages are about, as they stand now (a message shows its offer)."""
    found: dict[UUID, Offer] = {}
    for offer_id in {m.offer_id for m in messages if m.offer_id is not None}:
        offer = await offers.get(offer_id)
        if offer is not None:
            found[offer_id] = offer
    return found
