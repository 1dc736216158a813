"""The mail adapters against real things: an SMTP server (aiosmtpd) the test starts, and
the outbox file."""

from __future__ import annotations

import email
import json
import logging
import socket
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import aiosmtplib
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session

from souk.adapters.mail.file_mail_outbox import FileMailOutbox
from souk.adapters.mail.smtp_mail_sender import SmtpMailSender, SmtpServer
from souk.application.accounts.mail_texts import reset_mail

MESSAGE = reset_mail("amira@example.com", "Amira <b>", "493817", "https://app.example/reset-password#token=abc")


class Inbox:
    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], Message]] = []

    async def handle_DATA(self, server: object, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        self.received.append(
            (str(envelope.mail_from), list(envelope.rcpt_tos), email.message_from_bytes(envelope.content))
        )
        return "250 OK"


def client_side_log(caplog: pytest.LogCaptureFixture) -> str:
    """What Souk's side logged (the test's SMTP server logs whole messages at DEBUG)."""
    return "\n".join(r.getMessage() for r in caplog.records if r.name.startswith(("souk", "aiosmtplib")))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


async def test_smtp_delivers_a_plain_text_and_html_mail(
    smtp_server: tuple[Inbox, int], caplog: pytest.LogCaptureFixture
) -> None:
    inbox, port = smtp_server
    sender = SmtpMailSender(SmtpServer("127.0.0.1", port, "Souk <no-reply@souk.test>", security="none"))
    with caplog.at_level(logging.DEBUG):
        await sender.send(MESSAGE)
    [(mail_from, rcpt, message)] = inbox.received
    assert (mail_from, rcpt) == ("no-reply@souk.test", ["amira@example.com"])
    assert message["Subject"] == "Reset your Souk password"
    assert message["Message-ID"].endswith("@souk.test>")
    parts = {p.get_content_type(): p.get_payload(decode=True).decode() for p in message.walk() if not p.is_multipart()}  # type: ignore[union-attr]
    assert set(parts) == {"text/plain", "text/html"}
    assert "493817" in parts["text/plain"]
    assert "493817" in parts["text/html"]
    assert "Amira &lt;b&gt;" in parts["text/html"]  # names are escaped in the HTML part
    ours = client_side_log(caplog)
    assert "mail.sent" in ours
    assert "493817" not in ours
    assert "token=abc" not in ours


async def test_smtp_failure_is_raised_to_the_caller() -> None:
    sender = SmtpMailSender(SmtpServer("127.0.0.1", free_port(), "no-reply@souk.test", security="none", timeout_s=2))
    with pytest.raises(aiosmtplib.SMTPConnectError):
        await sender.send(MESSAGE)


async def test_the_outbox_file_gets_one_line_per_mail_and_the_log_no_body(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outbox = tmp_path / "deep" / "mail.jsonl"
    sender = FileMailOutbox(outbox)
    with caplog.at_level(logging.DEBUG):
        await sender.send(MESSAGE)
        await sender.send(MESSAGE)
    lines = [json.loads(line) for line in outbox.read_text().splitlines()]
    assert len(lines) == 2
    assert set(lines[0]) == {"to", "subject", "text", "html"}
    assert "493817" in lines[0]["text"]
    ours = client_side_log(caplog)
    assert "mail.sent" in ours
    assert "493817" not in ours
    assert "amira@" not in ours
