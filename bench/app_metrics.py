#!/usr/bin/env python3
"""Measures the Safekeep desktop app: launch to first code, memory, idle CPU.

Usage (from anywhere; Python 3.11 standard library only):

    python3 bench/app_metrics.py [--accounts 20] [--launches 5] [--idle-seconds 30]

It first runs `cargo build --release -p safekeep-app -p safekeep-cli`
(skip with --no-build when both release binaries are already fresh) and then
measures the release binaries, never the debug ones.

What it needs (scripts/setup.sh installs all of it): Xvfb, xdotool,
dbus-run-session, gnome-keyring-daemon, secret-tool, tauri-driver
(`cargo install tauri-driver --locked`) and WebKitWebDriver
(Debian package webkit2gtk-driver).

Everything runs in isolation from the person running it:
- a private D-Bus session with its own unlocked gnome-keyring (the script
  re-executes itself under `dbus-run-session` when DBUS_SESSION_BUS_ADDRESS
  is not set, or always with --private-bus) and a fresh XDG_DATA_HOME;
- its own X server (Xvfb -displayfd picks a free display);
- a fresh SAFEKEEP_DATA_DIR and its own SAFEKEEP_KEYRING_SERVICE;
- fresh XDG config/cache/data folders for the app (window state, WebKit).

Steps:
1. With the release CLI: `safekeep init`, then N TOTP accounts via
   `safekeep add otpauth://...`, and ten backup tokens on every fifth one.
   The app then opens straight to the list through the keychain.
2. Launch to first code, --launches times: tauri-driver (free ports) starts
   the release app through WebKitWebDriver; over plain HTTP WebDriver we poll
   performance.getEntriesByName("safekeep:first-code"), the mark ui/views/
   account-row.js sets when the first real code is put in the DOM. First-code
   time = performance.timeOrigin + mark.startTime - the app process's start
   time (/proc/<pid>/stat field 22, in clock ticks since boot, plus the boot
   time). /proc/stat's btime is whole seconds only, so the boot time used is
   time.time() - CLOCK_BOOTTIME (sub-millisecond); both are recorded. The
   process start time itself has clock-tick resolution (10 ms at 100 Hz).
   The last WebDriver launch also checks that the two window tricks used
   below work: `xdotool windowunmap` makes document.hidden true, and
   `xdotool key --window <id> ctrl+l` locks the vault.
3. Memory: the release app launched directly (no WebDriver), after 5 s: RSS,
   PSS and USS (Private_Clean + Private_Dirty) from /proc/<pid>/smaps_rollup
   of the app and every descendant (WebKitWebProcess, WebKitNetworkProcess,
   ...), per process and in total; again at the end, after the lock.
4. Idle CPU, same direct launch: utime+stime (/proc/<pid>/stat fields 14 and
   15) summed over the tree at the start and end of --idle-seconds, as % of
   one core, with the window visible, hidden (unmapped), and visible but
   locked (Ctrl+L). The X server's own CPU is reported beside it.

Output: a Markdown table on stdout, and the raw numbers as JSON in
artifacts/bench/app-metrics-<UTC time>.json (artifacts/ is not committed).
Everything started here is killed on exit, also on error or Ctrl+C.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from lib.procfs import machine, memory_of_tree, sample_cpu
from lib.processes import (Processes, in_private_bus, private_bus_env, require_tools, run_in_private_bus,
                           run_isolated)
from lib.report import log, mib, write_raw_numbers
from lib.safekeep import (APP, CLI, build_release, idle_cpu_hidden_then_locked, prepare_vault,
                          time_cli_code)
from lib.webdriver import launch_with_webdriver
from lib.x11 import app_window, start_xvfb


def metrics_table(report: dict) -> str:
    """The run as a Markdown table, as docs/BENCHMARKS.md quotes it."""
    lines = []
    launches = report["first_code"]["launches_ms"]
    summary = report["first_code"]
    app_env = " ".join(f"{k}={v}" for k, v in report["settings"]["app_env"].items())
    lines += [
        f"Safekeep app, release build, {report['vault']['accounts']} accounts "
        f"({report['vault']['accounts_with_10_backup_tokens']} with 10 backup tokens), Xvfb"
        + (f", app environment: {app_env}" if app_env else ""),
        "",
        "| Metric | Value |",
        "|---|---|",
        f"| Launch to first code (median of {len(launches)}) | {summary['median_ms']:.0f} ms |",
        f"| Launch to first code (min / max) | {summary['min_ms']:.0f} / {summary['max_ms']:.0f} ms |",
        f"| - of which process start to page time origin (median) | {summary['median_start_to_time_origin_ms']:.0f} ms |",
        f"| - of which page time origin to first code (median) | {summary['median_time_origin_to_mark_ms']:.0f} ms |",
    ]
    paints = [p for p, l in zip(summary["first_contentful_paint_ms"], launches) if p is not None and p >= l]
    if paints:
        lines.append(f"| First paint after the code is in the DOM (first-contentful-paint; median of the "
                     f"{len(paints)} launches that report it) | {statistics.median(paints):.0f} ms |")
    cli = report["cli_code"]
    lines.append(f"| CLI `safekeep code` (keychain + open + code; median of {len(cli['runs_ms'])}, min / max) | "
                 f"{cli['median_ms']:.0f} ms ({cli['min_ms']:.0f} / {cli['max_ms']:.0f}) |")
    memory = report["memory_after_settle"]
    total = memory["total"]
    lines.append(f"| Memory, whole tree, {report['settings']['settle_seconds']:.0f} s after launch: RSS / PSS / USS "
                 f"| {mib(total['rss_kb']):.0f} / {mib(total['pss_kb']):.0f} / {mib(total['uss_kb']):.0f} MiB |")
    for p in memory["processes"]:
        lines.append(f"| - {p['name']} (pid {p['pid']}): RSS / PSS / USS "
                     f"| {mib(p['rss_kb']):.0f} / {mib(p['pss_kb']):.0f} / {mib(p['uss_kb']):.0f} MiB |")
    locked_total = report["memory_after_lock"]["total"]
    lines.append(f"| Memory, whole tree, at the end (locked): RSS / PSS / USS "
                 f"| {mib(locked_total['rss_kb']):.0f} / {mib(locked_total['pss_kb']):.0f} / {mib(locked_total['uss_kb']):.0f} MiB |")
    for phase, title in (("visible", "window visible"), ("hidden", "window hidden (unmapped)"),
                         ("locked", "window visible, locked")):
        sample = report["idle_cpu"][phase]
        parts = ", ".join(f"{p['name']} {p['percent_of_one_core']:.2f}%" for p in sample["processes"] if p["ticks"])
        xvfb = sample["outside_the_app"].get("Xvfb", {}).get("percent_of_one_core")
        extra = f"; Xvfb {xvfb:.2f}%" if xvfb is not None else ""
        lines.append(f"| Idle CPU, {title}, {sample['wall_seconds']:.0f} s | "
                     f"{sample['percent_of_one_core']:.2f}% of one core ({parts or 'no ticks'}{extra}) |")
    tricks = report["first_code"].get("window_tricks")
    if tricks:
        lines.append(f"| Checked under WebDriver: unmap hides the page / Ctrl+L locks | "
                     f"{'yes' if tricks['hide_works'] else 'NO'} / {'yes' if tricks['lock_works'] else 'NO'} |")
    lines.append("")
    lines.append("Launches (ms): " + ", ".join(f"{value:.0f}" for value in launches))
    return "\n".join(lines)


def measure(args: argparse.Namespace, procs: Processes, scratch: Path) -> dict:
    app, cli = APP, CLI
    for binary in (app, cli):
        if not binary.exists():
            raise SystemExit(f"{binary} is missing: run `cargo build --release -p safekeep-app -p safekeep-cli`")
    require_tools()

    service = f"safekeep-bench-{os.getpid()}"
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "DISPLAY")}
    env.update({
        "SAFEKEEP_DATA_DIR": str(scratch / "vault"),
        "SAFEKEEP_KEYRING_SERVICE": service,
        "XDG_CONFIG_HOME": str(scratch / "config"),
        "XDG_CACHE_HOME": str(scratch / "cache"),
        "XDG_DATA_HOME": os.environ.get("XDG_DATA_HOME", str(scratch / "data")) if in_private_bus() else str(scratch / "data"),
        "GDK_BACKEND": "x11",
        "LANG": "en_US.UTF-8",
    })
    for key in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    app_env = dict(item.split("=", 1) for item in args.app_env)

    report: dict = {
        "date_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "settings": {"accounts": args.accounts, "launches": args.launches, "settle_seconds": args.settle,
                     "idle_seconds": args.idle_seconds, "idle_start_seconds": args.idle_start,
                     "app": str(app), "keyring_service": service, "app_env": app_env},
    }
    try:
        log(f"preparing a vault with {args.accounts} accounts")
        report["vault"] = prepare_vault(cli, env, args.accounts)
        report["cli_code"] = time_cli_code(cli, env, report["vault"]["first_issuer"], runs=10)
        log(f"CLI `safekeep code`: median {report['cli_code']['median_ms']:.0f} ms")

        env["DISPLAY"] = start_xvfb(procs)
        xvfb_pid = procs.started[-1].pid
        log(f"Xvfb on {env['DISPLAY']}")
        env.update(app_env)  # after the vault is made: only the app sees it

        launches = []
        for n in range(1, args.launches + 1):
            launch = launch_with_webdriver(procs, app, env, check_window_tricks=(n == args.launches))
            if launch["codes_shown"] == 0 or not launch["sample_code_has_digits"]:
                raise RuntimeError(f"launch {n}: the mark was set but no code is on screen: {launch}")
            log(f"launch {n}: first code {launch['first_code_ms']:.0f} ms after process start "
                f"({launch['rows']} rows, {launch['codes_shown']} codes)")
            launches.append(launch)
            time.sleep(1.0)
        values = [launch["first_code_ms"] for launch in launches]
        report["first_code"] = {
            "launches_ms": values,
            "median_ms": statistics.median(values),
            "min_ms": min(values),
            "max_ms": max(values),
            "median_start_to_time_origin_ms": statistics.median(l["process_start_to_time_origin_ms"] for l in launches),
            "median_time_origin_to_mark_ms": statistics.median(l["mark_start_ms_after_time_origin"] for l in launches),
            "first_contentful_paint_ms": [l["first_contentful_paint_ms"] for l in launches],
            "launches": launches,
            "window_tricks": launches[-1].get("window_tricks"),
        }
        tricks = report["first_code"]["window_tricks"]
        if tricks and not (tricks["hide_works"] and tricks["lock_works"]):
            log(f"WARNING: window tricks did not all work: {json.dumps(tricks)}")

        log("direct launch (no WebDriver) for memory and idle CPU")
        app_process = procs.spawn([str(app)], env=env, stdin=subprocess.DEVNULL,
                                  stdout=open(scratch / "app.log", "w"), stderr=subprocess.STDOUT)
        started = time.monotonic()
        window = app_window(env, app_process.pid)
        time.sleep(max(0.0, args.settle - (time.monotonic() - started)))
        if app_process.poll() is not None:
            raise RuntimeError(f"the app exited with {app_process.returncode}: {(scratch / 'app.log').read_text()[-2000:]}")
        report["memory_after_settle"] = memory_of_tree(app_process.pid)
        report["memory_after_settle"]["seconds_after_launch"] = time.monotonic() - started
        log(f"memory: PSS {mib(report['memory_after_settle']['total']['pss_kb']):.0f} MiB")

        extra = {"Xvfb": xvfb_pid}
        time.sleep(max(0.0, args.idle_start - (time.monotonic() - started)))
        report["idle_cpu"] = {}
        log(f"idle CPU, window visible, {args.idle_seconds} s")
        report["idle_cpu"]["visible"] = sample_cpu(app_process.pid, args.idle_seconds, extra)
        report["idle_cpu"].update(
            idle_cpu_hidden_then_locked(app_process.pid, window, env, args.idle_seconds, extra))
        report["memory_after_lock"] = memory_of_tree(app_process.pid)
        procs.stop(app_process)
    finally:
        subprocess.run(["secret-tool", "clear", "service", service], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
    return report


def build(skip: bool) -> None:
    if skip:
        log("skipping the build (--no-build)")
        return
    build_release()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=20, help="accounts in the vault (default 20)")
    parser.add_argument("--launches", type=int, default=5, help="launches for launch to first code (default 5)")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds after launch before memory is read (default 5)")
    parser.add_argument("--idle-start", type=float, default=10.0,
                        help="seconds after launch before the first idle-CPU sample starts (default 10)")
    parser.add_argument("--idle-seconds", type=float, default=30.0, help="length of each idle-CPU sample (default 30)")
    parser.add_argument("--no-build", action="store_true", help="do not run cargo build --release first")
    parser.add_argument("--private-bus", action="store_true",
                        help="use a private D-Bus session and keyring even if one is running")
    parser.add_argument("--app-env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra environment for the app, for experiments "
                             "(e.g. WEBKIT_DISABLE_COMPOSITING_MODE=1); may be repeated")
    parser.add_argument("--out", type=Path, default=None, help="JSON file to write (default artifacts/bench/...)")
    args = parser.parse_args()

    if not in_private_bus() and (args.private_bus or not os.environ.get("DBUS_SESSION_BUS_ADDRESS")):
        # Build outside the private bus, then run again inside one.
        build(args.no_build)
        script = str(Path(__file__).resolve())
        argv = [sys.executable, script, *sys.argv[1:], "--no-build"]
        with private_bus_env("safekeep-bench-keyring-") as (env, _):
            return run_in_private_bus(argv, env, marker=script.encode())
    elif not in_private_bus():
        build(args.no_build)

    report = run_isolated(lambda procs, scratch: measure(args, procs, scratch), "safekeep-bench-",
                          keyring=in_private_bus())
    out = write_raw_numbers(report, args.out, "app-metrics")
    print(metrics_table(report))
    print(f"\nRaw numbers: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
