/*
 * rp_http_core_module.c - server { } blocks and their listen addresses.
 *
 * Each "listen" is checked when it is read (so errors point at it), and
 * recorded twice: in its server, and in the http block's table of
 * addresses with the list of servers reachable there.  After the http
 * block was parsed, rp_http_core_add_listening() turns that table into
 * listening sockets.  As in nginx, a specific address whose port is also
 * served by a wildcard address of the same family is not bound on its
 * own; it shares the wildcard socket (the server is chosen per
 * connection by the local address).
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_connection.h"
#include "rp_event_timer.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_location.h"
#include "rp_http_server_name.h"
#include "rp_listen.h"

#include <netinet/in.h>

static void *rp_http_core_create_main_conf(struct rp_conf *cf);
static void *rp_http_core_create_srv_conf(struct rp_conf *cf);
static int rp_http_core_merge_srv_conf(struct rp_conf *cf, void *prev,
    void *conf);
static void *rp_http_core_create_loc_conf(struct rp_conf *cf);
static int rp_http_core_merge_loc_conf(struct rp_conf *cf, void *prev,
    void *conf);
static int rp_http_core_server(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
static int rp_http_core_listen(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

static int rp_http_core_large_buffers(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

#define RP_HTTP_LOC_ANY                                                      \
    (RP_HTTP_MAIN_CONF | RP_HTTP_SRV_CONF | RP_HTTP_LOC_CONF)

static const struct rp_conf_bounds  rp_http_core_header_buffer_bounds = {
    128, 1024 * 1024
};
static const struct rp_conf_bounds  rp_http_core_body_buffer_bounds = {
    1024, 64 * 1024 * 1024
};
static const struct rp_conf_bounds  rp_http_core_timeout_bounds = {
    1, INT64_C(7) * 24 * 3600 * 1000
};
static const struct rp_conf_bounds  rp_http_core_requests_bounds = {
    0, INT64_MAX
};
static const struct rp_conf_enum  rp_http_core_lingering[] = {
    { "off", RP_HTTP_LINGERING_OFF },
    { "on", RP_HTTP_LINGERING_ON },
    { "always", RP_HTTP_LINGERING_ALWAYS },
    { NULL, 0 }
};

static const struct rp_command  rp_http_core_commands[] = {

    { "server", RP_HTTP_MAIN_CONF | RP_CONF_BLOCK | RP_CONF_NOARGS
                | RP_CONF_MULTI,
      rp_http_core_server, RP_HTTP_MAIN_CONF_OFFSET, 0, NULL },

    { "listen", RP_HTTP_SRV_CONF | RP_CONF_1MORE | RP_CONF_MULTI,
      rp_http_core_listen, RP_HTTP_SRV_CONF_OFFSET, 0, NULL },

    { "server_name", RP_HTTP_SRV_CONF | RP_CONF_1MORE,
      rp_http_core_server_name, RP_HTTP_SRV_CONF_OFFSET, 0, NULL },

    { "location", RP_HTTP_SRV_CONF | RP_HTTP_LOC_CONF | RP_CONF_BLOCK
                  | RP_CONF_TAKE12 | RP_CONF_MULTI,
      rp_http_core_location, RP_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { "client_header_buffer_size", RP_HTTP_MAIN_CONF | RP_HTTP_SRV_CONF
                                   | RP_CONF_TAKE1,
      rp_conf_set_size, RP_HTTP_SRV_CONF_OFFSET,
      offsetof(struct rp_http_core_srv_conf, client_header_buffer_size),
      &rp_http_core_header_buffer_bounds },

    { "large_client_header_buffers", RP_HTTP_MAIN_CONF | RP_HTTP_SRV_CONF
                                     | RP_CONF_TAKE2,
      rp_http_core_large_buffers, RP_HTTP_SRV_CONF_OFFSET, 0, NULL },

    { "client_header_timeout", RP_HTTP_MAIN_CONF | RP_HTTP_SRV_CONF
                               | RP_CONF_TAKE1,
      rp_conf_set_msec, RP_HTTP_SRV_CONF_OFFSET,
      offsetof(struct rp_http_core_srv_conf, client_header_timeout),
      &rp_http_core_timeout_bounds },

    { "underscores_in_headers", RP_HTTP_MAIN_CONF | RP_HTTP_SRV_CONF
                                | RP_CONF_FLAG,
      rp_conf_set_flag, RP_HTTP_SRV_CONF_OFFSET,
      offsetof(struct rp_http_core_srv_conf, underscores_in_headers), NULL },

    { "ignore_invalid_headers", RP_HTTP_MAIN_CONF | RP_HTTP_SRV_CONF
                                | RP_CONF_FLAG,
      rp_conf_set_flag, RP_HTTP_SRV_CONF_OFFSET,
      offsetof(struct rp_http_core_srv_conf, ignore_invalid_headers), NULL },

    { "client_max_body_size", RP_HTTP_LOC_ANY | RP_CONF_TAKE1,
      rp_conf_set_size, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, client_max_body_size), NULL },

    { "client_body_buffer_size", RP_HTTP_LOC_ANY | RP_CONF_TAKE1,
      rp_conf_set_size, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, client_body_buffer_size),
      &rp_http_core_body_buffer_bounds },

    { "client_body_timeout", RP_HTTP_LOC_ANY | RP_CONF_TAKE1,
      rp_conf_set_msec, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, client_body_timeout),
      &rp_http_core_timeout_bounds },

    { "client_body_temp_path", RP_HTTP_LOC_ANY | RP_CONF_TAKE1,
      rp_conf_set_path, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, client_body_temp_path), NULL },

    { "send_timeout", RP_HTTP_LOC_ANY | RP_CONF_TAKE1,
      rp_conf_set_msec, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, send_timeout),
      &rp_http_core_timeout_bounds },

    { "keepalive_timeout", RP_HTTP_LOC_ANY | RP_CONF_TAKE1,
      rp_conf_set_msec, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, keepalive_timeout), NULL },

    { "keepalive_requests", RP_HTTP_LOC_ANY | RP_CONF_TAKE1,
      rp_conf_set_num, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, keepalive_requests),
      &rp_http_core_requests_bounds },

    { "lingering_close", RP_HTTP_LOC_ANY | RP_CONF_TAKE1,
      rp_conf_set_enum, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, lingering_close),
      rp_http_core_lingering },

    { "lingering_time", RP_HTTP_LOC_ANY | RP_CONF_TAKE1,
      rp_conf_set_msec, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, lingering_time),
      &rp_http_core_timeout_bounds },

    { "lingering_timeout", RP_HTTP_LOC_ANY | RP_CONF_TAKE1,
      rp_conf_set_msec, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, lingering_timeout),
      &rp_http_core_timeout_bounds },

    { "sendfile", RP_HTTP_LOC_ANY | RP_CONF_FLAG,
      rp_conf_set_flag, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, sendfile), NULL },

    { "tcp_nodelay", RP_HTTP_LOC_ANY | RP_CONF_FLAG,
      rp_conf_set_flag, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, tcp_nodelay), NULL },

    { "server_tokens", RP_HTTP_LOC_ANY | RP_CONF_FLAG,
      rp_conf_set_flag, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, server_tokens), NULL },

    { "log_not_found", RP_HTTP_LOC_ANY | RP_CONF_FLAG,
      rp_conf_set_flag, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, log_not_found), NULL },

    { "recursive_error_pages", RP_HTTP_LOC_ANY | RP_CONF_FLAG,
      rp_conf_set_flag, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, recursive_error_pages), NULL },

    { "default_type", RP_HTTP_LOC_ANY | RP_CONF_TAKE1,
      rp_conf_set_str, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_core_loc_conf, default_type), NULL },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_http_module_ctx  rp_http_core_module_ctx = {
    NULL,                                   /* preconfiguration */
    NULL,                                   /* postconfiguration */
    rp_http_core_create_main_conf,
    NULL,                                   /* init main conf */
    rp_http_core_create_srv_conf,
    rp_http_core_merge_srv_conf,
    rp_http_core_create_loc_conf,
    rp_http_core_merge_loc_conf
};

struct rp_module  rp_http_core_module = {
    "rp_http_core_module", RP_HTTP_MODULE, &rp_http_core_module_ctx,
    rp_http_core_commands, NULL, NULL, NULL, 0, 0
};


static void *
rp_http_core_create_main_conf(struct rp_conf *cf)
{
    struct rp_http_core_main_conf  *cmcf;

    cmcf = rp_pcalloc(cf->pool, sizeof(struct rp_http_core_main_conf));
    if (cmcf == NULL
        || rp_array_init(&cmcf->servers, cf->pool, 4,
                         sizeof(struct rp_http_core_srv_conf *)) != RP_OK
        || rp_array_init(&cmcf->addrs, cf->pool, 4,
                         sizeof(struct rp_http_addr_conf)) != RP_OK)
    {
        return NULL;
    }

    return cmcf;
}


static void *
rp_http_core_create_srv_conf(struct rp_conf *cf)
{
    struct rp_http_core_srv_conf  *cscf;

    cscf = rp_pcalloc(cf->pool, sizeof(struct rp_http_core_srv_conf));
    if (cscf == NULL
        || rp_array_init(&cscf->listens, cf->pool, 2,
                         sizeof(struct rp_http_listen_opt)) != RP_OK
        || rp_array_init(&cscf->server_names, cf->pool, 2,
                         sizeof(struct rp_http_server_name)) != RP_OK)
    {
        return NULL;
    }

    cscf->client_header_buffer_size = RP_UNSET_SIZE;
    cscf->large_header_buffers_num = RP_UNSET_SIZE;
    cscf->large_header_buffer_size = RP_UNSET_SIZE;
    cscf->client_header_timeout = RP_UNSET_MSEC;
    cscf->underscores_in_headers = RP_UNSET;
    cscf->ignore_invalid_headers = RP_UNSET;

    return cscf;
}


static void *
rp_http_core_create_loc_conf(struct rp_conf *cf)
{
    struct rp_http_core_loc_conf  *clcf;

    clcf = rp_pcalloc(cf->pool, sizeof(struct rp_http_core_loc_conf));
    if (clcf == NULL) {
        return NULL;
    }

    clcf->client_max_body_size = RP_UNSET_SIZE;
    clcf->client_body_buffer_size = RP_UNSET_SIZE;
    clcf->client_body_timeout = RP_UNSET_MSEC;
    clcf->send_timeout = RP_UNSET_MSEC;
    clcf->keepalive_timeout = RP_UNSET_MSEC;
    clcf->keepalive_requests = RP_UNSET;
    clcf->lingering_close = RP_UNSET;
    clcf->lingering_time = RP_UNSET_MSEC;
    clcf->lingering_timeout = RP_UNSET_MSEC;
    clcf->sendfile = RP_UNSET;
    clcf->tcp_nodelay = RP_UNSET;
    clcf->server_tokens = RP_UNSET;
    clcf->log_not_found = RP_UNSET;
    clcf->recursive_error_pages = RP_UNSET;

    return clcf;
}


static int
rp_http_core_merge_loc_conf(struct rp_conf *cf, void *parent, void *child)
{
    struct rp_http_core_loc_conf  *prev = parent, *conf = child;

    /* the defaults are nginx's, so existing configs behave the same */
    rp_conf_merge_size(conf->client_max_body_size,
                       prev->client_max_body_size, 1024 * 1024);
    rp_conf_merge_size(conf->client_body_buffer_size,
                       prev->client_body_buffer_size, 16 * 1024);
    rp_conf_merge_msec(conf->client_body_timeout, prev->client_body_timeout,
                       60000);
    if (conf->client_body_temp_path.data == NULL) {
        if (prev->client_body_temp_path.data == NULL) {
            rp_str_set(&prev->client_body_temp_path, "client_body_temp");

            if (rp_conf_full_name(cf, &prev->client_body_temp_path) != RP_OK)
            {
                return RP_ERROR;
            }
        }

        conf->client_body_temp_path = prev->client_body_temp_path;
    }

    /* the master creates it (whichever level set it: an inherited
     * value is registered here too; duplicates are ignored) */
    if (rp_cycle_add_path(cf->cycle, &conf->client_body_temp_path) != RP_OK) {
        return RP_ERROR;
    }

    rp_conf_merge_msec(conf->send_timeout, prev->send_timeout, 60000);
    rp_conf_merge_msec(conf->keepalive_timeout, prev->keepalive_timeout,
                       75000);
    rp_conf_merge_value(conf->keepalive_requests, prev->keepalive_requests,
                        1000);
    rp_conf_merge_value(conf->lingering_close, prev->lingering_close,
                        RP_HTTP_LINGERING_ON);
    rp_conf_merge_msec(conf->lingering_time, prev->lingering_time, 30000);
    rp_conf_merge_msec(conf->lingering_timeout, prev->lingering_timeout,
                       5000);
    rp_conf_merge_value(conf->sendfile, prev->sendfile, 0);
    rp_conf_merge_value(conf->tcp_nodelay, prev->tcp_nodelay, 1);
    rp_conf_merge_value(conf->server_tokens, prev->server_tokens, 1);
    rp_conf_merge_value(conf->log_not_found, prev->log_not_found, 1);
    rp_conf_merge_value(conf->recursive_error_pages,
                        prev->recursive_error_pages, 0);
    rp_conf_merge_str(conf->default_type, prev->default_type, "text/plain");

    if (conf->error_pages == NULL) {
        conf->error_pages = prev->error_pages;
    }

    return RP_OK;
}


/* large_client_header_buffers NUMBER SIZE */
static int
rp_http_core_large_buffers(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_core_srv_conf  *cscf = conf;
    struct rp_conf_token          *n = rp_conf_arg(cf, 1);
    struct rp_conf_token          *sz = rp_conf_arg(cf, 2);
    uint64_t                       num;
    size_t                         size;

    if (cscf->large_header_buffers_num != RP_UNSET_SIZE) {
        return rp_conf_error(cf, "\"%s\" directive is duplicate", cmd->name);
    }

    if (rp_parse_uint(n->value.data, n->value.len, 8, &num) != RP_OK
        || num == 0)
    {
        return rp_conf_error_at(cf, n, "invalid number \"" RP_STR_FMT "\" in "
                                "\"%s\" directive, it must be from 1 to 8",
                                RP_STR_ARG(n->value), cmd->name);
    }

    if (rp_parse_size(sz->value.data, sz->value.len, &size) != RP_OK
        || size < 128 || size > 1024 * 1024)
    {
        return rp_conf_error_at(cf, sz, "invalid size \"" RP_STR_FMT "\" in "
                                "\"%s\" directive, it must be from 128 to "
                                "1m", RP_STR_ARG(sz->value), cmd->name);
    }

    cscf->large_header_buffers_num = (size_t) num;
    cscf->large_header_buffer_size = size;

    return RP_OK;
}


/* ---------------------------------------------------------------------
 * listen
 */

static struct rp_http_addr_conf *
rp_http_core_find_addr(struct rp_http_core_main_conf *cmcf,
    const struct rp_http_listen_opt *lo)
{
    struct rp_http_addr_conf  *a = cmcf->addrs.elts;
    size_t                     i;

    for (i = 0; i < cmcf->addrs.nelts; i++) {
        if (rp_sockaddr_is_equal((struct sockaddr *) &a[i].opt.sockaddr,
                                 a[i].opt.socklen,
                                 (struct sockaddr *) &lo->sockaddr,
                                 lo->socklen))
        {
            return &a[i];
        }
    }

    return NULL;
}


/*
 * Record <lo> of server <cscf> in the http block's address table,
 * rejecting a second default_server or a second set of socket options
 * for the same address.
 */
static int
rp_http_core_add_addr(struct rp_conf *cf, struct rp_http_core_main_conf *cmcf,
    struct rp_http_core_srv_conf *cscf, const struct rp_http_listen_opt *lo)
{
    struct rp_http_addr_conf       *a;
    struct rp_http_core_srv_conf  **sp;

    a = rp_http_core_find_addr(cmcf, lo);

    if (a == NULL) {
        a = rp_array_push(&cmcf->addrs);
        if (a == NULL
            || rp_array_init(&a->servers, cf->pool, 2,
                             sizeof(struct rp_http_core_srv_conf *))
               != RP_OK)
        {
            return RP_ERROR;
        }

        a->opt = *lo;

    } else {
        if (lo->set && a->opt.set) {
            return rp_conf_error(cf, "duplicate listen options for "
                                 RP_STR_FMT, RP_STR_ARG(lo->addr_text));
        }

        if (lo->set) {
            a->opt.backlog = lo->backlog;
            a->opt.ipv6only = lo->ipv6only;
            a->opt.reuseport = lo->reuseport;
            a->opt.set = 1;
        }

        if (lo->default_server && a->opt.default_server) {
            return rp_conf_error(cf, "a duplicate default server for "
                                 RP_STR_FMT, RP_STR_ARG(lo->addr_text));
        }

        a->opt.default_server |= lo->default_server;
    }

    if (lo->default_server || a->default_server == NULL) {
        a->default_server = cscf;
    }

    sp = rp_array_push(&a->servers);
    if (sp == NULL) {
        return RP_ERROR;
    }

    *sp = cscf;

    return RP_OK;
}


static int
rp_http_core_listen_param(struct rp_conf *cf, struct rp_conf_token *t,
    struct rp_http_listen_opt *lo)
{
    struct rp_str  v = t->value;
    uint64_t       n;

    if (rp_str_eq_lit(&v, "default_server") || rp_str_eq_lit(&v, "default")) {
        lo->default_server = 1;
        return RP_OK;
    }

    if (rp_str_eq_lit(&v, "reuseport")) {
        lo->reuseport = 1;
        lo->set = 1;
        return RP_OK;
    }

    if (v.len > 8 && memcmp(v.data, "backlog=", 8) == 0) {
        if (rp_parse_uint(v.data + 8, v.len - 8, INT_MAX, &n) != RP_OK
            || n == 0)
        {
            return rp_conf_error_at(cf, t, "invalid backlog \"" RP_STR_FMT
                                    "\" in \"listen\" directive",
                                    RP_STR_ARG(v));
        }
        lo->backlog = (int) n;
        lo->set = 1;
        return RP_OK;
    }

    if (v.len > 9 && memcmp(v.data, "ipv6only=", 9) == 0) {
        struct rp_str  f = { v.len - 9, v.data + 9 };

        if (lo->sockaddr.ss_family != AF_INET6) {
            return rp_conf_error_at(cf, t, "ipv6only is not supported on "
                                    "addr \"" RP_STR_FMT "\", ignored",
                                    RP_STR_ARG(lo->addr_text));
        }

        if (rp_str_eq_lit(&f, "on") || rp_str_eq_lit(&f, "off")) {
            lo->ipv6only = rp_str_eq_lit(&f, "on");
            lo->set = 1;
            return RP_OK;
        }

        return rp_conf_error_at(cf, t, "invalid ipv6only flag \""
                                RP_STR_FMT "\" in \"listen\" directive, it "
                                "must be \"on\" or \"off\"", RP_STR_ARG(f));
    }

    return rp_conf_error_at(cf, t, "invalid parameter \"" RP_STR_FMT "\" in "
                            "\"listen\" directive", RP_STR_ARG(v));
}


static int
rp_http_core_set_addr(struct rp_conf *cf, struct rp_conf_token *t,
    const struct sockaddr_storage *ss, socklen_t len,
    struct rp_http_listen_opt *lo)
{
    u_char  text[RP_SOCKADDR_STRLEN];
    size_t  n;

    memset(lo, 0, sizeof(*lo));
    memcpy(&lo->sockaddr, ss, len);
    lo->socklen = len;
    lo->backlog = -1;
    lo->ipv6only = RP_UNSET;

    if (ss->ss_family == AF_INET) {
        lo->wildcard = ((const struct sockaddr_in *) ss)->sin_addr.s_addr
                       == htonl(INADDR_ANY);
    } else if (ss->ss_family == AF_INET6) {
        lo->wildcard = IN6_IS_ADDR_UNSPECIFIED(
                           &((const struct sockaddr_in6 *) ss)->sin6_addr);
    }

    n = rp_sockaddr_ntop((const struct sockaddr *) ss, len, text,
                         sizeof(text), 1);

    lo->addr_text.len = n;
    lo->addr_text.data = rp_pstrdup(cf->pool, &(struct rp_str) { n, text });

    if (lo->addr_text.data == NULL) {
        return RP_ERROR;
    }

    (void) t;

    return RP_OK;
}


/* listen ADDRESS[:PORT] | PORT [default_server] [reuseport] [backlog=N]
 *        [ipv6only=on|off] */
static int
rp_http_core_listen(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_core_srv_conf   *cscf = conf;
    struct rp_http_core_main_conf  *cmcf;
    struct rp_http_listen_opt      *lo, *prev;
    struct rp_conf_token           *t;
    struct sockaddr_storage         ss;
    socklen_t                       len;
    const char                     *err;
    size_t                          i;

    t = rp_conf_arg(cf, 1);

    if (rp_listen_parse_addr(t->value.data, t->value.len, &ss, &len, &err)
        != RP_OK)
    {
        return rp_conf_error_at(cf, t, "%s in \"" RP_STR_FMT "\" of the "
                                "\"listen\" directive", err,
                                RP_STR_ARG(t->value));
    }

    prev = cscf->listens.elts;

    for (i = 0; i < cscf->listens.nelts; i++) {
        if (rp_sockaddr_is_equal((struct sockaddr *) &prev[i].sockaddr,
                                 prev[i].socklen, (struct sockaddr *) &ss,
                                 len))
        {
            return rp_conf_error_at(cf, t, "duplicate listen " RP_STR_FMT,
                                    RP_STR_ARG(prev[i].addr_text));
        }
    }

    lo = rp_array_push(&cscf->listens);
    if (lo == NULL || rp_http_core_set_addr(cf, t, &ss, len, lo) != RP_OK) {
        return RP_ERROR;
    }

    for (i = 2; i <= rp_conf_nargs(cf); i++) {
        if (rp_http_core_listen_param(cf, rp_conf_arg(cf, i), lo) != RP_OK) {
            return RP_ERROR;
        }
    }

    cmcf = rp_http_ctx_main_conf(cf->ctx, &rp_http_core_module);

    (void) cmd;

    return rp_http_core_add_addr(cf, cmcf, cscf, lo);
}


/* server { ... } */
static int
rp_http_core_server(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_conf_ctx         *ctx, *parent = cf->ctx;
    struct rp_http_core_main_conf   *cmcf;
    struct rp_http_core_srv_conf    *cscf, **sp;
    unsigned                         saved_cmd;
    void                            *saved_ctx;
    int                              rc;

    ctx = rp_pcalloc(cf->pool, sizeof(struct rp_http_conf_ctx));
    if (ctx == NULL || rp_http_create_confs(cf, ctx, parent) != RP_OK) {
        return RP_ERROR;
    }

    cscf = rp_http_ctx_srv_conf(ctx, &rp_http_core_module);
    cscf->ctx = ctx;
    cscf->line = rp_conf_arg(cf, 0)->line;

    cmcf = rp_http_ctx_main_conf(parent, &rp_http_core_module);

    sp = rp_array_push(&cmcf->servers);
    if (sp == NULL) {
        return RP_ERROR;
    }

    *sp = cscf;

    saved_ctx = cf->ctx;
    saved_cmd = cf->cmd_type;
    cf->ctx = ctx;
    cf->cmd_type = RP_HTTP_SRV_CONF;

    rc = rp_conf_parse(cf, NULL);

    cf->ctx = saved_ctx;
    cf->cmd_type = saved_cmd;

    (void) cmd;
    (void) conf;

    return rc;
}


/*
 * A server without "listen" listens on *:80 when rampart runs as root
 * and *:8000 otherwise, as nginx does.
 */
static int
rp_http_core_merge_srv_conf(struct rp_conf *cf, void *parent, void *child)
{
    struct rp_http_core_srv_conf   *conf = child;
    struct rp_http_core_main_conf  *cmcf;
    struct rp_http_listen_opt      *lo;
    struct sockaddr_storage         ss;
    socklen_t                       len;
    const char                     *err, *port;

    struct rp_http_core_srv_conf   *prev = parent;

    rp_conf_merge_size(conf->client_header_buffer_size,
                       prev->client_header_buffer_size, 1024);
    rp_conf_merge_size(conf->large_header_buffers_num,
                       prev->large_header_buffers_num, 4);
    rp_conf_merge_size(conf->large_header_buffer_size,
                       prev->large_header_buffer_size, 8192);
    rp_conf_merge_msec(conf->client_header_timeout,
                       prev->client_header_timeout, 60000);
    rp_conf_merge_value(conf->underscores_in_headers,
                        prev->underscores_in_headers, 0);
    rp_conf_merge_value(conf->ignore_invalid_headers,
                        prev->ignore_invalid_headers, 1);

    if (conf->large_header_buffer_size < conf->client_header_buffer_size) {
        rp_log_error(RP_LOG_EMERG, cf->log, 0, "the \"large_client_header_"
                     "buffers\" size must be at least the "
                     "\"client_header_buffer_size\" (%zu)",
                     conf->client_header_buffer_size);
        cf->errors++;
        return RP_ERROR;
    }

    if (conf->listens.nelts || conf->ctx == NULL) {
        return RP_OK;
    }

    port = (geteuid() == 0) ? "80" : "8000";

    if (rp_listen_parse_addr((const u_char *) port, strlen(port), &ss, &len,
                             &err) != RP_OK)
    {
        return RP_ERROR;
    }

    lo = rp_array_push(&conf->listens);
    if (lo == NULL || rp_http_core_set_addr(cf, NULL, &ss, len, lo) != RP_OK) {
        return RP_ERROR;
    }

    cmcf = rp_http_ctx_main_conf(conf->ctx, &rp_http_core_module);

    return rp_http_core_add_addr(cf, cmcf, conf, lo);
}


static int
rp_http_core_same_port(const struct sockaddr_storage *a,
    const struct sockaddr_storage *b)
{
    if (a->ss_family != b->ss_family) {
        return 0;
    }

    if (a->ss_family == AF_INET) {
        return ((const struct sockaddr_in *) a)->sin_port
               == ((const struct sockaddr_in *) b)->sin_port;
    }

    return ((const struct sockaddr_in6 *) a)->sin6_port
           == ((const struct sockaddr_in6 *) b)->sin6_port;
}


/*
 * Turn the address table into listening sockets of the cycle (called at
 * the end of http { }).  RP_OK or RP_ERROR.
 */
int
rp_http_core_add_listening(struct rp_conf *cf,
    struct rp_http_core_main_conf *cmcf)
{
    struct rp_http_addr_conf  *a = cmcf->addrs.elts;
    struct rp_listening       *ls;
    size_t                     i, j;

    for (i = 0; i < cmcf->addrs.nelts; i++) {
        if (a[i].opt.wildcard || a[i].opt.set) {
            continue;
        }

        for (j = 0; j < cmcf->addrs.nelts; j++) {
            if (a[j].opt.wildcard
                && rp_http_core_same_port(&a[i].opt.sockaddr,
                                          &a[j].opt.sockaddr))
            {
                a[i].folded_into = &a[j];
                break;
            }
        }
    }

    for (i = 0; i < cmcf->addrs.nelts; i++) {
        if (a[i].folded_into) {
            continue;
        }

        ls = rp_listen_add(cf->cycle, (struct sockaddr *) &a[i].opt.sockaddr,
                           a[i].opt.socklen);
        if (ls == NULL) {
            return RP_ERROR;
        }

        if (a[i].opt.backlog > 0) {
            ls->backlog = a[i].opt.backlog;
        }

        if (a[i].opt.ipv6only != RP_UNSET) {
            ls->ipv6only = (unsigned) a[i].opt.ipv6only;
        }

        ls->reuseport = a[i].opt.reuseport;
        ls->handler = rp_http_init_connection;
        ls->servers = &a[i];
    }

    return RP_OK;
}
