"""Playback URLs are signed for nginx's secure_link: known-answer token, expiry, shape."""

from __future__ import annotations

import base64
import hashlib
import math
from datetime import UTC, datetime, timedelta
from uuid import UUID

from souk.application.streams.playback import (
    EXPIRY_STEP_S,
    PLAYBACK_TTL,
    playback_secret,
    playback_token,
    signed_playback_url,
)

SID = UUID("0b7e6c1e-2f44-4c1a-9d0e-3f5f1c2a7b90")
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def test_the_token_is_what_secure_link_md5_computes() -> None:
    # nginx: secure_link_md5 "$expires $stream secret" -> base64url(md5(...)) without padding
    expected = base64.urlsafe_b64encode(hashlib.md5(f"1700000000 {SID} s3cret".encode()).digest())  # noqa: S324
    assert playback_token("s3cret", SID, 1700000000) == expected.decode().rstrip("=")
    assert len(playback_token("s3cret", SID, 1700000000)) == 22


def test_the_url_names_token_expiry_and_stream_and_nothing_else() -> None:
    url = signed_playback_url("https://video.example/hls/", "s3cret", SID, NOW)
    expires = math.ceil((NOW + PLAYBACK_TTL).timestamp() / EXPIRY_STEP_S) * EXPIRY_STEP_S
    assert url == f"https://video.example/hls/{playback_token('s3cret', SID, expires)}/{expires}/{SID}.m3u8"
    other = UUID("5d1b3c4e-0000-4000-8000-000000000001")
    assert playback_token("s3cret", other, expires) != playback_token("s3cret", SID, expires)
    assert playback_token("other", SID, expires) != playback_token("s3cret", SID, expires)


def test_the_signing_secret_is_derived_not_the_ingest_secret() -> None:
    assert playback_secret("ingest") != "ingest"
    assert playback_secret("ingest") == playback_secret("ingest")
    assert playback_secret("ingest") != playback_secret("ingest2")


def test_urls_of_one_quarter_hour_are_the_same_and_last_at_least_the_ttl() -> None:
    start = datetime(2026, 12, 6, 20, 0, 0, 1, tzinfo=UTC)
    urls = {signed_playback_url("https://v/hls", "s", SID, start + timedelta(seconds=s)) for s in range(0, 899, 7)}
    assert len(urls) == 1
    expires = int(urls.pop().split("/")[-2])
    assert expires % EXPIRY_STEP_S == 0
    assert timedelta(seconds=expires - start.timestamp()) >= PLAYBACK_TTL
    later = signed_playback_url("https://v/hls", "s", SID, start + timedelta(seconds=900))
    assert int(later.split("/")[-2]) == expires + EXPIRY_STEP_S
