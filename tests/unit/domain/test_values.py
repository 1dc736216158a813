from __future__ import annotations

import pytest

from souk.domain.accounts.values import (
    Email,
    PhoneNumber,
    Username,
    check_display_name,
    check_password,
    classify_login,
)
from souk.domain.shared.errors import InvalidInput


@pytest.mark.parametrize("raw", ["+14155550123", "+447911123456", "+33 6 12 34 56 78", "+1 (415) 555-0123"])
def test_phone_numbers_in_e164_are_accepted_and_normalised(raw: str) -> None:
    phone = PhoneNumber.parse(raw)
    assert phone.value.startswith("+")
    assert phone.value[1:].isdigit()


@pytest.mark.parametrize("raw", ["4155550123", "+0123456789", "+1", "+1234567890123456", "phone", ""])
def test_phone_numbers_not_in_e164_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput) as err:
        PhoneNumber.parse(raw)
    assert err.value.field == "phone"


def test_usernames_are_case_insensitive() -> None:
    assert Username.parse("  Amira_99 ").value == "amira_99"


@pytest.mark.parametrize("raw", ["ab", "a" * 31, "has space", ".dot", "dot.", "dou..ble", "émile"])
def test_bad_usernames_are_refused(raw: str) -> None:
    with pytest.raises(InvalidInput):
        Username.parse(raw)


def test_emails_are_lowercased_and_checked() -> None:
    assert Email.parse(" Amira@Example.COM ").value == "amira@example.com"
    for bad in ["no-at-sign", "a@b", "a@@b.com", "a b@c.com"]:
        with pytest.raises(InvalidInput):
            Email.parse(bad)


def test_password_length_bounds() -> None:
    assert check_password("12345678") == "12345678"
    with pytest.raises(InvalidInput):
        check_password("1234567")
    with pytest.raises(InvalidInput):
        check_password("x" * 257)


def test_display_name_whitespace_is_folded_and_bounded() -> None:
    assert check_display_name("  Amira   B ") == "Amira B"
    with pytest.raises(InvalidInput):
        check_display_name("   ")


def test_login_is_classified_by_its_shape() -> None:
    assert isinstance(classify_login("+14155550123"), PhoneNumber)
    assert isinstance(classify_login("Me@Example.com"), Email)
    assert isinstance(classify_login("amira"), Username)
