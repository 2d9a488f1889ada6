/*
 * test_http_static.c - static files through the real daemon.
 *
 * Each test writes a small document tree into its temp dir (files get a
 * fixed mtime, so Last-Modified and ETag are known in advance), starts
 * one worker and asks for files over real sockets: bodies byte for byte
 * with their Content-Type, Content-Length, Last-Modified and ETag; HEAD;
 * index and the redirect of a directory without its '/'; 404 and 403
 * with their log lines; alias (and the classic alias traversal);
 * try_files; types and default_type; conditional requests (304, 412);
 * ranges (206, 416, several ranges, If-Range); sendfile on and off; and
 * an 8 MiB file read by a slow client, with the worker's memory checked.
 */

#include "rp_test.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RP_MTIME         1700000000L     /* Tue, 14 Nov 2023 22:13:20 GMT */
#define RP_MTIME_HTTP    "Tue, 14 Nov 2023 22:13:20 GMT"
#define RP_MTIME_HEX     "6553f100"
#define RP_INDEX_BODY    "<html>hello from index</html>\n"
#define RP_MIB           (1024 * 1024)

static const char  rp_conf[] =
    "daemon off;\n"
    "worker_processes 1;\n"
    "error_log logs/error.log info;\n"
    "pid logs/rampart.pid;\n"
    "events {\n"
    "    worker_connections 64;\n"
    "}\n"
    "http {\n"
    "    include mime.types;\n"
    "    default_type application/x-default;\n"
    "    sendfile on;\n"
    "    server {\n"
    "        listen 127.0.0.1:%%PORT0%%;\n"
    "        root html;\n"
    "        location /al/ { alias data/; }\n"
    "        location /tr { alias %%DIR%%/data/; }\n"
    "        location /nosf/ { sendfile off; alias html/; }\n"
    "        location /tf/ { try_files $uri $uri/ /fallback.html; }\n"
    "        location /tf404/ { try_files $uri =404; }\n"
    "        location /types/ {\n"
    "            types { text/x-foo foo FOO2; }\n"
    "            default_type application/x-other;\n"
    "        }\n"
    "        location /noetag/ { etag off; alias html/; }\n"
    "        location /quiet/ { log_not_found off; }\n"
    "        location /idx/ { index none.html second.html; }\n"
    "    }\n"
    "}\n";


/* Writes <len> bytes to <rel> in the temp dir with the fixed mtime. */
static void
rp_put(const char *rel, const void *data, size_t len, mode_t mode)
{
    struct timeval  tv[2];
    const char     *path = rp_test_path(rp_t, rel);
    ssize_t         n;
    int             fd;

    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    ck_assert_msg(fd != -1, "open %s", path);

    while (len) {
        n = write(fd, data, len);
        ck_assert_msg(n > 0, "write %s", path);
        data = (const char *) data + n;
        len -= (size_t) n;
    }

    ck_assert_int_eq(fchmod(fd, mode), 0);
    ck_assert_int_eq(close(fd), 0);

    tv[0].tv_sec = RP_MTIME;
    tv[0].tv_usec = 0;
    tv[1] = tv[0];
    ck_assert_int_eq(utimes(path, tv), 0);
}


static void
rp_mkdir(const char *rel)
{
    const char  *path = rp_test_path(rp_t, rel);

    ck_assert_msg(mkdir(path, 0755) == 0, "mkdir %s", path);
}


/* A buffer of <len> pseudo-random bytes (malloc'ed), reproducible. */
static char *
rp_pattern(size_t len)
{
    char      *p;
    size_t     i;
    uint32_t   x = 2463534242u;

    p = malloc(len);
    ck_assert_ptr_nonnull(p);

    for (i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = (char) x;
    }

    return p;
}


/*
 * The document tree, mime.types and proxy.conf; starts one worker.
 * The temp dir is opened to others: when the tests run as root the
 * worker runs as "nobody" and must reach the files.
 */
static pid_t
rp_start(void)
{
    char  *mime;
    size_t len;

    ck_assert_int_eq(chmod(rp_t->dir, 0755), 0);

    rp_mkdir("html");
    rp_mkdir("html/dir");
    rp_mkdir("html/empty");
    rp_mkdir("html/tf");
    rp_mkdir("html/tf/sub");
    rp_mkdir("html/types");
    rp_mkdir("html/idx");
    rp_mkdir("html/noetag");
    rp_mkdir("data");

    rp_put("html/index.html", RP_INDEX_BODY, strlen(RP_INDEX_BODY), 0644);
    rp_put("html/dir/index.html", "dir index\n", 10, 0644);
    rp_put("html/style.css", "body{}\n", 7, 0644);
    rp_put("html/Photo.JPG", "jpeg", 4, 0644);
    rp_put("html/secret.txt", "secret\n", 7, 0600);
    rp_put("html/fallback.html", "fallback\n", 9, 0644);
    rp_put("html/tf/real.txt", "real\n", 5, 0644);
    rp_put("html/tf/sub/index.html", "tf sub\n", 7, 0644);
    rp_put("html/types/a.foo", "foo", 3, 0644);
    rp_put("html/types/b.FOO", "FOO", 3, 0644);
    rp_put("html/types/c.foo2", "foo2", 4, 0644);
    rp_put("html/types/d.unknownext", "x", 1, 0644);
    rp_put("html/types/page.html", "p", 1, 0644);
    rp_put("html/idx/second.html", "second\n", 7, 0644);
    rp_put("data/pic.txt", "aliased\n", 8, 0644);
    rp_put("passwd", "outside\n", 8, 0644);

    mime = rp_test_read_file("conf/mime.types", &len);
    ck_assert_msg(mime != NULL, "conf/mime.types not readable from the cwd");
    rp_put("mime.types", mime, len, 0644);
    free(mime);

    rp_test_write_conf(rp_t, "proxy.conf", rp_conf);
    return rp_test_start(rp_t, 1, (char *) NULL);
}


/* GET/HEAD <target> with <extra> header lines; checks the status. */
static void
rp_req(struct rp_test_http_resp *resp, const char *method,
    const char *target, const char *extra, int status)
{
    char  req[2048];
    int   rc, head;

    head = strcmp(method, "HEAD") == 0;

    RP_TEST_PRINT(req, "%s %s HTTP/1.1\r\nHost: a\r\n%s\r\n", method, target,
                  extra ? extra : "");

    rc = rp_test_http_get(rp_t->port[0], req, strlen(req), resp, head);
    ck_assert_msg(rc == 1, "%s %s: no complete response (rc %d)", method,
                  target, rc);
    ck_assert_msg(resp->status == status, "%s %s: status %d, want %d:\n%s",
                  method, target, resp->status, status, resp->head);
}


static void
rp_expect_header(const struct rp_test_http_resp *resp, const char *name,
    const char *want)
{
    const char  *v = rp_test_http_header(resp, name);

    if (want == NULL) {
        ck_assert_msg(v == NULL, "unexpected %s: %s in\n%s", name, v,
                      resp->head);
        return;
    }

    ck_assert_msg(v != NULL, "no %s in\n%s", name, resp->head);
    ck_assert_msg(strcmp(v, want) == 0, "%s: \"%s\", want \"%s\"", name, v,
                  want);
}


static void
rp_expect_body(const struct rp_test_http_resp *resp, const void *data,
    size_t len)
{
    ck_assert_msg(resp->body_len == len, "body of %zu bytes, want %zu",
                  resp->body_len, len);
    ck_assert_msg(memcmp(resp->body, data, len) == 0, "body differs");
}


START_TEST(file_is_served_with_type_length_date_and_etag)
{
    struct rp_test_http_resp  resp;

    rp_start();

    rp_req(&resp, "GET", "/index.html", NULL, 200);
    rp_expect_body(&resp, RP_INDEX_BODY, strlen(RP_INDEX_BODY));
    rp_expect_header(&resp, "Content-Type", "text/html");
    rp_expect_header(&resp, "Content-Length",
                     rp_test_fmt("%zu", strlen(RP_INDEX_BODY)));
    rp_expect_header(&resp, "Last-Modified", RP_MTIME_HTTP);
    rp_expect_header(&resp, "ETag", rp_test_fmt("\"" RP_MTIME_HEX "-%zx\"",
                                                strlen(RP_INDEX_BODY)));
    rp_expect_header(&resp, "Accept-Ranges", "bytes");
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/style.css", NULL, 200);
    rp_expect_header(&resp, "Content-Type", "text/css");
    rp_expect_body(&resp, "body{}\n", 7);
    rp_test_http_resp_free(&resp);

    /* the extension is matched case-insensitively */
    rp_req(&resp, "GET", "/Photo.JPG", NULL, 200);
    rp_expect_header(&resp, "Content-Type", "image/jpeg");
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/noetag/index.html", NULL, 200);
    rp_expect_header(&resp, "ETag", NULL);
    rp_expect_header(&resp, "Last-Modified", RP_MTIME_HTTP);
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(head_gets_the_header_and_no_body)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    const char               *two;
    int                       rc;

    rp_start();

    /* a HEAD then a GET on one connection: any stray body byte of the
     * HEAD would corrupt the second response */
    two = "HEAD /index.html HTTP/1.1\r\nHost: a\r\n\r\n"
          "GET /style.css HTTP/1.1\r\nHost: a\r\n\r\n";

    rp_test_http_open(&h, rp_t->port[0]);
    ck_assert_int_eq(rp_test_http_send_str(&h, two), 0);

    rc = rp_test_http_read_response(&h, &resp, 1, 3000);
    ck_assert_int_eq(rc, 1);
    ck_assert_int_eq(resp.status, 200);
    rp_expect_header(&resp, "Content-Length",
                     rp_test_fmt("%zu", strlen(RP_INDEX_BODY)));
    rp_expect_header(&resp, "ETag", rp_test_fmt("\"" RP_MTIME_HEX "-%zx\"",
                                                strlen(RP_INDEX_BODY)));
    rp_test_http_resp_free(&resp);

    rc = rp_test_http_read_response(&h, &resp, 0, 3000);
    ck_assert_int_eq(rc, 1);
    ck_assert_int_eq(resp.status, 200);
    rp_expect_body(&resp, "body{}\n", 7);
    rp_test_http_resp_free(&resp);

    rp_test_http_close(&h);
}
END_TEST


START_TEST(index_serves_the_directory_and_redirects_without_slash)
{
    struct rp_test_http_resp  resp;

    rp_start();

    rp_req(&resp, "GET", "/", NULL, 200);
    rp_expect_body(&resp, RP_INDEX_BODY, strlen(RP_INDEX_BODY));
    rp_expect_header(&resp, "Content-Type", "text/html");
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/dir/", NULL, 200);
    rp_expect_body(&resp, "dir index\n", 10);
    rp_test_http_resp_free(&resp);

    /* "index none.html second.html": the first that exists */
    rp_req(&resp, "GET", "/idx/", NULL, 200);
    rp_expect_body(&resp, "second\n", 7);
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/dir?a=1", NULL, 301);
    rp_expect_header(&resp, "Location", "/dir/?a=1");
    rp_test_http_resp_free(&resp);

    /* the decoded path is encoded again in the Location */
    rp_mkdir("html/a b");
    rp_req(&resp, "GET", "/a%20b", NULL, 301);
    rp_expect_header(&resp, "Location", "/a%20b/");
    rp_test_http_resp_free(&resp);

    /* a directory without an index file is not listed */
    rp_req(&resp, "GET", "/empty/", NULL, 403);
    rp_test_http_resp_free(&resp);
    ck_assert(rp_test_log_wait(rp_t, "error", "directory index of \"", 1,
                               2000));
}
END_TEST


START_TEST(missing_file_is_404_and_logged_unless_log_not_found_off)
{
    struct rp_test_http_resp  resp;

    rp_start();

    rp_req(&resp, "GET", "/nothing.html", NULL, 404);
    rp_test_http_resp_free(&resp);
    ck_assert(rp_test_log_wait(rp_t, "error",
                               "/html/nothing.html\" failed (2: ", 1, 2000));

    rp_req(&resp, "GET", "/quiet/nothing.html", NULL, 404);
    rp_test_http_resp_free(&resp);
    rp_req(&resp, "GET", "/nothing.html", NULL, 404);
    rp_test_http_resp_free(&resp);

    /* the second logged line arrived, the quiet one never did */
    ck_assert(rp_test_log_wait(rp_t, "error",
                               "/html/nothing.html\" failed (2: ", 2, 2000));
    ck_assert_int_eq(rp_test_log_count(rp_t, NULL, "quiet/nothing"), 0);

    /* other methods are not allowed on files */
    rp_req(&resp, "DELETE", "/index.html", NULL, 405);
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(unreadable_file_is_403)
{
    struct rp_test_http_resp  resp;

    /*
     * secret.txt is 0600.  As root the master runs the worker as
     * "nobody", who may not read a root-owned 0600 file; as another
     * user, the file is made 0000 so its owner cannot read it either.
     */
    rp_start();

    if (geteuid() != 0) {
        ck_assert_int_eq(chmod(rp_test_path(rp_t, "html/secret.txt"), 0), 0);
    }

    rp_req(&resp, "GET", "/secret.txt", NULL, 403);
    rp_test_http_resp_free(&resp);
    ck_assert(rp_test_log_wait(rp_t, "error", "secret.txt\" failed (13: ", 1,
                               2000));
}
END_TEST


START_TEST(alias_maps_the_location_and_cannot_be_climbed_out_of)
{
    struct rp_test_http_resp  resp;

    rp_start();

    rp_req(&resp, "GET", "/al/pic.txt", NULL, 200);
    rp_expect_body(&resp, "aliased\n", 8);
    rp_expect_header(&resp, "Content-Type", "text/plain");
    rp_test_http_resp_free(&resp);

    /* "location /tr { alias DIR/data/; }": "/tr../passwd" would be
     * DIR/data/../passwd if the seam were not checked */
    rp_req(&resp, "GET", "/tr../passwd", NULL, 404);
    ck_assert_msg(strstr(resp.body, "outside") == NULL, "escaped the alias");
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/tr/pic.txt", NULL, 200);
    rp_expect_body(&resp, "aliased\n", 8);
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(try_files_serves_the_first_match_or_falls_back)
{
    struct rp_test_http_resp  resp;

    rp_start();

    rp_req(&resp, "GET", "/tf/real.txt", NULL, 200);
    rp_expect_body(&resp, "real\n", 5);
    rp_test_http_resp_free(&resp);

    /* $uri/ : the directory's index */
    rp_req(&resp, "GET", "/tf/sub", NULL, 200);
    rp_expect_body(&resp, "tf sub\n", 7);
    rp_test_http_resp_free(&resp);

    /* neither: internal redirect to /fallback.html */
    rp_req(&resp, "GET", "/tf/missing", NULL, 200);
    rp_expect_body(&resp, "fallback\n", 9);
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/tf404/missing", NULL, 404);
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(types_block_and_default_type_choose_content_type)
{
    struct rp_test_http_resp  resp;

    rp_start();

    rp_req(&resp, "GET", "/types/a.foo", NULL, 200);
    rp_expect_header(&resp, "Content-Type", "text/x-foo");
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/types/b.FOO", NULL, 200);
    rp_expect_header(&resp, "Content-Type", "text/x-foo");
    rp_test_http_resp_free(&resp);

    /* an extension written in upper case in the block matches too */
    rp_req(&resp, "GET", "/types/c.foo2", NULL, 200);
    rp_expect_header(&resp, "Content-Type", "text/x-foo");
    rp_test_http_resp_free(&resp);

    /* the location's types replace the http level's: html is unknown */
    rp_req(&resp, "GET", "/types/page.html", NULL, 200);
    rp_expect_header(&resp, "Content-Type", "application/x-other");
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/types/d.unknownext", NULL, 200);
    rp_expect_header(&resp, "Content-Type", "application/x-other");
    rp_test_http_resp_free(&resp);

    rp_put("html/plain.zzz", "z", 1, 0644);
    rp_req(&resp, "GET", "/plain.zzz", NULL, 200);
    rp_expect_header(&resp, "Content-Type", "application/x-default");
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(conditional_requests_give_304_and_412)
{
    struct rp_test_http_resp  resp;
    const char               *etag;

    rp_start();

    etag = rp_test_fmt("\"" RP_MTIME_HEX "-%zx\"", strlen(RP_INDEX_BODY));

    rp_req(&resp, "GET", "/index.html",
           rp_test_fmt("If-None-Match: \"other\", %s\r\n", etag), 304);
    ck_assert_uint_eq(resp.body_len, 0);
    rp_expect_header(&resp, "ETag", etag);
    rp_expect_header(&resp, "Content-Length", NULL);
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/index.html", "If-None-Match: \"other\"\r\n", 200);
    rp_expect_body(&resp, RP_INDEX_BODY, strlen(RP_INDEX_BODY));
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/index.html",
           "If-Modified-Since: " RP_MTIME_HTTP "\r\n", 304);
    rp_expect_header(&resp, "Last-Modified", RP_MTIME_HTTP);
    rp_test_http_resp_free(&resp);

    /* the same instant in the RFC 850 and asctime forms */
    rp_req(&resp, "GET", "/index.html",
           "If-Modified-Since: Tuesday, 14-Nov-23 22:13:20 GMT\r\n", 304);
    rp_test_http_resp_free(&resp);
    rp_req(&resp, "GET", "/index.html",
           "If-Modified-Since: Tue Nov 14 22:13:20 2023\r\n", 304);
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/index.html",
           "If-Modified-Since: Tue, 14 Nov 2023 22:13:19 GMT\r\n", 200);
    rp_test_http_resp_free(&resp);

    /* If-None-Match wins over If-Modified-Since (RFC 9110 13.1.3) */
    rp_req(&resp, "GET", "/index.html", "If-None-Match: \"other\"\r\n"
           "If-Modified-Since: " RP_MTIME_HTTP "\r\n", 200);
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/index.html", "If-Match: \"other\"\r\n", 412);
    rp_test_http_resp_free(&resp);
    rp_req(&resp, "GET", "/index.html", rp_test_fmt("If-Match: %s\r\n", etag),
           200);
    rp_test_http_resp_free(&resp);
    rp_req(&resp, "GET", "/index.html",
           "If-Unmodified-Since: Mon, 13 Nov 2023 00:00:00 GMT\r\n", 412);
    rp_test_http_resp_free(&resp);
}
END_TEST


START_TEST(ranges_give_206_416_or_the_whole_file)
{
    struct rp_test_http_resp  resp;
    char                     *big;
    const char               *etag;

    rp_start();

    big = rp_pattern(RP_MIB);
    rp_put("html/big.bin", big, RP_MIB, 0644);
    etag = rp_test_fmt("\"" RP_MTIME_HEX "-%x\"", RP_MIB);

    rp_req(&resp, "GET", "/big.bin", "Range: bytes=1000-1999\r\n", 206);
    rp_expect_header(&resp, "Content-Range", "bytes 1000-1999/1048576");
    rp_expect_header(&resp, "Content-Length", "1000");
    rp_expect_body(&resp, big + 1000, 1000);
    rp_test_http_resp_free(&resp);

    /* the same through memory buffers (sendfile off) */
    rp_req(&resp, "GET", "/nosf/big.bin", "Range: bytes=40000-140000\r\n",
           206);
    rp_expect_header(&resp, "Content-Range", "bytes 40000-140000/1048576");
    rp_expect_body(&resp, big + 40000, 100001);
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/big.bin", "Range: bytes=-10\r\n", 206);
    rp_expect_header(&resp, "Content-Range",
                     "bytes 1048566-1048575/1048576");
    rp_expect_body(&resp, big + RP_MIB - 10, 10);
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/big.bin", "Range: bytes=1048570-\r\n", 206);
    rp_expect_body(&resp, big + 1048570, 6);
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/big.bin", "Range: bytes=2000000-\r\n", 416);
    rp_expect_header(&resp, "Content-Range", "bytes */1048576");
    rp_test_http_resp_free(&resp);

    /* several ranges: the whole file */
    rp_req(&resp, "GET", "/big.bin", "Range: bytes=0-1,5-6\r\n", 200);
    rp_expect_body(&resp, big, RP_MIB);
    rp_test_http_resp_free(&resp);

    /* If-Range: a stale validator gets the whole file */
    rp_req(&resp, "GET", "/big.bin",
           "Range: bytes=0-9\r\nIf-Range: \"stale\"\r\n", 200);
    ck_assert_uint_eq(resp.body_len, RP_MIB);
    rp_test_http_resp_free(&resp);
    rp_req(&resp, "GET", "/big.bin",
           rp_test_fmt("Range: bytes=0-9\r\nIf-Range: %s\r\n", etag), 206);
    rp_expect_body(&resp, big, 10);
    rp_test_http_resp_free(&resp);
    rp_req(&resp, "GET", "/big.bin",
           "Range: bytes=0-9\r\nIf-Range: " RP_MTIME_HTTP "\r\n", 206);
    rp_test_http_resp_free(&resp);

    free(big);
}
END_TEST


START_TEST(sendfile_on_and_off_serve_the_same_bytes)
{
    struct rp_test_http_resp  resp;
    char                     *big;

    rp_start();

    big = rp_pattern(RP_MIB);
    rp_put("html/big.bin", big, RP_MIB, 0644);

    rp_req(&resp, "GET", "/big.bin", NULL, 200);
    rp_expect_header(&resp, "Content-Type", "application/octet-stream");
    rp_expect_body(&resp, big, RP_MIB);
    rp_test_http_resp_free(&resp);

    rp_req(&resp, "GET", "/nosf/big.bin", NULL, 200);
    rp_expect_header(&resp, "Content-Length", "1048576");
    rp_expect_body(&resp, big, RP_MIB);
    rp_test_http_resp_free(&resp);

    /* an empty file, both ways */
    rp_put("html/empty.txt", "", 0, 0644);
    rp_req(&resp, "GET", "/empty.txt", NULL, 200);
    rp_expect_header(&resp, "Content-Length", "0");
    rp_test_http_resp_free(&resp);
    rp_req(&resp, "GET", "/nosf/empty.txt", NULL, 200);
    rp_expect_header(&resp, "Content-Length", "0");
    rp_test_http_resp_free(&resp);

    free(big);
}
END_TEST


static long
rp_max_long(long a, long b)
{
    return a > b ? a : b;
}


/* VmRSS of <pid> in KiB, or -1. */
static long
rp_rss_kib(pid_t pid)
{
    char   path[64], *s, *p;
    long   kib = -1;

    RP_TEST_PRINT(path, "/proc/%d/status", (int) pid);
    s = rp_test_read_file(path, NULL);
    if (s == NULL) {
        return -1;
    }

    p = strstr(s, "VmRSS:");
    if (p) {
        kib = strtol(p + 6, NULL, 10);
    }

    free(s);
    return kib;
}


/*
 * Fetch <target> (8 MiB) through a client with a tiny receive buffer
 * that pauses before reading and then reads in small steps, so the
 * worker hits a full socket many times.  Returns the peak growth of the
 * worker's RSS in KiB.
 */
static long
rp_slow_fetch(const char *target, const char *want, size_t len,
    pid_t worker)
{
    char      req[256], buf[16384], *got;
    size_t    have, head_end, total;
    ssize_t   n;
    long      rss0, rss, peak;
    int       fd, rcvbuf = 65536, reads;
    char     *p;

    rss0 = rp_rss_kib(worker);
    peak = 0;

    fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ne(fd, -1);
    ck_assert_int_eq(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
                                sizeof(rcvbuf)), 0);
    close(fd);

    fd = rp_test_connect(rp_t->port[0]);
    ck_assert_int_ne(fd, -1);
    (void) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));

    RP_TEST_PRINT(req, "GET %s HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
                  "\r\n", target);
    ck_assert_int_eq(write(fd, req, strlen(req)), (ssize_t) strlen(req));

    rp_test_msleep(300);                /* let the worker fill the socket */

    got = malloc(len + 4096);
    ck_assert_ptr_nonnull(got);
    have = 0;
    reads = 0;

    for ( ;; ) {
        n = read(fd, buf, sizeof(buf));
        ck_assert_msg(n >= 0, "read failed");
        if (n == 0) {
            break;
        }
        ck_assert_msg(have + (size_t) n <= len + 4096, "too many bytes");
        memcpy(got + have, buf, (size_t) n);
        have += (size_t) n;

        if (++reads % 64 == 0) {
            rp_test_msleep(2);
            rss = rp_rss_kib(worker) - rss0;
            peak = rp_max_long(peak, rss);
        }
    }

    close(fd);

    p = memmem(got, have, "\r\n\r\n", 4);
    ck_assert_ptr_nonnull(p);
    head_end = (size_t) (p - got) + 4;
    ck_assert_msg(strncmp(got, "HTTP/1.1 200 ", 13) == 0, "status: %.40s",
                  got);

    total = have - head_end;
    ck_assert_msg(total == len, "%s: %zu body bytes, want %zu", target,
                  total, len);
    ck_assert_msg(memcmp(got + head_end, want, len) == 0, "%s: body differs",
                  target);

    free(got);
    return peak;
}


START_TEST(large_file_reaches_a_slow_reader_in_bounded_memory)
{
    pid_t   master, worker;
    char   *big;
    long    peak;
    size_t  len = 8 * RP_MIB + 123;

    master = rp_start();
    ck_assert_int_eq(rp_test_workers(master, &worker, 1), 1);

    big = rp_pattern(len);
    rp_put("html/large.bin", big, len, 0644);

    /* sendfile on: one file range, the kernel copies */
    peak = rp_slow_fetch("/large.bin", big, len, worker);
    ck_assert_msg(peak < 4096, "worker grew by %ld KiB (sendfile on)", peak);

    /* sendfile off: 32 KiB pieces, one at a time; holding the file in
     * memory would grow the worker by 8 MiB */
    peak = rp_slow_fetch("/nosf/large.bin", big, len, worker);
    ck_assert_msg(peak < 4096, "worker grew by %ld KiB (sendfile off)", peak);

    free(big);
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("http_static");

    tc = rp_test_tcase("files");
    tcase_add_test(tc, file_is_served_with_type_length_date_and_etag);
    tcase_add_test(tc, head_gets_the_header_and_no_body);
    tcase_add_test(tc, index_serves_the_directory_and_redirects_without_slash);
    tcase_add_test(tc, missing_file_is_404_and_logged_unless_log_not_found_off);
    tcase_add_test(tc, unreadable_file_is_403);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("mapping");
    tcase_add_test(tc, alias_maps_the_location_and_cannot_be_climbed_out_of);
    tcase_add_test(tc, try_files_serves_the_first_match_or_falls_back);
    tcase_add_test(tc, types_block_and_default_type_choose_content_type);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("conditional");
    tcase_add_test(tc, conditional_requests_give_304_and_412);
    tcase_add_test(tc, ranges_give_206_416_or_the_whole_file);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("sending");
    tcase_add_test(tc, sendfile_on_and_off_serve_the_same_bytes);
    tcase_add_test(tc, large_file_reaches_a_slow_reader_in_bounded_memory);
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
