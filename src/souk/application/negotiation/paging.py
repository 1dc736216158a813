"""Cursor pages over any list, with the catalog's codec and limits."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from souk.application.catalog.pages import MAX_LIMIT
from souk.application.ports.catalog_reader import SortKey
from souk.application.ports.cursor_codec import CursorCodec
from souk.domain.shared.errors import InvalidInput

T = TypeVar("T")


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
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit is between 1 and {MAX_LIMIT}.", field="limit")
    after = codec.decode(scope, cursor) if cursor else None
    rows = await fetch(after, limit + 1)
    items = rows[:limit]
    next_cursor = codec.encode(scope, key_of(items[-1])) if len(rows) > limit else None
    return Page(items, next_cursor)
