#!/bin/bash
# Disk pressure like a busy CI machine, to try a profile under it: 512 MiB writes with fsync, and a stream of
# small fsynced writes (a fork per write, so it also takes most of a core). Runs until it is killed:
#   bash bench/disk-load.sh & load=$!; rebound run profiles/netid-118-fixed.yaml; kill $load
dir=${DISK_LOAD_DIR:-/var/tmp/rebound-disk-load}
mkdir -p "$dir"
stop() {
  for loop in $(jobs -p); do kill "$loop"; pkill -P "$loop"; done 2>/dev/null
  wait
  rm -rf "$dir"
}
trap stop EXIT
trap exit TERM INT
( while true; do dd if=/dev/zero of="$dir/big" bs=1M count=512 conv=fsync status=none; rm -f "$dir/big"; done ) &
( i=0; while true; do i=$((i+1)); dd if=/dev/urandom of="$dir/s$((i % 50))" bs=16k count=1 conv=fsync status=none; done ) &
wait
