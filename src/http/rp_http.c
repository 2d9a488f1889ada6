/*
 * rp_http.c - the http { } block.
 *
 * "http" is a directive of a core module: its setter creates the config
 * of every HTTP module at the http level, parses the block with the
 * HTTP modules' directive tables, merges server-level configs with the
 * http-level ones, runs the modules' postconfiguration hooks and finally
 * turns the collected "listen" addresses into listening sockets of the
 * cycle.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_location.h"
#include "rp_http_server_name.h"
#include "rp_http_filters.h"
#include "rp_http_variables.h"

size_t  rp_http_modules_n;

struct rp_http_holder {
    struct rp_http_conf_ctx  *ctx;       /* NULL until http { } is seen */
};

static void *rp_http_create_holder(struct rp_cycle *cycle);
static int rp_http_block(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);

static const struct rp_command  rp_http_commands[] = {

    { "http", RP_MAIN_CONF | RP_CONF_BLOCK | RP_CONF_NOARGS, rp_http_block,
      RP_CONF_CORE_OFFSET, 0, NULL },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_core_module_ctx  rp_http_module_ctx = {
    rp_http_create_holder,
    NULL
};

struct rp_module  rp_http_module = {
    "rp_http_module", RP_CORE_MODULE, &rp_http_module_ctx, rp_http_commands,
    NULL, NULL, NULL, 0, 0
};


static void *
rp_http_create_holder(struct rp_cycle *cycle)
{
    return rp_pcalloc(cycle->pool, sizeof(struct rp_http_holder));
}


/* The http-level contexts of <cycle>, or NULL without an http block. */
struct rp_http_conf_ctx *
rp_http_get_ctx(const struct rp_cycle *cycle)
{
    struct rp_http_holder  *h = cycle->conf_ctx[rp_http_module.ctx_index];

    return h ? h->ctx : NULL;
}


/*
 * Create the srv and loc configs (and, when <parent> is NULL, the main
 * configs) of every HTTP module in <ctx>.  A server's ctx shares its
 * parent's main_conf array.  RP_OK or RP_ERROR.
 */
int
rp_http_create_confs(struct rp_conf *cf, struct rp_http_conf_ctx *ctx,
    const struct rp_http_conf_ctx *parent)
{
    const struct rp_http_module_ctx  *mctx;
    struct rp_module                 *m;
    size_t                            i, n;

    rp_http_modules_n = rp_modules_count(RP_HTTP_MODULE);
    n = rp_http_modules_n + 1;

    if (parent) {
        ctx->main_conf = parent->main_conf;
    } else {
        ctx->main_conf = rp_pcalloc(cf->pool, n * sizeof(void *));
    }

    ctx->srv_conf = rp_pcalloc(cf->pool, n * sizeof(void *));
    ctx->loc_conf = rp_pcalloc(cf->pool, n * sizeof(void *));

    if (ctx->main_conf == NULL || ctx->srv_conf == NULL
        || ctx->loc_conf == NULL)
    {
        return RP_ERROR;
    }

    for (i = 0; i < rp_modules_n; i++) {
        m = rp_modules[i];

        if (m->type != RP_HTTP_MODULE) {
            continue;
        }

        mctx = m->ctx;

        if (parent == NULL && mctx->create_main_conf) {
            ctx->main_conf[m->ctx_index] = mctx->create_main_conf(cf);
            if (ctx->main_conf[m->ctx_index] == NULL) {
                return RP_ERROR;
            }
        }

        if (mctx->create_srv_conf) {
            ctx->srv_conf[m->ctx_index] = mctx->create_srv_conf(cf);
            if (ctx->srv_conf[m->ctx_index] == NULL) {
                return RP_ERROR;
            }
        }

        if (mctx->create_loc_conf) {
            ctx->loc_conf[m->ctx_index] = mctx->create_loc_conf(cf);
            if (ctx->loc_conf[m->ctx_index] == NULL) {
                return RP_ERROR;
            }
        }
    }

    return RP_OK;
}


/*
 * Create only the loc configs of every HTTP module in <ctx> (a location
 * shares its parent's main and srv arrays).  RP_OK or RP_ERROR.
 */
int
rp_http_create_loc_confs(struct rp_conf *cf, struct rp_http_conf_ctx *ctx)
{
    const struct rp_http_module_ctx  *mctx;
    struct rp_module                 *m;
    size_t                            i;

    ctx->loc_conf = rp_pcalloc(cf->pool, (rp_modules_count(RP_HTTP_MODULE)
                                          + 1) * sizeof(void *));
    if (ctx->loc_conf == NULL) {
        return RP_ERROR;
    }

    for (i = 0; i < rp_modules_n; i++) {
        m = rp_modules[i];

        if (m->type != RP_HTTP_MODULE) {
            continue;
        }

        mctx = m->ctx;

        if (mctx->create_loc_conf) {
            ctx->loc_conf[m->ctx_index] = mctx->create_loc_conf(cf);
            if (ctx->loc_conf[m->ctx_index] == NULL) {
                return RP_ERROR;
            }
        }
    }

    return RP_OK;
}


/* Merge every server's srv and loc configs with the http level ones. */
static int
rp_http_merge_servers(struct rp_conf *cf, struct rp_http_conf_ctx *ctx,
    struct rp_http_core_main_conf *cmcf)
{
    const struct rp_http_module_ctx   *mctx;
    struct rp_http_core_srv_conf     **cscf;
    struct rp_module                  *m;
    size_t                             i, s;
    size_t                             ci;

    cscf = cmcf->servers.elts;

    for (i = 0; i < rp_modules_n; i++) {
        m = rp_modules[i];

        if (m->type != RP_HTTP_MODULE) {
            continue;
        }

        mctx = m->ctx;
        ci = m->ctx_index;

        if (mctx->init_main_conf
            && mctx->init_main_conf(cf, ctx->main_conf[ci]) != RP_OK)
        {
            return RP_ERROR;
        }

        for (s = 0; s < cmcf->servers.nelts; s++) {
            if (mctx->merge_srv_conf
                && mctx->merge_srv_conf(cf, ctx->srv_conf[ci],
                                        cscf[s]->ctx->srv_conf[ci]) != RP_OK)
            {
                return RP_ERROR;
            }

            if (mctx->merge_loc_conf
                && mctx->merge_loc_conf(cf, ctx->loc_conf[ci],
                                        cscf[s]->ctx->loc_conf[ci]) != RP_OK)
            {
                return RP_ERROR;
            }

            /* down the nested locations (rp_http_location.c) */
            if (rp_http_merge_locations(cf, ((struct rp_http_core_loc_conf *)
                    rp_http_ctx_loc_conf(cscf[s]->ctx,
                                         &rp_http_core_module))->locations,
                    cscf[s]->ctx->loc_conf, mctx, ci) != RP_OK)
            {
                return RP_ERROR;
            }
        }
    }

    /* location lookups per server, Host lookups per address */
    for (s = 0; s < cmcf->servers.nelts; s++) {
        if (rp_http_init_locations(cf, rp_http_ctx_loc_conf(cscf[s]->ctx,
                                          &rp_http_core_module)) != RP_OK)
        {
            return RP_ERROR;
        }
    }

    for (s = 0; s < cmcf->addrs.nelts; s++) {
        if (rp_http_server_names_init(cf, (struct rp_http_addr_conf *)
                                          cmcf->addrs.elts + s) != RP_OK)
        {
            return RP_ERROR;
        }
    }

    return RP_OK;
}


static int
rp_http_run_hooks(struct rp_conf *cf, int post)
{
    const struct rp_http_module_ctx  *mctx;
    size_t                            i;
    int                             (*hook)(struct rp_conf *);

    for (i = 0; i < rp_modules_n; i++) {
        if (rp_modules[i]->type != RP_HTTP_MODULE) {
            continue;
        }

        mctx = rp_modules[i]->ctx;
        hook = post ? mctx->postconfiguration : mctx->preconfiguration;

        if (hook && hook(cf) != RP_OK) {
            return RP_ERROR;
        }
    }

    return RP_OK;
}


/*
 * The steps of http { }: core variables, pre-hooks, the block's body,
 * merging down to every server and location, post-hooks, variable
 * binding, filters and the listening sockets.  cf->ctx is the http ctx.
 */
static int
rp_http_block_body(struct rp_conf *cf, struct rp_http_conf_ctx *ctx)
{
    struct rp_http_core_main_conf  *cmcf;

    if (rp_http_variables_add_core_vars(cf) != RP_OK
        || rp_http_run_hooks(cf, 0) != RP_OK
        || rp_conf_parse(cf, NULL) != RP_OK)
    {
        return RP_ERROR;
    }

    cmcf = rp_http_ctx_main_conf(ctx, &rp_http_core_module);

    if (rp_http_merge_servers(cf, ctx, cmcf) != RP_OK
        || rp_http_run_hooks(cf, 1) != RP_OK
        || rp_http_variables_init(cf) != RP_OK)
    {
        return RP_ERROR;
    }

    rp_http_filters_init();

    return rp_http_core_add_listening(cf, cmcf);
}


/* http { ... } */
static int
rp_http_block(struct rp_conf *cf, const struct rp_command *cmd, void *conf)
{
    struct rp_http_holder           *h = conf;
    struct rp_http_conf_ctx         *ctx;
    void                            *saved_ctx;
    unsigned                         saved_type, saved_cmd;
    int                              rc;

    if (h->ctx) {
        return rp_conf_error(cf, "\"%s\" directive is duplicate", cmd->name);
    }

    ctx = rp_pcalloc(cf->pool, sizeof(struct rp_http_conf_ctx));
    if (ctx == NULL || rp_http_create_confs(cf, ctx, NULL) != RP_OK) {
        return RP_ERROR;
    }

    h->ctx = ctx;

    /*
     * Everything below runs with the http block's ctx in cf->ctx, so the
     * modules' hooks (rp_http_add_phase_handler(), variables) find the
     * http-level configs; the main context is restored at the end.
     */
    saved_ctx = cf->ctx;
    saved_type = cf->module_type;
    saved_cmd = cf->cmd_type;

    cf->ctx = ctx;
    cf->module_type = RP_HTTP_MODULE;
    cf->cmd_type = RP_HTTP_MAIN_CONF;

    rc = rp_http_block_body(cf, ctx);

    cf->ctx = saved_ctx;
    cf->module_type = saved_type;
    cf->cmd_type = saved_cmd;

    return rc;
}
