"""A stream's products (its product list, the live room's load, attach and tag) come from
one catalog read, not one per product, in the stream's order."""

from __future__ import annotations

from pathlib import Path

from souk.application.ports.catalog_reader import CatalogReader
from souk.application.streams.create_stream import CreateStream, NewStream
from souk.application.streams.list_stream_products import ListStreamProducts
from tests.catalog_reads import counted_catalog
from tests.negotiation_support import negotiation_container


async def test_the_stream_products_come_in_one_read_in_the_streams_order(tmp_path: Path) -> None:
    reads: list[str] = []
    space = negotiation_container("memory", None, tmp_path, counted_catalog(reads))
    try:
        seller = await space.user()
        products = [await space.product(seller) for _ in range(4)]
        stream = await space.run(CreateStream, NewStream(seller, "Show time", products))
        reads.clear()
        views = await space.run(ListStreamProducts, stream.id)
        assert reads == ["listings"]
        assert [v.listing.product.id for v in views] == [v.item.product_id for v in views] == products
        async with space.container() as request:
            catalog = await request.get(CatalogReader)
            assert [v.listing for v in views] == [await catalog.listing(v.item.product_id) for v in views]
    finally:
        await space.container.close()
