/*
 * test_rp_http_script.c - unit tests for src/http/rp_http_script.c.
 *
 * Complex values are compiled from real config tokens ("t_var VALUE;"
 * and "t_cv VALUE;" of the fixture in test_rp_http_vars.h, so the
 * tokenizer's has_vars and escapes are the real ones) and evaluated
 * against a hand-built request: plain literals (also with regex "$"
 * anchors), "$name", "${name}", captures "$1".."$9" and "${12}",
 * missing values, many parts, the generic slot setter and its errors.
 */

#include "test_rp_http_vars.h"


/* Evaluate t_var <i> and check that it is <want>. */
static void
check(size_t i, const char *want)
{
    ck_assert_str_eq(eval(i), want);
}


static void
request(void)
{
    new_request();

    tv_str(&r->uri, "/index.html");
    tv_str(&r->args, "q=1");
    tv_str(&r->unparsed_uri, "/index.html?q=1");
    tv_str(&r->schema, "https");
    tv_str(&r->headers_in.server, "example.com");
    tv_str(&r->method_name, "GET");
}


START_TEST(test_literals)
{
    parse_ok("t_var plain;\n"
             "t_var \"^/old/(.*)$\";\n"
             "t_var 100$;\n"
             "t_var \"a $ b\";\n"
             "t_var '';\n"
             "t_var \\$host;\n");
    request();

    /* no variable: no parts, the value is the token, not a copy */
    ck_assert_ptr_null(tv_cv[0].parts);
    ck_assert_uint_eq(tv_cv[0].nparts, 0);
    check(0, "plain");

    /* "$" not followed by a name is an ordinary byte */
    ck_assert_ptr_null(tv_cv[1].parts);
    check(1, "^/old/(.*)$");
    check(2, "100$");
    check(3, "a $ b");
    check(4, "");

    /* an escaped "$" does not start a variable */
    ck_assert_ptr_null(tv_cv[5].parts);
    check(5, "$host");
}
END_TEST


START_TEST(test_literal_not_copied)
{
    struct rp_str  out;

    parse_ok("t_var plain;\n");
    request();

    ck_assert_int_eq(rp_http_complex_value(r, &tv_cv[0], &out), RP_OK);
    ck_assert_ptr_eq(out.data, tv_cv[0].value.data);
    ck_assert_uint_eq(out.len, 5);
}
END_TEST


START_TEST(test_variables)
{
    parse_ok("t_var $uri;\n"
             "t_var $scheme://$host$request_uri;\n"
             "t_var a${uri}b;\n"
             "t_var \"${host}x$is_args$args\";\n"
             "t_var pre-$request_method-post;\n"
             "t_var $host$host$host;\n"
             "t_var \"^/x$ $uri\";\n"
             "t_var ${HOST}.;\n");
    request();

    ck_assert_uint_eq(tv_cv[0].nparts, 1);
    check(0, "/index.html");
    ck_assert_uint_eq(tv_cv[1].nparts, 4);
    check(1, "https://example.com/index.html?q=1");
    ck_assert_uint_eq(tv_cv[2].nparts, 3);
    check(2, "a/index.htmlb");
    check(3, "example.comx?q=1");
    check(4, "pre-GET-post");
    check(5, "example.comexample.comexample.com");
    check(6, "^/x$ /index.html");
    check(7, "example.com.");

    /* values that change are read again at each evaluation */
    tv_str(&r->uri, "/other");
    check(0, "/other");
    check(2, "a/otherb");
}
END_TEST


START_TEST(test_missing_values)
{
    parse_ok("t_var [$http_x_none];\n"
             "t_var $arg_none$cookie_none;\n"
             "t_var \"$http_x_none\";\n");
    request();

    check(0, "[]");
    check(1, "");
    check(2, "");
}
END_TEST


START_TEST(test_captures)
{
    struct rp_str  subject;

    parse_ok("t_regex \"^/(\\w+)/(\\w+)/(\\w+)/(\\w+)/(\\w+)/(\\w+)/(\\w+)/"
             "(\\w+)/(\\w+)/(\\w+)/(\\w+)/(\\w+)$\";\n"
             "t_var $1;\n"
             "t_var $1x;\n"
             "t_var $12;\n"
             "t_var ${12};\n"
             "t_var ${1}2;\n"
             "t_var /$9/$0;\n"
             "t_var ${13};\n");
    request();

    rp_str_set(&subject, "/a/b/c/d/e/f/g/h/i/j/k/l");
    ck_assert_int_eq(rp_http_regex_exec(r, tv_re[0], &subject), RP_OK);

    check(0, "a");
    /* one digit only: "$1x" is $1 then "x", "$12" is $1 then "2" */
    check(1, "ax");
    check(2, "a2");
    /* braces take every digit */
    check(3, "l");
    check(4, "a2");
    check(5, "/i//a/b/c/d/e/f/g/h/i/j/k/l");
    /* a group the regex does not have: empty */
    check(6, "");
}
END_TEST


START_TEST(test_many_parts)
{
    char     body[4096], want[4096];
    size_t   i;
    int      n, m;

    /* more parts than the evaluator keeps on its stack */
    n = snprintf(body, sizeof(body), "t_var \"");
    m = 0;

    for (i = 0; i < 40; i++) {
        n += snprintf(body + n, sizeof(body) - n, "<%zu>$uri", i);
        m += snprintf(want + m, sizeof(want) - m, "<%zu>/index.html", i);
    }

    snprintf(body + n, sizeof(body) - n, "\";\n");
    parse_ok(body);
    request();

    ck_assert_uint_eq(tv_cv[0].nparts, 80);
    check(0, want);
}
END_TEST


START_TEST(test_slot)
{
    struct rp_str  out;

    parse_ok("t_cv $scheme-$host;\n");
    request();

    ck_assert_ptr_nonnull(tv_conf()->cv);
    ck_assert_int_eq(rp_http_complex_value(r, tv_conf()->cv, &out), RP_OK);
    ck_assert_uint_eq(out.len, strlen("https-example.com"));
    ck_assert_int_eq(memcmp(out.data, "https-example.com", out.len), 0);

    /* unset stays NULL, for merge functions */
    parse_ok("");
    ck_assert_ptr_null(tv_conf()->cv);

    expect_error("t_cv a;\nt_cv b;\n",
                 "\"t_cv\" directive is duplicate in main.conf:3:1");
}
END_TEST


START_TEST(test_errors)
{
    expect_error("t_var \"x${}y\";\n",
                 "invalid variable name in \"x${}y\" in main.conf:2:7");
    expect_error("t_cv $nope;\n",
                 "unknown \"nope\" variable in main.conf:2:6");
    expect_error("t_var \"ok $host ${bad}\";\n",
                 "unknown \"bad\" variable in main.conf:2:7");
}
END_TEST


START_TEST(test_compile_token_by_hand)
{
    struct rp_conf_token           tok;
    struct rp_http_complex_value   cv;
    struct rp_conf                *cf = rp_test_conf_cf();

    parse_ok("");
    cf->ctx = rp_http_get_ctx(rp_test_conf_cycle());
    cf->module_type = RP_HTTP_MODULE;

    /* without has_vars, a "$" is never a variable */
    memset(&tok, 0, sizeof(tok));
    rp_str_set(&tok.value, "$uri");
    ck_assert_int_eq(rp_http_compile_complex_value(cf, &tok, &cv), RP_OK);
    ck_assert_ptr_null(cv.parts);
    ck_assert(rp_str_eq_lit(&cv.value, "$uri"));

    tok.has_vars = 1;
    ck_assert_int_eq(rp_http_compile_complex_value(cf, &tok, &cv), RP_OK);
    ck_assert_ptr_nonnull(cv.parts);
    ck_assert_uint_eq(cv.nparts, 1);
}
END_TEST


static Suite *
rp_http_script_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_http_script");

    tc = tcase_create("compile");
    tcase_add_checked_fixture(tc, tv_setup, tv_teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_literals);
    tcase_add_test(tc, test_literal_not_copied);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_compile_token_by_hand);
    tcase_add_test(tc, test_slot);
    suite_add_tcase(s, tc);

    tc = tcase_create("evaluate");
    tcase_add_checked_fixture(tc, tv_setup, tv_teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_variables);
    tcase_add_test(tc, test_missing_values);
    tcase_add_test(tc, test_captures);
    tcase_add_test(tc, test_many_parts);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return tv_main(rp_http_script_suite());
}
