/*
 * rp_helper.c - a helper process: one event loop that serves no client.
 *
 * Modules ask for helpers while their configuration is read
 * (rp_cycle_add_helper, e.g. the active health checker of upstream
 * servers); the master forks one process per helper next to the
 * workers (rp_master.c, rp_process.c).  Here the child becomes that
 * helper: it closes the listening sockets it inherited (it must never
 * accept), drops privileges like a worker, sets up its own epoll loop
 * and hands it to the module's init function, whose timers and
 * connections do the work from then on.  QUIT and TERM both end it at
 * once: whatever it was doing is redone by its replacement.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_core_module.h"
#include "rp_cycle_init.h"
#include "rp_daemon.h"
#include "rp_event.h"
#include "rp_listen.h"
#include "rp_process.h"

#include <sys/prctl.h>

#define RP_HELPER_TITLE_MAX  128


/*
 * Close every listening socket this process inherited, so a helper
 * neither accepts nor keeps a port open after the master dropped it.
 */
static void
rp_helper_close_listening(struct rp_cycle *cycle)
{
    struct rp_listening  *ls;
    size_t                i;

    ls = cycle->listening.elts;

    for (i = 0; i < cycle->listening.nelts; i++) {
        if (ls[i].fd != -1) {
            (void) close(ls[i].fd);
            ls[i].fd = -1;
        }
    }
}


static void
rp_helper_init(struct rp_cycle *cycle, const struct rp_cycle_helper *h)
{
    char                        title[RP_HELPER_TITLE_MAX];
    const struct rp_core_conf  *ccf = rp_core_get_conf(cycle);

    rp_process_type = RP_PROCESS_HELPER;
    rp_worker_index = -1;

    (void) snprintf(title, sizeof(title), "rampart: %s process", h->name);
    rp_proctitle_set(title);

    (void) prctl(PR_SET_PDEATHSIG, SIGQUIT, 0, 0, 0);

    rp_helper_close_listening(cycle);

    if (rp_daemon_drop_privileges(ccf, cycle->log) != RP_OK) {
        exit(2);                    /* fatal: the master will not respawn */
    }

    if (rp_event_loop_init(cycle, rp_max(h->connections, (size_t) 1))
        != RP_OK)
    {
        exit(2);
    }

    if (h->init(cycle, h->data) != RP_OK) {
        exit(2);
    }
}


/* See rp_process.h. */
void
rp_helper_process_cycle(struct rp_cycle *cycle,
    const struct rp_cycle_helper *helper)
{
    rp_helper_init(cycle, helper);

    for (;;) {
        if (rp_sig_terminate || rp_sig_quit) {
            rp_log_debug(cycle->log, "%s process exits", helper->name);
            exit(0);
        }

        if (rp_sig_reopen) {
            rp_sig_reopen = 0;
            (void) rp_cycle_reopen_files(cycle);
        }

        rp_event_process(cycle, &rp_sig_wait);
    }
}
