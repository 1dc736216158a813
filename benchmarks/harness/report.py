"""Medians, spreads and ratios, written as a markdown table."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from harness.ab import Sample


def median(samples: Sequence[Sample], key: str) -> float:
    return statistics.median(s[key] for s in samples)


def spread(samples: Sequence[Sample], key: str) -> tuple[float, float]:
    values = [s[key] for s in samples]
    return min(values), max(values)


def fmt(value: float) -> str:
    if value != value:  # NaN
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    higher_is_better: bool = True


def comparison_table(
    metrics: Sequence[Metric], subject: str, peer: str, samples: dict[str, list[Sample]], *, header: bool = True
) -> str:
    """One row per metric: median [min-max] for both sides, and subject/peer of the medians.
    ``header=False`` gives rows only, to append to a table started by another call."""
    lines = [
        f"| metric | {subject} median [min–max] | {peer} median [min–max] | {subject}/{peer} |",
        "| --- | ---: | ---: | ---: |",
    ]
    if not header:
        lines.clear()
    for m in metrics:
        cells = []
        for name in (subject, peer):
            lo, hi = spread(samples[name], m.key)
            cells.append(f"{fmt(median(samples[name], m.key))} [{fmt(lo)}–{fmt(hi)}]")
        base = median(samples[peer], m.key)
        ratio = median(samples[subject], m.key) / base if base else float("nan")
        hint = "higher is better" if m.higher_is_better else "lower is better"
        lines.append(f"| {m.label} | {cells[0]} | {cells[1]} | {fmt(ratio)}× ({hint}) |")
    return "\n".join(lines)
