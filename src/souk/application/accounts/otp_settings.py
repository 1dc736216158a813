from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OtpKey:
    """The server-side key OTP digests are computed with."""

    value: bytes
