/*
 * rp_connection.c - the free list and idle list of connection objects.
 *
 * rp_event_loop_init() allocates exactly worker_connections objects in
 * one array; getting and closing a connection are O(1) list operations.
 * Reusing an object flips the instance bit of its events, which is how
 * rp_event_process() recognises an epoll report that was meant for the
 * previous user of the object (closed earlier in the same loop turn).
 * Closing is the one place where a connection's timers, epoll
 * registration, fd and pool are released, so no path can forget one.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"


unsigned  rp_connection_draining;   /* graceful stop in progress */

static void rp_connection_idle_unlink(struct rp_connection *c);

static struct rp_connection  *rp_conn_array;
static size_t                 rp_conn_n;
static struct rp_connection  *rp_conn_free;
static size_t                 rp_conn_nfree;
static struct rp_connection  *rp_conn_idle;
static uint64_t               rp_conn_counter;


int
rp_connection_init(size_t n, struct rp_log *log)
{
    size_t                 i;
    struct rp_connection  *conns;

    if (n == 0) {
        rp_log_error(RP_LOG_EMERG, log, 0,
                     "worker_connections must be at least 1");
        return RP_ERROR;
    }

    conns = calloc(n, sizeof(struct rp_connection));
    if (conns == NULL) {
        rp_log_error(RP_LOG_EMERG, log, errno,
                     "calloc() of %zu connections failed", n);
        return RP_ERROR;
    }

    rp_connection_done();

    /* Chain in array order so the first get returns conns[0]. */
    rp_conn_free = NULL;

    for (i = n; i > 0; i--) {
        conns[i - 1].fd = -1;
        conns[i - 1].destroyed = 1;
        conns[i - 1].next = rp_conn_free;
        rp_conn_free = &conns[i - 1];
    }

    rp_conn_array = conns;
    rp_conn_n = n;
    rp_conn_nfree = n;
    rp_conn_idle = NULL;

    return RP_OK;
}


void
rp_connection_done(void)
{
    free(rp_conn_array);
    rp_conn_array = NULL;
    rp_conn_n = 0;
    rp_conn_free = NULL;
    rp_conn_nfree = 0;
    rp_conn_idle = NULL;
}


struct rp_connection *
rp_connection_get(int fd, struct rp_log *log)
{
    unsigned               instance;
    struct rp_connection  *c;

    c = rp_conn_free;
    if (c == NULL) {
        return NULL;
    }

    rp_conn_free = c->next;
    rp_conn_nfree--;

    instance = c->read.instance;
    memset(c, 0, sizeof(struct rp_connection));

    c->fd = fd;
    c->log = *log;
    c->number = ++rp_conn_counter;
    c->start = rp_current_msec;

    c->read.data = c;
    c->read.log = &c->log;
    c->read.instance = !instance;

    c->write.data = c;
    c->write.log = &c->log;
    c->write.write = 1;
    c->write.instance = !instance;

    return c;
}


void
rp_connection_close(struct rp_connection *c)
{
    int              fd;
    struct rp_pool  *pool;

    if (c->fd == -1) {
        rp_log_error(RP_LOG_ALERT, &c->log, 0, "connection already closed");
        return;
    }

    RP_ASSERT(c >= rp_conn_array && c < rp_conn_array + rp_conn_n);

    rp_event_del_timer(&c->read);
    rp_event_del_timer(&c->write);

    /*
     * No EPOLL_CTL_DEL: close() removes the fd from the epoll set, since
     * no other descriptor shares its open file (client and backend
     * sockets are made by this worker, close-on-exec, never dup'ed).
     * One system call less per connection.
     */
    c->read.active = 0;
    c->write.active = 0;

    if (c->idle) {
        rp_connection_idle_unlink(c);
    }

    fd = c->fd;
    c->fd = -1;
    c->destroyed = 1;
    c->read.closed = 1;
    c->write.closed = 1;
    c->read.ready = 0;
    c->write.ready = 0;

    if (close(fd) == -1) {
        rp_log_error(RP_LOG_ALERT, &c->log, errno, "close() socket %d failed",
                     fd);
    }

    /* Cleanups may log through c->log, which lives until the next get. */
    pool = c->pool;
    c->pool = NULL;

    if (pool != NULL) {
        rp_pool_destroy(pool);
    }

    c->next = rp_conn_free;
    rp_conn_free = c;
    rp_conn_nfree++;
}


void
rp_connection_set_idle(struct rp_connection *c, int idle)
{
    if (idle) {
        if (c->idle) {
            return;
        }

        c->idle = 1;
        c->idle_prev = NULL;
        c->idle_next = rp_conn_idle;

        if (rp_conn_idle != NULL) {
            rp_conn_idle->idle_prev = c;
        }

        rp_conn_idle = c;
        return;
    }

    if (c->idle) {
        rp_connection_idle_unlink(c);
    }
}


void
rp_connection_close_idle(void)
{
    uint64_t               number;
    struct rp_connection  *c;

    /*
     * Always restart from the head: a handler may close other idle
     * connections too, so a saved "next" pointer could be stale.  Each
     * iteration removes <c> from the list, so this terminates.
     */
    rp_connection_draining = 1;

    while (rp_conn_idle != NULL) {
        c = rp_conn_idle;
        c->close = 1;
        number = c->number;

        if (c->read.handler != NULL) {
            c->read.handler(&c->read);
        }

        /* Still ours (not closed and reused by the handler) and idle? */
        if (c->fd != -1 && c->number == number && c->idle) {
            rp_connection_close(c);
        }
    }
}


size_t
rp_connection_active_count(void)
{
    return rp_conn_n - rp_conn_nfree;
}


size_t
rp_connection_free_count(void)
{
    return rp_conn_nfree;
}


static void
rp_connection_idle_unlink(struct rp_connection *c)
{
    if (c->idle_prev != NULL) {
        c->idle_prev->idle_next = c->idle_next;
    } else {
        rp_conn_idle = c->idle_next;
    }

    if (c->idle_next != NULL) {
        c->idle_next->idle_prev = c->idle_prev;
    }

    c->idle_prev = NULL;
    c->idle_next = NULL;
    c->idle = 0;
}
