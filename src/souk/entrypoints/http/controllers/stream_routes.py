"""Live streaming's controllers, registered in one line of the app factory."""

from __future__ import annotations

from souk.entrypoints.http.controllers.ingest import IngestController
from souk.entrypoints.http.controllers.stream_auctions import StreamAuctionsController
from souk.entrypoints.http.controllers.stream_moderation import StreamModerationController
from souk.entrypoints.http.controllers.stream_purchases import StreamPurchasesController
from souk.entrypoints.http.controllers.stream_show import StreamShowController
from souk.entrypoints.http.controllers.stream_tips import StreamTipsController
from souk.entrypoints.http.controllers.streams import StreamsController

STREAM_CONTROLLERS = [
    StreamsController,
    StreamModerationController,
    StreamTipsController,
    StreamPurchasesController,
    StreamShowController,
    StreamAuctionsController,
    IngestController,
]
