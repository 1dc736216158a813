"""dishka providers of the catalog: products, feeds, search, saves and follows."""

from __future__ import annotations

import hashlib

from dishka import Provider, Scope, decorate, provide
from redis.asyncio import Redis

from souk.adapters.inprocess.cached_category_repository import CachedCategoryRepository
from souk.adapters.inprocess.category_cache import InProcessCategoryCache
from souk.adapters.memory.catalog_reader import InMemoryCatalogReader
from souk.adapters.memory.category_repository import InMemoryCategoryRepository
from souk.adapters.memory.demo_loader import InMemoryDemoLoader
from souk.adapters.memory.engagement_repository import InMemoryFollowRepository, InMemorySaveRepository
from souk.adapters.memory.product_repository import InMemoryProductRepository
from souk.adapters.memory.profile_counters import InMemoryProfileCounters
from souk.adapters.redis.category_cache import RedisCategoryCache
from souk.adapters.security.hmac_cursor_codec import HmacCursorCodec
from souk.adapters.sql.catalog_reader import SqlCatalogReader
from souk.adapters.sql.category_repository import SqlCategoryRepository
from souk.adapters.sql.demo_loader import SqlDemoLoader
from souk.adapters.sql.engagement_repository import SqlFollowRepository, SqlSaveRepository
from souk.adapters.sql.postgres_catalog_reader import PostgresCatalogReader
from souk.adapters.sql.product_repository import SqlProductRepository
from souk.adapters.sql.profile_counters import SqlProfileCounters
from souk.adapters.sql.read_engine import ReadEngine
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
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
from souk.application.catalog.product_videos import ProductVideos
from souk.application.catalog.restore_product import RestoreProduct
from souk.application.catalog.save_product import SaveProduct
from souk.application.catalog.search_products import SearchProducts
from souk.application.catalog.seed_demo import SeedDemoData
from souk.application.catalog.unfollow_user import UnfollowUser
from souk.application.catalog.unsave_product import UnsaveProduct
from souk.application.ports.catalog_reader import CatalogReader
from souk.application.ports.category_cache import CategoryCache
from souk.application.ports.category_repository import CategoryRepository
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.demo_loader import DemoLoader
from souk.application.ports.engagement_repository import FollowRepository, SaveRepository
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.profile_counters import ProfileCounters
from souk.application.system.outages import Outages
from souk.application.system.redis_detours import CategoryCacheWithFallback
from souk.bootstrap.settings import Settings


class CatalogInfrastructureProvider(Provider):
    scope = Scope.APP

    @provide
    def cursor_codec(self, settings: Settings) -> CursorCodec:
        return HmacCursorCodec(hashlib.sha256(settings.jwt_secret.encode()).digest())

    @provide
    def category_cache(self, redis: Redis | None, outages: Outages) -> CategoryCache:
        if redis is None:
            return InProcessCategoryCache()
        return CategoryCacheWithFallback(RedisCategoryCache(redis), outages)


class CatalogSqlProvider(Provider):
    scope = Scope.REQUEST

    products = provide(SqlProductRepository, provides=ProductRepository)

    @provide
    def reader(self, settings: Settings, read_engine: ReadEngine) -> CatalogReader:
        return SqlCatalogReader(read_engine) if settings.is_sqlite else PostgresCatalogReader(read_engine)

    saves = provide(SqlSaveRepository, provides=SaveRepository)
    follows = provide(SqlFollowRepository, provides=FollowRepository)
    counters = provide(SqlProfileCounters, provides=ProfileCounters)
    loader = provide(SqlDemoLoader, provides=DemoLoader)

    @provide
    def categories(self, uow: SqlUnitOfWork, cache: CategoryCache) -> CategoryRepository:
        return CachedCategoryRepository(SqlCategoryRepository(uow), cache)


class CatalogMemoryProvider(Provider):
    scope = Scope.REQUEST

    products = provide(InMemoryProductRepository, provides=ProductRepository)
    reader = provide(InMemoryCatalogReader, provides=CatalogReader)
    saves = provide(InMemorySaveRepository, provides=SaveRepository)
    follows = provide(InMemoryFollowRepository, provides=FollowRepository)
    counters = provide(InMemoryProfileCounters, provides=ProfileCounters)
    loader = provide(InMemoryDemoLoader, provides=DemoLoader)
    categories = provide(InMemoryCategoryRepository, provides=CategoryRepository)


class CatalogUseCasesProvider(Provider):
    scope = Scope.REQUEST

    videos = provide(ProductVideos)

    @decorate
    def listings_with_videos(self, reader: CatalogReader, videos: ProductVideos) -> CatalogReader:
        return ListingsWithVideos(reader, videos)

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


def catalog_providers(*, in_memory: bool = False) -> list[Provider]:
    storage = CatalogMemoryProvider() if in_memory else CatalogSqlProvider()
    return [CatalogInfrastructureProvider(), storage, CatalogUseCasesProvider()]
