/*
 * test_rp_http_parse_chunked.c - the chunked body decoder of
 * src/http/rp_http_parse.c (rp_http_parse_chunked).
 *
 * Each valid body is decoded whole, split in two at every byte and byte
 * by byte; each piece arrives in its own exact-size allocation, as it
 * would from a connection that recycles its buffers, so the decoder
 * must keep nothing pointing into old input.  All runs must give the
 * same data, the same end position and the same length.  Each invalid
 * body must fail with its code however it is split, and every input and
 * each of its prefixes is decoded against a PROT_NONE page.  The bounds
 * (extension bytes, trailer lines, trailer bytes, max_size) are tested
 * exactly at and one past their limit.
 */

#include "rp_config.h"

#include <check.h>

#include "rp_core.h"
#include "rp_http_parse.h"
#include "test_rp_http_parse.h"


#define B(s)  s, sizeof(s) - 1

struct rp_t_chunked_valid {
    const char  *label;
    const char  *in;
    size_t       len;
    const char  *data;
    size_t       dlen;
    size_t       tail;        /* bytes after the body */
    uint64_t     max;         /* 0: UINT64_MAX */
};

struct rp_t_chunked_invalid {
    const char  *label;
    const char  *in;
    size_t       len;
    int          rc;
    uint64_t     max;         /* 0: UINT64_MAX */
};

struct rp_t_crun {
    int       rc;             /* RP_DONE, an error, or RP_AGAIN */
    long      consumed;       /* offset after RP_DONE, else -1 */
    uint64_t  length;         /* ch.length at the end */
    size_t    pieces;
    size_t    dlen;
    u_char   *data;           /* malloc'd, dlen bytes */
};


static const struct rp_t_chunked_valid  rp_t_valid[] = {
    { "single", B("5\r\nhello\r\n0\r\n\r\n"), B("hello"), 0, 0 },
    { "two-chunks", B("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"),
      B("hello world"), 0, 0 },
    { "upper-hex", B("A\r\n0123456789\r\n0\r\n\r\n"), B("0123456789"), 0, 0 },
    { "lower-hex", B("a\r\n0123456789\r\n0\r\n\r\n"), B("0123456789"), 0, 0 },
    { "mixed-case-hex",
      B("1f\r\n0123456789012345678901234567890\r\n"
        "1F\r\nabcdefghijklmnopqrstuvwxyzABCDE\r\n0\r\n\r\n"),
      B("0123456789012345678901234567890abcdefghijklmnopqrstuvwxyzABCDE"),
      0, 0 },
    { "leading-zeros", B("0005\r\nhello\r\n0000\r\n\r\n"), B("hello"), 0, 0 },
    { "sixteen-digits", B("0000000000000005\r\nhello\r\n0000000000000000\r\n\r\n"),
      B("hello"), 0, 0 },
    { "ext-name", B("5;foo\r\nhello\r\n0\r\n\r\n"), B("hello"), 0, 0 },
    { "ext-value", B("5;foo=bar\r\nhello\r\n0;last=1\r\n\r\n"), B("hello"),
      0, 0 },
    { "ext-bws", B("5 ; a = b ;c;d=\"e\" \t\r\nhello\r\n0\t;z\r\n\r\n"),
      B("hello"), 0, 0 },
    { "ext-quoted",
      B("5;q=\"a \\\"quoted\\\" \\\\ value; with=stuff\"\r\nhello\r\n0\r\n\r\n"),
      B("hello"), 0, 0 },
    { "ext-quoted-obs-text", B("5;q=\"caf\xc3\xa9\t\"\r\nhello\r\n0\r\n\r\n"),
      B("hello"), 0, 0 },
    { "ext-token-chars", B("2;!#$%&'*+-.^_`|~=!#$%&'*+-.^_`|~\r\nhi\r\n0\r\n\r\n"),
      B("hi"), 0, 0 },
    { "trailers",
      B("5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-Empty:\r\n"
        "X-Spaces:  a b  \r\nX-Obs: \xff\r\n\r\n"),
      B("hello"), 0, 0 },
    { "bare-lf", B("5\nhello\n0\n\n"), B("hello"), 0, 0 },
    { "bare-lf-trailers", B("3\nabc\n0\nT: v\n\n"), B("abc"), 0, 0 },
    { "empty-body", B("0\r\n\r\n"), B(""), 0, 0 },
    { "pipelined", B("3\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\n"), B("abc"), 16,
      0 },
    { "max-exact", B("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"), B("helloworld"),
      0, 10 },
    { "data-is-crlf", B("4\r\n\r\n\r\n\r\n0\r\n\r\n"), B("\r\n\r\n"), 0, 0 },
    { "binary-data", B("6\r\n\0\1\2\r\n\377\r\n0\r\n\r\n"), B("\0\1\2\r\n\377"),
      0, 0 },
    { "tiny-max-empty-body", B("0\r\n\r\n"), B(""), 0, 1 },
};


static const struct rp_t_chunked_invalid  rp_t_invalid[] = {
    { "minus", B("-5\r\nhello\r\n0\r\n\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "plus", B("+5\r\nhello\r\n0\r\n\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "leading-space", B(" 5\r\nhello\r\n0\r\n\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "hex-prefix", B("0x5\r\nhello\r\n0\r\n\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "not-hex", B("g\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "hex-then-garbage", B("5g\r\nhello\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "empty-size", B("\r\nhello\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "nul-size", B("\0\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "size-nul", B("5\0\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "bare-cr-size", B("5\rhello\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "missing-crlf-after-data", B("5\r\nhelloX\r\n0\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "space-after-data", B("5\r\nhello \n0\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "bare-cr-after-data", B("5\r\nhello\rX0\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "data-longer-than-size", B("3\r\nhello\r\n0\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "data-then-next-size", B("1\r\na1\r\nb\r\n0\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "trailing-ws-no-ext", B("5 \r\nhello\r\n0\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "empty-ext", B("5;\r\nhello\r\n0\r\n\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "ext-no-name", B("5;=a\r\nhello\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "ext-no-value", B("5;a=\r\nhello\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "ext-bad-name", B("5;a@b\r\nhello\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "ext-unterminated-quote", B("5;a=\"x\r\nhello\r\n"),
      RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "ext-quoted-ctl", B("5;a=\"x\001\"\r\nhello\r\n"),
      RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "ext-quoted-pair-ctl", B("5;a=\"x\\\n\"\r\nhello\r\n"),
      RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "ext-quote-in-token", B("5;a=b\"c\"\r\nhello\r\n"),
      RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "ext-after-quoted", B("5;a=\"b\"c\r\nhello\r\n"),
      RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "ext-nul", B("5;a\0\r\nhello\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "ext-bare-cr", B("5;a\rhello\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "ext-two-equals", B("5;a==b\r\nhello\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "seventeen-digits", B("00000000000000001\r\nx\r\n"),
      RP_HTTP_PARSE_CHUNK_TOO_LARGE, 0 },
    { "overflow-digits", B("10000000000000000\r\n"), RP_HTTP_PARSE_CHUNK_TOO_LARGE,
      0 },
    { "over-max", B("B\r\nhello world\r\n0\r\n\r\n"), RP_HTTP_PARSE_CHUNK_TOO_LARGE,
      10 },
    { "sum-over-max", B("8\r\n12345678\r\n3\r\nabc\r\n0\r\n\r\n"),
      RP_HTTP_PARSE_CHUNK_TOO_LARGE, 10 },
    { "uint64-over-max", B("FFFFFFFFFFFFFFFF\r\n"), RP_HTTP_PARSE_CHUNK_TOO_LARGE,
      UINT64_MAX - 1 },
    { "trailer-obs-fold", B("0\r\nX: a\r\n b\r\n\r\n"), RP_HTTP_PARSE_INVALID_CHUNK,
      0 },
    { "trailer-no-colon", B("0\r\nXa\r\n\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "trailer-space-before-colon", B("0\r\nX : a\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "trailer-empty-name", B("0\r\n: a\r\n\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "trailer-nul", B("0\r\nX: a\0\r\n\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "trailer-del", B("0\r\nX: a\177\r\n\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "trailer-bare-cr", B("0\r\nX: a\rb\r\n\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "final-bare-cr", B("0\r\n\rX"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "last-chunk-bare-cr", B("0\r\r\n\r\n"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
    { "data-cr-garbage", B("1\r\na\rX"), RP_HTTP_PARSE_INVALID_CHUNK, 0 },
};


/*
 * Decode in[0, n) delivered in pieces ending at the offsets cuts[]; each
 * piece is copied to its own allocation of exactly its size, freed once
 * consumed.  With <fixed>, the input already sits there in one piece.
 */
static void
rp_t_decode(const u_char *in, size_t n, const size_t *cuts, size_t ncuts,
    uint64_t max, u_char *fixed, struct rp_t_crun *r)
{
    int                     rc;
    size_t                  ci, prev;
    u_char                 *buf, *pos, *last;
    struct rp_str           data;
    struct rp_http_chunked  ch;

    memset(r, 0, sizeof(*r));
    r->data = malloc(n + 1);
    ck_assert_ptr_nonnull(r->data);
    rp_http_chunked_init(&ch);

    rc = RP_AGAIN;
    prev = 0;

    for (ci = 0; ci < ncuts; ci++) {
        if (fixed != NULL) {
            buf = fixed;
        } else {
            buf = malloc(cuts[ci] - prev);
            ck_assert_ptr_nonnull(buf);
            memcpy(buf, in + prev, cuts[ci] - prev);
        }
        pos = buf;
        last = buf + (cuts[ci] - prev);

        for ( ;; ) {
            rc = rp_http_parse_chunked(&ch, &pos, last, &data, max);
            if (rc != RP_OK) {
                break;
            }
            ck_assert_msg(data.len > 0, "empty data piece");
            ck_assert(data.data >= buf && data.data + data.len <= last);
            ck_assert_ptr_eq(pos, data.data + data.len);
            memcpy(r->data + r->dlen, data.data, data.len);
            r->dlen += data.len;
            r->pieces++;
        }

        if (rc == RP_AGAIN) {
            ck_assert_msg(pos == last, "RP_AGAIN left bytes");
        }
        if (rc == RP_DONE) {
            r->consumed = (long) (prev + (pos - buf));
        }
        if (fixed == NULL) {
            memset(buf, 'X', cuts[ci] - prev);
            free(buf);
        }
        prev = cuts[ci];

        if (rc != RP_AGAIN) {
            break;
        }
    }

    r->rc = rc;
    if (rc != RP_DONE) {
        r->consumed = -1;
    }
    r->length = ch.length;
}


static void
rp_t_crun_eq(const struct rp_t_crun *a, const struct rp_t_crun *b,
    const char *label, const char *how)
{
    ck_assert_msg(a->rc == b->rc, "%s (%s): rc %d != %d", label, how, a->rc,
                  b->rc);
    ck_assert_msg(a->consumed == b->consumed, "%s (%s): consumed %ld != %ld",
                  label, how, a->consumed, b->consumed);
    ck_assert_msg(a->length == b->length, "%s (%s): length differs", label,
                  how);
    ck_assert_msg(a->dlen == b->dlen && memcmp(a->data, b->data, a->dlen) == 0,
                  "%s (%s): data differs", label, how);
}


/* Decode <in> whole, in two pieces at every byte, byte by byte, and
 * against the guard page (whole and every prefix). */
static void
rp_t_all_splits(const char *label, const u_char *in, size_t n, uint64_t max,
    struct rp_t_crun *whole)
{
    size_t             k, *cuts;
    u_char            *g;
    struct rp_t_crun   r;
    struct rp_t_guard  guard;

    rp_t_decode(in, n, &n, 1, max, NULL, whole);

    cuts = malloc((n + 1) * sizeof(size_t));
    ck_assert_ptr_nonnull(cuts);

    for (k = 1; k < n; k++) {
        cuts[0] = k;
        cuts[1] = n;
        rp_t_decode(in, n, cuts, 2, max, NULL, &r);
        rp_t_crun_eq(whole, &r, label, "two pieces");
        free(r.data);
    }

    for (k = 0; k < n; k++) {
        cuts[k] = k + 1;
    }
    rp_t_decode(in, n, cuts, n, max, NULL, &r);
    rp_t_crun_eq(whole, &r, label, "byte by byte");
    free(r.data);
    free(cuts);

    rp_t_guard_init(&guard, n);
    g = rp_t_guard_place(&guard, in, n);
    rp_t_decode(in, n, &n, 1, max, g, &r);
    rp_t_crun_eq(whole, &r, label, "against a guard page");
    free(r.data);

    for (k = 1; k < n; k++) {
        g = rp_t_guard_place(&guard, in, k);
        rp_t_decode(in, k, &k, 1, max, g, &r);
        ck_assert_msg(r.rc == RP_AGAIN || r.rc == whole->rc,
                      "%s: prefix of %zu bytes gave %d", label, k, r.rc);
        free(r.data);
    }
    rp_t_guard_free(&guard);
}


START_TEST(test_valid_body)
{
    uint64_t                          max;
    struct rp_t_crun                  whole;
    const struct rp_t_chunked_valid  *v = &rp_t_valid[_i];

    max = v->max ? v->max : UINT64_MAX;
    rp_t_all_splits(v->label, (const u_char *) v->in, v->len, max, &whole);

    ck_assert_msg(whole.rc == RP_DONE, "%s: rc %d", v->label, whole.rc);
    ck_assert_msg(whole.consumed == (long) (v->len - v->tail),
                  "%s: consumed %ld", v->label, whole.consumed);
    ck_assert_msg(whole.dlen == v->dlen
                  && memcmp(whole.data, v->data, v->dlen) == 0,
                  "%s: data \"%.*s\"", v->label, (int) whole.dlen, whole.data);
    ck_assert_uint_eq(whole.length, v->dlen);
    free(whole.data);
}
END_TEST


START_TEST(test_invalid_body)
{
    uint64_t                            max;
    struct rp_t_crun                    whole;
    const struct rp_t_chunked_invalid  *t = &rp_t_invalid[_i];

    max = t->max ? t->max : UINT64_MAX;
    rp_t_all_splits(t->label, (const u_char *) t->in, t->len, max, &whole);
    ck_assert_msg(whole.rc == t->rc, "%s: rc %d, expected %d", t->label,
                  whole.rc, t->rc);
    free(whole.data);
}
END_TEST


START_TEST(test_one_piece_per_chunk_when_whole)
{
    struct rp_t_crun  r;
    static const char in[] = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
    size_t            n = sizeof(in) - 1;

    rp_t_decode((const u_char *) in, n, &n, 1, UINT64_MAX, NULL, &r);
    ck_assert_int_eq(r.rc, RP_DONE);
    ck_assert_uint_eq(r.pieces, 2);
    free(r.data);
}
END_TEST


START_TEST(test_data_piece_is_zero_copy)
{
    u_char                  in[] = "5\r\nhello\r\n0\r\n\r\n";
    u_char                 *pos;
    struct rp_str           data;
    struct rp_http_chunked  ch;

    rp_http_chunked_init(&ch);
    pos = in;
    ck_assert_int_eq(rp_http_parse_chunked(&ch, &pos, in + 5, &data, 100),
                     RP_OK);
    ck_assert_ptr_eq(data.data, in + 3);
    ck_assert_uint_eq(data.len, 2);
    ck_assert_ptr_eq(pos, in + 5);
    ck_assert_uint_eq(ch.size, 3);
    ck_assert_int_eq(rp_http_parse_chunked(&ch, &pos, in + 5, &data, 100),
                     RP_AGAIN);
    ck_assert_int_eq(rp_http_parse_chunked(&ch, &pos, in + sizeof(in) - 1,
                                           &data, 100), RP_OK);
    ck_assert_ptr_eq(data.data, in + 5);
    ck_assert_uint_eq(data.len, 3);
    ck_assert_int_eq(rp_http_parse_chunked(&ch, &pos, in + sizeof(in) - 1,
                                           &data, 100), RP_DONE);
    ck_assert_ptr_eq(pos, in + sizeof(in) - 1);
    ck_assert_uint_eq(ch.length, 5);
}
END_TEST


/* Build "2;" + a name making the extension part <ext> bytes + data. */
static size_t
rp_t_build_ext(u_char *buf, size_t ext)
{
    u_char  *p = buf;

    p = rp_cpymem(p, "2;", 2);
    memset(p, 'e', ext - 1);
    p += ext - 1;
    p = rp_cpymem(p, "\r\nhi\r\n0\r\n\r\n", 11);
    return p - buf;
}


START_TEST(test_ext_limit)
{
    u_char            buf[RP_HTTP_CHUNK_MAX_EXT + 64];
    size_t            n;
    struct rp_t_crun  r;

    n = rp_t_build_ext(buf, RP_HTTP_CHUNK_MAX_EXT);
    rp_t_all_splits("ext-at-limit", buf, n, UINT64_MAX, &r);
    ck_assert_int_eq(r.rc, RP_DONE);
    ck_assert_uint_eq(r.dlen, 2);
    free(r.data);

    n = rp_t_build_ext(buf, RP_HTTP_CHUNK_MAX_EXT + 1);
    rp_t_all_splits("ext-over-limit", buf, n, UINT64_MAX, &r);
    ck_assert_int_eq(r.rc, RP_HTTP_PARSE_INVALID_CHUNK);
    free(r.data);
}
END_TEST


START_TEST(test_ext_limit_is_per_chunk)
{
    u_char            buf[4 * RP_HTTP_CHUNK_MAX_EXT];
    u_char           *p;
    size_t            i;
    struct rp_t_crun  r;
    size_t            n;

    /* three chunks with 3000-byte extensions each: fine */
    p = buf;
    for (i = 0; i < 3; i++) {
        p = rp_cpymem(p, "1;", 2);
        memset(p, 'x', 2999);
        p += 2999;
        p = rp_cpymem(p, "\r\na\r\n", 5);
    }
    p = rp_cpymem(p, "0\r\n\r\n", 5);
    n = p - buf;

    rp_t_decode(buf, n, &n, 1, UINT64_MAX, NULL, &r);
    ck_assert_int_eq(r.rc, RP_DONE);
    ck_assert_uint_eq(r.dlen, 3);
    free(r.data);
}
END_TEST


/* "0\r\n" + <lines> trailer lines, padded so the section is <bytes> long */
static size_t
rp_t_build_trailers(u_char *buf, size_t lines, size_t bytes)
{
    u_char  *p = buf;
    size_t   i, pad;

    p = rp_cpymem(p, "0\r\n", 3);
    for (i = 0; i < lines; i++) {
        p = rp_cpymem(p, "T: v\r\n", 6);
    }
    pad = bytes - lines * 6 - 2;
    if (pad > 0) {
        /* one more line "P: xxx\r\n" of exactly <pad> bytes */
        ck_assert_uint_ge(pad, 5);
        p = rp_cpymem(p, "P:", 2);
        memset(p, 'x', pad - 4);
        p += pad - 4;
        p = rp_cpymem(p, "\r\n", 2);
    }
    p = rp_cpymem(p, "\r\n", 2);
    return p - buf;
}


START_TEST(test_trailer_limits)
{
    u_char            buf[RP_HTTP_CHUNK_MAX_TRAILER + 64];
    size_t            n;
    struct rp_t_crun  r;

    n = rp_t_build_trailers(buf, RP_HTTP_CHUNK_MAX_TRAILERS,
                            RP_HTTP_CHUNK_MAX_TRAILERS * 6 + 2);
    rp_t_all_splits("trailers-at-line-limit", buf, n, UINT64_MAX, &r);
    ck_assert_int_eq(r.rc, RP_DONE);
    free(r.data);

    n = rp_t_build_trailers(buf, RP_HTTP_CHUNK_MAX_TRAILERS + 1,
                            (RP_HTTP_CHUNK_MAX_TRAILERS + 1) * 6 + 2);
    rp_t_all_splits("trailers-over-line-limit", buf, n, UINT64_MAX, &r);
    ck_assert_int_eq(r.rc, RP_HTTP_PARSE_INVALID_CHUNK);
    free(r.data);

    n = rp_t_build_trailers(buf, 10, RP_HTTP_CHUNK_MAX_TRAILER);
    ck_assert_uint_eq(n, 3 + RP_HTTP_CHUNK_MAX_TRAILER);
    rp_t_decode(buf, n, &n, 1, UINT64_MAX, NULL, &r);
    ck_assert_int_eq(r.rc, RP_DONE);
    ck_assert_int_eq(r.consumed, (long) n);
    free(r.data);

    n = rp_t_build_trailers(buf, 10, RP_HTTP_CHUNK_MAX_TRAILER + 1);
    rp_t_decode(buf, n, &n, 1, UINT64_MAX, NULL, &r);
    ck_assert_int_eq(r.rc, RP_HTTP_PARSE_INVALID_CHUNK);
    free(r.data);
}
END_TEST


START_TEST(test_largest_size_with_no_bound)
{
    u_char                  in[] = "FFFFFFFFFFFFFFFF\r\nabc";
    u_char                 *pos;
    struct rp_str           data;
    struct rp_http_chunked  ch;

    rp_http_chunked_init(&ch);
    pos = in;
    ck_assert_int_eq(rp_http_parse_chunked(&ch, &pos, in + sizeof(in) - 1,
                                           &data, UINT64_MAX), RP_OK);
    ck_assert_uint_eq(data.len, 3);
    ck_assert(ch.size == UINT64_MAX - 3);
    ck_assert_uint_eq(ch.length, 3);
}
END_TEST


START_TEST(test_many_small_chunks)
{
    u_char            *buf, *p;
    size_t             i, n;
    struct rp_t_crun   r;

    buf = malloc(1000 * 6 + 8);
    ck_assert_ptr_nonnull(buf);
    p = buf;
    for (i = 0; i < 1000; i++) {
        p = rp_cpymem(p, "1\r\n", 3);
        *p++ = (u_char) ('a' + i % 26);
        p = rp_cpymem(p, "\r\n", 2);
    }
    p = rp_cpymem(p, "0\r\n\r\n", 5);
    n = p - buf;

    rp_t_decode(buf, n, &n, 1, 1000, NULL, &r);
    ck_assert_int_eq(r.rc, RP_DONE);
    ck_assert_uint_eq(r.length, 1000);
    ck_assert_uint_eq(r.pieces, 1000);
    ck_assert_int_eq(r.data[27], 'b');
    free(r.data);

    rp_t_decode(buf, n, &n, 1, 999, NULL, &r);
    ck_assert_int_eq(r.rc, RP_HTTP_PARSE_CHUNK_TOO_LARGE);
    ck_assert_uint_eq(r.length, 999);
    free(r.data);
    free(buf);
}
END_TEST


static Suite *
rp_http_parse_chunked_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_http_parse_chunked");

    tc = tcase_create("valid");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_valid_body, 0, rp_nelems(rp_t_valid));
    suite_add_tcase(s, tc);

    tc = tcase_create("invalid");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_invalid_body, 0, rp_nelems(rp_t_invalid));
    suite_add_tcase(s, tc);

    tc = tcase_create("bounds");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_one_piece_per_chunk_when_whole);
    tcase_add_test(tc, test_data_piece_is_zero_copy);
    tcase_add_test(tc, test_ext_limit);
    tcase_add_test(tc, test_ext_limit_is_per_chunk);
    tcase_add_test(tc, test_trailer_limits);
    tcase_add_test(tc, test_largest_size_with_no_bound);
    tcase_add_test(tc, test_many_small_chunks);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_http_parse_chunked_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
