"""How much one viewer may say and send in a live room (moving windows: a small burst,
then about one a second)."""

from __future__ import annotations

from dataclasses import dataclass, field

from souk.application.ports.rate_limiter import RateRule


@dataclass(frozen=True, slots=True)
class RoomRateRules:
    chat: RateRule = field(default_factory=lambda: RateRule("stream_chat", 5, 5))
    reaction: RateRule = field(default_factory=lambda: RateRule("stream_reaction", 10, 5))
    click: RateRule = field(default_factory=lambda: RateRule("stream_click", 10, 60))
