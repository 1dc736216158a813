from __future__ import annotations

from souk.application.ports.pause import Pause


class RecordingPause(Pause):
    """Tests' pause: remembers each wait instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
