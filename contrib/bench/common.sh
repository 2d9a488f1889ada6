# common.sh - helpers shared by reload.sh and idle.sh (sourced, not run).
#
# Finds the shared harness's origin (backend.c) and builds it into the
# temp dir, starts and stops the processes of one measurement by pid
# (never by name), waits for a port to answer, and writes the nginx and
# rampart configs, which are the same proxy config except for the few
# lines only one of them needs (nginx's temp paths).

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
binary=${RP_BINARY:-$root/objs/rampart}
nginx=${NGINX:-/usr/sbin/nginx}
pids=""

bench_dir() {
    for d in "${RP_BENCH_DIR:-}" "$root/../shared/bench" /work/shared/bench; do
        if [ -n "$d" ] && [ -f "$d/backend.c" ]; then
            (cd "$d" && pwd)
            return 0
        fi
    done
    echo "the shared harness (backend.c) was not found; set RP_BENCH_DIR" >&2
    return 1
}

cleanup() {
    for p in $pids; do
        kill -TERM "$p" 2>/dev/null || true
    done
    sleep 0.5
    for p in $pids; do
        kill -KILL "$p" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    pids=""
    if [ -n "${tmp:-}" ] && [ -z "${RP_KEEP_TMP:-}" ]; then
        rm -rf "$tmp"
    fi
}

# stop PID: TERM, then KILL after 5 s; waits for it.
stop() {
    kill -TERM "$1" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.5
    done
    kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# wait_http PORT: until GET / answers 200 (10 s).
wait_http() {
    for _ in $(seq 100); do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' \
                "http://127.0.0.1:$1/" 2>/dev/null)" = 200 ]; then
            return 0
        fi
        sleep 0.1
    done
    echo "nothing answers on port $1" >&2
    return 1
}

# free_port: a free loopback port from 21000 up.
free_port() {
    python3 -c '
import socket, sys
for p in range(int(sys.argv[1]), 30000):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); print(p); break
    except OSError:
        pass
    finally:
        s.close()
' "${1:-21000}"
}

# start_origin BODY_BYTES: builds and starts backend.c; sets origin_port.
start_origin() {
    src=$(bench_dir)
    cc -O2 -o "$tmp/backend" "$src/backend.c"
    origin_port=$(free_port 21000)
    "$tmp/backend" -q -p "$origin_port" -b "$1" &
    pids="$pids $!"
    sleep 0.2
}

# write_conf FILE KIND WORKERS CONNECTIONS PORT: KIND is nginx or rampart.
write_conf() {
    {
        echo "worker_processes $3;"
        echo "worker_rlimit_nofile 19000;"
        echo "events { worker_connections $4; }"
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
        echo "        server 127.0.0.1:$origin_port;"
        echo "        keepalive 64;"
        echo "    }"
        echo "    server {"
        echo "        listen 127.0.0.1:$5;"
        echo "        location / {"
        echo "            proxy_pass http://origin;"
        echo "            proxy_http_version 1.1;"
        echo "            proxy_set_header Connection \"\";"
        echo "        }"
        echo "    }"
        echo "}"
    } > "$1"
}

# start_proxy KIND WORKERS CONNECTIONS: sets proxy_pid (the master) and
# proxy_port; the proxy stays in the foreground, logging to a file.
start_proxy() {
    dir=$tmp/$1
    mkdir -p "$dir/logs"
    proxy_port=$(free_port 22000)
    write_conf "$dir/proxy.conf" "$1" "$2" "$3" "$proxy_port"
    if [ "$1" = nginx ]; then
        "$nginx" -p "$dir/" -c "$dir/proxy.conf" -e "$dir/logs/error.log" \
            -g "daemon off; pid $dir/nginx.pid;" 2>>"$dir/logs/stderr.log" &
    else
        "$binary" -p "$dir/" -c "$dir/proxy.conf" -e "$dir/logs/error.log" \
            -g "daemon off; pid $dir/rampart.pid;" 2>>"$dir/logs/stderr.log" &
    fi
    proxy_pid=$!
    pids="$pids $proxy_pid"
    if ! wait_http "$proxy_port"; then
        cat "$dir/logs/stderr.log" "$dir/logs/error.log" >&2 2>/dev/null
        return 1
    fi
}
