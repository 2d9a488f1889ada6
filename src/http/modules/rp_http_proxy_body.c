/*
 * rp_http_proxy_body.c - proxy_request_buffering off: the request body
 * goes to the backend as the client sends it.
 *
 * The request header is sent as soon as the backend is connected; then
 * each time the backend has taken what was queued, the bytes the client
 * sent meanwhile (decoded into request_body->buf by
 * rp_http_read_unbuffered_request_body) are queued: as they are for a
 * Content-Length body, as one chunk each for a chunked body (re-chunked,
 * so chunk extensions and trailers of the client never reach the
 * backend).  A slow backend stops the reading from the client (one
 * buffer of client_body_buffer_size); a slow client leaves the backend
 * waiting, with client_body_timeout.  A chunked body to an HTTP/1.0
 * backend is read fully first (the module does not come here), as
 * nginx does, since 1.0 has no chunked coding.  Once body bytes went to
 * a backend, the request is not retried: they cannot be read again.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http_proxy.h"
#include "rp_http_request.h"

/* What one round queues: [chunk size] data [CRLF [last chunk]]. */
struct rp_http_proxy_body_out {
    struct rp_chain   cl[3];
    struct rp_buf     head;
    struct rp_buf     tail;
    u_char            head_data[24];
};

static const u_char  rp_http_proxy_crlf_last[] = "\r\n0\r\n\r\n";


/*
 * Read event of the client while its body is passed on: more body
 * bytes resume the sending when the backend has taken the previous
 * ones (else they wait in the socket: the backend's write event comes
 * first).
 */
static void
rp_http_proxy_body_readable(struct rp_http_request *r)
{
    struct rp_http_proxy_ctx  *ctx;
    struct rp_connection      *c = r->connection;

    ctx = rp_http_get_module_ctx(r, &rp_http_proxy_module);

    if (c->read.timedout) {
        c->read.timedout = 0;
        rp_log_error(RP_LOG_INFO, &c->log, 0,
                     "client timed out sending the request body");
        r->keepalive = 0;
        r->reading_body = 0;
        r->read_event_handler = rp_http_block_reading;
        if (ctx->peer) {
            rp_http_proxy_report(ctx, RP_UPSTREAM_OK, 0);
            rp_http_proxy_close_peer(ctx);
        }
        rp_http_finalize_request(r, RP_HTTP_REQUEST_TIME_OUT);
        return;
    }

    if (ctx->peer == NULL || ctx->connecting || ctx->sent_all || ctx->out) {
        return;
    }

    rp_http_proxy_send_request(r, ctx);
}


/* The reusable pieces of one round, made on first use. */
static struct rp_http_proxy_body_out *
rp_http_proxy_body_out(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    if (ctx->body_out == NULL) {
        ctx->body_out = rp_pcalloc(r->pool,
                                   sizeof(struct rp_http_proxy_body_out));
    }

    return ctx->body_out;
}


/* See rp_http_proxy.h. */
int
rp_http_proxy_body_next(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    struct rp_http_proxy_body_out  *bo;
    struct rp_buf                  *b = r->request_body->buf;
    struct rp_chain               **ll;
    size_t                          size;
    int                             rc, n;

    if (b->pos == b->last) {
        b->pos = b->start;
        b->last = b->start;
    }

    if (!ctx->body_done) {
        rc = rp_http_read_unbuffered_request_body(r);

        if (rc == RP_OK) {
            ctx->body_done = 1;
            r->read_event_handler = rp_http_block_reading;
        } else if (rc != RP_AGAIN) {
            r->read_event_handler = rp_http_block_reading;
            return rc;
        }
    }

    size = (size_t) (b->last - b->pos);

    if (size == 0 && !ctx->body_done) {
        r->read_event_handler = rp_http_proxy_body_readable;
        return RP_AGAIN;
    }

    bo = rp_http_proxy_body_out(r, ctx);
    if (bo == NULL) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    ll = &ctx->out;
    memset(bo->cl, 0, sizeof(bo->cl));

    if (size && ctx->body_chunked) {
        n = snprintf((char *) bo->head_data, sizeof(bo->head_data),
                     "%zx\r\n", size);
        memset(&bo->head, 0, sizeof(bo->head));
        bo->head.start = bo->head_data;
        bo->head.pos = bo->head_data;
        bo->head.last = bo->head_data + n;
        bo->head.end = bo->head.last;
        bo->head.temporary = 1;
        bo->cl[0].buf = &bo->head;
        *ll = &bo->cl[0];
        ll = &bo->cl[0].next;
    }

    if (size) {
        bo->cl[1].buf = b;
        *ll = &bo->cl[1];
        ll = &bo->cl[1].next;
        ctx->body_sent = 1;
    }

    if (ctx->body_chunked) {
        /* "\r\n" after the data, "0\r\n\r\n" at the end, or both */
        memset(&bo->tail, 0, sizeof(bo->tail));
        bo->tail.pos = (u_char *) rp_http_proxy_crlf_last + (size ? 0 : 2);
        bo->tail.last = (u_char *) rp_http_proxy_crlf_last
                        + (ctx->body_done ? 7 : 2);
        bo->tail.memory = 1;
        bo->cl[2].buf = &bo->tail;
        *ll = &bo->cl[2];
    }

    ctx->body_last_sent = ctx->body_done;

    return RP_OK;
}
