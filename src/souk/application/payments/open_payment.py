from __future__ import annotations

from uuid import UUID

from souk.application.ports.payment_provider import IntentRequest, PaymentProvider
from souk.application.ports.payment_repository import PaymentRepository
from souk.application.ports.payout_accounts import PayoutAccounts
from souk.application.ports.room_sales import RoomSales
from souk.application.ports.transaction_repository import TransactionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.negotiation.errors import TransactionNotFound
from souk.domain.negotiation.transaction import Transaction, TransactionStatus
from souk.domain.payments.payment import FREE, Payment
from souk.domain.shared.money import Money
from souk.domain.shared.payment_method import PaymentMethod


class OpenPayment:
    """The payment of a sale, opened on first need: for ``card`` a held intent at the
    provider (idempotent by the transaction id, so a retry or a concurrent open gets the
    same intent) with the platform fee and the seller's connected account; for ``cash`` a
    record only. A remote provider is called outside any database transaction."""

    def __init__(
        self,
        uow: UnitOfWork,
        payments: PaymentRepository,
        transactions: TransactionRepository,
        provider: PaymentProvider,
        accounts: PayoutAccounts,
        clock: Clock,
        room_sales: RoomSales,
    ) -> None:
        self._room_sales = room_sales
        self._uow = uow
        self._payments = payments
        self._transactions = transactions
        self._provider = provider
        self._accounts = accounts
        self._clock = clock

    async def __call__(self, transaction_id: UUID, viewer: UUID) -> tuple[Transaction, Payment | None]:
        sale = await self._transactions.get(transaction_id)
        if sale is None:
            raise TransactionNotFound()
        sale.require_party(viewer)
        payment = await self._payments.get(transaction_id)
        if payment is not None or sale.status is not TransactionStatus.PENDING:
            return sale, payment  # sales paid before payments existed have none
        return sale, await self.for_new(sale)

    async def for_new(self, sale: Transaction) -> Payment | None:
        """The payment of a pending sale just opened (the caller holds it, no read again),
        opened now and committed; one opened meanwhile by a concurrent look is the one returned."""
        if sale.checkout_id is not None:
            return await self._open_checkout(sale, sale.checkout_id)
        payment = await self._drafted(sale)
        if not await self._payments.add(payment):
            await self._uow.rollback()
            return await self._payments.get(sale.id)
        await self._uow.commit()
        return payment

    def opens_locally(self, sale: Transaction) -> bool:
        """Whether the sale's payment needs no call across the network (cash, nothing to
        charge, an in-process provider), so it can be written in the sale's own transaction."""
        if sale.checkout_id is not None:
            return False
        return sale.payment_method is not PaymentMethod.CARD or not sale.price.amount or not self._provider.remote

    async def with_sale(self, sale: Transaction) -> None:
        """The payment of a sale being opened, in the same transaction (the caller commits
        both); only for a sale that ``opens_locally``."""
        await self._payments.add(await self._drafted(sale))

    async def _drafted(self, sale: Transaction) -> Payment:
        now = self._clock.now()
        payment = Payment(
            transaction_id=sale.id,
            buyer_id=sale.buyer_id,
            seller_id=sale.seller_id,
            method=sale.payment_method,
            price=sale.price,
            fee=sale.platform_fee,
            provider="cash",
            created_at=now,
            updated_at=now,
        )
        if sale.payment_method is PaymentMethod.CARD and not sale.price.amount:
            payment.provider = FREE  # nothing to charge: no intent (a provider refuses a zero amount)
        elif sale.payment_method is PaymentMethod.CARD:
            if self._provider.remote:
                await self._uow.rollback()  # hold no connection while the provider answers
            account = await self._accounts.get(sale.seller_id)
            intent = await self._provider.create_intent(
                IntentRequest(
                    reference=str(sale.id),
                    amount=sale.price,
                    fee=sale.platform_fee,
                    destination=account.account_id if account and account.payouts_enabled else None,
                    capture=False,
                    metadata={"transaction_id": str(sale.id), "product_id": str(sale.product_id)},
                )
            )
            payment.provider, payment.intent_id, payment.client_secret = (
                self._provider.name,
                intent.intent_id,
                intent.client_secret,
            )
        return payment

    async def _open_checkout(self, sale: Transaction, checkout_id: UUID) -> Payment | None:
        """A cart: one held intent for the sum of its sales (the sum of their fees to the
        platform), idempotent by the cart's id; one payment row per sale sharing it, each
        with the sale's own price and fee (so each sale keeps its own ledger)."""
        cart = await self._room_sales.in_checkout(checkout_id)
        await self._uow.rollback()  # hold no connection while the provider answers
        account = await self._accounts.get(sale.seller_id)
        currency = sale.price.currency
        intent = await self._provider.create_intent(
            IntentRequest(
                reference=str(checkout_id),
                amount=Money(sum(s.price.amount for s in cart), currency),
                fee=Money(sum(s.platform_fee.amount for s in cart), currency),
                destination=account.account_id if account and account.payouts_enabled else None,
                capture=False,
                metadata={"checkout_id": str(checkout_id), "transaction_ids": ",".join(str(s.id) for s in cart)},
            )
        )
        now = self._clock.now()
        for member in cart:
            payment = Payment(
                member.id, member.buyer_id, member.seller_id, PaymentMethod.CARD, member.price, member.platform_fee,
                self._provider.name, now, now, intent.intent_id, intent.client_secret,
            )  # fmt: skip
            if not await self._payments.add(payment):  # opened meanwhile by another look at the cart
                await self._uow.rollback()
                return await self._payments.get(sale.id)
        await self._uow.commit()
        return await self._payments.get(sale.id)
