"""Buy-now and the cart from a live room (``POST /streams/{id}/purchases``, ``stream:buy``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.flash_sale_repository import FlashSaleRepository
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.sale_checkout import SaleCheckout
from souk.application.ports.transaction_repository import TransactionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.idempotency import Idempotency, fingerprint
from souk.application.shared.ids import Ids
from souk.application.streams.open_room_sale import OpenRoomSale, RoomSaleRequest
from souk.domain.catalog.errors import ProductNotFound
from souk.domain.catalog.product import Product
from souk.domain.negotiation.transaction import SaleSource, Transaction
from souk.domain.shared.money import Money
from souk.domain.streams.room_sale import require_cart, require_one_currency


@dataclass(frozen=True, slots=True)
class CartItem:
    product_id: UUID
    quantity: int


@dataclass(frozen=True, slots=True)
class Purchase:
    transactions: list[Transaction]  # in the order the items were given
    client_secret: str | None  # the buyer's card step, one for the whole cart


class BuyNow:
    """A viewer buys tagged products of a stream at their price (the flash price while a
    flash sale of it runs): one item is buy-now,
    several are a cart. Each item is one sale opened by ``OpenRoomSale`` (stock taken
    atomically, its own fee); a cart's sales share one ``checkout_id`` and so one card
    payment. All or nothing: one sold-out item (409 ``sold_out``) leaves every other
    item's stock as it was. Products are taken in id order, so two carts never wait on
    each other's rows in opposite orders. After the commit the card payment is opened
    and its ``client_secret`` answered; the room hears ``stream:product:sold``. With an
    ``Idempotency-Key`` (the HTTP door), a retry of the same purchase answers the sales the
    first one opened (and their payment's ``client_secret``) and takes nothing."""

    def __init__(
        self,
        uow: UnitOfWork,
        products: ProductRepository,
        open_sale: OpenRoomSale,
        events: EventRecorder,
        checkout: SaleCheckout,
        flash_sales: FlashSaleRepository,
        clock: Clock,
        ids: Ids,
        idempotency: Idempotency,
        sales: TransactionRepository,
    ) -> None:
        self._idempotency = idempotency
        self._sales = sales
        self._flash_sales = flash_sales
        self._clock = clock
        self._uow = uow
        self._products = products
        self._open_sale = open_sale
        self._events = events
        self._checkout = checkout
        self._ids = ids

    async def __call__(
        self, stream_id: UUID, buyer_id: UUID, items: Sequence[CartItem], idempotency_key: str | None = None
    ) -> Purchase:
        require_cart([item.product_id for item in items])
        print_ = fingerprint("purchase", stream_id, *(f"{item.product_id}x{item.quantity}" for item in items))
        earlier = await self._idempotency.replay(buyer_id, idempotency_key, print_, self._clock.now())
        if earlier is not None:
            await self._uow.rollback()
            return await self._again(earlier["transaction_ids"].split(","))
        listed = {item.product_id: await self._listed(item.product_id) for item in items}
        require_one_currency([product.price.currency for product in listed.values()])
        checkout_id = self._ids.new() if len(items) > 1 else None
        sales: dict[UUID, Transaction] = {}
        for item in sorted(items, key=lambda i: i.product_id):
            price = await self._price(stream_id, listed[item.product_id])
            request = RoomSaleRequest(
                stream_id, item.product_id, buyer_id, price, item.quantity, SaleSource.BUY_NOW, None, checkout_id
            )
            sales[item.product_id] = await self._open_sale(request)
        opened = [sales[item.product_id] for item in items]
        done = {"transaction_ids": ",".join(str(sale.id) for sale in opened)}
        await self._idempotency.remember(buyer_id, idempotency_key, done)
        await self._uow.commit()
        await self._events.publish()
        return Purchase(opened, await self._checkout.client_secret(opened[0]))

    async def _again(self, transaction_ids: list[str]) -> Purchase:
        """The first answer: the sales it opened, as they are now, and their payment's secret."""
        opened = [sale for sale_id in transaction_ids if (sale := await self._sales.get(UUID(sale_id))) is not None]
        if not opened:  # pragma: no cover - a sale is never deleted
            raise ProductNotFound()
        return Purchase(opened, await self._checkout.client_secret(opened[0]))

    async def _price(self, stream_id: UUID, product: Product) -> Money:
        """The flash price while a flash sale of the product runs in this stream (until its
        ``ends_at``, whether or not its end has been processed yet), else the listed price."""
        flash = await self._flash_sales.current(stream_id, product.id)
        running = flash.price_at(self._clock.now()) if flash is not None else None
        return running or product.price

    async def _listed(self, product_id: UUID) -> Product:
        product = await self._products.get(product_id)
        if product is None:
            raise ProductNotFound()
        return product
