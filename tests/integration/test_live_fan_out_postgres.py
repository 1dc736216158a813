"""Going live with 10,000 followers on PostgreSQL: batches by the job runner (two at a
time, like two workers), every follower notified once, and a retry adds nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.sql.tables import follows, notifications, users
from souk.application.notifications.live_batch import BATCH
from souk.application.notifications.live_batch import BATCH_JOB as LIVE_BATCH_JOB
from souk.application.notifications.live_batch import PLAN_JOB as LIVE_FAN_OUT_JOB
from souk.application.ports.job_queue import JobAttempt
from souk.application.shared.ids import new_id
from souk.bootstrap.settings import Settings
from souk.domain.accounts.notifications import default_settings
from souk.entrypoints.worker.jobs import ContainerJobDispatcher
from tests.contract.test_notification_triggers import go_live
from tests.social_support import Social, social_world

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]
FOLLOWERS = 10_000
SWITCHED_OFF = 100


@pytest.fixture
async def world(postgres_settings: Settings, tmp_path: Path) -> AsyncIterator[Social]:
    built = social_world("postgres", postgres_settings, tmp_path)
    await built.deliver()
    yield built
    await built.container.close()


async def seed_followers(engine: AsyncEngine, seller: UUID, at: Any) -> None:
    off = {**default_settings(), "followed_seller_live": False}
    rows = []
    for n in range(FOLLOWERS):
        uid = new_id()
        rows.append(
            {
                "id": uid,
                "username": f"f{uid.hex[-24:]}",
                "display_name": "Fan",
                "password_hash": "x",
                "notification_settings": off if n < SWITCHED_OFF else default_settings(),
                "created_at": at,
                "updated_at": at,
            }
        )
    async with engine.begin() as conn:
        for start in range(0, FOLLOWERS, 2000):
            chunk = rows[start : start + 2000]
            await conn.execute(insert(users), chunk)
            await conn.execute(
                insert(follows), [{"follower_id": r["id"], "followee_id": seller, "created_at": at} for r in chunk]
            )


async def notified(engine: AsyncEngine, seller: UUID) -> tuple[int, int]:
    """(notifications of the seller's go-live, distinct recipients)."""
    query = select(func.count(), func.count(func.distinct(notifications.c.user_id))).where(
        notifications.c.type == "followed_seller_live", notifications.c.data["seller_id"].as_string() == str(seller)
    )
    async with engine.connect() as conn:
        total, distinct = (await conn.execute(query)).one()
    return int(total), int(distinct)


async def run_two_at_a_time(world: Social, name: str) -> int:
    """Two workers taking jobs from one queue until it is empty."""
    dispatcher = ContainerJobDispatcher(world.container)
    done = 0

    async def worker() -> None:
        nonlocal done
        while job := next((j for j in world.jobs.queued if j.name == name), None):
            world.jobs.queued.remove(job)
            await dispatcher.dispatch(job.name, job.payload, JobAttempt(1, job.max_attempts))
            world.jobs.ran.append(job)
            done += 1

    await asyncio.gather(worker(), worker())
    return done


async def test_ten_thousand_followers_notified_once_even_on_retry(world: Social) -> None:
    engine = await world.container.get(AsyncEngine)
    seller = await world.user()
    await seed_followers(engine, seller, world.clock.now())
    await go_live(world, seller)
    await world.deliver()
    assert await world.run_jobs(LIVE_FAN_OUT_JOB) == 1
    batches = [j for j in world.jobs.queued if j.name == LIVE_BATCH_JOB]
    assert len(batches) == -(-FOLLOWERS // BATCH)
    assert await run_two_at_a_time(world, LIVE_BATCH_JOB) == len(batches)
    assert await notified(engine, seller) == (FOLLOWERS - SWITCHED_OFF, FOLLOWERS - SWITCHED_OFF)

    # Every job retried (a worker died after its commit; the plan ran twice): nothing new.
    world.jobs.queued.extend(world.jobs.ran)
    world.jobs.ran.clear()
    await world.run_jobs(LIVE_FAN_OUT_JOB)
    await run_two_at_a_time(world, LIVE_BATCH_JOB)
    assert await notified(engine, seller) == (FOLLOWERS - SWITCHED_OFF, FOLLOWERS - SWITCHED_OFF)
