"""Schemathesis against each deployment's served OpenAPI (``/schema/openapi.json``), as a
real ``souk serve`` sees it: generated and mutated requests for every operation, with a
bearer token, bounded in time. Not one may answer a server error (issue 13: "CI runs
schemathesis against both deployments with 0 failures"); the server logs no traceback.

The other checks (``--checks all``: undocumented status codes and content types, ...) are
the OpenAPI document's completeness, issue 14's work; they are not asserted here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.e2e.served import Served, served_fixture  # noqa: F401  (the `served` fixture)

TIME_BUDGET_S = 45  # per deployment; fuzzing then stops where it got to
SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))


def test_no_generated_request_gets_a_server_error(served: Served, tmp_path: Path) -> None:
    _, token = served.register()
    run = subprocess.run(
        [
            SCHEMATHESIS,
            "run",
            f"{served.base}/schema/openapi.json",
            "--url",
            served.base,
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "5",
            "--max-time",
            str(TIME_BUDGET_S),
            "--request-timeout",
            "30",
            "--seed",
            "20261206",
            "--no-color",
        ],
        cwd=tmp_path,  # hypothesis keeps its example database here, not in the repository
        capture_output=True,
        text=True,
        timeout=TIME_BUDGET_S + 120,
    )
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-20_000:]
    assert "Server error" not in report
    assert served.tracebacks() == [], "\n".join(served.tracebacks())[-20_000:]
