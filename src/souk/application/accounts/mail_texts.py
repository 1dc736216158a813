"""What Souk's account mails say: a plain-text part and an HTML alternative of the same
words. Links carry their token in the fragment (``#token=``), which browsers never send
to a server, so no proxy or access log ever holds it; the app or page posts it back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from souk.application.ports.mail_sender import MailMessage

_HTML = """<!doctype html>
<html><body style="font-family:sans-serif;line-height:1.5">
<p>Hello {name},</p>
<p>{lead}</p>
<p style="font-size:28px;letter-spacing:4px"><strong>{code}</strong></p>
<p><a href="{link}">{action}</a></p>
<p style="color:#666">{after}</p>
</body></html>
"""

_TEXT = """Hello {name},

{lead}

    {code}

{action}: {link}

{after}
"""


@dataclass(frozen=True, slots=True)
class MailLinks:
    """Where mail links point: ``base`` (the app's or site's address) + the page's path."""

    base: Callable[[], str]

    def link(self, page: str, token: str) -> str:
        return f"{self.base().rstrip('/')}/{page}#token={token}"


def _message(to: str, subject: str, words: dict[str, str]) -> MailMessage:
    text = _TEXT.format(**words)
    html = _HTML.format(**{k: escape(v, quote=True) for k, v in words.items()})
    return MailMessage(to, subject, text, html)


def verification_mail(to: str, name: str, code: str, link: str) -> MailMessage:
    return _message(
        to,
        "Confirm your email address for Souk",
        {
            "name": name,
            "lead": "Enter this code in the Souk app to confirm your email address:",
            "code": code,
            "action": "Or confirm it with this link",
            "link": link,
            "after": "The code and the link work once, for 30 minutes. If you did not ask for this, ignore this mail.",
        },
    )


def reset_mail(to: str, name: str, code: str, link: str) -> MailMessage:
    return _message(
        to,
        "Reset your Souk password",
        {
            "name": name,
            "lead": "Someone asked to reset the password of your Souk account. Your code:",
            "code": code,
            "action": "Or choose a new password with this link",
            "link": link,
            "after": "The code and the link work once, for 30 minutes. If it was not you, ignore this mail:"
            " your password stays as it is.",
        },
    )


def two_factor_mail(to: str, name: str, enabled: bool) -> MailMessage:
    """No code or link here: only the news, and what to do if it was not them."""
    state = "turned on" if enabled else "turned off"
    text = (
        f"Hello {name},\n\nTwo-factor sign-in was {state} for your Souk account.\n\n"
        "If it was not you, reset your password now and sign out your other devices "
        "(Settings > Sessions).\n"
    )
    html = (
        f'<!doctype html><html><body style="font-family:sans-serif"><p>Hello {escape(name)},</p>'
        f"<p>Two-factor sign-in was <strong>{state}</strong> for your Souk account.</p>"
        "<p>If it was not you, reset your password now and sign out your other devices "
        "(Settings &gt; Sessions).</p></body></html>\n"
    )
    return MailMessage(to, f"Two-factor sign-in {state}", text, html)
