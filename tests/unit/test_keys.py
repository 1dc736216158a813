"""Keys derived from the configured secrets: one per purpose, stable, and never the secret itself."""

from __future__ import annotations

import hashlib

from souk.bootstrap import keys
from souk.bootstrap.settings import Settings

SETTINGS = Settings(jwt_secret="j" * 40)


def test_each_purpose_has_its_own_stable_key() -> None:
    derived = [
        keys.cursor_key(SETTINGS),
        keys.otp_key(SETTINGS),
        keys.offer_alias_key(SETTINGS),
        keys.upload_signing_key(SETTINGS),
        keys.ingest_secret(SETTINGS).encode(),
        keys.location_key(SETTINGS),
    ]
    assert len(set(derived)) == len(derived)
    assert all(b"j" * 40 not in key for key in derived)
    assert keys.otp_key(SETTINGS) == keys.otp_key(Settings(jwt_secret="j" * 40))


def test_keys_already_issued_keep_their_derivation() -> None:
    # cursors, OTP codes, aliases and upload URLs made before this module existed stay valid
    secret = SETTINGS.jwt_secret.encode()
    assert keys.cursor_key(SETTINGS) == hashlib.sha256(secret).digest()
    assert keys.otp_key(SETTINGS) == hashlib.sha256(b"souk-otp:" + secret).digest()
    assert keys.offer_alias_key(SETTINGS) == hashlib.sha256(b"souk-offer-alias:" + secret).digest()
    assert keys.upload_signing_key(SETTINGS) == hashlib.sha256(b"souk-upload:" + secret).digest()
    assert keys.ingest_secret(SETTINGS) == hashlib.sha256(b"souk-ingest:" + secret).hexdigest()[:40]


def test_configured_secrets_win_over_derivation() -> None:
    configured = Settings(jwt_secret="j" * 40, ingest_secret="i" * 20, location_secret="l" * 40)
    assert keys.ingest_secret(configured) == "i" * 20
    assert keys.location_key(configured) != keys.location_key(SETTINGS)
