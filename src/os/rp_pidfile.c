/*
 * rp_pidfile.c - the pid file: how "rampart -s", systemd and logrotate
 * find the master, and how a second instance notices the first.
 *
 * The master writes its pid to PATH.tmp, takes an exclusive flock() on
 * it and renames it over PATH, so readers never see a half-written file
 * and the lock lives exactly as long as the master (the kernel drops it
 * when the process dies, even by SIGKILL).  A starting instance that
 * finds PATH locked refuses to run; a stale, unlocked file left by a
 * crash is simply replaced.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_daemon.h"

#include <fcntl.h>
#include <sys/file.h>

static int  rp_pidfile_fd = -1;


/*
 * Read the pid stored in <path>.  Returns it, or -1 after logging why
 * (missing file, garbage).
 */
pid_t
rp_pidfile_read(const struct rp_str *path, struct rp_log *log)
{
    u_char    buf[32];
    ssize_t   n;
    uint64_t  pid;
    int       fd;

    fd = open((const char *) path->data, O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        rp_log_error(RP_LOG_ERR, log, errno, "open() \"%s\" failed",
                     (const char *) path->data);
        return -1;
    }

    n = read(fd, buf, sizeof(buf));
    (void) close(fd);

    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) {
        n--;
    }

    if (n <= 0 || rp_parse_uint(buf, (size_t) n, INT_MAX, &pid) != RP_OK
        || pid == 0)
    {
        rp_log_error(RP_LOG_ERR, log, 0, "invalid pid number in \"%s\"",
                     (const char *) path->data);
        return -1;
    }

    return (pid_t) pid;
}


/*
 * Refuse to start when another master holds <path>'s lock.  RP_OK when
 * the file is absent, unlocked or stale; RP_ERROR (logged) otherwise.
 */
int
rp_pidfile_check(const struct rp_str *path, struct rp_log *log)
{
    pid_t  pid;
    int    fd;

    fd = open((const char *) path->data, O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        return RP_OK;
    }

    if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
        (void) close(fd);
        return RP_OK;                       /* stale: nobody holds it */
    }

    (void) close(fd);

    pid = rp_pidfile_read(path, log);

    rp_log_error(RP_LOG_EMERG, log, 0, "rampart is already running "
                 "(pid %d) according to \"%s\"", (int) pid,
                 (const char *) path->data);

    return RP_ERROR;
}


/*
 * Atomically write our pid to <path> and keep it locked.  Called once
 * every listening socket is bound.  RP_OK or RP_ERROR (logged).
 */
int
rp_pidfile_write(const struct rp_str *path, struct rp_log *log)
{
    char   tmp[PATH_MAX], buf[32];
    int    fd, n;

    if (snprintf(tmp, sizeof(tmp), "%s.tmp", (const char *) path->data)
        >= (int) sizeof(tmp))
    {
        rp_log_error(RP_LOG_EMERG, log, 0, "pid file path is too long");
        return RP_ERROR;
    }

    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd == -1) {
        rp_log_error(RP_LOG_EMERG, log, errno, "open() \"%s\" failed", tmp);
        return RP_ERROR;
    }

    if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
        rp_log_error(RP_LOG_EMERG, log, errno, "flock() \"%s\" failed", tmp);
        goto failed;
    }

    n = snprintf(buf, sizeof(buf), "%d\n", (int) getpid());

    if (write(fd, buf, (size_t) n) != n) {
        rp_log_error(RP_LOG_EMERG, log, errno, "write() \"%s\" failed", tmp);
        goto failed;
    }

    if (rename(tmp, (const char *) path->data) == -1) {
        rp_log_error(RP_LOG_EMERG, log, errno, "rename() \"%s\" to \"%s\" "
                     "failed", tmp, (const char *) path->data);
        goto failed;
    }

    if (rp_pidfile_fd != -1) {
        (void) close(rp_pidfile_fd);
    }

    rp_pidfile_fd = fd;

    return RP_OK;

failed:

    (void) close(fd);
    (void) unlink(tmp);
    return RP_ERROR;
}


static void
rp_pidfile_unlink_ours(const char *path)
{
    struct rp_str  p = { strlen(path), (u_char *) path };
    struct rp_log  silent = { 0, NULL, 0, 0, NULL, NULL, NULL };

    if (rp_pidfile_read(&p, &silent) == getpid()) {
        (void) unlink(path);
    }
}


/*
 * Remove <path> if it still names us, and drop the lock.  After a USR2
 * upgrade our file is PATH.oldbin (the new master owns PATH), so that
 * one is removed too when it names us.
 */
void
rp_pidfile_remove(const struct rp_str *path)
{
    char  oldbin[PATH_MAX];

    rp_pidfile_unlink_ours((const char *) path->data);

    if (snprintf(oldbin, sizeof(oldbin), "%s.oldbin",
                 (const char *) path->data) < (int) sizeof(oldbin))
    {
        rp_pidfile_unlink_ours(oldbin);
    }

    if (rp_pidfile_fd != -1) {
        (void) close(rp_pidfile_fd);
        rp_pidfile_fd = -1;
    }
}


/*
 * In a child: close our reference to the locked pid file, so the lock
 * dies with the master and not with the last worker.
 */
void
rp_pidfile_close_inherited(void)
{
    if (rp_pidfile_fd != -1) {
        (void) close(rp_pidfile_fd);
        rp_pidfile_fd = -1;
    }
}
