/*
 * rp_upgrade.c - replacing the binary without closing a socket (USR2).
 *
 * As with nginx: the master renames its pid file to PATH.oldbin and
 * forks a child that execs the binary found at the path it was started
 * from, passing the listening descriptors in the environment as
 * RAMPART_LISTEN="fd:worker;fd:worker;...".  The new master adopts those
 * sockets instead of binding (rp_upgrade_inherit), writes PATH and
 * starts its workers; both generations then accept until the operator
 * sends QUIT to the old master (or, to roll back, to the new one).  If
 * the new binary dies, the old master renames PATH.oldbin back.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_core_module.h"
#include "rp_listen.h"
#include "rp_upgrade.h"

#include <fcntl.h>
#include <sys/socket.h>

static pid_t  rp_upgrade_pid = -1;


static int
rp_upgrade_oldbin(const struct rp_str *pid, char *buf, size_t size)
{
    return snprintf(buf, size, "%s.oldbin", (const char *) pid->data)
           < (int) size ? RP_OK : RP_ERROR;
}


static void
rp_upgrade_child(struct rp_cycle *cycle, char **argv)
{
    struct rp_listening  *ls;
    char                  env[8192];
    size_t                i, len;
    int                   flags;

    len = 0;
    env[0] = '\0';
    ls = cycle->listening.elts;

    for (i = 0; i < cycle->listening.nelts; i++) {
        if (ls[i].fd == -1) {
            continue;
        }

        flags = fcntl(ls[i].fd, F_GETFD);
        if (flags != -1) {
            (void) fcntl(ls[i].fd, F_SETFD, flags & ~FD_CLOEXEC);
        }

        len += (size_t) snprintf(env + len, sizeof(env) - len, "%d:%d;",
                                 ls[i].fd, ls[i].worker);
        if (len >= sizeof(env)) {
            rp_log_error(RP_LOG_ALERT, cycle->log, 0, "too many listening "
                         "sockets to pass to the new binary");
            _exit(1);
        }
    }

    if (setenv(RP_UPGRADE_ENV, env, 1) == -1) {
        _exit(1);
    }

    execvp(argv[0], argv);

    rp_log_error(RP_LOG_ALERT, cycle->log, errno, "execvp(\"%s\") failed",
                 argv[0]);
    _exit(1);
}


/*
 * USR2 in the master: start the new binary (see the file comment).
 * Failures are logged and leave the running master as it was.
 */
void
rp_upgrade_exec(struct rp_cycle *cycle, char **argv)
{
    const struct rp_core_conf  *ccf = rp_core_get_conf(cycle);
    char                        oldbin[PATH_MAX];
    pid_t                       pid;

    if (rp_upgrade_pid != -1) {
        rp_log_error(RP_LOG_ERR, cycle->log, 0, "the new binary process %d "
                     "is still running, USR2 ignored", (int) rp_upgrade_pid);
        return;
    }

    if (rp_upgrade_oldbin(&ccf->pid, oldbin, sizeof(oldbin)) != RP_OK) {
        return;
    }

    if (rename((const char *) ccf->pid.data, oldbin) == -1) {
        rp_log_error(RP_LOG_ALERT, cycle->log, errno, "rename() \"%s\" to "
                     "\"%s\" failed", (const char *) ccf->pid.data, oldbin);
        return;
    }

    pid = fork();

    if (pid == 0) {
        rp_upgrade_child(cycle, argv);
    }

    if (pid == -1) {
        rp_log_error(RP_LOG_ALERT, cycle->log, errno, "fork() failed");
        (void) rename(oldbin, (const char *) ccf->pid.data);
        return;
    }

    rp_upgrade_pid = pid;

    rp_log_error(RP_LOG_NOTICE, cycle->log, 0, "start new binary process %d",
                 (int) pid);
}


/*
 * The master saw child <pid> exit: if it was the new binary, give the
 * pid file back to this (still running) master.
 */
void
rp_upgrade_child_exited(struct rp_cycle *cycle, pid_t pid)
{
    const struct rp_core_conf  *ccf = rp_core_get_conf(cycle);
    char                        oldbin[PATH_MAX];

    if (pid != rp_upgrade_pid) {
        return;
    }

    rp_upgrade_pid = -1;

    if (rp_upgrade_oldbin(&ccf->pid, oldbin, sizeof(oldbin)) == RP_OK
        && rename(oldbin, (const char *) ccf->pid.data) == 0)
    {
        rp_log_error(RP_LOG_NOTICE, cycle->log, 0, "the new binary exited, "
                     "pid file \"%s\" restored",
                     (const char *) ccf->pid.data);
    }
}


/*
 * In a new binary started by USR2: turn the descriptors named in
 * RAMPART_LISTEN into listening entries of <bootstrap>, so that
 * rp_listen_open() adopts them instead of binding.  RP_OK (also when the
 * variable is absent) or RP_ERROR (logged).
 */
int
rp_upgrade_inherit(struct rp_cycle *bootstrap)
{
    struct rp_listening      *ls;
    struct sockaddr_storage   ss;
    socklen_t                 len;
    const char               *env, *p;
    char                     *end;
    long                      fd, worker;
    int                       on;

    env = getenv(RP_UPGRADE_ENV);
    if (env == NULL) {
        return RP_OK;
    }

    for (p = env; *p; p = end + 1) {
        errno = 0;
        fd = strtol(p, &end, 10);
        if (errno || *end != ':' || fd < 0 || fd > INT_MAX) {
            goto invalid;
        }

        worker = strtol(end + 1, &end, 10);
        if (errno || *end != ';' || worker < -1 || worker > INT_MAX) {
            goto invalid;
        }

        len = sizeof(ss);
        if (getsockname((int) fd, (struct sockaddr *) &ss, &len) == -1) {
            rp_log_error(RP_LOG_ALERT, bootstrap->log, errno,
                         "inherited socket %ld is not usable, ignored", fd);
            continue;
        }

        ls = rp_listen_add(bootstrap, (struct sockaddr *) &ss, len);
        if (ls == NULL) {
            return RP_ERROR;
        }

        ls->fd = (int) fd;
        ls->worker = (int) worker;
        ls->bound = 1;

        len = sizeof(on);
        on = 0;
        (void) getsockopt((int) fd, SOL_SOCKET, SO_REUSEPORT, &on, &len);
        ls->reuseport = on ? 1 : 0;

        (void) fcntl((int) fd, F_SETFD, FD_CLOEXEC);
    }

    (void) unsetenv(RP_UPGRADE_ENV);

    return RP_OK;

invalid:

    rp_log_error(RP_LOG_EMERG, bootstrap->log, 0, "invalid %s environment "
                 "variable \"%s\", ignored", RP_UPGRADE_ENV, env);
    (void) unsetenv(RP_UPGRADE_ENV);

    return RP_OK;
}
