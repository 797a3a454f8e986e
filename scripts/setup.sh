#!/usr/bin/env bash
# Prepares a fresh machine: virtual environment, the project, and a Chromium that Playwright can drive.
# Idempotent: a second run only checks. Used by `make demo` and `make test` (and so by CI).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  echo "setup: installing supportcheck and its test tools into .venv"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[test]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

if ! doctor_says=$(.venv/bin/supportcheck doctor --quiet 2>&1); then
  # Only a missing or broken browser is fixed here; anything else (an import error, say) is shown.
  case "$doctor_says" in
    *"No Chromium found"*|*"does not start"*) ;;
    *) echo "$doctor_says" >&2; echo "setup: 'supportcheck doctor' failed for another reason than the browser" >&2; exit 1 ;;
  esac
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: no Chromium found; installing Debian's chromium with apt"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "setup: no Chromium found; trying 'playwright install chromium'"
    .venv/bin/playwright install chromium
  fi
  .venv/bin/supportcheck doctor
fi

# The store tests run on PostgreSQL as well as SQLite; they start their own throwaway server from
# Debian's binaries (or use $SUPPORTCHECK_TEST_POSTGRES_URL). CI (CI=true) fails without either.
if [ -z "${SUPPORTCHECK_TEST_POSTGRES_URL:-}" ] \
  && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && ! command -v initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: no PostgreSQL found; installing Debian's postgresql with apt"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "setup: no PostgreSQL found; its store tests will skip (install postgresql, or set SUPPORTCHECK_TEST_POSTGRES_URL)"
  fi
fi

# The distributed tests (tests/distributed) start their own redis-server on a free loopback port,
# as the store tests start PostgreSQL; without one they skip, except under CI (CI=true), where they fail.
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: no redis-server found; installing Debian's redis-server with apt"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "setup: no redis-server found; the distributed tests will skip (install redis-server)"
  fi
fi
