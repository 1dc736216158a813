from __future__ import annotations

from typing import Annotated, Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Request, get
from litestar.params import QueryParameter

from souk.application.catalog.browse_community import BrowseCommunity
from souk.application.catalog.browse_discover import BrowseDiscover
from souk.application.catalog.list_categories import ListCategories
from souk.application.ports.access_tokens import AccessTokens
from souk.application.shared.paging import DEFAULT_LIMIT
from souk.entrypoints.http.controllers.products import RADIUS_DESCRIPTION, Cursor, Limit
from souk.entrypoints.http.schemas.catalog import CategoryOut, DiscoverPageOut, ProductPageOut
from souk.entrypoints.http.viewer import viewer_of


class FeedsController(Controller):
    path = "/api/v1/feeds"
    tags = ["feeds"]

    @get("/discover", summary="Discover products, newest first, with who is live now")
    @inject
    async def discover(
        self,
        use_case: FromDishka[BrowseDiscover],
        request: Request[Any, Any, Any],
        tokens: FromDishka[AccessTokens],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> DiscoverPageOut:
        """Available discover listings, newest first, with the streams live now. Paged with `cursor`. With a
        bearer token, sellers blocked either way are left out."""
        return DiscoverPageOut.of(await use_case(cursor, limit, viewer_of(request, tokens)))

    @get("/community", summary="Community products near a point, nearest first")
    @inject
    async def community(
        self,
        use_case: FromDishka[BrowseCommunity],
        request: Request[Any, Any, Any],
        tokens: FromDishka[AccessTokens],
        lat: Annotated[float, QueryParameter(description="Latitude, within ±85")],
        lng: Annotated[float, QueryParameter(description="Longitude, within ±180")],
        radius_km: Annotated[float | None, QueryParameter(description=RADIUS_DESCRIPTION)] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> ProductPageOut:
        """Available community listings within `radius_km` of the point, nearest first, with `distance_km`
        (to public points, rounded to 0.1 km, never under 0.5). Paged with `cursor`."""
        return ProductPageOut.of(await use_case(lat, lng, radius_km, cursor, limit, viewer_of(request, tokens)))


class CategoriesController(Controller):
    path = "/api/v1/categories"
    tags = ["products"]

    @get("/", summary="The category tree")
    @inject
    async def tree(self, use_case: FromDishka[ListCategories]) -> list[CategoryOut]:
        """Every category with its children, as `{id, name, slug, children}`. Products name a category by
        id."""
        return CategoryOut.tree(await use_case())
