"""The catalog's batch read (``CatalogReader.listings``) answers as ``listing`` does for each
product, in one read, on every backend: the order asked, each product once, unknown ids left
out, any status, and the images and video preview the container's reader attaches."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from souk.application.catalog.archive_product import ArchiveProduct
from souk.application.catalog.edit_product import EditProduct
from souk.application.catalog.mark_product_sold import MarkProductSold
from souk.application.ports.catalog_reader import CatalogReader, Listing
from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.ids import new_id
from souk.domain.catalog.product import ProductChanges, ProductStatus
from souk.domain.media.media import Media
from souk.domain.media.values import ImageOutputs, ImageVariant, MediaKind, VideoMetadata, VideoOutputs
from tests.contract.catalog_driver import Catalog, catalog_backend_fixture, catalog_fixture, somewhere  # noqa: F401 (fixtures)

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


async def read(catalog: Catalog, product_ids: list[UUID]) -> tuple[list[Listing], list[Listing | None]]:
    """The batch read and, for comparison, ``listing`` once per id, from the container's reader."""
    async with catalog.container() as request:
        reader = await request.get(CatalogReader)
        return await reader.listings(product_ids), [await reader.listing(p) for p in product_ids]


async def ready_media(catalog: Catalog, owner: UUID) -> tuple[UUID, UUID]:
    """A processed video and a processed image of ``owner``'s."""
    video = Media.pending(new_id(), owner, MediaKind.VIDEO, "video/mp4", 1000, "show.mp4", NOW)
    video.mark_uploaded(1000, NOW)
    video.start_processing(NOW)
    video.mark_ready(
        VideoMetadata(12.5, 1280, 720, 1_000_000, "h264", None), VideoOutputs("v/m.m3u8", "v/m.mpd", "v/t.jpg"), NOW
    )
    image = Media.pending(new_id(), owner, MediaKind.IMAGE, "image/jpeg", 1000, "lamp.jpg", NOW)
    image.mark_uploaded(1000, NOW)
    image.start_processing(NOW, MediaKind.IMAGE)
    image.mark_image_ready(ImageOutputs(640, 480, (ImageVariant(640, "jpeg", "i/640.jpg", 640, 480),)), NOW)
    async with catalog.container() as request:
        media, uow = await request.get(MediaRepository), await request.get(UnitOfWork)
        await media.add(video)
        await media.add(image)
        await uow.commit()
    return video.id, image.id


async def test_products_come_in_the_order_asked_each_once_unknown_ones_left_out(catalog: Catalog) -> None:
    seller = await catalog.user()
    first, second, third = [await catalog.product(seller, title=f"Thing {n}", at=somewhere()) for n in range(3)]
    asked = [third, uuid4(), first, third, second, first]
    found, one_by_one = await read(catalog, asked)
    assert [listing.product.id for listing in found] == [third, first, second]
    assert found == [one_by_one[0], one_by_one[2], one_by_one[4]]  # field for field as ``listing``
    assert (await read(catalog, []))[0] == []
    assert (await read(catalog, [uuid4()]))[0] == []


async def test_products_of_any_status_with_their_sellers(catalog: Catalog) -> None:
    seller = await catalog.user()
    available, sold, archived = [await catalog.product(seller, at=somewhere()) for _ in range(3)]
    await catalog.run(MarkProductSold, sold, seller)
    await catalog.run(ArchiveProduct, archived, seller)
    found, one_by_one = await read(catalog, [archived, sold, available])
    assert [(listing.product.id, listing.product.status) for listing in found] == [
        (archived, ProductStatus.ARCHIVED),
        (sold, ProductStatus.SOLD),
        (available, ProductStatus.AVAILABLE),
    ]
    assert {listing.seller.id for listing in found} == {seller}
    assert found == one_by_one


async def test_images_and_the_video_preview_come_as_listing_gives_them(catalog: Catalog) -> None:
    seller = await catalog.user()
    plain, shown = [await catalog.product(seller, at=somewhere()) for _ in range(2)]
    video, image = await ready_media(catalog, seller)
    await catalog.run(EditProduct, shown, seller, ProductChanges(image_media_ids=(image,), video_media_id=video))
    found, one_by_one = await read(catalog, [shown, plain])
    assert found == one_by_one
    with_media = found[0]
    assert with_media.video is not None
    assert with_media.video.media_id == video
    assert [view.media_id for view in with_media.images] == [image]
    assert (found[1].video, found[1].images) == (None, ())
