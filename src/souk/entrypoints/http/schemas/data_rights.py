"""Wire shapes of data rights (API.md "Users": export, delete)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from souk.entrypoints.http.schemas.common import Body


class ExportStartedOut(msgspec.Struct):
    """The archive is being built: its signed, expiring link arrives as a `data_export_ready` notification."""

    export_id: UUID


class DeleteAccountIn(Body):
    """Confirm with the password, or with a sign-in OTP code sent to your phone (`purpose: login`)."""

    password: Annotated[str, msgspec.Meta(min_length=1, max_length=1024)] | None = None
    otp_code: Annotated[str, msgspec.Meta(min_length=1, max_length=12)] | None = None


class DeletionScheduledOut(msgspec.Struct):
    """When the account will be erased unless you sign in again before."""

    purge_after: datetime
