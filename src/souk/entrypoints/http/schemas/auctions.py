"""Bodies of live auctions and saved cards."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from souk.domain.payments.saved_method import SavedMethod
from souk.domain.streams.auction import MAX_DURATION_S, MIN_DURATION_S
from souk.entrypoints.wire.bodies import Body, MoneyIn


class AuctionIn(Body):
    """An auction to start: a product of the stream, tagged, from a starting price for 5-120 seconds."""

    product_id: UUID
    starting_price: MoneyIn
    duration_s: Annotated[
        int, msgspec.Meta(ge=MIN_DURATION_S, le=MAX_DURATION_S, description="How long the auction runs (seconds)")
    ]
    sudden_death: Annotated[bool, msgspec.Meta(description="No anti-sniping: a late bid never pushes the end")] = False


class SaveMethodIn(Body):
    """A card to save for off-session charges (with Stripe, the card step follows on the client)."""

    card: (
        Annotated[
            Literal["4242424242424242", "4000002500003155", "4000000000000341", "4000000000000002"],
            msgspec.Meta(
                description="Card simulator only (embedded): the test card to save, 4242424242424242 by default"
                " (4000000000000341 saves but its charges are declined; 4000000000000002 is declined: 409"
                " `card_declined`); a deployment with a real provider answers 409 `simulator_only`",
            ),
        ]
        | None
    ) = None


class SavedMethodOut(msgspec.Struct, omit_defaults=True):
    """A saved card: `pending` until the buyer's card step at the provider completes, then `ready`."""

    id: UUID
    status: str
    provider: str
    created_at: datetime
    last4: str | None = None
    client_secret: str | None = None  # the SetupIntent's, for the card step: only in the answer that opened it

    @classmethod
    def of(cls, method: SavedMethod, client_secret: str | None = None) -> SavedMethodOut:
        return cls(method.id, method.status.value, method.provider, method.created_at, method.last4, client_secret)
