/*
 * rp_http_static_send.c - sending an open file as a response body.
 *
 * The static module opens the file and sends the header; these two
 * functions send the body, according to the location's "sendfile":
 * as one file range handed to sendfile() by the write filter, or read
 * into one reused 32 KiB memory buffer at a time, only as fast as the
 * client takes it.  Both keep a worker's memory per response constant
 * whatever the file's size.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_event.h"
#include "rp_http.h"
#include "rp_http_connection.h"
#include "rp_http_request.h"
#include "rp_http_static_send.h"

#include <unistd.h>

#define RP_HTTP_STATIC_CHUNK   (32 * 1024)

/* State of a response read into memory (sendfile off). */
struct rp_http_static_ctx {
    int                  fd;
    off_t                offset;     /* next byte to read */
    off_t                size;
    struct rp_buf       *buf;        /* reused for every chunk */
    rp_event_handler_pt  saved;      /* the connection's write handler */
};


/*
 * sendfile on: the whole body is one file range; the write filter hands
 * it to sendfile(), so the bytes go from the page cache to the socket
 * without a copy through user space or a buffer per chunk, and a slow
 * client costs no memory.
 */
int
rp_http_static_send_file(struct rp_http_request *r, int fd, off_t size)
{
    struct rp_chain   out;
    struct rp_buf    *b;

    b = rp_buf_calloc(r->pool);
    if (b == NULL) {
        return RP_ERROR;
    }

    b->file_fd = fd;
    b->file_pos = 0;
    b->file_last = size;
    b->in_file = size > 0;
    b->last_buf = 1;

    out.buf = b;
    out.next = NULL;

    return rp_http_output_filter(r, &out);
}


/*
 * Read the next chunks of the file into the context's one buffer and
 * send them, as long as the socket takes them.  The buffer is refilled
 * only when the write filter has sent all of it, so memory stays at one
 * chunk however large the file and however slow the client.  Returns
 * RP_OK (the last chunk went out), RP_AGAIN (the socket is full) or
 * RP_ERROR.
 */
static int
rp_http_static_read_more(struct rp_http_request *r,
    struct rp_http_static_ctx *ctx)
{
    struct rp_chain   out;
    struct rp_buf    *b = ctx->buf;
    ssize_t           n;
    size_t            want;
    int               rc, last;

    for ( ;; ) {
        if (r->out) {
            rc = rp_http_output_filter(r, NULL);
            if (rc != RP_OK) {
                return rc;
            }
        }

        want = (size_t) rp_min(ctx->size - ctx->offset,
                               (off_t) (b->end - b->start));

        n = pread(ctx->fd, b->start, want, ctx->offset);

        if (n <= 0) {
            rp_log_error(RP_LOG_CRIT, &r->connection->log,
                         n == 0 ? 0 : errno, "pread() of %zu bytes at %lld "
                         "failed%s", want, (long long) ctx->offset,
                         n == 0 ? ": the file was truncated" : "");
            return RP_ERROR;
        }

        ctx->offset += n;
        last = ctx->offset >= ctx->size;

        b->pos = b->start;
        b->last = b->start + n;
        b->last_buf = last;
        b->flush = 0;

        out.buf = b;
        out.next = NULL;

        rc = rp_http_output_filter(r, &out);

        if (rc == RP_ERROR || last || rc == RP_AGAIN) {
            return rc;
        }
    }
}


/*
 * The connection's write handler while a file is read into memory: the
 * core's handler is put back when the last chunk is queued, and the
 * request is finalized (the core drains what is left).
 */
static void
rp_http_static_read_event(struct rp_event *wev)
{
    struct rp_connection        *c = wev->data;
    struct rp_http_connection   *hc = c->data;
    struct rp_http_request      *r = hc->request;
    struct rp_http_static_ctx   *ctx;
    int                          rc;

    ctx = rp_http_get_module_ctx(r, &rp_http_static_module);

    if (wev->timedout) {
        c->write.handler = ctx->saved;  /* it logs and closes */
        ctx->saved(wev);
        return;
    }

    rc = rp_http_static_read_more(r, ctx);

    if (rc == RP_AGAIN && ctx->offset < ctx->size) {
        return;
    }

    c->write.handler = ctx->saved;
    rp_http_finalize_request(r, rc == RP_OK ? RP_DONE : rc);
}


/*
 * sendfile off: read the file in pieces of at most 32 KiB into one
 * reused memory buffer and write each with writev().  This costs a copy
 * into user space and a system call pair per piece, which is why
 * sendfile on is faster; it exists for file systems where sendfile()
 * misbehaves (some network and FUSE mounts) and for filters that must
 * see the bytes.  Back-pressure: while the socket is full, rampart takes
 * the connection's write event and reads the next piece only when the
 * previous one was sent.
 */
int
rp_http_static_send_read(struct rp_http_request *r, int fd, off_t size)
{
    struct rp_http_static_ctx  *ctx;
    struct rp_connection       *c = r->connection;
    size_t                      chunk;
    int                         rc;

    if (size == 0) {
        return rp_http_send_special(r, RP_HTTP_LAST);
    }

    ctx = rp_pcalloc(r->pool, sizeof(struct rp_http_static_ctx));
    if (ctx == NULL) {
        return RP_ERROR;
    }

    chunk = (size_t) rp_min(size, (off_t) RP_HTTP_STATIC_CHUNK);

    ctx->buf = rp_buf_create_temp(r->pool, chunk);
    if (ctx->buf == NULL) {
        return RP_ERROR;
    }

    ctx->fd = fd;
    ctx->size = size;

    rc = rp_http_static_read_more(r, ctx);

    if (rc != RP_AGAIN || ctx->offset >= ctx->size) {
        return rc;                      /* done, or the core drains */
    }

    rp_http_set_module_ctx(r, &rp_http_static_module, ctx);
    ctx->saved = c->write.handler;
    c->write.handler = rp_http_static_read_event;

    return RP_AGAIN;
}
