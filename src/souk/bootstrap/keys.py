"""Every key Souk derives from its configured secrets, in one place.

Each purpose gets its own label so that one derived key never opens another's door (a
leaked upload-signing key says nothing about the OTP key). Changing a label or the
JWT secret invalidates what was made with the old key: cursors, OTP codes in flight,
offer aliases, upload URLs, and (when ``SOUK_INGEST_SECRET`` is unset) the RTMP hooks'
secret. The location key is the exception: ``SOUK_LOCATION_SECRET`` should be set and
kept, because stored public points were made with it.
"""

from __future__ import annotations

import base64
import hashlib

from souk.bootstrap.settings import Settings
from souk.domain.shared.public_point import key_from_secret


def _derived(label: bytes, secret: str) -> bytes:
    return hashlib.sha256(label + secret.encode()).digest()


def cursor_key(settings: Settings) -> bytes:
    """Signs paging cursors (HMAC): a client cannot forge a position."""
    return hashlib.sha256(settings.jwt_secret.encode()).digest()  # unlabelled: cursors already issued stay valid


def otp_key(settings: Settings) -> bytes:
    return _derived(b"souk-otp:", settings.jwt_secret)


def totp_secret_key(settings: Settings) -> bytes:
    """The Fernet key TOTP seeds are stored under (changing the JWT secret voids enrolments)."""
    return base64.urlsafe_b64encode(_derived(b"souk-totp-secret:", settings.jwt_secret))


def mfa_key(settings: Settings) -> bytes:
    """Signs mfa_tokens and keys backup-code digests."""
    return _derived(b"souk-mfa:", settings.jwt_secret)


def offer_alias_key(settings: Settings) -> bytes:
    return _derived(b"souk-offer-alias:", settings.jwt_secret)


def upload_signing_key(settings: Settings) -> bytes:
    return _derived(b"souk-upload:", settings.jwt_secret)


def archive_link_key(settings: Settings) -> bytes:
    """Signs data-export download links (a key of its own: never an upload's)."""
    return _derived(b"souk-archive-link:", settings.jwt_secret)


def ingest_secret(settings: Settings) -> str:
    """What the RTMP server's hooks send as ``?secret=``: ``SOUK_INGEST_SECRET``, else derived."""
    return settings.ingest_secret or hashlib.sha256(b"souk-ingest:" + settings.jwt_secret.encode()).hexdigest()[:40]


def location_key(settings: Settings) -> bytes:
    """Keys public points of places: ``SOUK_LOCATION_SECRET``, else the JWT secret."""
    return key_from_secret(settings.location_key_secret)  # refuses an empty secret


def console_key(settings: Settings) -> bytes:
    """Signs the staff console's CSRF tokens."""
    return _derived(b"souk-console-csrf:", settings.jwt_secret)
