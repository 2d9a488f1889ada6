/*
 * test_upstream_sticky.c - "sticky cookie" through the real daemon.
 *
 * Three scriptable origins answer with their number, under the round
 * robin.  A client without the cookie gets one naming the backend that
 * answered (every attribute checked, and the value is a hash of the
 * server's name, not its address); with the cookie it stays on that
 * backend for 100 requests, on new connections and across both
 * workers, while cookie-less clients are still spread.  When its
 * backend stops, the first request is retried on another one and the
 * response carries a new cookie, which then sticks.  A server drained
 * by reload keeps the clients whose cookie names it (the cookie
 * survives the reload) and gets no new one.  Both sides are checked:
 * what the client got and how many requests each origin recorded.
 */

#include "rp_test.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_filters.h"
#include "rp_http_upstream_hash.h"

#define RP_NBACK  3

static int  rp_port[RP_NBACK];

/* each origin answers with its number, in one write */
#define RP_RAW(n)                                                            \
    { .mode = RP_TEST_ORIGIN_RAW,                                            \
      .raw = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" n }

static const struct rp_test_origin_rule  rp_rules[RP_NBACK] = {
    RP_RAW("0"), RP_RAW("1"), RP_RAW("2")
};

#define RP_STICKY  "sticky cookie srv expires=1h domain=.example.com " \
                   "path=/ httponly secure samesite=strict;"


/* Starts the origins. */
static void
rp_backends(void)
{
    int  i;

    for (i = 0; i < RP_NBACK; i++) {
        rp_port[i] = rp_test_origin_start(rp_t, 0, &rp_rules[i], 1);
    }
}


/*
 * Writes proxy.conf: 2 workers, group "u" over the origins with
 * <sticky>, and <param> after the server line of origin <which>.
 */
static void
rp_write(const char *sticky, int which, const char *param)
{
    char  conf[4096];

    RP_TEST_PRINT(conf,
                  "daemon off;\n"
                  "worker_processes 2;\n"
                  "error_log logs/error.log info;\n"
                  "pid logs/rampart.pid;\n"
                  "events {\n"
                  "    worker_connections 64;\n"
                  "}\n"
                  "http {\n"
                  "    upstream u {\n"
                  "        %s\n"
                  "        server 127.0.0.1:%d %s;\n"
                  "        server 127.0.0.1:%d %s;\n"
                  "        server 127.0.0.1:%d %s;\n"
                  "    }\n"
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "        location / {\n"
                  "            proxy_pass http://u;\n"
                  "        }\n"
                  "    }\n"
                  "}\n", sticky,
                  rp_port[0], which == 0 ? param : "",
                  rp_port[1], which == 1 ? param : "",
                  rp_port[2], which == 2 ? param : "");
    rp_test_write_conf(rp_t, "proxy.conf", conf);
}


/* The cookie value naming origin <i>: a hash of "127.0.0.1:PORT". */
static const char *
rp_value(int i)
{
    const char  *name;

    name = rp_test_fmt("127.0.0.1:%d", rp_port[i]);

    return rp_test_fmt("%016llx", (unsigned long long)
                       rp_http_upstream_hash64((const u_char *) name,
                                               strlen(name)));
}


/*
 * GET / on a new connection with "Cookie: <cookie>" (NULL: none); the
 * number of the origin that answered, and its Set-Cookie (or "") in
 * <set> (a static buffer).
 */
static int
rp_get(const char *cookie, const char **set)
{
    static char                set_buf[512];
    int                        b;
    const char                *v;
    struct rp_test_http_resp   resp;
    const char                *req;

    req = rp_test_fmt("GET / HTTP/1.1\r\nHost: sticky\r\n%s%s%s"
                      "Connection: close\r\n\r\n",
                      cookie ? "Cookie: " : "", cookie ? cookie : "",
                      cookie ? "\r\n" : "");
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], req, strlen(req),
                                      &resp, 0), 1);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_uint_eq(resp.body_len, 1);
    b = resp.body[0] - '0';
    ck_assert(b >= 0 && b < RP_NBACK);
    ck_assert_int_le(rp_test_http_header_count(&resp, "Set-Cookie"), 1);

    v = rp_test_http_header(&resp, "Set-Cookie");
    snprintf(set_buf, sizeof(set_buf), "%s", v ? v : "");
    rp_test_http_resp_free(&resp);

    if (set) {
        *set = set_buf;
    }

    return b;
}


/* Requests each origin recorded so far. */
static void
rp_counts(int *n)
{
    int  i;

    for (i = 0; i < RP_NBACK; i++) {
        n[i] = rp_test_origin_nrequests(rp_t, rp_port[i]);
    }
}


/* Reload with the config just written and wait for the new workers. */
static void
rp_reload(pid_t master)
{
    pid_t  old[2];

    ck_assert_int_eq(rp_test_workers(master, old, 2), 2);
    rp_test_signal(master, SIGHUP);
    ck_assert_msg(rp_test_wait_workers(master, 2, old, 2, 10000),
                  "no new workers after the reload");
}


START_TEST(first_response_sets_the_cookie_with_every_attribute)
{
    int          b, i, ok;
    u_char       date[64];
    time_t       now;
    const char  *set, *want;

    rp_backends();
    rp_write(RP_STICKY, -1, "");
    rp_test_start(rp_t, 2, (char *) NULL);

    b = rp_get(NULL, &set);
    now = time(NULL);

    /* "srv=VALUE; Expires=DATE; Max-Age=3600; Domain=...; ..." */
    want = rp_test_fmt("srv=%s; Expires=", rp_value(b));
    ck_assert_msg(strncmp(set, want, strlen(want)) == 0, "Set-Cookie: %s",
                  set);
    ck_assert_msg(rp_test_contains(set, " GMT; Max-Age=3600; "
                                   "Domain=.example.com; Path=/; HttpOnly; "
                                   "Secure; SameSite=Strict"),
                  "Set-Cookie: %s", set);
    ck_assert_uint_eq(strlen(set), strlen(want) + 29 + strlen(
                      "; Max-Age=3600; Domain=.example.com; Path=/; "
                      "HttpOnly; Secure; SameSite=Strict"));

    /* Expires is an hour from now (give the clock a few seconds) */
    ok = 0;

    for (i = -5; i <= 5; i++) {
        date[rp_http_time(date, now + 3600 + i)] = '\0';
        ok |= strncmp(set + strlen(want), (char *) date, 29) == 0;
    }

    ck_assert_msg(ok, "Expires is not an hour away: %s", set);

    /* the value is not the address */
    ck_assert(!rp_test_contains(set, "127.0.0.1"));
    ck_assert(!rp_test_contains(set, rp_test_fmt("%d", rp_port[b])));
}
END_TEST


START_TEST(cookie_keeps_the_client_on_one_server)
{
    int          b, i, n[RP_NBACK], seen[RP_NBACK];
    const char  *set;
    char         cookie[128];

    rp_backends();
    rp_write("sticky cookie srv;", -1, "");
    rp_test_start(rp_t, 2, (char *) NULL);

    b = rp_get(NULL, &set);
    ck_assert_str_eq(set, rp_test_fmt("srv=%s", rp_value(b)));
    snprintf(cookie, sizeof(cookie), "lang=en; srv=%s; theme=dark",
             rp_value(b));

    for (i = 0; i < 100; i++) {
        ck_assert_int_eq(rp_get(cookie, &set), b);
        ck_assert_str_eq(set, "");
    }

    rp_counts(n);

    for (i = 0; i < RP_NBACK; i++) {
        ck_assert_int_eq(n[i], i == b ? 101 : 0);
    }

    /* clients without the cookie are still spread by the round robin */
    memset(seen, 0, sizeof(seen));

    for (i = 0; i < 6; i++) {
        seen[rp_get(NULL, &set)]++;
        ck_assert(strncmp(set, "srv=", 4) == 0);
    }

    /* (each worker has its own round robin: at least two backends) */
    ck_assert_int_ge((seen[0] > 0) + (seen[1] > 0) + (seen[2] > 0), 2);

    /* a cookie naming no server of the group: balanced, new cookie */
    rp_get("srv=0000000000000000", &set);
    ck_assert(strncmp(set, "srv=", 4) == 0);
}
END_TEST


START_TEST(client_moves_when_its_server_goes_down)
{
    int          b, c, i, n[RP_NBACK], m[RP_NBACK];
    const char  *set;
    char         cookie[64];

    rp_backends();
    rp_write("sticky cookie srv;", -1, "");
    rp_test_start(rp_t, 2, (char *) NULL);

    b = rp_get(NULL, NULL);
    snprintf(cookie, sizeof(cookie), "srv=%s", rp_value(b));
    ck_assert_int_eq(rp_get(cookie, NULL), b);

    /* its backend stops: the request is retried elsewhere, new cookie */
    rp_test_origin_stop(rp_t, rp_port[b]);
    rp_counts(n);
    c = rp_get(cookie, &set);
    ck_assert_int_ne(c, b);
    ck_assert_str_eq(set, rp_test_fmt("srv=%s", rp_value(c)));

    /* the new cookie sticks */
    snprintf(cookie, sizeof(cookie), "srv=%s", rp_value(c));

    for (i = 0; i < 20; i++) {
        ck_assert_int_eq(rp_get(cookie, &set), c);
        ck_assert_str_eq(set, "");
    }

    rp_counts(m);
    ck_assert_int_eq(m[b], n[b]);
    ck_assert_int_eq(m[c], n[c] + 21);
    ck_assert_int_eq(m[3 - b - c], n[3 - b - c]);
}
END_TEST


START_TEST(drained_server_keeps_its_clients_only)
{
    int          b, i, n[RP_NBACK], m[RP_NBACK];
    pid_t        master;
    const char  *set;
    char         cookie[64];

    rp_backends();
    rp_write("sticky cookie srv;", -1, "");
    master = rp_test_start(rp_t, 2, (char *) NULL);

    b = rp_get(NULL, &set);
    snprintf(cookie, sizeof(cookie), "srv=%s", rp_value(b));
    ck_assert_str_eq(set, cookie);

    /* drain it by reload: the cookie still names it */
    rp_write("sticky cookie srv;", b, "drain");
    rp_reload(master);
    rp_counts(n);

    for (i = 0; i < 20; i++) {
        ck_assert_int_eq(rp_get(cookie, &set), b);
        ck_assert_str_eq(set, "");
        ck_assert_int_ne(rp_get(NULL, &set), b);
        ck_assert(strncmp(set, "srv=", 4) == 0);
    }

    rp_counts(m);
    ck_assert_int_eq(m[b] - n[b], 20);
    ck_assert_int_eq(m[0] + m[1] + m[2] - n[0] - n[1] - n[2], 40);
}
END_TEST


/* "rampart -t" fails with "<msg> in proxy.conf:6:<col>". */
static void
rp_expect_error(const char *sticky, const char *msg, int col)
{
    struct rp_test_run  r;
    char                conf[2048];
    const char         *want;

    RP_TEST_PRINT(conf,
                  "events {\n}\n"
                  "http {\n"
                  "    upstream u {\n"
                  "        server 127.0.0.1:1;\n"
                  "        %s\n"
                  "    }\n"
                  "}\n", sticky);
    rp_test_write_conf(rp_t, "proxy.conf", conf);
    rp_test_run(rp_t, &r, "-t", (char *) NULL);
    want = rp_test_fmt("rampart: [emerg] %s in %s:6:%d\n", msg, rp_t->conf,
                       col);
    ck_assert_msg(r.status == 1, "-t exit status %d; stderr:\n%s", r.status,
                  r.err);
    ck_assert_msg(rp_test_contains(r.err, want), "stderr lacks \"%s\":\n%s",
                  want, r.err);
    rp_test_run_free(&r);
}


START_TEST(sticky_config_errors)
{
    rp_expect_error("sticky learn create=$x;",
                    "invalid sticky method \"learn\", only \"cookie\" is "
                    "supported", 16);
    rp_expect_error("sticky cookie \"a;b\";",
                    "invalid cookie name \"a;b\"", 23);
    rp_expect_error("sticky cookie s expires=soon;",
                    "invalid parameter \"expires=soon\": expected a time "
                    "or \"max\"", 25);
    rp_expect_error("sticky cookie s samesite=Lax;",
                    "invalid parameter \"samesite=Lax\": expected "
                    "\"strict\", \"lax\" or \"none\"", 25);
    rp_expect_error("sticky cookie s path=/ path;",
                    "invalid parameter \"path\": unknown parameter", 32);
    rp_expect_error("sticky cookie s; sticky cookie t;",
                    "\"sticky\" directive is duplicate", 26);
    rp_expect_error("sticky cookie;",
                    "invalid number of arguments in \"sticky\" directive",
                    9);
}
END_TEST


static Suite *
rp_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("upstream_sticky");

    tc = rp_test_tcase("sticky");
    tcase_add_test(tc, first_response_sets_the_cookie_with_every_attribute);
    tcase_add_test(tc, cookie_keeps_the_client_on_one_server);
    tcase_add_test(tc, client_moves_when_its_server_goes_down);
    tcase_add_test(tc, drained_server_keeps_its_clients_only);
    tcase_add_test(tc, sticky_config_errors);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return rp_test_main(rp_suite());
}
