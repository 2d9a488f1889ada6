/*
 * rp_log.c - writing error-log lines (format and rules in rp_log.h).
 *
 * A line is built in a stack buffer and written with one write(2), so
 * lines from several workers appending to one file never interleave.
 * Lines longer than RP_LOG_MAX_LINE are cut and end with "...".
 */

#include "rp_config.h"
#include "rp_core.h"

#include <sys/stat.h>
#include <fcntl.h>

static struct rp_open_file  rp_log_stderr_file = {
    { sizeof("stderr") - 1, (u_char *) "stderr" }, STDERR_FILENO, NULL
};

struct rp_log  rp_log_stderr_log = {
    RP_LOG_NOTICE, &rp_log_stderr_file, 0, 1, NULL, NULL, NULL
};

int  rp_log_quiet;

static const char  *rp_log_levels[] = {
    "stderr", "emerg", "alert", "crit", "error", "warn", "notice", "info",
    "debug"
};


/* Name of <level> ("emerg" ... "debug"). */
const char *
rp_log_level_name(unsigned level)
{
    return level < rp_nelems(rp_log_levels) ? rp_log_levels[level] : "?";
}


/* Level for <name>, or -1 when it is not a level name. */
int
rp_log_level_parse(const struct rp_str *name)
{
    unsigned  i;

    for (i = RP_LOG_EMERG; i < rp_nelems(rp_log_levels); i++) {
        if (rp_str_eq_lit(name, rp_log_levels[i])) {
            return (int) i;
        }
    }

    return -1;
}


static void
rp_log_write(int fd, const u_char *buf, size_t len)
{
    ssize_t  n;

    while (len) {
        n = write(fd, buf, len);

        if (n == -1 && errno == EINTR) {
            continue;
        }

        if (n <= 0) {
            return;         /* nowhere left to report it */
        }

        buf += n;
        len -= (size_t) n;
    }
}


/*
 * Append "<fmt>, args" to the line at <p> within <last>; returns the new
 * end, never past <last>.
 */
static u_char *
rp_log_vappend(u_char *p, u_char *last, const char *fmt, va_list args)
{
    int  n;

    if (p >= last) {
        return last;
    }

    n = vsnprintf((char *) p, (size_t) (last - p), fmt, args);

    if (n < 0) {
        return p;
    }

    return ((size_t) n >= (size_t) (last - p)) ? last - 1 : p + n;
}


static u_char *
rp_log_append(u_char *p, u_char *last, const char *fmt, ...)
{
    va_list  args;

    va_start(args, fmt);
    p = rp_log_vappend(p, last, fmt, args);
    va_end(args);

    return p;
}


/* See rp_log_error(); this is the part behind the level check. */
void
rp_log_verror(unsigned level, struct rp_log *log, int err, const char *fmt,
    va_list args)
{
    u_char   line[RP_LOG_MAX_LINE], *p, *last, *msg;
    int      fd;
    size_t   head;

    last = line + sizeof(line) - 1;     /* room for the newline */

    rp_time_update_wall();

    if (log->tty_style) {
        p = rp_log_append(line, last, "rampart: [%s] ",
                          rp_log_level_name(level));
    } else {
        p = rp_log_append(line, last, "%s [%s] %d#0: ", rp_time_log_str,
                          rp_log_level_name(level), (int) getpid());
    }

    msg = p;
    p = rp_log_vappend(p, last, fmt, args);

    if (err) {
        p = rp_log_append(p, last, " (%d: %s)", err, strerror(err));
    }

    if (log->action) {
        p = rp_log_append(p, last, " while %s", log->action);
    }

    if (log->handler && p < last) {
        p = log->handler(log, p, (size_t) (last - p));
    }

    if (p >= last - 1) {
        p = last - 4;
        p = rp_cpymem(p, "...", 3);
    }

    *p++ = '\n';

    fd = log->file ? log->file->fd : STDERR_FILENO;
    if (fd == -1) {
        return;
    }

    rp_log_write(fd, line, (size_t) (p - line));

    /*
     * While rampart still has a terminal (start-up, -t, -s), errors that
     * went to a log file are also shown there, nginx-style.
     */
    if (log->to_stderr && fd != STDERR_FILENO && level <= RP_LOG_ERR) {
        head = (size_t) snprintf((char *) line, 32, "rampart: [%s] ",
                                 rp_log_level_name(level));
        if (msg > line + head) {
            memmove(line + head, msg, (size_t) (p - msg));
            p -= (msg - (line + head));
        }
        rp_log_write(STDERR_FILENO, line, (size_t) (p - line));
    }
}


/* See rp_log_error() in rp_log.h. */
void
rp_log_error_core(unsigned level, struct rp_log *log, int err,
    const char *fmt, ...)
{
    va_list  args;

    if (rp_log_quiet && level > RP_LOG_ERR && log->tty_style) {
        return;
    }

    va_start(args, fmt);
    rp_log_verror(level, log, err, fmt, args);
    va_end(args);
}


/*
 * Print "rampart: <message>" on stderr, for the command line's own
 * output (-t results, -v); <err> as in rp_log_error().
 */
void
rp_log_stderr(int err, const char *fmt, ...)
{
    u_char   line[RP_LOG_MAX_LINE], *p, *last;
    va_list  args;

    last = line + sizeof(line) - 1;

    p = rp_log_append(line, last, "rampart: ");

    va_start(args, fmt);
    p = rp_log_vappend(p, last, fmt, args);
    va_end(args);

    if (err) {
        p = rp_log_append(p, last, " (%d: %s)", err, strerror(err));
    }

    *p++ = '\n';

    rp_log_write(STDERR_FILENO, line, (size_t) (p - line));
}


/*
 * Open (or reopen) <file> for appending; "stderr" means fd 2.  On
 * success the old descriptor, if any, is replaced atomically with dup2
 * so a log in use never points at a closed fd.  RP_OK, or RP_ERROR with
 * errno set.
 */
int
rp_log_open_file(struct rp_open_file *file)
{
    int  fd;

    if (rp_str_eq_lit(&file->name, "stderr")) {
        file->fd = STDERR_FILENO;
        return RP_OK;
    }

    fd = open((const char *) file->name.data, O_WRONLY | O_APPEND | O_CREAT
              | O_CLOEXEC, 0644);
    if (fd == -1) {
        return RP_ERROR;
    }

    if (file->fd > STDERR_FILENO) {
        if (dup3(fd, file->fd, O_CLOEXEC) == -1) {
            int  saved = errno;

            (void) close(fd);
            errno = saved;
            return RP_ERROR;
        }

        (void) close(fd);
        return RP_OK;
    }

    file->fd = fd;

    return RP_OK;
}


/* RP_ASSERT failed: say where and abort (the master logs the signal). */
void
rp_assert_fail(const char *file, int line, const char *cond)
{
    char  buf[512];
    int   n;

    n = snprintf(buf, sizeof(buf), "rampart: [alert] %d#0: assertion "
                 "\"%s\" failed at %s:%d\n", (int) getpid(), cond, file, line);
    if (n > 0) {
        rp_log_write(STDERR_FILENO, (u_char *) buf,
                     rp_min_size((size_t) n, sizeof(buf) - 1));
    }

    abort();
}
