from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import jwt
import pytest

from souk.adapters.memory.clock import FakeClock
from souk.adapters.security.argon2_password_hasher import Argon2PasswordHasher
from souk.adapters.security.jwt_access_tokens import JwtAccessTokens
from souk.adapters.sms.log_sms_sender import LogSmsSender
from souk.bootstrap.settings import Settings
from souk.domain.accounts.errors import InvalidToken
from souk.domain.accounts.values import PhoneNumber

SECRET = "s" * 64
NOW = datetime(2026, 11, 21, 10, tzinfo=UTC)


def tokens(clock: FakeClock | None = None) -> JwtAccessTokens:
    return JwtAccessTokens(SECRET, "souk", "souk-api", clock or FakeClock(NOW))


def forge(**changes: object) -> str:
    claims = {"sub": str(uuid4()), "sid": str(uuid4()), "iss": "souk", "aud": "souk-api", "typ": "access"}
    claims |= {"iat": int(NOW.timestamp()), "exp": int((NOW + timedelta(minutes=15)).timestamp())}
    claims |= changes
    algorithm = str(claims.pop("alg", "HS256"))
    key = str(claims.pop("key", SECRET))
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, key, algorithm=algorithm)


def test_issued_tokens_verify_and_carry_fifteen_minutes() -> None:
    issuer = tokens()
    user_id = uuid4()
    session_id = uuid4()
    token = issuer.issue(user_id, session_id, NOW)
    assert token.expires_in == 900
    claims = issuer.verify(token.token)
    assert (claims.user_id, claims.session_id) == (user_id, session_id)


@pytest.mark.parametrize(
    "bad",
    [
        forge(key="another-secret-" + "x" * 40),
        forge(aud="someone-else"),
        forge(iss="evil"),
        forge(typ="refresh"),
        forge(exp=int((NOW - timedelta(minutes=1)).timestamp())),
        forge(iat=int((NOW + timedelta(hours=1)).timestamp())),
        forge(exp=None),
        forge(sub=None),
        forge(sub="not-a-uuid"),
        forge(sid=None),  # a token that names no session cannot be ended: refused
        forge(sid="not-a-uuid"),
        forge(alg="HS512"),
        jwt.encode({"sub": str(uuid4())}, None, algorithm="none"),  # type: ignore[arg-type]
        "garbage",
        "",
    ],
)
def test_anything_but_a_proper_access_token_is_refused(bad: str) -> None:
    with pytest.raises(InvalidToken):
        tokens().verify(bad)


def test_tokens_expire_with_the_clock() -> None:
    clock = FakeClock(NOW)
    issuer = tokens(clock)
    token = issuer.issue(uuid4(), uuid4(), NOW).token
    clock.advance(timedelta(minutes=15, seconds=6))
    with pytest.raises(InvalidToken):
        issuer.verify(token)


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="32"):
        JwtAccessTokens("short", "souk", "souk-api", FakeClock())


async def test_argon2id_at_owasp_floor_or_above_by_default() -> None:
    settings = Settings.from_env({})
    hasher = Argon2PasswordHasher(settings.argon2_memory_kib, settings.argon2_time_cost, settings.argon2_parallelism)
    started = time.perf_counter()
    digest = await hasher.hash("plum kettle orbit saffron")
    elapsed = time.perf_counter() - started
    assert digest.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert await hasher.verify(digest, "plum kettle orbit saffron")
    assert not await hasher.verify(digest, "wrong horse")
    assert not await hasher.verify("not-a-hash", "x")
    assert elapsed < 2
    assert Argon2PasswordHasher(1024, 1, 1).needs_rehash(digest)


async def test_sms_outbox_gets_one_json_line_per_message(tmp_path: Path) -> None:
    outbox = tmp_path / "dev" / "sms.jsonl"
    sender = LogSmsSender(outbox)
    await sender.send(PhoneNumber("+14155550123"), "Your Souk code is 123456.")
    await sender.send(PhoneNumber("+14155550124"), "Second")
    lines = [json.loads(line) for line in outbox.read_text().splitlines()]
    assert lines == [
        {"to": "+14155550123", "body": "Your Souk code is 123456."},
        {"to": "+14155550124", "body": "Second"},
    ]
