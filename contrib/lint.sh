#!/bin/sh
# contrib/lint.sh - mechanical style checks for src/ and t/ (STYLE 6, 13,
# 20, 21).  Plain sh + awk, no extra package; "make lint" runs it.
#
# Fails (prints file:line: reason, exits 1) on:
#   - a tab, or trailing blanks;
#   - a line longer than 80 columns in src/ (100 in t/); columns count
#     characters, so UTF-8 in a comment is not penalised;
#   - a call to strcpy strcat sprintf vsprintf gets atoi atol strtok
#     outside comments and string literals;
#   - a .c file longer than 2000 lines (over 1000 only warns);
#   - a .c file in src/ that does not open with a comment block;
#   - two sources with the same basename (objs/ is flat, STYLE 2).
#
# Usage: sh contrib/lint.sh [FILE...]   (default: every .c/.h in src, t)

set -u
export LC_ALL=C

cd "$(dirname "$0")/.." || exit 1

if [ $# -gt 0 ]; then
    files=$(printf '%s\n' "$@")
else
    files=$(find src t -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null \
        | sort)
fi

[ -n "$files" ] || { echo "lint: no files"; exit 0; }

status=0

# Unique basenames: objects and test binaries are flat under objs/.
dups=$(printf '%s\n' "$files" | grep '\.c$' \
    | awk -F/ '{ base = $NF; if (base in seen) print seen[base] " " $0;
                 else seen[base] = $0 }')
if [ -n "$dups" ]; then
    printf '%s\n' "$dups" | while read -r a b; do
        echo "$b:1: same basename as $a (objs/ is flat)"
    done
    status=1
fi

printf '%s\n' "$files" | tr '\n' '\0' | xargs -0 awk '
function report(line, msg) {
    printf "%s:%d: %s\n", FILENAME, line, msg
    bad = 1
}

function warn(line, msg) {
    printf "%s:%d: warning: %s\n", FILENAME, line, msg
}

# Called at the end of each file: length and opening-comment checks.
function finish_file() {
    if (fname == "") {
        return
    }
    if (fname ~ /\.c$/) {
        if (nlines > 2000) {
            printf "%s:%d: %d lines: .c files may not exceed 2000 (STYLE 20)\n", fname, nlines, nlines
            bad = 1
        } else if (nlines > 1000) {
            printf "%s:%d: warning: %d lines: .c files should stay under 1000 (STYLE 20)\n", fname, nlines, nlines
        }
        if (fname ~ /^src\// && !opened_with_comment) {
            printf "%s:1: does not open with a comment block saying what it does (STYLE 21)\n", fname
            bad = 1
        }
    }
}

# Blank out comments, string and character literals of one line, so the
# banned-call check sees only code.  <in_comment> carries a /* */ across
# lines.
function code_only(s,    out, i, c, n, q) {
    out = ""
    n = length(s)
    i = 1
    while (i <= n) {
        c = substr(s, i, 1)
        if (in_comment) {
            if (c == "*" && substr(s, i + 1, 1) == "/") {
                in_comment = 0
                i += 2
            } else {
                i++
            }
            continue
        }
        if (c == "/" && substr(s, i + 1, 1) == "*") {
            in_comment = 1
            i += 2
            continue
        }
        if (c == "/" && substr(s, i + 1, 1) == "/") {
            break
        }
        if (c == "\"" || c == "\047") {
            q = c
            i++
            while (i <= n) {
                c = substr(s, i, 1)
                if (c == "\\") {
                    i += 2
                    continue
                }
                i++
                if (c == q) {
                    break
                }
            }
            out = out q q
            continue
        }
        out = out c
        i++
    }
    return out
}

FNR == 1 {
    finish_file()
    fname = FILENAME
    nlines = 0
    in_comment = 0
    opened_with_comment = 0
    seen_code = 0
    maxcol = (FILENAME ~ /^t\//) ? 100 : 80
}

{
    nlines = FNR
    line = $0

    if (index(line, "\t") > 0) {
        report(FNR, "tab character (indent with 4 spaces)")
    }
    if (line ~ /[ \t\r]+$/) {
        report(FNR, "trailing blanks")
    }

    # Count characters, not bytes: drop UTF-8 continuation bytes.
    chars = line
    gsub(/[\200-\277]/, "", chars)
    if (length(chars) > maxcol) {
        report(FNR, sprintf("line is %d columns (max %d)", length(chars), maxcol))
    }

    if (!seen_code && line !~ /^[ \t]*$/) {
        seen_code = 1
        if (line ~ /^\/\*/) {
            opened_with_comment = 1
        }
    }

    code = code_only(line)
    if (code ~ /(^|[^A-Za-z0-9_.>])(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|strtok)[ \t]*\(/) {
        match(code, /(^|[^A-Za-z0-9_.>])(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|strtok)[ \t]*\(/)
        call = substr(code, RSTART, RLENGTH)
        sub(/^[^A-Za-z_]/, "", call)
        sub(/[ \t]*\($/, "", call)
        report(FNR, "banned call " call "() (STYLE 13: use the bounded rp_ helpers)")
    }
}

END {
    finish_file()
    exit bad
}
' || status=1

if [ "$status" -ne 0 ]; then
    echo "lint: FAILED" >&2
fi
exit "$status"
