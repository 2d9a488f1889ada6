/*
 * test_upstream_retry.c - passive health and retries: what happens when
 * a backend dies, answers errors, or takes a request and hangs up.
 *
 * Up to three scriptable origins (PORT1..PORT3) stand behind "upstream
 * app"; each tags its answers with "X-Backend: a|b|c".  Some refuse (the
 * origin is stopped), some answer 500, some close the connection right
 * after reading the request, some never answer.  The tests check what
 * the client got, which backends saw the request (the origins' records),
 * the error log (a server disabled, "no live upstreams") and the access
 * log, where $upstream_addr and $upstream_status list every attempt.
 * Durations written into the configuration are scaled with
 * RP_TEST_TIMEOUT_SCALE so that slow builds keep their margins.  The
 * last case runs "rampart -t" on bad proxy_next_upstream* values.
 */

#include "rp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RP_GET      "GET / HTTP/1.1\r\nHost: front\r\n\r\n"
#define RP_TAG      "X-Backend"

#define rp_nelems(a)  (sizeof(a) / sizeof((a)[0]))

static const struct rp_test_origin_rule  rp_a[] = {
    { .headers = "X-Backend: a\r\n", .body = "a\n" },
};
static const struct rp_test_origin_rule  rp_b[] = {
    { .headers = "X-Backend: b\r\n", .body = "b\n" },
};
static const struct rp_test_origin_rule  rp_c[] = {
    { .headers = "X-Backend: c\r\n", .body = "c\n" },
};
static const struct rp_test_origin_rule  rp_a_500[] = {
    { .status = 500, .headers = "X-Backend: a\r\n", .body = "a failed\n" },
};
static const struct rp_test_origin_rule  rp_b_500[] = {
    { .status = 500, .headers = "X-Backend: b\r\nX-Detail: disk full\r\n",
      .body = "b failed: the whole body\n" },
};

/* Reads the request, then closes without a byte of answer. */
static const struct rp_test_origin_rule  rp_hang_up[] = {
    { .mode = RP_TEST_ORIGIN_RAW, .raw = "", .close = 1 },
};

/* Never answers in time. */
static const struct rp_test_origin_rule  rp_silent[] = {
    { .body = "too late\n", .head_delay_ms = 20000 },
};


/*
 * Starts <workers> workers with <upstream> (the body of "upstream app"),
 * <loc> inside the server block (locations proxying to http://app) and
 * an access log of the $upstream_* variables in logs/up.log.
 */
static pid_t
rp_start(int workers, const char *upstream, const char *loc)
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
                  "    log_format up '$request_method $uri $status "
                  "[$upstream_addr] [$upstream_status]';\n"
                  "    access_log logs/up.log up;\n"
                  "    upstream app {\n"
                  "%s"
                  "    }\n"
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "%s"
                  "    }\n"
                  "}\n", workers, upstream, loc);
    rp_test_write_conf(rp_t, "proxy.conf", conf);
    return rp_test_start(rp_t, workers, (char *) NULL);
}


/* Sends <request> on a new connection; <resp> is the answer. */
static void
rp_send(const char *request, struct rp_test_http_resp *resp)
{
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], request, strlen(request),
                                      resp, 0), 1);
}


/* Waits for line <n> (from 1) of the access log and returns it. */
static const char *
rp_log_line(int n)
{
    static char   line[1024];
    const char   *p;
    char         *text;
    size_t        len;
    long          deadline;
    int           i;

    deadline = rp_test_now_ms() + rp_test_ms(2000);
    for ( ;; ) {
        text = rp_test_read_file(rp_test_path(rp_t, "logs/up.log"), NULL);
        p = text;
        for (i = 1; p != NULL && i < n; i++) {
            p = strchr(p, '\n');
            p = p ? p + 1 : NULL;
        }
        if (p != NULL && strchr(p, '\n') != NULL) {
            len = (size_t) (strchr(p, '\n') - p);
            ck_assert_uint_lt(len, sizeof(line));
            memcpy(line, p, len);
            line[len] = '\0';
            free(text);
            return line;
        }
        free(text);
        ck_assert_msg(rp_test_now_ms() < deadline, "no access log line %d", n);
        rp_test_msleep(10);
    }
}


/* "127.0.0.1:PORTi" for the access log. */
static const char *
rp_addr(int i)
{
    return rp_test_fmt("127.0.0.1:%d", rp_t->port[i]);
}


/* The warning logged when port <i>'s server is marked down. */
static const char *
rp_disabled(int i)
{
    return rp_test_fmt("upstream server temporarily disabled: 127.0.0.1:%d "
                       "in upstream \"app\"", rp_t->port[i]);
}


/* ---- passive health ---------------------------------------------------- */

/*
 * Checks the failed requests of a load of <clients> during which the
 * origin on port <i> was killed between <killed> and <dead>.  An
 * attempt whose answer had begun cannot be retried (its header may have
 * reached the client: nginx does the same), so a kill between the
 * origin's write of the header and of the body cuts that answer.  Only
 * those may fail: at most one per client, at the kill, each logged as a
 * body cut short by that backend.  Every other attempt on the dead
 * backend must be retried.
 */
static void
rp_only_cut_by_the_kill(const struct rp_test_load_rec *recs, size_t n,
    int i, long killed, long dead, int clients)
{
    size_t  failed, early, late;
    int     cut;

    failed = n - rp_test_load_count(recs, n, 0, RP_TEST_LOAD_FOREVER, 200,
                                    NULL);
    early = rp_test_load_count(recs, n, 0, killed, -2, NULL)
            - rp_test_load_count(recs, n, 0, killed, 200, NULL);
    late = rp_test_load_count(recs, n, dead + rp_test_ms(1000),
                              RP_TEST_LOAD_FOREVER, -2, NULL)
           - rp_test_load_count(recs, n, dead + rp_test_ms(1000),
                                RP_TEST_LOAD_FOREVER, 200, NULL);
    cut = rp_test_log_count(rp_t, "error",
                            rp_test_fmt("upstream 127.0.0.1:%d prematurely "
                                        "closed the connection while sending "
                                        "the response body", rp_t->port[i]));
    ck_assert_msg(early == 0 && late == 0, "%zu requests failed before the "
                  "kill and %zu after it", early, late);
    ck_assert_msg(failed <= (size_t) clients && failed == (size_t) cut,
                  "%zu of %zu requests failed, %d answers were cut", failed,
                  n, cut);
}


START_TEST(killing_a_backend_under_load_loses_no_request_it_can_retry)
{
    struct rp_test_load       l;
    struct rp_test_load_rec  *recs;
    size_t                    n;
    int                       before, got;
    long                      back, took, killed, dead;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_a, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b, 1);
    rp_test_origin_start(rp_t, rp_t->port[3], rp_c, 1);
    rp_start(2,
             "        server 127.0.0.1:%%PORT1%% max_fails=1 fail_timeout=1s;\n"
             "        server 127.0.0.1:%%PORT2%% max_fails=1 fail_timeout=1s;\n"
             "        server 127.0.0.1:%%PORT3%% max_fails=1 fail_timeout=1s;\n",
             "        location / { proxy_pass http://app; }\n");

    rp_test_load_start(rp_t, &l, rp_t->port[0], RP_GET, 4, 0, RP_TAG);
    ck_assert_int_ge(rp_test_origin_wait(rp_t, rp_t->port[2], 50, 5000), 50);

    /* b dies with requests in flight: they are retried on a and c */
    killed = rp_test_now_ms();
    rp_test_origin_stop(rp_t, rp_t->port[2]);
    dead = rp_test_now_ms();
    ck_assert_msg(rp_test_log_wait(rp_t, "warn", rp_disabled(2), 1, 3000),
                  "b was not disabled");
    rp_test_msleep(300);

    /* b comes back on the same port: after fail_timeout it is probed */
    before = rp_test_origin_nrequests(rp_t, rp_t->port[2]);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b, 1);
    back = rp_test_now_ms();
    got = rp_test_origin_wait(rp_t, rp_t->port[2], before + 50, 5000);
    took = rp_test_now_ms() - back;
    rp_test_load_stop(rp_t, &l, 10000);

    ck_assert_msg(got >= before + 50, "b got %d requests after it came back",
                  got - before);
    ck_assert_msg(took < rp_test_ms(3000), "b got traffic after %ld ms", took);

    /* no client request failed but those whose answer the kill cut */
    n = rp_test_load_results(rp_t, &l, &recs);
    rp_only_cut_by_the_kill(recs, n, 2, killed, dead, 4);
    ck_assert_uint_gt(rp_test_load_count(recs, n, back, RP_TEST_LOAD_FOREVER,
                                         200, "b"), 0);
    free(recs);
    ck_assert_int_eq(rp_test_log_count(rp_t, "warn", rp_disabled(1)), 0);
    ck_assert_int_eq(rp_test_log_count(rp_t, "warn", rp_disabled(3)), 0);
}
END_TEST


START_TEST(max_fails_counts_http_500_and_it_is_retried)
{
    struct rp_test_http_resp  resp;
    int                       i;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_a_500, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b, 1);
    rp_start(1,
             "        server 127.0.0.1:%%PORT1%% max_fails=2 fail_timeout=10s;\n"
             "        server 127.0.0.1:%%PORT2%%;\n",
             "        location / {\n"
             "            proxy_pass http://app;\n"
             "            proxy_next_upstream error timeout http_500;\n"
             "        }\n");

    for (i = 0; i < 10; i++) {
        rp_send(RP_GET, &resp);
        ck_assert_msg(resp.status == 200, "request %d got %d", i, resp.status);
        ck_assert_str_eq(rp_test_http_header(&resp, RP_TAG), "b");
        ck_assert_str_eq(resp.body, "b\n");
        rp_test_http_resp_free(&resp);
    }

    /* a answered 500 twice, was disabled and saw no more */
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 2);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[2]), 10);
    ck_assert_int_eq(rp_test_log_count(rp_t, "warn", rp_disabled(1)), 1);
    ck_assert_int_eq(rp_test_log_count(rp_t, "warn",
                         rp_test_fmt("upstream 127.0.0.1:%d answered 500: "
                                     "trying the next server",
                                     rp_t->port[1])), 2);

    /* the first request: both attempts, as nginx lists them */
    ck_assert_str_eq(rp_log_line(1),
                     rp_test_fmt("GET / 200 [%s, %s] [500, 200]", rp_addr(1),
                                 rp_addr(2)));
}
END_TEST


START_TEST(the_last_500_is_relayed_as_the_backend_sent_it)
{
    struct rp_test_http_resp  resp;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_a_500, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b_500, 1);
    rp_start(1,
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        server 127.0.0.1:%%PORT2%%;\n",
             "        location / {\n"
             "            proxy_pass http://app;\n"
             "            proxy_next_upstream error timeout http_500;\n"
             "        }\n");

    rp_send(RP_GET, &resp);
    ck_assert_int_eq(resp.status, 500);
    ck_assert_str_eq(rp_test_http_header(&resp, RP_TAG), "b");
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Detail"), "disk full");
    ck_assert_str_eq(resp.body, "b failed: the whole body\n");
    ck_assert_str_eq(rp_test_http_header(&resp, "Content-Length"), "25");
    rp_test_http_resp_free(&resp);

    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 1);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[2]), 1);
    ck_assert_str_eq(rp_log_line(1),
                     rp_test_fmt("GET / 500 [%s, %s] [500, 500]", rp_addr(1),
                                 rp_addr(2)));
}
END_TEST


/* ---- what is retried --------------------------------------------------- */

struct rp_status_case {
    const char  *next;       /* the proxy_next_upstream values */
    struct rp_test_origin_rule  rule;   /* a's answer */
    int          retried;    /* b answers instead */
    int          counted;    /* a failure of a for max_fails */
};

#define RP_A_IS(code)                                                        \
    { .status = code, .headers = "X-Backend: a\r\n", .body = "from a\n" }

static const struct rp_status_case  rp_status_cases[] = {
    { "http_502", RP_A_IS(502), 1, 1 },
    { "http_503", RP_A_IS(503), 1, 1 },
    { "http_504", RP_A_IS(504), 1, 1 },
    { "http_429", RP_A_IS(429), 1, 1 },
    { "http_403", RP_A_IS(403), 1, 0 },
    { "http_404", RP_A_IS(404), 1, 0 },
    { "invalid_header",
      { .mode = RP_TEST_ORIGIN_RAW, .close = 1,
        .raw = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n"
               "Content-Length: 2\r\n\r\nab" }, 1, 1 },
    /* a status that is not listed is relayed, and is no failure */
    { "http_503", RP_A_IS(502), 0, 0 },
};


START_TEST(each_listed_answer_is_retried_and_counted_as_nginx_does)
{
    const struct rp_status_case  *sc = &rp_status_cases[_i];
    struct rp_test_http_resp      resp;
    char                          loc[512];
    int                           i, a;

    rp_test_origin_start(rp_t, rp_t->port[1], &sc->rule, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b, 1);
    RP_TEST_PRINT(loc, "        location / {\n"
                       "            proxy_pass http://app;\n"
                       "            proxy_next_upstream error %s;\n"
                       "        }\n", sc->next);
    rp_start(1,
             "        server 127.0.0.1:%%PORT1%% max_fails=1 fail_timeout=10s;\n"
             "        server 127.0.0.1:%%PORT2%%;\n", loc);

    /*
     * The round robin sends requests 1 and 3 to a, unless a failure in
     * request 1 took it out; a retried request 1 is answered by b.
     */
    for (i = 1; i <= 3; i++) {
        rp_send(RP_GET, &resp);
        if (i == 2 || sc->retried) {
            ck_assert_msg(resp.status == 200, "request %d got %d", i,
                          resp.status);
            ck_assert_str_eq(rp_test_http_header(&resp, RP_TAG), "b");
        } else {
            ck_assert_int_eq(resp.status, sc->rule.status);
            ck_assert_str_eq(resp.body, "from a\n");
        }
        rp_test_http_resp_free(&resp);
    }

    a = rp_test_origin_nrequests(rp_t, rp_t->port[1]);
    ck_assert_int_eq(a, sc->counted ? 1 : 2);
    ck_assert_int_eq(rp_test_log_count(rp_t, "warn", rp_disabled(1)),
                     sc->counted);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[2]),
                     3 - a + (sc->retried ? a : 0));
}
END_TEST


struct rp_retry_case {
    const char  *request;
    const char  *next;       /* proxy_next_upstream line, or "" */
    int          status;     /* what the client gets */
};

static const struct rp_retry_case  rp_retry_cases[] = {
    /* a POST the backend took is not sent again ... */
    { "POST / HTTP/1.1\r\nHost: front\r\nContent-Length: 5\r\n\r\nhello",
      "", 502 },
    /* ... unless the location allows it */
    { "POST / HTTP/1.1\r\nHost: front\r\nContent-Length: 5\r\n\r\nhello",
      "proxy_next_upstream error timeout non_idempotent;", 200 },
    /* a GET is */
    { "GET / HTTP/1.1\r\nHost: front\r\n\r\n", "", 200 },
    /* and "off" retries nothing */
    { "GET / HTTP/1.1\r\nHost: front\r\n\r\n", "proxy_next_upstream off;",
      502 },
};


START_TEST(a_backend_that_hangs_up_is_retried_only_when_safe)
{
    const struct rp_retry_case  *rc = &rp_retry_cases[_i];
    struct rp_test_http_resp     resp;
    struct rp_test_origin_req    req;
    char                         loc[512];
    int                          post;

    post = strncmp(rc->request, "POST", 4) == 0;
    rp_test_origin_start(rp_t, rp_t->port[1], rp_hang_up, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b, 1);
    RP_TEST_PRINT(loc, "        location / {\n"
                       "            proxy_pass http://app;\n"
                       "            %s\n"
                       "        }\n", rc->next);
    rp_start(1,
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        server 127.0.0.1:%%PORT2%%;\n", loc);

    rp_send(rc->request, &resp);
    ck_assert_int_eq(resp.status, rc->status);
    if (rc->status == 200) {
        ck_assert_str_eq(resp.body, "b\n");
    }
    rp_test_http_resp_free(&resp);

    /* a got the whole request before it hung up */
    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1], 1, &req), 1);
    ck_assert_str_eq(req.body, post ? "hello" : "");
    rp_test_origin_req_free(&req);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 1);

    if (rc->status == 502) {
        ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[2]), 0);
        ck_assert_str_eq(rp_log_line(1),
                         rp_test_fmt("%s / 502 [%s] [502]",
                                     post ? "POST" : "GET", rp_addr(1)));
        return;
    }

    /* the retry carried the same request, body included */
    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[2], 1, &req), 1);
    ck_assert_str_eq(req.line, post ? "POST / HTTP/1.0" : "GET / HTTP/1.0");
    ck_assert_str_eq(req.body, post ? "hello" : "");
    rp_test_origin_req_free(&req);
    ck_assert_str_eq(rp_log_line(1),
                     rp_test_fmt("%s / 200 [%s, %s] [502, 200]",
                                 post ? "POST" : "GET", rp_addr(1),
                                 rp_addr(2)));
}
END_TEST


START_TEST(proxy_next_upstream_tries_limits_the_attempts)
{
    struct rp_test_http_resp  resp;
    int                       total, i;

    for (i = 1; i <= 3; i++) {
        rp_test_origin_start(rp_t, rp_t->port[i], rp_hang_up, 1);
    }
    rp_start(1,
             "        server 127.0.0.1:%%PORT1%% max_fails=0;\n"
             "        server 127.0.0.1:%%PORT2%% max_fails=0;\n"
             "        server 127.0.0.1:%%PORT3%% max_fails=0;\n",
             "        location /two {\n"
             "            proxy_pass http://app;\n"
             "            proxy_next_upstream_tries 2;\n"
             "        }\n"
             "        location /all { proxy_pass http://app; }\n");

    rp_send("GET /two HTTP/1.1\r\nHost: front\r\n\r\n", &resp);
    ck_assert_int_eq(resp.status, 502);
    rp_test_http_resp_free(&resp);
    total = 0;
    for (i = 1; i <= 3; i++) {
        total += rp_test_origin_nrequests(rp_t, rp_t->port[i]);
    }
    ck_assert_int_eq(total, 2);
    ck_assert_str_eq(rp_log_line(1),
                     rp_test_fmt("GET /two 502 [%s, %s] [502, 502]",
                                 rp_addr(1), rp_addr(2)));

    /* without the limit every server is tried */
    rp_send("GET /all HTTP/1.1\r\nHost: front\r\n\r\n", &resp);
    ck_assert_int_eq(resp.status, 502);
    rp_test_http_resp_free(&resp);
    total = 0;
    for (i = 1; i <= 3; i++) {
        total += rp_test_origin_nrequests(rp_t, rp_t->port[i]);
    }
    ck_assert_int_eq(total, 5);
}
END_TEST


START_TEST(proxy_next_upstream_timeout_limits_the_time)
{
    struct rp_test_http_resp  resp;
    char                      loc[1024];
    int                       total, i;

    for (i = 1; i <= 3; i++) {
        rp_test_origin_start(rp_t, rp_t->port[i], rp_silent, 1);
    }

    /*
     * Each attempt times out after T; retries stop once 1.7 T have
     * passed since the first began: the first retry starts at T, the
     * second would start at 2 T.  So two attempts, then 504.
     */
    RP_TEST_PRINT(loc,
                  "        location /short {\n"
                  "            proxy_pass http://app;\n"
                  "            proxy_read_timeout %ldms;\n"
                  "            proxy_next_upstream_timeout %ldms;\n"
                  "        }\n"
                  "        location /long {\n"
                  "            proxy_pass http://app;\n"
                  "            proxy_read_timeout %ldms;\n"
                  "        }\n",
                  rp_test_ms(300), rp_test_ms(510), rp_test_ms(300));
    rp_start(1,
             "        server 127.0.0.1:%%PORT1%% max_fails=0;\n"
             "        server 127.0.0.1:%%PORT2%% max_fails=0;\n"
             "        server 127.0.0.1:%%PORT3%% max_fails=0;\n", loc);

    rp_send("GET /short HTTP/1.1\r\nHost: front\r\n\r\n", &resp);
    ck_assert_int_eq(resp.status, 504);
    rp_test_http_resp_free(&resp);
    total = 0;
    for (i = 1; i <= 3; i++) {
        total += rp_test_origin_nrequests(rp_t, rp_t->port[i]);
    }
    ck_assert_int_eq(total, 2);
    ck_assert_str_eq(rp_log_line(1),
                     rp_test_fmt("GET /short 504 [%s, %s] [504, 504]",
                                 rp_addr(1), rp_addr(2)));

    /* without the limit every server is tried */
    rp_send("GET /long HTTP/1.1\r\nHost: front\r\n\r\n", &resp);
    ck_assert_int_eq(resp.status, 504);
    rp_test_http_resp_free(&resp);
    total = 0;
    for (i = 1; i <= 3; i++) {
        total += rp_test_origin_nrequests(rp_t, rp_t->port[i]);
    }
    ck_assert_int_eq(total, 5);
}
END_TEST


START_TEST(a_down_server_is_not_a_try)
{
    struct rp_test_http_resp  resp;
    char                      loc[512];

    rp_test_origin_start(rp_t, rp_t->port[1], rp_silent, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b, 1);
    RP_TEST_PRINT(loc, "        location / {\n"
                       "            proxy_pass http://app;\n"
                       "            proxy_read_timeout %ldms;\n"
                       "        }\n", rp_test_ms(300));
    rp_start(1,
             "        server 127.0.0.1:%%PORT1%%;\n"
             "        server 127.0.0.1:%%PORT2%% down;\n", loc);

    /*
     * As in nginx, the tries of a request are its live servers: after
     * a's timeout nothing is left to try and the client gets the
     * timeout's 504, not a "no live upstreams" 502.
     */
    rp_send(RP_GET, &resp);
    ck_assert_int_eq(resp.status, 504);
    rp_test_http_resp_free(&resp);
    ck_assert_str_eq(rp_log_line(1),
                     rp_test_fmt("GET / 504 [%s] [504]", rp_addr(1)));
    ck_assert_int_eq(rp_test_log_count(rp_t, NULL, "no live upstreams"), 0);
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[2]), 0);
}
END_TEST


/* ---- slow_start -------------------------------------------------------- */

START_TEST(slow_start_ramps_a_recovered_server_up)
{
    struct rp_test_load       l;
    struct rp_test_load_rec  *recs;
    size_t                    n, i, b1, all1, b2, all2;
    long                      back, up, killed, dead;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_a, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b, 1);
    rp_start(1,
             "        server 127.0.0.1:%%PORT1%% weight=10;\n"
             "        server 127.0.0.1:%%PORT2%% weight=10 max_fails=1 "
             "fail_timeout=1s slow_start=2s;\n",
             "        location / { proxy_pass http://app; }\n");

    rp_test_load_start(rp_t, &l, rp_t->port[0], RP_GET, 4, 0, RP_TAG);
    ck_assert_int_ge(rp_test_origin_wait(rp_t, rp_t->port[2], 50, 5000), 50);
    killed = rp_test_now_ms();
    rp_test_origin_stop(rp_t, rp_t->port[2]);
    dead = rp_test_now_ms();
    ck_assert(rp_test_log_wait(rp_t, "warn", rp_disabled(2), 1, 3000));
    rp_test_origin_start(rp_t, rp_t->port[2], rp_b, 1);
    back = rp_test_now_ms();

    /* after fail_timeout a probe brings b back; then 2 s of ramp and 1 more */
    ck_assert_msg(rp_test_origin_wait(rp_t, rp_t->port[2],
                                      rp_test_origin_nrequests(rp_t,
                                                               rp_t->port[2])
                                      + 1, 3000), "b was never probed");
    rp_test_msleep(3600);
    rp_test_load_stop(rp_t, &l, 10000);

    n = rp_test_load_results(rp_t, &l, &recs);
    rp_only_cut_by_the_kill(recs, n, 2, killed, dead, 4);
    up = -1;
    for (i = 0; i < n; i++) {
        if (recs[i].ms >= back && strcmp(recs[i].tag, "b") == 0) {
            up = recs[i].ms;
            break;
        }
    }
    ck_assert_msg(up != -1, "b answered nothing after it came back");

    /* the first half second of the ramp vs. after it: b has weight 10 */
    all1 = rp_test_load_count(recs, n, up, up + 500, 200, NULL);
    b1 = rp_test_load_count(recs, n, up, up + 500, 200, "b");
    all2 = rp_test_load_count(recs, n, up + 2500, up + 3500, 200, NULL);
    b2 = rp_test_load_count(recs, n, up + 2500, up + 3500, 200, "b");
    free(recs);
    ck_assert_msg(all1 >= 50 && all2 >= 50, "too few requests: %zu, %zu",
                  all1, all2);
    ck_assert_msg(b1 * 10 < all1 * 3, "ramp start: b got %zu of %zu", b1,
                  all1);
    ck_assert_msg(b2 * 10 > all2 * 4, "after the ramp: b got %zu of %zu", b2,
                  all2);
}
END_TEST


/* ---- bad values -------------------------------------------------------- */

struct rp_bad {
    const char  *line;     /* a line at http level (line 3) */
    const char  *msg;      /* the [emerg] message */
    int          col;
};

static const struct rp_bad  rp_bads[] = {
    { "proxy_next_upstream error http_501;",
      "invalid value \"http_501\" in \"proxy_next_upstream\" directive, it "
      "must be one of \"off\", \"error\", \"timeout\", \"invalid_header\", "
      "\"http_500\", \"http_502\", \"http_503\", \"http_504\", \"http_403\", "
      "\"http_404\", \"http_429\", \"non_idempotent\"", 31 },
    { "proxy_next_upstream;",
      "invalid number of arguments in \"proxy_next_upstream\" directive", 5 },
    { "proxy_next_upstream_tries many;",
      "invalid number \"many\" in \"proxy_next_upstream_tries\" directive",
      31 },
    { "proxy_next_upstream_tries -1;",
      "invalid number \"-1\" in \"proxy_next_upstream_tries\" directive", 31 },
    { "proxy_next_upstream_tries 1001;",
      "value \"1001\" in \"proxy_next_upstream_tries\" directive must be "
      "between 0 and 1000", 31 },
    { "proxy_next_upstream_timeout -1s;",
      "invalid time \"-1s\" in \"proxy_next_upstream_timeout\" directive",
      33 },
    { "proxy_next_upstream_tries 1 2;",
      "invalid number of arguments in \"proxy_next_upstream_tries\" "
      "directive", 5 },
    { "proxy_next_upstream_timeout 5q;",
      "invalid time \"5q\" in \"proxy_next_upstream_timeout\" directive", 33 },
    { "proxy_next_upstream_timeout;",
      "invalid number of arguments in \"proxy_next_upstream_timeout\" "
      "directive", 5 },
};


START_TEST(bad_retry_values_are_rejected_with_their_position)
{
    const struct rp_bad  *b = &rp_bads[_i];
    struct rp_test_run    r;
    char                  conf[1024];
    const char           *want;

    RP_TEST_PRINT(conf, "events { }\nhttp {\n    %s\n}\n", b->line);
    rp_test_write_conf(rp_t, "proxy.conf", conf);

    rp_test_run(rp_t, &r, "-t", (char *) NULL);
    want = rp_test_fmt("rampart: [emerg] %s in %s:3:%d\n", b->msg, rp_t->conf,
                       b->col);
    ck_assert_msg(r.status == 1, "exit status %d; stderr:\n%s", r.status,
                  r.err);
    ck_assert_msg(rp_test_contains(r.err, want), "stderr lacks \"%s\":\n%s",
                  want, r.err);
    ck_assert_msg(rp_test_count_prefix(r.err, "rampart: [emerg]") == 1,
                  "not exactly one error:\n%s", r.err);
    rp_test_run_free(&r);
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("upstream_retry");

    tc = rp_test_tcase("passive_health");
    tcase_add_test(tc,
        killing_a_backend_under_load_loses_no_request_it_can_retry);
    tcase_add_test(tc, max_fails_counts_http_500_and_it_is_retried);
    tcase_add_test(tc, the_last_500_is_relayed_as_the_backend_sent_it);
    tcase_add_test(tc, slow_start_ramps_a_recovered_server_up);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("retries");
    tcase_add_loop_test(tc, a_backend_that_hangs_up_is_retried_only_when_safe,
                        0, (int) rp_nelems(rp_retry_cases));
    tcase_add_loop_test(tc,
        each_listed_answer_is_retried_and_counted_as_nginx_does, 0,
        (int) rp_nelems(rp_status_cases));
    tcase_add_test(tc, proxy_next_upstream_tries_limits_the_attempts);
    tcase_add_test(tc, proxy_next_upstream_timeout_limits_the_time);
    tcase_add_test(tc, a_down_server_is_not_a_try);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("bad_values");
    tcase_add_loop_test(tc, bad_retry_values_are_rejected_with_their_position,
                        0, (int) rp_nelems(rp_bads));
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
