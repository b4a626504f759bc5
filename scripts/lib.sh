# Shared by the set-up scripts (source it): installing Debian packages when missing, and
# installing npm and PyPI packages once however many checks start at once.

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

# need_venv: Debian's python3-venv, when Python's venv module (or its pip) is missing.
need_venv() {
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    apt_install python3-venv
  fi
}

# lock_install DEST: makes DEST and takes its install lock (held until the script ends), so
# that of several checks started at once one installs while the others wait, then find it
# there through the calling script's `installed`. Succeeds when the caller must install.
lock_install() {
  mkdir -p "$1"
  exec 9>"$1.lock"
  flock 9
  ! installed
}

# npm_install_locked DEST SPEC [NPM-ARG...]: installs the npm package SPEC into DEST once,
# under DEST's install lock (lock_install). Old `.installed-*` stamps go; the caller checks
# the tool and writes its own stamp.
npm_install_locked() {
  local dest=$1 spec=$2
  shift 2
  need_node
  lock_install "$dest" || return 0
  echo "stormpad: installing $spec into $dest" >&2
  rm -f "$dest"/.installed-*
  npm install --prefix "$dest" --no-audit --no-fund --no-save --loglevel=error "$@" "$spec" >/dev/null
}

# pip_install_locked DEST SPEC...: installs the PyPI packages SPEC into a new venv DEST/venv
# once, under DEST's install lock (lock_install). Old `.installed*` stamps go; the caller
# checks the tool and writes its own stamp.
pip_install_locked() {
  local dest=$1
  shift
  lock_install "$dest" || return 0
  need_venv
  echo "stormpad: installing $* into $dest/venv" >&2
  rm -rf "$dest/venv" "$dest"/.installed*
  python3 -m venv "$dest/venv"
  "$dest/venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
    --no-cache-dir "$@"
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
