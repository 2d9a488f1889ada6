/*
 * test_proxy_basic.c - proxy_pass and the request the backend receives.
 *
 * Each test starts one worker whose locations proxy to one or two
 * scriptable origins (t/lib/rp_test_origin.c) listening on PORT1 and
 * PORT2, sends requests with the raw client, and asserts on both sides:
 * what the client got and what the origin recorded.  Expectations follow
 * nginx's semantics for the same directives: URI replacement by the URI
 * part of proxy_pass, "Host: $proxy_host" and "Connection: close" by
 * default, HTTP/1.0 to the backend unless proxy_http_version 1.1,
 * proxy_set_header adding, changing and (with "") removing fields,
 * $proxy_add_x_forwarded_for, hop-by-hop fields never forwarded, upstream
 * groups with round robin and keep-alive reuse counted at the origin, and
 * $upstream_addr/$upstream_status in the access log.
 */

#include "rp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RP_REQ(uri)  "GET " uri " HTTP/1.1\r\nHost: front\r\n\r\n"

static const struct rp_test_origin_rule  rp_ok_rules[] = {
    { .path = "/missing", .status = 404, .body = "not here\n" },
    { .path = NULL, .body = "from origin\n" },
};


/* Starts one worker with <http_extra> in http and <srv> in the server. */
static pid_t
rp_start(const char *http_extra, const char *srv)
{
    char  conf[8192];

    RP_TEST_PRINT(conf,
                  "daemon off;\n"
                  "worker_processes 1;\n"
                  "error_log logs/error.log info;\n"
                  "pid logs/rampart.pid;\n"
                  "events {\n"
                  "    worker_connections 64;\n"
                  "}\n"
                  "http {\n"
                  "%s"
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "%s"
                  "    }\n"
                  "}\n", http_extra ? http_extra : "", srv);
    rp_test_write_conf(rp_t, "proxy.conf", conf);

    return rp_test_start(rp_t, 1, (char *) NULL);
}


/* Sends <request> to PORT0 and reads the response into <resp>. */
static void
rp_get(const char *request, struct rp_test_http_resp *resp)
{
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], request,
                                      strlen(request), resp, 0), 1);
}


/* GET <request>, expect <status>, and return the origin's <n>th request. */
static void
rp_proxied(const char *request, int status, int n,
    struct rp_test_origin_req *req)
{
    struct rp_test_http_resp  resp;

    rp_get(request, &resp);
    ck_assert_int_eq(resp.status, status);
    rp_test_http_resp_free(&resp);
    ck_assert_msg(rp_test_origin_request(rp_t, rp_t->port[1], n, req) == 1,
                  "the origin did not get request %d", n);
}


START_TEST(proxy_pass_without_uri_passes_the_original_uri)
{
    struct rp_test_http_resp   resp;
    struct rp_test_origin_req  req;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_ok_rules, 2);
    rp_start(NULL,
             "location /app/ { proxy_pass http://127.0.0.1:%%PORT1%%; }\n");

    rp_get(RP_REQ("/app/x%20y?q=1&r"), &resp);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_str_eq(resp.body, "from origin\n");
    rp_test_http_resp_free(&resp);

    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1], 1, &req), 1);
    ck_assert_str_eq(req.line, "GET /app/x%20y?q=1&r HTTP/1.0");
    rp_test_origin_req_free(&req);
}
END_TEST


START_TEST(proxy_pass_uri_part_replaces_the_location_prefix)
{
    struct rp_test_origin_req  req;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_ok_rules, 2);
    rp_start(NULL,
             "location /app/ { proxy_pass http://127.0.0.1:%%PORT1%%/; }\n"
             "location /b/ { proxy_pass http://127.0.0.1:%%PORT1%%/new/; }\n"
             "location = /exact { proxy_pass http://127.0.0.1:%%PORT1%%/other; }\n");

    rp_proxied(RP_REQ("/app/x/y?a=b"), 200, 1, &req);
    ck_assert_str_eq(req.line, "GET /x/y?a=b HTTP/1.0");
    rp_test_origin_req_free(&req);

    rp_proxied(RP_REQ("/app/"), 200, 2, &req);
    ck_assert_str_eq(req.line, "GET / HTTP/1.0");
    rp_test_origin_req_free(&req);

    rp_proxied(RP_REQ("/b/c.html"), 200, 3, &req);
    ck_assert_str_eq(req.line, "GET /new/c.html HTTP/1.0");
    rp_test_origin_req_free(&req);

    rp_proxied(RP_REQ("/exact?z=9"), 200, 4, &req);
    ck_assert_str_eq(req.line, "GET /other?z=9 HTTP/1.0");
    rp_test_origin_req_free(&req);
}
END_TEST


START_TEST(default_request_has_proxy_host_and_connection_close)
{
    struct rp_test_origin_req  req;
    char                       host[64];

    rp_test_origin_start(rp_t, rp_t->port[1], rp_ok_rules, 2);
    rp_start(NULL, "location / { proxy_pass http://127.0.0.1:%%PORT1%%; }\n");

    rp_proxied("GET /h HTTP/1.1\r\nHost: front.example\r\nX-Custom: kept\r\n"
               "Accept: */*\r\n\r\n", 200, 1, &req);
    RP_TEST_PRINT(host, "127.0.0.1:%d", rp_t->port[1]);
    ck_assert_str_eq(req.line, "GET /h HTTP/1.0");
    ck_assert_int_eq(rp_test_origin_header_count(&req, "Host"), 1);
    ck_assert_str_eq(rp_test_origin_header(&req, "Host"), host);
    ck_assert_int_eq(rp_test_origin_header_count(&req, "Connection"), 1);
    ck_assert_str_eq(rp_test_origin_header(&req, "Connection"), "close");
    ck_assert_str_eq(rp_test_origin_header(&req, "X-Custom"), "kept");
    ck_assert_str_eq(rp_test_origin_header(&req, "Accept"), "*/*");
    ck_assert_uint_eq(req.body_len, 0);
    rp_test_origin_req_free(&req);

    /* "Connection: close": the proxy does not keep the connection */
    ck_assert_int_eq(rp_test_origin_conns(rp_t, rp_t->port[1]), 1);
}
END_TEST


START_TEST(proxy_set_header_adds_changes_and_removes)
{
    struct rp_test_origin_req  req;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_ok_rules, 2);
    rp_start(NULL,
             "location / {\n"
             "    proxy_pass http://127.0.0.1:%%PORT1%%;\n"
             "    proxy_set_header Host $host;\n"
             "    proxy_set_header X-Added \"a $request_method\";\n"
             "    proxy_set_header User-Agent changed/1;\n"
             "    proxy_set_header Accept-Encoding \"\";\n"
             "    proxy_set_header X-Empty-Var $http_x_nothing;\n"
             "}\n");

    rp_proxied("GET / HTTP/1.1\r\nHost: Front.Example\r\nUser-Agent: ua/0\r\n"
               "Accept-Encoding: gzip\r\nX-Keep: k\r\n\r\n", 200, 1, &req);
    ck_assert_str_eq(rp_test_origin_header(&req, "Host"), "front.example");
    ck_assert_str_eq(rp_test_origin_header(&req, "X-Added"), "a GET");
    ck_assert_int_eq(rp_test_origin_header_count(&req, "User-Agent"), 1);
    ck_assert_str_eq(rp_test_origin_header(&req, "User-Agent"), "changed/1");
    ck_assert_int_eq(rp_test_origin_header_count(&req, "Accept-Encoding"), 0);
    /* a value that evaluates to "" removes the field too (nginx) */
    ck_assert_int_eq(rp_test_origin_header_count(&req, "X-Empty-Var"), 0);
    ck_assert_str_eq(rp_test_origin_header(&req, "X-Keep"), "k");
    rp_test_origin_req_free(&req);
}
END_TEST


START_TEST(proxy_add_x_forwarded_for_appends_the_client)
{
    struct rp_test_origin_req  req;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_ok_rules, 2);
    rp_start(NULL,
             "location / {\n"
             "    proxy_pass http://127.0.0.1:%%PORT1%%;\n"
             "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
             "}\n");

    rp_proxied(RP_REQ("/one"), 200, 1, &req);
    ck_assert_str_eq(rp_test_origin_header(&req, "X-Forwarded-For"), "127.0.0.1");
    rp_test_origin_req_free(&req);

    rp_proxied("GET /two HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 10.0.0.1\r\n\r\n",
               200, 2, &req);
    ck_assert_int_eq(rp_test_origin_header_count(&req, "X-Forwarded-For"), 1);
    ck_assert_str_eq(rp_test_origin_header(&req, "X-Forwarded-For"),
                     "10.0.0.1, 127.0.0.1");
    rp_test_origin_req_free(&req);
}
END_TEST


START_TEST(hop_by_hop_headers_never_reach_the_origin)
{
    static const char  *hop[] = {
        "Keep-Alive", "TE", "Trailer", "Upgrade", "Proxy-Authorization",
        "Proxy-Connection", "X-Listed", "Transfer-Encoding", NULL
    };
    struct rp_test_origin_req  req;
    int                        i;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_ok_rules, 2);
    rp_start(NULL, "location / { proxy_pass http://127.0.0.1:%%PORT1%%; }\n");

    rp_proxied("GET /hop HTTP/1.1\r\nHost: a\r\n"
               "Connection: keep-alive, X-Listed\r\n"
               "Keep-Alive: timeout=300\r\nTE: trailers\r\nTrailer: X-T\r\n"
               "Upgrade: h2c\r\nProxy-Authorization: Basic dTpw\r\n"
               "Proxy-Connection: keep-alive\r\nX-Listed: secret\r\n"
               "X-Normal: ok\r\n\r\n", 200, 1, &req);
    for (i = 0; hop[i]; i++) {
        ck_assert_msg(rp_test_origin_header_count(&req, hop[i]) == 0,
                      "%s reached the origin:\n%s", hop[i], req.raw);
    }
    ck_assert_str_eq(rp_test_origin_header(&req, "Connection"), "close");
    ck_assert_str_eq(rp_test_origin_header(&req, "X-Normal"), "ok");
    rp_test_origin_req_free(&req);
}
END_TEST


START_TEST(upstream_group_balances_round_robin)
{
    struct rp_test_http_resp   resp;
    struct rp_test_origin_req  req;
    int                        i;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_ok_rules, 2);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_ok_rules, 2);
    rp_start("    upstream app {\n"
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        server 127.0.0.1:%%PORT2%%;\n"
             "    }\n",
             "location / { proxy_pass http://app; }\n");

    for (i = 0; i < 6; i++) {
        rp_get(RP_REQ("/rr"), &resp);
        ck_assert_int_eq(resp.status, 200);
        rp_test_http_resp_free(&resp);
    }
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 3);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[2]), 3);

    /* $proxy_host of a group is its name */
    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[2], 1, &req), 1);
    ck_assert_str_eq(rp_test_origin_header(&req, "Host"), "app");
    rp_test_origin_req_free(&req);
}
END_TEST


START_TEST(upstream_weights_are_honoured)
{
    struct rp_test_http_resp  resp;
    int                       i;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_ok_rules, 2);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_ok_rules, 2);
    rp_start("    upstream app {\n"
             "        server 127.0.0.1:%%PORT1%% weight=3;\n"
             "        server 127.0.0.1:%%PORT2%%;\n"
             "    }\n",
             "location / { proxy_pass http://app; }\n");

    for (i = 0; i < 8; i++) {
        rp_get(RP_REQ("/w"), &resp);
        ck_assert_int_eq(resp.status, 200);
        rp_test_http_resp_free(&resp);
    }
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 6);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[2]), 2);
}
END_TEST


START_TEST(keepalive_pool_reuses_origin_connections)
{
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    struct rp_test_origin_req  req;
    int                        i;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_ok_rules, 2);
    rp_start("    upstream app {\n"
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        keepalive 4;\n"
             "    }\n",
             "location / {\n"
             "    proxy_pass http://app;\n"
             "    proxy_http_version 1.1;\n"
             "    proxy_set_header Connection \"\";\n"
             "}\n");

    /* sequential requests, over new client connections and one kept */
    for (i = 0; i < 4; i++) {
        rp_get(RP_REQ("/ka"), &resp);
        ck_assert_int_eq(resp.status, 200);
        rp_test_http_resp_free(&resp);
    }
    rp_test_http_open(&h, rp_t->port[0]);
    for (i = 0; i < 4; i++) {
        rp_test_http_send_str(&h, RP_REQ("/ka2"));
        ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 3000), 1);
        ck_assert_int_eq(resp.status, 200);
        ck_assert_str_eq(resp.body, "from origin\n");
        rp_test_http_resp_free(&resp);
    }
    rp_test_http_close(&h);

    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 8);
    ck_assert_int_eq(rp_test_origin_conns(rp_t, rp_t->port[1]), 1);
    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1], 8, &req), 1);
    ck_assert_str_eq(req.line, "GET /ka2 HTTP/1.1");
    ck_assert_int_eq(req.seq, 8);
    ck_assert_int_eq(rp_test_origin_header_count(&req, "Connection"), 0);
    rp_test_origin_req_free(&req);
}
END_TEST


START_TEST(keepalive_recovers_when_the_origin_closes)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .path = "/close", .body = "bye\n", .close = 1 },
        { .path = NULL, .body = "ok\n" },
    };
    struct rp_test_http_resp  resp;

    rp_test_origin_start(rp_t, rp_t->port[1], rules, 2);
    rp_start("    upstream app {\n"
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        keepalive 4;\n"
             "    }\n",
             "location / {\n"
             "    proxy_pass http://app;\n"
             "    proxy_http_version 1.1;\n"
             "    proxy_set_header Connection \"\";\n"
             "}\n");

    rp_get(RP_REQ("/close"), &resp);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_str_eq(resp.body, "bye\n");
    rp_test_http_resp_free(&resp);
    rp_get(RP_REQ("/a"), &resp);
    ck_assert_int_eq(resp.status, 200);
    rp_test_http_resp_free(&resp);
    rp_get(RP_REQ("/b"), &resp);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_str_eq(resp.body, "ok\n");
    rp_test_http_resp_free(&resp);

    /* "Connection: close" from the origin: that one is not reused */
    ck_assert_int_eq(rp_test_origin_conns(rp_t, rp_t->port[1]), 2);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 3);
}
END_TEST


START_TEST(without_keepalive_each_request_has_its_connection)
{
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    int                        i;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_ok_rules, 2);
    rp_start(NULL, "location / { proxy_pass http://127.0.0.1:%%PORT1%%; }\n");

    rp_test_http_open(&h, rp_t->port[0]);
    for (i = 0; i < 3; i++) {
        rp_test_http_send_str(&h, RP_REQ("/n"));
        ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 3000), 1);
        ck_assert_int_eq(resp.status, 200);
        rp_test_http_resp_free(&resp);
    }
    rp_test_http_close(&h);
    ck_assert_int_eq(rp_test_origin_conns(rp_t, rp_t->port[1]), 3);
}
END_TEST


START_TEST(upstream_variables_in_the_access_log)
{
    struct rp_test_http_resp  resp;
    const char               *want;
    char                     *text;
    long                      deadline;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_ok_rules, 2);
    rp_start("    log_format up '$uri $status $upstream_addr $upstream_status';\n"
             "    access_log logs/up.log up;\n",
             "location / { proxy_pass http://127.0.0.1:%%PORT1%%; }\n"
             "location /none { proxy_pass http://127.0.0.1:%%PORT3%%; }\n");

    rp_get(RP_REQ("/ok"), &resp);
    rp_test_http_resp_free(&resp);
    rp_get(RP_REQ("/missing"), &resp);
    ck_assert_int_eq(resp.status, 404);
    ck_assert_str_eq(resp.body, "not here\n");
    rp_test_http_resp_free(&resp);
    rp_get(RP_REQ("/none"), &resp);
    ck_assert_int_eq(resp.status, 502);
    rp_test_http_resp_free(&resp);

    want = rp_test_fmt("/ok 200 127.0.0.1:%d 200\n"
                       "/missing 404 127.0.0.1:%d 404\n"
                       "/none 502 127.0.0.1:%d 502\n",
                       rp_t->port[1], rp_t->port[1], rp_t->port[3]);
    deadline = rp_test_now_ms() + rp_test_ms(2000);
    for ( ;; ) {
        text = rp_test_read_file(rp_test_path(rp_t, "logs/up.log"), NULL);
        if ((text && strcmp(text, want) == 0) || rp_test_now_ms() > deadline) {
            break;
        }
        free(text);
        rp_test_msleep(20);
    }
    ck_assert_msg(text != NULL, "no access log");
    ck_assert_str_eq(text, want);
    free(text);
}
END_TEST


static Suite *
rp_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("proxy_basic");
    tc = rp_test_tcase("uri");
    tcase_add_test(tc, proxy_pass_without_uri_passes_the_original_uri);
    tcase_add_test(tc, proxy_pass_uri_part_replaces_the_location_prefix);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("headers");
    tcase_add_test(tc, default_request_has_proxy_host_and_connection_close);
    tcase_add_test(tc, proxy_set_header_adds_changes_and_removes);
    tcase_add_test(tc, proxy_add_x_forwarded_for_appends_the_client);
    tcase_add_test(tc, hop_by_hop_headers_never_reach_the_origin);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("upstream");
    tcase_add_test(tc, upstream_group_balances_round_robin);
    tcase_add_test(tc, upstream_weights_are_honoured);
    tcase_add_test(tc, keepalive_pool_reuses_origin_connections);
    tcase_add_test(tc, keepalive_recovers_when_the_origin_closes);
    tcase_add_test(tc, without_keepalive_each_request_has_its_connection);
    tcase_add_test(tc, upstream_variables_in_the_access_log);
    suite_add_tcase(s, tc);
    return s;
}


int
main(void)
{
    return rp_test_main(rp_suite());
}
