"""Bodies and answers of blocks, reports and the admin API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from souk.application.ports.blocks import BlockedEntry
from souk.application.ports.suspensions import Suspension
from souk.application.safety.file_report import ReportDraft
from souk.application.safety.list_reports import QueuedReport
from souk.application.safety.resolve_report import Resolution
from souk.application.shared.paging import Page
from souk.domain.payments.payment import Payment
from souk.domain.safety.audit import AuditEntry
from souk.domain.safety.report import NOTE_MAX, REASON_MAX, Report
from souk.entrypoints.http.schemas.common import Body
from souk.entrypoints.wire.money import MoneyOut, money


class BlockedUserOut(msgspec.Struct):
    """Someone you blocked, and when."""

    id: UUID
    username: str
    display_name: str
    avatar_url: str | None
    seller_tier: str
    blocked_at: datetime


class BlockPageOut(msgspec.Struct):
    """A page of the people you blocked, newest first."""

    items: list[BlockedUserOut]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[BlockedEntry]) -> BlockPageOut:
        return cls(
            [
                BlockedUserOut(
                    e.user.id, e.user.username, e.user.display_name, e.avatar_url, e.user.seller_tier, e.blocked_at
                )
                for e in page.items
            ],
            page.next_cursor,
        )


TargetTypeIn = Literal["user", "product", "stream", "comment", "message"]
ReasonIn = Literal[
    "spam",
    "scam",
    "prohibited_item",
    "counterfeit",
    "harassment",
    "hate",
    "nudity",
    "violence",
    "impersonation",
    "other",
]
StaffReason = Annotated[str, msgspec.Meta(min_length=1, max_length=REASON_MAX, description="Why (audit log)")]


class ReportCreate(Body):
    """What is reported (something you can see and is not yours), why, and an optional note."""

    target_type: TargetTypeIn
    target_id: UUID
    reason: Annotated[ReasonIn, msgspec.Meta(description="From the fixed list; `other` with a note")]
    note: Annotated[str, msgspec.Meta(max_length=NOTE_MAX, description="What staff should know")] | None = None

    def to_draft(self) -> ReportDraft:
        return ReportDraft(self.target_type, self.target_id, self.reason, self.note)


class ReportOut(msgspec.Struct):
    """A report as its reporter sees it: the outcome is `status` and `action`."""

    id: UUID
    target_type: str
    target_id: UUID
    reason: str
    note: str
    status: str
    action: str | None
    created_at: datetime
    resolved_at: datetime | None

    @classmethod
    def of(cls, r: Report) -> ReportOut:
        action = r.action.value if r.action else None
        return cls(
            r.id,
            r.target_type.value,
            r.target_id,
            r.reason.value,
            r.note,
            r.status.value,
            action,
            r.created_at,
            r.resolved_at,
        )


class ReportPageOut(msgspec.Struct):
    """A page of your reports, newest first."""

    items: list[ReportOut]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[Report]) -> ReportPageOut:
        return cls([ReportOut.of(r) for r in page.items], page.next_cursor)


class StaffReportOut(msgspec.Struct):
    """A report as staff see it, with the reported content in place (`content`: null when
    it is gone)."""

    id: UUID
    reporter_id: UUID
    target_type: str
    target_id: UUID
    target_owner_id: UUID
    reason: str
    note: str
    status: str
    action: str | None
    resolution: str | None
    resolved_by: UUID | None
    created_at: datetime
    resolved_at: datetime | None
    content: str | None

    @classmethod
    def of(cls, r: Report, content: str | None) -> StaffReportOut:
        return cls(
            r.id,
            r.reporter_id,
            r.target_type.value,
            r.target_id,
            r.target_owner_id,
            r.reason.value,
            r.note,
            r.status.value,
            r.action.value if r.action else None,
            r.resolution,
            r.resolved_by,
            r.created_at,
            r.resolved_at,
            content,
        )


class StaffReportPageOut(msgspec.Struct):
    """A page of the report queue, oldest first."""

    items: list[StaffReportOut]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[QueuedReport]) -> StaffReportPageOut:
        return cls([StaffReportOut.of(q.report, q.preview) for q in page.items], page.next_cursor)


class ResolveIn(Body):
    """How staff resolve a report: the action, why (required), and the end of a suspension."""

    action: Literal["dismiss", "remove", "warn", "suspend", "ban"]
    reason: StaffReason
    until: Annotated[datetime, msgspec.Meta(tz=True, description="End of a `suspend` (required for it)")] | None = None

    def to_resolution(self) -> Resolution:
        return Resolution(self.action, self.reason, self.until)


class SuspendIn(Body):
    """Why (required) and until when; without `until` the user is banned for good."""

    reason: StaffReason
    until: Annotated[datetime, msgspec.Meta(tz=True, description="End of the suspension; none: a ban")] | None = None


class StaffReasonIn(Body):
    """Why staff take this action (it goes to the audit log)."""

    reason: StaffReason


class SuspensionOut(msgspec.Struct):
    """A suspension in force: until when (null and `banned` for a ban), and why."""

    user_id: UUID
    until: datetime | None
    banned: bool
    reason: str

    @classmethod
    def of(cls, s: Suspension) -> SuspensionOut:
        return cls(s.user_id, s.until, s.until is None, s.reason)


class AuditEntryOut(msgspec.Struct):
    """One staff action: who, what, on what, why and when."""

    id: UUID
    actor_id: UUID
    action: str
    target_type: str
    target_id: UUID
    reason: str
    at: datetime


class AuditPageOut(msgspec.Struct):
    """A page of the audit log, newest first."""

    items: list[AuditEntryOut]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[AuditEntry]) -> AuditPageOut:
        return cls(
            [
                AuditEntryOut(e.id, e.actor_id, e.action.value, e.target_type, e.target_id, e.reason, e.at)
                for e in page.items
            ],
            page.next_cursor,
        )


class StaffRefundIn(Body):
    """An admin's refund: why (audit log), and how much (minor units; absent: all that is left)."""

    reason: StaffReason
    amount: Annotated[int, msgspec.Meta(ge=1, description="Minor units; absent: all that is left")] | None = None


class StaffRefundOut(msgspec.Struct):
    """The sale's or tip's payment after an admin's refund: its status and how much was refunded so far."""

    transaction_id: UUID
    status: str
    price: MoneyOut
    refunded: MoneyOut

    @classmethod
    def of(cls, p: Payment) -> StaffRefundOut:
        return cls(p.transaction_id, p.status.value, money(p.price), MoneyOut(p.refunded, p.currency))
