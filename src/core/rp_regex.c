/*
 * rp_regex.c - PCRE2 regular expressions for locations, server names,
 * map keys and the like.
 *
 * Patterns are compiled once, at config load, into the cycle's pool and
 * JIT-compiled when the PCRE2 library supports it (silently falling back
 * to the interpreter otherwise).  Each regex owns one match-data block
 * created at compile time: a worker is single-threaded and a match's
 * offsets are copied out before the next match, so matching a request
 * never allocates.  The PCRE2 objects are released by a cleanup of the
 * pool that holds the regex, never by hand.
 */

#include "rp_config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "rp_core.h"
#include "rp_regex.h"

static void rp_regex_cleanup(void *data);
static int rp_regex_names(struct rp_pool *pool, struct rp_regex *re);


/*
 * Release the PCRE2 objects of the regex at <data>; runs when its pool
 * is destroyed.
 */
static void
rp_regex_cleanup(void *data)
{
    struct rp_regex  *re = data;

    if (re->match) {
        pcre2_match_data_free(re->match);
        re->match = NULL;
    }

    if (re->code) {
        pcre2_code_free(re->code);
        re->code = NULL;
    }
}


/*
 * Copy the name table of <re> (PCRE2_INFO_NAMETABLE) into re->names,
 * from <pool>.  Each PCRE2 entry is the group number in two big-endian
 * bytes followed by the NUL-terminated name.  RP_OK or RP_ERROR (out of
 * memory).
 */
static int
rp_regex_names(struct rp_pool *pool, struct rp_regex *re)
{
    uint32_t               count, size, i;
    size_t                 len;
    PCRE2_SPTR             table, entry;
    struct rp_regex_name  *name;

    if (pcre2_pattern_info(re->code, PCRE2_INFO_NAMECOUNT, &count) != 0
        || count == 0)
    {
        return RP_OK;
    }

    if (pcre2_pattern_info(re->code, PCRE2_INFO_NAMEENTRYSIZE, &size) != 0
        || pcre2_pattern_info(re->code, PCRE2_INFO_NAMETABLE, &table) != 0)
    {
        return RP_ERROR;
    }

    re->names = rp_palloc(pool, count * sizeof(struct rp_regex_name));
    if (re->names == NULL) {
        return RP_ERROR;
    }

    for (i = 0; i < count; i++) {
        entry = table + (size_t) i * size;
        name = &re->names[i];

        name->capture = ((unsigned) entry[0] << 8) | entry[1];
        name->index = 0;
        len = strnlen((const char *) entry + 2, size - 2);

        name->name.len = len;
        name->name.data = rp_palloc(pool, len + 1);
        if (name->name.data == NULL) {
            return RP_ERROR;
        }

        memcpy(name->name.data, entry + 2, len);
        name->name.data[len] = '\0';
    }

    re->nnames = count;

    return RP_OK;
}


/*
 * See rp_regex.h.  The message on error looks like nginx's:
 *   pcre2_compile() failed: missing closing parenthesis in "^(a" at ""
 * where the text after "at" is the rest of the pattern from the error
 * offset.  <err> is always NUL-terminated when <errlen> > 0.
 */
struct rp_regex *
rp_regex_compile(struct rp_pool *pool, const struct rp_str *pattern,
    unsigned flags, char *err, size_t errlen)
{
    int                      errcode;
    uint32_t                 options, ncap;
    PCRE2_SIZE               erroff;
    PCRE2_UCHAR              msg[256];
    pcre2_code              *code;
    struct rp_regex         *re;
    struct rp_pool_cleanup  *cln;

    if (errlen > 0) {
        err[0] = '\0';
    }

    options = (flags & RP_REGEX_CASELESS) ? PCRE2_CASELESS : 0;

    code = pcre2_compile(pattern->data ? pattern->data
                                       : (PCRE2_SPTR) "",
                         pattern->len, options, &errcode, &erroff, NULL);

    if (code == NULL) {
        if (pcre2_get_error_message(errcode, msg, sizeof(msg)) < 0) {
            snprintf((char *) msg, sizeof(msg), "error %d", errcode);
        }

        if (erroff > pattern->len) {
            erroff = pattern->len;
        }

        snprintf(err, errlen, "pcre2_compile() failed: %s in \"" RP_STR_FMT
                 "\" at \"%.*s\"", (const char *) msg, RP_STR_ARG(*pattern),
                 (int) (pattern->len - erroff),
                 (const char *) pattern->data + erroff);
        return NULL;
    }

    /* register the cleanup first, so every later failure frees <code> */
    re = rp_pcalloc(pool, sizeof(struct rp_regex));
    cln = re ? rp_pool_cleanup_add(pool) : NULL;

    if (cln == NULL) {
        pcre2_code_free(code);
        snprintf(err, errlen, "memory allocation failed");
        return NULL;
    }

    re->code = code;
    cln->handler = rp_regex_cleanup;
    cln->data = re;

    /* JIT is an optimisation: PCRE2 built without it still matches */
    re->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;

    re->match = pcre2_match_data_create_from_pattern(code, NULL);
    re->pattern.len = pattern->len;
    re->pattern.data = rp_pstrdup(pool, pattern);

    if (re->match == NULL || (pattern->len && re->pattern.data == NULL)) {
        snprintf(err, errlen, "memory allocation failed");
        return NULL;
    }

    if (pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &ncap) != 0) {
        snprintf(err, errlen, "pcre2_pattern_info() failed");
        return NULL;
    }

    re->captures = ncap;

    if (rp_regex_names(pool, re) != RP_OK) {
        snprintf(err, errlen, "memory allocation failed");
        return NULL;
    }

    return re;
}


/*
 * See rp_regex.h.  PCRE2 reports offsets as PCRE2_SIZE; subjects longer
 * than INT_MAX cannot be described in an int ovector and are refused
 * (RP_ERROR) rather than truncated.  Pairs past the last set group are
 * written as -1 too, so the caller never reads stale offsets.
 */
int
rp_regex_exec(const struct rp_regex *re, const u_char *s, size_t len,
    int *captures, unsigned size)
{
    int          rc;
    unsigned     i, n;
    PCRE2_SIZE  *ov;

    if (len > INT_MAX) {
        return RP_ERROR;
    }

    if (s == NULL) {
        s = (const u_char *) "";
    }

    if (re->jit) {
        rc = pcre2_jit_match(re->code, s, len, 0, 0, re->match, NULL);
    } else {
        rc = pcre2_match(re->code, s, len, 0, 0, re->match, NULL);
    }

    if (rc == PCRE2_ERROR_NOMATCH) {
        return RP_DECLINED;
    }

    if (rc <= 0) {
        /* 0 would mean the match data is too small: it never is */
        return RP_ERROR;
    }

    if (captures == NULL || size < 2) {
        return rc;
    }

    ov = pcre2_get_ovector_pointer(re->match);
    n = rp_min(size / 2, pcre2_get_ovector_count(re->match));

    for (i = 0; i < n; i++) {
        if (i >= (unsigned) rc || ov[2 * i] == PCRE2_UNSET) {
            captures[2 * i] = -1;
            captures[2 * i + 1] = -1;

        } else {
            captures[2 * i] = (int) ov[2 * i];
            captures[2 * i + 1] = (int) ov[2 * i + 1];
        }
    }

    for (i = n * 2; i + 1 < size; i += 2) {
        captures[i] = -1;
        captures[i + 1] = -1;
    }

    return rc;
}
