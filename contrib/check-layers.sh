#!/bin/sh
# contrib/check-layers.sh - fail on an upward #include (STYLE 1).
#
# src/ is layered and dependencies point down.  A header's layer is the
# directory under src/ that contains it (src/http/modules counts as http);
# a file may include headers of these layers only:
#
#   core     core
#   conf     core conf
#   event    core conf event
#   os       core conf event os tls        (anything but http)
#   http     core conf event http tls
#   tls      core conf event tls
#   src/*.c  anything (main() and the module list sit on top)
#
# "config.h" (objs/, written by configure) and headers not under src/
# (system, t/lib) are not checked.  Prints file:line: reason and exits 1
# on any violation.  "make check-layers" and "make lint" run it.

set -u
export LC_ALL=C

cd "$(dirname "$0")/.." || exit 1

headers=$(find src -type f -name '*.h' 2>/dev/null | sort)
sources=$(find src -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null \
    | sort)

[ -n "$sources" ] || exit 0

{
    # First the header map (one "H path" per line), then the includes.
    if [ -n "$headers" ]; then
        printf 'H %s\n' $headers
    fi
    printf '%s\n' "$sources" | tr '\n' '\0' | xargs -0 awk '
        /^[ \t]*#[ \t]*include[ \t]*"/ {
            h = $0
            sub(/^[^"]*"/, "", h)
            sub(/".*$/, "", h)
            printf "I %s %d %s\n", FILENAME, FNR, h
        }'
} | awk '
function layer(path,    p) {
    p = path
    sub(/^src\//, "", p)
    if (p !~ /\//) {
        return "top"
    }
    sub(/\/.*$/, "", p)
    return p
}

BEGIN {
    allowed["core"]  = " core "
    allowed["conf"]  = " core conf "
    allowed["event"] = " core conf event "
    allowed["os"]    = " core conf event os tls "
    allowed["http"]  = " core conf event http tls "
    allowed["tls"]   = " core conf event tls "
}

$1 == "H" {
    base = $2
    sub(/^.*\//, "", base)
    if (base in where && where[base] != $2) {
        printf "%s:1: header name also used by %s: includes are ambiguous\n", $2, where[base]
        bad = 1
    }
    where[base] = $2
    next
}

$1 == "I" {
    file = $2; line = $3; inc = $4
    base = inc
    sub(/^.*\//, "", base)
    if (!(base in where)) {
        next
    }
    from = layer(file)
    to = layer(where[base])
    if (from == "top" || from == to) {
        next
    }
    if (!(from in allowed)) {
        printf "%s:%d: unknown layer \"%s\": add it to contrib/check-layers.sh\n", file, line, from
        bad = 1
        next
    }
    if (index(allowed[from], " " to " ") == 0) {
        printf "%s:%d: upward include: %s (layer %s) may not include %s (layer %s)\n", file, line, file, from, where[base], to
        bad = 1
    }
}

END {
    exit bad
}
'
rc=$?
if [ "$rc" -ne 0 ]; then
    echo "check-layers: FAILED" >&2
fi
exit "$rc"
