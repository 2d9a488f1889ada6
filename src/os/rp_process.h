/*
 * rp_process.h - the master, its worker processes and the signals that
 * drive them (DESIGN 1).
 *
 * Signal handlers only set the flags below (STYLE 18); the master loop
 * and the worker loop act on them.  All handled signals stay blocked
 * except while a process sleeps (sigsuspend in the master, epoll_pwait
 * in a worker), so a flag can never be set between its check and the
 * sleep and then wait unseen.
 */

#ifndef RP_PROCESS_H
#define RP_PROCESS_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_cycle.h"

#include <signal.h>

#define RP_MAX_PROCESSES   1024

enum rp_process_type {
    RP_PROCESS_SINGLE = 0,      /* -t, -s: no children */
    RP_PROCESS_MASTER,
    RP_PROCESS_WORKER,
    RP_PROCESS_HELPER           /* health checker, ...: rp_helper.c */
};

struct rp_process {
    pid_t        pid;            /* -1: free slot */
    int          worker_index;   /* selects reuseport sockets */
    unsigned     generation;     /* cycle generation it runs */
    rp_msec_t    started;
    rp_msec_t    respawn_at;     /* >0: waiting to be respawned */
    unsigned     quick_deaths;   /* consecutive deaths soon after start */
    int          status;
    const struct rp_cycle_helper  *helper;  /* NULL: a worker; else the
                                   helper of the cycle of <generation>
                                   (only used while that cycle runs) */
    const char  *name;           /* "worker", or the helper's name */
    unsigned     exiting:1;      /* sent QUIT/TERM: do not respawn */
    unsigned     exited:1;
    unsigned     respawn:1;      /* replace it when it dies */
};

extern volatile sig_atomic_t  rp_sig_reload;
extern volatile sig_atomic_t  rp_sig_quit;
extern volatile sig_atomic_t  rp_sig_terminate;
extern volatile sig_atomic_t  rp_sig_reopen;
extern volatile sig_atomic_t  rp_sig_child;
extern volatile sig_atomic_t  rp_sig_alarm;
extern volatile sig_atomic_t  rp_sig_upgrade;

extern enum rp_process_type   rp_process_type;
extern struct rp_process      rp_processes[RP_MAX_PROCESSES];
extern int                    rp_processes_last;  /* one past highest used */
extern sigset_t               rp_sig_blocked;     /* set blocked normally */
extern sigset_t               rp_sig_wait;        /* mask while sleeping */

int rp_signals_init(struct rp_log *log);
int rp_signal_by_name(const char *name);
const char *rp_signal_name(int signo);

struct rp_cycle_params;

pid_t rp_process_spawn_worker(struct rp_cycle *cycle, int worker_index);
pid_t rp_process_spawn_worker_in(struct rp_cycle *cycle, struct rp_process *p);

/*
 * Fork the process of <helper> (an entry of cycle->helpers) for
 * <cycle>'s generation.  Returns its pid, or -1 (logged).  Master only.
 */
pid_t rp_process_spawn_helper(struct rp_cycle *cycle,
    const struct rp_cycle_helper *helper);
void rp_process_reap(struct rp_cycle *cycle);
void rp_process_signal_all(struct rp_log *log, int signo, int generation);
int rp_process_alive_count(void);

void rp_master_process_cycle(struct rp_cycle *cycle,
    struct rp_cycle_params *params, int argc, char **argv)
    __attribute__((noreturn));
void rp_worker_process_cycle(struct rp_cycle *cycle, int worker_index)
    __attribute__((noreturn));

/*
 * Body of a helper process (rp_helper.c), called in the child right
 * after fork(); never returns.
 */
void rp_helper_process_cycle(struct rp_cycle *cycle,
    const struct rp_cycle_helper *helper) __attribute__((noreturn));

#endif /* RP_PROCESS_H */
