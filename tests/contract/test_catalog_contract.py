"""One suite, three backends (in-memory, SQLite, PostgreSQL+PostGIS): the same answers."""

from __future__ import annotations

import math
import secrets
from uuid import UUID, uuid4

import pytest

from souk.application.accounts.profiles import GetPublicProfile
from souk.application.catalog.archive_product import ArchiveProduct
from souk.application.catalog.browse_community import BrowseCommunity
from souk.application.catalog.edit_product import EditProduct
from souk.application.catalog.follow_user import FollowUser
from souk.application.catalog.get_product import GetProduct
from souk.application.catalog.list_categories import ListCategories
from souk.application.catalog.list_follows import ListFollows
from souk.application.catalog.list_saved import ListSaved
from souk.application.catalog.mark_product_sold import MarkProductSold
from souk.application.catalog.save_product import SaveProduct
from souk.application.catalog.search_products import SearchProducts, SearchQuery
from souk.application.catalog.unfollow_user import UnfollowUser
from souk.application.catalog.unsave_product import UnsaveProduct
from souk.domain.catalog import search as search_rules
from souk.domain.catalog.default_categories import category_id
from souk.domain.catalog.errors import InvalidCursor, NotTheSeller, ProductNotFound
from souk.domain.catalog.location import shown_distance_km
from souk.domain.catalog.product import Condition, FeedType, ProductChanges, ProductStatus
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.money import Money
from tests.contract.catalog_driver import Catalog, catalog_backend_fixture, catalog_fixture, destination, ids, somewhere  # noqa: F401 (fixtures)


def word() -> str:
    return "w" + secrets.token_hex(5)


async def walk(catalog: Catalog, kind: type, args: tuple, limit: int, between=None) -> list[UUID]:  # type: ignore[type-arg, no-untyped-def]
    seen: list[UUID] = []
    cursor = None
    for _ in range(100):
        page = await catalog.run(kind, *args, cursor, limit)
        seen.extend(ids(page))
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor
        if between is not None:
            await between()
    raise AssertionError("the walk did not end")


async def test_radius_edges_just_inside_and_outside(catalog: Catalog) -> None:
    """Membership is decided on public points (within 1 km of the places, so 5 km apart
    places keep their order), 20 m either side of the edge."""
    seller = await catalog.user()
    center = somewhere()
    placed = [await catalog.product(seller, at=destination(center, 70 * n, 5.0 * (n + 1))) for n in range(4)]
    assert catalog.by_shown_distance(center, placed) == placed
    reach = [center.distance_km(catalog.shown[p]) for p in placed]
    for n in range(4):
        inside = await catalog.run(BrowseCommunity, center.lat, center.lng, reach[n] + 0.02, None, 20)
        assert ids(inside) == placed[: n + 1]
        shown = [shown_distance_km(i.distance_km) for i in inside.items]
        assert shown == [shown_distance_km(r) for r in reach[: n + 1]]
        outside = await catalog.run(BrowseCommunity, center.lat, center.lng, reach[n] - 0.02, None, 20)
        assert ids(outside) == placed[:n]


async def test_every_answer_is_about_the_public_point_never_the_exact_one(catalog: Catalog) -> None:
    """A centre 1 km beyond the public point, on the far side from the place: the place is
    at least 1.5 km away, the public point 1 km. A radius of 1.01 km finds the listing, at
    1.0 km; measured on the exact point it would be missing."""
    seller = await catalog.user()
    place = somewhere()
    product = await catalog.product(seller, at=place)
    shown = catalog.shown[product]
    assert 0.5 <= place.distance_km(shown) <= 1.0
    away = _bearing(place, shown)
    center = destination(shown, away, 1.0)
    assert place.distance_km(center) >= 1.5
    page = await catalog.run(BrowseCommunity, center.lat, center.lng, 1.01, None, 20)
    assert ids(page) == [product]
    assert abs(page.items[0].distance_km - 1.0) < 1e-3
    assert page.items[0].public_location == shown
    found = await catalog.run(SearchProducts, SearchQuery(lat=center.lat, lng=center.lng, radius_km=1.01), None, 20)
    assert ids(found) == [product]
    # The same seller's second listing at the same place shows the same public point.
    again = await catalog.product(seller, at=place)
    assert catalog.shown[again] == shown
    # Below 1 km, a radius is raised to 1 km (never a sharper probe).
    tiny = await catalog.run(BrowseCommunity, center.lat, center.lng, 1e-9, None, 20)
    assert set(ids(tiny)) <= {product, again}


def _bearing(start: GeoPoint, end: GeoPoint) -> float:
    lat1, lat2 = math.radians(start.lat), math.radians(end.lat)
    dl = math.radians(end.lng - start.lng)
    y = math.sin(dl) * math.cos(lat2)
    x = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(dl)
    return math.degrees(math.atan2(y, x)) % 360.0


async def test_community_is_nearest_first_across_the_antimeridian(catalog: Catalog) -> None:
    seller = await catalog.user()
    center = GeoPoint(-16.5 - secrets.randbelow(1000) / 1000, 179.99)
    east = await catalog.product(seller, at=destination(center, 90, 3.0))  # lng ≈ -179.98
    west = await catalog.product(seller, at=destination(center, 270, 1.5))
    far_east = await catalog.product(seller, at=destination(center, 80, 8.0))
    await catalog.product(seller, at=destination(center, 90, 12.0))  # its public point is 11 km or more away
    await catalog.product(seller, at=destination(center, 0, 1.0), feed=FeedType.DISCOVER)  # not community
    page = await catalog.run(BrowseCommunity, center.lat, center.lng, 10.0, None, 20)
    expected = catalog.by_shown_distance(center, [west, east, far_east])
    assert ids(page) == expected
    for item, product in zip(page.items, expected, strict=True):
        assert abs(item.distance_km - center.distance_km(catalog.shown[product])) < 1e-4


async def test_community_walk_with_inserts_between_pages(catalog: Catalog) -> None:
    seller = await catalog.user()
    center = somewhere()
    originals = [await catalog.product(seller, at=destination(center, 37 * n, 0.5 + n * 0.7)) for n in range(9)]
    added: list[UUID] = []

    async def insert_near_and_far() -> None:
        added.append(await catalog.product(seller, at=destination(center, 11, 0.1)))
        added.append(await catalog.product(seller, at=destination(center, 13, 9.5)))

    seen = await walk(catalog, BrowseCommunity, (center.lat, center.lng, None), 2, insert_near_and_far)
    assert len(seen) == len(set(seen)), "an item was repeated"
    in_order = catalog.by_shown_distance(center, originals)
    assert [i for i in seen if i in originals] == in_order, "an item was skipped or out of order"


async def test_search_walks_in_every_sort_with_inserts_between_pages(catalog: Catalog) -> None:
    seller = await catalog.user()
    term = word()
    center = somewhere()
    originals = [
        await catalog.product(
            seller, title=f"{term} lamp {n}", price=100 * (n % 4), at=destination(center, 45, 0.3 * (n + 1))
        )
        for n in range(8)
    ]

    async def insert() -> None:
        await catalog.product(seller, title=f"{term} new", price=150, at=destination(center, 45, 0.05))

    for sort in ("newest", "price_asc", "price_desc", "relevance", "distance"):
        query = SearchQuery(q=term, sort=sort, lat=center.lat, lng=center.lng)
        seen = await walk(catalog, SearchProducts, (query,), 3, insert)
        assert len(seen) == len(set(seen)), sort
        assert set(originals) <= set(seen), sort
    prices = await walk(catalog, SearchProducts, (SearchQuery(q=term, sort="price_asc"),), 100)
    listed = [p for p in prices if p in originals]
    assert listed == sorted(originals, key=lambda i: (100 * (originals.index(i) % 4), i))


async def test_search_filters_and_title_weight(catalog: Catalog) -> None:
    seller = await catalog.user()
    term = word()
    center = somewhere()
    in_title = await catalog.product(
        seller, title=f"{term} phone", category="phones", price=5000, condition=Condition.NEW, feed=FeedType.DISCOVER
    )
    in_description = await catalog.product(
        seller, title="Old bicycle", description=f"like a {term}", price=2000, at=destination(center, 0, 3)
    )
    archived = await catalog.product(seller, title=f"{term} gone", at=center)
    await catalog.run(ArchiveProduct, archived, seller)

    async def search(**kwargs: object) -> list[UUID]:
        query = SearchQuery(**{"q": term, **kwargs})  # type: ignore[arg-type]
        return ids(await catalog.run(SearchProducts, query, None, 20))

    assert await search() == [in_title, in_description]
    assert await search(q=f"{term} PHONE") == [in_title]
    assert await search(category_id=category_id("electronics")) == [in_title]
    assert await search(category_id=category_id("vehicles")) == [in_description]
    assert await search(min_price=3000) == [in_title]
    assert await search(max_price=3000) == [in_description]
    assert await search(condition="new") == [in_title]
    assert await search(feed_type="community") == [in_description]
    assert await search(lat=center.lat, lng=center.lng, radius_km=5) == [in_description]
    assert await search(lat=center.lat, lng=center.lng, radius_km=1) == []
    assert await search(sort="price_asc") == [in_description, in_title]
    assert await search(sort="price_desc") == [in_title, in_description]


async def test_forged_or_foreign_cursor_is_invalid(catalog: Catalog) -> None:
    seller = await catalog.user()
    center = somewhere()
    for n in range(2):
        await catalog.product(seller, at=destination(center, 0, n + 1))
    page = await catalog.run(BrowseCommunity, center.lat, center.lng, None, None, 1)
    assert page.next_cursor
    with pytest.raises(InvalidCursor):
        await catalog.run(BrowseCommunity, center.lat, center.lng, 20.0, page.next_cursor, 1)
    with pytest.raises(InvalidCursor):
        await catalog.run(BrowseCommunity, center.lat, center.lng, None, _forged(page.next_cursor), 1)


def _forged(cursor: str) -> str:
    """The cursor with one character in its middle changed (never the trailing ones, whose
    spare base64 bits may decode to the same bytes)."""
    middle = len(cursor) // 2
    return cursor[:middle] + ("B" if cursor[middle] == "A" else "A") + cursor[middle + 1 :]


async def test_ownership_status_and_counters(catalog: Catalog) -> None:
    seller, stranger = await catalog.user(), await catalog.user()
    product = await catalog.product(seller, at=somewhere())
    second = await catalog.product(seller, feed=FeedType.DISCOVER)
    with pytest.raises(NotTheSeller):
        await catalog.run(EditProduct, product, stranger, ProductChanges(price=Money(1, "EUR")))
    with pytest.raises(NotTheSeller):
        await catalog.run(ArchiveProduct, product, stranger)
    with pytest.raises(NotTheSeller):
        await catalog.run(MarkProductSold, product, stranger)
    unchanged = await catalog.run(GetProduct, product, None)
    assert (unchanged.product.price, unchanged.product.status) == (Money(1000, "EUR"), ProductStatus.AVAILABLE)
    _, counts = await catalog.run(GetPublicProfile, seller)
    assert (counts.listings, counts.sold) == (2, 0)

    edited = await catalog.run(EditProduct, product, seller, ProductChanges(title="Renamed", price=Money(900, "EUR")))
    assert (edited.product.title, edited.product.price) == ("Renamed", Money(900, "EUR"))
    sold = await catalog.run(MarkProductSold, product, seller)
    assert sold.product.status is ProductStatus.SOLD
    await catalog.run(ArchiveProduct, second, seller)
    _, counts = await catalog.run(GetPublicProfile, seller)
    assert (counts.listings, counts.sold) == (0, 1)
    with pytest.raises(ProductNotFound):
        await catalog.run(GetProduct, second, stranger)
    assert (await catalog.run(GetProduct, second, seller)).product.status is ProductStatus.ARCHIVED
    with pytest.raises(ProductNotFound):
        await catalog.run(GetProduct, uuid4(), None)


async def test_saves_and_follows_are_idempotent_and_counted(catalog: Catalog) -> None:
    seller, fan = await catalog.user(), await catalog.user()
    first = await catalog.product(seller, at=somewhere())
    second = await catalog.product(seller, feed=FeedType.DISCOVER)
    for _ in range(2):
        await catalog.run(SaveProduct, fan, first)
    await catalog.run(SaveProduct, fan, second)
    assert (await catalog.run(GetProduct, first, None)).product.saves_count == 1
    saved = await catalog.run(ListSaved, fan, None, 1)
    assert ids(saved) == [second]
    rest = await catalog.run(ListSaved, fan, saved.next_cursor, 1)
    assert ids(rest) == [first]
    assert rest.next_cursor is None
    for _ in range(2):
        await catalog.run(UnsaveProduct, fan, first)
    assert (await catalog.run(GetProduct, first, None)).product.saves_count == 0

    for _ in range(2):
        await catalog.run(FollowUser, fan, seller)
    _, seller_counts = await catalog.run(GetPublicProfile, seller)
    _, fan_counts = await catalog.run(GetPublicProfile, fan)
    assert (seller_counts.followers, fan_counts.following) == (1, 1)
    followers = await catalog.run(ListFollows, seller, "followers", None, 10)
    assert [e.user.id for e in followers.items] == [fan]
    following = await catalog.run(ListFollows, fan, "following", None, 10)
    assert [e.user.id for e in following.items] == [seller]
    for _ in range(2):
        await catalog.run(UnfollowUser, fan, seller)
    _, seller_counts = await catalog.run(GetPublicProfile, seller)
    assert seller_counts.followers == 0


async def test_category_tree_is_the_same_everywhere(catalog: Catalog) -> None:
    tree = await catalog.run(ListCategories)
    slugs = [(n.category.slug, [c.slug for c in n.children]) for n in tree.roots]
    assert len(slugs) >= 8
    assert slugs[0] == ("electronics", ["phones", "computers", "audio", "cameras", "gaming"])
    assert ("pets", ["pet-supplies", "aquariums"]) in slugs


async def test_search_follows_edits_and_status(catalog: Catalog) -> None:
    seller = await catalog.user()
    old, new = word(), word()
    product = await catalog.product(seller, title=f"{old} chair", at=somewhere())

    async def found(term: str) -> list[UUID]:
        return ids(await catalog.run(SearchProducts, SearchQuery(q=term), None, 20))

    assert await found(old) == [product]
    await catalog.run(EditProduct, product, seller, ProductChanges(title=f"{new} chair"))
    assert await found(new) == [product]
    assert await found(old) == []
    await catalog.run(MarkProductSold, product, seller)
    assert await found(new) == []


async def test_relevance_ranks_the_newest_window_and_keeps_it_while_listings_arrive(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_rules, "RELEVANCE_WINDOW", 3)
    seller = await catalog.user()
    term = word()
    oldest_best = await catalog.product(seller, title=f"{term} {term}", at=somewhere())
    rest = [await catalog.product(seller, title="Lamp", description=f"a {term} {n}", at=somewhere()) for n in range(3)]
    query = SearchQuery(q=term, sort="relevance")
    first = await catalog.run(SearchProducts, query, None, 2)
    assert set(ids(first)) <= set(rest), "only the 3 newest matches are ranked"
    newcomer = await catalog.product(seller, title=f"{term} new", at=somewhere())
    second = await catalog.run(SearchProducts, query, first.next_cursor, 2)
    walked = ids(first) + ids(second)
    assert sorted(walked) == sorted(rest), "the window did not move while a listing arrived"
    assert oldest_best not in walked
    assert newcomer not in walked  # it ranks above the cursor: the next search shows it
    assert ids(await catalog.run(SearchProducts, query, None, 1)) == [newcomer]
    newest = await catalog.run(SearchProducts, SearchQuery(q=term, sort="newest"), None, 10)
    assert oldest_best in ids(newest)
