"""A report: someone flags a user, product, stream, comment or message for staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from souk.domain.safety.errors import ReportAlreadyResolved
from souk.domain.shared.errors import InvalidInput

NOTE_MAX = 1000
REASON_MAX = 1000


class TargetType(StrEnum):
    USER = "user"
    PRODUCT = "product"
    STREAM = "stream"
    COMMENT = "comment"
    MESSAGE = "message"


class ReportReason(StrEnum):
    """The fixed list a reporter picks from (``other`` with a note for the rest)."""

    SPAM = "spam"
    SCAM = "scam"
    PROHIBITED_ITEM = "prohibited_item"
    COUNTERFEIT = "counterfeit"
    HARASSMENT = "harassment"
    HATE = "hate"
    NUDITY = "nudity"
    VIOLENCE = "violence"
    IMPERSONATION = "impersonation"
    OTHER = "other"


class ReportStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class Action(StrEnum):
    """What staff do about a report: nothing, take the content down, warn its author,
    suspend them for a period, or ban them for good."""

    DISMISS = "dismiss"
    REMOVE = "remove"
    WARN = "warn"
    SUSPEND = "suspend"
    BAN = "ban"


def staff_reason(reason: str) -> str:
    """Every staff action states why (it goes to the audit log)."""
    text = " ".join(reason.split())
    if not text:
        raise InvalidInput("Say why: a reason is required.", field="reason")
    if len(text) > REASON_MAX:
        raise InvalidInput(f"A reason has at most {REASON_MAX} characters.", field="reason")
    return text


@dataclass(slots=True)
class Report:
    id: UUID
    reporter_id: UUID
    target_type: TargetType
    target_id: UUID
    target_owner_id: UUID
    reason: ReportReason
    note: str
    created_at: datetime
    status: ReportStatus = ReportStatus.OPEN
    action: Action | None = None
    resolution: str | None = None
    resolved_by: UUID | None = None
    resolved_at: datetime | None = None

    @classmethod
    def file(
        cls,
        report_id: UUID,
        reporter_id: UUID,
        target_type: TargetType,
        target_id: UUID,
        target_owner_id: UUID,
        reason: ReportReason,
        note: str | None,
        now: datetime,
    ) -> Report:
        text = (note or "").strip()
        if len(text) > NOTE_MAX:
            raise InvalidInput(f"A note has at most {NOTE_MAX} characters.", field="note")
        return cls(report_id, reporter_id, target_type, target_id, target_owner_id, reason, text, now)

    def resolve(self, action: Action, reason: str, by: UUID, now: datetime) -> None:
        if self.status is not ReportStatus.OPEN:
            raise ReportAlreadyResolved()
        resolution = staff_reason(reason)  # checked before anything changes
        self.status = ReportStatus.RESOLVED
        self.action = action
        self.resolution = resolution
        self.resolved_by = by
        self.resolved_at = now
