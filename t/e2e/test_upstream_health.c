/*
 * test_upstream_health.c - active health checks (health_check, match)
 * through the real binary with real backends.
 *
 * Backends are scriptable origins on PORT1..PORT3 whose /health answer
 * a test flips at run time by creating or removing a file (the rule's
 * <when>).  Each test asserts on both sides: the health checker's
 * notice lines in the error log, the checks each origin recorded
 * (request line, Host, Connection, User-Agent, how many), and where the
 * proxied client requests went, counted at the origins.  Intervals are
 * 100 ms so that "down within interval x fails" and "up after passes"
 * take a fraction of a second.
 */

#include "rp_test.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RP_REQ(uri)  "GET " uri " HTTP/1.1\r\nHost: front\r\n\r\n"

static char  rp_sick1[RP_TEST_PATH_MAX];   /* exists: PORT1's /health fails */
static char  rp_sick2[RP_TEST_PATH_MAX];


/* Paths of the flip files, in the test's temp dir. */
static void
rp_flip_files(void)
{
    RP_TEST_PRINT(rp_sick1, "%s/sick1", rp_t->dir);
    RP_TEST_PRINT(rp_sick2, "%s/sick2", rp_t->dir);
}


static void
rp_touch(const char *path)
{
    FILE  *f = fopen(path, "w");

    ck_assert_msg(f != NULL, "cannot create %s", path);
    fclose(f);
}


/* Writes proxy.conf: <workers>, <http_extra> in http, upstream "backend". */
static void
rp_write(int workers, const char *http_extra, const char *upstream)
{
    char  conf[8192];

    RP_TEST_PRINT(conf,
                  "daemon off;\n"
                  "worker_processes %d;\n"
                  "error_log logs/error.log info;\n"
                  "pid logs/rampart.pid;\n"
                  "events {\n"
                  "    worker_connections 64;\n"
                  "}\n"
                  "http {\n"
                  "%s"
                  "    upstream backend {\n"
                  "%s"
                  "    }\n"
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "        location / { proxy_pass http://backend; }\n"
                  "    }\n"
                  "}\n", workers, http_extra ? http_extra : "", upstream);
    rp_test_write_conf(rp_t, "proxy.conf", conf);
}


static pid_t
rp_start(int workers, const char *http_extra, const char *upstream)
{
    rp_write(workers, http_extra, upstream);

    return rp_test_start(rp_t, workers, (char *) NULL);
}


/* Lines of the origin on <port>'s event log that contain <needle>. */
static int
rp_origin_lines(int port, const char *needle)
{
    return rp_test_file_count(rp_test_path(rp_t,
                                           rp_test_fmt("origin.%d.log", port)),
                              NULL, needle);
}


/* Health checks the origin on <port> has received. */
static int
rp_checks(int port)
{
    return rp_origin_lines(port, " GET /health HTTP/1.1");
}


/* Waits until the origin on <port> has received <n> checks. */
static void
rp_wait_checks(int port, int n)
{
    long  end = rp_test_now_ms() + rp_test_ms(3000);

    while (rp_checks(port) < n && rp_test_now_ms() < end) {
        rp_test_msleep(10);
    }

    ck_assert_msg(rp_checks(port) >= n, "the origin on %d got %d checks, "
                  "expected %d", port, rp_checks(port), n);
}


/* Sends <n> client requests for /req, each answered 200. */
static void
rp_requests(int n)
{
    struct rp_test_http_resp  resp;
    int                       i;

    for (i = 0; i < n; i++) {
        ck_assert_int_eq(rp_test_http_get(rp_t->port[0], RP_REQ("/req"),
                                          strlen(RP_REQ("/req")), &resp, 0),
                         1);
        ck_assert_int_eq(resp.status, 200);
        rp_test_http_resp_free(&resp);
    }
}


/* Client requests the origin on <port> has served. */
static int
rp_served(int port)
{
    return rp_origin_lines(port, " GET /req HTTP/1.0");
}


/* The notice line for <port>'s server going "down: <why>" or "up". */
static const char *
rp_state_line(int port, const char *state)
{
    return rp_test_fmt("upstream \"backend\" server 127.0.0.1:%d is %s",
                       port, state);
}


/* The health checker processes of <master>: count, first pid in *pid. */
static int
rp_checkers(pid_t master, pid_t *pid)
{
    static pid_t  pids[RP_TEST_MAX_PROCS];
    char          cmd[256];
    pid_t         ppid, pgrp;
    char          state;
    int           i, n, found;

    n = rp_test_proc_list(pids, RP_TEST_MAX_PROCS);
    found = 0;

    for (i = 0; i < n; i++) {
        if (rp_test_proc_stat(pids[i], &state, &ppid, &pgrp) != 0
            || ppid != master || state == 'Z'
            || rp_test_proc_cmdline(pids[i], cmd, sizeof(cmd)) < 0)
        {
            continue;
        }

        if (strcmp(cmd, "rampart: health checker process") == 0) {
            if (found++ == 0 && pid) {
                *pid = pids[i];
            }
        }
    }

    return found;
}


/* Waits until <master> has one checker that is not <old>; its pid. */
static pid_t
rp_wait_checker(pid_t master, pid_t old)
{
    long   end = rp_test_now_ms() + rp_test_ms(3000);
    pid_t  pid = -1;

    while (rp_test_now_ms() < end) {
        if (rp_checkers(master, &pid) == 1 && pid != old) {
            return pid;
        }
        rp_test_msleep(10);
    }

    ck_abort_msg("no new health checker process (old %d)", (int) old);
    return -1;
}


/* Three backends: PORT1 fails /health while sick1 exists. */
static void
rp_three_backends(void)
{
    static struct rp_test_origin_rule  a[] = {
        { .path = "/health", .status = 500, .body = "sick\n" },
        { .path = "/health", .body = "OK\n" },
        { .path = NULL, .body = "A\n" },
    };
    static const struct rp_test_origin_rule  b[] = {
        { .path = "/health", .body = "OK\n" },
        { .path = NULL, .body = "B\n" },
    };

    rp_flip_files();
    a[0].when = rp_sick1;
    rp_test_origin_start(rp_t, rp_t->port[1], a, 3);
    rp_test_origin_start(rp_t, rp_t->port[2], b, 2);
    rp_test_origin_start(rp_t, rp_t->port[3], b, 2);
}


START_TEST(failing_server_is_taken_out_and_comes_back)
{
    long  t0, took;
    int   before;

    rp_three_backends();
    rp_start(2, NULL,
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        server 127.0.0.1:%%PORT2%%;\n"
             "        server 127.0.0.1:%%PORT3%%;\n"
             "        health_check interval=100ms fails=2 passes=3 "
             "uri=/health;\n");

    /* two workers, each with its own round robin: PORT1 gets some */
    rp_wait_checks(rp_t->port[1], 2);
    rp_requests(9);
    ck_assert_int_ge(rp_served(rp_t->port[1]), 1);

    /* /health turns 500: out within interval x fails (plus slack) */
    t0 = rp_test_now_ms();
    rp_touch(rp_sick1);
    ck_assert(rp_test_log_wait(rp_t, "notice",
                               rp_test_fmt("%s: status 500 (health check "
                                           "\"/health\")",
                                           rp_state_line(rp_t->port[1],
                                                         "down")),
                               1, rp_test_ms(2000)));
    took = rp_test_now_ms() - t0;
    ck_assert_msg(took <= rp_test_ms(100 * 2 + 250), "down after %ld ms",
                  took);

    /* from now on every client request goes to the other two */
    before = rp_served(rp_t->port[1]);
    rp_requests(20);
    ck_assert_int_eq(rp_served(rp_t->port[1]), before);
    ck_assert_int_eq(rp_served(rp_t->port[2]) + rp_served(rp_t->port[3]),
                     29 - before);

    /* healthy again: back after passes (3) good checks, not before */
    before = rp_checks(rp_t->port[1]);
    t0 = rp_test_now_ms();
    ck_assert_int_eq(unlink(rp_sick1), 0);
    ck_assert(rp_test_log_wait(rp_t, "notice",
                               rp_test_fmt("%s (health check \"/health\")",
                                           rp_state_line(rp_t->port[1],
                                                         "up")),
                               1, rp_test_ms(2000)));
    took = rp_test_now_ms() - t0;
    ck_assert_msg(rp_checks(rp_t->port[1]) >= before + 3,
                  "up after %d checks", rp_checks(rp_t->port[1]) - before);
    ck_assert_msg(took >= 200 && took <= rp_test_ms(100 * 3 + 350),
                  "up after %ld ms", took);

    before = rp_served(rp_t->port[1]);
    rp_requests(9);
    ck_assert_int_gt(rp_served(rp_t->port[1]), before);
}
END_TEST


START_TEST(checks_come_from_one_process_with_the_right_request)
{
    static const struct rp_test_origin_rule  ok[] = {
        { .path = NULL, .body = "OK\n" },
    };
    struct rp_test_origin_req  req;
    pid_t                      master, checker;
    int                        n0, n, i;
    long                       t0, t1;

    rp_test_origin_start(rp_t, rp_t->port[1], ok, 1);
    master = rp_start(4, NULL,
                      "        server 127.0.0.1:%%PORT1%%;\n"
                      "        health_check interval=100ms uri=/health?x=1;\n");

    ck_assert_int_eq(rp_checkers(master, &checker), 1);

    /* about one check per interval, not one per worker */
    rp_test_msleep(200);
    n0 = rp_origin_lines(rp_t->port[1], " GET /health?x=1 HTTP/1.1");
    t0 = rp_test_now_ms();
    rp_test_msleep(1000);
    n = rp_origin_lines(rp_t->port[1], " GET /health?x=1 HTTP/1.1") - n0;
    t1 = rp_test_now_ms();
    ck_assert_msg(n >= (t1 - t0) / 100 - 4 && n <= (t1 - t0) / 100 + 2,
                  "%d checks in %ld ms", n, t1 - t0);

    /* the request line and header fields of a check */
    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1], 1, &req), 1);
    ck_assert_str_eq(req.line, "GET /health?x=1 HTTP/1.1");
    ck_assert_str_eq(rp_test_origin_header(&req, "Host"), "backend");
    ck_assert_str_eq(rp_test_origin_header(&req, "Connection"), "close");
    ck_assert_str_eq(rp_test_origin_header(&req, "User-Agent"),
                     "rampart-health-check");
    ck_assert_uint_eq(req.body_len, 0);
    rp_test_origin_req_free(&req);

    /* every check closed its connection */
    for (i = 0; i < 100 && rp_test_origin_closed(rp_t, rp_t->port[1])
                           < rp_test_origin_conns(rp_t, rp_t->port[1]) - 1;
         i++)
    {
        rp_test_msleep(10);
    }
    ck_assert_int_ge(rp_test_origin_closed(rp_t, rp_t->port[1]),
                     rp_test_origin_conns(rp_t, rp_t->port[1]) - 1);
}
END_TEST


START_TEST(match_on_body_text)
{
    static struct rp_test_origin_rule  a[] = {
        { .path = "/health", .body = "status: broken\n" },
        { .path = "/health", .mode = RP_TEST_ORIGIN_CHUNKED, .piece = 3,
          .body = "status: OK, all fine\n" },
        { .path = NULL, .body = "A\n" },
    };
    static const struct rp_test_origin_rule  b[] = {
        { .path = NULL, .body = "status: OK\n" },
    };
    int  before;

    rp_flip_files();
    a[0].when = rp_sick1;
    rp_test_origin_start(rp_t, rp_t->port[1], a, 3);
    rp_test_origin_start(rp_t, rp_t->port[2], b, 1);
    rp_start(1,
             "    match ok {\n"
             "        status 200;\n"
             "        body ~ \"status: OK\";\n"
             "        body !~ broken;\n"
             "    }\n",
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        server 127.0.0.1:%%PORT2%%;\n"
             "        health_check interval=100ms uri=/health match=ok;\n");

    /* a chunked body that matches passes: requests still reach PORT1 */
    rp_wait_checks(rp_t->port[1], 3);
    ck_assert_int_eq(rp_test_log_count(rp_t, NULL, "is down"), 0);
    rp_requests(4);
    ck_assert_int_eq(rp_served(rp_t->port[1]), 2);

    rp_touch(rp_sick1);
    ck_assert(rp_test_log_wait(rp_t, "notice",
                               rp_test_fmt("%s: status 200, match \"ok\" "
                                           "failed at \"body ~ status: OK\" "
                                           "(health check \"/health\")",
                                           rp_state_line(rp_t->port[1],
                                                         "down")),
                               1, rp_test_ms(2000)));

    before = rp_served(rp_t->port[1]);
    rp_requests(6);
    ck_assert_int_eq(rp_served(rp_t->port[1]), before);
    ck_assert_int_eq(rp_served(rp_t->port[2]), 2 + 6);
    ck_assert_int_eq(rp_test_log_count(rp_t, NULL,
                                       rp_state_line(rp_t->port[2], "down")),
                     0);
}
END_TEST


START_TEST(match_on_headers)
{
    static struct rp_test_origin_rule  a[] = {
        { .path = "/health", .headers = "X-Ready: no\r\n" },
        { .path = "/health", .headers = "X-Ready: yes\r\n"
                                        "Content-Type: application/json\r\n" },
        { .path = NULL, .body = "A\n" },
    };
    static struct rp_test_origin_rule  b[] = {
        { .path = "/health", .headers = "X-Ready: yes\r\n"
                                        "Content-Type: application/json\r\n"
                                        "X-Maintenance: 1\r\n" },
        { .path = "/health", .headers = "X-Ready: yes\r\n"
                                        "Content-Type: application/json\r\n" },
        { .path = NULL, .body = "B\n" },
    };

    rp_flip_files();
    a[0].when = rp_sick1;
    b[0].when = rp_sick2;
    rp_test_origin_start(rp_t, rp_t->port[1], a, 3);
    rp_test_origin_start(rp_t, rp_t->port[2], b, 3);
    rp_start(1,
             "    match ready {\n"
             "        status 200-299;\n"
             "        header X-Ready = yes;\n"
             "        header content-type ~ ^application/json$;\n"
             "        header ! X-Maintenance;\n"
             "    }\n",
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        server 127.0.0.1:%%PORT2%%;\n"
             "        health_check interval=100ms uri=/health match=ready;\n");

    rp_wait_checks(rp_t->port[1], 3);
    rp_wait_checks(rp_t->port[2], 3);
    ck_assert_int_eq(rp_test_log_count(rp_t, NULL, "is down"), 0);

    rp_touch(rp_sick1);
    ck_assert(rp_test_log_wait(rp_t, "notice",
                               rp_test_fmt("%s: status 200, match \"ready\" "
                                           "failed at \"header X-Ready = yes\"",
                                           rp_state_line(rp_t->port[1],
                                                         "down")),
                               1, rp_test_ms(2000)));

    rp_touch(rp_sick2);
    ck_assert(rp_test_log_wait(rp_t, "notice",
                               rp_test_fmt("%s: status 200, match \"ready\" "
                                           "failed at \"header ! "
                                           "X-Maintenance\"",
                                           rp_state_line(rp_t->port[2],
                                                         "down")),
                               1, rp_test_ms(2000)));

    /* every server down: 502 at once, no backend is asked */
    {
        struct rp_test_http_resp  resp;

        ck_assert_int_eq(rp_test_http_get(rp_t->port[0], RP_REQ("/req"),
                                          strlen(RP_REQ("/req")), &resp, 0),
                         1);
        ck_assert_int_eq(resp.status, 502);
        rp_test_http_resp_free(&resp);
    }
    ck_assert_int_eq(rp_served(rp_t->port[1]) + rp_served(rp_t->port[2]), 0);

    ck_assert_int_eq(unlink(rp_sick2), 0);
    ck_assert(rp_test_log_wait(rp_t, "notice",
                               rp_state_line(rp_t->port[2], "up"), 1,
                               rp_test_ms(2000)));
    rp_requests(3);
    ck_assert_int_eq(rp_served(rp_t->port[2]), 3);
}
END_TEST


START_TEST(refused_connection_and_timeout_are_failures)
{
    static const struct rp_test_origin_rule  slow[] = {
        { .path = "/health", .head_delay_ms = 3000 },
        { .path = NULL, .body = "S\n" },
    };
    static const struct rp_test_origin_rule  ok[] = {
        { .path = NULL, .body = "OK\n" },
    };

    /* nothing listens on PORT3 */
    rp_test_origin_start(rp_t, rp_t->port[1], slow, 2);
    rp_test_origin_start(rp_t, rp_t->port[2], ok, 1);
    rp_start(1, NULL,
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        server 127.0.0.1:%%PORT2%%;\n"
             "        server 127.0.0.1:%%PORT3%%;\n"
             "        health_check interval=100ms timeout=150ms uri=/health;\n");

    ck_assert(rp_test_log_wait(rp_t, "notice",
                               rp_test_fmt("%s: connect() failed (111: ",
                                           rp_state_line(rp_t->port[3],
                                                         "down")),
                               1, rp_test_ms(2000)));
    ck_assert(rp_test_log_wait(rp_t, "notice",
                               rp_test_fmt("%s: timed out after 150 ms",
                                           rp_state_line(rp_t->port[1],
                                                         "down")),
                               1, rp_test_ms(2000)));
    ck_assert_int_ge(rp_checks(rp_t->port[1]), 1);

    rp_requests(5);
    ck_assert_int_eq(rp_served(rp_t->port[1]), 0);
    ck_assert_int_eq(rp_served(rp_t->port[2]), 5);
    ck_assert_int_eq(rp_test_log_count(rp_t, NULL,
                                       rp_state_line(rp_t->port[2], "down")),
                     0);
}
END_TEST


START_TEST(reload_keeps_a_down_server_down_and_replaces_the_checker)
{
    pid_t  master, checker, again;
    int    before, ups;

    rp_three_backends();
    master = rp_start(2, NULL,
                      "        server 127.0.0.1:%%PORT1%%;\n"
                      "        server 127.0.0.1:%%PORT2%%;\n"
                      "        health_check interval=100ms passes=2 "
                      "uri=/health;\n");
    checker = rp_wait_checker(master, -1);

    rp_touch(rp_sick1);
    ck_assert(rp_test_log_wait(rp_t, "notice",
                               rp_state_line(rp_t->port[1], "down"), 1,
                               rp_test_ms(2000)));

    /* same groups after the reload: still down, a new checker */
    rp_test_signal(master, SIGHUP);
    ck_assert(rp_test_log_wait(rp_t, "notice", "reconfigured: generation 2",
                               1, rp_test_ms(3000)));
    again = rp_wait_checker(master, checker);
    ck_assert(rp_test_wait_gone(checker, rp_test_ms(3000)));
    ck_assert_int_ne(again, checker);

    before = rp_served(rp_t->port[1]);
    rp_requests(6);
    ck_assert_int_eq(rp_served(rp_t->port[1]), before);
    ck_assert_int_eq(rp_test_log_count(rp_t, NULL,
                                       rp_state_line(rp_t->port[1], "up")),
                     0);

    /* a killed checker is replaced and goes on checking */
    rp_test_signal(again, SIGKILL);
    checker = rp_wait_checker(master, again);
    ck_assert(rp_test_log_wait(rp_t, NULL, rp_test_fmt("health checker "
                               "process %d exited on signal 9", (int) again),
                               1, rp_test_ms(2000)));

    ck_assert_int_eq(unlink(rp_sick1), 0);
    ck_assert(rp_test_log_wait(rp_t, "notice",
                               rp_state_line(rp_t->port[1], "up"), 1,
                               rp_test_ms(2000)));

    /* reload without health_check: no checker process any more */
    rp_write(2, NULL,
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        server 127.0.0.1:%%PORT2%%;\n");
    ups = rp_checks(rp_t->port[1]);
    rp_test_signal(master, SIGHUP);
    ck_assert(rp_test_log_wait(rp_t, "notice", "reconfigured: generation 3",
                               1, rp_test_ms(3000)));
    ck_assert(rp_test_wait_gone(checker, rp_test_ms(3000)));
    ck_assert_int_eq(rp_checkers(master, NULL), 0);
    rp_test_msleep(300);
    ck_assert_int_le(rp_checks(rp_t->port[1]), ups + 1);

    /* QUIT stops the checker with the workers */
    rp_test_signal(master, SIGQUIT);
    ck_assert(rp_test_wait_gone(master, rp_test_ms(5000)));
}
END_TEST


START_TEST(reload_drops_the_check_state_of_unchecked_groups)
{
    pid_t  master;

    rp_three_backends();
    master = rp_start(1, NULL,
                      "        server 127.0.0.1:%%PORT1%%;\n"
                      "        server 127.0.0.1:%%PORT2%%;\n"
                      "        health_check interval=100ms uri=/health;\n");

    rp_touch(rp_sick1);
    ck_assert(rp_test_log_wait(rp_t, "notice",
                               rp_state_line(rp_t->port[1], "down"), 1,
                               rp_test_ms(2000)));

    /* nobody checks the group any more: its servers are all usable */
    rp_write(1, NULL,
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        server 127.0.0.1:%%PORT2%%;\n");
    rp_test_signal(master, SIGHUP);
    ck_assert(rp_test_log_wait(rp_t, "notice", "reconfigured: generation 2",
                               1, rp_test_ms(3000)));
    ck_assert(rp_test_wait_workers(master, 1, NULL, 0, rp_test_ms(3000)));
    ck_assert_int_eq(rp_checkers(master, NULL), 0);

    rp_requests(4);
    ck_assert_int_eq(rp_served(rp_t->port[1]), 2);
    ck_assert_int_eq(rp_served(rp_t->port[2]), 2);
}
END_TEST


START_TEST(no_checker_process_without_health_check)
{
    static const struct rp_test_origin_rule  ok[] = {
        { .path = NULL, .body = "OK\n" },
    };
    pid_t  master;

    rp_test_origin_start(rp_t, rp_t->port[1], ok, 1);
    master = rp_start(2, NULL, "        server 127.0.0.1:%%PORT1%%;\n");

    rp_requests(2);
    ck_assert_int_eq(rp_checkers(master, NULL), 0);
    ck_assert_int_eq(rp_checks(rp_t->port[1]), 0);
    ck_assert_int_eq(rp_test_log_count(rp_t, NULL, "health checker"), 0);
}
END_TEST


static Suite *
rp_suite(void)
{
    Suite  *s = suite_create("upstream_health");
    TCase  *tc;

    tc = rp_test_tcase("checks");
    tcase_add_test(tc, failing_server_is_taken_out_and_comes_back);
    tcase_add_test(tc, checks_come_from_one_process_with_the_right_request);
    tcase_add_test(tc, refused_connection_and_timeout_are_failures);
    tcase_add_test(tc, no_checker_process_without_health_check);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("match");
    tcase_add_test(tc, match_on_body_text);
    tcase_add_test(tc, match_on_headers);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("processes");
    tcase_add_test(tc, reload_keeps_a_down_server_down_and_replaces_the_checker);
    tcase_add_test(tc, reload_drops_the_check_state_of_unchecked_groups);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return rp_test_main(rp_suite());
}
