"""Knobs of live streaming, filled from configuration by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID

from souk.application.streams.playback import playback_secret, signed_playback_url

# Where the RTMP server's hooks reach Souk: the HTTP entrypoint serves these paths and the
# ingest server's generated configuration calls them.
INGEST_HOOKS_PATH = "/api/v1/ingest/rtmp"
PUBLISH_HOOK = "/publish"
PUBLISH_DONE_HOOK = "/publish-done"
UPDATE_HOOK = "/update"
RECORD_DONE_HOOK = "/record-done"

RECONNECT_WINDOW_S = 60.0  # a live stream whose push stopped ends by itself after this long


@dataclass(frozen=True, slots=True)
class LiveConfig:
    rtmp_url: str  # what a seller's encoder pushes to (the key is appended as the stream name)
    hls_base_url: str  # where players find ``<token>/<expires>/<stream id>.m3u8``
    ingest_secret: str  # the RTMP server's hooks carry it as ``?secret=``
    hooks_base_url: str  # how the RTMP server reaches Souk
    hls_dir: Path  # where the RTMP server writes HLS (served at ``hls_base_url``)
    record_dir: Path  # where it writes recordings (Souk reads them: same machine or shared disk)
    reconnect_window: timedelta = timedelta(seconds=RECONNECT_WINDOW_S)
    viewer_broadcast_s: float = 10.0
    hooks_configured: bool = True  # False: hooks_base_url is only where `souk serve` listens by default

    @property
    def playback_secret(self) -> str:
        return playback_secret(self.ingest_secret)

    def playback_url(self, stream_id: UUID, now: datetime) -> str:
        """Signed and expiring (see ``playback``)."""
        return signed_playback_url(self.hls_base_url, self.playback_secret, stream_id, now)
