"""The notification consumer's doorbell rings one process: a trigger raised in a process
with a consumer wakes that consumer at once, in process (no other process hears of it).
The bus path: a process without a consumer (``souk worker``, the CLI) publishes a bare
``DoorbellRung``, and a consumer in another process (another container on the same
PostgreSQL and Redis) wakes at once; its unit rules are in
tests/unit/application/test_notification_doorbell.py."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import UUID

import pytest

from souk.application.negotiation.start_conversation import StartConversation
from souk.bootstrap.notifications_background import NotificationConsumer
from souk.bootstrap.settings import Settings
from tests.social_support import Social, delivered_social_world, social_world, types_of

POLL_S = 60.0  # far beyond the test's patience: only the doorbell can wake the consumer in time


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, pytest.mark.redis])])
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Social]:
    async with delivered_social_world(request, tmp_path) as built:
        yield built


async def inbox_types(world: Social, user: UUID, within_s: float = 10.0) -> list[str]:
    deadline = time.monotonic() + within_s
    while True:
        found = types_of(await world.inbox(user))
        if found or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.05)


async def consuming(world: Social) -> NotificationConsumer:
    consumer = NotificationConsumer(world.container, POLL_S)
    consumer.start()
    await asyncio.sleep(0.2)  # its first drain done, its doorbell listening
    return consumer


async def test_a_trigger_of_the_consumers_own_process_wakes_it_at_once(world: Social) -> None:
    consumer = await consuming(world)
    try:
        seller, buyer = await world.user(), await world.user()
        await world.run(StartConversation, buyer, seller, None, "Is it still available?")
        assert await inbox_types(world, seller) == ["new_message"]
    finally:
        await consumer.stop()


@pytest.mark.postgres
@pytest.mark.redis
async def test_a_trigger_of_a_process_without_a_consumer_wakes_another_process_through_redis(
    postgres_settings: Settings, tmp_path: Path
) -> None:
    consumers = social_world("postgres", postgres_settings, tmp_path / "server")
    producer = social_world("postgres", postgres_settings, tmp_path / "worker")  # runs no consumer
    try:
        await consumers.deliver()  # the events other tests left in the shared database
        consumer = await consuming(consumers)
        try:
            seller, buyer = await producer.user(), await producer.user()
            await producer.run(StartConversation, buyer, seller, None, "Is it still available?")
            assert await inbox_types(consumers, seller) == ["new_message"]
        finally:
            await consumer.stop()
    finally:
        await producer.container.close()
        await consumers.container.close()
