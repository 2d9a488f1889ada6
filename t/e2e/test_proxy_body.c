/*
 * test_proxy_body.c - bodies streamed through the proxy in both
 * directions.
 *
 * Request bodies sent with Content-Length or chunked coding (in odd
 * pieces) must reach the origin byte for byte, framed so that an
 * HTTP/1.0 backend can read them; the origin echoes them back so the
 * client side is checked too.  A large response (64 MiB) read slowly by
 * the client must arrive intact while the worker's resident memory
 * (VmRSS of /proc/WORKER/status) stays bounded: the proxy buffers to
 * disk (proxy_buffering on) or applies back-pressure to the origin
 * (off), but does not hold the body in memory.
 */

#include "rp_test.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RP_BIG_BODY   (64UL * 1024 * 1024)
#define RP_RSS_SLACK  (40L * 1024)     /* KiB the worker may grow by */

static const struct rp_test_origin_rule  rp_echo_rules[] = {
    { .path = "/big", .body_size = RP_BIG_BODY, .piece = 256 * 1024 },
    { .path = NULL, .echo_body = 1 },
};


static pid_t
rp_start(void)
{
    /* workers (as "user") must reach DIR/client_body_temp */
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
                       "    client_max_body_size 16m;\n"
                       "    server {\n"
                       "        listen 127.0.0.1:%%PORT0%%;\n"
                       "        location / {\n"
                       "            proxy_pass http://127.0.0.1:%%PORT1%%;\n"
                       "        }\n"
                       "        location /unbuf/ {\n"
                       "            proxy_pass http://127.0.0.1:%%PORT1%%/;\n"
                       "            proxy_buffering off;\n"
                       "        }\n"
                       "        location /v11/ {\n"
                       "            proxy_pass http://127.0.0.1:%%PORT1%%/;\n"
                       "            proxy_http_version 1.1;\n"
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


/* The origin's request <n> must carry <body>; checks its framing too. */
static void
rp_check_origin_body(int n, const char *body, size_t len)
{
    struct rp_test_origin_req  req;

    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1], n, &req), 1);
    ck_assert_msg(req.body_len == len, "origin got %zu body bytes, not %zu",
                  req.body_len, len);
    ck_assert(memcmp(req.body, body, len) == 0);
    if (rp_test_contains(req.line, "HTTP/1.0")) {
        /* no chunked coding to a 1.0 backend: it needs a length */
        ck_assert_int_eq(rp_test_origin_header_count(&req, "Transfer-Encoding"), 0);
        ck_assert_str_eq(rp_test_origin_header(&req, "Content-Length"),
                         rp_test_fmt("%zu", len));
    }
    rp_test_origin_req_free(&req);
}


START_TEST(content_length_request_body_reaches_the_origin)
{
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    char                      *body, head[256];
    size_t                     len;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_echo_rules, 2);
    rp_start();

    len = 1000 * 1000 + 3;
    body = rp_pattern(len);
    RP_TEST_PRINT(head, "POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: %zu\r\n\r\n",
                  len);
    rp_test_http_open(&h, rp_t->port[0]);
    rp_test_http_send_str(&h, head);
    ck_assert_int_eq(rp_test_http_send(&h, body, len), 0);
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 10000), 1);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_uint_eq(resp.body_len, len);
    ck_assert(memcmp(resp.body, body, len) == 0);
    rp_test_http_resp_free(&resp);

    /* a small body sent slowly, to a 1.1 backend */
    rp_test_http_send_str(&h, "PUT /v11/s HTTP/1.1\r\nHost: a\r\n"
                              "Content-Length: 11\r\n\r\n");
    rp_test_http_send_slowly(&h, "hello world", 11, 3, 30);
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 5000), 1);
    ck_assert_str_eq(resp.body, "hello world");
    rp_test_http_resp_free(&resp);
    rp_test_http_close(&h);

    rp_check_origin_body(1, body, len);
    rp_check_origin_body(2, "hello world", 11);
    free(body);
}
END_TEST


/* Sends <body> chunked in pieces of <step> bytes, slowly at first. */
static void
rp_send_chunked(struct rp_test_http *h, const char *body, size_t len,
    size_t step)
{
    size_t  off, n;

    for (off = 0; off < len; off += n) {
        n = len - off < step ? len - off : step;
        rp_test_http_send_str(h, rp_test_fmt("%zx;ext=%zu\r\n", n, off));
        ck_assert_int_eq(rp_test_http_send(h, body + off, n), 0);
        rp_test_http_send_str(h, "\r\n");
        if (off < 5 * step) {
            rp_test_msleep(10);
        }
    }
    rp_test_http_send_str(h, "0\r\n\r\n");
}


START_TEST(chunked_request_body_reaches_the_origin)
{
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    char                      *body;
    size_t                     len;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_echo_rules, 2);
    rp_start();

    len = 200 * 1000 + 11;
    body = rp_pattern(len);
    rp_test_http_open(&h, rp_t->port[0]);
    rp_test_http_send_str(&h, "POST /c10 HTTP/1.1\r\nHost: a\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n");
    rp_send_chunked(&h, body, len, 7777);
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 10000), 1);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_uint_eq(resp.body_len, len);
    ck_assert(memcmp(resp.body, body, len) == 0);
    rp_test_http_resp_free(&resp);

    rp_test_http_send_str(&h, "POST /v11/c11 HTTP/1.1\r\nHost: a\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n");
    rp_send_chunked(&h, body, len, 1000);
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 10000), 1);
    ck_assert_uint_eq(resp.body_len, len);
    ck_assert(memcmp(resp.body, body, len) == 0);
    rp_test_http_resp_free(&resp);
    rp_test_http_close(&h);

    rp_check_origin_body(1, body, len);
    rp_check_origin_body(2, body, len);
    free(body);
}
END_TEST


/* VmRSS of <pid> in KiB, or -1. */
static long
rp_rss_kb(pid_t pid)
{
    char        *text;
    const char  *p;
    long         kb;

    text = rp_test_read_file(rp_test_fmt("/proc/%d/status", (int) pid), NULL);
    p = text ? strstr(text, "VmRSS:") : NULL;
    kb = p ? strtol(p + 6, NULL, 10) : -1;
    free(text);
    return kb;
}


/* Buffered (to the temp file) and, with proxy_buffering off, streamed. */
static const char  *rp_big_requests[] = {
    "GET /big HTTP/1.1\r\nHost: a\r\n\r\n",
    "GET /unbuf/big HTTP/1.1\r\nHost: a\r\n\r\n",
};


START_TEST(large_body_to_a_slow_client_keeps_worker_memory_bounded)
{
    const char  *request = rp_big_requests[_i];
    char        *buf, head_end[4] = { 0 };
    pid_t        master, worker;
    long         base, peak, rss, deadline;
    size_t       got, i, hlen;
    ssize_t      n;
    int          fd, rcvbuf, in_head;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_echo_rules, 2);
    master = rp_start();
    ck_assert_int_eq(rp_test_workers(master, &worker, 1), 1);
    base = rp_rss_kb(worker);
    ck_assert_int_gt(base, 0);

    fd = rp_test_connect(rp_t->port[0]);
    ck_assert_int_ne(fd, -1);
    rcvbuf = 64 * 1024;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    ck_assert(send(fd, request, strlen(request), MSG_NOSIGNAL)
              == (ssize_t) strlen(request));

    /* read slowly: 64 KiB every 2 ms (~30 MB/s), watching the worker */
    buf = malloc(65536);
    ck_assert_ptr_nonnull(buf);
    peak = base;
    got = 0;
    hlen = 0;
    in_head = 1;
    deadline = rp_test_now_ms() + rp_test_ms(25000);
    while (got < RP_BIG_BODY && rp_test_now_ms() < deadline) {
        n = recv(fd, buf, 65536, MSG_DONTWAIT);
        if (n == 0) {
            break;
        }
        if (n == -1) {
            ck_assert_msg(errno == EAGAIN, "recv: %s", strerror(errno));
            rp_test_msleep(2);
            continue;
        }
        for (i = 0; i < (size_t) n; i++) {
            if (in_head) {
                hlen++;
                memmove(head_end, head_end + 1, 3);
                head_end[3] = buf[i];
                in_head = memcmp(head_end, "\r\n\r\n", 4) != 0;
                ck_assert_msg(hlen < 4096, "no end of the header");
                continue;
            }
            if (buf[i] != rp_test_origin_byte(got)) {
                ck_abort_msg("body byte %zu differs", got);
            }
            got++;
        }
        rss = rp_rss_kb(worker);
        peak = rss > peak ? rss : peak;
        rp_test_msleep(2);
    }
    free(buf);
    close(fd);

    ck_assert_msg(got == RP_BIG_BODY, "got %zu of %lu body bytes", got,
                  RP_BIG_BODY);
    ck_assert_msg(peak - base < RP_RSS_SLACK,
                  "worker RSS grew from %ld to %ld KiB", base, peak);
}
END_TEST


static Suite *
rp_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("proxy_body");
    tc = rp_test_tcase("request");
    tcase_add_test(tc, content_length_request_body_reaches_the_origin);
    tcase_add_test(tc, chunked_request_body_reaches_the_origin);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("response");
    tcase_add_loop_test(tc,
        large_body_to_a_slow_client_keeps_worker_memory_bounded, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}


int
main(void)
{
    return rp_test_main(rp_suite());
}
