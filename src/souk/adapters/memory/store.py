"""The in-memory 'database': plain dicts with transaction semantics good enough for tests."""

from __future__ import annotations

import copy
from typing import Any, TypeVar


class InMemoryStore:
    """One shared store per container (APP scope); tables are name → {key → record}."""

    def __init__(self) -> None:
        self.tables: dict[str, dict[Any, Any]] = {}

    def table(self, name: str) -> dict[Any, Any]:
        return self.tables.setdefault(name, {})

    def snapshot(self) -> dict[str, dict[Any, Any]]:
        return copy.deepcopy(self.tables)

    def restore(self, snapshot: dict[str, dict[Any, Any]]) -> None:
        """Put the rows back inside the same dicts: adapters keep references to them."""
        for name, rows in self.tables.items():
            rows.clear()
            rows.update(snapshot.get(name, {}))


T = TypeVar("T")


def clone(record: T) -> T:
    """Records go in and out as copies, as rows do from a real database."""
    return copy.deepcopy(record)
