"""What offer moves share: locking in a fixed order (product, then offers, then
conversations — so concurrent moves queue instead of deadlocking), the message in the
buyer-seller conversation, the event, and scheduling the expiry. Each use case names the
ports it needs in its own constructor."""

from __future__ import annotations

import logging
from datetime import datetime
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.negotiation.chat import Chat
from souk.application.ports.job_queue import JobQueue, JobRequest
from souk.application.ports.offer_repository import OfferRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.negotiation.conversation import MessageDraft, MessageType
from souk.domain.negotiation.errors import OfferNotFound
from souk.domain.negotiation.events import OfferEvent, OfferSnapshot, OfferUpdated
from souk.domain.negotiation.offer import Action, Move, Offer, Side

log = logging.getLogger("souk.negotiation")

EXPIRE_OFFER_JOB = "negotiation.expire_offer"


async def visible_offer(offers: OfferRepository, offer_id: UUID, user_id: UUID) -> Offer:
    """An offer the caller is party to, else 404 (strangers learn nothing)."""
    offer = await offers.get(offer_id)
    if offer is None:
        raise OfferNotFound()
    offer.side_of(user_id)
    return offer


async def locked_offer(offers: OfferRepository, offer_id: UUID) -> Offer:
    offer = await offers.get_for_update(offer_id)
    if offer is None:  # pragma: no cover - read a moment ago; offers are never deleted
        raise OfferNotFound()
    return offer


class OfferExpiries:
    """Schedules the job that expires an open offer at its deadline."""

    def __init__(self, jobs: JobQueue) -> None:
        self._jobs = jobs

    async def schedule(self, offer: Offer) -> None:
        """After commit. A lost job is harmless: the periodic sweep expires what is overdue."""
        if not offer.is_open:
            return
        job = JobRequest(
            EXPIRE_OFFER_JOB,
            {"offer_id": str(offer.id)},
            key=f"offer-expiry:{offer.id}:{int(offer.expires_at.timestamp())}",
            run_at=offer.expires_at,
            timeout_s=60,
        )
        try:
            await self._jobs.enqueue(job)
        except Exception:
            log.warning("negotiation.expiry_not_scheduled offer=%s", offer.id, exc_info=True)


class OfferMove:
    """What a move on an existing offer needs: the offer, its conversation, its events."""

    def __init__(
        self, uow: UnitOfWork, offers: OfferRepository, chat: Chat, events: EventRecorder, clock: Clock
    ) -> None:
        self._uow = uow
        self._offers = offers
        self._chat = chat
        self._events = events
        self._clock = clock


class CloseOffer(OfferMove):
    """A move that ends the negotiation without a sale (decline, withdraw): checked for
    visibility, applied under lock, announced, committed, published."""

    def _move(self, offer: Offer, by: UUID, now: datetime) -> None:
        raise NotImplementedError

    async def __call__(self, offer_id: UUID, by: UUID) -> Offer:
        await visible_offer(self._offers, offer_id, by)
        offer = await locked_offer(self._offers, offer_id)
        self._move(offer, by, self._clock.now())
        await self._offers.save(offer)
        await announce(self._chat, self._events, offer, OfferUpdated, by)
        await self._uow.commit()
        await self._events.publish()
        return offer


async def announce(chat: Chat, events: EventRecorder, offer: Offer, event: type[OfferEvent], by: UUID | None) -> None:
    """Write the move as a message and record the event (inside the transaction)."""
    move = offer.history[-1]
    kind = MessageType.OFFER if move.action in (Action.OFFER, Action.COUNTER) else MessageType.SYSTEM
    draft = MessageDraft(kind, describe(move), offer_id=offer.id)
    sender = by if kind is MessageType.OFFER else None
    members = (offer.buyer_id, offer.seller_id)  # the offer's conversation joins exactly them
    await chat.post_to(offer.conversation_id, members, sender, draft, move.at, offer)
    await events.record(event(OfferSnapshot.of(offer)))


def describe(move: Move) -> str:
    who = {Side.BUYER: "The buyer", Side.SELLER: "The seller", Side.SYSTEM: "Souk"}[move.by]
    return {
        Action.OFFER: f"{who} offered {move.price}.",
        Action.COUNTER: f"{who} countered with {move.price}.",
        Action.ACCEPT: f"{who} accepted the offer of {move.price}.",
        Action.DECLINE: f"{who} declined the offer of {move.price}."
        if move.by is not Side.SYSTEM
        else f"The offer of {move.price} was declined: the item was sold to another buyer.",
        Action.WITHDRAW: f"{who} withdrew the offer of {move.price}.",
        Action.EXPIRE: f"The offer of {move.price} expired.",
    }[move.action]
