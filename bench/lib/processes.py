"""Starting and stopping the processes a bench run needs, so that nothing
outlives the run: every process it spawns, their descendants, and the
private D-Bus session with its own unlocked gnome-keyring."""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

from . import PATIENCE
from .procfs import descendants, read_stat


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


# Set in the environment of a run re-executed inside its own D-Bus session.
PRIVATE_BUS_FLAG = "SAFEKEEP_BENCH_PRIVATE_BUS"

# What a measurement needs on PATH (scripts/setup.sh installs all of it).
TOOLS = ("Xvfb", "xdotool", "tauri-driver", "WebKitWebDriver", "secret-tool")


def in_private_bus() -> bool:
    """Whether this is the run re-executed inside its own D-Bus session."""
    return bool(os.environ.get(PRIVATE_BUS_FLAG))


@contextlib.contextmanager
def private_bus_env(prefix: str) -> Iterator[tuple[dict, Path]]:
    """The environment for a re-run under run_in_private_bus: PRIVATE_BUS_FLAG
    set, and a fresh XDG_DATA_HOME for its keyring, removed afterwards."""
    home = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield dict(os.environ, **{PRIVATE_BUS_FLAG: "1", "XDG_DATA_HOME": str(home)}), home
    finally:
        shutil.rmtree(home, ignore_errors=True)


def require_tools() -> None:
    for tool in TOOLS:
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not on PATH (scripts/setup.sh installs it)")


def run_isolated(measure: Callable[[Processes, Path], dict], scratch_prefix: str, keyring: bool) -> dict:
    """Runs measure(procs, scratch) with a fresh scratch folder and, with
    `keyring`, a private keyring; afterwards everything it started is stopped
    and the folder removed, also on error, Ctrl+C, SIGTERM or SIGHUP."""
    # Make SIGTERM and SIGHUP unwind through the finally blocks, like Ctrl+C.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))
    procs = Processes()
    scratch = Path(tempfile.mkdtemp(prefix=scratch_prefix))
    try:
        if keyring:
            start_private_keyring(procs, scratch)
        return measure(procs, scratch)
    finally:
        procs.stop_all()
        shutil.rmtree(scratch, ignore_errors=True)
