/*
 * rp_test_util.c - the e2e harness's observation helpers (see rp_test.h).
 *
 * Everything a test looks at from outside the daemon: files and config
 * templates, processes through /proc (state, parent, title, open fds),
 * error-log lines, and TCP connections to the loopback.  Each wait polls
 * with a short sleep until its condition holds or its deadline passes;
 * deadlines are scaled by RP_TEST_TIMEOUT_SCALE.  No function here keeps
 * state between calls except rp_test_fmt()'s ring of buffers.
 */

#include "rp_test.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>


/* ---- small utilities ------------------------------------------------ */

long
rp_test_ms(long ms)
{
    const char  *s;
    double       scale;

    s = getenv("RP_TEST_TIMEOUT_SCALE");
    scale = (s != NULL) ? strtod(s, NULL) : 1.0;
    if (scale < 1.0) {
        scale = 1.0;
    }
    return (long) (ms * scale);
}


long
rp_test_now_ms(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}


void
rp_test_msleep(long ms)
{
    struct timespec  ts;

    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000;
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
        /* continue with the remaining time */
    }
}


const char *
rp_test_fmt(const char *fmt, ...)
{
    static char      ring[8][1024];
    static unsigned  next;
    char            *buf;
    va_list          args;

    buf = ring[next++ % 8];
    va_start(args, fmt);
    vsnprintf(buf, sizeof(ring[0]), fmt, args);
    va_end(args);
    return buf;
}


int
rp_test_contains(const char *hay, const char *needle)
{
    if (hay == NULL || needle == NULL) {
        return 0;
    }
    return strstr(hay, needle) != NULL;
}


int
rp_test_count_prefix(const char *text, const char *prefix)
{
    const char  *p;
    size_t       len;
    int          n;

    if (text == NULL) {
        return 0;
    }
    len = strlen(prefix);
    n = 0;
    for (p = text; *p != '\0'; ) {
        if (strncmp(p, prefix, len) == 0) {
            n++;
        }
        p = strchr(p, '\n');
        if (p == NULL) {
            break;
        }
        p++;
    }
    return n;
}


char *
rp_test_read_file(const char *path, size_t *lenp)
{
    char     *buf, *nbuf;
    size_t    len, cap;
    ssize_t   n;
    int       fd;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        return NULL;
    }
    cap = 4096;
    len = 0;
    buf = malloc(cap);
    while (buf != NULL) {
        if (len + 1 >= cap) {
            cap *= 2;
            nbuf = realloc(buf, cap);
            if (nbuf == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nbuf;
        }
        n = read(fd, buf + len, cap - len - 1);
        if (n == -1 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            buf[len] = '\0';
            break;
        }
        len += (size_t) n;
    }
    close(fd);
    if (buf != NULL && lenp != NULL) {
        *lenp = len;
    }
    return buf;
}


int
rp_test_file_exists(const char *path)
{
    struct stat  st;

    return stat(path, &st) == 0;
}


const char *
rp_test_path(struct rp_test *t, const char *rel)
{
    return rp_test_fmt("%s/%s", t->dir, rel);
}


static void
rp_test_mkdir_parents(const char *path)
{
    char   buf[PATH_MAX];
    char  *p;

    snprintf(buf, sizeof(buf), "%s", path);
    for (p = buf + 1; *p != '\0'; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0755);
            *p = '/';
        }
    }
}


void
rp_test_write_conf(struct rp_test *t, const char *rel, const char *tpl)
{
    char         path[PATH_MAX], tmp[PATH_MAX + 8];
    const char  *p, *end;
    FILE        *f;
    int          i, done;

    RP_TEST_PRINT(path, "%s/%s", t->dir, rel);
    RP_TEST_PRINT(tmp, "%s.tmp", path);
    rp_test_mkdir_parents(path);
    f = fopen(tmp, "w");
    ck_assert_msg(f != NULL, "cannot write %s: %s", tmp, strerror(errno));

    for (p = tpl; *p != '\0'; ) {
        done = 0;
        if (strncmp(p, "%%", 2) == 0) {
            for (i = 0; i < RP_TEST_MAX_PORTS && !done; i++) {
                if (strncmp(p, rp_test_fmt("%%%%PORT%d%%%%", i), 9) == 0) {
                    fprintf(f, "%d", t->port[i]);
                    p += 9;
                    done = 1;
                }
            }
            if (!done && strncmp(p, "%%DIR%%", 7) == 0) {
                fputs(t->dir, f);
                p += 7;
                done = 1;
            }
        }
        if (!done) {
            end = strstr(p + 1, "%%");
            if (end == NULL) {
                end = p + strlen(p);
            }
            fwrite(p, 1, (size_t) (end - p), f);
            p = end;
        }
    }

    ck_assert_msg(fclose(f) == 0, "cannot write %s", tmp);
    ck_assert_msg(rename(tmp, path) == 0, "rename %s: %s", tmp, strerror(errno));
}


/* ---- /proc ----------------------------------------------------------- */

/* Reads state, ppid and pgrp of <pid>; returns 0, or -1 if it is gone. */
int
rp_test_proc_stat(pid_t pid, char *state, pid_t *ppid, pid_t *pgrp)
{
    char   path[64], buf[1024], *p;
    int    fd, ippid, ipgrp;
    ssize_t n;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int) pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        return -1;
    }
    n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0) {
        return -1;
    }
    buf[n] = '\0';

    /* the command name may contain spaces and ')': skip to the last ')' */
    p = strrchr(buf, ')');
    if (p == NULL || sscanf(p + 1, " %c %d %d", state, &ippid, &ipgrp) != 3) {
        return -1;
    }
    *ppid = (pid_t) ippid;
    *pgrp = (pid_t) ipgrp;
    return 0;
}


/* The first <size> - 1 bytes of /proc/<pid>/cmdline, NULs kept. */
ssize_t
rp_test_proc_cmdline(pid_t pid, char *buf, size_t size)
{
    char     path[64];
    int      fd;
    ssize_t  n;

    snprintf(path, sizeof(path), "/proc/%d/cmdline", (int) pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd == -1) {
        return -1;
    }
    n = read(fd, buf, size - 1);
    close(fd);
    if (n < 0) {
        return -1;
    }
    buf[n] = '\0';
    return n;
}


/* Lists the pids in /proc into <pids>; returns how many. */
int
rp_test_proc_list(pid_t *pids, int max)
{
    DIR            *d;
    struct dirent  *de;
    char           *end;
    long            v;
    int             n;

    d = opendir("/proc");
    if (d == NULL) {
        return 0;
    }
    n = 0;
    while (n < max && (de = readdir(d)) != NULL) {
        v = strtol(de->d_name, &end, 10);
        if (*end == '\0' && v > 0) {
            pids[n++] = (pid_t) v;
        }
    }
    closedir(d);
    return n;
}


static int
rp_test_pid_cmp(const void *a, const void *b)
{
    pid_t  x = *(const pid_t *) a, y = *(const pid_t *) b;

    return (x > y) - (x < y);
}


int
rp_test_workers(pid_t master, pid_t *pids, int max)
{
    static pid_t  all[RP_TEST_MAX_PROCS];
    char          state, cmd[256];
    pid_t         ppid, pgrp;
    int           i, n, count;

    n = rp_test_proc_list(all, RP_TEST_MAX_PROCS);
    count = 0;
    for (i = 0; i < n; i++) {
        if (rp_test_proc_stat(all[i], &state, &ppid, &pgrp) != 0
            || ppid != master || state == 'Z')
        {
            continue;
        }
        if (rp_test_proc_cmdline(all[i], cmd, sizeof(cmd)) <= 0
            || strncmp(cmd, "rampart: worker process", 23) != 0)
        {
            continue;
        }
        if (pids != NULL && count < max) {
            pids[count] = all[i];
        }
        count++;
    }
    if (pids != NULL) {
        qsort(pids, (size_t) (count < max ? count : max), sizeof(pid_t),
              rp_test_pid_cmp);
    }
    return count;
}


int
rp_test_wait_workers(pid_t master, int n, const pid_t *old, int nold, long ms)
{
    pid_t  cur[RP_TEST_MAX_WORKERS], prev[RP_TEST_MAX_WORKERS];
    long   deadline, ok_since;
    int    count, i, j, ok;

    deadline = rp_test_now_ms() + rp_test_ms(ms);
    ok_since = -1;
    memset(prev, 0, sizeof(prev));

    for ( ;; ) {
        count = rp_test_workers(master, cur, RP_TEST_MAX_WORKERS);
        ok = (count == n);
        for (i = 0; ok && i < count && i < RP_TEST_MAX_WORKERS; i++) {
            for (j = 0; j < nold; j++) {
                if (cur[i] == old[j]) {
                    ok = 0;
                }
            }
        }
        if (ok && ok_since >= 0 && memcmp(cur, prev, sizeof(pid_t) * n) == 0) {
            if (rp_test_now_ms() - ok_since >= 50) {
                return 1;
            }
        } else if (ok) {
            ok_since = rp_test_now_ms();
            memcpy(prev, cur, sizeof(pid_t) * n);
        } else {
            ok_since = -1;
        }
        if (rp_test_now_ms() > deadline) {
            return 0;
        }
        rp_test_msleep(10);
    }
}


int
rp_test_alive(pid_t pid)
{
    char   state;
    pid_t  ppid, pgrp;

    if (rp_test_proc_stat(pid, &state, &ppid, &pgrp) != 0) {
        return 0;
    }
    return state != 'Z' && state != 'X';
}


int
rp_test_wait_gone(pid_t pid, long ms)
{
    long  deadline;

    deadline = rp_test_now_ms() + rp_test_ms(ms);
    while (rp_test_alive(pid)) {
        if (rp_test_now_ms() > deadline) {
            return 0;
        }
        rp_test_msleep(5);
    }
    return 1;
}


int
rp_test_count_sockets(pid_t pid)
{
    char            path[64], link[PATH_MAX], target[128];
    DIR            *d;
    struct dirent  *de;
    ssize_t         n;
    int             count;

    snprintf(path, sizeof(path), "/proc/%d/fd", (int) pid);
    d = opendir(path);
    if (d == NULL) {
        return -1;
    }
    count = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        snprintf(link, sizeof(link), "%s/%s", path, de->d_name);
        n = readlink(link, target, sizeof(target) - 1);
        if (n > 0) {
            target[n] = '\0';
            if (strncmp(target, "socket:", 7) == 0) {
                count++;
            }
        }
    }
    closedir(d);
    return count;
}


int
rp_test_wait_sockets(pid_t pid, int n, long ms)
{
    long  deadline;

    deadline = rp_test_now_ms() + rp_test_ms(ms);
    while (rp_test_count_sockets(pid) != n) {
        if (rp_test_now_ms() > deadline) {
            return 0;
        }
        rp_test_msleep(5);
    }
    return 1;
}


char *
rp_test_fd_target(pid_t pid, int fd, char *buf, size_t size)
{
    char     path[64];
    ssize_t  n;

    snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int) pid, fd);
    n = readlink(path, buf, size - 1);
    if (n < 0) {
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}


/* ---- logs ------------------------------------------------------------ */

int
rp_test_file_count(const char *path, const char *level, const char *needle)
{
    char        *text, *line, *eol, tag[64];
    size_t       nlen, tlen;
    int          count;

    text = rp_test_read_file(path, NULL);
    if (text == NULL) {
        return 0;
    }
    nlen = strlen(needle);
    tlen = 0;
    if (level != NULL) {
        tlen = (size_t) snprintf(tag, sizeof(tag), "[%s]", level);
    }
    count = 0;
    for (line = text; *line != '\0'; line = eol + 1) {
        eol = strchr(line, '\n');
        if (eol == NULL) {
            eol = line + strlen(line);
        }
        if (memmem(line, (size_t) (eol - line), needle, nlen) != NULL
            && (level == NULL || memmem(line, (size_t) (eol - line), tag, tlen) != NULL))
        {
            count++;
        }
        if (*eol == '\0') {
            break;
        }
    }
    free(text);
    return count;
}


int
rp_test_log_count(struct rp_test *t, const char *level, const char *needle)
{
    return rp_test_file_count(t->error_log, level, needle);
}


int
rp_test_file_wait(const char *path, const char *level, const char *needle,
    int min, long ms)
{
    long  deadline;

    deadline = rp_test_now_ms() + rp_test_ms(ms);
    while (rp_test_file_count(path, level, needle) < min) {
        if (rp_test_now_ms() > deadline) {
            return 0;
        }
        rp_test_msleep(5);
    }
    return 1;
}


int
rp_test_log_wait(struct rp_test *t, const char *level, const char *needle,
    int min, long ms)
{
    return rp_test_file_wait(t->error_log, level, needle, min, ms);
}


/* ---- sockets --------------------------------------------------------- */

static int
rp_test_connect_to(struct sockaddr *sa, socklen_t len)
{
    struct timeval  tv;
    int             fd, err;

    fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd == -1) {
        return -1;
    }
    /* bounds connect() too, should a full backlog drop the SYN */
    tv.tv_sec = 2;
    tv.tv_usec = 0;
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
    if (connect(fd, sa, len) == -1) {
        err = errno;
        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}


int
rp_test_connect(int port)
{
    struct sockaddr_in  sin;

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons((uint16_t) port);
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return rp_test_connect_to((struct sockaddr *) &sin, sizeof(sin));
}


int
rp_test_connect6(int port)
{
    struct sockaddr_in6  sin6;

    memset(&sin6, 0, sizeof(sin6));
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons((uint16_t) port);
    sin6.sin6_addr = in6addr_loopback;
    return rp_test_connect_to((struct sockaddr *) &sin6, sizeof(sin6));
}


int
rp_test_wait_connect(int port, int want, long ms)
{
    long  deadline;
    int   fd;

    deadline = rp_test_now_ms() + rp_test_ms(ms);
    for ( ;; ) {
        fd = rp_test_connect(port);
        if (fd != -1) {
            close(fd);
            if (want) {
                return 1;
            }
        } else if (!want && errno == ECONNREFUSED) {
            return 1;
        }
        if (rp_test_now_ms() > deadline) {
            return 0;
        }
        rp_test_msleep(10);
    }
}


static int
rp_test_count_listeners_in(const char *path, int port)
{
    char          *text, *line, *eol;
    unsigned int   lport, state;
    int            count;

    text = rp_test_read_file(path, NULL);
    if (text == NULL) {
        return 0;
    }
    count = 0;
    /* "  sl  local_address rem_address   st ...": address is HEX:PORT */
    for (line = strchr(text, '\n'); line != NULL && line[1] != '\0'; line = eol) {
        line++;
        eol = strchr(line, '\n');
        if (sscanf(line, " %*d: %*[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%*x %x", &lport, &state) == 2
            && (int) lport == port && state == 0x0A)
        {
            count++;
        }
        if (eol == NULL) {
            break;
        }
    }
    free(text);
    return count;
}


int
rp_test_count_listeners(int port)
{
    return rp_test_count_listeners_in("/proc/net/tcp", port)
           + rp_test_count_listeners_in("/proc/net/tcp6", port);
}


int
rp_test_ipv6_available(void)
{
    struct sockaddr_in6  sin6;
    int                  fd, ok;

    fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd == -1) {
        return 0;
    }
    memset(&sin6, 0, sizeof(sin6));
    sin6.sin6_family = AF_INET6;
    sin6.sin6_addr = in6addr_loopback;
    ok = bind(fd, (struct sockaddr *) &sin6, sizeof(sin6)) == 0;
    close(fd);
    return ok;
}


/* See rp_test.h. */
void
rp_test_position(const char *text, const char *needle, int *line, int *col)
{
    const char  *at, *p, *bol;

    at = strstr(text, needle);
    ck_assert_msg(at != NULL, "needle \"%s\" not in the config", needle);

    *line = 1;
    bol = text;

    for (p = text; p < at; p++) {
        if (*p == '\n') {
            (*line)++;
            bol = p + 1;
        }
    }

    *col = (int) (at - bol) + 1;
}


/* See rp_test.h. */
void
rp_test_expect_emerg(struct rp_test *t, const char *conf, const char *msg,
    const char *needle, int prefix_only)
{
    struct rp_test_run  r;
    const char         *want, *where;
    int                 line, col;

    rp_test_position(conf, needle, &line, &col);
    rp_test_write_conf(t, "proxy.conf", conf);
    rp_test_run(t, &r, "-t", (char *) NULL);

    want = rp_test_fmt("rampart: [emerg] %s%s", msg,
                       prefix_only ? "" : " in ");
    where = rp_test_fmt(" in %s:%d:%d\n", t->conf, line, col);

    ck_assert_msg(r.status == 1, "-t exit status %d; stderr:\n%s", r.status,
                  r.err);
    ck_assert_msg(rp_test_contains(r.err, want), "stderr lacks \"%s\":\n%s",
                  want, r.err);
    ck_assert_msg(rp_test_contains(r.err, where), "stderr lacks \"%s\":\n%s",
                  where, r.err);
    ck_assert_msg(rp_test_contains(r.err, "test failed"), "%s", r.err);
    ck_assert_int_eq(rp_test_count_prefix(r.err, "rampart: [emerg] "), 1);
    rp_test_run_free(&r);
}
