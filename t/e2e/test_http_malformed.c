/*
 * test_http_malformed.c - malformed and ambiguous requests to the real
 * daemon (issue #3: "a table of at least 60 malformed or ambiguous
 * requests with the expected status").
 *
 * Every row is sent on a fresh connection with a valid request pipelined
 * right behind it, in one write.  The row passes when the server answers
 * exactly the expected status line with "Connection: close", then closes
 * the connection without a byte more: the pipelined request must never
 * be processed, because a proxy that keeps reading after a request it
 * could not frame is a request-smuggling hole.  A table test collects
 * every failing row before it fails, so one run shows them all.
 */

#include "rp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define rp_nelems_t(a)  (sizeof(a) / sizeof((a)[0]))

/* A literal with its length, so rows may hold NUL bytes. */
#define RP_RAW(s)  s, sizeof(s) - 1

#define RP_H       "Host: a\r\n"
#define RP_GET     "GET / HTTP/1.1\r\n" RP_H

/* The request pipelined behind each bad one. */
#define RP_NEXT    "GET /next HTTP/1.1\r\nHost: a\r\n\r\n"

#define RP_CONF_MALFORMED                                                    \
    "daemon off;\n"                                                          \
    "worker_processes 1;\n"                                                  \
    "error_log logs/error.log info;\n"                                       \
    "pid logs/rampart.pid;\n"                                                \
    "events {\n"                                                             \
    "    worker_connections 256;\n"                                          \
    "}\n"                                                                    \
    "http {\n"                                                               \
    "    client_header_buffer_size 1k;\n"                                    \
    "    large_client_header_buffers 2 2k;\n"                                \
    "    client_header_timeout 5s;\n"                                        \
    "    lingering_timeout 1s;\n"                                            \
    "    lingering_time 3s;\n"                                               \
    "    server {\n"                                                         \
    "        listen 127.0.0.1:%%PORT0%%;\n"                                  \
    "        location / {\n"                                                 \
    "            return 200 \"ok\\n\";\n"                                    \
    "        }\n"                                                            \
    "    }\n"                                                                \
    "}\n"

#define RP_LARGE_BUFFER  2048

struct rp_bad_request {
    const char  *name;
    const char  *raw;
    size_t       len;
    int          status;
    int          alt;          /* another acceptable status, or 0 */
};


/* Request line and target. */
static const struct rp_bad_request  rp_bad_request_line[] = {
    { "HTTP/2.0", RP_RAW("GET / HTTP/2.0\r\n" RP_H "\r\n"), 505, 0 },
    { "HTTP/1.2", RP_RAW("GET / HTTP/1.2\r\n" RP_H "\r\n"), 505, 0 },
    { "HTTP/3.0", RP_RAW("GET / HTTP/3.0\r\n" RP_H "\r\n"), 505, 0 },
    { "HTTP/0.9 style, no version", RP_RAW("GET /\r\n" RP_H "\r\n"),
      400, 0 },
    { "space after the version",
      RP_RAW("GET / HTTP/1.1 \r\n" RP_H "\r\n"), 400, 0 },
    { "garbage after the version",
      RP_RAW("GET / HTTP/1.1x\r\n" RP_H "\r\n"), 400, 0 },
    { "lowercase version", RP_RAW("GET / http/1.1\r\n" RP_H "\r\n"),
      400, 0 },
    { "version HTTP/1.01", RP_RAW("GET / HTTP/1.01\r\n" RP_H "\r\n"),
      400, 0 },
    { "version HTTP/01.1", RP_RAW("GET / HTTP/01.1\r\n" RP_H "\r\n"),
      400, 0 },
    { "version HTTP/1.", RP_RAW("GET / HTTP/1.\r\n" RP_H "\r\n"), 400, 0 },
    { "version HTTP/", RP_RAW("GET / HTTP/\r\n" RP_H "\r\n"), 400, 0 },
    { "two spaces after the method",
      RP_RAW("GET  / HTTP/1.1\r\n" RP_H "\r\n"), 400, 0 },
    { "two spaces before the version",
      RP_RAW("GET /  HTTP/1.1\r\n" RP_H "\r\n"), 400, 0 },
    { "tab as separator", RP_RAW("GET\t/ HTTP/1.1\r\n" RP_H "\r\n"),
      400, 0 },
    { "leading space", RP_RAW(" GET / HTTP/1.1\r\n" RP_H "\r\n"), 400, 0 },
    { "missing target", RP_RAW("GET HTTP/1.1\r\n" RP_H "\r\n"), 400, 0 },
    { "bare CR ends the request line",
      RP_RAW("GET / HTTP/1.1\r" RP_H "\r\n"), 400, 0 },
    { "CR CR LF after the request line",
      RP_RAW("GET / HTTP/1.1\r\r\n" RP_H "\r\n"), 400, 0 },
    { "NUL before the method", RP_RAW("\0GET / HTTP/1.1\r\n" RP_H "\r\n"),
      400, 0 },
    { "invalid byte in the method",
      RP_RAW("G@T / HTTP/1.1\r\n" RP_H "\r\n"), 400, 0 },
    { "'#' in the target", RP_RAW("GET /a#b HTTP/1.1\r\n" RP_H "\r\n"),
      400, 0 },
    { "control byte in the target",
      RP_RAW("GET /a\001b HTTP/1.1\r\n" RP_H "\r\n"), 400, 0 },
    { "DEL in the target", RP_RAW("GET /a\177b HTTP/1.1\r\n" RP_H "\r\n"),
      400, 0 },
    { "obs-text in the target",
      RP_RAW("GET /a\351b HTTP/1.1\r\n" RP_H "\r\n"), 400, 0 },
    { "NUL in the target", RP_RAW("GET /a\0b HTTP/1.1\r\n" RP_H "\r\n"),
      400, 0 },
    { "space in the query", RP_RAW("GET /a?b c HTTP/1.1\r\n" RP_H "\r\n"),
      400, 0 },
    { "path climbing above the root",
      RP_RAW("GET /../x HTTP/1.1\r\n" RP_H "\r\n"), 400, 0 },
    { "path climbing above the root later",
      RP_RAW("GET /a/../../x HTTP/1.1\r\n" RP_H "\r\n"), 400, 0 },
    { "encoded dot-dot climbing above the root",
      RP_RAW("GET /%2e%2e/x HTTP/1.1\r\n" RP_H "\r\n"), 400, 0 },
    { "bad percent escape %zz", RP_RAW("GET /%zz HTTP/1.1\r\n" RP_H "\r\n"),
      400, 0 },
    { "truncated percent escape",
      RP_RAW("GET /a%4 HTTP/1.1\r\n" RP_H "\r\n"), 400, 0 },
    { "%00 in the path", RP_RAW("GET /a%00b HTTP/1.1\r\n" RP_H "\r\n"),
      400, 0 },
    { "absolute-form with a bad schema",
      RP_RAW("GET h_tp://a/ HTTP/1.1\r\n" RP_H "\r\n"), 400, 0 },
    { "absolute-form without a schema",
      RP_RAW("GET ://a/ HTTP/1.1\r\n" RP_H "\r\n"), 400, 0 },
    { "absolute-form with one slash",
      RP_RAW("GET http:/a/ HTTP/1.1\r\n" RP_H "\r\n"), 400, 0 },
    { "absolute-form with a bad escape",
      RP_RAW("GET http://a/%zz HTTP/1.1\r\n" RP_H "\r\n"), 400, 0 },
    { "asterisk-form with GET", RP_RAW("GET * HTTP/1.1\r\n" RP_H "\r\n"),
      400, 0 },
    { "TRACE", RP_RAW("TRACE / HTTP/1.1\r\n" RP_H "\r\n"), 405, 0 },
    { "CONNECT", RP_RAW("CONNECT a:443 HTTP/1.1\r\n" RP_H "\r\n"), 405, 400 },
};


/* Header fields. */
static const struct rp_bad_request  rp_bad_headers[] = {
    { "HTTP/1.1 without Host", RP_RAW("GET / HTTP/1.1\r\n\r\n"), 400, 0 },
    { "two Host", RP_RAW(RP_GET "Host: b\r\n\r\n"), 400, 0 },
    { "two Host, same value", RP_RAW(RP_GET RP_H "\r\n"), 400, 0 },
    { "two Host, differing case", RP_RAW(RP_GET "hOST: b\r\n\r\n"), 400, 0 },
    { "Host with a slash", RP_RAW("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n"),
      400, 0 },
    { "Host \"..\"", RP_RAW("GET / HTTP/1.1\r\nHost: ..\r\n\r\n"), 400, 0 },
    { "obs-fold", RP_RAW(RP_GET "X-A: b\r\n c\r\n\r\n"), 400, 0 },
    { "obs-fold with a tab", RP_RAW(RP_GET "X-A: b\r\n\tc\r\n\r\n"), 400, 0 },
    { "first field starts with a space",
      RP_RAW("GET / HTTP/1.1\r\n Host: a\r\n\r\n"), 400, 0 },
    { "bare CR in a value", RP_RAW(RP_GET "X-A: b\rc\r\n\r\n"), 400, 0 },
    { "bare CR ends a field", RP_RAW(RP_GET "X-A: b\r\r\n\r\n"), 400, 0 },
    { "bare CR as the empty line", RP_RAW(RP_GET "\r\r\n"), 400, 0 },
    { "NUL in a value", RP_RAW(RP_GET "X-A: b\0c\r\n\r\n"), 400, 0 },
    { "NUL in a name", RP_RAW(RP_GET "X-\0A: b\r\n\r\n"), 400, 0 },
    { "control byte in a value", RP_RAW(RP_GET "X-A: b\001c\r\n\r\n"),
      400, 0 },
    { "DEL in a value", RP_RAW(RP_GET "X-A: b\177c\r\n\r\n"), 400, 0 },
    { "space before the colon", RP_RAW("GET / HTTP/1.1\r\nHost : a\r\n\r\n"),
      400, 0 },
    { "tab before the colon", RP_RAW(RP_GET "X-A\t: b\r\n\r\n"), 400, 0 },
    { "space inside a name", RP_RAW(RP_GET "X A: b\r\n\r\n"), 400, 0 },
    { "'(' in a name", RP_RAW(RP_GET "X(A): b\r\n\r\n"), 400, 0 },
    { "'@' in a name", RP_RAW(RP_GET "X@A: b\r\n\r\n"), 400, 0 },
    { "'{' in a name", RP_RAW(RP_GET "X{A}: b\r\n\r\n"), 400, 0 },
    { "'/' in a name", RP_RAW(RP_GET "X/A: b\r\n\r\n"), 400, 0 },
    { "obs-text in a name", RP_RAW(RP_GET "X\351A: b\r\n\r\n"), 400, 0 },
    { "empty name", RP_RAW(RP_GET ": b\r\n\r\n"), 400, 0 },
    { "no colon", RP_RAW(RP_GET "X-A b\r\n\r\n"), 400, 0 },
    { "Expect: something-else", RP_RAW(RP_GET "Expect: something-else\r\n"
      "\r\n"), 417, 0 },
    { "Expect: 100-continued", RP_RAW(RP_GET "Expect: 100-continued\r\n"
      "\r\n"), 417, 0 },
};


/* Message framing: Content-Length and Transfer-Encoding. */
static const struct rp_bad_request  rp_bad_framing[] = {
    { "Content-Length and Transfer-Encoding",
      RP_RAW("POST / HTTP/1.1\r\n" RP_H "Content-Length: 5\r\n"
             "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 400, 0 },
    { "Transfer-Encoding and Content-Length",
      RP_RAW("POST / HTTP/1.1\r\n" RP_H "Transfer-Encoding: chunked\r\n"
             "Content-Length: 5\r\n\r\n0\r\n\r\n"), 400, 0 },
    { "two differing Content-Length",
      RP_RAW("POST / HTTP/1.1\r\n" RP_H "Content-Length: 1\r\n"
             "Content-Length: 2\r\n\r\nab"), 400, 0 },
    { "Content-Length list", RP_RAW("POST / HTTP/1.1\r\n" RP_H
      "Content-Length: 1, 2\r\n\r\nab"), 400, 0 },
    { "Content-Length +5", RP_RAW("POST / HTTP/1.1\r\n" RP_H
      "Content-Length: +5\r\n\r\nabcde"), 400, 0 },
    { "Content-Length -1", RP_RAW("POST / HTTP/1.1\r\n" RP_H
      "Content-Length: -1\r\n\r\n"), 400, 0 },
    { "Content-Length 0x10", RP_RAW("POST / HTTP/1.1\r\n" RP_H
      "Content-Length: 0x10\r\n\r\n"), 400, 0 },
    { "Content-Length with trailing garbage", RP_RAW("POST / HTTP/1.1\r\n"
      RP_H "Content-Length: 5 abc\r\n\r\nabcde"), 400, 0 },
    { "Content-Length 1e3", RP_RAW("POST / HTTP/1.1\r\n" RP_H
      "Content-Length: 1e3\r\n\r\n"), 400, 0 },
    { "empty Content-Length", RP_RAW("POST / HTTP/1.1\r\n" RP_H
      "Content-Length:\r\n\r\n"), 400, 0 },
    { "Content-Length that overflows", RP_RAW("POST / HTTP/1.1\r\n" RP_H
      "Content-Length: 99999999999999999999999\r\n\r\n"), 400, 413 },
    { "Transfer-Encoding gzip", RP_RAW("POST / HTTP/1.1\r\n" RP_H
      "Transfer-Encoding: gzip\r\n\r\n"), 501, 0 },
    { "Transfer-Encoding identity", RP_RAW("POST / HTTP/1.1\r\n" RP_H
      "Transfer-Encoding: identity\r\n\r\n"), 501, 0 },
    { "Transfer-Encoding chunked, gzip", RP_RAW("POST / HTTP/1.1\r\n" RP_H
      "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n"), 501, 400 },
    { "Transfer-Encoding gzip, chunked", RP_RAW("POST / HTTP/1.1\r\n" RP_H
      "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"), 501, 400 },
    { "Transfer-Encoding chunked, chunked", RP_RAW("POST / HTTP/1.1\r\n" RP_H
      "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n"), 400, 0 },
    { "two Transfer-Encoding chunked", RP_RAW("POST / HTTP/1.1\r\n" RP_H
      "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
      "0\r\n\r\n"), 400, 0 },
    { "Transfer-Encoding xchunked", RP_RAW("POST / HTTP/1.1\r\n" RP_H
      "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"), 501, 400 },
    { "empty Transfer-Encoding", RP_RAW("POST / HTTP/1.1\r\n" RP_H
      "Transfer-Encoding:\r\n\r\n"), 400, 0 },
    { "Transfer-Encoding in HTTP/1.0", RP_RAW("POST / HTTP/1.0\r\n"
      "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"), 400, 0 },
    { "space before the colon of Transfer-Encoding",
      RP_RAW("POST / HTTP/1.1\r\n" RP_H "Transfer-Encoding : chunked\r\n"
             "\r\n0\r\n\r\n"), 400, 0 },
    { "space before the colon of Content-Length",
      RP_RAW("POST / HTTP/1.1\r\n" RP_H "Content-Length : 5\r\n\r\n"
             "abcde"), 400, 0 },
};


static pid_t
rp_start_malformed(void)
{
    rp_test_write_conf(rp_t, "proxy.conf", RP_CONF_MALFORMED);
    return rp_test_start(rp_t, 1, (char *) NULL);
}


static const char *
rp_reason(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 405: return "Not Allowed";
    case 413: return "Request Entity Too Large";
    case 414: return "Request-URI Too Large";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 505: return "HTTP Version Not Supported";
    default:  return "?";
    }
}


/* The first line of <head>, without its CRLF, in a static buffer. */
static const char *
rp_first_line(const char *head)
{
    static char  line[256];
    size_t       n;

    if (head == NULL) {
        return "(none)";
    }
    n = strcspn(head, "\r\n");
    if (n >= sizeof(line)) {
        n = sizeof(line) - 1;
    }
    memcpy(line, head, n);
    line[n] = '\0';
    return line;
}


/*
 * Sends <raw> with RP_NEXT behind it and checks the answer (see the top
 * of the file).  Returns NULL if it is right, else why not (static).
 */
static const char *
rp_check_rejected(int port, const char *raw, size_t len, int status, int alt)
{
    static char               why[512];
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    const char               *line, *conn;
    char                     *req;
    char                      want[128], want_alt[128];
    int                       rc, head, closed;

    req = malloc(len + sizeof(RP_NEXT));
    ck_assert(req != NULL);
    memcpy(req, raw, len);
    memcpy(req + len, RP_NEXT, sizeof(RP_NEXT) - 1);
    head = (len >= 5 && memcmp(raw, "HEAD ", 5) == 0);

    rp_test_http_open(&h, port);
    (void) rp_test_http_send(&h, req, len + sizeof(RP_NEXT) - 1);
    free(req);

    rc = rp_test_http_read_response(&h, &resp, head, 3000);
    closed = rp_test_http_wait_close(&h, 3000);

    snprintf(want, sizeof(want), "HTTP/1.1 %d %s", status, rp_reason(status));
    snprintf(want_alt, sizeof(want_alt), "HTTP/1.1 %d %s", alt,
             rp_reason(alt));
    line = rp_first_line(resp.head);
    conn = rp_test_http_header(&resp, "Connection");

    if (rc != 1) {
        snprintf(why, sizeof(why), "no complete response (rc %d, %s)", rc,
                 line);
    } else if (strcmp(line, want) != 0
               && (alt == 0 || strcmp(line, want_alt) != 0))
    {
        snprintf(why, sizeof(why), "got \"%s\", want \"%s\"", line, want);
    } else if (conn == NULL || strcmp(conn, "close") != 0) {
        snprintf(why, sizeof(why), "Connection: %s", conn ? conn : "(none)");
    } else if (h.len > 0) {
        snprintf(why, sizeof(why), "%zu bytes after the response: \"%.40s\"",
                 h.len, h.buf);
    } else if (!closed) {
        snprintf(why, sizeof(why), "the connection stayed open");
    } else {
        why[0] = '\0';
    }

    rp_test_http_resp_free(&resp);
    rp_test_http_close(&h);
    return why[0] ? why : NULL;
}


/* Runs a table; fails listing every row that did not pass. */
static void
rp_run_table(const struct rp_bad_request *rows, size_t n)
{
    char         report[8192];
    const char  *why;
    size_t       i, off;
    int          failed;

    rp_start_malformed();

    off = 0;
    failed = 0;
    report[0] = '\0';
    for (i = 0; i < n; i++) {
        why = rp_check_rejected(rp_t->port[0], rows[i].raw, rows[i].len,
                                rows[i].status, rows[i].alt);
        if (why == NULL) {
            continue;
        }
        failed++;
        if (off < sizeof(report)) {
            off += (size_t) snprintf(report + off, sizeof(report) - off,
                                     "\n  [%zu] %s: %s", i, rows[i].name, why);
        }
    }

    ck_assert_msg(failed == 0, "%d of %zu rows failed:%s", failed, n, report);
}


START_TEST(malformed_request_lines_are_rejected_and_close)
{
    rp_run_table(rp_bad_request_line, rp_nelems_t(rp_bad_request_line));
}
END_TEST


START_TEST(malformed_header_fields_are_rejected_and_close)
{
    rp_run_table(rp_bad_headers, rp_nelems_t(rp_bad_headers));
}
END_TEST


START_TEST(ambiguous_framing_is_rejected_and_closes)
{
    rp_run_table(rp_bad_framing, rp_nelems_t(rp_bad_framing));
}
END_TEST


START_TEST(table_has_at_least_60_rows)
{
    ck_assert_uint_ge(rp_nelems_t(rp_bad_request_line)
                      + rp_nelems_t(rp_bad_headers)
                      + rp_nelems_t(rp_bad_framing), 60);
}
END_TEST


/* "GET /aaa...a HTTP/1.1\r\n" of exactly <line> bytes, then Host. */
static char *
rp_long_line_request(size_t line, size_t *len)
{
    char    *req;
    size_t   path;

    path = line - sizeof("GET / HTTP/1.1\r\n") + 1;
    req = malloc(line + sizeof(RP_H "\r\n"));
    ck_assert(req != NULL);
    memcpy(req, "GET /", 5);
    memset(req + 5, 'a', path);
    memcpy(req + 5 + path, " HTTP/1.1\r\n" RP_H "\r\n",
           sizeof(" HTTP/1.1\r\n" RP_H "\r\n"));
    *len = strlen(req);
    ck_assert_uint_eq(*len, line + sizeof(RP_H "\r\n") - 1);
    return req;
}


/* A GET with one field "X-Long: bbb...b\r\n" of exactly <line> bytes. */
static char *
rp_long_header_request(size_t line, size_t *len)
{
    char    *req;
    size_t   value, off;

    value = line - sizeof("X-Long: \r\n") + 1;
    req = malloc(sizeof(RP_GET) + line + 2);
    ck_assert(req != NULL);
    off = sizeof(RP_GET) - 1;
    memcpy(req, RP_GET, off);
    memcpy(req + off, "X-Long: ", 8);
    memset(req + off + 8, 'b', value);
    memcpy(req + off + 8 + value, "\r\n\r\n", 5);
    *len = strlen(req);
    return req;
}


/* A GET with <n> fields "X-NNNN: ccc...c\r\n" of 100 bytes each. */
static char *
rp_many_headers_request(int n, size_t *len)
{
    char    *req;
    size_t   off;
    int      i;

    req = malloc(sizeof(RP_GET) + (size_t) n * 100 + 3);
    ck_assert(req != NULL);
    off = sizeof(RP_GET) - 1;
    memcpy(req, RP_GET, off);
    for (i = 0; i < n; i++) {
        snprintf(req + off, 9, "X-%04u: ", (unsigned) i % 10000);
        memset(req + off + 8, 'c', 90);
        memcpy(req + off + 98, "\r\n", 2);
        off += 100;
    }
    memcpy(req + off, "\r\n", 3);
    *len = off + 2;
    return req;
}


/* Sends <req> alone and returns the status of the answer (or -1). */
static int
rp_status_of(const char *req, size_t len)
{
    struct rp_test_http_resp  resp;
    int                       rc, status;

    rc = rp_test_http_get(rp_t->port[0], req, len, &resp, 0);
    status = rc == 1 ? resp.status : -1;
    rp_test_http_resp_free(&resp);
    return status;
}


START_TEST(request_line_over_the_large_buffer_is_414)
{
    const char  *why;
    char        *req;
    size_t       len;

    rp_start_malformed();

    /* fits in one large buffer with room to spare: processed */
    req = rp_long_line_request(RP_LARGE_BUFFER - 16, &len);
    ck_assert_int_eq(rp_status_of(req, len), 200);
    free(req);

    req = rp_long_line_request(RP_LARGE_BUFFER + 16, &len);
    why = rp_check_rejected(rp_t->port[0], req, len, 414, 0);
    free(req);
    ck_assert_msg(why == NULL, "request line of %d bytes: %s",
                  RP_LARGE_BUFFER + 16, why);

    req = rp_long_line_request(4 * RP_LARGE_BUFFER, &len);
    why = rp_check_rejected(rp_t->port[0], req, len, 414, 0);
    free(req);
    ck_assert_msg(why == NULL, "request line of %d bytes: %s",
                  4 * RP_LARGE_BUFFER, why);
}
END_TEST


START_TEST(header_line_over_the_large_buffer_is_431)
{
    const char  *why;
    char        *req;
    size_t       len;

    rp_start_malformed();

    req = rp_long_header_request(RP_LARGE_BUFFER - 16, &len);
    ck_assert_int_eq(rp_status_of(req, len), 200);
    free(req);

    req = rp_long_header_request(RP_LARGE_BUFFER + 16, &len);
    why = rp_check_rejected(rp_t->port[0], req, len, 431, 400);
    free(req);
    ck_assert_msg(why == NULL, "header line of %d bytes: %s",
                  RP_LARGE_BUFFER + 16, why);
}
END_TEST


START_TEST(header_section_over_all_buffers_is_431)
{
    const char  *why;
    char        *req;
    size_t       len;

    rp_start_malformed();

    /* 1k + 2 x 2k of buffers: 30 fields of 100 bytes fit */
    req = rp_many_headers_request(30, &len);
    ck_assert_int_eq(rp_status_of(req, len), 200);
    free(req);

    req = rp_many_headers_request(60, &len);
    why = rp_check_rejected(rp_t->port[0], req, len, 431, 400);
    free(req);
    ck_assert_msg(why == NULL, "60 fields of 100 bytes: %s", why);
}
END_TEST


/*
 * Requests that look odd but are valid must not be caught by the strict
 * checks: each is answered normally ("return 200") and the request
 * pipelined behind it is answered too.
 */
static const struct rp_bad_request  rp_odd_but_valid[] = {
    { "HTTP/1.0 without Host", RP_RAW("GET / HTTP/1.0\r\n"
      "Connection: keep-alive\r\n\r\n"), 200, 0 },
    { "bare LF line ends", RP_RAW("GET / HTTP/1.1\nHost: a\n\n"), 200, 0 },
    { "two equal Content-Length", RP_RAW("GET / HTTP/1.1\r\n" RP_H
      "Content-Length: 0\r\nContent-Length: 0\r\n\r\n"), 200, 0 },
    { "header value with tabs and obs-text",
      RP_RAW(RP_GET "X-A:\tb \351 c\t\r\n\r\n"), 200, 0 },
    { "underscore in a name (ignored)", RP_RAW(RP_GET "X_A: b\r\n\r\n"),
      200, 0 },
    { "Host with a port", RP_RAW("GET / HTTP/1.1\r\nHost: a:80\r\n\r\n"),
      200, 0 },
    { "absolute-form", RP_RAW("GET http://a/x?y HTTP/1.1\r\n" RP_H "\r\n"),
      200, 0 },
    { "normalised path", RP_RAW("GET /a/./b/../%63//d HTTP/1.1\r\n" RP_H
      "\r\n"), 200, 0 },
    { "Expect: 100-continue", RP_RAW(RP_GET "Expect: 100-continue\r\n\r\n"),
      200, 0 },
    { "empty lines before the request line",
      RP_RAW("\r\n" RP_GET "\r\n"), 200, 0 },
};


START_TEST(odd_but_valid_requests_are_answered)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    char                      report[4096], *req;
    size_t                    i, off, len;
    int                       failed, rc1, rc2, s1, s2;

    rp_start_malformed();

    off = 0;
    failed = 0;
    report[0] = '\0';
    for (i = 0; i < rp_nelems_t(rp_odd_but_valid); i++) {
        len = rp_odd_but_valid[i].len;
        req = malloc(len + sizeof(RP_NEXT));
        ck_assert(req != NULL);
        memcpy(req, rp_odd_but_valid[i].raw, len);
        memcpy(req + len, RP_NEXT, sizeof(RP_NEXT));

        rp_test_http_open(&h, rp_t->port[0]);
        (void) rp_test_http_send(&h, req, len + sizeof(RP_NEXT) - 1);
        free(req);
        rc1 = rp_test_http_read_response(&h, &resp, 0, 3000);
        s1 = resp.status;
        rp_test_http_resp_free(&resp);
        rc2 = rp_test_http_read_response(&h, &resp, 0, 3000);
        s2 = resp.status;
        rp_test_http_resp_free(&resp);
        rp_test_http_close(&h);

        if (rc1 == 1 && s1 == rp_odd_but_valid[i].status
            && rc2 == 1 && s2 == 200)
        {
            continue;
        }
        failed++;
        if (off < sizeof(report)) {
            off += (size_t) snprintf(report + off, sizeof(report) - off,
                                     "\n  [%zu] %s: %d/%d then %d/%d", i,
                                     rp_odd_but_valid[i].name, rc1, s1,
                                     rc2, s2);
        }
    }

    ck_assert_msg(failed == 0, "%d rows failed (rc/status):%s", failed,
                  report);
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("http_malformed");

    tc = rp_test_tcase("table");
    tcase_add_test(tc, table_has_at_least_60_rows);
    tcase_add_test(tc, malformed_request_lines_are_rejected_and_close);
    tcase_add_test(tc, malformed_header_fields_are_rejected_and_close);
    tcase_add_test(tc, ambiguous_framing_is_rejected_and_closes);
    tcase_add_test(tc, odd_but_valid_requests_are_answered);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("limits");
    tcase_add_test(tc, request_line_over_the_large_buffer_is_414);
    tcase_add_test(tc, header_line_over_the_large_buffer_is_431);
    tcase_add_test(tc, header_section_over_all_buffers_is_431);
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
