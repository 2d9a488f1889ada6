/*
 * rp_http_not_modified_filter.c - conditional requests (RFC 9110 13).
 *
 * A header filter that runs before the range filter on every 200
 * response that carries a validator (Last-Modified or ETag, set by the
 * static module or copied from a backend).  If-Match and
 * If-Unmodified-Since that fail turn it into 412; If-None-Match that
 * matches, or (without If-None-Match) an If-Modified-Since not older
 * than the resource, turns a GET or HEAD into 304 with no body.  It also
 * holds the parser of HTTP dates that the range filter reuses for
 * If-Range.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_filters.h"
#include "rp_http_request.h"

#include <time.h>

rp_http_header_filter_pt  rp_http_not_modified_next_header_filter;

static const char  rp_http_months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";


/* <n> decimal digits at <p> into <out>; -1 if one is not a digit. */
static int
rp_http_time_digits(const u_char *p, size_t n, int *out)
{
    int  v = 0;

    while (n--) {
        if (*p < '0' || *p > '9') {
            return -1;
        }
        v = v * 10 + (*p++ - '0');
    }

    *out = v;
    return 0;
}


/* The month (0-11) named by the 3 bytes at <p>, or -1. */
static int
rp_http_time_month(const u_char *p)
{
    int  i;

    for (i = 0; i < 12; i++) {
        if (memcmp(p, rp_http_months + 3 * i, 3) == 0) {
            return i;
        }
    }

    return -1;
}


/* Days from 1970-01-01 to <year>-<month+1>-<day> (proleptic Gregorian). */
static int64_t
rp_http_days_from_civil(int64_t y, int m, int d)
{
    int64_t  era, yoe, doy, doe;

    m += 1;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

    return era * 146097 + doe - 719468;
}


/*
 * Parse an HTTP-date (RFC 9110 5.6.7) in any of its three forms:
 *   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
 *   RFC 850      "Sunday, 06-Nov-94 08:49:37 GMT"
 *   asctime      "Sun Nov  6 08:49:37 1994"
 * Returns the time, or -1 if <p>/<len> is none of them (callers then
 * ignore the header, as the RFC says).  Pure: no locale, no allocation.
 */
time_t
rp_http_parse_time(const u_char *p, size_t len)
{
    const u_char  *comma, *end = p + len;
    int            day, mon, year, hh, mm, ss;

    comma = memchr(p, ',', len);

    if (comma && (size_t) (end - comma) == 26 && comma[1] == ' ') {
        /* IMF-fixdate: ", 06 Nov 1994 08:49:37 GMT" */
        p = comma + 2;
        if (rp_http_time_digits(p, 2, &day) || p[2] != ' '
            || (mon = rp_http_time_month(p + 3)) < 0 || p[6] != ' '
            || rp_http_time_digits(p + 7, 4, &year) || p[11] != ' ')
        {
            return -1;
        }
        p += 12;

    } else if (comma && (size_t) (end - comma) == 24 && comma[1] == ' ') {
        /* RFC 850: ", 06-Nov-94 08:49:37 GMT"; years 70-99 are 19xx */
        p = comma + 2;
        if (rp_http_time_digits(p, 2, &day) || p[2] != '-'
            || (mon = rp_http_time_month(p + 3)) < 0 || p[6] != '-'
            || rp_http_time_digits(p + 7, 2, &year) || p[9] != ' ')
        {
            return -1;
        }
        year += year < 70 ? 2000 : 1900;
        p += 10;

    } else if (comma == NULL && len == 24) {
        /* asctime: "Sun Nov  6 08:49:37 1994" */
        if (p[3] != ' ' || (mon = rp_http_time_month(p + 4)) < 0
            || p[7] != ' ' || p[10] != ' '
            || rp_http_time_digits(p + 20, 4, &year))
        {
            return -1;
        }
        if (rp_http_time_digits(p + 8 + (p[8] == ' '), 2 - (p[8] == ' '),
                                &day))
        {
            return -1;
        }
        p += 11;
        end = p + 8;

    } else {
        return -1;
    }

    if (rp_http_time_digits(p, 2, &hh) || p[2] != ':'
        || rp_http_time_digits(p + 3, 2, &mm) || p[5] != ':'
        || rp_http_time_digits(p + 6, 2, &ss))
    {
        return -1;
    }

    if (comma ? (end - p != 12 || memcmp(p + 8, " GMT", 4) != 0)
              : end - p != 8)
    {
        return -1;
    }

    if (day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60) {
        return -1;
    }

    return (time_t) (rp_http_days_from_civil(year, mon, day) * 86400
                     + hh * 3600 + mm * 60 + ss);
}


/*
 * 1 if the entity-tag list <list> matches <etag>: "*" matches any;
 * <weak> selects weak comparison (If-None-Match: "W/" is ignored on both
 * sides) or strong (If-Match: a weak tag never matches).
 */
int
rp_http_etag_match(const struct rp_str *list, const struct rp_str *etag,
    int weak)
{
    const u_char  *p, *end, *start;
    struct rp_str  tag;

    tag = *etag;

    if (tag.len >= 2 && tag.data[0] == 'W' && tag.data[1] == '/') {
        if (!weak) {
            return 0;
        }
        tag.data += 2;
        tag.len -= 2;
    }

    p = list->data;
    end = p + list->len;

    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == ',')) {
            p++;
        }

        if (p == end) {
            break;
        }

        if (*p == '*') {
            return 1;
        }

        start = p;

        if (end - p >= 2 && p[0] == 'W' && p[1] == '/') {
            p += 2;
            if (weak) {
                start = p;
            }
        }

        if (p == end || *p != '"') {
            return 0;                       /* malformed: no match */
        }

        p = memchr(p + 1, '"', (size_t) (end - p - 1));
        if (p == NULL) {
            return 0;
        }

        p++;

        if ((size_t) (p - start) == tag.len
            && memcmp(start, tag.data, tag.len) == 0)
        {
            return 1;
        }
    }

    return 0;
}


/* Turn the response into a body-less <status> (304 or 412). */
static void
rp_http_not_modified_set(struct rp_http_request *r, int status)
{
    r->headers_out.status = status;
    r->headers_out.status_line.len = 0;
    r->headers_out.content_type.len = 0;
    r->headers_out.charset.len = 0;
    r->header_only = 1;

    if (status == RP_HTTP_NOT_MODIFIED) {
        /* RFC 9110 15.4.5: the validators stay, the body's fields go */
        rp_http_clear_content_length(r);
        return;
    }

    /* 412 is complete with an empty body */
    r->headers_out.content_length_n = 0;
}


/*
 * The header filter.  RFC 9110 13.2.2 order: If-Match, else
 * If-Unmodified-Since; then If-None-Match, else If-Modified-Since (for
 * GET/HEAD only).
 */
int
rp_http_not_modified_header_filter(struct rp_http_request *r)
{
    struct rp_http_headers_in  *in = &r->headers_in;
    struct rp_str              *etag;
    time_t                      t, lm;

    if (r->headers_out.status != RP_HTTP_OK) {
        return rp_http_not_modified_next_header_filter(r);
    }

    lm = r->headers_out.last_modified_time;
    etag = r->headers_out.etag ? &r->headers_out.etag->value : NULL;

    if (in->if_match) {
        if (etag == NULL
            || !rp_http_etag_match(&in->if_match->value, etag, 0))
        {
            rp_http_not_modified_set(r, RP_HTTP_PRECONDITION_FAILED);
            return rp_http_not_modified_next_header_filter(r);
        }

    } else if (in->if_unmodified_since) {
        t = rp_http_parse_time(in->if_unmodified_since->value.data,
                               in->if_unmodified_since->value.len);

        if (t != -1 && (lm == -1 || lm > t)) {
            rp_http_not_modified_set(r, RP_HTTP_PRECONDITION_FAILED);
            return rp_http_not_modified_next_header_filter(r);
        }
    }

    if (in->if_none_match) {
        if (etag && rp_http_etag_match(&in->if_none_match->value, etag, 1)) {
            rp_http_not_modified_set(r,
                (r->method & (RP_HTTP_GET | RP_HTTP_HEAD))
                ? RP_HTTP_NOT_MODIFIED : RP_HTTP_PRECONDITION_FAILED);
        }

    } else if (in->if_modified_since && lm != -1
               && (r->method & (RP_HTTP_GET | RP_HTTP_HEAD)))
    {
        t = rp_http_parse_time(in->if_modified_since->value.data,
                               in->if_modified_since->value.len);

        if (t != -1 && lm <= t) {
            rp_http_not_modified_set(r, RP_HTTP_NOT_MODIFIED);
        }
    }

    return rp_http_not_modified_next_header_filter(r);
}
