"""Texts through Twilio's Programmable Messaging REST API, with ``httpx``.

Why not the ``twilio`` SDK: sending a text is one form-encoded ``POST
/2010-04-01/Accounts/{sid}/Messages.json`` with HTTP Basic auth. httpx is already Souk's
async HTTP client (FCM, tests); the SDK's default client is synchronous (its async path
needs aiohttp), and it would add a dependency tree for one request.

A refused message raises ``TwilioError`` carrying Twilio's numeric error code and the
HTTP status, never the body or the text sent (which holds a code). The log says a text
went out and to which number's last two digits, and Twilio's message SID."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx

from souk.application.ports.sms_sender import SmsSender
from souk.domain.accounts.values import PhoneNumber

log = logging.getLogger("souk.sms")

TWILIO_API = "https://api.twilio.com"


class TwilioError(RuntimeError):
    def __init__(self, status: int, code: int | None) -> None:
        super().__init__(f"Twilio refused the message: HTTP {status}, error {code}")
        self.status = status
        self.code = code


@dataclass(frozen=True, slots=True)
class TwilioAccount:
    account_sid: str
    auth_token: str
    sender: str  # an E.164 number of the account, or a Messaging Service SID (MG…)
    api_base: str = TWILIO_API


class TwilioSmsSender(SmsSender):
    def __init__(self, account: TwilioAccount, timeout_s: float = 10.0) -> None:
        self._account = account
        self._http = httpx.AsyncClient(
            base_url=account.api_base,
            auth=(account.account_sid, account.auth_token),
            timeout=timeout_s,
        )

    @property
    def available(self) -> bool:
        return True

    async def send(self, to: PhoneNumber, body: str) -> None:
        account = self._account
        sender = (
            {"MessagingServiceSid": account.sender} if account.sender.startswith("MG") else {"From": account.sender}
        )
        response = await self._http.post(
            f"/2010-04-01/Accounts/{account.account_sid}/Messages.json",
            data={"To": to.value, "Body": body, **sender},
        )
        if response.status_code >= 300:
            raise TwilioError(response.status_code, _error_code(response))
        log.info("sms.sent to=…%s via=twilio sid=%s", to.value[-2:], _sid(response))

    async def aclose(self) -> None:
        await self._http.aclose()


def _error_code(response: httpx.Response) -> int | None:
    try:
        code = response.json().get("code")
    except ValueError:
        return None
    return code if isinstance(code, int) else None


def _sid(response: httpx.Response) -> str:
    try:
        sid = response.json().get("sid")
    except ValueError:
        return "?"
    return sid if isinstance(sid, str) else "?"
