/*
 * rp_event_module.c - the "events { }" block of proxy.conf.
 *
 * A core module: its one config struct lives in cycle->conf_ctx and
 * holds worker_connections and multi_accept.  The "events" directive is
 * a block in the main context whose body is parsed with the event
 * context bit, so only event directives are accepted inside it.  As in
 * nginx the block is mandatory: a configuration without it is rejected,
 * which catches files that are not proxy configs at all.
 */

#include "rp_config.h"
#include "rp_conf.h"
#include "rp_core.h"
#include "rp_cycle.h"
#include "rp_event.h"

static void *rp_event_core_create_conf(struct rp_cycle *cycle);
static int rp_event_core_init_conf(struct rp_cycle *cycle, void *conf);
static int rp_event_block(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);

static const struct rp_conf_bounds  rp_event_connections_bounds = {
    1, RP_EVENT_MAX_CONNECTIONS
};

static const struct rp_command  rp_event_core_commands[] = {

    { "events",
      RP_MAIN_CONF | RP_CONF_BLOCK | RP_CONF_NOARGS,
      rp_event_block,
      RP_CONF_CORE_OFFSET,
      0,
      NULL },

    { "worker_connections",
      RP_EVENT_CONF | RP_CONF_TAKE1,
      rp_conf_set_num,
      RP_CONF_CORE_OFFSET,
      offsetof(struct rp_event_conf, connections),
      &rp_event_connections_bounds },

    { "multi_accept",
      RP_EVENT_CONF | RP_CONF_FLAG,
      rp_conf_set_flag,
      RP_CONF_CORE_OFFSET,
      offsetof(struct rp_event_conf, multi_accept),
      NULL },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_core_module_ctx  rp_event_core_module_ctx = {
    rp_event_core_create_conf,
    rp_event_core_init_conf
};

struct rp_module  rp_event_core_module = {
    "rp_event_core_module",
    RP_CORE_MODULE,
    &rp_event_core_module_ctx,
    rp_event_core_commands,
    NULL,                                  /* init_module */
    NULL,                                  /* init_process */
    NULL,                                  /* exit_process */
    0,
    0
};


/* The conf with every field unset, from cycle->pool. */
static void *
rp_event_core_create_conf(struct rp_cycle *cycle)
{
    struct rp_event_conf  *ecf;

    ecf = rp_pcalloc(cycle->pool, sizeof(struct rp_event_conf));
    if (ecf == NULL) {
        return NULL;
    }

    ecf->connections = RP_UNSET;
    ecf->multi_accept = RP_UNSET;

    return ecf;
}


/*
 * Defaults, after the whole file.  Unlike nginx, a file without an
 * events block is accepted with the defaults: the block holds nothing
 * that has to be chosen, so refusing to start would only punish a
 * minimal config.
 */
static int
rp_event_core_init_conf(struct rp_cycle *cycle, void *conf)
{
    struct rp_event_conf  *ecf;

    (void) cycle;

    ecf = conf;

    if (ecf->connections == RP_UNSET) {
        ecf->connections = RP_EVENT_DEFAULT_CONNECTIONS;
    }

    if (ecf->multi_accept == RP_UNSET) {
        ecf->multi_accept = 0;
    }

    return RP_OK;
}


/*
 * "events { ... }": parse the body in the event context.  The conf
 * context stays the main one (cycle->conf_ctx), so event directives
 * reach this module's struct through RP_CONF_CORE_OFFSET.
 */
static int
rp_event_block(struct rp_conf *cf, const struct rp_command *cmd, void *conf)
{
    int                    rc;
    unsigned               cmd_type;
    struct rp_event_conf  *ecf;

    ecf = conf;

    if (ecf->seen) {
        return rp_conf_error(cf, "\"events\" directive is duplicate");
    }

    ecf->seen = 1;

    cmd_type = cf->cmd_type;
    cf->cmd_type = RP_EVENT_CONF;

    rc = rp_conf_parse(cf, NULL);

    cf->cmd_type = cmd_type;

    return rc;
}


const struct rp_event_conf *
rp_event_get_conf(const struct rp_cycle *cycle)
{
    return cycle->conf_ctx[rp_event_core_module.ctx_index];
}
