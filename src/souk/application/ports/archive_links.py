from __future__ import annotations

from datetime import datetime
from typing import Protocol


class ArchiveLinks(Protocol):
    """Signed, expiring download links to stored archives (nobody signs in to use one:
    the link is the permission, so it is shown to its owner only)."""

    def url(self, key: str, expires_at: datetime) -> str: ...

    def key_of(self, token: str, now: datetime) -> str:
        """The archive's storage key; ``ExportNotFound`` or ``ExportLinkExpired``."""
        ...
