/*
 * test_proxy_directives.c - proxy_redirect, proxy_intercept_errors and
 * proxy_pass with variables, against the scriptable origin.
 *
 * Each test starts one worker proxying to origins on PORT1 and PORT2
 * and asserts what the client got (rewritten Location and Refresh
 * fields, error_page bodies in place of the backend's) and what the
 * origins saw (which origin got the request, with which request line
 * and Host).  Expectations follow nginx: proxy_redirect replaces a
 * matching prefix (or, for a regex, the whole value), "default" maps
 * the proxy_pass URL to the location, "off" cancels inherited rules;
 * intercepted errors are answered by error_page; proxy_pass with
 * variables goes to a group of that name or to an address, and a name
 * that is neither gets 502 (rampart has no runtime resolver).
 */

#include "rp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RP_REQ(uri)  "GET " uri " HTTP/1.1\r\nHost: front\r\n\r\n"


/* Starts one worker with <http_extra> in http and <srv> in the server. */
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
                  "%s"
                  "    }\n"
                  "}\n", http_extra ? http_extra : "", srv);
    rp_test_write_conf(rp_t, "proxy.conf", conf);

    return rp_test_start(rp_t, 1, (char *) NULL);
}


/* Sends <request> to PORT0, expects <status>, fills <resp>. */
static void
rp_get(const char *request, int status, struct rp_test_http_resp *resp)
{
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], request,
                                      strlen(request), resp, 0), 1);
    ck_assert_int_eq(resp->status, status);
}


/* GET <uri>, expect 302, and check the Location the client got. */
static void
rp_expect_location(const char *uri, const char *want)
{
    struct rp_test_http_resp  resp;
    char                      req[512];

    RP_TEST_PRINT(req, "GET %s HTTP/1.1\r\nHost: front\r\n\r\n", uri);
    rp_get(req, 302, &resp);
    ck_assert_ptr_nonnull(rp_test_http_header(&resp, "Location"));
    ck_assert_str_eq(rp_test_http_header(&resp, "Location"), want);
    rp_test_http_resp_free(&resp);
}


/*
 * An origin on PORT1 answering /r/NAME with 302 and the Location of
 * <locations>[NAME - 'a'] (NAME one letter), and everything else 200.
 */
static void
rp_redirect_origin(const char *const *locations, size_t n)
{
    struct rp_test_origin_rule  rules[8];
    char                        paths[8][16], heads[8][256];
    size_t                      i;

    ck_assert(n < 8);
    memset(rules, 0, sizeof(rules));

    for (i = 0; i < n; i++) {
        RP_TEST_PRINT(paths[i], "/r/%c", (char) ('a' + i));
        RP_TEST_PRINT(heads[i], "Location: %s\r\n", locations[i]);
        rules[i].path = paths[i];
        rules[i].status = 302;
        rules[i].headers = heads[i];
        rules[i].body = "moved\n";
    }

    rules[n].body = "ok\n";
    rp_test_origin_start(rp_t, rp_t->port[1], rules, n + 1);
}


START_TEST(redirect_default_maps_the_backend_url_to_the_location)
{
    struct rp_test_origin_rule  rules[2];
    struct rp_test_http_resp    resp;
    char                        loc[128], refresh[160], other[128];

    RP_TEST_PRINT(loc, "Location: http://127.0.0.1:%d/new/x?q=1\r\n",
                  rp_t->port[1]);
    RP_TEST_PRINT(refresh, "Refresh: 5; URL=http://127.0.0.1:%d/new/r\r\n",
                  rp_t->port[1]);
    RP_TEST_PRINT(other, "Location: http://127.0.0.1:%d/elsewhere\r\n",
                  rp_t->port[1]);

    memset(rules, 0, sizeof(rules));
    rules[0].path = "/new/x";
    rules[0].status = 302;
    rules[0].headers = loc;
    rules[0].body = "moved\n";
    rules[1].path = "/new/r";
    rules[1].headers = refresh;
    rules[1].body = "soon\n";
    rp_test_origin_start(rp_t, rp_t->port[1], rules, 2);

    rp_start(NULL,
             "location /app/ { proxy_pass http://127.0.0.1:%%PORT1%%/new/; }\n"
             "location /flat/ { proxy_pass http://127.0.0.1:%%PORT2%%; }\n");

    /* with a URI part: the URL is replaced by the location's prefix */
    rp_expect_location("/app/x", "/app/x?q=1");

    rp_get(RP_REQ("/app/r"), 200, &resp);
    ck_assert_str_eq(rp_test_http_header(&resp, "Refresh"),
                     "5; URL=/app/r");
    rp_test_http_resp_free(&resp);

    /* without one: "http://host:port/" becomes "/" */
    memset(rules, 0, sizeof(rules));
    rules[0].status = 301;
    rules[0].headers = other;
    RP_TEST_PRINT(other, "Location: http://127.0.0.1:%d/flat/y\r\n",
                  rp_t->port[2]);
    rp_test_origin_start(rp_t, rp_t->port[2], rules, 1);

    rp_get(RP_REQ("/flat/y"), 301, &resp);
    ck_assert_str_eq(rp_test_http_header(&resp, "Location"), "/flat/y");
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(redirect_from_to_replaces_only_a_matching_prefix)
{
    static const char *const  locations[] = {
        "http://backend.example/a/b",
        "http://other.example/backend.example/",
        "/relative",
        "http://backend.example/q",
        "http://front/z",
    };

    rp_redirect_origin(locations, 5);
    rp_start(NULL,
             "location /r/ {\n"
             "    proxy_pass http://127.0.0.1:%%PORT1%%;\n"
             "    proxy_redirect http://backend.example/q http://$host/qq;\n"
             "    proxy_redirect http://backend.example/ /$host/;\n"
             "    proxy_redirect http://$host/ /h/;\n"
             "}\n");

    rp_expect_location("/r/a", "/front/a/b");
    rp_expect_location("/r/b", "http://other.example/backend.example/");
    rp_expect_location("/r/c", "/relative");
    /* the first matching rule wins */
    rp_expect_location("/r/d", "http://front/qq");
    /* variables in FROM too */
    rp_expect_location("/r/e", "/h/z");
}
END_TEST


START_TEST(redirect_regex_uses_captures)
{
    static const char *const  locations[] = {
        "http://img.example/p/1.png",
        "HTTP://IMG.EXAMPLE/P/2.PNG",
        "http://img.example.org/p",
    };

    rp_redirect_origin(locations, 3);
    rp_start(NULL,
             "location /r/ {\n"
             "    proxy_pass http://127.0.0.1:%%PORT1%%;\n"
             "    proxy_redirect ~^http://([a-z]+)\\.example/(.*)$ "
             "/$1/$2;\n"
             "    proxy_redirect ~*^http://img\\.example/p/(.*)$ /ci/$1;\n"
             "}\n");

    rp_expect_location("/r/a", "/img/p/1.png");
    rp_expect_location("/r/b", "/ci/2.PNG");
    /* no rule matches: unchanged */
    rp_expect_location("/r/c", "http://img.example.org/p");
}
END_TEST


START_TEST(redirect_off_cancels_inherited_and_default_rules)
{
    const char  *locations[1];
    char         loc[128], want[128];

    RP_TEST_PRINT(loc, "http://127.0.0.1:%d/r/a", rp_t->port[1]);
    locations[0] = loc;
    rp_redirect_origin(locations, 1);

    rp_start(NULL,
             "proxy_redirect http://127.0.0.1:%%PORT1%%/r/ /srv/;\n"
             "location /r/ { proxy_pass http://127.0.0.1:%%PORT1%%; }\n"
             "location /off/ {\n"
             "    proxy_pass http://127.0.0.1:%%PORT1%%/r/;\n"
             "    proxy_redirect off;\n"
             "}\n");

    /* the server's rule is inherited (and replaces the default one) */
    rp_expect_location("/r/a", "/srv/a");

    /* off: neither the server's rule nor the default applies */
    RP_TEST_PRINT(want, "http://127.0.0.1:%d/r/a", rp_t->port[1]);
    rp_expect_location("/off/a", want);
}
END_TEST


START_TEST(redirect_default_needs_proxy_pass_first)
{
    struct rp_test_run  run;

    rp_test_write_conf(rp_t, "proxy.conf",
                       "events { }\n"
                       "http {\n"
                       "    server {\n"
                       "        listen 127.0.0.1:%%PORT0%%;\n"
                       "        location / { proxy_redirect default; }\n"
                       "    }\n"
                       "}\n");
    ck_assert_int_ne(rp_test_run(rp_t, &run, "-t", (char *) NULL), 0);
    ck_assert_msg(rp_test_contains(run.err, "should be placed after"),
                  "stderr: %s", run.err);
    rp_test_run_free(&run);

    rp_test_write_conf(rp_t, "proxy.conf",
                       "events { }\n"
                       "http {\n"
                       "    server {\n"
                       "        listen 127.0.0.1:%%PORT0%%;\n"
                       "        location / {\n"
                       "            proxy_pass http://$http_x;\n"
                       "            proxy_redirect default;\n"
                       "        }\n"
                       "    }\n"
                       "}\n");
    ck_assert_int_ne(rp_test_run(rp_t, &run, "-t", (char *) NULL), 0);
    ck_assert_msg(rp_test_contains(run.err, "with variables"),
                  "stderr: %s", run.err);
    rp_test_run_free(&run);
}
END_TEST


static const struct rp_test_origin_rule  rp_error_rules[] = {
    { .path = "/missing", .status = 404, .body = "origin 404 body\n" },
    { .path = "/broken", .status = 500, .body = "origin 500 body\n" },
    { .path = "/moved", .status = 302, .headers = "Location: /x\r\n",
      .body = "origin 302\n" },
    { .path = NULL, .body = "origin ok\n" },
};


START_TEST(intercept_errors_serves_the_error_page)
{
    struct rp_test_http_resp  resp;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_error_rules, 4);
    rp_start(NULL,
             "location / {\n"
             "    proxy_pass http://127.0.0.1:%%PORT1%%;\n"
             "    proxy_intercept_errors on;\n"
             "    error_page 404 /err404;\n"
             "    error_page 302 =200 /err302;\n"
             "}\n"
             "location /plain/ {\n"
             "    proxy_pass http://127.0.0.1:%%PORT1%%/;\n"
             "    error_page 404 /err404;\n"
             "}\n"
             "location = /err404 { return 200 \"local page\\n\"; }\n"
             "location = /err302 { return 200 \"was a redirect\\n\"; }\n");

    /* an error_page for the status: the local page, with the status */
    rp_get(RP_REQ("/missing"), 404, &resp);
    ck_assert_str_eq(resp.body, "local page\n");
    rp_test_http_resp_free(&resp);

    rp_get(RP_REQ("/moved"), 200, &resp);
    ck_assert_str_eq(resp.body, "was a redirect\n");
    ck_assert_ptr_null(rp_test_http_header(&resp, "Location"));
    rp_test_http_resp_free(&resp);

    /* no error_page for 500: relayed as is */
    rp_get(RP_REQ("/broken"), 500, &resp);
    ck_assert_str_eq(resp.body, "origin 500 body\n");
    rp_test_http_resp_free(&resp);

    /* intercept off (the default): the backend's own page */
    rp_get(RP_REQ("/plain/missing"), 404, &resp);
    ck_assert_str_eq(resp.body, "origin 404 body\n");
    rp_test_http_resp_free(&resp);

    /* and the worker still serves normally afterwards */
    rp_get(RP_REQ("/fine"), 200, &resp);
    ck_assert_str_eq(resp.body, "origin ok\n");
    rp_test_http_resp_free(&resp);

    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 5);
}
END_TEST


static const struct rp_test_origin_rule  rp_one_rules[] = {
    { .path = NULL, .body = "from one\n" },
};

static const struct rp_test_origin_rule  rp_two_rules[] = {
    { .path = NULL, .body = "from two\n" },
};


START_TEST(variables_resolve_to_a_group_or_an_address)
{
    struct rp_test_http_resp   resp;
    struct rp_test_origin_req  req;
    char                       request[256], host[64];

    rp_test_origin_start(rp_t, rp_t->port[1], rp_one_rules, 1);
    rp_test_origin_start(rp_t, rp_t->port[2], rp_two_rules, 1);
    rp_start("upstream grp { server 127.0.0.1:%%PORT1%%; keepalive 2; }\n",
             "location / { proxy_pass http://$http_x_backend; }\n"
             "location /u/ {\n"
             "    proxy_pass http://$http_x_backend/fixed$is_args$args;\n"
             "}\n");

    /* a group name */
    rp_get("GET /a?b=c HTTP/1.1\r\nHost: front\r\nX-Backend: grp\r\n\r\n",
           200, &resp);
    ck_assert_str_eq(resp.body, "from one\n");
    rp_test_http_resp_free(&resp);

    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1], 1, &req), 1);
    ck_assert_str_eq(req.line, "GET /a?b=c HTTP/1.0");
    ck_assert_str_eq(rp_test_origin_header(&req, "Host"), "grp");
    rp_test_origin_req_free(&req);

    /* an address with a port */
    RP_TEST_PRINT(request, "GET /b HTTP/1.1\r\nHost: front\r\n"
                  "X-Backend: 127.0.0.1:%d\r\n\r\n", rp_t->port[2]);
    rp_get(request, 200, &resp);
    ck_assert_str_eq(resp.body, "from two\n");
    rp_test_http_resp_free(&resp);

    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[2], 1, &req), 1);
    ck_assert_str_eq(req.line, "GET /b HTTP/1.0");
    RP_TEST_PRINT(host, "127.0.0.1:%d", rp_t->port[2]);
    ck_assert_str_eq(rp_test_origin_header(&req, "Host"), host);
    rp_test_origin_req_free(&req);

    /* with a URI part: the evaluated URI goes as is */
    RP_TEST_PRINT(request, "GET /u/zzz?k=v HTTP/1.1\r\nHost: front\r\n"
                  "X-Backend: localhost:%d\r\n\r\n", rp_t->port[2]);
    rp_get(request, 200, &resp);
    rp_test_http_resp_free(&resp);

    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[2], 2, &req), 1);
    ck_assert_str_eq(req.line, "GET /fixed?k=v HTTP/1.0");
    rp_test_origin_req_free(&req);
}
END_TEST


START_TEST(variables_with_an_unknown_name_answer_502)
{
    struct rp_test_http_resp  resp;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_one_rules, 1);
    rp_start("upstream grp { server 127.0.0.1:%%PORT1%%; }\n",
             "location / { proxy_pass http://$http_x_backend; }\n");

    rp_get("GET / HTTP/1.1\r\nHost: front\r\nX-Backend: nosuch.example\r\n"
           "\r\n", 502, &resp);
    rp_test_http_resp_free(&resp);
    ck_assert(rp_test_log_wait(rp_t, "error", "no upstream \"nosuch.example\"",
                               1, 2000));

    /* a group name with a port is not the group: not an address either */
    rp_get("GET / HTTP/1.1\r\nHost: front\r\nX-Backend: grp:80\r\n\r\n",
           502, &resp);
    rp_test_http_resp_free(&resp);

    /* no header at all: "http://" has no host */
    rp_get(RP_REQ("/"), 500, &resp);
    rp_test_http_resp_free(&resp);

    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 0);

    /* the worker is unharmed */
    rp_get("GET / HTTP/1.1\r\nHost: front\r\nX-Backend: grp\r\n\r\n",
           200, &resp);
    ck_assert_str_eq(resp.body, "from one\n");
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(variables_and_keepalive_to_a_group)
{
    struct rp_test_http_resp  resp;
    int                       i;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_one_rules, 1);
    rp_start("upstream grp { server 127.0.0.1:%%PORT1%%; keepalive 2; }\n",
             "location / {\n"
             "    proxy_pass http://$http_x_backend;\n"
             "    proxy_http_version 1.1;\n"
             "    proxy_set_header Connection \"\";\n"
             "}\n");

    for (i = 0; i < 3; i++) {
        rp_get("GET / HTTP/1.1\r\nHost: front\r\nX-Backend: grp\r\n\r\n",
               200, &resp);
        rp_test_http_resp_free(&resp);
    }

    /* the group's cache is used: one connection for the three */
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 3);
    ck_assert_int_eq(rp_test_origin_conns(rp_t, rp_t->port[1]), 1);
}
END_TEST


static Suite *
rp_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("proxy_directives");
    tc = rp_test_tcase("redirect");
    tcase_add_test(tc, redirect_default_maps_the_backend_url_to_the_location);
    tcase_add_test(tc, redirect_from_to_replaces_only_a_matching_prefix);
    tcase_add_test(tc, redirect_regex_uses_captures);
    tcase_add_test(tc, redirect_off_cancels_inherited_and_default_rules);
    tcase_add_test(tc, redirect_default_needs_proxy_pass_first);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("intercept");
    tcase_add_test(tc, intercept_errors_serves_the_error_page);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("variables");
    tcase_add_test(tc, variables_resolve_to_a_group_or_an_address);
    tcase_add_test(tc, variables_with_an_unknown_name_answer_502);
    tcase_add_test(tc, variables_and_keepalive_to_a_group);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return rp_test_main(rp_suite());
}
