from __future__ import annotations

from uuid import UUID

from souk.application.ports.payment_provider import PaymentProvider
from souk.application.ports.saved_methods import SavedMethods
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.payments.saved_method import MethodStatus, SavedMethod


class ListPaymentMethods:
    """The caller's saved cards, newest first. A ``pending`` one (the buyer's card step
    at the provider) is re-read from the provider first, so a confirmed card shows
    ``ready`` without waiting for a webhook."""

    def __init__(self, uow: UnitOfWork, methods: SavedMethods, provider: PaymentProvider, clock: Clock) -> None:
        self._uow = uow
        self._methods = methods
        self._provider = provider
        self._clock = clock

    async def __call__(self, user_id: UUID) -> list[SavedMethod]:
        mine = await self._methods.of_user(user_id)
        pending = [m for m in mine if m.status is MethodStatus.PENDING and m.provider == self._provider.name]
        if not pending:
            return mine
        await self._uow.rollback()  # hold no connection while the provider answers
        changed = []
        for method in pending:
            state = await self._provider.read_setup(method.setup_id)
            status = MethodStatus.READY if state.succeeded else MethodStatus.FAILED if state.failed else method.status
            if method.settle(status, state.method_id, state.last4, self._clock.now()):
                changed.append(method)
        for method in changed:
            await self._methods.save(method)
        await self._uow.commit()
        return mine
