/*
 * rp_http_proxy_upstream.c - one proxied exchange with a backend.
 *
 *   connect (or take a kept-alive connection for the chosen peer)
 *     -> send the request header and the body read from the client
 *     -> read and check the response header (rp_http_proxy_header.c:
 *        as strictly as a request: Content-Length with Transfer-Encoding,
 *        differing lengths, a transfer coding other than chunked, a bad
 *        status line -> 502)
 *     -> relay the body: Content-Length, chunked (decoded, and chunked
 *        again towards HTTP/1.1 clients), or up to the close
 *     -> give the connection back to the keep-alive cache when the
 *        response was framed and the backend did not ask to close.
 *
 * With proxy_buffering off the body is relayed through one buffer of
 * proxy_buffer_size: nothing more is read from the backend while the
 * client has not taken what was passed on, so a slow client costs one
 * buffer (and holds the backend connection).  With buffering on the
 * body goes through rp_http_proxy_buffer.c instead (memory buffers and
 * a temp file), so the backend is released as soon as it is done.
 *
 * Failures before anything reached the client are retried on the next
 * peer when the request is safe to retry (connection errors and
 * timeouts; non-idempotent methods only before a byte was sent); a kept
 * alive connection the backend had already closed is retried once on a
 * fresh connection to the same peer.  After the header went out, a
 * failure closes the client connection, so a cut response never looks
 * complete.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http_core_module.h"
#include "rp_http_filters.h"
#include "rp_http_proxy.h"
#include "rp_http_request.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/uio.h>

static void rp_http_proxy_connect(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx);

#define RP_HTTP_PROXY_IOVS       64
#define RP_HTTP_PROXY_FREE_BUFS  64

/*
 * Response buffers are reused across requests (STYLE 9: fixed-size I/O
 * buffers come from a per-worker free list), so a proxied request does
 * not malloc and free proxy_buffer_size bytes each time.
 */
struct rp_http_proxy_free_buf {
    struct rp_http_proxy_free_buf  *next;
    size_t                          size;
};

static struct rp_http_proxy_free_buf  *rp_http_proxy_free_bufs;
static unsigned                        rp_http_proxy_nfree;


struct rp_buf *
rp_http_proxy_buf_get(struct rp_http_request *r, size_t size)
{
    struct rp_http_proxy_free_buf  **fp, *f;
    struct rp_buf                   *b;

    b = rp_buf_calloc(r->pool);
    if (b == NULL) {
        return NULL;
    }

    for (fp = &rp_http_proxy_free_bufs; *fp; fp = &(*fp)->next) {
        if ((*fp)->size == size) {
            f = *fp;
            *fp = f->next;
            rp_http_proxy_nfree--;
            b->start = (u_char *) f;
            break;
        }
    }

    if (b->start == NULL) {
        b->start = malloc(rp_max(size, sizeof(struct rp_http_proxy_free_buf)));
        if (b->start == NULL) {
            return NULL;
        }
    }

    b->pos = b->start;
    b->last = b->start;
    b->end = b->start + size;
    b->temporary = 1;

    return b;
}


void
rp_http_proxy_buf_put(struct rp_buf *b)
{
    struct rp_http_proxy_free_buf  *f;

    if (b == NULL || b->start == NULL) {
        return;
    }

    if (rp_http_proxy_nfree >= RP_HTTP_PROXY_FREE_BUFS) {
        free(b->start);
    } else {
        f = (struct rp_http_proxy_free_buf *) b->start;
        f->size = (size_t) (b->end - b->start);
        f->next = rp_http_proxy_free_bufs;
        rp_http_proxy_free_bufs = f;
        rp_http_proxy_nfree++;
    }

    b->start = NULL;
    b->pos = NULL;
    b->last = NULL;
    b->end = NULL;
}


static struct rp_http_proxy_ctx *
rp_http_proxy_ctx_of(struct rp_http_request *r)
{
    return rp_http_get_module_ctx(r, &rp_http_proxy_module);
}


/* Close the connection to the backend, if any. */
void
rp_http_proxy_close_peer(struct rp_http_proxy_ctx *ctx)
{
    if (ctx->peer) {
        rp_connection_close(ctx->peer);
        ctx->peer = NULL;
    }
}


/* See rp_http_proxy.h. */
void
rp_http_proxy_report(struct rp_http_proxy_ctx *ctx, unsigned outcome,
    int timed)
{
    int64_t  latency;

    latency = -1;
    ctx->pc.header_time = -1;

    if (timed && ctx->us->latency && ctx->start_us) {
        latency = rp_time_usec() - ctx->start_us;

        if (ctx->header_us) {
            ctx->pc.header_time = ctx->header_us - ctx->start_us;
        }
    }

    ctx->us->balancer->free(ctx->bstate, &ctx->pc, outcome, latency);
}


/* r->pool cleanup: a request that ends early closes its backend side. */
static void
rp_http_proxy_cleanup(void *data)
{
    struct rp_http_proxy_ctx  *ctx = data;

    /* the client went away: not the backend's fault (as in nginx) */
    if (ctx->peer) {
        rp_http_proxy_report(ctx, RP_UPSTREAM_OK, 0);
        rp_http_proxy_close_peer(ctx);
    }

    rp_http_proxy_buffer_cleanup(ctx);
    rp_http_proxy_buf_put(ctx->buffer);
    ctx->buffer = NULL;
}


/* Events of the backend connection go to the request's current step. */
static void
rp_http_proxy_peer_handler(struct rp_event *ev)
{
    struct rp_connection      *c = ev->data;
    struct rp_http_request    *r = c->data;
    struct rp_http_proxy_ctx  *ctx = rp_http_proxy_ctx_of(r);

    if (ev->write) {
        if (ctx->tunnel) {
            rp_http_proxy_tunnel(r, ctx);
        } else if (!ctx->sent_all) {
            rp_http_proxy_send_request(r, ctx);
        }
        return;
    }

    if (!ctx->sent_all) {
        /*
         * Nothing is read before the request is out: an early answer or
         * close shows up as a write error or is read right after the
         * last byte is sent (edge-triggered readiness is not lost: the
         * reader always tries the socket).
         */
        return;
    }

    if (ctx->tunnel) {
        rp_http_proxy_tunnel(r, ctx);
    } else if (!ctx->header_done) {
        rp_http_proxy_read_header(r, ctx);
    } else {
        rp_http_proxy_relay(r, ctx);
    }
}


/*
 * Start proxying <r> (after its body, if any, was read).  Holds the
 * request reference its handler took; ends with a finalize.
 */
void
rp_http_proxy_start(struct rp_http_request *r)
{
    struct rp_http_proxy_ctx  *ctx = rp_http_proxy_ctx_of(r);
    struct rp_pool_cleanup    *cln;

    if (rp_http_proxy_build_request(r, ctx) != RP_OK) {
        rp_http_finalize_request(r, RP_HTTP_INTERNAL_SERVER_ERROR);
        return;
    }

    ctx->first_start = rp_current_msec;

    if (ctx->us->balancer->init_request(r, ctx->us, &ctx->bstate) != RP_OK) {
        rp_http_finalize_request(r, RP_HTTP_INTERNAL_SERVER_ERROR);
        return;
    }

    cln = rp_pool_cleanup_add(r->pool);
    if (cln == NULL) {
        rp_http_finalize_request(r, RP_HTTP_INTERNAL_SERVER_ERROR);
        return;
    }

    cln->handler = rp_http_proxy_cleanup;
    cln->data = ctx;

    r->read_event_handler = rp_http_block_reading;
    r->write_event_handler = rp_http_block_reading;

    rp_http_proxy_connect(r, ctx);
}


/* A new attempt's record and the pieces of the request to send. */
static int
rp_http_proxy_new_attempt(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    struct rp_chain  *cl, **ll, *in;
    struct rp_buf    *b;

    ctx->state = rp_array_push(&ctx->states);
    if (ctx->state == NULL) {
        return RP_ERROR;
    }

    ctx->state->addr = *ctx->pc.name;
    ctx->state->connect_time = -1;
    ctx->state->header_time = -1;
    ctx->state->response_time = -1;
    ctx->start = rp_current_msec;
    ctx->header_us = 0;
    ctx->start_us = ctx->us->latency ? rp_time_usec() : 0;

    ctx->sent_any = 0;
    ctx->sent_all = 0;
    ctx->header_done = 0;
    ctx->body_last_sent = 0;
    ctx->out = NULL;
    ll = &ctx->out;

    /* fresh buffer headers over the same bytes: a retry resends all */
    in = NULL;
    if (ctx->plcf->pass_request_body && r->request_body) {
        in = r->request_body->bufs;
    }

    for (b = ctx->req_header; b; b = NULL) {
        cl = rp_chain_alloc(r->pool);
        if (cl == NULL) {
            return RP_ERROR;
        }
        cl->buf = rp_buf_calloc(r->pool);
        if (cl->buf == NULL) {
            return RP_ERROR;
        }
        *cl->buf = *b;
        *ll = cl;
        ll = &cl->next;
    }

    for ( ; in; in = in->next) {
        cl = rp_chain_alloc(r->pool);
        if (cl == NULL) {
            return RP_ERROR;
        }
        cl->buf = rp_buf_calloc(r->pool);
        if (cl->buf == NULL) {
            return RP_ERROR;
        }
        *cl->buf = *in->buf;
        *ll = cl;
        ll = &cl->next;
    }

    return RP_OK;
}


/* Bind <c> (a fresh or cached backend connection) to this attempt. */
static int
rp_http_proxy_attach(struct rp_http_request *r, struct rp_http_proxy_ctx *ctx,
    struct rp_connection *c)
{
    c->data = r;
    c->log = r->connection->log;
    c->log.action = "talking to the backend";
    c->read.handler = rp_http_proxy_peer_handler;
    c->write.handler = rp_http_proxy_peer_handler;
    ctx->peer = c;

    return rp_event_add_conn(c);
}


/* Pick a peer and connect to it (or reuse a kept-alive connection). */
static void
rp_http_proxy_connect(struct rp_http_request *r, struct rp_http_proxy_ctx *ctx)
{
    struct rp_connection  *c;
    int                    fd, rc, on;

    if (!ctx->fresh_only) {
        rc = ctx->us->balancer->get(ctx->bstate, &ctx->pc);

        if (rc != RP_OK) {
            rp_log_error(RP_LOG_ERR, &r->connection->log, 0,
                         "no live upstreams while connecting to upstream "
                         "\"" RP_STR_FMT "\"", RP_STR_ARG(ctx->us->host));
            rp_http_finalize_request(r, RP_HTTP_BAD_GATEWAY);
            return;
        }
    }

    if (rp_http_proxy_new_attempt(r, ctx) != RP_OK) {
        rp_http_finalize_request(r, RP_HTTP_INTERNAL_SERVER_ERROR);
        return;
    }

    ctx->reused = 0;

    if (!ctx->fresh_only) {
        c = rp_http_upstream_keepalive_get(ctx->us, &ctx->pc);

        if (c) {
            ctx->reused = 1;
            ctx->state->connect_time = 0;

            if (rp_http_proxy_attach(r, ctx, c) != RP_OK) {
                rp_http_proxy_next(r, ctx, RP_UPSTREAM_FAIL_CONNECT, 502);
                return;
            }

            rp_http_proxy_send_request(r, ctx);
            return;
        }
    }

    ctx->fresh_only = 0;
    ctx->pc.requests = 0;

    fd = socket(ctx->pc.sockaddr->sa_family,
                SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd == -1) {
        rp_log_error(RP_LOG_ALERT, &r->connection->log, errno,
                     "socket() failed");
        rp_http_finalize_request(r, RP_HTTP_INTERNAL_SERVER_ERROR);
        return;
    }

    on = 1;
    (void) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));

    c = rp_connection_get(fd, &r->connection->log);
    if (c == NULL) {
        (void) close(fd);
        rp_log_error(RP_LOG_ALERT, &r->connection->log, 0,
                     "worker_connections are not enough for a connection "
                     "to upstream");
        rp_http_finalize_request(r, RP_HTTP_BAD_GATEWAY);
        return;
    }

    if (rp_http_proxy_attach(r, ctx, c) != RP_OK) {
        rp_http_proxy_next(r, ctx, RP_UPSTREAM_FAIL_CONNECT, 502);
        return;
    }

    rc = connect(fd, ctx->pc.sockaddr, ctx->pc.socklen);

    if (rc == -1 && errno != EINPROGRESS) {
        rp_log_error(RP_LOG_ERR, &r->connection->log, errno,
                     "connect() to " RP_STR_FMT " failed",
                     RP_STR_ARG(*ctx->pc.name));
        rp_http_proxy_next(r, ctx, RP_UPSTREAM_FAIL_CONNECT, 502);
        return;
    }

    if (rc == 0) {
        ctx->state->connect_time = rp_current_msec - ctx->start;
        rp_http_proxy_send_request(r, ctx);
        return;
    }

    c->write.ready = 0;
    ctx->connecting = 1;

    if (rp_event_add_timer(&c->write, ctx->plcf->connect_timeout) != RP_OK) {
        rp_http_proxy_next(r, ctx, RP_UPSTREAM_FAIL_CONNECT, 502);
    }
}


/*
 * Write what is left of ctx->out to the backend.  Returns RP_OK (all
 * sent), RP_AGAIN or RP_ERROR.
 */
static int
rp_http_proxy_write(struct rp_http_proxy_ctx *ctx)
{
    struct iovec      iov[RP_HTTP_PROXY_IOVS];
    struct rp_chain  *cl;
    struct rp_buf    *b;
    ssize_t           n;
    size_t            sent;
    off_t             pos;
    int               niov;

    for (;;) {
        while (ctx->out && rp_buf_size(ctx->out->buf) == 0) {
            ctx->out = ctx->out->next;
        }

        if (ctx->out == NULL) {
            return RP_OK;
        }

        b = ctx->out->buf;

        if (b->in_file && !rp_buf_in_memory(b)) {
            pos = b->file_pos;
            n = sendfile(ctx->peer->fd, b->file_fd, &pos,
                         (size_t) rp_min(b->file_last - b->file_pos,
                                         (off_t) (1 << 20)));
            if (n > 0) {
                b->file_pos += n;
            }

        } else {
            niov = 0;

            for (cl = ctx->out; cl && niov < RP_HTTP_PROXY_IOVS; cl = cl->next)
            {
                if (!rp_buf_in_memory(cl->buf)) {
                    break;
                }
                if (cl->buf->last > cl->buf->pos) {
                    iov[niov].iov_base = cl->buf->pos;
                    iov[niov].iov_len = (size_t) (cl->buf->last
                                                  - cl->buf->pos);
                    niov++;
                }
            }

            n = writev(ctx->peer->fd, iov, niov);

            for (cl = ctx->out, sent = n > 0 ? (size_t) n : 0;
                 cl && sent; cl = cl->next)
            {
                size_t  k = rp_min_size(sent, (size_t) (cl->buf->last
                                                        - cl->buf->pos));
                cl->buf->pos += k;
                sent -= k;
            }
        }

        if (n > 0) {
            ctx->sent_any = 1;
            continue;
        }

        if (n == -1 && (errno == EAGAIN || errno == EINTR)) {
            return RP_AGAIN;
        }

        return RP_ERROR;
    }
}


/*
 * Connected (or resumed): send the request, then wait for the answer.
 * With an unbuffered body, the body is sent as the client sends it
 * (rp_http_proxy_body.c refills ctx->out); while the client is slow
 * this returns and the client's read event calls it again.
 */
void
rp_http_proxy_send_request(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    struct rp_connection  *c = ctx->peer;
    socklen_t              len;
    int                    err, rc;

    if (c->write.timedout) {
        c->write.timedout = 0;
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0, "upstream timed "
                     "out while %s " RP_STR_FMT,
                     ctx->connecting ? "connecting to" : "sending to",
                     RP_STR_ARG(*ctx->pc.name));
        rp_http_proxy_next(r, ctx, RP_UPSTREAM_FAIL_TIMEOUT, 504);
        return;
    }

    if (ctx->connecting) {
        err = 0;
        len = sizeof(err);

        if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1) {
            err = errno;
        }

        if (err) {
            rp_log_error(RP_LOG_ERR, &r->connection->log, err,
                         "connect() to " RP_STR_FMT " failed",
                         RP_STR_ARG(*ctx->pc.name));
            rp_http_proxy_next(r, ctx, RP_UPSTREAM_FAIL_CONNECT, 502);
            return;
        }

        ctx->connecting = 0;
        ctx->state->connect_time = rp_current_msec - ctx->start;
    }

    for (;;) {
        rc = rp_http_proxy_write(ctx);

        if (rc == RP_ERROR) {
            rp_log_error(RP_LOG_ERR, &r->connection->log, errno, "writev() "
                         "to " RP_STR_FMT " failed",
                         RP_STR_ARG(*ctx->pc.name));
            rp_http_proxy_next(r, ctx, ctx->reused && !ctx->sent_any
                                       ? RP_UPSTREAM_FAIL_CLOSED
                                       : RP_UPSTREAM_FAIL_CONNECT, 502);
            return;
        }

        if (rc == RP_AGAIN) {
            c->write.ready = 0;

            /* the backend's pace now: not the client's timeout */
            if (ctx->unbuffered && r->connection->read.timer_set) {
                rp_event_del_timer(&r->connection->read);
            }

            if (rp_event_add_timer(&c->write, ctx->plcf->send_timeout)
                != RP_OK)
            {
                rp_http_proxy_next(r, ctx, RP_UPSTREAM_FAIL_CONNECT, 502);
            }
            return;
        }

        if (!ctx->unbuffered || ctx->body_last_sent) {
            break;
        }

        rc = rp_http_proxy_body_next(r, ctx);

        if (rc == RP_AGAIN) {
            /* the client's pace: its read event resumes the sending */
            if (c->write.timer_set) {
                rp_event_del_timer(&c->write);
            }
            return;
        }

        if (rc != RP_OK) {
            rp_http_proxy_report(ctx, RP_UPSTREAM_OK, 0);
            rp_http_proxy_close_peer(ctx);
            rp_http_finalize_request(r, rc);
            return;
        }
    }

    if (c->write.timer_set) {
        rp_event_del_timer(&c->write);
    }

    ctx->sent_all = 1;

    if (rp_event_add_timer(&c->read, ctx->plcf->read_timeout) != RP_OK) {
        rp_http_proxy_next(r, ctx, RP_UPSTREAM_FAIL_CONNECT, 502);
        return;
    }

    /*
     * The answer cannot be there yet unless the socket said so; the read
     * event (edge-triggered) brings it, without a wasted recv().  A
     * peer that already hung up sends no further edge: read it now.
     */
    if (c->read.pending_eof) {
        rp_http_proxy_read_header(r, ctx);
        return;
    }

    c->read.ready = 0;
}


/*
 * Read from the backend into the free room of <b>, at most <max> bytes.
 * Returns bytes read, 0 on EOF, RP_AGAIN or RP_ERROR.
 */
ssize_t
rp_http_proxy_recv_into(struct rp_http_proxy_ctx *ctx, struct rp_buf *b,
    size_t max)
{
    ssize_t  n;
    size_t   room;

    /* a short read emptied the socket: wait for the next edge */
    if (!ctx->peer->read.ready) {
        return RP_AGAIN;
    }

    room = rp_min_size((size_t) (b->end - b->last), max);

    for (;;) {
        n = recv(ctx->peer->fd, b->last, room, 0);

        if (n > 0) {
            /* unless the peer already closed: no edge would follow */
            if ((size_t) n < room && !ctx->peer->read.pending_eof) {
                ctx->peer->read.ready = 0;
            }
            b->last += n;
            ctx->state->bytes_received += n;
            return n;
        }

        if (n == 0) {
            return 0;
        }

        if (errno == EINTR) {
            continue;
        }

        if (errno == EAGAIN) {
            ctx->peer->read.ready = 0;
            return RP_AGAIN;
        }

        return RP_ERROR;
    }
}


/*
 * Read from the backend into ctx->buffer.  Returns bytes read, 0 on EOF,
 * RP_AGAIN or RP_ERROR.
 */
ssize_t
rp_http_proxy_recv(struct rp_http_proxy_ctx *ctx)
{
    return rp_http_proxy_recv_into(ctx, ctx->buffer, SIZE_MAX);
}


/*
 * The response is complete: keep the backend connection if it can be
 * reused, tell the balancer, end the body, finalize.  With buffering
 * the client may still be receiving: the request finishes writing on
 * its own while the backend connection already serves another.
 */
void
rp_http_proxy_finish(struct rp_http_request *r, struct rp_http_proxy_ctx *ctx)
{
    struct rp_connection  *c = ctx->peer;
    int                    rc;

    ctx->done = 1;
    ctx->state->response_time = rp_current_msec - ctx->start;
    rp_http_proxy_report(ctx, ctx->http_failed ? RP_UPSTREAM_FAIL_HTTP
                                               : RP_UPSTREAM_OK, 1);

    if (c->read.timer_set) {
        rp_event_del_timer(&c->read);
    }

    if (ctx->http11 && !ctx->backend_close && !ctx->close_delimited
        && ctx->buffer->pos == ctx->buffer->last && ctx->us->keepalive
        && ctx->plcf->http_version == RP_HTTP_VERSION_11)
    {
        ctx->peer = NULL;
        rp_http_upstream_keepalive_put(ctx->us, ctx->pc.peer, c,
                                       ctx->pc.requests + 1);
    } else {
        rp_http_proxy_close_peer(ctx);
    }

    rc = rp_http_send_special(r, RP_HTTP_LAST);

    rp_http_finalize_request(r, rc == RP_ERROR ? RP_ERROR
                                : rc == RP_AGAIN ? RP_AGAIN : RP_OK);
}


/* The client took what was queued: go on relaying. */
static void
rp_http_proxy_client_writable(struct rp_http_request *r)
{
    struct rp_http_proxy_ctx  *ctx = rp_http_proxy_ctx_of(r);
    int                        rc;

    rc = rp_http_write_filter(r, NULL);

    if (rc == RP_ERROR) {
        rp_http_finalize_request(r, RP_ERROR);
        return;
    }

    if (rc == RP_OK) {
        rp_http_proxy_relay(r, ctx);
    }
}


/*
 * Decode the body bytes in [b->pos, b->last) (chunked or plain, up to
 * the length) into slices pointing into <b>, appended to *<out> (bufs
 * and links in r->pool).  RP_OK when the body is complete, RP_AGAIN when
 * more must be read, RP_ERROR (a broken chunked body, memory).  Bytes
 * after the end of the body mean the connection cannot be reused.
 */
int
rp_http_proxy_decode(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx, struct rp_buf *b, struct rp_chain **out)
{
    struct rp_buf    *ob;
    struct rp_chain  *cl, **ll;
    struct rp_str     data;
    size_t            n;
    int               rc, complete;

    complete = 0;

    for (ll = out; *ll; ll = &(*ll)->next) {
        /* append */
    }

    for (;;) {
        if (ctx->chunked_resp) {
            rc = rp_http_parse_chunked(&ctx->chunked, &b->pos, b->last,
                                       &data, UINT64_MAX);
            if (rc == RP_AGAIN) {
                break;
            }
            if (rc == RP_DONE) {
                complete = 1;
                break;
            }
            if (rc != RP_OK) {
                rp_log_error(RP_LOG_ERR, &r->connection->log, 0, "upstream "
                             "sent an invalid chunked body");
                return RP_ERROR;
            }

        } else {
            n = (size_t) (b->last - b->pos);

            if (ctx->length >= 0) {
                n = (size_t) rp_min((int64_t) n, ctx->length);
                ctx->length -= n;
            }

            data.data = b->pos;
            data.len = n;
            b->pos += n;

            complete = (ctx->length == 0);
        }

        if (data.len) {
            ob = rp_buf_calloc(r->pool);
            cl = rp_chain_alloc(r->pool);
            if (ob == NULL || cl == NULL) {
                return RP_ERROR;
            }

            ob->pos = data.data;
            ob->last = data.data + data.len;
            ob->memory = 1;
            cl->buf = ob;
            *ll = cl;
            ll = &cl->next;
        }

        if (!ctx->chunked_resp || complete) {
            break;
        }
    }

    if (complete && b->pos != b->last) {
        ctx->backend_close = 1;
    }

    return complete ? RP_OK : RP_AGAIN;
}


/* Relay the body: read handler of the backend after the header. */
void
rp_http_proxy_relay(struct rp_http_request *r, struct rp_http_proxy_ctx *ctx)
{
    struct rp_connection  *c = ctx->peer;
    struct rp_chain       *out;
    struct rp_buf         *b = ctx->buffer;
    ssize_t                n;
    int                    rc, frc;

    if (ctx->buffering) {
        rp_http_proxy_relay_buffered(r, ctx);
        return;
    }

    r->write_event_handler = rp_http_proxy_client_writable;

    if (c->read.timedout) {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0, "upstream timed "
                     "out while reading the response body from "
                     RP_STR_FMT, RP_STR_ARG(*ctx->pc.name));
        rp_http_finalize_request(r, RP_ERROR);
        return;
    }

    if (ctx->no_body) {
        rp_http_proxy_finish(r, ctx);
        return;
    }

    for (;;) {
        /*
         * The buffer is reused only once the client took everything.
         * (Queued output with a writable socket is only the header,
         * waiting to leave with the first body bytes.)
         */
        if (r->out && !r->connection->write.ready) {
            return;
        }

        out = NULL;
        rc = rp_http_proxy_decode(r, ctx, b, &out);

        if (rc == RP_ERROR) {
            rp_http_finalize_request(r, RP_ERROR);
            return;
        }

        if (out) {
            frc = rp_http_output_filter(r, out);

            if (frc == RP_ERROR) {
                rp_http_finalize_request(r, RP_ERROR);
                return;
            }
        }

        if (rc == RP_OK) {
            rp_http_proxy_finish(r, ctx);
            return;
        }

        if (r->out && !r->connection->write.ready) {
            return;                 /* client is slow: wait for it */
        }

        b->pos = b->start;
        b->last = b->start;

        n = rp_http_proxy_recv(ctx);

        if (n == RP_AGAIN) {
            if (rp_event_add_timer(&c->read, ctx->plcf->read_timeout)
                != RP_OK)
            {
                rp_http_finalize_request(r, RP_ERROR);
            }
            return;
        }

        if (n == 0 && ctx->close_delimited) {
            ctx->backend_close = 1;
            rp_http_proxy_finish(r, ctx);
            return;
        }

        if (n <= 0) {
            rp_log_error(RP_LOG_ERR, &r->connection->log, n ? errno : 0,
                         "upstream " RP_STR_FMT " prematurely closed the "
                         "connection while sending the response body",
                         RP_STR_ARG(*ctx->pc.name));
            rp_http_proxy_report(ctx, RP_UPSTREAM_FAIL_CLOSED, 1);
            rp_http_proxy_close_peer(ctx);
            rp_http_finalize_request(r, RP_ERROR);
            return;
        }
    }
}


/*
 * An attempt failed before the response header reached the client:
 * report it, then try the next peer when that is safe, or answer
 * <status>.
 */
void
rp_http_proxy_next(struct rp_http_request *r, struct rp_http_proxy_ctx *ctx,
    unsigned outcome, int status)
{
    int  retry;

    if (ctx->state) {
        ctx->state->response_time = rp_current_msec - ctx->start;

        /* $upstream_status of an attempt without an answer: 502, 504 */
        if (ctx->state->status == 0 && outcome != RP_UPSTREAM_OK) {
            ctx->state->status = status;
        }
    }

    rp_http_proxy_close_peer(ctx);
    rp_http_proxy_buf_put(ctx->buffer);
    ctx->buffer = NULL;
    memset(&ctx->status, 0, sizeof(ctx->status));
    ctx->status_done = 0;
    ctx->ncl = 0;
    ctx->chunked_resp = 0;
    ctx->backend_close = 0;
    ctx->connecting = 0;

    /* a kept-alive connection the backend had closed: one fresh try
     * (not once body bytes that cannot be read again went out) */
    if (outcome == RP_UPSTREAM_FAIL_CLOSED && ctx->reused
        && !ctx->body_sent)
    {
        ctx->fresh_only = 1;
        rp_http_proxy_connect(r, ctx);
        return;
    }

    retry = rp_http_proxy_may_retry(r, ctx,
                                    rp_http_proxy_next_bit(outcome, status));

    /* 403 and 404 may be retried but are not the server's failure */
    if (outcome == RP_UPSTREAM_FAIL_HTTP && (status == 403 || status == 404)) {
        rp_http_proxy_report(ctx, RP_UPSTREAM_OK, 0);
    } else {
        rp_http_proxy_report(ctx, outcome, 1);
    }

    if (retry) {
        ctx->pc.tries--;
        rp_http_proxy_connect(r, ctx);
        return;
    }

    rp_http_finalize_request(r, status);
}
