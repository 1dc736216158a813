"""Value objects of accounts: each validates and normalises itself on construction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from souk.domain.shared.errors import InvalidInput

_USERNAME = re.compile(r"^[a-z0-9_](?:[a-z0-9_.]{1,28})[a-z0-9_]$")
_PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")
# Deliberately modest: one @, a dot in the domain, no spaces. Deliverability is proven by mail.
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")

PASSWORD_MIN = 8
PASSWORD_MAX = 256  # argon2 is slow by design; unbounded input would be a free DoS lever.


class SellerTier(StrEnum):
    FREE = "free"
    PRO = "pro"


class Role(StrEnum):
    USER = "user"
    MODERATOR = "moderator"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Username:
    value: str

    @classmethod
    def parse(cls, raw: str) -> Username:
        value = raw.strip().lower()
        if not _USERNAME.match(value) or ".." in value:
            raise InvalidInput(
                "A username is 3-30 characters of letters, digits, '_' or '.', not starting or ending with '.'.",
                field="username",
            )
        return cls(value)


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    value: str

    @classmethod
    def parse(cls, raw: str, field: str = "phone") -> PhoneNumber:
        value = re.sub(r"[\s\-().]", "", raw)
        if not _PHONE.match(value):
            raise InvalidInput("A phone number must be in E.164 form, e.g. +14155550123.", field=field)
        return cls(value)


@dataclass(frozen=True, slots=True)
class Email:
    value: str

    @classmethod
    def parse(cls, raw: str, field: str = "email") -> Email:
        # Addresses are matched case-insensitively, as every mail provider users know does.
        value = raw.strip().lower()
        if len(value) > 254 or not _EMAIL.match(value):
            raise InvalidInput("That is not a valid email address.", field=field)
        return cls(value)


def check_password(raw: str, field: str = "password") -> str:
    if len(raw) < PASSWORD_MIN:
        raise InvalidInput(f"A password has at least {PASSWORD_MIN} characters.", field=field)
    if len(raw) > PASSWORD_MAX:
        raise InvalidInput(f"A password has at most {PASSWORD_MAX} characters.", field=field)
    return raw


def check_display_name(raw: str) -> str:
    value = " ".join(raw.split())
    if not 1 <= len(value) <= 50:
        raise InvalidInput("A display name has 1-50 characters.", field="display_name")
    return value


def classify_login(raw: str) -> PhoneNumber | Email | Username:
    """A login is a phone, an email or a username; tell which by its shape."""
    value = raw.strip()
    if "@" in value:
        return Email.parse(value, field="login")
    if value.startswith("+"):
        return PhoneNumber.parse(value, field="login")
    return Username.parse(value)
