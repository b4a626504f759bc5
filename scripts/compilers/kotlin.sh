#!/usr/bin/env bash
# Compiles the Kotlin code that `stormpad export --to kotlin` writes, to check the templates.
#   scripts/compilers/kotlin.sh install     # the Kotlin compiler (npm kotlin-compiler, pinned)
#   scripts/compilers/kotlin.sh check DIR   # compiles every .kt file under DIR, in one kotlinc run
# `check` exits 0 only when kotlinc reports no error and no warning (-Werror); otherwise it
# prints kotlinc's diagnostics and exits 1. Runnable from any directory. kotlinc runs on the
# JDK 17 that scripts/compilers/java.sh installs.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version=2.4.20
dest="$root/.tools/compilers/kotlin"
stamp="$dest/.installed-$version"
kotlinc="$dest/node_modules/kotlin-compiler/bin/kotlinc"

installed() { [ -f "$stamp" ] && [ -x "$kotlinc" ]; }

install() {
  "$here/java.sh" install
  installed && return 0
  # The package holds the compiler's jars; --ignore-scripts: it needs no install script.
  npm_install_locked "$dest" "kotlin-compiler@$version" --ignore-scripts
  installed && return 0 # another check installed it while this one waited
  [ -x "$kotlinc" ] || { echo "stormpad: no kotlinc in $dest" >&2; exit 1; }
  touch "$stamp"
}

check() {
  local dir=${1:?usage: kotlin.sh check DIR}
  [ -d "$dir" ] || { echo "kotlin.sh: no folder $dir" >&2; exit 2; }
  install
  local javac java_home files=()
  javac=$(cat "$root/.tools/compilers/java/javac.path")
  java_home=$(dirname "$(dirname "$(readlink -f "$javac")")")
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  while IFS= read -r -d '' f; do files+=("$f"); done \
    < <(find "$dir" -name '*.kt' -type f -print0 | LC_ALL=C sort -z)
  if [ ${#files[@]} -eq 0 ]; then
    echo "kotlin.sh: no .kt file under $dir" >&2
    exit 1
  fi
  # All files in one run (kotlinc starts slowly). -Werror: any warning fails.
  if ! JAVA_HOME="$java_home" "$kotlinc" -Werror -no-reflect -jvm-target 17 \
      -d "$out/classes.jar" "${files[@]}" 2>&1 | tee "$out/log"; then
    echo "kotlin.sh: kotlinc failed on $dir (${#files[@]} files)" >&2
    exit 1
  fi
  # kotlinc's exit code is 0 for warnings without -Werror; be sure nothing was reported.
  if grep -Eq '(^|: )(warning|error):' "$out/log"; then
    echo "kotlin.sh: kotlinc reported diagnostics on $dir" >&2
    exit 1
  fi
  echo "kotlin.sh: ${#files[@]} files compiled, no warning"
}

compiler_main "$@"
