from __future__ import annotations

import pytest

from souk.domain.accounts.password_policy import WeakPassword, check_password
from souk.domain.accounts.values import (
    Email,
    InvalidPhoneNumber,
    PhoneNumber,
    Username,
    check_display_name,
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
    with pytest.raises(InvalidPhoneNumber) as err:
        PhoneNumber.parse(raw)
    assert err.value.field == "phone"
    assert err.value.code == "invalid_phone"


@pytest.mark.parametrize("raw", ["+10000000000", "+15551234567", "+19999999999", "+4400000000000", "+33000000000"])
def test_numbers_of_the_right_shape_that_no_numbering_plan_has_are_refused(raw: str) -> None:
    with pytest.raises(InvalidPhoneNumber) as err:
        PhoneNumber.parse(raw)
    assert "numbering plan" in err.value.detail


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
    assert check_password("plum kettle orbit") == "plum kettle orbit"
    with pytest.raises(InvalidInput):
        check_password("1234567")
    with pytest.raises(InvalidInput):
        check_password("x" * 257)


@pytest.mark.parametrize(
    "raw", ["password", "12345678", "password1", "qwertyuiop", "iloveyou", "Summer2024", "abcabcabc"]
)
def test_common_and_guessable_passwords_are_refused_as_weak(raw: str) -> None:
    with pytest.raises(WeakPassword) as err:
        check_password(raw)
    assert err.value.code == "weak_password"
    assert err.value.field == "password"
    assert "too easy to guess" in err.value.detail


def test_a_password_made_of_the_accounts_own_words_is_weak() -> None:
    assert check_password("amira_b1990") == "amira_b1990"
    with pytest.raises(WeakPassword):
        check_password("amira_b1990", user_inputs=["amira_b1990", "Amira B", "amira@example.com"])


def test_a_long_passphrase_is_judged_on_its_start_and_accepted_quickly() -> None:
    phrase = "plum kettle orbit saffron " * 9
    assert check_password(phrase[:256]) == phrase[:256]


def test_display_name_whitespace_is_folded_and_bounded() -> None:
    assert check_display_name("  Amira   B ") == "Amira B"
    with pytest.raises(InvalidInput):
        check_display_name("   ")


def test_login_is_classified_by_its_shape() -> None:
    assert isinstance(classify_login("+14155550123"), PhoneNumber)
    assert isinstance(classify_login("Me@Example.com"), Email)
    assert isinstance(classify_login("amira"), Username)
