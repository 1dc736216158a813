"""The WebSocket envelope: client → server ``{type, ref?, data?}``; server → client
``{type, data}``, plus ``ref`` on the ``ack``/``error`` answering a client frame."""

from __future__ import annotations

from typing import Any

import msgspec

from souk.entrypoints import json_input

MAX_FRAME_BYTES = 64 * 1024  # the largest valid frame (10 image URLs + 4000 characters) fits
MAX_MESSAGE_BYTES = 1024 * 1024  # the server's WebSocket limit: larger closes with 1009


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
    """Raises ``json_input.JsonRejected`` (malformed, not UTF-8, nested too deep, NUL in a
    text) or msgspec.ValidationError for anything but a proper envelope."""
    return json_input.decode(raw, _decoder)


def error(code: str, detail: str, ref: str | None = None, *, retry_after: int | None = None) -> bytes:
    """``retry_after`` (seconds) comes with ``busy`` and ``dependency_unavailable``."""
    data: dict[str, Any] = {"code": code, "detail": detail}
    if retry_after is not None:
        data["retry_after"] = retry_after
    return encode("error", data, ref)
