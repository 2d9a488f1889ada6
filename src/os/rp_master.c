/*
 * rp_master.c - the master process loop.
 *
 * The master never serves traffic (DESIGN 1).  After start-up it sleeps
 * in sigsuspend() and wakes only for signals: it reaps and replaces
 * workers and helper processes, rebuilds the cycle on HUP, forwards
 * QUIT/TERM/USR1 to the children, and execs a new binary on USR2.
 * Timed actions (delayed respawns, escalating a stop to SIGKILL) use one
 * interval timer that is re-armed for the nearest deadline each turn.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_core_module.h"
#include "rp_cycle_init.h"
#include "rp_daemon.h"
#include "rp_listen.h"
#include "rp_process.h"
#include "rp_upgrade.h"

#include <sys/time.h>

#define RP_TERMINATE_KILL_MS  5000

struct rp_master {
    struct rp_cycle         *cycle;
    struct rp_cycle_params  *params;
    rp_msec_t                kill_at;      /* TERM: when to send KILL */
    unsigned                 terminating:1;
    unsigned                 quitting:1;
};


/*
 * Fork the workers of <cycle> and the helper processes its modules asked
 * for (rp_cycle_add_helper: the health checker...).
 */
static void
rp_master_start_workers(struct rp_cycle *cycle)
{
    const struct rp_cycle_helper  *h;
    unsigned                       i, n;

    n = rp_cycle_worker_count(cycle);

    for (i = 0; i < n; i++) {
        (void) rp_process_spawn_worker(cycle, (int) i);
    }

    h = cycle->helpers.elts;

    for (i = 0; i < cycle->helpers.nelts; i++) {
        (void) rp_process_spawn_helper(cycle, &h[i]);
    }
}


static void
rp_master_set_title(int argc, char **argv)
{
    char    title[512];
    size_t  len;
    int     i;

    len = rp_strlcpy(title, "rampart: master process", sizeof(title));

    for (i = 0; i < argc && len < sizeof(title) - 1; i++) {
        len += (size_t) snprintf(title + len, sizeof(title) - len, " %s",
                                 argv[i]);
    }

    rp_proctitle_set(title);
}


static void
rp_master_exit(struct rp_master *m)
{
    const struct rp_core_conf  *ccf = rp_core_get_conf(m->cycle);

    rp_pidfile_remove(&ccf->pid);
    rp_log_error(RP_LOG_NOTICE, m->cycle->log, 0, "exit");
    exit(0);
}


/*
 * HUP: build a cycle from the file as it is now.  On success the new
 * generation of workers starts before the old one is told to quit, so
 * the listening sockets are never without a worker.  On failure the
 * errors are already in the log and everything keeps running as it was.
 */
static void
rp_master_reload(struct rp_master *m)
{
    struct rp_cycle             *cycle, *old;
    const struct rp_core_conf   *occf, *ccf;

    old = m->cycle;

    rp_log_error(RP_LOG_NOTICE, old->log, 0,
                 "signal %d (SIGHUP) received, reconfiguring", SIGHUP);

    cycle = rp_cycle_init(old, m->params);
    if (cycle == NULL) {
        rp_log_error(RP_LOG_ERR, old->log, 0, "reload of \"%s\" failed, "
                     "keeping the old configuration",
                     (const char *) m->params->conf_file.data);
        return;
    }

    occf = rp_core_get_conf(old);
    ccf = rp_core_get_conf(cycle);

    if (!rp_str_eq(&occf->pid, &ccf->pid)) {
        if (rp_pidfile_write(&ccf->pid, cycle->log) == RP_OK) {
            (void) unlink((const char *) occf->pid.data);
        }
    }

    m->cycle = cycle;
    rp_cycle = cycle;

    /*
     * Retire the old cycle first: the new workers must not inherit the
     * sockets and files that only the old configuration had (a removed
     * "listen" would otherwise keep accepting in the new workers).  The
     * old workers hold their own copies until they exit.
     */
    rp_cycle_retire(old, cycle);

    rp_master_start_workers(cycle);
    rp_process_signal_all(cycle->log, SIGQUIT, (int) cycle->generation);

    rp_log_error(RP_LOG_NOTICE, cycle->log, 0, "reconfigured: generation "
                 "%u with %u worker processes", cycle->generation,
                 rp_cycle_worker_count(cycle));
}


static void
rp_master_respawn_due(struct rp_master *m)
{
    struct rp_process  *p;
    int                 i;

    for (i = 0; i < rp_processes_last; i++) {
        p = &rp_processes[i];

        if (p->pid != -1 || p->respawn_at == 0
            || p->respawn_at > rp_current_msec || p->exiting)
        {
            continue;
        }

        if (p->generation != m->cycle->generation) {
            p->respawn_at = 0;
            continue;
        }

        p->respawn_at = 0;

        if (rp_process_spawn_worker_in(m->cycle, p) == -1) {
            p->respawn_at = rp_current_msec + 1000;
        }
    }
}


/* Arm SIGALRM for the nearest deadline of this master, if any. */
static void
rp_master_arm_timer(struct rp_master *m)
{
    struct itimerval  itv;
    rp_msec_t         next, d;
    int               i;

    next = -1;

    for (i = 0; i < rp_processes_last; i++) {
        if (rp_processes[i].pid == -1 && rp_processes[i].respawn_at) {
            d = rp_processes[i].respawn_at;
            next = (next == -1) ? d : rp_min(next, d);
        }
    }

    if (m->terminating) {
        next = (next == -1) ? m->kill_at : rp_min(next, m->kill_at);
    }

    memset(&itv, 0, sizeof(itv));

    if (next != -1) {
        d = rp_max(next - rp_current_msec, (rp_msec_t) 1);
        itv.it_value.tv_sec = d / 1000;
        itv.it_value.tv_usec = (d % 1000) * 1000;
    }

    (void) setitimer(ITIMER_REAL, &itv, NULL);
}


static void
rp_master_handle_stop(struct rp_master *m)
{
    if (rp_sig_terminate && !m->terminating) {
        rp_log_error(RP_LOG_NOTICE, m->cycle->log, 0,
                     "received a fast stop signal, exiting");
        m->terminating = 1;
        m->kill_at = rp_current_msec + RP_TERMINATE_KILL_MS;
        rp_process_signal_all(m->cycle->log, SIGTERM, -1);

    } else if (m->terminating && rp_current_msec >= m->kill_at) {
        rp_log_error(RP_LOG_ALERT, m->cycle->log, 0, "worker processes "
                     "did not stop in %d ms, sending SIGKILL",
                     RP_TERMINATE_KILL_MS);
        rp_process_signal_all(m->cycle->log, SIGKILL, -1);
        m->kill_at = rp_current_msec + RP_TERMINATE_KILL_MS;
    }

    if (rp_sig_quit && !m->quitting) {
        rp_log_error(RP_LOG_NOTICE, m->cycle->log, 0,
                     "received a graceful stop signal, waiting for "
                     "worker processes to finish");
        m->quitting = 1;
        rp_process_signal_all(m->cycle->log, SIGQUIT, -1);
        rp_listen_close_all(m->cycle);
    }
}


/*
 * Run the master until it is stopped; never returns.  <params> are the
 * command-line settings every reload reads the configuration with.
 */
void
rp_master_process_cycle(struct rp_cycle *cycle,
    struct rp_cycle_params *params, int argc, char **argv)
{
    struct rp_master  m;

    memset(&m, 0, sizeof(m));
    m.cycle = cycle;
    m.params = params;

    rp_process_type = RP_PROCESS_MASTER;
    rp_master_set_title(argc, argv);
    rp_master_start_workers(cycle);

    for (;;) {
        rp_master_arm_timer(&m);

        (void) sigsuspend(&rp_sig_wait);

        rp_time_update();
        rp_sig_alarm = 0;

        if (rp_sig_child) {
            rp_sig_child = 0;
            rp_process_reap(m.cycle);
        }

        rp_master_handle_stop(&m);

        if ((m.terminating || m.quitting) && rp_process_alive_count() == 0) {
            rp_master_exit(&m);
        }

        if (m.terminating || m.quitting) {
            continue;
        }

        rp_master_respawn_due(&m);

        if (rp_sig_reload) {
            rp_sig_reload = 0;
            rp_master_reload(&m);
        }

        if (rp_sig_reopen) {
            rp_sig_reopen = 0;
            (void) rp_cycle_reopen_files(m.cycle);
            rp_log_error(RP_LOG_NOTICE, m.cycle->log, 0, "reopening logs");
            rp_process_signal_all(m.cycle->log, SIGUSR1, -1);
        }

        if (rp_sig_upgrade) {
            rp_sig_upgrade = 0;
            rp_upgrade_exec(m.cycle, argv);
        }
    }
}
