"""The Litestar application factory."""

from __future__ import annotations

import gc
import os
from functools import partial
from typing import Any

from dishka import Provider, Scope, provide
from dishka.integrations.litestar import LitestarProvider, setup_dishka
from litestar import Litestar
from litestar.middleware import DefineMiddleware

from souk.bootstrap.auctions_background import auction_sweeper
from souk.bootstrap.background import outbox_pruner, outbox_sweeper
from souk.bootstrap.config_report import log_unknown_names
from souk.bootstrap.container import build_container
from souk.bootstrap.error_reporting import configure_error_reporting
from souk.bootstrap.logging import configure_logging
from souk.bootstrap.metrics_sampler import metrics_sampler
from souk.bootstrap.negotiation_background import flash_sale_sweeper, offer_expiry_sweeper
from souk.bootstrap.notifications_background import NotificationConsumer
from souk.bootstrap.payments_background import payments_sweeper
from souk.bootstrap.presence_beat import presence_beat
from souk.bootstrap.privacy_background import account_purge_sweeper
from souk.bootstrap.providers.media import resume_in_process_jobs
from souk.bootstrap.providers.system import OutagesProvider, new_outages
from souk.bootstrap.providers.websocket import WebSocketProvider
from souk.bootstrap.sessions_background import RevocationListener
from souk.bootstrap.settings import Settings
from souk.bootstrap.socket_route import serves_socket, socket_route
from souk.bootstrap.streams_background import (
    AudienceListener,
    RoomSnapshotListener,
    ViewerLogFlusher,
    giveaway_sweeper,
    silent_stream_sweeper,
)
from souk.bootstrap.tracing import asgi_middleware, configure_tracing
from souk.entrypoints.http.allow import correct_options_handlers
from souk.entrypoints.http.client_ip import TrustedProxies
from souk.entrypoints.http.console.pages import template_config
from souk.entrypoints.http.console.routes import console_routes
from souk.entrypoints.http.controllers.auth import AuthController
from souk.entrypoints.http.controllers.catalog_routes import CATALOG_CONTROLLERS
from souk.entrypoints.http.controllers.data_rights import DataRightsController
from souk.entrypoints.http.controllers.health import HealthController
from souk.entrypoints.http.controllers.media import MediaController, MediaFilesController
from souk.entrypoints.http.controllers.negotiation_routes import NEGOTIATION_CONTROLLERS
from souk.entrypoints.http.controllers.oidc import OidcController
from souk.entrypoints.http.controllers.safety_routes import SAFETY_CONTROLLERS
from souk.entrypoints.http.controllers.sessions import RealtimeController, SessionsController
from souk.entrypoints.http.controllers.social_routes import SOCIAL_CONTROLLERS
from souk.entrypoints.http.controllers.stream_routes import STREAM_CONTROLLERS
from souk.entrypoints.http.controllers.two_factor import TwoFactorController
from souk.entrypoints.http.controllers.users import UsersController
from souk.entrypoints.http.controllers.ws_upgrade import WsUpgradeController
from souk.entrypoints.http.errors import problem_details_plugin
from souk.entrypoints.http.forwarded import ForwardedMiddleware
from souk.entrypoints.http.identity import HttpContextProvider
from souk.entrypoints.http.metrics import MetricsController, MetricsMiddleware
from souk.entrypoints.http.openapi import openapi_config
from souk.entrypoints.http.request import RejectNulMiddleware, SoukRequest
from souk.entrypoints.http.request_context import RequestContextMiddleware

MAX_BODY_BYTES = 1024 * 1024


class HttpSettingsProvider(Provider):
    @provide(scope=Scope.APP)
    def trusted_proxies(self, settings: Settings) -> TrustedProxies:
        return TrustedProxies(settings.trusted_proxies)


class SoukApp(Litestar):
    """Litestar, with ``/ws`` served in front of it (bootstrap/socket_route.py): an idle
    socket then holds no frame of Litestar's or our middlewares'."""

    socket_route: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.socket_route is not None and serves_socket(scope):
            await self.socket_route(scope, receive, send)
        else:
            await super().__call__(scope, receive, send)


def create_app(settings: Settings | None = None, *override_providers: Provider, in_memory: bool = False) -> Litestar:
    from_env = settings is None
    settings = (settings or Settings.from_env()).with_jwt_secret()
    configure_logging(settings.log_format, settings.log_level)
    if from_env:
        log_unknown_names(os.environ)
    configure_tracing("server")  # before the container: engines and Redis are traced from the start
    configure_error_reporting(settings, component="server")
    outages = new_outages()
    container = build_container(
        settings,
        LitestarProvider(),
        HttpContextProvider(),
        HttpSettingsProvider(),
        WebSocketProvider(),
        OutagesProvider(outages),
        *override_providers,
        in_memory=in_memory,
    )
    sweeper = outbox_sweeper(container)
    pruner = outbox_pruner(container, settings.outbox_retention_h)
    sampler = metrics_sampler(container)
    expiry = offer_expiry_sweeper(container)
    flash_sales = flash_sale_sweeper(container)
    purges = account_purge_sweeper(container)
    payments = payments_sweeper(container, settings)
    presence = presence_beat(container, settings.presence_beat_s)
    silent_streams = silent_stream_sweeper(container, settings)
    giveaways = giveaway_sweeper(container)
    auctions = auction_sweeper(container, settings)
    viewer_log = ViewerLogFlusher(container, settings)
    room_listener = RoomSnapshotListener(container)
    audience_listener = AudienceListener(container)
    notifier = NotificationConsumer(container, settings.notification_poll_s, outages)
    revocations = RevocationListener(container)
    loops = (
        sweeper,
        pruner,
        expiry,
        flash_sales,
        purges,
        payments,
        presence,
        silent_streams,
        giveaways,
        auctions,
        sampler,
    )
    for loop in loops:
        loop.watch(outages)
    app = SoukApp(
        route_handlers=[
            HealthController,
            AuthController,
            SessionsController,
            TwoFactorController,
            OidcController,
            RealtimeController,
            WsUpgradeController,
            UsersController,
            DataRightsController,
            MetricsController,
            *CATALOG_CONTROLLERS,
            MediaController,
            MediaFilesController,
            *NEGOTIATION_CONTROLLERS,
            *STREAM_CONTROLLERS,
            *SOCIAL_CONTROLLERS,
            *SAFETY_CONTROLLERS,
            *console_routes(),
        ],
        plugins=[problem_details_plugin(outages)],
        middleware=[
            DefineMiddleware(ForwardedMiddleware, trusted=settings.trusted_proxies),
            *asgi_middleware(),
            DefineMiddleware(RequestContextMiddleware, log_requests=settings.access_log),
            MetricsMiddleware,
            RejectNulMiddleware,
        ],
        openapi_config=openapi_config(),
        template_config=template_config(),
        request_max_body_size=MAX_BODY_BYTES,
        request_class=SoukRequest,
        on_startup=[
            revocations.start,  # first: no request may be judged by an out-of-date view
            sweeper.start,
            pruner.start,
            sampler.start,
            expiry.start,
            flash_sales.start,
            purges.start,
            payments.start,
            presence.start,
            silent_streams.start,
            giveaways.start,
            auctions.start,
            viewer_log.start,
            room_listener.start,
            audience_listener.start,
            notifier.start,
            partial(resume_in_process_jobs, container),
        ],
        on_shutdown=[
            sweeper.stop,
            pruner.stop,
            sampler.stop,
            expiry.stop,
            flash_sales.stop,
            purges.stop,
            payments.stop,
            presence.stop,
            silent_streams.stop,
            giveaways.stop,
            auctions.stop,
            room_listener.stop,
            audience_listener.stop,
            notifier.stop,
            revocations.stop,
            viewer_log.stop,  # after the rest: its last flush needs the database, closed with the container
            container.close,
        ],
        logging_config=None,
        debug=False,
    )
    setup_dishka(container, app)
    app.socket_route = socket_route(container, settings.trusted_proxies)
    correct_options_handlers(app)
    return app


def app_from_env() -> Litestar:
    """Entry for ``uvicorn --factory`` (one per worker process)."""
    app = create_app()
    freeze_startup_heap()
    return app


def freeze_startup_heap() -> None:
    """Move everything alive after start-up (modules, routes, schemas: ~10^5 objects) out
    of the collector's reach. Full collections then walk only request garbage; without
    this they stall the event loop and dominate p99 latency."""
    gc.collect()
    gc.freeze()
