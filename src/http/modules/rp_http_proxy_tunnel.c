/*
 * rp_http_proxy_tunnel.c - the tunnel after "101 Switching Protocols".
 *
 * A WebSocket (or other Upgrade) request that the backend accepts turns
 * the two connections into a byte pipe: whatever one side sends goes to
 * the other, through one proxy_buffer_size buffer per direction, until
 * either side closes or nothing moves for proxy_read_timeout.  Nothing
 * is parsed: after the 101 the bytes are not HTTP.  Bytes the client
 * sent right after its request, and bytes the backend sent right after
 * its 101, are already in the buffers and go first.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http_filters.h"
#include "rp_http_proxy.h"
#include "rp_http_request.h"

#include <sys/socket.h>


/*
 * Move bytes one way: send what <b> holds to <dst>, and when it is
 * empty read more from <src> (unless <eof>).  Returns 1 if anything
 * moved, 0 if both sockets would block, -1 on an error.
 */
static int
rp_http_proxy_pipe(int src, int dst, struct rp_buf *b, unsigned *eof)
{
    ssize_t  n;
    int      moved;

    moved = 0;

    if (b->pos < b->last) {
        n = send(dst, b->pos, (size_t) (b->last - b->pos), MSG_NOSIGNAL);

        if (n > 0) {
            b->pos += n;
            moved = 1;
        } else if (n == -1 && errno != EAGAIN && errno != EINTR) {
            return -1;
        }
    }

    if (b->pos == b->last && !*eof) {
        b->pos = b->start;
        b->last = b->start;

        n = recv(src, b->last, (size_t) (b->end - b->last), 0);

        if (n > 0) {
            b->last += n;
            moved = 1;
        } else if (n == 0) {
            *eof = 1;
            moved = 1;
        } else if (errno != EAGAIN && errno != EINTR) {
            return -1;
        }
    }

    return moved;
}


static void
rp_http_proxy_tunnel_end(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    if (ctx->peer) {
        rp_connection_close(ctx->peer);
        ctx->peer = NULL;
    }

    ctx->state->response_time = rp_current_msec - ctx->start;
    r->keepalive = 0;
    r->read_event_handler = rp_http_block_reading;
    r->write_event_handler = rp_http_block_reading;

    rp_http_finalize_request(r, RP_DONE);
}


/* Any event on either connection: move what can be moved. */
void
rp_http_proxy_tunnel(struct rp_http_request *r, struct rp_http_proxy_ctx *ctx)
{
    struct rp_connection  *c = r->connection, *p = ctx->peer;
    int                    up, down;

    if (p->read.timedout) {
        rp_log_error(RP_LOG_INFO, &c->log, 0, "tunnel to " RP_STR_FMT
                     " idle for proxy_read_timeout, closing",
                     RP_STR_ARG(*ctx->pc.name));
        rp_http_proxy_tunnel_end(r, ctx);
        return;
    }

    /* the 101 header itself may still be queued for the client */
    if (r->out) {
        if (rp_http_write_filter(r, NULL) == RP_ERROR) {
            rp_http_proxy_tunnel_end(r, ctx);
            return;
        }
        if (r->out) {
            return;
        }
    }

    do {
        up = rp_http_proxy_pipe(p->fd, c->fd, ctx->buffer, &ctx->up_eof);
        down = rp_http_proxy_pipe(c->fd, p->fd, ctx->down, &ctx->down_eof);

        if (up < 0 || down < 0
            || (ctx->up_eof && ctx->buffer->pos == ctx->buffer->last)
            || (ctx->down_eof && ctx->down->pos == ctx->down->last))
        {
            rp_http_proxy_tunnel_end(r, ctx);
            return;
        }

    } while (up || down);

    if (rp_event_add_timer(&p->read, ctx->plcf->read_timeout) != RP_OK) {
        rp_http_proxy_tunnel_end(r, ctx);
    }
}


static void
rp_http_proxy_tunnel_client(struct rp_http_request *r)
{
    rp_http_proxy_tunnel(r, rp_http_get_module_ctx(r, &rp_http_proxy_module));
}


/*
 * The 101 header went out (or is queued): become a tunnel.  Bytes the
 * client pipelined after its request start the downstream buffer.
 */
void
rp_http_proxy_tunnel_start(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    struct rp_buf  *in = r->header_in;
    size_t          n;

    ctx->down = rp_buf_create_temp(r->pool, ctx->plcf->buffer_size);
    if (ctx->down == NULL) {
        rp_http_proxy_tunnel_end(r, ctx);
        return;
    }

    n = rp_min_size((size_t) (in->last - in->pos), ctx->plcf->buffer_size);
    ctx->down->last = rp_cpymem(ctx->down->last, in->pos, n);
    in->pos += n;

    ctx->tunnel = 1;
    r->read_event_handler = rp_http_proxy_tunnel_client;
    r->write_event_handler = rp_http_proxy_tunnel_client;

    rp_http_proxy_tunnel(r, ctx);
}
