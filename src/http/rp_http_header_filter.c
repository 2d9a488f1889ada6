/*
 * rp_http_header_filter.c - serialising the response header.
 *
 * The last header filter: it turns r->headers_out into the status line
 * and header fields, in one buffer from r->pool, and hands it to the
 * write filter.  Values set by rampart are generated here (Server,
 * Date, Content-Type, Content-Length, Last-Modified, Connection,
 * Transfer-Encoding); extra fields come from headers_out.headers, whose
 * values were checked when they were added (no CR or LF can reach the
 * client from a header value).
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_core_module.h"
#include "rp_http_filters.h"
#include "rp_http_request.h"

#include <time.h>

struct rp_http_status_text {
    int          code;
    const char  *line;
};

static const struct rp_http_status_text  rp_http_status_lines[] = {
    { 100, "100 Continue" },
    { 101, "101 Switching Protocols" },
    { 200, "200 OK" },
    { 201, "201 Created" },
    { 202, "202 Accepted" },
    { 204, "204 No Content" },
    { 206, "206 Partial Content" },
    { 301, "301 Moved Permanently" },
    { 302, "302 Moved Temporarily" },
    { 303, "303 See Other" },
    { 304, "304 Not Modified" },
    { 307, "307 Temporary Redirect" },
    { 308, "308 Permanent Redirect" },
    { 400, "400 Bad Request" },
    { 401, "401 Unauthorized" },
    { 403, "403 Forbidden" },
    { 404, "404 Not Found" },
    { 405, "405 Not Allowed" },
    { 406, "406 Not Acceptable" },
    { 408, "408 Request Time-out" },
    { 409, "409 Conflict" },
    { 410, "410 Gone" },
    { 411, "411 Length Required" },
    { 412, "412 Precondition Failed" },
    { 413, "413 Request Entity Too Large" },
    { 414, "414 Request-URI Too Large" },
    { 415, "415 Unsupported Media Type" },
    { 416, "416 Requested Range Not Satisfiable" },
    { 417, "417 Expectation Failed" },
    { 421, "421 Misdirected Request" },
    { 429, "429 Too Many Requests" },
    { 431, "431 Request Header Fields Too Large" },
    { 500, "500 Internal Server Error" },
    { 501, "501 Not Implemented" },
    { 502, "502 Bad Gateway" },
    { 503, "503 Service Temporarily Unavailable" },
    { 504, "504 Gateway Time-out" },
    { 505, "505 HTTP Version Not Supported" },
};

static char    rp_http_date[sizeof("Sat, 28 Nov 2026 16:49:17 GMT")];
static time_t  rp_http_date_time = -1;


/* The reason phrase line for <status>, or NULL for an unknown code. */
const char *
rp_http_status_line(int status)
{
    size_t  lo, hi, mid;

    lo = 0;
    hi = rp_nelems(rp_http_status_lines);

    while (lo < hi) {
        mid = (lo + hi) / 2;

        if (rp_http_status_lines[mid].code == status) {
            return rp_http_status_lines[mid].line;
        }

        if (rp_http_status_lines[mid].code < status) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }

    return NULL;
}


/*
 * Format <t> as an IMF-fixdate ("Sat, 28 Nov 2026 16:49:17 GMT") into
 * <buf> (30 bytes).  Returns the length.
 */
size_t
rp_http_time(u_char *buf, time_t t)
{
    struct tm  tm;

    (void) gmtime_r(&t, &tm);

    return strftime((char *) buf, 30, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}


/* Whether headers_out already holds a Server / Date field. */
static void
rp_http_header_passed(struct rp_http_request *r, int *server, int *date)
{
    struct rp_http_header  *h = r->headers_out.headers.elts;
    size_t                  i;

    *server = 0;
    *date = 0;

    for (i = 0; i < r->headers_out.headers.nelts; i++) {
        if (h[i].hash == 0) {
            continue;
        }

        if (h[i].name.len == 6
            && rp_str_casecmp(h[i].name.data, (const u_char *) "server", 6)
               == 0)
        {
            *server = 1;
        } else if (h[i].name.len == 4
                   && rp_str_casecmp(h[i].name.data,
                                     (const u_char *) "date", 4) == 0)
        {
            *date = 1;
        }
    }
}


/* The Date value, formatted once per second. */
static const char *
rp_http_cached_date(void)
{
    if (rp_http_date_time != rp_time_wall) {
        rp_http_date_time = rp_time_wall;
        (void) rp_http_time((u_char *) rp_http_date, rp_time_wall);
    }

    return rp_http_date;
}


static size_t
rp_http_header_size(struct rp_http_request *r, const char *status)
{
    struct rp_http_header  *h;
    size_t                  len, i;

    len = sizeof("HTTP/1.1 \r\n") + strlen(status)
          + sizeof("Server: rampart/" RP_VERSION "\r\n")
          + sizeof("Date: Sat, 28 Nov 2026 16:49:17 GMT\r\n")
          + sizeof("Content-Type: ; charset=\r\n")
          + r->headers_out.content_type.len + r->headers_out.charset.len
          + sizeof("Content-Length: 18446744073709551615\r\n")
          + sizeof("Last-Modified: Sat, 28 Nov 2026 16:49:17 GMT\r\n")
          + sizeof("Transfer-Encoding: chunked\r\n")
          + sizeof("Connection: keep-alive\r\n")
          + sizeof("\r\n");

    h = r->headers_out.headers.elts;

    for (i = 0; i < r->headers_out.headers.nelts; i++) {
        if (h[i].hash) {
            len += h[i].name.len + sizeof(": \r\n") + h[i].value.len;
        }
    }

    return len;
}


/*
 * The last header filter: write the header into one buffer and send it.
 * Returns what the write filter returns (RP_OK, RP_AGAIN, RP_ERROR).
 */
int
rp_http_header_writer(struct rp_http_request *r)
{
    struct rp_http_core_loc_conf  *clcf = rp_http_core_loc(r);
    struct rp_http_header         *h;
    struct rp_chain                out;
    struct rp_buf                 *b;
    const char                    *status;
    char                           unknown[16];
    int                            has_server, has_date;
    u_char                        *p;
    size_t                         i;

    if (r->header_sent) {
        return RP_OK;
    }

    r->header_sent = 1;

    status = rp_http_status_line(r->headers_out.status);
    if (status == NULL) {
        (void) snprintf(unknown, sizeof(unknown), "%03d",
                        r->headers_out.status);
        status = unknown;
    }

    b = rp_buf_create_temp(r->pool, rp_http_header_size(r, status));
    if (b == NULL) {
        return RP_ERROR;
    }

    p = b->last;
    p = rp_cpymem(p, "HTTP/1.1 ", 9);
    p = rp_cpymem(p, status, strlen(status));
    p = rp_cpymem(p, "\r\n", 2);

    /* a Server or Date passed on from a backend replaces rampart's */
    rp_http_header_passed(r, &has_server, &has_date);

    if (has_server) {
        /* proxy_pass_header Server */
    } else if (clcf->server_tokens) {
        p = rp_cpymem(p, "Server: rampart/" RP_VERSION "\r\n",
                      sizeof("Server: rampart/" RP_VERSION "\r\n") - 1);
    } else {
        p = rp_cpymem(p, "Server: rampart\r\n", 17);
    }

    if (!has_date) {
        p = rp_cpymem(p, "Date: ", 6);
        p = rp_cpymem(p, rp_http_cached_date(), sizeof(rp_http_date) - 1);
        p = rp_cpymem(p, "\r\n", 2);
    }

    if (r->headers_out.content_type.len) {
        p = rp_cpymem(p, "Content-Type: ", 14);
        p = rp_cpymem(p, r->headers_out.content_type.data,
                      r->headers_out.content_type.len);
        if (r->headers_out.charset.len) {
            p = rp_cpymem(p, "; charset=", 10);
            p = rp_cpymem(p, r->headers_out.charset.data,
                          r->headers_out.charset.len);
        }
        p = rp_cpymem(p, "\r\n", 2);
    }

    if (r->headers_out.content_length_n >= 0) {
        p = rp_cpymem(p, "Content-Length: ", 16);
        p = rp_sprint_uint(p, (uint64_t) r->headers_out.content_length_n);
        p = rp_cpymem(p, "\r\n", 2);
    }

    if (r->headers_out.last_modified_time >= 0) {
        p = rp_cpymem(p, "Last-Modified: ", 15);
        p += rp_http_time(p, r->headers_out.last_modified_time);
        p = rp_cpymem(p, "\r\n", 2);
    }

    if (r->headers_out.chunked) {
        p = rp_cpymem(p, "Transfer-Encoding: chunked\r\n", 28);
    }

    if (r->headers_out.status == RP_HTTP_SWITCHING_PROTOCOLS) {
        /* the proxy supplies "Connection: upgrade" itself */
    } else if (r->keepalive) {
        if (r->http_version == RP_HTTP_VERSION_10) {
            p = rp_cpymem(p, "Connection: keep-alive\r\n", 24);
        }
    } else {
        p = rp_cpymem(p, "Connection: close\r\n", 19);
    }

    h = r->headers_out.headers.elts;

    for (i = 0; i < r->headers_out.headers.nelts; i++) {
        if (h[i].hash == 0) {
            continue;
        }

        p = rp_cpymem(p, h[i].name.data, h[i].name.len);
        *p++ = ':';
        *p++ = ' ';
        p = rp_cpymem(p, h[i].value.data, h[i].value.len);
        *p++ = '\r';
        *p++ = '\n';
    }

    *p++ = '\r';
    *p++ = '\n';

    b->last = p;
    r->header_size = b->last - b->pos;

    out.buf = b;
    out.next = NULL;

    if (r->header_only) {
        b->last_buf = 1;
        return rp_http_write_filter(r, &out);
    }

    /*
     * A body follows: the header waits in r->out and leaves with the
     * first body bytes in one writev() (one system call, and one TCP
     * segment for a small response).  Whoever ends the response flushes
     * r->out (the last buffer, or finalize's writer).
     */
    return rp_chain_append_copy(r->pool, &r->out, &out);
}
