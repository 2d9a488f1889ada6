/*
 * rp_http_chunked_filter.c - chunked transfer coding of responses.
 *
 * A response whose length is not known when its header goes out (a
 * generated body, a proxied chunked answer) is sent to HTTP/1.1 clients
 * with "Transfer-Encoding: chunked"; to HTTP/1.0 clients it is sent as
 * is and the connection is closed after it, since the close is then the
 * only end-of-body marker.  Responses without a body (HEAD, 204, 304,
 * 1xx) are never chunked.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_filters.h"
#include "rp_http_request.h"

rp_http_header_filter_pt  rp_http_chunked_next_header_filter;
rp_http_body_filter_pt    rp_http_chunked_next_body_filter;


/* Header filter: decide whether this response is chunked. */
int
rp_http_chunked_header_filter(struct rp_http_request *r)
{
    int  status = r->headers_out.status;

    if (r->headers_out.content_length_n >= 0 || r->header_only
        || status < 200 || status == RP_HTTP_NO_CONTENT
        || status == RP_HTTP_NOT_MODIFIED)
    {
        return rp_http_chunked_next_header_filter(r);
    }

    if (r->http_version >= RP_HTTP_VERSION_11) {
        r->headers_out.chunked = 1;
    } else {
        r->keepalive = 0;
    }

    return rp_http_chunked_next_header_filter(r);
}


static struct rp_chain *
rp_http_chunked_link(struct rp_http_request *r, const char *data, size_t len,
    struct rp_chain ***ll)
{
    struct rp_chain  *cl;
    struct rp_buf    *b;

    b = rp_buf_create_temp(r->pool, len);
    cl = rp_chain_alloc(r->pool);

    if (b == NULL || cl == NULL) {
        return NULL;
    }

    b->last = rp_cpymem(b->last, data, len);
    cl->buf = b;
    **ll = cl;
    *ll = &cl->next;

    return cl;
}


/*
 * Body filter: frame each buffer as one chunk ("size CRLF data CRLF")
 * and end the body with the last chunk "0 CRLF CRLF".
 */
int
rp_http_chunked_body_filter(struct rp_http_request *r, struct rp_chain *in)
{
    struct rp_chain   *out, **ll, *cl, *last;
    char               head[32];
    off_t              size;
    int                n;

    if (!r->headers_out.chunked || in == NULL) {
        return rp_http_chunked_next_body_filter(r, in);
    }

    out = NULL;
    ll = &out;

    for ( ; in; in = in->next) {
        size = rp_buf_special(in->buf) ? 0 : rp_buf_size(in->buf);

        if (size > 0) {
            n = snprintf(head, sizeof(head), "%llx\r\n",
                         (unsigned long long) size);

            if (rp_http_chunked_link(r, head, (size_t) n, &ll) == NULL) {
                return RP_ERROR;
            }

            cl = rp_chain_alloc(r->pool);
            if (cl == NULL) {
                return RP_ERROR;
            }

            cl->buf = in->buf;
            *ll = cl;
            ll = &cl->next;

            if (rp_http_chunked_link(r, "\r\n", 2, &ll) == NULL) {
                return RP_ERROR;
            }
        }

        if (in->buf->last_buf) {
            in->buf->last_buf = 0;

            last = rp_http_chunked_link(r, "0\r\n\r\n", 5, &ll);
            if (last == NULL) {
                return RP_ERROR;
            }

            last->buf->last_buf = 1;

        } else if (in->buf->flush && size == 0) {
            cl = rp_chain_alloc(r->pool);
            if (cl == NULL) {
                return RP_ERROR;
            }

            cl->buf = in->buf;
            *ll = cl;
            ll = &cl->next;
        }
    }

    return rp_http_chunked_next_body_filter(r, out);
}
