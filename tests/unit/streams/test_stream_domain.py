from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from souk.domain.catalog.errors import ProductNotFound
from souk.domain.catalog.product import Condition, FeedType, Product, ProductStatus
from souk.domain.shared.geo import GeoPoint
from souk.domain.shared.money import Money
from souk.domain.streams.analytics import ViewerVisit, viewer_figures
from souk.domain.streams.audience import admit
from souk.domain.streams.errors import (
    InvalidChatMessage,
    InvalidReaction,
    InvalidStream,
    InvalidStreamProducts,
    InvalidStreamSettings,
    InvalidTag,
    NotInAudience,
    NotStreamOwner,
    ProductNotInStream,
    ProductNotYours,
    StreamFinished,
    StreamNotLive,
    StreamProductNotAvailable,
)
from souk.domain.streams.live_room import CHAT_MAX, ChatLine, reaction
from souk.domain.streams.settings import Audience, StreamSettings
from souk.domain.streams.stream import EndReason, IngestState, Stream, StreamStatus
from souk.domain.streams.stream_key import digest_of, issue_key
from souk.domain.streams.stream_product import StreamProduct, Tag, check_attachable, check_count, tag_product

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
SELLER = uuid4()


def draft() -> Stream:
    return Stream.draft(uuid4(), SELLER, "  Friday   drop ", None, None, NOW)


def test_a_stream_goes_draft_live_ended_and_only_its_owner_moves_it() -> None:
    stream = draft()
    assert (stream.title, stream.status) == ("Friday drop", StreamStatus.DRAFT)
    with pytest.raises(NotStreamOwner):
        stream.go_live(uuid4(), "d", NOW)
    assert stream.go_live(SELLER, "d1", NOW) is True
    assert (stream.status, stream.ingest_state, stream.started_at) == (StreamStatus.LIVE, IngestState.WAITING, NOW)
    assert stream.go_live(SELLER, "d2", NOW) is False  # a new key, not a second start
    assert stream.accepts_key("d2")
    assert not stream.accepts_key("d1")
    with pytest.raises(NotStreamOwner):
        stream.end(uuid4(), NOW)
    stream.end(SELLER, NOW + timedelta(minutes=5))
    assert (stream.status, stream.end_reason) == (StreamStatus.ENDED, EndReason.OWNER)
    assert not stream.accepts_key("d2")  # dead once ended
    for move in (lambda: stream.go_live(SELLER, "d3", NOW), lambda: stream.end(SELLER, NOW)):
        with pytest.raises(StreamFinished):
            move()
    with pytest.raises(StreamFinished):
        stream.change_settings(StreamSettings(), SELLER, NOW)


def test_ending_a_draft_cancels_it() -> None:
    stream = draft()
    stream.end(SELLER, NOW)
    assert (stream.status, stream.end_reason, stream.watch_window(NOW)) == (StreamStatus.CANCELLED, None, None)


def test_the_ingest_state_and_the_reconnect_window() -> None:
    stream = draft()
    with pytest.raises(StreamNotLive):
        stream.ingest_started(NOW)
    stream.go_live(SELLER, "d", NOW)
    stream.ingest_started(NOW)
    assert stream.ingest_state is IngestState.RECEIVING
    assert stream.ingest_stopped(NOW + timedelta(seconds=10)) is True
    assert stream.ingest_stopped(NOW + timedelta(seconds=11)) is False
    window = timedelta(seconds=60)
    assert not stream.silent_too_long(NOW + timedelta(seconds=69), window)
    assert stream.silent_too_long(NOW + timedelta(seconds=70), window)
    stream.ingest_started(NOW + timedelta(seconds=30))  # the push came back in time
    assert stream.interrupted_at is None
    assert not stream.silent_too_long(NOW + timedelta(hours=1), window)


@pytest.mark.parametrize("title", ["ab", "x" * 121, "   "])
def test_titles_are_checked(title: str) -> None:
    with pytest.raises(InvalidStream):
        Stream.draft(uuid4(), SELLER, title, None, None, NOW)
    with pytest.raises(InvalidStream):
        Stream.draft(uuid4(), SELLER, "Fine", "d" * 2001, None, NOW)


def test_settings_validate_themselves() -> None:
    for minutes in (0, 721, True):
        with pytest.raises(InvalidStreamSettings):
            StreamSettings(estimated_duration_min=minutes)  # type: ignore[arg-type]
    settings = StreamSettings().changed(audience=Audience.NEIGHBORHOOD, enable_chat=None)
    assert settings.audience is Audience.NEIGHBORHOOD
    assert settings.enable_chat
    assert settings.needs_home
    assert StreamSettings(notify_neighborhood=True).needs_home
    assert not StreamSettings().needs_home


def test_keys_are_long_random_and_stored_as_digests() -> None:
    one, two = issue_key(), issue_key()
    assert one.plain != two.plain
    assert len(one.plain) >= 43
    assert one.digest == digest_of(one.plain)
    assert one.plain not in one.digest
    assert len(one.digest) == 64


def product(seller: object = SELLER, status: ProductStatus = ProductStatus.AVAILABLE) -> Product:
    p = Product(
        uuid4(),
        seller,
        "Lamp",
        "",
        Money(1000, "EUR"),
        uuid4(),
        Condition.GOOD,
        FeedType.DISCOVER,
        NOW,
        NOW,  # type: ignore[arg-type]
    )
    p.status = status
    return p


def test_only_the_sellers_available_products_are_attached() -> None:
    mine = product()
    assert check_attachable(mine, mine.id, SELLER) is mine
    with pytest.raises(ProductNotFound):
        check_attachable(None, uuid4(), SELLER)
    with pytest.raises(ProductNotYours):
        check_attachable(product(seller=uuid4()), uuid4(), SELLER)
    with pytest.raises(StreamProductNotAvailable):
        check_attachable(product(status=ProductStatus.RESERVED), uuid4(), SELLER)
    with pytest.raises(ProductNotFound):
        check_attachable(product(seller=uuid4(), status=ProductStatus.ARCHIVED), uuid4(), SELLER)
    with pytest.raises(InvalidStreamProducts):
        check_count(0, 0)
    with pytest.raises(InvalidStreamProducts):
        check_count(49, 2)


def test_tags_are_bounded_and_one_product_is_featured_at_a_time() -> None:
    for x, y, t in ((-0.1, 0, 0), (0, 1.01, 0), (0, 0, -1), (float("nan"), 0, 0), (0, 0, float("inf"))):
        with pytest.raises(InvalidTag):
            Tag(x, y, t)
    sid = uuid4()
    a, b = StreamProduct(sid, uuid4(), 0, NOW), StreamProduct(sid, uuid4(), 1, NOW)
    tag_product([a, b], a.product_id, Tag(0, 1, 3), True, NOW)
    changed = tag_product([a, b], b.product_id, Tag(0.5, 0.5, 4), True, NOW)
    assert (a.featured, b.featured) == (False, True)
    assert changed == [b, a]
    assert tag_product([a, b], b.product_id, Tag(0.5, 0.5, 5), None, NOW) == [b]
    assert b.featured
    tag_product([a, b], b.product_id, Tag(0.5, 0.5, 6), False, NOW)
    assert not b.featured
    assert b.tag == Tag(0.5, 0.5, 6)
    with pytest.raises(ProductNotInStream):
        tag_product([a, b], uuid4(), Tag(0, 0, 0), None, NOW)


def test_chat_lines_and_reactions() -> None:
    assert ChatLine.of("  hi  ").content == "hi"
    for bad in ("", "   ", "x" * (CHAT_MAX + 1), 5, None):
        with pytest.raises(InvalidChatMessage):
            ChatLine.of(bad)
    assert ChatLine.of("x" * CHAT_MAX).content
    assert {reaction(e) for e in ("❤️", "❤", "🔥", "👏", "😂", "😮", "💎")} == {"❤️", "🔥", "👏", "😂", "😮", "💎"}
    for bad in ("👍", "", "❤️❤️", 1):
        with pytest.raises(InvalidReaction):
            reaction(bad)


def test_audience_rules() -> None:
    viewer = uuid4()
    paris, near, far = GeoPoint(48.8566, 2.3522), GeoPoint(48.86, 2.36), GeoPoint(45.76, 4.84)
    admit(Audience.EVERYONE, SELLER, viewer, False, None, None)
    admit(Audience.FOLLOWERS, SELLER, viewer, True, None, None)
    admit(Audience.FOLLOWERS, SELLER, SELLER, False, None, None)  # the seller always may
    admit(Audience.NEIGHBORHOOD, SELLER, viewer, False, paris, near)
    for audience, follows, homes in (
        (Audience.FOLLOWERS, False, (None, None)),
        (Audience.NEIGHBORHOOD, True, (paris, far)),
        (Audience.NEIGHBORHOOD, False, (paris, None)),
        (Audience.NEIGHBORHOOD, False, (None, near)),
    ):
        with pytest.raises(NotInAudience):
            admit(audience, SELLER, viewer, follows, *homes)


def test_viewer_figures_from_joins_and_leaves() -> None:
    a, b, c = uuid4(), uuid4(), uuid4()
    start, end = NOW, NOW + timedelta(seconds=100)

    def at(s: float) -> datetime:
        return NOW + timedelta(seconds=s)

    visits = [
        ViewerVisit(a, at(-30), at(40)),  # joined during the countdown: counts from the start
        ViewerVisit(a, at(30), at(60)),  # a second device overlapping: one person
        ViewerVisit(b, at(10), at(20)),
        ViewerVisit(b, at(50), None),  # never left: until the end
        ViewerVisit(c, at(20), at(30)),  # leaves as b joins: never three at once
    ]
    figures = viewer_figures(visits, (start, end))
    assert (figures.peak, figures.unique) == (2, 3)
    assert figures.average_watch_time_s == pytest.approx((60 + 60 + 10) / 3, abs=0.1)
    assert viewer_figures(visits, None).unique == 0
    assert viewer_figures([], (start, end)).average_watch_time_s == 0.0
