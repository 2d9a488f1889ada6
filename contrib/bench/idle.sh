#!/bin/bash
# idle.sh - RSS per idle keep-alive client connection: rampart and nginx.
#
#   contrib/bench/idle.sh [CONNECTIONS]
#
# Each proxy in turn (1 worker, the same proxy config to the shared
# harness's origin) gets CONNECTIONS (default 10 000) client connections
# that each carry one keep-alive request and then stay idle (idle.py).
# Prints (RSS after - RSS before) / CONNECTIONS, summed over all the
# proxy's processes.  Raises the open-file limit as far as the hard
# limit allows; loopback only.
set -eu

n=${1:-10000}
. "$(cd "$(dirname "$0")" && pwd)/common.sh"

tmp=$(mktemp -d /tmp/rp-idle.XXXXXX)
trap cleanup EXIT
trap 'exit 130' INT TERM

ulimit -n "$(ulimit -Hn)"
if [ ! -x "$binary" ]; then
    echo "idle.sh: $binary is missing: run ./configure && make" >&2
    exit 2
fi
start_origin 1024

printf '%-8s %12s %12s %14s %8s\n' proxy "RSS before" "RSS after" \
    "bytes/conn" conns
for kind in rampart nginx; do
    start_proxy "$kind" 1 $((n + 1000))
    set -- $(python3 "$here/idle.py" "$proxy_pid" "$proxy_port" "$n")
    stop "$proxy_pid"
    printf '%-8s %9s KiB %9s KiB %14s %8s\n' "$kind" "$1" "$2" "$3" "$4"
done
