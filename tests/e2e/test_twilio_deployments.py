"""Issue 18, a real SMS provider: with Twilio configured, both deployments text codes
through Twilio's API (a local fake of it here) — a phone OTP login completes with the
code Twilio was asked to send, and nothing goes to the outbox file or the log."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from tests.e2e.session_support import Deployment, call, deployment, register
from tests.twilio_fake import FROM, SID, TOKEN, FakeTwilio, running_twilio

DEPLOYMENTS = ["embedded", pytest.param("production", marks=[pytest.mark.postgres, pytest.mark.redis])]


@pytest.fixture(scope="module")
def twilio() -> Iterator[FakeTwilio]:
    with running_twilio() as fake:
        yield fake


@pytest.fixture(scope="module", params=DEPLOYMENTS)
def servers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, twilio: FakeTwilio
) -> Iterator[Deployment]:
    settings = {
        "SOUK_TWILIO_ACCOUNT_SID": SID,
        "SOUK_TWILIO_AUTH_TOKEN": TOKEN,
        "SOUK_TWILIO_FROM": FROM,
        "SOUK_TWILIO_API_BASE": twilio.base,
    }
    with deployment(request, tmp_path_factory.mktemp("twilio"), **settings) as running:
        yield running


async def test_an_otp_login_goes_through_twilio(servers: Deployment, twilio: FakeTwilio) -> None:
    amira = await register(servers.first)
    sent = await call(servers.last, "POST", "/api/v1/auth/otp/send", json={"phone": amira.phone, "purpose": "login"})
    assert sent.status_code == 202, sent.text
    deadline = time.monotonic() + 10
    while (code := twilio.code_for(amira.phone)) is None:
        assert time.monotonic() < deadline, "Twilio was never asked to text the code"
        await asyncio.sleep(0.05)
    body = {"phone": amira.phone, "code": code, "purpose": "login"}
    verified = await call(servers.first, "POST", "/api/v1/auth/otp/verify", json=body)
    assert verified.status_code == 200, verified.text
    assert "tokens" in verified.json()
    assert not servers.outbox.exists()  # Twilio, not the development outbox
