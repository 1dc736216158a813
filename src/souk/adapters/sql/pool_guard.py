"""A debugging guard for the rule "one connection per pool per unit of work".

A task that holds a pooled connection and waits for a second one of the same pool can
deadlock the pool: with more such tasks than connections, every one holds one and waits
for another that nobody returns. Across the two pools the same happens when one task
holds a read connection and waits for a write one while another holds write and waits
for read; the order write-then-read is allowed (a read connection is only ever held for
one statement), read-then-write is not.

Installed by the test suite for every test, and by ``souk serve`` when
``SOUK_DEBUG_POOL_GUARD=1``; off, it costs nothing (no listener is registered)."""

from __future__ import annotations

import asyncio
import logging
import threading
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import greenlet  # type: ignore[import-untyped]
from sqlalchemy import event
from sqlalchemy.pool import Pool

log = logging.getLogger("souk.pool_guard")

# Lower rank is taken first: holding a higher-ranked connection while taking a lower one
# is the order that can deadlock against a task taking them the other way round.
WRITE, READ = 0, 1
_roles: weakref.WeakKeyDictionary[Pool, int] = weakref.WeakKeyDictionary()


def label(pool: Pool, rank: int) -> None:
    """Say which of the two pools ``pool`` is (unlabelled pools are only checked for
    nesting within themselves)."""
    _roles[pool] = rank


@dataclass(frozen=True, slots=True)
class Holding:
    pool: Pool
    task: asyncio.Task[Any]
    stack: traceback.StackSummary


@dataclass(frozen=True, slots=True)
class Violation:
    reason: str
    held: traceback.StackSummary
    taken: traceback.StackSummary

    def __str__(self) -> str:
        return (
            f"{self.reason}\n--- the connection already held was checked out at:\n"
            f"{_ours(self.held)}--- the second one was checked out at:\n{_ours(self.taken)}"
        )


class PoolGuard:
    """Tracks, per asyncio task, the pooled connections it holds (SQLAlchemy's pool events
    run inside the greenlet bridge, where ``asyncio.current_task()`` is still the task
    that awaited the checkout) and records a ``Violation`` when a task takes a second
    connection of a pool it holds one of, or a write connection while holding a read one."""

    def __init__(self, on_violation: Callable[[Violation], None] | None = None) -> None:
        """Violations go to ``on_violation`` when given (a long-running process must not
        pile them up), else they are kept for ``take_violations``."""
        self._held: dict[Any, Holding] = {}
        self._lock = threading.Lock()
        self._violations: list[Violation] = []
        self._on_violation = on_violation
        self._installed = False
        self.count = 0

    def install(self) -> None:
        """Watch every pool of the process (class-level listeners)."""
        if not self._installed:
            event.listen(Pool, "checkout", self._checkout)
            event.listen(Pool, "checkin", self._checkin)
            event.listen(Pool, "detach", self._checkin)
            self._installed = True

    def uninstall(self) -> None:
        if self._installed:
            event.remove(Pool, "checkout", self._checkout)
            event.remove(Pool, "checkin", self._checkin)
            event.remove(Pool, "detach", self._checkin)
            self._installed = False
        with self._lock:
            self._held.clear()

    def take_violations(self) -> list[Violation]:
        with self._lock:
            found, self._violations = self._violations, []
        return found

    def _checkout(self, _dbapi_connection: Any, record: Any, proxy: Any) -> None:
        try:
            task = asyncio.current_task()
        except RuntimeError:  # no running loop: a synchronous engine, not ours to check
            return
        if task is None:
            return
        pool: Pool = proxy._pool  # the event does not name the pool; the checked-out proxy knows it
        stack = _stack()
        found: list[Violation] = []
        with self._lock:
            for other in self._held.values():
                if other.task is not task or other.task.done():
                    continue
                reason = self._conflict(other.pool, pool)
                if reason is not None:
                    found.append(Violation(f"{reason} in task {task.get_name()}", other.stack, stack))
            self._held[record] = Holding(pool, task, stack)
            self.count += len(found)
            if self._on_violation is None:
                self._violations.extend(found)
        if self._on_violation is not None:
            for violation in found:
                self._on_violation(violation)

    @staticmethod
    def _conflict(held: Pool, taking: Pool) -> str | None:
        if held is taking:
            return "nested checkout: a second connection of a pool this task already holds one of"
        held_rank, taking_rank = _roles.get(held), _roles.get(taking)
        if held_rank is not None and taking_rank is not None and taking_rank < held_rank:
            return "checkout of a write connection while this task holds a read connection"
        return None

    def _checkin(self, _dbapi_connection: Any, record: Any) -> None:
        with self._lock:
            self._held.pop(record, None)


def _stack() -> traceback.StackSummary:
    """The checkout's stack down from the task's coroutines: the event runs in the greenlet
    SQLAlchemy's async bridge switched to, whose frames stop at the bridge; the rest are the
    suspended frames of the parent greenlets."""
    frames = list(traceback.walk_stack(None))
    parent = greenlet.getcurrent().parent
    while parent is not None:
        if parent.gr_frame is not None:
            frames.extend(traceback.walk_stack(parent.gr_frame))
        parent = parent.parent
    stack = traceback.StackSummary.extract(iter(frames), limit=200, lookup_lines=False)
    stack.reverse()
    return stack


def _ours(stack: traceback.StackSummary) -> str:
    """The frames worth reading: the project's and the tests', not the libraries'."""
    kept = [frame for frame in stack if "site-packages" not in frame.filename and "/asyncio/" not in frame.filename]
    return "".join(traceback.StackSummary.from_list(kept).format())


def log_violation(violation: Violation) -> None:
    log.error("POOL GUARD VIOLATION: %s", violation)


_process_guard: PoolGuard | None = None


def install_for_process() -> PoolGuard:
    """The guard ``souk serve`` installs when asked to: every violation is logged at ERROR
    with the line ``POOL GUARD VIOLATION`` (the tests that start servers look for it)."""
    global _process_guard
    if _process_guard is None:
        _process_guard = PoolGuard(log_violation)
        _process_guard.install()
    return _process_guard


def uninstall_for_process() -> None:
    global _process_guard
    if _process_guard is not None:
        _process_guard.uninstall()
        _process_guard = None
