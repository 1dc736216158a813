from __future__ import annotations

from uuid import UUID

from souk.application.shared.ids import Ids


class SequentialIds(Ids):
    """Deterministic ids for tests: ``prefix`` in the top 64 bits, then 1, 2, 3... — ordered as
    minted, like UUIDv7, and the same in every run."""

    def __init__(self, prefix: int = 0x5011C) -> None:
        self._prefix = prefix << 64
        self._next = 0

    def new(self) -> UUID:
        self._next += 1
        return UUID(int=self._prefix | self._next)
