"""Property tests of the token and OTP rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from souk.application.shared.ids import new_id
from souk.domain.accounts.errors import OtpExpired, OtpLocked
from souk.domain.accounts.otp import OTP_MAX_ATTEMPTS, OTP_TTL, OtpChallenge, OtpPurpose
from souk.domain.accounts.refresh_token import REFRESH_TOKEN_TTL, RefreshToken, digest_refresh_token
from souk.domain.accounts.values import PhoneNumber

KEY = b"k" * 32
NOW = datetime(2026, 11, 21, 10, tzinfo=UTC)
PHONE = PhoneNumber("+14155550123")
seconds = st.integers(min_value=0, max_value=int(REFRESH_TOKEN_TTL.total_seconds()) * 2)


@given(age=seconds)
def test_a_refresh_token_is_live_only_unused_unrevoked_and_before_expiry(age: int) -> None:
    token, plaintext = RefreshToken.issue(uuid4(), new_id(), NOW)
    at = NOW + timedelta(seconds=age)
    assert token.is_live(at) == (at < NOW + REFRESH_TOKEN_TTL)
    token.used_at = NOW
    assert not token.is_live(at)
    assert token.token_hash == digest_refresh_token(plaintext)


@given(st.data())
def test_refresh_tokens_are_unguessable_and_only_their_digest_is_kept(data: st.DataObject) -> None:
    token, plaintext = RefreshToken.issue(uuid4(), new_id(), NOW)
    assert len(plaintext) >= 43  # 256 bits, url-safe base64
    assert plaintext not in token.token_hash
    other, other_plain = RefreshToken.issue(uuid4(), token.user_id, NOW, family_id=token.family_id)
    assert other.family_id == token.family_id
    assert other_plain != plaintext


@given(st.integers(min_value=0, max_value=999_999))
def test_only_the_issued_code_matches(guess: int) -> None:
    challenge, code = OtpChallenge.issue(uuid4(), PHONE, OtpPurpose.LOGIN, NOW, KEY)
    assert len(code) == 6
    assert code.isdigit()
    assert challenge.matches(code, KEY)
    assert challenge.matches(f"{guess:06d}", KEY) == (f"{guess:06d}" == code)
    assert not challenge.matches(code, b"another-key" * 3)


@given(st.integers(min_value=0, max_value=int(OTP_TTL.total_seconds()) * 3))
def test_a_code_expires_after_five_minutes(age: int) -> None:
    challenge, _ = OtpChallenge.issue(uuid4(), PHONE, OtpPurpose.VERIFY_PHONE, NOW, KEY)
    at = NOW + timedelta(seconds=age)
    if at >= NOW + OTP_TTL:
        with pytest.raises(OtpExpired):
            challenge.ensure_open(at)
    else:
        challenge.ensure_open(at)


@given(st.integers(min_value=0, max_value=20))
def test_a_challenge_locks_after_five_attempts(attempts: int) -> None:
    challenge, _ = OtpChallenge.issue(uuid4(), PHONE, OtpPurpose.LOGIN, NOW, KEY)
    challenge.attempts = attempts
    if attempts >= OTP_MAX_ATTEMPTS:
        with pytest.raises(OtpLocked):
            challenge.ensure_open(NOW)
    else:
        challenge.ensure_open(NOW)
        assert challenge.attempts_left == OTP_MAX_ATTEMPTS - attempts


def test_codes_are_spread_over_the_whole_space() -> None:
    codes = {OtpChallenge.issue(uuid4(), PHONE, OtpPurpose.LOGIN, NOW, KEY)[1] for _ in range(2000)}
    assert len(codes) > 1900
    assert any(c.startswith("0") for c in codes)
