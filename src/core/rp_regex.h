/*
 * rp_regex.h - PCRE2 regular expressions, compiled once at config load
 * (JIT when available) and matched without allocation per request.
 *
 * Captures use an ovector of ints provided by the caller: pairs of
 * (start, end) offsets into the subject, pair 0 being the whole match.
 */

#ifndef RP_REGEX_H
#define RP_REGEX_H

#include "rp_config.h"
#include "rp_str.h"

struct rp_pool;

#define RP_REGEX_CASELESS   0x01

struct rp_regex_name {
    struct rp_str   name;        /* a named group (?<name>...) */
    unsigned        capture;     /* its group number */
    size_t          index;       /* the user's: rp_http_regex_compile
                                    stores the variable's index here */
};

struct rp_regex {
    void                  *code;      /* pcre2_code * */
    void                  *match;     /* pcre2_match_data *, per process */
    struct rp_str          pattern;
    unsigned               captures;  /* groups, not counting group 0 */
    unsigned               nnames;
    struct rp_regex_name  *names;     /* nnames entries, from the pool */
    unsigned               jit:1;     /* JIT-compiled: pcre2_jit_match */
};

/*
 * Compile <pattern> with <flags>; the regex and its PCRE2 objects are
 * released by a cleanup of <pool>.  NULL on error, with a message (and
 * the offset in the pattern) written to <err>.
 */
struct rp_regex *rp_regex_compile(struct rp_pool *pool,
    const struct rp_str *pattern, unsigned flags, char *err, size_t errlen);

/*
 * Match <re> against [s, s + len).  On a match returns the number of
 * capture pairs set (>= 1) and fills <captures> (size ints, pairs of
 * offsets; unset groups are -1); RP_DECLINED when it does not match;
 * RP_ERROR on a matching error (e.g. match limit).
 */
int rp_regex_exec(const struct rp_regex *re, const u_char *s, size_t len,
    int *captures, unsigned size);

#endif /* RP_REGEX_H */
