#!/bin/sh
# run.sh - run the shared reverse-proxy benchmark harness with rampart as
# the candidate, next to nginx and HAProxy.
#
#   contrib/bench/run.sh [bench.py options...]
#   contrib/bench/run.sh --scenarios a,b,c,d,e --reps 3
#
# The harness (bench.sh + bench.py) is looked for in $RP_BENCH_DIR, then
# in ../shared/bench next to the repository, then /work/shared/bench.
# rampart is $RP_BINARY (default objs/rampart of this tree; build it with
# "make" first).  It gets the harness's "core" config through
# rampart-candidate.sh, which adds back the events block and
# "access_log off" the harness keeps for nginx only.  Every option is
# passed to the harness (see its --help); results land in the harness's
# results/ directory (or --out PATH).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

bench=
for d in "${RP_BENCH_DIR:-}" "$root/../shared/bench" /work/shared/bench; do
    if [ -n "$d" ] && [ -f "$d/bench.py" ]; then
        bench=$(cd "$d" && pwd)
        break
    fi
done
if [ -z "$bench" ]; then
    echo "run.sh: the bench harness was not found; set RP_BENCH_DIR" >&2
    exit 2
fi

binary=${RP_BINARY:-$root/objs/rampart}
case $binary in
    /*) ;;
    *) binary=$(pwd)/$binary ;;
esac
if [ ! -x "$binary" ]; then
    echo "run.sh: $binary is missing: run ./configure && make" >&2
    exit 2
fi

exec bash "$bench/bench.sh" \
    --candidate "$here/rampart-candidate.sh {prefix} {conf} $binary" \
    --candidate-name rampart --candidate-conf core "$@"
