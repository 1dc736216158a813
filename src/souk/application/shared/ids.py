"""Identifiers: use cases take the ``Ids`` port (UUIDv7 in production, ``adapters/system/ids.py``;
a deterministic sequence in tests, ``adapters/memory/ids.py``) and hand the ids to the domain —
entities never read the clock or randomness to name themselves.

``new_id()`` is the UUIDv7 generator behind the production adapter. Application code still
calling it directly (the remainder, to move to ``Ids``): accounts' ``user_factory``,
``sessions`` and ``deliver_otp``, and negotiation's ``accept_offer``."""

from __future__ import annotations

import secrets
import threading
import time
import uuid
from typing import Protocol


class Ids(Protocol):
    def new(self) -> uuid.UUID:
        """A fresh identifier, ordered by creation time."""
        ...


_lock = threading.Lock()
_last_ms = 0
_last_rand = 0


def new_id() -> uuid.UUID:
    """A UUIDv7, monotonic within this process even for ids minted in the same millisecond."""
    global _last_ms, _last_rand
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            ms = _last_ms
            rand = _last_rand + 1
        else:
            rand = secrets.randbits(74) >> 1  # leave headroom so increments rarely overflow
        if rand >= 1 << 74:
            ms += 1
            rand = secrets.randbits(73)
        _last_ms, _last_rand = ms, rand
    rand_a = rand >> 62
    rand_b = rand & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
    return uuid.UUID(int=value)
