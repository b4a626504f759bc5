# Shared by the set-up scripts (source it): installing Debian packages when missing.

# apt_install PACKAGE...: installs the packages through apt-get (with sudo when not root).
apt_install() {
  echo "stormpad: installing $*" >&2
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# need_node: Debian's nodejs and npm, when node or npm is missing.
need_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
}

# npm_install_locked DEST SPEC [NPM-ARG...]: installs the npm package SPEC into DEST once,
# however many checks start at once: one installs under a lock while the others wait, then
# find it there through the calling script's `installed`. Old `.installed-*` stamps go; the
# caller checks the tool and writes its own stamp.
npm_install_locked() {
  local dest=$1 spec=$2
  shift 2
  need_node
  mkdir -p "$dest"
  exec 9>"$dest.lock"
  flock 9
  installed && return 0
  echo "stormpad: installing $spec into $dest" >&2
  rm -f "$dest"/.installed-*
  npm install --prefix "$dest" --no-audit --no-fund --no-save --loglevel=error "$@" "$spec" >/dev/null
}

# compiler_main ARG...: the command line of a scripts/compilers/*.sh script, which defines
# `install` and `check DIR`.
compiler_main() {
  case "${1:-}" in
    install) install ;;
    check)
      [ $# -eq 2 ] || { echo "usage: $0 check DIR" >&2; exit 2; }
      check "$2"
      ;;
    *)
      echo "usage: $0 install | check DIR" >&2
      exit 2
      ;;
  esac
}
