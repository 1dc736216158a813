"""The settings that bound how long a crashed server's users look online and how long a
killed worker's job waits: read from the environment, and checked for a safe margin."""

from __future__ import annotations

import pytest

from souk.bootstrap.settings import Settings


def test_defaults_correct_presence_and_retry_jobs_within_30_seconds() -> None:
    settings = Settings.from_env({})
    assert settings.presence_ttl_s + settings.presence_beat_s <= 30
    # SAQ: stuck after the heartbeat, found within two sweep periods, 5 s abort wait, 1 s retry delay
    assert settings.job_heartbeat_s + 2 * settings.job_sweep_s + 5 + 1 <= 30


def test_presence_and_job_timings_come_from_the_environment() -> None:
    env = {
        "SOUK_PRESENCE_TTL_S": "12",
        "SOUK_PRESENCE_BEAT_S": "3",
        "SOUK_JOB_HEARTBEAT_S": "20",
        "SOUK_JOB_SWEEP_S": "7",
    }
    settings = Settings.from_env(env)
    assert (settings.presence_ttl_s, settings.presence_beat_s) == (12.0, 3.0)
    assert (settings.job_heartbeat_s, settings.job_sweep_s) == (20, 7)


def test_a_beat_longer_than_half_the_presence_lifetime_is_refused() -> None:
    # one late beat would make live users flicker offline
    with pytest.raises(ValueError, match="SOUK_PRESENCE_BEAT_S"):
        Settings.from_env({"SOUK_PRESENCE_TTL_S": "10", "SOUK_PRESENCE_BEAT_S": "6"})
