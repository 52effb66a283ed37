#!/usr/bin/env python3
"""Side-by-side benchmark: Safekeep beside OTPClient, KeePassXC and a bare Tauri window.

Usage (from anywhere; Python 3.11):

    python3 bench/compare.py [--launches 5] [--idle-seconds 30] [--wait-quiet 50] [--write-doc]
    python3 bench/compare.py --only quick-pick [--quick-pick-rounds 20] [--write-doc]

What it does, in one run:

1. Installs what it needs, idempotently: Debian's `otpclient` and `keepassxc`
   (apt-get, only when missing) and matplotlib for the chart (pip into the
   running interpreter, or Debian's python3-matplotlib when pip cannot).
   Skip with --no-install.
2. Builds the release binaries `cargo build --release --locked -p safekeep-app
   -p safekeep-cli` and the WebKit baseline `bench/bare-tauri` (its own crate and
   target dir: one static page in a Tauri 2 window, nothing else). Skip with
   --no-build.
3. With --wait-quiet M: polls /proc/loadavg every 60 s, up to M minutes, until
   the 1-minute load is below 0.6 and no rustc/cargo runs; then measures anyway
   and records the load.
4. Re-runs itself inside a private D-Bus session (dbus-run-session) with its own
   unlocked gnome-keyring, starts its own Xvfb (-displayfd), makes a Safekeep
   vault of --accounts TOTP accounts with the release CLI (as
   bench/app_metrics.py does; the app then opens straight to the list through
   the keychain), and gives every app a fresh HOME, XDG config/cache/data/runtime
   folders of its own.
5. For each app (Safekeep, bare Tauri, OTPClient, KeePassXC):
   - Launch to first window, one warm-up launch and then --launches launches,
     round-robin over the apps, median: the time from just before the process is
     spawned to the MapNotify of its first top-level window whose _NET_WM_PID
     belongs to the launched process tree. The script listens for MapNotify on
     the root window through libX11 (ctypes), so there is no polling delay. No
     window manager runs, so every top-level window is a child of the root.
   - Memory, one more launch: RSS, PSS and USS summed over the process tree
     from /proc/<pid>/smaps_rollup, --settle (5) s after the spawn; and the total
     size of the distinct files the tree maps (libraries, data), from
     /proc/<pid>/maps.
   - Idle CPU, the same launch: utime+stime over the tree for --idle-seconds
     (30), starting 10 s after the spawn, window visible, as % of one core.
     Safekeep also hidden (window unmapped) and visible but locked (Ctrl+L).
   Launch to first content painted, no WebDriver, round-robin, median: for
   Safekeep the first account's code, for the bare window its line of text.
   After the window maps, that rectangle is read from the X server (XGetImage)
   every 10 ms or so; the content is on screen from the first read after which
   every read equals the last. Where Safekeep draws its first code is read once
   through tauri-driver, 2 s after the code appears (and how far it moved after
   it appeared, which should be zero). Launches start 2–18 s into a 30 s period,
   so the code does not change while it is watched.
   Safekeep also gets launch to first code in the DOM under tauri-driver: the
   `safekeep:first-code` performance mark the UI sets when the first code is in
   the DOM, minus the process start (bench/app_metrics.py's method). WebDriver's
   session start delays the page, so this figure is only a breakdown.
6. Installed size: for the Debian packages, the package's own Installed-Size
   (dpkg; shared libraries it depends on are not counted); for Safekeep and the
   bare window, the release binaries after `strip` (as a .deb ships them; the UI
   is embedded in safekeep-app). The mapped-files figure above is the fairer
   view of what each one really loads, toolkits included.
6b. The quick pick (issue 14; bench/lib/quick_pick.py says how): Safekeep
   started `--hidden`, then shortcut → quick pick mapped and painted and
   Enter → code on the clipboard, --quick-pick-rounds (20) each, median; the
   tree's memory while resident and hidden (before the quick pick was ever
   shown, after one show, after all rounds) and idle CPU while hidden. Beside
   the peers' launch → first window of the same run. `--only quick-pick`
   runs this step alone (no peers, no bare window, no core benches); its
   report then takes the peers' figures from the side-by-side section of
   docs/BENCHMARKS.md and says so.
7. Core scale, last (--no-core skips it): criterion's vault open, search
   (filter and find-one) and all codes at 10,000 accounts
   (`cargo bench -p safekeep-core --bench vault --bench search --bench codes`),
   read from target/criterion/*/new/estimates.json.

Output: Markdown sections on stdout (machine, date, versions, load, table with
ratios to the peers and the bare window, target checks), the chart
docs/bench/side-by-side.png, the raw numbers in
artifacts/bench/compare-<UTC time>.json, and with --write-doc the sections
replaced between the side-by-side and the quick-pick markers of
docs/BENCHMARKS.md.
Everything started here is killed on exit, also on error or Ctrl+C.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lib import ROOT
from lib.procfs import busy_compilers, descendants, loadavg, machine, mapped_files, memory_of_tree, sample_cpu
from lib.processes import Processes, private_bus_env, require_tools, run_in_private_bus, run_isolated
from lib.report import log, mib, write_raw_numbers
from lib.safekeep import APP, CLI, build_release, cargo, idle_cpu_hidden_then_locked, prepare_vault
from lib.quick_pick import measure_quick_pick
from lib.webdriver import first_code_rect, launch_with_webdriver
from lib.x11 import MapWatcher, start_xvfb

BARE_DIR = ROOT / "bench/bare-tauri"
CHART = ROOT / "docs/bench/side-by-side.png"
DOC = ROOT / "docs/BENCHMARKS.md"
START_MARK = "<!-- side-by-side:start (written by bench/compare.py --write-doc) -->"
END_MARK = "<!-- side-by-side:end -->"
QUICK_START_MARK = "<!-- quick-pick:start (written by bench/compare.py --write-doc) -->"
QUICK_END_MARK = "<!-- quick-pick:end -->"
STEPS = ("side-by-side", "quick-pick")
INNER_FLAG = "SAFEKEEP_COMPARE_INNER"
PEER_PACKAGES = {"otpclient": "otpclient", "keepassxc": "keepassxc"}
APPS = ["safekeep", "bare-tauri", "otpclient", "keepassxc"]
TITLES = {"safekeep": "Safekeep", "bare-tauri": "Bare Tauri", "otpclient": "OTPClient", "keepassxc": "KeePassXC"}
QUIET_LOAD = 0.6


# ------------------------------------------------------------- installs ----


def ensure_installed() -> None:
    missing = [pkg for pkg in PEER_PACKAGES.values() if dpkg_field(pkg, "${db:Status-Status}") != "installed"]
    if missing:
        log(f"apt-get install {' '.join(missing)}")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True, env=env)
    ensure_matplotlib()


def ensure_matplotlib() -> None:
    try:
        importlib.import_module("matplotlib")
        return
    except ImportError:
        pass
    log("installing matplotlib")
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "matplotlib"])
    if pip.returncode != 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "python3-matplotlib"], check=True,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    importlib.invalidate_caches()
    importlib.import_module("matplotlib")


def dpkg_field(package: str, field: str) -> str | None:
    result = subprocess.run(["dpkg-query", "-W", f"-f={field}", package], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else None


def binaries() -> dict[str, Path]:
    return {
        "safekeep": APP,
        "safekeep-cli": CLI,
        "bare-tauri": BARE_DIR / "target/release/bare-tauri",
        "otpclient": Path("/usr/bin/otpclient"),
        "keepassxc": Path("/usr/bin/keepassxc"),
    }


# ---------------------------------------------------------------- quiet ----


def wait_quiet(minutes: float) -> dict:
    started = time.monotonic()
    samples = []
    while True:
        load, compilers = loadavg(), busy_compilers()
        samples.append({"load": load, "compilers": len(compilers)})
        if load[0] < QUIET_LOAD and not compilers:
            log(f"quiet: load {load[0]:.2f}")
            return {"quiet": True, "waited_seconds": time.monotonic() - started, "samples": samples}
        if time.monotonic() - started + 60 > minutes * 60:
            log(f"never quiet within {minutes} min: load {load[0]:.2f}, {len(compilers)} compiler processes")
            return {"quiet": False, "waited_seconds": time.monotonic() - started, "samples": samples}
        log(f"waiting for quiet: load {load[0]:.2f}, {len(compilers)} compiler processes")
        time.sleep(60)


# ------------------------------------------------------------ measuring ----


def app_envs(scratch: Path, base: dict, vault_env: dict) -> dict[str, dict]:
    envs = {}
    for key in APPS:
        home = scratch / key
        env = dict(base)
        env.update({
            "HOME": str(home / "home"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_RUNTIME_DIR": str(home / "runtime"),
        })
        for folder in ("home", "config", "cache", "data", "state", "runtime"):
            (home / folder).mkdir(parents=True, exist_ok=True)
        os.chmod(home / "runtime", 0o700)
        if key == "safekeep":
            env.update(vault_env)
        envs[key] = env
    return envs


def launch_to_window(procs: Processes, watcher: MapWatcher, argv: list[str], env: dict,
                     log_file: Path) -> tuple[float, int, object]:
    watcher.drain()
    with open(log_file, "a") as out:
        t0 = time.time()
        process = procs.spawn(argv, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    process.launched_at = t0
    mapped_at, window = watcher.wait_for_window(process.pid)
    return (mapped_at - t0) * 1000.0, window, process


# bench/bare-tauri/dist/index.html's one line of text, in the window's top left.
BARE_TEXT_RECT = {"x": 0, "y": 0, "width": 320, "height": 40}


def wait_for_quiet_part_of_period(period: float = 30.0) -> None:
    """Launch only where a code will not roll over (or show its successor) within a few seconds."""
    while not 2.0 <= time.time() % period <= 18.0:
        time.sleep(0.2)


def launch_to_painted_content(procs: Processes, watcher: MapWatcher, argv: list[str], env: dict, rect: dict,
                           log_file: Path, watch_seconds: float = 4.0) -> dict:
    """Launch to the first frame that shows a rectangle of the window as it stays
    (Safekeep: the first account's code; the bare window: its text).

    After the window maps, the rectangle is read from the X server every 10 ms
    or so for watch_seconds; the content is on screen from the first read after
    which every read equals the last one (before it, the rectangle is blank or,
    in Safekeep, shows the "··· ···" placeholder)."""
    wait_for_quiet_part_of_period()
    ms_window, window, process = launch_to_window(procs, watcher, argv, env, log_file)
    t0 = process.launched_at
    samples: list[tuple[float, bytes | None]] = []
    end = time.time() + watch_seconds
    while time.time() < end:
        samples.append((time.time(), watcher.grab(window, rect["x"], rect["y"], rect["width"], rect["height"])))
        time.sleep(0.01)
    stop_and_wait(procs, process)
    final = samples[-1][1]
    first = len(samples) - 1
    while first > 0 and samples[first - 1][1] == final:
        first -= 1
    distinct_before = len({pixels for _, pixels in samples[:first]})
    if final is None or first == 0 or len(set(final)) < 8:
        raise RuntimeError("the code's rectangle never changed or stayed blank: is the rectangle right?")
    return {"first_window_ms": ms_window, "painted_ms": (samples[first][0] - t0) * 1000.0,
            "reads": len(samples), "read_interval_ms": watch_seconds * 1000.0 / len(samples),
            "distinct_frames_before": distinct_before}


def stop_and_wait(procs: Processes, process) -> None:
    procs.stop(process)
    deadline = time.monotonic() + 15
    while descendants(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def measure(args: argparse.Namespace, procs: Processes, scratch: Path) -> dict:
    bins = binaries()
    needed = ("safekeep", "safekeep-cli") if args.only == "quick-pick" else tuple(bins)
    for name, path in bins.items():
        if name in needed and not path.exists():
            raise SystemExit(f"{path} is missing ({name}): run without --no-build / --no-install")
    require_tools()

    base = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "DISPLAY")}
    base.update({"GDK_BACKEND": "x11", "QT_QPA_PLATFORM": "xcb", "LANG": "en_US.UTF-8"})
    service = f"safekeep-compare-{os.getpid()}"
    vault_env = {"SAFEKEEP_DATA_DIR": str(scratch / "safekeep/vault"), "SAFEKEEP_KEYRING_SERVICE": service}
    envs = app_envs(scratch, base, vault_env)
    argvs = {key: [str(bins[key])] for key in APPS}
    report: dict = {"settings": {
        "accounts": args.accounts, "launches": args.launches, "settle_seconds": args.settle,
        "idle_seconds": args.idle_seconds, "idle_start_seconds": args.idle_start, "argv": argvs}}
    try:
        log(f"preparing a Safekeep vault with {args.accounts} accounts")
        report["vault"] = prepare_vault(bins["safekeep-cli"], envs["safekeep"], args.accounts)

        display = start_xvfb(procs)
        xvfb_pid = procs.started[-1].pid
        for env in envs.values():
            env["DISPLAY"] = display
        watcher = MapWatcher(display)
        report["load_before_launches"] = loadavg()
        if args.only in (None, "side-by-side"):
            measure_side_by_side(args, procs, scratch, watcher, xvfb_pid, envs, argvs, bins, report)
        if args.only in (None, "quick-pick"):
            log(f"quick pick: {args.quick_pick_rounds} rounds, app started --hidden")
            report["quick_pick"] = measure_quick_pick(
                procs, display, watcher, bins["safekeep"], bins["safekeep-cli"], envs["safekeep"],
                scratch / "safekeep-quick-pick.log", args.quick_pick_rounds, args.settle, args.idle_seconds,
                xvfb_pid, dict(pair.split("=", 1) for pair in args.quick_pick_app_env))
        report["load_after_launches"] = loadavg()
    finally:
        subprocess.run(["secret-tool", "clear", "service", service], env=envs["safekeep"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
    return report


def measure_side_by_side(args: argparse.Namespace, procs: Processes, scratch: Path, watcher: MapWatcher,
                         xvfb_pid: int, envs: dict, argvs: dict, bins: dict, report: dict) -> None:
    """Every app's launch to first window, content painted, memory and idle CPU (steps 5 of the docstring)."""

    log("launch to first window: one warm-up round, then "
        f"{args.launches} rounds over {', '.join(APPS)}")
    first_window: dict[str, list[float]] = {key: [] for key in APPS}
    warmup: dict[str, float] = {}
    for round_number in range(args.launches + 1):
        for key in APPS:
            ms, window, process = launch_to_window(procs, watcher, argvs[key], envs[key],
                                                   scratch / f"{key}.log")
            # A little time for the app to settle before it is stopped, so
            # each launch does the same first-run work as the measured one.
            time.sleep(1.5)
            stop_and_wait(procs, process)
            if round_number == 0:
                warmup[key] = ms
            else:
                first_window[key].append(ms)
            log(f"{'warm-up' if round_number == 0 else f'round {round_number}'}: {key} first window {ms:.0f} ms")
            time.sleep(0.5)
    report["first_window"] = {key: {"launches_ms": values, "median_ms": statistics.median(values),
                                    "min_ms": min(values), "max_ms": max(values), "warmup_ms": warmup[key]}
                              for key, values in first_window.items()}

    log(f"Safekeep launch to first code: {args.launches} launches under tauri-driver")
    codes = []
    for n in range(1, args.launches + 1):
        launch = launch_with_webdriver(procs, bins["safekeep"], envs["safekeep"], check_window_tricks=False)
        if launch["codes_shown"] == 0 or not launch["sample_code_has_digits"]:
            raise RuntimeError(f"launch {n}: the mark was set but no code is on screen")
        log(f"launch {n}: first code {launch['first_code_ms']:.0f} ms")
        codes.append(launch)
        time.sleep(1.0)
    values = [launch["first_code_ms"] for launch in codes]
    report["first_code"] = {"launches_ms": values, "median_ms": statistics.median(values),
                            "min_ms": min(values), "max_ms": max(values),
                            "median_start_to_time_origin_ms": statistics.median(
                                launch["process_start_to_time_origin_ms"] for launch in codes)}

    # The same launches with no WebDriver, timed by the pixels: Safekeep's
    # first code, and the bare window's text, as the X server shows them.
    rects = {"safekeep": first_code_rect(procs, bins["safekeep"], envs["safekeep"]),
             "bare-tauri": BARE_TEXT_RECT}
    log(f"launch to first content painted, no WebDriver: Safekeep's first code at "
        f"{rects['safekeep']['width']}x{rects['safekeep']['height']}+{rects['safekeep']['x']}+{rects['safekeep']['y']}, "
        f"the bare window's text; one warm-up round, then {args.launches} rounds")
    painted: dict[str, list[dict]] = {key: [] for key in rects}
    for round_number in range(args.launches + 1):
        for key, rect in rects.items():
            launch = launch_to_painted_content(procs, watcher, argvs[key], envs[key], rect,
                                               scratch / f"{key}.log")
            log(f"{'warm-up' if round_number == 0 else f'round {round_number}'}: {key} window "
                f"{launch['first_window_ms']:.0f} ms, content painted {launch['painted_ms']:.0f} ms")
            if round_number:
                painted[key].append(launch)
            time.sleep(0.5)
    report["painted"] = {key: {"launches": launches, "launches_ms": [x["painted_ms"] for x in launches],
                               "median_ms": statistics.median(x["painted_ms"] for x in launches),
                               "rect": rects[key]} for key, launches in painted.items()}

    report["steady"] = {}
    for key in APPS:
        log(f"{key}: memory after {args.settle:.0f} s, idle CPU for {args.idle_seconds:.0f} s")
        ms, window, process = launch_to_window(procs, watcher, argvs[key], envs[key], scratch / f"{key}.log")
        spawned = time.monotonic() - ms / 1000.0
        time.sleep(max(0.0, args.settle - (time.monotonic() - spawned)))
        if process.poll() is not None:
            raise RuntimeError(f"{key} exited with {process.returncode}")
        steady = {"memory": memory_of_tree(process.pid), "mapped_files": mapped_files(process.pid),
                  "memory_seconds_after_launch": time.monotonic() - spawned}
        time.sleep(max(0.0, args.idle_start - (time.monotonic() - spawned)))
        steady["idle_visible"] = sample_cpu(process.pid, args.idle_seconds, {"Xvfb": xvfb_pid})
        if key == "safekeep":
            phases = idle_cpu_hidden_then_locked(process.pid, str(window), envs[key], args.idle_seconds,
                                                 {"Xvfb": xvfb_pid})
            steady["idle_hidden"], steady["idle_locked"] = phases["hidden"], phases["locked"]
        report["steady"][key] = steady
        log(f"{key}: PSS {mib(steady['memory']['total']['pss_kb']):.0f} MiB, "
            f"idle {steady['idle_visible']['percent_of_one_core']:.2f} %")
        stop_and_wait(procs, process)
        time.sleep(0.5)


# ----------------------------------------------------------------- size ----


def installed_sizes() -> dict:
    sizes = {}
    for key, package in PEER_PACKAGES.items():
        kib = dpkg_field(package, "${Installed-Size}")
        sizes[key] = {"bytes": int(kib) * 1024, "what": f"Debian package `{package}`, Installed-Size"}
    for key, paths in (("safekeep", [APP, CLI]), ("bare-tauri", [binaries()["bare-tauri"]])):
        stripped = unstripped = 0
        with tempfile.TemporaryDirectory() as folder:
            for path in paths:
                unstripped += path.stat().st_size
                out = Path(folder) / path.name
                subprocess.run(["strip", "-o", str(out), str(path)], check=True)
                stripped += out.stat().st_size
        names = " + ".join(f"`{p.name}`" for p in paths)
        sizes[key] = {"bytes": stripped, "unstripped_bytes": unstripped, "what": f"{names}, stripped"}
    return sizes


# ----------------------------------------------------------------- core ----

CORE_BENCHES = {
    "vault/open/10000": "Vault open + decrypt",
    "search/filter/10000": "Search: filter by a partial query",
    "search/find-one/10000": "Search: find one account by name",
    "codes/all-accounts/10000": "Code refresh: all codes",
}


def core_scale() -> dict:
    command = ["cargo", "bench", "--locked", "-p", "safekeep-core", "--bench", "vault", "--bench", "search",
               "--bench", "codes", "--", "^(vault/open|search/.*|codes/all-accounts)/10000$"]
    cargo(command, stdout=sys.stderr)
    results = {}
    for bench_id, title in CORE_BENCHES.items():
        estimates = json.loads((ROOT / "target/criterion" / bench_id / "new/estimates.json").read_text())
        mean = estimates["mean"]
        results[bench_id] = {"title": title, "mean_ns": mean["point_estimate"],
                             "ci_low_ns": mean["confidence_interval"]["lower_bound"],
                             "ci_high_ns": mean["confidence_interval"]["upper_bound"]}
    return results


# -------------------------------------------------------------- machine ----


def machine_and_versions() -> dict:
    info = machine()
    info["os"] = next((line.split("=", 1)[1].strip().strip('"') for line in Path("/etc/os-release").read_text().splitlines()
                       if line.startswith("PRETTY_NAME=")), "?")
    try:
        info["debian_version"] = Path("/etc/debian_version").read_text().strip()
    except OSError:
        pass
    lock = (ROOT / "Cargo.lock").read_text()
    tauri = re.search(r'name = "tauri"\nversion = "([^"]+)"', lock)
    wry = re.search(r'name = "wry"\nversion = "([^"]+)"', lock)
    versions = {
        "rustc": subprocess.run(["rustc", "-V"], capture_output=True, text=True).stdout.strip(),
        "tauri": tauri.group(1) if tauri else "?",
        "wry": wry.group(1) if wry else "?",
        "safekeep_commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                          capture_output=True, text=True).stdout.strip(),
        "safekeep_uncommitted_changes_in_app": bool(subprocess.run(
            ["git", "status", "--porcelain", "--", "src-tauri", "ui", "crates/core/src"], cwd=ROOT,
            capture_output=True, text=True).stdout.strip()),
    }
    for package in ("otpclient", "keepassxc", "libwebkit2gtk-4.1-0", "libgtk-3-0", "libqt5core5a", "xvfb"):
        versions[package] = dpkg_field(package, "${Version}")
    info["versions"] = versions
    return info


# --------------------------------------------------------------- output ----


def ratio(ours: float | None, theirs: float | None) -> str:
    if ours is None or theirs is None:
        return "–"
    if theirs == 0:
        return "– (peer 0)" if ours else "1.00× (both 0)"
    return f"{ours / theirs:.2f}×"


def summary(report: dict) -> dict:
    """The headline numbers per app, in the units the table shows."""
    rows = {}
    for key in APPS:
        steady = report["steady"][key]
        total = steady["memory"]["total"]
        rows[key] = {
            "first_window_ms": report["first_window"][key]["median_ms"],
            "first_code_dom_ms": report["first_code"]["median_ms"] if key == "safekeep" else None,
            "painted_ms": report["painted"][key]["median_ms"] if key in report["painted"] else None,
            "pss_mib": mib(total["pss_kb"]),
            "rss_mib": mib(total["rss_kb"]),
            "uss_mib": mib(total["uss_kb"]),
            "processes": len(steady["memory"]["processes"]),
            "idle_visible_pct": steady["idle_visible"]["percent_of_one_core"],
            "idle_hidden_pct": steady.get("idle_hidden", {}).get("percent_of_one_core"),
            "idle_locked_pct": steady.get("idle_locked", {}).get("percent_of_one_core"),
            "installed_mib": mib(report["installed"][key]["bytes"] / 1024),
            "mapped_mib": mib(steady["mapped_files"]["bytes"] / 1024),
        }
    return rows


def targets(rows: dict) -> list[tuple[str, str, bool | None]]:
    """(target, what was measured, met?) — None where the row is context, not a target."""
    ours, otp, bare = rows["safekeep"], rows["otpclient"], rows["bare-tauri"]
    code_ratio = ours["painted_ms"] / otp["first_window_ms"]
    bare_ratio = bare["painted_ms"] / otp["first_window_ms"]
    # "0 %" for a WebKit app: what a static page in a bare Tauri window costs,
    # give or take 0.1 % of one core (3 clock ticks of 10 ms in 30 s, the
    # resolution of one sample).
    floor = bare["idle_visible_pct"] + 0.1
    pss_over = ours["pss_mib"] - bare["pss_mib"]
    return [
        ("Launch to first code on screen ≤ 2× OTPClient's launch to first window",
         f"first code painted {ours['painted_ms']:.0f} ms vs {otp['first_window_ms']:.0f} ms: {code_ratio:.2f}×",
         code_ratio <= 2.0),
        ("The WebKit floor for the target above: a bare Tauri window's static page, painted",
         f"{bare['painted_ms']:.0f} ms: {bare_ratio:.2f}× OTPClient's first window; Safekeep's first code comes "
         f"{ours['painted_ms'] - bare['painted_ms']:+.0f} ms after it ({ours['painted_ms'] / bare['painted_ms']:.2f}×)",
         None),
        ("Idle CPU 0 % while hidden or locked: no timer of ours runs (`ui/ticker.js`), so the figure is WebKit's "
         "own, the bare window's static page ± 0.1 % of one core (3 clock ticks in 30 s)",
         f"hidden {ours['idle_hidden_pct']:.2f} %, locked {ours['idle_locked_pct']:.2f} %; bare Tauri "
         f"{bare['idle_visible_pct']:.2f} %; OTPClient {otp['idle_visible_pct']:.2f} %, "
         f"KeePassXC {rows['keepassxc']['idle_visible_pct']:.2f} %",
         ours["idle_hidden_pct"] <= floor and ours["idle_locked_pct"] <= floor),
        ("Idle CPU while visible: the countdown only: rows on screen, a ring step each tenth of the period and each of the last five seconds",
         f"{ours['idle_visible_pct']:.2f} % vs bare Tauri {bare['idle_visible_pct']:.2f} %, "
         f"OTPClient {otp['idle_visible_pct']:.2f} %, KeePassXC {rows['keepassxc']['idle_visible_pct']:.2f} %",
         None),
        ("Whole-tree PSS ≤ bare Tauri + 30 MiB",
         f"{ours['pss_mib']:.0f} MiB vs {bare['pss_mib']:.0f} MiB: {pss_over:+.0f} MiB", pss_over <= 30),
        ("Whole-tree PSS below bare Tauri", f"{pss_over:+.0f} MiB ({ours['pss_mib'] / bare['pss_mib']:.2f}×)",
         pss_over < 0),
    ]


def side_by_side_section(report: dict, chart_relative: str) -> str:
    """The Markdown section docs/BENCHMARKS.md holds between the side-by-side markers."""
    rows = summary(report)
    m = report["machine"]
    v = m["versions"]
    quiet = report.get("quiet", {})
    s = report["settings"]
    lines = [
        f"Measured {report['date_utc'][:10]} ({report['date_utc']}) by `python3 bench/compare.py`, "
        f"in one run of {report['duration_seconds'] / 60:.1f} minutes.",
        "",
        "| | |",
        "|---|---|",
        f"| Machine | {m.get('cpu', '?')}, {m['cpus']} cores, {m.get('mem_total_kb', 0) / 1024 / 1024:.1f} GiB RAM, "
        f"{m['os']} ({m.get('debian_version', '?')}), kernel {m['kernel']} |",
        f"| Load average (1/5/15 min) | before the launches {' / '.join(f'{x:.2f}' for x in report['load_before_launches'])}; "
        f"after {' / '.join(f'{x:.2f}' for x in report['load_after_launches'])}"
        + ("" if not quiet else
           f"; {'quiet' if quiet.get('quiet') else 'NOT quiet'} after waiting {quiet.get('waited_seconds', 0) / 60:.0f} min "
           f"(target: 1-min load < {QUIET_LOAD}, no compiler running)") + " |",
        f"| Safekeep | commit `{v['safekeep_commit']}`"
        + (" plus uncommitted changes in the app's sources" if v["safekeep_uncommitted_changes_in_app"] else "")
        + f", release build, vault of {report['vault']['accounts']} TOTP accounts, opened through the keychain |",
        f"| Peers | OTPClient {v['otpclient']}, KeePassXC {v['keepassxc']} (Debian packages), fresh homes: "
        "OTPClient shows its first-run dialog, KeePassXC its welcome screen |",
        f"| Bare Tauri | `bench/bare-tauri`: tauri {v['tauri']} (wry {v['wry']}), one static page, default settings |",
        f"| Stack | WebKitGTK {v['libwebkit2gtk-4.1-0']}, GTK {v['libgtk-3-0']}, Qt {v['libqt5core5a']}, "
        f"Xvfb {v['xvfb']} (no GPU, no window manager), {v['rustc']} |",
        "",
        "| Metric | Safekeep | Bare Tauri | OTPClient | KeePassXC | Safekeep ÷ OTPClient | Safekeep ÷ KeePassXC | Safekeep ÷ bare Tauri |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def row(title: str, field: str, unit: str, digits: int = 0) -> None:
        values = [rows[key][field] for key in APPS]
        cells = ["–" if value is None else f"{value:,.{digits}f} {unit}" for value in values]
        ours = rows["safekeep"][field]
        lines.append(f"| {title} | " + " | ".join(cells) + " | "
                     + " | ".join(ratio(ours, rows[key][field]) for key in ("otpclient", "keepassxc", "bare-tauri"))
                     + " |")

    launches = s["launches"]
    row(f"Launch → first window (median of {launches})", "first_window_ms", "ms")
    ours_code = rows["safekeep"]["painted_ms"]
    bare_page = rows["bare-tauri"]["painted_ms"]
    lines.append(f"| Launch → first content painted, no WebDriver (median of {launches}): Safekeep's first code, "
                 f"bare Tauri's page | {ours_code:,.0f} ms | {bare_page:,.0f} ms | – | – | "
                 f"{ratio(ours_code, rows['otpclient']['first_window_ms'])} of its first window | "
                 f"{ratio(ours_code, rows['keepassxc']['first_window_ms'])} of its first window | "
                 f"{ratio(ours_code, bare_page)} |")
    ours_dom = rows["safekeep"]["first_code_dom_ms"]
    lines.append(f"| Launch → first code in the DOM, under WebDriver (median of {launches}) | {ours_dom:,.0f} ms "
                 "| – | – | – | – | – | – |")
    row(f"Memory, whole tree, {s['settle_seconds']:.0f} s after launch: PSS", "pss_mib", "MiB")
    row("  RSS", "rss_mib", "MiB")
    row("  USS (private)", "uss_mib", "MiB")
    row("  processes in the tree", "processes", "")
    row(f"Idle CPU, window visible, {s['idle_seconds']:.0f} s (% of one core)", "idle_visible_pct", "%", 2)
    lines.append(f"| Idle CPU, Safekeep hidden / locked | {rows['safekeep']['idle_hidden_pct']:.2f} % / "
                 f"{rows['safekeep']['idle_locked_pct']:.2f} % | – | – | – | "
                 + " | ".join(ratio(rows["safekeep"]["idle_hidden_pct"], rows[k]["idle_visible_pct"])
                              for k in ("otpclient", "keepassxc", "bare-tauri")) + " |")
    row("Installed size (own package / stripped binaries)", "installed_mib", "MiB", 1)
    row("Files the running tree maps (libraries, data)", "mapped_mib", "MiB")
    lines += ["", f"![Side by side]({chart_relative})", "", "Targets:", "",
              "| Target | Measured | Met |", "|---|---|---|"]
    for title, measured, met in targets(rows):
        verdict = "context" if met is None else "**met**" if met else "**not met**"
        lines.append(f"| {title} | {measured} | {verdict} |")

    if report.get("core"):
        lines += ["", "Core scale, 10,000 accounts (criterion, mean and 95 % confidence interval; "
                  "`crates/core/benches/`):", "", "| Benchmark | Mean | 95 % CI |", "|---|---|---|"]
        for bench_id, result in report["core"].items():
            lines.append(f"| {result['title']} (`{bench_id}`) | {result['mean_ns'] / 1e6:.2f} ms | "
                         f"{result['ci_low_ns'] / 1e6:.2f} – {result['ci_high_ns'] / 1e6:.2f} ms |")

    lines += ["", "Memory per process, 5 s after launch (MiB):", "",
              "| App | Process | RSS | PSS | USS |", "|---|---|---|---|---|"]
    for key in APPS:
        for p in report["steady"][key]["memory"]["processes"]:
            lines.append(f"| {TITLES[key]} | `{p['name']}` | {mib(p['rss_kb']):.0f} | {mib(p['pss_kb']):.0f} | "
                         f"{mib(p['uss_kb']):.0f} |")
    fw = report["first_window"]
    lines += ["", "Launches to first window (ms, in order; the warm-up launch is not counted): "
              + "; ".join(f"{TITLES[k]} {', '.join(f'{x:.0f}' for x in fw[k]['launches_ms'])} "
                          f"(warm-up {fw[k]['warmup_ms']:.0f})" for k in APPS)
              + ". Content painted: " + "; ".join(
                  f"{TITLES[k]} {', '.join(f'{x:.0f}' for x in report['painted'][k]['launches_ms'])}"
                  for k in report["painted"])
              + ". Safekeep first code in the DOM under WebDriver: "
              + ", ".join(f"{x:.0f}" for x in report["first_code"]["launches_ms"])
              + f" (the page's time origin comes {report['first_code']['median_start_to_time_origin_ms']:.0f} ms "
                "after the process starts; WebDriver's session start is part of that). Safekeep's first code moved "
              + "{:.0f} px across and {:.0f} px down in the 2 s after it appeared.".format(
                  *report["painted"]["safekeep"]["rect"]["moved_after_first_code_css_px"])]
    inst = report["installed"]
    lines += ["", "Installed size, exactly: " + "; ".join(
        f"{TITLES[k]}: {inst[k]['what']}" + (f" (unstripped {mib(inst[k]['unstripped_bytes'] / 1024):.1f} MiB)"
                                             if "unstripped_bytes" in inst[k] else "") for k in APPS)
              + ". The mapped-files row sums the sizes of the distinct files the process tree has mapped "
                "5 s after launch (`/proc/<pid>/maps`), toolkits and WebKit included."]
    return "\n".join(lines)


QUICK_PICK_TARGETS = {"painted_ms": 100.0, "enter_ms": 30.0}


def peers_first_window(report: dict) -> tuple[dict[str, float], str]:
    """OTPClient's and KeePassXC's launch → first window (median), and where
    the figures come from: this run, or the last side-by-side run written
    into docs/BENCHMARKS.md when only the quick pick was measured."""
    if "first_window" in report:
        return ({key: report["first_window"][key]["median_ms"] for key in ("otpclient", "keepassxc")},
                "this run")
    text = DOC.read_text()
    section = text.split(START_MARK, 1)[1].split(END_MARK, 1)[0] if START_MARK in text else ""
    row = re.search(r"^\| Launch → first window \(median of \d+\) \|([^\n]*)$", section, re.M)
    measured = re.search(r"^Measured (\S+)", section, re.M)
    if not row:
        return {}, "not measured (no side-by-side section in docs/BENCHMARKS.md)"
    cells = [cell.strip() for cell in row.group(1).split("|")]
    # Safekeep | Bare Tauri | OTPClient | KeePassXC | ratios...
    values = {key: float(cells[index].split()[0].replace(",", "")) for key, index in (("otpclient", 2),
                                                                                        ("keepassxc", 3))}
    when = measured.group(1) if measured else "?"
    return values, f"the last side-by-side run in docs/BENCHMARKS.md ({when}), not this run"


def quick_pick_section(report: dict) -> str:
    """The Markdown section docs/BENCHMARKS.md holds between the quick-pick markers."""
    q = report["quick_pick"]
    m = report["machine"]
    v = m["versions"]
    quiet = report.get("quiet", {})
    peers, source = peers_first_window(report)
    painted, mapped, enter = q["painted"], q["mapped"], q["enter_to_clipboard"]
    rounds = q["rounds"]

    def memory(field: str) -> str:
        total = q[field]["total"]
        return (f"{mib(total['pss_kb']):.0f} / {mib(total['rss_kb']):.0f} / {mib(total['uss_kb']):.0f} MiB "
                f"({len(q[field]['processes'])} processes)")

    def against(ms: float) -> str:
        if not peers:
            return "–"
        return "; ".join(f"{ms / peers[key]:.2f}× {TITLES[key]}'s {peers[key]:.0f} ms" for key in peers)

    lines = [
        f"Measured {report['date_utc'][:10]} ({report['date_utc']}) by `python3 bench/compare.py"
        + (" --only quick-pick" if report.get("only") == "quick-pick" else "") + "`.",
        "",
        "| | |",
        "|---|---|",
        f"| Machine | {m.get('cpu', '?')}, {m['cpus']} cores, {m.get('mem_total_kb', 0) / 1024 / 1024:.1f} GiB RAM, "
        f"{m['os']}, kernel {m['kernel']}; Xvfb, no window manager |",
        f"| Load average (1/5/15 min) | before {' / '.join(f'{x:.2f}' for x in report['load_before_launches'])}; "
        f"after {' / '.join(f'{x:.2f}' for x in report['load_after_launches'])}"
        + ("" if not quiet else
           f"; {'quiet' if quiet.get('quiet') else 'NOT quiet'} after waiting {quiet.get('waited_seconds', 0) / 60:.0f} min "
           f"(quiet: 1-min load < {QUIET_LOAD}, no compiler running)") + " |",
        f"| Safekeep | commit `{v['safekeep_commit']}`"
        + (" plus uncommitted changes in the app's sources" if v["safekeep_uncommitted_changes_in_app"] else "")
        + f", release build, started `--hidden`, vault of {report['vault']['accounts']} TOTP accounts + the probe "
        "account the Enter rounds pick, opened through the keychain"
        + (f"; app environment {q['app_env_extra']}" if q.get("app_env_extra") else "") + " |",
        f"| Peers' launch → first window | from {source} |",
        "",
        "| Metric | Safekeep | Target | Met | Beside the peers' launch → first window, or detail |",
        "|---|---|---|---|---|",
        f"| Shortcut → quick pick painted (search field settled), median of {rounds} (min–max) | "
        f"**{painted['median_ms']:.0f} ms** ({painted['min_ms']:.0f}–{painted['max_ms']:.0f}) | ≤ 100 ms | "
        f"{'**met**' if painted['median_ms'] <= QUICK_PICK_TARGETS['painted_ms'] else '**not met**'} | "
        f"{against(painted['median_ms'])} |",
        f"| Shortcut → quick pick mapped (MapNotify), median of {rounds} (min–max) | {mapped['median_ms']:.0f} ms "
        f"({mapped['min_ms']:.0f}–{mapped['max_ms']:.0f}) | – | – | {against(mapped['median_ms'])} |",
        f"| First show after launch: mapped / painted | {q['first_show']['mapped_ms']:.0f} ms / "
        f"{q['first_show']['painted_ms']:.0f} ms | – | – | – |",
        f"| Enter → code on the clipboard (owner set), median of {rounds} (min–max) | "
        f"**{enter['median_ms']:.1f} ms** ({enter['min_ms']:.1f}–{enter['max_ms']:.1f}) | ≤ 30 ms | "
        f"{'**met**' if enter['median_ms'] <= QUICK_PICK_TARGETS['enter_ms'] else '**not met**'} | – |",
        f"| Clipboard held oathtool's code afterwards | {q['enter_codes_checked']} of {rounds} rounds | all | "
        f"{'**met**' if q['enter_codes_checked'] == rounds else '**not met**'} | – |",
        f"| Memory, resident and hidden, never shown: PSS / RSS / USS | {memory('memory_never_shown')} | – | – | – |",
        f"| Memory, after one show and hide | {memory('memory_shown_once')} | – | – | – |",
        f"| Memory, after all {2 * rounds + 1} shows | {memory('memory_after_rounds')} | – | – | – |",
        f"| Idle CPU while hidden, {q['idle_seconds']:.0f} s (% of one core) | "
        f"{q['idle_hidden']['percent_of_one_core']:.2f} % | 0.0x % | "
        f"{'**met**' if q['idle_hidden']['percent_of_one_core'] < 0.1 else '**not met**'} | "
        f"{q['idle_hidden']['ticks']} clock ticks of 10 ms in {q['idle_hidden']['wall_seconds']:.0f} s: "
        + ", ".join(f"`{p['name']}` {p['ticks']}" for p in q["idle_hidden"]["processes"]) + " |",
        f"| Launch `--hidden` → Ctrl+Alt+K held | {q['launch_to_shortcut_held_ms']:.0f} ms | – | – | – |",
        "",
        "Memory per process, resident and hidden (MiB; never shown → shown once → after all rounds):",
        "",
        "| Process | PSS | RSS | USS |",
        "|---|---|---|---|",
    ]
    by_pid: dict[int, list[dict]] = {}
    for field in ("memory_never_shown", "memory_shown_once", "memory_after_rounds"):
        for process in q[field]["processes"]:
            by_pid.setdefault(process["pid"], []).append(process)
    for processes in by_pid.values():
        lines.append(f"| `{processes[0]['name']}` | " + " | ".join(
            " → ".join(f"{mib(p[key]):.0f}" for p in processes) for key in ("pss_kb", "rss_kb", "uss_kb")) + " |")
    lines += ["", "Rounds (ms, in order): painted " + ", ".join(f"{x:.0f}" for x in painted["runs_ms"])
              + "; mapped " + ", ".join(f"{x:.0f}" for x in mapped["runs_ms"])
              + "; Enter → clipboard " + ", ".join(f"{x:.1f}" for x in enter["runs_ms"]) + "."]
    return "\n".join(lines)


def write_quick_pick_doc(section: str) -> None:
    text = DOC.read_text()
    block = f"{QUICK_START_MARK}\n{section}\n{QUICK_END_MARK}"
    if QUICK_START_MARK in text and QUICK_END_MARK in text:
        before, rest = text.split(QUICK_START_MARK, 1)
        text = before + block + rest.split(QUICK_END_MARK, 1)[1]
    else:
        heading = "## Always at hand (issue 14)\n\n"
        anchor = text.find("\n## Large vaults (")
        insert = heading + block + "\n"
        text = text[: anchor + 1] + insert + "\n" + text[anchor + 1:] if anchor >= 0 else text + "\n" + insert
    DOC.write_text(text)
    log(f"wrote the quick pick section of {DOC.relative_to(ROOT)}")


def chart(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = summary(report)
    names = [TITLES[key] for key in APPS]
    colours = {"safekeep": "#2f6f4f", "bare-tauri": "#9aa5b1", "otpclient": "#d08c2f", "keepassxc": "#4a6fb5"}
    colour_list = [colours[key] for key in APPS]
    figure, axes = plt.subplots(2, 2, figsize=(11, 7.5))

    def bars(ax, values, title, unit, extra=None, digits=0):
        positions = list(range(len(values)))
        drawn = ax.bar(positions, values, color=colour_list)
        labels = list(names)
        if extra:
            for label, value, colour in extra:
                positions.append(len(positions))
                drawn = list(drawn) + list(ax.bar([positions[-1]], [value], color=colour, hatch="//",
                                                  edgecolor="white"))
                labels.append(label)
        ax.set_xticks(positions, labels, fontsize=8)
        for bar in drawn:
            height = bar.get_height()
            ax.annotate(f"{height:.{digits}f}", (bar.get_x() + bar.get_width() / 2, height),
                        ha="center", va="bottom", fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel(unit)
        ax.margins(y=0.15)

    bars(axes[0][0], [rows[k]["first_window_ms"] for k in APPS], "Launch → first window, and content painted (median)", "ms",
         extra=[("Safekeep\nfirst code\npainted", rows["safekeep"]["painted_ms"], colours["safekeep"]),
                ("Bare Tauri\npage\npainted", rows["bare-tauri"]["painted_ms"], colours["bare-tauri"])])
    axes[0][0].axhline(2 * rows["otpclient"]["first_window_ms"], color=colours["otpclient"], linestyle="--",
                       linewidth=1)
    axes[0][0].annotate("2× OTPClient", (0, 2 * rows["otpclient"]["first_window_ms"]), fontsize=7,
                        color=colours["otpclient"], va="bottom")

    ax = axes[0][1]
    main = []
    helpers = []
    for key in APPS:
        processes = report["steady"][key]["memory"]["processes"]
        root_pss = mib(processes[0]["pss_kb"]) if processes else 0
        main.append(root_pss)
        helpers.append(rows[key]["pss_mib"] - root_pss)
    ax.bar(range(len(APPS)), main, color=colour_list, label="app process")
    ax.bar(range(len(APPS)), helpers, bottom=main, color=colour_list, alpha=0.45, hatch="..",
           label="WebKit helper processes")
    for i, key in enumerate(APPS):
        ax.annotate(f"{rows[key]['pss_mib']:.0f}", (i, rows[key]["pss_mib"]), ha="center", va="bottom", fontsize=8)
    ax.axhline(rows["bare-tauri"]["pss_mib"] + 30, color=colours["bare-tauri"], linestyle="--", linewidth=1)
    ax.annotate("bare Tauri + 30 MiB", (0, rows["bare-tauri"]["pss_mib"] + 30), fontsize=7, va="bottom")
    ax.set_xticks(range(len(APPS)), names, fontsize=8)
    ax.set_title(f"Memory, whole process tree, PSS after {report['settings']['settle_seconds']:.0f} s", fontsize=10)
    ax.set_ylabel("MiB")
    ax.legend(fontsize=7, loc="upper right")
    ax.margins(y=0.15)

    bars(axes[1][0], [rows[k]["idle_visible_pct"] for k in APPS],
         f"Idle CPU over {report['settings']['idle_seconds']:.0f} s, window visible", "% of one core",
         extra=[("Safekeep\nhidden", rows["safekeep"]["idle_hidden_pct"], colours["safekeep"]),
                ("Safekeep\nlocked", rows["safekeep"]["idle_locked_pct"], colours["safekeep"])], digits=2)

    ax = axes[1][1]
    own = [rows[k]["installed_mib"] for k in APPS]
    mapped = [rows[k]["mapped_mib"] for k in APPS]
    width = 0.4
    left = [i - width / 2 for i in range(len(APPS))]
    right = [i + width / 2 for i in range(len(APPS))]
    ax.bar(left, own, width, color=colour_list, label="installed (own package / binaries)")
    ax.bar(right, mapped, width, color=colour_list, alpha=0.45, hatch="..", label="files the running app maps")
    for x, value in list(zip(left, own)) + list(zip(right, mapped)):
        ax.annotate(f"{value:.0f}", (x, value), ha="center", va="bottom", fontsize=7)
    ax.set_xticks(range(len(APPS)), names, fontsize=8)
    ax.set_title("Size on disk", fontsize=10)
    ax.set_ylabel("MiB")
    ax.legend(fontsize=7, loc="upper right")
    ax.margins(y=0.15)

    m = report["machine"]
    figure.suptitle(f"Safekeep side by side, {report['date_utc'][:10]} — {m.get('cpu', '?')}, {m['cpus']} cores, "
                    "Xvfb", fontsize=11)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)


def write_doc(section: str) -> None:
    text = DOC.read_text()
    block = f"{START_MARK}\n{section}\n{END_MARK}"
    if START_MARK in text and END_MARK in text:
        before, rest = text.split(START_MARK, 1)
        after = rest.split(END_MARK, 1)[1]
        text = before + block + after
    else:
        heading = "## Side by side (`python3 bench/compare.py`)\n\n"
        anchor = text.find("\n## Core (")
        insert = heading + block + "\n"
        text = text[: anchor + 1] + insert + "\n" + text[anchor + 1:] if anchor >= 0 else text + "\n" + insert
    DOC.write_text(text)
    log(f"wrote the side-by-side section of {DOC.relative_to(ROOT)}")


# ----------------------------------------------------------------- main ----


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=20, help="accounts in Safekeep's vault (default 20)")
    parser.add_argument("--launches", type=int, default=5, help="measured launches per app (default 5)")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds after launch before memory is read")
    parser.add_argument("--idle-start", type=float, default=10.0, help="seconds after launch before idle CPU")
    parser.add_argument("--idle-seconds", type=float, default=30.0, help="length of each idle-CPU sample")
    parser.add_argument("--wait-quiet", type=float, default=0.0, metavar="MINUTES",
                        help="before measuring, wait up to this long for a quiet machine")
    parser.add_argument("--no-install", action="store_true", help="do not apt/pip install anything")
    parser.add_argument("--no-build", action="store_true", help="do not build the release binaries")
    parser.add_argument("--no-core", action="store_true", help="skip the criterion core benches")
    parser.add_argument("--only", choices=STEPS, help="run one step: the side by side, or the quick pick alone")
    parser.add_argument("--quick-pick-rounds", type=int, default=20,
                        help="shortcut and Enter rounds of the quick pick step (default 20)")
    parser.add_argument("--quick-pick-app-env", action="append", default=[], metavar="KEY=VALUE",
                        help="extra environment for the app in the quick pick step (experiments)")
    parser.add_argument("--write-doc", action="store_true", help="write the section into docs/BENCHMARKS.md")
    parser.add_argument("--from-json", type=Path, metavar="FILE",
                        help="measure nothing: redraw the table and chart from a run's raw numbers")
    parser.add_argument("--inner-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.from_json:
        publish(json.loads(args.from_json.read_text()), args, raw=args.from_json)
        return 0

    if os.environ.get(INNER_FLAG):
        report = run_isolated(lambda procs, scratch: measure(args, procs, scratch), "safekeep-compare-",
                              keyring=True)
        args.inner_out.write_text(json.dumps(report))
        return 0

    started = time.monotonic()
    side_by_side = args.only in (None, "side-by-side")
    if not args.no_install and side_by_side:
        ensure_installed()
    if not args.no_build:
        build_release()
        if side_by_side:
            cargo(["cargo", "build", "--release", "--locked"], cwd=BARE_DIR)
    report: dict = {"date_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                    "machine": machine_and_versions(), "only": args.only}
    if args.wait_quiet > 0:
        report["quiet"] = wait_quiet(args.wait_quiet)

    # The app measurements run inside their own D-Bus session and keyring.
    with private_bus_env("safekeep-compare-keyring-") as (env, keyring_home):
        inner_out = keyring_home / "report.json"
        env[INNER_FLAG] = "1"
        argv = [sys.executable, str(Path(__file__).resolve()), *sys.argv[1:], "--inner-out", str(inner_out)]
        returncode = run_in_private_bus(argv, env, marker=b"--inner-out")
        if returncode != 0:
            log(f"the measurement run failed ({returncode})")
            return returncode or 1
        report.update(json.loads(inner_out.read_text()))

    if side_by_side:
        report["installed"] = installed_sizes()
    if not args.no_core and args.only is None:
        report["core"] = core_scale()
    report["duration_seconds"] = time.monotonic() - started

    out = write_raw_numbers(report, None, "compare")
    publish(report, args, raw=out)
    return 0


def publish(report: dict, args: argparse.Namespace, raw: Path) -> None:
    """The chart, the Markdown sections on stdout and, with --write-doc, in docs/BENCHMARKS.md."""
    if "first_window" in report:
        if not args.no_install:
            ensure_matplotlib()
        chart(report, CHART)
        section = side_by_side_section(report, os.path.relpath(CHART, DOC.parent))
        print(section)
        print(f"\nChart: {CHART}")
        if args.write_doc:
            write_doc(section)
    if "quick_pick" in report:
        quick = quick_pick_section(report)
        print(quick)
        if args.write_doc:
            write_quick_pick_doc(quick)
    print(f"\nRaw numbers: {raw}")


if __name__ == "__main__":
    sys.exit(main())
