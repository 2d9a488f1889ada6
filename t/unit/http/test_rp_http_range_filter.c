/*
 * test_rp_http_range_filter.c - parsing of the Range header field
 * (RFC 9110 14.1.2) against a body of known size: one satisfiable
 * range, unsatisfiable ones (416), and values the server ignores (bad
 * syntax, another unit, several ranges: the whole 200 is sent).  The
 * filter on real responses is tested in t/e2e/test_http_static.c.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_filters.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define RP_NS  RP_HTTP_RANGE_NOT_SATISFIABLE

static const struct {
    const char  *value;
    off_t        size;
    int          rc;
    off_t        start;
    off_t        end;          /* exclusive */
} rp_t_ranges[] = {
    { "bytes=0-0", 100, RP_OK, 0, 1 },
    { "bytes=0-99", 100, RP_OK, 0, 100 },
    { "bytes=10-19", 100, RP_OK, 10, 20 },
    { "bytes=10-", 100, RP_OK, 10, 100 },
    { "bytes=99-", 100, RP_OK, 99, 100 },
    { "bytes=50-1000", 100, RP_OK, 50, 100 },       /* end clamped */
    { "bytes=-10", 100, RP_OK, 90, 100 },
    { "bytes=-1000", 100, RP_OK, 0, 100 },           /* whole body */
    { "Bytes=1-2", 100, RP_OK, 1, 3 },               /* unit: any case */
    { "bytes= 1-2 ", 100, RP_OK, 1, 3 },             /* OWS */
    { "bytes=100-", 100, RP_NS, 0, 0 },
    { "bytes=100-200", 100, RP_NS, 0, 0 },
    { "bytes=-0", 100, RP_NS, 0, 0 },
    { "bytes=0-", 0, RP_NS, 0, 0 },
    { "bytes=-5", 0, RP_NS, 0, 0 },
    { "bytes=0-1,5-6", 100, RP_DECLINED, 0, 0 },    /* several ranges */
    { "bytes=5-1", 100, RP_DECLINED, 0, 0 },        /* last < first */
    { "bytes=", 100, RP_DECLINED, 0, 0 },
    { "bytes=-", 100, RP_DECLINED, 0, 0 },
    { "bytes=a-b", 100, RP_DECLINED, 0, 0 },
    { "bytes=1", 100, RP_DECLINED, 0, 0 },
    { "bytes=1-2x", 100, RP_DECLINED, 0, 0 },
    { "items=1-2", 100, RP_DECLINED, 0, 0 },
    { "bytes 1-2", 100, RP_DECLINED, 0, 0 },
    { "", 100, RP_DECLINED, 0, 0 },
    /* numbers too large for off_t are ignored, never wrapped */
    { "bytes=99999999999999999999-", 100, RP_DECLINED, 0, 0 },
    { "bytes=0-99999999999999999999", 100, RP_DECLINED, 0, 0 },
};


START_TEST(test_range_parse_table)
{
    struct rp_str  v;
    off_t          start = -7, end = -7;
    int            rc;

    v.data = (u_char *) rp_t_ranges[_i].value;
    v.len = strlen(rp_t_ranges[_i].value);

    rc = rp_http_range_parse(&v, rp_t_ranges[_i].size, &start, &end);

    ck_assert_msg(rc == rp_t_ranges[_i].rc, "\"%s\" size %lld: rc %d, want %d",
                  rp_t_ranges[_i].value, (long long) rp_t_ranges[_i].size, rc,
                  rp_t_ranges[_i].rc);

    if (rc == RP_OK) {
        ck_assert_msg(start == rp_t_ranges[_i].start
                      && end == rp_t_ranges[_i].end,
                      "\"%s\": [%lld, %lld), want [%lld, %lld)",
                      rp_t_ranges[_i].value, (long long) start,
                      (long long) end, (long long) rp_t_ranges[_i].start,
                      (long long) rp_t_ranges[_i].end);
    }
}
END_TEST


START_TEST(test_range_parse_reads_only_len_bytes)
{
    struct rp_str  v;
    off_t          start, end;

    /* "bytes=1-2" followed by bytes that would make it several ranges */
    v.data = (u_char *) "bytes=1-2,4-5";
    v.len = 9;

    ck_assert_int_eq(rp_http_range_parse(&v, 100, &start, &end), RP_OK);
    ck_assert_int_eq(start, 1);
    ck_assert_int_eq(end, 3);
}
END_TEST


static Suite *
rp_http_range_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_http_range_filter");

    tc = tcase_create("parse");
    tcase_set_timeout(tc, 10);
    tcase_add_loop_test(tc, test_range_parse_table, 0,
                        rp_nelems(rp_t_ranges));
    tcase_add_test(tc, test_range_parse_reads_only_len_bytes);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_http_range_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
