"""The staff API (role ``moderator`` or ``admin``); anyone else gets 404."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, delete, get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from souk.application.payments.staff_refund import StaffRefund
from souk.application.safety.list_reports import ListReports
from souk.application.safety.read_audit_log import ReadAuditLog
from souk.application.safety.reinstate_user import ReinstateUser
from souk.application.safety.remove_comment import RemoveComment
from souk.application.safety.resolve_report import ResolveReport
from souk.application.safety.staff_take_down_stream import StaffTakeDownStream
from souk.application.safety.suspend_user import SuspendUser
from souk.application.safety.take_down_product import TakeDownProduct
from souk.application.shared.paging import DEFAULT_LIMIT
from souk.entrypoints.http.controllers.products import Cursor, Limit
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.safety import (
    AuditPageOut,
    ResolveIn,
    StaffReasonIn,
    StaffRefundIn,
    StaffRefundOut,
    StaffReportOut,
    StaffReportPageOut,
    SuspendIn,
    SuspensionOut,
)


class AdminController(Controller):
    path = "/api/v1/admin"
    tags = ["admin"]
    security = BEARER

    @get("/reports", summary="The report queue, oldest first")
    @inject
    async def reports(
        self,
        use_case: FromDishka[ListReports],
        me: FromDishka[Identity],
        status: Annotated[str | None, QueryParameter(description="open or resolved (default: both)")] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> StaffReportPageOut:
        """Each report with the reported content in place (`content`). Paged with `cursor`. Staff only: anyone
        else gets 404."""
        return StaffReportPageOut.of(await use_case(me.user_id, status, cursor, limit))

    @post("/reports/{report_id:uuid}/resolve", status_code=HTTP_200_OK, summary="Resolve a report with an action")
    @inject
    async def resolve(
        self,
        report_id: FromPath[UUID],
        data: JSONBody[ResolveIn],
        use_case: FromDishka[ResolveReport],
        me: FromDishka[Identity],
    ) -> StaffReportOut:
        """`dismiss`; `remove` the product (taken down), stream (ended at once) or comment; `warn`, `suspend`
        (`until` required) or `ban` its author. The reporter sees the outcome; the audit log records it. Staff
        only: anyone else gets 404."""
        report = await use_case(me.user_id, report_id, data.to_resolution())
        return StaffReportOut.of(report, None)

    @post("/users/{user_id:uuid}/suspend", status_code=HTTP_200_OK, summary="Suspend (or, without until, ban) a user")
    @inject
    async def suspend(
        self,
        user_id: FromPath[UUID],
        data: JSONBody[SuspendIn],
        use_case: FromDishka[SuspendUser],
        me: FromDishka[Identity],
    ) -> SuspensionOut:
        """Their sessions end (sockets close 4403), their listings and streams leave every public read, and
        logging in answers 403 `account_suspended` with `suspended_until`. Only an admin may suspend staff.
        Staff only: anyone else gets 404."""
        return SuspensionOut.of(await use_case(me.user_id, user_id, data.reason, data.until))

    @post("/users/{user_id:uuid}/reinstate", status_code=HTTP_204_NO_CONTENT, summary="Lift a suspension or ban")
    @inject
    async def reinstate(
        self,
        user_id: FromPath[UUID],
        data: JSONBody[StaffReasonIn],
        use_case: FromDishka[ReinstateUser],
        me: FromDishka[Identity],
    ) -> None:
        """They may log in again. Staff only: anyone else gets 404."""
        await use_case(me.user_id, user_id, data.reason)

    @post("/products/{product_id:uuid}/takedown", status_code=HTTP_204_NO_CONTENT, summary="Take a listing down")
    @inject
    async def take_down_product(
        self,
        product_id: FromPath[UUID],
        data: JSONBody[StaffReasonIn],
        use_case: FromDishka[TakeDownProduct],
        me: FromDishka[Identity],
    ) -> None:
        """The listing leaves every public read for good (its seller cannot restore it). Staff only: anyone else
        gets 404."""
        await use_case(me.user_id, product_id, data.reason)

    @post("/streams/{stream_id:uuid}/takedown", status_code=HTTP_204_NO_CONTENT, summary="Take a stream down")
    @inject
    async def take_down_stream(
        self,
        stream_id: FromPath[UUID],
        data: JSONBody[StaffReasonIn],
        use_case: FromDishka[StaffTakeDownStream],
        me: FromDishka[Identity],
    ) -> None:
        """A live stream ends at once for every viewer (`stream:ended`); a draft is cancelled. Staff only: anyone
        else gets 404."""
        await use_case(me.user_id, stream_id, data.reason)

    @delete("/comments/{comment_id:uuid}", status_code=HTTP_204_NO_CONTENT, summary="Delete anyone's comment")
    @inject
    async def delete_comment(
        self,
        comment_id: FromPath[UUID],
        use_case: FromDishka[RemoveComment],
        me: FromDishka[Identity],
        reason: Annotated[str, QueryParameter(min_length=1, max_length=1000, description="Why (audit log)")],
    ) -> None:
        """With its replies. Staff only: anyone else gets 404."""
        await use_case(me.user_id, comment_id, reason)

    @post(
        "/transactions/{transaction_id:uuid}/refund",
        status_code=HTTP_200_OK,
        summary="Refund a sale or tip (admins only): all that is left, or `amount`",
    )
    @inject
    async def refund(
        self,
        transaction_id: FromPath[UUID],
        data: JSONBody[StaffRefundIn],
        use_case: FromDishka[StaffRefund],
        me: FromDishka[Identity],
    ) -> StaffRefundOut:
        """After capture: `refunded`, or `partially_refunded` while some is left; the fee gives back its share,
        the product stays sold; the audit log records it (`refund`). Before capture: 409
        `invalid_transaction_transition`; a cash sale: 409 `wrong_payment_method`; more than is left: 400
        `invalid_refund_amount`; no such transaction: 404 `transaction_not_found`. Admins only: anyone else,
        moderators included, gets 404."""
        return StaffRefundOut.of(await use_case(me.user_id, transaction_id, data.reason, data.amount))

    @get("/audit-log", summary="Every staff action, newest first")
    @inject
    async def audit_log(
        self,
        use_case: FromDishka[ReadAuditLog],
        me: FromDishka[Identity],
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> AuditPageOut:
        """Append-only: actor, action, target, reason and time. Paged with `cursor`. Staff only: anyone else gets
        404."""
        return AuditPageOut.of(await use_case(me.user_id, cursor, limit))
