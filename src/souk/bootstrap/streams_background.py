"""The sweep every server process runs: live streams whose push stopped and did not come
back within the reconnect window end by themselves (locked re-checks make it safe in
parallel). It runs a few times per window so the end comes soon after the window."""

from __future__ import annotations

from dishka import AsyncContainer

from souk.application.streams.end_silent_streams import EndSilentStreams
from souk.bootstrap.background import Periodic
from souk.bootstrap.settings import Settings


def silent_stream_sweeper(container: AsyncContainer, settings: Settings) -> Periodic:
    every_s = max(0.2, min(5.0, settings.stream_reconnect_window_s / 4))

    async def sweep() -> None:
        async with container() as request:
            await (await request.get(EndSilentStreams))()

    return Periodic("silent-stream-sweeper", every_s, sweep)
