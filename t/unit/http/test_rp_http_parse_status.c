/*
 * test_rp_http_parse_status.c - the backend status-line parser of
 * src/http/rp_http_parse_status.c.
 *
 * Every valid line of the table is parsed whole and its version, code,
 * start and end are checked; then it is fed split in two at every byte
 * and byte by byte, which must give the same result.  Every invalid line
 * must fail with RP_HTTP_PARSE_INVALID_STATUS however it is split.  Each
 * input, and each of its prefixes, is also placed right before a
 * PROT_NONE page, so reading at or past <last> crashes the test.
 */

#include "rp_config.h"

#include <check.h>

#include "rp_core.h"
#include "rp_http_parse.h"
#include "test_rp_http_parse.h"


struct rp_t_valid {
    const char  *in;
    unsigned     minor;
    unsigned     code;
    size_t       tail;      /* bytes after the line, left unconsumed */
};

struct rp_t_invalid {
    const char  *in;
    size_t       len;       /* 0: strlen(in) */
};

/* The outcome of one parse, comparable across runs. */
struct rp_t_run {
    int       rc;
    long      consumed;     /* offset of *pos after RP_OK */
    long      start, end;   /* offsets of st.start and st.end */
    unsigned  major, minor, code;
};


static const struct rp_t_valid  rp_t_valid[] = {
    { "HTTP/1.1 200 OK\r\n", 1, 200, 0 },
    { "HTTP/1.0 200 OK\r\n", 0, 200, 0 },
    { "HTTP/1.1 200 OK\n", 1, 200, 0 },
    { "HTTP/1.0 404 Not Found\n", 0, 404, 0 },
    { "HTTP/1.1 204\r\n", 1, 204, 0 },
    { "HTTP/1.1 204\n", 1, 204, 0 },
    { "HTTP/1.0 304\r\n", 0, 304, 0 },
    { "HTTP/1.1 100 Continue\r\n", 1, 100, 0 },
    { "HTTP/1.1 101 Switching Protocols\r\n", 1, 101, 0 },
    { "HTTP/1.1 599 Custom\r\n", 1, 599, 0 },
    { "HTTP/1.1 500 \r\n", 1, 500, 0 },               /* empty reason */
    { "HTTP/1.1 502  Bad\tGateway \r\n", 1, 502, 0 },  /* SP and HTAB */
    { "HTTP/1.1 200 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\r\n", 1, 200, 0 },
    { "HTTP/1.1 200 \xc3\x89t\xc3\xa9\r\n", 1, 200, 0 },  /* obs-text */
    { "HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n", 1, 301, 16 },
    { "HTTP/1.1 200 OK\nServer: x\n\n", 1, 200, 11 },
    { "HTTP/1.1 200\r\nX: y\r\n", 1, 200, 6 },
};

#define I(s)  { s, sizeof(s) - 1 }

static const struct rp_t_invalid  rp_t_invalid[] = {
    I("HTTP/2.0 200 OK\r\n"),
    I("HTTP/2 200 OK\r\n"),
    I("HTTP/1.2 200 OK\r\n"),
    I("HTTP/1.9 200 OK\r\n"),
    I("HTTP/0.9 200 OK\r\n"),
    I("HTTP/11 200 OK\r\n"),
    I("HTTP/1.10 200 OK\r\n"),
    I("HTTP/1.1 99 OK\r\n"),
    I("HTTP/1.1 99\r\n"),
    I("HTTP/1.1 099 OK\r\n"),
    I("HTTP/1.1 000\r\n"),
    I("HTTP/1.1 600 OK\r\n"),
    I("HTTP/1.1 999\r\n"),
    I("HTTP/1.1 2000 OK\r\n"),
    I("HTTP/1.1 2000\r\n"),
    I("HTTP/1.1 20 OK\r\n"),
    I("HTTP/1.1 2x0 OK\r\n"),
    I("HTTP/1.1 -20 OK\r\n"),
    I("HTTP/1.1 +200 OK\r\n"),
    I("HTTP/1.1200 OK\r\n"),          /* no space before the code */
    I("HTTP/1.1 200OK\r\n"),          /* no space after the code */
    I("HTTP/1.1  200 OK\r\n"),        /* two spaces */
    I("HTTP/1.1\t200 OK\r\n"),
    I("HTTP/1.1 200\tOK\r\n"),
    I("HTTP/1.1 \r\n"),
    I("HTTP/1.1\r\n"),
    I("HTTP/1.1 200 O\x01K\r\n"),
    I("HTTP/1.1 200 OK\x7f\r\n"),
    I("HTTP/1.1 200 OK\x1b[31m\r\n"),
    I("HTTP/1.1 200 O\0K\r\n"),
    I("HTTP/1.1 200 OK\x0b\r\n"),
    I("HTTP/1.1 200 OK\x0c\r\n"),
    I("HTTP/1.1 200 OK\rX\n"),        /* bare CR in the reason */
    I("HTTP/1.1 200 OK\r\r\n"),
    I("HTTP/1.1 200\rOK\r\n"),        /* bare CR after the code */
    I("HTTP/1.1 200 OK\r \n"),
    I("http/1.1 200 OK\r\n"),
    I("Http/1.1 200 OK\r\n"),
    I("TTP/1.1 200 OK\r\n"),
    I(" HTTP/1.1 200 OK\r\n"),        /* leading space */
    I("\r\nHTTP/1.1 200 OK\r\n"),     /* leading empty line */
    I("HTTP\\1.1 200 OK\r\n"),
    I("HTTP/1,1 200 OK\r\n"),
    I("HTTP/a.1 200 OK\r\n"),
    I("ICY 200 OK\r\n"),
    I("<html>hello</html>\r\n"),      /* HTTP/0.9-style body */
    I("\0HTTP/1.1 200 OK\r\n"),
};


/* Parse [in, in + len) in pieces ending at the offsets cuts[0..n). */
static void
rp_t_parse(const u_char *in, size_t len, const size_t *cuts, size_t ncuts,
    struct rp_t_run *r)
{
    struct rp_http_status  st;
    u_char                *pos, *last;
    size_t                 i;

    memset(&st, 0, sizeof(st));
    memset(r, 0, sizeof(*r));
    r->consumed = -1;
    r->start = -1;
    r->end = -1;

    pos = (u_char *) in;

    for (i = 0; i <= ncuts; i++) {
        last = (u_char *) in + (i < ncuts ? cuts[i] : len);
        if (last < pos) {
            continue;
        }

        r->rc = rp_http_parse_status_line(&st, &pos, last);

        if (r->rc == RP_AGAIN) {
            ck_assert_msg(pos == last, "RP_AGAIN did not consume all");
            continue;
        }

        if (r->rc == RP_OK) {
            r->consumed = pos - in;
            r->start = st.start ? st.start - in : -1;
            r->end = st.end ? st.end - in : -1;
            r->major = st.http_major;
            r->minor = st.http_minor;
            r->code = st.code;
        }

        return;
    }
}


static void
rp_t_run_eq(const struct rp_t_run *a, const struct rp_t_run *b,
    const char *label, const char *how)
{
    ck_assert_msg(a->rc == b->rc, "%s (%s): rc %d, whole %d",
                  label, how, b->rc, a->rc);
    ck_assert_msg(a->consumed == b->consumed && a->start == b->start
                  && a->end == b->end && a->major == b->major
                  && a->minor == b->minor && a->code == b->code,
                  "%s (%s): result differs from the whole parse",
                  label, how);
}


/* Whole, every split in two, byte by byte, and against a guard page. */
static void
rp_t_all_ways(const u_char *in, size_t len, const char *label,
    struct rp_t_run *whole)
{
    struct rp_t_run    r;
    struct rp_t_guard  guard;
    size_t             k, *cuts;
    u_char            *g;

    rp_t_parse(in, len, NULL, 0, whole);

    for (k = 0; k <= len; k++) {
        rp_t_parse(in, len, &k, 1, &r);
        rp_t_run_eq(whole, &r, label, "split in two");
    }

    cuts = malloc((len + 1) * sizeof(size_t));
    ck_assert_ptr_nonnull(cuts);
    for (k = 0; k <= len; k++) {
        cuts[k] = k;
    }
    rp_t_parse(in, len, cuts, len + 1, &r);
    rp_t_run_eq(whole, &r, label, "byte by byte");
    free(cuts);

    rp_t_guard_init(&guard, len);

    g = rp_t_guard_place(&guard, in, len);
    rp_t_parse(g, len, NULL, 0, &r);
    rp_t_run_eq(whole, &r, label, "against a guard page");

    /* every prefix too: each must be RP_AGAIN or the same error */
    for (k = 0; k < len; k++) {
        g = rp_t_guard_place(&guard, in, k);
        rp_t_parse(g, k, NULL, 0, &r);
        if (whole->rc == RP_OK) {
            ck_assert_msg(r.rc == RP_AGAIN || (r.rc == RP_OK
                          && (size_t) whole->consumed <= k),
                          "%s: prefix %zu gave %d", label, k, r.rc);
        } else {
            ck_assert_msg(r.rc == RP_AGAIN || r.rc == whole->rc,
                          "%s: prefix %zu gave %d", label, k, r.rc);
        }
    }

    rp_t_guard_free(&guard);
}


START_TEST(test_valid_status_line)
{
    const struct rp_t_valid  *t = &rp_t_valid[_i];
    struct rp_t_run           whole;
    size_t                    len;

    len = strlen(t->in);

    rp_t_all_ways((const u_char *) t->in, len, t->in, &whole);

    ck_assert_msg(whole.rc == RP_OK, "\"%s\": rc %d", t->in, whole.rc);
    ck_assert_uint_eq(whole.major, 1);
    ck_assert_uint_eq(whole.minor, t->minor);
    ck_assert_uint_eq(whole.code, t->code);
    ck_assert_int_eq(whole.start, 0);

    /* *pos is just past the LF, st.end is the LF */
    ck_assert_int_eq(whole.consumed, (long) (len - t->tail));
    ck_assert_int_eq(whole.end, whole.consumed - 1);
    ck_assert_int_eq(t->in[whole.end], '\n');
}
END_TEST


START_TEST(test_invalid_status_line)
{
    const struct rp_t_invalid  *t = &rp_t_invalid[_i];
    struct rp_t_run             whole;
    char                        label[64];
    size_t                      i, n;

    /* a printable label: control bytes shown as '.' */
    n = rp_min(t->len, sizeof(label) - 1);
    for (i = 0; i < n; i++) {
        label[i] = (t->in[i] >= 0x20 && t->in[i] < 0x7f) ? t->in[i] : '.';
    }
    label[n] = '\0';

    rp_t_all_ways((const u_char *) t->in, t->len, label, &whole);

    ck_assert_msg(whole.rc == RP_HTTP_PARSE_INVALID_STATUS,
                  "\"%s\": rc %d", label, whole.rc);
}
END_TEST


/* Every status code 000..999 with and without a reason. */
START_TEST(test_every_code)
{
    struct rp_t_run  r;
    u_char           line[32];
    unsigned         code;
    int              rc;
    size_t           len;

    for (code = 0; code < 1000; code++) {
        memcpy(line, "HTTP/1.1 ", 9);
        line[9] = (u_char) ('0' + code / 100);
        line[10] = (u_char) ('0' + code / 10 % 10);
        line[11] = (u_char) ('0' + code % 10);

        memcpy(line + 12, " R\r\n", 4);
        len = 16;
        rp_t_parse(line, len, NULL, 0, &r);
        rc = (code >= 100 && code <= 599) ? RP_OK
                                          : RP_HTTP_PARSE_INVALID_STATUS;
        ck_assert_msg(r.rc == rc, "code %03u gave %d", code, r.rc);
        if (rc == RP_OK) {
            ck_assert_uint_eq(r.code, code);
        }

        memcpy(line + 12, "\n", 1);
        len = 13;
        rp_t_parse(line, len, NULL, 0, &r);
        ck_assert_msg(r.rc == rc, "code %03u (no reason) gave %d",
                      code, r.rc);
    }
}
END_TEST


/* Every byte value in the reason phrase: VCHAR, obs-text, SP, HTAB ok. */
START_TEST(test_every_reason_byte)
{
    struct rp_t_run  r;
    u_char           line[] = "HTTP/1.1 200 a?b\r\n";
    unsigned         c;
    int              ok;

    for (c = 0; c < 256; c++) {
        if (c == '\r' || c == '\n') {
            continue;
        }

        line[14] = (u_char) c;
        rp_t_parse(line, sizeof(line) - 1, NULL, 0, &r);

        ok = c == '\t' || (c >= 0x20 && c != 0x7f);
        ck_assert_msg(r.rc == (ok ? RP_OK : RP_HTTP_PARSE_INVALID_STATUS),
                      "byte %#x in the reason gave %d", c, r.rc);
    }
}
END_TEST


START_TEST(test_again_keeps_state)
{
    struct rp_http_status  st;
    u_char                 buf[] = "HTTP/1.1 404 Not Found\r\nX: 1\r\n";
    u_char                *pos;
    int                    rc;

    memset(&st, 0, sizeof(st));

    /* empty input */
    pos = buf;
    rc = rp_http_parse_status_line(&st, &pos, buf);
    ck_assert_int_eq(rc, RP_AGAIN);
    ck_assert_ptr_eq(pos, buf);

    pos = buf;
    rc = rp_http_parse_status_line(&st, &pos, buf + 10);
    ck_assert_int_eq(rc, RP_AGAIN);
    ck_assert_ptr_eq(pos, buf + 10);
    ck_assert_ptr_eq(st.start, buf);
    ck_assert_uint_eq(st.http_major, 1);
    ck_assert_uint_eq(st.http_minor, 1);
    ck_assert_uint_eq(st.count, 1);

    /* up to the CR: still incomplete */
    rc = rp_http_parse_status_line(&st, &pos, buf + 23);
    ck_assert_int_eq(rc, RP_AGAIN);
    ck_assert_ptr_eq(pos, buf + 23);

    rc = rp_http_parse_status_line(&st, &pos, buf + sizeof(buf) - 1);
    ck_assert_int_eq(rc, RP_OK);
    ck_assert_uint_eq(st.code, 404);
    ck_assert_ptr_eq(st.end, buf + 23);
    ck_assert_ptr_eq(pos, buf + 24);
    ck_assert_uint_eq(*pos, 'X');
}
END_TEST


static Suite *
rp_http_parse_status_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_http_parse_status");

    tc = tcase_create("valid");
    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, test_valid_status_line, 0,
                        rp_nelems(rp_t_valid));
    suite_add_tcase(s, tc);

    tc = tcase_create("invalid");
    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, test_invalid_status_line, 0,
                        rp_nelems(rp_t_invalid));
    suite_add_tcase(s, tc);

    tc = tcase_create("bytes");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_every_code);
    tcase_add_test(tc, test_every_reason_byte);
    tcase_add_test(tc, test_again_keeps_state);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_http_parse_status_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
