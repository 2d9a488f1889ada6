/*
 * bench_parse.c - micro-benchmark of the request-line and header parser.
 *
 * Parses a typical browser request (about 500 bytes: Host, User-Agent,
 * Accept, Accept-Language, Accept-Encoding, Cookie, Referer, Connection
 * ...) in a loop for about 1.5 seconds and prints
 *
 *     parse: N requests/s, M MB/s
 *
 * "make bench-parse" builds it with -O2 together with the parser source
 * and runs it.  It is a regression guard for the fast paths of
 * rp_http_parse.c, not a measure of the whole server.  Usage:
 * bench_parse [SECONDS].
 */

#include "rp_config.h"

#include <time.h>

#include "rp_core.h"
#include "rp_http_parse.h"


#define RP_BENCH_HEADERS  11


static const char  rp_bench_request[] =
    "GET /articles/2024/03/how-to-parse-http.html?utm_source=news HTTP/1.1\r\n"
    "Host: www.example.org\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 "
    "Firefox/123.0\r\n"
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,"
    "image/avif,image/webp,*/*;q=0.8\r\n"
    "Accept-Language: en-US,en;q=0.5\r\n"
    "Accept-Encoding: gzip, deflate, br\r\n"
    "Referer: https://www.example.org/articles/\r\n"
    "Cookie: session=4f1c2a9be07d4e3a; theme=dark; consent=yes\r\n"
    "Connection: keep-alive\r\n"
    "Upgrade-Insecure-Requests: 1\r\n"
    "Sec-Fetch-Dest: document\r\n"
    "Sec-Fetch-Mode: navigate\r\n"
    "\r\n";


static double
rp_bench_now(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}


/* Parse the request once; returns the number of header lines. */
static unsigned
rp_bench_parse_one(u_char *buf, size_t len)
{
    int                    rc;
    unsigned               n;
    u_char                *pos;
    struct rp_http_parser  hp;

    rp_http_parser_init(&hp);
    pos = buf;

    if (rp_http_parse_request_line(&hp, &pos, buf + len) != RP_OK) {
        return 0;
    }

    for (n = 0; ; n++) {
        rc = rp_http_parse_header_line(&hp, &pos, buf + len);
        if (rc != RP_OK) {
            return rc == RP_HTTP_PARSE_HEADER_DONE ? n : 0;
        }
    }
}


int
main(int argc, char **argv)
{
    u_char             buf[sizeof(rp_bench_request)];
    size_t             len, i, count;
    double             seconds, start, elapsed;
    unsigned long      sink;
    uint64_t           secs;

    seconds = 1.5;
    if (argc > 1) {
        if (rp_parse_uint((u_char *) argv[1], strlen(argv[1]), 60, &secs)
            != RP_OK || secs == 0)
        {
            fprintf(stderr, "usage: %s [SECONDS (1-60)]\n", argv[0]);
            return 1;
        }
        seconds = (double) secs;
    }

    len = sizeof(rp_bench_request) - 1;
    memcpy(buf, rp_bench_request, len);

    if (rp_bench_parse_one(buf, len) != RP_BENCH_HEADERS) {
        fprintf(stderr, "bench_parse: the sample request does not parse\n");
        return 1;
    }

    sink = 0;
    count = 0;
    start = rp_bench_now();

    do {
        for (i = 0; i < 10000; i++) {
            sink += rp_bench_parse_one(buf, len);
        }
        count += i;
        elapsed = rp_bench_now() - start;
    } while (elapsed < seconds);

    if (sink != count * RP_BENCH_HEADERS) {
        fprintf(stderr, "bench_parse: inconsistent results\n");
        return 1;
    }

    printf("parse: %.0f requests/s, %.1f MB/s (%zu-byte request, %zu in "
           "%.2f s)\n", count / elapsed, count * (double) len / elapsed / 1e6,
           len, count, elapsed);
    return 0;
}
