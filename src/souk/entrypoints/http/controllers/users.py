from __future__ import annotations

from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, get, patch
from litestar.params import FromPath, JSONBody

from souk.application.accounts.profiles import GetMyProfile, GetPublicProfile, UpdateMyProfile
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.users import ProfilePatch, PublicProfileOut, UserOut


class UsersController(Controller):
    path = "/api/v1/users"
    tags = ["users"]

    @get("/me", security=BEARER, summary="Your own account")
    @inject
    async def me(self, use_case: FromDishka[GetMyProfile], me: FromDishka[Identity]) -> UserOut:
        return UserOut.of(await use_case(me.user_id))

    @patch("/me", security=BEARER, summary="Change your profile (partial)")
    @inject
    async def update_me(
        self, data: JSONBody[ProfilePatch], use_case: FromDishka[UpdateMyProfile], me: FromDishka[Identity]
    ) -> UserOut:
        return UserOut.of(await use_case(me.user_id, data.to_changes()))

    @get("/{user_id:uuid}", summary="Anyone's public profile with counts")
    @inject
    async def public_profile(self, user_id: FromPath[UUID], use_case: FromDishka[GetPublicProfile]) -> PublicProfileOut:
        user, counts = await use_case(user_id)
        return PublicProfileOut.of(user, counts)
