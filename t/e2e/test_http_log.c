/*
 * test_http_log.c - the access log of the real daemon.
 *
 * Each test starts one worker whose locations answer with "return", so
 * status and body size are known, sends requests over raw sockets
 * (hostile bytes included) and reads the log files: the default combined
 * line, custom formats, default and JSON escaping, if=, off, buffering
 * with its flush timer and the flush at exit, and USR1 reopening.
 */

#include "rp_test.h"

#include <sys/stat.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RP_REQ(uri)  "GET " uri " HTTP/1.1\r\nHost: a\r\n\r\n"


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


/* Send <request> (raw bytes, no NUL) and wait for its response. */
static void
rp_send(const char *request)
{
    size_t                    len = strlen(request);
    struct rp_test_http_resp  resp;

    ck_assert_int_eq(rp_test_http_get(rp_t->port[0], request, len, &resp, 0),
                     1);
    rp_test_http_resp_free(&resp);
}


/* The contents of log <rel>, waiting up to 2 s for <lines> lines. */
static char *
rp_log(const char *rel, int lines)
{
    const char  *path = rp_test_path(rp_t, rel);
    char        *text;
    long         deadline;
    int          n;
    size_t       i, len;

    deadline = rp_test_now_ms() + rp_test_ms(2000);

    for ( ;; ) {
        text = rp_test_read_file(path, &len);
        n = 0;

        for (i = 0; text && i < len; i++) {
            n += (text[i] == '\n');
        }

        if (n >= lines || rp_test_now_ms() > deadline) {
            ck_assert_msg(n >= lines, "%s has %d lines, wanted %d: %s", rel,
                          n, lines, text ? text : "(none)");
            return text;
        }

        free(text);
        rp_test_msleep(20);
    }
}


START_TEST(default_access_log_is_combined)
{
    char        *text, *p;
    const char  *tail;

    rp_start(NULL, "location / { return 200 hello; }\n");

    rp_send("GET /x?a=1 HTTP/1.1\r\nHost: a\r\nReferer: http://r/\r\n"
            "User-Agent: tester/1.0\r\n\r\n");

    text = rp_log("logs/access.log", 1);
    ck_assert_msg(strncmp(text, "127.0.0.1 - - [", 15) == 0, "%s", text);

    /* [28/Nov/2026:16:49:17 +0000] */
    p = strchr(text, ']');
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq((int) (p - text - 15), 26);

    tail = "] \"GET /x?a=1 HTTP/1.1\" 200 5 \"http://r/\" \"tester/1.0\"\n";
    ck_assert_str_eq(p, tail);
    free(text);
}
END_TEST


START_TEST(custom_format_with_variables)
{
    char  *text;

    rp_start("    log_format mine '$request_method $uri $status '\n"
             "        '$body_bytes_sent ${arg_q}x \"$http_x_missing\"';\n"
             "    access_log logs/mine.log mine;\n",
             "location / { return 404; }\n"
             "location /t { return 201 \"created!\"; }\n");

    rp_send(RP_REQ("/t?q=v"));
    rp_send(RP_REQ("/nope"));

    text = rp_log("logs/mine.log", 2);
    ck_assert_str_eq(text, "GET /t 201 8 vx \"-\"\n"
                           "GET /nope 404 148 -x \"-\"\n");
    free(text);
}
END_TEST


/* A request whose User-Agent holds '"', '\', 0xff and "a]b". */
static const char  rp_hostile[] =
    "GET /h HTTP/1.1\r\nHost: a\r\n"
    "User-Agent: x\"y\\z\xff end\r\n\r\n";


START_TEST(default_escaping_of_hostile_bytes)
{
    char  *text;

    rp_start(NULL, "location / { return 200 ok; }\n");

    rp_send(rp_hostile);

    text = rp_log("logs/access.log", 1);
    ck_assert_msg(rp_test_contains(text, "\"x\\x22y\\x5Cz\\xFF end\"\n"),
                  "%s", text);
    free(text);
}
END_TEST


START_TEST(json_escaping_of_hostile_bytes)
{
    char  *text;

    rp_start("    log_format j escape=json '{\"ua\":\"$http_user_agent\","
             "\"ref\":\"$http_referer\",\"s\":$status}';\n"
             "    access_log logs/j.log j;\n",
             "location / { return 200 ok; }\n");

    rp_send(rp_hostile);
    rp_send("GET /u HTTP/1.1\r\nHost: a\r\nUser-Agent: caf\xc3\xa9\r\n\r\n");

    text = rp_log("logs/j.log", 2);
    ck_assert_str_eq(text,
                     "{\"ua\":\"x\\\"y\\\\z\\u00ff end\","
                     "\"ref\":\"\",\"s\":200}\n"
                     "{\"ua\":\"caf\xc3\xa9\",\"ref\":\"\",\"s\":200}\n");
    free(text);
}
END_TEST


START_TEST(control_bytes_never_reach_the_log)
{
    static const char  req[] =
        "GET /c HTTP/1.1\r\nHost: a\r\nUser-Agent: a\x01" "b\x1b[31m\r\n\r\n";
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    char                     *text;
    size_t                    i;

    rp_start(NULL, "location / { return 200 ok; }\n");

    /* the parser may refuse the request; either way one line is logged */
    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send(&h, req, sizeof(req) - 1), 0);
    (void) rp_test_http_read_response(&h, &resp, 0, 3000);
    rp_test_http_resp_free(&resp);
    rp_test_http_close(&h);

    text = rp_log("logs/access.log", 1);

    for (i = 0; text[i]; i++) {
        ck_assert_msg(text[i] == '\n' || ((unsigned char) text[i] >= 0x20
                                          && (unsigned char) text[i] < 0x7f),
                      "raw byte 0x%02x in the log: %s",
                      (unsigned char) text[i], text);
    }

    free(text);
}
END_TEST


START_TEST(if_condition_and_off)
{
    char  *text;

    rp_start("    log_format s '$uri';\n"
             "    access_log logs/if.log s if=$arg_log;\n",
             "location / { return 200 ok; }\n"
             "location /quiet { access_log off; return 200 q; }\n");

    rp_send(RP_REQ("/one?log=1"));
    rp_send(RP_REQ("/two?log=0"));
    rp_send(RP_REQ("/three"));
    rp_send(RP_REQ("/quiet?log=1"));
    rp_send(RP_REQ("/four?log=yes"));

    text = rp_log("logs/if.log", 2);
    ck_assert_str_eq(text, "/one\n/four\n");
    free(text);

    /* access_log at http level replaced the default log */
    ck_assert(!rp_test_file_exists(rp_test_path(rp_t, "logs/access.log")));
}
END_TEST


START_TEST(buffer_is_flushed_by_timer_and_at_exit)
{
    char    *text;
    size_t   len;
    pid_t    master;

    master = rp_start("    log_format s '$uri';\n"
                      "    access_log logs/timed.log s buffer=4k flush=1s;\n"
                      "    access_log logs/exit.log s buffer=4k;\n",
                      "location / { return 200 ok; }\n");

    rp_send(RP_REQ("/a"));
    rp_send(RP_REQ("/b"));

    /* buffered: nothing written yet */
    rp_test_msleep(200);
    text = rp_test_read_file(rp_test_path(rp_t, "logs/timed.log"), &len);
    ck_assert_msg(text == NULL || len == 0, "written at once: %s", text);
    free(text);

    /* the flush timer writes within flush= (+ slack) */
    rp_test_msleep(1500);
    text = rp_test_read_file(rp_test_path(rp_t, "logs/timed.log"), &len);
    ck_assert_ptr_nonnull(text);
    ck_assert_str_eq(text, "/a\n/b\n");
    free(text);

    text = rp_test_read_file(rp_test_path(rp_t, "logs/exit.log"), &len);
    ck_assert_msg(text == NULL || len == 0, "no flush= but written: %s", text);
    free(text);

    /* a graceful stop flushes the rest */
    rp_test_signal(master, SIGQUIT);
    ck_assert(rp_test_wait_gone(master, 5000));

    text = rp_log("logs/exit.log", 2);
    ck_assert_str_eq(text, "/a\n/b\n");
    free(text);
}
END_TEST


START_TEST(full_buffer_is_written_at_once)
{
    char  *text;

    rp_start("    log_format s '$uri';\n"
             "    access_log logs/small.log s buffer=64;\n",
             "location / { return 200 ok; }\n");

    /* 20 lines of 17 bytes overflow a 64-byte buffer several times */
    {
        int   i;
        char  req[64];

        for (i = 0; i < 20; i++) {
            RP_TEST_PRINT(req, "GET /line-%06d HTTP/1.1\r\nHost: a\r\n\r\n",
                          i);
            rp_send(req);
        }
    }

    text = rp_log("logs/small.log", 16);
    ck_assert(strncmp(text, "/line-000000\n/line-000001\n", 26) == 0);
    free(text);
}
END_TEST


START_TEST(usr1_reopens_the_access_log)
{
    pid_t  master;
    char  *text;
    char   old[RP_TEST_PATH_MAX];

    master = rp_start("    log_format s '$uri';\n"
                      "    access_log logs/r.log s;\n",
                      "location / { return 200 ok; }\n");

    /*
     * Workers reopen the file the master re-created for them; as an
     * unprivileged user they must be able to reach it (mkdtemp gave 0700).
     */
    ck_assert_int_eq(chmod(rp_t->dir, 0755), 0);
    ck_assert_int_eq(chmod(rp_test_path(rp_t, "logs"), 0755), 0);

    rp_send(RP_REQ("/before"));
    text = rp_log("logs/r.log", 1);
    free(text);

    RP_TEST_PRINT(old, "%s", rp_test_path(rp_t, "logs/r.log.1"));
    ck_assert_int_eq(rename(rp_test_path(rp_t, "logs/r.log"), old), 0);

    rp_test_signal(master, SIGUSR1);
    rp_test_msleep(300);

    rp_send(RP_REQ("/after"));

    text = rp_log("logs/r.log", 1);
    ck_assert_str_eq(text, "/after\n");
    free(text);

    text = rp_test_read_file(old, NULL);
    ck_assert_ptr_nonnull(text);
    ck_assert_str_eq(text, "/before\n");
    free(text);
}
END_TEST


/* "rampart -t" with <http> in the http block: fails, printing <needle>. */
static void
rp_conf_rejected(const char *http, const char *needle)
{
    struct rp_test_run  run;
    char                conf[2048];

    RP_TEST_PRINT(conf, "events { }\nhttp {\n%s}\n", http);
    rp_test_write_conf(rp_t, "proxy.conf", conf);

    ck_assert_int_ne(rp_test_run(rp_t, &run, "-t", (char *) NULL), 0);
    ck_assert_msg(rp_test_contains(run.err, needle), "stderr: %s", run.err);
    rp_test_run_free(&run);
}


START_TEST(config_errors)
{
    rp_conf_rejected("access_log logs/a.log nosuch;\n", "unknown log format");
    rp_conf_rejected("log_format combined '$uri';\n", "duplicate log_format");
    rp_conf_rejected("log_format x escape=xml '$uri';\n",
                     "unknown log format escaping");
    rp_conf_rejected("log_format x '$';\n", "invalid variable name");
    rp_conf_rejected("access_log logs/a.log combined flush=1s;\n",
                     "\"flush\" needs \"buffer\"");
    rp_conf_rejected("access_log logs/a.log combined buffer=zz;\n",
                     "invalid buffer size");
    rp_conf_rejected("access_log off extra;\n", "invalid parameter");
    rp_conf_rejected("server { location / { log_format x '$uri'; } }\n",
                     "log_format");
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("http_log");

    tc = rp_test_tcase("format");
    tcase_add_test(tc, default_access_log_is_combined);
    tcase_add_test(tc, custom_format_with_variables);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("escaping");
    tcase_add_test(tc, default_escaping_of_hostile_bytes);
    tcase_add_test(tc, json_escaping_of_hostile_bytes);
    tcase_add_test(tc, control_bytes_never_reach_the_log);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("writing");
    tcase_add_test(tc, if_condition_and_off);
    tcase_add_test(tc, buffer_is_flushed_by_timer_and_at_exit);
    tcase_add_test(tc, full_buffer_is_written_at_once);
    tcase_add_test(tc, usr1_reopens_the_access_log);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("config");
    tcase_add_test(tc, config_errors);
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
