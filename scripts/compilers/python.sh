#!/usr/bin/env bash
# The Python type check of the code Stormpad exports (`export --to python`).
#   scripts/compilers/python.sh install     installs a pinned mypy into a venv under
#                                           .tools/compilers/python/ (idempotent)
#   scripts/compilers/python.sh check DIR   runs mypy --strict over the packages in DIR
# Exit 0 only when mypy reports no error; its diagnostics are printed otherwise.
# Installs Debian's python3-venv first when the venv module is missing (scripts/lib.sh).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
caller=$PWD
cd "$(dirname "$0")/../.."
root=$PWD

version=2.4.1
dest=.tools/compilers/python
venv=$dest/venv
stamp=$dest/.installed-$version
mypy=$venv/bin/mypy

installed() { [ -f "$stamp" ] && [ -x "$mypy" ]; }

install() {
  installed && return 0
  pip_install_locked "$dest" "mypy==$version"
  installed && return 0 # another check installed it while this one waited
  "$mypy" --version >/dev/null
  touch "$stamp"
}

check() {
  local dir=$1
  case $dir in /*) ;; *) dir=$caller/$dir ;; esac
  [ -d "$dir" ] || { echo "python.sh: no folder $dir" >&2; exit 2; }
  dir=$(cd "$dir" && pwd)
  install
  # The export writes one top-level package (a folder with __init__.py) into DIR: checked
  # as packages, DIR being the search path, so relative imports resolve as they will.
  local packages=()
  local init
  for init in "$dir"/*/__init__.py; do
    [ -f "$init" ] && packages+=(-p "$(basename "$(dirname "$init")")")
  done
  if [ ${#packages[@]} -eq 0 ]; then
    echo "python.sh: no package (folder with __init__.py) in $dir" >&2
    exit 1
  fi
  (cd "$dir" && MYPYPATH="$dir" "$root/$mypy" --strict --no-incremental \
    --cache-dir=/dev/null --no-error-summary --show-error-codes \
    --python-version 3.11 "${packages[@]}") || {
    echo "python.sh: mypy --strict found errors in $dir" >&2
    exit 1
  }
}

compiler_main "$@"
