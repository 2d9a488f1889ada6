/*
 * test_rp_str.c - unit tests of src/core/rp_str.c.
 *
 * Each helper is checked against what its comment promises: the sign of
 * rp_str_casecmp(), exact pool copies (with and without a NUL),
 * strlcpy's truncation and return value, the edit distance on a table
 * that includes empty strings and the 64-byte limit, rp_escape_log() on
 * every one of the 256 byte values, and rp_sprint_uint() at the edges of
 * uint64_t.
 */

#include "rp_config.h"

#include <check.h>

#include "rp_core.h"


#define U(s)  ((const u_char *) (s))


START_TEST(test_casecmp)
{
    ck_assert_int_eq(rp_str_casecmp(U("Host"), U("hOST"), 4), 0);
    ck_assert_int_eq(rp_str_casecmp(U("ABCxyz"), U("abcXYZ"), 6), 0);
    ck_assert_int_eq(rp_str_casecmp(U("abc"), U("abd"), 3) < 0, 1);
    ck_assert_int_eq(rp_str_casecmp(U("ABD"), U("abc"), 3) > 0, 1);

    /* only the first n bytes count; n == 0 is always equal */
    ck_assert_int_eq(rp_str_casecmp(U("abX"), U("ABy"), 2), 0);
    ck_assert_int_eq(rp_str_casecmp(U("a"), U("b"), 0), 0);

    /* only ASCII letters fold: '@' (0x40) and '`' (0x60) differ */
    ck_assert_int_ne(rp_str_casecmp(U("@"), U("`"), 1), 0);
    ck_assert_int_ne(rp_str_casecmp(U("["), U("{"), 1), 0);
    ck_assert_int_ne(rp_str_casecmp(U("\xc4"), U("\xe4"), 1), 0);

    /* bytes compare unsigned, after folding: 'Z' -> 'z' (0x7a) < 0x80 */
    ck_assert_int_eq(rp_str_casecmp(U("Z"), U("\x80"), 1) < 0, 1);
    ck_assert_int_eq(rp_str_casecmp(U("\xff"), U("a"), 1) > 0, 1);

    /* embedded NULs are ordinary bytes */
    ck_assert_int_eq(rp_str_casecmp(U("a\0B"), U("A\0b"), 3), 0);
    ck_assert_int_eq(rp_str_casecmp(U("a\0B"), U("A\0c"), 3) < 0, 1);
}
END_TEST


START_TEST(test_pstrdup)
{
    struct rp_pool  *pool;
    struct rp_str    s = rp_string("hello\0world");
    struct rp_str    empty = rp_null_string;
    u_char          *d;
    char            *z;

    pool = rp_pool_create(0, 0, NULL);
    ck_assert_ptr_nonnull(pool);

    d = rp_pstrdup(pool, &s);
    ck_assert_ptr_nonnull(d);
    ck_assert_ptr_ne(d, s.data);
    ck_assert_mem_eq(d, "hello\0world", 11);

    z = rp_pstrdup_z(pool, &s);
    ck_assert_ptr_nonnull(z);
    ck_assert_mem_eq(z, "hello\0world", 11);
    ck_assert_int_eq(z[11], '\0');

    /* an empty string (data may be NULL) gives a valid pointer */
    d = rp_pstrdup(pool, &empty);
    ck_assert_ptr_nonnull(d);
    z = rp_pstrdup_z(pool, &empty);
    ck_assert_ptr_nonnull(z);
    ck_assert_str_eq(z, "");

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_pstrdup_fails_at_cap)
{
    struct rp_pool  *pool;
    struct rp_str    s;
    u_char           big[600];

    memset(big, 'x', sizeof(big));
    s.data = big;
    s.len = sizeof(big);

    /* a 512-byte block and no room for anything large */
    pool = rp_pool_create(512, 512, NULL);
    ck_assert_ptr_nonnull(pool);

    ck_assert_ptr_null(rp_pstrdup(pool, &s));
    ck_assert_ptr_null(rp_pstrdup_z(pool, &s));

    /* the pool still serves small copies */
    s.len = 10;
    ck_assert_ptr_nonnull(rp_pstrdup(pool, &s));

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_strlcpy)
{
    char  buf[8];

    memset(buf, '#', sizeof(buf));
    ck_assert_uint_eq(rp_strlcpy(buf, "abc", sizeof(buf)), 3);
    ck_assert_str_eq(buf, "abc");
    ck_assert_int_eq(buf[4], '#');       /* nothing written past the NUL */

    /* exactly fits: 7 bytes + NUL */
    ck_assert_uint_eq(rp_strlcpy(buf, "1234567", sizeof(buf)), 7);
    ck_assert_str_eq(buf, "1234567");

    /* truncation: returns strlen(src), so ret >= size */
    memset(buf, '#', sizeof(buf));
    ck_assert_uint_eq(rp_strlcpy(buf, "123456789abc", sizeof(buf)), 12);
    ck_assert_str_eq(buf, "1234567");

    ck_assert_uint_eq(rp_strlcpy(buf, "12345678", sizeof(buf)), 8);
    ck_assert_str_eq(buf, "1234567");

    /* size 1: only the NUL */
    memset(buf, '#', sizeof(buf));
    ck_assert_uint_eq(rp_strlcpy(buf, "xyz", 1), 3);
    ck_assert_int_eq(buf[0], '\0');
    ck_assert_int_eq(buf[1], '#');

    /* size 0: nothing written at all */
    memset(buf, '#', sizeof(buf));
    ck_assert_uint_eq(rp_strlcpy(buf, "xyz", 0), 3);
    ck_assert_int_eq(buf[0], '#');

    /* empty source */
    ck_assert_uint_eq(rp_strlcpy(buf, "", sizeof(buf)), 0);
    ck_assert_str_eq(buf, "");
}
END_TEST


struct rp_t_dist {
    const char  *a;
    const char  *b;
    size_t       d;
};

static const struct rp_t_dist  rp_t_dist[] = {
    { "", "", 0 },
    { "", "abc", 3 },
    { "abc", "", 3 },
    { "abc", "abc", 0 },
    { "kitten", "sitting", 3 },
    { "sitting", "kitten", 3 },
    { "flaw", "lawn", 2 },
    { "listen", "listn", 1 },              /* deletion */
    { "listen", "lissten", 1 },            /* insertion */
    { "server_name", "server_nmae", 2 },   /* transposition = 2 edits */
    { "proxy_pass", "proxy_pas", 1 },
    { "worker_processes", "worker_process", 2 },
    { "a", "b", 1 },
    { "abc", "xyz", 3 },
    { "Location", "location", 1 },         /* case matters */
    { "intention", "execution", 5 },
};


START_TEST(test_edit_distance_table)
{
    const struct rp_t_dist  *t = &rp_t_dist[_i];
    size_t                   d;

    d = rp_edit_distance(U(t->a), strlen(t->a), U(t->b), strlen(t->b));
    ck_assert_msg(d == t->d, "\"%s\" vs \"%s\": %zu, expected %zu",
                  t->a, t->b, d, t->d);

    /* symmetric */
    d = rp_edit_distance(U(t->b), strlen(t->b), U(t->a), strlen(t->a));
    ck_assert_uint_eq(d, t->d);
}
END_TEST


START_TEST(test_edit_distance_long_inputs)
{
    u_char  a[200], b[200];

    memset(a, 'a', sizeof(a));
    memset(b, 'a', sizeof(b));

    /* identical up to 64 bytes: beyond that nothing is compared */
    b[64] = 'X';
    b[199] = 'Y';
    ck_assert_uint_eq(rp_edit_distance(a, 200, b, 200), 0);
    ck_assert_uint_eq(rp_edit_distance(a, 65, b, 199), 0);

    /* lengths are capped at 64 too */
    ck_assert_uint_eq(rp_edit_distance(a, 200, b, 0), 64);
    ck_assert_uint_eq(rp_edit_distance(a, 0, b, 200), 64);
    ck_assert_uint_eq(rp_edit_distance(a, 200, b, 60), 4);
    ck_assert_uint_eq(rp_edit_distance(a, 64, b, 64), 0);

    /* a difference within the first 64 bytes still counts */
    b[63] = 'Z';
    ck_assert_uint_eq(rp_edit_distance(a, 200, b, 200), 1);
    ck_assert_uint_eq(rp_edit_distance(a, 64, b, 64), 1);

    /* completely different 64-byte prefixes */
    memset(b, 'b', sizeof(b));
    ck_assert_uint_eq(rp_edit_distance(a, 100, b, 100), 64);
}
END_TEST


static int
rp_t_is_escaped(unsigned c)
{
    return c < 0x20 || c >= 0x7f || c == '"' || c == '\\';
}


START_TEST(test_escape_log_every_byte)
{
    static const char  hex[] = "0123456789ABCDEF";
    u_char             src[1], dst[8], want[4];
    unsigned           c;
    size_t             n;

    for (c = 0; c < 256; c++) {
        src[0] = (u_char) c;
        memset(dst, '#', sizeof(dst));

        n = rp_escape_log(dst, src, 1);

        if (rp_t_is_escaped(c)) {
            want[0] = '\\';
            want[1] = 'x';
            want[2] = (u_char) hex[c >> 4];
            want[3] = (u_char) hex[c & 0xf];
            ck_assert_msg(n == 4, "byte %#x: length %zu", c, n);
            ck_assert_msg(memcmp(dst, want, 4) == 0, "byte %#x: \"%.4s\"",
                          c, dst);
        } else {
            ck_assert_msg(n == 1, "byte %#x: length %zu", c, n);
            ck_assert_uint_eq(dst[0], c);
        }

        ck_assert_msg(dst[n] == '#', "byte %#x: wrote past %zu", c, n);
    }
}
END_TEST


START_TEST(test_escape_log_all_bytes_at_once)
{
    u_char    src[256], dst[4 * 256 + 1], *p;
    unsigned  c, nesc;
    size_t    n;

    nesc = 0;
    for (c = 0; c < 256; c++) {
        src[c] = (u_char) c;
        nesc += rp_t_is_escaped(c);
    }

    /* 0x00-0x1f, 0x7f-0xff, '"' and '\\' */
    ck_assert_uint_eq(nesc, 32 + 129 + 2);

    dst[sizeof(dst) - 1] = '#';
    n = rp_escape_log(dst, src, 256);
    ck_assert_uint_eq(n, 4 * nesc + (256 - nesc));
    ck_assert_uint_le(n, 4 * 256);

    /* no raw control byte, DEL, quote or high byte in the output */
    for (p = dst; p < dst + n; p++) {
        if (*p == '\\') {
            ck_assert_uint_eq(p[1], 'x');
            p += 3;
            continue;
        }
        ck_assert_msg(!rp_t_is_escaped(*p), "raw byte %#x in output", *p);
    }

    /* the worst case fills exactly 4 * len */
    memset(src, '\n', sizeof(src));
    ck_assert_uint_eq(rp_escape_log(dst, src, 256), 4 * 256);
    ck_assert_uint_eq(dst[sizeof(dst) - 1], '#');

    ck_assert_uint_eq(rp_escape_log(dst, src, 0), 0);

    n = rp_escape_log(dst, U("GET \"/a\\b\"\r\n"), 12);
    ck_assert_uint_eq(n, 27);
    ck_assert_mem_eq(dst, "GET \\x22/a\\x5Cb\\x22\\x0D\\x0A", n);
}
END_TEST


START_TEST(test_sprint_uint)
{
    static const struct {
        uint64_t     n;
        const char  *s;
    } t[] = {
        { 0, "0" },
        { 9, "9" },
        { 10, "10" },
        { 99, "99" },
        { 100, "100" },
        { 12345, "12345" },
        { 4294967295u, "4294967295" },
        { 4294967296u, "4294967296" },
        { UINT64_MAX, "18446744073709551615" },
    };
    u_char  buf[24], *end;
    size_t  i, len;

    for (i = 0; i < rp_nelems(t); i++) {
        memset(buf, '#', sizeof(buf));
        end = rp_sprint_uint(buf, t[i].n);
        len = strlen(t[i].s);

        ck_assert_msg((size_t) (end - buf) == len, "%s: length %td",
                      t[i].s, end - buf);
        ck_assert_mem_eq(buf, t[i].s, len);
        ck_assert_uint_eq(*end, '#');    /* no NUL, nothing past the end */
    }

    /* UINT64_MAX uses all of the documented 20 bytes */
    ck_assert_uint_eq(strlen("18446744073709551615"), 20);
}
END_TEST


static Suite *
rp_str_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_str");

    tc = tcase_create("str");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_casecmp);
    tcase_add_test(tc, test_pstrdup);
    tcase_add_test(tc, test_pstrdup_fails_at_cap);
    tcase_add_test(tc, test_strlcpy);
    tcase_add_test(tc, test_sprint_uint);
    suite_add_tcase(s, tc);

    tc = tcase_create("edit_distance");
    tcase_set_timeout(tc, 10);
    tcase_add_loop_test(tc, test_edit_distance_table, 0,
                        rp_nelems(rp_t_dist));
    tcase_add_test(tc, test_edit_distance_long_inputs);
    suite_add_tcase(s, tc);

    tc = tcase_create("escape_log");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_escape_log_every_byte);
    tcase_add_test(tc, test_escape_log_all_bytes_at_once);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_str_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
