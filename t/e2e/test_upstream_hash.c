/*
 * test_upstream_hash.c - the hash balancers through the real daemon.
 *
 * Five scriptable origins answer with their own number.  "hash
 * $request_uri consistent" must send one URI to one backend every
 * time; after a reload (SIGHUP) that removes one server, at most 25 %
 * of RP_NKEYS URIs may move, every one that moves must have been on
 * the removed server, and the removed backend must get nothing more.
 * Plain "hash" keeps a key on one backend too, and "ip_hash" keeps
 * this client (127.0.0.1) on one backend while the others get
 * nothing.  Both sides are checked: the bodies the client got, and the
 * requests (their count and request line) each origin recorded.  The
 * directives' config errors are checked through "rampart -t".
 */

#include "rp_test.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RP_NBACK   5
#define RP_NKEYS   10000     /* the figure */

static int  rp_port[RP_NBACK];

/*
 * Each origin answers with its number, in one write: a header and a
 * body sent apart meet Nagle and delayed ACKs (tens of ms a request).
 */
#define RP_RAW(n)                                                            \
    { .mode = RP_TEST_ORIGIN_RAW,                                            \
      .raw = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" n }

static const struct rp_test_origin_rule  rp_rules[RP_NBACK] = {
    RP_RAW("0"), RP_RAW("1"), RP_RAW("2"), RP_RAW("3"), RP_RAW("4")
};


/* Starts the five origins. */
static void
rp_backends(void)
{
    int  i;

    for (i = 0; i < RP_NBACK; i++) {
        rp_port[i] = rp_test_origin_start(rp_t, 0, &rp_rules[i], 1);
    }
}


/*
 * Writes proxy.conf: 2 workers, group "u" with <balancer> over every
 * origin but number <skip> (-1: none), upstream keep-alive.
 */
static void
rp_write(const char *balancer, int skip)
{
    char  servers[512], conf[4096];
    int   i;
    size_t n;

    n = 0;

    for (i = 0; i < RP_NBACK; i++) {
        if (i != skip) {
            n += (size_t) snprintf(servers + n, sizeof(servers) - n,
                                   "        server 127.0.0.1:%d;\n",
                                   rp_port[i]);
        }
    }

    RP_TEST_PRINT(conf,
                  "daemon off;\n"
                  "worker_processes 2;\n"
                  "error_log logs/error.log info;\n"
                  "pid logs/rampart.pid;\n"
                  "events {\n"
                  "    worker_connections 256;\n"
                  "}\n"
                  "http {\n"
                  "    access_log off;\n"
                  "    upstream u {\n"
                  "        %s\n"
                  "%s"
                  "        keepalive 16;\n"
                  "    }\n"
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "        keepalive_requests 100000;\n"
                  "        location / {\n"
                  "            proxy_pass http://u;\n"
                  "            proxy_http_version 1.1;\n"
                  "            proxy_set_header Connection \"\";\n"
                  "        }\n"
                  "    }\n"
                  "}\n", balancer, servers);
    rp_test_write_conf(rp_t, "proxy.conf", conf);
}


/*
 * GET <uri> on the keep-alive connection <h> (reopened if the server
 * closed it); the number of the backend that answered.
 */
static int
rp_backend_of(struct rp_test_http *h, const char *uri)
{
    int                        rc, b;
    struct rp_test_http_resp   resp;

    if (h->fd == -1 || h->eof || h->reset) {
        if (h->fd != -1) {
            rp_test_http_close(h);
        }

        rp_test_http_open(h, rp_t->port[0]);
    }

    ck_assert_int_eq(rp_test_http_send_str(h, rp_test_fmt(
                         "GET %s HTTP/1.1\r\nHost: hash\r\n"
                         "User-Agent: test\r\n\r\n", uri)), 0);
    rc = rp_test_http_read_response(h, &resp, 0, 5000);
    ck_assert_msg(rc == 1, "no response for %s", uri);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_uint_eq(resp.body_len, 1);
    b = resp.body[0] - '0';
    ck_assert(b >= 0 && b < RP_NBACK);

    if (rp_test_contains(rp_test_http_header(&resp, "Connection"), "close")) {
        h->eof = 1;
    }

    rp_test_http_resp_free(&resp);

    return b;
}


/* Requests made to each origin so far. */
static void
rp_counts(int *n)
{
    int  i;

    for (i = 0; i < RP_NBACK; i++) {
        n[i] = rp_test_origin_nrequests(rp_t, rp_port[i]);
    }
}


START_TEST(consistent_hash_survives_removing_a_server)
{
    int                  i, b, moved, before_n[RP_NBACK], after_n[RP_NBACK];
    int                  spread[RP_NBACK];
    pid_t                master, old[2];
    static signed char   owner[RP_NKEYS];
    struct rp_test_http  h;
    struct rp_test_origin_req  req;

    rp_backends();
    rp_write("hash $request_uri consistent;", -1);
    master = rp_test_start(rp_t, 2, (char *) NULL);
    h.fd = -1;
    memset(spread, 0, sizeof(spread));

    for (i = 0; i < RP_NKEYS; i++) {
        owner[i] = (signed char) rp_backend_of(&h,
                                               rp_test_fmt("/k/%d?s=%d", i,
                                                           i * 31));
        spread[(int) owner[i]]++;
    }

    /* every backend has a fair share; the same URI stays where it was */
    for (i = 0; i < RP_NBACK; i++) {
        ck_assert_msg(spread[i] > RP_NKEYS / 10, "backend %d has %d keys",
                      i, spread[i]);
    }

    for (i = 0; i < 500; i++) {
        ck_assert_int_eq(rp_backend_of(&h, rp_test_fmt("/k/%d?s=%d", i,
                                                       i * 31)), owner[i]);
    }

    /* the backend side: it saw exactly the URI the client sent */
    ck_assert_int_eq(rp_backend_of(&h, "/k/7?s=217"), owner[7]);
    rp_counts(before_n);
    ck_assert_int_eq(before_n[0] + before_n[1] + before_n[2] + before_n[3]
                     + before_n[4], RP_NKEYS + 501);
    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_port[(int) owner[7]],
                                            before_n[(int) owner[7]], &req),
                     1);
    ck_assert_str_eq(req.line, "GET /k/7?s=217 HTTP/1.1");
    rp_test_origin_req_free(&req);

    /* reload without backend 2 */
    rp_test_http_close(&h);
    h.fd = -1;
    ck_assert_int_eq(rp_test_workers(master, old, 2), 2);
    rp_write("hash $request_uri consistent;", 2);
    rp_test_signal(master, SIGHUP);
    ck_assert_msg(rp_test_wait_workers(master, 2, old, 2, 10000),
                  "no new workers after the reload");

    moved = 0;

    for (i = 0; i < RP_NKEYS; i++) {
        b = rp_backend_of(&h, rp_test_fmt("/k/%d?s=%d", i, i * 31));

        if (b != owner[i]) {
            moved++;
            ck_assert_msg(owner[i] == 2, "key %d moved from backend %d to "
                          "%d, which both survived", i, owner[i], b);
        }
    }

    rp_test_http_close(&h);

    ck_assert_int_eq(moved, spread[2]);
    ck_assert_int_le(moved, RP_NKEYS / 4);

    rp_counts(after_n);
    ck_assert_int_eq(after_n[2], before_n[2]);
    ck_assert_int_eq(after_n[0] + after_n[1] + after_n[3] + after_n[4]
                     - before_n[0] - before_n[1] - before_n[3] - before_n[4],
                     RP_NKEYS);
}
END_TEST


START_TEST(plain_hash_keeps_a_key_on_one_backend)
{
    int                  i, b, used, n[RP_NBACK], seen[RP_NBACK];
    struct rp_test_http  h;

    rp_backends();
    rp_write("hash $arg_user;", -1);
    rp_test_start(rp_t, 2, (char *) NULL);
    h.fd = -1;
    memset(seen, 0, sizeof(seen));

    for (i = 0; i < 100; i++) {
        b = rp_backend_of(&h, rp_test_fmt("/a?user=u%d", i));
        seen[b] = 1;
        ck_assert_int_eq(rp_backend_of(&h, rp_test_fmt("/b?user=u%d", i)),
                         b);
        ck_assert_int_eq(rp_backend_of(&h, rp_test_fmt("/c?x=1&user=u%d", i)),
                         b);
    }

    rp_test_http_close(&h);
    rp_counts(n);
    used = 0;

    for (i = 0; i < RP_NBACK; i++) {
        used += seen[i];
        ck_assert_int_eq(n[i] % 3, 0);      /* a key's three requests */
    }

    ck_assert_int_eq(used, RP_NBACK);
    ck_assert_int_eq(n[0] + n[1] + n[2] + n[3] + n[4], 300);
}
END_TEST


START_TEST(ip_hash_keeps_a_client_on_one_backend)
{
    int                  i, b, first, n[RP_NBACK];
    struct rp_test_http  h;

    rp_backends();
    rp_write("ip_hash;", -1);
    rp_test_start(rp_t, 2, (char *) NULL);
    first = -1;

    /* new connections, so both workers answer */
    for (i = 0; i < 40; i++) {
        h.fd = -1;
        b = rp_backend_of(&h, rp_test_fmt("/page/%d", i));
        rp_test_http_close(&h);

        if (first == -1) {
            first = b;
        }

        ck_assert_int_eq(b, first);
    }

    rp_counts(n);

    for (i = 0; i < RP_NBACK; i++) {
        ck_assert_int_eq(n[i], i == first ? 40 : 0);
    }
}
END_TEST


/* "rampart -t" fails with "<msg> in proxy.conf:<line>:<col>". */
static void
rp_expect_error(const char *upstream_body, const char *msg, int line,
    int col)
{
    struct rp_test_run  r;
    char                conf[2048];
    const char         *want;

    RP_TEST_PRINT(conf,
                  "events {\n}\n"
                  "http {\n"
                  "    upstream u {\n"
                  "        server 127.0.0.1:1;\n"
                  "%s"
                  "    }\n"
                  "}\n", upstream_body);
    rp_test_write_conf(rp_t, "proxy.conf", conf);
    rp_test_run(rp_t, &r, "-t", (char *) NULL);
    want = rp_test_fmt("rampart: [emerg] %s in %s:%d:%d\n", msg, rp_t->conf,
                       line, col);
    ck_assert_msg(r.status == 1, "-t exit status %d; stderr:\n%s", r.status,
                  r.err);
    ck_assert_msg(rp_test_contains(r.err, want), "stderr lacks \"%s\":\n%s",
                  want, r.err);
    rp_test_run_free(&r);
}


START_TEST(hash_config_errors)
{
    rp_expect_error("        ip_hash;\n        hash $uri consistent;\n",
                    "load balancing method redefined", 7, 9);
    rp_expect_error("        hash $uri consistant;\n",
                    "invalid parameter \"consistant\", expected "
                    "\"consistent\"", 6, 19);
    rp_expect_error("        hash $no_such_var;\n",
                    "unknown \"no_such_var\" variable", 6, 14);
    rp_expect_error("        ip_hash on;\n",
                    "invalid number of arguments in \"ip_hash\" directive",
                    6, 9);
}
END_TEST


static Suite *
rp_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("upstream_hash");

    tc = rp_test_tcase("hash");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, consistent_hash_survives_removing_a_server);
    tcase_add_test(tc, plain_hash_keeps_a_key_on_one_backend);
    tcase_add_test(tc, ip_hash_keeps_a_client_on_one_backend);
    tcase_add_test(tc, hash_config_errors);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return rp_test_main(rp_suite());
}
