from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Request, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from souk.application.catalog.archive_product import ArchiveProduct
from souk.application.catalog.create_product import CreateProduct
from souk.application.catalog.edit_product import EditProduct
from souk.application.catalog.get_product import GetProduct
from souk.application.catalog.mark_product_sold import MarkProductSold
from souk.application.catalog.restore_product import RestoreProduct
from souk.application.catalog.save_product import SaveProduct
from souk.application.catalog.search_products import SearchProducts, SearchQuery
from souk.application.catalog.unsave_product import UnsaveProduct
from souk.application.ports.access_tokens import AccessTokens
from souk.application.shared.paging import DEFAULT_LIMIT, MAX_LIMIT
from souk.entrypoints.bearer import bearer_token
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.catalog import ProductCreate, ProductOut, ProductPageOut, ProductPatch
from souk.entrypoints.http.viewer import viewer_of

Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT, description="Page size (default 20, max 100)")]
RADIUS_DESCRIPTION = (
    "Kilometres, default 10, clamped to [1, 100] (a smaller radius is raised to 1 km); "
    "membership and distances are measured to listings' public points, never their exact places"
)
Cursor = Annotated[str | None, QueryParameter(description="`next_cursor` of the previous page")]


class ProductsController(Controller):
    path = "/api/v1/products"
    tags = ["products"]

    @post("/", status_code=HTTP_201_CREATED, security=BEARER, summary="List a product for sale")
    @inject
    async def create(
        self, data: JSONBody[ProductCreate], use_case: FromDishka[CreateProduct], me: FromDishka[Identity]
    ) -> ProductOut:
        """Creates an available listing owned by the caller. `category_id` must name an existing category
        (`GET /categories`); `location` is kept exact and shown only as a public point 500 m to 1 km away."""
        return ProductOut.of(await use_case(me.user_id, data.to_draft()))

    @get("/search", summary="Full-text search with filters and sorts")
    @inject
    async def search(
        self,
        use_case: FromDishka[SearchProducts],
        request: Request[Any, Any, Any],
        tokens: FromDishka[AccessTokens],
        q: Annotated[str | None, QueryParameter(description="Words; all must match title or description")] = None,
        category_id: Annotated[UUID | None, QueryParameter(description="A parent includes its children")] = None,
        min_price: Annotated[int | None, QueryParameter(description="Minor units")] = None,
        max_price: Annotated[int | None, QueryParameter(description="Minor units")] = None,
        condition: FromQuery[str | None] = None,
        feed_type: FromQuery[str | None] = None,
        lat: FromQuery[float | None] = None,
        lng: FromQuery[float | None] = None,
        radius_km: Annotated[float | None, QueryParameter(description=f"{RADIUS_DESCRIPTION}; needs lat/lng")] = None,
        sort: Annotated[
            str,
            QueryParameter(description="relevance (newest without q), newest, price_asc, price_desc, distance"),
        ] = "relevance",
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> ProductPageOut:
        """Every word of `q` must match the title or description. Filters combine; `lat`/`lng` go together,
        and `radius_km` or `sort=distance` need them. Distances are measured to listings' public points.
        Paged with `cursor`. With a bearer token, sellers blocked either way are left out."""
        query = SearchQuery(q, category_id, min_price, max_price, condition, feed_type, lat, lng, radius_km, sort)
        return ProductPageOut.of(await use_case(query, cursor, limit, viewer_of(request, tokens)))

    @get("/{product_id:uuid}", summary="A product (archived ones only to their seller)")
    @inject
    async def read(
        self,
        product_id: FromPath[UUID],
        request: Request[Any, Any, Any],
        tokens: FromDishka[AccessTokens],
        use_case: FromDishka[GetProduct],
    ) -> ProductOut:
        """Public. An archived product is shown only to its seller (with a valid bearer token); to anyone
        else it is a 404. The location is the public point, never the seller's."""
        header = request.headers.get("authorization")
        viewer = tokens.verify(bearer_token(header)).user_id if header else None
        return ProductOut.of(await use_case(product_id, viewer))

    @patch("/{product_id:uuid}", security=BEARER, summary="Edit your product (partial; never its status)")
    @inject
    async def edit(
        self,
        product_id: FromPath[UUID],
        data: JSONBody[ProductPatch],
        use_case: FromDishka[EditProduct],
        me: FromDishka[Identity],
    ) -> ProductOut:
        """Only the fields sent change. The status is never a field: it moves through archive, restore,
        mark-sold and accepted offers. The price is locked (409 `price_locked`) while an offer is accepted;
        a community listing keeps its location (`location: null` is 409 `location_required`)."""
        return ProductOut.of(await use_case(product_id, me.user_id, data.to_changes()))

    @delete("/{product_id:uuid}", status_code=HTTP_204_NO_CONTENT, security=BEARER, summary="Archive your product")
    @inject
    async def archive(
        self, product_id: FromPath[UUID], use_case: FromDishka[ArchiveProduct], me: FromDishka[Identity]
    ) -> None:
        """Takes the listing off sale (archived); `POST .../restore` puts it back. Only the seller may:
        others get 403 `not_the_seller`."""
        await use_case(product_id, me.user_id)

    @post("/{product_id:uuid}/mark-sold", status_code=HTTP_200_OK, security=BEARER, summary="Sold outside the app")
    @inject
    async def mark_sold(
        self, product_id: FromPath[UUID], use_case: FromDishka[MarkProductSold], me: FromDishka[Identity]
    ) -> ProductOut:
        """For a sale made outside the app: the product becomes sold and leaves the feeds. Seller only."""
        return ProductOut.of(await use_case(product_id, me.user_id))

    @post(
        "/{product_id:uuid}/restore",
        status_code=HTTP_200_OK,
        security=BEARER,
        summary="Put your archived product back on sale",
        description="Not in API.md v1: the way back from `DELETE` (archived → available).",
    )
    @inject
    async def restore(
        self, product_id: FromPath[UUID], use_case: FromDishka[RestoreProduct], me: FromDishka[Identity]
    ) -> ProductOut:
        return ProductOut.of(await use_case(product_id, me.user_id))

    @post("/{product_id:uuid}/save", status_code=HTTP_204_NO_CONTENT, security=BEARER, summary="Save (idempotent)")
    @inject
    async def save(
        self, product_id: FromPath[UUID], use_case: FromDishka[SaveProduct], me: FromDishka[Identity]
    ) -> None:
        """Adds the product to the caller's saved list; saving twice is not an error."""
        await use_case(me.user_id, product_id)

    @delete("/{product_id:uuid}/save", status_code=HTTP_204_NO_CONTENT, security=BEARER, summary="Unsave (idempotent)")
    @inject
    async def unsave(
        self, product_id: FromPath[UUID], use_case: FromDishka[UnsaveProduct], me: FromDishka[Identity]
    ) -> None:
        """Removes the product from the caller's saved list; unsaving an unsaved product is not an error."""
        await use_case(me.user_id, product_id)
