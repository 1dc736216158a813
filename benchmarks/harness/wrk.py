"""Closed-loop throughput with wrk: each request carries the next bearer token of a list,
so the load rotates across users, and optionally the next path of a list (``paths``: cursors,
coordinates, search terms), so no cache flatters one input. Paths keep their query strings.
Needs the `wrk` binary (Debian: ``apt-get install wrk``)."""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_SCRIPT = r"""
local paths, tokens = {}, {}
if os.getenv("BENCH_PATHS") then
  for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
else
  paths[1] = os.getenv("BENCH_PATH")
end
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
local next_thread = 0
local requests, counter = {}, 0

function setup(thread)
  thread:set("offset", next_thread * 7919)
  next_thread = next_thread + 1
end

function init(args)
  -- path i and token i rotate together (each list wraps): both vary request by request
  for i = 1, math.max(#paths, #tokens) do
    local path, token = paths[(i - 1) % #paths + 1], tokens[(i - 1) % #tokens + 1]
    -- the token "-" stands for an anonymous request: no Authorization header
    local headers = {}
    if token ~= "-" then headers["Authorization"] = "Bearer " .. token end
    requests[i] = wrk.format("GET", path, headers)
  end
  counter = offset or 0
end

function request()
  counter = counter + 1
  return requests[(counter % #requests) + 1]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "errors": %d, "non_2xx": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    errors: int
    non_2xx: int
    p50_ms: float
    p99_ms: float
    client_cpu_seconds: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(
    base_url: str,
    path: str,
    tokens_file: Path,
    *,
    seconds: float,
    connections: int = 32,
    threads: int = 1,
    core: int = 1,
    paths: Sequence[str] | None = None,
) -> WrkResult:
    """``paths`` (each ``/path?query``), when given, rotate in place of ``path``."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_SCRIPT)
    paths_file = None
    if paths:
        with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as listed:
            listed.write("\n".join(paths) + "\n")
        paths_file = listed.name
    argv = ["taskset", "-c", str(core), "wrk", "-t", str(threads), "-c", str(connections)]
    argv += ["-d", f"{max(1, round(seconds))}s", "--timeout", "10s", "-s", script.name, base_url]
    env = {"BENCH_PATH": path, "BENCH_TOKENS": str(tokens_file), "PATH": "/usr/bin:/bin:/usr/local/bin"}
    if paths_file:
        env["BENCH_PATHS"] = paths_file
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True, timeout=seconds + 60)
    finally:
        Path(script.name).unlink(missing_ok=True)
        if paths_file:
            Path(paths_file).unlink(missing_ok=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{done.stdout}\n{done.stderr}")
    data = json.loads(line.removeprefix("WRK_JSON "))
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        errors=data["errors"],
        non_2xx=data["non_2xx"],
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        client_cpu_seconds=(after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
    )
