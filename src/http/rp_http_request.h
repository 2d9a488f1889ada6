/*
 * rp_http_request.h - one HTTP request and the API its handlers use.
 *
 * Lifecycle (DESIGN 4): a connection is accepted (rp_http_connection.c),
 * the request line and headers are read into the connection's header
 * buffer and parsed in place (rp_http_parse.c), the framing headers are
 * checked (Host, Content-Length, Transfer-Encoding), the virtual server
 * and location are chosen, the phase handlers run (access checks, then
 * the location's content handler), the response goes out through the
 * header and body filters, the log phase runs, and the connection is
 * kept alive for the next (possibly pipelined) request, lingered on, or
 * closed.
 *
 * Handlers produce a response with:
 *   r->headers_out.status = 200; ... rp_http_send_header(r);
 *   rp_http_output_filter(r, chain);      (last buffer: b->last_buf = 1)
 * and end the request with rp_http_finalize_request(r, rc), where rc is
 * RP_OK/RP_DONE (response complete), RP_AGAIN (more output pending: the
 * core finishes it), an HTTP status >= 300 (the core sends the error
 * response, honouring error_page) or RP_ERROR (close the connection).
 * A handler that goes on asynchronously after returning (reading a body,
 * waiting for a backend) takes a reference first (r->count++) and
 * returns RP_DONE; it finalizes again when it is finished.
 *
 * Memory: r->pool lives until the request is finalized; per-connection
 * state (buffers kept between keep-alive requests) is in c->pool.
 */

#ifndef RP_HTTP_REQUEST_H
#define RP_HTTP_REQUEST_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_buf.h"
#include "rp_connection.h"
#include "rp_http.h"
#include "rp_http_parse.h"

#include <time.h>

struct rp_http_request;
struct rp_http_variable_value;

/* Status codes rampart itself produces. */
#define RP_HTTP_CONTINUE                 100
#define RP_HTTP_SWITCHING_PROTOCOLS      101
#define RP_HTTP_OK                       200
#define RP_HTTP_NO_CONTENT               204
#define RP_HTTP_PARTIAL_CONTENT          206
#define RP_HTTP_MOVED_PERMANENTLY        301
#define RP_HTTP_MOVED_TEMPORARILY        302
#define RP_HTTP_SEE_OTHER                303
#define RP_HTTP_NOT_MODIFIED             304
#define RP_HTTP_TEMPORARY_REDIRECT       307
#define RP_HTTP_PERMANENT_REDIRECT       308
#define RP_HTTP_BAD_REQUEST              400
#define RP_HTTP_FORBIDDEN                403
#define RP_HTTP_NOT_FOUND                404
#define RP_HTTP_NOT_ALLOWED              405
#define RP_HTTP_REQUEST_TIME_OUT         408
#define RP_HTTP_CONFLICT                 409
#define RP_HTTP_LENGTH_REQUIRED          411
#define RP_HTTP_PRECONDITION_FAILED      412
#define RP_HTTP_REQUEST_ENTITY_TOO_LARGE 413
#define RP_HTTP_REQUEST_URI_TOO_LARGE    414
#define RP_HTTP_UNSUPPORTED_MEDIA_TYPE   415
#define RP_HTTP_RANGE_NOT_SATISFIABLE    416
#define RP_HTTP_EXPECTATION_FAILED       417
#define RP_HTTP_TOO_MANY_REQUESTS        429
#define RP_HTTP_HEADER_TOO_LARGE         431
#define RP_HTTP_CLIENT_CLOSED_REQUEST    499   /* logged, never sent */
#define RP_HTTP_INTERNAL_SERVER_ERROR    500
#define RP_HTTP_NOT_IMPLEMENTED          501
#define RP_HTTP_BAD_GATEWAY              502
#define RP_HTTP_SERVICE_UNAVAILABLE      503
#define RP_HTTP_GATEWAY_TIME_OUT         504
#define RP_HTTP_VERSION_NOT_SUPPORTED    505

/* finalize: an rc at or above this is an HTTP status to answer with */
#define RP_HTTP_SPECIAL_MIN              300

#define RP_HTTP_VERSION_10               1000
#define RP_HTTP_VERSION_11               1001

/* One header field; name and value point into a buffer or the pool. */
struct rp_http_header {
    struct rp_str        name;
    struct rp_str        value;
    u_char              *lowcase_key;   /* name lowercased, same length */
    uint32_t             hash;          /* rp_http_hash over lowcase_key;
                                           0 = deleted (headers_out) */
};

struct rp_http_headers_in {
    struct rp_array          headers;           /* rp_http_header */

    struct rp_http_header   *host;
    struct rp_http_header   *connection;
    struct rp_http_header   *content_length;
    struct rp_http_header   *transfer_encoding;
    struct rp_http_header   *expect;
    struct rp_http_header   *upgrade;
    struct rp_http_header   *if_modified_since;
    struct rp_http_header   *if_unmodified_since;
    struct rp_http_header   *if_none_match;
    struct rp_http_header   *if_match;
    struct rp_http_header   *if_range;
    struct rp_http_header   *range;
    struct rp_http_header   *user_agent;
    struct rp_http_header   *referer;
    struct rp_http_header   *content_type;
    struct rp_http_header   *x_forwarded_for;
    struct rp_http_header   *cookie;         /* the first; $cookie_ scans all */

    struct rp_str            server;          /* Host without port, lowercase */
    int64_t                  content_length_n; /* -1: none */

    unsigned                 chunked:1;
    unsigned                 connection_close:1;
    unsigned                 connection_keep_alive:1;
    unsigned                 connection_upgrade:1;
    unsigned                 expect_continue:1;
};

struct rp_http_headers_out {
    struct rp_array          headers;         /* rp_http_header, extra ones */

    int                      status;
    struct rp_str            status_line;     /* optional "404 Not Found" */

    struct rp_http_header   *location;        /* in headers */
    struct rp_str            content_type;
    struct rp_str            charset;
    int64_t                  content_length_n; /* -1: unknown (chunked) */
    time_t                   last_modified_time; /* -1: none */
    struct rp_http_header   *etag;            /* in headers */
    struct rp_http_header   *content_range;

    unsigned                 chunked:1;       /* set by the header filter */
};

/* The request body, as read by rp_http_read_client_request_body(). */
struct rp_http_request_body {
    struct rp_chain         *bufs;            /* when done: the temp
                                                 file's range, then the
                                                 memory buffer */
    struct rp_buf           *buf;             /* memory being filled */
    struct rp_buf           *raw;             /* chunked bytes as read */
    int                      temp_fd;         /* -1: all in memory */
    off_t                    file_size;       /* bytes in the temp file */
    off_t                    received;        /* body bytes so far */
    off_t                    rest;            /* Content-Length left */
    struct rp_http_chunked   chunked;
    void                   (*post_handler)(struct rp_http_request *r);
    unsigned                 unbuffered:1;    /* passed on as it comes:
                                                 buf is never spilled */
};

typedef void (*rp_http_event_handler_pt)(struct rp_http_request *r);
typedef int (*rp_http_handler_pt)(struct rp_http_request *r);

/*
 * Per-connection HTTP state, kept across keep-alive requests: the
 * address the connection came in on (its servers), the header buffer,
 * and leftover pipelined bytes.
 */
struct rp_http_connection {
    struct rp_http_addr_conf    *addr_conf;
    struct rp_http_conf_ctx     *conf_ctx;     /* default server's */
    struct rp_buf               *buf;          /* client_header_buffer */
    unsigned                     nlarge;       /* large header buffers
                                                  this request took (they
                                                  live in r->pool) */
    struct rp_http_request      *request;      /* the current one */
    uint64_t                     requests;     /* served on this conn */
    off_t                        sent;         /* bytes written, all reqs */
    rp_msec_t                    lingering_deadline;
    rp_msec_t                    lingering_timeout;
    rp_msec_t                    idle_since;   /* last response done */
    unsigned                     nodelay:1;    /* TCP_NODELAY is set */
};

struct rp_http_request {
    struct rp_connection        *connection;
    struct rp_http_connection   *hc;
    struct rp_pool              *pool;

    void                       **main_conf;
    void                       **srv_conf;
    void                       **loc_conf;
    void                       **ctx;          /* per module, ctx_index */

    rp_http_event_handler_pt     read_event_handler;
    rp_http_event_handler_pt     write_event_handler;
    rp_http_handler_pt           content_handler;

    struct rp_http_parser        parser;
    struct rp_buf               *header_in;    /* where the headers are */
    u_char                      *item_start;   /* line being parsed */

    unsigned                     method;
    unsigned                     http_version;  /* RP_HTTP_VERSION_* */
    struct rp_str                method_name;
    struct rp_str                request_line;
    struct rp_str                unparsed_uri;  /* as sent, with args */
    struct rp_str                uri;           /* normalised path */
    struct rp_str                args;          /* after '?', no '?' */
    struct rp_str                exten;         /* of uri's last segment */
    struct rp_str                http_protocol; /* "HTTP/1.1" */
    struct rp_str                schema;        /* "http" */
    struct rp_str                server_name;   /* matched server_name */

    struct rp_http_headers_in    headers_in;
    struct rp_http_headers_out   headers_out;
    struct rp_http_request_body *request_body;

    struct rp_http_variable_value *variables;   /* cache, by index */
    int                         *captures;      /* ovector of last regex */
    unsigned                     ncaptures;     /* pairs * 2 */
    u_char                      *captures_data; /* subject of captures */

    rp_msec_t                    start_msec;
    time_t                       start_sec;
    off_t                        request_length; /* header + body bytes */
    off_t                        bytes_sent;     /* this response */
    off_t                        header_size;    /* response header bytes */

    struct rp_chain             *out;            /* unsent output */
    off_t                        discard_rest;   /* body bytes to skip */
    struct rp_http_chunked       discard_chunked;
    unsigned                     phase_handler;
    unsigned                     uri_changes;    /* internal redirects left */
    int                          err_status;     /* status to finalize with */

    unsigned                     count:8;        /* references */
    unsigned                     header_sent:1;
    unsigned                     header_only:1;   /* HEAD, 204, 304 */
    unsigned                     keepalive:1;
    unsigned                     lingering_close:1;
    unsigned                     discard_body:1;  /* body is skipped */
    unsigned                     discarding:1;    /* ... not to its end */
    unsigned                     reading_body:1;
    unsigned                     internal:1;      /* internal redirect */
    unsigned                     error_page:1;    /* error_page applied */
    unsigned                     uri_changed:1;   /* find location again */
    unsigned                     logged:1;
    unsigned                     done:1;          /* finalized */
    unsigned                     expect_tested:1;
    unsigned                     allow_ranges:1;  /* static files set it */
    unsigned                     subrequest_in_memory:1;
    unsigned                     buffered:1;      /* filters hold data */
    unsigned                     close_pending:1; /* close at count 1 */
    unsigned                     named_location:1; /* in an @location */
};

/*
 * Phases (DESIGN 4, step 3 onwards).  Modules add handlers in
 * postconfiguration with rp_http_add_phase_handler(); a handler returns
 * RP_DECLINED (next handler), RP_OK (next phase), RP_AGAIN/RP_DONE
 * (it took over and will resume or finalize), or an HTTP status.
 */
enum rp_http_phase {
    RP_HTTP_POST_READ_PHASE = 0,      /* real client address */
    RP_HTTP_SERVER_REWRITE_PHASE,
    RP_HTTP_FIND_CONFIG_PHASE,        /* location matching (core) */
    RP_HTTP_REWRITE_PHASE,
    RP_HTTP_PREACCESS_PHASE,          /* limit_conn, limit_req */
    RP_HTTP_ACCESS_PHASE,             /* allow/deny, auth, waf */
    RP_HTTP_CONTENT_PHASE,            /* handlers; clcf->handler first */
    RP_HTTP_LOG_PHASE,
    RP_HTTP_PHASE_N
};

int rp_http_add_phase_handler(struct rp_conf *cf, enum rp_http_phase phase,
    rp_http_handler_pt handler);

/* Output filters: header filters then body filters, in the order of
 * src/http/rp_http_filters.c. */
typedef int (*rp_http_header_filter_pt)(struct rp_http_request *r);
typedef int (*rp_http_body_filter_pt)(struct rp_http_request *r,
    struct rp_chain *in);

int rp_http_send_header(struct rp_http_request *r);
int rp_http_output_filter(struct rp_http_request *r, struct rp_chain *in);
int rp_http_send_response(struct rp_http_request *r, int status,
    const struct rp_str *content_type, const struct rp_str *body);
int rp_http_send_special(struct rp_http_request *r, unsigned flags);
#define RP_HTTP_LAST   1
#define RP_HTTP_FLUSH  2

void rp_http_finalize_request(struct rp_http_request *r, int rc);
int rp_http_special_response(struct rp_http_request *r, int status);

/*
 * error_page: when set (by the module owning the directive), called
 * before the built-in error page; returns RP_DECLINED to fall back, or
 * what the redirect/response returned.
 */
extern int (*rp_http_error_page_handler)(struct rp_http_request *r,
    int status);
int rp_http_internal_redirect(struct rp_http_request *r,
    const struct rp_str *uri, const struct rp_str *args);
struct rp_http_core_loc_conf;
int rp_http_named_location(struct rp_http_request *r,
    struct rp_http_core_loc_conf *clcf);
int rp_http_discard_request_body(struct rp_http_request *r);
int rp_http_read_client_request_body(struct rp_http_request *r,
    void (*post_handler)(struct rp_http_request *r));

/*
 * proxy_request_buffering off: start reading the body of <r> for a
 * handler that passes it on as it arrives.  Reads what is there without
 * waiting, then calls <post_handler> (before returning); takes a request
 * reference as rp_http_read_client_request_body() does and returns the
 * same.  From then on the handler empties request_body->buf (decoded
 * bytes in [pos, last); reset pos and last to start once it took them
 * all) and calls rp_http_read_unbuffered_request_body() for more:
 * RP_OK when the body is complete (what is left is in buf), RP_AGAIN
 * (the socket is empty, client_body_timeout armed; or buf is full), or
 * an HTTP status (400, 413, 500; the request can then not be kept
 * alive).  The handler owns r->read_event_handler meanwhile.
 */
int rp_http_read_unbuffered_request_body_start(struct rp_http_request *r,
    void (*post_handler)(struct rp_http_request *r));
int rp_http_read_unbuffered_request_body(struct rp_http_request *r);
void rp_http_run_phases(struct rp_http_request *r);

/* An event handler that ignores the event (r->read_event_handler while
 * nothing is to be read from the client). */
void rp_http_block_reading(struct rp_http_request *r);

struct rp_http_header *rp_http_add_header_out(struct rp_http_request *r,
    const char *name, const struct rp_str *value);
int rp_http_header_set_key(struct rp_pool *pool, struct rp_http_header *h);

/*
 * As rp_http_header_set_key() for the field <hp> has just parsed (h->name
 * is that field's name): reuses the lowercase copy and hash the parser
 * made while scanning the name.
 */
int rp_http_header_set_key_parsed(struct rp_pool *pool,
    struct rp_http_header *h, const struct rp_http_parser *hp);
struct rp_http_header *rp_http_find_header_in(struct rp_http_request *r,
    const u_char *lowcase_name, size_t len);
void rp_http_clear_content_length(struct rp_http_request *r);
void rp_http_clear_last_modified(struct rp_http_request *r);
void rp_http_clear_etag(struct rp_http_request *r);
int rp_http_set_etag(struct rp_http_request *r, time_t mtime, off_t size);

/* Typed config getters for a request (see rp_http.h for the ctx ones). */
static inline void *
rp_http_get_module_main_conf(const struct rp_http_request *r,
    const struct rp_module *m)
{
    return r->main_conf[m->ctx_index];
}

static inline void *
rp_http_get_module_srv_conf(const struct rp_http_request *r,
    const struct rp_module *m)
{
    return r->srv_conf[m->ctx_index];
}

static inline void *
rp_http_get_module_loc_conf(const struct rp_http_request *r,
    const struct rp_module *m)
{
    return r->loc_conf[m->ctx_index];
}

static inline void *
rp_http_get_module_ctx(const struct rp_http_request *r,
    const struct rp_module *m)
{
    return r->ctx[m->ctx_index];
}

static inline void
rp_http_set_module_ctx(struct rp_http_request *r, const struct rp_module *m,
    void *c)
{
    r->ctx[m->ctx_index] = c;
}

#endif /* RP_HTTP_REQUEST_H */
