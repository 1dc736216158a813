"""Playback URLs that expire and cannot be guessed from a stream id.

A stream's HLS is served by nginx with ``secure_link``: the URL carries a token and an
expiry, ``<hls base>/<token>/<expires>/<stream id>.m3u8``, where the token is the unpadded
base64url MD5 of ``"<expires> <stream id> <secret>"`` (the one construction nginx's
``secure_link_md5`` checks; with the secret last, MD5's length extension cannot forge
one). Segments are fetched relative to the playlist, so they inherit its token. A viewer of
a followers-only or neighbourhood stream gets the URL only when admitted, and cannot derive
another stream's; a URL shared on lasts until it expires."""

from __future__ import annotations

import base64
import functools
import hashlib
import math
from datetime import datetime, timedelta
from uuid import UUID

PLAYBACK_TTL = timedelta(hours=12)  # the longest estimated duration a stream may announce
# Expiries are rounded up to a whole step: every viewer in the same quarter hour gets the
# same URL (players and caches share it, and two reads of one stream agree).
EXPIRY_STEP_S = 900


@functools.cache
def playback_secret(ingest_secret: str) -> str:
    """The signing secret, derived from the ingest secret (one secret to configure); once
    per process, not per playback URL."""
    return hashlib.sha256(b"souk-hls-playback:" + ingest_secret.encode()).hexdigest()


def playback_token(secret: str, stream_id: UUID, expires: int) -> str:
    digest = hashlib.md5(f"{expires} {stream_id} {secret}".encode()).digest()  # noqa: S324 (nginx secure_link)
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def signed_playback_url(base_url: str, secret: str, stream_id: UUID, now: datetime) -> str:
    expires = math.ceil((now + PLAYBACK_TTL).timestamp() / EXPIRY_STEP_S) * EXPIRY_STEP_S
    return f"{base_url.rstrip('/')}/{playback_token(secret, stream_id, expires)}/{expires}/{stream_id}.m3u8"
