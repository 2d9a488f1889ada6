/*
 * test_proxy_accel.c - the backend's X-Accel-* response fields and
 * proxy_ignore_headers.
 *
 * "X-Accel-Redirect: /uri" (or "@name") makes rampart answer from that
 * URI or named location with GET instead of relaying the backend's
 * response: the client sees the local answer and none of the backend's
 * fields or body, the origin saw the original request.  An unsafe URI
 * is refused (404).  proxy_ignore_headers X-Accel-Redirect relays the
 * backend's answer instead.  No X-Accel-* field reaches the client
 * unless proxy_pass_header names it.
 */

#include "rp_test.h"

#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define rp_nelems_t(a)  (sizeof(a) / sizeof((a)[0]))

static const struct rp_test_origin_rule  rp_rules[] = {
    { .path = "/xr", .body = "backend body\n",
      .headers = "X-Accel-Redirect: /internal/file?a=1\r\n"
                 "X-Other: v\r\nSet-Cookie: s=1\r\n" },
    { .path = "/xn", .body = "backend body\n",
      .headers = "X-Accel-Redirect: @named\r\n" },
    { .path = "/xbad", .body = "backend body\n",
      .headers = "X-Accel-Redirect: /internal/../etc/passwd\r\n" },
    { .path = "/xa", .body = "accel\n",
      .headers = "X-Accel-Expires: 10\r\nX-Accel-Limit-Rate: 100\r\n"
                 "X-Accel-Charset: utf-8\r\nX-Accel-Buffering: yes\r\n"
                 "X-Kept: 1\r\n" },
    { .path = NULL, .body = "hello\n" },
};


static pid_t
rp_start(void)
{
    ck_assert_int_eq(chmod(rp_t->dir, 0755), 0);
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "worker_processes 1;\n"
        "error_log logs/error.log info;\n"
        "pid logs/rampart.pid;\n"
        "events {\n"
        "    worker_connections 64;\n"
        "}\n"
        "http {\n"
        "    server {\n"
        "        listen 127.0.0.1:%%PORT0%%;\n"
        "        location / {\n"
        "            proxy_pass http://127.0.0.1:%%PORT1%%;\n"
        "        }\n"
        "        location /ign/ {\n"
        "            proxy_pass http://127.0.0.1:%%PORT1%%/;\n"
        "            proxy_ignore_headers Expires X-Accel-Redirect;\n"
        "        }\n"
        "        location /pass/ {\n"
        "            proxy_pass http://127.0.0.1:%%PORT1%%/;\n"
        "            proxy_pass_header X-Accel-Expires;\n"
        "        }\n"
        "        location /internal/ {\n"
        "            return 200 \"internal $request_method $uri $args\\n\";\n"
        "        }\n"
        "        location @named {\n"
        "            return 200 \"named $request_method\\n\";\n"
        "        }\n"
        "    }\n"
        "}\n");
    return rp_test_start(rp_t, 1, (char *) NULL);
}


/* Sends <req> and reads the response into <resp>. */
static void
rp_ask(const char *req, struct rp_test_http_resp *resp)
{
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], req, strlen(req), resp,
                                      0), 1);
}


/* The origin's <n>th request line must be <line>. */
static void
rp_origin_line(int n, const char *line)
{
    struct rp_test_origin_req  req;

    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1], n, &req), 1);
    ck_assert_str_eq(req.line, line);
    rp_test_origin_req_free(&req);
}


START_TEST(x_accel_redirect_answers_from_the_uri_with_get)
{
    struct rp_test_http_resp  resp;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    rp_start();

    rp_ask("POST /xr HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc",
           &resp);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_str_eq(resp.body, "internal GET /internal/file a=1\n");
    ck_assert_int_eq(rp_test_http_header_count(&resp, "X-Other"), 0);
    ck_assert_int_eq(rp_test_http_header_count(&resp, "Set-Cookie"), 0);
    ck_assert_int_eq(rp_test_http_header_count(&resp, "X-Accel-Redirect"), 0);
    rp_test_http_resp_free(&resp);

    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 1);
    rp_origin_line(1, "POST /xr HTTP/1.0");
}
END_TEST


START_TEST(x_accel_redirect_to_a_named_location)
{
    struct rp_test_http_resp  resp;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    rp_start();

    rp_ask("GET /xn HTTP/1.1\r\nHost: a\r\n\r\n", &resp);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_str_eq(resp.body, "named GET\n");
    rp_test_http_resp_free(&resp);
    rp_origin_line(1, "GET /xn HTTP/1.0");
}
END_TEST


START_TEST(unsafe_x_accel_redirect_gives_404)
{
    struct rp_test_http_resp  resp;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    rp_start();

    rp_ask("GET /xbad HTTP/1.1\r\nHost: a\r\n\r\n", &resp);
    ck_assert_int_eq(resp.status, 404);
    ck_assert(!rp_test_contains(resp.body, "backend body"));
    rp_test_http_resp_free(&resp);
    ck_assert(rp_test_log_wait(rp_t, "error", "sent an unsafe "
                               "X-Accel-Redirect \"/internal/../etc/passwd\"",
                               1, 2000));
}
END_TEST


START_TEST(proxy_ignore_headers_x_accel_redirect_relays_the_backend)
{
    struct rp_test_http_resp  resp;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    rp_start();

    rp_ask("GET /ign/xr HTTP/1.1\r\nHost: a\r\n\r\n", &resp);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_str_eq(resp.body, "backend body\n");
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Other"), "v");
    /* ignored, and still hidden as nginx does */
    ck_assert_int_eq(rp_test_http_header_count(&resp, "X-Accel-Redirect"), 0);
    rp_test_http_resp_free(&resp);
    rp_origin_line(1, "GET /xr HTTP/1.0");
}
END_TEST


START_TEST(x_accel_fields_are_hidden_unless_passed)
{
    static const char  *fields[] = {
        "X-Accel-Expires", "X-Accel-Limit-Rate", "X-Accel-Charset",
        "X-Accel-Buffering",
    };
    struct rp_test_http_resp  resp;
    size_t                    i;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    rp_start();

    rp_ask("GET /xa HTTP/1.1\r\nHost: a\r\n\r\n", &resp);
    ck_assert_str_eq(resp.body, "accel\n");
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Kept"), "1");
    for (i = 0; i < rp_nelems_t(fields); i++) {
        ck_assert_msg(rp_test_http_header_count(&resp, fields[i]) == 0,
                      "%s passed:\n%s", fields[i], resp.head);
    }
    rp_test_http_resp_free(&resp);

    rp_ask("GET /pass/xa HTTP/1.1\r\nHost: a\r\n\r\n", &resp);
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Accel-Expires"), "10");
    for (i = 1; i < rp_nelems_t(fields); i++) {
        ck_assert_msg(rp_test_http_header_count(&resp, fields[i]) == 0,
                      "%s passed:\n%s", fields[i], resp.head);
    }
    rp_test_http_resp_free(&resp);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 2);
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("proxy_accel");

    tc = rp_test_tcase("x_accel_redirect");
    tcase_add_test(tc, x_accel_redirect_answers_from_the_uri_with_get);
    tcase_add_test(tc, x_accel_redirect_to_a_named_location);
    tcase_add_test(tc, unsafe_x_accel_redirect_gives_404);
    tcase_add_test(tc, proxy_ignore_headers_x_accel_redirect_relays_the_backend);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("hidden");
    tcase_add_test(tc, x_accel_fields_are_hidden_unless_passed);
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
