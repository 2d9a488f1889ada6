/*
 * rp_http_proxy_buffer.c - proxy_buffering: reading a response from the
 * backend faster than the client takes it.
 *
 * With proxy_buffering on (the default, or "X-Accel-Buffering: yes"
 * from the backend) the body is read as fast as the backend sends it:
 * into the header buffer and up to proxy_buffers more in memory, whose
 * decoded bytes are queued for the client at once; when the client is
 * slow and busy_buffers_size bytes wait for it, what follows is written
 * to an unlinked temp file in proxy_temp_path (at most
 * proxy_max_temp_file_size bytes, temp_file_write_size at a time) and
 * queued as a file range, sent with sendfile().  Only when memory and
 * the file are both full does reading stop (back-pressure, as with
 * buffering off).  Once the body is complete the backend connection is
 * released (to the keep-alive cache when it can be reused), while the
 * client goes on receiving from memory and the file.  A client that
 * keeps up never sees a temp file nor an extra copy: the header buffer
 * is refilled as soon as the client has taken it, as in streaming.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http_filters.h"
#include "rp_http_proxy.h"
#include "rp_http_request.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>

#define RP_HTTP_PROXY_TEMP_IOVS  64

static void rp_http_proxy_buffered_writable(struct rp_http_request *r);

static unsigned  rp_http_proxy_temp_number;


/* ---------------------------------------------------------------------
 * The temp file
 */

/*
 * The directory for the next temp file: proxy_temp_path, plus the level
 * directories (named by the last digits of a per-worker number, as
 * nginx's are) made on first use.  RP_OK or RP_ERROR (logged).
 */
static int
rp_http_proxy_temp_dir(struct rp_http_request *r, char *dir, size_t size)
{
    struct rp_http_proxy_loc_conf  *plcf;
    char                            num[16], *p, *last;
    unsigned                        i, end;
    int                             n;

    plcf = rp_http_get_module_loc_conf(r, &rp_http_proxy_module);

    n = snprintf(dir, size, RP_STR_FMT, RP_STR_ARG(plcf->temp_path));
    if (n < 0 || (size_t) n >= size) {
        return RP_ERROR;
    }

    if (plcf->temp_levels[0] == 0) {
        return RP_OK;
    }

    (void) snprintf(num, sizeof(num), "%010u",
                    ++rp_http_proxy_temp_number + (unsigned) getpid());
    end = 10;
    p = dir + n;
    last = dir + size;

    for (i = 0; i < 3 && plcf->temp_levels[i]; i++) {
        end -= plcf->temp_levels[i];
        n = snprintf(p, (size_t) (last - p), "/%.*s",
                     (int) plcf->temp_levels[i], num + end);
        if (n < 0 || n >= last - p) {
            return RP_ERROR;
        }
        p += n;

        /* exists already, or made now (by this or another worker) */
        if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
            rp_log_error(RP_LOG_CRIT, &r->connection->log, errno,
                         "mkdir() \"%s\" failed", dir);
            return RP_ERROR;
        }
    }

    return RP_OK;
}


/* Create the response's temp file: unnamed (O_TMPFILE), else unlinked. */
static int
rp_http_proxy_temp_open(struct rp_http_request *r,
    struct rp_http_proxy_pipe *p)
{
    struct rp_pool_cleanup  *cln;
    char                     dir[PATH_MAX], path[PATH_MAX + 32];
    int                      fd;

    if (rp_http_proxy_temp_dir(r, dir, sizeof(dir)) != RP_OK) {
        return RP_ERROR;
    }

    fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

    if (fd == -1 && (errno == EOPNOTSUPP || errno == EISDIR)) {
        (void) snprintf(path, sizeof(path), "%s/proxy.XXXXXX", dir);

        fd = mkostemp(path, O_CLOEXEC);
        if (fd != -1) {
            (void) unlink(path);
        }
    }

    if (fd == -1) {
        rp_log_error(RP_LOG_CRIT, &r->connection->log, errno,
                     "cannot create a temp file in \"%s\" for a response",
                     dir);
        return RP_ERROR;
    }

    cln = rp_pool_cleanup_add(r->pool);
    if (cln == NULL) {
        (void) close(fd);
        return RP_ERROR;
    }

    p->temp_fd = fd;
    cln->handler = rp_pool_cleanup_fd;
    cln->data = &p->temp_fd;

    rp_log_error(RP_LOG_INFO, &r->connection->log, 0, "a response is "
                 "buffered to a temporary file in \"%s\"", dir);

    return RP_OK;
}


/* Append the slices of <in> to the temp file.  RP_OK or RP_ERROR. */
static int
rp_http_proxy_temp_write(struct rp_http_request *r,
    struct rp_http_proxy_pipe *p, struct rp_chain *in)
{
    struct iovec   iov[RP_HTTP_PROXY_TEMP_IOVS];
    struct rp_buf *b;
    ssize_t        n;
    size_t         left;
    int            niov;

    if (p->temp_fd == -1 && rp_http_proxy_temp_open(r, p) != RP_OK) {
        return RP_ERROR;
    }

    while (in) {
        niov = 0;
        left = 0;

        for ( ; in && niov < RP_HTTP_PROXY_TEMP_IOVS; in = in->next) {
            b = in->buf;
            iov[niov].iov_base = b->pos;
            iov[niov].iov_len = (size_t) (b->last - b->pos);
            left += iov[niov].iov_len;
            niov++;
        }

        while (left) {
            n = pwritev(p->temp_fd, iov, niov, p->written);

            if (n == -1 && errno == EINTR) {
                continue;
            }

            if (n <= 0) {
                rp_log_error(RP_LOG_CRIT, &r->connection->log, errno,
                             "pwritev() to a response temp file failed");
                return RP_ERROR;
            }

            p->written += n;
            left -= (size_t) n;

            /* a short write (a full disk?): skip what went out */
            while (n > 0 && niov > 0) {
                if ((size_t) n >= iov[0].iov_len) {
                    n -= (ssize_t) iov[0].iov_len;
                    memmove(iov, iov + 1, (size_t) --niov * sizeof(iov[0]));
                } else {
                    iov[0].iov_base = (u_char *) iov[0].iov_base + n;
                    iov[0].iov_len -= (size_t) n;
                    n = 0;
                }
            }
        }
    }

    return RP_OK;
}


/* Queue the temp file's bytes not yet queued, as one file range. */
static int
rp_http_proxy_queue_file(struct rp_http_request *r,
    struct rp_http_proxy_pipe *p)
{
    struct rp_chain  *cl;
    struct rp_buf    *b;

    if (p->written == p->queued) {
        return RP_OK;
    }

    b = rp_buf_calloc(r->pool);
    cl = rp_chain_alloc(r->pool);
    if (b == NULL || cl == NULL) {
        return RP_ERROR;
    }

    b->in_file = 1;
    b->file_fd = p->temp_fd;
    b->file_pos = p->queued;
    b->file_last = p->written;
    cl->buf = b;
    p->queued = p->written;

    return rp_http_output_filter(r, cl) == RP_ERROR ? RP_ERROR : RP_OK;
}


/* ---------------------------------------------------------------------
 * Memory buffers
 */

/* See rp_http_proxy.h. */
void
rp_http_proxy_buffer_cleanup(struct rp_http_proxy_ctx *ctx)
{
    struct rp_http_proxy_pipe  *p = ctx->pipe;
    size_t                      i;

    if (p == NULL) {
        return;
    }

    /* raw[0] is ctx->buffer, released by the caller */
    for (i = 1; i < p->nraw; i++) {
        rp_http_proxy_buf_put(p->raw[i].buf);
    }

    rp_http_proxy_buf_put(p->spill);
    p->nraw = 0;
    p->spill = NULL;
}


/*
 * 1 if raw buffer <i> can be refilled: all of it decoded and all that
 * was queued from it sent (with nothing queued at all, every buffer is).
 */
static int
rp_http_proxy_raw_is_free(struct rp_http_request *r,
    struct rp_http_proxy_pipe *p, size_t i)
{
    struct rp_http_proxy_raw  *raw = &p->raw[i];

    if (raw->buf->pos != raw->buf->last) {
        return 0;
    }

    return r->out == NULL || raw->last_out == NULL
           || rp_buf_size(raw->last_out) == 0;
}


/*
 * Bytes of memory buffers holding data the client has not taken, each
 * counted at its configured size (the first buffer is allocated larger
 * than proxy_buffer_size: RP_HTTP_PROXY_READ_SIZE).
 */
static size_t
rp_http_proxy_busy(struct rp_http_request *r, struct rp_http_proxy_pipe *p,
    size_t nominal)
{
    size_t  i, busy, size;

    busy = 0;

    for (i = 0; i < p->nraw; i++) {
        if (!rp_http_proxy_raw_is_free(r, p, i)) {
            size = (size_t) (p->raw[i].buf->end - p->raw[i].buf->start);
            busy += rp_min(size, nominal);
        }
    }

    return busy;
}


/*
 * The memory buffer to read into next, made current: the current one
 * while it has room, else a free one (the header buffer first, so a
 * client that keeps up is served from it alone), else a new one while
 * proxy_buffers allows and, when the client is slow and the temp file
 * can take the data instead, busy_buffers_size is not reached.  NULL
 * when the data must go to the temp file or wait.
 */
static struct rp_buf *
rp_http_proxy_raw_get(struct rp_http_request *r, struct rp_http_proxy_ctx *ctx,
    int spill_ok)
{
    struct rp_http_proxy_pipe  *p = ctx->pipe;
    struct rp_buf              *b;
    size_t                      i;
    int                         slow;

    b = p->raw[p->cur].buf;

    if (b->last < b->end) {
        return b;
    }

    slow = r->out && !r->connection->write.ready;

    if (slow && spill_ok
        && rp_http_proxy_busy(r, p, rp_max(ctx->plcf->buffer_size,
                                           ctx->plcf->bufs_size))
           + ctx->plcf->bufs_size
           > ctx->plcf->busy_buffers_size)
    {
        return NULL;
    }

    for (i = 0; i < p->nraw; i++) {
        if (rp_http_proxy_raw_is_free(r, p, i)) {
            p->cur = i;
            b = p->raw[i].buf;
            b->pos = b->start;
            b->last = b->start;
            p->raw[i].last_out = NULL;
            return b;
        }
    }

    if (p->nraw == p->maxraw) {
        return NULL;
    }

    b = rp_http_proxy_buf_get(r, ctx->plcf->bufs_size);
    if (b == NULL) {
        return NULL;
    }

    p->cur = p->nraw++;
    p->raw[p->cur].buf = b;
    p->raw[p->cur].last_out = NULL;

    return b;
}


/*
 * Decode what raw buffer <cur> holds and queue it for the client.
 * RP_OK, or RP_ERROR (logged, or the client is gone).
 */
static int
rp_http_proxy_pass_raw(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    struct rp_http_proxy_pipe  *p = ctx->pipe;
    struct rp_http_proxy_raw   *raw = &p->raw[p->cur];
    struct rp_chain            *out, *cl;
    int                         rc;

    out = NULL;
    rc = rp_http_proxy_decode(r, ctx, raw->buf, &out);

    if (rc == RP_ERROR) {
        return RP_ERROR;
    }

    if (rc == RP_OK) {
        p->complete = 1;
    }

    if (out == NULL) {
        return RP_OK;
    }

    for (cl = out; cl->next; cl = cl->next) {
        /* the last slice tells when the buffer is free again */
    }

    raw->last_out = cl->buf;

    return rp_http_output_filter(r, out) == RP_ERROR ? RP_ERROR : RP_OK;
}


/*
 * First call: pass the body bytes that came with the header.  A body
 * that is complete with them (the common small response) needs nothing
 * more: RP_DONE.  Else set up the pipe, ctx->buffer becoming raw buffer
 * 0: RP_OK.  RP_ERROR: memory, a broken body, the client is gone.
 */
static int
rp_http_proxy_pipe_init(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    struct rp_http_proxy_pipe  *p;
    struct rp_chain            *out, *cl;
    int                         rc;

    out = NULL;
    rc = rp_http_proxy_decode(r, ctx, ctx->buffer, &out);

    if (rc == RP_ERROR) {
        return RP_ERROR;
    }

    if (rc == RP_OK) {
        return (out == NULL || rp_http_output_filter(r, out) != RP_ERROR)
               ? RP_DONE : RP_ERROR;
    }

    p = rp_pcalloc(r->pool, sizeof(struct rp_http_proxy_pipe));
    if (p == NULL) {
        return RP_ERROR;
    }

    p->maxraw = 1 + (size_t) ctx->plcf->bufs_num;
    p->raw = rp_pcalloc(r->pool, p->maxraw * sizeof(struct rp_http_proxy_raw));
    if (p->raw == NULL) {
        return RP_ERROR;
    }

    p->raw[0].buf = ctx->buffer;
    p->nraw = 1;
    p->temp_fd = -1;
    ctx->pipe = p;

    if (out == NULL) {
        return RP_OK;
    }

    for (cl = out; cl->next; cl = cl->next) {
        /* the last slice tells when the buffer is free again */
    }

    p->raw[0].last_out = cl->buf;

    return rp_http_output_filter(r, out) == RP_ERROR ? RP_ERROR : RP_OK;
}


/* ---------------------------------------------------------------------
 * Reading the backend
 */

/*
 * The backend closed (<n> 0) or failed (<n> RP_ERROR) while the body was
 * read: the end of a close-delimited body, else a premature end (logged;
 * the client connection is closed so the response does not look
 * complete).  RP_OK (complete) or RP_ERROR.
 */
static int
rp_http_proxy_pipe_eof(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx, ssize_t n)
{
    if (n == 0 && ctx->close_delimited) {
        ctx->backend_close = 1;
        ctx->pipe->complete = 1;
        return RP_OK;
    }

    rp_log_error(RP_LOG_ERR, &r->connection->log, n ? errno : 0,
                 "upstream " RP_STR_FMT " prematurely closed the "
                 "connection while sending the response body",
                 RP_STR_ARG(*ctx->pc.name));
    rp_http_proxy_report(ctx, RP_UPSTREAM_FAIL_CLOSED, 1);
    rp_http_proxy_close_peer(ctx);

    return RP_ERROR;
}


/*
 * Read up to temp_file_write_size bytes (within max_temp_file_size) and
 * append their decoded body bytes to the temp file.  Returns as
 * rp_http_proxy_pipe_read().
 */
static ssize_t
rp_http_proxy_spill(struct rp_http_request *r, struct rp_http_proxy_ctx *ctx)
{
    struct rp_http_proxy_pipe  *p = ctx->pipe;
    struct rp_chain            *out;
    struct rp_buf              *b;
    ssize_t                     n, total;
    size_t                      room;
    int                         rc;

    if (p->spill == NULL) {
        p->spill = rp_http_proxy_buf_get(r, ctx->plcf->temp_file_write_size);
        if (p->spill == NULL) {
            return RP_DECLINED;
        }
    }

    b = p->spill;
    b->pos = b->start;
    b->last = b->start;
    room = ctx->plcf->max_temp_file_size - (size_t) p->written;
    total = 0;

    /* fill the buffer while the socket has data: one write per buffer */
    do {
        n = rp_http_proxy_recv_into(ctx, b,
                                    room - (size_t) (b->last - b->start));
        if (n > 0) {
            total += n;
        }
    } while (n > 0 && b->last < b->end
             && (size_t) (b->last - b->start) < room);

    if (total == 0) {
        return n;
    }

    out = NULL;
    rc = rp_http_proxy_decode(r, ctx, b, &out);

    if (rc == RP_ERROR || rp_http_proxy_temp_write(r, p, out) != RP_OK) {
        return RP_DECLINED;
    }

    if (rc == RP_OK) {
        p->complete = 1;
    } else if (n == 0 || n == RP_ERROR) {
        /* the close came right after the data */
        return n;
    }

    return total;
}


/*
 * One step: read what the backend has into memory or the temp file.
 * Returns bytes read (> 0), 0 or RP_ERROR for the end of the
 * connection (see rp_http_proxy_pipe_eof), RP_AGAIN (nothing to read),
 * RP_DONE (no room: wait for the client), or RP_DECLINED when the
 * request must end (a broken body, the temp file, memory: logged where
 * it is worth it; or the client went away).
 */
static ssize_t
rp_http_proxy_pipe_read(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    struct rp_http_proxy_pipe  *p = ctx->pipe;
    struct rp_buf              *b;
    ssize_t                     n;
    int                         spill_ok;

    spill_ok = (size_t) p->written < ctx->plcf->max_temp_file_size;

    /* after file data not yet queued, more data must follow it there */
    if (p->written == p->queued) {
        b = rp_http_proxy_raw_get(r, ctx, spill_ok);

        if (b != NULL) {
            n = rp_http_proxy_recv_into(ctx, b, SIZE_MAX);

            if (n > 0 && rp_http_proxy_pass_raw(r, ctx) != RP_OK) {
                return RP_DECLINED;
            }

            return n;
        }
    }

    if (!spill_ok) {
        return RP_DONE;
    }

    return rp_http_proxy_spill(r, ctx);
}


/* The body is all read: release the backend, end the response. */
static void
rp_http_proxy_pipe_done(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    if (rp_http_proxy_queue_file(r, ctx->pipe) != RP_OK) {
        rp_http_finalize_request(r, RP_ERROR);
        return;
    }

    rp_http_proxy_finish(r, ctx);
}


/* See rp_http_proxy.h. */
void
rp_http_proxy_relay_buffered(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    struct rp_connection  *c = ctx->peer;
    ssize_t                n;
    int                    got, rc;

    r->write_event_handler = rp_http_proxy_buffered_writable;

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

    if (ctx->pipe == NULL) {
        rc = rp_http_proxy_pipe_init(r, ctx);

        if (rc == RP_DONE) {
            rp_http_proxy_finish(r, ctx);
            return;
        }

        if (rc != RP_OK) {
            rp_http_finalize_request(r, RP_ERROR);
            return;
        }
    }

    ctx->pipe->stalled = 0;
    got = 0;

    for (;;) {
        if (ctx->pipe->complete) {
            rp_http_proxy_pipe_done(r, ctx);
            return;
        }

        /* the client took all before the file's data: queue that */
        if (r->out == NULL
            && rp_http_proxy_queue_file(r, ctx->pipe) != RP_OK)
        {
            rp_http_finalize_request(r, RP_ERROR);
            return;
        }

        n = rp_http_proxy_pipe_read(r, ctx);

        if (n > 0) {
            got = 1;
            continue;
        }

        if (n == RP_AGAIN) {
            /* proxy_read_timeout: between two reads from the backend */
            if ((got || !c->read.timer_set)
                && rp_event_add_timer(&c->read, ctx->plcf->read_timeout)
                   != RP_OK)
            {
                rp_http_finalize_request(r, RP_ERROR);
            }
            return;
        }

        if (n == RP_DONE) {
            /* memory and file full: the client's pace now */
            if (c->read.timer_set) {
                rp_event_del_timer(&c->read);
            }
            ctx->pipe->stalled = 1;
            return;
        }

        if (n == RP_DECLINED || rp_http_proxy_pipe_eof(r, ctx, n) != RP_OK) {
            rp_http_finalize_request(r, RP_ERROR);
            return;
        }
    }
}


/*
 * Write handler of the client while the backend is still being read:
 * write what is queued; room that frees up resumes a stalled read, and
 * an empty queue lets the temp file's data follow.
 */
static void
rp_http_proxy_buffered_writable(struct rp_http_request *r)
{
    struct rp_http_proxy_ctx  *ctx;
    int                        rc;

    ctx = rp_http_get_module_ctx(r, &rp_http_proxy_module);

    rc = rp_http_write_filter(r, NULL);

    if (rc == RP_ERROR) {
        rp_http_finalize_request(r, RP_ERROR);
        return;
    }

    if (ctx->peer == NULL || ctx->done) {
        return;
    }

    if (ctx->pipe->stalled || rc == RP_OK) {
        rp_http_proxy_relay_buffered(r, ctx);
    }
}
