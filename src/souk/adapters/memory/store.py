"""The in-memory 'database': plain dicts with transaction semantics good enough for tests."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, TypeVar


@dataclass
class InMemoryStore:
    """One shared store per container (APP scope); tables are name → {key → record}."""

    tables: dict[str, dict[Any, Any]] = field(default_factory=dict)

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
