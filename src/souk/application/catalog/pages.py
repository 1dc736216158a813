"""Keyset pages: fetch one more than asked to know whether a next page exists."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from souk.application.ports.catalog_reader import SortKey
from souk.application.ports.cursor_codec import CursorCodec
from souk.domain.shared.errors import InvalidInput

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class Keyed(Protocol):
    @property
    def key(self) -> SortKey: ...


T = TypeVar("T", bound=Keyed)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


async def paginate(
    codec: CursorCodec,
    scope: str,
    cursor: str | None,
    limit: int,
    fetch: Callable[[SortKey | None, int], Awaitable[list[T]]],
) -> Page[T]:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit is between 1 and {MAX_LIMIT}.", field="limit")
    after = codec.decode(scope, cursor) if cursor else None
    rows = await fetch(after, limit + 1)
    items = rows[:limit]
    next_cursor = codec.encode(scope, items[-1].key) if len(rows) > limit else None
    return Page(items, next_cursor)
