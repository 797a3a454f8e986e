#!/usr/bin/env bash
# Runs `make demo` as a stranger's fresh clone would: the repository's tracked files, copied alone
# into an empty temporary folder (no ../shared, no .venv, nothing beside them), set up from nothing.
# Fails when the demo fails, leaves out its store, or writes anything beside its own folder: the
# repository must carry all it needs. CI runs it (.ci/run); about 2-4 minutes, most of it the venv.
set -euo pipefail
cd "$(dirname "$0")/.."

DEMO_TIMEOUT_S=${DEMO_TIMEOUT_S:-1200}

workspace=$(mktemp -d "${TMPDIR:-/tmp}/supportcheck-fresh.XXXXXX")
trap 'rm -rf "$workspace"' EXIT
clone="$workspace/clone"
mkdir "$clone"

# The tracked files as the working tree has them: in CI a fresh clone, locally with uncommitted edits.
# A tracked file deleted from the working tree is left out, as its deletion would be committed.
git ls-files -z --cached | tar --null --files-from=- --ignore-failed-read -cf - | tar -xf - -C "$clone"

echo "fresh-clone check: make demo in $clone, alone in $workspace"
started=$SECONDS
if ! (cd "$clone" && timeout --kill-after=30 "$DEMO_TIMEOUT_S" make demo); then
  echo "fresh-clone check: FAILED: make demo failed in a fresh copy (see above)" >&2
  exit 1
fi
echo "fresh-clone check: make demo took $((SECONDS - started)) s, venv setup included"

store="$clone/reports/demo/supportcheck-data/supportcheck.db"
if [ ! -s "$store" ]; then
  echo "fresh-clone check: FAILED: make demo left no store at $store" >&2
  exit 1
fi
beside=$(ls -A "$workspace")
if [ "$beside" != "clone" ]; then
  echo "fresh-clone check: FAILED: make demo wrote beside its folder:" $beside >&2
  exit 1
fi
echo "fresh-clone check: passed"
