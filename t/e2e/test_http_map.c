/*
 * test_http_map.c - map and variables in the real daemon.
 *
 * One worker answers with "return 200" bodies built from map variables
 * and built-in variables, so each test sees through a raw client what
 * the request lifecycle gives the variables: the $connection_upgrade
 * idiom, hostnames wildcards matched against the Host header, regex keys
 * whose captures (numbered and named) reach the value, location regex
 * captures, and variables of the request and connection.  Config errors
 * (unknown variable with its position, bad map lines) go through
 * "rampart -t".
 */

#include "rp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


/* Start one worker with <http_extra> in http and <srv> in the server. */
static pid_t
rp_start(const char *http_extra, const char *srv)
{
    char  conf[8192];

    RP_TEST_PRINT(conf,
                  "daemon off;\n"
                  "worker_processes 1;\n"
                  "error_log logs/error.log info;\n"
                  "pid logs/rampart.pid;\n"
                  "events {\n"
                  "    worker_connections 64;\n"
                  "}\n"
                  "http {\n"
                  "%s"
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "        server_name first.example;\n"
                  "%s"
                  "    }\n"
                  "}\n", http_extra, srv);
    rp_test_write_conf(rp_t, "proxy.conf", conf);

    return rp_test_start(rp_t, 1, (char *) NULL);
}


/* The body of the 200 answer to <request>. */
static char *
rp_body(const char *request)
{
    struct rp_test_http_resp   resp;
    char                      *body;

    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], request,
                                      strlen(request), &resp, 0), 1);
    ck_assert_int_eq(resp.status, 200);
    body = strdup(resp.body);
    ck_assert_ptr_nonnull(body);
    rp_test_http_resp_free(&resp);

    return body;
}


static void
rp_expect(const char *request, const char *want)
{
    char  *body;

    body = rp_body(request);
    ck_assert_msg(strcmp(body, want) == 0, "%s: got \"%s\", want \"%s\"",
                  request, body, want);
    free(body);
}


START_TEST(map_connection_upgrade_idiom)
{
    rp_start("map $http_upgrade $connection_upgrade {\n"
             "    default upgrade;\n"
             "    ''      close;\n"
             "}\n",
             "location / { return 200 \"[$connection_upgrade]\"; }\n");

    rp_expect("GET / HTTP/1.1\r\nHost: a\r\n\r\n", "[close]");
    rp_expect("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\n"
              "Connection: upgrade\r\n\r\n", "[upgrade]");
}
END_TEST


START_TEST(map_hostnames_and_regex_keys)
{
    rp_start("map $host $site {\n"
             "    hostnames;\n"
             "    default       other;\n"
             "    .example.com  com;\n"
             "    *.example.org org;\n"
             "    www.example.* www;\n"
             "}\n"
             "map $uri $api {\n"
             "    default                      none;\n"
             "    /api/exact                   exact;\n"
             "    ~^/api/v(?<ver>\\d+)/(.*)$    \"v$ver:$2\";\n"
             "    ~*^/IMG/                     img;\n"
             "}\n",
             "location / { return 200 \"$site $api\"; }\n");

    rp_expect("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", "com none");
    rp_expect("GET / HTTP/1.1\r\nHost: A.Example.COM:8080\r\n\r\n",
              "com none");
    rp_expect("GET / HTTP/1.1\r\nHost: example.org\r\n\r\n", "other none");
    rp_expect("GET / HTTP/1.1\r\nHost: x.example.org\r\n\r\n", "org none");
    rp_expect("GET / HTTP/1.1\r\nHost: www.example.net\r\n\r\n",
              "www none");

    rp_expect("GET /api/exact HTTP/1.1\r\nHost: a\r\n\r\n", "other exact");
    rp_expect("GET /api/v3/users/7 HTTP/1.1\r\nHost: a\r\n\r\n",
              "other v3:users/7");
    rp_expect("GET /img/logo.png HTTP/1.1\r\nHost: a\r\n\r\n", "other img");
}
END_TEST


START_TEST(location_captures_and_request_variables)
{
    char  want[256];

    rp_start("",
             "location ~ ^/item/(\\d+)$ {\n"
             "    return 200 \"item=$1 uri=$uri args=$args$is_args\";\n"
             "}\n"
             "location /vars {\n"
             "    return 200 \"$request_method|$request_uri|$host|"
             "$server_name|$http_x_test|$arg_b|$cookie_c|$remote_addr|"
             "$server_addr|$server_port|$server_protocol|$scheme\";\n"
             "}\n"
             "location /id {\n"
             "    return 200 \"$request_id $request_id\";\n"
             "}\n");

    rp_expect("GET /item/42?a=1 HTTP/1.1\r\nHost: a\r\n\r\n",
              "item=42 uri=/item/42 args=a=1?");

    snprintf(want, sizeof(want),
             "GET|/vars?a=1&b=two|h.example|first.example|t1, t2|two|"
             "yum|127.0.0.1|127.0.0.1|%d|HTTP/1.1|http", rp_t->port[0]);
    rp_expect("GET /vars?a=1&b=two HTTP/1.1\r\nHost: H.Example:99\r\n"
              "X-Test: t1\r\nX-Test: t2\r\nCookie: a=1; c=yum\r\n\r\n",
              want);

    {
        char  *body = rp_body("GET /id HTTP/1.1\r\nHost: a\r\n\r\n");

        /* 32 hex digits, the same twice within one request */
        ck_assert_uint_eq(strlen(body), 65);
        ck_assert_int_eq(strncmp(body, body + 33, 32), 0);
        ck_assert_uint_eq(strspn(body, "0123456789abcdef"), 32);
        free(body);
    }
}
END_TEST


/* "rampart -t" on <http_extra> + a server with <srv>: fails with <needle>. */
static void
rp_conf_rejected(const char *http_extra, const char *srv, const char *needle)
{
    struct rp_test_run  run;
    char                conf[4096];

    RP_TEST_PRINT(conf,
                  "events { }\n"
                  "http {\n"
                  "%s"
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "%s"
                  "    }\n"
                  "}\n", http_extra, srv);
    rp_test_write_conf(rp_t, "proxy.conf", conf);

    ck_assert_int_ne(rp_test_run(rp_t, &run, "-t", (char *) NULL), 0);
    ck_assert_msg(rp_test_contains(run.err, needle), "stderr: %s", run.err);
    rp_test_run_free(&run);
}


START_TEST(config_errors_name_their_place)
{
    char  needle[1024];

    RP_TEST_PRINT(needle, "unknown \"hots\" variable in %s/proxy.conf:5:25",
                  rp_t->dir);
    rp_conf_rejected("", "location / { return 200 $hots; }\n", needle);

    rp_conf_rejected("map $uri $m {\n a 1;\n a 2;\n}\n", "",
                     "duplicate \"a\" key in map");
    rp_conf_rejected("map $uri $m {\n default 1;\n default 2;\n}\n", "",
                     "\"default\" value is duplicate");
    rp_conf_rejected("map $uri $m {\n ~^(x 1;\n}\n", "",
                     "pcre2_compile() failed: missing closing parenthesis");
    rp_conf_rejected("map $uri $m {\n a b c;\n}\n", "",
                     "invalid number of the map parameters");
    rp_conf_rejected("", "map $uri $m { }\n",
                     "\"map\" directive is not allowed here");
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("http_map");

    tc = rp_test_tcase("map");
    tcase_add_test(tc, map_connection_upgrade_idiom);
    tcase_add_test(tc, map_hostnames_and_regex_keys);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("variables");
    tcase_add_test(tc, location_captures_and_request_variables);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("config");
    tcase_add_test(tc, config_errors_name_their_place);
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
