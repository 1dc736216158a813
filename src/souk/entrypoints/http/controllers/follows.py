from __future__ import annotations

from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, delete, get, post
from litestar.params import FromPath
from litestar.status_codes import HTTP_204_NO_CONTENT

from souk.application.catalog.follow_user import FollowUser
from souk.application.catalog.list_follows import ListFollows
from souk.application.catalog.list_saved import ListSaved
from souk.application.catalog.unfollow_user import UnfollowUser
from souk.application.shared.paging import DEFAULT_LIMIT
from souk.entrypoints.http.controllers.products import Cursor, Limit
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.catalog import ProductPageOut, UserPageOut


class FollowsController(Controller):
    """Follows and saved products, under the users path."""

    path = "/api/v1/users"
    tags = ["users"]

    @post("/{user_id:uuid}/follow", status_code=HTTP_204_NO_CONTENT, security=BEARER, summary="Follow (idempotent)")
    @inject
    async def follow(self, user_id: FromPath[UUID], use_case: FromDishka[FollowUser], me: FromDishka[Identity]) -> None:
        """The caller follows the user (and hears of their live streams); following again is not an error.
        Following oneself is a 403 `cannot_follow_self`."""
        await use_case(me.user_id, user_id)

    @delete("/{user_id:uuid}/follow", status_code=HTTP_204_NO_CONTENT, security=BEARER, summary="Unfollow")
    @inject
    async def unfollow(
        self, user_id: FromPath[UUID], use_case: FromDishka[UnfollowUser], me: FromDishka[Identity]
    ) -> None:
        """The caller stops following the user; unfollowing someone not followed is not an error. A viewer
        in a followers-only stream of theirs is removed from its room."""
        await use_case(me.user_id, user_id)

    @get("/{user_id:uuid}/followers", summary="Who follows a user, most recent first")
    @inject
    async def followers(
        self,
        user_id: FromPath[UUID],
        use_case: FromDishka[ListFollows],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> UserPageOut:
        """Public. Paged with `cursor`."""
        return UserPageOut.of(await use_case(user_id, "followers", cursor, limit))

    @get("/{user_id:uuid}/following", summary="Whom a user follows, most recent first")
    @inject
    async def following(
        self,
        user_id: FromPath[UUID],
        use_case: FromDishka[ListFollows],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> UserPageOut:
        """Public. Paged with `cursor`."""
        return UserPageOut.of(await use_case(user_id, "following", cursor, limit))

    @get("/me/saved", security=BEARER, summary="Your saved products, most recently saved first")
    @inject
    async def saved(
        self,
        use_case: FromDishka[ListSaved],
        me: FromDishka[Identity],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> ProductPageOut:
        """The caller's saved products that are still visible. Paged with `cursor`."""
        return ProductPageOut.of(await use_case(me.user_id, cursor, limit))
