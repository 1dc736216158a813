from __future__ import annotations

from typing import Protocol


class PlaceLookup(Protocol):
    def place_of(self, ip: str) -> str:
        """A coarse, human place for a client address ("Berlin, DE", "local network"), or
        "unknown": shown to the account's owner in their session list, nothing more."""
        ...
