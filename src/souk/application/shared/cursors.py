"""Where a keyset page stopped: the sort values of its last item (ties broken by id)."""

from __future__ import annotations

SortKey = tuple[str | int | float, ...]
