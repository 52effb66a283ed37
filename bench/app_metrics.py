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
import base64
import ctypes
import datetime
import json
import os
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "safekeep:first-code"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PRIVATE_BUS_FLAG = "SAFEKEEP_BENCH_PRIVATE_BUS"
PATIENCE = 60.0  # seconds to wait for anything that should happen "soon"


def log(message: str) -> None:
    print(f"[app_metrics] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- /proc ----


def read_stat(pid: int) -> dict | None:
    """The fields of /proc/<pid>/stat we use, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as f:
            data = f.read()
    except OSError:
        return None
    close = data.rindex(")")
    comm = data[data.index("(") + 1 : close]
    rest = data[close + 2 :].split()  # rest[0] is field 3
    return {
        "pid": pid,
        "comm": comm,
        "state": rest[0],
        "ppid": int(rest[1]),
        "utime": int(rest[11]),  # field 14
        "stime": int(rest[12]),  # field 15
        "starttime": int(rest[19]),  # field 22, clock ticks since boot
    }


def all_stats() -> dict[int, dict]:
    stats = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = read_stat(int(entry))
            if stat is not None:
                stats[stat["pid"]] = stat
    return stats


def descendants(root: int, stats: dict[int, dict] | None = None) -> list[int]:
    """root's live descendants (not root itself), zombies left out."""
    stats = stats if stats is not None else all_stats()
    children: dict[int, list[int]] = {}
    for stat in stats.values():
        children.setdefault(stat["ppid"], []).append(stat["pid"])
    found, queue = [], list(children.get(root, []))
    while queue:
        pid = queue.pop(0)
        if stats[pid]["state"] != "Z":
            found.append(pid)
        queue.extend(children.get(pid, []))
    return found


def tree(root: int) -> list[int]:
    stats = all_stats()
    return ([root] if root in stats and stats[root]["state"] != "Z" else []) + descendants(root, stats)


def process_name(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv0 = f.read().split(b"\0")[0].decode(errors="replace")
        if argv0:
            return os.path.basename(argv0)
    except OSError:
        pass
    stat = read_stat(pid)
    return stat["comm"] if stat else "?"


def exe_of(pid: int) -> str | None:
    try:
        return os.path.realpath(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return None


def boot_epoch() -> float:
    """Wall-clock time of boot, to sub-millisecond precision."""
    return time.time() - time.clock_gettime(time.CLOCK_BOOTTIME)


def btime() -> int:
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("btime "):
                return int(line.split()[1])
    raise RuntimeError("no btime in /proc/stat")


def process_start_epoch(pid: int) -> float:
    stat = read_stat(pid)
    if stat is None:
        raise RuntimeError(f"process {pid} is gone")
    return boot_epoch() + stat["starttime"] / CLK_TCK


def smaps_rollup(pid: int) -> dict | None:
    """Rss, Pss, Uss (Private_Clean + Private_Dirty), Swap in kB."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            lines = f.readlines()
    except OSError:
        return None
    values = {}
    for line in lines[1:]:
        parts = line.split()
        if len(parts) >= 2 and parts[0].endswith(":"):
            values[parts[0][:-1]] = int(parts[1])
    return {
        "rss_kb": values.get("Rss", 0),
        "pss_kb": values.get("Pss", 0),
        "uss_kb": values.get("Private_Clean", 0) + values.get("Private_Dirty", 0),
        "pss_anon_kb": values.get("Pss_Anon", 0),
        "pss_file_kb": values.get("Pss_File", 0),
        "pss_shmem_kb": values.get("Pss_Shmem", 0),
        "swap_kb": values.get("Swap", 0),
    }


def memory_of_tree(root: int) -> dict:
    processes = []
    for pid in tree(root):
        rollup = smaps_rollup(pid)
        if rollup is not None:
            processes.append({"pid": pid, "name": process_name(pid), **rollup})
    total = {
        key: sum(p[key] for p in processes)
        for key in ("rss_kb", "pss_kb", "uss_kb", "pss_anon_kb", "pss_file_kb", "pss_shmem_kb", "swap_kb")
    }
    return {"processes": processes, "total": total}


def cpu_ticks(pids: list[int]) -> dict[int, tuple[int, int, str]]:
    """pid -> (utime+stime, starttime, name) for those still alive."""
    result = {}
    for pid in pids:
        stat = read_stat(pid)
        if stat is not None and stat["state"] != "Z":
            result[pid] = (stat["utime"] + stat["stime"], stat["starttime"], process_name(pid))
    return result


def sample_cpu(root: int, seconds: float, extra: dict[str, int]) -> dict:
    """CPU of root's tree over `seconds`, as % of one core; `extra` processes beside it."""
    start_pids = tree(root)
    start = cpu_ticks(start_pids)
    start_extra = {name: cpu_ticks([pid]).get(pid) for name, pid in extra.items()}
    t0 = time.monotonic()
    time.sleep(seconds)
    end = cpu_ticks(tree(root))
    wall = time.monotonic() - t0
    end_extra = {name: cpu_ticks([pid]).get(pid) for name, pid in extra.items()}
    per_process = []
    total_ticks = 0
    for pid, (ticks, started, name) in end.items():
        before = start.get(pid)
        # A process that started during the window counts from zero.
        used = ticks - before[0] if before and before[1] == started else ticks
        total_ticks += used
        per_process.append({"pid": pid, "name": name, "ticks": used,
                            "percent_of_one_core": 100.0 * used / CLK_TCK / wall})
    gone = [pid for pid in start if pid not in end]
    others = {}
    for name, pid in extra.items():
        if start_extra.get(name) and end_extra.get(name):
            used = end_extra[name][0] - start_extra[name][0]
            others[name] = {"pid": pid, "ticks": used, "percent_of_one_core": 100.0 * used / CLK_TCK / wall}
    return {
        "wall_seconds": wall,
        "ticks": total_ticks,
        "clock_ticks_per_second": CLK_TCK,
        "percent_of_one_core": 100.0 * total_ticks / CLK_TCK / wall,
        "processes": per_process,
        "processes_gone_during_sample": gone,
        "outside_the_app": others,
    }


# ------------------------------------------------------------ processes ----


class Processes:
    """Every process this script starts, killed (with its descendants) on exit."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen] = []
        # Orphaned descendants (e.g. of a killed tauri-driver) are re-parented
        # to this script instead of init, so they can always be found and killed.
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_CHILD_SUBREAPER = 36
            libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        except (OSError, AttributeError):
            pass

    def spawn(self, argv: list[str], **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(argv, **kwargs)
        self.started.append(process)
        return process

    def stop(self, process: subprocess.Popen, grace: float = 5.0) -> None:
        """Stops one started process and everything below it."""
        victims = [process.pid] + descendants(process.pid)
        self._terminate(victims, grace)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self._reap()

    def stop_all(self) -> None:
        for process in reversed(self.started):
            if process.poll() is None or descendants(process.pid):
                self.stop(process, grace=3.0)
        # Anything re-parented to us (we are a subreaper) that is still alive.
        leftovers = descendants(os.getpid())
        if leftovers:
            self._terminate(leftovers, 3.0)
        self._reap()

    @staticmethod
    def _terminate(pids: list[int], grace: float) -> None:
        identity = {pid: (read_stat(pid) or {}).get("starttime") for pid in pids}

        def alive(pid: int) -> bool:
            stat = read_stat(pid)
            return stat is not None and stat["state"] != "Z" and stat["starttime"] == identity[pid]

        for sig in (signal.SIGTERM, signal.SIGKILL):
            for pid in pids:
                if alive(pid):
                    try:
                        os.kill(pid, sig)
                    except OSError:
                        pass
            deadline = time.monotonic() + grace
            while time.monotonic() < deadline and any(alive(pid) for pid in pids):
                Processes._reap()
                time.sleep(0.05)
            if not any(alive(pid) for pid in pids):
                return

    @staticmethod
    def _reap() -> None:
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = PATIENCE) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listened on port {port}")


def start_xvfb(procs: Processes) -> str:
    read_end, write_end = os.pipe()
    procs.spawn(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    buffer = b""
    deadline = time.monotonic() + PATIENCE
    while not buffer.endswith(b"\n"):
        ready, _, _ = select.select([read_end], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise RuntimeError("Xvfb did not report a display")
        chunk = os.read(read_end, 64)
        if not chunk:
            raise RuntimeError("Xvfb exited before reporting a display")
        buffer += chunk
    os.close(read_end)
    return ":" + buffer.decode().strip()


def xdotool(env: dict, *args: str) -> str:
    result = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        raise RuntimeError(f"xdotool {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def app_window(env: dict, pid: int) -> str:
    """The app's visible top-level window id."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        result = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--pid", str(pid), "--name", "Safekeep"],
            env=env, capture_output=True, text=True, timeout=30,
        )
        ids = result.stdout.split()
        if ids:
            return ids[0]
        time.sleep(0.2)
    raise RuntimeError("the app's window never appeared")


# ------------------------------------------------------------ WebDriver ----


def webdriver(method: str, url: str, body: dict | None = None, timeout: float = PATIENCE):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = response.read()
    except urllib.error.HTTPError as error:
        raise RuntimeError(f"WebDriver {method} {url}: {error.code} {error.read()[:500]!r}") from None
    return json.loads(payload)["value"] if payload else None


FIRST_CODE_SCRIPT = """
const marks = performance.getEntriesByName(arguments[0]);
if (marks.length === 0) return null;
const nav = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
const paint = performance.getEntriesByType ? performance.getEntriesByType("paint") : [];
const codes = [...document.querySelectorAll("[data-test='code']")].map((el) => el.textContent);
return {
  time_origin: performance.timeOrigin,
  mark_start: marks[0].startTime,
  mark_count: marks.length,
  navigation: nav ? {
    start: nav.startTime, response_end: nav.responseEnd,
    dom_content_loaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
  } : null,
  paint: paint.map((entry) => ({ name: entry.name, start: entry.startTime })),
  rows: document.querySelectorAll("[data-test='account-row']").length,
  codes_shown: codes.filter((text) => /\\d/.test(text)).length,
  sample_code: codes[0] || null,
};
"""

STATE_SCRIPT = """
return {
  hidden: document.hidden,
  visibility: document.visibilityState,
  rows: document.querySelectorAll("[data-test='account-row']").length,
  unlock_screen: document.querySelector(".auth-screen, [data-test='unlock']") !== null,
};
"""


def launch_with_webdriver(procs: Processes, app: Path, env: dict, check_window_tricks: bool) -> dict:
    port, native_port = free_port(), free_port()
    driver = procs.spawn(
        ["tauri-driver", "--port", str(port), "--native-port", str(native_port)],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, driver)
        base = f"http://127.0.0.1:{port}"
        capabilities = {"capabilities": {"alwaysMatch": {
            "browserName": "wry", "tauri:options": {"application": str(app)}}}}
        # tauri-driver listens before WebKitWebDriver behind it is ready.
        for attempt in range(1, 6):
            try:
                session = webdriver("POST", f"{base}/session", capabilities)
                break
            except (RuntimeError, OSError) as error:
                if attempt == 5:
                    raise
                log(f"WebDriver session attempt {attempt} failed: {error}")
                time.sleep(1)
        url = f"{base}/session/{session['sessionId']}"

        app_path = str(app.resolve())
        pid = None
        deadline = time.monotonic() + PATIENCE
        while pid is None and time.monotonic() < deadline:
            pid = next((p for p in descendants(driver.pid) if exe_of(p) == app_path), None)
            if pid is None:
                time.sleep(0.02)
        if pid is None:
            raise RuntimeError("no safekeep-app process under tauri-driver")
        stat = read_stat(pid)
        boot = boot_epoch()
        start_epoch = boot + stat["starttime"] / CLK_TCK

        result = None
        deadline = time.monotonic() + PATIENCE
        while result is None:
            if time.monotonic() > deadline:
                raise RuntimeError(f"no {MARK} mark within {PATIENCE} s")
            try:
                result = webdriver("POST", f"{url}/execute/sync", {"script": FIRST_CODE_SCRIPT, "args": [MARK]})
            except RuntimeError:
                result = None  # the page may still be loading
            if result is None:
                time.sleep(0.1)  # the mark keeps its own time: polling only adds load
        first_code_epoch_ms = result["time_origin"] + result["mark_start"]
        launch = {
            "pid": pid,
            "process_start_epoch": start_epoch,
            "process_start_ticks_since_boot": stat["starttime"],
            "boot_epoch_precise": boot,
            "btime_whole_seconds": btime(),
            "page_time_origin_epoch_ms": result["time_origin"],
            "mark_start_ms_after_time_origin": result["mark_start"],
            "first_code_ms": first_code_epoch_ms - start_epoch * 1000.0,
            "process_start_to_time_origin_ms": result["time_origin"] - start_epoch * 1000.0,
            # The first paint with content; when it comes after the mark, it is
            # the frame that first shows the code on screen.
            "first_contentful_paint_ms": next(
                (result["time_origin"] + p["start"] - start_epoch * 1000.0
                 for p in result["paint"] if p["name"] == "first-contentful-paint"), None),
            "navigation": result["navigation"],
            "paint": result["paint"],
            "rows": result["rows"],
            "codes_shown": result["codes_shown"],
            "sample_code_has_digits": bool(result["sample_code"]) and any(c.isdigit() for c in result["sample_code"]),
        }

        if check_window_tricks:
            launch["window_tricks"] = check_hide_and_lock(env, pid, url)

        try:
            webdriver("DELETE", url, timeout=15)
        except (RuntimeError, OSError):
            pass
        return launch
    finally:
        procs.stop(driver)
        # The app must be gone before the next launch (single-instance plugin).
        deadline = time.monotonic() + 15
        app_path = str(app.resolve())
        while time.monotonic() < deadline:
            if not any(exe_of(p) == app_path for p in descendants(os.getpid())):
                break
            time.sleep(0.1)


def check_hide_and_lock(env: dict, pid: int, url: str) -> dict:
    """Checks under WebDriver that the tricks the idle-CPU phases use work."""
    run = lambda: webdriver("POST", f"{url}/execute/sync", {"script": STATE_SCRIPT, "args": []})
    window = app_window(env, pid)
    checks = {"before": run()}
    xdotool(env, "windowunmap", "--sync", window)
    time.sleep(1.0)
    checks["unmapped"] = run()
    xdotool(env, "windowmap", "--sync", window)
    time.sleep(1.0)
    checks["mapped_again"] = run()
    send_ctrl_l(env, window)
    time.sleep(1.5)
    checks["after_ctrl_l"] = run()
    checks["hide_works"] = checks["unmapped"]["hidden"] is True and checks["mapped_again"]["hidden"] is False
    checks["lock_works"] = checks["before"]["rows"] > 0 and checks["after_ctrl_l"]["rows"] == 0
    return checks


def send_ctrl_l(env: dict, window: str) -> None:
    # No window manager under Xvfb: give the window the input focus first.
    xdotool(env, "windowfocus", "--sync", window)
    xdotool(env, "key", "--window", window, "ctrl+l")


# ----------------------------------------------------------------- vault ----


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


# ------------------------------------------------------------------ main ----


def build(skip: bool) -> None:
    command = ["cargo", "build", "--release", "--locked", "-p", "safekeep-app", "-p", "safekeep-cli"]
    if skip:
        log("skipping the build (--no-build)")
        return
    log("$ " + " ".join(command))
    subprocess.run(command, cwd=ROOT, check=True)


def machine() -> dict:
    info = {"kernel": os.uname().release, "cpus": os.cpu_count(), "clock_ticks_per_second": CLK_TCK}
    try:
        with open("/proc/cpuinfo") as f:
            info["cpu"] = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
        with open("/proc/meminfo") as f:
            info["mem_total_kb"] = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
        with open("/proc/loadavg") as f:
            info["loadavg_at_start"] = f.read().split()[:3]
    except (OSError, StopIteration):
        pass
    return info


def mib(kb: int) -> str:
    return f"{kb / 1024:.0f}"


def markdown(report: dict) -> str:
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
                 f"| {mib(total['rss_kb'])} / {mib(total['pss_kb'])} / {mib(total['uss_kb'])} MiB |")
    for p in memory["processes"]:
        lines.append(f"| - {p['name']} (pid {p['pid']}): RSS / PSS / USS "
                     f"| {mib(p['rss_kb'])} / {mib(p['pss_kb'])} / {mib(p['uss_kb'])} MiB |")
    locked_total = report["memory_after_lock"]["total"]
    lines.append(f"| Memory, whole tree, at the end (locked): RSS / PSS / USS "
                 f"| {mib(locked_total['rss_kb'])} / {mib(locked_total['pss_kb'])} / {mib(locked_total['uss_kb'])} MiB |")
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
    app = ROOT / "target/release/safekeep-app"
    cli = ROOT / "target/release/safekeep"
    for binary in (app, cli):
        if not binary.exists():
            raise SystemExit(f"{binary} is missing: run `cargo build --release -p safekeep-app -p safekeep-cli`")
    for tool in ("Xvfb", "xdotool", "tauri-driver", "WebKitWebDriver", "secret-tool"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not on PATH (scripts/setup.sh installs it)")

    service = f"safekeep-bench-{os.getpid()}"
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "DISPLAY")}
    env.update({
        "SAFEKEEP_DATA_DIR": str(scratch / "vault"),
        "SAFEKEEP_KEYRING_SERVICE": service,
        "XDG_CONFIG_HOME": str(scratch / "config"),
        "XDG_CACHE_HOME": str(scratch / "cache"),
        "XDG_DATA_HOME": os.environ.get("XDG_DATA_HOME", str(scratch / "data")) if os.environ.get(PRIVATE_BUS_FLAG) else str(scratch / "data"),
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
        log(f"memory: PSS {mib(report['memory_after_settle']['total']['pss_kb'])} MiB")

        extra = {"Xvfb": xvfb_pid}
        time.sleep(max(0.0, args.idle_start - (time.monotonic() - started)))
        report["idle_cpu"] = {}
        log(f"idle CPU, window visible, {args.idle_seconds} s")
        report["idle_cpu"]["visible"] = sample_cpu(app_process.pid, args.idle_seconds, extra)

        xdotool(env, "windowunmap", "--sync", window)
        time.sleep(2.0)
        log(f"idle CPU, window hidden, {args.idle_seconds} s")
        report["idle_cpu"]["hidden"] = sample_cpu(app_process.pid, args.idle_seconds, extra)

        xdotool(env, "windowmap", "--sync", window)
        time.sleep(2.0)
        send_ctrl_l(env, window)
        time.sleep(2.0)
        log(f"idle CPU, window visible and locked, {args.idle_seconds} s")
        report["idle_cpu"]["locked"] = sample_cpu(app_process.pid, args.idle_seconds, extra)
        report["memory_after_lock"] = memory_of_tree(app_process.pid)
        procs.stop(app_process)
    finally:
        subprocess.run(["secret-tool", "clear", "service", service], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
    return report


def run_in_private_bus(argv: list[str], env: dict, marker: bytes) -> int:
    """Runs argv under dbus-run-session and returns its exit code.

    dbus-run-session passes no signals on, so SIGTERM, SIGHUP and SIGINT are
    sent on to the process whose command line holds `marker` (the inner run),
    which then stops everything it started."""
    runner = subprocess.Popen(["dbus-run-session", "--", *argv], env=env)

    def forward(signum, frame):
        for pid in descendants(runner.pid):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if marker in f.read():
                        os.kill(pid, signum)
            except OSError:
                pass

    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, forward)
    return runner.wait()


def start_private_keyring(procs: Processes, scratch: Path) -> None:
    """In our own session bus: an unlocked gnome-keyring with a fresh data home."""
    env = dict(os.environ)
    env["XDG_DATA_HOME"] = os.environ["XDG_DATA_HOME"]
    env["XDG_CACHE_HOME"] = str(scratch / "keyring-cache")
    Path(env["XDG_CACHE_HOME"]).mkdir(parents=True, exist_ok=True)
    daemon = procs.spawn(
        ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
        env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    daemon.stdin.write(b"safekeep-bench")
    daemon.stdin.close()
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if daemon.poll() is not None:
            raise RuntimeError(f"gnome-keyring-daemon exited with {daemon.returncode}")
        owned = subprocess.run(
            ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/",
             "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets"],
            capture_output=True, text=True, timeout=10,
        )
        if "boolean true" in owned.stdout:
            return
        time.sleep(0.1)
    raise RuntimeError("gnome-keyring-daemon never took org.freedesktop.secrets")


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

    if not os.environ.get(PRIVATE_BUS_FLAG) and (args.private_bus or not os.environ.get("DBUS_SESSION_BUS_ADDRESS")):
        # Build outside the private bus, then run again inside one.
        build(args.no_build)
        keyring_home = tempfile.mkdtemp(prefix="safekeep-bench-keyring-")
        env = dict(os.environ, **{PRIVATE_BUS_FLAG: "1", "XDG_DATA_HOME": keyring_home})
        script = str(Path(__file__).resolve())
        argv = [sys.executable, script, *sys.argv[1:], "--no-build"]
        try:
            return run_in_private_bus(argv, env, marker=script.encode())
        finally:
            shutil.rmtree(keyring_home, ignore_errors=True)
    elif not os.environ.get(PRIVATE_BUS_FLAG):
        build(args.no_build)

    # Make SIGTERM and SIGHUP unwind through the finally blocks, like Ctrl+C.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))

    procs = Processes()
    scratch = Path(tempfile.mkdtemp(prefix="safekeep-bench-"))
    try:
        if os.environ.get(PRIVATE_BUS_FLAG):
            start_private_keyring(procs, scratch)
        report = measure(args, procs, scratch)
    finally:
        procs.stop_all()
        shutil.rmtree(scratch, ignore_errors=True)

    out = args.out or ROOT / "artifacts/bench" / (
        "app-metrics-" + datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ") + ".json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(markdown(report))
    print(f"\nRaw numbers: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
