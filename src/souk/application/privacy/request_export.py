from __future__ import annotations

from uuid import UUID

from souk.application.ports.job_queue import JobQueue, JobRequest
from souk.application.shared.ids import Ids

BUILD_EXPORT_JOB = "privacy.build_export"


class RequestExport:
    """``POST /users/me/export``: a job builds the archive; its link arrives as a
    notification (``data_export_ready``)."""

    def __init__(self, jobs: JobQueue, ids: Ids) -> None:
        self._jobs = jobs
        self._ids = ids

    async def __call__(self, user_id: UUID) -> UUID:
        export_id = self._ids.new()
        payload = {"user_id": str(user_id), "export_id": str(export_id)}
        await self._jobs.enqueue(JobRequest(BUILD_EXPORT_JOB, payload, key=f"export:{export_id}", timeout_s=300))
        return export_id
