"""The live show (API.md "Streams"): the timeline of a stream (``GET /{id}/timeline``, what a
shoppable replay plays back) and giveaways (``POST /{id}/giveaways``; the draw re-checkable
from ``GET /{id}/giveaways/{giveaway_id}``)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from souk.application.ports.access_tokens import AccessTokens
from souk.application.streams.get_giveaway import GetGiveaway
from souk.application.streams.get_timeline import GetStreamTimeline
from souk.application.streams.start_giveaway import GiveawayCommand, StartGiveaway
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.giveaways import GiveawayCreate, GiveawayCreatedOut, GiveawayOut
from souk.entrypoints.http.schemas.timeline import TimelineOut
from souk.entrypoints.http.viewer import viewer_of


class StreamShowController(Controller):
    path = "/api/v1/streams"
    tags = ["streams"]

    @get(
        "/{stream_id:uuid}/timeline",
        summary="The stream's timeline: tags, pins, auctions, flash sales, giveaways (shoppable replay)",
        description="Public for streams everyone may watch; a followers' or neighbourhood stream's timeline only "
        "to whom its audience admits (403 `not_in_audience`, also without a token); a stream you cannot see: 404. "
        "Each entry has `at_s`, seconds from the stream's start, for the replay player to show the product at "
        "that moment; `products` are the products the entries name as they are now (price, `status`: buy-now "
        "works on what is still `available`). An ended stream's document (`GET /streams/{id}`) points here with "
        "`timeline_url`.",
    )
    @inject
    async def timeline(
        self,
        stream_id: FromPath[UUID],
        request: Request[Any, Any, Any],
        tokens: FromDishka[AccessTokens],
        use_case: FromDishka[GetStreamTimeline],
    ) -> TimelineOut:
        return TimelineOut.of(await use_case(stream_id, viewer_of(request, tokens)))

    @post(
        "/{stream_id:uuid}/giveaways",
        status_code=HTTP_201_CREATED,
        security=BEARER,
        summary="Start a giveaway of a tagged product among the viewers present (owner)",
        description="The stream must be live (409 `stream_not_live`) and the product tagged in it (404 "
        "`product_not_in_stream`, 409 `product_not_tagged`) and available (409 `product_not_available`); one "
        "giveaway at a time (409 `giveaway_running`). A secret seed is drawn and only its sha256 is answered "
        "(`seed_commitment`) and told to the room (`giveaway:started`). Viewers in the room enter with the "
        "`giveaway:enter` frame, once each (only followers with `followers_only`). At `ends_at` (`duration_s`, "
        "5-600 s, later) the giveaway closes — also across a server restart — and the room hears "
        "`giveaway:ended` with the winner and the revealed seed; the winner gets the product as a zero-price "
        "transaction and a `giveaway_won` notification. Not your stream: 403 `not_stream_owner`.",
    )
    @inject
    async def start_giveaway(
        self,
        stream_id: FromPath[UUID],
        data: JSONBody[GiveawayCreate],
        use_case: FromDishka[StartGiveaway],
        me: FromDishka[Identity],
    ) -> GiveawayCreatedOut:
        command = GiveawayCommand(stream_id, me.user_id, data.product_id, data.duration_s, data.followers_only)
        return GiveawayCreatedOut.of(await use_case(command))

    @get(
        "/{stream_id:uuid}/giveaways/{giveaway_id:uuid}",
        summary="A giveaway: its commitment, and once ended its winner, seed and entrants (re-check the draw)",
        description="Visible to whoever may see the stream (as its timeline). The draw: sort the entrants' ids "
        '(lowercase, hyphenated), `digest = sha256(seed + "\\n" + "\\n".join(ids))`, winner = '
        "`ids[int.from_bytes(digest, 'big') % len(ids)]`; and `sha256(seed)` must equal `seed_commitment`. "
        "No such giveaway in this stream: 404 `giveaway_not_found`.",
    )
    @inject
    async def giveaway(
        self,
        stream_id: FromPath[UUID],
        giveaway_id: FromPath[UUID],
        request: Request[Any, Any, Any],
        tokens: FromDishka[AccessTokens],
        use_case: FromDishka[GetGiveaway],
    ) -> GiveawayOut:
        return GiveawayOut.of(await use_case(stream_id, giveaway_id, viewer_of(request, tokens)))
