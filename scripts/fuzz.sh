#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for a bounded time each, starting from its
# committed seeds (fuzz/seeds/<target>/) copied into a fresh corpus, and
# fails if any target crashes, hangs or runs out of memory.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to $FUZZ_SECONDS, else 8 (CI's short run).
# No TARGET runs them all. $FUZZ_SANITIZER picks cargo-fuzz's sanitizer
# (default "none", see fuzz/README.md for why and for longer runs).
#
# cargo-fuzz needs nightly-only rustc flags; RUSTC_BOOTSTRAP=1 lets the
# stable toolchain take them, for this script's builds only.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-${FUZZ_SECONDS:-8}}
[[ $# -gt 0 ]] && shift
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds < 1)); then
  echo "fuzz.sh: seconds per target must be a whole number of at least 1, not '$seconds'" >&2
  exit 2
fi
sanitizer=${FUZZ_SANITIZER:-none}
export RUSTC_BOOTSTRAP=1
# The targets are run from where this script expects them, whatever target
# directory the caller's environment names for the main workspace.
export CARGO_TARGET_DIR="$PWD/fuzz/target"

# The version fuzz/README.md was checked with; another is used if already
# installed, since cargo-fuzz's command line has been stable for years.
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --version 0.13.2
fi

# cargo-fuzz cannot pass --locked on to cargo, so check here that the
# committed fuzz/Cargo.lock already fits, the way --locked would: the build
# below then resolves to exactly it and never rewrites it.
cargo metadata --locked --format-version 1 --manifest-path fuzz/Cargo.toml >/dev/null

if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi

cargo fuzz build --sanitizer "$sanitizer"
# The binaries are run directly rather than through `cargo fuzz run`, which
# would rebuild first: one build, and every target fuzzes the same code.
host=$(rustc -vV | sed -n 's/^host: //p')
bin_dir=fuzz/target/$host/release

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=()
for target in "${targets[@]}"; do
  if [[ ! -d fuzz/seeds/$target ]]; then
    echo "fuzz: $target has no seeds in fuzz/seeds/$target" >&2
    failed+=("$target")
    continue
  fi
  corpus="$work/$target"
  cp -r "fuzz/seeds/$target" "$corpus"
  log="$work/$target.log"
  # -timeout: one input taking this long is a hang, reported as a failure;
  # -rss_limit_mb: libFuzzer's default, stated so a change is deliberate.
  mkdir -p "fuzz/artifacts/$target"
  if "$bin_dir/$target" "$corpus" -artifact_prefix="fuzz/artifacts/$target/" \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
    -print_final_stats=1 >"$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "fuzz: $target: ${execs:-?} inputs in ${seconds}s, no crash"
    passed=$((passed + 1))
  else
    # The panic message comes before a long backtrace, so show it apart.
    echo "fuzz: $target FAILED:" >&2
    grep -m1 -A2 -E 'panicked at|^==[0-9]+==ERROR|^ERROR: libFuzzer' "$log" >&2 || true
    echo "fuzz: the end of its log:" >&2
    tail -n 12 "$log" >&2
    artifact=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
    echo "fuzz: replay it, then see fuzz/README.md for making it a test:" >&2
    echo "  RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer $sanitizer $target ${artifact:-fuzz/artifacts/$target/<file>}" >&2
    failed+=("$target")
  fi
done

echo "fuzz: ${passed} passed, ${#failed[@]} failed"
if ((${#failed[@]} > 0)); then
  echo "fuzz: failed targets: ${failed[*]}" >&2
  exit 1
fi
