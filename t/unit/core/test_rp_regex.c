/*
 * test_rp_regex.c - unit tests for src/core/rp_regex.c.
 *
 * Locations, server names and map keys all go through these two
 * functions, so the tests pin down what their callers rely on: capture
 * offsets (unset groups as -1), named groups and their numbers, the
 * caseless flag, matching inside a subject that is not NUL-terminated,
 * and the exact wording of compile errors.  Destroying the pool must
 * release the PCRE2 objects (the sanitizer build checks for leaks).
 */

#include "rp_config.h"

#include <check.h>

#include "rp_core.h"
#include "rp_regex.h"


static struct rp_pool  *pool;


static void
setup(void)
{
    pool = rp_pool_create(RP_POOL_DEFAULT_BLOCK, 0, &rp_log_stderr_log);
    ck_assert_ptr_nonnull(pool);
}


static void
teardown(void)
{
    rp_pool_destroy(pool);
}


static struct rp_regex *
compile(const char *pattern, unsigned flags, char *err, size_t errlen)
{
    struct rp_str  p;

    p.len = strlen(pattern);
    p.data = (u_char *) pattern;

    return rp_regex_compile(pool, &p, flags, err, errlen);
}


static int
exec(const struct rp_regex *re, const char *s, int *cap, unsigned n)
{
    return rp_regex_exec(re, (const u_char *) s, strlen(s), cap, n);
}


START_TEST(test_compile_basic)
{
    char              err[256];
    struct rp_regex  *re;

    re = compile("^/api/(v[0-9]+)/(.*)$", 0, err, sizeof(err));
    ck_assert_ptr_nonnull(re);
    ck_assert_str_eq(err, "");
    ck_assert_ptr_nonnull(re->code);
    ck_assert_ptr_nonnull(re->match);
    ck_assert_uint_eq(re->captures, 2);
    ck_assert_uint_eq(re->nnames, 0);
    ck_assert_uint_eq(re->pattern.len, strlen("^/api/(v[0-9]+)/(.*)$"));
    ck_assert_int_eq(memcmp(re->pattern.data, "^/api/", 6), 0);
}
END_TEST


START_TEST(test_exec_captures)
{
    int               cap[30];
    char              err[256];
    struct rp_regex  *re;

    re = compile("^/api/(v[0-9]+)/(.*)$", 0, err, sizeof(err));
    ck_assert_ptr_nonnull(re);

    ck_assert_int_eq(exec(re, "/api/v2/users/7", cap, 30), 3);
    ck_assert_int_eq(cap[0], 0);
    ck_assert_int_eq(cap[1], 15);
    ck_assert_int_eq(cap[2], 5);
    ck_assert_int_eq(cap[3], 7);
    ck_assert_int_eq(cap[4], 8);
    ck_assert_int_eq(cap[5], 15);
    /* pairs past the last group are reset, not left stale */
    ck_assert_int_eq(cap[6], -1);
    ck_assert_int_eq(cap[29], -1);

    ck_assert_int_eq(exec(re, "/static/x", cap, 30), RP_DECLINED);
    ck_assert_int_eq(exec(re, "/api/x/y", cap, 30), RP_DECLINED);
}
END_TEST


START_TEST(test_exec_unset_group)
{
    int               cap[12];
    char              err[256];
    struct rp_regex  *re;

    /* group 1 does not take part in the match: -1, group 2 is set */
    re = compile("^(a)?(b)(c)?", 0, err, sizeof(err));
    ck_assert_ptr_nonnull(re);
    ck_assert_uint_eq(re->captures, 3);

    memset(cap, 0x55, sizeof(cap));
    ck_assert_int_eq(exec(re, "bx", cap, 12), 3);
    ck_assert_int_eq(cap[0], 0);
    ck_assert_int_eq(cap[1], 1);
    ck_assert_int_eq(cap[2], -1);
    ck_assert_int_eq(cap[3], -1);
    ck_assert_int_eq(cap[4], 0);
    ck_assert_int_eq(cap[5], 1);
    ck_assert_int_eq(cap[6], -1);
    ck_assert_int_eq(cap[7], -1);
}
END_TEST


START_TEST(test_exec_small_ovector)
{
    int               cap[4];
    char              err[256];
    struct rp_regex  *re;

    re = compile("(a)(b)(c)", 0, err, sizeof(err));
    ck_assert_ptr_nonnull(re);

    /* room for 2 pairs: the count is still that of PCRE2, no overflow */
    cap[0] = cap[1] = cap[2] = cap[3] = 99;
    ck_assert_int_eq(exec(re, "xabc", cap, 4), 4);
    ck_assert_int_eq(cap[0], 1);
    ck_assert_int_eq(cap[1], 4);
    ck_assert_int_eq(cap[2], 1);
    ck_assert_int_eq(cap[3], 2);

    /* no ovector at all: only whether it matches */
    ck_assert_int_eq(exec(re, "abc", NULL, 0), 4);
    ck_assert_int_eq(exec(re, "ab", NULL, 0), RP_DECLINED);
}
END_TEST


START_TEST(test_exec_not_nul_terminated)
{
    int               cap[6];
    char              err[256];
    const char       *subject = "example.com.evil";
    struct rp_regex  *re;

    re = compile("^example\\.com$", 0, err, sizeof(err));
    ck_assert_ptr_nonnull(re);

    /* the length bounds the subject, not a NUL */
    ck_assert_int_eq(rp_regex_exec(re, (const u_char *) subject, 11, cap, 6),
                     1);
    ck_assert_int_eq(rp_regex_exec(re, (const u_char *) subject, 16, cap, 6),
                     RP_DECLINED);

    /* an empty subject */
    re = compile("^$", 0, err, sizeof(err));
    ck_assert_ptr_nonnull(re);
    ck_assert_int_eq(rp_regex_exec(re, NULL, 0, cap, 6), 1);
    ck_assert_int_eq(cap[0], 0);
    ck_assert_int_eq(cap[1], 0);
}
END_TEST


START_TEST(test_names)
{
    int               cap[30];
    char              err[256];
    unsigned          i;
    struct rp_regex  *re;

    re = compile("^(?<sub>[^.]+)\\.(x)?(?<domain>example\\.com)$", 0, err,
                 sizeof(err));
    ck_assert_ptr_nonnull(re);
    ck_assert_uint_eq(re->captures, 3);
    ck_assert_uint_eq(re->nnames, 2);

    /* PCRE2 sorts the name table by name */
    for (i = 0; i < re->nnames; i++) {
        ck_assert_uint_eq(re->names[i].name.data[re->names[i].name.len], 0);
    }

    ck_assert(rp_str_eq_lit(&re->names[0].name, "domain"));
    ck_assert_uint_eq(re->names[0].capture, 3);
    ck_assert(rp_str_eq_lit(&re->names[1].name, "sub"));
    ck_assert_uint_eq(re->names[1].capture, 1);

    ck_assert_int_eq(exec(re, "www.example.com", cap, 30), 4);
    ck_assert_int_eq(cap[2], 0);
    ck_assert_int_eq(cap[3], 3);
    ck_assert_int_eq(cap[4], -1);
    ck_assert_int_eq(cap[6], 4);
    ck_assert_int_eq(cap[7], 15);
}
END_TEST


START_TEST(test_caseless)
{
    char              err[256];
    struct rp_regex  *cs, *ci;

    cs = compile("\\.PHP$", 0, err, sizeof(err));
    ci = compile("\\.PHP$", RP_REGEX_CASELESS, err, sizeof(err));
    ck_assert_ptr_nonnull(cs);
    ck_assert_ptr_nonnull(ci);

    ck_assert_int_eq(exec(cs, "/index.PHP", NULL, 0), 1);
    ck_assert_int_eq(exec(cs, "/index.php", NULL, 0), RP_DECLINED);
    ck_assert_int_eq(exec(ci, "/index.php", NULL, 0), 1);
    ck_assert_int_eq(exec(ci, "/index.Php", NULL, 0), 1);
    ck_assert_int_eq(exec(ci, "/index.phpx", NULL, 0), RP_DECLINED);
}
END_TEST


START_TEST(test_compile_errors)
{
    char              err[256];
    struct rp_regex  *re;

    re = compile("^(a", 0, err, sizeof(err));
    ck_assert_ptr_null(re);
    ck_assert_str_eq(err, "pcre2_compile() failed: missing closing "
                     "parenthesis in \"^(a\" at \"\"");

    /* the text after "at" is the pattern from the error offset */
    re = compile("a)bc", 0, err, sizeof(err));
    ck_assert_ptr_null(re);
    ck_assert_str_eq(err, "pcre2_compile() failed: unmatched closing "
                     "parenthesis in \"a)bc\" at \")bc\"");

    re = compile("x[z-a]y", 0, err, sizeof(err));
    ck_assert_ptr_null(re);
    ck_assert_ptr_nonnull(strstr(err, "range out of order in character "
                                 "class in \"x[z-a]y\""));

    re = compile("(?<n>a)(?<n>b)", 0, err, sizeof(err));
    ck_assert_ptr_null(re);
    ck_assert_ptr_nonnull(strstr(err, "two named subpatterns have the same "
                                 "name"));

    /* a short buffer truncates the message but stays terminated */
    re = compile("^(a", 0, err, 16);
    ck_assert_ptr_null(re);
    ck_assert_uint_eq(strlen(err), 15);
}
END_TEST


START_TEST(test_many_regexes_pool_cleanup)
{
    int               i;
    char              err[256];
    struct rp_pool   *p;
    struct rp_regex  *re;
    struct rp_str     pat = rp_string("^/item/([0-9]+)$");

    /* many regexes in a pool of their own: destroy releases them all */
    p = rp_pool_create(1024, 0, &rp_log_stderr_log);
    ck_assert_ptr_nonnull(p);

    for (i = 0; i < 200; i++) {
        re = rp_regex_compile(p, &pat, 0, err, sizeof(err));
        ck_assert_ptr_nonnull(re);
        ck_assert_int_eq(rp_regex_exec(re, (const u_char *) "/item/42", 8,
                                       NULL, 0), 2);
    }

    rp_pool_destroy(p);
}
END_TEST


START_TEST(test_pool_cap_fails_cleanly)
{
    char              err[256];
    struct rp_pool   *p;
    struct rp_regex  *re;
    struct rp_str     pat = rp_string("^(?<a>x)(?<b>y)$");
    int               i, failed;

    /* a capped pool: compile fails with a message, never crashes */
    p = rp_pool_create(256, 1024, &rp_log_stderr_log);
    ck_assert_ptr_nonnull(p);

    failed = 0;

    for (i = 0; i < 100; i++) {
        re = rp_regex_compile(p, &pat, 0, err, sizeof(err));
        if (re == NULL) {
            ck_assert_str_eq(err, "memory allocation failed");
            failed = 1;
            break;
        }
    }

    ck_assert_int_eq(failed, 1);
    rp_pool_destroy(p);
}
END_TEST


static Suite *
rp_regex_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_regex");

    tc = tcase_create("compile");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_compile_basic);
    tcase_add_test(tc, test_compile_errors);
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_many_regexes_pool_cleanup);
    tcase_add_test(tc, test_pool_cap_fails_cleanly);
    suite_add_tcase(s, tc);

    tc = tcase_create("exec");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_exec_captures);
    tcase_add_test(tc, test_exec_unset_group);
    tcase_add_test(tc, test_exec_small_ovector);
    tcase_add_test(tc, test_exec_not_nul_terminated);
    tcase_add_test(tc, test_caseless);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_regex_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
