from __future__ import annotations

from uuid import UUID

from souk.application.payments.payment_mover import PaymentMover
from souk.application.payments.sale_payment import souk_fact
from souk.application.ports.off_session_charges import OffSessionCharges
from souk.application.ports.payment_provider import IntentRequest, PaymentProvider
from souk.application.ports.payment_repository import PaymentRepository
from souk.application.ports.payout_accounts import PayoutAccounts
from souk.application.ports.saved_methods import SavedMethods
from souk.application.ports.transaction_repository import TransactionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.negotiation.errors import TransactionNotFound
from souk.domain.payments.errors import CardDeclined
from souk.domain.payments.facts import ProviderEventKind
from souk.domain.payments.payment import Payment
from souk.domain.payments.status import PaymentStatus
from souk.domain.shared.payment_method import PaymentMethod


class ChargeSavedMethod(OffSessionCharges):
    """An auction's sale charged to the winner's newest saved card, off-session and
    captured at once (the provider's idempotency key is the sale's id: one charge, however
    often this runs), the platform fee kept and the rest to the seller's connected
    account. A declined card (or none left) cancels the sale: the payment is recorded
    ``cancelled`` and the sale follows it, which gives the unit back to the stock
    (``PaymentMover``). The provider is called outside any database transaction; the
    payment row decides between two processes settling the same sale."""

    def __init__(
        self,
        uow: UnitOfWork,
        transactions: TransactionRepository,
        payments: PaymentRepository,
        methods: SavedMethods,
        accounts: PayoutAccounts,
        provider: PaymentProvider,
        mover: PaymentMover,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._transactions = transactions
        self._payments = payments
        self._methods = methods
        self._accounts = accounts
        self._provider = provider
        self._mover = mover
        self._clock = clock

    async def charge(self, transaction_id: UUID) -> bool:
        sale = await self._transactions.get(transaction_id)
        if sale is None:
            raise TransactionNotFound()
        earlier = await self._payments.get(transaction_id)
        if earlier is not None:  # charged (or refused) before: never twice
            await self._uow.rollback()
            return earlier.status is PaymentStatus.COMPLETED
        method = await self._methods.usable(sale.buyer_id, self._provider.name)
        account = await self._accounts.get(sale.seller_id)
        await self._uow.rollback()  # hold no connection while the provider answers
        now = self._clock.now()
        payment = Payment(
            transaction_id=sale.id,
            buyer_id=sale.buyer_id,
            seller_id=sale.seller_id,
            method=PaymentMethod.CARD,
            price=sale.price,
            fee=sale.platform_fee,
            provider=self._provider.name,
            created_at=now,
            updated_at=now,
            auto_capture=True,
        )
        try:
            if method is None or method.method_id is None:
                raise CardDeclined("No saved card to charge.")
            request = IntentRequest(
                reference=str(sale.id),
                amount=sale.price,
                fee=sale.platform_fee,
                destination=account.account_id if account and account.payouts_enabled else None,
                capture=True,
                metadata={"transaction_id": str(sale.id), "product_id": str(sale.product_id)},
            )
            intent, facts = await self._provider.charge_saved(request, method.customer_id, method.method_id)
            payment.intent_id = intent.intent_id
        except CardDeclined:
            facts = [souk_fact(sale.id, ProviderEventKind.CANCELLED, now)]
        if not await self._payments.add(payment):  # another process settled it meanwhile
            await self._uow.rollback()
            settled = await self._payments.get(transaction_id)
            await self._uow.rollback()
            return settled is not None and settled.status is PaymentStatus.COMPLETED
        applied = await self._mover.apply(sale.id, payment.provider, facts)
        return applied.status is PaymentStatus.COMPLETED
