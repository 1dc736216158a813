from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class UploadGrant:
    """What a signed upload URL allows: one key, one content type, a size limit, a deadline."""

    key: str
    content_type: str
    max_bytes: int
    expires_at: datetime


class UploadSigner(Protocol):
    """Signs upload grants into opaque tokens (for storage that Souk serves itself)."""

    def sign(self, grant: UploadGrant) -> str: ...

    def verify(self, token: str, now: datetime) -> UploadGrant:
        """The grant, or ``UploadUrlInvalid``/``UploadUrlExpired``."""
        ...
