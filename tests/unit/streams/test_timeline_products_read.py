"""A stream's timeline reads the products its entries name in one catalog read (a show that
tagged 80 products made 80 reads), and answers them as before: each as ``listing`` gives it,
first-named first, unknown ones left out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import pytest

from souk.application.ports.catalog_reader import CatalogReader
from souk.application.ports.stream_repository import StreamReader
from souk.application.ports.stream_timeline import StreamTimeline
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.streams.create_stream import CreateStream, NewStream
from souk.application.streams.get_timeline import GetStreamTimeline
from souk.application.streams.watch_rights import WatchRights
from souk.domain.streams.timeline import TimelineEntry, TimelineKind
from tests.catalog_reads import CountingCatalog
from tests.negotiation_support import Negotiation, negotiation_container


@pytest.fixture
async def space(tmp_path: Path) -> AsyncIterator[Negotiation]:
    built = negotiation_container("memory", None, tmp_path)
    yield built
    await built.container.close()


async def test_the_named_products_come_in_one_read_first_named_first(space: Negotiation) -> None:
    seller = await space.user()
    lamp, vase, chair = [await space.product(seller) for _ in range(3)]
    stream = await space.run(CreateStream, NewStream(seller, "Show time", [lamp, vase, chair]))
    now = space.clock.now()
    named = [vase, None, lamp, vase, uuid4(), chair, lamp]  # the unknown one: a product since purged
    async with space.container() as request:
        timeline, uow = await request.get(StreamTimeline), await request.get(UnitOfWork)
        for product in named:
            await timeline.append(TimelineEntry(stream.id, now, TimelineKind.TAGGED, product))
        await uow.commit()
    async with space.container() as request:
        catalog = CountingCatalog(await request.get(CatalogReader))
        use_case = GetStreamTimeline(
            await request.get(StreamReader), await request.get(StreamTimeline), catalog, await request.get(WatchRights)
        )
        view = await use_case(stream.id, None)
        assert catalog.reads == ["listings"]
        assert len(view.entries) == len(named)
        assert view.products == [await catalog.inner.listing(p) for p in (vase, lamp, chair)]
