/*
 * rp_event.c - the epoll loop of a worker.
 *
 * One epoll instance per worker process, created after fork.  Client and
 * upstream connections are registered once for EPOLLIN|EPOLLOUT|
 * EPOLLRDHUP|EPOLLET and never modified: readiness is remembered in
 * ev->ready until the handler meets EAGAIN, which costs no system call
 * per state change.  The epoll data of each registration is the
 * connection pointer with the connection's instance bit in its lowest
 * bit, so a report for a connection closed (and its object reused)
 * earlier in the same turn is recognised as stale and dropped.
 */

#include "rp_config.h"
#include <sys/epoll.h>
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_cycle.h"
#include "rp_event.h"
#include "rp_event_timer.h"

/* Reports fetched per epoll_pwait(); more simply wait for the next turn. */
#define RP_EVENT_LIST_SIZE  512

static void rp_event_dispatch(const struct epoll_event *ee);

int                        rp_worker_index = -1;

static int                 rp_epoll_fd = -1;
static struct epoll_event *rp_epoll_list;


int
rp_event_loop_init(struct rp_cycle *cycle, size_t max_connections)
{
    int                          multi_accept;
    const struct rp_event_conf  *ecf;

    if (rp_epoll_fd != -1) {
        rp_event_loop_done(cycle);
    }

    multi_accept = 0;

    if (cycle->conf_ctx != NULL) {
        ecf = rp_event_get_conf(cycle);
        if (ecf != NULL && ecf->multi_accept == 1) {
            multi_accept = 1;
        }
    }

    rp_epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (rp_epoll_fd == -1) {
        rp_log_error(RP_LOG_EMERG, cycle->log, errno,
                     "epoll_create1() failed");
        return RP_ERROR;
    }

    rp_epoll_list = calloc(RP_EVENT_LIST_SIZE, sizeof(struct epoll_event));
    if (rp_epoll_list == NULL) {
        rp_log_error(RP_LOG_EMERG, cycle->log, errno,
                     "calloc() of the epoll event list failed");
        goto failed;
    }

    if (rp_connection_init(max_connections, cycle->log) != RP_OK) {
        goto failed;
    }

    if (rp_event_accept_init(cycle, max_connections, multi_accept)
        != RP_OK)
    {
        goto failed;
    }

    return RP_OK;

failed:

    rp_event_loop_done(cycle);

    return RP_ERROR;
}


void
rp_event_loop_done(struct rp_cycle *cycle)
{
    rp_event_accept_done();
    rp_connection_done();
    rp_event_timer_done();

    free(rp_epoll_list);
    rp_epoll_list = NULL;

    if (rp_epoll_fd != -1) {
        if (close(rp_epoll_fd) == -1) {
            rp_log_error(RP_LOG_ALERT, cycle->log, errno,
                         "close() of epoll fd failed");
        }

        rp_epoll_fd = -1;
    }
}


void
rp_event_process(struct rp_cycle *cycle, const sigset_t *wait_mask)
{
    int        i, n, err, timeout;
    rp_msec_t  timer;

    timer = rp_event_timer_next();

    if (timer < 0) {
        timeout = -1;
    } else {
        timeout = (timer > INT_MAX) ? INT_MAX : (int) timer;
    }

    n = epoll_pwait(rp_epoll_fd, rp_epoll_list, RP_EVENT_LIST_SIZE, timeout,
                    wait_mask);
    err = (n == -1) ? errno : 0;

    rp_time_update();

    if (n == -1) {
        /* EINTR: a signal; the caller looks at its flags after return. */
        if (err != EINTR) {
            rp_log_error(RP_LOG_ALERT, cycle->log, err,
                         "epoll_pwait() failed");
        }

        n = 0;

    } else if (n == 0 && timeout == -1) {
        rp_log_error(RP_LOG_ALERT, cycle->log, 0,
                     "epoll_pwait() returned no events without timeout");
    }

    for (i = 0; i < n; i++) {
        rp_event_dispatch(&rp_epoll_list[i]);
    }

    /* Due timers run even after EINTR, so signals cannot starve them. */
    rp_event_expire_timers();
}


/* Call the read and/or write handler that one epoll report asks for. */
static void
rp_event_dispatch(const struct epoll_event *ee)
{
    unsigned               instance;
    uint32_t               revents;
    uintptr_t              tagged;
    struct rp_connection  *c;

    tagged = (uintptr_t) ee->data.ptr;
    instance = (unsigned) (tagged & 1);
    c = (struct rp_connection *) (tagged & ~(uintptr_t) 1);

    /* Closed, or closed and reused, by an earlier handler of this turn. */
    if (c->fd == -1 || c->read.instance != instance) {
        return;
    }

    revents = ee->events;

    /*
     * Errors and hang-ups are reported to both handlers as readiness:
     * their next read()/write() returns the error or EOF, which is where
     * it is handled.
     */
    if (revents & (EPOLLERR | EPOLLHUP)) {
        revents |= EPOLLIN | EPOLLOUT;
    }

    if (revents & EPOLLRDHUP) {
        revents |= EPOLLIN;
    }

    if ((revents & EPOLLIN) && c->read.active) {
        if (revents & EPOLLRDHUP) {
            c->read.pending_eof = 1;
        }

        c->read.ready = 1;

        if (c->read.handler != NULL) {
            c->read.handler(&c->read);
        }

        if (c->fd == -1 || c->write.instance != instance) {
            return;
        }
    }

    if ((revents & EPOLLOUT) && c->write.active) {
        c->write.ready = 1;

        if (c->write.handler != NULL) {
            c->write.handler(&c->write);
        }
    }
}


int
rp_event_ctl(int op, struct rp_connection *c, uint32_t events)
{
    struct epoll_event  ee;

    memset(&ee, 0, sizeof(ee));
    ee.events = events;
    ee.data.ptr = (void *) ((uintptr_t) c | c->read.instance);

    if (epoll_ctl(rp_epoll_fd, op, c->fd, &ee) == -1) {
        return RP_ERROR;
    }

    return RP_OK;
}


int
rp_event_add_conn(struct rp_connection *c)
{
    if (c->read.active && c->write.active) {
        return RP_OK;
    }

    if (rp_event_ctl(EPOLL_CTL_ADD, c,
                     EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET)
        != RP_OK)
    {
        rp_log_error(RP_LOG_ALERT, &c->log, errno,
                     "epoll_ctl(EPOLL_CTL_ADD, %d) failed", c->fd);
        return RP_ERROR;
    }

    c->read.active = 1;
    c->write.active = 1;

    return RP_OK;
}


int
rp_event_del_conn(struct rp_connection *c)
{
    if (!c->read.active && !c->write.active) {
        return RP_OK;
    }

    c->read.active = 0;
    c->write.active = 0;

    if (rp_event_ctl(EPOLL_CTL_DEL, c, 0) != RP_OK) {
        rp_log_error(RP_LOG_ALERT, &c->log, errno,
                     "epoll_ctl(EPOLL_CTL_DEL, %d) failed", c->fd);
        return RP_ERROR;
    }

    return RP_OK;
}
