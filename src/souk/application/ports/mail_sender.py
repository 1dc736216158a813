from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class MailMessage:
    to: str
    subject: str
    text: str  # the plain-text part
    html: str  # the HTML alternative


class MailSender(Protocol):
    @property
    def available(self) -> bool:
        """Whether mail can go out at all (a deployment without a mail server says no)."""
        ...

    async def send(self, message: MailMessage) -> None:
        """Deliver the message; raises when the mail server refuses it or cannot be reached."""
        ...
