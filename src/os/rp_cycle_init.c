/*
 * rp_cycle_init.c - turning proxy.conf into a running cycle.
 *
 * rp_cycle_init() parses the whole configuration into a new cycle,
 * opens its log files, maps its shared-memory zones and binds its
 * listening sockets, reusing whatever the old cycle already had with the
 * same identity (same socket address, same zone name and size) so a
 * reload neither drops connections in the accept queue nor loses zone
 * state.  If any step fails, everything the new cycle opened is closed
 * again and the old cycle is left exactly as it was: a bad reload costs
 * nothing but the error lines.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_core_module.h"
#include "rp_cycle_init.h"
#include "rp_listen.h"
#include "rp_shm.h"

#include <fcntl.h>
#include <sys/stat.h>


static struct rp_cycle *
rp_cycle_alloc(struct rp_cycle *old, const struct rp_cycle_params *p)
{
    struct rp_pool   *pool;
    struct rp_cycle  *cycle;

    pool = rp_pool_create(16 * 1024, 0, old->log);
    if (pool == NULL) {
        rp_log_error(RP_LOG_EMERG, old->log, errno, "malloc() failed");
        return NULL;
    }

    cycle = rp_pcalloc(pool, sizeof(struct rp_cycle));
    if (cycle == NULL) {
        goto failed;
    }

    cycle->pool = pool;
    cycle->log = old->log;
    cycle->old_cycle = old;
    cycle->generation = old->generation + 1;
    cycle->test = p->test || p->parse_only;
    cycle->dump = p->dump;
    cycle->prefix = p->prefix;
    cycle->conf_file = p->conf_file;
    cycle->conf_param = p->conf_param;
    cycle->error_log = p->error_log;
    cycle->new_log.level = RP_LOG_ERR;

    if (rp_array_init(&cycle->listening, pool, 4,
                      sizeof(struct rp_listening)) != RP_OK
        || rp_array_init(&cycle->shm_zones, pool, 4,
                         sizeof(struct rp_shm_zone *)) != RP_OK
        || rp_array_init(&cycle->config_dump, pool, 4,
                         sizeof(struct rp_conf_dump)) != RP_OK)
    {
        goto failed;
    }

    cycle->conf_ctx = rp_pcalloc(pool, rp_modules_count(RP_CORE_MODULE)
                                        * sizeof(void *) + 1);
    if (cycle->conf_ctx == NULL) {
        goto failed;
    }

    return cycle;

failed:

    rp_log_error(RP_LOG_EMERG, old->log, errno, "cannot allocate a cycle");
    rp_pool_destroy(pool);
    return NULL;
}


/* Create every core module's config, parse -g and the file, init. */
static int
rp_cycle_parse(struct rp_cycle *cycle, struct rp_cycle *old)
{
    const struct rp_core_module_ctx  *mctx;
    struct rp_conf                    cf;
    struct rp_module                 *m;
    size_t                            i;
    int                               rc;

    for (i = 0; i < rp_modules_n; i++) {
        m = rp_modules[i];
        mctx = m->ctx;

        if (m->type != RP_CORE_MODULE || mctx->create_conf == NULL) {
            continue;
        }

        cycle->conf_ctx[m->ctx_index] = mctx->create_conf(cycle);
        if (cycle->conf_ctx[m->ctx_index] == NULL) {
            return RP_ERROR;
        }
    }

    memset(&cf, 0, sizeof(cf));
    cf.cycle = cycle;
    cf.pool = cycle->pool;
    cf.log = old->log;
    cf.ctx = &cycle->conf_ctx;
    cf.module_type = RP_CORE_MODULE;
    cf.cmd_type = RP_MAIN_CONF;

    cf.temp_pool = rp_pool_create(16 * 1024, 0, old->log);
    if (cf.temp_pool == NULL) {
        return RP_ERROR;
    }

    cf.args = rp_array_create(cycle->pool, 8, sizeof(struct rp_conf_token));
    if (cf.args == NULL) {
        rp_pool_destroy(cf.temp_pool);
        return RP_ERROR;
    }

    rc = RP_OK;

    if (cycle->conf_param.len) {
        rc = rp_conf_parse_string(&cf, "command line", &cycle->conf_param);
    }

    if (rp_conf_parse(&cf, &cycle->conf_file) != RP_OK) {
        rc = RP_ERROR;
    }

    rp_pool_destroy(cf.temp_pool);

    if (rc != RP_OK || cf.errors) {
        return RP_ERROR;
    }

    for (i = 0; i < rp_modules_n; i++) {
        m = rp_modules[i];
        mctx = m->ctx;

        if (m->type != RP_CORE_MODULE || mctx->init_conf == NULL) {
            continue;
        }

        if (mctx->init_conf(cycle, cycle->conf_ctx[m->ctx_index]) != RP_OK) {
            return RP_ERROR;
        }
    }

    return RP_OK;
}


/*
 * Open every log file of <cycle>.  Files are created as the master's
 * user, then handed to the worker user so workers can reopen them after
 * logrotate.  RP_OK or RP_ERROR (logged on the old log).
 */
static int
rp_cycle_open_files(struct rp_cycle *cycle, struct rp_log *log)
{
    const struct rp_core_conf  *ccf = rp_core_get_conf(cycle);
    struct rp_open_file        *f;

    for (f = cycle->open_files; f; f = f->next) {
        if (rp_log_open_file(f) != RP_OK) {
            rp_log_error(RP_LOG_EMERG, log, errno, "open() \"%s\" failed",
                         (const char *) f->name.data);
            return RP_ERROR;
        }

        if (ccf->drop_privileges && f->fd > STDERR_FILENO
            && fchown(f->fd, ccf->uid, (gid_t) -1) == -1)
        {
            rp_log_error(RP_LOG_WARN, log, errno, "chown(\"%s\", %d) failed",
                         (const char *) f->name.data, (int) ccf->uid);
        }
    }

    return RP_OK;
}


static void
rp_cycle_close_files(struct rp_cycle *cycle)
{
    struct rp_open_file  *f;

    for (f = cycle->open_files; f; f = f->next) {
        if (f->fd > STDERR_FILENO) {
            (void) close(f->fd);
        }
        f->fd = -1;
    }
}


/*
 * Create the directories modules asked for (temp paths), owned by the
 * worker user.  An existing directory is only chowned.  RP_OK or
 * RP_ERROR (logged).
 */
static int
rp_cycle_create_paths(struct rp_cycle *cycle, struct rp_log *log)
{
    const struct rp_core_conf  *ccf = rp_core_get_conf(cycle);
    struct rp_str              *p = cycle->paths.elts;
    size_t                      i;

    for (i = 0; i < cycle->paths.nelts; i++) {
        if (mkdir((const char *) p[i].data, 0700) == -1 && errno != EEXIST) {
            rp_log_error(RP_LOG_EMERG, log, errno, "mkdir() \"%s\" failed",
                         (const char *) p[i].data);
            return RP_ERROR;
        }

        if (ccf->drop_privileges
            && chown((const char *) p[i].data, ccf->uid, (gid_t) -1) == -1)
        {
            rp_log_error(RP_LOG_EMERG, log, errno, "chown(\"%s\", %d) failed",
                         (const char *) p[i].data, (int) ccf->uid);
            return RP_ERROR;
        }
    }

    return RP_OK;
}


/*
 * Every module's init_module hook, as the last step of building a cycle:
 * the zones are mapped (so a module may set up what it keeps there) and
 * the sockets open, and nothing can fail after it, so a hook may hand
 * shared state over to the new configuration.  A hook that fails fails
 * the cycle; what an earlier hook did to a zone kept from the old cycle
 * stays done, so a hook that can fail must only make changes the old
 * configuration can live with.  RP_OK or RP_ERROR.
 */
static int
rp_cycle_init_modules(struct rp_cycle *cycle, struct rp_log *log)
{
    size_t             i;
    struct rp_module  *m;

    for (i = 0; i < rp_modules_n; i++) {
        m = rp_modules[i];

        if (m->init_module && m->init_module(cycle) != RP_OK) {
            rp_log_error(RP_LOG_EMERG, log, 0, "%s failed to initialise",
                         m->name);
            return RP_ERROR;
        }
    }

    return RP_OK;
}


/* Number of worker processes <cycle> asks for. */
unsigned
rp_cycle_worker_count(const struct rp_cycle *cycle)
{
    return (unsigned) rp_core_get_conf(cycle)->worker_processes;
}


/*
 * Build a new cycle from the files named in <params>; <old> is the
 * running cycle (at start-up, a bootstrap cycle with only a log).
 * Returns the new cycle, or NULL after logging every error on old->log;
 * in that case nothing of <old> was changed.
 */
struct rp_cycle *
rp_cycle_init(struct rp_cycle *old, const struct rp_cycle_params *params)
{
    struct rp_cycle  *cycle;

    cycle = rp_cycle_alloc(old, params);
    if (cycle == NULL) {
        return NULL;
    }

    if (rp_cycle_parse(cycle, old) != RP_OK) {
        goto failed;
    }

    if (params->before_open && params->before_open(cycle) != RP_OK) {
        goto failed;
    }

    if (params->parse_only) {
        return cycle;
    }

    if (rp_cycle_open_files(cycle, old->log) != RP_OK) {
        goto failed;
    }

    if (cycle->test) {
        rp_cycle_close_files(cycle);
        return cycle;
    }

    if (rp_cycle_create_paths(cycle, old->log) != RP_OK
        || rp_shm_zones_init(cycle, old) != RP_OK)
    {
        goto failed_files;
    }

    if (rp_listen_open(cycle, old, rp_cycle_worker_count(cycle)) != RP_OK) {
        goto failed_zones;
    }

    if (rp_cycle_init_modules(cycle, old->log) != RP_OK) {
        rp_listen_rollback(cycle, old);
        goto failed_zones;
    }

    cycle->new_log.to_stderr = 0;
    cycle->log = &cycle->new_log;
    cycle->old_cycle = NULL;

    return cycle;

failed_zones:

    rp_shm_zones_release(cycle, old);

failed_files:

    rp_cycle_close_files(cycle);

failed:

    rp_pool_destroy(cycle->pool);
    return NULL;
}


/*
 * After <cycle> replaced <old> in the master: close the old cycle's
 * sockets that the new one did not take over, unmap its zones that were
 * not reused, close its files and free it.  The old workers keep their
 * own copies of all of these until they exit.
 */
void
rp_cycle_retire(struct rp_cycle *old, struct rp_cycle *cycle)
{
    rp_listen_close_unused(old);
    rp_shm_zones_release(old, cycle);
    rp_cycle_close_files(old);
    rp_pool_destroy(old->pool);
}


/*
 * USR1: reopen every log file of <cycle> in place (same descriptor
 * numbers, so inherited references stay valid).  Failures are logged
 * and leave that file's old descriptor working.
 */
int
rp_cycle_reopen_files(struct rp_cycle *cycle)
{
    const struct rp_core_conf  *ccf = rp_core_get_conf(cycle);
    struct rp_open_file        *f;
    int                         rc;

    rc = RP_OK;

    for (f = cycle->open_files; f; f = f->next) {
        if (f->fd <= STDERR_FILENO) {
            continue;
        }

        if (rp_log_open_file(f) != RP_OK) {
            rp_log_error(RP_LOG_ALERT, cycle->log, errno,
                         "reopen \"%s\" failed", (const char *) f->name.data);
            rc = RP_ERROR;
            continue;
        }

        if (ccf->drop_privileges && geteuid() == 0
            && fchown(f->fd, ccf->uid, (gid_t) -1) == -1)
        {
            rp_log_error(RP_LOG_WARN, cycle->log, errno,
                         "chown(\"%s\", %d) failed",
                         (const char *) f->name.data, (int) ccf->uid);
        }
    }

    return rc;
}
