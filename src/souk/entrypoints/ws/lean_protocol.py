"""Lighter stand-ins for the two asyncio objects uvicorn's ``websockets-sansio`` protocol keeps
for each socket's whole life: the queue of events it hands the app (``receive``) and the
``writable`` event ``send`` waits on. An ``asyncio.Queue`` is four deques and an
``asyncio.Event`` one more — ~4.1 KiB per socket, a fifth of what an idle socket costs — for
a queue that holds one frame at a time (the protocol stops reading until the app took it) and
a gate almost never closed. These hold a list or a future only while something is in them.

They do what the protocol asks of the originals (``put_nowait``/``get``/``empty``;
``wait``/``set``/``clear``/``is_set``) with the same semantics for one reader — the socket's
own task, the only caller of ``receive`` — and any number of senders.

The protocol's frame parser also keeps the handshake's request alive (:func:`drop_parsed_request`)."""

from __future__ import annotations

import asyncio
from typing import Any

from websockets.protocol import Protocol
from websockets.streams import StreamReader


class Inbox:
    """The events waiting for the app's ``receive``, oldest first."""

    __slots__ = ("_items", "_waiter")

    def __init__(self, items: list[Any] | None = None) -> None:
        self._items = items or None
        self._waiter: asyncio.Future[None] | None = None

    def put_nowait(self, item: Any) -> None:
        if self._items is None:
            self._items = [item]
        else:
            self._items.append(item)
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def empty(self) -> bool:
        return not self._items

    async def get(self) -> Any:
        while not self._items:
            if self._waiter is not None:
                raise RuntimeError("a socket's events have one reader")
            waiter = self._waiter = asyncio.get_running_loop().create_future()
            try:
                await waiter
            finally:
                self._waiter = None
        items = self._items
        item = items.pop(0)
        if not items:
            self._items = None
        return item


class Gate:
    """Open while the transport takes writes (``asyncio.Event`` semantics: ``set`` wakes every
    waiter, even if it is cleared again before they run)."""

    __slots__ = ("_open", "_waiters")

    def __init__(self, is_open: bool) -> None:
        self._open = is_open
        self._waiters: list[asyncio.Future[bool]] | None = None

    def is_set(self) -> bool:
        return self._open

    def set(self) -> None:
        self._open = True
        waiters, self._waiters = self._waiters, None
        for waiter in waiters or ():
            if not waiter.done():
                waiter.set_result(True)

    def clear(self) -> None:
        self._open = False

    async def wait(self) -> bool:
        if self._open:
            return True
        waiter: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        if self._waiters is None:
            self._waiters = []
        self._waiters.append(waiter)
        try:
            return await waiter
        finally:
            if self._waiters is not None and waiter in self._waiters:
                self._waiters.remove(waiter)
                if not self._waiters:
                    self._waiters = None


def lighten(protocol: Any) -> None:
    """Swap the protocol's queue and ``writable`` event for an :class:`Inbox` holding the same
    events and a :class:`Gate` in the same state, and let its parser drop the handshake's
    request. Called by the socket's task between two ``receive`` calls and with no ``send``
    of its own pending — nothing waits on either."""
    drop_parsed_request(protocol.conn)
    queue = protocol.queue
    if isinstance(queue, asyncio.Queue):
        items = []
        while not queue.empty():
            items.append(queue.get_nowait())
        protocol.queue = Inbox(items)
    writable = protocol.writable
    if isinstance(writable, asyncio.Event):
        protocol.writable = Gate(writable.is_set())


def drop_parsed_request(conn: Any) -> None:
    """A ``websockets`` ``ServerProtocol`` parses the handshake's request in a generator that
    then only delegates to the frame parser (``yield from super().parse()``) for the rest of
    the connection, keeping the request — its parsed headers, ~2 KiB — as a local of its
    frame. Between two frames (the frame parser waits in ``at_eof`` for the next one, nothing
    buffered) a fresh frame parser is in the same state, without that frame; mid-frame the
    parser is left as it is."""
    inner: Any = getattr(conn.parser, "gi_yieldfrom", None)
    if getattr(inner, "gi_code", None) is not Protocol.parse.__code__:
        return
    if getattr(inner.gi_yieldfrom, "gi_code", None) is not StreamReader.at_eof.__code__ or conn.reader.buffer:
        return
    parser = Protocol.parse(conn)
    next(parser)  # to where the old one waits: at_eof, for the next frame
    conn.parser = parser
