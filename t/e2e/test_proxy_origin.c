/*
 * test_proxy_origin.c - the scriptable test origin (t/lib/rp_test_origin.c)
 * talked to directly, without the daemon.
 *
 * The proxy tests trust the origin to record exactly what it received and
 * to answer exactly as scripted; these cases check that trust: recording
 * per connection and request, keep-alive and close, each framing, the
 * generated pattern, aborts, delays, raw responses and the WebSocket and
 * raw tunnels after a 101.
 */

#include "rp_test.h"

#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


START_TEST(origin_records_requests_per_connection)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .path = "/a", .body = "alpha\n", .headers = "X-Rule: a\r\n" },
        { .path = "/p*", .status = 201, .body = "prefix\n" },
        { .path = NULL, .status = 404, .body = "none\n" },
    };
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    struct rp_test_origin_req  req;
    int                        port;

    port = rp_test_origin_start(rp_t, 0, rules, 3);

    rp_test_http_open(&h, port);
    rp_test_http_send_str(&h, "GET /a?x=1 HTTP/1.1\r\nHost: o\r\nX-A: 1\r\n\r\n"
                              "POST /pq HTTP/1.1\r\nHost: o\r\n"
                              "Content-Length: 5\r\n\r\nhello");
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 2000), 1);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_str_eq(resp.body, "alpha\n");
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Rule"), "a");
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Origin-Conn"), "1");
    rp_test_http_resp_free(&resp);
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 2000), 1);
    ck_assert_int_eq(resp.status, 201);
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Origin-Req"), "2");
    rp_test_http_resp_free(&resp);
    rp_test_http_close(&h);

    ck_assert_int_eq(rp_test_http_get(port, "GET /zz HTTP/1.0\r\n\r\n", 20,
                                      &resp, 0), 1);
    ck_assert_int_eq(resp.status, 404);
    rp_test_http_resp_free(&resp);

    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, port), 3);
    ck_assert_int_eq(rp_test_origin_conns(rp_t, port), 2);

    ck_assert_int_eq(rp_test_origin_request(rp_t, port, 1, &req), 1);
    ck_assert_int_eq(req.conn, 1);
    ck_assert_int_eq(req.seq, 1);
    ck_assert_str_eq(req.line, "GET /a?x=1 HTTP/1.1");
    ck_assert_str_eq(rp_test_origin_header(&req, "x-a"), "1");
    ck_assert_int_eq(rp_test_origin_header_count(&req, "Host"), 1);
    ck_assert_ptr_null(rp_test_origin_header(&req, "X-B"));
    rp_test_origin_req_free(&req);

    ck_assert_int_eq(rp_test_origin_request(rp_t, port, 2, &req), 1);
    ck_assert_int_eq(req.conn, 1);
    ck_assert_int_eq(req.seq, 2);
    ck_assert_str_eq(req.body, "hello");
    ck_assert_uint_eq(req.raw_len, req.head_len + 5);
    rp_test_origin_req_free(&req);

    ck_assert_int_eq(rp_test_origin_request(rp_t, port, 3, &req), 1);
    ck_assert_int_eq(req.conn, 2);
    rp_test_origin_req_free(&req);
    ck_assert_int_eq(rp_test_origin_request(rp_t, port, 4, &req), 0);
}
END_TEST


START_TEST(origin_decodes_chunked_request_and_echoes_it)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .echo_body = 1, .mode = RP_TEST_ORIGIN_CHUNKED, .piece = 3 },
    };
    static const char  request[] =
        "POST /e HTTP/1.1\r\nHost: o\r\nTransfer-Encoding: chunked\r\n\r\n"
        "4\r\nwiki\r\n5;ext=1\r\npedia\r\n0\r\nX-T: 1\r\n\r\n";
    struct rp_test_http_resp   resp;
    struct rp_test_origin_req  req;
    int                        port;

    port = rp_test_origin_start(rp_t, 0, rules, 1);
    ck_assert_int_eq(rp_test_http_get(port, request, strlen(request), &resp, 0), 1);
    ck_assert_str_eq(rp_test_http_header(&resp, "Transfer-Encoding"), "chunked");
    ck_assert_str_eq(resp.body, "wikipedia");
    rp_test_http_resp_free(&resp);

    ck_assert_int_eq(rp_test_origin_request(rp_t, port, 1, &req), 1);
    ck_assert_str_eq(req.body, "wikipedia");
    ck_assert_uint_eq(req.raw_len, strlen(request));
    ck_assert(memcmp(req.raw, request, req.raw_len) == 0);
    rp_test_origin_req_free(&req);
}
END_TEST


START_TEST(origin_sends_pattern_close_delimited_and_closes)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .mode = RP_TEST_ORIGIN_EOF, .body_size = 300000, .piece = 70000,
          .piece_delay_ms = 20 },
    };
    struct rp_test_http_resp  resp;
    size_t                    i;
    int                       port;

    port = rp_test_origin_start(rp_t, 0, rules, 1);
    ck_assert_int_eq(rp_test_http_get(port, "GET / HTTP/1.1\r\nHost: o\r\n\r\n",
                                      27, &resp, 0), 1);
    ck_assert_ptr_null(rp_test_http_header(&resp, "Content-Length"));
    ck_assert_str_eq(rp_test_http_header(&resp, "Connection"), "close");
    ck_assert_uint_eq(resp.body_len, 300000);
    for (i = 0; i < resp.body_len; i++) {
        if (resp.body[i] != rp_test_origin_byte(i)) {
            ck_abort_msg("body byte %zu differs", i);
        }
    }
    rp_test_http_resp_free(&resp);
    ck_assert_int_eq(rp_test_origin_closed(rp_t, port), 1);
}
END_TEST


START_TEST(origin_aborts_mid_body_and_delays_headers)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .path = "/abort", .body_size = 1000, .abort = 1, .abort_after = 100 },
        { .path = "/slow", .body = "late", .head_delay_ms = 400 },
        { .path = "/raw", .mode = RP_TEST_ORIGIN_RAW, .close = 1,
          .raw = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"
                 "Content-Length: 2\r\n\r\nab" },
    };
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    long                       start;
    int                        port;

    port = rp_test_origin_start(rp_t, 0, rules, 3);

    rp_test_http_open(&h, port);
    rp_test_http_send_str(&h, "GET /abort HTTP/1.1\r\nHost: o\r\n\r\n");
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 2000), -1);
    rp_test_http_resp_free(&resp);
    ck_assert_int_eq(rp_test_http_wait_close(&h, 1000), 1);
    rp_test_http_close(&h);

    start = rp_test_now_ms();
    ck_assert_int_eq(rp_test_http_get(port, "GET /slow HTTP/1.1\r\nHost: o\r\n\r\n",
                                      31, &resp, 0), 1);
    ck_assert_int_ge(rp_test_now_ms() - start, 380);
    ck_assert_str_eq(resp.body, "late");
    rp_test_http_resp_free(&resp);

    rp_test_http_open(&h, port);
    rp_test_http_send_str(&h, "GET /raw HTTP/1.1\r\nHost: o\r\n\r\n");
    ck_assert_int_eq(rp_test_http_wait_close(&h, 1000), 1);
    ck_assert(rp_test_contains(h.buf, "Content-Length: 1\r\nContent-Length: 2"));
    rp_test_http_close(&h);
}
END_TEST


START_TEST(origin_websocket_accept_and_echo)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .path = "/ws", .mode = RP_TEST_ORIGIN_WEBSOCKET },
        { .path = "/raw", .mode = RP_TEST_ORIGIN_TUNNEL },
    };
    static const unsigned char  frame[] = {
        0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58
    };
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    int                        port;

    port = rp_test_origin_start(rp_t, 0, rules, 2);

    /* RFC 6455 1.3 and 5.7: the example key and the masked "Hello" */
    rp_test_http_open(&h, port);
    rp_test_http_send_str(&h, "GET /ws HTTP/1.1\r\nHost: o\r\nUpgrade: websocket\r\n"
                              "Connection: Upgrade\r\n"
                              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                              "Sec-WebSocket-Version: 13\r\n\r\n");
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 2000), 1);
    ck_assert_int_eq(resp.status, 101);
    ck_assert_str_eq(rp_test_http_header(&resp, "Sec-WebSocket-Accept"),
                     "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    rp_test_http_resp_free(&resp);
    rp_test_http_send(&h, frame, sizeof(frame));
    rp_test_http_wait_close(&h, 300);
    ck_assert_uint_eq(h.len, 7);
    ck_assert(memcmp(h.buf, "\x81\x05Hello", 7) == 0);
    rp_test_http_close(&h);

    rp_test_http_open(&h, port);
    rp_test_http_send_str(&h, "GET /raw HTTP/1.1\r\nHost: o\r\nUpgrade: echo\r\n"
                              "Connection: Upgrade\r\n\r\nearly");
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 2000), 1);
    ck_assert_int_eq(resp.status, 101);
    rp_test_http_resp_free(&resp);
    rp_test_http_send_str(&h, "+late");
    rp_test_http_wait_close(&h, 300);
    ck_assert_str_eq(h.buf, "early+late");
    rp_test_http_close(&h);
}
END_TEST


static Suite *
rp_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("proxy_origin");
    tc = rp_test_tcase("origin");
    tcase_add_test(tc, origin_records_requests_per_connection);
    tcase_add_test(tc, origin_decodes_chunked_request_and_echoes_it);
    tcase_add_test(tc, origin_sends_pattern_close_delimited_and_closes);
    tcase_add_test(tc, origin_aborts_mid_body_and_delays_headers);
    tcase_add_test(tc, origin_websocket_accept_and_echo);
    suite_add_tcase(s, tc);
    return s;
}


int
main(void)
{
    return rp_test_main(rp_suite());
}
