"""The ``mfa_token`` a password login answers with when two-factor sign-in is on: proof
that the password was right, good for five minutes, carrying what the session will need
(the device). Signed (HMAC-SHA256 with a key of its own), so any process can check it
without a store; a code can only be used once anyway (TotpRepository.claim_step)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from souk.application.accounts.sessions import SignInClient
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import MfaTokenInvalid
from souk.domain.shared.secrets import same_secret

MFA_TOKEN_TTL = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class MfaKey:
    value: bytes


@dataclass(frozen=True, slots=True)
class PendingSignIn:
    user_id: UUID
    device_name: str | None
    platform: str | None


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class MfaTokens:
    def __init__(self, key: MfaKey, clock: Clock) -> None:
        self._key = key.value
        self._clock = clock

    def issue(self, user_id: UUID, client: SignInClient) -> str:
        expires = int((self._clock.now() + MFA_TOKEN_TTL).timestamp())
        body = {"u": str(user_id), "d": client.device_name, "p": client.platform, "e": expires}
        payload = _b64(json.dumps(body, separators=(",", ":")).encode())
        return f"{payload}.{self._sign(payload)}"

    def read(self, token: str) -> PendingSignIn:
        payload, _, signature = token.partition(".")
        if not payload or not same_secret(self._sign(payload), signature):
            raise MfaTokenInvalid()
        try:
            body = json.loads(_unb64(payload))
            pending = PendingSignIn(UUID(body["u"]), body["d"], body["p"])
            expires = int(body["e"])
        except (ValueError, KeyError, TypeError):
            raise MfaTokenInvalid() from None
        if self._clock.now().timestamp() >= expires:
            raise MfaTokenInvalid()
        return pending

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._key, b"mfa:" + payload.encode(), hashlib.sha256).digest())
