#!/usr/bin/python3
"""A tray host of the tests' own, on the session bus: what a desktop's panel
does for Safekeep's tray icon, reduced to what the tests need.

  tray_host.py watch FILE
      Runs an org.kde.StatusNotifierWatcher with a host registered (as KDE's
      or GNOME's AppIndicator extension's panel does) until killed, and
      appends "BUS_NAME OBJECT_PATH" to FILE for each tray item that
      registers with it.

  tray_host.py labels BUS_NAME OBJECT_PATH
      Prints the labels of the item's menu (com.canonical.dbusmenu), one a
      line, as a panel would show them.

  tray_host.py click BUS_NAME OBJECT_PATH LABEL
      Clicks the menu entry labelled LABEL, as a person does in the panel.

Debian's python3-dbus-next; run with /usr/bin/python3.
"""

import asyncio
import sys
import time

from dbus_next import BusType, Variant
from dbus_next.aio import MessageBus
from dbus_next.service import PropertyAccess, ServiceInterface, dbus_property, method, signal


class Watcher(ServiceInterface):
    def __init__(self, registered_file):
        super().__init__("org.kde.StatusNotifierWatcher")
        self.registered_file = registered_file
        self.items = []

    @method()
    def RegisterStatusNotifierItem(self, service: "s"):  # noqa: F821
        # Recorded in watch()'s message handler, which sees the caller's bus
        # name: libayatana-appindicator passes only its object path.
        pass

    @method()
    def RegisterStatusNotifierHost(self, service: "s"):  # noqa: F821
        pass

    @dbus_property(access=PropertyAccess.READ)
    def RegisteredStatusNotifierItems(self) -> "as":  # noqa: F821
        return self.items

    @dbus_property(access=PropertyAccess.READ)
    def IsStatusNotifierHostRegistered(self) -> "b":  # noqa: F821
        return True

    @dbus_property(access=PropertyAccess.READ)
    def ProtocolVersion(self) -> "i":  # noqa: F821
        return 0

    @signal()
    def StatusNotifierItemRegistered(self, service) -> "s":  # noqa: F821
        return service

    @signal()
    def StatusNotifierHostRegistered(self):
        return None


async def watch(registered_file):
    bus = await MessageBus(bus_type=BusType.SESSION).connect()
    watcher = Watcher(registered_file)

    def on_message(message):
        # The sender of a RegisterStatusNotifierItem call is the item's bus name.
        if message.member == "RegisterStatusNotifierItem" and message.body:
            path = message.body[0]
            name = path if not path.startswith("/") else message.sender
            path = path if path.startswith("/") else "/StatusNotifierItem"
            entry = f"{name} {path}"
            if entry in watcher.items:
                return None
            watcher.items.append(entry)
            with open(registered_file, "a") as out:
                out.write(entry + "\n")
            watcher.StatusNotifierItemRegistered(entry)
        return None

    bus.add_message_handler(on_message)
    bus.export("/StatusNotifierWatcher", watcher)
    await bus.request_name("org.kde.StatusNotifierWatcher")
    print("ready", flush=True)
    await asyncio.get_running_loop().create_future()


async def menu_of(bus, name, path):
    introspection = await bus.introspect(name, path)
    item = bus.get_proxy_object(name, path, introspection).get_interface("org.kde.StatusNotifierItem")
    menu_path = await item.get_menu()
    introspection = await bus.introspect(name, menu_path)
    return bus.get_proxy_object(name, menu_path, introspection).get_interface("com.canonical.dbusmenu")


def entries(layout):
    """(id, label, enabled) of every entry below `layout`, depth first."""
    _, children = layout[0], layout[2]
    for child in children:
        child_id, properties, grandchildren = child.value
        label = properties.get("label")
        enabled = properties.get("enabled")
        yield (
            child_id,
            label.value if label else "",
            enabled.value if enabled else True,
        )
        yield from entries([child_id, properties, grandchildren])


async def labels(name, path):
    bus = await MessageBus(bus_type=BusType.SESSION).connect()
    menu = await menu_of(bus, name, path)
    _, layout = await menu.call_get_layout(0, -1, [])
    for _, label, enabled in entries(layout):
        if label:
            print(label if enabled else f"{label} (disabled)")


async def click(name, path, wanted):
    bus = await MessageBus(bus_type=BusType.SESSION).connect()
    menu = await menu_of(bus, name, path)
    _, layout = await menu.call_get_layout(0, -1, [])
    for entry_id, label, enabled in entries(layout):
        if label.replace("_", "") == wanted:
            if not enabled:
                sys.exit(f"the menu entry {wanted!r} is disabled")
            await menu.call_event(entry_id, "clicked", Variant("s", ""), int(time.time()))
            return
    sys.exit(f"no menu entry {wanted!r}")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "watch":
        asyncio.run(watch(sys.argv[2]))
    elif command == "labels":
        asyncio.run(labels(sys.argv[2], sys.argv[3]))
    elif command == "click":
        asyncio.run(click(sys.argv[2], sys.argv[3], sys.argv[4]))
    else:
        sys.exit(f"unknown command {command!r}")
