"""The one registry that writes events down and reads them back: every class round-trips
through its stored form, rows from the build before typed events still read (upcasters),
and what cannot be read reads as None instead of failing its consumer."""

from __future__ import annotations

import json

import msgspec
import pytest

from souk.adapters.events.registry import EVENTS, EventRegistry
from souk.domain.negotiation.events import OfferMade
from souk.domain.shared.events import DomainEvent
from tests.event_samples import every_event, legacy_rows, offer, offer_payload_v1

REGISTRY = EventRegistry()


def test_every_event_class_is_registered_and_sampled() -> None:
    assert {type(e) for e in every_event()} == set(EVENTS)
    assert len({k.topic for k in EVENTS}) == len(EVENTS)


@pytest.mark.parametrize("event", every_event(), ids=lambda e: e.topic)
def test_every_event_round_trips_through_its_stored_json(event: DomainEvent) -> None:
    stored = json.loads(json.dumps(REGISTRY.to_payload(event)))  # as the JSON column gives it back
    assert stored["v"] == event.version
    assert REGISTRY.from_payload(event.topic, stored) == event


@pytest.mark.parametrize(("topic", "payload", "expected"), legacy_rows(), ids=lambda x: x if isinstance(x, str) else "")
def test_rows_written_before_typed_events_read_as_todays_events(
    topic: str, payload: dict, expected: DomainEvent
) -> None:  # type: ignore[type-arg]
    assert "v" not in payload
    assert REGISTRY.from_payload(topic, json.loads(json.dumps(payload))) == expected


def test_what_cannot_be_read_reads_as_none() -> None:
    assert REGISTRY.from_payload("no.such.topic", {"n": 1}) is None
    too_old = offer_payload_v1(offer())
    del too_old["offer"]  # a row from before events carried the offer: nothing to rebuild it from
    assert REGISTRY.from_payload("offer.made", too_old) is None
    assert REGISTRY.from_payload("offer.made", {"v": 3, "offer": {}}) is None  # a newer build's shape
    assert REGISTRY.from_payload("user.registered", {"user_id": "not a uuid"}) is None


def test_a_class_whose_older_versions_cannot_be_read_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="no upcaster"):
        EventRegistry(kinds=[OfferMade], upcasters={})
    with pytest.raises(ValueError, match="two event classes"):
        EventRegistry(kinds=[OfferMade, OfferMade])


def test_the_domain_events_need_no_msgspec() -> None:
    """Plain frozen dataclasses: msgspec reads them from the outside (adapters only)."""
    for kind in EVENTS:
        assert not issubclass(kind, msgspec.Struct)
        assert kind.__dataclass_params__.frozen  # type: ignore[attr-defined]
