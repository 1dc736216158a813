"""Turn one outbox event into its notifications (consumer side of the outbox)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.notifications.live_batch import PLAN_JOB, plan_payload
from souk.application.notifications.push_notification import PUSH_JOB
from souk.application.notifications.triggers import trigger_for
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
        await self.together([entry])

    async def together(self, entries: Sequence[OutboxEntry]) -> None:
        """Several events in one transaction: one presence read, one user read, one insert
        and one read of what is left unpushed for all of them, one commit; then the
        ``notification:new`` frames, the push jobs and the fan-out jobs. A failure anywhere
        fails them all (the caller retries one by one: every step is idempotent)."""
        addressed_drafts: dict[UUID, list[NotificationDraft]] = {}
        fan_outs: list[OutboxEntry] = []
        for entry in entries:
            trigger = trigger_for(entry.event)
            if trigger is None:
                continue
            if trigger.fan_out is not None:
                fan_outs.append(entry)
            else:
                addressed_drafts[entry.id] = addressed(trigger.drafts, trigger.actor_id)
        wanted = await self._wanted(addressed_drafts)
        # Nobody to tell (a chat message between two online members: most of them): not
        # even unpushed ones from an earlier attempt. Whoever they were for is online now or
        # switched the type off, and sees it in the inbox — no write, no read.
        batch = [(event_id, drafts) for event_id, drafts in wanted.items() if drafts]
        if batch:
            created = await self._notifications.add_many(batch, self._clock.now())
            for notification in created:
                self._events.announce(NotificationCreated(notification))
            unpushed = await self._notifications.unpushed_of([event_id for event_id, _ in batch])
            await self._uow.commit()
            await self._events.publish()
            for notification in unpushed:
                await self._jobs.enqueue(
                    JobRequest(PUSH_JOB, {"notification_id": str(notification.id)}, key=f"push:{notification.id}")
                )
        for entry in fan_outs:
            await self._fan_out(entry)

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

    async def _wanted(self, by_event: dict[UUID, list[NotificationDraft]]) -> dict[UUID, list[NotificationDraft]]:
        """Drop what the recipient switched off, and what a live socket already shows."""
        drafts = [d for ds in by_event.values() for d in ds]
        online = await self._presence.online(d.recipient_id for d in drafts if d.only_if_offline)

        def shown_live(draft: NotificationDraft) -> bool:
            return draft.only_if_offline and draft.recipient_id in online

        users = await self._users.many(d.recipient_id for d in drafts if not shown_live(d))

        def wanted(draft: NotificationDraft) -> bool:
            user = users.get(draft.recipient_id)
            return not shown_live(draft) and user is not None and user.wants(draft.type)

        return {event_id: [d for d in ds if wanted(d)] for event_id, ds in by_event.items()}

    async def _fan_out(self, entry: OutboxEntry) -> None:
        key = f"live-fan-out:{entry.id}"
        await self._jobs.enqueue(JobRequest(PLAN_JOB, plan_payload(entry.id), key=key, timeout_s=300))
