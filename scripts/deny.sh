#!/usr/bin/env bash
# Checks the dependency tree against deny.toml with cargo-deny: licenses, bans
# and sources always; RustSec advisories only against a database already on
# this machine. It never fetches one: GitHub, where the database lives, is not
# reachable from our machines or CI, and a check that half-works offline is
# worse than one that says it was skipped.
#
# The database is looked for in $SAFEKEEP_ADVISORY_DB if set (either a git
# clone of RustSec's advisory-db, or a folder laid out like cargo-deny's own,
# e.g. one `cargo deny fetch` filled elsewhere), else where cargo-deny keeps
# it by default, ${CARGO_HOME:-~/.cargo}/advisory-dbs.
#
# Without a database the advisories are NOT checked. The script says so in
# capitals, on its last line ("advisories: not checked (no database)"), and
# still exits 0 so the other checks stay usable offline; set
# SAFEKEEP_REQUIRE_ADVISORIES=1 (e.g. before a release) to make that a
# failure instead. docs/SECURITY.md lists the advisories known to match.
set -euo pipefail
cd "$(dirname "$0")/.."

# deny.toml uses cargo-deny 0.20's format (0.20 dropped --disable-fetch, for one).
DENY_VERSION="0.20"
if ! cargo deny --version >/dev/null 2>&1; then
  echo "deny: installing cargo-deny $DENY_VERSION" >&2
  cargo install cargo-deny --locked --version "~$DENY_VERSION"
fi
found=$(cargo deny --version)
case "$found" in
  "cargo-deny $DENY_VERSION".*) ;;
  *) echo "deny: warning: deny.toml is written for cargo-deny $DENY_VERSION, found $found" >&2 ;;
esac

# Inclusion graphs of the ~50 crates Tauri pulls in twice would run to
# thousands of lines; `cargo deny check` by hand shows them.
deny=(cargo deny --all-features --locked)
check=(check --hide-inclusion-graph)

status=0
echo "deny: checking licenses, bans and sources" >&2
if "${deny[@]}" "${check[@]}" licenses bans sources; then
  graph="ok"
else
  status=1
  graph="FAILED (see the errors above; 'cargo deny check' shows how each crate is pulled in)"
fi

# cargo-deny names a database's folder after its URL: this is RustSec's.
db_name="advisory-db-3157b0e258782691"
default_root="${CARGO_HOME:-$HOME/.cargo}/advisory-dbs"
scratch=""
trap '[ -z "$scratch" ] || rm -rf "$scratch"' EXIT
root=""
if [ -n "${SAFEKEEP_ADVISORY_DB:-}" ]; then
  if [ -d "$SAFEKEEP_ADVISORY_DB/$db_name" ]; then
    root="$SAFEKEEP_ADVISORY_DB"
    db="$root/$db_name"
  elif [ -d "$SAFEKEEP_ADVISORY_DB/crates" ] && [ -e "$SAFEKEEP_ADVISORY_DB/.git" ]; then
    # cargo-deny only opens databases inside a folder of its own layout.
    scratch=$(mktemp -d)
    root="$scratch"
    db="$SAFEKEEP_ADVISORY_DB"
    ln -s "$(realpath "$SAFEKEEP_ADVISORY_DB")" "$root/$db_name"
  else
    # Set but unusable is a mistake to report, not a reason to skip quietly.
    echo "deny: SAFEKEEP_ADVISORY_DB=$SAFEKEEP_ADVISORY_DB is neither a git clone of RustSec's advisory-db (with crates/ and .git) nor a folder holding $db_name/" >&2
    exit 1
  fi
elif [ -d "$default_root/$db_name" ]; then
  root="$default_root"
  db="$root/$db_name"
fi

if [ -n "$root" ]; then
  config="deny.toml"
  if [ "$root" != "$default_root" ]; then
    # deny.toml names cargo-deny's default folder; point a copy elsewhere.
    scratch=${scratch:-$(mktemp -d)}
    config="$scratch/deny.toml"
    sed "s|^db-path = \"\$CARGO_HOME/advisory-dbs\"\$|db-path = \"$root\"|" deny.toml >"$config"
    if ! grep -qxF "db-path = \"$root\"" "$config"; then
      echo "deny: deny.toml has no 'db-path = \"\$CARGO_HOME/advisory-dbs\"' line to redirect" >&2
      exit 1
    fi
  fi
  echo "deny: checking advisories against the local database in $db (offline, never fetched)" >&2
  # --offline keeps cargo-deny from fetching the database (it errors instead
  # if the database is missing, or older than 90 days).
  if "${deny[@]}" --offline --config "$config" "${check[@]}" advisories; then
    advisories="CHECKED against $db"
  else
    status=1
    advisories="CHECKED against $db, and FAILED (see above: an advisory matched, or the database is older than 90 days and needs updating)"
  fi
else
  advisories_missing=1
fi

echo "deny: licenses, bans, sources $graph" >&2
if [ -n "${advisories_missing:-}" ]; then
  # Loud on purpose: a green run here says nothing about known vulnerabilities.
  {
    echo "deny: ================================================================"
    echo "deny: WARNING: RustSec advisories were NOT checked: no advisory database"
    echo "deny: in $default_root/$db_name and SAFEKEEP_ADVISORY_DB is unset (this"
    echo "deny: script never downloads one). Known vulnerabilities may be present."
    echo "deny: ================================================================"
  } >&2
  if [ "${SAFEKEEP_REQUIRE_ADVISORIES:-0}" = "1" ]; then
    echo "deny: advisories: not checked (no database), and SAFEKEEP_REQUIRE_ADVISORIES=1: FAILED" >&2
    exit 1
  fi
  echo "deny: advisories: not checked (no database)" >&2
else
  echo "deny: advisories $advisories" >&2
fi
exit "$status"
