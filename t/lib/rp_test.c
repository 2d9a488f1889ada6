/*
 * rp_test.c - the end-to-end test harness: fixtures, cleanup, running
 * the daemon (see rp_test.h; the /proc, log and socket helpers are in
 * rp_test_util.c).
 *
 * The part that needs care is cleanup.  Check runs each test in a forked
 * child and, when an assertion fails, that child _exit()s without running
 * the teardown fixture; on a timeout it is SIGKILLed.  So setup forks a
 * watchdog in its own session, connected to the test child by a pipe: the
 * test child writes "T <pid>" for every process it wants swept and "P"
 * when it passed.  At EOF (the test child is gone, whatever the reason)
 * the watchdog kills the tracked processes and their descendants, dumps
 * the logs unless "P" arrived, and removes the temp dir.
 */

#include "rp_test.h"

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RP_TEST_MAX_ARGS     64
#define RP_TEST_RUN_MS       10000
#define RP_TEST_DUMP_MAX     (32 * 1024)

struct rp_test  *rp_t;

static struct rp_test  rp_test_current;


/* ---- the sweep ------------------------------------------------------- */

/* 1 if <pid> runs our binary (also after a rebuild) or calls itself rampart. */
static int
rp_test_is_rampart(struct rp_test *t, pid_t pid)
{
    char     path[64], exe[PATH_MAX], cmd[64];
    ssize_t  n;

    snprintf(path, sizeof(path), "/proc/%d/exe", (int) pid);
    n = readlink(path, exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        if (strncmp(exe, t->binary, strlen(t->binary)) == 0) {
            return 1;
        }
    }
    return rp_test_proc_cmdline(pid, cmd, sizeof(cmd)) > 0
           && strncmp(cmd, "rampart", 7) == 0;
}


static int
rp_test_in(const pid_t *set, int n, pid_t pid)
{
    int  i;

    for (i = 0; i < n; i++) {
        if (set[i] == pid) {
            return 1;
        }
    }
    return 0;
}


/*
 * One round of the sweep: collects the tracked processes, their process
 * groups, the pid in the pid file and all their descendants, and SIGKILLs
 * those that are rampart processes.  Returns how many were signalled.
 */
static int
rp_test_sweep_once(struct rp_test *t)
{
    static pid_t  all[RP_TEST_MAX_PROCS], ppids[RP_TEST_MAX_PROCS];
    static pid_t  victims[RP_TEST_MAX_PROCS];
    pid_t         pgrp, roots[RP_TEST_MAX_TRACKED + 1], self;
    char          state, alive[RP_TEST_MAX_PROCS];
    int           i, n, nroots, nvictims, grown, killed;

    self = getpid();
    nroots = t->ntracked;
    memcpy(roots, t->tracked, sizeof(pid_t) * (size_t) nroots);
    roots[nroots] = rp_test_read_pid_file(t);
    if (roots[nroots] > 0) {
        nroots++;
    }

    n = rp_test_proc_list(all, RP_TEST_MAX_PROCS);
    nvictims = 0;
    for (i = 0; i < n; i++) {
        alive[i] = 0;
        if (all[i] == self
            || rp_test_proc_stat(all[i], &state, &ppids[i], &pgrp) != 0
            || state == 'Z')
        {
            continue;
        }
        alive[i] = 1;
        if (rp_test_in(roots, nroots, all[i]) || rp_test_in(roots, nroots, pgrp)) {
            victims[nvictims++] = all[i];
            alive[i] = 0;
        }
    }

    /* descendants: the closure over ppid */
    do {
        grown = 0;
        for (i = 0; i < n; i++) {
            if (alive[i] && rp_test_in(victims, nvictims, ppids[i])) {
                victims[nvictims++] = all[i];
                alive[i] = 0;
                grown = 1;
            }
        }
    } while (grown);

    killed = 0;
    for (i = 0; i < nvictims; i++) {
        if (rp_test_is_rampart(t, victims[i]) && kill(victims[i], SIGKILL) == 0) {
            killed++;
        }
    }
    return killed;
}


static void
rp_test_sweep(struct rp_test *t)
{
    int  round;

    for (round = 0; round < 20 && rp_test_sweep_once(t) > 0; round++) {
        rp_test_msleep(10);
    }
}


/* ---- the watchdog ---------------------------------------------------- */

static void
rp_test_dump_file(const char *path)
{
    char    *text;
    size_t   len;

    text = rp_test_read_file(path, &len);
    if (text == NULL || len == 0) {
        free(text);
        return;
    }
    fprintf(stderr, "---- %s%s ----\n", path,
            len > RP_TEST_DUMP_MAX ? " (last 32 KB)" : "");
    fputs(len > RP_TEST_DUMP_MAX ? text + len - RP_TEST_DUMP_MAX : text, stderr);
    if (text[len - 1] != '\n') {
        fputc('\n', stderr);
    }
    free(text);
}


/* Dumps every file of <dir> except *.conf and what the daemon serves. */
static void
rp_test_dump_dir(const char *dir)
{
    DIR            *d;
    struct dirent  *de;
    const char     *dot;
    char            path[PATH_MAX];

    d = opendir(dir);
    if (d == NULL) {
        return;
    }
    while ((de = readdir(d)) != NULL) {
        dot = strrchr(de->d_name, '.');
        if (de->d_name[0] == '.' || (dot != NULL && strcmp(dot, ".conf") == 0)) {
            continue;
        }
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        if (de->d_type == DT_REG) {
            rp_test_dump_file(path);
        }
    }
    closedir(d);
}


static int
rp_test_rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void) st;
    (void) flag;
    (void) ftw;
    remove(path);
    return 0;
}


/* Removes the temp dir, or prints where it is with RP_TEST_KEEP=1. */
static void
rp_test_finish_dir(struct rp_test *t)
{
    const char  *keep;

    keep = getenv("RP_TEST_KEEP");
    if (keep != NULL && strcmp(keep, "1") == 0) {
        fprintf(stderr, "rp_test: kept %s\n", t->dir);
        return;
    }
    nftw(t->dir, rp_test_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}


/* The watchdog's body: see the top of the file.  Never returns. */
static void
rp_test_watchdog(struct rp_test *t, int fd)
{
    char     buf[4096];
    size_t   len;
    ssize_t  n;
    char    *p, *nl;
    int      passed;

    setsid();
    signal(SIGPIPE, SIG_IGN);
    passed = 0;
    len = 0;

    for ( ;; ) {
        n = read(fd, buf + len, sizeof(buf) - 1 - len);
        if (n == -1 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        len += (size_t) n;
        buf[len] = '\0';
        for (p = buf; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
            *nl = '\0';
            if (p[0] == 'T' && t->ntracked < RP_TEST_MAX_TRACKED) {
                t->tracked[t->ntracked++] = (pid_t) strtol(p + 1, NULL, 10);
            } else if (p[0] == 'P') {
                passed = 1;
            }
        }
        len -= (size_t) (p - buf);
        memmove(buf, p, len);
    }

    rp_test_sweep(t);
    if (!passed) {
        fprintf(stderr, "==== rampart e2e test failed; its files (%s): ====\n", t->dir);
        rp_test_dump_dir(rp_test_path(t, "logs"));
        rp_test_dump_dir(t->dir);
        fprintf(stderr, "==== end of files ====\n");
    }
    rp_test_finish_dir(t);
    _exit(0);
}


void
rp_test_track(struct rp_test *t, pid_t pid)
{
    char  line[32];
    int   n;

    if (pid <= 0) {
        return;
    }
    if (t->ntracked < RP_TEST_MAX_TRACKED) {
        t->tracked[t->ntracked++] = pid;
    }
    n = snprintf(line, sizeof(line), "T %d\n", (int) pid);
    if (write(t->watchdog_fd, line, (size_t) n) != n) {
        fprintf(stderr, "rp_test: cannot talk to the watchdog\n");
    }
}


/* ---- fixtures -------------------------------------------------------- */

/* Binds RP_TEST_MAX_PORTS sockets to 127.0.0.1:0 at once: distinct ports. */
static void
rp_test_pick_ports(struct rp_test *t)
{
    struct sockaddr_in  sin;
    socklen_t           len;
    int                 fds[RP_TEST_MAX_PORTS], i;

    for (i = 0; i < RP_TEST_MAX_PORTS; i++) {
        fds[i] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        ck_assert_msg(fds[i] != -1, "socket(): %s", strerror(errno));
        memset(&sin, 0, sizeof(sin));
        sin.sin_family = AF_INET;
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        len = sizeof(sin);
        ck_assert_msg(bind(fds[i], (struct sockaddr *) &sin, sizeof(sin)) == 0
                      && getsockname(fds[i], (struct sockaddr *) &sin, &len) == 0,
                      "cannot pick a free port: %s", strerror(errno));
        t->port[i] = ntohs(sin.sin_port);
    }
    for (i = 0; i < RP_TEST_MAX_PORTS; i++) {
        close(fds[i]);
    }
}


void
rp_test_setup(void)
{
    struct rp_test  *t;
    const char      *bin;
    char             tmpl[] = "/tmp/rp-e2e-XXXXXX", path[PATH_MAX];
    int              fds[2];

    t = &rp_test_current;
    memset(t, 0, sizeof(*t));
    t->watchdog_fd = -1;
    rp_t = t;
    signal(SIGPIPE, SIG_IGN);

    /*
     * Orphaned workers (their master killed by a sweep, or a daemon's
     * first process gone) become our children, so teardown reaps them
     * instead of leaving zombies to an init that may not.
     */
    prctl(PR_SET_CHILD_SUBREAPER, 1);

    bin = getenv("RP_BINARY");
    if (bin == NULL || bin[0] == '\0') {
        bin = "objs/rampart";
    }
    ck_assert_msg(realpath(bin, t->binary) != NULL && access(t->binary, X_OK) == 0,
                  "rampart binary \"%s\" not found (build it, or set RP_BINARY)", bin);

    ck_assert_msg(mkdtemp(tmpl) != NULL, "mkdtemp(): %s", strerror(errno));
    ck_assert_msg(realpath(tmpl, path) != NULL && strlen(path) < sizeof(t->dir),
                  "realpath(): %s", strerror(errno));
    memcpy(t->dir, path, strlen(path) + 1);
    RP_TEST_PRINT(t->prefix, "%s/", t->dir);
    RP_TEST_PRINT(t->conf, "%s/proxy.conf", t->dir);
    RP_TEST_PRINT(t->pid_file, "%s/logs/rampart.pid", t->dir);
    RP_TEST_PRINT(t->error_log, "%s/logs/error.log", t->dir);
    ck_assert_msg(mkdir(rp_test_path(t, "logs"), 0755) == 0, "mkdir logs");

    rp_test_pick_ports(t);

    ck_assert_msg(pipe2(fds, O_CLOEXEC) == 0, "pipe2(): %s", strerror(errno));
    t->watchdog = fork();
    ck_assert_msg(t->watchdog != -1, "fork(): %s", strerror(errno));
    if (t->watchdog == 0) {
        close(fds[1]);
        rp_test_watchdog(t, fds[0]);
    }
    close(fds[0]);
    t->watchdog_fd = fds[1];
}


/* The number of our children other than the watchdog, zombies included. */
static int
rp_test_children(struct rp_test *t)
{
    static pid_t  all[RP_TEST_MAX_PROCS];
    pid_t         self, ppid, pgrp;
    char          state;
    int           i, n, count;

    self = getpid();
    n = rp_test_proc_list(all, RP_TEST_MAX_PROCS);
    count = 0;
    for (i = 0; i < n; i++) {
        if (all[i] != t->watchdog && rp_test_proc_stat(all[i], &state, &ppid, &pgrp) == 0
            && ppid == self)
        {
            count++;
        }
    }
    return count;
}


/* Reaps our children but the watchdog: the sweep has SIGKILLed them. */
static void
rp_test_reap(struct rp_test *t)
{
    long   deadline;
    int    status;

    deadline = rp_test_now_ms() + 2000;
    for ( ;; ) {
        while (waitpid(-1, &status, WNOHANG) > 0) {
            /* one more reaped */
        }
        if (rp_test_children(t) == 0 || rp_test_now_ms() > deadline) {
            return;
        }
        rp_test_msleep(2);
    }
}


/*
 * Look through the daemon's captured stderr files and error log for a
 * crash: a sanitizer report, or a worker that died on SIGSEGV, SIGABRT,
 * SIGBUS or SIGFPE.  Writes a one-line description into <out>, or
 * leaves it empty.
 */
static void
rp_test_find_crash(struct rp_test *t, char *out, size_t size)
{
    static const char  *marks[] = {
        "ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
        "exited on signal 6", "exited on signal 7", "exited on signal 8",
        "exited on signal 11", NULL
    };
    char    path[RP_TEST_PATH_MAX + 32], *text;
    int     i, k;

    for (i = -1; i < 16; i++) {
        if (i == -1) {
            snprintf(path, sizeof(path), "%s", t->error_log);
        } else {
            snprintf(path, sizeof(path), "%s/spawn.%d.err", t->dir, i);
        }

        text = rp_test_read_file(path, NULL);
        if (text == NULL) {
            continue;
        }

        for (k = 0; marks[k]; k++) {
            if (strstr(text, marks[k])) {
                if (snprintf(out, size, "daemon crash in %s: \"%s\"", path,
                             marks[k]) >= (int) size)
                {
                    out[size - 1] = '\0';
                }
                free(text);
                return;
            }
        }

        free(text);
    }
}


void
rp_test_teardown(void)
{
    struct rp_test  *t;
    int              status;
    char             crash[RP_TEST_PATH_MAX + 128];

    t = rp_t;
    if (t == NULL || t->watchdog_fd == -1) {
        return;
    }
    rp_test_sweep(t);
    rp_test_reap(t);

    /*
     * A daemon process that crashed or tripped a sanitizer fails the
     * test even if the client saw the right answer: the crash may have
     * come after it.  (Tests kill workers on purpose only with SIGKILL.)
     */
    crash[0] = '\0';
    rp_test_find_crash(t, crash, sizeof(crash));

    if (crash[0] == '\0' && write(t->watchdog_fd, "P\n", 2) != 2) {
        fprintf(stderr, "rp_test: cannot talk to the watchdog\n");
    }
    close(t->watchdog_fd);
    t->watchdog_fd = -1;

    /* wait for the watchdog so the temp dir is gone when the test ends */
    while (waitpid(t->watchdog, &status, 0) == -1 && errno == EINTR) {
        /* retry */
    }
    rp_t = NULL;

    if (crash[0]) {
        ck_abort_msg("%s", crash);
    }
}


TCase *
rp_test_tcase(const char *name)
{
    TCase  *tc;

    tc = tcase_create(name);
    tcase_add_checked_fixture(tc, rp_test_setup, rp_test_teardown);
    tcase_set_timeout(tc, (double) rp_test_ms(RP_TEST_TIMEOUT * 1000) / 1000.0);
    return tc;
}


int
rp_test_main(Suite *s)
{
    SRunner  *sr;
    int       failed;

    sr = srunner_create(s);
    /* the watchdog design relies on one child per test */
    srunner_set_fork_status(sr, CK_FORK);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}


/* ---- running the daemon ---------------------------------------------- */

/* Child side of a spawn: stdio, process group, signals, exec. */
static void
rp_test_child(struct rp_test *t, unsigned flags, char **argv)
{
    sigset_t  set;
    int       fd, sig;

    if (flags & RP_TEST_CLOSE_STDIO) {
        close(0);
        close(1);
        close(2);
    } else {
        fd = open("/dev/null", O_RDONLY);
        dup2(fd, 0);
        fd = open(t->out_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 1);
        fd = open(t->err_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
    }
    setpgid(0, 0);

    /* a foreground master must not outlive a crashed test */
    prctl(PR_SET_PDEATHSIG, SIGKILL);

    sigemptyset(&set);
    sigprocmask(SIG_SETMASK, &set, NULL);
    for (sig = 1; sig < 32; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP) {
            signal(sig, SIG_DFL);
        }
    }

    execv(t->binary, argv);
    _exit(127);
}


static pid_t
rp_test_vspawn(struct rp_test *t, unsigned flags, const char *tag, va_list args)
{
    char        *argv[RP_TEST_MAX_ARGS + 1];
    const char  *arg;
    pid_t        pid;
    int          argc;

    argc = 0;
    argv[argc++] = t->binary;
    if (!(flags & RP_TEST_NO_PREFIX)) {
        argv[argc++] = "-p";
        argv[argc++] = t->prefix;
        argv[argc++] = "-c";
        argv[argc++] = t->conf;
    }
    while ((arg = va_arg(args, const char *)) != NULL) {
        ck_assert_msg(argc < RP_TEST_MAX_ARGS, "too many arguments");
        argv[argc++] = (char *) arg;
    }
    argv[argc] = NULL;

    RP_TEST_PRINT(t->out_file, "%s/%s.%u.out", t->dir, tag, t->nspawn);
    RP_TEST_PRINT(t->err_file, "%s/%s.%u.err", t->dir, tag, t->nspawn);
    t->nspawn++;

    fflush(stdout);
    fflush(stderr);
    pid = fork();
    ck_assert_msg(pid != -1, "fork(): %s", strerror(errno));
    if (pid == 0) {
        rp_test_child(t, flags, argv);
    }
    setpgid(pid, pid);
    rp_test_track(t, pid);
    return pid;
}


pid_t
rp_test_spawn(struct rp_test *t, unsigned flags, ...)
{
    va_list  args;
    pid_t    pid;

    va_start(args, flags);
    pid = rp_test_vspawn(t, flags, "spawn", args);
    va_end(args);
    t->master = pid;
    return pid;
}


pid_t
rp_test_start(struct rp_test *t, int workers, ...)
{
    va_list   args;
    pid_t     pid;
    char     *err;
    int       status;

    va_start(args, workers);
    pid = rp_test_vspawn(t, 0, "spawn", args);
    va_end(args);
    t->master = pid;

    if (rp_test_wait_pid_file(t, pid, RP_TEST_READY_MS) != pid) {
        status = rp_test_wait_exit(pid, 0);
        err = rp_test_read_file(t->err_file, NULL);
        ck_abort_msg("rampart did not write its pid file within %d ms (exit status %d);"
                     " stderr:\n%s", RP_TEST_READY_MS, status, err ? err : "");
    }
    if (!rp_test_wait_workers(pid, workers, NULL, 0, RP_TEST_READY_MS)) {
        ck_abort_msg("rampart %d has %d workers, expected %d",
                     (int) pid, rp_test_workers(pid, NULL, 0), workers);
    }
    return pid;
}


static int
rp_test_status(int status)
{
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return -1;
}


int
rp_test_wait_exit(pid_t pid, long ms)
{
    long   deadline;
    pid_t  rc;
    int    status;

    deadline = rp_test_now_ms() + rp_test_ms(ms);
    for ( ;; ) {
        rc = waitpid(pid, &status, WNOHANG);
        if (rc == pid) {
            return rp_test_status(status);
        }
        if (rc == -1 && errno != EINTR) {
            return -1;
        }
        if (rp_test_now_ms() > deadline) {
            return -1;
        }
        rp_test_msleep(2);
    }
}


static int
rp_test_vrun(struct rp_test *t, struct rp_test_run *r, unsigned flags, va_list args)
{
    pid_t  pid;

    pid = rp_test_vspawn(t, flags, "run", args);
    r->pid = pid;
    r->status = rp_test_wait_exit(pid, RP_TEST_RUN_MS);
    if (r->status == -1) {
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    r->out = rp_test_read_file(t->out_file, NULL);
    r->err = rp_test_read_file(t->err_file, NULL);
    if (r->out == NULL) {
        r->out = strdup("");
    }
    if (r->err == NULL) {
        r->err = strdup("");
    }
    return r->status;
}


int
rp_test_run(struct rp_test *t, struct rp_test_run *r, ...)
{
    va_list  args;
    int      rc;

    va_start(args, r);
    rc = rp_test_vrun(t, r, 0, args);
    va_end(args);
    return rc;
}


int
rp_test_run_raw(struct rp_test *t, struct rp_test_run *r, ...)
{
    va_list  args;
    int      rc;

    va_start(args, r);
    rc = rp_test_vrun(t, r, RP_TEST_NO_PREFIX, args);
    va_end(args);
    return rc;
}


void
rp_test_run_free(struct rp_test_run *r)
{
    free(r->out);
    free(r->err);
    r->out = NULL;
    r->err = NULL;
}


void
rp_test_signal(pid_t pid, int sig)
{
    ck_assert_msg(kill(pid, sig) == 0, "kill(%d, %d): %s", (int) pid, sig, strerror(errno));
}


/* ---- pid file -------------------------------------------------------- */

pid_t
rp_test_read_pid_file(struct rp_test *t)
{
    char   *text, *end;
    long    v;
    pid_t   pid;

    text = rp_test_read_file(t->pid_file, NULL);
    if (text == NULL) {
        return -1;
    }
    errno = 0;
    v = strtol(text, &end, 10);
    pid = (errno == 0 && end != text && (*end == '\n' || *end == '\0') && v > 0)
          ? (pid_t) v : -1;
    free(text);
    return pid;
}


pid_t
rp_test_wait_pid_file(struct rp_test *t, pid_t pid, long ms)
{
    long   deadline;
    pid_t  got;

    deadline = rp_test_now_ms() + rp_test_ms(ms);
    for ( ;; ) {
        got = rp_test_read_pid_file(t);
        if (got > 0 && (pid == -1 || got == pid)) {
            return got;
        }
        if (rp_test_now_ms() > deadline) {
            return -1;
        }
        rp_test_msleep(2);
    }
}


int
rp_test_wait_pid_file_gone(struct rp_test *t, long ms)
{
    long  deadline;

    deadline = rp_test_now_ms() + rp_test_ms(ms);
    while (rp_test_file_exists(t->pid_file)) {
        if (rp_test_now_ms() > deadline) {
            return 0;
        }
        rp_test_msleep(5);
    }
    return 1;
}
