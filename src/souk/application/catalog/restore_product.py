from __future__ import annotations

from uuid import UUID

from souk.application.catalog.change_status import StatusChanger
from souk.application.catalog.get_product import listing_for
from souk.application.ports.catalog_reader import CatalogReader, Listing


class RestoreProduct:
    """The seller puts an archived product back on sale (archived → available)."""

    def __init__(self, changer: StatusChanger, reader: CatalogReader) -> None:
        self._changer = changer
        self._reader = reader

    async def __call__(self, product_id: UUID, by: UUID) -> Listing:
        await self._changer.apply(product_id, lambda product, now: product.restore(by, now))
        return await listing_for(self._reader, product_id, by)
