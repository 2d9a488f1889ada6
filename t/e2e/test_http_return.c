/*
 * test_http_return.c - return, error_page and add_header in the real
 * daemon.
 *
 * Each test starts one worker with a server whose locations answer with
 * "return", then checks what a raw client receives: status, Location,
 * body, the close of a 444, error pages served from a URI, a named
 * location and a URL (with and without "=code"), and which add_header
 * fields appear on which statuses and levels.  Config errors of these
 * directives are checked with "rampart -t".
 */

#include "rp_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RP_REQ(uri)  "GET " uri " HTTP/1.1\r\nHost: a\r\n\r\n"


/* Starts one worker with <srv> inside the server; returns the master. */
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


/* GET <request> from PORT0 into <resp>; fails the test without one. */
static void
rp_get(const char *request, struct rp_test_http_resp *resp)
{
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], request,
                                      strlen(request), resp, 0), 1);
}


START_TEST(return_redirect_sends_location_made_absolute)
{
    struct rp_test_http_resp  resp;

    rp_start(NULL,
             "location = /perm { return 301 /target?x=1; }\n"
             "location = /abs { return 307 https://example.com/p; }\n"
             "location = /url { return http://example.org/one; }\n");

    rp_get("GET /perm HTTP/1.1\r\nHost: www.example.com:8080\r\n\r\n", &resp);
    ck_assert_int_eq(resp.status, 301);
    ck_assert_str_eq(rp_test_http_header(&resp, "Location"),
                     "http://www.example.com:8080/target?x=1");
    ck_assert(rp_test_contains(resp.body, "301 Moved Permanently"));
    ck_assert_str_eq(rp_test_http_header(&resp, "Content-Type"), "text/html");
    rp_test_http_resp_free(&resp);

    rp_get(RP_REQ("/abs"), &resp);
    ck_assert_int_eq(resp.status, 307);
    ck_assert_str_eq(rp_test_http_header(&resp, "Location"),
                     "https://example.com/p");
    rp_test_http_resp_free(&resp);

    /* the one-argument form is a 302 */
    rp_get(RP_REQ("/url"), &resp);
    ck_assert_int_eq(resp.status, 302);
    ck_assert_str_eq(rp_test_http_header(&resp, "Location"),
                     "http://example.org/one");
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(return_text_uses_default_type_and_variables)
{
    struct rp_test_http_resp  resp;

    rp_start(NULL,
             "default_type text/x-test;\n"
             "location = /t { return 200 \"hello $request_method\\n\"; }\n"
             "location = /teapot { return 418 short; }\n"
             "location = /empty { return 204; }\n"
             "location = /ok { return 200; }\n");

    rp_get(RP_REQ("/t"), &resp);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_str_eq(resp.body, "hello GET\n");
    ck_assert_str_eq(rp_test_http_header(&resp, "Content-Type"),
                     "text/x-test");
    ck_assert_str_eq(rp_test_http_header(&resp, "Content-Length"), "10");
    rp_test_http_resp_free(&resp);

    rp_get(RP_REQ("/teapot"), &resp);
    ck_assert_int_eq(resp.status, 418);
    ck_assert_str_eq(resp.body, "short");
    rp_test_http_resp_free(&resp);

    rp_get(RP_REQ("/empty"), &resp);
    ck_assert_int_eq(resp.status, 204);
    ck_assert_uint_eq(resp.body_len, 0);
    rp_test_http_resp_free(&resp);

    rp_get(RP_REQ("/ok"), &resp);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_uint_eq(resp.body_len, 0);
    rp_test_http_resp_free(&resp);

    /* HEAD: the header of "hello HEAD\n", no body */
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0],
                     "HEAD /t HTTP/1.1\r\nHost: a\r\n\r\n", 30, &resp, 1), 1);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_str_eq(rp_test_http_header(&resp, "Content-Length"), "11");
    ck_assert_uint_eq(resp.body_len, 0);
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(return_bare_error_code_sends_builtin_page)
{
    struct rp_test_http_resp  resp;

    rp_start(NULL, "location / { return 403; }\n");

    rp_get(RP_REQ("/x"), &resp);
    ck_assert_int_eq(resp.status, 403);
    ck_assert(rp_test_contains(resp.body, "403 Forbidden"));
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(return_444_closes_without_a_response)
{
    struct rp_test_http  h;

    rp_start(NULL, "location / { return 444; }\n");

    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h, RP_REQ("/x")), 0);
    ck_assert_int_eq(rp_test_http_wait_close(&h, 3000), 1);
    ck_assert_uint_eq(h.len, 0);
    rp_test_http_close(&h);
}
END_TEST


START_TEST(return_at_server_level_answers_every_location)
{
    struct rp_test_http_resp  resp;

    rp_start(NULL,
             "return 301 https://new.example.com/;\n"
             "location /x { return 200 x; }\n");

    rp_get(RP_REQ("/x"), &resp);
    ck_assert_int_eq(resp.status, 301);
    ck_assert_str_eq(rp_test_http_header(&resp, "Location"),
                     "https://new.example.com/");
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(error_page_to_uri_keeps_the_error_status)
{
    struct rp_test_http_resp  resp;

    rp_start(NULL,
             "location / { return 404; }\n"
             "error_page 404 /nf;\n"
             "error_page 403 =200 /nf;\n"
             "error_page 401 = /created;\n"
             "location = /nf { return 200 custom; }\n"
             "location = /created { return 201 made; }\n"
             "location = /forbidden { return 403; }\n"
             "location = /auth { return 401; }\n"
             "location = /gone { return 410; }\n");

    rp_get(RP_REQ("/missing"), &resp);
    ck_assert_int_eq(resp.status, 404);
    ck_assert_str_eq(resp.body, "custom");
    rp_test_http_resp_free(&resp);

    /* POST becomes GET on the way to the error page */
    rp_get("POST /missing HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
           &resp);
    ck_assert_int_eq(resp.status, 404);
    ck_assert_str_eq(resp.body, "custom");
    rp_test_http_resp_free(&resp);

    rp_get(RP_REQ("/forbidden"), &resp);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_str_eq(resp.body, "custom");
    rp_test_http_resp_free(&resp);

    rp_get(RP_REQ("/auth"), &resp);
    ck_assert_int_eq(resp.status, 201);
    ck_assert_str_eq(resp.body, "made");
    rp_test_http_resp_free(&resp);

    /* no error_page for 410: the built-in page */
    rp_get(RP_REQ("/gone"), &resp);
    ck_assert_int_eq(resp.status, 410);
    ck_assert(rp_test_contains(resp.body, "410 Gone"));
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(error_page_to_named_location_and_url)
{
    struct rp_test_http_resp  resp;

    rp_start(NULL,
             "location = /a { error_page 403 @fallback; return 403; }\n"
             "location = /b { error_page 404 http://example.com/nf; "
             "return 404; }\n"
             "location = /c { error_page 404 =301 http://example.com/moved; "
             "return 404; }\n"
             "location @fallback { return 200 fallback; }\n");

    rp_get(RP_REQ("/a"), &resp);
    ck_assert_int_eq(resp.status, 403);
    ck_assert_str_eq(resp.body, "fallback");
    rp_test_http_resp_free(&resp);

    rp_get(RP_REQ("/b"), &resp);
    ck_assert_int_eq(resp.status, 302);
    ck_assert_str_eq(rp_test_http_header(&resp, "Location"),
                     "http://example.com/nf");
    rp_test_http_resp_free(&resp);

    rp_get(RP_REQ("/c"), &resp);
    ck_assert_int_eq(resp.status, 301);
    ck_assert_str_eq(rp_test_http_header(&resp, "Location"),
                     "http://example.com/moved");
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(error_page_error_inside_error_page_is_not_recursive)
{
    struct rp_test_http_resp  resp;

    rp_start(NULL,
             "location / { return 404; }\n"
             "error_page 404 /nf;\n"
             "location = /nf { return 404; }\n"
             "location = /rec { recursive_error_pages on; "
             "error_page 403 /r2; return 403; }\n"
             "location = /r2 { error_page 500 /r3; return 500; }\n"
             "location = /r3 { return 200 third; }\n");

    /* the error page itself 404s: built-in 404, no loop */
    rp_get(RP_REQ("/missing"), &resp);
    ck_assert_int_eq(resp.status, 404);
    ck_assert(rp_test_contains(resp.body, "404 Not Found"));
    rp_test_http_resp_free(&resp);

    /* recursive_error_pages on: the page's own error_page applies */
    rp_get(RP_REQ("/rec"), &resp);
    ck_assert_int_eq(resp.status, 500);
    ck_assert_str_eq(resp.body, "third");
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(add_header_only_on_success_unless_always)
{
    struct rp_test_http_resp  resp;

    rp_start(NULL,
             "location = /ok { add_header X-Plain p; "
             "add_header X-Always a always; add_header X-Var $request_method; "
             "return 200 ok; }\n"
             "location = /err { add_header X-Plain p; "
             "add_header X-Always a always; return 500; }\n"
             "location = /redir { add_header X-Plain p; return 302 /x; }\n");

    rp_get(RP_REQ("/ok"), &resp);
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Plain"), "p");
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Always"), "a");
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Var"), "GET");
    rp_test_http_resp_free(&resp);

    rp_get(RP_REQ("/err"), &resp);
    ck_assert_int_eq(resp.status, 500);
    ck_assert_ptr_null(rp_test_http_header(&resp, "X-Plain"));
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Always"), "a");
    rp_test_http_resp_free(&resp);

    rp_get(RP_REQ("/redir"), &resp);
    ck_assert_int_eq(resp.status, 302);
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Plain"), "p");
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(add_header_inheritance_is_all_or_nothing)
{
    struct rp_test_http_resp  resp;

    rp_start("    add_header X-Http h;\n",
             "add_header X-Server s;\n"
             "location = /inherit { return 200 i; }\n"
             "location = /own { add_header X-Own o; return 200 o; }\n");

    rp_get(RP_REQ("/inherit"), &resp);
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Server"), "s");
    ck_assert_ptr_null(rp_test_http_header(&resp, "X-Http"));
    ck_assert_ptr_null(rp_test_http_header(&resp, "X-Own"));
    rp_test_http_resp_free(&resp);

    rp_get(RP_REQ("/own"), &resp);
    ck_assert_str_eq(rp_test_http_header(&resp, "X-Own"), "o");
    ck_assert_ptr_null(rp_test_http_header(&resp, "X-Server"));
    ck_assert_int_eq(rp_test_http_header_count(&resp, "X-Own"), 1);
    rp_test_http_resp_free(&resp);
}
END_TEST


/* "rampart -t" on a server with <srv>: fails, printing <needle>. */
static void
rp_conf_rejected(const char *srv, const char *needle)
{
    struct rp_test_run  run;
    char                conf[2048];

    RP_TEST_PRINT(conf,
                  "events { }\n"
                  "http {\n"
                  "    server {\n"
                  "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                  "%s"
                  "    }\n"
                  "}\n", srv);
    rp_test_write_conf(rp_t, "proxy.conf", conf);

    ck_assert_int_ne(rp_test_run(rp_t, &run, "-t", (char *) NULL), 0);
    ck_assert_msg(rp_test_contains(run.err, needle), "stderr: %s", run.err);
    rp_test_run_free(&run);
}


START_TEST(config_errors_name_the_bad_argument)
{
    rp_conf_rejected("location / { return 99; }\n", "invalid return code");
    rp_conf_rejected("location / { return abc; }\n", "invalid return code");
    rp_conf_rejected("location / { return 200 a b; }\n",
                     "invalid number of arguments");
    rp_conf_rejected("error_page 200 /x;\n", "must be between 300 and 599");
    rp_conf_rejected("error_page 404 =abc /x;\n", "invalid response code");
    rp_conf_rejected("add_header \"Bad Name\" v;\n", "invalid header name");
    rp_conf_rejected("add_header X v sometimes;\n", "invalid parameter");
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("http_return");

    tc = rp_test_tcase("return");
    tcase_add_test(tc, return_redirect_sends_location_made_absolute);
    tcase_add_test(tc, return_text_uses_default_type_and_variables);
    tcase_add_test(tc, return_bare_error_code_sends_builtin_page);
    tcase_add_test(tc, return_444_closes_without_a_response);
    tcase_add_test(tc, return_at_server_level_answers_every_location);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("error_page");
    tcase_add_test(tc, error_page_to_uri_keeps_the_error_status);
    tcase_add_test(tc, error_page_to_named_location_and_url);
    tcase_add_test(tc, error_page_error_inside_error_page_is_not_recursive);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("add_header");
    tcase_add_test(tc, add_header_only_on_success_unless_always);
    tcase_add_test(tc, add_header_inheritance_is_all_or_nothing);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("config");
    tcase_add_test(tc, config_errors_name_the_bad_argument);
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
