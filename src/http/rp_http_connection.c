/*
 * rp_http_connection.c - an HTTP client connection between requests.
 *
 * A worker hands every connection accepted on an http socket to
 * rp_http_init_connection().  The connection then waits for the first
 * byte of a request (client_header_timeout), gets a request object and
 * its header buffer, and after each response either waits for the next
 * request (keepalive_timeout; pipelined bytes already read start the
 * next request at once), lingers to drain what the client still sends
 * (lingering_close), or closes.
 *
 * Memory: per-connection state lives in c->pool; an idle keep-alive
 * connection keeps only its small header buffer, and not even that
 * when no pipelined bytes are pending.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http.h"
#include "rp_http_connection.h"
#include "rp_http_core_module.h"
#include "rp_http_request.h"
#include "rp_listen.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

/* How long a connection idle at a graceful stop may still send a request */
#define RP_HTTP_DRAIN_GRACE  1000

/*
 * Client header buffers (client_header_buffer_size) are given back while
 * a keep-alive connection is idle, and taken again for its next request:
 * a per-worker free list of up to RP_HTTP_HBUF_FREE of them saves two
 * malloc()/free() pairs per request.  Idle connections hold none.
 */
#define RP_HTTP_HBUF_FREE    256

struct rp_http_hbuf {
    struct rp_http_hbuf  *next;
    size_t                size;
};

static struct rp_http_hbuf  *rp_http_hbufs;
static unsigned              rp_http_nhbufs;

static void rp_http_wait_request_handler(struct rp_event *rev);
static void rp_http_hbuf_cleanup(void *data);
static void rp_http_lingering_close_handler(struct rp_event *rev);


static void
rp_http_empty_handler(struct rp_event *wev)
{
    (void) wev;
}


/*
 * The address conf a connection arrived on.  A specific address folded
 * into a wildcard socket of the same port is found by the connection's
 * local address (getsockname), so its servers, not the wildcard's,
 * answer.
 */
static struct rp_http_addr_conf *
rp_http_find_addr_conf(struct rp_connection *c)
{
    struct rp_http_addr_conf       *addr = c->listening->servers, *a;
    struct rp_http_core_main_conf  *cmcf;
    struct sockaddr_storage         ss;
    socklen_t                       len;
    size_t                          i;

    if (!addr->opt.wildcard || addr->default_server == NULL) {
        return addr;
    }

    cmcf = rp_http_ctx_main_conf(addr->default_server->ctx,
                                 &rp_http_core_module);
    a = cmcf->addrs.elts;

    for (i = 0; i < cmcf->addrs.nelts; i++) {
        if (a[i].folded_into == addr) {
            break;
        }
    }

    if (i == cmcf->addrs.nelts) {
        return addr;                /* nothing folded into this socket */
    }

    len = sizeof(ss);
    if (getsockname(c->fd, (struct sockaddr *) &ss, &len) == -1) {
        return addr;
    }

    for (i = 0; i < cmcf->addrs.nelts; i++) {
        if (a[i].folded_into == addr
            && rp_sockaddr_is_equal((struct sockaddr *) &a[i].opt.sockaddr,
                                    a[i].opt.socklen,
                                    (struct sockaddr *) &ss, len))
        {
            return &a[i];
        }
    }

    return addr;
}


static u_char *
rp_http_log_context(struct rp_log *log, u_char *p, size_t len)
{
    struct rp_connection  *c = log->data;
    int                    n;

    n = snprintf((char *) p, len, ", client: " RP_STR_FMT,
                 RP_STR_ARG(c->addr_text));

    return (n < 0) ? p : p + rp_min_size((size_t) n, len - 1);
}


/*
 * The listening handler of every http socket: take ownership of the
 * accepted connection <c> and wait for its first request.
 */
void
rp_http_init_connection(struct rp_connection *c)
{
    struct rp_http_connection     *hc;
    struct rp_http_addr_conf      *addr;
    struct rp_http_core_srv_conf  *cscf;

    hc = rp_pcalloc(c->pool, sizeof(struct rp_http_connection));
    if (hc == NULL) {
        rp_connection_close(c);
        return;
    }

    addr = rp_http_find_addr_conf(c);
    hc->addr_conf = addr;
    hc->conf_ctx = addr->default_server->ctx;
    cscf = addr->default_server;

    c->data = hc;
    hc->idle_since = rp_current_msec;     /* see rp_http_drain_grace() */
    c->log.action = "waiting for request";
    c->log.handler = rp_http_log_context;
    c->log.data = c;
    c->read.handler = rp_http_wait_request_handler;
    c->write.handler = rp_http_empty_handler;

    if (rp_event_add_conn(c) != RP_OK) {
        rp_connection_close(c);
        return;
    }

    rp_connection_set_idle(c, 1);

    if (rp_event_add_timer(&c->read, cscf->client_header_timeout) != RP_OK) {
        rp_connection_close(c);
        return;
    }

    if (c->read.ready) {
        rp_http_wait_request_handler(&c->read);
    }
}


/*
 * A graceful stop began while <c> was idle between requests.  A client
 * that got its last response only a moment ago may be sending the next
 * request right now; closing under it would fail that request.  Such a
 * connection gets the rest of RP_HTTP_DRAIN_GRACE to send it (it is then
 * answered with "Connection: close"); one idle for longer is closed.
 * Returns 1 if the connection was kept.
 */
static int
rp_http_drain_grace(struct rp_connection *c)
{
    struct rp_http_connection  *hc = c->data;
    rp_msec_t                   idle;

    idle = rp_current_msec - hc->idle_since;

    if (!rp_connection_draining || idle >= RP_HTTP_DRAIN_GRACE) {
        return 0;
    }

    c->close = 0;
    rp_connection_set_idle(c, 0);

    return rp_event_add_timer(&c->read, RP_HTTP_DRAIN_GRACE - idle) == RP_OK;
}



/* A header buffer of <size> bytes from the free list, or malloc'ed. */
static u_char *
rp_http_hbuf_get(size_t size)
{
    struct rp_http_hbuf  **hp, *h;

    for (hp = &rp_http_hbufs; *hp; hp = &(*hp)->next) {
        if ((*hp)->size == size) {
            h = *hp;
            *hp = h->next;
            rp_http_nhbufs--;
            return (u_char *) h;
        }
    }

    return malloc(rp_max(size, sizeof(struct rp_http_hbuf)));
}


/* Gives <b>'s memory back to the free list (or to malloc). */
static void
rp_http_hbuf_put(struct rp_buf *b)
{
    struct rp_http_hbuf  *h;

    if (b->start == NULL) {
        return;
    }

    if (rp_http_nhbufs < RP_HTTP_HBUF_FREE) {
        h = (struct rp_http_hbuf *) b->start;
        h->size = (size_t) (b->end - b->start);
        h->next = rp_http_hbufs;
        rp_http_hbufs = h;
        rp_http_nhbufs++;
    } else {
        free(b->start);
    }

    b->start = NULL;
    b->pos = NULL;
    b->last = NULL;
    b->end = NULL;
}


/* c->pool cleanup: the header buffer goes back when the connection ends. */
static void
rp_http_hbuf_cleanup(void *data)
{
    rp_http_hbuf_put(data);
}


/*
 * Gives hc->buf memory for the next request (a buffer struct owned by
 * c->pool, whose memory is returned by a pool cleanup).  RP_OK or
 * RP_ERROR.
 */
static int
rp_http_hbuf_alloc(struct rp_connection *c, struct rp_http_connection *hc,
    size_t size)
{
    struct rp_pool_cleanup  *cln;
    struct rp_buf           *b;

    b = hc->buf;

    if (b == NULL) {
        b = rp_buf_calloc(c->pool);
        cln = rp_pool_cleanup_add(c->pool);

        if (b == NULL || cln == NULL) {
            return RP_ERROR;
        }

        b->temporary = 1;
        cln->handler = rp_http_hbuf_cleanup;
        cln->data = b;
        hc->buf = b;
    }

    b->start = rp_http_hbuf_get(size);
    if (b->start == NULL) {
        return RP_ERROR;
    }

    b->pos = b->start;
    b->last = b->start;
    b->end = b->start + size;

    return RP_OK;
}


/*
 * Read handler of a connection with no request in progress: the first
 * bytes of a request create it.  EOF or the timeout close quietly.
 */
static void
rp_http_wait_request_handler(struct rp_event *rev)
{
    struct rp_connection          *c = rev->data;
    struct rp_http_connection     *hc = c->data;
    struct rp_http_core_srv_conf  *cscf;
    struct rp_http_request        *r;
    struct rp_buf                 *b;
    ssize_t                        n;

    if (c->close && !rev->timedout && rp_http_drain_grace(c)) {
        return;
    }

    if (rev->timedout || c->close) {
        rp_http_close_connection(c);
        return;
    }

    cscf = rp_http_ctx_srv_conf(hc->conf_ctx, &rp_http_core_module);
    /* none yet, or given back while idle: one for the next request */
    if ((hc->buf == NULL || hc->buf->start == NULL)
        && rp_http_hbuf_alloc(c, hc, cscf->client_header_buffer_size)
           != RP_OK)
    {
        rp_http_close_connection(c);
        return;
    }

    b = hc->buf;

    if (b->pos == b->last) {
        b->pos = b->start;
        b->last = b->start;

        n = recv(c->fd, b->last, (size_t) (b->end - b->last), 0);

        if (n == -1 && (errno == EAGAIN || errno == EINTR)) {
            rev->ready = 0;
            return;
        }

        if (n <= 0) {
            rp_http_close_connection(c);
            return;
        }

        /*
         * A short read emptied the socket: the next read waits for the
         * next edge instead of costing a recv() that returns EAGAIN.
         */
        if (n < b->end - b->last && !rev->pending_eof) {
            rev->ready = 0;
        }

        b->last += n;
    }

    rp_connection_set_idle(c, 0);
    c->log.action = "reading client request line";

    r = rp_http_create_request(c);
    if (r == NULL) {
        rp_http_close_connection(c);
        return;
    }

    rev->handler = rp_http_process_request_line;
    rp_http_process_request_line(rev);
}


/*
 * After a response on a keep-alive connection: free the request, then
 * start the next one at once if pipelined bytes are waiting, or go idle
 * until the client sends again (keepalive_timeout).
 */
void
rp_http_set_keepalive(struct rp_http_request *r)
{
    struct rp_connection          *c = r->connection;
    struct rp_http_connection     *hc = r->hc;
    struct rp_http_core_loc_conf  *clcf = rp_http_core_loc(r);
    struct rp_buf                 *b = r->header_in;
    size_t                         left;
    rp_msec_t                      timeout;

    timeout = clcf->keepalive_timeout;

    /* pipelined bytes go to the start of the connection's own buffer */
    left = (size_t) (b->last - b->pos);

    if (left && b != hc->buf) {
        if (left > (size_t) (hc->buf->end - hc->buf->start)) {
            rp_http_free_request(r, 0);
            rp_http_close_connection(c);
            return;
        }

        memmove(hc->buf->start, b->pos, left);
        hc->buf->pos = hc->buf->start;
        hc->buf->last = hc->buf->start + left;

    } else if (left) {
        if (b->pos != b->start) {
            memmove(b->start, b->pos, left);
            b->last = b->start + left;
            b->pos = b->start;
        }

    } else {
        /* an idle connection keeps no header buffer (10k idle clients) */
        rp_http_hbuf_put(hc->buf);
    }

    /*
     * A keep-alive connection sends small responses back to back: with
     * Nagle's algorithm the next one could wait for the delayed ACK.
     */
    if (clcf->tcp_nodelay && !hc->nodelay) {
        int  on = 1;

        if (setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on))
            == 0)
        {
            hc->nodelay = 1;
        }
    }

    rp_http_free_request(r, 0);

    hc->nlarge = 0;
    c->log.action = "keepalive";
    c->read.handler = rp_http_wait_request_handler;
    c->write.handler = rp_http_empty_handler;

    if (c->write.timer_set) {
        rp_event_del_timer(&c->write);
    }

    if (left) {
        rp_http_wait_request_handler(&c->read);
        return;
    }

    rp_connection_set_idle(c, 1);
    hc->idle_since = rp_current_msec;

    if (timeout == 0) {
        rp_http_close_connection(c);
        return;
    }

    /* during a graceful stop, see rp_http_drain_grace() */
    if (rp_connection_draining) {
        rp_connection_set_idle(c, 0);
        timeout = rp_min(timeout, (rp_msec_t) RP_HTTP_DRAIN_GRACE);
    }

    if (rp_event_add_timer(&c->read, timeout) != RP_OK) {
        rp_http_close_connection(c);
        return;
    }

    if (c->read.ready) {
        rp_http_wait_request_handler(&c->read);
    }
}


/*
 * Close the write side and read what the client still sends for up to
 * lingering_time, so a response sent before the request body ended is
 * not destroyed by a TCP reset (RFC 9112 9.6).
 */
void
rp_http_set_lingering_close(struct rp_http_request *r)
{
    struct rp_connection          *c = r->connection;
    struct rp_http_core_loc_conf  *clcf = rp_http_core_loc(r);
    rp_msec_t                      deadline, timeout;

    deadline = rp_current_msec + clcf->lingering_time;
    timeout = clcf->lingering_timeout;

    rp_http_free_request(r, 0);

    if (shutdown(c->fd, SHUT_WR) == -1) {
        rp_http_close_connection(c);
        return;
    }

    ((struct rp_http_connection *) c->data)->lingering_deadline = deadline;
    ((struct rp_http_connection *) c->data)->lingering_timeout = timeout;
    c->log.action = "lingering close";
    c->read.handler = rp_http_lingering_close_handler;
    c->write.handler = rp_http_empty_handler;
    rp_connection_set_idle(c, 1);

    if (rp_event_add_timer(&c->read, rp_min(timeout, clcf->lingering_time))
        != RP_OK)
    {
        rp_http_close_connection(c);
        return;
    }

    rp_http_lingering_close_handler(&c->read);
}


static void
rp_http_lingering_close_handler(struct rp_event *rev)
{
    struct rp_connection       *c = rev->data;
    struct rp_http_connection  *hc = c->data;
    u_char                      buf[4096];
    ssize_t                     n;

    if (rev->timedout || c->close
        || rp_current_msec >= hc->lingering_deadline)
    {
        rp_http_close_connection(c);
        return;
    }

    for (;;) {
        n = recv(c->fd, buf, sizeof(buf), 0);

        if (n > 0) {
            continue;
        }

        if (n == -1 && errno == EINTR) {
            continue;
        }

        if (n == -1 && errno == EAGAIN) {
            rev->ready = 0;

            /* lingering_timeout counts from the last data, within
             * lingering_time (the deadline) */
            if (rp_event_add_timer(rev, rp_min(hc->lingering_timeout,
                                               hc->lingering_deadline
                                               - rp_current_msec))
                != RP_OK)
            {
                rp_http_close_connection(c);
            }
            return;
        }

        rp_http_close_connection(c);
        return;
    }
}


/* Close the connection and everything it owns. */
void
rp_http_close_connection(struct rp_connection *c)
{
    rp_connection_close(c);
}
