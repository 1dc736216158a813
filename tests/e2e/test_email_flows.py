"""Issue 18, email, over the wire against real `souk serve` processes on both deployments
(embedded; PostgreSQL + Redis with two processes), mail going to the outbox file: an
account without a phone verifies its address with the mailed code and with the link, and
resets its password by email (code and link), which ends its sessions; asking for an
unknown address answers the same and mails nothing."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.session_support import Account, Deployment, call, deployment, open_socket
from tests.e2e.test_session_attacks import assert_closed_4401_soon, assert_refused_everywhere
from tests.support import unique

DEPLOYMENTS = ["embedded", pytest.param("production", marks=[pytest.mark.postgres, pytest.mark.redis])]
PASSWORD = "correct horse battery"
NEW_PASSWORD = "velvet harbour quince 42"


@pytest.fixture(scope="module", params=DEPLOYMENTS)
def servers(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    with deployment(request, tmp_path_factory.mktemp("mail")) as running:
        yield running


def mail_outbox(servers: Deployment) -> Path:
    return Path(servers.env["SOUK_MAIL_OUTBOX"])


def mails_to(servers: Deployment, address: str) -> list[dict[str, Any]]:
    outbox = mail_outbox(servers)
    lines = [json.loads(line) for line in outbox.read_text().splitlines()] if outbox.exists() else []
    return [m for m in lines if m["to"] == address]


async def next_mail(servers: Deployment, address: str, seen: int, timeout: float = 10.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while len(found := mails_to(servers, address)) <= seen:
        assert time.monotonic() < deadline, f"no mail to {address}"
        await asyncio.sleep(0.05)
    return found[-1]


def code_and_token(mail: dict[str, Any]) -> tuple[str, str]:
    code = re.findall(r"\b\d{6}\b", mail["text"])[0]
    token = re.findall(r"#token=([\w-]+)", mail["text"])[0]
    assert code in mail["html"]
    return code, token


async def email_account(address: str) -> tuple[Account, str]:
    name = unique("mail")
    email = f"{name}@example.com"
    body = {"username": name, "password": PASSWORD, "display_name": "Mail", "email": email}
    async with httpx.AsyncClient(timeout=15) as http:
        response = await http.post(f"http://{address}/api/v1/auth/register", json=body)
    assert response.status_code == 201, response.text
    data = response.json()
    assert data["user"]["email_verified"] is False
    assert data["user"]["phone"] is None
    tokens = data["tokens"]
    return Account(data["user"]["id"], "", tokens["access_token"], tokens["refresh_token"]), email


async def test_an_address_is_verified_by_code_and_another_by_link(servers: Deployment) -> None:
    amira, email = await email_account(servers.first)
    sent = await call(servers.last, "POST", "/api/v1/auth/email/verify/send", amira)
    assert sent.status_code == 202, sent.text
    code, _ = code_and_token(await next_mail(servers, email, 0))
    wrong = await call(servers.first, "POST", "/api/v1/auth/email/verify", amira, json={"code": "12345x"})
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "otp_invalid"
    verified = await call(servers.first, "POST", "/api/v1/auth/email/verify", amira, json={"code": code})
    assert verified.status_code == 200, verified.text
    assert verified.json()["user"]["email_verified"] is True
    me = await call(servers.last, "GET", "/api/v1/users/me", amira)
    assert me.json()["email_verified"] is True
    again = await call(servers.last, "POST", "/api/v1/auth/email/verify/send", amira)
    assert again.status_code == 409
    assert again.json()["code"] == "email_already_verified"

    bilal, bilal_email = await email_account(servers.last)
    assert (await call(servers.first, "POST", "/api/v1/auth/email/verify/send", bilal)).status_code == 202
    _, token = code_and_token(await next_mail(servers, bilal_email, 0))
    clicked = await call(servers.last, "POST", "/api/v1/auth/email/verify/link", json={"token": token})
    assert clicked.status_code == 200, clicked.text
    assert clicked.json()["user"]["email_verified"] is True
    twice = await call(servers.first, "POST", "/api/v1/auth/email/verify/link", json={"token": token})
    assert twice.status_code == 400
    assert twice.json()["code"] == "otp_invalid"


async def test_a_password_is_reset_by_email_code_then_by_link(servers: Deployment) -> None:
    chen, email = await email_account(servers.first)
    socket = await open_socket(servers.last, headers=chen.auth)
    unknown = await call(servers.first, "POST", "/api/v1/auth/password/reset", json={"email": "no-" + email})
    known = await call(servers.first, "POST", "/api/v1/auth/password/reset", json={"email": email.upper()})
    assert (unknown.status_code, known.status_code) == (202, 202)
    assert unknown.json() == known.json()
    code, _ = code_and_token(await next_mail(servers, email, 0))
    await asyncio.sleep(0.5)
    assert mails_to(servers, "no-" + email) == []

    body = {"email": email, "code": code, "new_password": NEW_PASSWORD}
    reset = await call(servers.last, "POST", "/api/v1/auth/password/reset/confirm", json=body)
    assert reset.status_code == 204, reset.text
    await assert_closed_4401_soon([socket], time.monotonic())
    await assert_refused_everywhere(servers, chen)
    login = {"login": email, "password": NEW_PASSWORD}
    signed_in = await call(servers.first, "POST", "/api/v1/auth/login", json=login)
    assert signed_in.status_code == 200, signed_in.text
    assert signed_in.json()["user"]["email_verified"] is True  # the mailed code proved the address

    await call(servers.last, "POST", "/api/v1/auth/password/reset", json={"email": email})
    mail = await next_mail(servers, email, 1, timeout=5)
    _, token = code_and_token(mail)
    by_link = {"token": token, "new_password": "another fine passphrase 7"}
    assert (await call(servers.first, "POST", "/api/v1/auth/password/reset/confirm", json=by_link)).status_code == 204
    reused = await call(servers.first, "POST", "/api/v1/auth/password/reset/confirm", json=by_link)
    assert reused.status_code == 400
    login = {"login": email, "password": "another fine passphrase 7"}
    assert (await call(servers.last, "POST", "/api/v1/auth/login", json=login)).status_code == 200
