/*
 * test_rp_http_not_modified_filter.c - the pure parts of conditional
 * requests: HTTP-date parsing in its three forms (RFC 9110 5.6.7) and
 * entity-tag list matching with weak and strong comparison (RFC 9110
 * 8.8.3.2).  The filter's behaviour on real responses is tested end to
 * end in t/e2e/test_http_static.c.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_filters.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>


static const struct {
    const char  *text;
    time_t       want;
} rp_t_dates[] = {
    /* RFC 9110's own example instant, in all three forms */
    { "Sun, 06 Nov 1994 08:49:37 GMT", 784111777 },
    { "Sunday, 06-Nov-94 08:49:37 GMT", 784111777 },
    { "Sun Nov  6 08:49:37 1994", 784111777 },
    { "Thu, 01 Jan 1970 00:00:00 GMT", 0 },
    { "Tue, 14 Nov 2023 22:13:20 GMT", 1700000000 },
    { "Tue Nov 14 22:13:20 2023", 1700000000 },
    { "Wednesday, 14-Nov-23 22:13:20 GMT", 1700000000 },
    { "Tue, 29 Feb 2028 12:00:00 GMT", 1835438400 },
    { "Fri, 31 Dec 1999 23:59:59 GMT", 946684799 },
    /* not dates: the header is then ignored */
    { "", -1 },
    { "yesterday", -1 },
    { "Sun, 06 Nov 1994 08:49:37", -1 },
    { "Sun, 06 Nov 1994 08:49:37 UTC", -1 },
    { "Sun, 06 Foo 1994 08:49:37 GMT", -1 },
    { "Sun, 6 Nov 1994 08:49:37 GMT", -1 },
    { "Sun, 06 Nov 1994 25:49:37 GMT", -1 },
    { "Sun, 06 Nov 1994 08:61:37 GMT", -1 },
    { "Sun, 00 Nov 1994 08:49:37 GMT", -1 },
    { "Sun, 06 Nov 1994 08:49:37 GMTx", -1 },
    { "Sun Nov  6 08:49:37 94", -1 },
    { "Sun, 06 Nov 19x4 08:49:37 GMT", -1 },
};


START_TEST(test_parse_time_table)
{
    const char  *t = rp_t_dates[_i].text;
    time_t       got;

    got = rp_http_parse_time((const u_char *) t, strlen(t));

    ck_assert_msg(got == rp_t_dates[_i].want, "\"%s\": %lld, want %lld", t,
                  (long long) got, (long long) rp_t_dates[_i].want);
}
END_TEST


START_TEST(test_parse_time_reads_only_len_bytes)
{
    /* the date is followed by bytes that are not part of it */
    const char  *t = "Sun, 06 Nov 1994 08:49:37 GMTGARBAGE";

    ck_assert_int_eq(rp_http_parse_time((const u_char *) t, 29), 784111777);
    ck_assert_int_eq(rp_http_parse_time((const u_char *) t, 28), -1);
}
END_TEST


static const struct {
    const char  *list;
    const char  *etag;
    int          weak;
    int          want;
} rp_t_etags[] = {
    { "\"a-1\"", "\"a-1\"", 0, 1 },
    { "\"a-1\"", "\"a-1\"", 1, 1 },
    { "\"x\", \"a-1\"", "\"a-1\"", 0, 1 },
    { "\"x\",\"a-1\" , \"y\"", "\"a-1\"", 1, 1 },
    { "\"a-2\"", "\"a-1\"", 1, 0 },
    { "*", "\"a-1\"", 0, 1 },
    { "*", "\"a-1\"", 1, 1 },
    /* weak comparison ignores W/ on either side; strong never matches it */
    { "W/\"a-1\"", "\"a-1\"", 1, 1 },
    { "W/\"a-1\"", "\"a-1\"", 0, 0 },
    { "\"a-1\"", "W/\"a-1\"", 1, 1 },
    { "\"a-1\"", "W/\"a-1\"", 0, 0 },
    /* a prefix or an unquoted tag is no match */
    { "\"a-\"", "\"a-1\"", 1, 0 },
    { "a-1", "\"a-1\"", 1, 0 },
    { "\"a-1", "\"a-1\"", 1, 0 },
    { "", "\"a-1\"", 1, 0 },
};


START_TEST(test_etag_match_table)
{
    struct rp_str  list, etag;
    int            got;

    list.data = (u_char *) rp_t_etags[_i].list;
    list.len = strlen(rp_t_etags[_i].list);
    etag.data = (u_char *) rp_t_etags[_i].etag;
    etag.len = strlen(rp_t_etags[_i].etag);

    got = rp_http_etag_match(&list, &etag, rp_t_etags[_i].weak);

    ck_assert_msg(got == rp_t_etags[_i].want, "[%s] vs %s (%s): %d",
                  rp_t_etags[_i].list, rp_t_etags[_i].etag,
                  rp_t_etags[_i].weak ? "weak" : "strong", got);
}
END_TEST


static Suite *
rp_http_not_modified_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_http_not_modified_filter");

    tc = tcase_create("dates");
    tcase_set_timeout(tc, 10);
    tcase_add_loop_test(tc, test_parse_time_table, 0, rp_nelems(rp_t_dates));
    tcase_add_test(tc, test_parse_time_reads_only_len_bytes);
    suite_add_tcase(s, tc);

    tc = tcase_create("etags");
    tcase_set_timeout(tc, 10);
    tcase_add_loop_test(tc, test_etag_match_table, 0, rp_nelems(rp_t_etags));
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_http_not_modified_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
