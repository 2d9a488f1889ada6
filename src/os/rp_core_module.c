/*
 * rp_core_module.c - directives of the main context that belong to no
 * other module: how many workers, as which user, where the pid file and
 * the error log go, whether to detach.  The defaults come from
 * ./configure (objs/config.h) and are relative to the prefix, so the
 * same binary runs from the source tree (-p .) and as an installed daemon.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_core_module.h"

#include <grp.h>
#include <pwd.h>

static void *rp_core_create_conf(struct rp_cycle *cycle);
static int rp_core_init_conf(struct rp_cycle *cycle, void *conf);
static int rp_core_set_workers(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
static int rp_core_set_user(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);
static int rp_core_set_error_log(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

static const struct rp_conf_bounds  rp_core_nofile_bounds = { 1, 1 << 24 };
static const struct rp_conf_bounds  rp_core_timeout_bounds = {
    1, INT64_C(365) * 24 * 3600 * 1000
};

static const struct rp_command  rp_core_commands[] = {

    { "daemon", RP_MAIN_CONF | RP_CONF_FLAG, rp_conf_set_flag,
      RP_CONF_CORE_OFFSET, offsetof(struct rp_core_conf, daemon), NULL },

    { "worker_processes", RP_MAIN_CONF | RP_CONF_TAKE1, rp_core_set_workers,
      RP_CONF_CORE_OFFSET, 0, NULL },

    { "worker_rlimit_nofile", RP_MAIN_CONF | RP_CONF_TAKE1, rp_conf_set_num,
      RP_CONF_CORE_OFFSET, offsetof(struct rp_core_conf, rlimit_nofile),
      &rp_core_nofile_bounds },

    { "worker_shutdown_timeout", RP_MAIN_CONF | RP_CONF_TAKE1,
      rp_conf_set_msec, RP_CONF_CORE_OFFSET,
      offsetof(struct rp_core_conf, shutdown_timeout),
      &rp_core_timeout_bounds },

    { "user", RP_MAIN_CONF | RP_CONF_TAKE12, rp_core_set_user,
      RP_CONF_CORE_OFFSET, 0, NULL },

    { "pid", RP_MAIN_CONF | RP_CONF_TAKE1, rp_conf_set_path,
      RP_CONF_CORE_OFFSET, offsetof(struct rp_core_conf, pid), NULL },

    { "error_log", RP_MAIN_CONF | RP_CONF_TAKE12, rp_core_set_error_log,
      RP_CONF_CORE_OFFSET, 0, NULL },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_core_module_ctx  rp_core_module_ctx = {
    rp_core_create_conf,
    rp_core_init_conf
};

struct rp_module  rp_core_module = {
    "rp_core_module", RP_CORE_MODULE, &rp_core_module_ctx, rp_core_commands,
    NULL, NULL, NULL, 0, 0
};


/* The core config of <cycle> (valid after the cycle was parsed). */
const struct rp_core_conf *
rp_core_get_conf(const struct rp_cycle *cycle)
{
    return cycle->conf_ctx[rp_core_module.ctx_index];
}


static void *
rp_core_create_conf(struct rp_cycle *cycle)
{
    struct rp_core_conf  *ccf;

    ccf = rp_pcalloc(cycle->pool, sizeof(struct rp_core_conf));
    if (ccf == NULL) {
        return NULL;
    }

    ccf->daemon = RP_UNSET;
    ccf->worker_processes = RP_UNSET;
    ccf->rlimit_nofile = RP_UNSET;
    ccf->shutdown_timeout = RP_UNSET_MSEC;
    ccf->uid = (uid_t) -1;
    ccf->gid = (gid_t) -1;

    return ccf;
}


/* worker_processes N | auto */
static int
rp_core_set_workers(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_core_conf   *ccf = conf;
    struct rp_conf_token  *v = rp_conf_arg(cf, 1);
    uint64_t               n;

    if (ccf->worker_processes != RP_UNSET) {
        return rp_conf_error(cf, "\"%s\" directive is duplicate", cmd->name);
    }

    if (rp_str_eq_lit(&v->value, "auto")) {
        ccf->worker_processes = 0;
        return RP_OK;
    }

    if (rp_parse_uint(v->value.data, v->value.len, 1024, &n) != RP_OK
        || n == 0)
    {
        return rp_conf_error_at(cf, v, "invalid value \"" RP_STR_FMT "\" in "
                                "\"%s\" directive, it must be a number from "
                                "1 to 1024 or \"auto\"",
                                RP_STR_ARG(v->value), cmd->name);
    }

    ccf->worker_processes = (int64_t) n;

    return RP_OK;
}


/* user USER [GROUP]: names are checked against the system at init. */
static int
rp_core_set_user(struct rp_conf *cf, const struct rp_command *cmd, void *conf)
{
    struct rp_core_conf  *ccf = conf;

    if (ccf->user.data) {
        return rp_conf_error(cf, "\"%s\" directive is duplicate", cmd->name);
    }

    ccf->user = rp_conf_arg(cf, 1)->value;

    if (rp_conf_nargs(cf) == 2) {
        ccf->group = rp_conf_arg(cf, 2)->value;
    }

    return RP_OK;
}


/*
 * error_log FILE|stderr [LEVEL]: the main context's log.  The file is
 * opened later by the cycle, together with every other log file.
 */
static int
rp_core_set_error_log(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_core_conf   *ccf = conf;
    struct rp_cycle       *cycle = cf->cycle;
    struct rp_conf_token  *lv;
    struct rp_str          name;
    int                    level;

    if (ccf->error_log_set) {
        return rp_conf_error(cf, "\"%s\" directive is duplicate", cmd->name);
    }

    name = rp_conf_arg(cf, 1)->value;
    if (name.len == 0) {
        return rp_conf_error_at(cf, rp_conf_arg(cf, 1),
                                "empty file name in \"%s\" directive",
                                cmd->name);
    }

    level = RP_LOG_ERR;

    if (rp_conf_nargs(cf) == 2) {
        lv = rp_conf_arg(cf, 2);
        level = rp_log_level_parse(&lv->value);

        if (level < 0) {
            return rp_conf_error_at(cf, lv, "invalid log level \""
                                    RP_STR_FMT "\" in \"%s\" directive, it "
                                    "must be one of debug, info, notice, "
                                    "warn, error, crit, alert, emerg",
                                    RP_STR_ARG(lv->value), cmd->name);
        }
    }

    if (rp_conf_full_name(cf, &name) != RP_OK) {
        return RP_ERROR;
    }

    cycle->new_log.file = rp_cycle_open_file(cycle, &name);
    if (cycle->new_log.file == NULL) {
        return RP_ERROR;
    }

    cycle->new_log.level = (unsigned) level;
    ccf->error_log_set = 1;

    return RP_OK;
}


static int
rp_core_init_user(struct rp_cycle *cycle, struct rp_core_conf *ccf)
{
    struct passwd  *pw;
    struct group   *gr;
    char           *name;

    if (geteuid() != 0) {
        if (ccf->user.data && !cycle->test) {
            rp_log_error(RP_LOG_WARN, cycle->log, 0,
                         "the \"user\" directive makes sense only if the "
                         "master process runs as root, ignored");
        }
        return RP_OK;
    }

    if (ccf->user.data == NULL) {
        rp_str_set(&ccf->user, "nobody");
    }

    name = rp_pstrdup_z(cycle->pool, &ccf->user);
    if (name == NULL) {
        return RP_ERROR;
    }

    errno = 0;
    pw = getpwnam(name);
    if (pw == NULL) {
        rp_log_error(RP_LOG_EMERG, cycle->log, errno,
                     "getpwnam(\"%s\") failed: no such user", name);
        return RP_ERROR;
    }

    ccf->uid = pw->pw_uid;
    ccf->gid = pw->pw_gid;

    if (ccf->group.data == NULL && rp_str_eq_lit(&ccf->user, "nobody")) {
        rp_str_set(&ccf->group, "nogroup");
    }

    if (ccf->group.data) {
        name = rp_pstrdup_z(cycle->pool, &ccf->group);
        if (name == NULL) {
            return RP_ERROR;
        }

        errno = 0;
        gr = getgrnam(name);
        if (gr == NULL) {
            rp_log_error(RP_LOG_EMERG, cycle->log, errno,
                         "getgrnam(\"%s\") failed: no such group", name);
            return RP_ERROR;
        }

        ccf->gid = gr->gr_gid;
    }

    ccf->drop_privileges = 1;

    return RP_OK;
}


/*
 * Fill defaults once the whole file was read and resolve the user; an
 * unknown user or group fails the cycle (at start-up and on reload).
 */
static int
rp_core_init_conf(struct rp_cycle *cycle, void *conf)
{
    struct rp_core_conf  *ccf = conf;
    long                  ncpu;

    rp_conf_merge_value(ccf->daemon, RP_UNSET, 1);

    if (ccf->worker_processes == 0 || ccf->worker_processes == RP_UNSET) {
        ncpu = (ccf->worker_processes == 0)
               ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
        ccf->worker_processes = (ncpu > 0) ? ncpu : 1;
    }

    rp_conf_merge_msec(ccf->shutdown_timeout, RP_UNSET_MSEC, 0);

    if (ccf->pid.data == NULL) {
        rp_str_set(&ccf->pid, RP_PID_PATH);

        if (rp_cycle_full_name(cycle->pool, &cycle->prefix, &ccf->pid)
            != RP_OK)
        {
            return RP_ERROR;
        }
    }

    /* without an error_log directive: -e FILE, else the built-in path */
    if (!ccf->error_log_set) {
        struct rp_str  name;

        if (cycle->error_log.len) {
            name = cycle->error_log;
        } else {
            rp_str_set(&name, RP_ERROR_LOG_PATH);
        }

        if (rp_cycle_full_name(cycle->pool, &cycle->prefix, &name) != RP_OK) {
            return RP_ERROR;
        }

        cycle->new_log.file = rp_cycle_open_file(cycle, &name);
        if (cycle->new_log.file == NULL) {
            return RP_ERROR;
        }

        cycle->new_log.level = RP_LOG_ERR;
    }

    return rp_core_init_user(cycle, ccf);
}
