"""The staff audit log: every staff action, appended, never changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID


class StaffAction(StrEnum):
    RESOLVE_REPORT = "resolve_report"
    WARN = "warn"
    SUSPEND = "suspend"
    BAN = "ban"
    REINSTATE = "reinstate"
    TAKEDOWN_PRODUCT = "takedown_product"
    TAKEDOWN_STREAM = "takedown_stream"
    DELETE_COMMENT = "delete_comment"
    GRANT_ROLE = "grant_role"
    REFUND = "refund"  # an admin gave money back on a sale or tip


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: UUID
    actor_id: UUID
    action: StaffAction
    target_type: str
    target_id: UUID
    reason: str
    at: datetime
