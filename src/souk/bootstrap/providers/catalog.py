"""Catalog use cases."""

from __future__ import annotations

from dishka import Provider, Scope, decorate, provide

from souk.application.catalog.archive_product import ArchiveProduct
from souk.application.catalog.browse_community import BrowseCommunity
from souk.application.catalog.browse_discover import BrowseDiscover
from souk.application.catalog.change_status import StatusChanger
from souk.application.catalog.create_product import CreateProduct
from souk.application.catalog.edit_product import EditProduct
from souk.application.catalog.follow_user import FollowUser
from souk.application.catalog.get_product import GetProduct
from souk.application.catalog.list_categories import ListCategories
from souk.application.catalog.list_follows import ListFollows
from souk.application.catalog.list_saved import ListSaved
from souk.application.catalog.listings_with_videos import ListingsWithVideos
from souk.application.catalog.mark_product_sold import MarkProductSold
from souk.application.catalog.restore_product import RestoreProduct
from souk.application.catalog.save_product import SaveProduct
from souk.application.catalog.search_products import SearchProducts
from souk.application.catalog.seed_demo import SeedDemoData
from souk.application.catalog.unfollow_user import UnfollowUser
from souk.application.catalog.unsave_product import UnsaveProduct
from souk.application.media.product_videos import MediaProductVideos
from souk.application.ports.catalog_reader import CatalogReader
from souk.application.ports.images import Images
from souk.application.ports.product_videos import ProductVideos


class CatalogUseCasesProvider(Provider):
    scope = Scope.REQUEST

    videos = provide(MediaProductVideos, provides=ProductVideos)

    @decorate
    def listings_with_videos(self, reader: CatalogReader, videos: ProductVideos, images: Images) -> CatalogReader:
        return ListingsWithVideos(reader, videos, images)

    status_changer = provide(StatusChanger)
    create_product = provide(CreateProduct)
    get_product = provide(GetProduct)
    edit_product = provide(EditProduct)
    archive_product = provide(ArchiveProduct)
    mark_sold = provide(MarkProductSold)
    restore_product = provide(RestoreProduct)
    save_product = provide(SaveProduct)
    unsave_product = provide(UnsaveProduct)
    list_categories = provide(ListCategories)
    discover = provide(BrowseDiscover)
    community = provide(BrowseCommunity)
    search = provide(SearchProducts)
    follow = provide(FollowUser)
    unfollow = provide(UnfollowUser)
    list_follows = provide(ListFollows)
    list_saved = provide(ListSaved)
    seed_demo = provide(SeedDemoData)
