/*
 * rp_str.c - helpers for length-carrying strings: case-insensitive
 * comparison, pool copies, a bounded copy for fixed buffers, the edit
 * distance behind the config parser's "did you mean" hints, and the one
 * escaping function that every client- or backend-supplied byte goes
 * through before it reaches a log line (DESIGN 6).
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_pool.h"
#include "rp_str.h"


/* Compare <n> bytes ignoring ASCII case; <0, 0, >0 like memcmp. */
int
rp_str_casecmp(const u_char *a, const u_char *b, size_t n)
{
    size_t   i;
    u_char   ca, cb;

    for (i = 0; i < n; i++) {
        ca = rp_tolower(a[i]);
        cb = rp_tolower(b[i]);

        if (ca != cb) {
            return (int) ca - (int) cb;
        }
    }

    return 0;
}


/* Copy <src> into <pool>; not NUL-terminated.  NULL on allocation failure. */
u_char *
rp_pstrdup(struct rp_pool *pool, const struct rp_str *src)
{
    u_char  *dst;

    dst = rp_palloc(pool, src->len ? src->len : 1);
    if (dst == NULL) {
        return NULL;
    }

    if (src->len) {
        memcpy(dst, src->data, src->len);
    }

    return dst;
}


/* Copy <src> into <pool> with a terminating NUL, for libc boundaries. */
char *
rp_pstrdup_z(struct rp_pool *pool, const struct rp_str *src)
{
    char  *dst;

    dst = rp_palloc(pool, src->len + 1);
    if (dst == NULL) {
        return NULL;
    }

    if (src->len) {
        memcpy(dst, src->data, src->len);
    }

    dst[src->len] = '\0';

    return dst;
}


/*
 * BSD strlcpy: copy at most size - 1 bytes and always terminate (when
 * size > 0).  Returns strlen(src), so truncation is (ret >= size).
 */
size_t
rp_strlcpy(char *dst, const char *src, size_t size)
{
    size_t  len;

    len = strlen(src);

    if (size) {
        size_t  n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }

    return len;
}


/*
 * Levenshtein distance between two short strings (directive names), with
 * one row of O(blen) memory.  Inputs longer than 64 bytes are compared on
 * their first 64: names that long never need a suggestion.
 */
size_t
rp_edit_distance(const u_char *a, size_t alen, const u_char *b, size_t blen)
{
    size_t  row[65], i, j, prev, cur, cost;

    alen = rp_min_size(alen, 64);
    blen = rp_min_size(blen, 64);

    for (j = 0; j <= blen; j++) {
        row[j] = j;
    }

    for (i = 1; i <= alen; i++) {
        prev = row[0];
        row[0] = i;

        for (j = 1; j <= blen; j++) {
            cost = (a[i - 1] == b[j - 1]) ? 0 : 1;
            cur = row[j];

            row[j] = rp_min_size(rp_min_size(row[j] + 1, row[j - 1] + 1),
                                 prev + cost);
            prev = cur;
        }
    }

    return row[blen];
}


/*
 * Escape <len> bytes of untrusted <src> into <dst> for a log line: bytes
 * outside printable ASCII, '"' and '\\' become \xHH, so no input can end
 * a line, forge a field or inject terminal control sequences.  <dst> must
 * hold 4 * len bytes.  Returns the number of bytes written.
 */
size_t
rp_escape_log(u_char *dst, const u_char *src, size_t len)
{
    static const char  hex[] = "0123456789ABCDEF";
    u_char            *p;
    size_t             i;

    p = dst;

    for (i = 0; i < len; i++) {
        u_char  ch = src[i];

        if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\') {
            *p++ = '\\';
            *p++ = 'x';
            *p++ = (u_char) hex[ch >> 4];
            *p++ = (u_char) hex[ch & 0x0f];
        } else {
            *p++ = ch;
        }
    }

    return (size_t) (p - dst);
}


/*
 * Write <n> in decimal at <p> (room for 20 bytes) and return the end;
 * the hot paths' replacement for snprintf("%llu").
 */
u_char *
rp_sprint_uint(u_char *p, uint64_t n)
{
    u_char   tmp[20], *t;

    t = tmp + sizeof(tmp);

    do {
        *--t = (u_char) ('0' + n % 10);
        n /= 10;
    } while (n);

    return rp_cpymem(p, t, (size_t) (tmp + sizeof(tmp) - t));
}
