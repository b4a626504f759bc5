#!/usr/bin/env bash
# Compiles the Java code that `stormpad export --to java` writes, to check the templates.
#   scripts/compilers/java.sh install     # makes sure javac 17 is there (Debian's OpenJDK 17)
#   scripts/compilers/java.sh check DIR   # compiles every .java file under DIR
# `check` exits 0 only when javac reports no error and no warning (-Xlint:all -Werror);
# otherwise it prints javac's diagnostics and exits 1. Runnable from any directory.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dest="$root/.tools/compilers/java"
# The pinned toolchain: Debian's OpenJDK 17 package (javac 17.x), or a javac 17 already there.
package=openjdk-17-jdk-headless
want_major=17

javac_bin() {
  # A javac whose major version is 17: the one on PATH, else Debian's package path.
  local candidate
  for candidate in "$(command -v javac 2>/dev/null || true)" /usr/lib/jvm/java-17-openjdk-*/bin/javac; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    if "$candidate" -version 2>&1 | grep -Eq "^javac ${want_major}(\.|$)"; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

install() {
  if ! javac_bin >/dev/null; then
    apt_install "$package"
  fi
  local javac
  javac=$(javac_bin) || { echo "stormpad: no javac $want_major after installing $package" >&2; exit 1; }
  mkdir -p "$dest"
  echo "$javac" > "$dest/javac.path"
}

check() {
  local dir=${1:?usage: java.sh check DIR}
  [ -d "$dir" ] || { echo "java.sh: no folder $dir" >&2; exit 2; }
  install
  local javac list
  javac=$(cat "$dest/javac.path")
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  list="$out/sources.txt"
  # One quoted path a line (javac's @file syntax), so that paths with spaces work.
  find "$dir" -name '*.java' -type f | LC_ALL=C sort | sed 's/[\\"]/\\&/g; s/.*/"&"/' > "$list"
  if [ ! -s "$list" ]; then
    echo "java.sh: no .java file under $dir" >&2
    exit 1
  fi
  # -Xlint:all: every warning category; -Werror: any warning fails. -Xdoclint: the Javadoc
  # comments are checked too (HTML, tags, references), all but the "missing" group, which
  # wants a comment on every member, the @Override methods of the skeletons included.
  # -Xmaxwarns/-Xmaxerrs so that no diagnostic is hidden. @file: the source list.
  if ! "$javac" --release "$want_major" -encoding UTF-8 -Xlint:all -Xdoclint:all,-missing -Werror \
      -Xmaxerrs 10000 -Xmaxwarns 10000 -implicit:none -d "$out/classes" "@$list"; then
    echo "java.sh: javac failed on $dir ($(wc -l < "$list") files)" >&2
    exit 1
  fi
  echo "java.sh: $(wc -l < "$list") files compiled, no warning"
}

compiler_main "$@"
