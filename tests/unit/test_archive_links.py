from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from souk.adapters.security.hmac_archive_links import HmacArchiveLinks
from souk.adapters.security.hmac_upload_signer import HmacUploadSigner
from souk.application.ports.upload_signer import UploadGrant
from souk.bootstrap.log_redaction import REDACTED, redact_text
from souk.domain.privacy.errors import ExportLinkExpired, ExportNotFound

NOW = datetime(2026, 12, 7, tzinfo=UTC)
KEY = b"k" * 32


def token_of(url: str) -> str:
    return urlsplit(url).query.removeprefix("token=")


def test_a_link_opens_its_archive_until_it_expires() -> None:
    links = HmacArchiveLinks(KEY, "https://souk.example/")
    url = links.url("exports/u/e.json", NOW + timedelta(days=7))
    assert url.startswith("https://souk.example/api/v1/exports/download?token=")
    assert links.key_of(token_of(url), NOW) == "exports/u/e.json"
    with pytest.raises(ExportLinkExpired):
        links.key_of(token_of(url), NOW + timedelta(days=7))


def test_forged_links_and_upload_tokens_open_nothing() -> None:
    links = HmacArchiveLinks(KEY, "https://souk.example")
    token = token_of(links.url("exports/u/e.json", NOW + timedelta(days=1)))
    with pytest.raises(ExportNotFound):
        links.key_of(token[:-2] + ("AA" if not token.endswith("AA") else "BB"), NOW)
    with pytest.raises(ExportNotFound):
        HmacArchiveLinks(b"x" * 32, "https://souk.example").key_of(token, NOW)  # another key
    upload = HmacUploadSigner(KEY).sign(UploadGrant("exports/u/e.json", "image/jpeg", 10, NOW + timedelta(days=1)))
    with pytest.raises(ExportNotFound):
        links.key_of(upload, NOW)  # even signed with the same key, an upload grant is not an archive


def test_log_lines_never_show_the_token() -> None:
    url = HmacArchiveLinks(KEY, "https://souk.example").url("exports/u/e.json", NOW)
    line = redact_text(f'"GET {urlsplit(url).path}?{urlsplit(url).query} HTTP/1.1" 200')
    assert token_of(url) not in line
    assert REDACTED in line
