#!/usr/bin/env bash
# The one command for the tests, from a bare clone on a fresh Debian machine:
#
#   ./run-tests.sh [MAVEN ARGUMENTS...]   installs what is missing, then runs mvn -B verify with those arguments
#   ./run-tests.sh --setup-only           installs what is missing and stops
#   ./run-tests.sh --bench ...            also what bench/run.sh needs (wrk, bench/requirements.txt)
#
# Debian packages come from apt-get, as root or through sudo. The Python peers pinned in it-tests/requirements.txt
# go into a virtual environment of this script's own, .venv-peers/, made once and reused while it still has every
# pinned version; the tests run with that Python (FLASK_PYTHON, and first on PATH). Where something cannot be
# installed, the script stops at once and names exactly what to install.
set -euo pipefail
cd "$(dirname "$0")"

setup_only=false
bench=false
while [ $# -gt 0 ]; do
  case "$1" in
    --setup-only) setup_only=true; shift ;;
    --bench) bench=true; shift ;;
    *) break ;;
  esac
done

VENV=.venv-peers
REQUIREMENTS=(it-tests/requirements.txt)
$bench && REQUIREMENTS+=(bench/requirements.txt)

stop() {
  printf 'run-tests.sh: %s\n' "$@" >&2
  exit 1
}

# The Debian packages the tests need and this machine lacks, one name each.
missing_packages() {
  command -v java >/dev/null 2>&1 || echo default-jdk-headless
  command -v mvn >/dev/null 2>&1 || echo maven
  command -v redis-server >/dev/null 2>&1 || echo redis-server
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || echo postgresql
  # DemoInBrowserTest starts these two paths.
  [ -x /usr/bin/chromium ] || echo chromium
  [ -x /usr/bin/chromedriver ] || echo chromium-driver
  if ! command -v python3 >/dev/null 2>&1; then
    echo python3
    echo python3-venv
  elif ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    echo python3-venv
  fi
  if $bench; then
    command -v wrk >/dev/null 2>&1 || echo wrk
  fi
  return 0
}

echo "== Debian packages: a JDK, Maven, redis-server, postgresql, chromium, chromium-driver, python3, python3-venv"
mapfile -t missing < <(missing_packages)
if [ ${#missing[@]} -gt 0 ]; then
  install_hint="Install them, then run ./run-tests.sh again: sudo apt-get install -y ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo)
  else
    stop "missing Debian packages: ${missing[*]}" \
      "Not root, and sudo cannot run without a password, so they cannot be installed here." "$install_hint"
  fi
  command -v apt-get >/dev/null 2>&1 \
    || stop "missing packages: ${missing[*]}" "There is no apt-get here: install their equivalents, then run again."
  echo "installing ${missing[*]}"
  if ! { "${as_root[@]}" apt-get update -qq \
         && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    stop "apt-get could not install: ${missing[*]} (its messages are above)." "$install_hint"
  fi
  mapfile -t still < <(missing_packages)
  [ ${#still[@]} -eq 0 ] || stop "still missing after apt-get: ${still[*]}" \
    "Install them, then run ./run-tests.sh again: sudo apt-get install -y ${still[*]}"
fi

echo "== Python peers: ${REQUIREMENTS[*]} in $VENV/"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c '' 2>/dev/null; then
  rm -rf "$VENV"
  python3 -m venv "$VENV" \
    || stop "python3 -m venv could not make $VENV/. Install python3-venv: sudo apt-get install -y python3-venv"
fi
if ! "$VENV/bin/python" it-tests/src/test/python/pinned.py "${REQUIREMENTS[@]}"; then
  pip_args=()
  for file in "${REQUIREMENTS[@]}"; do pip_args+=(-r "$file"); done
  echo "pip install ${pip_args[*]}"
  # First without retries, so that an index that cannot be reached (an offline machine with a local mirror) costs
  # seconds, not minutes of back-off per package; then once more with pip's own retries, for a flaky network.
  "$VENV/bin/python" -m pip install -q --retries 0 "${pip_args[@]}" 2>/dev/null \
    || "$VENV/bin/python" -m pip install -q "${pip_args[@]}" \
    || stop "pip could not install ${REQUIREMENTS[*]} into $VENV/ (its messages are above)." \
      "It needs a package index (PyPI, or the one pip is configured with) that has those exact versions."
  "$VENV/bin/python" it-tests/src/test/python/pinned.py "${REQUIREMENTS[@]}" \
    || stop "$VENV/ still lacks the pinned versions above after pip install."
fi
FLASK_PYTHON="$PWD/$VENV/bin/python"
PATH="$PWD/$VENV/bin:$PATH"
export FLASK_PYTHON PATH

if $setup_only; then
  echo "Ready. The tests' Python: $FLASK_PYTHON"
  exit 0
fi

echo "== Tests (WildFly, Payara Micro, GlassFish, Open Liberty, TomEE and Quarkus come from Maven Central)"
exec mvn -B verify "$@"
