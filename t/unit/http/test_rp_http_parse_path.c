/*
 * test_rp_http_parse_path.c - rp_http_normalize_path() of
 * src/http/rp_http_parse.c.
 *
 * The normaliser decides which location a request matches, so a path
 * that normalises differently here and in a backend is an access-control
 * bypass.  A table pins down decoding, "//", "." and ".." handling and
 * every error; each case also runs in place (dst == uri) and against a
 * guard page.  A randomised test checks the invariants of the output
 * on many generated paths against a simple reference implementation.
 */

#include "rp_config.h"

#include <ctype.h>

#include <check.h>

#include "rp_core.h"
#include "rp_http_parse.h"
#include "test_rp_http_parse.h"


struct rp_t_norm {
    const char  *in;
    const char  *out;        /* NULL: RP_ERROR */
};

static const struct rp_t_norm  rp_t_norm[] = {
    { "/", "/" },
    { "/a", "/a" },
    { "/a/b/c", "/a/b/c" },
    { "/a/", "/a/" },
    { "//", "/" },
    { "///a///b///", "/a/b/" },
    { "/a//b", "/a/b" },
    { "/./", "/" },
    { "/.", "/" },
    { "/a/./b", "/a/b" },
    { "/a/.", "/a/" },
    { "/a/./", "/a/" },
    { "/./././a", "/a" },
    { "/a/../b", "/b" },
    { "/a/b/../c", "/a/c" },
    { "/a/b/..", "/a/" },
    { "/a/b/../", "/a/" },
    { "/a/..", "/" },
    { "/a/b/c/../../d", "/a/d" },
    { "/a/./b/../../c/", "/c/" },
    { "/..", NULL },
    { "/../a", NULL },
    { "/a/../..", NULL },
    { "/a/../../b", NULL },
    { "/a/./../..", NULL },
    { "/.a/..b/.../c.", "/.a/..b/.../c." },
    { "/a.b/c..", "/a.b/c.." },
    { "/%41%42c", "/ABc" },
    { "/%7e%7E", "/~~" },
    { "/a%20b", "/a b" },
    { "/a%2Fb", "/a/b" },
    { "/a%2f..%2fb", "/b" },
    { "/%2e%2e/a", NULL },
    { "/a/%2e%2E/b", "/b" },
    { "/a/%2e/b", "/a/b" },
    { "/a/.%2e", "/" },
    { "/%2F%2F", "/" },
    { "/%25", "/%" },
    { "/%2541", "/%41" },
    { "/%C3%A9", "/\xc3\xa9" },
    { "/%ff", "/\xff" },
    { "/a?b", "/a?b" },
    { "/%00", NULL },
    { "/a%00b", NULL },
    { "/%", NULL },
    { "/%4", NULL },
    { "/%zz", NULL },
    { "/%g1", NULL },
    { "/%1g", NULL },
    { "/a%2", NULL },
    { "", NULL },
    { "a/b", NULL },
    { "%2Fa", NULL },
    { ".", NULL },
};


/* Normalise <in> and compare with <expect> (NULL: must fail). */
static void
rp_t_norm_check(const char *in, size_t len, const char *expect,
    u_char *dst, const char *how)
{
    int     rc;
    size_t  dlen;

    dlen = (size_t) -1;
    rc = rp_http_normalize_path((const u_char *) in, len, dst, &dlen);

    if (expect == NULL) {
        ck_assert_msg(rc == RP_ERROR, "\"%s\" (%s): rc %d, expected RP_ERROR",
                      in, how, rc);
        return;
    }

    ck_assert_msg(rc == RP_OK, "\"%s\" (%s): rc %d", in, how, rc);
    ck_assert_msg(dlen <= len, "\"%s\" (%s): output longer than input",
                  in, how);
    ck_assert_msg(dlen == strlen(expect) && memcmp(dst, expect, dlen) == 0,
                  "\"%s\" (%s): \"%.*s\", expected \"%s\"", in, how,
                  (int) dlen, dst, expect);
}


START_TEST(test_normalize_table)
{
    size_t                   len;
    u_char                   dst[64], *g;
    struct rp_t_guard        guard;
    const struct rp_t_norm  *t = &rp_t_norm[_i];

    len = strlen(t->in);

    memset(dst, '#', sizeof(dst));
    rp_t_norm_check(t->in, len, t->out, dst, "copy");

    /* in place: <dst> is the input itself, against a guard page */
    rp_t_guard_init(&guard, len + 1);
    g = rp_t_guard_place(&guard, t->in, len);
    rp_t_norm_check(t->in, len, t->out, g, "in place");
    rp_t_guard_free(&guard);

    /* a destination of exactly <len> bytes, against a guard page */
    if (len > 0) {
        rp_t_guard_init(&guard, len);
        g = guard.end - len;
        rp_t_norm_check(t->in, len, t->out, g, "dst of len bytes");
        rp_t_guard_free(&guard);
    }
}
END_TEST


START_TEST(test_normalize_table_is_large)
{
    ck_assert_uint_ge(rp_nelems(rp_t_norm), 30);
}
END_TEST


START_TEST(test_normalize_ignores_bytes_after_len)
{
    u_char  dst[16];
    size_t  dlen;

    /* "/a/.." with len 4 is "/a/." */
    ck_assert_int_eq(rp_http_normalize_path((const u_char *) "/a/..", 4, dst,
                                            &dlen), RP_OK);
    ck_assert_uint_eq(dlen, 3);
    ck_assert_int_eq(memcmp(dst, "/a/", 3), 0);

    /* an escape cut by <len> is bad even if the bytes follow */
    ck_assert_int_eq(rp_http_normalize_path((const u_char *) "/%41", 3, dst,
                                            &dlen), RP_ERROR);
}
END_TEST


/*
 * Reference: split the decoded path on '/', apply the segment rules with
 * an explicit stack.  Deliberately written differently from the code.
 */
static int
rp_t_reference(const u_char *in, size_t len, u_char *out, size_t *olen)
{
    u_char  dec[256];
    size_t  n, i, start, nseg, seg_off[128], seg_len[128], k;
    int     trailing, hi, lo;

    if (len == 0 || in[0] != '/') {
        return RP_ERROR;
    }

    for (n = 0, i = 0; i < len; i++) {
        if (in[i] != '%') {
            dec[n++] = in[i];
            continue;
        }
        if (i + 2 >= len || !isxdigit(in[i + 1]) || !isxdigit(in[i + 2])) {
            return RP_ERROR;
        }
        hi = isdigit(in[i + 1]) ? in[i + 1] - '0' : (in[i + 1] | 0x20) - 'a' + 10;
        lo = isdigit(in[i + 2]) ? in[i + 2] - '0' : (in[i + 2] | 0x20) - 'a' + 10;
        if (hi * 16 + lo == 0) {
            return RP_ERROR;
        }
        dec[n++] = (u_char) (hi * 16 + lo);
        i += 2;
    }

    nseg = 0;
    trailing = 0;
    for (i = 1, start = 1; i <= n; i++) {
        if (i < n && dec[i] != '/') {
            continue;
        }
        k = i - start;
        trailing = 1;
        if (k == 0 || (k == 1 && dec[start] == '.')) {
            /* dropped */
        } else if (k == 2 && dec[start] == '.' && dec[start + 1] == '.') {
            if (nseg == 0) {
                return RP_ERROR;
            }
            nseg--;
        } else {
            seg_off[nseg] = start;
            seg_len[nseg++] = k;
            trailing = 0;
        }
        start = i + 1;
    }

    *olen = 0;
    for (k = 0; k < nseg; k++) {
        out[(*olen)++] = '/';
        memcpy(out + *olen, dec + seg_off[k], seg_len[k]);
        *olen += seg_len[k];
    }
    if (nseg == 0 || trailing) {
        out[(*olen)++] = '/';
    }

    return RP_OK;
}


START_TEST(test_normalize_random_against_reference)
{
    static const char  *atoms[] = {
        "/", "/", "/", ".", "..", "a", "bc", "%2e", "%2E", "%2f", "%2F",
        "%41", "%", "%0", "%00", "x.y", "~"
    };
    u_char              in[128], out[128], ref[256];
    size_t              i, len, olen, rlen, natoms, a;
    unsigned            seed;
    int                 rc, rrc;
    const char         *atom;

    seed = 12345;

    for (i = 0; i < 200000; i++) {
        len = 0;
        in[len++] = '/';
        seed = seed * 1103515245 + 12345;
        natoms = 1 + (seed >> 16) % 12;
        for (a = 0; a < natoms; a++) {
            seed = seed * 1103515245 + 12345;
            atom = atoms[(seed >> 16) % rp_nelems(atoms)];
            memcpy(in + len, atom, strlen(atom));
            len += strlen(atom);
        }

        rc = rp_http_normalize_path(in, len, out, &olen);
        rrc = rp_t_reference(in, len, ref, &rlen);

        ck_assert_msg(rc == rrc, "\"%.*s\": rc %d, reference %d", (int) len,
                      in, rc, rrc);
        if (rc != RP_OK) {
            continue;
        }
        ck_assert_msg(olen == rlen && memcmp(out, ref, olen) == 0,
                      "\"%.*s\": \"%.*s\", reference \"%.*s\"", (int) len, in,
                      (int) olen, out, (int) rlen, ref);
        ck_assert(olen >= 1 && olen <= len && out[0] == '/');
    }
}
END_TEST


static Suite *
rp_http_parse_path_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_http_parse_path");

    tc = tcase_create("normalize");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_normalize_table_is_large);
    tcase_add_loop_test(tc, test_normalize_table, 0, rp_nelems(rp_t_norm));
    tcase_add_test(tc, test_normalize_ignores_bytes_after_len);
    tcase_add_test(tc, test_normalize_random_against_reference);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_http_parse_path_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
