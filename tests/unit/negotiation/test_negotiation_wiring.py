"""The expiry job is registered and runs through the same dispatcher as every job; moves
schedule it and record their events in the outbox; pro fee rates come from settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from dishka import Provider, Scope

from souk.adapters.memory.store import InMemoryStore
from souk.application.negotiation.accept_offer import AcceptOffer
from souk.application.negotiation.get_offer import GetOffer
from souk.application.negotiation.make_offer import MakeOffer, MakeOfferCommand
from souk.application.negotiation.offer_moves import EXPIRE_OFFER_JOB
from souk.application.ports.job_queue import JobAttempt, JobQueue, JobRequest
from souk.bootstrap.settings import Settings
from souk.domain.fees.policy import FeePolicy
from souk.domain.negotiation.offer import OfferStatus
from souk.domain.shared.money import Money
from souk.entrypoints.worker.jobs import JOB_HANDLERS, ContainerJobDispatcher
from tests.negotiation_support import Negotiation, negotiation_container


class RecordingQueue(JobQueue):
    def __init__(self) -> None:
        self.jobs: list[JobRequest] = []

    async def enqueue(self, job: JobRequest) -> None:
        self.jobs.append(job)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[tuple[Negotiation, RecordingQueue]]:
    queue = RecordingQueue()
    fakes = Provider(scope=Scope.APP)
    fakes.provide(lambda: queue, provides=JobQueue)
    world = negotiation_container("memory", None, tmp_path, fakes)
    yield world, queue
    await world.container.close()


async def test_moves_schedule_the_expiry_job_and_the_handler_expires(world: tuple[Negotiation, RecordingQueue]) -> None:
    negotiation, queue = world
    seller, buyer = await negotiation.user(), await negotiation.user()
    product = await negotiation.product(seller)
    offer = await negotiation.run(MakeOffer, MakeOfferCommand(buyer, product, Money(500, "EUR")))
    [job] = queue.jobs
    assert (job.name, job.payload, job.run_at) == (EXPIRE_OFFER_JOB, {"offer_id": str(offer.id)}, offer.expires_at)
    assert job.key is not None
    assert EXPIRE_OFFER_JOB in JOB_HANDLERS

    dispatcher = ContainerJobDispatcher(negotiation.container)
    await dispatcher.dispatch(job.name, job.payload, JobAttempt(1, 3))  # too early: nothing happens
    assert (await negotiation.run(GetOffer, offer.id, buyer)).status is OfferStatus.PENDING
    negotiation.clock.advance(timedelta(hours=24))
    await dispatcher.dispatch(job.name, job.payload, JobAttempt(1, 3))
    await dispatcher.dispatch(job.name, job.payload, JobAttempt(1, 3))  # a duplicate delivery is harmless
    expired = await negotiation.run(GetOffer, offer.id, buyer)
    assert expired.status is OfferStatus.EXPIRED
    assert [m.action.value for m in expired.history] == ["offer", "expire"]


async def test_accept_records_its_events_in_the_outbox(world: tuple[Negotiation, RecordingQueue]) -> None:
    negotiation, _ = world
    seller, a, b = await negotiation.user(), await negotiation.user(), await negotiation.user()
    product = await negotiation.product(seller)
    first = await negotiation.run(MakeOffer, MakeOfferCommand(a, product, Money(500, "EUR")))
    await negotiation.run(MakeOffer, MakeOfferCommand(b, product, Money(600, "EUR")))
    store = await negotiation.get(InMemoryStore)
    before = len(store.table("outbox"))
    await negotiation.run(AcceptOffer, first.id, seller)
    topics = sorted(row.entry.event.topic for row in list(store.table("outbox").values())[before:])
    assert topics == sorted(
        [
            "message.sent",  # accept
            "offer.accepted",
            "message.sent",  # the other offer declined
            "offer.updated",
            "product.reserved",
            "transaction.opened",
        ]
    )


def test_pro_fee_rates_come_from_the_environment() -> None:
    settings = Settings.from_env({"SOUK_FEE_PRO_DISCOVER_BPS": "800", "SOUK_FEE_PRO_COMMUNITY_BPS": "250"})
    policy = FeePolicy.with_pro_rates(settings.fee_pro_discover_bps, settings.fee_pro_community_bps)
    assert (policy.rate("pro", "discover"), policy.rate("pro", "community")) == (800, 250)
    assert Settings.from_env({}).fee_pro_discover_bps == 1000
