/*
 * rp_http_range_filter.c - byte ranges (RFC 9110 14).
 *
 * For a 200 response that allows ranges (r->allow_ranges, set by the
 * static module) and has a known length, the header filter answers a
 * single "Range: bytes=..." with 206 and Content-Range, an unsatisfiable
 * one with 416 and a Content-Range that gives only the size, and honours
 * If-Range (an ETag compared strongly, or a date equal to Last-Modified).
 * Several ranges would need a multipart/byteranges body; rampart, like
 * many servers, answers those with the whole 200 instead, which RFC 9110
 * 14.2 allows ("a server MAY ignore the Range header field").  The body
 * filter then cuts the response's buffers (file ranges or memory) down
 * to the requested bytes.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http.h"
#include "rp_http_filters.h"
#include "rp_http_request.h"

rp_http_header_filter_pt  rp_http_range_next_header_filter;
rp_http_body_filter_pt    rp_http_range_next_body_filter;

struct rp_http_range_ctx {
    off_t       start;       /* first byte sent */
    off_t       end;         /* one past the last byte sent */
    off_t       offset;      /* body offset of the next buffer */
    unsigned    done:1;      /* the last byte has been passed on */
};

static const struct rp_http_module_ctx  rp_http_range_filter_module_ctx = {
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

struct rp_module  rp_http_range_filter_module = {
    "rp_http_range_filter_module", RP_HTTP_MODULE,
    &rp_http_range_filter_module_ctx, NULL, NULL, NULL, NULL, 0, 0
};


static const u_char *
rp_http_range_skip_ows(const u_char *p, const u_char *end)
{
    while (p < end && (*p == ' ' || *p == '\t')) {
        p++;
    }

    return p;
}


/* Digits at <*pp> into <out> (at most 18 of them: no overflow). */
static int
rp_http_range_number(const u_char **pp, const u_char *end, off_t *out)
{
    const u_char  *p = *pp;
    off_t          v = 0;
    int            n = 0;

    while (p < end && *p >= '0' && *p <= '9') {
        if (++n > 18) {
            return RP_ERROR;
        }
        v = v * 10 + (*p++ - '0');
    }

    if (n == 0) {
        return RP_ERROR;
    }

    *pp = p;
    *out = v;
    return RP_OK;
}


/*
 * Parse the Range value <v> against a body of <size> bytes.  RP_OK with
 * [*start, *end) for one satisfiable range; RP_HTTP_RANGE_NOT_SATISFIABLE;
 * RP_DECLINED to ignore the header (bad syntax, another unit, or
 * several ranges: the whole body is sent).
 */
int
rp_http_range_parse(const struct rp_str *v, off_t size, off_t *start,
    off_t *end)
{
    const u_char  *p = v->data, *last = v->data + v->len;
    off_t          a, b;

    if (v->len < 6 || rp_str_casecmp(p, (const u_char *) "bytes=", 6) != 0) {
        return RP_DECLINED;
    }

    p = rp_http_range_skip_ows(p + 6, last);

    if (p < last && *p == '-') {
        p++;
        if (rp_http_range_number(&p, last, &b) != RP_OK) {
            return RP_DECLINED;
        }
        a = -1;

    } else {
        if (rp_http_range_number(&p, last, &a) != RP_OK
            || p == last || *p++ != '-')
        {
            return RP_DECLINED;
        }

        b = -1;
        if (p < last && *p >= '0' && *p <= '9'
            && rp_http_range_number(&p, last, &b) != RP_OK)
        {
            return RP_DECLINED;
        }
    }

    p = rp_http_range_skip_ows(p, last);

    if (p != last) {
        return RP_DECLINED;             /* several ranges, or garbage */
    }

    if (a == -1) {                      /* suffix: the last b bytes */
        if (b == 0 || size == 0) {
            return RP_HTTP_RANGE_NOT_SATISFIABLE;
        }
        *start = b < size ? size - b : 0;
        *end = size;
        return RP_OK;
    }

    if (b != -1 && b < a) {
        return RP_DECLINED;             /* invalid: RFC 9110 14.1.1 */
    }

    if (a >= size) {
        return RP_HTTP_RANGE_NOT_SATISFIABLE;
    }

    *start = a;
    *end = (b == -1 || b >= size) ? size : b + 1;

    return RP_OK;
}


/* 1 if If-Range (absent, or matching the response's validator) holds. */
static int
rp_http_range_if_range(struct rp_http_request *r)
{
    struct rp_http_header  *h = r->headers_in.if_range;
    time_t                  t;

    if (h == NULL) {
        return 1;
    }

    if (h->value.len && (h->value.data[0] == '"' || h->value.data[0] == 'W')) {
        return r->headers_out.etag
               && rp_http_etag_match(&h->value, &r->headers_out.etag->value,
                                     0);
    }

    t = rp_http_parse_time(h->value.data, h->value.len);

    return t != -1 && t == r->headers_out.last_modified_time;
}


static int
rp_http_range_content_range(struct rp_http_request *r, off_t start,
    off_t end, off_t size)
{
    struct rp_str  v;
    int            n;

    v.data = rp_palloc(r->pool, 64);
    if (v.data == NULL) {
        return RP_ERROR;
    }

    if (start < 0) {
        n = snprintf((char *) v.data, 64, "bytes */%lld", (long long) size);
    } else {
        n = snprintf((char *) v.data, 64, "bytes %lld-%lld/%lld",
                     (long long) start, (long long) end - 1, (long long) size);
    }

    v.len = (size_t) n;

    r->headers_out.content_range = rp_http_add_header_out(r, "Content-Range",
                                                          &v);

    return r->headers_out.content_range ? RP_OK : RP_ERROR;
}


/* The header filter: 206, 416, or the whole body with Accept-Ranges. */
int
rp_http_range_header_filter(struct rp_http_request *r)
{
    static const struct rp_str  bytes = rp_string("bytes");
    struct rp_http_range_ctx   *ctx;
    off_t                       size, start, end;
    int                         rc;

    size = r->headers_out.content_length_n;

    if (r->headers_out.status != RP_HTTP_OK || !r->allow_ranges || size < 0) {
        return rp_http_range_next_header_filter(r);
    }

    rc = RP_DECLINED;

    if (r->headers_in.range && rp_http_range_if_range(r)) {
        rc = rp_http_range_parse(&r->headers_in.range->value, size, &start,
                                 &end);
    }

    if (rc == RP_DECLINED) {
        if (rp_http_add_header_out(r, "Accept-Ranges", &bytes) == NULL) {
            return RP_ERROR;
        }
        return rp_http_range_next_header_filter(r);
    }

    if (rc == RP_HTTP_RANGE_NOT_SATISFIABLE) {
        r->headers_out.status = RP_HTTP_RANGE_NOT_SATISFIABLE;
        r->headers_out.content_type.len = 0;
        r->headers_out.content_length_n = 0;
        r->header_only = 1;

        if (rp_http_range_content_range(r, -1, 0, size) != RP_OK) {
            return RP_ERROR;
        }
        return rp_http_range_next_header_filter(r);
    }

    ctx = rp_pcalloc(r->pool, sizeof(struct rp_http_range_ctx));
    if (ctx == NULL
        || rp_http_range_content_range(r, start, end, size) != RP_OK)
    {
        return RP_ERROR;
    }

    ctx->start = start;
    ctx->end = end;
    rp_http_set_module_ctx(r, &rp_http_range_filter_module, ctx);

    r->headers_out.status = RP_HTTP_PARTIAL_CONTENT;
    r->headers_out.content_length_n = end - start;

    return rp_http_range_next_header_filter(r);
}


/* Cut <b>, which holds body bytes [from, from + size), to the range. */
static void
rp_http_range_trim(struct rp_http_range_ctx *ctx, struct rp_buf *b,
    off_t from, off_t size)
{
    off_t  front, back;

    front = ctx->start > from ? ctx->start - from : 0;
    back = from + size > ctx->end ? from + size - ctx->end : 0;

    if (rp_buf_in_memory(b)) {
        b->pos += front;
        b->last -= back;
    }

    if (b->in_file) {
        b->file_pos += front;
        b->file_last -= back;
    }
}


/*
 * The body filter: pass on only the bytes of the range, mark the buffer
 * holding its last byte as the last one, and drop what follows.
 */
int
rp_http_range_body_filter(struct rp_http_request *r, struct rp_chain *in)
{
    struct rp_http_range_ctx  *ctx;
    struct rp_chain           *out, **ll, *cl;
    struct rp_buf             *b;
    off_t                      from, size;

    ctx = rp_http_get_module_ctx(r, &rp_http_range_filter_module);

    if (ctx == NULL || in == NULL) {
        return rp_http_range_next_body_filter(r, in);
    }

    out = NULL;
    ll = &out;

    for ( ; in && !ctx->done; in = in->next) {
        b = in->buf;
        size = rp_buf_special(b) ? 0 : rp_buf_size(b);
        from = ctx->offset;
        ctx->offset += size;

        if (size > 0 && (from + size <= ctx->start || from >= ctx->end)) {
            if (!b->last_buf) {
                continue;               /* wholly outside the range */
            }
            size = 0;                   /* keep only the end marker */
            b->pos = b->last;
            b->file_pos = b->file_last;
        }

        if (size > 0) {
            rp_http_range_trim(ctx, b, from, size);

            if (from + size >= ctx->end) {
                b->last_buf = 1;
            }
        }

        if (b->last_buf) {
            ctx->done = 1;
        }

        cl = rp_chain_alloc(r->pool);
        if (cl == NULL) {
            return RP_ERROR;
        }

        cl->buf = b;
        *ll = cl;
        ll = &cl->next;
    }

    return rp_http_range_next_body_filter(r, out);
}
