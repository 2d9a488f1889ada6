/*
 * rp_http_write_filter.c - the last body filter: writing to the client.
 *
 * Output is queued on r->out and written with writev() (memory buffers,
 * up to 64 at a time) and sendfile() (file ranges, no copy through user
 * space).  When the socket is full the filter returns RP_AGAIN and arms
 * send_timeout; the write event resumes it through rp_http_writer(), so
 * a slow client holds at most the buffers already queued: back-pressure
 * reaches the producer, which must stop producing while r->out is set.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http_core_module.h"
#include "rp_http_filters.h"
#include "rp_http_request.h"

#include <sys/sendfile.h>
#include <sys/uio.h>

#define RP_HTTP_IOVS            64
#define RP_HTTP_SENDFILE_LIMIT  (2 * 1024 * 1024)


/* Drop fully sent buffers from the head of r->out. */
static void
rp_http_write_skip_sent(struct rp_http_request *r)
{
    while (r->out) {
        struct rp_buf  *b = r->out->buf;

        if (!rp_buf_special(b) && rp_buf_size(b) > 0) {
            return;
        }

        r->out = r->out->next;
    }
}


/* Advance the queued buffers over <sent> bytes written by writev(). */
static void
rp_http_write_consume(struct rp_http_request *r, size_t sent)
{
    struct rp_chain  *cl;
    struct rp_buf    *b;
    size_t            n;

    for (cl = r->out; cl && sent; cl = cl->next) {
        b = cl->buf;

        if (rp_buf_special(b) || !rp_buf_in_memory(b)) {
            break;
        }

        n = rp_min_size((size_t) (b->last - b->pos), sent);
        b->pos += n;
        sent -= n;
    }

    rp_http_write_skip_sent(r);
}


/*
 * One system call: sendfile() if the first queued buffer is a file
 * range, else writev() over the run of memory buffers.  Returns bytes
 * written, RP_AGAIN or RP_ERROR.
 */
static ssize_t
rp_http_write_once(struct rp_http_request *r)
{
    struct rp_connection  *c = r->connection;
    struct iovec           iov[RP_HTTP_IOVS];
    struct rp_chain       *cl;
    struct rp_buf         *b;
    ssize_t                n;
    off_t                  pos;
    int                    niov;

    b = r->out->buf;

    if (b->in_file && !rp_buf_in_memory(b)) {
        pos = b->file_pos;
        n = sendfile(c->fd, b->file_fd, &pos,
                     (size_t) rp_min(b->file_last - b->file_pos,
                                     (off_t) RP_HTTP_SENDFILE_LIMIT));
        if (n > 0) {
            b->file_pos += n;
            rp_http_write_skip_sent(r);
        }

    } else {
        niov = 0;

        for (cl = r->out; cl && niov < RP_HTTP_IOVS; cl = cl->next) {
            b = cl->buf;

            if (rp_buf_special(b)) {
                continue;
            }

            if (!rp_buf_in_memory(b)) {
                break;
            }

            if (b->last > b->pos) {
                iov[niov].iov_base = b->pos;
                iov[niov].iov_len = (size_t) (b->last - b->pos);
                niov++;
            }
        }

        if (niov == 0) {
            rp_http_write_skip_sent(r);
            return 0;
        }

        n = writev(c->fd, iov, niov);
        if (n > 0) {
            rp_http_write_consume(r, (size_t) n);
        }
    }

    if (n >= 0) {
        return n;
    }

    if (errno == EAGAIN || errno == EINTR) {
        return RP_AGAIN;
    }

    rp_log_error(RP_LOG_INFO, &c->log, errno, "%s() failed",
                 (b->in_file && !rp_buf_in_memory(b)) ? "sendfile" : "writev");
    return RP_ERROR;
}


/*
 * Queue <in> (may be NULL: just continue writing) and write as much as
 * the socket takes.  RP_OK when nothing is left queued, RP_AGAIN when the
 * rest waits for the socket, RP_ERROR when the client is gone.
 */
int
rp_http_write_filter(struct rp_http_request *r, struct rp_chain *in)
{
    struct rp_connection  *c = r->connection;
    struct rp_chain      **ll;
    ssize_t                n;

    for (ll = &r->out; *ll; ll = &(*ll)->next) {
        /* find the end */
    }

    if (in && rp_chain_append_copy(r->pool, ll, in) != RP_OK) {
        return RP_ERROR;
    }

    if (c->write.error) {
        return RP_ERROR;
    }

    while (r->out) {
        rp_http_write_skip_sent(r);
        if (r->out == NULL) {
            break;
        }

        n = rp_http_write_once(r);

        if (n == RP_ERROR) {
            c->write.error = 1;
            return RP_ERROR;
        }

        if (n == RP_AGAIN) {
            c->write.ready = 0;
            if (rp_event_add_timer(&c->write, rp_http_core_loc(r)->send_timeout)
                != RP_OK)
            {
                return RP_ERROR;
            }
            return RP_AGAIN;
        }

        r->bytes_sent += n;
        r->hc->sent += n;
    }

    if (c->write.timer_set) {
        rp_event_del_timer(&c->write);
    }

    return RP_OK;
}
