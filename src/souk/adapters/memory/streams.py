"""In-memory twins of the streams adapters (the contract tests hold them to the SQL ones)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from uuid import UUID

from souk.adapters.memory.store import clone
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.ports.stream_commerce import ProductDeals, StreamCommerce
from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.stream_viewer_log import StreamViewerLog, VisitEntry
from souk.application.shared.cursors import SortKey
from souk.domain.accounts.user import User
from souk.domain.negotiation.conversation import Conversation
from souk.domain.negotiation.offer import Offer, OfferStatus
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.public_point import PublicPoints
from souk.domain.streams.analytics import ViewerVisit
from souk.domain.streams.errors import AlreadyLive
from souk.domain.streams.stream import IngestState, Stream, StreamStatus
from souk.domain.streams.stream_product import StreamProduct


class InMemoryStreamRepository(StreamRepository):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, Stream] = uow.store.table("streams")
        self._products: dict[tuple[UUID, UUID], StreamProduct] = uow.store.table("stream_products")

    async def add(self, stream: Stream) -> None:
        self._uow.before_write()
        self._rows[stream.id] = clone(stream)

    async def unfinished(self, stream_ids: Collection[UUID]) -> set[UUID]:
        return {s for s in stream_ids if (stream := self._rows.get(s)) is not None and not stream.finished}

    async def get(self, stream_id: UUID) -> Stream | None:
        stream = self._rows.get(stream_id)
        return clone(stream) if stream else None

    async def get_for_update(self, stream_id: UUID) -> Stream | None:
        return await self.get(stream_id)

    async def by_key(self, key_digest: str) -> Stream | None:
        found = next((s for s in self._rows.values() if s.key_digest == key_digest), None)
        return clone(found) if found else None

    async def by_key_for_update(self, key_digest: str) -> Stream | None:
        return await self.by_key(key_digest)

    async def save(self, stream: Stream) -> None:
        if stream.is_live and any(
            s.is_live and s.seller_id == stream.seller_id and s.id != stream.id for s in self._rows.values()
        ):
            raise AlreadyLive()
        self._uow.before_write()
        self._rows[stream.id] = clone(stream)

    async def listed(
        self,
        status: StreamStatus,
        seller_id: UUID | None,
        after: SortKey | None,
        limit: int,
        hidden_sellers: frozenset[UUID] = frozenset(),
    ) -> list[tuple[Stream, SortKey]]:
        def key(s: Stream) -> SortKey:
            return (s.created_at.isoformat(), str(s.id))

        def sort_value(k: SortKey) -> tuple[datetime, UUID]:
            return datetime.fromisoformat(str(k[0])), UUID(str(k[1]))

        rows = [
            s
            for s in self._rows.values()
            if s.status is status
            and (seller_id is None or s.seller_id == seller_id)
            and s.seller_id not in hidden_sellers
        ]
        rows.sort(key=lambda s: (s.created_at, s.id), reverse=True)
        if after is not None:
            bound = sort_value(after)
            rows = [s for s in rows if (s.created_at, s.id) < bound]
        return [(clone(s), key(s)) for s in rows[:limit]]

    async def live(self, limit: int) -> list[Stream]:
        rows = [s for s in self._rows.values() if s.is_live]
        rows.sort(key=lambda s: (s.started_at or s.created_at, s.id), reverse=True)
        return [clone(s) for s in rows[:limit]]

    async def products(self, stream_id: UUID) -> list[StreamProduct]:
        rows = [p for (sid, _), p in self._products.items() if sid == stream_id]
        return [clone(p) for p in sorted(rows, key=lambda p: p.position)]

    async def add_products(self, products: Sequence[StreamProduct]) -> None:
        self._uow.before_write()
        for p in products:
            self._products[(p.stream_id, p.product_id)] = clone(p)

    async def save_products(self, products: Sequence[StreamProduct]) -> None:
        self._uow.before_write()
        for p in products:
            self._products[(p.stream_id, p.product_id)] = clone(p)

    async def silent_since(self, before: datetime, limit: int) -> list[UUID]:
        rows = [
            s
            for s in self._rows.values()
            if s.is_live
            and s.ingest_state is IngestState.INTERRUPTED
            and s.interrupted_at is not None
            and s.interrupted_at <= before
        ]
        return [s.id for s in sorted(rows, key=lambda s: s.interrupted_at or before)[:limit]]


class InMemoryStreamViewerLog(StreamViewerLog):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._uow = uow
        self._rows: dict[UUID, tuple[UUID, ViewerVisit]] = uow.store.table("stream_viewers")

    async def write(self, entries: Sequence[VisitEntry]) -> None:
        for entry in entries:
            found = self._rows.get(entry.visit_id)
            if found is None and entry.joined_at is not None:
                self._uow.before_write()
                visit = ViewerVisit(entry.user_id, entry.joined_at, entry.left_at)
                self._rows[entry.visit_id] = (entry.stream_id, visit)
            elif found is not None and found[1].left_at is None and entry.left_at is not None:
                self._uow.before_write()
                stream_id, visit = found
                self._rows[entry.visit_id] = (stream_id, ViewerVisit(visit.user_id, visit.joined_at, entry.left_at))

    async def visits(self, stream_id: UUID) -> list[ViewerVisit]:
        return [visit for sid, visit in self._rows.values() if sid == stream_id]


class InMemoryStreamCommerce(StreamCommerce):
    def __init__(self, uow: InMemoryUnitOfWork) -> None:
        self._conversations: dict[UUID, Conversation] = uow.store.table("conversations")
        self._offers: dict[UUID, Offer] = uow.store.table("offers")

    async def deals(self, product_ids: Collection[UUID], start: datetime, end: datetime) -> dict[UUID, ProductDeals]:
        def during(at: datetime) -> bool:
            return start <= at <= end

        result = {}
        for p in product_ids:
            inquiries = sum(1 for c in self._conversations.values() if c.product_id == p and during(c.created_at))
            purchases = sum(
                1
                for o in self._offers.values()
                if o.product_id == p and o.status is OfferStatus.ACCEPTED and during(o.created_at)
            )
            result[p] = ProductDeals(inquiries, purchases)
        return result


class InMemoryAudienceDirectory(AudienceDirectory):
    def __init__(self, uow: InMemoryUnitOfWork, places: PublicPoints) -> None:
        self._follows: dict[tuple[UUID, UUID], datetime] = uow.store.table("follows")
        self._users: dict[UUID, User] = uow.store.table("users")
        self._places = places

    async def follows(self, follower_id: UUID, followee_id: UUID) -> bool:
        return (follower_id, followee_id) in self._follows

    async def followed_among(self, follower_id: UUID, followee_ids: Collection[UUID]) -> set[UUID]:
        return {followee for followee in followee_ids if (follower_id, followee) in self._follows}

    async def home_of(self, user_id: UUID) -> GeoPoint | None:
        user = self._users.get(user_id)
        return self._places.of(user_id, user.home) if user and user.home else None
