/*
 * rp_http_core_module.h - servers and their listen addresses.
 */

#ifndef RP_HTTP_CORE_MODULE_H
#define RP_HTTP_CORE_MODULE_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http.h"

#include <sys/socket.h>

struct rp_http_core_srv_conf;

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
};

struct rp_http_core_main_conf {
    struct rp_array                 servers;     /* rp_http_core_srv_conf * */
    struct rp_array                 addrs;       /* rp_http_addr_conf */
};

struct rp_http_core_srv_conf {
    struct rp_http_conf_ctx        *ctx;         /* this server's confs */
    struct rp_array                 listens;     /* rp_http_listen_opt */
    struct rp_str                   file_name;   /* where it was declared */
    unsigned                        line;
};

struct rp_http_core_loc_conf {
    rp_msec_t                       client_header_timeout;
};

extern struct rp_module  rp_http_core_module;

int rp_http_core_add_listening(struct rp_conf *cf,
    struct rp_http_core_main_conf *cmcf);
void rp_http_init_connection(struct rp_connection *c);

#endif /* RP_HTTP_CORE_MODULE_H */
