"""Writes from many concurrent callers in one Redis round trip: while one round trip is in
flight, the next callers' writes gather and go out together in the next one. A join storm
then costs a few pipelines instead of one pooled connection per viewer (2,000 viewers at
once would exhaust the client's connection pool)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class WriteBatch(Generic[T]):
    def __init__(self, write: Callable[[list[T]], Awaitable[None]]) -> None:
        self._write = write
        self._items: list[T] = []
        self._written: asyncio.Future[None] | None = None
        self._drainer: asyncio.Task[None] | None = None

    async def add(self, item: T) -> None:
        """Returns once the round trip carrying ``item`` succeeded (raises if it failed)."""
        if self._written is None:
            self._written = asyncio.get_running_loop().create_future()
        written = self._written
        self._items.append(item)
        if self._drainer is None:
            self._drainer = asyncio.create_task(self._drain(), name="redis-write-batch")
        await asyncio.shield(written)

    async def _drain(self) -> None:
        try:
            while self._items:
                items, written = self._items, self._written
                self._items, self._written = [], None
                assert written is not None
                try:
                    await self._write(items)
                except Exception as exc:
                    written.set_exception(exc)
                    written.exception()  # retrieved: a caller that was cancelled cannot warn
                else:
                    written.set_result(None)
        finally:
            self._drainer = None
