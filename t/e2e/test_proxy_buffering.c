/*
 * test_proxy_buffering.c - proxy_buffering and its buffers, seen from
 * the client, the origin and the worker process.
 *
 * A client that stops reading after the response header shows what the
 * proxy does with the rest: with buffering it reads the origin to the
 * end into memory and an unlinked temp file (the origin sees its
 * connection closed, or a keep-alive connection serves the next request
 * while the first client still waits) and the worker's RSS stays small;
 * with buffering off, with "X-Accel-Buffering: no" or with
 * proxy_max_temp_file_size 0 the origin is held back instead.  Every
 * body is checked byte for byte when the client finally reads it.  The
 * temp file is found through /proc/WORKER/fd, which also shows its
 * proxy_temp_path levels.
 */

#include "rp_test.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RP_BIG        (32UL * 1024 * 1024)
#define RP_RSS_LIMIT  (12L * 1024)     /* KiB the worker may grow by */

#define rp_nelems_t(a)  (sizeof(a) / sizeof((a)[0]))

static const struct rp_test_origin_rule  rp_rules[] = {
    { .path = "/big", .body_size = RP_BIG, .piece = 256 * 1024 },
    { .path = "/xno", .body_size = RP_BIG, .piece = 256 * 1024,
      .headers = "X-Accel-Buffering: no\r\n" },
    { .path = "/xyes", .body_size = RP_BIG, .piece = 256 * 1024,
      .headers = "X-Accel-Buffering: yes\r\n" },
    { .path = "/chunked", .mode = RP_TEST_ORIGIN_CHUNKED,
      .body_size = 12 * 1024 * 1024 + 17, .piece = 10000 },
    { .path = "/eof", .mode = RP_TEST_ORIGIN_EOF,
      .body_size = 12 * 1024 * 1024 + 5 },
    { .path = NULL, .body = "hello\n" },
};


/* One worker; locations for each variant, all proxying to PORT1. */
static pid_t
rp_start(void)
{
    /* workers (as "user") must reach DIR/proxy_temp */
    ck_assert_int_eq(chmod(rp_t->dir, 0755), 0);
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "worker_processes 1;\n"
        "error_log logs/error.log info;\n"
        "pid logs/rampart.pid;\n"
        "events {\n"
        "    worker_connections 64;\n"
        "}\n"
        "http {\n"
        "    upstream ka {\n"
        "        server 127.0.0.1:%%PORT1%%;\n"
        "        keepalive 4;\n"
        "    }\n"
        "    server {\n"
        "        listen 127.0.0.1:%%PORT0%%;\n"
        "        location / {\n"
        "            proxy_pass http://127.0.0.1:%%PORT1%%;\n"
        "        }\n"
        "        location /off/ {\n"
        "            proxy_pass http://127.0.0.1:%%PORT1%%/;\n"
        "            proxy_buffering off;\n"
        "        }\n"
        "        location /notemp/ {\n"
        "            proxy_pass http://127.0.0.1:%%PORT1%%/;\n"
        "            proxy_max_temp_file_size 0;\n"
        "            proxy_buffers 4 8k;\n"
        "        }\n"
        "        location /ign/ {\n"
        "            proxy_pass http://127.0.0.1:%%PORT1%%/;\n"
        "            proxy_ignore_headers X-Accel-Buffering;\n"
        "        }\n"
        "        location /lv/ {\n"
        "            proxy_pass http://127.0.0.1:%%PORT1%%/;\n"
        "            proxy_temp_path ptemp 1 2;\n"
        "            proxy_buffers 16 4k;\n"
        "            proxy_busy_buffers_size 32k;\n"
        "            proxy_temp_file_write_size 64k;\n"
        "        }\n"
        "        location /ka/ {\n"
        "            proxy_pass http://ka/;\n"
        "            proxy_http_version 1.1;\n"
        "            proxy_set_header Connection \"\";\n"
        "        }\n"
        "    }\n"
        "}\n");
    return rp_test_start(rp_t, 1, (char *) NULL);
}


/* VmRSS of <pid> in KiB, or -1. */
static long
rp_rss_kb(pid_t pid)
{
    char        *text;
    const char  *p;
    long         kb;

    text = rp_test_read_file(rp_test_fmt("/proc/%d/status", (int) pid), NULL);
    p = text ? strstr(text, "VmRSS:") : NULL;
    kb = p ? strtol(p + 6, NULL, 10) : -1;
    free(text);
    return kb;
}


/*
 * Size of the worker's open temp file under <dir> (a path part), its
 * path in <path>; -1 if it has none.
 */
static long
rp_temp_file(pid_t worker, const char *dir, char *path, size_t size)
{
    DIR            *d;
    struct dirent  *e;
    struct stat     st;
    char            target[1024];
    long            found;

    d = opendir(rp_test_fmt("/proc/%d/fd", (int) worker));
    ck_assert_ptr_nonnull(d);
    found = -1;

    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.'
            || rp_test_fd_target(worker, (int) strtol(e->d_name, NULL, 10),
                                 target, sizeof(target)) == NULL
            || strstr(target, dir) == NULL
            || stat(rp_test_fmt("/proc/%d/fd/%s", (int) worker, e->d_name),
                    &st) != 0)
        {
            continue;
        }
        snprintf(path, size, "%s", target);
        found = (long) st.st_size;
    }

    closedir(d);
    return found;
}


/*
 * Waits until the temp file holds at least <len> bytes and, with
 * <stable>, has not grown for 300 ms; its path in <path>.
 */
static int
rp_wait_temp_file(pid_t worker, const char *dir, long len, int stable,
    char *path, size_t size)
{
    long  deadline, n, last, since;

    deadline = rp_test_now_ms() + rp_test_ms(8000);
    last = -1;
    since = rp_test_now_ms();

    for ( ;; ) {
        n = rp_temp_file(worker, dir, path, size);
        if (n != last) {
            last = n;
            since = rp_test_now_ms();
        }
        if (n >= len && (!stable || rp_test_now_ms() - since >= 300)) {
            return 1;
        }
        if (rp_test_now_ms() > deadline) {
            return 0;
        }
        rp_test_msleep(10);
    }
}


/* Opens a connection with a small receive buffer and sends a GET. */
static int
rp_open_get(const char *uri)
{
    const char  *req;
    int          fd, rcvbuf;

    fd = rp_test_connect(rp_t->port[0]);
    ck_assert_int_ne(fd, -1);
    rcvbuf = 64 * 1024;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    req = rp_test_fmt("GET %s HTTP/1.1\r\nHost: a\r\n\r\n", uri);
    ck_assert(send(fd, req, strlen(req), MSG_NOSIGNAL)
              == (ssize_t) strlen(req));
    return fd;
}


/* Reads the response header (byte by byte) into <head>. */
static void
rp_read_head(int fd, char *head, size_t size)
{
    size_t   n;
    ssize_t  rc;

    for (n = 0; n < size - 1; n++) {
        rc = recv(fd, head + n, 1, 0);
        ck_assert_int_eq(rc, 1);
        head[n + 1] = '\0';
        if (n >= 3 && memcmp(head + n - 3, "\r\n\r\n", 4) == 0) {
            return;
        }
    }
    ck_abort_msg("no end of the header");
}


/*
 * Reads <len> body bytes (the origin's pattern), 256 KiB at a time,
 * tracking the worker's RSS peak in <peak>.
 */
static void
rp_read_body(int fd, size_t len, pid_t worker, long *peak)
{
    char     *buf;
    size_t    got, i;
    ssize_t   n;
    long      rss, deadline;

    buf = malloc(256 * 1024);
    ck_assert_ptr_nonnull(buf);
    got = 0;
    deadline = rp_test_now_ms() + rp_test_ms(20000);

    while (got < len && rp_test_now_ms() < deadline) {
        n = recv(fd, buf, 256 * 1024, 0);
        ck_assert_msg(n > 0, "recv: %zd after %zu bytes", n, got);
        for (i = 0; i < (size_t) n; i++, got++) {
            if (buf[i] != rp_test_origin_byte(got)) {
                ck_abort_msg("body byte %zu differs", got);
            }
        }
        rss = rp_rss_kb(worker);
        *peak = rss > *peak ? rss : *peak;
    }

    free(buf);
    ck_assert_msg(got == len, "got %zu of %zu body bytes", got, len);
}


/* The one worker of <master>. */
static pid_t
rp_worker(pid_t master)
{
    pid_t  worker;

    ck_assert_int_eq(rp_test_workers(master, &worker, 1), 1);
    return worker;
}


/* Waits up to <ms> for the origin to have closed <n> connections. */
static int
rp_wait_closed(int n, long ms)
{
    long  deadline;

    deadline = rp_test_now_ms() + rp_test_ms(ms);
    while (rp_test_origin_closed(rp_t, rp_t->port[1]) < n) {
        if (rp_test_now_ms() > deadline) {
            return 0;
        }
        rp_test_msleep(10);
    }
    return 1;
}


START_TEST(buffering_releases_the_origin_before_a_slow_client_reads)
{
    char   head[4096], path[1024];
    pid_t  worker;
    long   base, peak;
    int    fd;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    worker = rp_worker(rp_start());
    base = rp_rss_kb(worker);
    ck_assert_int_gt(base, 0);

    /* the client reads nothing but the header */
    fd = rp_open_get("/big");
    rp_read_head(fd, head, sizeof(head));
    ck_assert_msg(rp_test_contains(head, "HTTP/1.1 200"), "%s", head);
    ck_assert(rp_test_contains(head, rp_test_fmt("Content-Length: %lu",
                                                 RP_BIG)));

    /* yet the origin finishes: all it sent is held by the proxy, the
     * bulk in the temp file (not in memory) */
    ck_assert_msg(rp_wait_closed(1, 8000), "the origin was held back");
    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 1);
    ck_assert(rp_temp_file(worker, "proxy_temp", path, sizeof(path))
              > (long) RP_BIG / 2);
    ck_assert(rp_test_contains(path, rp_test_fmt("%s/proxy_temp/",
                                                 rp_t->dir)));
    ck_assert(rp_test_log_wait(rp_t, "info", "a response is buffered to a "
                               "temporary file", 1, 1000));

    peak = rp_rss_kb(worker);
    rp_read_body(fd, RP_BIG, worker, &peak);
    close(fd);
    ck_assert_msg(peak - base < RP_RSS_LIMIT,
                  "worker RSS grew from %ld to %ld KiB", base, peak);
}
END_TEST


START_TEST(buffered_keepalive_connection_serves_the_next_request_at_once)
{
    struct rp_test_http_resp   resp;
    struct rp_test_origin_req  req;
    char                       head[4096], path[1024];
    pid_t                      worker;
    long                       peak;
    int                        fd;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    worker = rp_worker(rp_start());

    fd = rp_open_get("/ka/big");
    rp_read_head(fd, head, sizeof(head));
    ck_assert(rp_wait_temp_file(worker, "proxy_temp", (long) RP_BIG / 2, 1,
                                path, sizeof(path)));

    /* the first client still has megabytes to read; the connection to
     * the origin is already back in the keep-alive cache */
    ck_assert_int_eq(rp_test_http_get(rp_t->port[0],
                                      "GET /ka/small HTTP/1.1\r\nHost: a\r\n"
                                      "\r\n", 36, &resp, 0), 1);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_str_eq(resp.body, "hello\n");
    rp_test_http_resp_free(&resp);

    ck_assert_int_eq(rp_test_origin_conns(rp_t, rp_t->port[1]), 1);
    ck_assert_int_eq(rp_test_origin_request(rp_t, rp_t->port[1], 2, &req), 1);
    ck_assert_str_eq(req.line, "GET /small HTTP/1.1");
    ck_assert_int_eq(req.seq, 2);
    rp_test_origin_req_free(&req);

    peak = 0;
    rp_read_body(fd, RP_BIG, worker, &peak);
    close(fd);
}
END_TEST


/*
 * The client pauses after the header: the origin must still be sending
 * (held back) after <ms>, with no temp file; then the body is read.
 */
static void
rp_check_held_back(const char *uri, long ms)
{
    char   head[4096], path[1024];
    pid_t  worker;
    long   base, peak;
    int    fd;

    worker = rp_worker(rp_start());
    base = rp_rss_kb(worker);

    fd = rp_open_get(uri);
    rp_read_head(fd, head, sizeof(head));
    ck_assert_msg(!rp_test_contains(head, "X-Accel"), "%s", head);
    rp_test_msleep(ms);

    ck_assert_int_eq(rp_test_origin_nrequests(rp_t, rp_t->port[1]), 1);
    ck_assert_int_eq(rp_test_origin_closed(rp_t, rp_t->port[1]), 0);
    ck_assert_int_eq(rp_temp_file(worker, "proxy_temp", path, sizeof(path)),
                     -1);

    peak = base;
    rp_read_body(fd, RP_BIG, worker, &peak);
    close(fd);
    ck_assert_msg(peak - base < RP_RSS_LIMIT,
                  "worker RSS grew from %ld to %ld KiB", base, peak);
    ck_assert_int_eq(rp_test_log_count(rp_t, NULL, "temporary file"), 0);
}


START_TEST(buffering_off_holds_the_origin_back)
{
    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    rp_check_held_back("/off/big", 700);
}
END_TEST


START_TEST(max_temp_file_size_0_holds_the_origin_back_in_bounded_memory)
{
    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    rp_check_held_back("/notemp/big", 700);
}
END_TEST


START_TEST(x_accel_buffering_no_turns_buffering_off_and_is_not_passed)
{
    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    rp_check_held_back("/xno", 700);
}
END_TEST


/* The origin finishes while the client pauses; the field is hidden. */
static void
rp_check_buffered(const char *uri)
{
    char   head[4096];
    pid_t  worker;
    long   peak;
    int    fd;

    worker = rp_worker(rp_start());
    fd = rp_open_get(uri);
    rp_read_head(fd, head, sizeof(head));
    ck_assert_msg(!rp_test_contains(head, "X-Accel"), "%s", head);
    ck_assert_msg(rp_wait_closed(1, 8000), "the origin was held back");

    peak = 0;
    rp_read_body(fd, RP_BIG, worker, &peak);
    close(fd);
}


START_TEST(x_accel_buffering_yes_turns_buffering_on)
{
    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    rp_check_buffered("/off/xyes");
}
END_TEST


START_TEST(proxy_ignore_headers_x_accel_buffering_keeps_buffering)
{
    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    rp_check_buffered("/ign/xno");
}
END_TEST


START_TEST(proxy_temp_path_levels_hold_the_temp_file)
{
    char     head[4096], path[1024];
    regex_t  re;
    pid_t    worker;
    long     peak;
    int      fd;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    worker = rp_worker(rp_start());

    fd = rp_open_get("/lv/big");
    rp_read_head(fd, head, sizeof(head));
    ck_assert(rp_wait_temp_file(worker, "/ptemp/", 1, 0, path,
                                sizeof(path)));

    /* DIR/ptemp/D/DD/<unnamed or unlinked file> */
    ck_assert_int_eq(regcomp(&re, "/ptemp/[0-9]/[0-9]{2}/[^/]+ \\(deleted\\)$",
                             REG_EXTENDED | REG_NOSUB), 0);
    ck_assert_msg(regexec(&re, path, 0, NULL, 0) == 0, "temp file %s", path);
    regfree(&re);
    ck_assert_msg(rp_test_contains(path, rp_t->dir), "temp file %s", path);
    ck_assert_msg(rp_wait_closed(1, 8000), "the origin was held back");

    peak = 0;
    rp_read_body(fd, RP_BIG, worker, &peak);
    close(fd);
}
END_TEST


START_TEST(small_response_uses_no_temp_file)
{
    struct rp_test_http_resp  resp;
    int                       i;

    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    rp_start();

    for (i = 0; i < 3; i++) {
        ck_assert_int_eq(rp_test_http_get(rp_t->port[0],
                                          "GET /s HTTP/1.1\r\nHost: a\r\n\r\n",
                                          29, &resp, 0), 1);
        ck_assert_int_eq(resp.status, 200);
        ck_assert_str_eq(resp.body, "hello\n");
        rp_test_http_resp_free(&resp);
    }
    ck_assert_int_eq(rp_test_log_count(rp_t, NULL, "temporary file"), 0);
}
END_TEST


/* A chunked or close-delimited body, buffered while the client pauses. */
static void
rp_check_paused_body(const char *uri, size_t len, int closes)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    size_t                    i;
    int                       rcvbuf;

    rp_start();
    rp_test_http_open(&h, rp_t->port[0]);
    rcvbuf = 64 * 1024;
    setsockopt(h.fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    rp_test_http_send_str(&h, rp_test_fmt("GET %s HTTP/1.1\r\nHost: a\r\n\r\n",
                                          uri));
    if (closes) {
        ck_assert_msg(rp_wait_closed(1, 8000), "the origin was held back");
    } else {
        ck_assert(rp_test_log_wait(rp_t, "info", "temporary file", 1, 8000));
    }

    ck_assert_int_eq(rp_test_http_read_response(&h, &resp, 0, 10000), 1);
    ck_assert_int_eq(resp.status, 200);
    ck_assert_uint_eq(resp.body_len, len);
    for (i = 0; i < len; i++) {
        if (resp.body[i] != rp_test_origin_byte(i)) {
            ck_abort_msg("body byte %zu differs", i);
        }
    }
    rp_test_http_resp_free(&resp);
    rp_test_http_close(&h);
}


START_TEST(chunked_body_is_buffered_byte_exact)
{
    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    rp_check_paused_body("/chunked", 12 * 1024 * 1024 + 17, 0);
}
END_TEST


START_TEST(close_delimited_body_is_buffered_byte_exact)
{
    rp_test_origin_start(rp_t, rp_t->port[1], rp_rules, rp_nelems_t(rp_rules));
    rp_check_paused_body("/eof", 12 * 1024 * 1024 + 5, 1);
}
END_TEST


/* ---- bad values that only the merge can see ---------------------------- */

struct rp_bad {
    const char  *line;     /* at http level, line 3 */
    const char  *msg;
    int          line_no;
    int          col;
};

static const struct rp_bad  rp_bads[] = {
    { "proxy_busy_buffers_size 1k;",
      "\"proxy_busy_buffers_size\" must be equal to or greater than the "
      "maximum of the value of \"proxy_buffer_size\" and one of the "
      "\"proxy_buffers\"", 3, 29 },
    { "proxy_busy_buffers_size 64k;",
      "\"proxy_busy_buffers_size\" must be less than the size of all "
      "\"proxy_buffers\" minus one buffer", 3, 29 },
    { "proxy_temp_file_write_size 8k;",
      "\"proxy_temp_file_write_size\" must be equal to or greater than the "
      "maximum of the value of \"proxy_buffer_size\" and one of the "
      "\"proxy_buffers\"", 3, 32 },
    { "proxy_max_temp_file_size 4k;",
      "\"proxy_max_temp_file_size\" must be equal to zero to disable "
      "temporary files usage or must be equal to or greater than the "
      "maximum of the value of \"proxy_buffer_size\" and one of the "
      "\"proxy_buffers\"", 3, 30 },
    { "proxy_buffer_size 4k; proxy_buffers 3 4k; proxy_busy_buffers_size 12k;",
      "\"proxy_busy_buffers_size\" must be less than the size of all "
      "\"proxy_buffers\" minus one buffer", 3, 71 },
};


START_TEST(inconsistent_buffer_sizes_are_rejected_with_their_position)
{
    const struct rp_bad  *b = &rp_bads[_i];
    struct rp_test_run    r;
    char                  conf[1024];
    const char           *want;

    RP_TEST_PRINT(conf, "events { }\nhttp {\n    %s\n    server {\n"
                        "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
                        "        location / { }\n    }\n}\n", b->line);
    rp_test_write_conf(rp_t, "proxy.conf", conf);

    rp_test_run(rp_t, &r, "-t", (char *) NULL);
    want = rp_test_fmt("rampart: [emerg] %s in %s:%d:%d\n", b->msg,
                       rp_t->conf, b->line_no, b->col);
    ck_assert_msg(r.status == 1, "exit status %d; stderr:\n%s", r.status,
                  r.err);
    ck_assert_msg(rp_test_contains(r.err, want), "stderr lacks \"%s\":\n%s",
                  want, r.err);
    rp_test_run_free(&r);
}
END_TEST


START_TEST(consistent_buffer_sizes_are_accepted)
{
    struct rp_test_run  r;

    rp_test_write_conf(rp_t, "proxy.conf",
        "events { }\nhttp {\n"
        "    proxy_buffer_size 4k;\n"
        "    proxy_buffers 8 4k;\n"
        "    proxy_busy_buffers_size 8k;\n"
        "    proxy_temp_file_write_size 16k;\n"
        "    proxy_max_temp_file_size 0;\n"
        "    proxy_temp_path tmp/p 1 2 2;\n"
        "    proxy_ignore_headers x-accel-redirect Vary Set-Cookie;\n"
        "    server {\n"
        "        listen 127.0.0.1:%%PORT0%%;\n"
        "        location / {\n"
        "            proxy_buffers 4 64k;\n"
        "            proxy_busy_buffers_size 128k;\n"
        "            proxy_temp_file_write_size 64k;\n"
        "            proxy_max_temp_file_size 1m;\n"
        "        }\n"
        "    }\n"
        "}\n");
    ck_assert_msg(rp_test_run(rp_t, &r, "-t", (char *) NULL) == 0,
                  "stderr:\n%s", r.err);
    rp_test_run_free(&r);
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("proxy_buffering");

    tc = rp_test_tcase("buffered");
    tcase_add_test(tc, buffering_releases_the_origin_before_a_slow_client_reads);
    tcase_add_test(tc,
        buffered_keepalive_connection_serves_the_next_request_at_once);
    tcase_add_test(tc, proxy_temp_path_levels_hold_the_temp_file);
    tcase_add_test(tc, small_response_uses_no_temp_file);
    tcase_add_test(tc, chunked_body_is_buffered_byte_exact);
    tcase_add_test(tc, close_delimited_body_is_buffered_byte_exact);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("held_back");
    tcase_add_test(tc, buffering_off_holds_the_origin_back);
    tcase_add_test(tc,
        max_temp_file_size_0_holds_the_origin_back_in_bounded_memory);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("x_accel_buffering");
    tcase_add_test(tc,
        x_accel_buffering_no_turns_buffering_off_and_is_not_passed);
    tcase_add_test(tc, x_accel_buffering_yes_turns_buffering_on);
    tcase_add_test(tc, proxy_ignore_headers_x_accel_buffering_keeps_buffering);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("config");
    tcase_add_loop_test(tc,
        inconsistent_buffer_sizes_are_rejected_with_their_position, 0,
        (int) rp_nelems_t(rp_bads));
    tcase_add_test(tc, consistent_buffer_sizes_are_accepted);
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
