from __future__ import annotations

from typing import Protocol

from souk.application.shared.cursors import SortKey
from souk.domain.safety.audit import AuditEntry


class AuditLog(Protocol):
    """Append-only: there is no way to change or remove an entry."""

    async def append(self, entry: AuditEntry) -> None: ...

    async def page(self, after: SortKey | None, limit: int) -> list[AuditEntry]:
        """Newest first by (at, id)."""
        ...
