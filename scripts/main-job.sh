#!/usr/bin/env bash
# The main job on a fresh machine: the October 2020 incident and its fixed twin, run one after another on
# sandbox Docker daemons that rebound starts itself, then compared side by side. Each run removes its
# experiment when it ends; the trap covers a run that was cut off.
set -euo pipefail
cd "$(dirname "$0")/.."
rebound=./bin/rebound
if [ "$#" -gt 0 ]; then profiles=("$@"); else profiles=(profiles/netid-118.yaml profiles/netid-118-fixed.yaml); fi

cleanup() {
  for profile in "${profiles[@]}"; do
    "$rebound" down "$profile" --volumes >/dev/null 2>&1 || true
    "$rebound" engine down "$profile" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

"$rebound" run "${profiles[@]}"
