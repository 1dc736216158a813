"""RingingEventBus: a trigger rings this process's consumer when one listens, and the bus
(a bare DoorbellRung) only when none does; other events ring nothing."""

from __future__ import annotations

from uuid import uuid4

from souk.adapters.inprocess.event_bus import InProcessEventBus
from souk.application.notifications.doorbell import Doorbell, DoorbellRung, RingingEventBus
from souk.domain.accounts.events import PresenceChanged
from souk.domain.catalog.events import UserFollowed
from souk.domain.shared.events import DomainEvent


class RecordingBus(InProcessEventBus):
    def __init__(self) -> None:
        super().__init__()
        self.published: list[DomainEvent] = []

    async def publish(self, event: DomainEvent) -> None:
        self.published.append(event)
        await super().publish(event)


def followed() -> UserFollowed:
    return UserFollowed(follower_id=uuid4(), followee_id=uuid4())


async def test_a_trigger_rings_the_local_consumer_and_not_the_bus() -> None:
    inner, bell, rung = RecordingBus(), Doorbell(), []
    bell.listen(lambda: rung.append(1))
    event = followed()
    await RingingEventBus(inner, bell).publish(event)
    assert rung == [1]
    assert inner.published == [event]  # the event itself still goes out (relays, other listeners)


async def test_without_a_local_consumer_a_trigger_rings_every_consumer_through_the_bus() -> None:
    inner, bell = RecordingBus(), Doorbell()
    event = followed()
    async with inner.subscribe(DoorbellRung) as rings:
        await RingingEventBus(inner, bell).publish(event)
        assert inner.published == [event, DoorbellRung()]
        assert await anext(rings) == DoorbellRung()


async def test_an_event_that_notifies_nobody_rings_nothing() -> None:
    inner, bell, rung = RecordingBus(), Doorbell(), []
    bell.listen(lambda: rung.append(1))
    event = PresenceChanged(user_id=uuid4(), online=True, partners=())
    await RingingEventBus(inner, bell).publish(event)
    assert rung == []
    assert inner.published == [event]
    bell.listen(None)
    await RingingEventBus(inner, bell).publish(event)
    assert inner.published == [event, event]
