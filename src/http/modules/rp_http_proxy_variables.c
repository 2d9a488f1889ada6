/*
 * rp_http_proxy_variables.c - the proxy's variables: $proxy_host,
 * $proxy_add_x_forwarded_for, and $upstream_addr, $upstream_status,
 * $upstream_response_time, $upstream_connect_time,
 * $upstream_header_time, $upstream_bytes_received (one item per attempt,
 * joined with ", " as nginx does) and $upstream_http_NAME.  A value that
 * does not exist is "not found" (logged as "-").
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_proxy.h"
#include "rp_http_request.h"
#include "rp_http_variables.h"


/* ---------------------------------------------------------------------
 * variables
 */

static int
rp_http_proxy_var_host(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    struct rp_http_proxy_loc_conf  *plcf;
    struct rp_http_proxy_ctx       *ctx;

    (void) data;

    ctx = rp_http_get_module_ctx(r, &rp_http_proxy_module);

    if (ctx && ctx->host.len) {
        v->data = ctx->host.data;
        v->len = ctx->host.len;
        v->valid = 1;
        return RP_OK;
    }

    plcf = rp_http_get_module_loc_conf(r, &rp_http_proxy_module);

    if (plcf->upstream == NULL) {
        return RP_DECLINED;             /* logged as "-" */
    }

    v->data = plcf->host.data;
    v->len = plcf->host.len;
    v->valid = 1;

    return RP_OK;
}


/* X-Forwarded-For of the request with the client's address appended. */
static int
rp_http_proxy_var_xff(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    struct rp_http_header  *h = r->headers_in.x_forwarded_for;
    struct rp_str          *addr = &r->connection->addr_text;
    u_char                 *p;
    size_t                  len;

    (void) data;

    v->valid = 1;

    if (h == NULL) {
        v->data = addr->data;
        v->len = addr->len;
        return RP_OK;
    }

    len = h->value.len + 2 + addr->len;

    p = rp_palloc(r->pool, len);
    if (p == NULL) {
        return RP_ERROR;
    }

    v->data = p;
    p = rp_cpymem(p, h->value.data, h->value.len);
    *p++ = ',';
    *p++ = ' ';
    (void) rp_cpymem(p, addr->data, addr->len);
    v->len = len;

    return RP_OK;
}


enum {
    RP_PROXY_VAR_ADDR = 0,
    RP_PROXY_VAR_STATUS,
    RP_PROXY_VAR_RESPONSE_TIME,
    RP_PROXY_VAR_CONNECT_TIME,
    RP_PROXY_VAR_HEADER_TIME,
    RP_PROXY_VAR_BYTES_RECEIVED
};


static size_t
rp_http_proxy_state_item(u_char *p, size_t room,
    const struct rp_http_proxy_state *st, uintptr_t which)
{
    rp_msec_t  ms;
    int        n;

    switch (which) {
    case RP_PROXY_VAR_ADDR:
        n = snprintf((char *) p, room, RP_STR_FMT, RP_STR_ARG(st->addr));
        break;
    case RP_PROXY_VAR_STATUS:
        n = st->status ? snprintf((char *) p, room, "%d", st->status)
                       : snprintf((char *) p, room, "502");
        break;
    case RP_PROXY_VAR_BYTES_RECEIVED:
        n = snprintf((char *) p, room, "%lld", (long long) st->bytes_received);
        break;
    default:
        ms = (which == RP_PROXY_VAR_RESPONSE_TIME) ? st->response_time
             : (which == RP_PROXY_VAR_CONNECT_TIME) ? st->connect_time
             : st->header_time;
        n = (ms < 0) ? snprintf((char *) p, room, "-")
                     : snprintf((char *) p, room, "%lld.%03lld",
                                (long long) (ms / 1000),
                                (long long) (ms % 1000));
        break;
    }

    return (n < 0) ? 0 : rp_min_size((size_t) n, room - 1);
}


/* $upstream_addr etc.: one item per attempt, joined with ", " (nginx). */
static int
rp_http_proxy_var_state(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t which)
{
    struct rp_http_proxy_ctx    *ctx;
    struct rp_http_proxy_state  *st;
    u_char                      *p, *start;
    size_t                       i, room;

    ctx = rp_http_get_module_ctx(r, &rp_http_proxy_module);

    if (ctx == NULL || ctx->states.nelts == 0) {
        return RP_DECLINED;             /* logged as "-" */
    }

    st = ctx->states.elts;
    room = ctx->states.nelts * (64 + 2);

    start = rp_palloc(r->pool, room);
    if (start == NULL) {
        return RP_ERROR;
    }

    p = start;

    for (i = 0; i < ctx->states.nelts; i++) {
        if (i) {
            *p++ = ',';
            *p++ = ' ';
        }

        p += rp_http_proxy_state_item(p, (size_t) (start + room - p), &st[i],
                                      which);
    }

    v->data = start;
    v->len = (size_t) (p - start);
    v->valid = 1;
    v->no_cacheable = 1;

    return RP_OK;
}


/* $upstream_http_NAME: a field of the backend's response as relayed. */
static int
rp_http_proxy_var_upstream_http(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    const struct rp_str    *name = (const struct rp_str *) data;
    struct rp_http_header  *h = r->headers_out.headers.elts;
    size_t                  i, k, plen = sizeof("upstream_http_") - 1;

    for (i = 0; i < r->headers_out.headers.nelts; i++) {
        if (h[i].name.len != name->len - plen) {
            continue;
        }

        for (k = 0; k < h[i].name.len; k++) {
            u_char  c = name->data[plen + k];

            if (rp_tolower(h[i].name.data[k]) != (c == '_' ? '-' : c)) {
                break;
            }
        }

        if (k == h[i].name.len) {
            v->data = h[i].value.data;
            v->len = h[i].value.len;
            v->valid = 1;
            return RP_OK;
        }
    }

    return RP_DECLINED;
}


/* See rp_http_proxy.h. */
int
rp_http_proxy_postconfiguration(struct rp_conf *cf)
{
    size_t                           i;
    struct rp_http_variable         *v;
    struct rp_http_core_main_conf   *cmcf;
    struct rp_http_proxy_main_conf  *pmcf;

    cmcf = rp_http_ctx_main_conf(cf->ctx, &rp_http_core_module);
    pmcf = rp_http_ctx_main_conf(cf->ctx, &rp_http_proxy_module);
    v = cmcf->variables.elts;

    for (i = 0; i < cmcf->variables.nelts; i++) {
        if ((v[i].name.len > sizeof("upstream_http_") - 1
             && memcmp(v[i].name.data, "upstream_http_",
                       sizeof("upstream_http_") - 1) == 0)
            || (v[i].name.len > sizeof("sent_http_") - 1
                && memcmp(v[i].name.data, "sent_http_",
                          sizeof("sent_http_") - 1) == 0))
        {
            pmcf->header_vars = 1;
        }
    }

    return RP_OK;
}


/* A copy of <s> in <pool> if it lies in <b>; RP_OK or RP_ERROR. */
static int
rp_http_proxy_keep_str(struct rp_pool *pool, const struct rp_buf *b,
    struct rp_str *s)
{
    u_char  *p;

    if (s->len == 0 || s->data < b->start || s->data >= b->end) {
        return RP_OK;
    }

    p = rp_palloc(pool, s->len);
    if (p == NULL) {
        return RP_ERROR;
    }

    memcpy(p, s->data, s->len);
    s->data = p;

    return RP_OK;
}


/* See rp_http_proxy.h. */
int
rp_http_proxy_keep_fields(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    size_t                           i;
    struct rp_http_header           *h;
    struct rp_http_proxy_main_conf  *pmcf;

    pmcf = rp_http_get_module_main_conf(r, &rp_http_proxy_module);

    if (!pmcf->header_vars || ctx->buffer == NULL) {
        return RP_OK;
    }

    h = r->headers_out.headers.elts;

    for (i = 0; i < r->headers_out.headers.nelts; i++) {
        if (rp_http_proxy_keep_str(r->pool, ctx->buffer, &h[i].name)
            != RP_OK
            || rp_http_proxy_keep_str(r->pool, ctx->buffer, &h[i].value)
               != RP_OK)
        {
            return RP_ERROR;
        }
    }

    return RP_OK;
}


int
rp_http_proxy_preconfiguration(struct rp_conf *cf)
{
    static const struct {
        const char               *name;
        rp_http_get_variable_pt   get;
        uintptr_t                 data;
        unsigned                  flags;
    } vars[] = {
        { "proxy_host", rp_http_proxy_var_host, 0, 0 },
        { "proxy_add_x_forwarded_for", rp_http_proxy_var_xff, 0, 0 },
        { "upstream_addr", rp_http_proxy_var_state, RP_PROXY_VAR_ADDR,
          RP_HTTP_VAR_NOCACHEABLE },
        { "upstream_status", rp_http_proxy_var_state, RP_PROXY_VAR_STATUS,
          RP_HTTP_VAR_NOCACHEABLE },
        { "upstream_response_time", rp_http_proxy_var_state,
          RP_PROXY_VAR_RESPONSE_TIME, RP_HTTP_VAR_NOCACHEABLE },
        { "upstream_connect_time", rp_http_proxy_var_state,
          RP_PROXY_VAR_CONNECT_TIME, RP_HTTP_VAR_NOCACHEABLE },
        { "upstream_header_time", rp_http_proxy_var_state,
          RP_PROXY_VAR_HEADER_TIME, RP_HTTP_VAR_NOCACHEABLE },
        { "upstream_bytes_received", rp_http_proxy_var_state,
          RP_PROXY_VAR_BYTES_RECEIVED, RP_HTTP_VAR_NOCACHEABLE },
        { "upstream_http_", rp_http_proxy_var_upstream_http, 0,
          RP_HTTP_VAR_PREFIX | RP_HTTP_VAR_NOCACHEABLE },
    };
    struct rp_http_variable  *var;
    struct rp_str             name;
    size_t                    i;

    for (i = 0; i < rp_nelems(vars); i++) {
        name.data = (u_char *) vars[i].name;
        name.len = strlen(vars[i].name);

        var = rp_http_add_variable(cf, &name, vars[i].flags);
        if (var == NULL) {
            return RP_ERROR;
        }

        var->get_handler = vars[i].get;
        var->data = vars[i].data;
    }

    return RP_OK;
}
