/*
 * rp_http_proxy.h - shared between the two halves of the proxy module:
 * configuration and request building (rp_http_proxy_module.c), and the
 * exchange with the backend (rp_http_proxy_upstream.c).
 */

#ifndef RP_HTTP_PROXY_H
#define RP_HTTP_PROXY_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_parse.h"
#include "rp_http_request.h"
#include "rp_http_script.h"
#include "rp_http_upstream.h"

struct rp_http_proxy_header {
    struct rp_str                  name;
    u_char                        *lowcase;
    struct rp_http_complex_value   value;
};

struct rp_http_proxy_loc_conf {
    struct rp_http_upstream_srv_conf  *upstream;
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
};

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
    unsigned                          upgrade:1;   /* 101 accepted */
    unsigned                          tunnel:1;    /* bytes, not HTTP */
    unsigned                          up_eof;      /* backend closed */
    unsigned                          down_eof;    /* client closed */
    struct rp_buf                    *down;        /* client -> backend */
};

extern struct rp_module  rp_http_proxy_module;

int rp_http_proxy_build_request(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx);
void rp_http_proxy_start(struct rp_http_request *r);
void rp_http_proxy_tunnel_start(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx);
void rp_http_proxy_tunnel(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx);
int rp_http_proxy_copy_header(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx, struct rp_http_header *h);

#endif /* RP_HTTP_PROXY_H */
