/*
 * test_http_core.c - the HTTP/1.1 request lifecycle of the real daemon.
 *
 * The server answers with "return" (one short text per location, so the
 * order of pipelined responses shows) and "return 404" for the built-in
 * error page; everything else observed is the core itself.  The tests
 * drive it with raw sockets: requests
 * split at awkward points, pipelining, keep-alive and its limits, the
 * header and keep-alive timeouts, header buffer limits, request bodies the
 * core must skip, lingering close, the Date and Server fields, and a
 * graceful stop with an idle keep-alive connection.  Timeouts in the
 * configs are short so the whole file runs in a few seconds.
 */

#include "rp_test.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RP_H        "Host: a\r\n"
#define RP_GET      "GET / HTTP/1.1\r\n" RP_H "\r\n"
#define RP_HEAD     "HEAD / HTTP/1.1\r\n" RP_H "\r\n"
#define RP_MISSING  "GET /missing HTTP/1.1\r\n" RP_H "\r\n"

#define rp_nelems_t(a)  (sizeof(a) / sizeof((a)[0]))


/*
 * Starts one worker with <http_extra> at http level and <srv_extra> in
 * the server; returns the master pid.
 */
static pid_t
rp_start(const char *http_extra, const char *srv_extra)
{
    char  conf[4096];

    RP_TEST_PRINT(conf,
                  "daemon off;\n"
                  "worker_processes 1;\n"
                  "error_log logs/error.log info;\n"
                  "pid logs/rampart.pid;\n"
                  "events {\n"
                  "    worker_connections 64;\n"
                  "}\n"
                  "http {\n"
                  "    lingering_timeout 1s;\n"
                  "    lingering_time 5s;\n"
                  "%s"
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "%s"
                  "        location / {\n"
                  "            return 200 \"ok\\n\";\n"
                  "        }\n"
                  "        location /one {\n"
                  "            return 200 \"one\\n\";\n"
                  "        }\n"
                  "        location /two {\n"
                  "            return 200 \"two\\n\";\n"
                  "        }\n"
                  "        location /three {\n"
                  "            return 200 \"three\\n\";\n"
                  "        }\n"
                  "        location /missing {\n"
                  "            return 404;\n"
                  "        }\n"
                  "    }\n"
                  "}\n", http_extra ? http_extra : "",
                  srv_extra ? srv_extra : "");
    rp_test_write_conf(rp_t, "proxy.conf", conf);
    return rp_test_start(rp_t, 1, (char *) NULL);
}


/* Reads one response and checks its status; <head> as for HEAD. */
static void
rp_expect(struct rp_test_http *h, struct rp_test_http_resp *resp, int head,
    int status, const char *what)
{
    int  rc;

    rc = rp_test_http_read_response(h, resp, head, 3000);
    ck_assert_msg(rc == 1, "%s: no complete response (rc %d, eof %d, "
                  "reset %d, %zu bytes: \"%.60s\")", what, rc, h->eof,
                  h->reset, h->len, h->buf ? h->buf : "");
    ck_assert_msg(resp->status == status, "%s: status %d, want %d:\n%s",
                  what, resp->status, status, resp->head);
}


/*
 * 1 if <resp> leaves the connection open: HTTP/1.1 keeps it alive unless
 * "Connection: close" says otherwise (an explicit keep-alive is allowed).
 */
static int
rp_keeps_alive(const struct rp_test_http_resp *resp)
{
    const char  *v;

    v = rp_test_http_header(resp, "Connection");
    return v == NULL || strcmp(v, "keep-alive") == 0;
}


/* The Connection field of <resp>, or "" if it has none. */
static const char *
rp_connection(const struct rp_test_http_resp *resp)
{
    const char  *v;

    v = rp_test_http_header(resp, "Connection");
    return v ? v : "";
}


/* Requests that a slowly writing client must still get answered. */
static const struct {
    const char  *raw;
    int          status;
    int          head;
} rp_valid[] = {
    { "GET /index.html?a=b HTTP/1.1\r\nHost: example.com\r\n"
      "User-Agent: rp-test/1.0\r\nAccept: */*\r\n\r\n", 200, 0 },
    { "HEAD / HTTP/1.1\r\nHost: a\r\n\r\n", 200, 1 },
    { "OPTIONS / HTTP/1.1\r\nHost: a\r\n\r\n", 200, 0 },
    { "GET http://a:80/x HTTP/1.1\r\nHost: a\r\n\r\n", 200, 0 },
    { "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 200, 0 },
    { "GET / HTTP/1.1\nHost: a\n\n", 200, 0 },
    { "GET /missing HTTP/1.1\r\nHost: a\r\n\r\n", 404, 0 },
};


START_TEST(request_sent_one_byte_at_a_time_is_answered)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    size_t                    i;
    int                       one = 1;

    rp_start(NULL, NULL);

    for (i = 0; i < rp_nelems_t(rp_valid); i++) {
        rp_test_http_open(&h, rp_t->port[0]);
        setsockopt(h.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        ck_assert_int_eq(rp_test_http_send_slowly(&h, rp_valid[i].raw,
                             strlen(rp_valid[i].raw), 1, 2), 0);
        rp_expect(&h, &resp, rp_valid[i].head, rp_valid[i].status,
                  rp_test_fmt("request %zu byte by byte", i));
        ck_assert_msg(rp_keeps_alive(&resp), "request %zu: Connection: %s",
                      i, rp_connection(&resp));
        rp_test_http_resp_free(&resp);

        /* and the connection is still good for another request */
        ck_assert_int_eq(rp_test_http_send_str(&h, RP_GET), 0);
        rp_expect(&h, &resp, 0, 200, "request after the slow one");
        ck_assert_str_eq(resp.body, "ok\n");
        rp_test_http_resp_free(&resp);
        rp_test_http_close(&h);
    }
}
END_TEST


START_TEST(request_split_at_every_offset_is_answered)
{
    static const char          req[] = "POST /a/b?c=d HTTP/1.1\r\n"
                                       "Host: example\r\n"
                                       "Content-Length: 3\r\n\r\nxyz";
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    size_t                     k;
    int                        one = 1;

    rp_start(NULL, NULL);

    for (k = 1; k < sizeof(req) - 1; k++) {
        rp_test_http_open(&h, rp_t->port[0]);
        setsockopt(h.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        ck_assert_int_eq(rp_test_http_send(&h, req, k), 0);
        rp_test_msleep(10);
        ck_assert_int_eq(rp_test_http_send(&h, req + k,
                                           sizeof(req) - 1 - k), 0);
        rp_expect(&h, &resp, 0, 200, rp_test_fmt("split at %zu", k));
        ck_assert_str_eq(resp.body, "ok\n");
        rp_test_http_resp_free(&resp);
        rp_test_http_close(&h);
    }
}
END_TEST


START_TEST(three_pipelined_requests_are_answered_in_order)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;

    rp_start(NULL, NULL);

    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h,
                         "GET /one HTTP/1.1\r\n" RP_H "\r\n"
                         "DELETE /two HTTP/1.1\r\n" RP_H "\r\n"
                         "HEAD /three HTTP/1.1\r\n" RP_H "\r\n"), 0);

    rp_expect(&h, &resp, 0, 200, "first");
    ck_assert_str_eq(resp.body, "one\n");
    ck_assert(rp_keeps_alive(&resp));
    rp_test_http_resp_free(&resp);

    rp_expect(&h, &resp, 0, 200, "second");
    ck_assert_str_eq(resp.body, "two\n");
    rp_test_http_resp_free(&resp);

    rp_expect(&h, &resp, 1, 200, "third");
    ck_assert_str_eq(rp_test_http_header(&resp, "Content-Length"), "6");
    rp_test_http_resp_free(&resp);

    /* nothing more: HEAD sent no body, and the connection stays open */
    ck_assert_int_eq(rp_test_http_wait_close(&h, 300), 0);
    ck_assert_uint_eq(h.len, 0);
    rp_test_http_close(&h);
}
END_TEST


START_TEST(keepalive_serves_sequential_requests)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    int                       i;

    rp_start(NULL, NULL);

    rp_test_http_open(&h, rp_t->port[0]);
    for (i = 0; i < 3; i++) {
        ck_assert_int_eq(rp_test_http_send_str(&h, RP_GET), 0);
        rp_expect(&h, &resp, 0, 200, rp_test_fmt("request %d", i));
        ck_assert(rp_keeps_alive(&resp));
        rp_test_http_resp_free(&resp);
        rp_test_msleep(50);
    }
    rp_test_http_close(&h);
}
END_TEST


START_TEST(connection_close_closes_after_the_response)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;

    rp_start(NULL, NULL);

    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h, "GET / HTTP/1.1\r\n" RP_H
                                           "Connection: close\r\n\r\n"
                                           RP_GET), 0);
    rp_expect(&h, &resp, 0, 200, "Connection: close");
    ck_assert_str_eq(rp_connection(&resp), "close");
    rp_test_http_resp_free(&resp);
    ck_assert(rp_test_http_wait_close(&h, 2000));
    ck_assert_uint_eq(h.len, 0);
    rp_test_http_close(&h);
}
END_TEST


START_TEST(http10_without_keepalive_closes_after_the_response)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;

    rp_start(NULL, NULL);

    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h, "GET / HTTP/1.0\r\n\r\n"), 0);
    rp_expect(&h, &resp, 0, 200, "HTTP/1.0");
    ck_assert_str_eq(rp_connection(&resp), "close");
    ck_assert(rp_test_http_wait_close(&h, 2000));
    ck_assert_uint_eq(h.len, 0);
    rp_test_http_resp_free(&resp);
    rp_test_http_close(&h);
}
END_TEST


START_TEST(http10_with_keepalive_stays_open)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    int                       i;

    rp_start(NULL, NULL);

    rp_test_http_open(&h, rp_t->port[0]);
    for (i = 0; i < 2; i++) {
        ck_assert_int_eq(rp_test_http_send_str(&h, "GET / HTTP/1.0\r\n"
                             "Connection: keep-alive\r\n\r\n"), 0);
        rp_expect(&h, &resp, 0, 200, rp_test_fmt("HTTP/1.0 request %d", i));
        ck_assert_str_eq(rp_connection(&resp), "keep-alive");
        ck_assert_ptr_nonnull(rp_test_http_header(&resp, "Content-Length"));
        rp_test_http_resp_free(&resp);
    }
    ck_assert_int_eq(rp_test_http_wait_close(&h, 200), 0);
    rp_test_http_close(&h);
}
END_TEST


START_TEST(keepalive_requests_closes_after_the_last_one)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;

    rp_start("    keepalive_requests 2;\n", NULL);

    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h, RP_GET), 0);
    rp_expect(&h, &resp, 0, 200, "first");
    ck_assert(rp_keeps_alive(&resp));
    rp_test_http_resp_free(&resp);

    /* the second is the last one: a third pipelined is not answered */
    ck_assert_int_eq(rp_test_http_send_str(&h, RP_GET RP_GET), 0);
    rp_expect(&h, &resp, 0, 200, "second");
    ck_assert_str_eq(rp_connection(&resp), "close");
    rp_test_http_resp_free(&resp);
    ck_assert(rp_test_http_wait_close(&h, 2000));
    ck_assert_uint_eq(h.len, 0);
    rp_test_http_close(&h);
}
END_TEST


START_TEST(keepalive_timeout_closes_an_idle_connection)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    long                      start, took;

    rp_start("    keepalive_timeout 1s;\n", NULL);

    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h, RP_GET), 0);
    rp_expect(&h, &resp, 0, 200, "request");
    rp_test_http_resp_free(&resp);

    start = rp_test_now_ms();
    ck_assert_msg(rp_test_http_wait_close(&h, 4000),
                  "idle keep-alive connection still open after 4 s");
    took = rp_test_now_ms() - start;
    ck_assert_msg(took >= 800 && took <= rp_test_ms(2500),
                  "closed after %ld ms, keepalive_timeout is 1 s", took);
    ck_assert_uint_eq(h.len, 0);
    rp_test_http_close(&h);
}
END_TEST


START_TEST(keepalive_timeout_0_disables_keepalive)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;

    rp_start("    keepalive_timeout 0;\n", NULL);

    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h, RP_GET), 0);
    rp_expect(&h, &resp, 0, 200, "request");
    ck_assert_str_eq(rp_connection(&resp), "close");
    rp_test_http_resp_free(&resp);
    ck_assert(rp_test_http_wait_close(&h, 2000));
    rp_test_http_close(&h);
}
END_TEST


START_TEST(client_header_timeout_closes_a_half_sent_request)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    long                      start, took;

    rp_start("    client_header_timeout 1s;\n", NULL);

    rp_test_http_open(&h, rp_t->port[0]);
    start = rp_test_now_ms();
    ck_assert_int_eq(rp_test_http_send_str(&h, "GET /hal"), 0);
    ck_assert_msg(rp_test_http_wait_close(&h, 4000),
                  "half a request line still open after 4 s");
    took = rp_test_now_ms() - start;
    ck_assert_msg(took >= 800 && took <= rp_test_ms(2500),
                  "closed after %ld ms, client_header_timeout is 1 s", took);

    /* nothing, or a 408 at most */
    if (h.len > 0) {
        ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 100), 1);
        ck_assert_int_eq(resp.status, 408);
        rp_test_http_resp_free(&resp);
    }
    rp_test_http_close(&h);
    ck_assert(rp_test_log_wait(rp_t, "info", "client timed out", 1, 1000));
}
END_TEST


START_TEST(client_header_timeout_closes_a_silent_connection)
{
    struct rp_test_http  h;
    long                 start, took;

    rp_start("    client_header_timeout 1s;\n", NULL);

    rp_test_http_open(&h, rp_t->port[0]);
    start = rp_test_now_ms();
    ck_assert(rp_test_http_wait_close(&h, 4000));
    took = rp_test_now_ms() - start;
    ck_assert_msg(took >= 800 && took <= rp_test_ms(2500),
                  "closed after %ld ms, client_header_timeout is 1 s", took);
    ck_assert_uint_eq(h.len, 0);
    rp_test_http_close(&h);
}
END_TEST


START_TEST(client_max_body_size_gives_413)
{
    static const char         fits[] = "POST / HTTP/1.1\r\n" RP_H
                                       "Content-Length: 10\r\n\r\n"
                                       "0123456789";
    static const char         over[] = "POST / HTTP/1.1\r\n" RP_H
                                       "Content-Length: 11\r\n\r\n"
                                       "0123456789a";
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;

    rp_start("    client_max_body_size 10;\n", NULL);

    /* 10 bytes pass the check and reach the content phase */
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], fits, sizeof(fits) - 1,
                                      &resp, 0), 1);
    ck_assert_int_eq(resp.status, 200);
    rp_test_http_resp_free(&resp);

    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send(&h, over, sizeof(over) - 1), 0);
    rp_expect(&h, &resp, 0, 413, "Content-Length 11");
    ck_assert(rp_test_contains(resp.head,
                               "HTTP/1.1 413 Request Entity Too Large\r\n"));
    ck_assert_str_eq(rp_connection(&resp), "close");
    rp_test_http_resp_free(&resp);
    ck_assert(rp_test_http_wait_close(&h, 3000));
    rp_test_http_close(&h);
}
END_TEST


START_TEST(head_gets_the_header_without_a_body)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  get, head;

    rp_start(NULL, NULL);

    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h, RP_GET), 0);
    rp_expect(&h, &get, 0, 200, "GET");
    ck_assert_uint_gt(get.body_len, 0);

    ck_assert_int_eq(rp_test_http_send_str(&h, RP_HEAD RP_GET), 0);
    rp_expect(&h, &head, 1, 200, "HEAD");
    ck_assert_str_eq(rp_test_http_header(&head, "Content-Length"),
                     rp_test_fmt("%zu", get.body_len));
    ck_assert_str_eq(rp_test_http_header(&head, "Content-Type"),
                     rp_test_http_header(&get, "Content-Type"));
    rp_test_http_resp_free(&head);

    /* the GET behind it starts right after the header: no body was sent */
    ck_assert_int_eq(rp_test_http_read_response(&h, &head, 0, 3000), 1);
    ck_assert_msg(head.status == 200, "after HEAD: %s", head.head);
    ck_assert_str_eq(head.body, "ok\n");
    rp_test_http_resp_free(&head);
    rp_test_http_resp_free(&get);
    rp_test_http_close(&h);
}
END_TEST


/*
 * A body that looks like a request: if the core ever read it as one,
 * the client would see "two".
 */
#define RP_SMUGGLED  "GET /two HTTP/1.1\r\nHost: a\r\n\r\n"


START_TEST(full_body_then_pipelined_request_gets_both_answers)
{
    static const char *const  reqs[] = {
        "POST / HTTP/1.1\r\n" RP_H,
        "GET / HTTP/1.1\r\n" RP_H,
        "PUT /missing HTTP/1.1\r\n" RP_H,
    };
    static const int          status[] = { 200, 200, 404 };
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    size_t                    i;

    rp_start(NULL, NULL);

    for (i = 0; i < rp_nelems_t(reqs); i++) {
        rp_test_http_open(&h, rp_t->port[0]);
        ck_assert_int_eq(rp_test_http_send_str(&h,
                             rp_test_fmt("%sContent-Length: %zu\r\n\r\n"
                                         RP_SMUGGLED
                                         "GET /one HTTP/1.1\r\n" RP_H "\r\n",
                                         reqs[i], sizeof(RP_SMUGGLED) - 1)),
                         0);
        rp_expect(&h, &resp, 0, status[i], rp_test_fmt("body %zu", i));
        rp_test_http_resp_free(&resp);
        rp_expect(&h, &resp, 0, 200, rp_test_fmt("after body %zu", i));
        ck_assert_str_eq(resp.body, "one\n");
        rp_test_http_resp_free(&resp);
        ck_assert_int_eq(rp_test_http_wait_close(&h, 200), 0);
        ck_assert_uint_eq(h.len, 0);
        rp_test_http_close(&h);
    }
}
END_TEST


/*
 * A chunked body the handler does not read: the core may decode and skip
 * it, or give up on the connection ("Connection: close"), but it must
 * never take the body for a request.
 */
START_TEST(chunked_body_then_pipelined_request_is_never_misread)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    int                       rc;

    rp_start(NULL, NULL);

    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h,
                         rp_test_fmt("POST / HTTP/1.1\r\n" RP_H
                                     "Transfer-Encoding: chunked\r\n\r\n"
                                     "%zx\r\n" RP_SMUGGLED "\r\n0\r\n\r\n"
                                     "GET /one HTTP/1.1\r\n" RP_H "\r\n",
                                     sizeof(RP_SMUGGLED) - 1)), 0);
    rp_expect(&h, &resp, 0, 200, "chunked body");
    ck_assert_str_eq(resp.body, "ok\n");

    if (strcmp(rp_connection(&resp), "close") == 0) {
        ck_assert(rp_test_http_wait_close(&h, 3000));
        ck_assert_uint_eq(h.len, 0);
    } else {
        rp_test_http_resp_free(&resp);
        rc = rp_test_http_read_response(&h, &resp, 0, 3000);
        ck_assert_int_eq(rc, 1);
        ck_assert_str_eq(resp.body, "one\n");
    }
    rp_test_http_resp_free(&resp);
    rp_test_http_close(&h);
}
END_TEST


/*
 * The server answers 413 at once while the client is still sending a
 * 4 MB body.  Without a lingering close the server's close() with unread
 * data sends an RST, which makes the client's kernel drop the response
 * before the client reads it; with it, the response arrives whole.
 */
/* One upload of 4 MB that the server refuses at once (see below). */
static void
rp_refused_upload(int attempt, const char *chunk, size_t size)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    const char               *cl;
    int                       i;

    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h, "POST /upload HTTP/1.1\r\n"
                                           RP_H "Content-Length: 4194304"
                                           "\r\n\r\n"), 0);
    for (i = 0; i < 64; i++) {
        if (rp_test_http_send(&h, chunk, size) == -1) {
            break;
        }
    }

    rp_expect(&h, &resp, 0, 413, rp_test_fmt("upload %d", attempt));
    cl = rp_test_http_header(&resp, "Content-Length");
    ck_assert_ptr_nonnull(cl);
    ck_assert_str_eq(cl, rp_test_fmt("%zu", resp.body_len));
    ck_assert(rp_test_contains(resp.body, "413 Request Entity Too Large"));
    ck_assert_str_eq(rp_connection(&resp), "close");
    rp_test_http_resp_free(&resp);
    rp_test_http_close(&h);
}


START_TEST(lingering_close_delivers_the_error_during_an_upload)
{
    char  *chunk;
    int    i;

    rp_start("    client_max_body_size 1k;\n", NULL);

    chunk = malloc(65536);
    ck_assert(chunk != NULL);
    memset(chunk, 'u', 65536);

    /* the race without lingering is lost only sometimes: try a few */
    for (i = 0; i < 8; i++) {
        rp_refused_upload(i, chunk, 65536);
    }
    free(chunk);
}
END_TEST


/* 1 if <v> looks like an IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT". */
static int
rp_is_http_date(const char *v)
{
    static const char  pat[] = "Aaa, 00 Aaa 0000 00:00:00 GMT";
    size_t             i;

    if (strlen(v) != sizeof(pat) - 1) {
        return 0;
    }
    for (i = 0; i < sizeof(pat) - 1; i++) {
        if ((pat[i] == '0' && !isdigit((unsigned char) v[i]))
            || (pat[i] == 'A' && !isupper((unsigned char) v[i]))
            || (pat[i] == 'a' && !islower((unsigned char) v[i]))
            || (strchr("0Aa", pat[i]) == NULL && pat[i] != v[i]))
        {
            return 0;
        }
    }
    return 1;
}


START_TEST(responses_carry_date_and_server)
{
    static const char *const  reqs[] = { RP_GET, RP_MISSING };
    struct rp_test_http_resp  resp;
    const char               *v;
    size_t                    i;

    rp_start(NULL, NULL);

    for (i = 0; i < rp_nelems_t(reqs); i++) {
        ck_assert_int_eq(rp_test_http_get(rp_t->port[0], reqs[i],
                                          strlen(reqs[i]), &resp, 0), 1);
        ck_assert_int_eq(rp_test_http_header_count(&resp, "Date"), 1);
        ck_assert_int_eq(rp_test_http_header_count(&resp, "Server"), 1);
        v = rp_test_http_header(&resp, "Date");
        ck_assert_msg(rp_is_http_date(v), "Date: %s", v);
        v = rp_test_http_header(&resp, "Server");
        ck_assert_msg(strncmp(v, "rampart/", 8) == 0
                      && isdigit((unsigned char) v[8]), "Server: %s", v);
        rp_test_http_resp_free(&resp);
    }

    /* the built-in error page */
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], RP_MISSING,
                                      sizeof(RP_MISSING) - 1, &resp, 0), 1);
    ck_assert(rp_test_contains(resp.head, "HTTP/1.1 404 Not Found\r\n"));
    ck_assert_str_eq(rp_test_http_header(&resp, "Content-Type"),
                     "text/html");
    ck_assert(rp_test_contains(resp.body, "<h1>404 Not Found</h1>"));
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(server_tokens_off_hides_the_version)
{
    static const char *const  reqs[] = { RP_GET, RP_MISSING };
    struct rp_test_http_resp  resp;
    size_t                    i;

    rp_start("    server_tokens off;\n", NULL);

    for (i = 0; i < rp_nelems_t(reqs); i++) {
        ck_assert_int_eq(rp_test_http_get(rp_t->port[0], reqs[i],
                                          strlen(reqs[i]), &resp, 0), 1);
        ck_assert_str_eq(rp_test_http_header(&resp, "Server"), "rampart");
        ck_assert(!rp_test_contains(resp.body, "rampart/"));
        rp_test_http_resp_free(&resp);
    }
}
END_TEST


START_TEST(graceful_quit_closes_an_idle_keepalive_connection)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    pid_t                     master, worker[1];

    master = rp_start("    keepalive_timeout 60s;\n", NULL);
    ck_assert_int_eq(rp_test_workers(master, worker, 1), 1);

    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h, RP_GET), 0);
    rp_expect(&h, &resp, 0, 200, "request");
    ck_assert(rp_keeps_alive(&resp));
    rp_test_http_resp_free(&resp);

    rp_test_signal(master, SIGQUIT);

    ck_assert_msg(rp_test_http_wait_close(&h, 2000),
                  "idle keep-alive connection open 2 s after QUIT");
    ck_assert_uint_eq(h.len, 0);
    ck_assert_msg(rp_test_wait_gone(worker[0], 2000),
                  "worker still running 2 s after QUIT");
    ck_assert_int_ne(rp_test_wait_exit(master, 3000), -1);
    rp_test_http_close(&h);
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("http_core");

    tc = rp_test_tcase("reading");
    tcase_add_test(tc, request_sent_one_byte_at_a_time_is_answered);
    tcase_add_test(tc, request_split_at_every_offset_is_answered);
    tcase_add_test(tc, three_pipelined_requests_are_answered_in_order);
    tcase_add_test(tc, head_gets_the_header_without_a_body);
    tcase_add_test(tc, full_body_then_pipelined_request_gets_both_answers);
    tcase_add_test(tc, chunked_body_then_pipelined_request_is_never_misread);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("keepalive");
    tcase_add_test(tc, keepalive_serves_sequential_requests);
    tcase_add_test(tc, connection_close_closes_after_the_response);
    tcase_add_test(tc, http10_without_keepalive_closes_after_the_response);
    tcase_add_test(tc, http10_with_keepalive_stays_open);
    tcase_add_test(tc, keepalive_requests_closes_after_the_last_one);
    tcase_add_test(tc, keepalive_timeout_closes_an_idle_connection);
    tcase_add_test(tc, keepalive_timeout_0_disables_keepalive);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("limits");
    tcase_add_test(tc, client_header_timeout_closes_a_half_sent_request);
    tcase_add_test(tc, client_header_timeout_closes_a_silent_connection);
    tcase_add_test(tc, client_max_body_size_gives_413);
    tcase_add_test(tc, lingering_close_delivers_the_error_during_an_upload);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("response");
    tcase_add_test(tc, responses_carry_date_and_server);
    tcase_add_test(tc, server_tokens_off_hides_the_version);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("stop");
    tcase_add_test(tc, graceful_quit_closes_an_idle_keepalive_connection);
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
