/*
 * rp_http_upstream.c - upstream groups: the "upstream" block, its
 * "server" and keep-alive directives, and the groups proxy_pass makes.
 *
 *   upstream backend {
 *       server 10.0.0.1:8080 weight=5 max_fails=3 fail_timeout=30s;
 *       server app.internal  backup;
 *       keepalive 32;
 *   }
 *
 * Addresses are resolved once, at config time (a name gives its first
 * address, IPv4 preferred; port 80 by default).  proxy_pass registers
 * the group it names with rp_http_upstream_add(); at the end of the
 * http block every group is built: a name that matches an "upstream"
 * block, declared before or after, becomes that group, any other is
 * resolved as "host:port".  Each group then gets its balancer's peers
 * (round robin unless a directive chose another) and its keep-alive
 * cache.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_request.h"
#include "rp_http_upstream.h"
#include "rp_http_upstream_sticky.h"
#include "rp_listen.h"

#define RP_UPSTREAM_MAX_WEIGHT     1000000
#define RP_UPSTREAM_MAX_FAILS      1000000
#define RP_UPSTREAM_MAX_CONNS      1000000000

static void *rp_http_upstream_create_main_conf(struct rp_conf *cf);
static int rp_http_upstream_init_main_conf(struct rp_conf *cf, void *conf);
static int rp_http_upstream_block(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
static int rp_http_upstream_server(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

static const struct rp_conf_bounds  rp_http_upstream_keepalive_bounds = {
    1, 65536
};

static const struct rp_conf_bounds  rp_http_upstream_timeout_bounds = {
    1, 7 * 24 * 3600 * 1000LL
};

static const struct rp_conf_bounds  rp_http_upstream_requests_bounds = {
    1, 1000000000
};

static const struct rp_command  rp_http_upstream_commands[] = {

    { "upstream", RP_HTTP_MAIN_CONF | RP_CONF_BLOCK | RP_CONF_TAKE1
                  | RP_CONF_MULTI,
      rp_http_upstream_block, RP_HTTP_MAIN_CONF_OFFSET, 0, NULL },

    { "server", RP_HTTP_UPS_CONF | RP_CONF_1MORE | RP_CONF_MULTI,
      rp_http_upstream_server, RP_HTTP_SRV_CONF_OFFSET, 0, NULL },

    { "zone", RP_HTTP_UPS_CONF | RP_CONF_TAKE12,
      rp_http_upstream_zone, RP_HTTP_SRV_CONF_OFFSET, 0, NULL },

    { "keepalive", RP_HTTP_UPS_CONF | RP_CONF_TAKE1,
      rp_conf_set_num, RP_HTTP_SRV_CONF_OFFSET,
      offsetof(struct rp_http_upstream_srv_conf, keepalive),
      &rp_http_upstream_keepalive_bounds },

    { "keepalive_timeout", RP_HTTP_UPS_CONF | RP_CONF_TAKE1,
      rp_conf_set_msec, RP_HTTP_SRV_CONF_OFFSET,
      offsetof(struct rp_http_upstream_srv_conf, keepalive_timeout),
      &rp_http_upstream_timeout_bounds },

    { "keepalive_requests", RP_HTTP_UPS_CONF | RP_CONF_TAKE1,
      rp_conf_set_num, RP_HTTP_SRV_CONF_OFFSET,
      offsetof(struct rp_http_upstream_srv_conf, keepalive_requests),
      &rp_http_upstream_requests_bounds },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_http_module_ctx  rp_http_upstream_module_ctx = {
    NULL,                                   /* preconfiguration */
    NULL,                                   /* postconfiguration */
    rp_http_upstream_create_main_conf,
    rp_http_upstream_init_main_conf,
    NULL,                                   /* create srv conf */
    NULL,                                   /* merge srv conf */
    NULL,                                   /* create loc conf */
    NULL                                    /* merge loc conf */
};

struct rp_module  rp_http_upstream_module = {
    "rp_http_upstream_module", RP_HTTP_MODULE, &rp_http_upstream_module_ctx,
    rp_http_upstream_commands, NULL, NULL, NULL, 0, 0
};


static void *
rp_http_upstream_create_main_conf(struct rp_conf *cf)
{
    struct rp_http_upstream_main_conf  *umcf;

    umcf = rp_pcalloc(cf->pool, sizeof(struct rp_http_upstream_main_conf));
    if (umcf == NULL
        || rp_array_init(&umcf->upstreams, cf->pool, 4,
                         sizeof(struct rp_http_upstream_srv_conf *))
           != RP_OK)
    {
        return NULL;
    }

    return umcf;
}


static int
rp_http_upstream_host_eq(const struct rp_str *a, const struct rp_str *b)
{
    return a->len == b->len && rp_str_casecmp(a->data, b->data, a->len) == 0;
}


/* The http-level conf of this module while parsing inside http { }. */
static struct rp_http_upstream_main_conf *
rp_http_upstream_conf(struct rp_conf *cf)
{
    return rp_http_ctx_main_conf(cf->ctx, &rp_http_upstream_module);
}


/*
 * A new group named <host>, declared at <tok> (its file, line, column),
 * appended to the list.  Keep-alive fields are left unset for the
 * directives.  NULL when memory is short.
 */
static struct rp_http_upstream_srv_conf *
rp_http_upstream_new(struct rp_conf *cf,
    struct rp_http_upstream_main_conf *umcf, const struct rp_str *host,
    const struct rp_conf_token *tok)
{
    const struct rp_str                 *file;
    struct rp_http_upstream_srv_conf    *us, **slot;

    us = rp_pcalloc(cf->pool, sizeof(struct rp_http_upstream_srv_conf));
    slot = rp_array_push(&umcf->upstreams);

    if (us == NULL || slot == NULL
        || rp_array_init(&us->servers, cf->pool, 4,
                         sizeof(struct rp_http_upstream_server)) != RP_OK)
    {
        return NULL;
    }

    us->host.len = host->len;
    us->host.data = rp_pstrdup(cf->pool, host);
    if (us->host.data == NULL && host->len) {
        return NULL;
    }

    file = rp_conf_file_name(cf);
    if (file) {
        us->file_name = *file;
    }

    us->line = tok ? tok->line : 0;
    us->col = tok ? tok->col : 0;
    us->keepalive = RP_UNSET;
    us->keepalive_timeout = RP_UNSET_MSEC;
    us->keepalive_requests = RP_UNSET;
    *slot = us;

    return us;
}


/*
 * Resolve "host", "host:port", "[v6]" or "[v6]:port" (<default_port>
 * when none is written) into <sa>.  RP_OK, or RP_ERROR with *err a
 * static message.  Blocks on DNS: config time only.
 */
static int
rp_http_upstream_resolve(const struct rp_str *addr, in_port_t default_port,
    struct sockaddr_storage *sa, socklen_t *len, const char **err)
{
    u_char        buf[512];
    size_t        i, n;
    const u_char *close;
    unsigned      has_port;

    for (i = 0; i < addr->len; i++) {
        if (addr->data[i] < '0' || addr->data[i] > '9') {
            break;
        }
    }

    if (addr->len == 0 || i == addr->len) {
        *err = "no host";
        return RP_ERROR;
    }

    if (addr->data[0] == '*') {
        *err = "invalid host";
        return RP_ERROR;
    }

    if (addr->data[0] == '[') {
        close = memchr(addr->data, ']', addr->len);
        has_port = close && close + 1 < addr->data + addr->len;
    } else {
        has_port = memchr(addr->data, ':', addr->len) != NULL;
    }

    if (has_port) {
        return rp_listen_parse_addr(addr->data, addr->len, sa, len, err);
    }

    if (addr->len + sizeof(":65535") > sizeof(buf)) {
        *err = "invalid host";
        return RP_ERROR;
    }

    n = (size_t) snprintf((char *) buf, sizeof(buf), RP_STR_FMT ":%u",
                          RP_STR_ARG(*addr), (unsigned) default_port);

    return rp_listen_parse_addr(buf, n, sa, len, err);
}


/* "name=N" with N in [min, max] into *out; RP_ERROR if not a number. */
static int
rp_http_upstream_param_num(const struct rp_str *v, size_t skip, int64_t min,
    int64_t max, int64_t *out)
{
    uint64_t  n;

    if (rp_parse_uint(v->data + skip, v->len - skip, (uint64_t) max, &n)
        != RP_OK || (int64_t) n < min)
    {
        return RP_ERROR;
    }

    *out = (int64_t) n;

    return RP_OK;
}


#define rp_http_upstream_has_prefix(v, lit)                                  \
    ((v)->len >= sizeof(lit) - 1                                             \
     && memcmp((v)->data, lit, sizeof(lit) - 1) == 0)


/* One parameter after the address of "server". */
static int
rp_http_upstream_server_param(struct rp_http_upstream_server *s,
    const struct rp_str *v)
{
    int64_t  ms;

    if (rp_http_upstream_has_prefix(v, "weight=")) {
        return rp_http_upstream_param_num(v, 7, 1, RP_UPSTREAM_MAX_WEIGHT,
                                          &s->weight);
    }

    if (rp_http_upstream_has_prefix(v, "max_fails=")) {
        return rp_http_upstream_param_num(v, 10, 0, RP_UPSTREAM_MAX_FAILS,
                                          &s->max_fails);
    }

    if (rp_http_upstream_has_prefix(v, "max_conns=")) {
        return rp_http_upstream_param_num(v, 10, 0, RP_UPSTREAM_MAX_CONNS,
                                          &s->max_conns);
    }

    if (rp_http_upstream_has_prefix(v, "fail_timeout=")) {
        if (rp_parse_msec(v->data + 13, v->len - 13, &ms) != RP_OK) {
            return RP_ERROR;
        }

        s->fail_timeout = ms;
        return RP_OK;
    }

    if (rp_http_upstream_has_prefix(v, "slow_start=")) {
        if (rp_parse_msec(v->data + 11, v->len - 11, &ms) != RP_OK) {
            return RP_ERROR;
        }

        s->slow_start = ms;
        return RP_OK;
    }

    if (rp_str_eq_lit(v, "drain")) {
        s->drain = 1;
        return RP_OK;
    }

    if (rp_str_eq_lit(v, "backup")) {
        s->backup = 1;
        return RP_OK;
    }

    if (rp_str_eq_lit(v, "down")) {
        s->down = 1;
        return RP_OK;
    }

    return RP_ERROR;
}


/*
 * server ADDR [weight=N] [max_fails=N] [fail_timeout=T] [max_conns=N]
 *        [slow_start=T] [backup] [down] [drain]
 */
static int
rp_http_upstream_server(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    size_t                             i;
    const char                        *err;
    struct rp_conf_token              *tok;
    struct rp_http_upstream_server    *s;
    struct rp_http_upstream_srv_conf  *us = conf;

    s = rp_array_push(&us->servers);
    if (s == NULL) {
        return RP_ERROR;
    }

    memset(s, 0, sizeof(*s));
    s->weight = 1;
    s->max_fails = 1;
    s->fail_timeout = 10000;

    tok = rp_conf_arg(cf, 1);
    s->name = tok->value;

    if (rp_http_upstream_resolve(&tok->value, 80, &s->sockaddr, &s->socklen,
                                 &err) != RP_OK)
    {
        us->servers.nelts--;

        return rp_conf_error_at(cf, tok, "%s in upstream \"" RP_STR_FMT "\"",
                                err, RP_STR_ARG(tok->value));
    }

    for (i = 2; i <= rp_conf_nargs(cf); i++) {
        tok = rp_conf_arg(cf, i);

        if (rp_http_upstream_server_param(s, &tok->value) != RP_OK) {
            us->servers.nelts--;

            return rp_conf_error_at(cf, tok, "invalid parameter \""
                                    RP_STR_FMT "\"",
                                    RP_STR_ARG(tok->value));
        }
    }

    return RP_OK;
}


/* upstream NAME { ... } */
static int
rp_http_upstream_block(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    int                                 rc;
    size_t                              i, n;
    void                               *saved_ctx;
    unsigned                            saved_cmd;
    struct rp_conf_token                at, name;
    struct rp_http_conf_ctx            *ctx, *parent;
    struct rp_http_upstream_srv_conf  **all, *us;
    struct rp_http_upstream_main_conf  *umcf = conf;

    at = *rp_conf_arg(cf, 0);
    name = *rp_conf_arg(cf, 1);
    all = umcf->upstreams.elts;

    for (i = 0; i < umcf->upstreams.nelts; i++) {
        if (!all[i]->implicit && rp_http_upstream_host_eq(&all[i]->host,
                                                          &name.value))
        {
            return rp_conf_error_at(cf, &name, "duplicate upstream \""
                                    RP_STR_FMT "\"", RP_STR_ARG(name.value));
        }
    }

    us = rp_http_upstream_new(cf, umcf, &name.value, &at);
    parent = cf->ctx;
    ctx = rp_pcalloc(cf->pool, sizeof(struct rp_http_conf_ctx));
    n = rp_modules_count(RP_HTTP_MODULE) + 1;

    if (us == NULL || ctx == NULL) {
        return RP_ERROR;
    }

    ctx->main_conf = parent->main_conf;
    ctx->loc_conf = parent->loc_conf;
    ctx->srv_conf = rp_pcalloc(cf->pool, n * sizeof(void *));
    if (ctx->srv_conf == NULL) {
        return RP_ERROR;
    }

    ctx->srv_conf[rp_http_upstream_module.ctx_index] = us;

    saved_ctx = cf->ctx;
    saved_cmd = cf->cmd_type;
    cf->ctx = ctx;
    cf->cmd_type = RP_HTTP_UPS_CONF;

    rc = rp_conf_parse(cf, NULL);

    cf->ctx = saved_ctx;
    cf->cmd_type = saved_cmd;

    if (rc == RP_OK && us->servers.nelts == 0) {
        return rp_conf_error_at(cf, &at, "no servers are inside upstream");
    }

    return rc;
}


/* See rp_http_upstream.h. */
struct rp_http_upstream_srv_conf *
rp_http_upstream_conf_here(struct rp_conf *cf)
{
    return rp_http_ctx_srv_conf(cf->ctx, &rp_http_upstream_module);
}


/* See rp_http_upstream.h. */
int
rp_http_upstream_set_balancer(struct rp_conf *cf,
    struct rp_http_upstream_srv_conf *us,
    const struct rp_http_upstream_balancer *b)
{
    if (us->balancer != NULL) {
        return rp_conf_error_at(cf, rp_conf_arg(cf, 0),
                                "load balancing method redefined");
    }

    us->balancer = b;

    return RP_OK;
}


/* Split "host[:port]" / "[v6][:port]"; *port 0 when none is written. */
static int
rp_http_upstream_split(const struct rp_str *url, struct rp_str *host,
    in_port_t *port)
{
    u_char        *colon, *last;
    uint64_t       n;

    last = url->data + url->len;
    colon = NULL;
    *host = *url;
    *port = 0;

    if (url->len && url->data[0] == '[') {
        colon = memchr(url->data, ']', url->len);
        colon = (colon && colon + 1 < last && colon[1] == ':') ? colon + 1
                                                               : NULL;

    } else if (url->len) {
        colon = memchr(url->data, ':', url->len);
        if (colon && memchr(colon + 1, ':', (size_t) (last - colon - 1))) {
            colon = NULL;               /* bare IPv6: resolving says so */
        }
    }

    if (colon == NULL) {
        return RP_OK;
    }

    host->len = (size_t) (colon - url->data);

    if (rp_parse_uint(colon + 1, (size_t) (last - colon - 1), 65535, &n)
        != RP_OK || n == 0)
    {
        return RP_ERROR;
    }

    *port = (in_port_t) n;

    return RP_OK;
}


/* See rp_http_upstream.h. */
struct rp_http_upstream_srv_conf *
rp_http_upstream_add(struct rp_conf *cf, const struct rp_str *url,
    in_port_t default_port)
{
    size_t                              i;
    in_port_t                           port;
    struct rp_str                       host;
    struct rp_conf_token               *tok;
    struct rp_http_upstream_srv_conf  **all, *us;
    struct rp_http_upstream_main_conf  *umcf;

    umcf = rp_http_upstream_conf(cf);
    tok = rp_conf_arg(cf, rp_conf_nargs(cf) ? 1 : 0);

    if (rp_http_upstream_split(url, &host, &port) != RP_OK) {
        rp_conf_error_at(cf, tok, "invalid port in upstream \"" RP_STR_FMT
                         "\"", RP_STR_ARG(*url));
        return NULL;
    }

    all = umcf->upstreams.elts;

    for (i = 0; i < umcf->upstreams.nelts; i++) {
        us = all[i];

        if (!rp_http_upstream_host_eq(&us->host, &host)) {
            continue;
        }

        if (!us->implicit) {
            if (port) {
                rp_conf_error_at(cf, tok, "upstream \"" RP_STR_FMT "\" may "
                                 "not have port %u", RP_STR_ARG(host),
                                 (unsigned) port);
                return NULL;
            }

            return us;
        }

        if (us->no_port == (port == 0)
            && us->port == (port ? port : default_port))
        {
            return us;
        }
    }

    us = rp_http_upstream_new(cf, umcf, &host, tok);
    if (us == NULL) {
        return NULL;
    }

    us->implicit = 1;
    us->no_port = (port == 0);
    us->port = port ? port : default_port;

    /* added after the groups were built (by a late hook): build it now */
    if (umcf->initialized
        && rp_http_upstream_init_main_conf(cf, umcf) != RP_OK)
    {
        return NULL;
    }

    return us;
}


/* See rp_http_upstream.h. */
struct rp_http_upstream_srv_conf *
rp_http_upstream_find(struct rp_http_request *r, const struct rp_str *name)
{
    size_t                              i;
    struct rp_http_upstream_srv_conf  **all;
    struct rp_http_upstream_main_conf  *umcf;

    umcf = rp_http_get_module_main_conf(r, &rp_http_upstream_module);
    all = umcf->upstreams.elts;

    for (i = 0; i < umcf->upstreams.nelts; i++) {
        if (!all[i]->implicit && rp_http_upstream_host_eq(&all[i]->host,
                                                          name))
        {
            return all[i];
        }
    }

    return NULL;
}


/* Peers and cache of a group that has its servers. */
static int
rp_http_upstream_build(struct rp_conf *cf,
    struct rp_http_upstream_srv_conf *us)
{
    if (us->keepalive == RP_UNSET) {
        us->keepalive = 0;
    }

    rp_conf_merge_msec(us->keepalive_timeout, RP_UNSET_MSEC, 60000);

    if (us->keepalive_requests == RP_UNSET) {
        us->keepalive_requests = 1000;
    }

    if (us->balancer == NULL) {
        us->balancer = &rp_http_upstream_round_robin;
    }

    if (us->balancer->init_upstream(cf, us) != RP_OK) {
        return RP_ERROR;
    }

    /* sticky wraps whichever balancer the group ended up with */
    if (us->sticky && rp_http_upstream_sticky_init(cf, us) != RP_OK) {
        return RP_ERROR;
    }

    return rp_http_upstream_keepalive_init(cf, us);
}


/*
 * An implicit group: the declared group of that name (copied, so the
 * proxy's pointer and the block share peers and cache), or the resolved
 * "host:port" as its one server.
 */
static int
rp_http_upstream_build_implicit(struct rp_conf *cf,
    struct rp_http_upstream_main_conf *umcf,
    struct rp_http_upstream_srv_conf *us)
{
    u_char                              buf[RP_SOCKADDR_STRLEN + 300];
    size_t                              i;
    int                                 n;
    const char                         *err;
    struct rp_conf_token                nowhere;
    struct rp_http_upstream_server     *s;
    struct rp_http_upstream_srv_conf  **all;

    all = umcf->upstreams.elts;

    /* the message carries its own position: line 0 adds none */
    memset(&nowhere, 0, sizeof(nowhere));

    for (i = 0; i < umcf->upstreams.nelts; i++) {
        if (all[i]->implicit || !rp_http_upstream_host_eq(&all[i]->host,
                                                          &us->host))
        {
            continue;
        }

        if (!us->no_port) {
            return rp_conf_error_at(cf, &nowhere, "upstream \"" RP_STR_FMT
                                    "\" may not have port %u in "
                                    RP_STR_FMT ":%u:%u", RP_STR_ARG(us->host),
                                    (unsigned) us->port,
                                    RP_STR_ARG(us->file_name), us->line,
                                    us->col);
        }

        *us = *all[i];
        return RP_OK;
    }

    s = rp_array_push(&us->servers);
    if (s == NULL) {
        return RP_ERROR;
    }

    memset(s, 0, sizeof(*s));
    s->weight = 1;
    s->max_fails = 1;
    s->fail_timeout = 10000;

    n = snprintf((char *) buf, sizeof(buf), RP_STR_FMT ":%u",
                 RP_STR_ARG(us->host), (unsigned) us->port);
    s->name.len = rp_min((size_t) n, sizeof(buf) - 1);
    s->name.data = buf;
    s->name.data = rp_pstrdup(cf->pool, &s->name);

    if (s->name.data == NULL) {
        return RP_ERROR;
    }

    if (rp_http_upstream_resolve(&us->host, us->port, &s->sockaddr,
                                 &s->socklen, &err) != RP_OK)
    {
        return rp_conf_error_at(cf, &nowhere, "%s in upstream \"" RP_STR_FMT
                                "\" in " RP_STR_FMT ":%u:%u", err,
                                RP_STR_ARG(s->name),
                                RP_STR_ARG(us->file_name), us->line,
                                us->col);
    }

    return rp_http_upstream_build(cf, us);
}


/*
 * End of http { }: build the declared groups, then resolve the implicit
 * ones (to a declared group or an address).  Runs again, for the groups
 * not built yet, when one is added later.  Every error is reported.
 */
static int
rp_http_upstream_init_main_conf(struct rp_conf *cf, void *conf)
{
    int                                 rc;
    size_t                              i;
    struct rp_http_upstream_srv_conf  **all;
    struct rp_http_upstream_main_conf  *umcf = conf;

    all = umcf->upstreams.elts;
    rc = RP_OK;

    for (i = 0; i < umcf->upstreams.nelts; i++) {
        if (!all[i]->implicit && all[i]->peers == NULL
            && rp_http_upstream_build(cf, all[i]) != RP_OK)
        {
            rc = RP_ERROR;
        }
    }

    for (i = 0; i < umcf->upstreams.nelts; i++) {
        if (all[i]->implicit && all[i]->peers == NULL
            && rp_http_upstream_build_implicit(cf, umcf, all[i]) != RP_OK)
        {
            rc = RP_ERROR;
        }
    }

    umcf->initialized = 1;

    return rc;
}
