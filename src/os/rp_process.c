/*
 * rp_process.c - the master's table of children: forking workers,
 * reaping them, deciding which to replace and when.
 *
 * A worker that dies is replaced at once, unless it keeps dying right
 * after it starts: a worker that fails within RP_QUICK_DEATH_MS of its
 * start three times in a row is respawned after a delay that doubles up
 * to one minute, so a broken worker cannot turn the master into a fork
 * bomb that floods the log.  Exit code 2 means "fatal, do not respawn"
 * (for instance privileges that cannot be dropped).  Helper processes
 * (the health checker...) live in the same table, named by their
 * helper, and are replaced by the same rules.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_daemon.h"
#include "rp_process.h"
#include "rp_upgrade.h"

#include <sys/wait.h>

#define RP_QUICK_DEATH_MS     1000
#define RP_QUICK_DEATHS_MAX   3
#define RP_RESPAWN_DELAY_MAX  60000

enum rp_process_type  rp_process_type;
struct rp_process     rp_processes[RP_MAX_PROCESSES];
int                   rp_processes_last;


static int
rp_process_free_slot(void)
{
    int  i;

    for (i = 0; i < rp_processes_last; i++) {
        if (rp_processes[i].pid == -1 && rp_processes[i].respawn_at == 0) {
            return i;
        }
    }

    return rp_processes_last < RP_MAX_PROCESSES ? rp_processes_last : -1;
}


static pid_t
rp_process_fork(struct rp_cycle *cycle, struct rp_process *p)
{
    pid_t  pid;

    pid = fork();

    if (pid == -1) {
        rp_log_error(RP_LOG_ALERT, cycle->log, errno,
                     "fork() failed while spawning %s process", p->name);
        return -1;
    }

    if (pid == 0) {
        rp_pidfile_close_inherited();

        if (p->helper) {
            rp_helper_process_cycle(cycle, p->helper);
        }

        rp_worker_process_cycle(cycle, p->worker_index);
    }

    p->pid = pid;
    p->started = rp_current_msec;
    p->respawn_at = 0;
    p->exited = 0;
    p->exiting = 0;
    p->respawn = 1;

    rp_log_error(RP_LOG_NOTICE, cycle->log, 0, "start %s process %d",
                 p->name, (int) pid);

    return pid;
}


/*
 * A cleared process slot for <cycle>'s generation (pid -1), or NULL
 * (logged) when the table is full.
 */
static struct rp_process *
rp_process_new_slot(struct rp_cycle *cycle)
{
    struct rp_process  *p;
    int                 slot;

    slot = rp_process_free_slot();
    if (slot == -1) {
        rp_log_error(RP_LOG_ALERT, cycle->log, 0,
                     "no more than %d processes can be spawned",
                     RP_MAX_PROCESSES);
        return NULL;
    }

    p = &rp_processes[slot];
    memset(p, 0, sizeof(*p));
    p->pid = -1;
    p->generation = cycle->generation;

    if (slot == rp_processes_last) {
        rp_processes_last++;
    }

    return p;
}


/*
 * Fork worker number <worker_index> of <cycle>'s generation.  Returns its
 * pid, or -1 (logged).  Master only.
 */
pid_t
rp_process_spawn_worker(struct rp_cycle *cycle, int worker_index)
{
    struct rp_process  *p;

    p = rp_process_new_slot(cycle);
    if (p == NULL) {
        return -1;
    }

    p->worker_index = worker_index;
    p->name = "worker";

    return rp_process_fork(cycle, p);
}


/* See rp_process.h. */
pid_t
rp_process_spawn_helper(struct rp_cycle *cycle,
    const struct rp_cycle_helper *helper)
{
    struct rp_process  *p;

    p = rp_process_new_slot(cycle);
    if (p == NULL) {
        return -1;
    }

    p->worker_index = -1;
    p->helper = helper;
    p->name = helper->name;

    return rp_process_fork(cycle, p);
}


/*
 * Fork a replacement into the slot <p> of a worker that died, keeping
 * its worker index and its record of quick deaths.
 */
pid_t
rp_process_spawn_worker_in(struct rp_cycle *cycle, struct rp_process *p)
{
    return rp_process_fork(cycle, p);
}


static void
rp_process_schedule(struct rp_cycle *cycle, struct rp_process *p)
{
    rp_msec_t  delay;

    if (rp_current_msec - p->started < RP_QUICK_DEATH_MS) {
        p->quick_deaths++;
    } else {
        p->quick_deaths = 0;
    }

    if (p->quick_deaths < RP_QUICK_DEATHS_MAX) {
        p->respawn_at = rp_current_msec;
        return;
    }

    delay = (rp_msec_t) 1000 << rp_min(p->quick_deaths - RP_QUICK_DEATHS_MAX,
                                       6u);
    delay = rp_min(delay, (rp_msec_t) RP_RESPAWN_DELAY_MAX);

    p->respawn_at = rp_current_msec + delay;

    rp_log_error(RP_LOG_ALERT, cycle->log, 0, "%s process died %u times "
                 "in a row right after starting, respawning in %lld ms",
                 p->name, p->quick_deaths, (long long) delay);
}


/*
 * Collect every exited child, log how it ended and schedule a
 * replacement where one is due (see the file comment).  Master only.
 */
void
rp_process_reap(struct rp_cycle *cycle)
{
    struct rp_process  *p;
    const char         *what;
    pid_t               pid;
    int                 status, i;

    for (;;) {
        pid = waitpid(-1, &status, WNOHANG);

        if (pid == 0) {
            break;
        }

        if (pid == -1) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }

        for (i = 0; i < rp_processes_last; i++) {
            if (rp_processes[i].pid == pid) {
                break;
            }
        }

        what = (i < rp_processes_last) ? rp_processes[i].name
                                        : "new binary";

        if (WIFSIGNALED(status)) {
            rp_log_error(RP_LOG_ALERT, cycle->log, 0,
                         "%s process %d exited on signal %d%s", what,
                         (int) pid, WTERMSIG(status),
                         WCOREDUMP(status) ? " (core dumped)" : "");
        } else {
            rp_log_error(WEXITSTATUS(status) ? RP_LOG_ALERT : RP_LOG_NOTICE,
                         cycle->log, 0, "%s process %d exited with code %d",
                         what, (int) pid, WEXITSTATUS(status));
        }

        if (i == rp_processes_last) {
            rp_upgrade_child_exited(cycle, pid);
            continue;
        }

        p = &rp_processes[i];
        p->pid = -1;
        p->exited = 1;
        p->status = status;

        if (WIFEXITED(status) && WEXITSTATUS(status) == 2) {
            rp_log_error(RP_LOG_ALERT, cycle->log, 0, "%s process %d "
                         "exited with fatal code 2 and cannot be "
                         "respawned", p->name, (int) pid);
            p->respawn = 0;
        }

        if (p->respawn && !p->exiting && p->generation == cycle->generation
            && !rp_sig_quit && !rp_sig_terminate)
        {
            rp_process_schedule(cycle, p);
        }
    }
}


/*
 * Send <signo> to every live child; with <generation> >= 0 only to those
 * of older generations than it.  QUIT and TERM mark them as exiting.
 */
void
rp_process_signal_all(struct rp_log *log, int signo, int generation)
{
    struct rp_process  *p;
    int                 i;

    for (i = 0; i < rp_processes_last; i++) {
        p = &rp_processes[i];

        if (generation >= 0 && p->generation >= (unsigned) generation) {
            continue;
        }

        if (signo == SIGQUIT || signo == SIGTERM || signo == SIGKILL) {
            p->exiting = 1;
            p->respawn_at = 0;
        }

        if (p->pid == -1) {
            continue;
        }

        if (kill(p->pid, signo) == -1 && errno != ESRCH) {
            rp_log_error(RP_LOG_ALERT, log, errno, "kill(%d, %d) failed",
                         (int) p->pid, signo);
        }
    }
}


/* Number of children still running. */
int
rp_process_alive_count(void)
{
    int  i, n;

    n = 0;

    for (i = 0; i < rp_processes_last; i++) {
        if (rp_processes[i].pid != -1) {
            n++;
        }
    }

    return n;
}
