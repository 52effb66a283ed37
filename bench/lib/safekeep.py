"""Safekeep itself as the bench scripts use it: the release binaries, the
build that makes them, and a vault of test accounts made with the release
CLI."""

from __future__ import annotations

import base64
import os
import statistics
import subprocess
import time
import urllib.parse
from pathlib import Path

from . import ROOT
from .procfs import sample_cpu
from .report import log
from .x11 import send_ctrl_l, xdotool

APP = ROOT / "target/release/safekeep-app"
CLI = ROOT / "target/release/safekeep"
RELEASE_BUILD = ["cargo", "build", "--release", "--locked", "-p", "safekeep-app", "-p", "safekeep-cli"]


def cargo(command: list[str], cwd: Path = ROOT, **kwargs) -> None:
    """Runs a cargo command in `cwd`, showing it first; a failure ends the run."""
    where = "" if cwd == ROOT else f"(cd {cwd.relative_to(ROOT)}) "
    log(f"$ {where}{' '.join(command)}")
    subprocess.run(command, cwd=cwd, check=True, **kwargs)


def build_release() -> None:
    """Builds the release app and CLI, the binaries every measurement uses."""
    cargo(RELEASE_BUILD)


def prepare_vault(cli: Path, env: dict, count: int) -> dict:
    def run(*args: str, stdin: str | None = None) -> str:
        result = subprocess.run([str(cli), *args], env=env, input=stdin, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"safekeep {args[0]} failed ({result.returncode}): {result.stderr.strip()}")
        return result.stdout

    run("init")
    width = len(str(count))
    with_tokens = []
    for i in range(1, count + 1):
        issuer = f"Bench Site {i:0{width}d}"
        label = f"user{i:0{width}d}@example.org"
        secret = base64.b32encode(os.urandom(20)).decode().rstrip("=")
        quote = urllib.parse.quote
        run("add", f"otpauth://totp/{quote(issuer)}:{quote(label)}?secret={secret}&issuer={quote(issuer)}")
        if i % 5 == 0:
            tokens = [f"{os.urandom(2).hex()}-{os.urandom(2).hex()}" for _ in range(10)]
            run("tokens", "add", issuer, stdin="\n".join(tokens) + "\n")
            with_tokens.append(issuer)
    listed = [line for line in run("list").splitlines() if line.strip()]
    if len(listed) < count:
        raise RuntimeError(f"safekeep list shows {len(listed)} lines, expected {count} accounts")
    return {"accounts": count, "accounts_with_10_backup_tokens": len(with_tokens),
            "first_issuer": f"Bench Site {1:0{width}d}"}


def time_cli_code(cli: Path, env: dict, query: str, runs: int) -> dict:
    """Wall time of `safekeep code <account>`: process start, keychain lookup
    over D-Bus, vault open and decrypt, one code. The app does the same
    keychain + open work before its window can show codes."""
    values = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = subprocess.run([str(cli), "code", query], env=env, capture_output=True, text=True, timeout=60)
        values.append((time.perf_counter() - t0) * 1000.0)
        if result.returncode != 0 or not result.stdout.strip():
            raise RuntimeError(f"safekeep code {query} failed ({result.returncode}): {result.stderr.strip()}")
    return {"runs_ms": values, "median_ms": statistics.median(values), "min_ms": min(values), "max_ms": max(values)}


def idle_cpu_hidden_then_locked(pid: int, window: str, env: dict, seconds: float, extra: dict[str, int]) -> dict:
    """Idle CPU of the app's tree (see procfs.sample_cpu) with its window
    hidden (unmapped), then visible again but locked (Ctrl+L): the two states
    in which no timer of Safekeep's may run."""
    xdotool(env, "windowunmap", "--sync", window)
    time.sleep(2.0)
    log(f"idle CPU, window hidden, {seconds} s")
    hidden = sample_cpu(pid, seconds, extra)

    xdotool(env, "windowmap", "--sync", window)
    time.sleep(2.0)
    send_ctrl_l(env, window)
    time.sleep(2.0)
    log(f"idle CPU, window visible and locked, {seconds} s")
    locked = sample_cpu(pid, seconds, extra)
    return {"hidden": hidden, "locked": locked}
