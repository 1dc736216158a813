from __future__ import annotations

from uuid import UUID

from souk.application.payments.payment_mover import PaymentMover
from souk.application.ports.card_simulator import CardSimulator
from souk.application.ports.payment_provider import IntentRequest, PaymentProvider
from souk.application.ports.payment_repository import PaymentRepository
from souk.application.ports.payout_accounts import PayoutAccounts
from souk.application.ports.stream_repository import StreamReader
from souk.application.ports.tip_repository import TipRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_reader import UserReader
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.application.shared.visibility import Visibility
from souk.domain.fees.policy import FeePolicy
from souk.domain.payments.errors import SimulatorOnly
from souk.domain.payments.payment import Payment
from souk.domain.payments.tip import Tip, require_tip_amount
from souk.domain.shared.money import Money
from souk.domain.shared.payment_method import PaymentMethod
from souk.domain.streams.errors import StreamNotFound, StreamNotLive

SIMULATED = "simulated"
SUCCEEDS = "4242424242424242"


class SendTip:
    """A viewer tips the seller of a live stream: a card charge captured at once (never a
    hold) with the platform fee kept and the rest paid out to the seller (their connected
    account, when they have one). Refused for a stream the viewer cannot see (404), one
    not live (409), the seller's own (403), across a block (403), a bad amount (400).

    The provider is called outside any database transaction, before anything is written;
    then the tip, its payment and (simulator) its capture are written in one commit. With the card simulator the card
    step is played at once (``card``: a test card, the succeeding one by default), so the
    tip answers ``completed``; with a real provider it answers ``pending`` with the
    ``client_secret`` for the viewer's card step, and the provider's webhook captures it.
    The room hears ``stream:tip`` when the charge is captured, once."""

    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamReader,
        visibility: Visibility,
        users: UserReader,
        fees: FeePolicy,
        tips: TipRepository,
        payments: PaymentRepository,
        accounts: PayoutAccounts,
        provider: PaymentProvider,
        simulator: CardSimulator,
        mover: PaymentMover,
        clock: Clock,
        ids: Ids,
    ) -> None:
        self._uow = uow
        self._streams = streams
        self._visibility = visibility
        self._users = users
        self._fees = fees
        self._tips = tips
        self._payments = payments
        self._accounts = accounts
        self._provider = provider
        self._simulator = simulator
        self._mover = mover
        self._clock = clock
        self._ids = ids

    async def __call__(self, stream_id: UUID, by: UUID, amount: Money, card: str | None = None) -> tuple[Tip, Payment]:
        require_tip_amount(amount)
        stream = await self._streams.get(stream_id)
        if stream is None or (stream.seller_id != by and stream.seller_id in await self._visibility.hidden_from(by)):
            raise StreamNotFound()
        if not stream.is_live:
            raise StreamNotLive()
        seller = await self._users.get(stream.seller_id)
        if seller is None:
            raise StreamNotFound()
        simulated = self._provider.name == SIMULATED
        if card is not None and not simulated:
            raise SimulatorOnly()
        quote = self._fees.tip_quote(amount, seller.seller_tier)
        tip = Tip.give(self._ids.new(), stream.id, stream.seller_id, by, amount, quote.fee, self._clock.now())
        await self._visibility.ensure_apart(by, stream.seller_id)
        account = await self._accounts.get(stream.seller_id)
        await self._uow.rollback()  # hold no connection while the provider answers
        intent = await self._provider.create_intent(
            IntentRequest(
                reference=str(tip.id),
                amount=amount,
                fee=quote.fee,
                destination=account.account_id if account and account.payouts_enabled else None,
                capture=True,
                metadata={"tip_id": str(tip.id), "stream_id": str(stream.id)},
            )
        )
        facts = await self._simulator.confirm(intent.intent_id, card or SUCCEEDS) if simulated else []
        payment = Payment(
            transaction_id=tip.id,
            buyer_id=by,
            seller_id=stream.seller_id,
            method=PaymentMethod.CARD,
            price=amount,
            fee=quote.fee,
            provider=self._provider.name,
            created_at=tip.created_at,
            updated_at=tip.created_at,
            intent_id=intent.intent_id,
            client_secret=intent.client_secret,
            auto_capture=True,
        )
        await self._tips.add(tip)
        await self._payments.add(payment)
        if not facts:
            await self._uow.commit()
            return tip, payment
        # the simulator's answer is applied in the same database transaction: one commit
        payment = await self._mover.apply(tip.id, payment.provider, facts)
        return await self._tips.get(tip.id) or tip, payment
