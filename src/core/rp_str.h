/*
 * rp_str.h - length-carrying strings (STYLE 8).
 *
 * Bytes from the network or the config file are never assumed to be
 * NUL-terminated: every string is a pointer and a length.  NUL-terminated
 * copies are made explicitly with rp_pstrdup_z() at libc boundaries.
 *
 * Printing: rampart's log and error functions use the C library's printf
 * format checking (RP_PRINTF), so a rp_str is printed with RP_STR_FMT and
 * RP_STR_ARG(s) ("%.*s") instead of a private %V conversion; the compiler
 * then checks every format string in the tree.
 */

#ifndef RP_STR_H
#define RP_STR_H

#include "rp_config.h"

struct rp_pool;

struct rp_str {
    size_t      len;
    u_char     *data;
};

#define rp_string(s)      { sizeof(s) - 1, (u_char *) (s) }
#define rp_null_string    { 0, NULL }
#define rp_str_set(str, text)                                                \
    do { (str)->len = sizeof(text) - 1; (str)->data = (u_char *) (text); }   \
    while (0)

#define RP_STR_FMT        "%.*s"
#define RP_STR_ARG(s)     (int) (s).len, (const char *) (s).data

#define rp_cpymem(dst, src, n)  (((u_char *) memcpy(dst, src, n)) + (n))
static inline size_t
rp_min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

#define rp_tolower(c)                                                        \
    ((u_char) (((c) >= 'A' && (c) <= 'Z') ? ((c) | 0x20) : (c)))

/* 1 if <a> and <b> hold the same bytes. */
static inline int
rp_str_eq(const struct rp_str *a, const struct rp_str *b)
{
    return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* 1 if <s> equals the NUL-terminated literal <lit> (config-side use). */
static inline int
rp_str_eq_lit(const struct rp_str *s, const char *lit)
{
    size_t  n = strlen(lit);

    return s->len == n && memcmp(s->data, lit, n) == 0;
}

int rp_str_casecmp(const u_char *a, const u_char *b, size_t n);
u_char *rp_pstrdup(struct rp_pool *pool, const struct rp_str *src);
char *rp_pstrdup_z(struct rp_pool *pool, const struct rp_str *src);
size_t rp_strlcpy(char *dst, const char *src, size_t size);
size_t rp_edit_distance(const u_char *a, size_t alen,
    const u_char *b, size_t blen);
size_t rp_escape_log(u_char *dst, const u_char *src, size_t len);
u_char *rp_sprint_uint(u_char *p, uint64_t n);

#endif /* RP_STR_H */
