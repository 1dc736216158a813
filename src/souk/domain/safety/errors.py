"""Errors of blocks, reports and staff actions, each with its stable code."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from souk.domain.shared.errors import Conflict, Forbidden, NotFound


class Blocked(Forbidden):
    """One of the two people blocked the other: nothing passes between them."""

    code = "blocked"
    default_detail = "You cannot interact with this user."


class CannotBlockSelf(Forbidden):
    code = "cannot_block_self"
    default_detail = "You cannot block yourself."


class ReportTargetNotFound(NotFound):
    code = "report_target_not_found"
    default_detail = "Nothing to report there."


class ReportAlreadyOpen(Conflict):
    code = "report_already_open"
    default_detail = "You already reported this; staff will look at it."


class ReportNotFound(NotFound):
    code = "report_not_found"
    default_detail = "No such report."


class ReportAlreadyResolved(Conflict):
    code = "report_already_resolved"
    default_detail = "This report was already resolved."


class StaffOnly(NotFound):
    """Staff routes answer 404 to everyone else: they learn nothing about them."""

    code = "not_found"
    default_detail = "Not found."


class AccountSuspended(Forbidden):
    """Login of a suspended account: says until when (``None``: banned for good)."""

    code = "account_suspended"
    default_detail = "This account is suspended."

    def __init__(self, until: datetime | None, **context: Any) -> None:
        when = f"until {until.isoformat()}" if until is not None else "permanently"
        super().__init__(f"This account is suspended {when}.", **context)
        self.until = until
