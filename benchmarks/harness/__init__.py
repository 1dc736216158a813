"""Reusable pieces for Souk's peer benchmarks (see benchmarks/README.md).

- ``scratch_db``: a throwaway PostgreSQL database, its backends pinned to a core.
- ``server``: an ASGI server process pinned to a core, with readiness wait and CPU accounting.
- ``cpu``: CPU seconds of a process and busy share of a core, from /proc.
- ``wrk``: closed-loop throughput with rotating Authorization headers.
- ``openloop``: fixed-rate (open-loop) latency client, run in its own pinned process.
- ``ab``: A/B/A/B alternation of measurements.
- ``report``: medians, spreads, ratios and the markdown table.
"""
