"""Which passwords an account may have: long enough, short enough to hash cheaply, and
not guessable. Guessability is zxcvbn's estimate (dictionaries of common passwords,
names, keyboard walks, dates, l33t), not composition rules, as NIST SP 800-63B advises."""

from __future__ import annotations

from collections.abc import Iterable

from zxcvbn import zxcvbn

from souk.domain.shared.errors import InvalidInput

PASSWORD_MIN = 8
PASSWORD_MAX = 256  # argon2 is slow by design; unbounded input would be a free DoS lever.
# zxcvbn's matching grows fast with length; a passphrase longer than this is judged on its
# first 72 characters, which alone must already be hard to guess.
_JUDGED_LENGTH = 72
# zxcvbn's score 3: "safely unguessable", ~10^8 guesses or more; below that a password
# falls to an online attack spread over many addresses.
_MIN_SCORE = 3


class WeakPassword(InvalidInput):
    code = "weak_password"
    default_detail = "This password is too easy to guess; choose a longer or less common one."


def check_password(raw: str, field: str = "password", user_inputs: Iterable[str] = ()) -> str:
    """The password when an account may use it. ``user_inputs`` are the account's own
    words (username, name, email, phone): a password built from them is easy to guess."""
    if len(raw) < PASSWORD_MIN:
        raise InvalidInput(f"A password has at least {PASSWORD_MIN} characters.", field=field)
    if len(raw) > PASSWORD_MAX:
        raise InvalidInput(f"A password has at most {PASSWORD_MAX} characters.", field=field)
    estimate = zxcvbn(raw[:_JUDGED_LENGTH], user_inputs=[w for w in user_inputs if w], max_length=_JUDGED_LENGTH)
    if estimate["score"] < _MIN_SCORE:
        feedback = estimate["feedback"]
        hints = [feedback.get("warning") or "", *feedback.get("suggestions", [])]
        detail = " ".join(
            [
                "This password is too easy to guess: people trying common passwords would find it.",
                *(h for h in hints if h),
                "A few unrelated words make a strong password that is easy to remember.",
            ]
        )
        raise WeakPassword(detail, field=field)
    return raw
