"""Issue 18, two-factor sign-in, over the wire against real `souk serve` processes on both
deployments (embedded; PostgreSQL + Redis with two processes): enrol (secret, otpauth URI,
SVG QR) → confirm → login answers `mfa_required` → verify with a code (not twice) → a
backup code (once) → SMS-code login still needs the second factor → disable with password
and code; each change notifies and mails the owner."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest

from tests.e2e.session_support import PASSWORD, Account, Deployment, call, deployment, last_code
from tests.support import unique, unique_phone

DEPLOYMENTS = ["embedded", pytest.param("production", marks=[pytest.mark.postgres, pytest.mark.redis])]


@pytest.fixture(scope="module", params=DEPLOYMENTS)
def servers(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    with deployment(request, tmp_path_factory.mktemp("mfa")) as running:
        yield running


async def fresh_code(secret: str, after: str | None = None) -> str:
    """The authenticator's current code; a new step's when ``after`` was this step's (used)."""
    totp = pyotp.TOTP(secret)
    while (code := totp.now()) == after:
        await asyncio.sleep(0.5)
    return code


async def login(address: str, login_name: str, **extra: str) -> httpx.Response:
    body = {"login": login_name, "password": PASSWORD, **extra}
    async with httpx.AsyncClient(timeout=15) as http:
        return await http.post(f"http://{address}/api/v1/auth/login", json=body)


async def wait_for_notifications(address: str, account: Account, count: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while True:
        items: list[dict[str, Any]] = (await call(address, "GET", "/api/v1/notifications", account)).json()["items"]
        mine = [i for i in items if i["type"] == "two_factor_changed"]
        if len(mine) >= count or time.monotonic() > deadline:
            return mine
        await asyncio.sleep(0.1)


async def test_enrol_login_with_a_code_then_a_backup_code_then_disable(servers: Deployment) -> None:
    name, phone = unique("mfa"), unique_phone()
    email = f"{name}@example.com"
    body = {"username": name, "password": PASSWORD, "display_name": "M", "phone": phone, "email": email}
    async with httpx.AsyncClient(timeout=15) as http:
        registered = (await http.post(f"http://{servers.first}/api/v1/auth/register", json=body)).json()
    tokens = registered["tokens"]
    amira = Account(registered["user"]["id"], phone, tokens["access_token"], tokens["refresh_token"])

    enrolled = await call(servers.first, "POST", "/api/v1/auth/mfa/totp/enroll", amira)
    assert enrolled.status_code == 200, enrolled.text
    enrolment = enrolled.json()
    secret = enrolment["secret"]
    assert enrolment["otpauth_uri"] == pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name="Souk")
    assert enrolment["qr_svg"].startswith("<svg")
    unconfirmed = await login(servers.last, name)
    assert "tokens" in unconfirmed.json()  # not on until confirmed

    first = await fresh_code(secret)
    confirmed = await call(servers.last, "POST", "/api/v1/auth/mfa/totp/confirm", amira, json={"code": first})
    assert confirmed.status_code == 200, confirmed.text
    backup_codes = confirmed.json()["backup_codes"]
    assert len(backup_codes) == 10
    again = await call(servers.first, "POST", "/api/v1/auth/mfa/totp/enroll", amira)
    assert again.json()["code"] == "mfa_already_enabled"

    answer = await login(servers.first, name, device_name="Laptop", platform="web")
    assert answer.status_code == 200, answer.text
    assert set(answer.json()) == {"mfa_required", "mfa_token"}
    assert answer.json()["mfa_required"] is True
    mfa_token = answer.json()["mfa_token"]
    code = await fresh_code(secret, after=first)
    verified = await call(servers.last, "POST", "/api/v1/auth/mfa/verify", json={"mfa_token": mfa_token, "code": code})
    assert verified.status_code == 200, verified.text
    laptop = verified.json()["tokens"]
    laptop_account = Account(amira.user_id, phone, laptop["access_token"], laptop["refresh_token"])
    assert (await call(servers.first, "GET", "/api/v1/users/me", laptop_account)).status_code == 200
    replay = await call(servers.first, "POST", "/api/v1/auth/mfa/verify", json={"mfa_token": mfa_token, "code": code})
    assert replay.status_code == 400
    assert replay.json()["code"] == "mfa_code_invalid"
    forged = await call(
        servers.first, "POST", "/api/v1/auth/mfa/verify", json={"mfa_token": mfa_token + "x", "code": code}
    )
    assert forged.status_code == 401
    assert forged.json()["code"] == "mfa_token_invalid"
    # non-ASCII where a signature or a code goes is a mismatch, not a 500 (schemathesis found it)
    payload = mfa_token.partition(".")[0]
    for bad_token in (f"{payload}.é", "é.x", f"{payload}.\u0663"):
        foreign = await call(
            servers.first, "POST", "/api/v1/auth/mfa/verify", json={"mfa_token": bad_token, "code": code}
        )
        assert (foreign.status_code, foreign.json()["code"]) == (401, "mfa_token_invalid"), foreign.text
    arabic_digits = "\u0661\u0662\u0663\u0664\u0665\u0666"  # str.isdigit() says yes
    foreign = await call(
        servers.first, "POST", "/api/v1/auth/mfa/verify", json={"mfa_token": mfa_token, "code": arabic_digits}
    )
    assert (foreign.status_code, foreign.json()["code"]) == (400, "mfa_code_invalid"), foreign.text

    second = (await login(servers.last, email)).json()["mfa_token"]
    by_backup = {"mfa_token": second, "code": backup_codes[0]}
    assert (await call(servers.first, "POST", "/api/v1/auth/mfa/verify", json=by_backup)).status_code == 200
    assert (await call(servers.last, "POST", "/api/v1/auth/mfa/verify", json=by_backup)).status_code == 400

    sent = await call(servers.first, "POST", "/api/v1/auth/otp/send", json={"phone": phone, "purpose": "login"})
    assert sent.status_code == 202
    otp = await last_code(servers.outbox, phone)
    by_sms = await call(
        servers.last, "POST", "/api/v1/auth/otp/verify", json={"phone": phone, "code": otp, "purpose": "login"}
    )
    assert by_sms.status_code == 200, by_sms.text
    assert set(by_sms.json()) == {"mfa_required", "mfa_token"}  # nothing of the account before the factor
    assert by_sms.json()["mfa_required"] is True

    wrong_password = {"password": "not it", "code": backup_codes[1]}
    refused = await call(servers.last, "DELETE", "/api/v1/auth/mfa/totp", amira, json=wrong_password)
    assert refused.status_code == 400
    assert refused.json()["code"] == "wrong_password"
    off = await call(
        servers.last, "DELETE", "/api/v1/auth/mfa/totp", amira, json={"password": PASSWORD, "code": backup_codes[1]}
    )
    assert off.status_code == 204, off.text
    assert "tokens" in (await login(servers.first, name)).json()

    assert [n["data"]["enabled"] for n in await wait_for_notifications(servers.first, amira, 2)] == [False, True]
    outbox = Path(servers.env["SOUK_MAIL_OUTBOX"])
    subjects = [m["subject"] for m in map(json.loads, outbox.read_text().splitlines()) if m["to"] == email]
    assert subjects == ["Two-factor sign-in turned on", "Two-factor sign-in turned off"]
