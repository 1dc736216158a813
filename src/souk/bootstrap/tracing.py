"""OpenTelemetry tracing, on when ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set (the standard
variable; the other ``OTEL_*`` variables — ``OTEL_SERVICE_NAME``, ``OTEL_EXPORTER_OTLP_HEADERS``,
``OTEL_TRACES_SAMPLER``, ``OTEL_BSP_*`` — work as the SDK documents them). Spans go out
over OTLP/HTTP (protobuf): one per HTTP request and WebSocket session (ASGI), per SQL
statement through SQLAlchemy, per Redis command, and per job attempt. Off, nothing is
installed and the OpenTelemetry API calls left in the code are no-ops."""

from __future__ import annotations

import logging
import os
from typing import Any

log = logging.getLogger("souk.tracing")

ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT"
_configured = False


def tracing_enabled() -> bool:
    return bool(os.environ.get(ENDPOINT) or os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))


def configure_tracing(component: str) -> bool:
    """Once per process; ``component`` names the service when ``OTEL_SERVICE_NAME`` does not."""
    global _configured
    if not tracing_enabled():
        return False
    if _configured:
        return True
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.redis import RedisInstrumentor
    from opentelemetry.sdk.resources import OTELResourceDetector, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    name = os.environ.get("OTEL_SERVICE_NAME") or f"souk-{component}"
    resource = Resource.create({"service.name": name}).merge(OTELResourceDetector().detect())
    provider = TracerProvider(resource=resource)
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    RedisInstrumentor().instrument()
    _configured = True
    log.info("tracing.exporting service=%s", name)
    return True


def trace_engine(engine: Any) -> None:
    """SQL spans for one engine (an ``AsyncEngine``), when tracing is on. Each engine gets
    its own listener (the instrumentor itself would take only the first engine given)."""
    if not _configured:
        return
    from opentelemetry import metrics, trace
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer

    tracer = trace.get_tracer("opentelemetry.instrumentation.sqlalchemy")
    usage = metrics.get_meter("opentelemetry.instrumentation.sqlalchemy").create_up_down_counter(
        "db.client.connections.usage", unit="connections"
    )
    EngineTracer(tracer, engine.sync_engine, usage)  # type: ignore[no-untyped-call]


def asgi_middleware() -> list[Any]:
    """Litestar's OpenTelemetry middleware (over opentelemetry-instrumentation-asgi)."""
    if not _configured:
        return []
    from litestar.plugins.opentelemetry import OpenTelemetryConfig

    return [OpenTelemetryConfig(exclude=["/metrics", "/health", "/ready"]).middleware]


def traced_asgi(app: Any) -> Any:
    """``app`` with one span per connection (ASGI) when tracing is on, else ``app`` itself.
    For the ASGI applications served beside Litestar (bootstrap/socket_route.py)."""
    if not _configured:
        return app
    from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware

    return OpenTelemetryMiddleware(app)
