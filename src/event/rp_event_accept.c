/*
 * rp_event_accept.c - accepting client connections in a worker.
 *
 * Each listening socket this worker serves gets a small connection
 * object of its own (not one of the worker_connections) whose read event
 * is rp_event_accept().  Shared sockets are registered level-triggered
 * with EPOLLEXCLUSIVE, so one new connection wakes one worker instead of
 * all of them; a worker's own reuseport clone is registered plainly.
 * When the worker runs out of connection objects or file descriptors it
 * stops polling its listening sockets for RP_EVENT_ACCEPT_PAUSE ms,
 * leaving new connections in the kernel backlog for other workers or for
 * later, and says so once in the error log.
 */

#include "rp_config.h"
#include <sys/epoll.h>
#include <sys/socket.h>
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_cycle.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_listen.h"

static void rp_event_accept_one(struct rp_listening *ls, int s,
    const struct sockaddr_storage *sa, socklen_t socklen);
static void rp_event_accept_pause(struct rp_log *log, int err);
static void rp_event_accept_disable(void);
static void rp_event_accept_enable(void);
static void rp_event_accept_resume(struct rp_event *ev);
static int rp_event_accept_register(struct rp_connection *lc);

static struct rp_connection  *rp_accept_conns;   /* one per listener */
static size_t                 rp_accept_n;
static size_t                 rp_accept_nconnections;
static int                    rp_accept_multi;
static struct rp_event        rp_accept_resume_ev;
static struct rp_log         *rp_accept_log;

/* Once per worker lifetime: the operator needs the hint, not a flood. */
static unsigned               rp_accept_logged_conns;
static unsigned               rp_accept_logged_fds;


int
rp_event_accept_init(struct rp_cycle *cycle, size_t nconnections,
    int multi_accept)
{
    size_t                 i, n;
    struct rp_listening   *ls;
    struct rp_connection  *lc;

    rp_event_accept_done();

    rp_accept_nconnections = nconnections;
    rp_accept_multi = multi_accept;
    rp_accept_log = cycle->log;

    memset(&rp_accept_resume_ev, 0, sizeof(struct rp_event));
    rp_accept_resume_ev.handler = rp_event_accept_resume;
    rp_accept_resume_ev.log = cycle->log;

    ls = cycle->listening.elts;
    n = 0;

    for (i = 0; i < cycle->listening.nelts; i++) {
        if (ls[i].fd != -1
            && (ls[i].worker == -1 || ls[i].worker == rp_worker_index))
        {
            n++;
        }
    }

    if (n == 0) {
        return RP_OK;
    }

    rp_accept_conns = calloc(n, sizeof(struct rp_connection));
    if (rp_accept_conns == NULL) {
        rp_log_error(RP_LOG_EMERG, cycle->log, errno,
                     "calloc() of listening events failed");
        return RP_ERROR;
    }

    for (i = 0; i < cycle->listening.nelts; i++) {
        if (ls[i].fd == -1
            || (ls[i].worker != -1 && ls[i].worker != rp_worker_index))
        {
            continue;
        }

        lc = &rp_accept_conns[rp_accept_n++];

        lc->fd = ls[i].fd;
        lc->listening = &ls[i];
        lc->log = *(ls[i].log != NULL ? ls[i].log : cycle->log);
        lc->read.data = lc;
        lc->read.log = &lc->log;
        lc->read.accept = 1;
        lc->read.handler = rp_event_accept;
        lc->write.data = lc;
        lc->write.log = &lc->log;
        lc->write.write = 1;

        if (rp_event_accept_register(lc) != RP_OK) {
            rp_log_error(RP_LOG_EMERG, cycle->log, errno,
                         "epoll_ctl(EPOLL_CTL_ADD) of listening socket "
                         RP_STR_FMT " failed",
                         RP_STR_ARG(ls[i].addr_text));
            return RP_ERROR;
        }
    }

    return RP_OK;
}


void
rp_event_accept_done(void)
{
    rp_event_del_timer(&rp_accept_resume_ev);

    free(rp_accept_conns);
    rp_accept_conns = NULL;
    rp_accept_n = 0;
}


/*
 * Start polling listener <lc>: EPOLLEXCLUSIVE for a shared socket (one
 * worker woken per connection), plain EPOLLIN for our reuseport clone.
 * Kernels before 4.5 reject EPOLLEXCLUSIVE with EINVAL: fall back.
 */
static int
rp_event_accept_register(struct rp_connection *lc)
{
    uint32_t  events;

    events = EPOLLIN;

    if (lc->listening->worker == -1) {
        events |= EPOLLEXCLUSIVE;
    }

    if (rp_event_ctl(EPOLL_CTL_ADD, lc, events) != RP_OK) {
        if (errno != EINVAL || !(events & EPOLLEXCLUSIVE)
            || rp_event_ctl(EPOLL_CTL_ADD, lc, EPOLLIN) != RP_OK)
        {
            return RP_ERROR;
        }
    }

    lc->read.active = 1;

    return RP_OK;
}


void
rp_event_accept(struct rp_event *ev)
{
    int                       s, err;
    size_t                    i, limit;
    socklen_t                 socklen;
    struct rp_listening      *ls;
    struct rp_connection     *lc;
    struct sockaddr_storage   sa;

    lc = ev->data;
    ls = lc->listening;
    ev->ready = 0;

    limit = rp_accept_multi ? SIZE_MAX : RP_EVENT_ACCEPT_BATCH;

    for (i = 0; i < limit; i++) {

        /* Full: leave the connection in the backlog, not accept+close. */
        if (rp_connection_free_count() == 0) {
            rp_event_accept_pause(ev->log, 0);
            return;
        }

        socklen = sizeof(sa);
        s = accept4(lc->fd, (struct sockaddr *) &sa, &socklen,
                    SOCK_NONBLOCK | SOCK_CLOEXEC);

        if (s == -1) {
            err = errno;

            if (err == EAGAIN || err == EWOULDBLOCK) {
                return;
            }

            /* The client gave up before we took it, or a signal. */
            if (err == ECONNABORTED || err == EINTR) {
                continue;
            }

            if (err == EMFILE || err == ENFILE) {
                rp_event_accept_pause(ev->log, err);
                return;
            }

            rp_log_error(RP_LOG_ALERT, ev->log, err,
                         "accept4() on " RP_STR_FMT " failed",
                         RP_STR_ARG(ls->addr_text));
            return;
        }

        rp_event_accept_one(ls, s, &sa, socklen);

        /* The handler may have started a graceful shutdown. */
        if (lc->fd == -1 || !lc->read.active) {
            return;
        }
    }
}


/*
 * Wrap accepted socket <s> in a connection and hand it to ls->handler.
 * Registering it in epoll is the handler's business: it sets c->read and
 * c->write handlers first, then calls rp_event_add_conn().
 */
static void
rp_event_accept_one(struct rp_listening *ls, int s,
    const struct sockaddr_storage *sa, socklen_t socklen)
{
    u_char                *text;
    struct rp_log         *log;
    struct rp_connection  *c;

    log = (ls->log != NULL) ? ls->log : rp_accept_log;

    c = rp_connection_get(s, log);
    if (c == NULL) {
        /* Cannot happen: the caller checked the free list. */
        (void) close(s);
        return;
    }

    c->listening = ls;

    if (socklen > sizeof(c->sockaddr)) {
        socklen = sizeof(c->sockaddr);
    }

    memcpy(&c->sockaddr, sa, socklen);
    c->socklen = socklen;

    c->pool = rp_pool_create(RP_CONNECTION_POOL_BLOCK,
                             RP_CONNECTION_POOL_MAX, &c->log);
    if (c->pool == NULL) {
        rp_log_error(RP_LOG_ALERT, &c->log, 0,
                     "could not create a connection pool");
        rp_connection_close(c);
        return;
    }

    text = rp_palloc(c->pool, RP_SOCKADDR_STRLEN);
    if (text == NULL) {
        rp_connection_close(c);
        return;
    }

    c->addr_text.len = rp_sockaddr_ntop((struct sockaddr *) &c->sockaddr,
                                        c->socklen, text,
                                        RP_SOCKADDR_STRLEN, 0);
    c->addr_text.data = text;

    rp_log_debug(&c->log, "accept: " RP_STR_FMT " fd:%d #%" PRIu64,
                 RP_STR_ARG(c->addr_text), c->fd, c->number);

    if (ls->handler == NULL) {
        rp_connection_close(c);
        return;
    }

    ls->handler(c);
}


/*
 * Out of connection objects (<err> 0) or of fds (<err> EMFILE/ENFILE):
 * stop polling the listening sockets and resume after a pause.
 */
static void
rp_event_accept_pause(struct rp_log *log, int err)
{
    if (err == 0) {
        if (!rp_accept_logged_conns) {
            rp_accept_logged_conns = 1;
            rp_log_error(RP_LOG_ALERT, log, 0,
                         "%u worker_connections are not enough, "
                         "not accepting new connections for %d ms",
                         (unsigned) rp_accept_nconnections,
                         RP_EVENT_ACCEPT_PAUSE);
        } else {
            rp_log_debug(log, "worker_connections exhausted, "
                         "accepting paused");
        }

    } else {
        if (!rp_accept_logged_fds) {
            rp_accept_logged_fds = 1;
            rp_log_error(RP_LOG_CRIT, log, err,
                         "accept4() failed, not accepting new connections "
                         "for %d ms", RP_EVENT_ACCEPT_PAUSE);
        } else {
            rp_log_debug(log, "accept4() out of fds, accepting paused");
        }
    }

    rp_event_accept_disable();

    if (rp_event_add_timer(&rp_accept_resume_ev, RP_EVENT_ACCEPT_PAUSE)
        != RP_OK)
    {
        /* Never stay deaf for good: better busy than unreachable. */
        rp_event_accept_enable();
    }
}


/* Remove every listening socket of this worker from epoll. */
static void
rp_event_accept_disable(void)
{
    size_t                 i;
    struct rp_connection  *lc;

    for (i = 0; i < rp_accept_n; i++) {
        lc = &rp_accept_conns[i];

        if (lc->fd == -1 || !lc->read.active) {
            continue;
        }

        if (rp_event_ctl(EPOLL_CTL_DEL, lc, 0) != RP_OK) {
            rp_log_error(RP_LOG_ALERT, &lc->log, errno,
                         "epoll_ctl(EPOLL_CTL_DEL) of listening socket "
                         RP_STR_FMT " failed",
                         RP_STR_ARG(lc->listening->addr_text));
        }

        lc->read.active = 0;
    }
}


/* Poll the listening sockets again (those not closed meanwhile). */
static void
rp_event_accept_enable(void)
{
    size_t                 i;
    struct rp_connection  *lc;

    for (i = 0; i < rp_accept_n; i++) {
        lc = &rp_accept_conns[i];

        if (lc->fd == -1 || lc->read.active) {
            continue;
        }

        if (rp_event_accept_register(lc) != RP_OK) {
            rp_log_error(RP_LOG_ALERT, &lc->log, errno,
                         "epoll_ctl(EPOLL_CTL_ADD) of listening socket "
                         RP_STR_FMT " failed",
                         RP_STR_ARG(lc->listening->addr_text));
        }
    }
}


/* Timer handler: the accept pause is over. */
static void
rp_event_accept_resume(struct rp_event *ev)
{
    ev->timedout = 0;
    rp_event_accept_enable();
}


void
rp_event_close_listening(struct rp_cycle *cycle)
{
    size_t                 i;
    struct rp_listening   *ls;
    struct rp_connection  *lc;

    rp_event_del_timer(&rp_accept_resume_ev);

    /* Out of epoll first: a closed fd must not stay registered. */
    rp_event_accept_disable();

    for (i = 0; i < rp_accept_n; i++) {
        lc = &rp_accept_conns[i];
        lc->fd = -1;
    }

    ls = cycle->listening.elts;

    for (i = 0; i < cycle->listening.nelts; i++) {
        if (ls[i].fd == -1) {
            continue;
        }

        if (close(ls[i].fd) == -1) {
            rp_log_error(RP_LOG_ALERT, cycle->log, errno,
                         "close() of listening socket " RP_STR_FMT
                         " failed", RP_STR_ARG(ls[i].addr_text));
        }

        ls[i].fd = -1;
    }
}
