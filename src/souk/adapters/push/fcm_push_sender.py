"""Firebase Cloud Messaging, HTTP v1 API.

Authentication is OAuth 2.0 for a service account (RFC 7523 JWT bearer grant): a JWT
signed with the account's RS256 private key is exchanged at its ``token_uri`` for an
access token (scope ``firebase.messaging``), kept until shortly before it expires. Each
message is one ``POST /v1/projects/{project_id}/messages:send``. A token FCM calls dead
(``UNREGISTERED``, ``SENDER_ID_MISMATCH``, or ``INVALID_ARGUMENT`` about the token) is
reported for pruning; throttling and server errors raise, so the job is retried."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import jwt

from souk.application.ports.push_sender import PushMessage, PushSender

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
DEAD_CODES = frozenset({"UNREGISTERED", "SENDER_ID_MISMATCH"})


class PushServiceUnavailable(RuntimeError):
    """FCM throttled or failed: worth retrying later."""


@dataclass(frozen=True, slots=True)
class ServiceAccount:
    project_id: str
    client_email: str
    private_key: str
    private_key_id: str | None = None
    token_uri: str = GOOGLE_TOKEN_URI

    @classmethod
    def from_file(cls, path: Path) -> ServiceAccount:
        raw = json.loads(path.read_text())
        return cls(
            project_id=raw["project_id"],
            client_email=raw["client_email"],
            private_key=raw["private_key"],
            private_key_id=raw.get("private_key_id"),
            token_uri=raw.get("token_uri") or GOOGLE_TOKEN_URI,
        )


class FcmPushSender(PushSender):
    def __init__(
        self,
        account: ServiceAccount,
        endpoint: str = "https://fcm.googleapis.com",
        client: httpx.AsyncClient | None = None,
        concurrency: int = 20,
    ) -> None:
        self._account = account
        self._url = f"{endpoint.rstrip('/')}/v1/projects/{account.project_id}/messages:send"
        self._client = client or httpx.AsyncClient(timeout=httpx.Timeout(10.0))
        self._slots = asyncio.Semaphore(concurrency)
        self._token: tuple[str, float] | None = None
        self._token_lock = asyncio.Lock()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def send(self, messages: Sequence[PushMessage]) -> set[str]:
        results = await asyncio.gather(*(self._send_one(m) for m in messages), return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        if failures:
            raise PushServiceUnavailable(f"{len(failures)} of {len(messages)} pushes failed") from failures[0]
        return {m.token.token for m, dead in zip(messages, results, strict=True) if dead is True}

    async def _send_one(self, message: PushMessage) -> bool:
        """True when the token is dead."""
        body = {
            "message": {
                "token": message.token.token,
                "notification": {"title": message.title, "body": message.body},
                "data": dict(message.data),
            }
        }
        async with self._slots:
            response = await self._post(body)
            if response.status_code == 401:  # revoked or expired early: one fresh token
                self._token = None
                response = await self._post(body)
        if response.is_success:
            return False
        if _names_dead_token(response):
            return True
        raise PushServiceUnavailable(f"FCM answered {response.status_code}: {response.text[:200]}")

    async def _post(self, body: dict[str, Any]) -> httpx.Response:
        headers = {"Authorization": f"Bearer {await self._access_token()}"}
        return await self._client.post(self._url, json=body, headers=headers)

    async def _access_token(self) -> str:
        async with self._token_lock:
            if self._token is not None and self._token[1] > time.time() + 60:
                return self._token[0]
            now = int(time.time())
            claims = {"iss": self._account.client_email, "scope": SCOPE, "aud": self._account.token_uri}
            headers = {"kid": self._account.private_key_id} if self._account.private_key_id else None
            assertion = jwt.encode(
                {**claims, "iat": now, "exp": now + 3600}, self._account.private_key, "RS256", headers
            )
            response = await self._client.post(
                self._account.token_uri, data={"grant_type": GRANT, "assertion": assertion}
            )
            if not response.is_success:
                raise PushServiceUnavailable(f"OAuth token exchange answered {response.status_code}")
            grant = response.json()
            self._token = (str(grant["access_token"]), now + float(grant.get("expires_in", 3600)))
            return self._token[0]


def _names_dead_token(response: httpx.Response) -> bool:
    if response.status_code not in (400, 403, 404):
        return False
    try:
        error = response.json().get("error", {})
    except ValueError:
        return False
    codes = {d.get("errorCode") for d in error.get("details", []) if isinstance(d, dict)}
    if codes & DEAD_CODES or error.get("status") in DEAD_CODES:
        return True
    # INVALID_ARGUMENT is also what a malformed message gets: only a token complaint counts.
    return "INVALID_ARGUMENT" in (codes | {error.get("status")}) and "token" in str(error.get("message", "")).lower()
