"""Live streams: create, products, settings, go live, tag, end, analytics (API.md "Streams")."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from souk.application.ports.access_tokens import AccessTokens
from souk.application.shared.paging import DEFAULT_LIMIT
from souk.application.streams.attach_products import AttachProducts
from souk.application.streams.create_stream import CreateStream, NewStream
from souk.application.streams.end_stream import EndStream
from souk.application.streams.get_analytics import GetStreamAnalytics
from souk.application.streams.get_stream import GetStream
from souk.application.streams.go_live import GoLive
from souk.application.streams.list_stream_products import ListStreamProducts
from souk.application.streams.list_streams import ListStreams
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.tag_product import TagCommand, TagProduct
from souk.application.streams.update_settings import UpdateStreamSettings
from souk.domain.streams.stream import StreamStatus
from souk.domain.streams.stream_product import Tag
from souk.entrypoints.bearer import bearer_token
from souk.entrypoints.http.controllers.products import Cursor, Limit
from souk.entrypoints.http.idempotency_header import IdempotencyKey
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.streams import (
    AnalyticsOut,
    EndedOut,
    GoLiveOut,
    StreamCreate,
    StreamOut,
    StreamPageOut,
    StreamProductOut,
    StreamProductsIn,
    StreamSettingsPatch,
    TagIn,
)

OWNER = (
    " Only the stream's seller: others get 403 `not_stream_owner`; an ended or cancelled stream 409 `stream_finished`."
)


def _viewer(request: Request[Any, Any, Any], tokens: AccessTokens) -> UUID | None:
    header = request.headers.get("authorization")
    return tokens.verify(bearer_token(header)).user_id if header else None


class StreamsController(Controller):
    path = "/api/v1/streams"
    tags = ["streams"]

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        security=BEARER,
        summary="Create a stream (draft) with the products to show",
        description="Products must be your own and available (403 `product_not_yours`, 409 "
        "`product_not_available`, 404 `product_not_found`); 1-50 of them.",
    )
    @inject
    async def create(
        self,
        data: JSONBody[StreamCreate],
        use_case: FromDishka[CreateStream],
        presenter: FromDishka[StreamPresenter],
        me: FromDishka[Identity],
    ) -> StreamOut:
        stream = await use_case(
            NewStream(me.user_id, data.title, data.product_ids, data.description, data.scheduled_at)
        )
        return StreamOut.of(await presenter.stream(stream, me.user_id))

    @get("/", summary="Streams by status (live by default), newest first")
    @inject
    async def listed(
        self,
        request: Request[Any, Any, Any],
        tokens: FromDishka[AccessTokens],
        use_case: FromDishka[ListStreams],
        status: Annotated[
            Literal["draft", "live", "ended", "cancelled"], QueryParameter(description="default `live`")
        ] = "live",
        seller_id: Annotated[UUID | None, QueryParameter(description="only this seller's streams")] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> StreamPageOut:
        """Public. Streams by `status` (live by default), optionally of one seller. Paged with `cursor`."""
        page = await use_case(StreamStatus(status), seller_id, cursor, limit, _viewer(request, tokens))
        return StreamPageOut([StreamOut.of(v) for v in page.items], page.next_cursor)

    @get("/{stream_id:uuid}", summary="A stream (public)")
    @inject
    async def read(
        self,
        stream_id: FromPath[UUID],
        request: Request[Any, Any, Any],
        tokens: FromDishka[AccessTokens],
        use_case: FromDishka[GetStream],
    ) -> StreamOut:
        """Public. A stream with its seller, settings, playback URL while live, and replay once recorded."""
        return StreamOut.of(await use_case(stream_id, _viewer(request, tokens)))

    @post(
        "/{stream_id:uuid}/products",
        status_code=HTTP_200_OK,
        security=BEARER,
        summary="Attach more products; answers every product of the stream",
        description="Already attached ones are left as they are." + OWNER,
    )
    @inject
    async def attach(
        self,
        stream_id: FromPath[UUID],
        data: JSONBody[StreamProductsIn],
        use_case: FromDishka[AttachProducts],
        me: FromDishka[Identity],
    ) -> list[StreamProductOut]:
        return [StreamProductOut.of(v) for v in await use_case(stream_id, me.user_id, data.product_ids)]

    @get("/{stream_id:uuid}/products", summary="The stream's products with tags, pin and figures (public)")
    @inject
    async def products(
        self, stream_id: FromPath[UUID], use_case: FromDishka[ListStreamProducts]
    ) -> list[StreamProductOut]:
        """Public. The stream's products with their tag (position, time), whether pinned, and click/view
        figures."""
        return [StreamProductOut.of(v) for v in await use_case(stream_id)]

    @patch(
        "/{stream_id:uuid}/settings",
        security=BEARER,
        summary="Settings: audience, notifications, chat, comments, recording",
        description="Neighbourhood audience or notifications need your home location (400 "
        "`home_location_required`)." + OWNER,
    )
    @inject
    async def settings(
        self,
        stream_id: FromPath[UUID],
        data: JSONBody[StreamSettingsPatch],
        use_case: FromDishka[UpdateStreamSettings],
        presenter: FromDishka[StreamPresenter],
        me: FromDishka[Identity],
    ) -> StreamOut:
        stream = await use_case(stream_id, me.user_id, data.to_change())
        return StreamOut.of(await presenter.stream(stream, me.user_id))

    @post(
        "/{stream_id:uuid}/go-live",
        status_code=HTTP_200_OK,
        security=BEARER,
        summary="Go live: the RTMP ingest URL, a fresh stream key, the HLS playback URL",
        description="Push with `ffmpeg ... -f flv {rtmp_url}/{stream_key}`. The key is stored "
        "hashed and shown only here: calling again (or retrying with the same `Idempotency-Key`) "
        "hands out a new key and the old one stops working; the stream goes live once. One live "
        "stream per seller (409 `already_live`)." + OWNER,
    )
    @inject
    async def go_live(
        self,
        stream_id: FromPath[UUID],
        use_case: FromDishka[GoLive],
        me: FromDishka[Identity],
        idempotency_key: IdempotencyKey = None,
    ) -> GoLiveOut:
        return GoLiveOut.of(await use_case(stream_id, me.user_id, idempotency_key))

    @post(
        "/{stream_id:uuid}/products/{product_id:uuid}/tag",
        status_code=HTTP_200_OK,
        security=BEARER,
        summary="Tag a product on screen (x, y in 0-1; seconds into the stream); `featured` pins it",
        description="`featured: true` pins it (and unpins any other), `false` unpins it, absent "
        "leaves pinning as it is. Viewers get `stream:product:tagged` (and "
        "`stream:product:featured`). 404 `product_not_in_stream` for unattached products." + OWNER,
    )
    @inject
    async def tag(
        self,
        stream_id: FromPath[UUID],
        product_id: FromPath[UUID],
        data: JSONBody[TagIn],
        use_case: FromDishka[TagProduct],
        me: FromDishka[Identity],
    ) -> StreamProductOut:
        command = TagCommand(stream_id, product_id, me.user_id, Tag(data.x, data.y, data.timestamp_s), data.featured)
        return StreamProductOut.of(await use_case(command))

    @post(
        "/{stream_id:uuid}/end",
        status_code=HTTP_200_OK,
        security=BEARER,
        summary="End the stream (a draft is cancelled) and get its analytics",
        description="Viewers get `stream:ended`; a push still running is dropped by the ingest hooks." + OWNER,
    )
    @inject
    async def end(
        self, stream_id: FromPath[UUID], use_case: FromDishka[EndStream], me: FromDishka[Identity]
    ) -> EndedOut:
        ended = await use_case(stream_id, me.user_id)
        return EndedOut(StreamOut.of(ended.stream), AnalyticsOut.of(ended.analytics))

    @get(
        "/{stream_id:uuid}/analytics",
        security=BEARER,
        summary="Analytics, live or after the end (owner only: others 403 `not_stream_owner`)",
        description="Viewers from join/leave times (peak counts people at once; average watch time "
        "per unique viewer); likes are reactions; per product: views (a tag or pin shown to a "
        "viewer), clicks, inquiries (conversations opened about it during the stream), purchases "
        "(offers made during the stream and accepted).",
    )
    @inject
    async def analytics(
        self, stream_id: FromPath[UUID], use_case: FromDishka[GetStreamAnalytics], me: FromDishka[Identity]
    ) -> AnalyticsOut:
        return AnalyticsOut.of(await use_case(stream_id, me.user_id))
