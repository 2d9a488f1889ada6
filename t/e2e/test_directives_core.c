/*
 * test_directives_core.c - core and http directives seen from outside.
 *
 * Each directive that had no end-to-end test gets one here: the real
 * daemon is started with it and its effect is observed through /proc (the
 * worker's open-file limit and socket count), the raw HTTP client, the
 * scriptable origin (which request fields reach a backend) or the error
 * log.  A final table runs "rampart -t" on a bad value of every directive
 * and checks the "[emerg]" line names the file, line and column.
 */

#include "rp_test.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RP_H       "Host: a\r\n"
#define RP_GET     "GET / HTTP/1.1\r\n" RP_H "\r\n"
#define RP_CLOSE   "GET / HTTP/1.1\r\n" RP_H "Connection: close\r\n\r\n"

#define rp_nelems_t(a)  (sizeof(a) / sizeof((a)[0]))


/*
 * Starts one worker with <main_extra> at main level, <events_extra> in
 * events, <http_extra> at http level and <srv_extra> in the server on
 * PORT0, whose location / returns "ok"; returns the master pid.
 */
static pid_t
rp_start(const char *main_extra, const char *events_extra,
    const char *http_extra, const char *srv_extra)
{
    char  conf[8192];

    RP_TEST_PRINT(conf,
                  "daemon off;\n"
                  "worker_processes 1;\n"
                  "error_log logs/error.log info;\n"
                  "pid logs/rampart.pid;\n"
                  "%s"
                  "events {\n"
                  "    worker_connections 128;\n"
                  "%s"
                  "}\n"
                  "http {\n"
                  "%s"
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "%s"
                  "        location / {\n"
                  "            return 200 \"ok\\n\";\n"
                  "        }\n"
                  "    }\n"
                  "}\n",
                  main_extra ? main_extra : "",
                  events_extra ? events_extra : "",
                  http_extra ? http_extra : "",
                  srv_extra ? srv_extra : "");
    rp_test_write_conf(rp_t, "proxy.conf", conf);
    return rp_test_start(rp_t, 1, (char *) NULL);
}


/* The only worker of <master>. */
static pid_t
rp_worker(pid_t master)
{
    pid_t  w;

    ck_assert_int_eq(rp_test_workers(master, &w, 1), 1);
    return w;
}


/* Sends <req> on <h> and expects a 200 "ok". */
static void
rp_expect_ok(struct rp_test_http *h, const char *req, const char *what)
{
    struct rp_test_http_resp  resp;

    ck_assert_int_eq(rp_test_http_send_str(h, req), 0);
    ck_assert_msg(rp_test_http_read_response(h, &resp, 0, 5000) == 1,
                  "%s: no response", what);
    ck_assert_msg(resp.status == 200, "%s: status %d", what, resp.status);
    ck_assert_str_eq(resp.body, "ok\n");
    rp_test_http_resp_free(&resp);
}


/* ---- worker_rlimit_nofile, multi_accept --------------------------------- */

/* The soft and hard "Max open files" of <pid>; fails if unreadable. */
static void
rp_nofile(pid_t pid, long *soft, long *hard)
{
    char        *text;
    const char  *p;

    text = rp_test_read_file(rp_test_fmt("/proc/%d/limits", (int) pid), NULL);
    ck_assert_ptr_nonnull(text);
    p = strstr(text, "Max open files");
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(sscanf(p + strlen("Max open files"), "%ld %ld", soft, hard),
                     2);
    free(text);
}


START_TEST(worker_rlimit_nofile_sets_the_workers_limit)
{
    pid_t  master, w;
    long   soft, hard, msoft, mhard;

    master = rp_start("worker_rlimit_nofile 1234;\n", NULL, NULL, NULL);
    w = rp_worker(master);

    rp_nofile(w, &soft, &hard);
    ck_assert_int_eq(soft, 1234);
    ck_assert_int_eq(hard, 1234);

    /* only the workers: the master keeps what it was started with */
    rp_nofile(master, &msoft, &mhard);
    ck_assert_int_ne(msoft, 1234);
}
END_TEST


START_TEST(worker_rlimit_nofile_absent_keeps_the_inherited_limit)
{
    pid_t  master, w;
    long   soft, hard, msoft, mhard;

    master = rp_start(NULL, NULL, NULL, NULL);
    w = rp_worker(master);
    rp_nofile(w, &soft, &hard);
    rp_nofile(master, &msoft, &mhard);
    ck_assert_int_eq(soft, msoft);
    ck_assert_int_eq(hard, mhard);
}
END_TEST


/*
 * With multi_accept on, a burst of connections queued before any is
 * served is accepted and answered completely.
 */
START_TEST(multi_accept_on_serves_a_burst_of_connections)
{
    struct rp_test_http  h[40];
    size_t               i;

    rp_start(NULL, "    multi_accept on;\n", NULL, NULL);

    for (i = 0; i < rp_nelems_t(h); i++) {
        rp_test_http_open(&h[i], rp_t->port[0]);
    }
    for (i = 0; i < rp_nelems_t(h); i++) {
        ck_assert_int_eq(rp_test_http_send_str(&h[i], RP_GET), 0);
    }
    for (i = 0; i < rp_nelems_t(h); i++) {
        rp_expect_ok(&h[i], RP_GET, rp_test_fmt("connection %zu", i));
        rp_test_http_close(&h[i]);
    }
}
END_TEST


START_TEST(multi_accept_off_serves_a_burst_of_connections)
{
    struct rp_test_http  h[20];
    size_t               i;

    rp_start(NULL, "    multi_accept off;\n", NULL, NULL);

    for (i = 0; i < rp_nelems_t(h); i++) {
        rp_test_http_open(&h[i], rp_t->port[0]);
    }
    for (i = 0; i < rp_nelems_t(h); i++) {
        rp_expect_ok(&h[i], RP_GET, rp_test_fmt("connection %zu", i));
        rp_test_http_close(&h[i]);
    }
}
END_TEST


/* ---- underscores_in_headers, ignore_invalid_headers -------------------- */

/*
 * Three servers proxy to the origin on PORT1: default settings (PORT0),
 * underscores_in_headers on (PORT2), ignore_invalid_headers off (PORT3).
 * A request with "X_Test: 1" and "X-Other: 2" is sent to each; returns
 * nothing, the origin's records are checked by the test.
 */
START_TEST(underscored_fields_reach_the_backend_only_when_allowed)
{
    static const struct rp_test_origin_rule  rules[] = {
        { .body = "origin\n" },
    };
    static const int  idx[] = { 0, 2, 3 };
    static const int  want[] = { 0, 1, 1 };
    struct rp_test_origin_req  req;
    struct rp_test_http_resp   resp;
    const char                *req_text;
    size_t                     i;

    rp_test_origin_start(rp_t, rp_t->port[1], rules, 1);
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "worker_processes 1;\n"
        "error_log logs/error.log info;\n"
        "pid logs/rampart.pid;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "    server {\n"
        "        listen 127.0.0.1:%%PORT0%%;\n"
        "        location / { proxy_pass http://127.0.0.1:%%PORT1%%; }\n"
        "    }\n"
        "    server {\n"
        "        listen 127.0.0.1:%%PORT2%%;\n"
        "        underscores_in_headers on;\n"
        "        location / { proxy_pass http://127.0.0.1:%%PORT1%%; }\n"
        "    }\n"
        "    server {\n"
        "        listen 127.0.0.1:%%PORT3%%;\n"
        "        ignore_invalid_headers off;\n"
        "        location / { proxy_pass http://127.0.0.1:%%PORT1%%; }\n"
        "    }\n"
        "}\n");
    rp_test_start(rp_t, 1, (char *) NULL);

    req_text = "GET /u HTTP/1.1\r\n" RP_H "X_Test: 1\r\nX-Other: 2\r\n\r\n";
    for (i = 0; i < rp_nelems_t(idx); i++) {
        ck_assert_int_eq(rp_test_http_get(rp_t->port[idx[i]], req_text,
                                          strlen(req_text), &resp, 0), 1);
        ck_assert_int_eq(resp.status, 200);
        ck_assert_str_eq(resp.body, "origin\n");
        rp_test_http_resp_free(&resp);

        ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1],
                                                (int) i + 1, &req), 1);
        ck_assert_str_eq(rp_test_origin_header(&req, "X-Other"), "2");
        ck_assert_msg(rp_test_origin_header_count(&req, "X_Test") == want[i],
                      "port %d: X_Test count %d, wanted %d; request:\n%s",
                      idx[i], rp_test_origin_header_count(&req, "X_Test"),
                      want[i], req.raw);
        if (want[i]) {
            ck_assert_str_eq(rp_test_origin_header(&req, "X_Test"), "1");
        }
        rp_test_origin_req_free(&req);
    }
}
END_TEST


/* ---- lingering_close, lingering_time, lingering_timeout ---------------- */

/*
 * Sends one "Connection: close" request (plus <extra> bytes right after
 * it in the same write, if not NULL) and reads the 200 and the end of the
 * connection (the server's FIN).
 */
static void
rp_close_request(struct rp_test_http *h, const char *extra)
{
    struct rp_test_http_resp  resp;
    char                      req[512];

    RP_TEST_PRINT(req, "%s%s", RP_CLOSE, extra ? extra : "");
    rp_test_http_open(h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(h, req), 0);
    ck_assert_int_eq(rp_test_http_read_response(h, &resp, 0, 5000), 1);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_str_eq(resp.body, "ok\n");
    rp_test_http_resp_free(&resp);
    ck_assert_int_eq(rp_test_http_wait_close(h, 2000), 1);
    ck_assert_int_eq(h->reset, 0);
}


/*
 * 1 if the server still holds the connection: two sends 100 ms apart
 * both succeed (a closed socket answers the first with a reset, which
 * fails the second).
 */
static int
rp_server_reads(struct rp_test_http *h)
{
    if (rp_test_http_send_str(h, "more") != 0) {
        return 0;
    }
    rp_test_msleep(100);
    return rp_test_http_send_str(h, "more") == 0;
}


START_TEST(lingering_close_off_closes_at_once)
{
    struct rp_test_http  h;
    pid_t                w;
    int                  base;

    w = rp_worker(rp_start(NULL, NULL, "    lingering_close off;\n", NULL));
    base = rp_test_count_sockets(w);

    rp_close_request(&h, NULL);
    ck_assert_int_eq(rp_test_wait_sockets(w, base, 500), 1);
    ck_assert_int_eq(rp_server_reads(&h), 0);
    rp_test_http_close(&h);
}
END_TEST


START_TEST(lingering_close_always_half_closes_and_keeps_reading)
{
    struct rp_test_http  h;
    pid_t                w;
    int                  base;
    long                 start;

    w = rp_worker(rp_start(NULL, NULL,
                           "    lingering_close always;\n"
                           "    lingering_timeout 1s;\n"
                           "    lingering_time 10s;\n", NULL));
    base = rp_test_count_sockets(w);

    /* FIN after the response, but the socket stays open and reads */
    rp_close_request(&h, NULL);
    start = rp_test_now_ms();
    ck_assert_int_eq(rp_test_count_sockets(w), base + 1);
    ck_assert_int_eq(rp_server_reads(&h), 1);
    ck_assert_int_eq(rp_test_count_sockets(w), base + 1);

    /* then lingering_timeout of silence ends it */
    ck_assert_int_eq(rp_test_wait_sockets(w, base, 3000), 1);
    ck_assert_msg(rp_test_now_ms() - start >= 700,
                  "closed after %ld ms, before lingering_timeout",
                  rp_test_now_ms() - start);
    ck_assert_int_eq(rp_server_reads(&h), 0);
    rp_test_http_close(&h);
}
END_TEST


START_TEST(lingering_close_on_lingers_only_when_more_data_is_expected)
{
    struct rp_test_http  h;
    pid_t                w;
    int                  base;

    w = rp_worker(rp_start(NULL, NULL,
                           "    lingering_close on;\n"
                           "    lingering_timeout 1s;\n", NULL));
    base = rp_test_count_sockets(w);

    /* nothing more expected: an immediate close */
    rp_close_request(&h, NULL);
    ck_assert_int_eq(rp_test_wait_sockets(w, base, 500), 1);
    rp_test_http_close(&h);

    /* bytes after the request: the server lingers and reads them */
    rp_close_request(&h, "GARBAGE");
    ck_assert_int_eq(rp_test_count_sockets(w), base + 1);
    ck_assert_int_eq(rp_server_reads(&h), 1);
    ck_assert_int_eq(rp_test_wait_sockets(w, base, 3000), 1);
    rp_test_http_close(&h);
}
END_TEST


/*
 * A client that keeps sending during the lingering close is cut off at
 * lingering_time even though no lingering_timeout ever passes.
 */
START_TEST(lingering_time_bounds_a_chatty_lingering_close)
{
    struct rp_test_http  h;
    pid_t                w;
    int                  base, closed;
    long                 start, elapsed;

    w = rp_worker(rp_start(NULL, NULL,
                           "    lingering_close always;\n"
                           "    lingering_timeout 3s;\n"
                           "    lingering_time 1s;\n", NULL));
    base = rp_test_count_sockets(w);

    rp_close_request(&h, NULL);
    start = rp_test_now_ms();
    closed = 0;
    while (rp_test_now_ms() - start < 2500) {
        if (rp_test_http_send_str(&h, "x") != 0
            || rp_test_count_sockets(w) == base)
        {
            closed = 1;
            break;
        }
        rp_test_msleep(100);
    }
    elapsed = rp_test_now_ms() - start;
    ck_assert_msg(closed, "still lingering after %ld ms", elapsed);
    ck_assert_msg(elapsed >= 700, "closed after only %ld ms", elapsed);
    rp_test_http_close(&h);
}
END_TEST


/*
 * Regression: lingering_timeout counts from the last data.  A client
 * sending every 100 ms with lingering_timeout 1s lingers until
 * lingering_time (3 s), not until the first second is over.
 */
START_TEST(lingering_timeout_restarts_when_data_arrives)
{
    struct rp_test_http  h;
    pid_t                w;
    int                  base, closed;
    long                 start, elapsed;

    w = rp_worker(rp_start(NULL, NULL,
                           "    lingering_close always;\n"
                           "    lingering_timeout 1s;\n"
                           "    lingering_time 3s;\n", NULL));
    base = rp_test_count_sockets(w);

    rp_close_request(&h, NULL);
    start = rp_test_now_ms();
    closed = 0;
    while (rp_test_now_ms() - start < 5000) {
        if (rp_test_http_send_str(&h, "x") != 0
            || rp_test_count_sockets(w) == base)
        {
            closed = 1;
            break;
        }
        rp_test_msleep(100);
    }
    elapsed = rp_test_now_ms() - start;
    ck_assert_msg(closed, "still lingering after %ld ms", elapsed);
    ck_assert_msg(elapsed >= 2000, "closed after only %ld ms", elapsed);
    rp_test_http_close(&h);
}
END_TEST


/* ---- send_timeout ------------------------------------------------------ */

#define RP_BIG_FILE  (24L * 1024 * 1024)

START_TEST(send_timeout_closes_a_client_that_stops_reading)
{
    struct sockaddr_in  sin;
    char                conf[2048];
    char                buf[65536];
    pid_t               w;
    long                start, elapsed;
    int                 fd, rcvbuf, base, fd_file;
    long                off;
    const char         *req;

    /* a big static file the workers (another user) can read */
    ck_assert_int_eq(chmod(rp_t->dir, 0755), 0);
    ck_assert_int_eq(mkdir(rp_test_path(rp_t, "html"), 0755), 0);
    fd_file = open(rp_test_path(rp_t, "html/big"), O_WRONLY | O_CREAT | O_TRUNC,
                   0644);
    ck_assert_int_ge(fd_file, 0);
    memset(buf, 'b', sizeof(buf));
    for (off = 0; off < RP_BIG_FILE; off += (long) sizeof(buf)) {
        ck_assert_int_eq(write(fd_file, buf, sizeof(buf)), (ssize_t) sizeof(buf));
    }
    close(fd_file);

    RP_TEST_PRINT(conf,
                  "daemon off;\n"
                  "worker_processes 1;\n"
                  "error_log logs/error.log info;\n"
                  "pid logs/rampart.pid;\n"
                  "events { worker_connections 64; }\n"
                  "http {\n"
                  "    send_timeout 1s;\n"
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "        root %s/html;\n"
                  "    }\n"
                  "}\n", rp_t->dir);
    rp_test_write_conf(rp_t, "proxy.conf", conf);
    w = rp_worker(rp_test_start(rp_t, 1, (char *) NULL));
    base = rp_test_count_sockets(w);

    /* a client with a tiny receive window that never reads */
    fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    rcvbuf = 4096;
    ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
                                sizeof(rcvbuf)), 0);
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons((unsigned short) rp_t->port[0]);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *) &sin, sizeof(sin)), 0);
    req = "GET /big HTTP/1.1\r\n" RP_H "\r\n";
    ck_assert_int_eq(send(fd, req, strlen(req), MSG_NOSIGNAL),
                     (ssize_t) strlen(req));
    start = rp_test_now_ms();

    ck_assert_int_eq(rp_test_log_wait(rp_t, "info", "client timed out", 1,
                                      5000), 1);
    elapsed = rp_test_now_ms() - start;
    ck_assert_msg(elapsed >= 800, "timed out after only %ld ms", elapsed);
    ck_assert_int_eq(rp_test_wait_sockets(w, base, 2000), 1);
    close(fd);
}
END_TEST


/* ---- tcp_nodelay ------------------------------------------------------- */

/* Serves 5 keep-alive requests on one connection to <port>. */
static void
rp_keepalive_five(int port)
{
    struct rp_test_http  h;
    int                  i;

    rp_test_http_open(&h, port);
    for (i = 0; i < 5; i++) {
        rp_expect_ok(&h, RP_GET, rp_test_fmt("port %d request %d", port, i));
    }
    rp_test_http_close(&h);
}


START_TEST(tcp_nodelay_on_and_off_keep_alive_works)
{
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "worker_processes 1;\n"
        "error_log logs/error.log info;\n"
        "pid logs/rampart.pid;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "    server {\n"
        "        listen 127.0.0.1:%%PORT0%%;\n"
        "        tcp_nodelay off;\n"
        "        location / { return 200 \"ok\\n\"; }\n"
        "    }\n"
        "    server {\n"
        "        listen 127.0.0.1:%%PORT2%%;\n"
        "        tcp_nodelay on;\n"
        "        location / { return 200 \"ok\\n\"; }\n"
        "    }\n"
        "}\n");
    rp_test_start(rp_t, 1, (char *) NULL);

    rp_keepalive_five(rp_t->port[0]);
    rp_keepalive_five(rp_t->port[2]);
}
END_TEST


/* ---- bad values -------------------------------------------------------- */

struct rp_bad {
    const char  *main;     /* a line at main level, or NULL */
    const char  *events;   /* a line in events, or NULL */
    const char  *http;     /* a line at http level, or NULL */
    const char  *msg;      /* the [emerg] message */
    int          line;
    int          col;
};

static const struct rp_bad  rp_bads[] = {
    { "worker_rlimit_nofile lots;", NULL, NULL,
      "invalid number \"lots\" in \"worker_rlimit_nofile\" directive", 1, 22 },
    { "worker_rlimit_nofile 0;", NULL, NULL,
      "value \"0\" in \"worker_rlimit_nofile\" directive must be between 1 "
      "and 16777216", 1, 22 },
    { NULL, "multi_accept maybe;", NULL,
      "invalid value \"maybe\" in \"multi_accept\" directive, it must be "
      "\"on\" or \"off\"", 3, 18 },
    { NULL, NULL, "underscores_in_headers yes;",
      "invalid value \"yes\" in \"underscores_in_headers\" directive, it "
      "must be \"on\" or \"off\"", 6, 28 },
    { NULL, NULL, "ignore_invalid_headers 1;",
      "invalid value \"1\" in \"ignore_invalid_headers\" directive, it "
      "must be \"on\" or \"off\"", 6, 28 },
    { NULL, NULL, "lingering_close sometimes;",
      "invalid value \"sometimes\" in \"lingering_close\" directive, it "
      "must be one of \"off\", \"on\", \"always\"", 6, 21 },
    { NULL, NULL, "lingering_time 5x;",
      "invalid time \"5x\" in \"lingering_time\" directive", 6, 20 },
    { NULL, NULL, "lingering_timeout -1;",
      "invalid time \"-1\" in \"lingering_timeout\" directive", 6, 23 },
    { NULL, NULL, "send_timeout soon;",
      "invalid time \"soon\" in \"send_timeout\" directive", 6, 18 },
    { NULL, NULL, "tcp_nodelay maybe;",
      "invalid value \"maybe\" in \"tcp_nodelay\" directive, it must be "
      "\"on\" or \"off\"", 6, 17 },
};


START_TEST(bad_values_are_rejected_with_their_position)
{
    const struct rp_bad  *b = &rp_bads[_i];
    struct rp_test_run    r;
    char                  conf[1024];
    const char           *want;

    RP_TEST_PRINT(conf, "%s\nevents {\n    %s\n}\nhttp {\n    %s\n}\n",
                  b->main ? b->main : "", b->events ? b->events : "",
                  b->http ? b->http : "");
    /* main line 1, the events line 3, the http line 6 */
    rp_test_write_conf(rp_t, "proxy.conf", conf);

    rp_test_run(rp_t, &r, "-t", (char *) NULL);
    want = rp_test_fmt("rampart: [emerg] %s in %s:%d:%d\n", b->msg,
                       rp_t->conf, b->line, b->col);
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

    s = suite_create("directives_core");

    tc = rp_test_tcase("process");
    tcase_add_test(tc, worker_rlimit_nofile_sets_the_workers_limit);
    tcase_add_test(tc, worker_rlimit_nofile_absent_keeps_the_inherited_limit);
    tcase_add_test(tc, multi_accept_on_serves_a_burst_of_connections);
    tcase_add_test(tc, multi_accept_off_serves_a_burst_of_connections);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("headers");
    tcase_add_test(tc, underscored_fields_reach_the_backend_only_when_allowed);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("closing");
    tcase_add_test(tc, lingering_close_off_closes_at_once);
    tcase_add_test(tc, lingering_close_always_half_closes_and_keeps_reading);
    tcase_add_test(tc, lingering_close_on_lingers_only_when_more_data_is_expected);
    tcase_add_test(tc, lingering_time_bounds_a_chatty_lingering_close);
    tcase_add_test(tc, lingering_timeout_restarts_when_data_arrives);
    tcase_add_test(tc, send_timeout_closes_a_client_that_stops_reading);
    tcase_add_test(tc, tcp_nodelay_on_and_off_keep_alive_works);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("bad_values");
    tcase_add_loop_test(tc, bad_values_are_rejected_with_their_position, 0,
                        (int) rp_nelems_t(rp_bads));
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
