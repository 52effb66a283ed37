"""The quick pick's speed and the resident app's cost (issue 14, "Always at
hand"): the app started `--hidden`, the quick pick opened with its global
shortcut, and what staying resident costs in memory and CPU.

Measured, with the release app and a vault opened through the keychain:

- shortcut → quick pick mapped and painted: the Ctrl+Alt+K press is sent
  with XTest (libXtst through ctypes), so its moment is known to the
  microsecond; "mapped" is the MapNotify of the window named
  "Safekeep quick pick", "painted" the first read of its search field
  (XGetImage) after which every read equals the last, as compare.py's
  launch_to_painted_content does. Escape hides it again before the next
  round, and the unmap is awaited;
- Enter → code on the clipboard: with a query typed that finds one account,
  from the Return press (XTest) until the CLIPBOARD selection has an owner
  again (XGetSelectionOwner, polled about every 1 ms; the script gives the
  selection to no one before each press). The clipboard is then read once
  with xclip and checked against oathtool's code for the account's secret;
- memory of the whole process tree (RSS, PSS, USS, per process) while
  resident and hidden, before the quick pick was ever shown, after it was
  shown and hidden once, and after all the rounds; idle CPU while hidden.

The app's environment gets a GTK settings file that stops the text caret
blinking: a blinking caret in the search field would never let its pixels
settle. It changes nothing else the page draws.
"""

from __future__ import annotations

import base64
import ctypes
import os
import select
import statistics
import subprocess
import time
import urllib.parse
from pathlib import Path

from . import PATIENCE
from .procfs import memory_of_tree, sample_cpu, tree
from .processes import Processes
from .report import log, mib
from .x11 import MapWatcher

WINDOW_NAME = b"Safekeep quick pick"
# The search field of the 420 × 340 quick pick (ui/styles/quick.css): its
# top band, where the field and its placeholder are drawn.
SEARCH_RECT = {"x": 0, "y": 0, "width": 420, "height": 64}
# The account the Enter rounds pick, added to the bench vault with a secret
# this module knows, so oathtool can say which code must be copied.
PROBE_ISSUER = "Quickpick Probe"
PROBE_QUERY = "quickpick"

# X keysyms and masks used here.
XK_CONTROL_L, XK_ALT_L, XK_K, XK_ESCAPE, XK_RETURN = 0xFFE3, 0xFFE9, 0x006B, 0xFF1B, 0xFF0D
CONTROL_MASK, MOD1_MASK = 1 << 2, 1 << 3
BAD_ACCESS = 10
UNMAP_NOTIFY = 18
MAP_NOTIFY = 19
GRAB_MODE_ASYNC = 1


class XErrorEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("display", ctypes.c_void_p), ("resourceid", ctypes.c_ulong),
                ("serial", ctypes.c_ulong), ("error_code", ctypes.c_ubyte), ("request_code", ctypes.c_ubyte),
                ("minor_code", ctypes.c_ubyte)]


class Keyboard:
    """Keys pressed through XTest, the shortcut's grab probed, and the
    CLIPBOARD selection's owner, on a connection of its own."""

    def __init__(self, display: str) -> None:
        x = ctypes.CDLL("libX11.so.6")
        xtst = ctypes.CDLL("libXtst.so.6")
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XKeysymToKeycode.restype = ctypes.c_ubyte
        x.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x.XStringToKeysym.restype = ctypes.c_ulong
        x.XStringToKeysym.argtypes = [ctypes.c_char_p]
        x.XFlush.argtypes = [ctypes.c_void_p]
        x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XGrabKey.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int,
                               ctypes.c_int, ctypes.c_int]
        x.XUngrabKey.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_ulong]
        x.XInternAtom.restype = ctypes.c_ulong
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XGetSelectionOwner.restype = ctypes.c_ulong
        x.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x.XSetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
        x.XGetInputFocus.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_int)]
        xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        # Xlib has one error handler per process (MapWatcher's ignores every
        # error): this one ignores them too, and keeps their codes, so that
        # a refused grab can be told.
        self.errors: list[int] = []
        handler_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(XErrorEvent))

        def remember(_display, event):
            self.errors.append(event.contents.error_code)
            return 0

        self._handler = handler_type(remember)
        x.XSetErrorHandler.argtypes = [handler_type]
        x.XSetErrorHandler(self._handler)
        self.x, self.xtst = x, xtst
        self.display = x.XOpenDisplay(display.encode())
        if not self.display:
            raise RuntimeError(f"cannot open X display {display}")
        self.root = x.XDefaultRootWindow(self.display)
        self.clipboard = x.XInternAtom(self.display, b"CLIPBOARD", 0)

    def keycode(self, keysym: int) -> int:
        code = self.x.XKeysymToKeycode(self.display, keysym)
        if not code:
            raise RuntimeError(f"keysym {keysym:#x} is not on the keyboard")
        return code

    def _key(self, keysym: int, down: bool) -> None:
        self.xtst.XTestFakeKeyEvent(self.display, self.keycode(keysym), int(down), 0)

    def press(self, keysym: int, modifiers: tuple[int, ...] = ()) -> float:
        """Presses (and releases) a key with modifiers held; returns
        time.time() just before the key's press left for the X server."""
        for modifier in modifiers:
            self._key(modifier, True)
        self.x.XSync(self.display, 0)
        pressed_at = time.time()
        self._key(keysym, True)
        self.x.XFlush(self.display)
        self._key(keysym, False)
        for modifier in reversed(modifiers):
            self._key(modifier, False)
        self.x.XSync(self.display, 0)
        return pressed_at

    def type_text(self, text: str, delay: float = 0.03) -> None:
        for char in text:
            keysym = self.x.XStringToKeysym(b"space" if char == " " else char.encode())
            self.press(keysym)
            time.sleep(delay)

    def shortcut_held_by_another(self) -> bool:
        """Whether Ctrl+Alt+K is grabbed already: our own grab of it is then
        refused with BadAccess (as tests/tray.rs's grab_key finds out)."""
        self.errors.clear()
        code = self.keycode(XK_K)
        self.x.XGrabKey(self.display, code, CONTROL_MASK | MOD1_MASK, self.root, 0, GRAB_MODE_ASYNC,
                        GRAB_MODE_ASYNC)
        self.x.XSync(self.display, 0)
        if BAD_ACCESS in self.errors:
            return True
        self.x.XUngrabKey(self.display, code, CONTROL_MASK | MOD1_MASK, self.root)
        self.x.XSync(self.display, 0)
        return False

    def clipboard_owner(self) -> int:
        return self.x.XGetSelectionOwner(self.display, self.clipboard)

    def give_clipboard_to_no_one(self) -> None:
        self.x.XSetSelectionOwner(self.display, self.clipboard, 0, 0)
        self.x.XSync(self.display, 0)

    def focus_is_in(self, window: int) -> bool:
        focus, revert = ctypes.c_ulong(), ctypes.c_int()
        self.x.XGetInputFocus(self.display, ctypes.byref(focus), ctypes.byref(revert))
        current = focus.value
        query = self.x.XQueryTree
        query.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                          ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p),
                          ctypes.POINTER(ctypes.c_uint)]
        while current > 1 and current != self.root:
            if current == window:
                return True
            root, parent, children, count = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p(), ctypes.c_uint()
            if not query(self.display, current, ctypes.byref(root), ctypes.byref(parent), ctypes.byref(children),
                         ctypes.byref(count)):
                return False
            if children.value:
                self.x.XFree(children)
            current = parent.value
        return False


def window_name(watcher: MapWatcher, window: int) -> bytes | None:
    fetch = watcher.x.XFetchName
    fetch.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_char_p)]
    name = ctypes.c_char_p()
    if not fetch(watcher.display, window, ctypes.byref(name)) or not name.value:
        return None
    value = name.value
    return value


def wait_for_event(watcher: MapWatcher, wanted_type: int, window: int | None, root_pid: int,
                   timeout: float = PATIENCE) -> tuple[float, int]:
    """(time.time() seen, window) of the next MapNotify/UnmapNotify on the
    root of `window`, or for MapNotify of any top-level window of root_pid's
    tree named WINDOW_NAME."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        select.select([watcher.fd], [], [], 0.05)
        while watcher.x.XPending(watcher.display):
            watcher.x.XNextEvent(watcher.display, watcher.event)
            seen = time.time()
            raw = bytes(watcher.event)
            if int.from_bytes(raw[0:4], "little") != wanted_type:
                continue
            mapped = int.from_bytes(raw[40:48], "little")
            if window is not None:
                if mapped == window:
                    return seen, mapped
                continue
            pid = watcher.window_pid(mapped)
            if pid is not None and pid in tree(root_pid) and window_name(watcher, mapped) == WINDOW_NAME:
                return seen, mapped
    raise RuntimeError(f"no {'MapNotify' if wanted_type == MAP_NOTIFY else 'UnmapNotify'} within {timeout:.0f} s")


def settle_point(samples: list[tuple[float, bytes | None]]) -> int:
    """The first sample after which every sample equals the last."""
    final = samples[-1][1]
    first = len(samples) - 1
    while first > 0 and samples[first - 1][1] == final:
        first -= 1
    if final is None or len(set(final)) < 8:
        raise RuntimeError("the search field stayed blank: is the rectangle right?")
    return first


def show_and_watch(keys: Keyboard, watcher: MapWatcher, pid: int, watch_seconds: float) -> dict:
    """Ctrl+Alt+K, then the quick pick's map and the moment its search field settles."""
    watcher.drain()
    pressed = keys.press(XK_K, (XK_CONTROL_L, XK_ALT_L))
    mapped_at, window = wait_for_event(watcher, MAP_NOTIFY, None, pid)
    samples: list[tuple[float, bytes | None]] = []
    end = mapped_at + watch_seconds
    while time.time() < end:
        samples.append((time.time(), watcher.grab(window, SEARCH_RECT["x"], SEARCH_RECT["y"],
                                                  SEARCH_RECT["width"], SEARCH_RECT["height"])))
        time.sleep(0.005)
    first = settle_point(samples)
    return {"window": window, "mapped_ms": (mapped_at - pressed) * 1000.0,
            "painted_ms": (samples[first][0] - pressed) * 1000.0, "reads": len(samples),
            "read_interval_ms": watch_seconds * 1000.0 / len(samples),
            "distinct_frames_before": len({pixels for _, pixels in samples[:first]})}


def hide_with_escape(keys: Keyboard, watcher: MapWatcher, window: int, pid: int) -> float:
    watcher.drain()
    pressed = keys.press(XK_ESCAPE)
    unmapped_at, _ = wait_for_event(watcher, UNMAP_NOTIFY, window, pid)
    return (unmapped_at - pressed) * 1000.0


def wait_for_focus(keys: Keyboard, window: int) -> None:
    """Until the X keyboard focus is in `window` (on it or a child of it)."""
    deadline = time.monotonic() + PATIENCE
    while not keys.focus_is_in(window):
        if time.monotonic() > deadline:
            raise RuntimeError("the quick pick never got the keyboard")
        time.sleep(0.005)


def add_probe_account(cli: Path, env: dict) -> str:
    """Adds the account the Enter rounds pick and returns its secret (never
    written anywhere: a throwaway in a throwaway vault)."""
    secret = base64.b32encode(os.urandom(20)).decode().rstrip("=")
    quote = urllib.parse.quote
    uri = f"otpauth://totp/{quote(PROBE_ISSUER)}:probe%40example.org?secret={secret}&issuer={quote(PROBE_ISSUER)}"
    result = subprocess.run([str(cli), "add", uri], env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"safekeep add failed ({result.returncode}): {result.stderr.strip()}")
    return secret


def oathtool_codes(secret: str, moments: list[float]) -> set[str]:
    codes = set()
    for moment in moments:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(moment))
        out = subprocess.run(["oathtool", "--totp", "--base32", f"--now={stamp}", "-"], input=secret,
                             capture_output=True, text=True, timeout=30)
        if out.returncode == 0:
            codes.add(out.stdout.strip())
    return codes


def read_clipboard(env: dict) -> str:
    out = subprocess.run(["xclip", "-o", "-selection", "clipboard"], env=env, capture_output=True, text=True,
                         timeout=10)
    return out.stdout.strip() if out.returncode == 0 else ""


def enter_to_clipboard(keys: Keyboard, watcher: MapWatcher, pid: int, env: dict, secret: str) -> dict:
    """Opens the quick pick, types the probe's query, and times Return until
    the clipboard has an owner again; then checks what it holds."""
    watcher.drain()
    keys.press(XK_K, (XK_CONTROL_L, XK_ALT_L))
    _, window = wait_for_event(watcher, MAP_NOTIFY, None, pid)
    wait_for_focus(keys, window)
    keys.type_text(PROBE_QUERY)
    time.sleep(0.5)  # the search is one IPC call; generous room for it to draw the one match
    keys.give_clipboard_to_no_one()
    if keys.clipboard_owner():
        raise RuntimeError("the clipboard kept an owner after it was given to no one")
    watcher.drain()
    before = time.time()
    pressed = keys.press(XK_RETURN)
    deadline = time.monotonic() + PATIENCE
    while not (owner := keys.clipboard_owner()):
        if time.monotonic() > deadline:
            raise RuntimeError("Enter put nothing on the clipboard")
        time.sleep(0.001)
    owned_at = time.time()
    wait_for_event(watcher, UNMAP_NOTIFY, window, pid)
    copied = read_clipboard(env)
    expected = oathtool_codes(secret, [before, time.time()])
    return {"ms": (owned_at - pressed) * 1000.0, "owner": owner, "copied_is_oathtools_code": copied in expected,
            "copied_is_six_digits": len(copied) == 6 and copied.isdigit()}


def quiet_caret(env: dict) -> None:
    """A GTK settings file in the app's config home: no blinking caret."""
    folder = Path(env["XDG_CONFIG_HOME"]) / "gtk-3.0"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.ini").write_text("[Settings]\ngtk-cursor-blink=false\n")


def spread(values: list[float]) -> dict:
    return {"runs_ms": values, "median_ms": statistics.median(values), "min_ms": min(values), "max_ms": max(values)}


def measure_quick_pick(procs: Processes, display: str, watcher: MapWatcher, app: Path, cli: Path, env: dict,
                       log_file: Path, rounds: int, settle: float, idle_seconds: float, xvfb_pid: int,
                       extra_env: dict[str, str] | None = None) -> dict:
    """The whole step: launch `--hidden`, memory and idle CPU while resident,
    then `rounds` shortcut → painted rounds and `rounds` Enter → clipboard
    rounds. `env` is the app's (vault, keyring service, fresh XDG folders);
    `extra_env` adds to it, for experiments (the memory levers)."""
    env = dict(env, **(extra_env or {}))
    secret = add_probe_account(cli, env)
    quiet_caret(env)
    keys = Keyboard(display)
    result: dict = {"rounds": rounds, "settle_seconds": settle, "idle_seconds": idle_seconds,
                    "search_rect": SEARCH_RECT, "app_env_extra": extra_env or {}}
    with open(log_file, "a") as out:
        spawned = time.monotonic()
        process = procs.spawn([str(app), "--hidden"], env=env, stdin=subprocess.DEVNULL, stdout=out,
                              stderr=subprocess.STDOUT)
    try:
        while not keys.shortcut_held_by_another():
            if process.poll() is not None:
                raise RuntimeError(f"the app exited with {process.returncode}")
            if time.monotonic() - spawned > PATIENCE:
                raise RuntimeError("the app never took Ctrl+Alt+K")
            time.sleep(0.02)
        result["launch_to_shortcut_held_ms"] = (time.monotonic() - spawned) * 1000.0
        time.sleep(max(0.0, settle - (time.monotonic() - spawned)))
        result["memory_never_shown"] = memory_of_tree(process.pid)
        log(f"quick pick: resident, never shown: PSS {mib(result['memory_never_shown']['total']['pss_kb']):.0f} MiB")

        # The first show after launch: the page is built and ready, but the
        # window has never been mapped.
        first = show_and_watch(keys, watcher, process.pid, watch_seconds=1.5)
        first["escape_to_unmap_ms"] = hide_with_escape(keys, watcher, first["window"], process.pid)
        result["first_show"] = first
        log(f"quick pick: first show mapped {first['mapped_ms']:.0f} ms, painted {first['painted_ms']:.0f} ms")
        time.sleep(settle)
        result["memory_shown_once"] = memory_of_tree(process.pid)
        log(f"quick pick: shown and hidden once: PSS {mib(result['memory_shown_once']['total']['pss_kb']):.0f} MiB")
        log(f"quick pick: idle CPU while hidden, {idle_seconds:.0f} s")
        result["idle_hidden"] = sample_cpu(process.pid, idle_seconds, {"Xvfb": xvfb_pid})

        shows = []
        for n in range(1, rounds + 1):
            shown = show_and_watch(keys, watcher, process.pid, watch_seconds=1.0)
            shown["escape_to_unmap_ms"] = hide_with_escape(keys, watcher, shown["window"], process.pid)
            shows.append(shown)
            log(f"quick pick: round {n}: mapped {shown['mapped_ms']:.0f} ms, painted {shown['painted_ms']:.0f} ms")
            time.sleep(0.3)
        result["shows"] = shows
        result["mapped"] = spread([s["mapped_ms"] for s in shows])
        result["painted"] = spread([s["painted_ms"] for s in shows])

        enters = []
        for n in range(1, rounds + 1):
            entered = enter_to_clipboard(keys, watcher, process.pid, env, secret)
            enters.append(entered)
            log(f"quick pick: Enter {n}: clipboard owned after {entered['ms']:.1f} ms, "
                f"oathtool's code: {entered['copied_is_oathtools_code']}")
            time.sleep(0.3)
        result["enters"] = enters
        result["enter_to_clipboard"] = spread([e["ms"] for e in enters])
        result["enter_codes_checked"] = sum(e["copied_is_oathtools_code"] for e in enters)
        time.sleep(settle)
        result["memory_after_rounds"] = memory_of_tree(process.pid)
    finally:
        procs.stop(process)
    return result
