# Sourced first by the scripts that check a built package (check-package.sh,
# check-install.sh), as `. "$(dirname "$0")/lib/check.sh" NAME "$@"`: it
# takes the package named on the command line, if any, goes to the repository
# root, and gives the functions they report with, each line tagged NAME.
check_name=$1
shift
# A package named on the command line is relative to where we were called.
check_arg_deb=""
[ $# -eq 0 ] || check_arg_deb=$(realpath -m -- "$1")
cd "$(dirname "$0")/.."
. scripts/lib/bundle.sh

fail() {
  echo "$check_name: FAIL: $*" >&2
  exit 1
}
pass() { echo "$check_name: ok: $*" >&2; }
say() { echo "$check_name: $*" >&2; }

# Prints the package to check: the one named on the command line, else the
# one scripts/package.sh built; fails, saying why, when there is none.
package_to_check() {
  local deb
  if [ -n "$check_arg_deb" ]; then
    deb="$check_arg_deb"
  else
    deb=$(built_deb) || fail "$deb"
  fi
  [ -f "$deb" ] || fail "$deb does not exist"
  echo "$deb"
}
