"""Stopping a background task that may not let itself be stopped.

redis-py can turn a cancellation into a connection error inside a blocking pub/sub read
(redis/redis-py#2028, #2551), so a loop that resubscribes on errors would run on; its
owner sets a stop flag first (so the loop does not resubscribe) and then waits a bounded
time whatever the client does: a shutdown never hangs on it."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any


async def stop_task(task: asyncio.Task[Any] | None, grace_s: float) -> bool:
    """Cancel ``task`` and wait at most ``grace_s`` for it; False if it is still running.
    An error it ended with (the client's translated cancellation) is consumed here."""
    if task is None:
        return True
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=grace_s)
    if not done:
        return False
    if not task.cancelled():
        with contextlib.suppress(Exception):
            task.result()
    return True
