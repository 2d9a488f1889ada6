/*
 * test_proxy_response.c - what the client gets from the origin's answer.
 *
 * One worker proxies to a scriptable origin on PORT1.  Response bodies
 * framed by Content-Length, chunked coding (in small and odd pieces) or
 * the end of the connection must reach the client intact and correctly
 * framed; an origin that closes in the middle of a body must make the
 * client connection close, never a response that looks complete; invalid
 * or ambiguous response headers (smuggling attempts) give 502 and nothing
 * of them is relayed; an origin that is not listening gives 502 and one
 * that is too slow for proxy_read_timeout gives 504 with a log line
 * naming the backend.
 */

#include "rp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RP_REQ(uri)  "GET " uri " HTTP/1.1\r\nHost: front\r\n\r\n"
#define RP_BIG       (300 * 1000 + 7)


static pid_t
rp_start(const char *loc_extra)
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
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "        location / {\n"
                  "            proxy_pass http://127.0.0.1:%%%%PORT1%%%%;\n"
                  "%s"
                  "        }\n"
                  "        location /down/ {\n"
                  "            proxy_pass http://127.0.0.1:%%%%PORT3%%%%;\n"
                  "        }\n"
                  "    }\n"
                  "}\n", loc_extra ? loc_extra : "");
    rp_test_write_conf(rp_t, "proxy.conf", conf);

    return rp_test_start(rp_t, 1, (char *) NULL);
}


/* Fails unless <body>[0..len) is the origin's pattern of length <want>. */
static void
rp_check_pattern(const char *what, const char *body, size_t len, size_t want)
{
    size_t  i;

    ck_assert_msg(len == want, "%s: %zu body bytes, wanted %zu", what, len,
                  want);
    for (i = 0; i < len; i++) {
        if (body[i] != rp_test_origin_byte(i)) {
            ck_abort_msg("%s: body byte %zu differs", what, i);
        }
    }
}


START_TEST(bodies_by_length_chunks_and_close_are_relayed_intact)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .path = "/len", .body_size = RP_BIG, .piece = 7001 },
        { .path = "/chunked", .mode = RP_TEST_ORIGIN_CHUNKED,
          .body_size = RP_BIG, .piece = 3333 },
        { .path = "/tiny", .mode = RP_TEST_ORIGIN_CHUNKED,
          .body_size = 100, .piece = 1, .piece_delay_ms = 1 },
        { .path = "/eof", .mode = RP_TEST_ORIGIN_EOF, .body_size = RP_BIG,
          .piece = 10000 },
        { .path = "/empty", .body = "" },
        { .path = "/hdr", .status = 201, .body = "made\n",
          .headers = "X-Custom: yes\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n" },
    };
    static const char  *paths[] = { "/len", "/chunked", "/eof", NULL };
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    int                        i;

    rp_test_origin_start(rp_t, rp_t->port[1], rules, 6);
    rp_start(NULL);

    /* all on one client connection: each must be framed for the client */
    rp_test_http_open(&h, rp_t->port[0]);
    for (i = 0; paths[i]; i++) {
        rp_test_http_send_str(&h, rp_test_fmt(RP_REQ("%s"), paths[i]));
        ck_assert_msg(rp_test_http_read_response(&h, &resp, 0, 5000) == 1,
                      "%s: no complete response", paths[i]);
        ck_assert_int_eq(resp.status, 200);
        rp_check_pattern(paths[i], resp.body, resp.body_len, RP_BIG);
        ck_assert_int_le(rp_test_http_header_count(&resp, "Content-Length")
                         + rp_test_http_header_count(&resp, "Transfer-Encoding"),
                         1);
        rp_test_http_resp_free(&resp);
    }

    rp_test_http_send_str(&h, RP_REQ("/tiny"));
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 5000), 1);
    rp_check_pattern("/tiny", resp.body, resp.body_len, 100);
    rp_test_http_resp_free(&resp);

    rp_test_http_send_str(&h, RP_REQ("/empty"));
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 5000), 1);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_uint_eq(resp.body_len, 0);
    rp_test_http_resp_free(&resp);

    rp_test_http_send_str(&h, RP_REQ("/hdr"));
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 5000), 1);
    ck_assert_int_eq(resp.status, 201);
    ck_assert_str_eq(resp.body, "made\n");
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Custom"), "yes");
    ck_assert_int_eq(rp_test_http_header_count(&resp, "Set-Cookie"), 2);
    rp_test_http_resp_free(&resp);

    ck_assert_uint_eq(h.len, 0);
    rp_test_http_close(&h);
}
END_TEST


START_TEST(head_and_no_body_statuses_are_relayed_without_a_body)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .path = "/204", .status = 204 },
        { .path = "/304", .status = 304, .headers = "ETag: \"x\"\r\n" },
        { .path = NULL, .body = "twelve bytes" },
    };
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;

    rp_test_origin_start(rp_t, rp_t->port[1], rules, 3);
    rp_start(NULL);

    rp_test_http_open(&h, rp_t->port[0]);
    rp_test_http_send_str(&h, "HEAD /h HTTP/1.1\r\nHost: a\r\n\r\n");
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 1, 3000), 1);
    ck_assert_int_eq(resp.status, 200);
    rp_test_http_resp_free(&resp);
    rp_test_http_send_str(&h, RP_REQ("/204"));
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 3000), 1);
    ck_assert_int_eq(resp.status, 204);
    rp_test_http_resp_free(&resp);
    rp_test_http_send_str(&h, RP_REQ("/304"));
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 3000), 1);
    ck_assert_int_eq(resp.status, 304);
    rp_test_http_resp_free(&resp);
    rp_test_http_send_str(&h, RP_REQ("/after"));
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 3000), 1);
    ck_assert_str_eq(resp.body, "twelve bytes");
    rp_test_http_resp_free(&resp);
    ck_assert_uint_eq(h.len, 0);
    rp_test_http_close(&h);
}
END_TEST


START_TEST(origin_closing_mid_body_closes_the_client_connection)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .path = "/len", .body_size = 200000, .abort = 1,
          .abort_after = 50000 },
        { .path = "/chunked", .mode = RP_TEST_ORIGIN_CHUNKED,
          .body_size = 200000, .piece = 4096, .abort = 1,
          .abort_after = 50000 },
        { .path = "/headonly", .body_size = 100, .abort = 1,
          .abort_after = 0 },
    };
    static const char  *paths[] = { "/len", "/chunked", "/headonly", NULL };
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    int                        i, rc;

    rp_test_origin_start(rp_t, rp_t->port[1], rules, 3);
    rp_start(NULL);

    for (i = 0; paths[i]; i++) {
        rp_test_http_open(&h, rp_t->port[0]);
        rp_test_http_send_str(&h, rp_test_fmt(RP_REQ("%s"), paths[i]));
        rc = rp_test_http_read_response(&h, &resp, 0, 5000);
        /* a truncated response (-1) or, before any byte, none at all */
        ck_assert_msg(rc != 1, "%s: the client got a complete-looking "
                      "response of %zu bytes", paths[i], resp.body_len);
        if (resp.status != 0) {
            ck_assert_int_eq(resp.status, 200);
        }
        rp_test_http_resp_free(&resp);
        ck_assert_msg(rp_test_http_wait_close(&h, 3000) == 1,
                      "%s: the client connection stayed open", paths[i]);
        rp_test_http_close(&h);
    }
}
END_TEST


START_TEST(invalid_origin_responses_give_502)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .path = "/cl-te", .mode = RP_TEST_ORIGIN_RAW, .close = 1,
          .raw = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nSMUGGLED" },
        { .path = "/two-cl", .mode = RP_TEST_ORIGIN_RAW, .close = 1,
          .raw = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
                 "Content-Length: 8\r\n\r\nSMUGGLED" },
        { .path = "/status", .mode = RP_TEST_ORIGIN_RAW, .close = 1,
          .raw = "HTTP/1.1 2x0 OK\r\nContent-Length: 8\r\n\r\nSMUGGLED" },
        { .path = "/garbage", .mode = RP_TEST_ORIGIN_RAW, .close = 1,
          .raw = "<html>SMUGGLED</html>\r\n\r\n" },
        { .path = "/fold", .mode = RP_TEST_ORIGIN_RAW, .close = 1,
          .raw = "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\n"
                 "Content-Length: 8\r\n\r\nSMUGGLED" },
        { .path = "/bad-te", .mode = RP_TEST_ORIGIN_RAW, .close = 1,
          .raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked, x\r\n"
                 "\r\n8\r\nSMUGGLED\r\n0\r\n\r\n" },
        { .path = "/bad-chunk", .mode = RP_TEST_ORIGIN_RAW, .close = 1,
          .raw = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                 "\r\nzz\r\nSMUGGLED\r\n0\r\n\r\n" },
    };
    static const char  *paths[] = {
        "/cl-te", "/two-cl", "/status", "/garbage", "/fold", NULL
    };
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    int                        i, rc;

    rp_test_origin_start(rp_t, rp_t->port[1], rules, 7);
    rp_start(NULL);

    for (i = 0; paths[i]; i++) {
        rp_test_http_open(&h, rp_t->port[0]);
        rp_test_http_send_str(&h, rp_test_fmt(RP_REQ("%s"), paths[i]));
        ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 5000), 1);
        ck_assert_msg(resp.status == 502, "%s: status %d", paths[i],
                      resp.status);
        ck_assert_msg(!rp_test_contains(resp.head, "SMUGGLED")
                      && !rp_test_contains(resp.body, "SMUGGLED"),
                      "%s: origin bytes relayed", paths[i]);
        rp_test_http_resp_free(&resp);
        rp_test_http_wait_close(&h, 200);
        ck_assert(!rp_test_contains(h.buf, "SMUGGLED"));
        rp_test_http_close(&h);
    }
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), i);

    /* an unknown coding or a bad chunk: 502, or a cut connection */
    for (i = 0; i < 2; i++) {
        rp_test_http_open(&h, rp_t->port[0]);
        rp_test_http_send_str(&h, i ? RP_REQ("/bad-chunk") : RP_REQ("/bad-te"));
        rc = rp_test_http_read_response(&h, &resp, 0, 5000);
        ck_assert_msg(rc != 1 || resp.status == 502, "%s: status %d",
                      i ? "/bad-chunk" : "/bad-te", resp.status);
        ck_assert(!rp_test_contains(resp.body, "SMUGGLED"));
        rp_test_http_resp_free(&resp);
        rp_test_http_close(&h);
    }
}
END_TEST


START_TEST(origin_not_listening_gives_502)
{
    struct rp_test_http_resp  resp;
    const char               *needle;

    rp_start(NULL);
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], RP_REQ("/down/x"),
                                      strlen(RP_REQ("/down/x")), &resp, 0), 1);
    ck_assert_int_eq(resp.status, 502);
    rp_test_http_resp_free(&resp);
    needle = rp_test_fmt("127.0.0.1:%d", rp_t->port[3]);
    ck_assert_msg(rp_test_log_wait(rp_t, "error", needle, 1, 2000),
                  "no error log line names the backend");
}
END_TEST


START_TEST(slow_origin_gives_504_after_proxy_read_timeout)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .path = "/slow", .body = "too late\n", .head_delay_ms = 4000 },
        { .path = "/slowbody", .body_size = 10, .piece = 5,
          .piece_delay_ms = 4000 },
        { .path = NULL, .body = "fast\n" },
    };
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    const char                *needle;
    long                       start, took;
    int                        rc;

    rp_test_origin_start(rp_t, rp_t->port[1], rules, 3);
    rp_start("            proxy_read_timeout 1s;\n");

    start = rp_test_now_ms();
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], RP_REQ("/slow"),
                                      strlen(RP_REQ("/slow")), &resp, 0), 1);
    took = rp_test_now_ms() - start;
    ck_assert_int_eq(resp.status, 504);
    ck_assert_msg(took >= 900 && took < rp_test_ms(3500),
                  "504 after %ld ms", took);
    rp_test_http_resp_free(&resp);
    needle = rp_test_fmt("127.0.0.1:%d", rp_t->port[1]);
    ck_assert_msg(rp_test_log_wait(rp_t, "error", "timed out", 1, 2000),
                  "no timeout in the error log");
    ck_assert_int_ge(rp_test_log_count(rp_t, "error", needle), 1);

    /* timed out after the header was relayed: the connection is cut */
    rp_test_http_open(&h, rp_t->port[0]);
    rp_test_http_send_str(&h, RP_REQ("/slowbody"));
    rc = rp_test_http_read_response(&h, &resp, 0, 3500);
    ck_assert_int_ne(rc, 1);
    rp_test_http_resp_free(&resp);
    ck_assert_int_eq(rp_test_http_wait_close(&h, 2000), 1);
    rp_test_http_close(&h);

    /* the worker is fine */
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], RP_REQ("/fast"),
                                      strlen(RP_REQ("/fast")), &resp, 0), 1);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_str_eq(resp.body, "fast\n");
    rp_test_http_resp_free(&resp);
}
END_TEST


static Suite *
rp_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("proxy_response");
    tc = rp_test_tcase("framing");
    tcase_add_test(tc, bodies_by_length_chunks_and_close_are_relayed_intact);
    tcase_add_test(tc, head_and_no_body_statuses_are_relayed_without_a_body);
    tcase_add_test(tc, origin_closing_mid_body_closes_the_client_connection);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("errors");
    tcase_add_test(tc, invalid_origin_responses_give_502);
    tcase_add_test(tc, origin_not_listening_gives_502);
    tcase_add_test(tc, slow_origin_gives_504_after_proxy_read_timeout);
    suite_add_tcase(s, tc);
    return s;
}


int
main(void)
{
    return rp_test_main(rp_suite());
}
