#!/usr/bin/env bash
# Sets up what is missing, builds Safekeep in release mode and starts the
# desktop app. With arguments it runs the `safekeep` command line instead,
# e.g. `scripts/run.sh list` or `scripts/run.sh tokens use github`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
if (($#)); then
  cargo build --release --locked -p safekeep-cli
  exec target/release/safekeep "$@"
fi
cargo build --release --locked -p safekeep-app -p safekeep-cli
exec target/release/safekeep-app
