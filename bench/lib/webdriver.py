"""Launching the release app under tauri-driver and asking its page, over
plain HTTP WebDriver, when the first code was put in the DOM, where it is
drawn, and whether the window tricks the idle-CPU phases use work."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from . import PATIENCE
from .procfs import CLK_TCK, boot_epoch, btime, descendants, exe_of, read_stat
from .processes import Processes, free_port, wait_for_port
from .report import log
from .x11 import app_window, send_ctrl_l, xdotool

MARK = "safekeep:first-code"


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


class AppUnderDriver:
    """The release app launched by tauri-driver (on two free ports), with one
    WebDriver session on it. On leaving: the session is closed, the driver
    stopped, and the app waited for, since the next launch cannot start
    while it runs (single-instance plugin)."""

    def __init__(self, procs: Processes, app: Path, env: dict) -> None:
        self.procs, self.app, self.env = procs, app, env

    def __enter__(self) -> "AppUnderDriver":
        port, native_port = free_port(), free_port()
        self.driver = self.procs.spawn(
            ["tauri-driver", "--port", str(port), "--native-port", str(native_port)],
            env=self.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            wait_for_port(port, self.driver)
            base = f"http://127.0.0.1:{port}"
            capabilities = {"capabilities": {"alwaysMatch": {
                "browserName": "wry", "tauri:options": {"application": str(self.app)}}}}
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
            self.url = f"{base}/session/{session['sessionId']}"
        except BaseException:
            self._stop()
            raise
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            try:
                webdriver("DELETE", self.url, timeout=15)
            except (RuntimeError, OSError):
                pass
        self._stop()

    def _stop(self) -> None:
        self.procs.stop(self.driver)
        deadline = time.monotonic() + 15
        app_path = str(self.app.resolve())
        while time.monotonic() < deadline:
            if not any(exe_of(p) == app_path for p in descendants(os.getpid())):
                break
            time.sleep(0.1)

    def run(self, script: str, *args):
        """What `script` returns in the page."""
        return webdriver("POST", f"{self.url}/execute/sync", {"script": script, "args": list(args)})

    def wait_for(self, script: str, *args, what: str):
        """The first answer of `script` that is not null, polled within PATIENCE."""
        deadline = time.monotonic() + PATIENCE
        while True:
            try:
                result = self.run(script, *args)
            except (RuntimeError, ConnectionError):
                # The page may still be loading; and while it does, WebKit's
                # driver now and then drops a connection without an answer
                # (http.client.RemoteDisconnected, a ConnectionError).
                result = None
            if result is not None:
                return result
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} within {PATIENCE} s")
            time.sleep(0.1)  # the page keeps its own time: polling only adds load

    def app_pid(self) -> int:
        app_path = str(self.app.resolve())
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            pid = next((p for p in descendants(self.driver.pid) if exe_of(p) == app_path), None)
            if pid is not None:
                return pid
            time.sleep(0.02)
        raise RuntimeError("no safekeep-app process under tauri-driver")


def launch_with_webdriver(procs: Processes, app: Path, env: dict, check_window_tricks: bool) -> dict:
    """Launch to first code in the DOM: the page's `safekeep:first-code` mark,
    minus the app process's start time."""
    with AppUnderDriver(procs, app, env) as session:
        pid = session.app_pid()
        stat = read_stat(pid)
        boot = boot_epoch()
        start_epoch = boot + stat["starttime"] / CLK_TCK

        result = session.wait_for(FIRST_CODE_SCRIPT, MARK, what=f"no {MARK} mark")
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
            launch["window_tricks"] = check_hide_and_lock(session, pid)
        return launch


def check_hide_and_lock(session: AppUnderDriver, pid: int) -> dict:
    """Checks under WebDriver that the tricks the idle-CPU phases use work."""
    env = session.env
    run = lambda: session.run(STATE_SCRIPT)
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


CODE_RECT_SCRIPT = """
if (performance.getEntriesByName(arguments[0]).length === 0) return null;
const code = document.querySelector("[data-test='code']");
const box = code.getBoundingClientRect();
return {x: box.left, y: box.top, width: box.width, height: box.height, scale: window.devicePixelRatio,
        inner_width: window.innerWidth, inner_height: window.innerHeight, text: code.textContent};
"""


def first_code_rect(procs: Processes, app: Path, env: dict) -> dict:
    """Where the first account's code is drawn in the window, in X pixels, read once through WebDriver.

    The plain launches that time the painted code use no WebDriver: its session
    start alone delays the page by several hundred milliseconds."""
    with AppUnderDriver(procs, app, env) as session:
        rect = session.wait_for(CODE_RECT_SCRIPT, MARK, what="no code on screen under WebDriver")
        # Where the code stays: anything arriving after the first code (a
        # banner, say) would push it down, and that shift is worth knowing.
        at_mark = rect
        time.sleep(2.0)
        rect = session.run(CODE_RECT_SCRIPT, MARK)
    scale = rect["scale"] or 1
    return {"x": int(rect["x"] * scale), "y": int(rect["y"] * scale),
            "width": max(1, int(rect["width"] * scale)), "height": max(1, int(rect["height"] * scale)),
            "css": rect, "moved_after_first_code_css_px": [rect["x"] - at_mark["x"], rect["y"] - at_mark["y"]]}
