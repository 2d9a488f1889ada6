/*
 * rp_http_request.c - reading and checking a request, and ending it.
 *
 * The request line and header fields are parsed in place in the
 * connection's header buffer (client_header_buffer_size); a line that
 * does not fit moves to one of large_client_header_buffers, and a line
 * longer than one of those is rejected (414 for the request line, 431
 * for a header).  After the header section the framing is checked as
 * strictly as RFC 9112 asks, because a proxy that frames a message
 * differently from its backend is a request-smuggling hole:
 *
 *   - HTTP/1.1 without Host, or more than one Host        -> 400
 *   - Content-Length and Transfer-Encoding together       -> 400
 *   - Content-Length values that differ, or not digits    -> 400
 *   - Transfer-Encoding other than a final "chunked"      -> 501 / 400
 *   - Transfer-Encoding in an HTTP/1.0 request            -> 400
 *   - Expect other than 100-continue                      -> 417
 *
 * A rejected request gets its error response with "Connection: close"
 * and nothing after it on the connection is read as a request.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http.h"
#include "rp_http_connection.h"
#include "rp_http_core_module.h"
#include "rp_http_filters.h"
#include "rp_http_location.h"
#include "rp_http_request.h"
#include "rp_http_server_name.h"
#include "rp_http_variables.h"

#include <sys/socket.h>

/*
 * A proxied request's structures (the request, its header lists, the
 * proxy's state and the request it builds) take about 6 KiB: one block
 * of 8 KiB holds them all, where 4 KiB needed a second block and a
 * separate allocation for the largest piece on every request.
 */
#define RP_HTTP_REQUEST_POOL_BLOCK  8192
#define RP_HTTP_REQUEST_POOL_MAX    (64 * 1024 * 1024)

static void rp_http_process_request_headers(struct rp_event *rev);
static void rp_http_reject(struct rp_http_request *r, int status,
    const char *why);
static void rp_http_request_read_handler(struct rp_event *rev);
static void rp_http_request_write_handler(struct rp_event *rev);

struct rp_http_header_in_handler {
    const char   *name;          /* lowercase */
    size_t        offset;        /* of the pointer in headers_in */
    unsigned      unique:1;      /* a second one is a 400 */
    uint32_t      hash;          /* rp_http_hash of name, set at first use */
};

static int  rp_http_headers_in_hashed;

static struct rp_http_header_in_handler  rp_http_headers_in[] = {
    { "host", offsetof(struct rp_http_headers_in, host), 1, 0 },
    { "connection", offsetof(struct rp_http_headers_in, connection), 0, 0 },
    { "content-length",
      offsetof(struct rp_http_headers_in, content_length), 0, 0 },
    { "transfer-encoding",
      offsetof(struct rp_http_headers_in, transfer_encoding), 1, 0 },
    { "expect", offsetof(struct rp_http_headers_in, expect), 0, 0 },
    { "upgrade", offsetof(struct rp_http_headers_in, upgrade), 0, 0 },
    { "if-modified-since",
      offsetof(struct rp_http_headers_in, if_modified_since), 0, 0 },
    { "if-unmodified-since",
      offsetof(struct rp_http_headers_in, if_unmodified_since), 0, 0 },
    { "if-none-match",
      offsetof(struct rp_http_headers_in, if_none_match), 0, 0 },
    { "if-match", offsetof(struct rp_http_headers_in, if_match), 0, 0 },
    { "if-range", offsetof(struct rp_http_headers_in, if_range), 0, 0 },
    { "range", offsetof(struct rp_http_headers_in, range), 0, 0 },
    { "user-agent", offsetof(struct rp_http_headers_in, user_agent), 0, 0 },
    { "referer", offsetof(struct rp_http_headers_in, referer), 0, 0 },
    { "content-type", offsetof(struct rp_http_headers_in, content_type), 0, 0 },
    { "x-forwarded-for",
      offsetof(struct rp_http_headers_in, x_forwarded_for), 0, 0 },
    { "cookie", offsetof(struct rp_http_headers_in, cookie), 0, 0 },
};


/*
 * A new request on connection <c>, whose first bytes are in the
 * connection's header buffer.  NULL on allocation failure.
 */
struct rp_http_request *
rp_http_create_request(struct rp_connection *c)
{
    struct rp_http_connection      *hc = c->data;
    struct rp_http_core_main_conf  *cmcf;
    struct rp_http_core_srv_conf   *cscf;
    struct rp_http_request         *r;
    struct rp_pool                 *pool;

    pool = rp_pool_create(RP_HTTP_REQUEST_POOL_BLOCK, RP_HTTP_REQUEST_POOL_MAX,
                          &c->log);
    if (pool == NULL) {
        return NULL;
    }

    r = rp_pcalloc(pool, sizeof(struct rp_http_request));
    if (r == NULL) {
        goto failed;
    }

    r->pool = pool;
    r->connection = c;
    r->hc = hc;
    r->main_conf = hc->conf_ctx->main_conf;
    r->srv_conf = hc->conf_ctx->srv_conf;
    r->loc_conf = hc->conf_ctx->loc_conf;

    cmcf = rp_http_ctx_main_conf(hc->conf_ctx, &rp_http_core_module);
    cscf = rp_http_ctx_srv_conf(hc->conf_ctx, &rp_http_core_module);

    r->ctx = rp_pcalloc(pool, (rp_http_modules_n + 1)
                              * sizeof(void *));
    r->variables = rp_pcalloc(pool, (cmcf->variables.nelts + 1)
                                    * sizeof(struct rp_http_variable_value));

    if (r->ctx == NULL || r->variables == NULL
        || rp_array_init(&r->headers_in.headers, pool, 16,
                         sizeof(struct rp_http_header)) != RP_OK
        || rp_array_init(&r->headers_out.headers, pool, 8,
                         sizeof(struct rp_http_header)) != RP_OK)
    {
        goto failed;
    }

    r->header_in = hc->buf;
    r->item_start = hc->buf->pos;
    rp_http_parser_init(&r->parser);

    r->headers_in.content_length_n = -1;
    r->headers_out.content_length_n = -1;
    r->headers_out.last_modified_time = -1;
    r->http_version = RP_HTTP_VERSION_10;
    r->start_msec = rp_current_msec;
    r->start_sec = rp_time_wall;
    r->count = 1;
    r->uri_changes = 11;
    rp_str_set(&r->schema, "http");

    hc->request = r;
    hc->requests++;

    if (rp_event_add_timer(&c->read, cscf->client_header_timeout) != RP_OK) {
        goto failed;
    }

    return r;

failed:

    hc->request = NULL;
    rp_pool_destroy(pool);
    return NULL;
}


/* Release <r> (the connection stays).  <status> is for the log only. */
void
rp_http_free_request(struct rp_http_request *r, int status)
{
    (void) status;

    if (r->hc->request == r) {
        r->hc->request = NULL;
    }

    rp_pool_destroy(r->pool);
}


/* Log what is left of <r> if it was not logged, free it, close. */
void
rp_http_close_request(struct rp_http_request *r, int status)
{
    struct rp_connection  *c = r->connection;

    if (r->count > 1) {
        r->close_pending = 1;           /* see rp_http_finalize_request() */
        return;
    }

    if (!r->logged) {
        if (status && r->headers_out.status == 0) {
            r->headers_out.status = status;
        }
        rp_http_log_request(r);
    }

    rp_http_free_request(r, status);
    rp_http_close_connection(c);
}


/*
 * Make sure unparsed bytes are in r->header_in: returns their count,
 * RP_AGAIN (wait for the socket) or RP_ERROR (client gone; the request
 * was closed).
 */
static ssize_t
rp_http_read_request_header(struct rp_http_request *r)
{
    struct rp_connection  *c = r->connection;
    struct rp_buf         *b = r->header_in;
    ssize_t                n;

    n = b->last - b->pos;
    if (n > 0) {
        return n;
    }

    /* the last read was short: nothing more until the next edge */
    if (!c->read.ready) {
        return RP_AGAIN;
    }

    n = recv(c->fd, b->last, (size_t) (b->end - b->last), 0);

    if (n == -1 && (errno == EAGAIN || errno == EINTR)) {
        c->read.ready = 0;
        return RP_AGAIN;
    }

    if (n > 0 && n < b->end - b->last && !c->read.pending_eof) {
        c->read.ready = 0;
    }

    if (n == 0) {
        rp_log_error(RP_LOG_INFO, &c->log, 0,
                     "client prematurely closed connection");
    } else if (n == -1) {
        rp_log_error(RP_LOG_INFO, &c->log, errno, "recv() failed");
    }

    if (n <= 0) {
        c->read.error = 1;
        rp_http_close_request(r, RP_HTTP_BAD_REQUEST);
        return RP_ERROR;
    }

    b->last += n;

    return n;
}


/*
 * The current line does not fit in r->header_in: move it to a fresh
 * large buffer.  RP_OK; RP_DECLINED when no large buffer is left or the
 * line is longer than one; RP_ERROR on allocation failure.  Lines parsed
 * before stay where they are (their rp_str still point there).
 */
static int
rp_http_alloc_large_header_buffer(struct rp_http_request *r)
{
    struct rp_http_connection     *hc = r->hc;
    struct rp_http_core_srv_conf  *cscf = rp_http_core_srv(r);
    struct rp_buf                 *old = r->header_in, *b;
    size_t                         size;

    size = (size_t) (old->last - r->item_start);

    if (hc->nlarge >= cscf->large_header_buffers_num
        || size >= cscf->large_header_buffer_size)
    {
        return RP_DECLINED;
    }

    b = rp_buf_create_temp(r->pool, cscf->large_header_buffer_size);
    if (b == NULL) {
        return RP_ERROR;
    }

    memcpy(b->start, r->item_start, size);
    b->pos = b->start + (old->pos - r->item_start);
    b->last = b->start + size;

    rp_http_parser_rebase(&r->parser, r->item_start, b->start);

    hc->nlarge++;
    r->header_in = b;
    r->item_start = b->start;

    return RP_OK;
}


/*
 * The header buffer is full with a line still incomplete: move the line
 * to a large buffer, or reject the request with <status> (414 for the
 * request line, 431 for a header field).  RP_OK, or RP_ERROR when the
 * request was ended.
 */
static int
rp_http_header_room(struct rp_http_request *r, int status, const char *why)
{
    int  rc;

    if (r->header_in->last != r->header_in->end) {
        return RP_OK;
    }

    rc = rp_http_alloc_large_header_buffer(r);

    if (rc == RP_DECLINED) {
        rp_http_reject(r, status, why);
        return RP_ERROR;
    }

    if (rc == RP_ERROR) {
        rp_http_close_request(r, RP_HTTP_INTERNAL_SERVER_ERROR);
        return RP_ERROR;
    }

    return RP_OK;
}


/* client_header_timeout expired: close without an answer (nginx). */
static void
rp_http_header_timed_out(struct rp_http_request *r)
{
    rp_log_error(RP_LOG_INFO, &r->connection->log, 0, "client timed out");
    rp_http_close_request(r, RP_HTTP_REQUEST_TIME_OUT);
}


/* An error in the request itself: answer <status> and close after it. */
static void
rp_http_reject(struct rp_http_request *r, int status, const char *why)
{
    rp_log_error(RP_LOG_INFO, &r->connection->log, 0, "client sent %s", why);

    r->keepalive = 0;
    r->lingering_close = 1;
    rp_http_finalize_request(r, status);
}


/* The extension of the last path segment of r->uri ("html"). */
static void
rp_http_set_exten(struct rp_http_request *r)
{
    u_char  *p, *start;

    r->exten.len = 0;
    r->exten.data = NULL;

    start = r->uri.data;

    for (p = start + r->uri.len; p > start; p--) {
        if (p[-1] == '/') {
            return;
        }

        if (p[-1] == '.') {
            r->exten.data = p;
            r->exten.len = (size_t) (start + r->uri.len - p);
            return;
        }
    }
}


/*
 * Fill the request's fields from the parsed request line and normalise
 * the path.  RP_OK, or an HTTP status to reject the request with.
 */
static int
rp_http_process_request_uri(struct rp_http_request *r)
{
    struct rp_http_parser  *p = &r->parser;
    u_char                 *path, *end, *dst;
    size_t                  len;

    r->method = p->method;
    r->http_version = p->http_major * 1000 + p->http_minor;

    r->request_line.data = p->request_start;
    r->request_line.len = (size_t) (p->request_end - p->request_start);
    r->method_name.data = p->request_start;
    r->method_name.len = (size_t) (p->method_end - p->request_start);
    r->unparsed_uri.data = p->uri_start;
    r->unparsed_uri.len = (size_t) (p->uri_end - p->uri_start);
    r->http_protocol.data = p->request_end - 8;
    r->http_protocol.len = 8;

    if (p->args_start) {
        r->args.data = p->args_start;
        r->args.len = (size_t) (p->uri_end - p->args_start);
    }

    if (p->asterisk_form) {
        rp_str_set(&r->uri, "*");
        return RP_OK;
    }

    if (p->absolute_form) {
        len = (size_t) (p->schema_end - p->schema_start);

        if (!(len == 4 && rp_str_casecmp(p->schema_start,
                                         (const u_char *) "http", 4) == 0)
            && !(len == 5 && rp_str_casecmp(p->schema_start,
                                            (const u_char *) "https", 5)
                             == 0))
        {
            return RP_HTTP_BAD_REQUEST;
        }

        r->headers_in.server.data = p->host_start;
        r->headers_in.server.len = (size_t) (p->host_end - p->host_start);
    }

    path = p->path_start ? p->path_start : p->uri_start;
    end = p->args_start ? p->args_start - 1 : p->uri_end;

    if (path == NULL || path >= end) {
        rp_str_set(&r->uri, "/");
        return RP_OK;
    }

    if (!p->complex_uri) {
        r->uri.data = path;
        r->uri.len = (size_t) (end - path);
        rp_http_set_exten(r);
        return RP_OK;
    }

    dst = rp_palloc(r->pool, (size_t) (end - path) + 1);
    if (dst == NULL) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (rp_http_normalize_path(path, (size_t) (end - path), dst, &len)
        != RP_OK)
    {
        return RP_HTTP_BAD_REQUEST;
    }

    r->uri.data = dst;
    r->uri.len = len;
    rp_http_set_exten(r);

    return RP_OK;
}


/* Read handler while the request line is incomplete. */
void
rp_http_process_request_line(struct rp_event *rev)
{
    struct rp_connection       *c = rev->data;
    struct rp_http_connection  *hc = c->data;
    struct rp_http_request     *r = hc->request;
    ssize_t                     n;
    int                         rc;

    if (rev->timedout) {
        rp_http_header_timed_out(r);
        return;
    }

    for (;;) {
        n = rp_http_read_request_header(r);
        if (n == RP_AGAIN || n == RP_ERROR) {
            return;
        }

        rc = rp_http_parse_request_line(&r->parser, &r->header_in->pos,
                                        r->header_in->last);

        if (rc == RP_OK) {
            r->item_start = r->header_in->pos;
            rc = rp_http_process_request_uri(r);

            if (rc != RP_OK) {
                rp_http_reject(r, rc, "invalid request target");
                return;
            }

            c->log.action = "reading client request headers";
            rev->handler = rp_http_process_request_headers;
            rp_http_process_request_headers(rev);
            return;
        }

        if (rc != RP_AGAIN) {
            rp_http_reject(r, rp_http_parse_error_status(rc),
                           "invalid request line");
            return;
        }

        if (rp_http_header_room(r, RP_HTTP_REQUEST_URI_TOO_LARGE,
                                "too long URI") != RP_OK)
        {
            return;
        }
    }
}


/* Hash the names of the known request fields once per process. */
static void
rp_http_headers_in_hash_init(void)
{
    const char  *n;
    uint32_t     hash;
    size_t       i;

    for (i = 0; i < rp_nelems(rp_http_headers_in); i++) {
        hash = 0;
        for (n = rp_http_headers_in[i].name; *n; n++) {
            hash = rp_http_hash(hash, *n);
        }
        rp_http_headers_in[i].hash = hash ? hash : 1;
    }

    rp_http_headers_in_hashed = 1;
}


/*
 * Record one parsed header field of the request.  RP_OK, RP_DECLINED
 * (dropped: underscores), or an HTTP status.
 */
static int
rp_http_add_header_in(struct rp_http_request *r)
{
    struct rp_http_parser         *p = &r->parser;
    struct rp_http_core_srv_conf  *cscf = rp_http_core_srv(r);
    struct rp_http_header         *h, **slot;
    size_t                         i, len;

    len = (size_t) (p->header_name_end - p->header_name_start);

    if (!rp_http_headers_in_hashed) {
        rp_http_headers_in_hash_init();
    }

    if (!cscf->underscores_in_headers
        && memchr(p->header_name_start, '_', len))
    {
        if (cscf->ignore_invalid_headers) {
            return RP_DECLINED;
        }
    }

    h = rp_array_push(&r->headers_in.headers);
    if (h == NULL) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    h->name.data = p->header_name_start;
    h->name.len = len;
    h->value.data = p->header_start;
    h->value.len = (size_t) (p->header_end - p->header_start);

    if (rp_http_header_set_key_parsed(r->pool, h, p) != RP_OK) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    for (i = 0; i < rp_nelems(rp_http_headers_in); i++) {
        if (rp_http_headers_in[i].hash != h->hash
            || memcmp(rp_http_headers_in[i].name, h->lowcase_key, len) != 0
            || rp_http_headers_in[i].name[len] != '\0')
        {
            continue;
        }

        slot = (struct rp_http_header **) ((char *) &r->headers_in
                                           + rp_http_headers_in[i].offset);

        if (*slot == NULL) {
            *slot = h;
        } else if (rp_http_headers_in[i].unique) {
            return RP_HTTP_BAD_REQUEST;
        } else if (slot == &r->headers_in.content_length
                   && !rp_str_eq(&(*slot)->value, &h->value))
        {
            return RP_HTTP_BAD_REQUEST;     /* differing lengths */
        }

        break;
    }

    return RP_OK;
}


/* Read handler while header fields are incomplete. */
static void
rp_http_process_request_headers(struct rp_event *rev)
{
    struct rp_connection       *c = rev->data;
    struct rp_http_connection  *hc = c->data;
    struct rp_http_request     *r = hc->request;
    ssize_t                     n;
    int                         rc;

    if (rev->timedout) {
        rp_http_header_timed_out(r);
        return;
    }

    for (;;) {
        n = rp_http_read_request_header(r);
        if (n == RP_AGAIN || n == RP_ERROR) {
            return;
        }

        rc = rp_http_parse_header_line(&r->parser, &r->header_in->pos,
                                       r->header_in->last);

        if (rc == RP_OK) {
            r->item_start = r->header_in->pos;
            rc = rp_http_add_header_in(r);

            if (rc >= RP_HTTP_BAD_REQUEST) {
                rp_http_reject(r, rc, "duplicate or invalid header");
                return;
            }

            continue;
        }

        if (rc == RP_HTTP_PARSE_HEADER_DONE) {
            r->item_start = r->header_in->pos;
            c->log.action = "processing request";

            if (rp_http_process_request_header(r) == RP_OK) {
                rp_http_process_request(r);
            }
            return;
        }

        if (rc != RP_AGAIN) {
            rp_http_reject(r, rp_http_parse_error_status(rc),
                           "invalid header line");
            return;
        }

        if (rp_http_header_room(r, RP_HTTP_HEADER_TOO_LARGE,
                                "too large request header") != RP_OK)
        {
            return;
        }
    }
}


/*
 * Call <fn> for each comma-separated token of <v> (OWS trimmed, empty
 * elements skipped).  Stops and returns the first non-RP_OK result.
 */
static int
rp_http_each_token(const struct rp_str *v,
    int (*fn)(struct rp_http_request *r, const u_char *t, size_t len),
    struct rp_http_request *r)
{
    const u_char  *p, *end, *s, *e;
    int            rc;

    p = v->data;
    end = v->data + v->len;

    while (p < end) {
        s = p;
        while (p < end && *p != ',') {
            p++;
        }
        e = p;

        while (s < e && (*s == ' ' || *s == '\t')) {
            s++;
        }
        while (e > s && (e[-1] == ' ' || e[-1] == '\t')) {
            e--;
        }

        if (e > s) {
            rc = fn(r, s, (size_t) (e - s));
            if (rc != RP_OK) {
                return rc;
            }
        }

        p++;
    }

    return RP_OK;
}


static int
rp_http_connection_token(struct rp_http_request *r, const u_char *t,
    size_t len)
{
    if (len == 5 && rp_str_casecmp(t, (const u_char *) "close", 5) == 0) {
        r->headers_in.connection_close = 1;
    } else if (len == 10
               && rp_str_casecmp(t, (const u_char *) "keep-alive", 10) == 0)
    {
        r->headers_in.connection_keep_alive = 1;
    } else if (len == 7
               && rp_str_casecmp(t, (const u_char *) "upgrade", 7) == 0)
    {
        r->headers_in.connection_upgrade = 1;
    }

    return RP_OK;
}


/*
 * RFC 9112 6.1: the only transfer coding rampart decodes is chunked, and
 * it must come last and once; anything else cannot be framed safely.
 */
static int
rp_http_te_token(struct rp_http_request *r, const u_char *t, size_t len)
{
    if (r->headers_in.chunked) {
        return RP_HTTP_BAD_REQUEST;            /* chunked was not last */
    }

    if (len == 7 && rp_str_casecmp(t, (const u_char *) "chunked", 7) == 0) {
        r->headers_in.chunked = 1;
        return RP_OK;
    }

    return RP_HTTP_NOT_IMPLEMENTED;
}


static int
rp_http_check_framing(struct rp_http_request *r)
{
    struct rp_http_headers_in  *in = &r->headers_in;
    uint64_t                    n;
    int                         rc;

    if (in->content_length) {
        if (rp_parse_uint(in->content_length->value.data,
                          in->content_length->value.len, INT64_MAX, &n)
            != RP_OK)
        {
            return RP_HTTP_BAD_REQUEST;
        }

        in->content_length_n = (int64_t) n;
    }

    if (in->transfer_encoding) {
        if (in->content_length
            || r->http_version < RP_HTTP_VERSION_11)
        {
            return RP_HTTP_BAD_REQUEST;
        }

        rc = rp_http_each_token(&in->transfer_encoding->value,
                                rp_http_te_token, r);
        if (rc != RP_OK) {
            return rc;
        }

        if (!in->chunked) {
            return RP_HTTP_BAD_REQUEST;        /* empty value */
        }
    }

    return RP_OK;
}


/*
 * The header section is complete: check it, choose the virtual server.
 * RP_OK, or RP_ERROR after the request was finalized with an error.
 */
int
rp_http_process_request_header(struct rp_http_request *r)
{
    struct rp_http_headers_in     *in = &r->headers_in;
    struct rp_http_core_srv_conf  *cscf;
    struct rp_http_core_loc_conf  *clcf;
    int                            rc;

    r->request_length = r->header_in->pos - r->request_line.data;

    if (in->server.len == 0 && in->host) {
        in->server = in->host->value;
    }

    if (in->host == NULL && !r->parser.absolute_form
        && r->http_version >= RP_HTTP_VERSION_11)
    {
        rp_http_reject(r, RP_HTTP_BAD_REQUEST,
                       "HTTP/1.1 request without \"Host\" header");
        return RP_ERROR;
    }

    if ((in->host || in->server.len)
        && rp_http_validate_host(&in->server, r->pool) != RP_OK)
    {
        rp_http_reject(r, RP_HTTP_BAD_REQUEST, "invalid host in request");
        return RP_ERROR;
    }

    cscf = rp_http_find_virtual_server(r->hc->addr_conf, &in->server, r);
    r->srv_conf = cscf->ctx->srv_conf;
    r->loc_conf = cscf->ctx->loc_conf;
    r->server_name = cscf->server_name;

    rc = rp_http_check_framing(r);
    if (rc != RP_OK) {
        rp_http_reject(r, rc, "invalid message framing headers");
        return RP_ERROR;
    }

    if (in->connection) {
        (void) rp_http_each_token(&in->connection->value,
                                  rp_http_connection_token, r);
    }

    if (in->expect) {
        if (in->expect->value.len == 12
            && rp_str_casecmp(in->expect->value.data,
                              (const u_char *) "100-continue", 12) == 0)
        {
            in->expect_continue = (r->http_version >= RP_HTTP_VERSION_11);
        } else {
            rp_http_reject(r, RP_HTTP_EXPECTATION_FAILED,
                           "unknown expectation");
            return RP_ERROR;
        }
    }

    if (r->method & (RP_HTTP_TRACE | RP_HTTP_CONNECT)) {
        rp_http_reject(r, RP_HTTP_NOT_ALLOWED, "TRACE or CONNECT method");
        return RP_ERROR;
    }

    clcf = rp_http_core_loc(r);

    if (r->http_version >= RP_HTTP_VERSION_11) {
        r->keepalive = !in->connection_close;
    } else {
        r->keepalive = in->connection_keep_alive;
    }

    if (clcf->keepalive_timeout == 0 || rp_connection_draining
        || (uint64_t) clcf->keepalive_requests <= r->hc->requests)
    {
        r->keepalive = 0;
    }

    return RP_OK;
}


/* Begin processing a complete request header: run the phases. */
void
rp_http_process_request(struct rp_http_request *r)
{
    struct rp_connection  *c = r->connection;

    if (c->read.timer_set) {
        rp_event_del_timer(&c->read);
    }

    c->read.handler = rp_http_request_read_handler;
    c->write.handler = rp_http_request_write_handler;
    r->read_event_handler = rp_http_block_reading;
    r->write_event_handler = rp_http_run_phases;

    rp_http_run_phases(r);
}


/* While a request is processed, client bytes wait in the socket. */
void
rp_http_block_reading(struct rp_http_request *r)
{
    (void) r;
}


static void
rp_http_request_read_handler(struct rp_event *rev)
{
    struct rp_connection       *c = rev->data;
    struct rp_http_connection  *hc = c->data;

    hc->request->read_event_handler(hc->request);
}


static void
rp_http_request_write_handler(struct rp_event *wev)
{
    struct rp_connection       *c = wev->data;
    struct rp_http_connection  *hc = c->data;
    struct rp_http_request     *r = hc->request;

    if (wev->timedout) {
        rp_log_error(RP_LOG_INFO, &c->log, 0,
                     "client timed out while sending response");
        c->write.error = 1;
        rp_http_close_request(r, RP_HTTP_REQUEST_TIME_OUT);
        return;
    }

    r->write_event_handler(r);
}
