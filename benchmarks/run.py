"""Souk's benchmarks against their peers: ``nox -s bench``, or
``uv run --group bench python benchmarks/run.py [--quick]`` from the project root.

Prints a markdown table per benchmark and writes it to ``benchmarks/results/``. Figures are
read, never asserted: the exit status is non-zero only when a benchmark could not run."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

import catalog_feeds
import join_storm
import live_auction
import live_room
import notifications_fanout
import offers
import users_me
import ws_chat
import ws_idle
from harness.cpu import pick_cores

RESULTS = Path(__file__).parent / "results"
BENCHMARKS = {
    "users_me": users_me.run,
    "catalog_feeds": catalog_feeds.run,
    "offers": offers.run,
    "notifications_fanout": notifications_fanout.run,
    "ws_idle": ws_idle.run,
    "ws_chat": ws_chat.run,
    "live_room": live_room.run,
    "join_storm": join_storm.run,  # also the first step of live_room
    "live_auction": live_auction.run,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="2 short rounds: a smoke test, not figures")
    parser.add_argument("--rounds", type=int, help="A/B rounds (default 5; 2 with --quick)")
    parser.add_argument("--only", choices=sorted(BENCHMARKS), action="append", help="run only these")
    args = parser.parse_args()
    needs_wrk = not set(args.only or BENCHMARKS) <= {"join_storm", "live_auction"}  # WebSocket clients only
    tools = ("wrk", "taskset") if needs_wrk else ("taskset",)
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        print(f"missing tools: {', '.join(missing)} (Debian: apt-get install -y wrk util-linux)", file=sys.stderr)
        return 2
    server_core, load_core = pick_cores()
    if server_core == load_core:
        print("only one core: server and load share it; read CPU seconds per request, not req/s")
    os.sched_setaffinity(0, {load_core})  # this orchestrator stays off the server's core
    RESULTS.mkdir(exist_ok=True)
    print(f"server core {server_core}, load core {load_core} (wrk, open-loop client, PostgreSQL backends)")
    tables = []
    for name in args.only or list(BENCHMARKS):  # users/me first: the catalog's seed is the long part
        run = BENCHMARKS[name]
        tables.append(
            run(quick=args.quick, rounds=args.rounds, server_core=server_core, load_core=load_core, results_dir=RESULTS)
        )
    print("\n\n".join(tables))
    return 0


if __name__ == "__main__":
    sys.exit(main())
