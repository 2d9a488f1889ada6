/*
 * fuzz_http_request.c - libFuzzer driver for the request-line and header
 * parser and the path normaliser (src/http/rp_http_parse.c).
 *
 * Each input is parsed twice: whole, and in pieces whose sizes come from
 * a generator seeded by the input, where every piece makes the caller
 * move the bytes to a new allocation of exactly the bytes received so
 * far and rebase the parser (the old one is freed).  Under ASan a read
 * at or past <last>, or through a pointer that was not rebased, is
 * caught; the two runs must also agree on every field, so a state that
 * RP_AGAIN fails to keep shows up as a difference.  Every parsed field
 * is checked against the grammar, and the path goes through
 * rp_http_normalize_path(), whose output is checked too: in particular a
 * path the parser did not flag complex must come out unchanged.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_parse.h"
#include "rp_fuzz.h"


#define RP_FZ_NPTR  14

struct rp_fz_result {
    int       rc;
    int       rl_rc;
    long      consumed;
    long      off[RP_FZ_NPTR];
    unsigned  method, major, minor, flags;
    size_t    nhdr;
    uint64_t  digest;       /* of every header line's fields */
};


static uint64_t
rp_fz_mix(uint64_t h, uint64_t v)
{
    int  i;

    for (i = 0; i < 8; i++) {
        h ^= (v >> (i * 8)) & 0xff;
        h *= 0x100000001b3ULL;
    }
    return h;
}


static uint64_t
rp_fz_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}


static int
rp_fz_tchar(u_char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
           || (c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}


/* The normalised path <out> has no empty, "." or ".." segment. */
static void
rp_fz_check_normal(const u_char *out, size_t olen)
{
    size_t  i, j, seg;

    RP_FUZZ_CHECK(olen >= 1 && out[0] == '/');
    RP_FUZZ_CHECK(memchr(out, '\0', olen) == NULL);

    for (i = 0; i < olen; i = j) {
        for (j = i + 1; j < olen && out[j] != '/'; j++) {
            /* void */
        }
        seg = j - i - 1;
        RP_FUZZ_CHECK(seg > 0 || j == olen);
        RP_FUZZ_CHECK(!(seg == 1 && out[i + 1] == '.'));
        RP_FUZZ_CHECK(!(seg == 2 && out[i + 1] == '.' && out[i + 2] == '.'));
    }
}


static void
rp_fz_check_path(struct rp_http_parser *hp)
{
    int      rc, rc2;
    size_t   len, olen, olen2;
    u_char  *out, *copy, *again;

    if (hp->path_start == NULL) {
        RP_FUZZ_CHECK(hp->asterisk_form || hp->method == RP_HTTP_CONNECT);
        return;
    }

    len = hp->path_end - hp->path_start;
    if (len == 0) {
        RP_FUZZ_CHECK(hp->absolute_form);
        return;
    }
    RP_FUZZ_CHECK(hp->path_start[0] == '/');

    out = malloc(len);
    copy = malloc(len);
    RP_FUZZ_CHECK(out != NULL && copy != NULL);

    rc = rp_http_normalize_path(hp->path_start, len, out, &olen);

    /* the flags promise: no %, //, /./, /../ means nothing to do */
    if (!hp->complex_uri) {
        RP_FUZZ_CHECK(rc == RP_OK && olen == len
                      && memcmp(out, hp->path_start, len) == 0);
    }
    if (!hp->quoted_uri) {
        RP_FUZZ_CHECK(memchr(hp->path_start, '%', len) == NULL);
    }

    /* in place gives the same */
    memcpy(copy, hp->path_start, len);
    rc2 = rp_http_normalize_path(copy, len, copy, &olen2);
    RP_FUZZ_CHECK(rc2 == rc);

    if (rc == RP_OK) {
        RP_FUZZ_CHECK(olen <= len && olen2 == olen
                      && memcmp(copy, out, olen) == 0);
        rp_fz_check_normal(out, olen);

        /* idempotent when decoding cannot create new escapes */
        if (memchr(out, '%', olen) == NULL) {
            again = malloc(olen);
            RP_FUZZ_CHECK(again != NULL);
            RP_FUZZ_CHECK(rp_http_normalize_path(out, olen, again, &olen2)
                          == RP_OK);
            RP_FUZZ_CHECK(olen2 == olen && memcmp(again, out, olen) == 0);
            free(again);
        }
    }

    free(copy);
    free(out);
}


static void
rp_fz_record_line(struct rp_fz_result *r, struct rp_http_parser *hp,
    u_char *base)
{
    size_t   i;
    u_char  *p, *ptrs[RP_FZ_NPTR] = {
        hp->request_start, hp->request_end, hp->method_end, hp->uri_start,
        hp->uri_end, hp->schema_start, hp->schema_end, hp->host_start,
        hp->host_end, hp->port_end, hp->path_start, hp->path_end,
        hp->args_start, hp->uri_ext
    };

    for (i = 0; i < RP_FZ_NPTR; i++) {
        r->off[i] = ptrs[i] ? (long) (ptrs[i] - base) : -1;
    }

    r->method = hp->method;
    r->major = hp->http_major;
    r->minor = hp->http_minor;
    r->flags = hp->complex_uri | hp->quoted_uri << 1 | hp->plus_in_uri << 2
               | hp->asterisk_form << 3 | hp->absolute_form << 4;

    /* the grammar, checked from the outside */
    RP_FUZZ_CHECK(hp->request_start < hp->method_end);
    RP_FUZZ_CHECK(hp->method_end + 1 == hp->uri_start);
    RP_FUZZ_CHECK(hp->uri_start < hp->uri_end);
    RP_FUZZ_CHECK(hp->uri_end + 9 == hp->request_end);
    RP_FUZZ_CHECK(memcmp(hp->uri_end, " HTTP/1.", 8) == 0);
    RP_FUZZ_CHECK(hp->http_major == 1 && hp->http_minor <= 1);

    for (p = hp->request_start; p < hp->method_end; p++) {
        RP_FUZZ_CHECK(rp_fz_tchar(*p));
    }
    for (p = hp->uri_start; p < hp->uri_end; p++) {
        RP_FUZZ_CHECK(*p > 0x20 && *p < 0x7f && *p != '#');
    }
    if (hp->asterisk_form) {
        RP_FUZZ_CHECK(hp->uri_end - hp->uri_start == 1
                      && hp->method == RP_HTTP_OPTIONS);
    }
    if (hp->absolute_form) {
        RP_FUZZ_CHECK(hp->schema_start == hp->uri_start && hp->schema_end
                      && hp->host_start && hp->host_end > hp->host_start);
    }
    if (hp->method == RP_HTTP_CONNECT) {
        RP_FUZZ_CHECK(hp->port_end == hp->uri_end && hp->path_start == NULL);
    }
    if (hp->args_start != NULL) {
        RP_FUZZ_CHECK(hp->args_start[-1] == '?' && hp->path_end
                      && hp->path_end + 1 <= hp->args_start);
    }

    rp_fz_check_path(hp);
}


static void
rp_fz_record_header(struct rp_fz_result *r, struct rp_http_parser *hp,
    u_char *base)
{
    u_char    *p;
    uint32_t   hash;
    unsigned   i;

    r->nhdr++;
    r->digest = rp_fz_mix(r->digest, hp->header_name_start - base);
    r->digest = rp_fz_mix(r->digest, hp->header_name_end - base);
    r->digest = rp_fz_mix(r->digest, hp->header_start - base);
    r->digest = rp_fz_mix(r->digest, hp->header_end - base);
    r->digest = rp_fz_mix(r->digest, hp->header_hash);
    r->digest = rp_fz_mix(r->digest, hp->lowcase_index);
    r->digest = rp_fz_mix(r->digest, hp->invalid_header);

    RP_FUZZ_CHECK(hp->header_name_start < hp->header_name_end);
    RP_FUZZ_CHECK(*hp->header_name_end == ':');
    RP_FUZZ_CHECK(hp->header_name_end < hp->header_start);
    RP_FUZZ_CHECK(hp->header_start <= hp->header_end);

    hash = 0;
    i = 0;
    for (p = hp->header_name_start; p < hp->header_name_end; p++, i++) {
        RP_FUZZ_CHECK(rp_fz_tchar(*p));
        hash = rp_http_hash(hash, rp_tolower(*p));
        if (i < 32) {
            RP_FUZZ_CHECK(hp->lowcase_header[i] == rp_tolower(*p));
        }
    }
    RP_FUZZ_CHECK(hash == hp->header_hash);
    RP_FUZZ_CHECK(hp->lowcase_index == rp_min(i, 32u));

    if (hp->header_end > hp->header_start) {
        RP_FUZZ_CHECK(hp->header_start[0] != ' ' && hp->header_start[0] != '\t');
        RP_FUZZ_CHECK(hp->header_end[-1] != ' ' && hp->header_end[-1] != '\t');
    }
    for (p = hp->header_start; p < hp->header_end; p++) {
        RP_FUZZ_CHECK(*p >= 0x20 || *p == '\t');
        RP_FUZZ_CHECK(*p != 0x7f);
    }
}


/*
 * Parse data[0, size) in pieces: whole if <seed> is 0, else random sizes.
 * Every piece arrives in a new buffer holding exactly the bytes so far.
 */
static void
rp_fz_parse(const uint8_t *data, size_t size, uint64_t seed,
    struct rp_fz_result *r)
{
    int                    rc, in_headers;
    size_t                 have, next, max;
    u_char                *buf, *nbuf, *pos, *last;
    struct rp_http_parser  hp;

    memset(r, 0, sizeof(*r));
    rp_http_parser_init(&hp);

    buf = NULL;
    pos = NULL;
    have = 0;
    in_headers = 0;
    rc = RP_AGAIN;
    max = 1 + seed % 97;

    while (have < size) {
        next = (seed == 0) ? size : have + 1 + rp_fz_next(&seed) % max;
        next = rp_min(next, size);

        nbuf = malloc(next);
        RP_FUZZ_CHECK(nbuf != NULL);
        if (buf != NULL) {
            memcpy(nbuf, buf, have);
            rp_http_parser_rebase(&hp, buf, nbuf);
            pos = nbuf + (pos - buf);
            memset(buf, 0xa5, have);
            free(buf);
        } else {
            pos = nbuf;
        }
        buf = nbuf;
        memcpy(buf + have, data + have, next - have);
        have = next;
        last = buf + have;

        for ( ;; ) {
            if (!in_headers) {
                rc = rp_http_parse_request_line(&hp, &pos, last);
                r->rl_rc = rc;
                if (rc == RP_OK) {
                    RP_FUZZ_CHECK(pos <= last && pos[-1] == '\n');
                    rp_fz_record_line(r, &hp, buf);
                    in_headers = 1;
                    continue;
                }
            } else {
                rc = rp_http_parse_header_line(&hp, &pos, last);
                if (rc == RP_OK) {
                    RP_FUZZ_CHECK(pos <= last && pos[-1] == '\n');
                    rp_fz_record_header(r, &hp, buf);
                    continue;
                }
            }
            break;
        }

        if (rc != RP_AGAIN) {
            break;
        }
        RP_FUZZ_CHECK(pos == last);
    }

    r->rc = rc;
    r->consumed = (rc == RP_AGAIN || rc == RP_HTTP_PARSE_HEADER_DONE)
                  ? (long) (pos - buf) : -1;
    free(buf);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t               i;
    uint64_t             seed;
    struct rp_fz_result  whole, split;

    if (size == 0) {
        return 0;
    }

    rp_fz_parse(data, size, 0, &whole);

    seed = 0xcbf29ce484222325ULL;
    for (i = 0; i < size; i++) {
        seed = (seed ^ data[i]) * 0x100000001b3ULL;
    }
    seed |= 1;

    rp_fz_parse(data, size, seed, &split);

    RP_FUZZ_CHECK(whole.rc == split.rc);
    RP_FUZZ_CHECK(whole.rl_rc == split.rl_rc);
    RP_FUZZ_CHECK(whole.consumed == split.consumed);
    RP_FUZZ_CHECK(memcmp(whole.off, split.off, sizeof(whole.off)) == 0);
    RP_FUZZ_CHECK(whole.method == split.method && whole.flags == split.flags);
    RP_FUZZ_CHECK(whole.major == split.major && whole.minor == split.minor);
    RP_FUZZ_CHECK(whole.nhdr == split.nhdr && whole.digest == split.digest);

    return 0;
}
