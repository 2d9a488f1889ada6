/*
 * rp_http_proxy_header.c - reading and checking a backend's response
 * header.
 *
 * The status line and the fields are parsed with the same strict
 * parsers as requests (RFC 9112): a response whose framing is ambiguous
 * (Content-Length with Transfer-Encoding, differing lengths, a coding
 * other than chunked, chunked in HTTP/1.0) or whose header does not fit
 * proxy_buffer_size is a 502 and nothing of it reaches the client.
 * Interim 1xx responses are skipped, "101 Switching Protocols" starts a
 * tunnel when the client asked for one, and with proxy_intercept_errors
 * an error status with an error_page is answered locally.  Then the
 * header goes to the client and the body relay begins
 * (rp_http_proxy_upstream.c).
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http_core_module.h"
#include "rp_http_location.h"
#include "rp_http_proxy.h"
#include "rp_http_request.h"
#include "rp_http_upstream_sticky.h"


/*
 * Record one parsed response field; note Content-Length, Transfer-
 * Encoding and Connection.  RP_OK, or RP_ERROR for an ambiguous message.
 */
static int
rp_http_proxy_add_field(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    struct rp_http_parser  *hp = &ctx->hp;
    struct rp_http_header  *h;
    uint64_t                n;
    size_t                  i, len;

    len = (size_t) (hp->header_name_end - hp->header_name_start);

    h = rp_array_push(&ctx->headers);
    if (h == NULL) {
        return RP_ERROR;
    }

    h->name.data = hp->header_name_start;
    h->name.len = len;
    h->value.data = hp->header_start;
    h->value.len = (size_t) (hp->header_end - hp->header_start);

    if (rp_http_header_set_key_parsed(r->pool, h, hp) != RP_OK) {
        return RP_ERROR;
    }

    if (len == 14 && memcmp(h->lowcase_key, "content-length", 14) == 0) {
        if (rp_parse_uint(h->value.data, h->value.len, INT64_MAX, &n)
            != RP_OK || (ctx->ncl && (int64_t) n != ctx->cl))
        {
            return RP_ERROR;            /* bad or differing lengths */
        }
        ctx->cl = (int64_t) n;
        ctx->ncl++;

    } else if (len == 17
               && memcmp(h->lowcase_key, "transfer-encoding", 17) == 0)
    {
        if (ctx->chunked_resp || h->value.len != 7
            || rp_str_casecmp(h->value.data, (const u_char *) "chunked", 7)
               != 0)
        {
            return RP_ERROR;            /* only a single "chunked" */
        }
        ctx->chunked_resp = 1;

    } else if (len == 10 && memcmp(h->lowcase_key, "connection", 10) == 0) {
        for (i = 0; i + 5 <= h->value.len; i++) {
            if (rp_str_casecmp(h->value.data + i, (const u_char *) "close",
                               5) == 0)
            {
                ctx->backend_close = 1;
            }
        }
    }

    return RP_OK;
}


/*
 * "101 Switching Protocols": accepted only when the client asked to
 * upgrade (its Upgrade field reached the backend through
 * proxy_set_header).  The client gets the backend's Upgrade value and
 * "Connection: upgrade"; then the connections become a tunnel.
 * RP_OK or 502.
 */
static int
rp_http_proxy_upgrade_header(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    struct rp_http_header  *h = ctx->headers.elts, *upgrade;
    struct rp_str           conn = rp_string("upgrade");
    size_t                  i;

    upgrade = NULL;

    for (i = 0; i < ctx->headers.nelts; i++) {
        if (h[i].name.len == 7 && memcmp(h[i].lowcase_key, "upgrade", 7) == 0)
        {
            upgrade = &h[i];
        }
    }

    if (r->headers_in.upgrade == NULL || upgrade == NULL) {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0, "upstream sent "
                     "\"101 Switching Protocols\" to a request that did not "
                     "ask to upgrade");
        return RP_HTTP_BAD_GATEWAY;
    }

    r->headers_out.status = 101;

    for (i = 0; i < ctx->headers.nelts; i++) {
        if (rp_http_proxy_copy_header(r, ctx, &h[i]) != RP_OK) {
            return RP_HTTP_INTERNAL_SERVER_ERROR;
        }
    }

    if (rp_http_add_header_out(r, "Upgrade", &upgrade->value) == NULL
        || rp_http_add_header_out(r, "Connection", &conn) == NULL)
    {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    r->keepalive = 0;
    ctx->upgrade = 1;
    ctx->state->status = 101;
    ctx->state->header_time = rp_current_msec - ctx->start;
    ctx->header_done = 1;

    return RP_OK;
}


/*
 * The X-Accel-* fields rampart acts upon, unless proxy_ignore_headers
 * names them: X-Accel-Buffering (yes|no) turns buffering on or off for
 * this response; X-Accel-Redirect is noted for an internal redirect.
 * (Neither reaches the client: they are hidden by default.)
 */
static void
rp_http_proxy_accel_field(struct rp_http_proxy_ctx *ctx,
    const struct rp_http_header *h)
{
    unsigned  ignore = ctx->plcf->ignore_headers;

    if (h->name.len == 17
        && memcmp(h->lowcase_key, "x-accel-buffering", 17) == 0
        && !(ignore & RP_HTTP_PROXY_IGN_XA_BUFFERING))
    {
        if (h->value.len == 3
            && rp_str_casecmp(h->value.data, (const u_char *) "yes", 3) == 0)
        {
            ctx->buffering = 1;
        } else if (h->value.len == 2
                   && rp_str_casecmp(h->value.data, (const u_char *) "no", 2)
                      == 0)
        {
            ctx->buffering = 0;
        }

    } else if (h->name.len == 16
               && memcmp(h->lowcase_key, "x-accel-redirect", 16) == 0
               && !(ignore & RP_HTTP_PROXY_IGN_XA_REDIRECT)
               && h->value.len > 0)
    {
        ctx->xa_redirect = h->value;
        ctx->accel_redirect = 1;
    }
}


/*
 * proxy_intercept_errors: 1 when the location has an error_page for
 * backend status <code>, so the core answers instead of the backend.
 */
static int
rp_http_proxy_intercepts(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx, unsigned code)
{
    struct rp_http_core_loc_conf  *clcf;
    struct rp_http_err_page       *err;
    size_t                         i;

    if (!ctx->plcf->intercept_errors || code < 300) {
        return 0;
    }

    clcf = rp_http_core_loc(r);

    if (clcf->error_pages == NULL) {
        return 0;
    }

    err = clcf->error_pages->elts;

    for (i = 0; i < clcf->error_pages->nelts; i++) {
        if (err[i].status == (int) code) {
            return 1;
        }
    }

    return 0;
}


/*
 * Intercept the backend's error response: its body is not read (the
 * connection is closed, not kept), and the request ends with the status
 * so that error_page applies.
 */
static void
rp_http_proxy_intercept(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    int  status = (int) ctx->status.code;

    ctx->state->status = status;
    ctx->state->header_time = rp_current_msec - ctx->start;
    ctx->state->response_time = ctx->state->header_time;
    ctx->done = 1;

    rp_http_proxy_report(ctx, RP_UPSTREAM_OK, 1);
    rp_http_proxy_close_peer(ctx);
    rp_http_proxy_buf_put(ctx->buffer);
    ctx->buffer = NULL;

    rp_http_finalize_request(r, status);
}


/*
 * 1 if X-Accel-Redirect value <uri> is a path that may be used as is:
 * no bytes a request line could not carry, no "." or ".." segment (the
 * backend must not lead outside the tree it means, as nginx checks).
 */
static int
rp_http_proxy_is_safe_uri(const struct rp_str *uri)
{
    size_t  i, seg;

    seg = 0;

    for (i = 0; i <= uri->len; i++) {
        if (i == uri->len || uri->data[i] == '/') {
            if (i > seg && uri->data[seg] == '.'
                && (i - seg == 1
                    || (i - seg == 2 && uri->data[seg + 1] == '.')))
            {
                return 0;
            }
            seg = i + 1;
            continue;
        }

        if (uri->data[i] <= ' ' || uri->data[i] == 0x7f) {
            return 0;
        }
    }

    return 1;
}


/*
 * X-Accel-Redirect: the backend's answer is replaced by an internal
 * redirect (with GET, unless the request is HEAD) to the URI or @named
 * location it gives; the backend's body is not read (its connection is
 * closed) and none of its header fields reach the client.
 */
static void
rp_http_proxy_accel_redirect(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    struct rp_http_core_loc_conf  *named;
    struct rp_str                  uri, path, args;
    u_char                        *q;
    int                            rc;

    uri.len = ctx->xa_redirect.len;
    uri.data = rp_palloc(r->pool, uri.len);

    ctx->state->status = (int) ctx->status.code;
    ctx->state->header_time = rp_current_msec - ctx->start;
    ctx->state->response_time = ctx->state->header_time;
    ctx->done = 1;
    rp_http_proxy_report(ctx, RP_UPSTREAM_OK, 1);
    rp_http_proxy_close_peer(ctx);

    if (uri.data == NULL) {
        rp_http_finalize_request(r, RP_HTTP_INTERNAL_SERVER_ERROR);
        return;
    }

    memcpy(uri.data, ctx->xa_redirect.data, uri.len);
    rp_http_proxy_buf_put(ctx->buffer);
    ctx->buffer = NULL;

    r->headers_out.headers.nelts = 0;
    r->headers_out.status = 0;
    r->headers_out.location = NULL;
    r->headers_out.etag = NULL;
    r->headers_out.content_type.len = 0;
    r->headers_out.content_length_n = -1;

    if (r->method != RP_HTTP_HEAD) {
        r->method = RP_HTTP_GET;
        rp_str_set(&r->method_name, "GET");
    }

    if (uri.data[0] == '@') {
        named = rp_http_find_named_location(r, &uri);
        if (named == NULL) {
            rp_log_error(RP_LOG_ERR, &r->connection->log, 0, "could not "
                         "find named location \"%.*s\" of X-Accel-Redirect",
                         (int) rp_min(uri.len, 128), (const char *) uri.data);
            rp_http_finalize_request(r, RP_HTTP_INTERNAL_SERVER_ERROR);
            return;
        }

        rp_http_finalize_request(r, rp_http_named_location(r, named));
        return;
    }

    path = uri;
    args.len = 0;
    args.data = NULL;

    q = memchr(uri.data, '?', uri.len);
    if (q) {
        path.len = (size_t) (q - uri.data);
        args.data = q + 1;
        args.len = uri.len - path.len - 1;
    }

    if (path.len == 0 || path.data[0] != '/'
        || !rp_http_proxy_is_safe_uri(&path))
    {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0, "upstream "
                     RP_STR_FMT " sent an unsafe X-Accel-Redirect \"%.*s\"",
                     RP_STR_ARG(*ctx->pc.name), (int) rp_min(uri.len, 128),
                     (const char *) uri.data);
        rp_http_finalize_request(r, RP_HTTP_NOT_FOUND);
        return;
    }

    rc = rp_http_internal_redirect(r, &path, args.len ? &args : NULL);
    rp_http_finalize_request(r, rc);
}


/*
 * The header section is complete: decide how the body is framed and
 * hand the header to the client side.  RP_OK, RP_DECLINED (an interim
 * 1xx response: parse the next one), RP_DONE (to be intercepted),
 * RP_AGAIN (a status proxy_next_upstream retries), or an HTTP status
 * (502).
 */
static int
rp_http_proxy_header_done(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    struct rp_http_header  *h;
    unsigned                code = ctx->status.code, bit;
    size_t                  i;

    if (code == 101) {
        return rp_http_proxy_upgrade_header(r, ctx);
    }

    if (code >= 100 && code < 200) {
        return RP_DECLINED;             /* 100, 102, 103: skip */
    }

    if (ctx->chunked_resp && (ctx->ncl || ctx->status.http_minor == 0)) {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0, "upstream sent "
                     "\"Transfer-Encoding\" with \"Content-Length\" or in an "
                     "HTTP/1.0 response");
        return RP_HTTP_BAD_GATEWAY;
    }

    /* proxy_next_upstream http_500 ...: retry, or relay it and count it */
    bit = rp_http_proxy_next_status_bit(code);

    if (bit && (ctx->plcf->next_upstream & bit)) {
        ctx->state->status = (int) code;

        if (rp_http_proxy_may_retry(r, ctx, bit)) {
            rp_log_error(RP_LOG_WARN, &r->connection->log, 0, "upstream "
                         RP_STR_FMT " answered %u: trying the next server",
                         RP_STR_ARG(*ctx->pc.name), code);
            return RP_AGAIN;
        }

        ctx->http_failed = (code != 403 && code != 404);
    }

    if (rp_http_proxy_intercepts(r, ctx, code)) {
        return RP_DONE;
    }

    ctx->http11 = (ctx->status.http_minor == 1);
    ctx->length = -1;

    if (r->method == RP_HTTP_HEAD || code == 204 || code == 304) {
        ctx->no_body = 1;
    } else if (ctx->chunked_resp) {
        rp_http_chunked_init(&ctx->chunked);
    } else if (ctx->ncl) {
        ctx->length = ctx->cl;
    } else {
        ctx->close_delimited = 1;
    }

    r->headers_out.status = (int) code;

    h = ctx->headers.elts;
    ctx->buffering = ctx->plcf->buffering ? 1 : 0;

    for (i = 0; i < ctx->headers.nelts; i++) {
        rp_http_proxy_accel_field(ctx, &h[i]);
    }

    for (i = 0; i < ctx->headers.nelts; i++) {
        if (rp_http_proxy_copy_header(r, ctx, &h[i]) != RP_OK) {
            return RP_HTTP_INTERNAL_SERVER_ERROR;
        }
    }

    /* "sticky cookie": name the server that answered */
    if (rp_http_upstream_sticky_header(r, ctx->us, &ctx->pc) != RP_OK) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (rp_http_proxy_keep_fields(r, ctx) != RP_OK) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx->length >= 0) {
        r->headers_out.content_length_n = ctx->length;
    } else if (ctx->no_body && ctx->ncl) {
        r->headers_out.content_length_n = ctx->cl;
    }

    ctx->state->status = (int) code;
    ctx->state->header_time = rp_current_msec - ctx->start;
    ctx->header_done = 1;

    if (ctx->start_us) {
        ctx->header_us = rp_time_usec();
    }

    return RP_OK;
}


/* Read handler until the response header is complete. */
void
rp_http_proxy_read_header(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    struct rp_connection  *c = ctx->peer;
    struct rp_buf         *b;
    ssize_t                n;
    size_t                 limit;
    int                    rc;

    if (c->read.timedout) {
        c->read.timedout = 0;
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0, "upstream timed "
                     "out while reading the response header from "
                     RP_STR_FMT, RP_STR_ARG(*ctx->pc.name));
        rp_http_proxy_next(r, ctx, RP_UPSTREAM_FAIL_TIMEOUT, 504);
        return;
    }

    if (ctx->buffer == NULL) {
        ctx->buffer = rp_http_proxy_buf_get(r, rp_max(ctx->plcf->buffer_size,
                                                      RP_HTTP_PROXY_READ_SIZE));
        if (ctx->buffer == NULL
            || rp_array_init(&ctx->headers, r->pool, 16,
                             sizeof(struct rp_http_header)) != RP_OK)
        {
            rp_http_proxy_next(r, ctx, RP_UPSTREAM_OK, 500);
            return;
        }
    }

    b = ctx->buffer;
    limit = ctx->plcf->buffer_size;

    for (;;) {
        /* the header (with any 1xx before it) must fit proxy_buffer_size */
        if ((size_t) (b->pos - b->start) > limit
            || (b->pos == b->last && (size_t) (b->last - b->start) >= limit))
        {
            rp_log_error(RP_LOG_ERR, &r->connection->log, 0, "upstream "
                         "sent too big header (proxy_buffer_size %zu)",
                         limit);
            rp_http_proxy_next(r, ctx, RP_UPSTREAM_FAIL_INVALID, 502);
            return;
        }

        if (b->pos == b->last) {

            n = rp_http_proxy_recv(ctx);

            if (n == RP_AGAIN) {
                return;
            }

            if (n <= 0) {
                rp_log_error(RP_LOG_ERR, &r->connection->log,
                             n ? errno : 0, "upstream " RP_STR_FMT
                             " closed the connection before sending a "
                             "complete header", RP_STR_ARG(*ctx->pc.name));
                rp_http_proxy_next(r, ctx, (ctx->reused
                                            && ctx->state->bytes_received
                                               == 0)
                                           ? RP_UPSTREAM_FAIL_CLOSED
                                           : RP_UPSTREAM_FAIL_CONNECT,
                                   502);
                return;
            }
        }

        if (!ctx->status_done) {
            rc = rp_http_parse_status_line(&ctx->status, &b->pos, b->last);

            if (rc == RP_AGAIN) {
                continue;
            }

            if (rc != RP_OK) {
                goto invalid;
            }

            ctx->status_done = 1;
            rp_http_parser_init(&ctx->hp);
            continue;
        }

        rc = rp_http_parse_header_line(&ctx->hp, &b->pos, b->last);

        if (rc == RP_AGAIN) {
            continue;
        }

        if (rc == RP_OK) {
            if (rp_http_proxy_add_field(r, ctx) != RP_OK) {
                goto invalid;
            }
            continue;
        }

        if (rc != RP_HTTP_PARSE_HEADER_DONE) {
            goto invalid;
        }

        if ((size_t) (b->pos - b->start) > limit) {
            continue;                   /* too big: said at the top */
        }

        rc = rp_http_proxy_header_done(r, ctx);

        if (rc == RP_DECLINED) {
            /* an interim response: start over on the next status line */
            memset(&ctx->status, 0, sizeof(ctx->status));
            ctx->status_done = 0;
            ctx->headers.nelts = 0;
            ctx->ncl = 0;
            ctx->chunked_resp = 0;
            ctx->backend_close = 0;
            continue;
        }

        if (rc == RP_DONE) {
            rp_http_proxy_intercept(r, ctx);
            return;
        }

        if (rc == RP_AGAIN) {
            ctx->state->header_time = rp_current_msec - ctx->start;
            rp_http_proxy_next(r, ctx, RP_UPSTREAM_FAIL_HTTP,
                               (int) ctx->status.code);
            return;
        }

        if (rc != RP_OK) {
            rp_http_proxy_next(r, ctx, RP_UPSTREAM_FAIL_INVALID, rc);
            return;
        }

        break;
    }

    if (c->read.timer_set) {
        rp_event_del_timer(&c->read);
    }

    if (ctx->accel_redirect) {
        rp_http_proxy_accel_redirect(r, ctx);
        return;
    }

    rc = rp_http_send_header(r);

    if (rc == RP_ERROR) {
        rp_http_finalize_request(r, RP_ERROR);
        return;
    }

    if (ctx->upgrade) {
        rp_http_proxy_tunnel_start(r, ctx);
        return;
    }

    rp_http_proxy_relay(r, ctx);
    return;

invalid:

    rp_log_error(RP_LOG_ERR, &r->connection->log, 0, "upstream " RP_STR_FMT
                 " sent an invalid or ambiguous response header",
                 RP_STR_ARG(*ctx->pc.name));
    rp_http_proxy_next(r, ctx, RP_UPSTREAM_FAIL_INVALID, 502);
}
