/*
 * rp_http.h - the http { } context: how HTTP modules keep configuration
 * at the http, server and location levels, and the typed getters that
 * stand in for nginx's ctx arrays.
 *
 * Each HTTP module provides a struct rp_http_module_ctx.  When the
 * parser enters http { }, every module creates its main, srv and loc
 * configs; each server { } creates srv and loc configs again (and each
 * location, later, loc configs).  At the end of http { } the merge
 * functions fill every unset field from the enclosing level, so a
 * directive's default appears exactly once, in its merge function.
 */

#ifndef RP_HTTP_H
#define RP_HTTP_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"

struct rp_connection;

struct rp_http_conf_ctx {
    void  **main_conf;
    void  **srv_conf;
    void  **loc_conf;
};

#define RP_HTTP_MAIN_CONF_OFFSET  offsetof(struct rp_http_conf_ctx, main_conf)
#define RP_HTTP_SRV_CONF_OFFSET   offsetof(struct rp_http_conf_ctx, srv_conf)
#define RP_HTTP_LOC_CONF_OFFSET   offsetof(struct rp_http_conf_ctx, loc_conf)

struct rp_http_module_ctx {
    int     (*preconfiguration)(struct rp_conf *cf);
    int     (*postconfiguration)(struct rp_conf *cf);

    void   *(*create_main_conf)(struct rp_conf *cf);
    int     (*init_main_conf)(struct rp_conf *cf, void *conf);

    void   *(*create_srv_conf)(struct rp_conf *cf);
    int     (*merge_srv_conf)(struct rp_conf *cf, void *prev, void *conf);

    void   *(*create_loc_conf)(struct rp_conf *cf);
    int     (*merge_loc_conf)(struct rp_conf *cf, void *prev, void *conf);
};

extern struct rp_module  rp_http_module;

/*
 * rp_modules_count(RP_HTTP_MODULE), counted when the http block is read
 * (the module list is fixed), for the per-request context arrays.
 */
extern size_t  rp_http_modules_n;

/* Typed access to a module's config in a context (no void**** chains). */
static inline void *
rp_http_ctx_main_conf(const struct rp_http_conf_ctx *ctx,
    const struct rp_module *m)
{
    return ctx->main_conf[m->ctx_index];
}

static inline void *
rp_http_ctx_srv_conf(const struct rp_http_conf_ctx *ctx,
    const struct rp_module *m)
{
    return ctx->srv_conf[m->ctx_index];
}

static inline void *
rp_http_ctx_loc_conf(const struct rp_http_conf_ctx *ctx,
    const struct rp_module *m)
{
    return ctx->loc_conf[m->ctx_index];
}

struct rp_http_conf_ctx *rp_http_get_ctx(const struct rp_cycle *cycle);
int rp_http_create_confs(struct rp_conf *cf, struct rp_http_conf_ctx *ctx,
    const struct rp_http_conf_ctx *parent);
int rp_http_create_loc_confs(struct rp_conf *cf,
    struct rp_http_conf_ctx *ctx);

#endif /* RP_HTTP_H */
