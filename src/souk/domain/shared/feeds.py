"""Which feed a listing is in (catalog lists by it; fees quote by it)."""

from __future__ import annotations

from enum import StrEnum


class FeedType(StrEnum):
    DISCOVER = "discover"
    COMMUNITY = "community"
