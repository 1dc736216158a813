"""Domain events: facts that happened, one frozen class per fact.

Each class names its ``topic`` (``area.fact``) and the ``version`` of its shape once, as
class constants; instances carry typed values only (ids, enums, money, datetimes, other
frozen values). How an event is written down — the outbox row, a bus message — is the
business of one registry in the adapters, which also reads rows written by older builds
(upcasters), so no topic string or payload dict travels between the features."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class DomainEvent:
    topic: ClassVar[str]
    version: ClassVar[int] = 1
