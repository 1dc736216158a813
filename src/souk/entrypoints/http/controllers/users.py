from __future__ import annotations

from typing import Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Request, get, patch
from litestar.params import FromPath, JSONBody

from souk.application.accounts.profiles import GetMyProfile, GetPublicProfile, UpdateMyProfile
from souk.application.ports.access_tokens import AccessTokens
from souk.application.ports.images import Images, ImageView
from souk.domain.accounts.user import User
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.users import ProfilePatch, PublicProfileOut, UserOut
from souk.entrypoints.http.viewer import viewer_of


class UsersController(Controller):
    path = "/api/v1/users"
    tags = ["users"]

    @get("/me", security=BEARER, summary="Your own account")
    @inject
    async def me(
        self, use_case: FromDishka[GetMyProfile], images: FromDishka[Images], me: FromDishka[Identity]
    ) -> UserOut:
        """The caller's own account, with the private fields (phone, email, exact location, notification
        settings)."""
        user = await use_case(me.user_id)
        return UserOut.of(user, await _avatar(images, user))

    @patch("/me", security=BEARER, summary="Change your profile (partial)")
    @inject
    async def update_me(
        self,
        data: JSONBody[ProfilePatch],
        use_case: FromDishka[UpdateMyProfile],
        images: FromDishka[Images],
        me: FromDishka[Identity],
    ) -> UserOut:
        """Only the fields sent change; `null` clears an optional field. `notification_settings` switches
        notification kinds on or off; an unknown kind is a 400. `avatar_media_id` takes one of your own
        processed images (`null` removes the avatar). The exact `location` stays private: others only ever see
        public points derived from it."""
        avatar = data.avatar_media_id if isinstance(data.avatar_media_id, UUID) else None
        user = await use_case(me.user_id, data.to_changes(), avatar)
        return UserOut.of(user, await _avatar(images, user))

    @get("/{user_id:uuid}", summary="Anyone's public profile with counts")
    @inject
    async def public_profile(
        self,
        user_id: FromPath[UUID],
        request: Request[Any, Any, Any],
        tokens: FromDishka[AccessTokens],
        use_case: FromDishka[GetPublicProfile],
        images: FromDishka[Images],
    ) -> PublicProfileOut:
        """What anyone may see of a user: names, avatar, bio, tier, neighbourhood and counts. Never the
        phone, email or location. A 404 when either of you blocked the other, or the account is suspended."""
        user, counts = await use_case(user_id, viewer_of(request, tokens))
        return PublicProfileOut.of(user, counts, await _avatar(images, user))


async def _avatar(images: Images, user: User) -> ImageView | None:
    """The avatar's variants (one lookup), when the user has an uploaded one."""
    if user.avatar_media_id is None:
        return None
    return (await images.views([user.avatar_media_id])).get(user.avatar_media_id)
