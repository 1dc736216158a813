from __future__ import annotations

from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, delete, get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from souk.application.accounts.end_session import EndSession
from souk.application.accounts.issue_realtime_ticket import IssueRealtimeTicket
from souk.application.accounts.list_sessions import ListSessions
from souk.application.accounts.logout_all import LogoutAll
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.sessions import LogoutAllBody, RealtimeTicketOut, SessionOut


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

    @get(
        "/sessions",
        security=BEARER,
        summary="Your signed-in devices",
        description="Every session of yours that can still refresh, most recently seen first: the device "
        "name and platform its client gave at sign-in, a coarse place from the sign-in address (from a "
        "local table; `unknown` when not listed), when it signed in and when it last signed in or "
        "refreshed its tokens. `current` marks the session of the token asking.",
    )
    @inject
    async def sessions(self, use_case: FromDishka[ListSessions], me: FromDishka[Identity]) -> list[SessionOut]:
        return [SessionOut.of(view) for view in await use_case(me.user_id, me.session_id)]

    @delete(
        "/sessions/{session_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        security=BEARER,
        summary="End one of your sessions (sign a device out)",
        description="The session's tokens answer 401 `session_ended` and its sockets close with 4401 on "
        "every server within a second. Someone else's session, or one already ended, answers 404 "
        "`session_not_found`.",
    )
    @inject
    async def end_session(
        self, session_id: FromPath[UUID], use_case: FromDishka[EndSession], me: FromDishka[Identity]
    ) -> None:
        await use_case(me.user_id, session_id)


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
