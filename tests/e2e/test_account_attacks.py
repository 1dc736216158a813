"""Issue 13 items 5, 8 and 9, performed as an attacker would against a real ``souk serve``
in both deployments: rotating X-Forwarded-For past per-IP limits, locking an owner out with
wrong passwords, and telling which numbers and usernames have accounts by timing."""

from __future__ import annotations

import random
import secrets
import statistics
import time
from pathlib import Path
from typing import Any

import httpx

from tests.e2e.souk_process import STRONG_PASSWORD, Deployment, deployment, register, souk_serve
from tests.support import unique, unique_phone

__all__ = ["deployment"]

AUTH = "/api/v1/auth"


def random_address() -> str:
    return f"198.18.{secrets.randbelow(256)}.{1 + secrets.randbelow(254)}"


# --- 5: the client address comes from SOUK_TRUSTED_PROXIES alone --------------------------


def test_rotating_x_forwarded_for_does_not_defeat_per_ip_limits(tmp_path: Path, deployment: Deployment) -> None:
    """No trusted proxies: X-Forwarded-For from the local peer means nothing, so the per-IP
    login (30/min) and OTP-send (20/h) budgets run out however it is rotated."""
    with (
        souk_serve(tmp_path, deployment, SOUK_TRUSTED_PROXIES="") as (base, _),
        httpx.Client(base_url=base, timeout=30) as http,
    ):
        logins = [
            http.post(
                f"{AUTH}/login",
                json={"login": unique(), "password": "wrong password"},
                headers={"X-Forwarded-For": random_address()},
            ).status_code
            for _ in range(31)
        ]
        sends = [
            http.post(
                f"{AUTH}/otp/send",
                json={"phone": unique_phone(), "purpose": "login"},
                headers={"X-Forwarded-For": random_address()},
            ).status_code
            for _ in range(21)
        ]
    assert set(logins) <= {401, 429}
    assert logins[-1] == 429, logins
    assert set(sends) <= {202, 429}
    assert sends[-1] == 429, sends


# --- 8: no lockout ----------------------------------------------------------------------------


def test_wrong_passwords_from_elsewhere_never_lock_the_owner_out(tmp_path: Path, deployment: Deployment) -> None:
    env = {"SOUK_TRUSTED_PROXIES": "127.0.0.1/32,::1/128"}  # the test plays the proxy: two addresses
    attacker, second_attacker, owner = "203.0.113.66", "203.0.113.67", "198.51.100.7"
    with souk_serve(tmp_path, deployment, **env) as (base, _), httpx.Client(base_url=base, timeout=60) as http:
        username = register(http, headers={"X-Forwarded-For": owner})["user"]["username"]

        def login(password: str, address: str) -> httpx.Response:
            body = {"login": username, "password": password}
            return http.post(f"{AUTH}/login", json=body, headers={"X-Forwarded-For": address})

        guesses = [login(f"guess number {n}", attacker) for n in range(12)]
        assert [r.status_code for r in guesses] == [401] * 10 + [429] * 2
        assert int(guesses[-1].headers["retry-after"]) > 0
        assert login(STRONG_PASSWORD, attacker).status_code == 429, "the attacker's address stays stopped"
        assert login(STRONG_PASSWORD, owner).status_code == 200, "the owner is not locked out"

        assert {login(f"more guesses {n}", second_attacker).status_code for n in range(3)} == {401}
        started = time.monotonic()
        slowed = login(STRONG_PASSWORD, owner)
        waited = time.monotonic() - started
    assert slowed.status_code == 200, slowed.text
    # 13 recent wrong passwords for the account: every attempt on it, from anywhere, now
    # waits 0.25 s x 2^3 first; the owner is slowed down, not refused.
    assert waited >= 1.9


# --- 9: no enumeration ------------------------------------------------------------------------


def _timed(http: httpx.Client, path: str, body: dict[str, str]) -> tuple[float, httpx.Response]:
    headers = {"X-Forwarded-For": random_address()}  # every sample its own address: no per-IP limit
    started = time.perf_counter()
    response = http.post(path, json=body, headers=headers)
    return time.perf_counter() - started, response


def _sample(
    http: httpx.Client, path: str, known: list[dict[str, str]], unknown: list[dict[str, str]], gap_s: float
) -> Any:
    """Interleaved in random order, a pause between samples so what a request queued
    (texting a code, 100 ms after the answer) is done before the next one is timed."""
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    answers: dict[str, set[tuple[int, str]]] = {"known": set(), "unknown": set()}
    for pair in zip(known, unknown, strict=True):
        order = [("known", pair[0]), ("unknown", pair[1])]
        random.shuffle(order)
        for kind, body in order:
            elapsed, response = _timed(http, path, body)
            times[kind].append(elapsed)
            answers[kind].add((response.status_code, response.text))
            time.sleep(gap_s)
    return times, answers


def _assert_indistinguishable(times: dict[str, list[float]], answers: dict[str, set[tuple[int, str]]]) -> str:
    assert answers["known"] == answers["unknown"], answers
    assert len(answers["known"]) == 1, "one answer for everyone"
    known, unknown = statistics.median(times["known"]), statistics.median(times["unknown"])
    gap = abs(known - unknown)
    # The issue measured 5.9 ms vs 3.1 ms (2.8 ms); noise between two medians of 50+
    # interleaved samples on a loaded machine stays well under 1 ms.
    bound = max(0.001, 0.25 * min(known, unknown))
    verdict = f"median known {known * 1000:.2f} ms, unknown {unknown * 1000:.2f} ms, bound {bound * 1000:.2f} ms"
    return verdict if gap < bound else "FAIL " + verdict


def test_who_has_an_account_does_not_leak_through_answers_or_timing(tmp_path: Path, deployment: Deployment) -> None:
    samples = 50
    env = {"SOUK_TRUSTED_PROXIES": "127.0.0.1/32,::1/128"}
    with souk_serve(tmp_path, deployment, **env) as (base, _), httpx.Client(base_url=base, timeout=60) as http:
        accounts = [register(http, headers={"X-Forwarded-For": random_address()}) for _ in range(4 * samples)]
        # Each phone is sent to once (1 text per phone per minute), each account guessed at once.
        phones = iter([a["phone"] for a in accounts])
        names = iter([a["user"]["username"] for a in accounts])

        def otp_bodies(n: int, known: bool) -> list[dict[str, str]]:
            return [{"phone": next(phones) if known else unique_phone(), "purpose": "login"} for _ in range(n)]

        def reset_bodies(n: int, known: bool) -> list[dict[str, str]]:
            return [{"phone": next(phones) if known else unique_phone()} for _ in range(n)]

        def login_bodies(n: int, known: bool) -> list[dict[str, str]]:
            return [
                {"login": next(names) if known else unique("ghost"), "password": "not my password"} for _ in range(n)
            ]

        verdicts = {}
        for path, bodies, gap_s in (
            (f"{AUTH}/otp/send", otp_bodies, 0.15),
            (f"{AUTH}/password/reset", reset_bodies, 0.15),
            (f"{AUTH}/login", login_bodies, 0.01),
        ):
            for _ in range(2):  # one retry with fresh samples: a burst of load can skew one run
                verdicts[path] = _assert_indistinguishable(
                    *_sample(http, path, bodies(samples, True), bodies(samples, False), gap_s)
                )
                if not verdicts[path].startswith("FAIL"):
                    break
    print(deployment.name, verdicts)  # the figures for the closing note (pytest -s)
    failed = {path: v for path, v in verdicts.items() if v.startswith("FAIL")}
    assert not failed, failed
