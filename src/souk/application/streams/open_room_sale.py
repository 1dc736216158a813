"""The one way a live room opens a sale (buy-now, the cart, an auction's winner, a
giveaway's winner), whoever calls it."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.profile_counters import ProfileCounters
from souk.application.ports.room_sales import RoomSales
from souk.application.ports.room_stock import RoomStock
from souk.application.ports.stream_repository import StreamReader
from souk.application.ports.user_reader import UserReader
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.application.shared.visibility import Visibility
from souk.domain.catalog.errors import ProductNotFound, SoldOut
from souk.domain.fees.policy import FeePolicy
from souk.domain.negotiation.events import TransactionOpened
from souk.domain.negotiation.transaction import SaleSource, Transaction
from souk.domain.shared.money import Money
from souk.domain.streams.errors import StreamNotFound
from souk.domain.streams.room_sale import require_buyer, require_shoppable, require_tagged, require_units
from souk.domain.streams.sale_events import StreamStockChanged


@dataclass(frozen=True, slots=True)
class RoomSaleRequest:
    stream_id: UUID
    product_id: UUID
    buyer_id: UUID
    unit_price: Money
    quantity: int
    source: SaleSource
    source_id: UUID | None = None  # the auction or giveaway: one sale each


class OpenRoomSale:
    """Opens a sale of a stream's tagged product inside the caller's unit of work (the
    caller commits, publishes the events and starts the payment): the stream must be
    shoppable (live, or ended with a replay), the product tagged in it, the buyer not its
    seller nor apart from them by a block; the units are taken from stock by one
    conditional update (never oversold: ``SoldOut`` when fewer are left, 409); the sale
    opened for ``unit_price * quantity`` with its fee at the seller's tier (a zero price
    has a zero fee); ``TransactionOpened`` and ``StreamStockChanged`` recorded. The last
    unit makes the product sold (the seller's counters move with it); a cancelled or
    expired room sale gives its units back (``PaymentMover``).

    Idempotent per ``(source, source_id)``: a second call for the same auction or
    giveaway returns the sale the first opened, and takes nothing (when two race, the
    store's unique index decides and the loser puts its units back)."""

    def __init__(
        self,
        streams: StreamReader,
        products: ProductRepository,
        users: UserReader,
        stock: RoomStock,
        sales: RoomSales,
        counters: ProfileCounters,
        visibility: Visibility,
        fees: FeePolicy,
        events: EventRecorder,
        clock: Clock,
        ids: Ids,
    ) -> None:
        self._streams = streams
        self._products = products
        self._users = users
        self._stock = stock
        self._sales = sales
        self._counters = counters
        self._visibility = visibility
        self._fees = fees
        self._events = events
        self._clock = clock
        self._ids = ids

    async def __call__(self, request: RoomSaleRequest) -> Transaction:
        quantity = require_units(request.quantity)
        if request.source_id is not None:
            earlier = await self._sales.by_source(request.source, request.source_id)
            if earlier is not None:
                return earlier
        stream = await self._streams.get(request.stream_id)
        if stream is None:
            raise StreamNotFound()
        require_shoppable(stream)
        require_tagged(await self._streams.products(stream.id), request.product_id)
        product = await self._products.get(request.product_id)
        if product is None:
            raise ProductNotFound()
        require_buyer(request.buyer_id, product.seller_id)
        await self._visibility.ensure_apart(request.buyer_id, product.seller_id)
        seller = await self._users.get(product.seller_id)
        if seller is None:  # pragma: no cover - a product's seller is never deleted before it
            raise ProductNotFound()
        now = self._clock.now()
        remaining = await self._stock.take(product.id, quantity, now)
        if remaining is None:
            raise SoldOut()
        price = Money(request.unit_price.amount * quantity, request.unit_price.currency)
        quote = self._fees.quote(price, seller.seller_tier, product.feed_type)
        sale = Transaction.open(
            self._ids.new(),
            None,
            product.id,
            request.buyer_id,
            product.seller_id,
            quote,
            now,
            quantity=quantity,
            source=request.source,
            source_id=request.source_id,
            stream_id=stream.id,
        )
        if not await self._sales.add(sale):  # the same auction or giveaway, opened meanwhile
            return await self._lost_race(request, product.id, quantity)
        if remaining == 0:
            await self._counters.adjust(product.seller_id, listings=-1, sold=1)
        await self._events.record(TransactionOpened.of(sale))
        await self._events.record(StreamStockChanged(stream.id, product.id, remaining, quantity))
        return sale

    async def _lost_race(self, request: RoomSaleRequest, product_id: UUID, quantity: int) -> Transaction:
        assert request.source_id is not None
        product = await self._products.get_for_update(product_id)
        assert product is not None
        product.give_back_units(quantity, self._clock.now())
        await self._products.save(product)
        earlier = await self._sales.by_source(request.source, request.source_id)
        assert earlier is not None
        return earlier
