#!/bin/sh
# rampart-candidate.sh - start rampart in the foreground as the shared
# bench harness's candidate.
#
#   rampart-candidate.sh PREFIX CONF [BINARY]
#
# The harness (run with --candidate-conf core) writes CONF without its
# "# nginx-only" lines.  Two of those lines matter for a fair comparison
# and are put back here in a copy, PREFIX/rampart.conf: an events block
# with "worker_connections 4096" (scenario d opens 1000 client and many
# upstream connections per worker) and "access_log off" in http (nginx
# logs nothing, so rampart must not write an access log line per request
# either).  Each is added only if the config does not already have it.
# Then rampart replaces this shell: it stays in the foreground, logs to
# stderr (the harness keeps it in PREFIX/stderr.log) and writes its pid
# file in PREFIX.
set -eu

if [ $# -lt 2 ]; then
    echo "usage: $0 PREFIX CONF [BINARY]" >&2
    exit 2
fi
prefix=$1
conf=$2
here=$(cd "$(dirname "$0")" && pwd)
binary=${3:-${RP_BINARY:-$here/../../objs/rampart}}
copy=$prefix/rampart.conf

awk '
    /^[ \t]*events[ \t]*\{/            { have_events = 1 }
    /^[ \t]*access_log[ \t]/           { have_log = 1 }
    { lines[n++] = $0 }
    END {
        for (i = 0; i < n; i++) {
            if (!have_events && lines[i] ~ /^[ \t]*http[ \t]*\{/) {
                print "events {"
                print "    worker_connections 4096;"
                print "}"
                print ""
            }
            print lines[i]
            if (!have_log && lines[i] ~ /^[ \t]*http[ \t]*\{/) {
                print "    access_log off;"
            }
        }
    }
' "$conf" > "$copy"

exec "$binary" -p "$prefix/" -c "$copy" -e stderr \
    -g "daemon off; pid rampart.pid;"
