from __future__ import annotations

from uuid import UUID

from souk.application.catalog.category_tree import load_tree
from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.ports.category_repository import CategoryRepository
from souk.application.ports.images import Images
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.product_videos import ProductVideos
from souk.application.ports.profile_counters import ProfileCounters
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.domain.catalog.errors import ProductNotFound
from souk.domain.catalog.product import ListingCounts, Product, ProductDraft


class CreateProduct:
    def __init__(
        self,
        uow: UnitOfWork,
        products: ProductRepository,
        categories: CategoryRepository,
        counters: ProfileCounters,
        reader: CatalogReader,
        videos: ProductVideos,
        images: Images,
        clock: Clock,
        ids: Ids,
    ) -> None:
        self._videos = videos
        self._images = images
        self._uow = uow
        self._products = products
        self._categories = categories
        self._counters = counters
        self._reader = reader
        self._clock = clock
        self._ids = ids

    async def __call__(self, seller_id: UUID, draft: ProductDraft) -> Listing:
        (await load_tree(self._categories)).require(draft.category_id)
        if draft.video_media_id is not None:
            await self._videos.require_attachable(draft.video_media_id, seller_id)
        images = await self._images.require_usable(draft.image_media_ids, seller_id) if draft.image_media_ids else {}
        product = Product.list(self._ids.new(), seller_id, draft, self._clock.now())
        product.show_images(tuple(images[i].url for i in product.image_media_ids))
        await self._products.add(product)
        counts = ListingCounts.of(product.status)
        await self._counters.adjust(seller_id, listings=counts.listings, sold=counts.sold)
        await self._uow.commit()
        listing = await self._reader.listing(product.id)
        if listing is None:  # pragma: no cover - just written
            raise ProductNotFound()
        return listing
