from __future__ import annotations

from uuid import UUID

from souk.application.payments.payment_mover import PaymentMover
from souk.application.ports.audit_log import AuditLog
from souk.application.ports.payment_provider import PaymentProvider
from souk.application.ports.payment_repository import PaymentRepository
from souk.application.ports.transaction_repository import TransactionRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.application.shared.staff import StaffGate
from souk.domain.payments.errors import InvalidPaymentTransition, PaymentNotFound
from souk.domain.payments.payment import Payment
from souk.domain.safety.audit import AuditEntry, StaffAction
from souk.domain.safety.report import staff_reason


class StaffRefund:
    """An admin gives money back on a captured sale or tip (money is for admins only:
    anyone else, moderators included, is told the route does not exist): all that is
    left, or ``amount``. The provider is called outside any database transaction; the
    audit entry is written in the same database transaction as the refund's ledger
    entries and status."""

    def __init__(
        self,
        uow: UnitOfWork,
        gate: StaffGate,
        payments: PaymentRepository,
        transactions: TransactionRepository,
        provider: PaymentProvider,
        mover: PaymentMover,
        audit: AuditLog,
        clock: Clock,
        ids: Ids,
    ) -> None:
        self._uow = uow
        self._gate = gate
        self._payments = payments
        self._transactions = transactions
        self._provider = provider
        self._mover = mover
        self._audit = audit
        self._clock = clock
        self._ids = ids

    async def __call__(self, actor_id: UUID, transaction_id: UUID, reason: str, amount: int | None = None) -> Payment:
        actor = await self._gate.require(actor_id, admin=True)
        why = staff_reason(reason)
        payment = await self._payments.get(transaction_id)
        if payment is None:
            sale = await self._transactions.get(transaction_id)
            if sale is None:
                raise PaymentNotFound()
            # a sale whose payment was never opened (its card step never started): nothing captured
            raise InvalidPaymentTransition(f"The transaction is {sale.status.value}.", current_status=sale.status.value)
        wanted = amount if amount is not None else payment.price.amount - payment.refunded
        total = payment.require_refundable(wanted)
        assert payment.intent_id is not None  # a card payment (require_refundable)
        await self._uow.rollback()  # hold no connection while the provider answers
        facts = await self._provider.refund(payment.intent_id, wanted, total, f"refund:{transaction_id}:{total}")
        entry = AuditEntry(self._ids.new(), actor.id, StaffAction.REFUND, "transaction", transaction_id, why,
                           self._clock.now())  # fmt: skip
        await self._audit.append(entry)
        return await self._mover.apply(transaction_id, payment.provider, facts)
