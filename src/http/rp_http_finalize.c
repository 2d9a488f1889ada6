/*
 * rp_http_finalize.c - ending a request: error responses, waiting for
 * output to drain, the log phase, and what becomes of the connection
 * (keep-alive, lingering close or close).
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http_connection.h"
#include "rp_http_core_module.h"
#include "rp_http_filters.h"
#include "rp_http_request.h"

#include <sys/socket.h>

int  (*rp_http_error_page_handler)(struct rp_http_request *r, int status);

static const char  rp_http_error_tail[] =
    "<hr><center>rampart</center>\r\n"
    "</body>\r\n"
    "</html>\r\n";


/* Write handler while queued output drains to a slow client. */
static void
rp_http_writer(struct rp_http_request *r)
{
    int  rc;

    rc = rp_http_write_filter(r, NULL);

    if (rc == RP_AGAIN) {
        return;
    }

    rp_http_finalize_request(r, rc == RP_OK ? RP_DONE : RP_ERROR);
}


/*
 * 1 if the client may still be sending a body we did not read, so the
 * connection must not be reused and should linger before closing.
 */
static int
rp_http_body_pending(struct rp_http_request *r)
{
    if (r->discard_body) {
        return r->discarding;
    }

    if (r->request_body) {
        return 0;
    }

    return r->headers_in.content_length_n > 0 || r->headers_in.chunked;
}


/* After the response: keep-alive, linger, or close. */
void
rp_http_finalize_connection(struct rp_http_request *r)
{
    struct rp_http_core_loc_conf  *clcf = rp_http_core_loc(r);
    struct rp_connection          *c = r->connection;
    int                            pending;

    /* a body no handler read is skipped so the connection can live on */
    if (r->keepalive && !r->discard_body && !r->request_body) {
        (void) rp_http_discard_request_body(r);
    }

    pending = rp_http_body_pending(r);

    /* the rest of a skipped body is read before the next request */
    if (r->keepalive && r->discarding && !rp_connection_draining) {
        rp_http_discard_body_after_response(r);
        return;
    }

    /*
     * A response that promised keep-alive is honoured even when a
     * graceful stop began meanwhile: the client may already be sending
     * its next request (rp_http_set_keepalive() bounds the wait).
     */
    if (r->keepalive && !pending) {
        rp_http_set_keepalive(r);
        return;
    }

    if (clcf->lingering_close == RP_HTTP_LINGERING_ALWAYS
        || (clcf->lingering_close == RP_HTTP_LINGERING_ON
            && (pending || r->lingering_close
                || r->header_in->pos < r->header_in->last)))
    {
        rp_http_set_lingering_close(r);
        return;
    }

    rp_http_free_request(r, 0);
    rp_http_close_connection(c);
}


/*
 * End request <r> with <rc> (see rp_http_request.h for the meanings).
 * May be called again after output drains; runs the log phase once.
 */
void
rp_http_finalize_request(struct rp_http_request *r, int rc)
{
    struct rp_connection  *c = r->connection;

    if (rc == RP_OK) {
        rc = RP_DONE;
    }

    /*
     * Reference counting (r->count): code that runs the request on while
     * it still holds it (an internal redirect runs the phases again from
     * inside a handler) takes a reference and gives it back with
     * RP_DONE.  Until the last reference is given back, finishing only
     * drops a reference, and a close is deferred, so no caller up the
     * stack touches a freed request.
     */
    if (rc == RP_DONE && r->count > 1) {
        r->count--;

        if (r->count == 1 && r->close_pending) {
            rp_http_close_request(r, RP_HTTP_CLIENT_CLOSED_REQUEST);
        }
        return;
    }

    if (rc == RP_ERROR || c->write.error) {
        rp_http_close_request(r, RP_HTTP_CLIENT_CLOSED_REQUEST);
        return;
    }

    if (rc >= RP_HTTP_SPECIAL_MIN || rc == RP_HTTP_CLIENT_CLOSED_REQUEST) {
        if (rc == RP_HTTP_CLIENT_CLOSED_REQUEST || r->header_sent) {
            /* nothing more can be said to this client */
            rp_http_close_request(r, rc);
            return;
        }

        rc = rp_http_special_response(r, rc);
        rp_http_finalize_request(r, rc == RP_AGAIN ? RP_AGAIN
                                   : rc == RP_ERROR ? RP_ERROR : RP_DONE);
        return;
    }

    if (rc == RP_AGAIN || r->out) {
        r->write_event_handler = rp_http_writer;

        if (c->write.ready && r->out) {
            rp_http_writer(r);
        }
        return;
    }

    if (r->done) {
        return;
    }

    r->done = 1;

    if (c->write.timer_set) {
        rp_event_del_timer(&c->write);
    }

    rp_http_log_request(r);
    rp_http_finalize_connection(r);
}


/*
 * Send the response for error <status>: error_page if one applies,
 * else rampart's small built-in page.  Returns what sending returned
 * (RP_OK, RP_AGAIN, RP_ERROR) or RP_DONE when error_page took over.
 */
int
rp_http_special_response(struct rp_http_request *r, int status)
{
    struct rp_chain   out;
    struct rp_buf    *b;
    const char       *line;
    size_t            len;
    int               rc;

    r->err_status = status;
    r->headers_out.status = status;

    /* a body already received whole is skipped so the connection lives */
    if (r->keepalive && rp_http_body_pending(r)) {
        (void) rp_http_discard_request_body(r);
    }

    if (rp_http_body_pending(r)) {
        r->keepalive = 0;
        r->lingering_close = 1;
    }

    if (rp_http_error_page_handler && !r->error_page) {
        rc = rp_http_error_page_handler(r, status);
        if (rc != RP_DECLINED) {
            return rc;
        }
    }

    /* a new response replaces whatever headers were being prepared */
    r->headers_out.headers.nelts = 0;
    r->headers_out.content_length_n = -1;
    r->headers_out.last_modified_time = -1;
    r->headers_out.charset.len = 0;

    if (status == RP_HTTP_NO_CONTENT || status == RP_HTTP_NOT_MODIFIED
        || status < 200)
    {
        r->header_only = 1;
        return rp_http_send_header(r);
    }

    line = rp_http_status_line(status);
    if (line == NULL) {
        line = "500 Internal Server Error";
    }

    len = 2 * strlen(line) + sizeof("<html>\r\n<head><title></title></head>\r\n"
                                    "<body>\r\n<center><h1></h1></center>\r\n")
          + sizeof(rp_http_error_tail);

    b = rp_buf_create_temp(r->pool, len);
    if (b == NULL) {
        return RP_ERROR;
    }

    b->last += snprintf((char *) b->last, len,
                        "<html>\r\n<head><title>%s</title></head>\r\n"
                        "<body>\r\n<center><h1>%s</h1></center>\r\n%s",
                        line, line, rp_http_error_tail);
    b->last_buf = 1;

    rp_str_set(&r->headers_out.content_type, "text/html");
    r->headers_out.content_length_n = b->last - b->pos;

    if (r->method == RP_HTTP_HEAD) {
        r->header_only = 1;
    }

    rc = rp_http_send_header(r);
    if (rc == RP_ERROR || r->header_only) {
        return rc;
    }

    out.buf = b;
    out.next = NULL;

    return rp_http_output_filter(r, &out);
}
