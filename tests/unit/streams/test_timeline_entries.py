"""What one tag writes on the stream's timeline: the tag with its place, each product it
unpinned, and the target's own pin change — nothing for a pin that did not change."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from souk.domain.streams.stream_product import StreamProduct, Tag, tag_product
from souk.domain.streams.timeline import TimelineKind, tag_entries

T0 = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def shown(stream_id: UUID, featured: bool = False) -> StreamProduct:
    return StreamProduct(stream_id, uuid4(), 0, T0, featured=featured)


def test_pinning_one_product_unpins_the_other_on_the_timeline() -> None:
    stream = uuid4()
    lamp, vase = shown(stream, featured=True), shown(stream)
    changed = tag_product([lamp, vase], vase.product_id, Tag(0.1, 0.2, 5.0), True, T0)
    entries = tag_entries(stream, changed, False, T0)
    assert [(e.kind, e.product_id, dict(e.data)) for e in entries] == [
        (TimelineKind.TAGGED, vase.product_id, {"x": 0.1, "y": 0.2, "timestamp_s": 5.0}),
        (TimelineKind.FEATURED, lamp.product_id, {"featured": False}),
        (TimelineKind.FEATURED, vase.product_id, {"featured": True}),
    ]


def test_a_tag_that_leaves_the_pin_as_it_was_writes_only_the_tag() -> None:
    stream = uuid4()
    lamp = shown(stream, featured=True)
    for featured in (None, True):
        changed = tag_product([lamp], lamp.product_id, Tag(0.5, 0.5, 1.0), featured, T0)
        assert [e.kind for e in tag_entries(stream, changed, True, T0)] == [TimelineKind.TAGGED]
    changed = tag_product([lamp], lamp.product_id, Tag(0.5, 0.5, 1.0), False, T0)
    assert [(e.kind, dict(e.data)) for e in tag_entries(stream, changed, True, T0)] == [
        (TimelineKind.TAGGED, {"x": 0.5, "y": 0.5, "timestamp_s": 1.0}),
        (TimelineKind.FEATURED, {"featured": False}),
    ]
