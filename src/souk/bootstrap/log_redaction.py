"""Secrets that travel in URLs (``/ws?token=``, ``?ticket=``, nginx-rtmp's ``?secret=``,
signed URLs' ``key``/``signature``) are cut out of every log line, ours and the servers'
(uvicorn logs WebSocket URLs with their query strings, at INFO and DEBUG alike)."""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

REDACTED = "[redacted]"

# A query parameter whose name ends in one of these words, in a URL or a logged query string.
_SECRET_PARAM = re.compile(
    r"(?P<name>(?:^|(?<=[?&;\s\"'(]))[A-Za-z0-9_.\-]*?(?:token|ticket|secret|key|password|signature)=)"
    r"(?P<value>[^&;\s\"'#<>)]+)",
    re.IGNORECASE,
)


# Credentials in header lines (websockets logs the handshake's headers at DEBUG).
_CREDENTIAL_HEADER = re.compile(
    r"(?P<name>\b(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key):\s*(?:(?:bearer|basic)\s+)?)"
    r"(?P<value>[^\s\"']+)",
    re.IGNORECASE,
)
_BEARER = re.compile(r"(?P<name>\bbearer\s+)(?P<value>[A-Za-z0-9._~+/\-]+=*)", re.IGNORECASE)


def redact_text(text: str) -> str:
    if "=" in text:
        text = _SECRET_PARAM.sub(lambda m: m.group("name") + REDACTED, text)
    if ":" in text or " " in text:
        text = _CREDENTIAL_HEADER.sub(lambda m: m.group("name") + REDACTED, text)
        text = _BEARER.sub(lambda m: m.group("name") + REDACTED, text)
    return text


def _redact(value: Any) -> Any:
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {k: _redact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_redact(v) for v in value)
    return value


def redact_secrets(logger: Any, method_name: str, event_dict: MutableMapping[str, Any]) -> dict[str, Any]:
    """structlog processor: runs last before rendering, after exceptions became text."""
    return {key: _redact(value) for key, value in event_dict.items()}
