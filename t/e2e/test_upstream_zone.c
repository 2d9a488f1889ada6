/*
 * test_upstream_zone.c - where backend state lives: the "zone" directive
 * of upstream { }, and state shared by all workers.
 *
 * The proof that state is shared is a dead server with max_fails=1 and a
 * long fail_timeout in a group of two, with two workers: the first
 * failed attempt (in whichever worker) must take the server out for
 * every worker, so however many workers serve the following requests,
 * the error log has exactly one failed connect() to it.  With state per
 * worker there would be one per worker.  Requests log $pid so the test
 * knows both workers took part.
 */

#include "rp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define RP_HEAD                                                              \
    "daemon off;\n"                                                          \
    "error_log logs/error.log info;\n"                                       \
    "events { worker_connections 64; }\n"                                    \
    "http {\n"


static const struct rp_test_origin_rule  rp_ok_rule[] = {
    { .body = "ok\n" },
};


/* Starts rampart with 2 workers; <zone_a>, <zone_b>: lines in a and b. */
static void
rp_start_groups(const char *zone_a, const char *zone_b)
{
    char  conf[4096];

    ck_assert_int_eq(chmod(rp_t->dir, 0755), 0);
    RP_TEST_PRINT(conf,
                  "daemon off;\n"
                  "worker_processes 2;\n"
                  "error_log logs/error.log info;\n"
                  "pid logs/rampart.pid;\n"
                  "events { worker_connections 64; }\n"
                  "http {\n"
                  "    log_format p '$pid $uri $upstream_addr';\n"
                  "    access_log logs/access.log p;\n"
                  "    upstream a {\n"
                  "        %s\n"
                  "        server 127.0.0.1:%%%%PORT2%%%% max_fails=1 "
                  "fail_timeout=60s;\n"
                  "        server 127.0.0.1:%%%%PORT1%%%%;\n"
                  "    }\n"
                  "    upstream b {\n"
                  "        %s\n"
                  "        server 127.0.0.1:%%%%PORT1%%%%;\n"
                  "    }\n"
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "        location /a/ { proxy_pass http://a; }\n"
                  "        location /b/ { proxy_pass http://b; }\n"
                  "    }\n"
                  "}\n", zone_a, zone_b);
    rp_test_write_conf(rp_t, "proxy.conf", conf);
    rp_test_start(rp_t, 2, (char *) NULL);
}


/* One request on a new connection; its status must be 200. */
static void
rp_get_ok(const char *path)
{
    struct rp_test_http_resp  resp;
    const char               *req;

    req = rp_test_fmt("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      "\r\n", path);
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], req, strlen(req), &resp,
                                      0), 1);
    ck_assert_int_eq(resp.status, 200);
    rp_test_http_resp_free(&resp);
}


/*
 * Sends /a/ requests until the access log shows two worker pids (at most
 * 400 requests), then checks that the dead server was tried once in all.
 */
static void
rp_check_failure_shared(void)
{
    char  *log, *line, *next, first[32], path[RP_TEST_PATH_MAX];
    int    n, two;

    RP_TEST_PRINT(path, "%s", rp_test_path(rp_t, "logs/access.log"));
    two = 0;
    first[0] = '\0';

    for (n = 0; n < 400 && !two; n++) {
        rp_get_ok("/a/x");

        if (n % 20 != 19) {
            continue;
        }

        ck_assert_int_eq(rp_test_file_wait(path, NULL, "/a/x", n + 1, 2000),
                         1);
        log = rp_test_read_file(path, NULL);
        ck_assert_ptr_nonnull(log);

        for (line = log; *line && !two; line = next) {
            next = strchr(line, '\n');
            next = next ? next + 1 : line + strlen(line);

            if (first[0] == '\0') {
                ck_assert_int_eq(sscanf(line, "%31s", first), 1);
            } else if (strncmp(line, first, strlen(first)) != 0
                       || line[strlen(first)] != ' ')
            {
                two = 1;
            }
        }

        free(log);
    }

    ck_assert_msg(two, "one worker served all %d requests", n);
    ck_assert_int_eq(rp_test_log_count(rp_t, "error",
                     rp_test_fmt("connect() to 127.0.0.1:%d failed",
                                 rp_t->port[2])), 1);
    ck_assert_int_eq(rp_test_log_count(rp_t, "warn",
                     "upstream server temporarily disabled"), 1);
}


START_TEST(default_zone_shares_failures)
{
    rp_test_origin_start(rp_t, rp_t->port[1], rp_ok_rule, 1);
    rp_start_groups("", "");
    rp_get_ok("/b/y");
    rp_check_failure_shared();
}
END_TEST


START_TEST(named_zone_shares_failures)
{
    rp_test_origin_start(rp_t, rp_t->port[1], rp_ok_rule, 1);
    rp_start_groups("zone shared 64k;", "zone shared;");
    rp_get_ok("/b/y");
    rp_check_failure_shared();
}
END_TEST


/* A zone whose size is given nowhere cannot be created: start fails. */
START_TEST(zone_without_size_fails_at_start)
{
    struct rp_test_run  r;
    char                conf[2048];

    RP_TEST_PRINT(conf, RP_HEAD
                  "    upstream a {\n"
                  "        zone nosize;\n"
                  "        server 127.0.0.1:%%%%PORT1%%%%;\n"
                  "    }\n"
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "        location / { proxy_pass http://a; }\n"
                  "    }\n"
                  "}\n");
    rp_test_write_conf(rp_t, "proxy.conf", conf);
    rp_test_run(rp_t, &r, (char *) NULL);
    ck_assert_int_ne(r.status, 0);
    ck_assert_msg(rp_test_contains(r.err, "zero size shared memory zone "
                                          "\"nosize\""), "%s", r.err);
    rp_test_run_free(&r);
}
END_TEST


/* A zone line <line> in a group, whose bad token is <needle>. */
static void
rp_bad_zone(const char *lines, const char *needle, const char *msg)
{
    char  conf[4096];

    RP_TEST_PRINT(conf, RP_HEAD
                  "    upstream backend {\n"
                  "        server 127.0.0.1:8081;\n"
                  "        %s\n"
                  "    }\n"
                  "}\n", lines);
    rp_test_expect_emerg(rp_t, conf, msg, needle, 0);
}


START_TEST(bad_zone_values)
{
    char  conf[4096];

    rp_bad_zone("zone z 1q;", "1q", "invalid zone size \"1q\": at least 32k");
    rp_bad_zone("zone z 4k;", "4k", "invalid zone size \"4k\": at least 32k");
    rp_bad_zone("zone \"\";", "\"\"", "invalid zone name \"\"");
    rp_bad_zone("zone rampart_upstream 64k;", "rampart_upstream",
                "invalid zone name \"rampart_upstream\"");
    rp_bad_zone("zone a 64k;\n        zone b 64k;", "zone b",
                "\"zone\" directive is duplicate");
    rp_bad_zone("zone;", "zone;",
                "invalid number of arguments in \"zone\" directive");

    /* two groups giving one zone different sizes */
    RP_TEST_PRINT(conf, RP_HEAD
                  "    upstream one {\n"
                  "        zone z 64k;\n"
                  "        server 127.0.0.1:8081;\n"
                  "    }\n"
                  "    upstream two {\n"
                  "        zone z 128k;\n"
                  "        server 127.0.0.1:8082;\n"
                  "    }\n"
                  "}\n");
    rp_test_expect_emerg(rp_t, conf, "the size 131072 of shared memory zone "
                         "\"z\" conflicts with already declared size 65536 "
                         "in upstream \"two\"", "upstream two", 0);
}
END_TEST


static Suite *
rp_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("upstream_zone");
    tc = tcase_create("zone");
    tcase_add_checked_fixture(tc, rp_test_setup, rp_test_teardown);
    tcase_set_timeout(tc, RP_TEST_TIMEOUT);
    tcase_add_test(tc, default_zone_shares_failures);
    tcase_add_test(tc, named_zone_shares_failures);
    tcase_add_test(tc, zone_without_size_fails_at_start);
    tcase_add_test(tc, bad_zone_values);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return rp_test_main(rp_suite());
}
