/*
 * test_upstream_health_conf.c - configuration errors of health_check
 * and match, through "rampart -t".
 *
 * Each test writes a proxy.conf whose one bad value is found by a
 * needle, runs "rampart -t" and expects exactly one "[emerg]" line with
 * the message and the needle's file:line:col (errors about a value
 * point at the value, errors about a directive at its name), exit
 * status 1 and "test failed".  A last test checks that the good forms
 * of every parameter and condition pass.
 */

#include "rp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RP_HEAD                                                              \
    "daemon off;\n"                                                          \
    "error_log logs/error.log info;\n"                                       \
    "events { worker_connections 64; }\n"                                    \
    "http {\n"

#define RP_UPSTREAM(hc)                                                      \
    "    upstream backend {\n"                                               \
    "        server 127.0.0.1:8081;\n"                                       \
    "        " hc "\n"                                                       \
    "    }\n"


/* See rp_test_expect_emerg() (t/lib/rp_test.h). */
static void
rp_expect(const char *conf, const char *msg, const char *needle,
    int prefix_only)
{
    rp_test_expect_emerg(rp_t, conf, msg, needle, prefix_only);
}


/* A health_check line <hc> whose bad token is <needle>. */
static void
rp_bad_hc(const char *hc, const char *needle, const char *msg)
{
    char  conf[4096];

    RP_TEST_PRINT(conf, RP_HEAD
                  "    upstream backend {\n"
                  "        server 127.0.0.1:8081;\n"
                  "        %s\n"
                  "    }\n"
                  "}\n", hc);
    rp_expect(conf, msg, needle, 0);
}


/* A match block <body> (one line) whose bad token is <needle>. */
static void
rp_bad_match(const char *body, const char *needle, const char *msg,
    int prefix_only)
{
    char  conf[4096];

    RP_TEST_PRINT(conf, RP_HEAD
                  "    match m {\n"
                  "        %s\n"
                  "    }\n"
                  RP_UPSTREAM("health_check match=m;")
                  "}\n", body);
    rp_expect(conf, msg, needle, prefix_only);
}


START_TEST(bad_times)
{
    rp_bad_hc("health_check interval=0;", "interval=0",
              "invalid parameter \"interval=0\": a time from 1ms to 7d is "
              "expected");
    rp_bad_hc("health_check fails=2 interval=fast;", "interval=fast",
              "invalid parameter \"interval=fast\": a time from 1ms to 7d "
              "is expected");
    rp_bad_hc("health_check timeout=-1s;", "timeout=-1s",
              "invalid parameter \"timeout=-1s\": a time from 1ms to 7d is "
              "expected");
    rp_bad_hc("health_check timeout=8d;", "timeout=8d",
              "invalid parameter \"timeout=8d\": a time from 1ms to 7d is "
              "expected");
}
END_TEST


START_TEST(bad_counts_and_port)
{
    rp_bad_hc("health_check fails=0;", "fails=0",
              "invalid parameter \"fails=0\": a number from 1 to 1000000 is "
              "expected");
    rp_bad_hc("health_check passes=two;", "passes=two",
              "invalid parameter \"passes=two\": a number from 1 to 1000000 "
              "is expected");
    rp_bad_hc("health_check passes=1000001;", "passes=1000001",
              "invalid parameter \"passes=1000001\": a number from 1 to "
              "1000000 is expected");
    rp_bad_hc("health_check port=70000;", "port=70000",
              "invalid parameter \"port=70000\": a number from 1 to 65535 is "
              "expected");
    rp_bad_hc("health_check port=0;", "port=0",
              "invalid parameter \"port=0\": a number from 1 to 65535 is "
              "expected");
}
END_TEST


START_TEST(bad_uri_match_and_unknown_parameters)
{
    static const char  uri_msg[] = "a path starting with \"/\", without "
                                   "spaces, control bytes or \"#\", is "
                                   "expected";

    rp_bad_hc("health_check uri=health;", "uri=health",
              rp_test_fmt("invalid parameter \"uri=health\": %s", uri_msg));
    rp_bad_hc("health_check uri=;", "uri=",
              rp_test_fmt("invalid parameter \"uri=\": %s", uri_msg));
    rp_bad_hc("health_check \"uri=/a b\";", "\"uri=/a b\"",
              rp_test_fmt("invalid parameter \"uri=/a b\": %s", uri_msg));
    rp_bad_hc("health_check uri=/a#frag;", "uri=/a#frag",
              rp_test_fmt("invalid parameter \"uri=/a#frag\": %s", uri_msg));
    rp_bad_hc("health_check match=;", "match=",
              "invalid parameter \"match=\"");
    rp_bad_hc("health_check interval=1s mandatory;", "mandatory",
              "invalid parameter \"mandatory\"");
    rp_bad_hc("health_check;\n        health_check fails=1;",
              "health_check fails=1",
              "\"health_check\" is duplicate in upstream \"backend\"");
}
END_TEST


START_TEST(unknown_match_and_wrong_contexts)
{
    char  conf[4096];

    /* the position is match='s, reported when the http block ends */
    RP_TEST_PRINT(conf, RP_HEAD
                  RP_UPSTREAM("health_check interval=1s match=nope;")
                  "}\n");
    rp_expect(conf, "\"health_check\" names unknown match \"nope\"",
              "match=nope", 0);

    RP_TEST_PRINT(conf, RP_HEAD
                  "    server {\n"
                  "        health_check;\n"
                  "    }\n"
                  "}\n");
    rp_expect(conf, "\"health_check\" directive is not allowed here",
              "health_check", 0);

    RP_TEST_PRINT(conf, RP_HEAD
                  "    upstream backend {\n"
                  "        server 127.0.0.1:8081;\n"
                  "        match m { status 200; }\n"
                  "    }\n"
                  "}\n");
    rp_expect(conf, "\"match\" directive is not allowed here", "match", 0);
}
END_TEST


START_TEST(bad_match_blocks)
{
    char  conf[4096];

    RP_TEST_PRINT(conf, RP_HEAD
                  "    match empty {\n"
                  "    }\n"
                  "}\n");
    rp_expect(conf, "match \"empty\" has no conditions", "empty", 0);

    RP_TEST_PRINT(conf, RP_HEAD
                  "    match m { status 200; }\n"
                  "    match m { status 204; }\n"
                  "}\n");
    rp_expect(conf, "duplicate match \"m\"", "m { status 204", 0);
}
END_TEST


START_TEST(bad_status_conditions)
{
    static const char  tail[] = ": a code from 100 to 599 or a range like "
                                "200-399 is expected";

    rp_bad_match("status 600;", "600",
                 rp_test_fmt("invalid status \"600\"%s", tail), 0);
    rp_bad_match("status 200 2xx;", "2xx",
                 rp_test_fmt("invalid status \"2xx\"%s", tail), 0);
    rp_bad_match("status ! 99;", "99",
                 rp_test_fmt("invalid status \"99\"%s", tail), 0);
    rp_bad_match("status 399-200;", "399-200",
                 rp_test_fmt("invalid status \"399-200\"%s", tail), 0);
    rp_bad_match("status 200-;", "200-",
                 rp_test_fmt("invalid status \"200-\"%s", tail), 0);
    rp_bad_match("status !;", "status",
                 "\"status\" needs at least one status code or range", 0);
}
END_TEST


START_TEST(bad_header_and_body_conditions)
{
    rp_bad_match("header X-A == b;", "==",
                 "invalid operator \"==\": \"=\", \"!=\", \"~\" or \"!~\" is "
                 "expected", 0);
    rp_bad_match("header \"X A\";", "\"X A\"",
                 "invalid header name \"X A\"", 0);
    rp_bad_match("header X-A b;", "header",
                 "invalid \"header\" condition: \"header NAME\", \"header ! "
                 "NAME\" or \"header NAME OP VALUE\" is expected", 0);
    rp_bad_match("header X-A ~ \"(\";", "\"(\"",
                 "invalid regex \"(\": ", 1);
    rp_bad_match("body ~ \"a[\";", "\"a[\"", "invalid regex \"a[\": ", 1);
    rp_bad_match("body = OK;", "=",
                 "invalid operator \"=\": \"~\" or \"!~\" is expected", 0);
    rp_bad_match("body OK;", "body",
                 "invalid \"body\" condition: \"body ~ REGEX\" or \"body !~ "
                 "REGEX\" is expected", 0);
    rp_bad_match("status 200; cookie a;", "cookie",
                 "unknown condition \"cookie\" in match \"m\": \"status\", "
                 "\"header\" or \"body\" is expected", 0);
}
END_TEST


START_TEST(every_good_form_passes)
{
    struct rp_test_run  r;

    rp_test_write_conf(rp_t, "proxy.conf", RP_HEAD
        "    upstream backend {\n"
        "        server 127.0.0.1:8081;\n"
        "        server 127.0.0.1:8082 backup;\n"
        "        health_check interval=2s timeout=500ms fails=3 passes=2 "
        "uri=/health?full=1 port=9000 match=later;\n"
        "    }\n"
        "    upstream other {\n"
        "        server 127.0.0.1:8083;\n"
        "        health_check;\n"
        "    }\n"
        "    match later {\n"
        "        status 200 204 300-399;\n"
        "        status ! 301 500-599;\n"
        "        header Content-Type ~ \"^text/\";\n"
        "        header X-A = 1;\n"
        "        header X-B != 2;\n"
        "        header X-C !~ c+;\n"
        "        header ! X-Maintenance;\n"
        "        header X-Ready;\n"
        "        body ~ OK;\n"
        "        body !~ ERROR;\n"
        "    }\n"
        "}\n");
    rp_test_run(rp_t, &r, "-t", (char *) NULL);
    ck_assert_msg(r.status == 0, "-t failed:\n%s", r.err);
    ck_assert(rp_test_contains(r.err, "test is successful"));
    rp_test_run_free(&r);
}
END_TEST


static Suite *
rp_suite(void)
{
    Suite  *s = suite_create("upstream_health_conf");
    TCase  *tc;

    tc = rp_test_tcase("health_check");
    tcase_add_test(tc, bad_times);
    tcase_add_test(tc, bad_counts_and_port);
    tcase_add_test(tc, bad_uri_match_and_unknown_parameters);
    tcase_add_test(tc, unknown_match_and_wrong_contexts);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("match");
    tcase_add_test(tc, bad_match_blocks);
    tcase_add_test(tc, bad_status_conditions);
    tcase_add_test(tc, bad_header_and_body_conditions);
    tcase_add_test(tc, every_good_form_passes);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return rp_test_main(rp_suite());
}
