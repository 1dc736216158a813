"""Issue 13, SMS in production mode: the logging sender is the embedded default only. A
PostgreSQL deployment without an SMS provider refuses to send (503 sms_unavailable) unless
SOUK_SMS_OUTBOX is set on purpose (staging), and then writes no code to the log."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from litestar.testing import AsyncTestClient

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.support import unique, unique_phone

AUTH = "/api/v1/auth"


@pytest.mark.postgres
@pytest.mark.redis
async def test_postgres_without_an_sms_provider_refuses_to_send(postgres_settings: Settings) -> None:
    settings = replace(postgres_settings, sms_outbox=None, rate_limit_scale=1000)
    async with AsyncTestClient(create_app(settings)) as client:
        send = await client.post(f"{AUTH}/otp/send", json={"phone": unique_phone(), "purpose": "login"})
        reset = await client.post(f"{AUTH}/password/reset", json={"phone": unique_phone()})
    for response in (send, reset):
        assert response.status_code == 503, response.text
        assert response.json()["code"] == "sms_unavailable"
        assert response.headers["content-type"].startswith("application/problem+json")


async def _register_and_send(client: AsyncTestClient, phone: str) -> None:  # type: ignore[type-arg]
    body = {"username": unique(), "password": "plum kettle orbit saffron", "display_name": "S", "phone": phone}
    assert (await client.post(f"{AUTH}/register", json=body)).status_code == 201
    assert (await client.post(f"{AUTH}/otp/send", json={"phone": phone, "purpose": "login"})).status_code == 202


@contextmanager
def sms_log(settings: Settings, caplog: pytest.LogCaptureFixture) -> Iterator[AsyncTestClient]:  # type: ignore[type-arg]
    """A client of the app, with what its SMS sender logs captured (the app configures logging itself)."""
    app = create_app(replace(settings, log_level="INFO"))
    sms_logger = logging.getLogger("souk.sms")
    sms_logger.addHandler(caplog.handler)
    try:
        yield AsyncTestClient(app)
    finally:
        sms_logger.removeHandler(caplog.handler)


async def _wait_for_text(outbox: Path) -> str:
    for _ in range(500):
        if outbox.exists() and outbox.read_text():
            return outbox.read_text()
        await asyncio.sleep(0.02)
    raise AssertionError("no text in the outbox")


@pytest.mark.postgres
@pytest.mark.redis
async def test_postgres_staging_with_an_explicit_outbox_sends_but_logs_no_code(
    postgres_settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outbox, phone = tmp_path / "staging-sms.jsonl", unique_phone()
    settings = replace(postgres_settings, sms_outbox=outbox, rate_limit_scale=1000)
    with sms_log(settings, caplog) as app_client:
        async with app_client as client:
            await _register_and_send(client, phone)
            text = await _wait_for_text(outbox)
    code = next(w for w in text.replace(".", " ").split() if w.isdigit() and len(w) == 6)
    assert any(r.name == "souk.sms" for r in caplog.records), "the send itself is logged"
    assert code not in caplog.text
    assert phone not in caplog.text


async def test_embedded_development_still_logs_the_text(
    sqlite_settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outbox, phone = tmp_path / "dev-sms.jsonl", unique_phone()
    settings = replace(sqlite_settings, sms_outbox=outbox, rate_limit_scale=1000)
    with sms_log(settings, caplog) as app_client:
        async with app_client as client:
            await _register_and_send(client, phone)
            text = await _wait_for_text(outbox)
    code = next(w for w in text.replace(".", " ").split() if w.isdigit() and len(w) == 6)
    assert code in caplog.text
