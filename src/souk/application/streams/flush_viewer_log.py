from __future__ import annotations

from souk.application.ports.stream_viewer_log import StreamViewerLog
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.streams.visit_buffer import VisitBuffer


class FlushViewerLog:
    """Write the joins and leaves this process has buffered (see ``VisitBuffer``)."""

    def __init__(self, visits: VisitBuffer, viewer_log: StreamViewerLog, uow: UnitOfWork) -> None:
        self._visits = visits
        self._log = viewer_log
        self._uow = uow

    async def __call__(self) -> int:
        return await self._visits.flush(self._log, self._uow)
