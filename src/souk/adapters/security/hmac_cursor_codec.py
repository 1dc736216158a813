from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json

from souk.application.ports.cursor_codec import CursorCodec
from souk.application.shared.cursors import SortKey
from souk.domain.catalog.errors import InvalidCursor

MAC_BYTES = 16
MAX_TOKEN = 1024


class HmacCursorCodec(CursorCodec):
    """``base64url(json(key)).base64url(hmac(scope, json))``: readable by nobody who matters,
    forgeable by nobody, and refused when replayed against a different query."""

    def __init__(self, secret: bytes) -> None:
        self._key = hashlib.sha256(b"souk-cursor:" + secret).digest()

    def encode(self, scope: str, key: SortKey) -> str:
        payload = json.dumps(list(key), separators=(",", ":")).encode()
        return f"{_b64(payload)}.{_b64(self._mac(scope, payload))}"

    def decode(self, scope: str, token: str) -> SortKey:
        try:
            if len(token) > MAX_TOKEN:
                raise ValueError("too long")
            body, _, mac = token.partition(".")
            payload = _unb64(body)
            if not hmac.compare_digest(_unb64(mac), self._mac(scope, payload)):
                raise ValueError("bad signature")
            values = json.loads(payload)
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise InvalidCursor(field="cursor") from None
        if not isinstance(values, list) or not all(isinstance(v, str | int | float) for v in values):
            raise InvalidCursor(field="cursor")
        return tuple(values)

    def _mac(self, scope: str, payload: bytes) -> bytes:
        return hmac.new(self._key, scope.encode() + b"\x00" + payload, hashlib.sha256).digest()[:MAC_BYTES]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
