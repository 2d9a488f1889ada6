/*
 * test_directives_proxy.c - proxy and request body directives seen from
 * outside.
 *
 * One worker proxies to the scriptable origin on PORT1, or to a "black
 * hole" on PORT2: a listening socket the test never accepts on, whose
 * full accept queue makes connects hang (proxy_connect_timeout) or whose
 * tiny receive buffer stops a request body (proxy_send_timeout).  What
 * the origin received, what the client got, the access log ($upstream_*
 * variables) and the error log are checked; a final table runs
 * "rampart -t" on a bad value of every directive.
 */

#include "rp_test.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RP_H  "Host: front\r\n"

#define rp_nelems_t(a)  (sizeof(a) / sizeof((a)[0]))


/*
 * Starts one worker whose server on PORT0 has location / proxying to
 * PORT1 and location /hole/ to PORT2, with <http_extra> at http level
 * and <loc_extra> in both locations; returns the master pid.
 */
static pid_t
rp_start(const char *http_extra, const char *loc_extra)
{
    char  conf[8192];

    /* workers (another user) must reach DIR/ for temp files and logs */
    ck_assert_int_eq(chmod(rp_t->dir, 0755), 0);
    RP_TEST_PRINT(conf,
                  "daemon off;\n"
                  "worker_processes 1;\n"
                  "error_log logs/error.log info;\n"
                  "pid logs/rampart.pid;\n"
                  "events {\n"
                  "    worker_connections 64;\n"
                  "}\n"
                  "http {\n"
                  "    client_max_body_size 16m;\n"
                  "%s"
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "        location / {\n"
                  "            proxy_pass http://127.0.0.1:%%%%PORT1%%%%;\n"
                  "%s"
                  "        }\n"
                  "        location /hole/ {\n"
                  "            proxy_pass http://127.0.0.1:%%%%PORT2%%%%;\n"
                  "%s"
                  "        }\n"
                  "    }\n"
                  "}\n",
                  http_extra ? http_extra : "",
                  loc_extra ? loc_extra : "",
                  loc_extra ? loc_extra : "");
    rp_test_write_conf(rp_t, "proxy.conf", conf);
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


/* Sends <req> as one request on a new connection; fills <resp>. */
static void
rp_get(const char *req, struct rp_test_http_resp *resp, int status)
{
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], req, strlen(req), resp,
                                      0), 1);
    ck_assert_msg(resp->status == status, "status %d, wanted %d:\n%s",
                  resp->status, status, resp->head);
}


/*
 * A listening socket on 127.0.0.1:<port> that is never accepted on,
 * with <backlog> and, if <rcvbuf> > 0, that SO_RCVBUF for the
 * connections it gets.  Stays open until the test ends.
 */
static int
rp_black_hole(int port, int backlog, int rcvbuf)
{
    struct sockaddr_in  sin;
    int                 fd, on;

    fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    on = 1;
    ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on,
                                sizeof(on)), 0);
    if (rcvbuf > 0) {
        ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
                                    sizeof(rcvbuf)), 0);
    }
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons((unsigned short) port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(fd, (struct sockaddr *) &sin, sizeof(sin)), 0);
    ck_assert_int_eq(listen(fd, backlog), 0);
    return fd;
}


/*
 * Fills the accept queue of the listener on <port>: connects without
 * blocking until a connect does not complete within 300 ms.  Returns 1
 * once the queue is full, 0 if 16 connects all completed.
 */
static int
rp_fill_queue(int port)
{
    struct sockaddr_in  sin;
    struct pollfd       pfd;
    int                 i, fd;

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons((unsigned short) port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    for (i = 0; i < 16; i++) {
        fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        ck_assert_int_ge(fd, 0);
        if (connect(fd, (struct sockaddr *) &sin, sizeof(sin)) == 0) {
            continue;
        }
        ck_assert_int_eq(errno, EINPROGRESS);
        pfd.fd = fd;
        pfd.events = POLLOUT;
        if (poll(&pfd, 1, 300) == 0) {
            return 1;        /* this SYN was dropped: the queue is full */
        }
    }
    return 0;
}


/* ---- client_body_buffer_size, client_body_temp_path, client_body_timeout */

#define RP_BODY_2M  (2UL * 1024 * 1024)
#define RP_BODY_12M (12UL * 1024 * 1024)

/* The number of entries of directory <path> other than . and ..; -1. */
static int
rp_dir_entries(const char *path)
{
    DIR            *d;
    struct dirent  *de;
    int             n;

    d = opendir(path);
    if (d == NULL) {
        return -1;
    }
    n = 0;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
            n++;
        }
    }
    closedir(d);
    return n;
}


/*
 * POST 2 MiB with client_body_buffer_size 16k: the body goes through an
 * unnamed temp file in <dir>, which the master created, and reaches the
 * origin byte for byte.
 */
static void
rp_body_through_temp_path(const char *http_extra, const char *loc_extra,
    const char *dir)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .echo_body = 1 },
    };
    struct rp_test_origin_req  req;
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    struct stat                st;
    char                      *body, head[256];

    rp_test_origin_start(rp_t, rp_t->port[1], rules, 1);
    rp_start(http_extra, loc_extra);

    /* the master made the directory at start */
    ck_assert_int_eq(stat(rp_test_path(rp_t, dir), &st), 0);
    ck_assert(S_ISDIR(st.st_mode));

    body = rp_pattern(RP_BODY_2M);
    RP_TEST_PRINT(head, "POST /up HTTP/1.1\r\n" RP_H
                  "Content-Length: %lu\r\n\r\n", RP_BODY_2M);
    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h, head), 0);
    ck_assert_int_eq(rp_test_http_send(&h, body, RP_BODY_2M), 0);
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 10000), 1);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_uint_eq(resp.body_len, RP_BODY_2M);
    ck_assert(memcmp(resp.body, body, RP_BODY_2M) == 0);
    rp_test_http_resp_free(&resp);
    rp_test_http_close(&h);

    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1], 1, &req), 1);
    ck_assert_uint_eq(req.body_len, RP_BODY_2M);
    ck_assert(memcmp(req.body, body, RP_BODY_2M) == 0);
    ck_assert_str_eq(rp_test_origin_header(&req, "Content-Length"),
                     rp_test_fmt("%lu", RP_BODY_2M));
    rp_test_origin_req_free(&req);

    /* unnamed temp files: nothing is left behind */
    ck_assert_int_eq(rp_dir_entries(rp_test_path(rp_t, dir)), 0);
    free(body);
}


START_TEST(body_beyond_client_body_buffer_size_goes_through_the_temp_path)
{
    rp_body_through_temp_path("    client_body_buffer_size 16k;\n",
                              "            client_body_temp_path bodies;\n",
                              "bodies");
}
END_TEST


/* Regression: a temp path set at http level was never created. */
START_TEST(client_body_temp_path_inherited_from_http_is_created)
{
    rp_body_through_temp_path("    client_body_buffer_size 16k;\n"
                              "    client_body_temp_path http_bodies;\n",
                              "", "http_bodies");
}
END_TEST


START_TEST(client_body_timeout_ends_a_stalled_upload)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .echo_body = 1 },
    };
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    char                      *body;
    long                       start, elapsed;
    int                        rc;

    rp_test_origin_start(rp_t, rp_t->port[1], rules, 1);
    rp_start("    client_body_timeout 1s;\n", NULL);

    body = rp_pattern(50000);
    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h, "POST /up HTTP/1.1\r\n" RP_H
                                           "Content-Length: 100000\r\n\r\n"),
                     0);
    ck_assert_int_eq(rp_test_http_send(&h, body, 50000), 0);
    start = rp_test_now_ms();

    /* a 408, or the connection closed, after about a second */
    rc = rp_test_http_read_response(&h, &resp, 0, 5000);
    elapsed = rp_test_now_ms() - start;
    ck_assert_msg(rc == 0 || (rc == 1 && resp.status == 408),
                  "rc %d status %d", rc, resp.status);
    if (rc == 1) {
        rp_test_http_resp_free(&resp);
        ck_assert_int_eq(rp_test_http_wait_close(&h, 3000), 1);
    }
    ck_assert_msg(elapsed >= 800 && elapsed < 4000, "ended after %ld ms",
                  elapsed);
    ck_assert_int_eq(rp_test_log_wait(rp_t, "info",
                                      "client timed out sending the request "
                                      "body", 1, 2000), 1);
    /* the body is read whole first: the origin never saw the request */
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 0);
    rp_test_http_close(&h);
    free(body);
}
END_TEST


/* ---- proxy_buffer_size, proxy_connect_timeout, proxy_send_timeout ----- */

START_TEST(response_header_beyond_proxy_buffer_size_gives_502)
{
    static char  big[3000];
    struct rp_test_origin_rule  rules[2];
    struct rp_test_http_resp    resp;

    memset(big, 'h', sizeof(big));
    memcpy(big, "X-Big: ", 7);
    memcpy(big + sizeof(big) - 3, "\r\n", 3);
    memset(rules, 0, sizeof(rules));
    rules[0].path = "/big";
    rules[0].headers = big;
    rules[0].body = "big\n";
    rules[1].body = "small\n";

    rp_test_origin_start(rp_t, rp_t->port[1], rules, 2);
    rp_start("    proxy_buffer_size 1k;\n", NULL);

    rp_get("GET /big HTTP/1.1\r\n" RP_H "\r\n", &resp, 502);
    ck_assert(!rp_test_contains(resp.head, "X-Big"));
    rp_test_http_resp_free(&resp);
    ck_assert_int_eq(rp_test_log_wait(rp_t, "error", "too big header", 1,
                                      2000), 1);

    /* a header that fits still passes */
    rp_get("GET /small HTTP/1.1\r\n" RP_H "\r\n", &resp, 200);
    ck_assert_str_eq(resp.body, "small\n");
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(proxy_connect_timeout_gives_504)
{
    struct rp_test_http_resp  resp;
    long                      start, elapsed;

    rp_black_hole(rp_t->port[2], 0, 0);
    ck_assert_msg(rp_fill_queue(rp_t->port[2]),
                  "the accept queue of a backlog 0 listener never filled");
    rp_start(NULL, "            proxy_connect_timeout 1s;\n");

    start = rp_test_now_ms();
    rp_get("GET /hole/x HTTP/1.1\r\n" RP_H "\r\n", &resp, 504);
    elapsed = rp_test_now_ms() - start;
    rp_test_http_resp_free(&resp);
    ck_assert_msg(elapsed >= 800 && elapsed < 4000, "504 after %ld ms",
                  elapsed);
    ck_assert_int_eq(rp_test_log_wait(rp_t, "error",
                                      "upstream timed out while connecting "
                                      "to", 1, 2000), 1);
}
END_TEST


START_TEST(proxy_send_timeout_gives_504_when_the_backend_stops_reading)
{
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;
    char                      *body, head[256];
    long                       start, elapsed;

    /* connections complete in the kernel but nobody ever reads them */
    rp_black_hole(rp_t->port[2], 16, 4096);
    rp_start(NULL, "            proxy_send_timeout 1s;\n"
                   "            proxy_read_timeout 30s;\n");

    body = rp_pattern(RP_BODY_12M);
    RP_TEST_PRINT(head, "POST /hole/up HTTP/1.1\r\n" RP_H
                  "Content-Length: %lu\r\n\r\n", RP_BODY_12M);
    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h, head), 0);
    ck_assert_int_eq(rp_test_http_send(&h, body, RP_BODY_12M), 0);
    start = rp_test_now_ms();
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 8000), 1);
    elapsed = rp_test_now_ms() - start;
    ck_assert_int_eq(resp.status, 504);
    rp_test_http_resp_free(&resp);
    rp_test_http_close(&h);
    ck_assert_msg(elapsed >= 800 && elapsed < 6000, "504 after %ld ms",
                  elapsed);
    ck_assert_int_eq(rp_test_log_wait(rp_t, "error",
                                      "upstream timed out while sending to",
                                      1, 2000), 1);
    free(body);
}
END_TEST


/* ---- proxy_hide_header, proxy_pass_header ------------------------------ */

static const struct rp_test_origin_rule  rp_header_rules[] = {
    { .headers = "Server: origin-server/9\r\nX-Custom: c1\r\n"
                 "X-Secret: s1\r\nX-Pad: p1\r\n",
      .body = "hdr\n" },
};


START_TEST(server_is_hidden_by_default_and_custom_fields_pass)
{
    struct rp_test_http_resp  resp;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_header_rules, 1);
    rp_start(NULL, NULL);

    rp_get("GET / HTTP/1.1\r\n" RP_H "\r\n", &resp, 200);
    ck_assert_int_eq(rp_test_http_header_count(&resp, "Server"), 1);
    ck_assert(rp_test_contains(rp_test_http_header(&resp, "Server"),
                               "rampart"));
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Custom"), "c1");
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Secret"), "s1");
    ck_assert_int_eq(rp_test_http_header_count(&resp, "X-Pad"), 0);
    rp_test_http_resp_free(&resp);
}
END_TEST


/* Regression: proxy_pass_header Server sent rampart's Server too. */
START_TEST(proxy_pass_header_server_replaces_rampart_server)
{
    struct rp_test_http_resp  resp;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_header_rules, 1);
    rp_start(NULL, "            proxy_pass_header Server;\n");

    rp_get("GET / HTTP/1.1\r\n" RP_H "\r\n", &resp, 200);
    ck_assert_int_eq(rp_test_http_header_count(&resp, "Server"), 1);
    ck_assert_str_eq(rp_test_http_header(&resp, "Server"), "origin-server/9");
    ck_assert_int_eq(rp_test_http_header_count(&resp, "Date"), 1);
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(proxy_hide_header_and_proxy_pass_header_change_what_passes)
{
    struct rp_test_http_resp  resp;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_header_rules, 1);
    rp_start(NULL, "            proxy_hide_header X-Secret;\n"
                   "            proxy_pass_header X-Pad;\n");

    rp_get("GET / HTTP/1.1\r\n" RP_H "\r\n", &resp, 200);
    ck_assert_int_eq(rp_test_http_header_count(&resp, "X-Secret"), 0);
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Custom"), "c1");
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Pad"), "p1");
    ck_assert_int_eq(rp_test_http_header_count(&resp, "Server"), 1);
    ck_assert(rp_test_contains(rp_test_http_header(&resp, "Server"),
                               "rampart"));
    ck_assert_str_eq(resp.body, "hdr\n");
    rp_test_http_resp_free(&resp);
}
END_TEST


/* ---- proxy_pass_request_headers, proxy_pass_request_body --------------- */

START_TEST(proxy_pass_request_headers_off_sends_only_the_set_fields)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .body = "ok\n" },
    };
    struct rp_test_origin_req  req;
    struct rp_test_http_resp   resp;

    rp_test_origin_start(rp_t, rp_t->port[1], rules, 1);
    rp_start(NULL, "            proxy_pass_request_headers off;\n"
                   "            proxy_set_header X-Set fixed;\n");

    rp_get("GET /h HTTP/1.1\r\n" RP_H "X-Client: 1\r\nUser-Agent: ua/1\r\n"
           "Accept: */*\r\n\r\n", &resp, 200);
    rp_test_http_resp_free(&resp);

    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1], 1, &req), 1);
    ck_assert_str_eq(rp_test_origin_header(&req, "X-Set"), "fixed");
    ck_assert_int_eq(rp_test_origin_header_count(&req, "X-Client"), 0);
    ck_assert_int_eq(rp_test_origin_header_count(&req, "User-Agent"), 0);
    ck_assert_int_eq(rp_test_origin_header_count(&req, "Accept"), 0);
    rp_test_origin_req_free(&req);
}
END_TEST


START_TEST(proxy_pass_request_headers_on_sends_the_clients_fields)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .body = "ok\n" },
    };
    struct rp_test_origin_req  req;
    struct rp_test_http_resp   resp;

    rp_test_origin_start(rp_t, rp_t->port[1], rules, 1);
    rp_start(NULL, "            proxy_pass_request_headers on;\n");

    rp_get("GET /h HTTP/1.1\r\n" RP_H "X-Client: 1\r\nUser-Agent: ua/1\r\n"
           "\r\n", &resp, 200);
    rp_test_http_resp_free(&resp);

    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1], 1, &req), 1);
    ck_assert_str_eq(rp_test_origin_header(&req, "X-Client"), "1");
    ck_assert_str_eq(rp_test_origin_header(&req, "User-Agent"), "ua/1");
    rp_test_origin_req_free(&req);
}
END_TEST


START_TEST(proxy_pass_request_body_off_sends_no_body)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .echo_body = 1 },
    };
    struct rp_test_origin_req  req;
    struct rp_test_http        h;
    struct rp_test_http_resp   resp;

    rp_test_origin_start(rp_t, rp_t->port[1], rules, 1);
    rp_start(NULL, "            proxy_pass_request_body off;\n");

    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h, "POST /b HTTP/1.1\r\n" RP_H
                                           "Content-Length: 11\r\n\r\n"
                                           "hello world"), 0);
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 5000), 1);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_uint_eq(resp.body_len, 0);
    rp_test_http_resp_free(&resp);

    /* the connection stays usable: the body was consumed, not relayed */
    ck_assert_int_eq(rp_test_http_send_str(&h, "GET /c HTTP/1.1\r\n" RP_H
                                           "\r\n"), 0);
    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 5000), 1);
    ck_assert_int_eq(resp.status, 200);
    rp_test_http_resp_free(&resp);
    rp_test_http_close(&h);

    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1], 1, &req), 1);
    ck_assert_uint_eq(req.body_len, 0);
    ck_assert(!rp_test_contains(req.raw, "hello world"));
    ck_assert_int_eq(rp_test_origin_header_count(&req, "Transfer-Encoding"),
                     0);
    if (rp_test_origin_header_count(&req, "Content-Length") != 0) {
        ck_assert_str_eq(rp_test_origin_header(&req, "Content-Length"), "0");
    }
    rp_test_origin_req_free(&req);
}
END_TEST


/* ---- $upstream_* variables in the access log -------------------------- */

/* 1 if <s> matches the extended regular expression <re>. */
static int
rp_matches(const char *s, const char *re)
{
    regex_t  rx;
    int      rc;

    ck_assert_int_eq(regcomp(&rx, re, REG_EXTENDED | REG_NOSUB), 0);
    rc = regexec(&rx, s, 0, NULL, 0);
    regfree(&rx);
    return rc == 0;
}


START_TEST(upstream_variables_are_logged)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .path = "/slow", .headers = "X-Custom: v-42\r\n", .body = "slow\n",
          .head_delay_ms = 200 },
        { .body = "fast\n" },
    };
    struct rp_test_http_resp  resp;
    char                     *log, *line2;
    const char               *path;
    unsigned long             ubr;
    const char               *p;

    rp_test_origin_start(rp_t, rp_t->port[1], rules, 2);
    rp_start("    log_format up '$uri ct=$upstream_connect_time "
             "ht=$upstream_header_time rt=$upstream_response_time "
             "br=$upstream_bytes_received "
             "x=$upstream_http_x_custom.';\n"
             "    access_log logs/up.log up;\n", NULL);

    rp_get("GET /slow HTTP/1.1\r\n" RP_H "\r\n", &resp, 200);
    ck_assert_str_eq(resp.body, "slow\n");
    rp_test_http_resp_free(&resp);
    rp_get("GET /fast HTTP/1.1\r\n" RP_H "\r\n", &resp, 200);
    rp_test_http_resp_free(&resp);

    path = rp_test_path(rp_t, "logs/up.log");
    ck_assert_int_eq(rp_test_file_wait(path, NULL, "/fast", 1, 2000), 1);
    log = rp_test_read_file(path, NULL);
    ck_assert_ptr_nonnull(log);

    /* seconds with millisecond resolution; the header came >= 200 ms late */
    ck_assert_msg(rp_matches(log, "^/slow ct=[0-9]+\\.[0-9]{3} "
                                  "ht=0\\.[2-9][0-9]{2} rt=0\\.[2-9][0-9]{2} "
                                  "br=[0-9]+ x=v-42\\.\n"),
                  "log:\n%s", log);
    line2 = strchr(log, '\n');
    ck_assert_ptr_nonnull(line2);
    line2++;
    /* a missing field logs "-" (man proxy.conf) */
    ck_assert_msg(rp_matches(line2, "^/fast ct=[0-9]+\\.[0-9]{3} "
                                    "ht=[0-9]+\\.[0-9]{3} "
                                    "rt=[0-9]+\\.[0-9]{3} br=[0-9]+ x=-\\.\n"),
                  "log:\n%s", log);

    /* the bytes received cover the origin's status line, header and body */
    p = strstr(log, "br=");
    ck_assert_ptr_nonnull(p);
    ubr = strtoul(p + 3, NULL, 10);
    ck_assert_msg(ubr > strlen("HTTP/1.1 200 OK\r\nX-Custom: v-42\r\n"
                               "Content-Length: 5\r\n\r\nslow\n")
                  && ubr < 1000, "upstream_bytes_received %lu", ubr);
    free(log);
}
END_TEST


/*
 * A response larger than proxy_buffer_size refills the buffer its header
 * arrived in: $upstream_http_NAME and $sent_http_NAME must still log the
 * backend's value.  <format> is the log format after "$uri ".
 */
static void
rp_check_large_body_fields(const char *buffering, const char *format,
    const char *want)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .headers = "X-Custom: v-42\r\nX-Other: abcdefgh\r\n",
          .body_size = 256 * 1024, .piece = 8192 },
    };
    struct rp_test_http_resp  resp;
    char                      http[512], *log;
    char                      path[RP_TEST_PATH_MAX];

    rp_test_origin_start(rp_t, rp_t->port[1], rules, 1);
    RP_TEST_PRINT(http, "    log_format up '$uri %s';\n"
                  "    access_log logs/up.log up;\n"
                  "    proxy_buffer_size 4k;\n"
                  "    proxy_buffering %s;\n", format, buffering);
    rp_start(http, NULL);

    rp_get("GET /big HTTP/1.1\r\n" RP_H "\r\n", &resp, 200);
    ck_assert_uint_eq(resp.body_len, 256 * 1024);
    rp_test_http_resp_free(&resp);

    RP_TEST_PRINT(path, "%s", rp_test_path(rp_t, "logs/up.log"));
    ck_assert_int_eq(rp_test_file_wait(path, NULL, "/big", 1, 2000), 1);
    log = rp_test_read_file(path, NULL);
    ck_assert_ptr_nonnull(log);
    ck_assert_msg(strcmp(log, want) == 0, "log:\n%s", log);
    free(log);
}


START_TEST(upstream_http_survives_a_large_body)
{
    rp_check_large_body_fields("on", "x=$upstream_http_x_custom "
                               "o=$upstream_http_x_other.",
                               "/big x=v-42 o=abcdefgh.\n");
}
END_TEST


START_TEST(upstream_http_survives_a_large_streamed_body)
{
    rp_check_large_body_fields("off", "x=$upstream_http_x_custom "
                               "o=$upstream_http_x_other.",
                               "/big x=v-42 o=abcdefgh.\n");
}
END_TEST


START_TEST(sent_http_survives_a_large_body)
{
    rp_check_large_body_fields("off", "s=$sent_http_x_custom.",
                               "/big s=v-42.\n");
}
END_TEST


/* ---- bad values -------------------------------------------------------- */

struct rp_bad {
    const char  *line;     /* a line at http level (line 3) */
    const char  *msg;      /* the [emerg] message */
    int          col;
};

static const struct rp_bad  rp_bads[] = {
    { "client_body_buffer_size 16q;",
      "invalid size \"16q\" in \"client_body_buffer_size\" directive", 29 },
    { "client_body_buffer_size 0;",
      "value \"0\" in \"client_body_buffer_size\" directive must be between "
      "1024 and 67108864", 29 },
    { "client_body_timeout 1q;",
      "invalid time \"1q\" in \"client_body_timeout\" directive", 25 },
    { "client_body_temp_path a b;",
      "invalid number of arguments in \"client_body_temp_path\" directive",
      5 },
    { "proxy_buffer_size 1x;",
      "invalid size \"1x\" in \"proxy_buffer_size\" directive", 23 },
    { "proxy_buffer_size 0;",
      "value \"0\" in \"proxy_buffer_size\" directive must be between 1024 "
      "and 1048576", 23 },
    { "proxy_connect_timeout x;",
      "invalid time \"x\" in \"proxy_connect_timeout\" directive", 27 },
    { "proxy_send_timeout x;",
      "invalid time \"x\" in \"proxy_send_timeout\" directive", 24 },
    { "proxy_hide_header;",
      "invalid number of arguments in \"proxy_hide_header\" directive", 5 },
    { "proxy_pass_header a b;",
      "invalid number of arguments in \"proxy_pass_header\" directive", 5 },
    { "proxy_pass_request_headers of;",
      "invalid value \"of\" in \"proxy_pass_request_headers\" directive, it "
      "must be \"on\" or \"off\"", 32 },
    { "proxy_pass_request_body yes;",
      "invalid value \"yes\" in \"proxy_pass_request_body\" directive, it "
      "must be \"on\" or \"off\"", 29 },
    { "proxy_buffering maybe;",
      "invalid value \"maybe\" in \"proxy_buffering\" directive, it must "
      "be \"on\" or \"off\"", 21 },
    { "proxy_buffers 1 4k;",
      "there must be between 2 and 1024 \"proxy_buffers\"", 19 },
    { "proxy_buffers x 4k;",
      "invalid number \"x\" in \"proxy_buffers\" directive", 19 },
    { "proxy_buffers 8 4q;",
      "invalid size \"4q\" in \"proxy_buffers\" directive", 21 },
    { "proxy_buffers 8 512;",
      "buffer size \"512\" in \"proxy_buffers\" directive must be between "
      "1024 and 16777216", 21 },
    { "proxy_buffers 8;",
      "invalid number of arguments in \"proxy_buffers\" directive", 5 },
    { "proxy_busy_buffers_size 1q;",
      "invalid size \"1q\" in \"proxy_busy_buffers_size\" directive", 29 },
    { "proxy_max_temp_file_size -1;",
      "invalid size \"-1\" in \"proxy_max_temp_file_size\" directive", 30 },
    { "proxy_temp_file_write_size x;",
      "invalid size \"x\" in \"proxy_temp_file_write_size\" directive",
      32 },
    { "proxy_temp_path t 3;",
      "invalid level \"3\" in \"proxy_temp_path\" directive, it must be 1 "
      "or 2", 23 },
    { "proxy_temp_path t 1 2 1 1;",
      "invalid number of arguments in \"proxy_temp_path\" directive", 5 },
    { "proxy_ignore_headers X-Foo;",
      "invalid value \"X-Foo\" in \"proxy_ignore_headers\" directive, it "
      "must be one of \"X-Accel-Redirect\", \"X-Accel-Expires\", "
      "\"X-Accel-Limit-Rate\", \"X-Accel-Buffering\", \"X-Accel-Charset\", "
      "\"Expires\", \"Cache-Control\", \"Set-Cookie\", \"Vary\"", 26 },
    { "proxy_request_buffering 0;",
      "invalid value \"0\" in \"proxy_request_buffering\" directive, it "
      "must be \"on\" or \"off\"", 29 },
    { "proxy_ignore_headers;",
      "invalid number of arguments in \"proxy_ignore_headers\" directive",
      5 },
};


START_TEST(bad_values_are_rejected_with_their_position)
{
    const struct rp_bad  *b = &rp_bads[_i];
    struct rp_test_run    r;
    char                  conf[1024];
    const char           *want;

    RP_TEST_PRINT(conf, "events { }\nhttp {\n    %s\n}\n", b->line);
    rp_test_write_conf(rp_t, "proxy.conf", conf);

    rp_test_run(rp_t, &r, "-t", (char *) NULL);
    want = rp_test_fmt("rampart: [emerg] %s in %s:3:%d\n", b->msg,
                       rp_t->conf, b->col);
    ck_assert_msg(r.status == 1, "exit status %d; stderr:\n%s", r.status,
                  r.err);
    ck_assert_msg(rp_test_contains(r.err, want), "stderr lacks \"%s\":\n%s",
                  want, r.err);
    ck_assert(rp_test_contains(r.err, "test failed"));
    rp_test_run_free(&r);
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("directives_proxy");

    tc = rp_test_tcase("request_body");
    tcase_add_test(tc,
        body_beyond_client_body_buffer_size_goes_through_the_temp_path);
    tcase_add_test(tc, client_body_temp_path_inherited_from_http_is_created);
    tcase_add_test(tc, proxy_pass_header_server_replaces_rampart_server);
    tcase_add_test(tc, client_body_timeout_ends_a_stalled_upload);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("backend");
    tcase_add_test(tc, response_header_beyond_proxy_buffer_size_gives_502);
    tcase_add_test(tc, proxy_connect_timeout_gives_504);
    tcase_add_test(tc,
        proxy_send_timeout_gives_504_when_the_backend_stops_reading);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("fields");
    tcase_add_test(tc, server_is_hidden_by_default_and_custom_fields_pass);
    tcase_add_test(tc,
        proxy_hide_header_and_proxy_pass_header_change_what_passes);
    tcase_add_test(tc,
        proxy_pass_request_headers_off_sends_only_the_set_fields);
    tcase_add_test(tc, proxy_pass_request_headers_on_sends_the_clients_fields);
    tcase_add_test(tc, proxy_pass_request_body_off_sends_no_body);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("variables");
    tcase_add_test(tc, upstream_variables_are_logged);
    tcase_add_test(tc, upstream_http_survives_a_large_body);
    tcase_add_test(tc, upstream_http_survives_a_large_streamed_body);
    tcase_add_test(tc, sent_http_survives_a_large_body);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("bad_values");
    tcase_add_loop_test(tc, bad_values_are_rejected_with_their_position, 0,
                        (int) rp_nelems_t(rp_bads));
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
