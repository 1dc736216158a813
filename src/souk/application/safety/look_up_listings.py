from __future__ import annotations

from uuid import UUID

from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.shared.staff import StaffGate
from souk.domain.catalog.search import SearchCriteria, SearchSort, search_terms

FOUND_MAX = 20


class LookUpListings:
    """Staff: a listing by id (whatever its status), or available ones matching words."""

    def __init__(self, gate: StaffGate, reader: CatalogReader) -> None:
        self._gate = gate
        self._reader = reader

    async def __call__(self, actor_id: UUID, query: str) -> list[Listing]:
        await self._gate.require(actor_id)
        text = query.strip()
        try:
            product_id = UUID(text)
        except ValueError:
            terms = search_terms(text)
            if not terms:
                return []
            return await self._reader.search(SearchCriteria(terms=terms, sort=SearchSort.NEWEST), None, FOUND_MAX)
        found = await self._reader.listing(product_id)
        return [found] if found else []
