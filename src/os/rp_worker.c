/*
 * rp_worker.c - a worker process: one event loop serving connections.
 *
 * The worker drops privileges, raises its descriptor limit, sets up its
 * event loop over the listening sockets it inherited and then runs
 * until the master tells it to stop.  QUIT is a graceful stop: stop
 * accepting, close idle connections at once, let busy ones finish, and
 * give up after worker_shutdown_timeout if one is set.  TERM and INT
 * exit at once.  If the master dies, the kernel sends the worker QUIT
 * (PR_SET_PDEATHSIG), so no orphaned worker keeps a port open forever.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_connection.h"
#include "rp_core_module.h"
#include "rp_cycle_init.h"
#include "rp_daemon.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_process.h"

#include <sys/prctl.h>
#include <sys/resource.h>

static struct rp_event  rp_worker_shutdown_ev;


static void
rp_worker_exit(struct rp_cycle *cycle, int code)
{
    size_t             i;
    struct rp_module  *m;

    for (i = 0; i < rp_modules_n; i++) {
        m = rp_modules[i];
        if (m->exit_process) {
            m->exit_process(cycle);
        }
    }

    rp_log_debug(cycle->log, "worker process exits");
    exit(code);
}


static void
rp_worker_shutdown_timeout(struct rp_event *ev)
{
    struct rp_cycle  *cycle = ev->data;

    rp_log_error(RP_LOG_NOTICE, cycle->log, 0, "worker_shutdown_timeout "
                 "expired with %u connections open, closing them",
                 (unsigned) rp_connection_active_count());
    rp_worker_exit(cycle, 0);
}


static void
rp_worker_init(struct rp_cycle *cycle, int worker_index)
{
    const struct rp_core_conf  *ccf = rp_core_get_conf(cycle);
    struct rp_module           *m;
    struct rlimit               rl;
    size_t                      i;

    rp_process_type = RP_PROCESS_WORKER;
    rp_worker_index = worker_index;
    rp_proctitle_set("rampart: worker process");

    (void) prctl(PR_SET_PDEATHSIG, SIGQUIT, 0, 0, 0);

    if (ccf->rlimit_nofile != RP_UNSET) {
        rl.rlim_cur = (rlim_t) ccf->rlimit_nofile;
        rl.rlim_max = (rlim_t) ccf->rlimit_nofile;

        if (setrlimit(RLIMIT_NOFILE, &rl) == -1) {
            rp_log_error(RP_LOG_ALERT, cycle->log, errno,
                         "setrlimit(RLIMIT_NOFILE, %lld) failed",
                         (long long) ccf->rlimit_nofile);
        }
    }

    if (rp_daemon_drop_privileges(ccf, cycle->log) != RP_OK) {
        exit(2);                    /* fatal: the master will not respawn */
    }

    if (rp_event_loop_init(cycle,
                           (size_t) rp_event_get_conf(cycle)->connections)
        != RP_OK)
    {
        exit(2);
    }

    for (i = 0; i < rp_modules_n; i++) {
        m = rp_modules[i];

        if (m->init_process && m->init_process(cycle) != RP_OK) {
            exit(2);
        }
    }
}


/* Begin a graceful stop (QUIT); the loop exits once nothing is open. */
static void
rp_worker_begin_shutdown(struct rp_cycle *cycle)
{
    const struct rp_core_conf  *ccf = rp_core_get_conf(cycle);

    rp_proctitle_set("rampart: worker process is shutting down");

    rp_event_close_listening(cycle);
    rp_connection_close_idle();

    if (ccf->shutdown_timeout > 0) {
        rp_worker_shutdown_ev.data = cycle;
        rp_worker_shutdown_ev.handler = rp_worker_shutdown_timeout;
        rp_worker_shutdown_ev.log = cycle->log;
        (void) rp_event_add_timer(&rp_worker_shutdown_ev,
                                  ccf->shutdown_timeout);
    }
}


/*
 * Body of a worker process, called in the child right after fork();
 * never returns.
 */
void
rp_worker_process_cycle(struct rp_cycle *cycle, int worker_index)
{
    unsigned  exiting;

    rp_worker_init(cycle, worker_index);

    exiting = 0;

    for (;;) {
        if (rp_sig_terminate) {
            rp_worker_exit(cycle, 0);
        }

        if (rp_sig_quit && !exiting) {
            exiting = 1;
            rp_worker_begin_shutdown(cycle);
        }

        if (exiting && rp_connection_active_count() == 0) {
            rp_worker_exit(cycle, 0);
        }

        if (rp_sig_reopen) {
            rp_sig_reopen = 0;
            (void) rp_cycle_reopen_files(cycle);
        }

        rp_event_process(cycle, &rp_sig_wait);
    }
}
