"""Deleting an account: asked for now, done after a grace period in which signing in
calls it off. What is kept and what is erased is the adapters' part (one place:
``AccountEraser``); the timing is here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

GRACE = timedelta(days=30)
DELETED_DISPLAY_NAME = "Deleted user"


@dataclass(frozen=True, slots=True)
class DeletionRequest:
    user_id: UUID
    requested_at: datetime

    @property
    def purge_after(self) -> datetime:
        return self.requested_at + GRACE

    def due(self, now: datetime) -> bool:
        return now >= self.purge_after


def deleted_username(user_id: UUID) -> str:
    """A username nobody chose and nobody can guess a person from."""
    return f"deleted_{user_id.hex[:20]}"
