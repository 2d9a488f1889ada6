/*
 * rp_parse.c - bounded number, size and time parsing (STYLE 13).
 *
 * These three functions are the only way rampart turns configuration text
 * into numbers.  They work on a pointer and a length (config tokens are
 * not NUL-terminated), accept only ASCII digits and the documented unit
 * letters, and check every multiplication and addition for overflow
 * before doing it, so a huge value is reported as an error instead of
 * silently wrapping into a small one.
 */

#include "rp_config.h"
#include "rp_core.h"


/*
 * Time units of rp_parse_msec, from the largest to the smallest.  The
 * index in this table is the unit's rank: a combination such as "1h30m"
 * must use strictly increasing ranks, which rejects both "30m1h" and
 * "1h1h".
 */
struct rp_parse_unit {
    const char  *name;
    size_t       len;
    int64_t      msec;
};

static const struct rp_parse_unit  rp_parse_time_units[] = {
    { "y",  1, 365LL * 24 * 60 * 60 * 1000 },
    { "M",  1, 30LL * 24 * 60 * 60 * 1000 },
    { "w",  1, 7LL * 24 * 60 * 60 * 1000 },
    { "d",  1, 24LL * 60 * 60 * 1000 },
    { "h",  1, 60LL * 60 * 1000 },
    { "m",  1, 60LL * 1000 },
    { "s",  1, 1000 },
    { "ms", 2, 1 },
};


/*
 * Parse a run of decimal digits starting at <p> (at most <len> bytes)
 * into <out>, stopping at the first non-digit.  Returns the number of
 * digits consumed (0 if there were none), or -1 if the value exceeds
 * <max>.
 */
static ssize_t
rp_parse_digits(const u_char *p, size_t len, uint64_t max, uint64_t *out)
{
    size_t     i;
    uint64_t   v, d;

    v = 0;

    for (i = 0; i < len && p[i] >= '0' && p[i] <= '9'; i++) {
        d = (uint64_t) (p[i] - '0');

        if (v > (max - d) / 10) {
            return -1;
        }

        v = v * 10 + d;
    }

    *out = v;

    return (ssize_t) i;
}


/*
 * Parse <len> bytes at <p> as an unsigned decimal number no larger than
 * <max>.  Only digits are accepted: no sign, no spaces, no "0x".  Returns
 * RP_OK with the value in <out>, or RP_ERROR for empty input, a
 * non-digit byte or a value above <max> (including one that would
 * overflow 64 bits).  <out> is untouched on error.
 */
int
rp_parse_uint(const u_char *p, size_t len, uint64_t max, uint64_t *out)
{
    ssize_t    n;
    uint64_t   v;

    if (len == 0) {
        return RP_ERROR;
    }

    n = rp_parse_digits(p, len, max, &v);

    if (n < 0 || (size_t) n != len) {
        return RP_ERROR;
    }

    *out = v;

    return RP_OK;
}


/*
 * Parse a byte size: digits with an optional k/K (1024), m/M (1024^2) or
 * g/G (1024^3) suffix, e.g. "512", "64k", "10M".  Returns RP_OK with the
 * size in <out>, or RP_ERROR for empty input, a missing number ("k"), an
 * unknown suffix, trailing bytes or a result that does not fit in size_t.
 */
int
rp_parse_size(const u_char *p, size_t len, size_t *out)
{
    size_t     digits;
    ssize_t    n;
    uint64_t   v, scale;

    if (len == 0) {
        return RP_ERROR;
    }

    scale = 1;
    digits = len;

    switch (p[len - 1]) {
    case 'k':
    case 'K':
        scale = 1024;
        digits--;
        break;
    case 'm':
    case 'M':
        scale = 1024 * 1024;
        digits--;
        break;
    case 'g':
    case 'G':
        scale = 1024 * 1024 * 1024;
        digits--;
        break;
    default:
        break;
    }

    if (digits == 0) {
        return RP_ERROR;
    }

    n = rp_parse_digits(p, digits, SIZE_MAX, &v);

    if (n < 0 || (size_t) n != digits) {
        return RP_ERROR;
    }

    if (v > SIZE_MAX / scale) {
        return RP_ERROR;
    }

    *out = (size_t) (v * scale);

    return RP_OK;
}


/*
 * Parse a duration into milliseconds: either a bare number of seconds
 * ("30") or one or more number+unit pairs ("500ms", "1h30m", "1s500ms")
 * with units y M w d h m s ms, each at most once and from larger to
 * smaller.  A bare number is only accepted as the whole input: "1m30" is
 * rejected because the unit of "30" would be a guess.  Returns RP_OK with
 * the total in <out>, or RP_ERROR for empty input, a missing number or
 * unit, units out of order or repeated, unknown bytes or a total above
 * INT64_MAX milliseconds.
 */
int
rp_parse_msec(const u_char *p, size_t len, int64_t *out)
{
    size_t                        i, u, rank;
    ssize_t                       n;
    int64_t                       total;
    uint64_t                      v;
    const struct rp_parse_unit   *unit, *cand;

    if (len == 0) {
        return RP_ERROR;
    }

    n = rp_parse_digits(p, len, INT64_MAX, &v);

    if (n <= 0) {
        return RP_ERROR;
    }

    if ((size_t) n == len) {
        /* a bare number: seconds, as in nginx */
        if (v > INT64_MAX / 1000) {
            return RP_ERROR;
        }

        *out = (int64_t) v * 1000;
        return RP_OK;
    }

    total = 0;
    rank = 0;
    i = 0;

    for ( ;; ) {
        n = rp_parse_digits(p + i, len - i, INT64_MAX, &v);

        if (n <= 0) {
            return RP_ERROR;
        }

        i += (size_t) n;

        /* "ms" must be tried before "m": the table lists it last */
        unit = NULL;

        for (u = rp_nelems(rp_parse_time_units); u > 0; u--) {
            cand = &rp_parse_time_units[u - 1];

            if (len - i >= cand->len
                && memcmp(p + i, cand->name, cand->len) == 0)
            {
                unit = cand;
                break;
            }
        }

        if (unit == NULL || u - 1 < rank) {
            return RP_ERROR;
        }

        rank = u;
        i += unit->len;

        if (v > (uint64_t) (INT64_MAX / unit->msec)
            || (int64_t) v * unit->msec > INT64_MAX - total)
        {
            return RP_ERROR;
        }

        total += (int64_t) v * unit->msec;

        if (i == len) {
            break;
        }
    }

    *out = total;

    return RP_OK;
}
