/*
 * rp_signal.c - signal handling for the master and its children.
 *
 * Handlers only record what arrived (STYLE 18).  The same handler serves
 * the master and the workers: the meaning of a flag is decided by the
 * loop that reads it.  The signals are those of nginx so that
 * "rampart -s", systemd units and logrotate scripts work unchanged:
 *
 *   HUP reload, QUIT graceful stop, TERM/INT fast stop, USR1 reopen logs,
 *   USR2 binary upgrade, CHLD a child exited, ALRM a master timer.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_process.h"

volatile sig_atomic_t  rp_sig_reload;
volatile sig_atomic_t  rp_sig_quit;
volatile sig_atomic_t  rp_sig_terminate;
volatile sig_atomic_t  rp_sig_reopen;
volatile sig_atomic_t  rp_sig_child;
volatile sig_atomic_t  rp_sig_alarm;
volatile sig_atomic_t  rp_sig_upgrade;

sigset_t  rp_sig_blocked;
sigset_t  rp_sig_wait;

static const struct {
    int          signo;
    const char  *name;      /* as in log lines */
    const char  *word;      /* as for "rampart -s" */
} rp_signal_table[] = {
    { SIGHUP,  "SIGHUP",  "reload" },
    { SIGQUIT, "SIGQUIT", "quit" },
    { SIGTERM, "SIGTERM", "stop" },
    { SIGINT,  "SIGINT",  NULL },
    { SIGUSR1, "SIGUSR1", "reopen" },
    { SIGUSR2, "SIGUSR2", NULL },
    { SIGCHLD, "SIGCHLD", NULL },
    { SIGALRM, "SIGALRM", NULL },
};


static void
rp_signal_handler(int signo)
{
    int  saved = errno;

    switch (signo) {
    case SIGHUP:
        rp_sig_reload = 1;
        break;
    case SIGQUIT:
        rp_sig_quit = 1;
        break;
    case SIGTERM:
    case SIGINT:
        rp_sig_terminate = 1;
        break;
    case SIGUSR1:
        rp_sig_reopen = 1;
        break;
    case SIGUSR2:
        rp_sig_upgrade = 1;
        break;
    case SIGCHLD:
        rp_sig_child = 1;
        break;
    case SIGALRM:
        rp_sig_alarm = 1;
        break;
    }

    errno = saved;
}


/*
 * Install the handlers, ignore SIGPIPE (a closed peer is an EPIPE, not a
 * death), and block the handled signals: they are delivered only inside
 * sigsuspend()/epoll_pwait() with rp_sig_wait.  RP_OK or RP_ERROR.
 */
int
rp_signals_init(struct rp_log *log)
{
    struct sigaction  sa;
    size_t            i;

    sigemptyset(&rp_sig_blocked);
    sigemptyset(&rp_sig_wait);

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = rp_signal_handler;
    sigemptyset(&sa.sa_mask);

    for (i = 0; i < rp_nelems(rp_signal_table); i++) {
        if (sigaction(rp_signal_table[i].signo, &sa, NULL) == -1) {
            rp_log_error(RP_LOG_EMERG, log, errno, "sigaction(%s) failed",
                         rp_signal_table[i].name);
            return RP_ERROR;
        }

        sigaddset(&rp_sig_blocked, rp_signal_table[i].signo);
    }

    sa.sa_handler = SIG_IGN;
    (void) sigaction(SIGPIPE, &sa, NULL);

    if (sigprocmask(SIG_BLOCK, &rp_sig_blocked, NULL) == -1) {
        rp_log_error(RP_LOG_EMERG, log, errno, "sigprocmask() failed");
        return RP_ERROR;
    }

    return RP_OK;
}


/* Signal number for a "rampart -s" word, or -1. */
int
rp_signal_by_name(const char *word)
{
    size_t  i;

    for (i = 0; i < rp_nelems(rp_signal_table); i++) {
        if (rp_signal_table[i].word
            && strcmp(rp_signal_table[i].word, word) == 0)
        {
            return rp_signal_table[i].signo;
        }
    }

    return -1;
}


/* "SIGHUP" for SIGHUP; "signal" for one rampart does not handle. */
const char *
rp_signal_name(int signo)
{
    size_t  i;

    for (i = 0; i < rp_nelems(rp_signal_table); i++) {
        if (rp_signal_table[i].signo == signo) {
            return rp_signal_table[i].name;
        }
    }

    return "signal";
}
