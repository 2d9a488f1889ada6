/*
 * rp_log.h - the error log (STYLE 14).
 *
 * Lines look like nginx's, so operators' grep habits carry over:
 *
 *   2026/11/28 16:49:17 [notice] 4242#0: start worker process 4243
 *
 * and, while rampart runs in the terminal before its log file is open
 * (config errors, -t, -s), like this on stderr:
 *
 *   rampart: [emerg] unknown directive "proxy_pas" in conf/proxy.conf:12:9
 *
 * A log carries an <action> ("while reading client request") and an
 * optional <handler> that appends context (client address, request id),
 * so call sites write only what failed.  <err> is an errno value appended
 * as " (2: No such file or directory)", or 0.
 *
 * Client- or backend-controlled bytes must be passed through
 * rp_escape_log() before they reach a format argument.
 */

#ifndef RP_LOG_H
#define RP_LOG_H

#include "rp_config.h"
#include "rp_str.h"

#define RP_LOG_STDERR   0
#define RP_LOG_EMERG    1
#define RP_LOG_ALERT    2
#define RP_LOG_CRIT     3
#define RP_LOG_ERR      4
#define RP_LOG_WARN     5
#define RP_LOG_NOTICE   6
#define RP_LOG_INFO     7
#define RP_LOG_DEBUG    8

#define RP_LOG_MAX_LINE 2048

struct rp_log;

/* Appends context to a line being built; returns the new end. */
typedef u_char *(*rp_log_handler_pt)(struct rp_log *log, u_char *p,
    size_t len);

/*
 * An open log file.  Files live in the cycle's list so that USR1 can
 * reopen each one exactly once however many logs share it.
 */
struct rp_open_file {
    struct rp_str         name;     /* NUL-terminated; "stderr" for fd 2 */
    int                   fd;
    struct rp_open_file  *next;
};

struct rp_log {
    unsigned              level;
    struct rp_open_file  *file;
    unsigned              to_stderr:1;  /* also copy emerg..err to stderr */
    unsigned              tty_style:1;  /* "rampart: [level] ", no time */
    const char           *action;
    rp_log_handler_pt     handler;
    void                 *data;
};

extern struct rp_log  rp_log_stderr_log;  /* startup log: fd 2, tty style */
extern int            rp_log_quiet;       /* -q: drop below ERR on stderr */

void rp_log_error_core(unsigned level, struct rp_log *log, int err,
    const char *fmt, ...) RP_PRINTF(4, 5);
void rp_log_verror(unsigned level, struct rp_log *log, int err,
    const char *fmt, va_list args);

#define rp_log_error(lvl, log, err, ...)                                     \
    do {                                                                     \
        if ((log)->level >= (unsigned) (lvl)) {                              \
            rp_log_error_core(lvl, log, err, __VA_ARGS__);                   \
        }                                                                    \
    } while (0)

#if (RP_DEBUG)
#define rp_log_debug(log, ...)  rp_log_error(RP_LOG_DEBUG, log, 0, __VA_ARGS__)
#else
#define rp_log_debug(log, ...)  do { (void) (log); } while (0)
#endif

int rp_log_level_parse(const struct rp_str *name);
const char *rp_log_level_name(unsigned level);
int rp_log_open_file(struct rp_open_file *file);
void rp_log_stderr(int err, const char *fmt, ...) RP_PRINTF(2, 3);

#endif /* RP_LOG_H */
