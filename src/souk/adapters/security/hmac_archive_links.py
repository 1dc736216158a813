from __future__ import annotations

from datetime import datetime

from souk.adapters.security.hmac_upload_signer import HmacUploadSigner
from souk.application.ports.archive_links import ArchiveLinks
from souk.application.ports.upload_signer import UploadGrant
from souk.domain.media.errors import UploadUrlExpired, UploadUrlInvalid
from souk.domain.privacy.errors import ExportLinkExpired, ExportNotFound

ARCHIVE_TYPE = "application/json"
ROUTE = "/api/v1/exports/download?token="  # a query parameter: log lines redact it


class HmacArchiveLinks(ArchiveLinks):
    """The media upload URLs' signing (HMAC-SHA256 over a self-contained grant) with a key
    of its own, so an upload token never opens an archive nor the other way round."""

    def __init__(self, key: bytes, base_url: str) -> None:
        self._signer = HmacUploadSigner(key)
        self._base = base_url.rstrip("/")

    def url(self, key: str, expires_at: datetime) -> str:
        return f"{self._base}{ROUTE}{self._signer.sign(UploadGrant(key, ARCHIVE_TYPE, 0, expires_at))}"

    def key_of(self, token: str, now: datetime) -> str:
        try:
            grant = self._signer.verify(token, now)
        except UploadUrlExpired:
            raise ExportLinkExpired() from None
        except UploadUrlInvalid:
            raise ExportNotFound() from None
        if grant.content_type != ARCHIVE_TYPE:
            raise ExportNotFound()
        return grant.key
