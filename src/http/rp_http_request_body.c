/*
 * rp_http_request_body.c - skipping a request body nobody reads, and
 * reading one for a handler: whole (into memory and a temp file), or
 * piece by piece for a handler that passes it on as it comes
 * (proxy_request_buffering off; see the last section).
 *
 * A request may carry a body its handler does not want (a GET with a
 * body, a POST answered from a static file or with an error).  To keep
 * the connection for the next request, the body is read and dropped:
 * by Content-Length, or through the chunked decoder, whose end tells
 * exactly where the next (pipelined) request begins.  Reading never
 * goes past the body for Content-Length, and for chunked bodies the
 * bytes after the last chunk stay in the connection's header buffer,
 * where the next request starts.  The client gets its response first;
 * the rest of the body is skipped afterwards, bounded by
 * lingering_timeout between reads and lingering_time in total.  A body
 * that cannot be decoded ends the connection.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http_connection.h"
#include "rp_http_core_module.h"
#include "rp_http_request.h"

#include <fcntl.h>
#include <sys/socket.h>

static void rp_http_discarded_body_handler(struct rp_event *rev);


/*
 * Skip body bytes in r->header_in.  RP_OK when the body is complete,
 * RP_AGAIN when more must be read, RP_ERROR on a chunked coding error.
 */
static int
rp_http_discard_buffered(struct rp_http_request *r)
{
    struct rp_buf  *b = r->header_in;
    struct rp_str   data;
    off_t           n;
    int             rc;

    if (!r->headers_in.chunked) {
        n = rp_min(r->discard_rest, (off_t) (b->last - b->pos));
        b->pos += n;
        r->discard_rest -= n;
        r->request_length += n;

        return r->discard_rest ? RP_AGAIN : RP_OK;
    }

    for (;;) {
        u_char  *start = b->pos;

        rc = rp_http_parse_chunked(&r->discard_chunked, &b->pos, b->last,
                                   &data, UINT64_MAX);

        r->request_length += b->pos - start;

        if (rc == RP_OK) {
            continue;                       /* data skipped */
        }

        if (rc == RP_DONE) {
            return RP_OK;
        }

        if (rc == RP_AGAIN) {
            return RP_AGAIN;
        }

        rp_log_error(RP_LOG_INFO, &r->connection->log, 0,
                     "client sent invalid chunked body");
        return RP_ERROR;
    }
}


/*
 * Read more of the body from the socket and skip it.  For Content-Length
 * at most the remaining bytes are read; a chunked body is read into the
 * header buffer (emptied first), so what follows it stays there.
 * RP_OK (body done), RP_AGAIN (socket empty), RP_ERROR.
 */
static int
rp_http_discard_read(struct rp_http_request *r)
{
    struct rp_connection  *c = r->connection;
    struct rp_buf         *b = r->header_in;
    size_t                 size;
    ssize_t                n;
    int                    rc;

    for (;;) {
        rc = rp_http_discard_buffered(r);
        if (rc != RP_AGAIN) {
            return rc;
        }

        b->pos = b->start;
        b->last = b->start;

        size = (size_t) (b->end - b->start);
        if (!r->headers_in.chunked) {
            size = (size_t) rp_min((off_t) size, r->discard_rest);
        }

        n = recv(c->fd, b->last, size, 0);

        if (n == -1 && errno == EINTR) {
            continue;
        }

        if (n == -1 && errno == EAGAIN) {
            c->read.ready = 0;
            return RP_AGAIN;
        }

        if (n <= 0) {
            return RP_ERROR;                /* client gone mid-body */
        }

        b->last += n;
    }
}


/*
 * Decide that <r>'s body will not be read by a handler: what has
 * arrived is skipped now, the rest after the response (see the file
 * comment).  With "Expect: 100-continue" the client is told to send it,
 * as nginx does, so it does not stall.  RP_OK (always: a body that turns
 * out to be broken only ends the connection later).
 */
int
rp_http_discard_request_body(struct rp_http_request *r)
{
    struct rp_connection  *c = r->connection;
    static const char      cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
    int                    rc;

    if (r->discard_body || r->request_body) {
        return RP_OK;
    }

    r->discard_body = 1;

    if (r->headers_in.content_length_n <= 0 && !r->headers_in.chunked) {
        return RP_OK;
    }

    r->discard_rest = r->headers_in.content_length_n;
    rp_http_chunked_init(&r->discard_chunked);

    /* never after the final response has started */
    if (r->headers_in.expect_continue && !r->header_sent && !r->expect_tested
        && r->header_in->pos == r->header_in->last)
    {
        r->expect_tested = 1;
        (void) send(c->fd, cont, sizeof(cont) - 1, MSG_NOSIGNAL);
    }

    rc = rp_http_discard_buffered(r);

    if (rc == RP_OK) {
        return RP_OK;
    }

    r->discarding = 1;

    if (rc == RP_ERROR) {
        r->keepalive = 0;
    }

    return RP_OK;
}


/*
 * The response is out, the body is not: keep reading and dropping it,
 * then reuse the connection.  Called by finalize instead of keep-alive.
 */
void
rp_http_discard_body_after_response(struct rp_http_request *r)
{
    struct rp_connection          *c = r->connection;
    struct rp_http_core_loc_conf  *clcf = rp_http_core_loc(r);

    r->hc->lingering_deadline = rp_current_msec + clcf->lingering_time;
    c->log.action = "reading the rest of a skipped request body";
    c->read.handler = rp_http_discarded_body_handler;

    rp_http_discarded_body_handler(&c->read);
}


static void
rp_http_discarded_body_handler(struct rp_event *rev)
{
    struct rp_connection          *c = rev->data;
    struct rp_http_connection     *hc = c->data;
    struct rp_http_request        *r = hc->request;
    struct rp_http_core_loc_conf  *clcf = rp_http_core_loc(r);
    int                            rc;

    if (rev->timedout || c->close || rp_current_msec >= hc->lingering_deadline)
    {
        rp_http_free_request(r, 0);
        rp_http_close_connection(c);
        return;
    }

    rc = rp_http_discard_read(r);

    if (rc == RP_AGAIN) {
        if (rp_event_add_timer(rev, clcf->lingering_timeout) != RP_OK) {
            rp_http_free_request(r, 0);
            rp_http_close_connection(c);
        }
        return;
    }

    if (rc == RP_ERROR) {
        rp_http_free_request(r, 0);
        rp_http_close_connection(c);
        return;
    }

    if (rev->timer_set) {
        rp_event_del_timer(rev);
    }

    r->discarding = 0;
    rp_http_finalize_connection(r);
}


/* ---------------------------------------------------------------------
 * Reading a body for a handler (proxy_pass)
 *
 * The body is collected in one memory buffer of client_body_buffer_size
 * (or the Content-Length, if smaller); when it fills up, it is written
 * to an unnamed temp file in client_body_temp_path and reused, so an
 * upload of any size costs one buffer of memory.  A chunked body is
 * decoded on the way in: the handler gets plain bytes and their length,
 * and can send them on with Content-Length, which every backend
 * understands.  client_max_body_size is enforced for chunked bodies as
 * the bytes arrive.
 */

static void rp_http_read_body_handler(struct rp_http_request *r);


/* Create the body's temp file: unnamed (O_TMPFILE), else unlinked. */
static int
rp_http_body_temp_file(struct rp_http_request *r)
{
    struct rp_http_core_loc_conf  *clcf = rp_http_core_loc(r);
    struct rp_http_request_body   *rb = r->request_body;
    struct rp_pool_cleanup        *cln;
    char                           path[PATH_MAX];
    const char                    *dir;
    int                            fd;

    dir = (const char *) clcf->client_body_temp_path.data;

    fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

    if (fd == -1 && (errno == EOPNOTSUPP || errno == EISDIR)) {
        if (snprintf(path, sizeof(path), "%s/body.XXXXXX", dir)
            >= (int) sizeof(path))
        {
            return RP_ERROR;
        }

        fd = mkostemp(path, O_CLOEXEC);
        if (fd != -1) {
            (void) unlink(path);
        }
    }

    if (fd == -1) {
        rp_log_error(RP_LOG_CRIT, &r->connection->log, errno,
                     "cannot create a temp file in \"%s\" for a request "
                     "body", dir);
        return RP_ERROR;
    }

    cln = rp_pool_cleanup_add(r->pool);
    if (cln == NULL) {
        (void) close(fd);
        return RP_ERROR;
    }

    rb->temp_fd = fd;
    cln->handler = rp_pool_cleanup_fd;
    cln->data = &rb->temp_fd;

    return RP_OK;
}


/* The memory buffer is full: append it to the temp file, empty it. */
static int
rp_http_body_spill(struct rp_http_request *r)
{
    struct rp_http_request_body  *rb = r->request_body;
    struct rp_buf                *b = rb->buf;
    ssize_t                       n;

    if (rb->temp_fd == -1 && rp_http_body_temp_file(r) != RP_OK) {
        return RP_ERROR;
    }

    while (b->pos < b->last) {
        n = pwrite(rb->temp_fd, b->pos, (size_t) (b->last - b->pos),
                   rb->file_size);

        if (n == -1 && errno == EINTR) {
            continue;
        }

        if (n <= 0) {
            rp_log_error(RP_LOG_CRIT, &r->connection->log, errno,
                         "pwrite() to a request body temp file failed");
            return RP_ERROR;
        }

        b->pos += n;
        rb->file_size += n;
    }

    b->pos = b->start;
    b->last = b->start;

    return RP_OK;
}


/* Append [p, p + len) to the body, spilling as needed. */
static int
rp_http_body_store(struct rp_http_request *r, const u_char *p, size_t len)
{
    struct rp_http_request_body  *rb = r->request_body;
    struct rp_buf                *b = rb->buf;
    size_t                        n;

    while (len) {
        if (b->last == b->end && rp_http_body_spill(r) != RP_OK) {
            return RP_ERROR;
        }

        n = rp_min_size(len, (size_t) (b->end - b->last));
        b->last = rp_cpymem(b->last, p, n);
        p += n;
        len -= n;
        rb->received += n;
    }

    return RP_OK;
}


/*
 * Take body bytes from r->header_in.  RP_OK (body complete), RP_AGAIN,
 * or an HTTP status (400 bad chunk, 413 too large, 500).
 */
static int
rp_http_body_take_buffered(struct rp_http_request *r)
{
    struct rp_http_request_body   *rb = r->request_body;
    struct rp_http_core_loc_conf  *clcf = rp_http_core_loc(r);
    struct rp_buf                 *b = r->header_in;
    struct rp_str                  data;
    uint64_t                       max;
    size_t                         n;
    int                            rc;

    if (!r->headers_in.chunked) {
        n = (size_t) rp_min(rb->rest, (off_t) (b->last - b->pos));

        if (rb->unbuffered) {
            n = rp_min_size(n, (size_t) (rb->buf->end - rb->buf->last));
        }

        if (rp_http_body_store(r, b->pos, n) != RP_OK) {
            return RP_HTTP_INTERNAL_SERVER_ERROR;
        }

        b->pos += n;
        rb->rest -= n;
        r->request_length += n;

        return rb->rest ? RP_AGAIN : RP_OK;
    }

    max = clcf->client_max_body_size ? clcf->client_max_body_size
                                     : UINT64_MAX;

    for (;;) {
        u_char  *start = b->pos, *last = b->last;

        /* unbuffered: never more decoded bytes than buf has room for */
        if (rb->unbuffered) {
            n = (size_t) (rb->buf->end - rb->buf->last);
            if (n == 0) {
                return RP_AGAIN;
            }
            last = rp_min_size(n, (size_t) (last - start)) + start;
        }

        rc = rp_http_parse_chunked(&rb->chunked, &b->pos, last, &data, max);
        r->request_length += b->pos - start;

        if (rc == RP_OK) {
            if (rp_http_body_store(r, data.data, data.len) != RP_OK) {
                return RP_HTTP_INTERNAL_SERVER_ERROR;
            }
            continue;
        }

        if (rc == RP_DONE) {
            return RP_OK;
        }

        if (rc == RP_AGAIN) {
            if (last < b->last) {
                continue;               /* window full, buf has room */
            }
            return RP_AGAIN;
        }

        if (rc == RP_HTTP_PARSE_CHUNK_TOO_LARGE && max != UINT64_MAX) {
            rp_log_error(RP_LOG_ERR, &r->connection->log, 0, "client "
                         "intended to send too large chunked body");
            return RP_HTTP_REQUEST_ENTITY_TOO_LARGE;
        }

        rp_log_error(RP_LOG_INFO, &r->connection->log, 0,
                     "client sent invalid chunked body");
        return RP_HTTP_BAD_REQUEST;
    }
}


/* The body is complete: build rb->bufs and call the handler back. */
static void
rp_http_body_done(struct rp_http_request *r)
{
    struct rp_http_request_body  *rb = r->request_body;
    struct rp_connection         *c = r->connection;
    struct rp_chain              *cl, **ll;
    struct rp_buf                *fb;

    if (c->read.timer_set) {
        rp_event_del_timer(&c->read);
    }

    r->reading_body = 0;
    r->read_event_handler = rp_http_block_reading;
    ll = &rb->bufs;

    if (rb->temp_fd != -1) {
        fb = rp_buf_calloc(r->pool);
        cl = rp_chain_alloc(r->pool);
        if (fb == NULL || cl == NULL) {
            rp_http_finalize_request(r, RP_HTTP_INTERNAL_SERVER_ERROR);
            return;
        }

        fb->in_file = 1;
        fb->file_fd = rb->temp_fd;
        fb->file_pos = 0;
        fb->file_last = rb->file_size;
        cl->buf = fb;
        *ll = cl;
        ll = &cl->next;
    }

    if (rb->buf->last > rb->buf->pos) {
        cl = rp_chain_alloc(r->pool);
        if (cl == NULL) {
            rp_http_finalize_request(r, RP_HTTP_INTERNAL_SERVER_ERROR);
            return;
        }

        cl->buf = rb->buf;
        *ll = cl;
    }

    rb->post_handler(r);
}


/*
 * Read what the socket has.  RP_OK (complete), RP_AGAIN, or a status.
 * Content-Length bodies are read straight into the body buffer and never
 * past their end; chunked ones through the header buffer, so bytes after
 * the last chunk stay there for the next request.
 */
static int
rp_http_body_read(struct rp_http_request *r)
{
    struct rp_http_request_body  *rb = r->request_body;
    struct rp_connection         *c = r->connection;
    struct rp_buf                *b;
    size_t                        size;
    ssize_t                       n;
    int                           rc;

    for (;;) {
        rc = rp_http_body_take_buffered(r);
        if (rc != RP_AGAIN) {
            return rc;
        }

        /* unbuffered: the handler must take what buf holds first */
        if (rb->unbuffered && rb->buf->last == rb->buf->end) {
            return RP_AGAIN;
        }

        if (r->headers_in.chunked) {
            /*
             * Raw chunked bytes go to a buffer of their own: the header
             * buffer still holds the request line and fields the request
             * points to.  It becomes r->header_in, so bytes after the
             * last chunk are where the next request is looked for.
             */
            if (rb->raw == NULL) {
                rb->raw = rp_buf_create_temp(r->pool, 16 * 1024);
                if (rb->raw == NULL) {
                    return RP_HTTP_INTERNAL_SERVER_ERROR;
                }
                r->header_in = rb->raw;
            }

            b = rb->raw;
            b->pos = b->start;
            b->last = b->start;
            size = (size_t) (b->end - b->start);

        } else {
            b = rb->buf;

            if (b->last == b->end && rp_http_body_spill(r) != RP_OK) {
                return RP_HTTP_INTERNAL_SERVER_ERROR;
            }

            size = (size_t) rp_min((off_t) (b->end - b->last), rb->rest);
        }

        n = recv(c->fd, b->last, size, 0);

        if (n == -1 && errno == EINTR) {
            continue;
        }

        if (n == -1 && errno == EAGAIN) {
            c->read.ready = 0;
            return RP_AGAIN;
        }

        if (n <= 0) {
            rp_log_error(RP_LOG_INFO, &c->log, n ? errno : 0,
                         "client closed the connection while sending the "
                         "request body");
            return RP_HTTP_BAD_REQUEST;
        }

        if (r->headers_in.chunked) {
            b->last += n;
            continue;
        }

        /* Content-Length bytes went straight into the body buffer */
        b->last += n;
        rb->rest -= n;
        rb->received += n;
        r->request_length += n;

        if (rb->rest == 0) {
            return RP_OK;
        }
    }
}


static void
rp_http_read_body_handler(struct rp_http_request *r)
{
    struct rp_connection          *c = r->connection;
    struct rp_http_core_loc_conf  *clcf = rp_http_core_loc(r);
    int                            rc;

    if (c->read.timedout) {
        c->read.timedout = 0;
        rp_log_error(RP_LOG_INFO, &c->log, 0,
                     "client timed out sending the request body");
        r->keepalive = 0;
        rp_http_finalize_request(r, RP_HTTP_REQUEST_TIME_OUT);
        return;
    }

    rc = rp_http_body_read(r);

    if (rc == RP_AGAIN) {
        if (rp_event_add_timer(&c->read, clcf->client_body_timeout)
            != RP_OK)
        {
            rp_http_finalize_request(r, RP_ERROR);
        }
        return;
    }

    if (rc != RP_OK) {
        r->keepalive = 0;
        r->reading_body = 0;
        r->read_event_handler = rp_http_block_reading;
        rp_http_finalize_request(r, rc);
        return;
    }

    rp_http_body_done(r);
}


/*
 * r->request_body for reading with <post_handler>: the length to read
 * and a memory buffer of client_body_buffer_size (or the whole body if
 * smaller).  NULL when memory is short.
 */
static struct rp_http_request_body *
rp_http_body_create(struct rp_http_request *r,
    void (*post_handler)(struct rp_http_request *r))
{
    struct rp_http_core_loc_conf  *clcf = rp_http_core_loc(r);
    struct rp_http_request_body   *rb;
    size_t                         size;

    rb = rp_pcalloc(r->pool, sizeof(struct rp_http_request_body));
    if (rb == NULL) {
        return NULL;
    }

    rb->temp_fd = -1;
    rb->post_handler = post_handler;
    rb->rest = r->headers_in.content_length_n > 0
               ? r->headers_in.content_length_n : 0;
    rp_http_chunked_init(&rb->chunked);
    r->request_body = rb;

    size = clcf->client_body_buffer_size;
    if (!r->headers_in.chunked && rb->rest < (off_t) size) {
        size = (size_t) rb->rest;
    }

    rb->buf = rp_buf_create_temp(r->pool, size ? size : 1);

    return rb->buf ? rb : NULL;
}


/*
 * "Expect: 100-continue" with no body bytes received yet: say go on
 * (once; a failed send shows up as a failed read later).
 */
static void
rp_http_body_continue(struct rp_http_request *r)
{
    static const char  cont[] = "HTTP/1.1 100 Continue\r\n\r\n";

    if (r->headers_in.expect_continue && !r->expect_tested
        && r->header_in->pos == r->header_in->last)
    {
        r->expect_tested = 1;
        (void) send(r->connection->fd, cont, sizeof(cont) - 1,
                    MSG_NOSIGNAL);
    }
}


/*
 * Read the whole request body for a handler, then call <post_handler>
 * (possibly before returning).  Takes a request reference, so the
 * handler returns RP_DONE after calling this.  Returns RP_OK, or an
 * HTTP status to finalize with at once (the reference is then given
 * back by that finalize's caller returning the status).
 */
int
rp_http_read_client_request_body(struct rp_http_request *r,
    void (*post_handler)(struct rp_http_request *r))
{
    struct rp_http_request_body  *rb;

    rb = rp_http_body_create(r, post_handler);
    if (rb == NULL) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    r->count++;

    if (rb->rest == 0 && !r->headers_in.chunked) {
        rp_http_body_done(r);
        return RP_OK;
    }

    rp_http_body_continue(r);

    r->reading_body = 1;
    r->read_event_handler = rp_http_read_body_handler;
    rp_http_read_body_handler(r);

    return RP_OK;
}


/* ---------------------------------------------------------------------
 * Reading a body that is passed on as it arrives
 * (proxy_request_buffering off)
 *
 * The same reading as above, except that the memory buffer is never
 * spilled: the decoder and recv() stop when it is full, so a handler
 * that does not take the bytes stops the reading (back-pressure to the
 * client), and what it took is where the next bytes go.
 */

/* See rp_http_request.h. */
int
rp_http_read_unbuffered_request_body(struct rp_http_request *r)
{
    struct rp_http_core_loc_conf  *clcf = rp_http_core_loc(r);
    struct rp_http_request_body   *rb = r->request_body;
    struct rp_connection          *c = r->connection;
    int                            rc;

    if (!r->reading_body) {
        return RP_OK;
    }

    rc = rp_http_body_read(r);

    if (rc == RP_AGAIN) {
        if (rb->buf->last == rb->buf->end) {
            /* waiting for the handler, not the client */
            if (c->read.timer_set) {
                rp_event_del_timer(&c->read);
            }
            return RP_AGAIN;
        }

        if (rp_event_add_timer(&c->read, clcf->client_body_timeout)
            != RP_OK)
        {
            return RP_HTTP_INTERNAL_SERVER_ERROR;
        }
        return RP_AGAIN;
    }

    if (c->read.timer_set) {
        rp_event_del_timer(&c->read);
    }

    r->reading_body = 0;

    if (rc != RP_OK) {
        r->keepalive = 0;
    }

    return rc;
}


/* See rp_http_request.h. */
int
rp_http_read_unbuffered_request_body_start(struct rp_http_request *r,
    void (*post_handler)(struct rp_http_request *r))
{
    struct rp_http_request_body  *rb;
    int                           rc;

    rb = rp_http_body_create(r, post_handler);
    if (rb == NULL) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    rb->unbuffered = 1;
    rp_http_body_continue(r);

    r->reading_body = 1;
    r->read_event_handler = rp_http_block_reading;

    rc = rp_http_read_unbuffered_request_body(r);
    if (rc != RP_OK && rc != RP_AGAIN) {
        return rc;
    }

    r->count++;
    post_handler(r);

    return RP_OK;
}
