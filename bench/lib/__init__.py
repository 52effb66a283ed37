"""What bench/app_metrics.py and bench/compare.py share, so each script keeps
only what it measures and how it reports it.

- procfs: what is read from /proc (a process tree's memory and CPU, the machine);
- processes: starting and stopping processes, the private D-Bus session and keyring;
- x11: Xvfb, the app's window, map notifications and pixels;
- webdriver: launching the app under tauri-driver and reading its page;
- safekeep: the release binaries, their build, and a vault of test accounts;
- report: the log line, MiB, and where the raw numbers are written.

Standard library only (the compare script's chart alone needs matplotlib).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PATIENCE = 60.0  # seconds to wait for anything that should happen "soon"
