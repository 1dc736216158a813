"""The ``souk`` command refuses bad settings before doing anything: one line, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SOUK = [sys.executable, "-m", "souk"]


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SOUK_")}
    clean.update(SOUK_DATA_DIR=str(tmp_path), SOUK_AUTO_MIGRATE="false", SOUK_LOG_FORMAT="json", **env)
    return subprocess.run([*SOUK, *args], env=clean, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("SOUK_JWT_SECRET", "short", "SOUK_JWT_SECRET=<secret>: too short"),
        ("SOUK_DB_POOL_SIZE", "abc", "SOUK_DB_POOL_SIZE=abc: not a whole number"),
        ("SOUK_ACCESS_LOG", "ture", "SOUK_ACCESS_LOG=ture: not a boolean"),
        ("SOUK_DATABASE_URL", "mysql://root:pw@db/souk", "SOUK_DATABASE_URL=mysql://root:***@db/souk: unsupported"),
    ],
)
def test_a_bad_setting_stops_serve_with_one_line(tmp_path: Path, variable: str, value: str, expected: str) -> None:
    assert_refused(run(tmp_path, "serve", "--port", "1", **{variable: value}), expected)


@pytest.mark.parametrize("command", [("migrate",), ("worker",), ("config",)])
def test_every_command_checks_settings_first(tmp_path: Path, command: tuple[str, ...]) -> None:
    assert_refused(run(tmp_path, *command, SOUK_DB_POOL_SIZE="abc"), "SOUK_DB_POOL_SIZE=abc: not a whole number")


def assert_refused(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [lines[0]], result.stderr
    assert lines[0].startswith(f"souk: configuration error: {expected}")
    assert "Traceback" not in result.stderr
    assert "pw@" not in result.stderr


def test_souk_config_prints_the_effective_configuration_masked(tmp_path: Path) -> None:
    secret = "c" * 44
    result = run(tmp_path, "config", SOUK_JWT_SECRET=secret, SOUK_DB_POOL_SIZE="7", SOUK_ACCES_LOG="false")
    assert result.returncode == 0, result.stderr
    assert secret not in result.stdout + result.stderr
    assert "SOUK_JWT_SECRET = <set, 44 characters>  (env)" in result.stdout
    assert "SOUK_DB_POOL_SIZE = 7  (env)" in result.stdout
    assert "did you mean SOUK_ACCESS_LOG?" in result.stdout
    # the start-up warning too, as a log line
    assert "settings.unknown_variable" in result.stderr


def test_souk_config_markdown_is_the_readme_table(tmp_path: Path) -> None:
    result = run(tmp_path, "config", "--markdown")
    assert result.returncode == 0, result.stderr
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert result.stdout.strip() in readme
