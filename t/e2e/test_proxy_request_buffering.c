/*
 * test_proxy_request_buffering.c - proxy_request_buffering off: request
 * bodies passed to the backend as the client sends them.
 *
 * The client sends the header and half the body, and the test checks
 * whether the origin already has the request head ("H" in its log):
 * with buffering off it has, with the default it has not.  Chunked
 * bodies stay chunked (and byte-exact) to an HTTP/1.1 backend, and are
 * still read fully and sent with Content-Length to an HTTP/1.0 one;
 * client_max_body_size still applies; and a request whose body went out
 * is not retried on another peer.
 */

#include "rp_test.h"

#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define rp_nelems_t(a)  (sizeof(a) / sizeof((a)[0]))

static const struct rp_test_origin_rule  rp_echo[] = {
    { .path = NULL, .echo_body = 1 },
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
        "    client_max_body_size 1m;\n"
        "    client_body_buffer_size 8k;\n"
        "    upstream two {\n"
        "        server 127.0.0.1:%%PORT2%%;\n"
        "        server 127.0.0.1:%%PORT1%%;\n"
        "    }\n"
        "    server {\n"
        "        listen 127.0.0.1:%%PORT0%%;\n"
        "        location /buf/ {\n"
        "            proxy_pass http://127.0.0.1:%%PORT1%%/;\n"
        "        }\n"
        "        location /unbuf/ {\n"
        "            proxy_pass http://127.0.0.1:%%PORT1%%/;\n"
        "            proxy_request_buffering off;\n"
        "        }\n"
        "        location /unbuf11/ {\n"
        "            proxy_pass http://127.0.0.1:%%PORT1%%/;\n"
        "            proxy_request_buffering off;\n"
        "            proxy_http_version 1.1;\n"
        "        }\n"
        "        location /retry/ {\n"
        "            proxy_pass http://two/;\n"
        "            proxy_read_timeout 300ms;\n"
        "        }\n"
        "        location /noretry/ {\n"
        "            proxy_pass http://two/;\n"
        "            proxy_read_timeout 300ms;\n"
        "            proxy_request_buffering off;\n"
        "        }\n"
        "    }\n"
        "}\n");
    return rp_test_start(rp_t, 1, (char *) NULL);
}


/* <len> bytes of the origin's pattern, malloc'ed. */
static char *
rp_pattern(size_t len)
{
    char    *p;
    size_t   i;

    p = malloc(len + 1);
    ck_assert_ptr_nonnull(p);
    for (i = 0; i < len; i++) {
        p[i] = rp_test_origin_byte(i);
    }
    p[len] = '\0';
    return p;
}


/* Waits up to <ms> for the origin to have <n> request heads. */
static int
rp_wait_heads(int n, long ms)
{
    long  deadline;

    deadline = rp_test_now_ms() + rp_test_ms(ms);
    while (rp_test_origin_nheads(rp_t, rp_t->port[1]) < n) {
        if (rp_test_now_ms() > deadline) {
            return 0;
        }
        rp_test_msleep(10);
    }
    return 1;
}


/* Sends [off, end) of <body> as chunks of <step> with an extension. */
static void
rp_send_chunks(struct rp_test_http *h, const char *body, size_t off,
    size_t end, size_t step)
{
    size_t  n;

    for ( ; off < end; off += n) {
        n = end - off < step ? end - off : step;
        rp_test_http_send_str(h, rp_test_fmt("%zx;x=%zu\r\n", n, off));
        ck_assert_int_eq(rp_test_http_send(h, body + off, n), 0);
        rp_test_http_send_str(h, "\r\n");
    }
}


/* The response echoes <body>; the origin's request 1 carried it. */
static void
rp_check_echo(struct rp_test_http *h, const char *body, size_t len,
    struct rp_test_origin_req *req)
{
    struct rp_test_http_resp  resp;

    ck_assert_int_eq(rp_test_http_read_response(h, &resp, 0, 10000), 1);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_uint_eq(resp.body_len, len);
    ck_assert(memcmp(resp.body, body, len) == 0);
    rp_test_http_resp_free(&resp);

    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1], 1, req), 1);
    ck_assert_uint_eq(req->body_len, len);
    ck_assert(memcmp(req->body, body, len) == 0);
}


START_TEST(unbuffered_body_reaches_the_origin_while_the_client_sends)
{
    struct rp_test_http        h;
    struct rp_test_origin_req  req;
    char                      *body;
    size_t                     len = 200 * 1000 + 7;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_echo, 1);
    rp_start();
    body = rp_pattern(len);

    rp_test_http_open(&h, rp_t->port[0]);
    rp_test_http_send_str(&h, rp_test_fmt("POST /unbuf/up HTTP/1.1\r\nHost: a"
                                          "\r\nContent-Length: %zu\r\n\r\n",
                                          len));
    ck_assert_int_eq(rp_test_http_send(&h, body, len / 2), 0);

    /* the origin has the head (and part of the body), not the request */
    ck_assert_msg(rp_wait_heads(1, 3000), "the origin has no head yet");
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 0);

    ck_assert_int_eq(rp_test_http_send(&h, body + len / 2, len - len / 2), 0);
    rp_check_echo(&h, body, len, &req);
    ck_assert_str_eq(req.line, "POST /up HTTP/1.0");
    ck_assert_str_eq(rp_test_origin_header(&req, "Content-Length"),
                     rp_test_fmt("%zu", len));
    ck_assert_int_eq(rp_test_origin_header_count(&req, "Transfer-Encoding"),
                     0);
    rp_test_origin_req_free(&req);
    rp_test_http_close(&h);
    free(body);
}
END_TEST


START_TEST(buffered_body_reaches_the_origin_only_when_complete)
{
    struct rp_test_http        h;
    struct rp_test_origin_req  req;
    char                      *body;
    size_t                     len = 200 * 1000 + 7;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_echo, 1);
    rp_start();
    body = rp_pattern(len);

    rp_test_http_open(&h, rp_t->port[0]);
    rp_test_http_send_str(&h, rp_test_fmt("POST /buf/up HTTP/1.1\r\nHost: a"
                                          "\r\nContent-Length: %zu\r\n\r\n",
                                          len));
    ck_assert_int_eq(rp_test_http_send(&h, body, len / 2), 0);
    rp_test_msleep(400);
    ck_assert_int_eq(rp_test_origin_nheads(rp_t, rp_t->port[1]), 0);

    ck_assert_int_eq(rp_test_http_send(&h, body + len / 2, len - len / 2), 0);
    rp_check_echo(&h, body, len, &req);
    rp_test_origin_req_free(&req);
    rp_test_http_close(&h);
    free(body);
}
END_TEST


START_TEST(unbuffered_chunked_body_stays_chunked_to_http11)
{
    struct rp_test_http        h;
    struct rp_test_origin_req  req;
    char                      *body;
    size_t                     len = 100 * 1000 + 3;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_echo, 1);
    rp_start();
    body = rp_pattern(len);

    rp_test_http_open(&h, rp_t->port[0]);
    rp_test_http_send_str(&h, "POST /unbuf11/c HTTP/1.1\r\nHost: a\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n");
    rp_send_chunks(&h, body, 0, len / 2, 3001);
    ck_assert_msg(rp_wait_heads(1, 3000), "the origin has no head yet");
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 0);

    rp_send_chunks(&h, body, len / 2, len, 777);
    rp_test_http_send_str(&h, "0\r\nX-Trailer: t\r\n\r\n");
    rp_check_echo(&h, body, len, &req);
    ck_assert_str_eq(req.line, "POST /c HTTP/1.1");
    ck_assert_str_eq(rp_test_origin_header(&req, "Transfer-Encoding"),
                     "chunked");
    ck_assert_int_eq(rp_test_origin_header_count(&req, "Content-Length"), 0);
    /* re-chunked: no extension or trailer of the client passes */
    ck_assert(!rp_test_contains(req.raw + req.head_len, ";x="));
    ck_assert(!rp_test_contains(req.raw + req.head_len, "X-Trailer"));
    rp_test_origin_req_free(&req);
    rp_test_http_close(&h);
    free(body);
}
END_TEST


START_TEST(unbuffered_chunked_body_to_http10_gets_a_length)
{
    struct rp_test_http        h;
    struct rp_test_origin_req  req;
    char                      *body;
    size_t                     len = 100 * 1000 + 3;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_echo, 1);
    rp_start();
    body = rp_pattern(len);

    rp_test_http_open(&h, rp_t->port[0]);
    rp_test_http_send_str(&h, "POST /unbuf/c HTTP/1.1\r\nHost: a\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n");
    rp_send_chunks(&h, body, 0, len / 2, 3001);
    rp_test_msleep(400);
    ck_assert_int_eq(rp_test_origin_nheads(rp_t, rp_t->port[1]), 0);

    rp_send_chunks(&h, body, len / 2, len, 3001);
    rp_test_http_send_str(&h, "0\r\n\r\n");
    rp_check_echo(&h, body, len, &req);
    ck_assert_str_eq(req.line, "POST /c HTTP/1.0");
    ck_assert_str_eq(rp_test_origin_header(&req, "Content-Length"),
                     rp_test_fmt("%zu", len));
    ck_assert_int_eq(rp_test_origin_header_count(&req, "Transfer-Encoding"),
                     0);
    rp_test_origin_req_free(&req);
    rp_test_http_close(&h);
    free(body);
}
END_TEST


START_TEST(client_max_body_size_applies_to_unbuffered_chunked_bodies)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    char                     *body;
    size_t                    len = 1100 * 1000;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_echo, 1);
    rp_start();
    body = rp_pattern(len);

    rp_test_http_open(&h, rp_t->port[0]);
    rp_test_http_send_str(&h, "POST /unbuf11/big HTTP/1.1\r\nHost: a\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n");
    rp_send_chunks(&h, body, 0, len, 64 * 1024);
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 5000), 1);
    ck_assert_int_eq(resp.status, 413);
    rp_test_http_resp_free(&resp);
    rp_test_http_close(&h);
    ck_assert(rp_test_log_wait(rp_t, "error", "too large chunked body", 1,
                               2000));
    /* the origin got a cut body, never a complete request */
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 0);
    free(body);
}
END_TEST


/*
 * PORT2 takes the request and never answers (proxy_read_timeout):
 * buffered, the PUT is retried on PORT1; unbuffered, its body went out
 * and cannot be sent again: 504.
 */
static void
rp_check_retry(const char *uri, int retried)
{
    static const struct rp_test_origin_rule  mute[] = {
        { .path = NULL, .body = "late\n", .head_delay_ms = 3000 },
    };
    struct rp_test_http_resp  resp;
    const char               *req;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_echo, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], mute, 1);
    rp_start();

    req = rp_test_fmt("PUT %s HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n"
                      "hello", uri);
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], req, strlen(req), &resp,
                                      0), 1);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[2]), 1);

    if (retried) {
        ck_assert_int_eq(resp.status, 200);
        ck_assert_str_eq(resp.body, "hello");
        ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 1);
    } else {
        ck_assert_int_eq(resp.status, 504);
        ck_assert_int_eq(rp_test_origin_nheads(rp_t, rp_t->port[1]), 0);
    }
    rp_test_http_resp_free(&resp);
}


START_TEST(buffered_body_is_retried_on_the_next_peer)
{
    rp_check_retry("/retry/r", 1);
}
END_TEST


START_TEST(unbuffered_body_that_went_out_is_not_retried)
{
    rp_check_retry("/noretry/r", 0);
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("proxy_request_buffering");

    tc = rp_test_tcase("streaming");
    tcase_add_test(tc, unbuffered_body_reaches_the_origin_while_the_client_sends);
    tcase_add_test(tc, buffered_body_reaches_the_origin_only_when_complete);
    tcase_add_test(tc, unbuffered_chunked_body_stays_chunked_to_http11);
    tcase_add_test(tc, unbuffered_chunked_body_to_http10_gets_a_length);
    tcase_add_test(tc,
        client_max_body_size_applies_to_unbuffered_chunked_bodies);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("retries");
    tcase_add_test(tc, buffered_body_is_retried_on_the_next_peer);
    tcase_add_test(tc, unbuffered_body_that_went_out_is_not_retried);
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
