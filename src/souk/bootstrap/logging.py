"""Structured logs: JSON lines in production, readable colour in a terminal."""

from __future__ import annotations

import logging
import re
import sys

import structlog
from structlog.types import EventDict, WrappedLogger

# uvicorn logs each WebSocket handshake with its query string, where clients that cannot set
# headers carry ``?token=`` (an access token) or ``?ticket=``: their values never reach a line.
_SECRET_PARAMS = re.compile(r"((?:^|[?&])(?:token|ticket|access_token|refresh_token)=)[^&\s\"']+")


def redact_secrets(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    event = event_dict.get("event")
    if isinstance(event, str) and "=" in event:
        event_dict["event"] = _SECRET_PARAMS.sub(r"\1[redacted]", event)
    return event_dict


def configure_logging(log_format: str = "auto", level: str = "INFO") -> None:
    as_json = log_format == "json" or (log_format == "auto" and not sys.stderr.isatty())
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        redact_secrets,
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if as_json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )
    handler = logging.StreamHandler()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("uvicorn.access",):
        logging.getLogger(noisy).disabled = True
