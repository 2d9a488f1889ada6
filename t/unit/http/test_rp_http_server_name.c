/*
 * test_rp_http_server_name.c - unit tests for src/http/rp_http_server_name.c.
 *
 * Each test (on the t/lib/rp_test_conf.h fixture) writes a proxy.conf
 * into a fresh temp dir and parses it with the real module list through
 * the real parser, so "server_name" goes through the core module's
 * directive table and the http block builds the per-address Host
 * lookups; then it asks rp_http_find_virtual_server() which server a
 * Host reaches on an address.  Errors and warnings are logged into a
 * temp file and compared byte for byte, position included.  Host
 * validation is tested on a table of valid and invalid values.
 */

#include "rp_config.h"

#include <check.h>

#include "rp_core.h"
#include "rp_conf.h"
#include "rp_module.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_request.h"
#include "rp_test_conf.h"
#include "rp_http_server_name.h"

extern struct rp_module  *rp_modules_list[];


/* --- fixture ------------------------------------------------------------- */

static struct rp_http_request  req;


static void
setup(void)
{
    rp_test_conf_setup(rp_modules_list);
}


static void
teardown(void)
{
    rp_test_conf_teardown();
}


/* --- helpers ------------------------------------------------------------- */

/* Parsing "http { <body> }" fails with exactly the line "<msg>\n". */
static void
expect_error(const char *body, const char *msg)
{
    rp_test_conf_expect_error(body, msg);
    ck_assert_uint_eq(rp_test_conf_cf()->errors, 1);
}


static struct rp_http_core_srv_conf *
server(size_t i)
{
    struct rp_http_conf_ctx          *ctx;
    struct rp_http_core_main_conf    *cmcf;
    struct rp_http_core_srv_conf    **cscf;

    ctx = rp_http_get_ctx(rp_test_conf_cycle());
    ck_assert_ptr_nonnull(ctx);
    cmcf = rp_http_ctx_main_conf(ctx, &rp_http_core_module);
    ck_assert_uint_lt(i, cmcf->servers.nelts);
    cscf = cmcf->servers.elts;

    return cscf[i];
}


/* The address whose text is <text>, e.g. "127.0.0.1:8080". */
static struct rp_http_addr_conf *
addr(const char *text)
{
    struct rp_http_core_main_conf  *cmcf;
    struct rp_http_addr_conf       *a;
    size_t                          i;

    cmcf = rp_http_ctx_main_conf(rp_http_get_ctx(rp_test_conf_cycle()),
                                 &rp_http_core_module);
    a = cmcf->addrs.elts;

    for (i = 0; i < cmcf->addrs.nelts; i++) {
        if (rp_str_eq_lit(&a[i].opt.addr_text, text)) {
            return &a[i];
        }
    }

    ck_abort_msg("no address %s", text);
    return NULL;
}


/* Index of the server <host> reaches on <where>; -1 for NULL. */
static int
lookup(const char *where, const char *host, int with_request)
{
    struct rp_http_core_srv_conf  *cscf;
    struct rp_str                  h;
    size_t                         i;

    h.data = (u_char *) host;
    h.len = strlen(host);

    memset(&req, 0, sizeof(req));
    req.pool = rp_test_conf_pool();
    req.main_conf = server(0)->ctx->main_conf;

    cscf = rp_http_find_virtual_server(addr(where), &h,
                                       with_request ? &req : NULL);
    if (cscf == NULL) {
        return -1;
    }

    for (i = 0; ; i++) {
        if (server(i) == cscf) {
            return (int) i;
        }
    }
}


static void
check_name(size_t srv, const char *want)
{
    const struct rp_str  *s = &server(srv)->server_name;

    ck_assert_ptr_nonnull(s->data);
    ck_assert_msg(s->len == strlen(want) && memcmp(s->data, want, s->len) == 0,
                  "server %zu: server_name \"%.*s\", want \"%s\"", srv,
                  (int) s->len, (const char *) s->data, want);
}


struct host_case {
    const char  *where;
    const char  *host;
    int          want;
};


/* --- lookup -------------------------------------------------------------- */

static const char  names_config[] =
    "server { listen 127.0.0.1:8080; server_name first.test; }\n"
    "server { listen 127.0.0.1:8080;\n"
    "         server_name Example.COM www.example.com; }\n"
    "server { listen 127.0.0.1:8080; server_name *.example.com; }\n"
    "server { listen 127.0.0.1:8080; server_name *.b.example.com; }\n"
    "server { listen 127.0.0.1:8080; server_name www.example.*; }\n"
    "server { listen 127.0.0.1:8080; server_name www.example.co.*; }\n"
    "server { listen 127.0.0.1:8080; server_name .dot.test; }\n"
    "server { listen 127.0.0.1:8080;\n"
    "         server_name \"~^(?<sub>[a-z]+)\\.regex\\.test$\" ~^www\\.; }\n"
    "server { listen 127.0.0.1:8080; server_name ~^[a-z]+\\.REGEX\\.test$; }\n"
    "server { listen 127.0.0.1:8080; server_name \"\" localhost; }\n"
    "server { listen 127.0.0.1:8080; server_name *.foo.test; }\n"
    "server { listen 127.0.0.1:8080; server_name www.foo.*; }\n"
    "server { listen 127.0.0.1:8081; server_name example.com; }\n"
    "server { listen 127.0.0.1:8081 default_server;\n"
    "         server_name other.test; server_name more.test; }\n";


START_TEST(test_lookup_precedence)
{
    static const struct host_case  cases[] = {
        { "127.0.0.1:8080", "first.test", 0 },
        { "127.0.0.1:8080", "example.com", 1 },         /* lowercased */
        { "127.0.0.1:8080", "www.example.com", 1 },     /* exact first */
        { "127.0.0.1:8080", "a.example.com", 2 },
        { "127.0.0.1:8080", "b.example.com", 2 },
        { "127.0.0.1:8080", "x.b.example.com", 3 },     /* longest head */
        { "127.0.0.1:8080", "a.x.b.example.com", 3 },
        { "127.0.0.1:8080", "x.bb.example.com", 2 },
        { "127.0.0.1:8080", "www.example.org", 4 },
        { "127.0.0.1:8080", "www.example.co.uk", 5 },   /* longest tail */
        { "127.0.0.1:8080", "www.example.co", 4 },
        { "127.0.0.1:8080", "www.example", 7 },         /* "*" is >= 1 byte */
        { "127.0.0.1:8080", "dot.test", 6 },            /* .x is x ... */
        { "127.0.0.1:8080", "a.dot.test", 6 },          /* ... and *.x */
        { "127.0.0.1:8080", "adot.test", 0 },
        { "127.0.0.1:8080", "foo.regex.test", 7 },      /* first regex */
        { "127.0.0.1:8080", "www.zzz", 7 },
        { "127.0.0.1:8080", "foo.bar.regex.test", 0 },
        { "127.0.0.1:8080", "", 9 },                    /* no Host */
        { "127.0.0.1:8080", "localhost", 9 },
        { "127.0.0.1:8080", "www.foo.test", 10 },       /* head before tail */
        { "127.0.0.1:8080", "www.foo.bar", 11 },
        { "127.0.0.1:8080", "unknown.test", 0 },        /* default */
        { "127.0.0.1:8080", "example", 0 },
        { "127.0.0.1:8080", "com", 0 },
        { "127.0.0.1:8080", "[::1]", 0 },
        { "127.0.0.1:8081", "example.com", 12 },        /* per address */
        { "127.0.0.1:8081", "a.example.com", 13 },      /* default_server */
        { "127.0.0.1:8081", "first.test", 13 },
        { "127.0.0.1:8081", "more.test", 13 },
        { "127.0.0.1:8081", "", 13 },
    };
    size_t  i;

    ck_assert_int_eq(rp_test_conf_parse_http(names_config), RP_OK);
    ck_assert_str_eq(rp_test_conf_logged(), "");

    for (i = 0; i < rp_nelems(cases); i++) {
        ck_assert_msg(lookup(cases[i].where, cases[i].host, 0)
                      == cases[i].want, "%s \"%s\": got %d, want %d",
                      cases[i].where, cases[i].host,
                      lookup(cases[i].where, cases[i].host, 0),
                      cases[i].want);
        ck_assert_int_eq(lookup(cases[i].where, cases[i].host, 1),
                         cases[i].want);
    }
}
END_TEST


START_TEST(test_regex_captures)
{
    ck_assert_int_eq(rp_test_conf_parse_http(names_config), RP_OK);

    /* the captures of the matching server_name regex are the request's */
    ck_assert_int_eq(lookup("127.0.0.1:8080", "abc.regex.test", 1), 7);
    ck_assert_uint_eq(req.ncaptures, 4);
    ck_assert_ptr_nonnull(req.captures);
    ck_assert_int_eq(req.captures[0], 0);
    ck_assert_int_eq(req.captures[1], 14);
    ck_assert_int_eq(req.captures[2], 0);
    ck_assert_int_eq(req.captures[3], 3);

    /* ~ names are caseless, as the Host they see is lowercased */
    ck_assert_int_eq(lookup("127.0.0.1:8080", "abc.regex.test", 0), 7);
    ck_assert_int_eq(lookup("127.0.0.1:8080", "www.regex.test", 1), 7);

    /* no regex ran: nothing captured */
    ck_assert_int_eq(lookup("127.0.0.1:8080", "a.example.com", 1), 2);
    ck_assert_uint_eq(req.ncaptures, 0);
}
END_TEST


START_TEST(test_server_name_field)
{
    ck_assert_int_eq(rp_test_conf_parse_http(names_config), RP_OK);

    check_name(0, "first.test");
    check_name(1, "example.com");
    check_name(2, "*.example.com");
    check_name(6, ".dot.test");
    check_name(7, "^(?<sub>[a-z]+)\\.regex\\.test$");
    check_name(9, "");
    check_name(13, "other.test");

    ck_assert_uint_eq(server(1)->server_names.nelts, 2);
    ck_assert_uint_eq(server(13)->server_names.nelts, 2);

    /* the config text itself is not lowercased in place */
    rp_test_conf_reset();
    ck_assert_int_eq(rp_test_conf_parse_http(
        "server { listen 127.0.0.1:8080; server_name A.Test; }\n"), RP_OK);
    check_name(0, "a.test");
}
END_TEST


START_TEST(test_no_server_name)
{
    ck_assert_int_eq(rp_test_conf_parse_http(
        "server { listen 127.0.0.1:8080; server_name a.test; }\n"
        "server { listen 127.0.0.1:8080; }\n"
        "server { listen 127.0.0.1:8081; listen 127.0.0.1:8082; }\n"),
        RP_OK);
    ck_assert_str_eq(rp_test_conf_logged(), "");

    /* a server without server_name is named "" */
    check_name(1, "");
    ck_assert_uint_eq(server(1)->server_names.nelts, 1);
    ck_assert_int_eq(lookup("127.0.0.1:8080", "", 0), 1);
    ck_assert_int_eq(lookup("127.0.0.1:8080", "b.test", 0), 0);
    ck_assert_int_eq(lookup("127.0.0.1:8080", "a.test", 0), 0);

    /* on two addresses it is given its name once */
    ck_assert_uint_eq(server(2)->server_names.nelts, 1);
    ck_assert_int_eq(lookup("127.0.0.1:8081", "", 0), 2);
    ck_assert_int_eq(lookup("127.0.0.1:8082", "x", 0), 2);
}
END_TEST


START_TEST(test_conflicts_warned)
{
    const char  *log;

    ck_assert_int_eq(rp_test_conf_parse_http(
        "server { listen 127.0.0.1:8080;\n"
        "         server_name dup.test *.w.test www.t.* .d.test; }\n"
        "server { listen 127.0.0.1:8080;\n"
        "         server_name DUP.test *.w.test www.t.* d.test x.test; }\n"
        "server { listen 127.0.0.1:8080; server_name same.test same.test; }\n"
        "server { listen 127.0.0.1:8081; server_name dup.test; }\n"
        "server { listen 127.0.0.1:8081; }\n"
        "server { listen 127.0.0.1:8081; }\n"), RP_OK);

    log = rp_test_conf_logged();
    ck_assert_ptr_nonnull(strstr(log, "rampart: [warn] conflicting server "
                                 "name \"dup.test\" on 127.0.0.1:8080, "
                                 "ignored\n"));
    ck_assert_ptr_nonnull(strstr(log, "rampart: [warn] conflicting server "
                                 "name \"d.test\" on 127.0.0.1:8080, "
                                 "ignored\n"));
    ck_assert_ptr_nonnull(strstr(log, "rampart: [warn] conflicting server "
                                 "name \"*.w.test\" on 127.0.0.1:8080, "
                                 "ignored\n"));
    ck_assert_ptr_nonnull(strstr(log, "rampart: [warn] conflicting server "
                                 "name \"www.t.*\" on 127.0.0.1:8080, "
                                 "ignored\n"));
    ck_assert_ptr_nonnull(strstr(log, "rampart: [warn] conflicting server "
                                 "name \"same.test\" on 127.0.0.1:8080, "
                                 "ignored\n"));
    ck_assert_ptr_nonnull(strstr(log, "rampart: [warn] conflicting server "
                                 "name \"\" on 127.0.0.1:8081, ignored\n"));
    ck_assert_ptr_null(strstr(log, "dup.test\" on 127.0.0.1:8081"));
    ck_assert_ptr_null(strstr(log, "x.test"));
    ck_assert_ptr_null(strstr(log, "[emerg]"));
    ck_assert_uint_eq(rp_test_conf_cf()->errors, 0);

    /* the first server keeps the name */
    ck_assert_int_eq(lookup("127.0.0.1:8080", "dup.test", 0), 0);
    ck_assert_int_eq(lookup("127.0.0.1:8080", "a.w.test", 0), 0);
    ck_assert_int_eq(lookup("127.0.0.1:8080", "www.t.x", 0), 0);
    ck_assert_int_eq(lookup("127.0.0.1:8080", "d.test", 0), 0);
    ck_assert_int_eq(lookup("127.0.0.1:8080", "x.test", 0), 1);
    ck_assert_int_eq(lookup("127.0.0.1:8081", "dup.test", 0), 3);
    ck_assert_int_eq(lookup("127.0.0.1:8081", "", 0), 4);
}
END_TEST


/* --- config errors ------------------------------------------------------- */

#define SRV  "server {\n    listen 127.0.0.1:8080;\n"

START_TEST(test_err_invalid_names)
{
    static const char  *bad[] = {
        "www.*.com", "*", "*.", ".", "a..b", "*.example.*", "example.com.",
        ".example.com.", "*example.com", "www.example*", "**.a", "a.*.*",
        "..a", "*..a", "a.b.",
    };
    char    body[256], msg[256];
    size_t  i;

    for (i = 0; i < rp_nelems(bad); i++) {
        snprintf(body, sizeof(body), SRV "    server_name ok.test \"%s\";\n"
                 "}\n", bad[i]);
        snprintf(msg, sizeof(msg), "invalid server name or wildcard \"%s\" "
                 "in main.conf:4:25", bad[i]);
        expect_error(body, msg);
    }

    expect_error(SRV "    server_name ok.test ~;\n}\n",
                 "empty regex in server name \"~\" in main.conf:4:25");
    expect_error(SRV "    server_name;\n}\n",
                 "invalid number of arguments in \"server_name\" directive "
                 "in main.conf:4:5");
    expect_error("server_name a.test;\n",
                 "\"server_name\" directive is not allowed here in "
                 "main.conf:2:1");
    expect_error(SRV "    location / { server_name a.test; }\n}\n",
                 "\"server_name\" directive is not allowed here in "
                 "main.conf:4:18");

    /* valid odd ones */
    rp_test_conf_reset();
    ck_assert_int_eq(rp_test_conf_parse_http(
                         SRV "    server_name _ a-b.c *.x .y z.* "
                         "\"\" 1.2.3.4 xn--d1a.test;\n}\n"), RP_OK);
    ck_assert_str_eq(rp_test_conf_logged(), "");
}
END_TEST


START_TEST(test_err_regex)
{
    expect_error(SRV "    server_name a.test \"~(x\";\n}\n",
                 "pcre2_compile() failed: missing closing parenthesis in "
                 "\"(x\" at \"\" in main.conf:4:5");
    expect_error(SRV "    server_name \"~a)b\";\n}\n",
                 "pcre2_compile() failed: unmatched closing parenthesis in "
                 "\"a)b\" at \")b\" in main.conf:4:5");
}
END_TEST


/* --- Host validation ----------------------------------------------------- */

START_TEST(test_validate_host_valid)
{
    static const struct {
        const char  *in;
        const char  *out;
        int          copied;
    } cases[] = {
        { "example.com", "example.com", 0 },
        { "Example.COM", "example.com", 1 },
        { "example.com:8080", "example.com", 0 },
        { "example.com:", "example.com", 0 },
        { "example.com.", "example.com", 0 },
        { "EXAMPLE.com.:80", "example.com", 1 },
        { "localhost", "localhost", 0 },
        { "a", "a", 0 },
        { "127.0.0.1:80", "127.0.0.1", 0 },
        { "[::1]", "[::1]", 0 },
        { "[::1]:8080", "[::1]", 0 },
        { "[::FFFF:1.2.3.4]:1", "[::ffff:1.2.3.4]", 1 },
        { "_", "_", 0 },
        { "a-b_c.d", "a-b_c.d", 0 },
        { "xn--d1a.test", "xn--d1a.test", 0 },
        { "caf\xc3\xa9.test", "caf\xc3\xa9.test", 0 },
    };
    struct rp_str  h;
    u_char         buf[64];
    size_t         i, len;

    for (i = 0; i < rp_nelems(cases); i++) {
        len = strlen(cases[i].in);
        memcpy(buf, cases[i].in, len);
        h.data = buf;
        h.len = len;

        ck_assert_msg(rp_http_validate_host(&h, rp_test_conf_pool()) == RP_OK,
                      "\"%s\" rejected", cases[i].in);
        ck_assert_msg(h.len == strlen(cases[i].out)
                      && memcmp(h.data, cases[i].out, h.len) == 0,
                      "\"%s\" -> \"%.*s\", want \"%s\"", cases[i].in,
                      (int) h.len, (const char *) h.data, cases[i].out);

        /* lowercase values are used in place, others are copied */
        ck_assert_int_eq(h.data != buf, cases[i].copied);
        ck_assert_mem_eq(buf, cases[i].in, len);
    }

    /* empty stays empty */
    h.data = buf;
    h.len = 0;
    ck_assert_int_eq(rp_http_validate_host(&h, rp_test_conf_pool()), RP_OK);
    ck_assert_uint_eq(h.len, 0);
}
END_TEST


START_TEST(test_validate_host_invalid)
{
    static const struct {
        const char  *in;
        size_t       len;
    } cases[] = {
        { ".example.com", 0 }, { "a..b", 0 }, { "..", 0 }, { ".", 0 },
        { "a/b", 0 }, { "a\\b", 0 }, { "a b", 0 }, { "a\tb", 0 },
        { "a\rb", 0 }, { "a\nb", 0 }, { "a\x7f", 0 }, { "a\0b", 3 },
        { "\0", 1 }, { ":80", 0 }, { ":", 0 }, { ".:80", 0 },
        { "example.com:8a", 0 }, { "example.com:80:80", 0 },
        { "example.com: 80", 0 }, { "example.com:-1", 0 },
        { "[::1", 0 }, { "[]", 0 }, { "[::1]x", 0 }, { "[::1]:a", 0 },
        { "[::1]]", 0 }, { "[::1/64]", 0 }, { "[[::1]]", 0 },
        { "[ ::1]", 0 }, { "a[b", 0 }, { "a]b", 0 }, { "a..", 0 },
        { "example.com..", 0 }, { "a.b..:80", 0 }, { " a", 0 },
    };
    struct rp_str  h;
    size_t         i;

    for (i = 0; i < rp_nelems(cases); i++) {
        h.data = (u_char *) cases[i].in;
        h.len = cases[i].len ? cases[i].len : strlen(cases[i].in);

        ck_assert_msg(rp_http_validate_host(&h, rp_test_conf_pool())
                      == RP_DECLINED, "case %zu \"%s\" accepted", i,
                      cases[i].in);
    }
}
END_TEST


/* --- suite --------------------------------------------------------------- */

static Suite *
rp_http_server_name_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_http_server_name");

    tc = tcase_create("lookup");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_lookup_precedence);
    tcase_add_test(tc, test_regex_captures);
    tcase_add_test(tc, test_server_name_field);
    tcase_add_test(tc, test_no_server_name);
    tcase_add_test(tc, test_conflicts_warned);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_err_invalid_names);
    tcase_add_test(tc, test_err_regex);
    suite_add_tcase(s, tc);

    tc = tcase_create("host");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_validate_host_valid);
    tcase_add_test(tc, test_validate_host_invalid);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_http_server_name_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
