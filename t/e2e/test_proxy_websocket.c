/*
 * test_proxy_websocket.c - Upgrade requests become tunnels.
 *
 * The location uses the usual nginx idiom: proxy_http_version 1.1,
 * "proxy_set_header Upgrade $http_upgrade" and "proxy_set_header
 * Connection $connection_upgrade" with a map giving "upgrade", or
 * "close" when the client did not ask for one.  Against the origin's
 * WebSocket echo the client must get the origin's 101 with the right
 * Sec-WebSocket-Accept and then its frames back, in both small and
 * large sizes; the raw tunnel echo checks that bytes sent right after
 * the handshake are not lost; a plain request to the same location is
 * an ordinary proxied request with "Connection: close".
 */

#include "rp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct rp_test_origin_rule  rp_ws_rules[] = {
    { .path = "/ws", .mode = RP_TEST_ORIGIN_WEBSOCKET },
    { .path = "/raw", .mode = RP_TEST_ORIGIN_TUNNEL },
    { .path = NULL, .body = "plain\n" },
};


static pid_t
rp_start(void)
{
    rp_test_write_conf(rp_t, "proxy.conf",
                       "daemon off;\n"
                       "worker_processes 1;\n"
                       "error_log logs/error.log info;\n"
                       "pid logs/rampart.pid;\n"
                       "events {\n"
                       "    worker_connections 64;\n"
                       "}\n"
                       "http {\n"
                       "    map $http_upgrade $connection_upgrade {\n"
                       "        default upgrade;\n"
                       "        '' close;\n"
                       "    }\n"
                       "    server {\n"
                       "        listen 127.0.0.1:%%PORT0%%;\n"
                       "        location / {\n"
                       "            proxy_pass http://127.0.0.1:%%PORT1%%;\n"
                       "            proxy_http_version 1.1;\n"
                       "            proxy_set_header Upgrade $http_upgrade;\n"
                       "            proxy_set_header Connection $connection_upgrade;\n"
                       "            proxy_read_timeout 5s;\n"
                       "        }\n"
                       "    }\n"
                       "}\n");
    return rp_test_start(rp_t, 1, (char *) NULL);
}


/* A masked text frame of <len> bytes of <payload>, malloc'ed. */
static unsigned char *
rp_ws_frame(const char *payload, size_t len, size_t *flen)
{
    static const unsigned char  key[4] = { 0x12, 0x34, 0x56, 0x78 };
    unsigned char              *f;
    size_t                      off, i;

    f = malloc(len + 14);
    ck_assert_ptr_nonnull(f);
    f[0] = 0x81;
    if (len < 126) {
        f[1] = (unsigned char) (0x80 | len);
        off = 2;
    } else if (len < 65536) {
        f[1] = 0x80 | 126;
        f[2] = (unsigned char) (len >> 8);
        f[3] = (unsigned char) len;
        off = 4;
    } else {
        f[1] = 0x80 | 127;
        for (i = 0; i < 8; i++) {
            f[2 + i] = (unsigned char) ((uint64_t) len >> (56 - 8 * i));
        }
        off = 10;
    }
    memcpy(f + off, key, 4);
    off += 4;
    for (i = 0; i < len; i++) {
        f[off + i] = (unsigned char) payload[i] ^ key[i & 3];
    }
    *flen = off + len;
    return f;
}


/* Reads until h->buf holds <len> bytes (or the deadline); 1 if it does. */
static int
rp_wait_bytes(struct rp_test_http *h, size_t len, long ms)
{
    long  deadline;

    deadline = rp_test_now_ms() + rp_test_ms(ms);
    while (h->len < len && rp_test_now_ms() < deadline) {
        if (rp_test_http_wait_close(h, 20) == 1) {
            break;
        }
    }
    return h->len >= len;
}


/* Opens a connection and completes a handshake for <path>. */
static void
rp_handshake(struct rp_test_http *h, const char *path, const char *upgrade)
{
    struct rp_test_http_resp  resp;

    rp_test_http_open(h, rp_t->port[0]);
    rp_test_http_send_str(h, rp_test_fmt(
        "GET %s HTTP/1.1\r\nHost: front\r\nUpgrade: %s\r\n"
        "Connection: keep-alive, Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n", path, upgrade));
    ck_assert_int_eq(rp_test_http_read_response(h, &resp, 0, 3000), 1);
    ck_assert_int_eq(resp.status, 101);
    ck_assert_msg(rp_test_contains(resp.head, "pgrade"), "%s", resp.head);
    if (strcmp(upgrade, "websocket") == 0) {
        ck_assert_str_eq(rp_test_http_header(&resp, "Sec-WebSocket-Accept"),
                         "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }
    rp_test_http_resp_free(&resp);
}


START_TEST(websocket_frames_are_echoed_through_the_tunnel)
{
    static const size_t        sizes[] = { 5, 300, 70000, 0 };
    struct rp_test_http        h;
    struct rp_test_origin_req  req;
    unsigned char             *frame;
    char                      *payload;
    size_t                     flen, i, k, off;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_ws_rules, 3);
    rp_start();

    rp_handshake(&h, "/ws", "websocket");
    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1], 1, &req), 1);
    ck_assert_str_eq(req.line, "GET /ws HTTP/1.1");
    ck_assert_str_eq(rp_test_origin_header(&req, "Upgrade"), "websocket");
    ck_assert_str_eq(rp_test_origin_header(&req, "Connection"), "upgrade");
    ck_assert_str_eq(rp_test_origin_header(&req, "Sec-WebSocket-Key"),
                     "dGhlIHNhbXBsZSBub25jZQ==");
    rp_test_origin_req_free(&req);

    for (k = 0; sizes[k]; k++) {
        payload = malloc(sizes[k]);
        ck_assert_ptr_nonnull(payload);
        for (i = 0; i < sizes[k]; i++) {
            payload[i] = rp_test_origin_byte(i);
        }
        frame = rp_ws_frame(payload, sizes[k], &flen);
        ck_assert_int_eq(rp_test_http_send(&h, frame, flen), 0);

        /* the echo is unmasked: 4 bytes shorter */
        ck_assert_msg(rp_wait_bytes(&h, flen - 4, 5000),
                      "%zu of %zu echo bytes", h.len, flen - 4);
        off = flen - 4 - sizes[k];
        ck_assert_int_eq((unsigned char) h.buf[0], 0x81);
        ck_assert(memcmp(h.buf + off, payload, sizes[k]) == 0);
        memmove(h.buf, h.buf + flen - 4, h.len - (flen - 4));
        h.len -= flen - 4;
        free(frame);
        free(payload);
    }
    ck_assert_uint_eq(h.len, 0);

    /* a close frame is echoed and the origin closes: so does the tunnel */
    rp_test_http_send(&h, "\x88\x80\x01\x02\x03\x04", 6);
    ck_assert_int_eq(rp_test_http_wait_close(&h, 3000), 1);
    ck_assert_uint_eq(h.len, 2);
    ck_assert(memcmp(h.buf, "\x88\x00", 2) == 0);
    rp_test_http_close(&h);
}
END_TEST


START_TEST(raw_tunnel_keeps_bytes_sent_right_after_the_handshake)
{
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    struct rp_test_origin_req  req;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_ws_rules, 3);
    rp_start();

    rp_handshake(&h, "/raw", "echo");
    rp_test_http_send_str(&h, "ping");
    ck_assert(rp_wait_bytes(&h, 4, 3000));
    ck_assert_str_eq(h.buf, "ping");
    h.len = 0;
    rp_test_http_send_slowly(&h, "0123456789", 10, 2, 20);
    ck_assert(rp_wait_bytes(&h, 10, 3000));
    ck_assert(memcmp(h.buf, "0123456789", 10) == 0);
    rp_test_http_close(&h);

    /* without Upgrade the same location is an ordinary request */
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0],
                                      "GET /p HTTP/1.1\r\nHost: a\r\n\r\n", 28,
                                      &resp, 0), 1);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_str_eq(resp.body, "plain\n");
    rp_test_http_resp_free(&resp);
    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1], 2, &req), 1);
    ck_assert_str_eq(req.line, "GET /p HTTP/1.1");
    ck_assert_str_eq(rp_test_origin_header(&req, "Connection"), "close");
    ck_assert_int_eq(rp_test_origin_header_count(&req, "Upgrade"), 0);
    rp_test_origin_req_free(&req);
}
END_TEST


static Suite *
rp_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("proxy_websocket");
    tc = rp_test_tcase("websocket");
    tcase_add_test(tc, websocket_frames_are_echoed_through_the_tunnel);
    tcase_add_test(tc, raw_tunnel_keeps_bytes_sent_right_after_the_handshake);
    suite_add_tcase(s, tc);
    return s;
}


int
main(void)
{
    return rp_test_main(rp_suite());
}
