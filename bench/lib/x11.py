"""The X side of a bench run: its own Xvfb, finding and driving the app's
window with xdotool, and watching windows map and reading their pixels
through libX11 (ctypes), with no polling delay."""

from __future__ import annotations

import ctypes
import os
import select
import subprocess
import time

from . import PATIENCE
from .procfs import tree
from .processes import Processes


def start_xvfb(procs: Processes) -> str:
    read_end, write_end = os.pipe()
    procs.spawn(
        # -noreset: an X server that resets when its last client leaves refuses
        # a client connecting meanwhile (an app starting as an xdotool call ends).
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset"],
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


def send_ctrl_l(env: dict, window: str) -> None:
    # No window manager under Xvfb: give the window the input focus first.
    xdotool(env, "windowfocus", "--sync", window)
    xdotool(env, "key", "--window", window, "ctrl+l")



class XImageHead(ctypes.Structure):
    """The leading fields of Xlib's XImage, up to the ones grab() reads."""

    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.c_void_p), ("byte_order", ctypes.c_int),
                ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
                ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int)]


class MapWatcher:
    """Reports the first top-level window a given process tree maps, as the
    X server announces it (MapNotify on the root window), through libX11."""

    MAP_NOTIFY = 19
    Z_PIXMAP = 2
    ALL_PLANES = 0xFFFFFFFFFFFFFFFF
    SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
    XA_CARDINAL = 6

    def __init__(self, display: str) -> None:
        x = ctypes.CDLL("libX11.so.6")
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        x.XConnectionNumber.argtypes = [ctypes.c_void_p]
        x.XPending.argtypes = [ctypes.c_void_p]
        x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        x.XFlush.argtypes = [ctypes.c_void_p]
        x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x.XInternAtom.restype = ctypes.c_ulong
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XGetImage.restype = ctypes.c_void_p
        x.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint,
                                ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
        self.libc = ctypes.CDLL("libc.so.6")
        self.libc.free.argtypes = [ctypes.c_void_p]
        x.XGetWindowProperty.argtypes = [
            ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long, ctypes.c_long, ctypes.c_int,
            ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p),
        ]
        # A window can be gone before we ask for its pid: the default X error
        # handler would then end this script.
        handler_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
        self._ignore_errors = handler_type(lambda display, event: 0)
        x.XSetErrorHandler.argtypes = [handler_type]
        x.XSetErrorHandler(self._ignore_errors)
        self.x = x
        self.display = x.XOpenDisplay(display.encode())
        if not self.display:
            raise RuntimeError(f"cannot open X display {display}")
        self.root = x.XDefaultRootWindow(self.display)
        self.pid_atom = x.XInternAtom(self.display, b"_NET_WM_PID", 0)
        x.XSelectInput(self.display, self.root, self.SUBSTRUCTURE_NOTIFY_MASK)
        x.XSync(self.display, 0)
        self.fd = x.XConnectionNumber(self.display)
        self.event = (ctypes.c_long * 24)()

    def grab(self, window: int, x: int, y: int, width: int, height: int) -> bytes | None:
        """The pixels of a rectangle of the window as the X server holds them now."""
        image = self.x.XGetImage(self.display, window, x, y, width, height, self.ALL_PLANES, self.Z_PIXMAP)
        if not image:
            return None
        try:
            header = ctypes.cast(image, ctypes.POINTER(XImageHead)).contents
            return ctypes.string_at(header.data, header.bytes_per_line * header.height)
        finally:
            self.libc.free(ctypes.cast(image, ctypes.POINTER(XImageHead)).contents.data)
            self.x.XFree(image)

    def drain(self) -> None:
        self.x.XSync(self.display, 0)
        while self.x.XPending(self.display):
            self.x.XNextEvent(self.display, self.event)

    def window_pid(self, window: int) -> int | None:
        actual_type, actual_format = ctypes.c_ulong(), ctypes.c_int()
        count, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = self.x.XGetWindowProperty(
            self.display, window, self.pid_atom, 0, 1, 0, self.XA_CARDINAL, ctypes.byref(actual_type),
            ctypes.byref(actual_format), ctypes.byref(count), ctypes.byref(after), ctypes.byref(data))
        if status != 0 or not data.value:
            return None
        try:
            return int(ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0]) if count.value else None
        finally:
            self.x.XFree(data)

    def wait_for_window(self, root_pid: int, timeout: float = PATIENCE) -> tuple[float, int]:
        """(time.time() of the map, window id) of root_pid's tree's first top-level window."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            select.select([self.fd], [], [], 0.05)
            while self.x.XPending(self.display):
                self.x.XNextEvent(self.display, self.event)
                seen = time.time()
                raw = bytes(self.event)
                event_type = int.from_bytes(raw[0:4], "little")
                window = int.from_bytes(raw[40:48], "little")
                override_redirect = int.from_bytes(raw[48:52], "little")
                if event_type != self.MAP_NOTIFY or override_redirect:
                    continue
                pid = self.window_pid(window)
                if pid is not None and pid in tree(root_pid):
                    return seen, window
        raise RuntimeError(f"process {root_pid} mapped no top-level window within {timeout:.0f} s")

