"""Comparing a secret a client sent with the one expected, in constant time.

``hmac.compare_digest`` raises ``TypeError`` on ``str`` holding anything but ASCII; what a
client sends can hold anything, so text is compared as its UTF-8 bytes: a mismatch, never
an error."""

from __future__ import annotations

import hmac


def same_secret(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(errors="surrogatepass"), given.encode(errors="surrogatepass"))
