"""Per-connection budgets beyond the frame budget: sends (messages, offer moves) and
typing indicators. Over budget is a ``rate_limited`` error frame; the socket lives on."""

from __future__ import annotations

from souk.domain.shared.errors import DomainError, RateLimited
from souk.entrypoints.ws.connection import Connection
from souk.entrypoints.ws.throttle import TokenBucket

BUDGETS: dict[str, tuple[float, float]] = {
    "send": (5.0, 20.0),  # messages and offer moves: 5 a second, bursts of 20
    "typing": (2.0, 5.0),
}
MAX_ROOMS_PER_CONNECTION = 100


class TooManyRooms(DomainError):
    code = "too_many_rooms"
    default_detail = f"A connection joins at most {MAX_ROOMS_PER_CONNECTION} conversations, feeds and rooms."


def spend(connection: Connection, budget: str) -> None:
    bucket = connection.budgets.get(budget)
    if bucket is None:
        bucket = connection.budgets[budget] = TokenBucket(*BUDGETS[budget])
    if not bucket.take():
        raise RateLimited(1, f"Too many {budget} frames on this connection; slow down.")


def room_for_one_more(connection: Connection, room: str) -> None:
    if room not in connection.rooms and len(connection.rooms) >= MAX_ROOMS_PER_CONNECTION:
        raise TooManyRooms()
