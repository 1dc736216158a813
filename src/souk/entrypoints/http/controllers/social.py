"""Likes and comments on products and streams (API.md "Social and notifications")."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Request, delete, get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from souk.application.ports.access_tokens import AccessTokens
from souk.application.shared.paging import DEFAULT_LIMIT
from souk.application.social.comment_on import CommentOn
from souk.application.social.delete_comment import DeleteComment
from souk.application.social.like_target import LikeTarget
from souk.application.social.list_comments import ListComments
from souk.application.social.unlike_target import UnlikeTarget
from souk.domain.social.target import TargetKind, TargetRef
from souk.entrypoints.bearer import bearer_token
from souk.entrypoints.http.controllers.products import Cursor, Limit
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.social import CommentCreate, CommentOut, CommentPageOut

ParentId = Annotated[UUID | None, QueryParameter(description="List this comment's replies (oldest first)")]


class SocialController(Controller):
    path = "/api/v1"
    tags = ["social"]

    @post(
        "/products/{target_id:uuid}/like", status_code=HTTP_204_NO_CONTENT, security=BEARER, summary="Like (idempotent)"
    )
    @inject
    async def like_product(
        self, target_id: FromPath[UUID], use_case: FromDishka[LikeTarget], me: FromDishka[Identity]
    ) -> None:
        """Liking twice is not an error; the product's like count counts each user once."""
        await use_case(me.user_id, TargetRef(TargetKind.PRODUCT, target_id))

    @delete(
        "/products/{target_id:uuid}/like",
        status_code=HTTP_204_NO_CONTENT,
        security=BEARER,
        summary="Unlike (idempotent)",
    )
    @inject
    async def unlike_product(
        self, target_id: FromPath[UUID], use_case: FromDishka[UnlikeTarget], me: FromDishka[Identity]
    ) -> None:
        """Unliking a product not liked is not an error."""
        await use_case(me.user_id, TargetRef(TargetKind.PRODUCT, target_id))

    @post(
        "/streams/{target_id:uuid}/like", status_code=HTTP_204_NO_CONTENT, security=BEARER, summary="Like (idempotent)"
    )
    @inject
    async def like_stream(
        self, target_id: FromPath[UUID], use_case: FromDishka[LikeTarget], me: FromDishka[Identity]
    ) -> None:
        """Liking twice is not an error; the stream's like count counts each user once."""
        await use_case(me.user_id, TargetRef(TargetKind.STREAM, target_id))

    @delete(
        "/streams/{target_id:uuid}/like",
        status_code=HTTP_204_NO_CONTENT,
        security=BEARER,
        summary="Unlike (idempotent)",
    )
    @inject
    async def unlike_stream(
        self, target_id: FromPath[UUID], use_case: FromDishka[UnlikeTarget], me: FromDishka[Identity]
    ) -> None:
        """Unliking a stream not liked is not an error."""
        await use_case(me.user_id, TargetRef(TargetKind.STREAM, target_id))

    @get("/products/{target_id:uuid}/comments", summary="Comments on a product, newest first (or one's replies)")
    @inject
    async def product_comments(
        self,
        target_id: FromPath[UUID],
        request: Request[Any, Any, Any],
        tokens: FromDishka[AccessTokens],
        use_case: FromDishka[ListComments],
        parent_id: ParentId = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> CommentPageOut:
        """Public. Top-level comments, or the replies of `parent_id`. Paged with `cursor`."""
        viewer = _viewer(request, tokens)
        ref = TargetRef(TargetKind.PRODUCT, target_id)
        return CommentPageOut.of(await use_case(ref, viewer, parent_id, cursor, limit))

    @get("/streams/{target_id:uuid}/comments", summary="Comments on a stream replay, newest first (or one's replies)")
    @inject
    async def stream_comments(
        self,
        target_id: FromPath[UUID],
        request: Request[Any, Any, Any],
        tokens: FromDishka[AccessTokens],
        use_case: FromDishka[ListComments],
        parent_id: ParentId = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> CommentPageOut:
        """Public. Top-level comments on a stream's replay, or the replies of `parent_id`. Paged with
        `cursor`."""
        viewer = _viewer(request, tokens)
        ref = TargetRef(TargetKind.STREAM, target_id)
        return CommentPageOut.of(await use_case(ref, viewer, parent_id, cursor, limit))

    @post(
        "/products/{target_id:uuid}/comments",
        status_code=HTTP_201_CREATED,
        security=BEARER,
        summary="Comment on a product",
    )
    @inject
    async def comment_product(
        self,
        target_id: FromPath[UUID],
        data: JSONBody[CommentCreate],
        use_case: FromDishka[CommentOn],
        me: FromDishka[Identity],
    ) -> CommentOut:
        """Adds a comment, or a reply with `parent_id` (one level deep). The product's owner, and the
        parent's author for a reply, get a `new_comment` notification."""
        ref = TargetRef(TargetKind.PRODUCT, target_id)
        return CommentOut.of(await use_case(me.user_id, ref, data.content, data.parent_id))

    @post(
        "/streams/{target_id:uuid}/comments",
        status_code=HTTP_201_CREATED,
        security=BEARER,
        summary="Comment on a stream replay",
        description="Only on an ended stream whose `enable_comments` is on (403 `comments_disabled`).",
    )
    @inject
    async def comment_stream(
        self,
        target_id: FromPath[UUID],
        data: JSONBody[CommentCreate],
        use_case: FromDishka[CommentOn],
        me: FromDishka[Identity],
    ) -> CommentOut:
        ref = TargetRef(TargetKind.STREAM, target_id)
        return CommentOut.of(await use_case(me.user_id, ref, data.content, data.parent_id))

    @delete(
        "/comments/{comment_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        security=BEARER,
        summary="Delete a comment (its author, or the owner of the product/stream) with its replies",
    )
    @inject
    async def delete_comment(
        self, comment_id: FromPath[UUID], use_case: FromDishka[DeleteComment], me: FromDishka[Identity]
    ) -> None:
        """Its author, or the owner of the product or stream it is on, may delete it; its replies go with
        it. Anyone else gets 403."""
        await use_case(me.user_id, comment_id)


def _viewer(request: Request[Any, Any, Any], tokens: AccessTokens) -> UUID | None:
    header = request.headers.get("authorization")
    return tokens.verify(bearer_token(header)).user_id if header else None
