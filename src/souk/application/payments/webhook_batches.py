"""Concurrent webhook deliveries applied together: group commit.

A delivery that finds no batch running leads: it applies its own items, and every item
that arrived meanwhile, in one go (one database transaction), then answers each waiting
delivery with its share of the result and hands the lead to the first delivery still
waiting, which does the same with what arrived during that batch. So under load a batch
holds whatever queued up while the previous one ran (at most ``limit`` items); alone, a
delivery is applied at once, as before. Each delivery answers only after its items are
committed: Stripe's retry of a refused delivery stays the only recovery needed.

When a batch fails as a whole, each delivery in it is applied alone (one bad event fails
only its own delivery, which the provider retries). In process only: several processes
each batch their own deliveries, and the database (claims by event id, payments locked
in one order) keeps them exact between each other."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_LEAD = object()  # a waiting delivery's signal: the batch is yours to run


class _Delivery(Generic[Item, Result]):
    __slots__ = ("items", "ready")

    def __init__(self, items: Sequence[Item]) -> None:
        self.items = items
        self.ready: asyncio.Future[object] = asyncio.get_running_loop().create_future()


class WebhookBatches(Generic[Item, Result]):
    """``await batches.run(items, work)``: ``work`` gets a batch's items in arrival order
    and answers one result per item; each caller gets the results of its own items."""

    def __init__(self, limit: int = 256) -> None:
        self._limit = limit
        self._waiting: deque[_Delivery[Item, Result]] = deque()
        self._leading = False

    async def run(self, items: Sequence[Item], work: Callable[[list[Item]], Awaitable[list[Result]]]) -> list[Result]:
        mine: _Delivery[Item, Result] = _Delivery(items)
        self._waiting.append(mine)
        if self._leading:
            try:
                outcome = await mine.ready
            except asyncio.CancelledError:
                self._abandon(mine)
                raise
            if outcome is not _LEAD:
                return outcome  # type: ignore[return-value]  # the batch a leader ran with these items
        self._leading = True
        try:
            return await self._lead(mine, work)
        finally:
            self._hand_over()

    async def _lead(
        self, mine: _Delivery[Item, Result], work: Callable[[list[Item]], Awaitable[list[Result]]]
    ) -> list[Result]:
        batch: list[_Delivery[Item, Result]] = []  # ``mine`` first: it leads from the head of the queue
        taken = 0
        while self._waiting and (not batch or taken + len(self._waiting[0].items) <= self._limit):
            delivery = self._waiting.popleft()
            if delivery is mine or not delivery.ready.done():  # a waiter cancelled meanwhile is dropped
                batch.append(delivery)
                taken += len(delivery.items)
        outcomes: list[list[Result] | BaseException]
        try:
            outcomes = await self._apply(batch, work)
        except BaseException as error:  # the leader itself was cancelled: nobody may wait forever
            outcomes = [RuntimeError("the delivery leading this batch was cancelled")] * len(batch)
            raise error
        finally:
            for delivery, outcome in zip(batch, outcomes, strict=True):
                if delivery is not mine and not delivery.ready.done():
                    if isinstance(outcome, BaseException):
                        delivery.ready.set_exception(outcome)
                    else:
                        delivery.ready.set_result(outcome)
        own = outcomes[batch.index(mine)]
        if isinstance(own, BaseException):
            raise own
        return own

    @staticmethod
    async def _apply(
        batch: list[_Delivery[Item, Result]], work: Callable[[list[Item]], Awaitable[list[Result]]]
    ) -> list[list[Result] | BaseException]:
        try:
            results = await work([item for delivery in batch for item in delivery.items])
        except Exception as error:
            if len(batch) == 1:
                return [error]
            alone: list[list[Result] | BaseException] = []
            for delivery in batch:  # one by one: a bad event fails only its own delivery
                try:
                    alone.append(await work(list(delivery.items)))
                except Exception as own_error:
                    alone.append(own_error)
            return alone
        shares: list[list[Result] | BaseException] = []
        at = 0
        for delivery in batch:
            shares.append(results[at : at + len(delivery.items)])
            at += len(delivery.items)
        return shares

    def _hand_over(self) -> None:
        while self._waiting:
            first = self._waiting[0]
            if not first.ready.done():
                first.ready.set_result(_LEAD)
                return
            self._waiting.popleft()  # cancelled while waiting
        self._leading = False

    def _abandon(self, mine: _Delivery[Item, Result]) -> None:
        """A waiting delivery was cancelled: if the lead had just been handed to it, pass it on."""
        if mine in self._waiting:
            self._waiting.remove(mine)
        promoted = mine.ready.done() and not mine.ready.cancelled() and mine.ready.result() is _LEAD
        if promoted:
            self._hand_over()
