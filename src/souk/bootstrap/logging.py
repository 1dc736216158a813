"""Structured logs: JSON lines in production, readable colour in a terminal; secrets in
URLs redacted from every line (log_redaction.py)."""

from __future__ import annotations

import logging
import sys

import structlog

from souk.bootstrap.log_redaction import redact_secrets


def configure_logging(log_format: str = "auto", level: str = "INFO") -> None:
    as_json = log_format == "json" or (log_format == "auto" and not sys.stderr.isatty())
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
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
            redact_secrets,
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
    # At INFO and below these log every statement with its bound values (SQLAlchemy's
    # engine logs statements at INFO): people's phone numbers, emails and password digests
    # have no place in a log, whatever the level, and a line per statement costs throughput.
    for chatty in ("aiosqlite", "asyncpg", "sqlalchemy.engine"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLogger(chatty).level))
