"""Schemathesis ``--checks all`` against each deployment's served OpenAPI
(``/schema/openapi.json``), as a real ``souk serve`` sees it: examples, coverage, fuzzing
and stateful phases for every operation, bounded in examples and time. Every check must
hold (issue 14: "Schemathesis and the AsyncAPI validation run in the suite with 0
failures"): no server error, every status and content type documented, every answer
matching its documented schema (including the operation's list of problem ``code``s),
schema-valid requests accepted and schema-violating ones refused, ``Allow`` right.

Where a check cannot hold by nature (a value only the server can issue, a rule between
parameters OpenAPI cannot state), ``schemathesis.toml`` says why, operation by operation.
The run also seeds what a generator cannot guess: real category ids."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx

from tests.e2e.served import Served, served_fixture  # noqa: F401  (the `served` fixture)
from tests.support import unique

TIME_BUDGET_S = 120  # per deployment; fuzzing then stops where it got to
MAX_EXAMPLES = 5
SCHEMATHESIS = str(Path(sys.executable).with_name("schemathesis"))
CONFIG = Path(__file__).with_name("schemathesis.toml")
PASSWORD = "correct horse battery"


def test_every_check_holds_on_generated_requests(served: Served, tmp_path: Path) -> None:
    username = _registered_user(served)
    config = tmp_path / "schemathesis.toml"
    config.write_text(_config_with_categories(served))
    run = subprocess.run(
        [
            SCHEMATHESIS,
            "--config-file",
            str(config),
            "run",
            f"{served.base}/schema/openapi.json",
            "--url",
            served.base,
            "--checks",
            "all",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--max-time",
            str(TIME_BUDGET_S),
            "--request-timeout",
            "30",
            "--seed",
            "20261206",
            "--no-color",
        ],
        cwd=tmp_path,  # hypothesis keeps its example database here, not in the repository
        env={**os.environ, "SOUK_ST_LOGIN": username, "SOUK_ST_PASSWORD": PASSWORD},
        capture_output=True,
        text=True,
        timeout=TIME_BUDGET_S * 4 + 120,
    )
    report = run.stdout + run.stderr
    summary = re.search(r"(\d+) generated, .*", report)
    print(f"schemathesis: {summary.group(0) if summary else 'no summary'}")
    assert served.tracebacks() == [], "\n".join(served.tracebacks())[-20_000:]
    failures = report.find("FAILURES")  # the failing operations and their curl, before the long summary
    assert run.returncode == 0, report[failures:][:20_000] if failures >= 0 else report[-20_000:]
    assert "Server error" not in report
    assert re.search(r"Tested: (\d+)", report) is not None, report[-5_000:]


def _registered_user(served: Served) -> str:
    username = unique("st")
    body = {"username": username, "password": PASSWORD, "display_name": "Schemathesis", "email": f"{username}@x.io"}
    response = httpx.post(f"{served.base}/api/v1/auth/register", json=body, timeout=30)
    assert response.status_code == 201, response.text
    return username


def _config_with_categories(served: Served) -> str:
    """The checked-in settings plus a dictionary of this server's category ids: a product
    must name an existing category (400 `unknown_category` otherwise), which no generator
    can guess."""
    tree = httpx.get(f"{served.base}/api/v1/categories", timeout=30).json()
    ids = [node["id"] for node in _walk(tree)]
    assert ids, "the server has no categories"
    return (
        CONFIG.read_text()
        + "\n[dictionaries.categories]\n"
        + f"values = {json.dumps(ids)}\n"
        + '\n[parameters."body.category_id"]\ndictionary = "categories"\n'
    )


def _walk(nodes: list[dict[str, object]]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for node in nodes:
        found.append(node)
        children = node.get("children")
        if isinstance(children, list):
            found.extend(_walk(children))
    return found
