"""Settings: one declaration per variable, checked at start, documented from itself."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from souk.bootstrap.config_report import effective_lines, markdown_table
from souk.bootstrap.setting_values import unknown_names
from souk.bootstrap.settings import Settings, SettingsError, setting_names

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize(
    ("env", "line"),
    [
        ({"SOUK_JWT_SECRET": "short"}, "SOUK_JWT_SECRET=<secret>: too short (5 characters); expected at least 32"),
        ({"SOUK_DB_POOL_SIZE": "abc"}, "SOUK_DB_POOL_SIZE=abc: not a whole number; expected a whole number"),
        ({"SOUK_DB_POOL_SIZE": "0"}, "SOUK_DB_POOL_SIZE=0: too small; expected a value ≥ 1"),
        ({"SOUK_ACCESS_LOG": "ture"}, "SOUK_ACCESS_LOG=ture: not a boolean; expected true or false"),
        ({"SOUK_DB_POOL_TIMEOUT_S": "soon"}, "SOUK_DB_POOL_TIMEOUT_S=soon: not a number; expected a number"),
        ({"SOUK_DATABASE_URL": "mysql://u:pw@h/db"}, "SOUK_DATABASE_URL=mysql://u:***@h/db: unsupported database"),
        ({"SOUK_REDIS_URL": "localhost:6379"}, "SOUK_REDIS_URL=localhost:6379: not a Redis URL; expected redis://"),
        ({"SOUK_LOG_LEVEL": "loud"}, "SOUK_LOG_LEVEL=loud: not a known value; expected one of DEBUG, INFO"),
        ({"SOUK_LOG_FORMAT": "xml"}, "SOUK_LOG_FORMAT=xml: not a known value; expected one of auto, json, console"),
        ({"SOUK_PUBLIC_BASE_URL": "example.com"}, "SOUK_PUBLIC_BASE_URL=example.com: not an http(s) URL"),
        ({"SOUK_RTMP_URL": "http://x/live"}, "SOUK_RTMP_URL=http://x/live: not an RTMP URL"),
        ({"SOUK_TRUSTED_PROXIES": "10.0.0.0/8, nope"}, "SOUK_TRUSTED_PROXIES=10.0.0.0/8, nope: `nope` is not an"),
        ({"SOUK_INGEST_SECRET": "abc"}, "SOUK_INGEST_SECRET=<secret>: too short (3 characters); expected at least 16"),
        ({"SOUK_LOCATION_SECRET": "x" * 31}, "SOUK_LOCATION_SECRET=<secret>: too short (31 characters)"),
        ({"SOUK_PRESENCE_BEAT_S": "15"}, "SOUK_PRESENCE_BEAT_S=15: too long for SOUK_PRESENCE_TTL_S=20"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable_problem_and_form(env: dict[str, str], line: str) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env(env)
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(line)
    assert "expected" in message


def test_every_bad_value_is_reported_at_once_and_secrets_are_never_echoed() -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_env({"SOUK_JWT_SECRET": "hunter2", "SOUK_DB_POOL_SIZE": "x", "SOUK_ACCESS_LOG": "ture"})
    lines = str(raised.value).splitlines()
    names = sorted(line.split("=", 1)[0] for line in lines)
    assert names == ["SOUK_ACCESS_LOG", "SOUK_DB_POOL_SIZE", "SOUK_JWT_SECRET"]
    assert "hunter2" not in str(raised.value)


def test_values_are_typed_and_forms_are_lenient_where_unambiguous() -> None:
    settings = Settings.from_env(
        {
            "SOUK_DB_POOL_SIZE": " 7 ",
            "SOUK_DB_POOL_TIMEOUT_S": "2.5",
            "SOUK_ACCESS_LOG": "OFF",
            "SOUK_DEBUG_POOL_GUARD": "1",
            "SOUK_LOG_LEVEL": "debug",
            "SOUK_DATABASE_URL": "postgresql://u@db/souk",
            "SOUK_SMS_OUTBOX": "sms.jsonl",
            "SOUK_S3_BUCKET": "",
        }
    )
    assert (settings.db_pool_size, settings.db_pool_timeout_s) == (7, 2.5)
    assert (settings.access_log, settings.debug_pool_guard) == (False, True)
    assert settings.log_level == "DEBUG"
    assert settings.database_url == "postgresql+asyncpg://u@db/souk"
    assert settings.auto_migrate is False
    assert settings.sms_outbox == Path("sms.jsonl")
    assert settings.s3_bucket is None  # empty means the default


def test_unknown_souk_names_warn_with_the_closest_known_name() -> None:
    env = {"SOUK_ACCES_LOG": "true", "SOUK_DB_POOLSIZE": "3", "SOUK_NOTHING_LIKE_IT": "1", "PATH": "/bin"}
    warnings = unknown_names(env, setting_names())
    assert warnings == [
        "SOUK_ACCES_LOG is not a Souk setting and is ignored; did you mean SOUK_ACCESS_LOG?",
        "SOUK_DB_POOLSIZE is not a Souk setting and is ignored; did you mean SOUK_DB_POOL_SIZE?",
        "SOUK_NOTHING_LIKE_IT is not a Souk setting and is ignored",
    ]
    assert unknown_names(dict.fromkeys(setting_names(), ""), setting_names()) == []


def test_souk_config_masks_secrets_and_url_passwords() -> None:
    env = {
        "SOUK_JWT_SECRET": "j" * 40,
        "SOUK_DATABASE_URL": "postgresql://souk:pa55word@db/souk",
        "SOUK_S3_SECRET_ACCESS_KEY": "s3-very-secret",
        "SOUK_DB_POOL_SIZE": "9",
    }
    text = "\n".join(effective_lines(Settings.from_env(env), env))
    assert "j" * 40 not in text
    assert "pa55word" not in text
    assert "s3-very-secret" not in text
    assert "SOUK_JWT_SECRET = <set, 40 characters>  (env)" in text
    assert "SOUK_DATABASE_URL = postgresql+asyncpg://souk:***@db/souk  (env)" in text
    assert "SOUK_DB_POOL_SIZE = 9  (env)" in text
    assert "SOUK_ACCESS_LOG = true  (default)" in text
    assert "[database]" in text
    assert all(f"SOUK_{f.name.upper()} = " in text for f in fields(Settings))


def test_the_readme_table_is_the_settings_declaration() -> None:
    readme = README.read_text()
    found = re.search(r"<!-- settings:begin -->\n(.*)<!-- settings:end -->", readme, re.S)
    assert found, "README lost its settings markers"
    assert found.group(1) == markdown_table(), "README table is stale: paste `souk config --markdown`"
    for name in setting_names():
        rows = [line for line in readme.splitlines() if line.startswith(f"| `{name}` |")]
        assert len(rows) == 1, f"{name} must be documented in one table row"


def test_defaults_are_written_once_each() -> None:
    # every default lives in the field declaration; from_env only reads what is set
    assert Settings.from_env({}) == Settings(database_url="sqlite+aiosqlite:///souk-data/souk.db")
