from __future__ import annotations

from dataclasses import replace
from uuid import UUID

from souk.application.catalog.category_tree import load_tree
from souk.application.catalog.get_product import listing_for
from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.ports.category_repository import CategoryRepository
from souk.application.ports.images import Images
from souk.application.ports.offer_history import OfferHistory
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.product_videos import ProductVideos
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.banned_words import BannedWords
from souk.application.shared.clock import Clock
from souk.domain.catalog.errors import ProductNotFound
from souk.domain.catalog.product import ProductChanges


class EditProduct:
    def __init__(
        self,
        uow: UnitOfWork,
        products: ProductRepository,
        categories: CategoryRepository,
        reader: CatalogReader,
        videos: ProductVideos,
        images: Images,
        offers: OfferHistory,
        clock: Clock,
        words: BannedWords,
    ) -> None:
        self._words = words
        self._uow = uow
        self._products = products
        self._categories = categories
        self._reader = reader
        self._videos = videos
        self._images = images
        self._offers = offers
        self._clock = clock

    async def __call__(self, product_id: UUID, by: UUID, changes: ProductChanges) -> Listing:
        # checked before the row lock (the lists are a read of their own); only the seller edits
        title = await self._words.clean_optional(changes.title, by, "title")
        changes = replace(
            changes, title=title, description=await self._words.clean_optional(changes.description, by, "description")
        )
        product = await self._products.get_for_update(product_id)
        if product is None:
            raise ProductNotFound()
        if changes.category_id is not None:
            (await load_tree(self._categories)).require(changes.category_id)
        new_currency = changes.price is not None and changes.price.currency != product.price.currency
        had_offer = new_currency and await self._offers.has_offers(product_id)
        product.edit(changes, by, self._clock.now(), had_offer=had_offer)
        if changes.video_media_id is not None:
            await self._videos.require_attachable(changes.video_media_id, by)
        if changes.image_media_ids is not None:
            images = await self._images.require_usable(changes.image_media_ids, by) if changes.image_media_ids else {}
            product.show_images(tuple(images[i].url for i in product.image_media_ids))
        await self._products.save(product)
        await self._uow.commit()
        return await listing_for(self._reader, product_id, by)
