from __future__ import annotations

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, get, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_201_CREATED

from souk.application.safety.file_report import FileReport
from souk.application.safety.my_reports import MyReports
from souk.application.shared.paging import DEFAULT_LIMIT
from souk.entrypoints.http.controllers.products import Cursor, Limit
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.safety import ReportCreate, ReportOut, ReportPageOut


class ReportsController(Controller):
    path = "/api/v1/reports"
    tags = ["safety"]

    @post(
        "/", status_code=HTTP_201_CREATED, security=BEARER, summary="Report a user, product, stream, comment or message"
    )
    @inject
    async def create(
        self, data: JSONBody[ReportCreate], use_case: FromDishka[FileReport], me: FromDishka[Identity]
    ) -> ReportOut:
        """Something you can see and is not yours (a message: of your own conversations), with a reason from
        the fixed list and an optional note. One open report per reporter and target: another is a 409
        `report_already_open`. Staff resolve it; `GET /reports/mine` shows the outcome."""
        return ReportOut.of(await use_case(me.user_id, data.to_draft()))

    @get("/mine", security=BEARER, summary="Your reports and their outcome, newest first")
    @inject
    async def mine(
        self,
        use_case: FromDishka[MyReports],
        me: FromDishka[Identity],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> ReportPageOut:
        """`status` is `open` or `resolved`; a resolved report says what staff did (`action`). Paged with
        `cursor`."""
        return ReportPageOut.of(await use_case(me.user_id, cursor, limit))
