"""The WebSocket envelope: client → server ``{type, ref?, data?}``; server → client
``{type, data}``, plus ``ref`` on the ``ack``/``error`` answering a client frame."""

from __future__ import annotations

from typing import Any

import msgspec

MAX_FRAME_BYTES = 64 * 1024  # the largest valid frame (10 image URLs + 4000 characters) fits


class ClientFrame(msgspec.Struct, forbid_unknown_fields=True):
    type: str
    ref: str | None = None
    data: dict[str, Any] = msgspec.field(default_factory=dict)


class ServerFrame(msgspec.Struct, omit_defaults=True):
    type: str
    data: Any = None
    ref: str | None = None


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(ClientFrame)


def encode(frame_type: str, data: Any = None, ref: str | None = None) -> bytes:
    return _encoder.encode(ServerFrame(frame_type, data, ref))


def decode(raw: bytes) -> ClientFrame:
    """Raises msgspec.DecodeError / ValidationError for anything but a proper envelope."""
    return _decoder.decode(raw)


def error(code: str, detail: str, ref: str | None = None, *, retry_after: int | None = None) -> bytes:
    """``retry_after`` (seconds) comes with ``busy`` and ``dependency_unavailable``."""
    data: dict[str, Any] = {"code": code, "detail": detail}
    if retry_after is not None:
        data["retry_after"] = retry_after
    return encode("error", data, ref)
