"""Live-streaming use cases, their knobs and the live-room services."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta
from uuid import UUID

from dishka import AsyncContainer, Provider, Scope, provide

from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.ports.event_bus import EventBus
from souk.application.ports.live_audience import LiveAudience
from souk.application.ports.live_streams import LiveStreams
from souk.application.ports.room_loader import RoomLoader
from souk.application.ports.stream_counters import StreamCounters
from souk.application.ports.stream_takedown import StreamTakedown
from souk.application.shared.banned_words import BannedWords
from souk.application.shared.clock import Clock
from souk.application.shared.seller_words import SellerWords
from souk.application.streams.analyst import StreamAnalyst
from souk.application.streams.appoint_moderator import AppointModerator
from souk.application.streams.attach_products import AttachProducts
from souk.application.streams.authorize_publish import AuthorizePublish
from souk.application.streams.buy_now import BuyNow
from souk.application.streams.chat_identity import ChatIdentity
from souk.application.streams.check_ingest import CheckIngest
from souk.application.streams.config import LiveConfig
from souk.application.streams.create_stream import CreateStream
from souk.application.streams.end_silent_streams import EndSilentStreams
from souk.application.streams.end_stream import EndStream
from souk.application.streams.finish_stream import StreamFinisher
from souk.application.streams.flash_sales import EndFlashSale, EndFlashSales, StartFlashSale
from souk.application.streams.flush_viewer_log import FlushViewerLog
from souk.application.streams.get_analytics import GetStreamAnalytics
from souk.application.streams.get_stream import GetStream
from souk.application.streams.go_live import GoLive
from souk.application.streams.import_recording import ImportRecording
from souk.application.streams.ingest_guard import IngestGuard
from souk.application.streams.join_stream import JoinStream
from souk.application.streams.leave_stream import LeaveStream
from souk.application.streams.list_stream_products import ListStreamProducts
from souk.application.streams.list_streams import ListStreams
from souk.application.streams.live_now import SharedLiveReads, StreamsLiveNow
from souk.application.streams.load_room import LoadRoom
from souk.application.streams.moderate_room import ModerateRoom
from souk.application.streams.open_room_sale import OpenRoomSale
from souk.application.streams.prepare_stream import PrepareStream
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.publish_done import PublishDone
from souk.application.streams.recording_done import RecordingDone
from souk.application.streams.room_actions import RoomActions
from souk.application.streams.room_rules import RoomRateRules
from souk.application.streams.room_snapshots import RoomSnapshot, RoomSnapshots
from souk.application.streams.room_upkeep import RoomUpkeep
from souk.application.streams.still_admitted import StillAdmitted
from souk.application.streams.stream_showcase import StreamShowcase
from souk.application.streams.tag_product import TagProduct
from souk.application.streams.take_down_stream import TakeDownStream
from souk.application.streams.update_chat_rules import UpdateChatRules
from souk.application.streams.update_settings import UpdateStreamSettings
from souk.application.streams.visit_buffer import VisitBuffer
from souk.bootstrap import keys
from souk.bootstrap.providers.safety import ScopedVisibility
from souk.bootstrap.settings import Settings
from souk.domain.shared.banned_words import BannedWordsAction, WordFilter, banned_words
from souk.domain.shared.geo import GeoPoint


class ScopedRoomLoader(RoomLoader):
    """Each load in a request scope of its own (see ``RoomLoader``)."""

    def __init__(self, container: AsyncContainer) -> None:
        self._container = container

    async def __call__(self, stream_id: UUID) -> RoomSnapshot:
        async with self._container() as request:
            return await (await request.get(LoadRoom))(stream_id)


class ScopedAudienceDirectory(AudienceDirectory):
    """Each admission read in a request scope of its own, so that ``JoinStream`` can live
    for the whole process: a join on an open room (most of a storm) resolves nothing."""

    def __init__(self, container: AsyncContainer) -> None:
        self._container = container

    async def follows(self, follower_id: UUID, followee_id: UUID) -> bool:
        async with self._container() as request:
            directory: AudienceDirectory = await request.get(AudienceDirectory)
            return await directory.follows(follower_id, followee_id)

    async def followed_among(self, follower_id: UUID, followee_ids: Collection[UUID]) -> set[UUID]:
        async with self._container() as request:
            directory: AudienceDirectory = await request.get(AudienceDirectory)
            return await directory.followed_among(follower_id, followee_ids)

    async def home_of(self, user_id: UUID) -> GeoPoint | None:
        async with self._container() as request:
            directory: AudienceDirectory = await request.get(AudienceDirectory)
            return await directory.home_of(user_id)


def live_config(settings: Settings) -> LiveConfig:
    live_dir = settings.data_dir / "live"
    return LiveConfig(
        rtmp_url=settings.rtmp_url.rstrip("/"),
        hls_base_url=settings.hls_base_url.rstrip("/"),
        ingest_secret=keys.ingest_secret(settings),
        hooks_base_url=(settings.ingest_hooks_url or settings.public_base_url or settings.listen_url).rstrip("/"),
        hooks_configured=bool(settings.ingest_hooks_url or settings.public_base_url),
        hls_dir=(settings.hls_dir or live_dir / "hls").absolute(),
        record_dir=(settings.recording_dir or live_dir / "recordings").absolute(),
        reconnect_window=timedelta(seconds=settings.stream_reconnect_window_s),
    )


class StreamsConfigProvider(Provider):
    scope = Scope.APP

    @provide
    def config(self, settings: Settings) -> LiveConfig:
        return live_config(settings)

    @provide
    def snapshots(self, bus: EventBus, settings: Settings) -> RoomSnapshots:
        return RoomSnapshots(bus, settings.live_room_cache_s)

    @provide
    def seller_words(self, clock: Clock, bus: EventBus) -> SellerWords:
        return SellerWords(clock, bus)

    @provide
    def room_loader(self, container: AsyncContainer) -> RoomLoader:
        return ScopedRoomLoader(container)

    @provide
    def join(
        self,
        snapshots: RoomSnapshots,
        loader: RoomLoader,
        container: AsyncContainer,
        visits: VisitBuffer,
        audience: LiveAudience,
        counters: StreamCounters,
        clock: Clock,
    ) -> JoinStream:
        directory = ScopedAudienceDirectory(container)
        return JoinStream(snapshots, loader, directory, ScopedVisibility(container), visits, audience, counters, clock)

    @provide
    def visits(self) -> VisitBuffer:
        return VisitBuffer()

    @provide
    def rules(self) -> RoomRateRules:
        return RoomRateRules()

    @provide
    def banned_words(self, settings: Settings) -> WordFilter:
        """The global list (``SOUK_BANNED_WORDS``); a seller's own list joins it per use."""
        return WordFilter(banned_words(settings.banned_words), BannedWordsAction(settings.banned_words_action))

    guard = provide(IngestGuard)


class StreamsUseCasesProvider(Provider):
    scope = Scope.REQUEST

    presenter = provide(StreamPresenter)
    analyst = provide(StreamAnalyst)
    finisher = provide(StreamFinisher)
    create = provide(CreateStream)
    attach = provide(AttachProducts)
    products = provide(ListStreamProducts)
    get = provide(GetStream)
    listed = provide(ListStreams)
    settings = provide(UpdateStreamSettings)
    go_live = provide(GoLive)
    tag = provide(TagProduct)
    end = provide(EndStream)
    end_silent = provide(EndSilentStreams)
    analytics = provide(GetStreamAnalytics)
    authorize_publish = provide(AuthorizePublish)
    publish_done = provide(PublishDone)
    check_ingest = provide(CheckIngest)
    recording_done = provide(RecordingDone)
    import_recording = provide(ImportRecording)
    prepare = provide(PrepareStream)
    load_room = provide(LoadRoom)
    chat_identity = provide(ChatIdentity)
    leave = provide(LeaveStream)
    still_admitted = provide(StillAdmitted)
    takedown = provide(TakeDownStream, provides=StreamTakedown)
    flush_viewer_log = provide(FlushViewerLog)
    room = provide(RoomActions)
    showcase = provide(StreamShowcase)
    upkeep = provide(RoomUpkeep)
    moderate_room = provide(ModerateRoom)
    banned_words_gate = provide(BannedWords)
    appoint_moderator = provide(AppointModerator)
    update_chat_rules = provide(UpdateChatRules)
    open_room_sale = provide(OpenRoomSale)
    buy_now = provide(BuyNow)
    start_flash_sale = provide(StartFlashSale)
    end_flash_sale = provide(EndFlashSale)
    end_flash_sales = provide(EndFlashSales)
    # The Discover feed's ``live_now``.
    live_now = provide(StreamsLiveNow, provides=LiveStreams)
    shared_live_reads = provide(SharedLiveReads, scope=Scope.APP)
