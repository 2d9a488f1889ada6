/*
 * rp_daemon.c - standard descriptors, detaching and dropping privileges.
 *
 * A daemon started from a script with 0, 1 or 2 closed would otherwise
 * hand those numbers to the first files it opens, and a later write to
 * "stderr" would land in a log file or a client socket; so the very
 * first thing rampart does is make sure 0-2 are open (on /dev/null).
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_core_module.h"
#include "rp_daemon.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/stat.h>


/*
 * Reopen any of fds 0-2 that is closed on /dev/null.  Called before
 * anything else is opened.  RP_OK or RP_ERROR (nothing can be logged yet).
 */
int
rp_daemon_fix_stdio(void)
{
    int  fd;

    for (fd = 0; fd <= STDERR_FILENO; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) {
            continue;
        }

        /* open() returns the lowest free number: this very fd */
        if (open("/dev/null", O_RDWR) != fd) {
            return RP_ERROR;
        }
    }

    return RP_OK;
}


/*
 * "daemon on": fork, let the parent exit 0, start a new session and
 * point stdio at /dev/null.  Returns in the child only.  RP_OK or
 * RP_ERROR (logged).
 */
int
rp_daemon_detach(struct rp_log *log)
{
    int  fd;

    switch (fork()) {
    case -1:
        rp_log_error(RP_LOG_EMERG, log, errno, "fork() failed");
        return RP_ERROR;

    case 0:
        break;

    default:
        _exit(0);
    }

    if (setsid() == -1) {
        rp_log_error(RP_LOG_EMERG, log, errno, "setsid() failed");
        return RP_ERROR;
    }

    umask(0022);

    fd = open("/dev/null", O_RDWR);
    if (fd == -1) {
        rp_log_error(RP_LOG_EMERG, log, errno, "open(\"/dev/null\") failed");
        return RP_ERROR;
    }

    if (dup2(fd, STDIN_FILENO) == -1 || dup2(fd, STDOUT_FILENO) == -1
        || dup2(fd, STDERR_FILENO) == -1)
    {
        rp_log_error(RP_LOG_EMERG, log, errno, "dup2() failed");
        return RP_ERROR;
    }

    if (fd > STDERR_FILENO) {
        (void) close(fd);
    }

    return RP_OK;
}


/*
 * In a worker started by root: switch to the configured user and group
 * for good.  Every call is checked and a failure is fatal for the
 * worker (the master logs it); afterwards regaining root must fail.
 * RP_OK or RP_ERROR.
 */
int
rp_daemon_drop_privileges(const struct rp_core_conf *ccf, struct rp_log *log)
{
    struct passwd  *pw;

    if (!ccf->drop_privileges || geteuid() != 0) {
        return RP_OK;
    }

    if (setgid(ccf->gid) == -1) {
        rp_log_error(RP_LOG_EMERG, log, errno, "setgid(%d) failed",
                     (int) ccf->gid);
        return RP_ERROR;
    }

    pw = getpwuid(ccf->uid);

    if (initgroups(pw ? pw->pw_name : "nobody", ccf->gid) == -1) {
        rp_log_error(RP_LOG_EMERG, log, errno, "initgroups() failed");
        return RP_ERROR;
    }

    if (setuid(ccf->uid) == -1) {
        rp_log_error(RP_LOG_EMERG, log, errno, "setuid(%d) failed",
                     (int) ccf->uid);
        return RP_ERROR;
    }

    if (ccf->uid != 0 && setuid(0) != -1) {
        rp_log_error(RP_LOG_EMERG, log, 0, "could regain root after "
                     "setuid(%d), refusing to run", (int) ccf->uid);
        return RP_ERROR;
    }

    /* allow core dumps of the now unprivileged worker */
    (void) prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);

    return RP_OK;
}
