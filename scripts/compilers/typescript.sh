#!/usr/bin/env bash
# The TypeScript compiler check of the code Stormpad exports (`export --to typescript`).
#   scripts/compilers/typescript.sh install     installs a pinned TypeScript into
#                                               .tools/compilers/typescript/ (idempotent)
#   scripts/compilers/typescript.sh check DIR   type-checks every .ts file under DIR with
#                                               tsc --strict --noEmit (plus noUnusedLocals,
#                                               noUnusedParameters, exactOptionalPropertyTypes)
# Exit 0 only when tsc reports no error; its diagnostics are printed otherwise.
# Installs Debian's nodejs + npm first when node or npm is missing.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
caller=$PWD
cd "$(dirname "$0")/../.."
root=$PWD

version=7.0.2
dest=.tools/compilers/typescript
stamp=$dest/.installed-$version
tsc=$dest/node_modules/.bin/tsc

installed() { [ -f "$stamp" ] && [ -x "$tsc" ]; }

install() {
  installed && return 0
  npm_install_locked "$dest" "typescript@$version"
  installed && return 0 # another check installed it while this one waited
  "$tsc" --version >/dev/null
  touch "$stamp"
}

check() {
  local dir=$1
  case $dir in /*) ;; *) dir=$caller/$dir ;; esac
  [ -d "$dir" ] || { echo "typescript.sh: no folder $dir" >&2; exit 2; }
  dir=$(cd "$dir" && pwd)
  install
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # JSON string escapes for the folder's path.
  local json_dir=${dir//\\/\\\\}
  json_dir=${json_dir//\"/\\\"}
  # Our own tsconfig, outside DIR, so a tsconfig.json a team changed there is not used.
  cat >"$tmp/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2022"],
    "module": "ESNext",
    "moduleResolution": "bundler",
    "types": [],
    "strict": true,
    "noEmit": true,
    "noUnusedLocals": true,
    "noUnusedParameters": true,
    "noImplicitReturns": true,
    "noFallthroughCasesInSwitch": true,
    "noImplicitOverride": true,
    "exactOptionalPropertyTypes": true,
    "isolatedModules": true,
    "verbatimModuleSyntax": true,
    "forceConsistentCasingInFileNames": true,
    "skipLibCheck": true
  },
  "include": ["$json_dir/**/*.ts"],
  "exclude": ["$json_dir/node_modules", "$json_dir/dist"]
}
JSON
  (cd "$dir" && "$root/$tsc" --project "$tmp/tsconfig.json" --pretty false)
}

compiler_main "$@"
