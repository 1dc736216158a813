"""The safety ports on every persistence technology (in memory, SQLite, PostgreSQL): the
in-memory twins keep the SQL rules — blocks count either way, one open report per reporter
and target, suspensions in force until their end, the audit log newest first — and the
catalog's readers leave hidden sellers out."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from souk.application.ports.audit_log import AuditLog
from souk.application.ports.blocks import Blocks
from souk.application.ports.catalog_reader import CatalogReader
from souk.application.ports.report_repository import ReportRepository
from souk.application.ports.suspensions import Suspension, Suspensions
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.ids import new_id
from souk.domain.catalog.product import FeedType
from souk.domain.catalog.search import SearchCriteria, SearchSort, search_terms
from souk.domain.safety.audit import AuditEntry, StaffAction
from souk.domain.safety.block import Block
from souk.domain.safety.errors import ReportAlreadyOpen
from souk.domain.safety.report import Action, Report, ReportReason, ReportStatus, TargetType
from tests.contract.catalog_driver import Catalog, catalog_backend_fixture, catalog_fixture  # noqa: F401 (fixtures)
from tests.support import unique


async def in_scope(catalog: Catalog, kind: type[Any], work: Any) -> Any:
    async with catalog.container() as request:
        port = await request.get(kind)
        uow = await request.get(UnitOfWork)
        clock = await request.get(Clock)
        result = await work(port, clock)
        await uow.commit()
        return result


async def test_blocks_work_either_way_and_list_newest_first(catalog: Catalog) -> None:
    a, b, c = await catalog.user(), await catalog.user(), await catalog.user()

    async def block(blocks: Blocks, clock: Clock) -> list[bool]:
        now = clock.now()
        return [
            await blocks.add(Block(a, b, now)),
            await blocks.add(Block(a, b, now)),
            await blocks.add(Block(c, a, now + timedelta(seconds=1))),
            await blocks.add(Block(a, c, now + timedelta(seconds=2))),
        ]

    assert await in_scope(catalog, Blocks, block) == [True, False, True, True]

    async def read(blocks: Blocks, clock: Clock) -> Any:
        return (
            await blocks.either_way(a, b),
            await blocks.either_way(b, a),
            await blocks.either_way(b, c),
            # asked together (one shared read on SQL): each question gets its own answer
            await asyncio.gather(*(blocks.either_way(x, y) for x, y in ((b, c), (c, a), (b, a), (c, b)))),
            await blocks.shut_out(a),
            await blocks.shut_out(b),
            [e.user.id for e in await blocks.blocked_by(a, None, 10)],
        )

    assert await in_scope(catalog, Blocks, read) == (True, True, False, [False, True, True, False], {b, c}, {a}, [c, b])
    first = await in_scope(catalog, Blocks, lambda blocks, _: blocks.blocked_by(a, None, 1))
    rest = await in_scope(catalog, Blocks, lambda blocks, _: blocks.blocked_by(a, first[0].key, 10))
    assert [e.user.id for e in rest] == [b]
    assert await in_scope(catalog, Blocks, lambda blocks, _: blocks.remove(a, b)) is True
    assert await in_scope(catalog, Blocks, lambda blocks, _: blocks.remove(a, b)) is False
    assert await in_scope(catalog, Blocks, lambda blocks, _: blocks.shut_out(b)) == frozenset()


async def test_one_open_report_per_reporter_and_target(catalog: Catalog) -> None:
    reporter, owner = await catalog.user(), await catalog.user()
    target = new_id()

    def report(clock: Clock) -> Report:
        return Report.file(
            new_id(), reporter, TargetType.PRODUCT, target, owner, ReportReason.SCAM, " note ", clock.now()
        )

    first = await in_scope(catalog, ReportRepository, lambda reports, clock: _add(reports, report(clock)))
    assert first.note == "note"
    with pytest.raises(ReportAlreadyOpen):
        await in_scope(catalog, ReportRepository, lambda reports, clock: _add(reports, report(clock)))

    async def resolve(reports: ReportRepository, clock: Clock) -> Report:
        found = await reports.get_for_update(first.id)
        assert found is not None
        found.resolve(Action.WARN, "  first warning ", owner, clock.now())
        await reports.save(found)
        return found

    resolved = await in_scope(catalog, ReportRepository, resolve)
    assert (resolved.status, resolved.resolution) == (ReportStatus.RESOLVED, "first warning")
    again = await in_scope(catalog, ReportRepository, lambda reports, clock: _add(reports, report(clock)))
    mine = await in_scope(catalog, ReportRepository, lambda reports, _: reports.by_reporter(reporter, None, 10))
    assert [(r.id, r.status, r.action) for r in mine] == [
        (again.id, ReportStatus.OPEN, None),
        (first.id, ReportStatus.RESOLVED, Action.WARN),
    ]
    queue = await in_scope(catalog, ReportRepository, lambda reports, _: reports.queue(ReportStatus.OPEN, None, 1000))
    assert again.id in [r.id for r in queue]
    assert first.id not in [r.id for r in queue]


async def _add(reports: ReportRepository, report: Report) -> Report:
    await reports.add(report)
    return report


async def test_suspensions_are_in_force_until_their_end_and_hide_sellers(catalog: Catalog) -> None:
    banned, suspended, lifted = await catalog.user(), await catalog.user(), await catalog.user()
    word = unique("hid").lower()
    products = {u: await catalog.product(u, title=f"{word} lamp", feed=FeedType.DISCOVER) for u in (banned, suspended)}

    async def suspend(suspensions: Suspensions, clock: Clock) -> None:
        now = clock.now()
        await suspensions.suspend(Suspension(banned, None, "fraud"))
        await suspensions.suspend(Suspension(suspended, now + timedelta(hours=1), "spam"))
        await suspensions.suspend(Suspension(lifted, now + timedelta(hours=1), "oops"))
        assert await suspensions.lift(lifted) is True
        assert await suspensions.lift(lifted) is False

    await in_scope(catalog, Suspensions, suspend)

    async def read(suspensions: Suspensions, clock: Clock) -> Any:
        now = clock.now()
        later = (now + timedelta(hours=2), now, now + timedelta(minutes=30))
        return (
            {banned, suspended} <= await suspensions.in_force(now),
            lifted in await suspensions.in_force(now),
            suspended in await suspensions.in_force(now + timedelta(hours=2)),
            # asked together (one shared read on SQL), each at its own time
            [suspended in found for found in await asyncio.gather(*(suspensions.in_force(at) for at in later))],
            await suspensions.of(banned, now),
            (await suspensions.of(suspended, now)).reason,  # type: ignore[union-attr]
            await suspensions.of(suspended, now + timedelta(hours=2)),
        )

    assert await in_scope(catalog, Suspensions, read) == (
        True,
        False,
        False,
        [False, True, True],
        Suspension(banned, None, "fraud"),
        "spam",
        None,
    )

    async def search(reader: CatalogReader, _: Clock) -> set[UUID]:
        criteria = SearchCriteria(terms=search_terms(word), sort=SearchSort.NEWEST, hidden_sellers=frozenset({banned}))
        return {listing.product.id for listing in await reader.search(criteria, None, 10)}

    assert await in_scope(catalog, CatalogReader, search) == {products[suspended]}


async def test_the_audit_log_is_read_newest_first(catalog: Catalog) -> None:
    actor = await catalog.user()
    target = new_id()

    async def write(audit: AuditLog, clock: Clock) -> None:
        now = clock.now()
        for n, action in enumerate((StaffAction.WARN, StaffAction.SUSPEND, StaffAction.REINSTATE)):
            entry = AuditEntry(new_id(), actor, action, "user", target, f"step {n}", now + timedelta(seconds=n))
            await audit.append(entry)

    await in_scope(catalog, AuditLog, write)
    page = await in_scope(catalog, AuditLog, lambda audit, _: audit.page(None, 1000))
    mine = [(e.action, e.reason) for e in page if e.target_id == target]
    assert mine == [(StaffAction.REINSTATE, "step 2"), (StaffAction.SUSPEND, "step 1"), (StaffAction.WARN, "step 0")]
    newest = await in_scope(catalog, AuditLog, lambda audit, _: audit.page(None, 1))
    older = await in_scope(
        catalog, AuditLog, lambda audit, _: audit.page((newest[0].at.isoformat(), str(newest[0].id)), 1000)
    )
    assert newest[0].id not in [e.id for e in older]
