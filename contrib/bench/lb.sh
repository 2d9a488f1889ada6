#!/bin/bash
# lb.sh - load balancing with one slow backend: rampart's balancers and
# nginx's least_conn.
#
#   contrib/bench/lb.sh [--reps N] [--duration S] [--conns N] [--threads N]
#                       [--warmup S] [--fast-ms MS] [--slow-ms MS]
#                       [--only LIST] [--no-pin] [--quiet-wait S]
#                       [--out FILE]
#
# The benchmark of issue 4.  Three copies of the shared harness's origin
# (backend.c, 1 KiB responses) run on 127.0.0.1: fast1 and fast2 answer
# after --fast-ms (default 1 ms; the origin's timers have 1 ms
# resolution, so 1 ms means 0-1 ms plus its wake-up), slow after
# --slow-ms more (default 50 + 1 = 51 ms).  Each contender in turn proxies to all three with the
# same config (1 worker, upstream keep-alive, no access log) and only its
# balancer line changed:
#
#   rr        rampart, round robin (no balancer line)
#   lc        rampart, least_conn
#   lt        rampart, least_time header
#   r2lt      rampart, random two least_time
#   nginx-lc  nginx, least_conn
#   ltlb      rampart, least_time last_byte (only with --only)
#   nginx-rr  nginx, round robin (only with --only)
#
# Why 1 ms and not 0 for the fast ones: real backends take some time, and
# with 0 ms a fast origin almost never has a request in flight, so any
# balancer that counts connections starves the slow one anyway and the
# scenario could not tell least_conn from a latency-aware balancer.
# With 1 ms, least_conn, which evens out in-flight counts, still sends
# the slow origin about 1 / (1 + 2 x 51) of the requests: about 1 %,
# right where p99 sits.
#
# A run is a warm-up of --warmup s (default 2), then wrk for --duration s
# (default 10) with --conns (32) connections on --threads (2) threads; a
# done() hook prints wrk's exact p50 and p99.  Each origin's request
# counter (GET /__backend_stats) is read before and after the measured
# part, which gives each backend's share.  Reps run interleaved (rr lc lt
# r2lt nginx-lc rr lc ...); the table shows medians over reps, shares of
# the requests summed over reps, and the median of the same-rep ratios
# p99 / rampart round robin's p99.  With 2 or more CPUs the proxy runs on
# the last one and wrk and the origins on the others (--no-pin: not).
#
# The machine may be shared: before each run it waits (up to
# --quiet-wait s, default 10; 0: not) for a second in which under 0.2
# cores were busy, and each run reports "other", the cores that
# processes other than its own used on average while it ran (the
# machine's busy time minus that of the proxy, wrk and the origins).
#
# A rampart contender whose balancer directive "rampart -t" rejects (not
# implemented yet) is skipped with a message saying so.  The table is
# printed and saved with every run's figures and wrk's output in
# contrib/bench/results/lb-<UTC>.md (or --out FILE).  Needs wrk, curl,
# cc, python3 and Debian's nginx ($NGINX); rampart is $RP_BINARY
# (default objs/rampart).  Every process it starts is stopped on exit.
set -eu

reps=3
duration=10
conns=32
threads=2
warmup=2
fast_ms=1
slow_ms=50
only=rr,lc,lt,r2lt,nginx-lc
pin=1
quiet_wait=10
out=
args="$*"

usage() {
    sed -n '5,8p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case $1 in
        --reps) reps=$2; shift ;;
        --duration) duration=$2; shift ;;
        --conns) conns=$2; shift ;;
        --threads) threads=$2; shift ;;
        --warmup) warmup=$2; shift ;;
        --fast-ms) fast_ms=$2; shift ;;
        --slow-ms) slow_ms=$2; shift ;;
        --only) only=$2; shift ;;
        --no-pin) pin=0 ;;
        --quiet-wait) quiet_wait=$2; shift ;;
        --out) out=$2; shift ;;
        -h|--help) usage ;;
        *) echo "lb.sh: unknown option $1" >&2; usage ;;
    esac
    shift
done
for v in "$reps" "$duration" "$conns" "$threads" "$warmup" "$fast_ms" \
         "$slow_ms" "$quiet_wait"; do
    case $v in
        ''|*[!0-9]*) echo "lb.sh: not a whole number: '$v'" >&2; exit 2 ;;
    esac
done
if [ "$reps" -lt 1 ] || [ "$duration" -lt 1 ] || [ "$conns" -lt 1 ]; then
    echo "lb.sh: --reps, --duration and --conns must be at least 1" >&2
    exit 2
fi

. "$(cd "$(dirname "$0")" && pwd)/common.sh"

for tool in wrk curl cc python3; do
    if ! command -v "$tool" >/dev/null; then
        echo "lb.sh: $tool is missing (apt-get install -y nginx wrk curl gcc)" >&2
        exit 2
    fi
done
if [ ! -x "$binary" ]; then
    echo "lb.sh: $binary is missing: run ./configure && make" >&2
    exit 2
fi

tmp=$(mktemp -d /tmp/rp-lb.XXXXXX)
trap cleanup EXIT
trap 'exit 130' INT TERM

# Pinning, as the shared harness does it: the proxy on the last CPU, the
# load (wrk and the origins) on the others.
proxy_cpu=
load_cpus=
ncpu=$(nproc)
if [ "$pin" = 1 ] && [ "$ncpu" -ge 2 ] && command -v taskset >/dev/null; then
    proxy_cpu=$((ncpu - 1))
    load_cpus=0-$((ncpu - 2))
    if [ "$ncpu" = 2 ]; then
        load_cpus=0
    fi
fi

# on_cpus CPUS CMD...: CMD pinned to CPUS when pinning is on.
on_cpus() {
    if [ -n "$1" ]; then
        cpus=$1
        shift
        exec taskset -c "$cpus" "$@"
    fi
    shift
    exec "$@"
}

# contender_* NAME: label, proxy kind and the balancer lines to try, in
# order ("|" separates alternative spellings; empty = round robin).
contender_label() {
    case $1 in
        rr) echo "rampart round robin" ;;
        lc) echo "rampart least_conn" ;;
        lt) echo "rampart least_time header" ;;
        r2lt) echo "rampart random two least_time" ;;
        ltlb) echo "rampart least_time last_byte" ;;
        nginx-lc) echo "nginx least_conn" ;;
        nginx-rr) echo "nginx round robin" ;;
        *) return 1 ;;
    esac
}

contender_kind() {
    case $1 in
        nginx-*) echo nginx ;;
        *) echo rampart ;;
    esac
}

contender_balancers() {
    case $1 in
        rr|nginx-rr) echo "" ;;
        lc|nginx-lc) echo "least_conn;" ;;
        lt) echo "least_time header;" ;;
        ltlb) echo "least_time last_byte;" ;;
        r2lt) echo "random two least_time;|random two least_time=header;" ;;
    esac
}

# start_origins: three origins (fast1, fast2, slow) on free ports.
start_origins() {
    src=$(bench_dir)
    cc -O2 -o "$tmp/backend" "$src/backend.c"
    origin_ports=
    origin_pids=
    for delay in "$fast_ms" "$fast_ms" "$((fast_ms + slow_ms))"; do
        port=$(free_port 21000)
        on_cpus "$load_cpus" "$tmp/backend" -q -p "$port" -b 1024 \
            -d "$delay" &
        pids="$pids $!"
        origin_pids="$origin_pids $!"
        wait_http "$port"
        origin_ports="$origin_ports $port"
    done
}

# write_lb_conf FILE KIND PORT BALANCER: the proxy config of one run.
write_lb_conf() {
    {
        echo "worker_processes 1;"
        echo "worker_rlimit_nofile 8192;"
        echo "events { worker_connections 4096; }"
        echo "http {"
        echo "    access_log off;"
        if [ "$2" = nginx ]; then
            echo "    client_body_temp_path client_body_temp;"
            echo "    proxy_temp_path proxy_temp;"
            echo "    fastcgi_temp_path fastcgi_temp;"
            echo "    uwsgi_temp_path uwsgi_temp;"
            echo "    scgi_temp_path scgi_temp;"
        fi
        echo "    upstream origin {"
        if [ -n "$4" ]; then
            echo "        $4"
        fi
        for p in $origin_ports; do
            echo "        server 127.0.0.1:$p;"
        done
        echo "        keepalive 64;"
        echo "    }"
        echo "    server {"
        echo "        listen 127.0.0.1:$3;"
        echo "        location / {"
        echo "            proxy_pass http://origin;"
        echo "            proxy_http_version 1.1;"
        echo "            proxy_set_header Connection \"\";"
        echo "        }"
        echo "    }"
        echo "}"
    } > "$1"
}

# proxy_exec KIND DIR [-t]: runs KIND with DIR's config in the
# foreground, pinned (or, with -t, only tests the config); replaces the
# calling (sub)shell.
proxy_exec() {
    if [ "${3:-}" = -t ]; then
        if [ "$1" = nginx ]; then
            exec "$nginx" -t -p "$2/" -c "$2/proxy.conf" -e "$2/logs/error.log"
        fi
        exec "$binary" -t -p "$2/" -c "$2/proxy.conf" -e "$2/logs/error.log"
    fi
    if [ "$1" = nginx ]; then
        on_cpus "$proxy_cpu" "$nginx" -p "$2/" -c "$2/proxy.conf" \
            -e "$2/logs/error.log" -g "daemon off; pid $2/proxy.pid;"
    fi
    on_cpus "$proxy_cpu" "$binary" -p "$2/" -c "$2/proxy.conf" \
        -e "$2/logs/error.log" -g "daemon off; pid $2/proxy.pid;"
}

# check_contender NAME: sets balancer_line to the first spelling the proxy
# accepts (rampart -t / nginx -t); returns 1 with a message if none.
check_contender() {
    kind=$(contender_kind "$1")
    dir=$tmp/check-$1
    mkdir -p "$dir/logs"
    if [ "$kind" = nginx ] && [ ! -x "$nginx" ]; then
        skip_reason="$nginx is missing"
        echo "lb.sh: skipping $1 ($(contender_label "$1")): $nginx is" \
             "missing (apt-get install -y nginx)" >&2
        return 1
    fi
    IFS='|' read -r -a spellings <<< "$(contender_balancers "$1")"
    if [ ${#spellings[@]} -eq 0 ]; then
        spellings=("")
    fi
    for line in "${spellings[@]}"; do
        write_lb_conf "$dir/proxy.conf" "$kind" 29999 "$line"
        if (proxy_exec "$kind" "$dir" -t) > "$dir/test.log" 2>&1; then
            balancer_line=$line
            return 0
        fi
    done
    skip_reason="$kind -t rejects \`${spellings[0]}\`"
    echo "lb.sh: skipping $1 ($(contender_label "$1")): $kind -t rejects" \
         "the balancer \"${spellings[*]}\":" >&2
    grep -m1 -E 'emerg|error' "$dir/test.log" | sed 's/^/    /' >&2 || true
    return 1
}

# backend_counts: the request counters of the three origins.
backend_counts() {
    for p in $origin_ports; do
        curl -s "http://127.0.0.1:$p/__backend_stats" \
            | sed -n 's/.*"requests":\([0-9]*\).*/\1/p'
    done | tr '\n' ' '
}

cat > "$tmp/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("LB_RESULT %d %d %d %d %d %d %d %d %d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
EOF

# run_wrk SECONDS FILE: wrk at the proxy; its output to FILE.
run_wrk() {
    (on_cpus "$load_cpus" wrk -t "$threads" -c "$conns" -d "${1}s" \
        --latency -s "$tmp/report.lua" "http://127.0.0.1:$proxy_port/") \
        > "$2" 2>&1 || true
}

hz=$(getconf CLK_TCK)

# cpu_busy: the machine's busy CPU time since boot, in clock ticks.
cpu_busy() {
    awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat
}

# own_ticks: CPU ticks used by this script's waited-for children (the
# proxies and wrk once reaped, curl...) and by the running origins.
own_ticks() {
    times > "$tmp/times"
    for p in $origin_pids; do
        awk '{ print $14 + $15 }' "/proc/$p/stat"
    done | awk -v hz="$hz" -v t="$(sed -n 2p "$tmp/times")" '
        function sec(f, a) { sub(/s$/, "", f); split(f, a, "m")
                             return a[1] * 60 + a[2] }
        { o += $1 }
        END { split(t, c, " "); printf "%d\n", o + hz * (sec(c[1]) + sec(c[2])) }'
}

# wait_quiet: until a second passes with under 0.2 cores busy (at most
# --quiet-wait seconds).
wait_quiet() {
    for _ in $(seq "$quiet_wait"); do
        a=$(cpu_busy)
        sleep 1
        if [ $(($(cpu_busy) - a)) -lt $((hz / 5)) ]; then
            return 0
        fi
    done
    if [ "$quiet_wait" -gt 0 ]; then
        echo "lb.sh: the machine stayed busy ${quiet_wait} s: measuring anyway" >&2
    fi
}

# save_wrk_output NAME REP FILE: FILE (wrk's output) into the report.
save_wrk_output() {
    {
        echo "### $(contender_label "$1"), rep $2"
        echo
        echo "    balancer: ${balancer[$1]:-(round robin)}"
        sed 's/^/    /' "$3"
        echo
    } >> "$tmp/wrk-output"
}

# run_one NAME REP: one run of contender NAME; appends a line to
# $tmp/runs: NAME REP REQ DURATION_US P50_US P99_US FAST1 FAST2 SLOW
# ERRORS NON2XX OTHER (counts are the origins' requests during the
# measured part; OTHER the cores used by other processes).
run_one() {
    kind=$(contender_kind "$1")
    dir=$tmp/run-$1-$2
    mkdir -p "$dir/logs"
    proxy_port=$(free_port 22000)
    write_lb_conf "$dir/proxy.conf" "$kind" "$proxy_port" "${balancer[$1]}"
    wait_quiet
    busy0=$(cpu_busy)
    own0=$(own_ticks)
    t0=$(date +%s%N)
    proxy_exec "$kind" "$dir" 2>>"$dir/logs/stderr.log" &
    proxy_pid=$!
    pids="$pids $proxy_pid"
    if ! wait_http "$proxy_port"; then
        cat "$dir/logs/stderr.log" "$dir/logs/error.log" >&2 2>/dev/null
        stop "$proxy_pid"
        echo "lb.sh: $1 did not start: run $2 not counted" >&2
        return 0
    fi
    if [ "$warmup" -gt 0 ]; then
        run_wrk "$warmup" "$dir/warmup.txt"
    fi
    read -r -a before <<< "$(backend_counts)"
    run_wrk "$duration" "$dir/wrk.txt"
    read -r -a after <<< "$(backend_counts)"
    stop "$proxy_pid"
    pids=${pids% "$proxy_pid"}
    other=$(awk -v b="$(($(cpu_busy) - busy0 - $(own_ticks) + own0))" \
        -v hz="$hz" -v ns="$(($(date +%s%N) - t0))" \
        'BEGIN { x = b / hz / (ns / 1e9); printf "%.2f", x < 0 ? 0 : x }')
    save_wrk_output "$1" "$2" "$dir/wrk.txt"
    read -r _ req us p50 p99 ec er ew es et \
        <<< "$(grep -m1 '^LB_RESULT' "$dir/wrk.txt" || echo x)"
    if [ -z "${p99:-}" ]; then
        echo "lb.sh: $1 rep $2: wrk gave no result:" >&2
        sed 's/^/    /' "$dir/wrk.txt" >&2
        return 0
    fi
    echo "$1 $2 $req $us $p50 $p99 $((after[0] - before[0]))" \
         "$((after[1] - before[1])) $((after[2] - before[2]))" \
         "$((ec + er + ew + et)) $es $other" >> "$tmp/runs"
    awk -v r="$req" -v a="$p50" -v b="$p99" -v o="$other" 'BEGIN {
        printf "lb.sh:   %d requests, p50 %.2f ms, p99 %.2f ms," \
            " other processes %.2f cores\n", r, a / 1000, b / 1000, o }' >&2
}

# median: the median of the numbers on stdin.
median() {
    sort -g | awk '{ v[NR] = $1 }
        END { if (NR == 0) { print "-"; exit }
              if (NR % 2) print v[(NR + 1) / 2];
              else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# table: the markdown table of $tmp/runs, one line per contender.
table() {
    echo "| contender | req/s | p50 ms | p99 ms | share fast1/fast2/slow % | p99 ÷ rampart RR |"
    echo "|---|---:|---:|---:|---:|---:|"
    for c in "${wanted[@]}"; do
        if [ -n "${skipped[$c]:-}" ]; then
            echo "| $(contender_label "$c") | skipped: ${skipped[$c]} | | | | |"
            continue
        fi
        if ! grep -q "^$c " "$tmp/runs" 2>/dev/null; then
            echo "| $(contender_label "$c") | no run succeeded | | | | |"
            continue
        fi
        rps=$(awk -v c="$c" '$1 == c { print $3 / ($4 / 1e6) }' \
            "$tmp/runs" | median)
        p50=$(awk -v c="$c" '$1 == c { print $5 / 1000 }' "$tmp/runs" | median)
        p99=$(awk -v c="$c" '$1 == c { print $6 / 1000 }' "$tmp/runs" | median)
        share=$(awk -v c="$c" 'function pc(x) {
                return sprintf(x < 1 && x > 0 ? "%.2f" : "%.1f", x) }
            $1 == c { a += $7; b += $8; s += $9 }
            END { t = a + b + s; if (t == 0) t = 1
                  printf "%s / %s / %s", pc(100 * a / t), pc(100 * b / t),
                      pc(100 * s / t) }' "$tmp/runs")
        ratio=$(awk -v c="$c" '$1 == "rr" { rr[$2] = $6 }
            $1 == c { p[$2] = $6 }
            END { for (r in p) if (r in rr && rr[r] > 0) print p[r] / rr[r] }' \
            "$tmp/runs" | median)
        awk -v l="$(contender_label "$c")" -v rps="$rps" -v p50="$p50" \
            -v p99="$p99" -v share="$share" -v ratio="$ratio" 'BEGIN {
                r = ratio == "-" ? "-" : sprintf("%.2f", ratio)
                printf "| %s | %d | %.2f | %.2f | %s | %s |\n",
                    l, rps + 0.5, p50, p99, share, r }'
    done
}

# noise_note: how much other processes used the machine during the runs.
noise_note() {
    awk '{ print $12 }' "$tmp/runs" | sort -g | awk '{ v[NR] = $1 }
        END { if (NR) printf "Other processes used %.2f cores in the median" \
                  " run and %.2f at most (of %d).\n", v[int((NR + 1) / 2)],
                  v[NR], n }' n="$ncpu"
}

# runs_table: every run's figures, in the order they ran.
runs_table() {
    echo "| rep | contender | req/s | p50 ms | p99 ms | fast1 | fast2 | slow | socket errors | non-2xx | other cores |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    while read -r c rep req us p50 p99 f1 f2 s err non2xx other; do
        awk -v l="$(contender_label "$c")" -v rep="$rep" -v req="$req" \
            -v us="$us" -v p50="$p50" -v p99="$p99" -v f1="$f1" -v f2="$f2" \
            -v s="$s" -v err="$err" -v n="$non2xx" -v o="$other" 'BEGIN {
                printf "| %d | %s | %d | %.2f | %.2f | %d | %d | %d | %d | %d | %.2f |\n",
                    rep, l, req / (us / 1e6) + 0.5, p50 / 1000, p99 / 1000,
                    f1, f2, s, err, n, o }'
    done < "$tmp/runs"
}

declare -A balancer skipped
contenders=()
IFS=, read -r -a wanted <<< "$only"
for c in "${wanted[@]}"; do
    if ! contender_label "$c" >/dev/null; then
        echo "lb.sh: unknown contender $c (rr, lc, lt, r2lt, nginx-lc," >&2
        echo "    ltlb, nginx-rr)" >&2
        exit 2
    fi
done
start_origins
for c in "${wanted[@]}"; do
    if check_contender "$c"; then
        balancer[$c]=${balancer_line:-}
        contenders+=("$c")
    else
        skipped[$c]=$skip_reason
    fi
done
if [ ${#contenders[@]} -eq 0 ]; then
    echo "lb.sh: no contender to run" >&2
    exit 1
fi

stamp=$(date -u +%Y%m%dT%H%M%SZ)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for rep in $(seq "$reps"); do
    for c in "${contenders[@]}"; do
        echo "lb.sh: rep $rep/$reps: $(contender_label "$c")" >&2
        run_one "$c" "$rep"
    done
done

if [ -z "$out" ]; then
    out=$here/results/lb-$stamp.md
    if ! mkdir -p "$here/results" 2>/dev/null || [ ! -w "$here/results" ]; then
        out=./lb-$stamp.md
    fi
fi
rev=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
{
    echo "# Load balancing with one slow backend ($stamp)"
    echo
    echo "    contrib/bench/lb.sh $args"
    echo
    echo "Origins (shared harness backend.c, 1 KiB): fast1 and fast2" \
         "answer after $fast_ms ms, slow after $((fast_ms + slow_ms)) ms." \
         "Each proxy: 1 worker, upstream keepalive 64, access_log off." \
         "wrk -t$threads -c$conns: ${warmup} s warm-up, then ${duration} s" \
         "measured; $reps rep(s), interleaved; medians over reps; shares" \
         "of the requests the origins counted, summed over reps;" \
         "p99 ÷ rampart RR is the median of same-rep ratios."
    if [ -n "$proxy_cpu" ]; then
        echo "Pinning: the proxy on cpu $proxy_cpu, wrk and the origins on" \
             "cpu $load_cpus."
    else
        echo "Pinning: none."
    fi
    echo
    echo "Load average before and after: $load_before;" \
         "$(cut -d' ' -f1-3 /proc/loadavg) (the benchmark itself loads" \
         "about 1.5 to 2; more means other work was running)."
    echo "Machine: $(uname -srm), $ncpu x $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)."
    nginx_v=none
    if [ -x "$nginx" ]; then
        nginx_v=$("$nginx" -v 2>&1 | sed 's/.*: //')
    fi
    echo "rampart $rev ($binary); $nginx_v;" \
         "$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)."
    echo
    echo "Balancer lines:"
    echo
    for c in "${contenders[@]}"; do
        echo "* $(contender_label "$c"): \`${balancer[$c]:-(none: round robin)}\`"
    done
    echo
    echo "## Summary"
    echo
    table
    echo
    noise_note
    echo
    echo "## Every run"
    echo
    runs_table
    echo
    echo "## wrk output"
    echo
    cat "$tmp/wrk-output"
} > "$out"
table
echo
noise_note
echo "runs and wrk output: $out"
