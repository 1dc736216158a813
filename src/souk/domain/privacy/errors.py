"""Errors of data rights (export, account deletion), each with its stable code."""

from __future__ import annotations

from souk.domain.shared.errors import Forbidden, InvalidInput, NotFound


class ExportNotFound(NotFound):
    code = "export_not_found"
    default_detail = "No such export, or its link is wrong."


class ExportLinkExpired(Forbidden):
    code = "export_link_expired"
    default_detail = "This download link has expired: ask for a new export."


class ConfirmationRequired(InvalidInput):
    code = "confirmation_required"
    default_detail = "Confirm with your password or a sign-in OTP code sent to your phone (purpose `login`)."


class WrongConfirmation(Forbidden):
    code = "invalid_confirmation"
    default_detail = "The password or code is wrong."
