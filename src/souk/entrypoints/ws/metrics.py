"""WebSocket metrics: open sockets, and frames in and out by type. A client's frame type
is counted by name only when the gateway knows it (``unknown`` otherwise, ``invalid`` for
what is not a frame): a client cannot grow the label set."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

CONNECTIONS = Gauge("souk_ws_connections", "Open WebSocket connections", multiprocess_mode="livesum")
FRAMES_RECEIVED = Counter("souk_ws_frames_received", "Frames received from clients, by type", ["type"])
FRAMES_SENT = Counter("souk_ws_frames_sent", "Frames handed to sockets, by type (one per recipient)", ["type"])

_PREFIX = b'{"type":"'
_sent: dict[bytes, Counter] = {}


def count_sent(payload: bytes, recipients: int = 1) -> None:
    """``payload`` is a server frame as ``frames.encode`` writes it: its type comes first. A
    broadcast is counted once for all its ``recipients`` (an increment takes a lock)."""
    end = payload.find(b'"', len(_PREFIX))
    frame_type = payload[len(_PREFIX) : end] if payload.startswith(_PREFIX) and end > 0 else b"unknown"
    child = _sent.get(frame_type)
    if child is None:
        child = _sent[frame_type] = FRAMES_SENT.labels(frame_type.decode(errors="replace"))
    child.inc(recipients)
