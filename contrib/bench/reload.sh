#!/bin/bash
# reload.sh - requests lost to reloads under load: rampart and nginx.
#
#   contrib/bench/reload.sh [SECONDS] [CONNECTIONS]
#
# The measurement of issue 5 ("Reload and graceful stop"): the shared
# harness's origin (1 KiB responses) behind each proxy in turn, with the
# same proxy config (2 workers, upstream keep-alive); wrk drives 32
# keep-alive connections for 8 s while the master is sent SIGHUP every
# 0.5 s.  Prints, per proxy: requests completed, wrk's socket errors
# (connect/read/write/timeout), non-2xx/3xx responses and the HUPs sent.
# A proxy that reloads cleanly shows 0 errors and 0 non-2xx.  Needs wrk,
# curl, cc and Debian's nginx; uses only 127.0.0.1.
set -eu

duration=${1:-8}
conns=${2:-32}
. "$(cd "$(dirname "$0")" && pwd)/common.sh"

tmp=$(mktemp -d /tmp/rp-reload.XXXXXX)
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ ! -x "$binary" ]; then
    echo "reload.sh: $binary is missing: run ./configure && make" >&2
    exit 2
fi
start_origin 1024

# hup_loop PID SECONDS: SIGHUP every 0.5 s; prints how many were sent.
hup_loop() {
    n=0
    end=$(( $(date +%s%N) + $2 * 1000000000 ))
    while [ "$(date +%s%N)" -lt "$end" ]; do
        sleep 0.5
        kill -HUP "$1" 2>/dev/null || break
        n=$((n + 1))
    done
    echo "$n"
}

printf '%-8s %10s %8s %6s %6s %8s %8s %5s\n' proxy requests connect \
    read write timeout non-2xx HUPs
for kind in rampart nginx; do
    start_proxy "$kind" 2 1024
    hup_loop "$proxy_pid" "$duration" > "$tmp/hups.$kind" &
    hup=$!
    wrk -t 2 -c "$conns" -d "${duration}s" "http://127.0.0.1:$proxy_port/" \
        > "$tmp/wrk.$kind" 2>&1
    wait "$hup"
    stop "$proxy_pid"
    out=$tmp/wrk.$kind
    req=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$out")
    set -- $(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$out")
    err="${1:-0} ${2:-0} ${3:-0} ${4:-0}"
    non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$out")
    # shellcheck disable=SC2086
    printf '%-8s %10s %8s %6s %6s %8s %8s %5s\n' "$kind" "${req:-?}" $err \
        "${non2xx:-0}" "$(cat "$tmp/hups.$kind")"
    if [ -n "${RP_VERBOSE:-}" ]; then
        cat "$out"
    fi
done
