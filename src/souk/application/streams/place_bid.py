from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.auction_repository import AuctionRepository
from souk.application.ports.payment_provider import PaymentProvider
from souk.application.ports.saved_methods import SavedMethods
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_reader import UserReader
from souk.application.shared.clock import Clock
from souk.application.streams.auction_config import AuctionConfig
from souk.application.streams.auction_ends import AuctionEnds
from souk.application.streams.auction_facts import AuctionFacts
from souk.application.streams.auction_turns import AuctionTurns, Waiting
from souk.domain.shared.errors import DomainError
from souk.domain.shared.money import Money
from souk.domain.streams.auction import Auction
from souk.domain.streams.auction_errors import AuctionNotFound, CannotBidOnOwnAuction, PaymentMethodRequired
from souk.domain.streams.auction_events import AuctionBidPlaced, AuctionState


@dataclass(frozen=True, slots=True)
class BidCommand:
    auction_id: UUID
    bidder_id: UUID
    amount: Money
    rooms: Container[UUID]  # the streams whose rooms the bidder is in: only those auctions are theirs to bid in


class PlaceBid:
    """A viewer in the room bids. Bids on one auction take turns (the auction is read
    for update: a row lock on PostgreSQL, across every process; in a process they queue
    first in ``AuctionTurns``, holding no connection, and whoever gets the turn applies
    every bid waiting, in arrival order, in one transaction), so of two equal bids at
    the same moment the second finds the first and is ``bid_too_low``. A bid needs a
    saved card (``payment_method_required``): the winner is charged off-session. A late
    bid pushes the end (``extended``) and the end job is scheduled again. What a bid needs
    before its turn comes from ``AuctionFacts`` once known: a bid reads nothing then."""

    def __init__(
        self,
        uow: UnitOfWork,
        auctions: AuctionRepository,
        methods: SavedMethods,
        provider: PaymentProvider,
        users: UserReader,
        events: EventRecorder,
        ends: AuctionEnds,
        config: AuctionConfig,
        turns: AuctionTurns,
        facts: AuctionFacts,
        clock: Clock,
    ) -> None:
        self._facts = facts
        self._turns = turns
        self._uow = uow
        self._auctions = auctions
        self._methods = methods
        self._provider = provider
        self._users = users
        self._events = events
        self._ends = ends
        self._config = config
        self._clock = clock

    async def __call__(self, command: BidCommand) -> Auction:
        stream_id, seller_id = await self._auction_of(command.auction_id)
        if stream_id not in command.rooms:
            raise AuctionNotFound()
        if seller_id == command.bidder_id:
            raise CannotBidOnOwnAuction()
        await self._require_card(command.bidder_id)
        alias = await self._alias_of(command.bidder_id)
        await self._uow.rollback()  # wait for the turn holding no connection
        mine = Waiting(command, alias)
        turn = self._turns.join(command.auction_id, mine)
        try:
            async with turn:
                if not mine.answer.done():  # nobody took it along: this turn applies the queue
                    await self._apply(command.auction_id, self._turns.take(command.auction_id))
        finally:
            self._turns.leave(command.auction_id)
        auction, extended = await mine.answer
        if extended:
            await self._ends.schedule(auction)
        return auction  # type: ignore[no-any-return]

    async def _auction_of(self, auction_id: UUID) -> tuple[UUID, UUID]:
        known = self._facts.auction(auction_id)
        if known is None:
            seen = await self._auctions.get(auction_id)
            if seen is None:
                raise AuctionNotFound()
            self._facts.know_auction(auction_id, seen.stream_id, seen.seller_id)
            known = (seen.stream_id, seen.seller_id)
        return known

    async def _require_card(self, bidder_id: UUID) -> None:
        provider = self._provider.name
        if self._facts.has_card(bidder_id, provider):
            return
        if await self._methods.usable(bidder_id, provider) is None:
            raise PaymentMethodRequired()
        self._facts.know_card(bidder_id, provider)

    async def _alias_of(self, bidder_id: UUID) -> str:
        alias = self._facts.alias(bidder_id)
        if alias is None:
            bidder = await self._users.get(bidder_id)
            alias = bidder.username.value if bidder else "deleted"
            self._facts.know_alias(bidder_id, alias)
        return alias

    async def _apply(self, auction_id: UUID, batch: list[Waiting]) -> None:
        """The waiting bids in arrival order, in one transaction; each gets its answer
        (the auction right after it, or its refusal) once the lot is committed."""
        answers: list[tuple[Waiting, Any]] = []
        try:
            auction = await self._auctions.get_for_update(auction_id)
            if auction is None:
                raise AuctionNotFound()
            now, window = self._clock.now(), self._config.extend_window_s
            for waiting in batch:
                command: BidCommand = waiting.command
                try:
                    outcome = auction.bid(command.bidder_id, waiting.alias, command.amount, now, window)
                except DomainError as refused:
                    answers.append((waiting, refused))
                    continue
                state = AuctionState.of(auction)
                await self._events.record(AuctionBidPlaced(state, command.bidder_id, outcome.extended))
                answers.append((waiting, (replace(auction), outcome.extended)))
            await self._auctions.save(auction)
            await self._uow.commit()
        except BaseException as failed:  # the database, or a cancelled turn: nobody in the batch is left waiting
            for waiting in batch:
                if not waiting.answer.done():
                    waiting.answer.set_exception(failed)
            if not isinstance(failed, Exception):
                raise
            return
        await self._events.publish()
        for waiting, answer in answers:
            if isinstance(answer, DomainError):
                waiting.answer.set_exception(answer)
            else:
                waiting.answer.set_result(answer)
