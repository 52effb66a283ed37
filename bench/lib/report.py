"""How a bench script speaks: its log lines on stderr, memory in MiB, and the
raw numbers of a run as JSON under artifacts/bench/."""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

from . import ROOT

# The running script's name ("app_metrics", "compare") tags every log line,
# including those the shared modules write.
SCRIPT = Path(sys.argv[0]).stem or "bench"


def log(message: str) -> None:
    print(f"[{SCRIPT}] {message}", file=sys.stderr, flush=True)


def mib(kib: float) -> float:
    """Kibibytes (what /proc calls kB) in mebibytes; a byte count is divided by 1024 first."""
    return kib / 1024


def utc_stamp() -> str:
    """Now, in UTC, as it goes into a file name: 20261128T090641Z."""
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def write_raw_numbers(report: dict, out: Path | None, name: str) -> Path:
    """Writes the run's numbers to `out`, or to artifacts/bench/<name>-<UTC time>.json."""
    out = out or ROOT / "artifacts/bench" / f"{name}-{utc_stamp()}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    return out
