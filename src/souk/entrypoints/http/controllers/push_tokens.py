from __future__ import annotations

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, delete, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from souk.application.notifications.register_push_token import RegisterPushToken
from souk.application.notifications.remove_push_token import RemovePushToken
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.social import PushTokenIn, PushTokenOut


class PushTokensController(Controller):
    path = "/api/v1/users/me/push-tokens"
    tags = ["users"]
    security = BEARER

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Register this device for pushes",
        description="Registering again refreshes the token; a user keeps at most 25 (the least recently "
        "seen go first) and tokens unseen for 60 days are dropped. Pushes go only to users with no live socket.",
    )
    @inject
    async def register(
        self, data: JSONBody[PushTokenIn], use_case: FromDishka[RegisterPushToken], me: FromDishka[Identity]
    ) -> PushTokenOut:
        return PushTokenOut.of(await use_case(me.user_id, data.token, data.platform))

    @delete("/{token:str}", status_code=HTTP_204_NO_CONTENT, summary="Forget this device (idempotent)")
    @inject
    async def remove(
        self, token: FromPath[str], use_case: FromDishka[RemovePushToken], me: FromDishka[Identity]
    ) -> None:
        """Stops pushes to that device token; removing an unknown token is not an error."""
        await use_case(me.user_id, token)
