from __future__ import annotations

import json
import logging

import pytest

from souk.bootstrap.log_redaction import REDACTED, redact_secrets, redact_text
from souk.bootstrap.logging import configure_logging


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ('127.0.0.1:5 - "WebSocket /ws?token=eyJ.abc.def" [accepted]', "eyJ.abc.def"),
        ("< GET /ws?device=phone&token=abc123&x=1 HTTP/1.1", "abc123"),
        ("/ws?ticket=T-1", "T-1"),
        ("POST /api/v1/ingest/rtmp/publish?secret=s3cr3t HTTP/1.1", "s3cr3t"),
        ("GET /media?key=media/abc&sig=1", "media/abc"),
        ("https://cdn/x.mp4?X-Amz-Signature=deadbeef&X-Amz-Credential=a", "deadbeef"),
        ("?stream_key=sk_live_9", "sk_live_9"),
        ("?access_token=a.b.c;refresh_token=r", "a.b.c"),
        ("< Authorization: Bearer eyJhbGciOi.J9.sig", "eyJhbGciOi.J9.sig"),
        ("< Cookie: session=abc", "session=abc"),
        ("header was bearer abc.def.ghi", "abc.def.ghi"),
    ],
)
def test_secrets_in_urls_and_headers_are_redacted(line: str, secret: str) -> None:
    redacted = redact_text(line)
    assert secret not in redacted
    assert REDACTED in redacted


def test_other_query_values_and_plain_text_stay() -> None:
    assert redact_text("/api/v1/products?limit=20&cursor=abc") == "/api/v1/products?limit=20&cursor=abc"
    assert redact_text("the monkey ran") == "the monkey ran"


def test_the_processor_redacts_every_field_and_nested_values() -> None:
    event = {"event": "GET /ws?token=t1", "exception": "Traceback ... url='/x?secret=s1'", "extra": {"u": ["?key=k1"]}}
    out = redact_secrets(None, "info", event)
    assert "t1" not in str(out)
    assert "s1" not in str(out)
    assert "k1" not in str(out)


@pytest.mark.parametrize("query", ["token=eyJhbGci.eyJzdWIi.c2lnbmF0dXJl", "x=1&ticket=eyJhbGci.eyJzdWIi.c2lnbmF0dXJl"])
def test_a_websocket_handshake_line_keeps_the_path_but_not_the_secret(
    query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the configured handler, as uvicorn's own line would go (on a logger of the
    test's: the suite's servers reconfigure uvicorn.error's level)."""
    configure_logging("json", "INFO")
    uvicorn_like = logging.getLogger("tests.redaction")
    uvicorn_like.setLevel(logging.INFO)
    uvicorn_like.info('%s - "WebSocket %s" [accepted]', "127.0.0.1:5000", f"/ws?{query}")
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert "c2lnbmF0dXJl" not in line["event"]
    assert "WebSocket /ws?" in line["event"]
    assert REDACTED in line["event"]


@pytest.mark.parametrize("level", ["DEBUG", "INFO"])
def test_database_statements_and_their_values_are_never_logged(level: str) -> None:
    """SQLAlchemy's engine logs each statement and its bound values at INFO."""
    configure_logging("json", level)
    for chatty in ("sqlalchemy.engine", "sqlalchemy.engine.Engine", "asyncpg", "aiosqlite"):
        assert not logging.getLogger(chatty).isEnabledFor(logging.INFO), chatty
