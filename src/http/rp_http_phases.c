/*
 * rp_http_phases.c - running a request through the phases, and the
 * small API handlers use to build a response.
 *
 * The phases are those of DESIGN 4: modules add handlers per phase in
 * their postconfiguration; the find-config phase (location matching and
 * the client_max_body_size check) belongs to the core.  In the content
 * phase the location's own handler (return, proxy_pass...) runs if it
 * has one, else the content-phase handlers in order (static files...).
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http.h"
#include "rp_http_connection.h"
#include "rp_http_core_module.h"
#include "rp_http_filters.h"
#include "rp_http_location.h"
#include "rp_http_request.h"


/*
 * Add <handler> to <phase>; called from a module's postconfiguration
 * (cf->ctx is the http block's ctx).  RP_OK or RP_ERROR.
 */
int
rp_http_add_phase_handler(struct rp_conf *cf, enum rp_http_phase phase,
    rp_http_handler_pt handler)
{
    struct rp_http_core_main_conf  *cmcf;
    rp_http_handler_pt             *h;

    cmcf = rp_http_ctx_main_conf(cf->ctx, &rp_http_core_module);

    if (cmcf->phases[phase].elts == NULL
        && rp_array_init(&cmcf->phases[phase], cf->pool, 4,
                         sizeof(rp_http_handler_pt)) != RP_OK)
    {
        return RP_ERROR;
    }

    h = rp_array_push(&cmcf->phases[phase]);
    if (h == NULL) {
        return RP_ERROR;
    }

    *h = handler;

    return RP_OK;
}


/*
 * Run the handlers of one phase.  Returns RP_DECLINED when every handler
 * declined or said RP_OK (go on with the next phase), else the result
 * that ends phase processing (a status, RP_DONE, RP_AGAIN, RP_ERROR).
 */
static int
rp_http_run_phase(struct rp_http_request *r, enum rp_http_phase phase)
{
    struct rp_http_core_main_conf  *cmcf = rp_http_core_main(r);
    rp_http_handler_pt             *h = cmcf->phases[phase].elts;
    size_t                          i;
    int                             rc;

    for (i = 0; i < cmcf->phases[phase].nelts; i++) {
        rc = h[i](r);

        if (rc == RP_DECLINED) {
            continue;
        }

        if (rc == RP_OK && phase != RP_HTTP_CONTENT_PHASE) {
            return RP_DECLINED;             /* phase done, next phase */
        }

        return rc;
    }

    return RP_DECLINED;
}


/* The core's find-config phase. RP_DECLINED to go on, or a status. */
static int
rp_http_find_config(struct rp_http_request *r)
{
    struct rp_http_core_loc_conf  *clcf;

    r->uri_changed = 0;

    if (rp_http_find_location(r) == RP_ERROR) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    clcf = rp_http_core_loc(r);

    if (clcf->client_max_body_size
        && r->headers_in.content_length_n
           > (int64_t) clcf->client_max_body_size)
    {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0,
                     "client intended to send too large body: %lld bytes",
                     (long long) r->headers_in.content_length_n);
        r->keepalive = 0;
        r->lingering_close = 1;
        return RP_HTTP_REQUEST_ENTITY_TOO_LARGE;
    }

    return RP_DECLINED;
}


/*
 * Run the request through every phase from the start (or from
 * find-config after an internal redirect) to its content handler, and
 * finalize with the handler's result.
 */
void
rp_http_run_phases(struct rp_http_request *r)
{
    struct rp_http_core_loc_conf  *clcf;
    enum rp_http_phase             ph;
    int                            rc;

    ph = r->internal ? RP_HTTP_FIND_CONFIG_PHASE : RP_HTTP_POST_READ_PHASE;

    if (r->named_location) {
        ph = RP_HTTP_REWRITE_PHASE;     /* the location is given */
    }

    for ( ; ph < RP_HTTP_CONTENT_PHASE; ph++) {
        rc = (ph == RP_HTTP_FIND_CONFIG_PHASE) ? rp_http_find_config(r)
                                               : rp_http_run_phase(r, ph);
        if (rc != RP_DECLINED) {
            rp_http_finalize_request(r, rc);
            return;
        }
    }

    clcf = rp_http_core_loc(r);

    /*
     * From here on the content handler owns the request: a write event
     * must not run the phases again (a handler waiting for a body or a
     * backend sets its own handlers; finalize sets the writer).
     */
    r->write_event_handler = rp_http_block_reading;

    if (clcf->handler) {
        rp_http_finalize_request(r, clcf->handler(r));
        return;
    }

    rc = rp_http_run_phase(r, RP_HTTP_CONTENT_PHASE);

    if (rc == RP_DECLINED) {
        rc = (r->method & (RP_HTTP_GET | RP_HTTP_HEAD))
             ? RP_HTTP_NOT_FOUND : RP_HTTP_NOT_ALLOWED;
    }

    rp_http_finalize_request(r, rc);
}


/* The log phase, once per request. */
void
rp_http_log_request(struct rp_http_request *r)
{
    if (r->logged) {
        return;
    }

    r->logged = 1;
    (void) rp_http_run_phase(r, RP_HTTP_LOG_PHASE);
}


/*
 * Restart <r> with a new <uri> (and <args>, may be NULL) from the
 * find-config phase, keeping its headers.  Returns RP_DONE (the request
 * continues elsewhere) or 500 after too many redirects.
 */
int
rp_http_internal_redirect(struct rp_http_request *r,
    const struct rp_str *uri, const struct rp_str *args)
{
    if (--r->uri_changes == 0) {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0,
                     "rewrite or internal redirection cycle while "
                     "internally redirecting to \"" RP_STR_FMT "\"",
                     RP_STR_ARG(*uri));
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    r->uri = *uri;

    if (args) {
        r->args = *args;
    } else {
        r->args.len = 0;
        r->args.data = NULL;
    }

    r->exten.len = 0;
    r->internal = 1;
    r->named_location = 0;
    r->loc_conf = ((struct rp_http_core_srv_conf *) rp_http_core_srv(r))
                  ->ctx->loc_conf;

    memset(r->ctx, 0, rp_http_modules_n * sizeof(void *));

    /* the caller gives this reference back by finalizing with RP_DONE */
    r->count++;
    rp_http_run_phases(r);

    return RP_DONE;
}


/*
 * Continue <r> in the named location <clcf> (error_page @x, try_files
 * ... @x): its phases run from rewrite on, without location matching.
 * Returns RP_DONE, which the caller passes to rp_http_finalize_request()
 * (or returns from its handler) to give back the reference taken here;
 * 500 after too many redirects.
 */
int
rp_http_named_location(struct rp_http_request *r,
    struct rp_http_core_loc_conf *clcf)
{
    if (--r->uri_changes == 0) {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0,
                     "rewrite or internal redirection cycle while "
                     "redirecting to named location \"" RP_STR_FMT "\"",
                     RP_STR_ARG(clcf->name));
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    r->loc_conf = clcf->loc_conf;
    r->internal = 1;
    r->named_location = 1;

    memset(r->ctx, 0, rp_http_modules_n * sizeof(void *));

    r->count++;
    rp_http_run_phases(r);

    return RP_DONE;
}


/* ---------------------------------------------------------------------
 * The response API
 */

/* Send the response header through the header filters. */
int
rp_http_send_header(struct rp_http_request *r)
{
    if (r->header_sent) {
        return RP_OK;
    }

    if (r->headers_out.status == 0) {
        r->headers_out.status = RP_HTTP_OK;
    }

    if (r->method == RP_HTTP_HEAD) {
        r->header_only = 1;
    }

    return rp_http_top_header_filter(r);
}


/* Pass body buffers <in> through the body filters. */
int
rp_http_output_filter(struct rp_http_request *r, struct rp_chain *in)
{
    return rp_http_top_body_filter(r, in);
}


/* Send an empty buffer flagged RP_HTTP_LAST (end of body) or FLUSH. */
int
rp_http_send_special(struct rp_http_request *r, unsigned flags)
{
    struct rp_chain   out;
    struct rp_buf    *b;

    b = rp_buf_calloc(r->pool);
    if (b == NULL) {
        return RP_ERROR;
    }

    b->last_buf = (flags & RP_HTTP_LAST) ? 1 : 0;
    b->flush = (flags & RP_HTTP_FLUSH) ? 1 : 0;

    out.buf = b;
    out.next = NULL;

    return rp_http_output_filter(r, &out);
}


/*
 * A whole small response: <status>, optional <content_type> and <body>
 * (copied).  Returns what the filters returned.
 */
int
rp_http_send_response(struct rp_http_request *r, int status,
    const struct rp_str *content_type, const struct rp_str *body)
{
    struct rp_chain   out;
    struct rp_buf    *b;
    int               rc;

    r->headers_out.status = status;

    if (content_type) {
        r->headers_out.content_type = *content_type;
    }

    r->headers_out.content_length_n = body ? (int64_t) body->len : 0;

    rc = rp_http_send_header(r);
    if (rc == RP_ERROR || r->header_only) {
        return rc;
    }

    b = rp_buf_calloc(r->pool);
    if (b == NULL) {
        return RP_ERROR;
    }

    if (body && body->len) {
        b->pos = body->data;
        b->last = body->data + body->len;
        b->memory = 1;
    }

    b->last_buf = 1;

    out.buf = b;
    out.next = NULL;

    return rp_http_output_filter(r, &out);
}


/* 1 if <v> holds a CR, LF or NUL: such a value would split the header. */
static int
rp_http_header_value_is_unsafe(const struct rp_str *v)
{
    size_t  i;

    for (i = 0; i < v->len; i++) {
        if (v->data[i] == '\r' || v->data[i] == '\n' || v->data[i] == '\0') {
            return 1;
        }
    }

    return 0;
}


/*
 * Add a response header <name>: <value> (both must outlive the request
 * or live in r->pool).  A value containing CR, LF or NUL is refused, so
 * no variable can inject a header.  NULL on refusal or failure.
 */
struct rp_http_header *
rp_http_add_header_out(struct rp_http_request *r, const char *name,
    const struct rp_str *value)
{
    struct rp_http_header  *h;

    if (rp_http_header_value_is_unsafe(value)) {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0, "refusing to send "
                     "header \"%s\": its value holds CR, LF or NUL", name);
        return NULL;
    }

    h = rp_array_push(&r->headers_out.headers);
    if (h == NULL) {
        return NULL;
    }

    h->name.data = (u_char *) name;
    h->name.len = strlen(name);
    h->value = *value;

    return rp_http_header_set_key(r->pool, h) == RP_OK ? h : NULL;
}


/*
 * Fill h->lowcase_key (allocated from <pool>) and h->hash from h->name,
 * the form every header list keeps for lookups; the hash is never 0 (0
 * marks a deleted field).  RP_OK or RP_ERROR.
 */
int
rp_http_header_set_key(struct rp_pool *pool, struct rp_http_header *h)
{
    uint32_t  hash;
    size_t    i;

    h->lowcase_key = rp_palloc(pool, h->name.len ? h->name.len : 1);
    if (h->lowcase_key == NULL) {
        return RP_ERROR;
    }

    hash = 0;

    for (i = 0; i < h->name.len; i++) {
        h->lowcase_key[i] = rp_tolower(h->name.data[i]);
        hash = rp_http_hash(hash, h->lowcase_key[i]);
    }

    h->hash = hash ? hash : 1;

    return RP_OK;
}


/* See rp_http_request.h. */
int
rp_http_header_set_key_parsed(struct rp_pool *pool, struct rp_http_header *h,
    const struct rp_http_parser *hp)
{
    if (h->name.len > sizeof(hp->lowcase_header)) {
        return rp_http_header_set_key(pool, h);
    }

    h->lowcase_key = rp_palloc(pool, h->name.len ? h->name.len : 1);
    if (h->lowcase_key == NULL) {
        return RP_ERROR;
    }

    memcpy(h->lowcase_key, hp->lowcase_header, h->name.len);
    h->hash = hp->header_hash ? hp->header_hash : 1;

    return RP_OK;
}


/* The first request header named <lowcase_name> (lowercase), or NULL. */
struct rp_http_header *
rp_http_find_header_in(struct rp_http_request *r, const u_char *lowcase_name,
    size_t len)
{
    struct rp_http_header  *h = r->headers_in.headers.elts;
    size_t                  i;

    for (i = 0; i < r->headers_in.headers.nelts; i++) {
        if (h[i].name.len == len
            && memcmp(h[i].lowcase_key, lowcase_name, len) == 0)
        {
            return &h[i];
        }
    }

    return NULL;
}


void
rp_http_clear_content_length(struct rp_http_request *r)
{
    r->headers_out.content_length_n = -1;
}


void
rp_http_clear_last_modified(struct rp_http_request *r)
{
    r->headers_out.last_modified_time = -1;
}


void
rp_http_clear_etag(struct rp_http_request *r)
{
    if (r->headers_out.etag) {
        r->headers_out.etag->hash = 0;
        r->headers_out.etag = NULL;
    }
}


/*
 * Set a strong ETag from a file's modification time and size, in
 * nginx's format ("5f2a1c3b-1a2b"), so caches keyed on nginx's ETags
 * keep matching.  RP_OK or RP_ERROR.
 */
int
rp_http_set_etag(struct rp_http_request *r, time_t mtime, off_t size)
{
    struct rp_str  v;
    u_char        *p;
    int            n;

    p = rp_palloc(r->pool, 2 * 16 + 4);
    if (p == NULL) {
        return RP_ERROR;
    }

    n = snprintf((char *) p, 2 * 16 + 4, "\"%llx-%llx\"",
                 (unsigned long long) mtime, (unsigned long long) size);

    v.data = p;
    v.len = (size_t) n;

    r->headers_out.etag = rp_http_add_header_out(r, "ETag", &v);

    return r->headers_out.etag ? RP_OK : RP_ERROR;
}
