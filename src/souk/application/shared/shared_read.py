"""One read shared by the callers that arrive together (issue 19).

The reads every feed request makes before its page (who is suspended, who is live now, the
catalog's generation) answer the same thing to everyone. Callers that arrive while one read
is in flight share the next one, which starts after they all arrived: a caller never gets
an answer read before it asked, so a writer's next request sees its own change, and several
processes (or hosts) stay right without talking to one another. Under load a process then
makes one read per round trip, not one per request; when idle, each request reads alone.

Each caller brings the argument it needs; the shared read gets the ``combine`` of them all
(the earliest time, the largest limit), so every caller can take its own answer from it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

A = TypeVar("A")
T = TypeVar("T")


class _Pending(Generic[A, T]):
    __slots__ = ("argument", "found", "read")

    def __init__(self, argument: A, read: Callable[[A], Awaitable[T]]) -> None:
        self.argument = argument
        self.read = read
        self.found: asyncio.Future[T] = asyncio.get_running_loop().create_future()


class SharedRead(Generic[A, T]):
    def __init__(self, combine: Callable[[A, A], A]) -> None:
        self._combine = combine
        self._next: _Pending[A, T] | None = None  # the read that callers arriving now will share
        self._reader: asyncio.Task[None] | None = None

    async def __call__(self, argument: A, read: Callable[[A], Awaitable[T]]) -> T:
        """``read(argument)``, or the result of a read of ``combine(argument, …)`` that
        started after this call. The read runs in a task of its own (a caller that goes away
        does not cancel it for the others): it must not use anything the caller's request
        closes (a read session's per-statement connections are fine; a transaction is not)."""
        pending = self._next
        if pending is None:
            pending = self._next = _Pending(argument, read)
        else:
            pending.argument = self._combine(pending.argument, argument)
        if self._reader is None:
            self._reader = asyncio.create_task(self._read_while_asked(), name="shared-read")
        return await asyncio.shield(pending.found)

    async def _read_while_asked(self) -> None:
        try:
            while (pending := self._next) is not None:
                self._next = None
                try:
                    pending.found.set_result(await pending.read(pending.argument))
                except Exception as error:
                    pending.found.set_exception(error)
                    pending.found.exception()  # retrieved: every caller may have given up
        finally:
            self._reader = None
