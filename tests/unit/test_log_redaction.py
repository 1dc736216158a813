"""Secrets never reach a log line: uvicorn logs each WebSocket handshake's URL, query string
included, and clients that cannot set headers put their access token or ticket there."""

from __future__ import annotations

import json
import logging

import pytest

from souk.bootstrap.logging import configure_logging


@pytest.mark.parametrize("query", ["token=eyJhbGci.eyJzdWIi.c2lnbmF0dXJl", "x=1&ticket=eyJhbGci.eyJzdWIi.c2lnbmF0dXJl"])
def test_a_websocket_handshake_line_keeps_the_path_but_not_the_secret(
    query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("json", "INFO")
    # uvicorn's own line, on a logger of the test's (the suite's servers reconfigure
    # uvicorn.error's level): redaction applies to every record the root handler formats
    uvicorn_like = logging.getLogger("tests.redaction")
    uvicorn_like.setLevel(logging.INFO)
    uvicorn_like.info('%s - "WebSocket %s" [accepted]', "127.0.0.1:5000", f"/ws?{query}")
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert "c2lnbmF0dXJl" not in line["event"]
    assert "WebSocket /ws?" in line["event"]
    assert "=[redacted]" in line["event"]
