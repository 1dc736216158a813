"""Domain events: facts that happened, named ``area.fact`` and carrying plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class DomainEvent:
    topic: str
    payload: dict[str, Any] = field(default_factory=dict)
