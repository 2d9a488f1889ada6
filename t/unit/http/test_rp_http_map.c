/*
 * test_rp_http_map.c - unit tests for src/http/modules/rp_http_map_module.c.
 *
 * Maps are written in a real proxy.conf and read by the real parser;
 * the map variable is then evaluated through a "t_var" of the fixture
 * (test_rp_http_vars.h) on a hand-built request.  Covered: exact keys
 * (case-sensitive), the "hostnames" wildcards (longest wins, case and a
 * trailing dot ignored), regex keys with captures in the value, order
 * of precedence, default, volatile versus cached, include, laziness,
 * the $connection_upgrade idiom, and every config error.
 */

#include "test_rp_http_vars.h"


static void
request(void)
{
    new_request();

    tv_str(&r->uri, "/index.html");
    tv_str(&r->headers_in.server, "example.com");
}


/* The value of t_var <i> for a request whose $arg_k is <k>. */
static const char *
with_arg(size_t i, const char *k)
{
    static char  args[256];

    request();
    snprintf(args, sizeof(args), "k=%s", k);
    tv_str(&r->args, args);

    return eval(i);
}


START_TEST(test_connection_upgrade)
{
    parse_ok("map $http_upgrade $connection_upgrade {\n"
             "    default upgrade;\n"
             "    ''      close;\n"
             "}\n"
             "t_var $connection_upgrade;\n");

    /* no Upgrade header: "" -> close */
    request();
    ck_assert_str_eq(eval(0), "close");

    request();
    r->headers_in.upgrade = add_header(&r->headers_in.headers, "Upgrade",
                                       "websocket");
    ck_assert_str_eq(eval(0), "upgrade");
}
END_TEST


START_TEST(test_exact_and_default)
{
    parse_ok("map $arg_k $exact {\n"
             "    default    dflt;\n"
             "    one        1;\n"
             "    One        1b;\n"
             "    \"two words\" 2;\n"
             "    \\default  escaped;\n"
             "    hostnames-not-set  \"*.x\";\n"
             "}\n"
             "map $arg_k $nodefault {\n"
             "    one  1;\n"
             "}\n"
             "t_var $exact;\n"
             "t_var $nodefault;\n");

    ck_assert_str_eq(with_arg(0, "one"), "1");
    /* without "hostnames" keys are case-sensitive */
    ck_assert_str_eq(with_arg(0, "One"), "1b");
    ck_assert_str_eq(with_arg(0, "ONE"), "dflt");
    ck_assert_str_eq(with_arg(0, "two words"), "2");
    ck_assert_str_eq(with_arg(0, "default"), "escaped");
    ck_assert_str_eq(with_arg(0, "hostnames-not-set"), "*.x");
    ck_assert_str_eq(with_arg(0, "on"), "dflt");
    ck_assert_str_eq(with_arg(0, ""), "dflt");

    /* no default: empty, and found (not "not found") */
    ck_assert_str_eq(with_arg(1, "one"), "1");
    ck_assert_str_eq(with_arg(1, "zzz"), "");
    ck_assert_uint_eq(rp_http_get_indexed_variable(r,
                          tv_cv[1].parts[0].index)->not_found, 0);
}
END_TEST


START_TEST(test_hostnames)
{
    parse_ok("map $host $site {\n"
             "    hostnames;\n"
             "    default            none;\n"
             "    Example.COM        exact;\n"
             "    .example.org       dot-org;\n"
             "    *.example.net      star-net;\n"
             "    *.deep.example.net star-deep;\n"
             "    www.example.*      www-tail;\n"
             "    www.example.co.*   www-co-tail;\n"
             "    mail.example.net   mail-exact;\n"
             "}\n"
             "t_var $site;\n");

    struct {
        const char  *host;
        const char  *want;
    } cases[] = {
        { "example.com", "exact" },
        { "EXAMPLE.com", "exact" },
        { "example.com.", "exact" },
        { "a.example.com", "none" },
        /* ".example.org": the name itself and any name under it */
        { "example.org", "dot-org" },
        { "a.b.example.org", "dot-org" },
        { "A.Example.Org.", "dot-org" },
        { "xexample.org", "none" },
        /* "*.example.net": only names under it; longest suffix wins */
        { "example.net", "none" },
        { "a.example.net", "star-net" },
        { "a.deep.example.net", "star-deep" },
        { "deep.example.net", "star-net" },
        { "mail.example.net", "mail-exact" },
        /* "www.example.*": longest prefix wins */
        { "www.example.io", "www-tail" },
        { "www.example.co.uk", "www-co-tail" },
        { "www.example.co", "www-tail" },
        { "www.example", "none" },
        { "www.examples.io", "none" },
        /* a head wildcard beats a tail one */
        { "www.example.net", "star-net" },
        { "", "none" },
    };
    size_t  i;

    for (i = 0; i < rp_nelems(cases); i++) {
        request();
        tv_str(&r->headers_in.server, cases[i].host);
        ck_assert_msg(strcmp(eval(0), cases[i].want) == 0,
                      "%s: got \"%s\", want \"%s\"", cases[i].host, eval(0),
                      cases[i].want);
    }
}
END_TEST


START_TEST(test_regex_keys)
{
    parse_ok("map $uri $backend {\n"
             "    default                       static;\n"
             "    /api/exact                    exact;\n"
             "    ~^/api/v(\\d+)/                api-v$1;\n"
             "    ~^/api/                       api-any;\n"
             "    ~*\\.PHP$                      php;\n"
             "    ~^/u/(?<user>[a-z]+)/(.*)$    \"$user:$2\";\n"
             "}\n"
             "t_var $backend;\n"
             "t_var $user;\n");

    struct {
        const char  *uri;
        const char  *want;
    } cases[] = {
        /* an exact key beats every regex */
        { "/api/exact", "exact" },
        /* regexes in config order; captures usable in the value */
        { "/api/v2/users", "api-v2" },
        { "/api/vX/users", "api-any" },
        { "/index.php", "php" },
        { "/INDEX.Php", "php" },
        { "/u/alice/a/b", "alice:a/b" },
        { "/index.html", "static" },
    };
    size_t  i;

    for (i = 0; i < rp_nelems(cases); i++) {
        request();
        tv_str(&r->uri, cases[i].uri);
        ck_assert_msg(strcmp(eval(0), cases[i].want) == 0,
                      "%s: got \"%s\", want \"%s\"", cases[i].uri, eval(0),
                      cases[i].want);
    }

    /* the named capture is a variable of its own afterwards */
    request();
    tv_str(&r->uri, "/u/bob/x");
    ck_assert_str_eq(eval(0), "bob:x");
    ck_assert_str_eq(eval(1), "bob");
}
END_TEST


START_TEST(test_complex_source)
{
    parse_ok("map \"$host:$arg_k\" $pair {\n"
             "    example.com:1  first;\n"
             "    ~^(.*):2$      second-$1;\n"
             "}\n"
             "t_var $pair;\n");

    ck_assert_str_eq(with_arg(0, "1"), "first");
    ck_assert_str_eq(with_arg(0, "2"), "second-example.com");
    ck_assert_str_eq(with_arg(0, "3"), "");
}
END_TEST


START_TEST(test_cached_and_volatile)
{
    parse_ok("map $arg_k $cached { a A; b B; }\n"
             "map $arg_k $fresh { volatile; a A; b B; }\n"
             "t_var $cached;\n"
             "t_var $fresh;\n");

    request();
    tv_str(&r->args, "k=a");
    ck_assert_str_eq(eval(0), "A");
    ck_assert_str_eq(eval(1), "A");

    /* the source changes within the request: only volatile follows */
    tv_str(&r->args, "k=b");
    ck_assert_str_eq(eval(0), "A");
    ck_assert_str_eq(eval(1), "B");
}
END_TEST


START_TEST(test_lazy)
{
    parse_ok("map $uri $m { ~^/(x) got-$1; }\n"
             "t_var $m;\n");

    /* nothing is matched until the variable is used */
    request();
    tv_str(&r->uri, "/x");
    ck_assert_ptr_null(r->captures);
    ck_assert_uint_eq(r->variables[tv_cv[0].parts[0].index].valid, 0);

    ck_assert_str_eq(eval(0), "got-x");
    ck_assert_ptr_nonnull(r->captures);
    ck_assert_uint_eq(r->variables[tv_cv[0].parts[0].index].valid, 1);
}
END_TEST


START_TEST(test_include)
{
    rp_test_conf_write("keys.map", "one 1;\ntwo 2;\n~^t(.)$ t-$1;\n");

    parse_ok("map $arg_k $inc {\n"
             "    default 0;\n"
             "    include keys.map;\n"
             "    three 3;\n"
             "}\n"
             "t_var $inc;\n");

    ck_assert_str_eq(with_arg(0, "one"), "1");
    ck_assert_str_eq(with_arg(0, "two"), "2");
    ck_assert_str_eq(with_arg(0, "three"), "3");
    ck_assert_str_eq(with_arg(0, "tx"), "t-x");
    ck_assert_str_eq(with_arg(0, "four"), "0");

    /* a duplicate across the include is still named where it is */
    rp_test_conf_write("dup.map", "one 1;\n");
    expect_error("map $arg_k $inc {\n"
                 "    one 1;\n"
                 "    include dup.map;\n"
                 "}\n",
                 "duplicate \"one\" key in map in dup.map:1:1");
}
END_TEST


START_TEST(test_many_keys)
{
    char    *body, want[32], args[32];
    size_t   n, i;

    /* the table grows past its first buckets many times */
    body = malloc(200000);
    ck_assert_ptr_nonnull(body);
    n = (size_t) snprintf(body, 200000, "map $arg_k $big {\n");

    for (i = 0; i < 5000; i++) {
        n += (size_t) snprintf(body + n, 200000 - n, "k%zu v%zu;\n", i, i);
    }

    snprintf(body + n, 200000 - n, "}\nt_var $big;\n");
    parse_ok(body);
    free(body);

    for (i = 0; i < 5000; i += 97) {
        request();
        snprintf(args, sizeof(args), "k=k%zu", i);
        tv_str(&r->args, args);
        snprintf(want, sizeof(want), "v%zu", i);
        ck_assert_str_eq(eval(0), want);
    }

    ck_assert_str_eq(with_arg(0, "k5000"), "");
}
END_TEST


START_TEST(test_self_reference)
{
    struct rp_str  out;

    /* legal config, but evaluating it would never end: an error */
    parse_ok("map $loop $loop { default x; }\n"
             "t_var $loop;\n");
    request();
    ck_assert_int_eq(rp_http_complex_value(r, &tv_cv[0], &out), RP_ERROR);
}
END_TEST


START_TEST(test_errors)
{
    expect_error("map $arg_k $m {\n    a 1;\n    a 2;\n}\n",
                 "duplicate \"a\" key in map in main.conf:4:5");
    expect_error("map $host $m {\n    hostnames;\n    Example.com 1;\n"
                 "    example.COM 2;\n}\n",
                 "duplicate \"example.COM\" key in map in main.conf:5:5");
    expect_error("map $host $m {\n    hostnames;\n    *.a.com 1;\n"
                 "    .a.com 2;\n}\n",
                 "duplicate \".a.com\" key in map in main.conf:5:5");
    expect_error("map $host $m {\n    hostnames;\n    .a.com 1;\n"
                 "    a.com 2;\n}\n",
                 "duplicate \"a.com\" key in map in main.conf:5:5");
    expect_error("map $host $m {\n    hostnames;\n    www.a.* 1;\n"
                 "    www.A.* 2;\n}\n",
                 "duplicate \"www.A.*\" key in map in main.conf:5:5");
    expect_error("map $host $m {\n    hostnames;\n    www.*.com 1;\n}\n",
                 "invalid hostname or wildcard \"www.*.com\" in map in "
                 "main.conf:4:5");
    expect_error("map $host $m {\n    hostnames;\n    * 1;\n}\n",
                 "invalid hostname or wildcard \"*\" in map in "
                 "main.conf:4:5");
    expect_error("map $uri $m {\n    ~^(a 1;\n}\n",
                 "pcre2_compile() failed: missing closing parenthesis in "
                 "\"^(a\" at \"\" in main.conf:3:5");
    expect_error("map $uri $m {\n    default 1;\n    default 2;\n}\n",
                 "\"default\" value is duplicate in main.conf:4:5");
    expect_error("map $uri $m {\n    a;\n}\n",
                 "invalid number of the map parameters in main.conf:3:5");
    expect_error("map $uri $m {\n    a b c;\n}\n",
                 "invalid number of the map parameters in main.conf:3:5");
    expect_error("map $uri $m {\n    a 1;\n    hostnames;\n}\n",
                 "\"hostnames\" must come before the first key of the map "
                 "in main.conf:4:5");
    expect_error("map $uri m {\n}\n",
                 "invalid variable name \"m\" in main.conf:2:10");
    expect_error("map $uri $ {\n}\n",
                 "invalid variable name \"$\" in main.conf:2:10");
    expect_error("map $uri $m { }\nmap $args $m { }\n",
                 "the duplicate \"m\" variable in main.conf:3:11");
    expect_error("map $uri $host { }\n",
                 "the duplicate \"host\" variable in main.conf:2:1");
    expect_error("map $nosuch $m { }\n",
                 "unknown \"nosuch\" variable in main.conf:2:5");
    expect_error("map $uri $m { a $nosuch; }\n",
                 "unknown \"nosuch\" variable in main.conf:2:17");
    expect_error("map $uri $m { a 1; { } }\n",
                 "unexpected \"{\" in main.conf:2:20");
    expect_error("server {\n    listen 127.0.0.1:8080;\n"
                 "    map $uri $m { }\n}\n",
                 "\"map\" directive is not allowed here in main.conf:4:5");
    expect_error("map $uri { }\n",
                 "invalid number of arguments in \"map\" directive in "
                 "main.conf:2:1");
    expect_error("map $uri $m;\n",
                 "directive \"map\" has no opening \"{\" in main.conf:2:1");
}
END_TEST


START_TEST(test_errors_keep_going)
{
    /* one run reports every bad line of the block */
    expect_error("map $uri $m {\n    a 1;\n    a 2;\n    b;\n"
                 "    default 1;\n    default 2;\n}\n",
                 "duplicate \"a\" key in map in main.conf:4:5\n"
                 "rampart: [emerg] invalid number of the map parameters in "
                 "main.conf:5:5\n"
                 "rampart: [emerg] \"default\" value is duplicate in "
                 "main.conf:7:5");
}
END_TEST


static Suite *
rp_http_map_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_http_map");

    tc = tcase_create("lookup");
    tcase_add_checked_fixture(tc, tv_setup, tv_teardown);
    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, test_connection_upgrade);
    tcase_add_test(tc, test_exact_and_default);
    tcase_add_test(tc, test_hostnames);
    tcase_add_test(tc, test_regex_keys);
    tcase_add_test(tc, test_complex_source);
    tcase_add_test(tc, test_cached_and_volatile);
    tcase_add_test(tc, test_lazy);
    tcase_add_test(tc, test_include);
    tcase_add_test(tc, test_many_keys);
    tcase_add_test(tc, test_self_reference);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, tv_setup, tv_teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_errors_keep_going);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return tv_main(rp_http_map_suite());
}
