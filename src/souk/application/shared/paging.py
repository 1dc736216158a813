"""Keyset pages: fetch one more than asked to know whether a next page exists. The
position travels as an opaque, signed cursor (``CursorCodec``) scoped to one listing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from souk.application.ports.cursor_codec import CursorCodec
from souk.application.shared.cursors import SortKey
from souk.domain.shared.errors import InvalidInput

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class Keyed(Protocol):
    @property
    def key(self) -> SortKey: ...


T = TypeVar("T")
K = TypeVar("K", bound=Keyed)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


async def page_of(
    codec: CursorCodec,
    scope: str,
    cursor: str | None,
    limit: int,
    fetch: Callable[[SortKey | None, int], Awaitable[list[T]]],
    key_of: Callable[[T], SortKey],
) -> Page[T]:
    """A page of any list whose items ``key_of`` can place."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit is between 1 and {MAX_LIMIT}.", field="limit")
    after = codec.decode(scope, cursor) if cursor else None
    rows = await fetch(after, limit + 1)
    items = rows[:limit]
    next_cursor = codec.encode(scope, key_of(items[-1])) if len(rows) > limit else None
    return Page(items, next_cursor)


async def paginate(
    codec: CursorCodec,
    scope: str,
    cursor: str | None,
    limit: int,
    fetch: Callable[[SortKey | None, int], Awaitable[list[K]]],
) -> Page[K]:
    """A page of items that carry their own ``key``."""
    return await page_of(codec, scope, cursor, limit, fetch, _key)


def _key(item: Keyed) -> SortKey:
    return item.key
