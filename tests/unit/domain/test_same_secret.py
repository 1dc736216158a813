"""Secrets a client sends are compared in constant time and whatever they hold: non-ASCII
text (where ``hmac.compare_digest`` on ``str`` raises ``TypeError``) is a mismatch."""

from __future__ import annotations

import pytest

from souk.domain.accounts.oidc import nonce_matches
from souk.domain.accounts.totp import is_totp_code
from souk.domain.shared.secrets import same_secret


def test_equal_text_matches_and_different_text_does_not() -> None:
    assert same_secret("abc-123", "abc-123")
    assert not same_secret("abc-123", "abc-124")
    assert not same_secret("abc", "")


@pytest.mark.parametrize("given", ["é", "\u0663\u0664", "abc\udc80", "💳"])
def test_non_ascii_given_is_a_mismatch_not_an_error(given: str) -> None:
    assert not same_secret("abc", given)
    assert same_secret(given, given)


def test_a_non_ascii_nonce_does_not_match_and_does_not_raise() -> None:
    assert not nonce_matches("n-123", "n-12é")
    assert nonce_matches("n-é", "n-é")


def test_totp_codes_are_six_ascii_digits() -> None:
    assert is_totp_code("123456")
    assert not is_totp_code("\u0661\u0662\u0663\u0664\u0665\u0666")  # Arabic-Indic digits: isdigit() is true
