"""Value objects of accounts: each validates and normalises itself on construction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers

from souk.domain.shared.errors import InvalidInput
from souk.domain.shared.seller_tier import SellerTier as SellerTier  # kept importable here

_USERNAME = re.compile(r"^[a-z0-9_](?:[a-z0-9_.]{1,28})[a-z0-9_]$")
_PHONE = re.compile(r"^\+[1-9][0-9]{6,14}$")
# Deliberately modest: one @, a dot in the domain, no spaces. Deliverability is proven by mail.
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class Role(StrEnum):
    USER = "user"
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def can_moderate(self) -> bool:
        """The one role rule: moderators and admins are staff (reports, takedowns,
        suspensions, the /admin console); everything staff-only asks this."""
        return self in (Role.MODERATOR, Role.ADMIN)


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


class InvalidPhoneNumber(InvalidInput):
    code = "invalid_phone"
    default_detail = "That is not a phone number that can receive a text; give it in E.164 form, e.g. +14155550123."


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    value: str

    @classmethod
    def parse(cls, raw: str, field: str = "phone") -> PhoneNumber:
        """A number that exists in its country's numbering plan (Google's libphonenumber
        metadata), in E.164 form: ``+10000000000`` has the right shape but no such line."""
        value = re.sub(r"[\s\-().]", "", raw)
        if not _PHONE.match(value):
            raise InvalidPhoneNumber(field=field)
        try:
            number = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            raise InvalidPhoneNumber(field=field) from None
        if not phonenumbers.is_valid_number(number):
            raise InvalidPhoneNumber(
                f"{value} is not a number in use in any country's numbering plan; check the digits.", field=field
            )
        return cls(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


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
