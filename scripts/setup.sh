#!/usr/bin/env bash
# Set up everything the project needs on a fresh machine (idempotent, quick when done).
#   scripts/setup.sh            python venv + pinned packages
#   scripts/setup.sh --browser  also Debian's chromium + chromium-driver for the browser test
#   scripts/setup.sh --servers  also Debian's postgresql for the server-mode tests (the tests start
#                               their own cluster and Chroma server; nothing is left running)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.requirements.sha
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> installing pinned packages (torch is the CPU build)"
  .venv/bin/pip install --quiet --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/pip install --quiet -r requirements.txt
  echo "$want" > "$stamp"
fi

want_browser=0; want_servers=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    --servers) want_servers=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then $SUDO apt-get update -qq >/dev/null; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if [ "$want_browser" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  echo "==> installing chromium + chromium-driver (Debian) for the browser test"
  apt_install chromium chromium-driver
fi
if [ "$want_servers" = 1 ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "==> installing postgresql (Debian) for the server-mode tests"
  apt_install postgresql
fi
# A Chinese font, so the browser test's screenshots (docs/) show characters, not boxes.
if [ "${1:-}" = "--browser" ] && command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  echo "==> installing a Chinese font (Debian's fonts-wqy-microhei) for the browser test's screenshots"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-wqy-microhei >/dev/null || true
fi
