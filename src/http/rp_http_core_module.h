/*
 * rp_http_core_module.h - servers and their listen addresses.
 */

#ifndef RP_HTTP_CORE_MODULE_H
#define RP_HTTP_CORE_MODULE_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http.h"
#include "rp_http_request.h"

#include <sys/socket.h>

struct rp_http_core_srv_conf;
struct rp_regex;

/* One "listen" of one server, with its options. */
struct rp_http_listen_opt {
    struct sockaddr_storage         sockaddr;
    socklen_t                       socklen;
    struct rp_str                   addr_text;
    int                             backlog;     /* -1: not given */
    int                             ipv6only;    /* RP_UNSET, 0, 1 */
    unsigned                        reuseport:1;
    unsigned                        default_server:1;
    unsigned                        wildcard:1;
    unsigned                        set:1;       /* bind options given */
};

/*
 * One address the http block listens on, and the servers reachable
 * through it; <default_server> answers requests whose Host matches none.
 */
struct rp_http_addr_conf {
    struct rp_http_listen_opt       opt;
    struct rp_http_core_srv_conf   *default_server;
    struct rp_array                 servers;     /* rp_http_core_srv_conf * */
    struct rp_http_addr_conf       *folded_into; /* same-port wildcard */
    void                           *virtual_names; /* rp_http_server_name.c */
};

struct rp_http_core_main_conf {
    struct rp_array                 servers;     /* rp_http_core_srv_conf * */
    struct rp_array                 addrs;       /* rp_http_addr_conf */
    struct rp_array                 phases[RP_HTTP_PHASE_N]; /* handlers, by
                                                    enum rp_http_phase */
    rp_http_handler_pt             *phase_engine; /* flattened, NULL-ended */
    unsigned                        phase_start[RP_HTTP_PHASE_N + 1];
    struct rp_array                 variables;   /* rp_http_variable (D) */
    void                           *variables_hash;
    size_t                          ncaptures;   /* max regex captures */
};

/* A server_name entry (rp_http_server_name.c). */
struct rp_http_server_name {
    struct rp_str                   name;        /* lowercase */
    struct rp_regex                *regex;       /* ~ names */
    struct rp_http_core_srv_conf   *server;
};

struct rp_http_core_srv_conf {
    struct rp_http_conf_ctx        *ctx;         /* this server's confs */
    struct rp_array                 listens;     /* rp_http_listen_opt */
    struct rp_array                 server_names; /* rp_http_server_name */
    struct rp_str                   server_name; /* first name */
    struct rp_str                   file_name;   /* where it was declared */
    unsigned                        line;

    size_t                          client_header_buffer_size;
    size_t                          large_header_buffers_num;
    size_t                          large_header_buffer_size;
    rp_msec_t                       client_header_timeout;
    int                             underscores_in_headers;
    int                             ignore_invalid_headers;
};

/* How lingering_close behaves. */
#define RP_HTTP_LINGERING_OFF       0
#define RP_HTTP_LINGERING_ON        1
#define RP_HTTP_LINGERING_ALWAYS    2

/* error_page code ... [=code] uri */
struct rp_http_err_page {
    int                             status;
    int                             overwrite;   /* -1: keep, 0: "=": uri's */
    struct rp_str                   value;       /* raw, may hold $vars */
    void                           *complex;     /* rp_http_complex_value */
};

/*
 * The core config of a location (and of the server and http levels).
 * The structural fields (name ... locations) are filled by
 * rp_http_location.c; the rest are core directives.
 */
struct rp_http_core_loc_conf {
    struct rp_str                   name;        /* pattern as written */
    struct rp_regex                *regex;       /* ~ and ~* */
    unsigned                        exact_match:1;  /* = */
    unsigned                        noregex:1;      /* ^~ */
    unsigned                        named:1;        /* @name */
    unsigned                        regex_caseless:1;
    unsigned                        is_location:1;  /* not srv/http level */
    void                          **loc_conf;    /* the ctx this belongs to */
    struct rp_http_core_loc_conf   *parent;
    struct rp_array                *locations;   /* children, config order */
    void                           *static_tree; /* prefix/exact lookup */
    struct rp_array                *regex_locations; /* clcf *, in order */

    rp_http_handler_pt              handler;     /* content handler */

    size_t                          client_max_body_size;
    size_t                          client_body_buffer_size;
    rp_msec_t                       client_body_timeout;
    struct rp_str                   client_body_temp_path;
    rp_msec_t                       send_timeout;
    rp_msec_t                       keepalive_timeout;
    int64_t                         keepalive_requests;
    int                             lingering_close;
    rp_msec_t                       lingering_time;
    rp_msec_t                       lingering_timeout;
    int                             sendfile;
    int                             tcp_nodelay;
    int                             server_tokens;
    int                             log_not_found;
    int                             recursive_error_pages;
    struct rp_str                   default_type;
    struct rp_array                *error_pages;  /* rp_http_err_page */
};

extern struct rp_module  rp_http_core_module;

int rp_http_core_add_listening(struct rp_conf *cf,
    struct rp_http_core_main_conf *cmcf);
void rp_http_init_connection(struct rp_connection *c);

/* The core confs of a request's current location / server. */
static inline struct rp_http_core_loc_conf *
rp_http_core_loc(const struct rp_http_request *r)
{
    return r->loc_conf[rp_http_core_module.ctx_index];
}

static inline struct rp_http_core_srv_conf *
rp_http_core_srv(const struct rp_http_request *r)
{
    return r->srv_conf[rp_http_core_module.ctx_index];
}

static inline struct rp_http_core_main_conf *
rp_http_core_main(const struct rp_http_request *r)
{
    return r->main_conf[rp_http_core_module.ctx_index];
}

#endif /* RP_HTTP_CORE_MODULE_H */
