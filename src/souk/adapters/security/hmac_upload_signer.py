from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime

from souk.application.ports.upload_signer import UploadGrant, UploadSigner
from souk.domain.media.errors import UploadUrlExpired, UploadUrlInvalid


class HmacUploadSigner(UploadSigner):
    """``base64url(json grant) . base64url(HMAC-SHA256)``: tamper-evident, self-contained."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def sign(self, grant: UploadGrant) -> str:
        body = json.dumps(
            {"k": grant.key, "t": grant.content_type, "m": grant.max_bytes, "e": int(grant.expires_at.timestamp())},
            separators=(",", ":"),
        ).encode()
        payload = _b64(body)
        return f"{payload}.{_b64(self._mac(payload))}"

    def verify(self, token: str, now: datetime) -> UploadGrant:
        payload, _, signature = token.partition(".")
        try:
            valid = hmac.compare_digest(_unb64(signature), self._mac(payload))
            data = json.loads(_unb64(payload)) if valid else None
            grant = (
                UploadGrant(str(data["k"]), str(data["t"]), int(data["m"]), datetime.fromtimestamp(data["e"], UTC))
                if data
                else None
            )
        except (ValueError, KeyError, TypeError):
            grant = None
        if grant is None:
            raise UploadUrlInvalid()
        if now >= grant.expires_at:
            raise UploadUrlExpired()
        return grant

    def _mac(self, payload: str) -> bytes:
        return hmac.new(self._key, payload.encode(), hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
