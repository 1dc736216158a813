from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.archive_links import ArchiveLinks
from souk.application.ports.blob_store import BlobStore
from souk.application.ports.personal_data import PersonalData
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.privacy.events import DataExportReady

LINK_LIFETIME = timedelta(days=7)
EXPORT_PREFIX = "exports"


def export_key(user_id: UUID, export_id: UUID) -> str:
    return f"{EXPORT_PREFIX}/{user_id}/{export_id}.json"


class BuildExport:
    """The export job: everything about the user as one JSON archive, stored through the
    media storage, announced to them with a signed link that expires in a week."""

    def __init__(
        self,
        personal: PersonalData,
        blobs: BlobStore,
        links: ArchiveLinks,
        uow: UnitOfWork,
        events: EventRecorder,
        clock: Clock,
    ) -> None:
        self._personal = personal
        self._blobs = blobs
        self._links = links
        self._uow = uow
        self._events = events
        self._clock = clock

    async def __call__(self, user_id: UUID, export_id: UUID) -> str:
        now = self._clock.now()
        archive = {
            "format": "souk-export/1",
            "user_id": str(user_id),
            "export_id": str(export_id),
            "created_at": now.isoformat(),
            **await self._personal.export(user_id),
        }
        body = json.dumps(archive, ensure_ascii=False, indent=1, default=str).encode()
        key = export_key(user_id, export_id)
        await self._blobs.write_stream(key, _once(body), "application/json")
        expires_at = now + LINK_LIFETIME
        url = self._links.url(key, expires_at)
        await self._events.record(DataExportReady(user_id, export_id, url, expires_at))
        await self._uow.commit()
        await self._events.publish()
        return key


async def _once(body: bytes) -> AsyncIterator[bytes]:
    yield body
