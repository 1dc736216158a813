from __future__ import annotations

from typing import Protocol


class UnitOfWork(Protocol):
    """The transaction a use case owns. Nothing is durable until ``commit``."""

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...
