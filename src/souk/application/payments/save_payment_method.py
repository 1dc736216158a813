from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.card_simulator import CardSimulator
from souk.application.ports.payment_provider import PaymentProvider
from souk.application.ports.saved_methods import SavedMethods
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.domain.payments.errors import SimulatorOnly
from souk.domain.payments.saved_method import MethodStatus, SavedMethod

SIMULATED = "simulated"
SUCCEEDS = "4242424242424242"


@dataclass(frozen=True, slots=True)
class MethodSaving:
    method: SavedMethod
    client_secret: str | None  # the buyer's card step (Stripe's SetupIntent); None once saved


class SavePaymentMethod:
    """A buyer saves a card for off-session charges (what an auction win is charged to).
    With Stripe: a SetupIntent on the buyer's Customer, ``pending`` until the buyer
    confirms it on the client with the ``client_secret`` (listing the methods re-reads
    it). With the card simulator the test card ``card`` (the succeeding one by default)
    is saved at once; the declined card is refused (409 ``card_declined``). The provider
    is called outside any database transaction."""

    def __init__(
        self,
        uow: UnitOfWork,
        methods: SavedMethods,
        provider: PaymentProvider,
        simulator: CardSimulator,
        clock: Clock,
        ids: Ids,
    ) -> None:
        self._uow = uow
        self._methods = methods
        self._provider = provider
        self._simulator = simulator
        self._clock = clock
        self._ids = ids

    async def __call__(self, user_id: UUID, card: str | None = None) -> MethodSaving:
        simulated = self._provider.name == SIMULATED
        if card is not None and not simulated:
            raise SimulatorOnly()
        await self._uow.rollback()  # hold no connection while the provider answers
        setup = await self._provider.setup_method(user_id)
        now = self._clock.now()
        method = SavedMethod(
            self._ids.new(), user_id, self._provider.name, setup.setup_id, setup.customer_id, MethodStatus.PENDING,
            now, now,
        )  # fmt: skip
        secret: str | None = setup.client_secret
        if simulated:
            state = await self._simulator.save_card(setup.setup_id, card or SUCCEEDS)
            method.settle(MethodStatus.READY, state.method_id, state.last4, now)
            secret = None
        await self._methods.add(method)
        await self._uow.commit()
        return MethodSaving(method, secret)
