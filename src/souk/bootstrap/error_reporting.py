"""Sentry error reporting (sentry-sdk), on when ``SOUK_SENTRY_DSN`` is set: every error
logged with its exception (``http.unhandled_error``, ``ws.handler_failed``, a failing
background loop, a failed job) becomes a Sentry event, in servers and workers alike.

No secret leaves the process: no default PII, no request bodies, and ``scrub`` runs on
every event before it is sent: credential headers and cookies are dropped, secret query
parameters, bearer tokens and header lines are redacted wherever they appear in text
(messages, exception values, breadcrumbs, stack-frame variables)."""

from __future__ import annotations

import logging
from typing import Any

from souk.bootstrap.log_redaction import REDACTED, redact_text
from souk.bootstrap.settings import Settings

log = logging.getLogger("souk.errors")

_SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "x-ingest-secret"}
_SECRET_WORDS = ("token", "secret", "password", "ticket", "signature", "key", "code", "dsn", "authorization", "cookie")
_configured_dsn: str | None = None


def configure_error_reporting(settings: Settings, *, component: str) -> bool:
    """Once per process (tests build many apps); ``component``: ``server`` or ``worker``."""
    global _configured_dsn
    if not settings.sentry_dsn:
        return False
    if _configured_dsn == settings.sentry_dsn:
        return True
    import sentry_sdk

    sentry_sdk.init(
        dsn=settings.sentry_dsn,
        environment=settings.sentry_environment,
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=0.0,  # tracing is OpenTelemetry's (OTEL_EXPORTER_OTLP_ENDPOINT)
        before_send=scrub,
        before_breadcrumb=_scrub_breadcrumb,
        server_name=component,
    )
    sentry_sdk.set_tag("component", component)
    _configured_dsn = settings.sentry_dsn
    log.info("errors.reporting_to_sentry component=%s", component)
    return True


def scrub(event: Any, hint: Any = None) -> Any:
    request = event.get("request")
    if isinstance(request, dict):
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {k: v for k, v in headers.items() if k.lower() not in _SECRET_HEADERS}
        request.pop("cookies", None)
        request.pop("data", None)
        if isinstance(request.get("query_string"), str):
            request["query_string"] = redact_text("?" + request["query_string"])[1:]
    return _scrub(dict(event))


def _scrub_breadcrumb(crumb: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any] | None:
    scrubbed: dict[str, Any] = _scrub(dict(crumb))
    return scrubbed


def _scrub(value: Any, key: str = "") -> Any:
    if isinstance(value, str):
        if key and any(word in key.lower() for word in _SECRET_WORDS) and key.lower() not in ("type", "module"):
            return REDACTED
        return redact_text(value)
    if isinstance(value, dict):
        return {k: _scrub(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v) for v in value]
    return value
