/*
 * rp_http_request_body.c - skipping a request body nobody reads.
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
