/*
 * rp_http_proxy.h - shared between the parts of the proxy module:
 * configuration and request building (rp_http_proxy_module.c), the
 * exchange with the backend (rp_http_proxy_upstream.c), the response
 * header (rp_http_proxy_header.c), response buffering
 * (rp_http_proxy_buffer.c, its directives in _buffer_conf.c), the
 * unbuffered request body (rp_http_proxy_body.c), the WebSocket tunnel
 * (rp_http_proxy_tunnel.c), proxy_redirect (rp_http_proxy_redirect.c)
 * and proxy_pass with variables (rp_http_proxy_eval.c).
 */

#ifndef RP_HTTP_PROXY_H
#define RP_HTTP_PROXY_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_parse.h"
#include "rp_http_request.h"
#include "rp_http_script.h"
#include "rp_http_upstream.h"

struct rp_regex;
struct rp_http_proxy_body_out;

struct rp_http_proxy_header {
    struct rp_str                  name;
    u_char                        *lowcase;
    struct rp_http_complex_value   value;
};

/* One proxy_redirect rule: FROM (a complex value or a regex) -> TO. */
struct rp_http_proxy_rewrite {
    struct rp_http_complex_value   from;       /* unless regex */
    struct rp_regex               *regex;      /* ~ and ~* */
    struct rp_http_complex_value   to;
};

/* proxy_ignore_headers: the backend fields rampart may act upon */
#define RP_HTTP_PROXY_IGN_XA_REDIRECT    0x0001
#define RP_HTTP_PROXY_IGN_XA_EXPIRES     0x0002
#define RP_HTTP_PROXY_IGN_XA_LIMIT_RATE  0x0004
#define RP_HTTP_PROXY_IGN_XA_BUFFERING   0x0008
#define RP_HTTP_PROXY_IGN_XA_CHARSET     0x0010
#define RP_HTTP_PROXY_IGN_EXPIRES        0x0020
#define RP_HTTP_PROXY_IGN_CACHE_CONTROL  0x0040
#define RP_HTTP_PROXY_IGN_SET_COOKIE     0x0080
#define RP_HTTP_PROXY_IGN_VARY           0x0100

/*
 * Where the buffer sizes were set (line 0: default), so that the checks
 * made when levels merge can still name the directive's value.
 */
struct rp_http_proxy_pos {
    unsigned    bufs_line, bufs_col;
    unsigned    busy_line, busy_col;
    unsigned    write_line, write_col;
    unsigned    temp_line, temp_col;
};

struct rp_http_proxy_loc_conf {
    struct rp_http_upstream_srv_conf  *upstream;
    struct rp_http_complex_value      *url_cv;   /* proxy_pass with $vars */
    struct rp_str                      url;          /* as written */
    struct rp_str                      host;         /* $proxy_host */
    struct rp_str                      uri;          /* URI part, or none */
    struct rp_str                      location;     /* prefix it replaces */
    unsigned                           has_uri:1;

    int                                http_version; /* RP_HTTP_VERSION_* */
    struct rp_array                   *set_headers;  /* as configured */
    struct rp_array                   *headers;      /* effective, merged */
    struct rp_array                   *hide_headers; /* lowercase names */
    struct rp_array                   *pass_headers;
    int                                pass_request_headers;
    int                                pass_request_body;
    rp_msec_t                          connect_timeout;
    rp_msec_t                          send_timeout;
    rp_msec_t                          read_timeout;
    size_t                             buffer_size;

    int                                redirect;     /* RP_UNSET, 0, 1 */
    struct rp_array                   *redirects;    /* proxy_rewrite */
    int                                intercept_errors;

    unsigned                           next_upstream; /* RP_PROXY_NEXT_* */
    int64_t                            next_upstream_tries;   /* 0: any */
    rp_msec_t                          next_upstream_timeout; /* 0: any */
    /* response buffering (rp_http_proxy_buffer.c) */
    int                                buffering;
    int                                request_buffering;
    int64_t                            bufs_num;     /* proxy_buffers */
    size_t                             bufs_size;
    size_t                             busy_buffers_size;
    size_t                             max_temp_file_size;
    size_t                             temp_file_write_size;
    struct rp_str                      temp_path;    /* absolute */
    unsigned                           temp_levels[3];   /* 0: none */
    unsigned                           ignore_headers;   /* IGN_* bits */
    struct rp_http_proxy_pos           pos;          /* for merge errors */
};

/*
 * proxy_buffering on: the response body on its way to the client.  The
 * backend is read into <raw> buffers (raw[0] is the header buffer) whose
 * decoded bytes are queued for the client as they come; a raw buffer is
 * reused once the last byte queued from it was sent.  While the client
 * is slow and busy_buffers_size is queued, what the backend sends goes
 * through <spill> to the temp file, queued as one file range whenever
 * the client has taken all before it.
 */
struct rp_http_proxy_raw {
    struct rp_buf                    *buf;
    struct rp_buf                    *last_out;    /* last slice queued */
};

struct rp_http_proxy_pipe {
    struct rp_http_proxy_raw         *raw;
    size_t                            nraw;        /* allocated so far */
    size_t                            maxraw;      /* 1 + proxy_buffers */
    size_t                            cur;         /* raw being filled */
    struct rp_buf                    *spill;       /* temp_file_write_size */
    int                               temp_fd;     /* -1: none yet */
    off_t                             written;     /* to the temp file */
    off_t                             queued;      /* of it, for the client */
    unsigned                          complete:1;  /* body all read */
    unsigned                          stalled:1;   /* waits for the client */
};

/*
 * The response buffer is allocated with at least this many bytes, so a
 * large body moves in few, large reads and writes (with 16k, a 100 KiB
 * response cost twice the CPU); proxy_buffer_size still bounds the
 * header.  Memory is touched only as far as a response fills it.
 */
#define RP_HTTP_PROXY_READ_SIZE       (64 * 1024)

/* proxy_next_upstream's values */
#define RP_PROXY_NEXT_OFF             0x0001
#define RP_PROXY_NEXT_ERROR           0x0002
#define RP_PROXY_NEXT_TIMEOUT         0x0004
#define RP_PROXY_NEXT_INVALID         0x0008
#define RP_PROXY_NEXT_500             0x0010
#define RP_PROXY_NEXT_502             0x0020
#define RP_PROXY_NEXT_503             0x0040
#define RP_PROXY_NEXT_504             0x0080
#define RP_PROXY_NEXT_403             0x0100
#define RP_PROXY_NEXT_404             0x0200
#define RP_PROXY_NEXT_429             0x0400
#define RP_PROXY_NEXT_NON_IDEMPOTENT  0x0800

/* One attempt's record, for $upstream_addr / $upstream_status ... */
struct rp_http_proxy_state {
    struct rp_str    addr;
    int              status;          /* 0 before a status line */
    rp_msec_t        connect_time;    /* -1: not connected */
    rp_msec_t        header_time;     /* -1: no header */
    rp_msec_t        response_time;
    off_t            bytes_received;
};

struct rp_http_proxy_ctx {
    struct rp_http_request           *request;
    struct rp_http_proxy_loc_conf    *plcf;
    struct rp_http_upstream_srv_conf *us;
    struct rp_str                     host;        /* $proxy_host */
    struct rp_str                     uri;         /* evaluated URI part */
    unsigned                          var_uri:1;   /* send uri as is */
    void                             *bstate;      /* balancer's */
    struct rp_http_upstream_pc        pc;
    struct rp_connection             *peer;

    struct rp_buf                    *req_header;  /* built once */
    struct rp_chain                  *out;         /* this attempt's */
    struct rp_buf                    *buffer;      /* response bytes */

    struct rp_http_status             status;
    struct rp_http_parser             hp;
    struct rp_http_chunked            chunked;
    int64_t                           length;      /* -1: unknown */
    int64_t                           cl;          /* Content-Length */
    struct rp_array                   headers;     /* parsed, this try */
    unsigned                          ncl;         /* Content-Length seen */
    unsigned                          fresh_only:1; /* skip the cache */

    struct rp_array                   states;      /* proxy_state */
    struct rp_http_proxy_state       *state;
    rp_msec_t                         start;       /* of this attempt */
    int64_t                           start_us;    /* the same, in us, and */
    int64_t                           header_us;   /* its header's arrival,
                                                      for least_time */
    rp_msec_t                         first_start; /* of the first one */

    unsigned                          reused:1;    /* peer from cache */
    unsigned                          sent_any:1;  /* request bytes out */
    unsigned                          sent_all:1;  /* the whole request */
    unsigned                          connecting:1;
    unsigned                          header_done:1;
    unsigned                          status_done:1;
    unsigned                          chunked_resp:1;
    unsigned                          close_delimited:1;
    unsigned                          no_body:1;
    unsigned                          backend_close:1;  /* Connection: close */
    unsigned                          http11:1;
    unsigned                          done:1;
    unsigned                          http_failed:1; /* status counted */
    unsigned                          upgrade:1;   /* 101 accepted */
    unsigned                          tunnel:1;    /* bytes, not HTTP */
    unsigned                          buffering:1; /* this response */
    unsigned                          unbuffered:1;   /* request body */
    unsigned                          body_chunked:1; /* sent chunked */
    unsigned                          body_done:1;    /* all read */
    unsigned                          body_sent:1;    /* bytes went out */
    unsigned                          body_last_sent:1; /* all queued */
    unsigned                          accel_redirect:1;
    struct rp_http_proxy_pipe        *pipe;        /* buffering: state */
    struct rp_http_proxy_body_out    *body_out;    /* unbuffered body */
    struct rp_str                     xa_redirect; /* X-Accel-Redirect */
    unsigned                          up_eof;      /* backend closed */
    unsigned                          down_eof;    /* client closed */
    struct rp_buf                    *down;        /* client -> backend */
};

extern struct rp_module  rp_http_proxy_module;

int rp_http_proxy_build_request(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx);
void rp_http_proxy_start(struct rp_http_request *r);
/*
 * rp_http_proxy_next.c: proxy_next_upstream.  The bit of a status
 * (http_500 ...; 0 for others), the bit of an attempt's <outcome>
 * (RP_UPSTREAM_FAIL_*, with the backend's <status> for FAIL_HTTP), and
 * 1 when a failure of kind <bit> may be retried on another server now.
 */
extern const struct rp_conf_enum  rp_http_proxy_next_upstream_values[];
unsigned rp_http_proxy_next_status_bit(unsigned code);
unsigned rp_http_proxy_next_bit(unsigned outcome, int status);
int rp_http_proxy_may_retry(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx, unsigned bit);
/* Merge time: inherit, default "error timeout"; "off" wins. */
void rp_http_proxy_next_merge(struct rp_http_proxy_loc_conf *prev,
    struct rp_http_proxy_loc_conf *conf);

/* The proxy's http-level conf. */
struct rp_http_proxy_main_conf {
    unsigned                           header_vars:1; /* $upstream_http_,
                                                         $sent_http_ */
};

/* rp_http_proxy_variables.c: registers the variables (preconfiguration) */
int rp_http_proxy_preconfiguration(struct rp_conf *cf);

/*
 * Postconfiguration: notes whether any directive uses $upstream_http_NAME
 * or $sent_http_NAME (then the backend's fields must outlive the buffer
 * they arrived in).
 */
int rp_http_proxy_postconfiguration(struct rp_conf *cf);

/*
 * When the configuration uses $upstream_http_NAME or $sent_http_NAME:
 * copies the response fields of r->headers_out that still point into
 * ctx->buffer to r->pool, since that buffer is refilled with the body
 * and given back before the log phase.  RP_OK or RP_ERROR.
 */
int rp_http_proxy_keep_fields(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx);

/* rp_http_proxy_upstream.c and rp_http_proxy_header.c share these */
void rp_http_proxy_read_header(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx);
void rp_http_proxy_relay(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx);
void rp_http_proxy_next(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx, unsigned outcome, int status);
ssize_t rp_http_proxy_recv(struct rp_http_proxy_ctx *ctx);
struct rp_buf *rp_http_proxy_buf_get(struct rp_http_request *r, size_t size);
void rp_http_proxy_buf_put(struct rp_buf *b);
void rp_http_proxy_close_peer(struct rp_http_proxy_ctx *ctx);

/*
 * Tells the balancer how this attempt went: <outcome> RP_UPSTREAM_*,
 * with the attempt's latency when <timed> (a whole answer or a failure)
 * and the group's balancer wants it (least_time).
 */
void rp_http_proxy_report(struct rp_http_proxy_ctx *ctx, unsigned outcome,
    int timed);

/*
 * rp_http_proxy_body.c (proxy_request_buffering off).  body_next:
 * queue on ctx->out the body bytes the client sent since (ctx->out is
 * empty); RP_OK (queued, or the body's end queued: body_last_sent),
 * RP_AGAIN (nothing yet: the client's read event calls
 * send_request), or an HTTP status for the client's fault.
 */
int rp_http_proxy_body_next(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx);
void rp_http_proxy_send_request(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx);

/* rp_http_proxy_upstream.c: the body bytes of <b> as decoded slices. */
int rp_http_proxy_decode(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx, struct rp_buf *b, struct rp_chain **out);
void rp_http_proxy_finish(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx);
ssize_t rp_http_proxy_recv_into(struct rp_http_proxy_ctx *ctx,
    struct rp_buf *b, size_t max);

/*
 * rp_http_proxy_buffer.c.  relay_buffered: the read handler of the
 * backend after the header when ctx->buffering (see struct
 * rp_http_proxy_pipe).  buffer_cleanup: releases the pipe's memory
 * buffers (r->pool cleanup; the temp file has its own).
 */
void rp_http_proxy_relay_buffered(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx);
void rp_http_proxy_buffer_cleanup(struct rp_http_proxy_ctx *ctx);

/*
 * rp_http_proxy_buffer_conf.c.  Setters of proxy_buffers NUMBER SIZE,
 * proxy_temp_path PATH [L1 [L2 [L3]]] and of the sizes checked against
 * them (busy, temp file write and max temp file size: they record where
 * they were set).  RP_OK, or RP_ERROR after reporting.
 */
int rp_http_proxy_set_buffers(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
int rp_http_proxy_set_temp_path(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
int rp_http_proxy_set_buf_size(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

/*
 * Merge time: inherit or default the buffering directives and check
 * them against each other as nginx does; registers proxy_temp_path
 * with the cycle.  RP_OK, or RP_ERROR after reporting.
 */
int rp_http_proxy_merge_buffering(struct rp_conf *cf,
    struct rp_http_proxy_loc_conf *prev, struct rp_http_proxy_loc_conf *conf);

void rp_http_proxy_tunnel_start(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx);
void rp_http_proxy_tunnel(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx);
int rp_http_proxy_copy_header(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx, struct rp_http_header *h);

/*
 * proxy_redirect default | off | FROM TO: the directive's setter (MULTI;
 * "default" needs the location's proxy_pass before it, without
 * variables).  RP_OK or RP_ERROR after reporting.
 */
int rp_http_proxy_redirect(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);

/*
 * Merge time: inherit the enclosing level's rules, or, with none and a
 * proxy_pass without variables, make the "default" rule.  RP_OK or
 * RP_ERROR.
 */
int rp_http_proxy_merge_redirects(struct rp_conf *cf,
    struct rp_http_proxy_loc_conf *prev, struct rp_http_proxy_loc_conf *conf);

/*
 * Rewrite the value of backend response field <h> (Location, or the
 * url= part of Refresh: <refresh> set) by the first matching rule;
 * the new value is in r->pool.  RP_OK (rewritten or not) or RP_ERROR.
 */
int rp_http_proxy_rewrite_redirect(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx, struct rp_http_header *h, int refresh);

/*
 * proxy_pass with variables: evaluate the URL for <r>, split it into
 * host and URI (ctx->host, ctx->uri) and pick the group: an upstream
 * block of that name, or a temporary one-peer group (in r->pool) for an
 * IP address or "localhost".  RP_OK, or an HTTP status (502 for a name
 * that is neither, logged; 500).
 */
int rp_http_proxy_eval(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx);

#endif /* RP_HTTP_PROXY_H */
