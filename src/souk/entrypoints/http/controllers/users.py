from __future__ import annotations

from typing import Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Request, delete, get, patch
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from souk.application.accounts.change_password import ChangePassword, ChangePasswordCommand
from souk.application.accounts.profiles import GetMyProfile, GetPublicProfile, UpdateMyProfile
from souk.application.accounts.request_deletion import RequestAccountDeletion
from souk.application.ports.access_tokens import AccessTokens
from souk.application.ports.images import Images, ImageView
from souk.domain.accounts.user import User
from souk.entrypoints.http.identity import ClientAddress, Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.data_rights import DeleteAccountIn, DeletionScheduledOut
from souk.entrypoints.http.schemas.users import PasswordChangeBody, PayoutsOut, ProfilePatch, PublicProfileOut, UserOut
from souk.entrypoints.http.viewer import viewer_of


class UsersController(Controller):
    path = "/api/v1/users"
    tags = ["users"]

    @get("/me", security=BEARER, summary="Your own account")
    @inject
    async def me(self, use_case: FromDishka[GetMyProfile], me: FromDishka[Identity]) -> UserOut:
        """The caller's own account, with the private fields (phone, email, exact location, notification
        settings) and the seller's payout status."""
        account = await use_case(me.user_id)
        out = UserOut.of(account.user, account.avatar)
        out.payouts = PayoutsOut.of(account.payouts)
        return out

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

    @delete(
        "/me",
        status_code=HTTP_202_ACCEPTED,
        security=BEARER,
        summary="Delete your account (after a 30-day grace period; signing in again cancels it)",
        description="Confirm with `password` or `otp_code` (a sign-in code sent to your phone): 400 "
        "`confirmation_required` without either, 403 `invalid_confirmation` when wrong. Every session ends "
        "at once and your listings leave the feeds. After `purge_after` your profile, login handles, "
        "listings' text, places and images, comments, likes, follows, notifications and uploads are erased; "
        'messages stay for the other party from "Deleted user", and transactions keep the accounting minimum.',
    )
    @inject
    async def delete_me(
        self,
        data: JSONBody[DeleteAccountIn],
        use_case: FromDishka[RequestAccountDeletion],
        me: FromDishka[Identity],
        client: FromDishka[ClientAddress],
    ) -> DeletionScheduledOut:
        request = await use_case(me.user_id, me.session_id, data.password, data.otp_code, client.ip)
        return DeletionScheduledOut(request.purge_after)

    @patch(
        "/me/password",
        status_code=HTTP_204_NO_CONTENT,
        security=BEARER,
        summary="Change your password (with the current one); your other sessions end",
        description="400 `wrong_password` when `old_password` is wrong (10 wrong ones per account in 15 min, "
        "then 429), `weak_password` for a new password that is common or easy to guess. Every other session "
        "ends (401 `session_ended`, sockets closed 4401); this one stays signed in.",
    )
    @inject
    async def change_password(
        self, data: JSONBody[PasswordChangeBody], use_case: FromDishka[ChangePassword], me: FromDishka[Identity]
    ) -> None:
        await use_case(ChangePasswordCommand(me.user_id, me.session_id, data.old_password, data.new_password))

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
