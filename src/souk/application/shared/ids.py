"""UUIDv7 identifiers (RFC 9562): time-ordered, so B-tree inserts stay local. Minted here, in
the application's shared kernel, and handed to the domain: entities never read the clock or
randomness to name themselves."""

from __future__ import annotations

import secrets
import threading
import time
import uuid

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
