"""Turn one outbox event into its notifications (consumer side of the outbox)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.notifications.live_batch import PLAN_JOB, plan_payload
from souk.application.notifications.push_notification import PUSH_JOB
from souk.application.notifications.triggers import Trigger, trigger_for
from souk.application.ports.job_queue import JobQueue, JobRequest
from souk.application.ports.notification_repository import NotificationRepository
from souk.application.ports.outbox import OutboxEntry
from souk.application.ports.presence import Presence
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.domain.notifications.events import NotificationCreated
from souk.domain.notifications.notification import NotificationDraft, addressed


class DeliverEvent:
    """Idempotent: run twice (two consumers, a retry after a crash) it notifies once, since
    the store keeps one notification per (event, recipient, type). Only the notifications
    that are new go out as ``notification:new``; push jobs are keyed by notification, and
    are enqueued again for any the event left unpushed, so a crash between the commit and
    the enqueue loses no push."""

    def __init__(
        self,
        uow: UnitOfWork,
        notifications: NotificationRepository,
        users: UserRepository,
        presence: Presence,
        events: EventRecorder,
        jobs: JobQueue,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._notifications = notifications
        self._users = users
        self._presence = presence
        self._events = events
        self._jobs = jobs
        self._clock = clock

    async def __call__(self, entry: OutboxEntry) -> None:
        trigger = trigger_for(entry.event)
        if trigger is None:
            return
        if trigger.fan_out is not None:
            await self._fan_out(entry, trigger)
            return
        drafts = await self._wanted(addressed(trigger.drafts, trigger.actor_id))
        if not drafts:
            # Nobody to tell (a chat message between two online members: most of them). Not
            # even unpushed ones from an earlier attempt: whoever they were for is online now
            # or switched the type off, and sees it in the inbox — no write, no read.
            return
        created = await self._notifications.add(entry.id, drafts, self._clock.now())
        for notification in created:
            self._events.announce(NotificationCreated(notification))
        await self._uow.commit()
        await self._events.publish()
        for notification in await self._notifications.unpushed(entry.id):
            await self._jobs.enqueue(
                JobRequest(PUSH_JOB, {"notification_id": str(notification.id)}, key=f"push:{notification.id}")
            )

    async def nobody_to_tell(self, entries: Sequence[OutboxEntry]) -> set[UUID]:
        """The ids of the ``entries`` that notify nobody now, for a whole batch with one
        presence read: no trigger, or only notifications for recipients online now (a chat
        message between two online members: most of them). Handling those one by one would
        end at the same ``return`` in ``__call__`` after a presence read each."""
        quiet: set[UUID] = set()
        offline_only: dict[UUID, list[NotificationDraft]] = {}
        for entry in entries:
            trigger = trigger_for(entry.event)
            if trigger is None:
                quiet.add(entry.id)
            elif trigger.fan_out is None:
                drafts = addressed(trigger.drafts, trigger.actor_id)
                if all(d.only_if_offline for d in drafts):
                    offline_only[entry.id] = drafts
        if offline_only:
            online = await self._presence.online(d.recipient_id for ds in offline_only.values() for d in ds)
            quiet.update(i for i, ds in offline_only.items() if all(d.recipient_id in online for d in ds))
        return quiet

    async def _wanted(self, drafts: list[NotificationDraft]) -> list[NotificationDraft]:
        """Drop what the recipient switched off, and what a live socket already shows."""
        online = await self._presence.online(d.recipient_id for d in drafts if d.only_if_offline)
        kept = []
        for draft in drafts:
            if draft.only_if_offline and draft.recipient_id in online:
                continue
            user = await self._users.get(draft.recipient_id)
            if user is not None and user.wants(draft.type):
                kept.append(draft)
        return kept

    async def _fan_out(self, entry: OutboxEntry, trigger: Trigger) -> None:
        key = f"live-fan-out:{entry.id}"
        await self._jobs.enqueue(JobRequest(PLAN_JOB, plan_payload(entry.id), key=key, timeout_s=300))
