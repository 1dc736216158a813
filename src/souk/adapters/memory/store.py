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
        self.tables.clear()
        self.tables.update(snapshot)


T = TypeVar("T")


def clone(record: T) -> T:
    """Records go in and out as copies, as rows do from a real database."""
    return copy.deepcopy(record)
