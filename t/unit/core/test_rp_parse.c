/*
 * test_rp_parse.c - unit tests for src/core/rp_parse.c.
 *
 * Every number the configuration holds goes through these three
 * functions, so the tests pin down each unit, the combinations, and
 * every way of being wrong: empty input, signs, spaces, unknown units,
 * units out of order, and overflow right at the edge of the type.
 */

#include "rp_config.h"

#include <check.h>

#include "rp_core.h"


#define S(lit)  (const u_char *) (lit), sizeof(lit) - 1


static int
msec(const char *s, int64_t *out)
{
    return rp_parse_msec((const u_char *) s, strlen(s), out);
}


static int
size(const char *s, size_t *out)
{
    return rp_parse_size((const u_char *) s, strlen(s), out);
}


/* --- rp_parse_uint ---------------------------------------------------- */

START_TEST(test_uint_valid)
{
    uint64_t  v;

    ck_assert_int_eq(rp_parse_uint(S("0"), 100, &v), RP_OK);
    ck_assert_uint_eq(v, 0);
    ck_assert_int_eq(rp_parse_uint(S("1234"), UINT64_MAX, &v), RP_OK);
    ck_assert_uint_eq(v, 1234);
    ck_assert_int_eq(rp_parse_uint(S("007"), 100, &v), RP_OK);
    ck_assert_uint_eq(v, 7);
    ck_assert_int_eq(rp_parse_uint(S("100"), 100, &v), RP_OK);
    ck_assert_uint_eq(v, 100);
}
END_TEST


START_TEST(test_uint_limits)
{
    uint64_t  v;

    ck_assert_int_eq(rp_parse_uint(S("18446744073709551615"), UINT64_MAX,
                                   &v), RP_OK);
    ck_assert_uint_eq(v, UINT64_MAX);

    v = 42;
    ck_assert_int_eq(rp_parse_uint(S("18446744073709551616"), UINT64_MAX,
                                   &v), RP_ERROR);
    ck_assert_int_eq(rp_parse_uint(S("99999999999999999999999"), UINT64_MAX,
                                   &v), RP_ERROR);
    ck_assert_int_eq(rp_parse_uint(S("101"), 100, &v), RP_ERROR);
    ck_assert_int_eq(rp_parse_uint(S("9223372036854775808"), INT64_MAX, &v),
                     RP_ERROR);
    ck_assert_int_eq(rp_parse_uint(S("9223372036854775807"), INT64_MAX, &v),
                     RP_OK);
    ck_assert_uint_eq(v, INT64_MAX);
}
END_TEST


START_TEST(test_uint_garbage)
{
    uint64_t  v;

    v = 42;
    ck_assert_int_eq(rp_parse_uint(S(""), 100, &v), RP_ERROR);
    ck_assert_int_eq(rp_parse_uint(S("-1"), 100, &v), RP_ERROR);
    ck_assert_int_eq(rp_parse_uint(S("+1"), 100, &v), RP_ERROR);
    ck_assert_int_eq(rp_parse_uint(S(" 1"), 100, &v), RP_ERROR);
    ck_assert_int_eq(rp_parse_uint(S("1 "), 100, &v), RP_ERROR);
    ck_assert_int_eq(rp_parse_uint(S("12a"), 100, &v), RP_ERROR);
    ck_assert_int_eq(rp_parse_uint(S("0x10"), 100, &v), RP_ERROR);
    ck_assert_int_eq(rp_parse_uint(S("1.5"), 100, &v), RP_ERROR);
    ck_assert_int_eq(rp_parse_uint((const u_char *) "1\0" "2", 3, 100, &v),
                     RP_ERROR);
    ck_assert_uint_eq(v, 42);

    /* the length is honoured: bytes past it are not read */
    ck_assert_int_eq(rp_parse_uint((const u_char *) "12x", 2, 100, &v),
                     RP_OK);
    ck_assert_uint_eq(v, 12);
}
END_TEST


/* --- rp_parse_size ---------------------------------------------------- */

START_TEST(test_size_units)
{
    size_t  v;

    ck_assert_int_eq(size("0", &v), RP_OK);
    ck_assert_uint_eq(v, 0);
    ck_assert_int_eq(size("512", &v), RP_OK);
    ck_assert_uint_eq(v, 512);
    ck_assert_int_eq(size("64k", &v), RP_OK);
    ck_assert_uint_eq(v, 64 * 1024);
    ck_assert_int_eq(size("64K", &v), RP_OK);
    ck_assert_uint_eq(v, 64 * 1024);
    ck_assert_int_eq(size("10m", &v), RP_OK);
    ck_assert_uint_eq(v, 10 * 1024 * 1024);
    ck_assert_int_eq(size("10M", &v), RP_OK);
    ck_assert_uint_eq(v, 10 * 1024 * 1024);
    ck_assert_int_eq(size("1g", &v), RP_OK);
    ck_assert_uint_eq(v, 1024UL * 1024 * 1024);
    ck_assert_int_eq(size("3G", &v), RP_OK);
    ck_assert_uint_eq(v, 3UL * 1024 * 1024 * 1024);
}
END_TEST


START_TEST(test_size_overflow)
{
    size_t  v;
    char    buf[64];

    snprintf(buf, sizeof(buf), "%zu", (size_t) SIZE_MAX);
    ck_assert_int_eq(size(buf, &v), RP_OK);
    ck_assert_uint_eq(v, SIZE_MAX);

    snprintf(buf, sizeof(buf), "%zuk", (size_t) (SIZE_MAX / 1024));
    ck_assert_int_eq(size(buf, &v), RP_OK);
    ck_assert_uint_eq(v, (SIZE_MAX / 1024) * 1024);

    v = 42;
    snprintf(buf, sizeof(buf), "%zuk", (size_t) (SIZE_MAX / 1024 + 1));
    ck_assert_int_eq(size(buf, &v), RP_ERROR);
    ck_assert_int_eq(size("18446744073709551616", &v), RP_ERROR);
    ck_assert_int_eq(size("17179869184g", &v), RP_ERROR);
    ck_assert_uint_eq(v, 42);
}
END_TEST


START_TEST(test_size_garbage)
{
    size_t  v;

    v = 42;
    ck_assert_int_eq(size("", &v), RP_ERROR);
    ck_assert_int_eq(size("k", &v), RP_ERROR);
    ck_assert_int_eq(size("M", &v), RP_ERROR);
    ck_assert_int_eq(size("-1k", &v), RP_ERROR);
    ck_assert_int_eq(size("1kb", &v), RP_ERROR);
    ck_assert_int_eq(size("1kk", &v), RP_ERROR);
    ck_assert_int_eq(size("1t", &v), RP_ERROR);
    ck_assert_int_eq(size("1 k", &v), RP_ERROR);
    ck_assert_int_eq(size("1.5m", &v), RP_ERROR);
    ck_assert_int_eq(size("k1", &v), RP_ERROR);
    ck_assert_uint_eq(v, 42);
}
END_TEST


/* --- rp_parse_msec ---------------------------------------------------- */

START_TEST(test_msec_units)
{
    int64_t  v;

    ck_assert_int_eq(msec("500ms", &v), RP_OK);
    ck_assert_int_eq(v, 500);
    ck_assert_int_eq(msec("30s", &v), RP_OK);
    ck_assert_int_eq(v, 30000);
    ck_assert_int_eq(msec("2m", &v), RP_OK);
    ck_assert_int_eq(v, 120000);
    ck_assert_int_eq(msec("1h", &v), RP_OK);
    ck_assert_int_eq(v, 3600000);
    ck_assert_int_eq(msec("2d", &v), RP_OK);
    ck_assert_int_eq(v, 2 * 86400000LL);
    ck_assert_int_eq(msec("1w", &v), RP_OK);
    ck_assert_int_eq(v, 7 * 86400000LL);
    ck_assert_int_eq(msec("1M", &v), RP_OK);
    ck_assert_int_eq(v, 30 * 86400000LL);
    ck_assert_int_eq(msec("1y", &v), RP_OK);
    ck_assert_int_eq(v, 365 * 86400000LL);
    ck_assert_int_eq(msec("0s", &v), RP_OK);
    ck_assert_int_eq(v, 0);
}
END_TEST


START_TEST(test_msec_bare_seconds)
{
    int64_t  v;

    ck_assert_int_eq(msec("30", &v), RP_OK);
    ck_assert_int_eq(v, 30000);
    ck_assert_int_eq(msec("0", &v), RP_OK);
    ck_assert_int_eq(v, 0);
}
END_TEST


START_TEST(test_msec_combinations)
{
    int64_t  v;

    ck_assert_int_eq(msec("1h30m", &v), RP_OK);
    ck_assert_int_eq(v, 5400000);
    ck_assert_int_eq(msec("1d12h", &v), RP_OK);
    ck_assert_int_eq(v, 36 * 3600000LL);
    ck_assert_int_eq(msec("1s500ms", &v), RP_OK);
    ck_assert_int_eq(v, 1500);
    ck_assert_int_eq(msec("1m5s", &v), RP_OK);
    ck_assert_int_eq(v, 65000);
    ck_assert_int_eq(msec("1y1M1w1d1h1m1s1ms", &v), RP_OK);
    ck_assert_int_eq(v, 365 * 86400000LL + 30 * 86400000LL
                     + 7 * 86400000LL + 86400000LL + 3600000 + 60000
                     + 1000 + 1);
    ck_assert_int_eq(msec("1h1s", &v), RP_OK);
    ck_assert_int_eq(v, 3601000);
}
END_TEST


START_TEST(test_msec_order_and_repeat)
{
    int64_t  v;

    v = 42;
    ck_assert_int_eq(msec("30m1h", &v), RP_ERROR);
    ck_assert_int_eq(msec("1h1h", &v), RP_ERROR);
    ck_assert_int_eq(msec("1ms1s", &v), RP_ERROR);
    ck_assert_int_eq(msec("1s1s", &v), RP_ERROR);
    ck_assert_int_eq(msec("1ms1ms", &v), RP_ERROR);
    ck_assert_int_eq(msec("1d1M", &v), RP_ERROR);
    ck_assert_uint_eq(v, 42);
}
END_TEST


START_TEST(test_msec_garbage)
{
    int64_t  v;

    v = 42;
    ck_assert_int_eq(msec("", &v), RP_ERROR);
    ck_assert_int_eq(msec("s", &v), RP_ERROR);
    ck_assert_int_eq(msec("ms", &v), RP_ERROR);
    ck_assert_int_eq(msec("-1s", &v), RP_ERROR);
    ck_assert_int_eq(msec("1x", &v), RP_ERROR);
    ck_assert_int_eq(msec("1 s", &v), RP_ERROR);
    ck_assert_int_eq(msec("1h 30m", &v), RP_ERROR);
    ck_assert_int_eq(msec("1m30", &v), RP_ERROR);
    ck_assert_int_eq(msec("1.5s", &v), RP_ERROR);
    ck_assert_int_eq(msec("1mss", &v), RP_ERROR);
    ck_assert_int_eq(msec("1S", &v), RP_ERROR);
    ck_assert_int_eq(msec("1H", &v), RP_ERROR);
    ck_assert_int_eq(msec("1hh", &v), RP_ERROR);
    ck_assert_int_eq(msec("1h:", &v), RP_ERROR);
    ck_assert_uint_eq(v, 42);
}
END_TEST


START_TEST(test_msec_overflow)
{
    int64_t  v;

    /* INT64_MAX / 1000 seconds is the largest bare number */
    ck_assert_int_eq(msec("9223372036854775", &v), RP_OK);
    ck_assert_int_eq(v, 9223372036854775000LL);
    ck_assert_int_eq(msec("9223372036854775807ms", &v), RP_OK);
    ck_assert_int_eq(v, INT64_MAX);

    v = 42;
    ck_assert_int_eq(msec("9223372036854776", &v), RP_ERROR);
    ck_assert_int_eq(msec("9223372036854775808ms", &v), RP_ERROR);
    ck_assert_int_eq(msec("292471209y", &v), RP_ERROR);
    ck_assert_int_eq(msec("99999999999999999999999s", &v), RP_ERROR);
    /* each part fits but the sum does not */
    ck_assert_int_eq(msec("9223372036854775s9223372036854775ms", &v),
                     RP_ERROR);
    ck_assert_int_eq(v, 42);
}
END_TEST


static Suite *
rp_parse_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_parse");

    tc = tcase_create("uint");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_uint_valid);
    tcase_add_test(tc, test_uint_limits);
    tcase_add_test(tc, test_uint_garbage);
    suite_add_tcase(s, tc);

    tc = tcase_create("size");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_size_units);
    tcase_add_test(tc, test_size_overflow);
    tcase_add_test(tc, test_size_garbage);
    suite_add_tcase(s, tc);

    tc = tcase_create("msec");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_msec_units);
    tcase_add_test(tc, test_msec_bare_seconds);
    tcase_add_test(tc, test_msec_combinations);
    tcase_add_test(tc, test_msec_order_and_repeat);
    tcase_add_test(tc, test_msec_garbage);
    tcase_add_test(tc, test_msec_overflow);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_parse_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
