#!/usr/bin/env bash
# Sets up what is missing, builds Safekeep in release mode and runs it.
# Until the desktop app lands this runs the `safekeep` command line; pass its
# arguments, e.g. `scripts/run.sh init` or `scripts/run.sh list`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release --locked -p safekeep-cli
exec target/release/safekeep "${@:---help}"
