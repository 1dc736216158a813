from __future__ import annotations

from typing import Protocol

from souk.application.shared.cursors import SortKey


class CursorCodec(Protocol):
    def encode(self, scope: str, key: SortKey) -> str:
        """An opaque, tamper-evident token for ``key`` valid only for ``scope``."""
        ...

    def decode(self, scope: str, token: str) -> SortKey:
        """Raises InvalidCursor when the token is malformed, forged or from another scope."""
        ...
