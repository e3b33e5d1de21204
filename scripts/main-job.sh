#!/usr/bin/env bash
# The main job on a fresh machine: bring the default experiment up on sandbox Docker daemons that rebound
# starts itself, show its status, then remove it again whatever happened.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-profiles/default.yaml}"
rebound=./bin/rebound

cleanup() {
  "$rebound" down "$profile" --volumes || true
  "$rebound" engine down "$profile" || true
}
trap cleanup EXIT

"$rebound" up "$profile"
# Let the network run a few layers so the status shows it making progress.
sleep "${REBOUND_SETTLE_SECONDS:-5}"
"$rebound" status "$profile"
