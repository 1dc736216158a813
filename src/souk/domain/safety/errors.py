"""Errors of blocks, reports and staff actions, each with its stable code."""

from __future__ import annotations

from datetime import UTC, datetime

from souk.domain.shared.errors import Conflict, Forbidden, InvalidInput, NotFound


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

    def __init__(self, until: datetime | None) -> None:
        stamp = until.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if until is not None else None
        when = f"until {stamp}" if stamp is not None else "permanently (banned)"
        super().__init__(f"This account is suspended {when}.", suspended_until=stamp)
        self.until = until


class CannotReportSelf(Forbidden):
    code = "cannot_report_self"
    default_detail = "You cannot report yourself or what you wrote."


class CannotModerateStaff(Forbidden):
    """A moderator cannot suspend staff; only an admin may act on another staff account."""

    code = "cannot_moderate_staff"
    default_detail = "Only an admin may act on a staff account."


class ActionNotApplicable(InvalidInput):
    code = "action_not_applicable"
    default_detail = "This action does not apply to what was reported."
