/*
 * test_upstream_balance.c - the balancers and server parameters of an
 * upstream group, measured from both sides.
 *
 * Up to three scriptable origins (PORT1..PORT3) stand behind one
 * "upstream app" group; each tags its answers with "X-Backend: a|b|c"
 * and some answer late.  Concurrent keep-alive clients (rp_test_load.c)
 * record which backend answered every request, and the origins record
 * what they received and how many requests they had in flight at once,
 * so each test checks the share a balancer gives each backend, that
 * limits counted across workers hold at the backend, and that the
 * client saw no failure.  Bounds are generous where timing is involved
 * and exact where the algorithm is (smooth weighted round robin).  The
 * last case runs "rampart -t" on bad balancer parameters.
 */

#include "rp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RP_GET      "GET / HTTP/1.1\r\nHost: front\r\n\r\n"
#define RP_TAG      "X-Backend"

#define rp_nelems(a)  (sizeof(a) / sizeof((a)[0]))

/* Fast backends a, b, c and slow variants (header 100 / 200 ms late). */
static const struct rp_test_origin_rule  rp_a[] = {
    { .headers = "X-Backend: a\r\n", .body = "a\n" },
};
static const struct rp_test_origin_rule  rp_b[] = {
    { .headers = "X-Backend: b\r\n", .body = "b\n" },
};
static const struct rp_test_origin_rule  rp_c[] = {
    { .headers = "X-Backend: c\r\n", .body = "c\n" },
};
static const struct rp_test_origin_rule  rp_b_slow100[] = {
    { .headers = "X-Backend: b\r\n", .body = "b\n", .head_delay_ms = 100 },
};
static const struct rp_test_origin_rule  rp_b_slow200[] = {
    { .headers = "X-Backend: b\r\n", .body = "b\n", .head_delay_ms = 200 },
};
static const struct rp_test_origin_rule  rp_a_slow200[] = {
    { .headers = "X-Backend: a\r\n", .body = "a\n", .head_delay_ms = 200 },
};

/*
 * For least_time header vs. last_byte: every header comes 20 ms late
 * (latencies are kept in milliseconds: a few of them must separate
 * noise from signal), and b's last body byte 100 ms after its header.
 */
static const struct rp_test_origin_rule  rp_a_20[] = {
    { .headers = "X-Backend: a\r\n", .body = "a\n", .head_delay_ms = 20 },
};
static const struct rp_test_origin_rule  rp_b_20_slow_body[] = {
    { .headers = "X-Backend: b\r\n", .body = "bbbb\n", .piece = 2,
      .piece_delay_ms = 50, .head_delay_ms = 20 },
};
static const struct rp_test_origin_rule  rp_c_20[] = {
    { .headers = "X-Backend: c\r\n", .body = "c\n", .head_delay_ms = 20 },
};


/*
 * Starts <workers> workers with <upstream> (the body of "upstream app")
 * and location / proxying to it with <loc_extra>; returns the master.
 */
static pid_t
rp_start(int workers, const char *upstream, const char *loc_extra)
{
    char  conf[8192];

    RP_TEST_PRINT(conf,
                  "daemon off;\n"
                  "worker_processes %d;\n"
                  "error_log logs/error.log info;\n"
                  "pid logs/rampart.pid;\n"
                  "events {\n"
                  "    worker_connections 512;\n"
                  "}\n"
                  "http {\n"
                  "    log_format up '$upstream_addr $upstream_status';\n"
                  "    access_log logs/up.log up;\n"
                  "    upstream app {\n"
                  "%s"
                  "    }\n"
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "        location / {\n"
                  "            proxy_pass http://app;\n"
                  "%s"
                  "        }\n"
                  "    }\n"
                  "}\n", workers, upstream, loc_extra ? loc_extra : "");
    rp_test_write_conf(rp_t, "proxy.conf", conf);
    return rp_test_start(rp_t, workers, (char *) NULL);
}


/*
 * Runs <clients> x <each> GETs, checks every one got 200, and returns
 * the records in <*recs> (free them) and their number.
 */
static size_t
rp_run_load(int clients, int each, long ms, struct rp_test_load_rec **recs)
{
    struct rp_test_load  l;
    size_t               n, ok;

    rp_test_load_start(rp_t, &l, rp_t->port[0], RP_GET, clients, each,
                       RP_TAG);
    rp_test_load_wait(rp_t, &l, ms);
    n = rp_test_load_results(rp_t, &l, recs);
    ck_assert_uint_eq(n, (size_t) clients * (size_t) each);
    ok = rp_test_load_count(*recs, n, 0, RP_TEST_LOAD_FOREVER, 200, NULL);
    ck_assert_msg(ok == n, "%zu of %zu requests failed", n - ok, n);
    return n;
}


/* How many of <recs> backend <tag> answered. */
static size_t
rp_share(const struct rp_test_load_rec *recs, size_t n, const char *tag)
{
    return rp_test_load_count(recs, n, 0, RP_TEST_LOAD_FOREVER, -2, tag);
}


/* ---- round robin: weights ---------------------------------------------- */

START_TEST(weights_3_to_1_give_75_and_25_percent)
{
    static const int          workers[] = { 1, 4 };
    struct rp_test_load_rec  *recs;
    size_t                    n, a, b;
    int                       oa, ob;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_a, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b, 1);
    rp_start(workers[_i],
             "        server 127.0.0.1:%%PORT1%% weight=3;\n"
             "        server 127.0.0.1:%%PORT2%%;\n", NULL);

    /* 8 keep-alive clients, spread over the workers by accept */
    n = rp_run_load(8, 500, 25000, &recs);
    a = rp_share(recs, n, "a");
    b = rp_share(recs, n, "b");
    free(recs);

    ck_assert_uint_eq(n, 4000);
    ck_assert_uint_eq(a + b, n);
    ck_assert_msg(a >= 2960 && a <= 3040, "a got %zu of 4000 (%d workers)",
                  a, workers[_i]);

    /* the backends agree with the clients */
    oa = rp_test_origin_nrequests(rp_t, rp_t->port[1]);
    ob = rp_test_origin_nrequests(rp_t, rp_t->port[2]);
    ck_assert_int_eq(oa, (int) a);
    ck_assert_int_eq(ob, (int) b);
}
END_TEST


/* ---- least_conn and max_conns ------------------------------------------ */

START_TEST(least_conn_sends_a_slow_backend_fewer_requests)
{
    struct rp_test_load_rec  *recs;
    size_t                    n, b;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_a, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b_slow200, 1);
    rp_start(4,
             "        least_conn;\n"
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        server 127.0.0.1:%%PORT2%%;\n", NULL);

    /*
     * Round robin would give b exactly half.  With least_conn b only
     * gets a request when it has no more in flight than a, which at
     * 200 ms per answer is seldom.
     */
    n = rp_run_load(10, 60, 20000, &recs);
    b = rp_share(recs, n, "b");
    free(recs);
    ck_assert_msg(b < n / 5, "the slow backend got %zu of %zu", b, n);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[2]), (int) b);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]),
                     (int) (n - b));
}
END_TEST


START_TEST(max_conns_holds_across_four_workers)
{
    struct rp_test_load_rec  *recs;
    size_t                    n, a;
    int                       max;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_a_slow200, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b, 1);
    rp_start(4,
             "        server 127.0.0.1:%%PORT1%% max_conns=2;\n"
             "        server 127.0.0.1:%%PORT2%%;\n", NULL);

    /* 10 clients: round robin alone would put ~5 on a at once */
    n = rp_run_load(10, 40, 20000, &recs);
    a = rp_share(recs, n, "a");
    free(recs);

    max = rp_test_origin_max_inflight(rp_t, rp_t->port[1]);
    ck_assert_msg(max == 2, "a had %d requests in flight at once", max);
    ck_assert_msg(a >= 4 && a < n / 4, "a got %zu of %zu", a, n);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[2]),
                     (int) (n - a));
}
END_TEST


/* ---- least_time and random two ----------------------------------------- */

START_TEST(least_time_header_avoids_a_slow_backend)
{
    struct rp_test_load_rec  *recs;
    size_t                    n, b;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_a, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b_slow100, 1);
    rp_test_origin_start(rp_t, rp_t->port[3], rp_c, 1);
    rp_start(2,
             "        least_time header inflight;\n"
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        server 127.0.0.1:%%PORT2%%;\n"
             "        server 127.0.0.1:%%PORT3%%;\n", NULL);

    /* round robin would give b 100 of the 300 */
    n = rp_run_load(4, 75, 20000, &recs);
    b = rp_share(recs, n, "b");
    free(recs);
    ck_assert_msg(b < n / 10, "the slow backend got %zu of %zu", b, n);
    ck_assert_msg(b >= 1, "the slow backend was never tried");
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[2]), (int) b);
}
END_TEST


START_TEST(random_two_least_time_avoids_a_slow_backend)
{
    struct rp_test_load_rec  *recs;
    size_t                    n, a, b, c;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_a, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b_slow100, 1);
    rp_test_origin_start(rp_t, rp_t->port[3], rp_c, 1);
    rp_start(2,
             "        random two least_time=header;\n"
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        server 127.0.0.1:%%PORT2%%;\n"
             "        server 127.0.0.1:%%PORT3%%;\n", NULL);

    n = rp_run_load(4, 75, 20000, &recs);
    a = rp_share(recs, n, "a");
    b = rp_share(recs, n, "b");
    c = rp_share(recs, n, "c");
    free(recs);
    ck_assert_msg(b < n / 10, "the slow backend got %zu of %zu", b, n);

    /* both fast backends are in use: the pair is random */
    ck_assert_msg(a > n / 5 && c > n / 5, "a %zu, c %zu of %zu", a, c, n);
}
END_TEST


START_TEST(random_follows_the_weights)
{
    struct rp_test_load_rec  *recs;
    size_t                    n, a;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_a, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b, 1);
    rp_start(2,
             "        random;\n"
             "        server 127.0.0.1:%%PORT1%% weight=3;\n"
             "        server 127.0.0.1:%%PORT2%%;\n", NULL);

    /* 2000 draws at p = 0.75: one standard deviation is 19 requests */
    n = rp_run_load(4, 500, 20000, &recs);
    a = rp_share(recs, n, "a");
    free(recs);
    ck_assert_msg(a >= 1400 && a <= 1600, "a got %zu of %zu", a, n);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), (int) a);
}
END_TEST


START_TEST(least_time_last_byte_counts_the_body_and_header_does_not)
{
    static const char        *method[] = { "header", "last_byte" };
    struct rp_test_load_rec  *recs;
    char                      up[512];
    size_t                    n, b;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_a_20, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b_20_slow_body, 1);
    rp_test_origin_start(rp_t, rp_t->port[3], rp_c_20, 1);
    RP_TEST_PRINT(up,
                  "        least_time %s;\n"
                  "        server 127.0.0.1:%%%%PORT1%%%%;\n"
                  "        server 127.0.0.1:%%%%PORT2%%%%;\n"
                  "        server 127.0.0.1:%%%%PORT3%%%%;\n", method[_i]);
    rp_start(1, up, NULL);

    /*
     * One client, so nothing is ever in flight at a pick and only the
     * latency decides.  b's header is as fast as the others' but its
     * body ends 100 ms later: last_byte learns that, header must not
     * (a peer passed over for a slightly higher latency gets its turn
     * again as its average decays while it is idle).
     */
    n = rp_run_load(1, 90, 20000, &recs);
    b = rp_share(recs, n, "b");
    free(recs);
    if (_i == 0) {
        ck_assert_msg(b >= n / 10, "header: b got only %zu of %zu", b, n);
    } else {
        ck_assert_msg(b < n / 10, "last_byte: b got %zu of %zu", b, n);
    }
}
END_TEST


/* ---- backup, down, drain --------------------------------------------- */

/* <n> sequential GETs on new connections, each answered 200 by <tag>. */
static void
rp_get_from(int n, const char *tag)
{
    struct rp_test_http_resp  resp;
    const char               *got;
    int                       i;

    for (i = 0; i < n; i++) {
        ck_assert_int_eq(rp_test_http_get(rp_t->port[0], RP_GET,
                                          strlen(RP_GET), &resp, 0), 1);
        ck_assert_msg(resp.status == 200, "request %d: status %d", i,
                      resp.status);
        got = rp_test_http_header(&resp, RP_TAG);
        ck_assert_msg(got && strcmp(got, tag) == 0,
                      "request %d answered by %s, not %s", i,
                      got ? got : "nobody", tag);
        rp_test_http_resp_free(&resp);
    }
}


START_TEST(backup_gets_nothing_while_a_primary_is_up)
{
    struct rp_test_load_rec  *recs;
    size_t                    n;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_a, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b, 1);
    rp_test_origin_start(rp_t, rp_t->port[3], rp_c, 1);
    rp_start(2,
             "        server 127.0.0.1:%%PORT1%% max_fails=1 fail_timeout=5s;\n"
             "        server 127.0.0.1:%%PORT2%% down;\n"
             "        server 127.0.0.1:%%PORT3%% backup;\n", NULL);

    n = rp_run_load(4, 50, 10000, &recs);
    ck_assert_uint_eq(rp_share(recs, n, "a"), n);
    free(recs);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[2]), 0);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[3]), 0);
}
END_TEST


START_TEST(backup_takes_over_when_the_primaries_are_stopped)
{
    rp_test_origin_start(rp_t, rp_t->port[1], rp_a, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b, 1);
    rp_test_origin_start(rp_t, rp_t->port[3], rp_c, 1);
    rp_start(1,
             "        server 127.0.0.1:%%PORT1%% fail_timeout=10s;\n"
             "        server 127.0.0.1:%%PORT2%% fail_timeout=10s;\n"
             "        server 127.0.0.1:%%PORT3%% backup;\n", NULL);

    /* both primaries answer and share; the backup is idle */
    rp_get_from(1, "a");
    rp_get_from(1, "b");
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[3]), 0);

    /*
     * Both primaries stop: the next request fails over to the backup
     * (its tries were a, b, c), the failed primaries are skipped from
     * then on and the backup answers alone.
     */
    rp_test_origin_stop(rp_t, rp_t->port[1]);
    rp_test_origin_stop(rp_t, rp_t->port[2]);
    rp_get_from(10, "c");
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[3]), 10);
    ck_assert_int_eq(rp_test_log_count(rp_t, "warn",
                         rp_test_fmt("upstream server temporarily disabled: "
                                     "127.0.0.1:%d in upstream \"app\"",
                                     rp_t->port[1])), 1);
    ck_assert_int_eq(rp_test_log_count(rp_t, "warn",
                         rp_test_fmt("upstream server temporarily disabled: "
                                     "127.0.0.1:%d in upstream \"app\"",
                                     rp_t->port[2])), 1);
}
END_TEST


START_TEST(backup_serves_when_every_primary_is_down)
{
    rp_test_origin_start(rp_t, rp_t->port[1], rp_a, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b, 1);
    rp_test_origin_start(rp_t, rp_t->port[3], rp_c, 1);
    rp_start(1,
             "        server 127.0.0.1:%%PORT1%% down;\n"
             "        server 127.0.0.1:%%PORT2%% down;\n"
             "        server 127.0.0.1:%%PORT3%% backup;\n", NULL);

    rp_get_from(5, "c");
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 0);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[2]), 0);
}
END_TEST


START_TEST(no_live_upstreams_gives_502_at_once_and_names_the_group)
{
    static const struct rp_test_origin_rule  hang[] = {
        { .headers = "X-Backend: a\r\n", .body = "late\n",
          .head_delay_ms = 10000 },
    };
    struct rp_test_http_resp  resp;
    const char               *needle;
    long                      start, took;

    rp_test_origin_start(rp_t, rp_t->port[1], hang, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], hang, 1);
    rp_start(1,
             "        server 127.0.0.1:%%PORT1%% max_fails=1 fail_timeout=10s;\n"
             "        server 127.0.0.1:%%PORT2%% max_fails=1 fail_timeout=10s;\n",
             "            proxy_read_timeout 2s;\n");

    /* the first request times out on both, which fails them */
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], RP_GET, strlen(RP_GET),
                                      &resp, 0), 1);
    ck_assert_int_eq(resp.status, 504);
    rp_test_http_resp_free(&resp);

    /* now no server is live: 502 without waiting for any timeout */
    start = rp_test_now_ms();
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], RP_GET, strlen(RP_GET),
                                      &resp, 0), 1);
    took = rp_test_now_ms() - start;
    ck_assert_int_eq(resp.status, 502);
    rp_test_http_resp_free(&resp);
    ck_assert_msg(took < rp_test_ms(1000), "the 502 took %ld ms, the "
                  "timeout is 2000", took);

    needle = "no live upstreams while connecting to upstream \"app\"";
    ck_assert_int_eq(rp_test_log_wait(rp_t, "error", needle, 1, 2000), 1);
    ck_assert_int_eq(rp_test_log_count(rp_t, "error", needle), 1);

    /* neither server saw the second request */
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 1);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[2]), 1);
}
END_TEST


START_TEST(a_drained_server_gets_no_new_requests)
{
    struct rp_test_load_rec  *recs;
    size_t                    n, a, c;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_a, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b, 1);
    rp_test_origin_start(rp_t, rp_t->port[3], rp_c, 1);
    rp_start(2,
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        server 127.0.0.1:%%PORT2%% drain;\n"
             "        server 127.0.0.1:%%PORT3%%;\n", NULL);

    /* a and c alternate in each worker: at most one apart per worker */
    n = rp_run_load(4, 50, 10000, &recs);
    a = rp_share(recs, n, "a");
    c = rp_share(recs, n, "c");
    free(recs);
    ck_assert_uint_eq(a + c, n);
    ck_assert_msg(a + 2 >= c && c + 2 >= a, "a %zu, c %zu", a, c);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[2]), 0);
}
END_TEST


/* ---- bad values -------------------------------------------------------- */

struct rp_bad {
    const char  *line;     /* a line in "upstream app" (line 5) */
    const char  *msg;      /* the [emerg] message */
    int          col;
};

static const struct rp_bad  rp_bads[] = {
    { "least_conn; least_conn;", "load balancing method redefined", 21 },
    { "random; least_time header;", "load balancing method redefined", 17 },
    { "least_time soon;",
      "invalid parameter \"soon\": expected \"header\" or \"last_byte\"", 20 },
    { "least_time header often;",
      "invalid parameter \"often\": expected \"inflight\"", 27 },
    { "least_time;",
      "invalid number of arguments in \"least_time\" directive", 9 },
    { "least_conn 1;",
      "invalid number of arguments in \"least_conn\" directive", 9 },
    { "random three;", "invalid parameter \"three\": expected \"two\"", 16 },
    { "random two least_time=first_byte;",
      "invalid parameter \"least_time=first_byte\": expected \"least_conn\", "
      "\"least_time\", \"least_time=header\" or \"least_time=last_byte\"", 20 },
    { "random two least_conn more;",
      "invalid number of arguments in \"random\" directive", 9 },
    { "server 127.0.0.1:1 slow_start=fast;",
      "invalid parameter \"slow_start=fast\"", 28 },
    { "server 127.0.0.1:1 slow_start=-1s;",
      "invalid parameter \"slow_start=-1s\"", 28 },
    { "server 127.0.0.1:1 max_conns=many;",
      "invalid parameter \"max_conns=many\"", 28 },
    { "server 127.0.0.1:1 drain=yes;", "invalid parameter \"drain=yes\"", 28 },
};


START_TEST(bad_balancer_parameters_are_rejected_with_their_position)
{
    const struct rp_bad  *b = &rp_bads[_i];
    struct rp_test_run    r;
    char                  conf[1024];
    const char           *want;

    RP_TEST_PRINT(conf, "events { }\nhttp {\n    upstream app {\n"
                        "        server 127.0.0.1:2;\n        %s\n    }\n}\n",
                  b->line);
    rp_test_write_conf(rp_t, "proxy.conf", conf);

    rp_test_run(rp_t, &r, "-t", (char *) NULL);
    want = rp_test_fmt("rampart: [emerg] %s in %s:5:%d\n", b->msg, rp_t->conf,
                       b->col);
    ck_assert_msg(r.status == 1, "exit status %d; stderr:\n%s", r.status,
                  r.err);
    ck_assert_msg(rp_test_contains(r.err, want), "stderr lacks \"%s\":\n%s",
                  want, r.err);
    ck_assert_msg(rp_test_count_prefix(r.err, "rampart: [emerg]") == 1,
                  "not exactly one error:\n%s", r.err);
    ck_assert(rp_test_contains(r.err, "test failed"));
    rp_test_run_free(&r);
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("upstream_balance");

    tc = rp_test_tcase("weights");
    tcase_add_loop_test(tc, weights_3_to_1_give_75_and_25_percent, 0, 2);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("load_aware");
    tcase_add_test(tc, least_conn_sends_a_slow_backend_fewer_requests);
    tcase_add_test(tc, max_conns_holds_across_four_workers);
    tcase_add_test(tc, least_time_header_avoids_a_slow_backend);
    tcase_add_test(tc, random_two_least_time_avoids_a_slow_backend);
    tcase_add_test(tc, random_follows_the_weights);
    tcase_add_loop_test(tc,
        least_time_last_byte_counts_the_body_and_header_does_not, 0, 2);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("server_state");
    tcase_add_test(tc, backup_gets_nothing_while_a_primary_is_up);
    tcase_add_test(tc, backup_takes_over_when_the_primaries_are_stopped);
    tcase_add_test(tc, backup_serves_when_every_primary_is_down);
    tcase_add_test(tc, no_live_upstreams_gives_502_at_once_and_names_the_group);
    tcase_add_test(tc, a_drained_server_gets_no_new_requests);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("bad_values");
    tcase_add_loop_test(tc,
        bad_balancer_parameters_are_rejected_with_their_position, 0,
        (int) rp_nelems(rp_bads));
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
