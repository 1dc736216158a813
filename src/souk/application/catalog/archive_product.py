from __future__ import annotations

from uuid import UUID

from souk.application.catalog.change_status import StatusChanger


class ArchiveProduct:
    def __init__(self, changer: StatusChanger) -> None:
        self._changer = changer

    async def __call__(self, product_id: UUID, by: UUID) -> None:
        await self._changer.apply(product_id, lambda product, now: product.archive(by, now))
