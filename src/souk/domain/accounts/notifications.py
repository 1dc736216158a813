"""A user's notification settings: which kinds (``domain/shared/notifications.py``) are on."""

from __future__ import annotations

from souk.domain.shared.errors import InvalidInput
from souk.domain.shared.notifications import NotificationType as NotificationType  # kept importable here


def default_settings() -> dict[str, bool]:
    return {kind.value: True for kind in NotificationType}


def merge_settings(current: dict[str, bool], changes: dict[str, bool]) -> dict[str, bool]:
    """Apply a partial update; an unknown kind is an error, not silently kept."""
    known = {kind.value for kind in NotificationType}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise InvalidInput(f"Unknown notification types: {', '.join(unknown)}.", field="notification_settings")
    return {**default_settings(), **current, **changes}
