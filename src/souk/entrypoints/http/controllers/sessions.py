from __future__ import annotations

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from souk.application.accounts.issue_realtime_ticket import IssueRealtimeTicket
from souk.application.accounts.logout_all import LogoutAll
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.sessions import LogoutAllBody, RealtimeTicketOut


class SessionsController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post(
        "/logout-all",
        status_code=HTTP_204_NO_CONTENT,
        security=BEARER,
        summary="End every session, or every other one (`keep_current`)",
        description="The ended sessions' access tokens answer 401 `session_ended` and their sockets "
        "close with 4401 on every server within a second.",
    )
    @inject
    async def logout_all(
        self, data: JSONBody[LogoutAllBody], use_case: FromDishka[LogoutAll], me: FromDishka[Identity]
    ) -> None:
        await use_case(me.user_id, me.session_id, data.keep_current)


class RealtimeController(Controller):
    path = "/api/v1/realtime"
    tags = ["realtime"]

    @post(
        "/ticket",
        status_code=HTTP_200_OK,
        security=BEARER,
        summary="A single-use ticket for `/ws?ticket=` (browsers cannot set headers on a WebSocket)",
        description="Good for one WebSocket handshake on any server within `expires_in` (30) seconds. "
        "The socket belongs to this session and lives until this access token expires, unless "
        "renewed with an `auth` frame.",
    )
    @inject
    async def ticket(self, use_case: FromDishka[IssueRealtimeTicket], me: FromDishka[Identity]) -> RealtimeTicketOut:
        return RealtimeTicketOut.of(await use_case(me.user_id, me.session_id, me.token_expires_at))
