/*
 * rp_connection.h - connection objects of a worker.
 *
 * A worker owns exactly worker_connections struct rp_connection objects,
 * allocated once when its loop starts and recycled through a free list:
 * a client connection (from accept) or an upstream connection takes one
 * with rp_connection_get() and gives it back with rp_connection_close().
 * When the list is empty the worker is at its configured capacity; the
 * accept path then pauses instead of failing (rp_event_accept.c).
 *
 * Connections waiting for a request (keep-alive, or a fresh connection
 * that has sent nothing yet) are put on the idle list, so a graceful
 * shutdown can close them at once while busy ones finish their request.
 */

#ifndef RP_CONNECTION_H
#define RP_CONNECTION_H

#include "rp_config.h"
#include <sys/socket.h>
#include "rp_core.h"
#include "rp_event.h"

struct rp_listening;

/* The pool accept gives each client connection: first block, cap. */
#define RP_CONNECTION_POOL_BLOCK  512
#define RP_CONNECTION_POOL_MAX    (256 * 1024)

struct rp_connection {
    int                       fd;          /* -1 when free */
    void                     *data;        /* the owner's state (http) */

    struct rp_event           read;
    struct rp_event           write;

    struct rp_listening      *listening;   /* NULL for upstream conns */

    struct sockaddr_storage   sockaddr;    /* the peer */
    socklen_t                 socklen;
    struct rp_str             addr_text;   /* "127.0.0.1", "::1" */

    struct rp_pool           *pool;        /* destroyed by close */
    struct rp_log             log;         /* per-connection copy */

    uint64_t                  number;      /* per-worker counter, from 1 */
    rp_msec_t                 start;       /* rp_current_msec at get */

    struct rp_connection     *next;        /* free list */
    struct rp_connection     *idle_prev;   /* idle list */
    struct rp_connection     *idle_next;

    unsigned                  idle:1;      /* on the idle list */
    unsigned                  close:1;     /* close at the next chance */
    unsigned                  destroyed:1; /* closed; object is free */
};

/*
 * Allocate the <n> connection objects of this process and chain them on
 * the free list (called by rp_event_loop_init(); calling it again frees
 * the previous set, which must have no open connection).  Returns RP_OK,
 * or RP_ERROR after logging on <log> when memory is short or n is 0.
 */
int rp_connection_init(size_t n, struct rp_log *log);

/* Free the connection objects (rp_event_loop_done()). */
void rp_connection_done(void);

/*
 * Take a free connection object for socket <fd>.  Everything is reset:
 * fd, read/write events (data = c, log = &c->log, write.write = 1),
 * c->log a copy of <log>, a new number, start = rp_current_msec; pool,
 * listening, data and handlers are NULL.  Returns NULL when all
 * worker_connections are in use (nothing is logged: the caller knows
 * what it was trying to do) - the fd is then still the caller's.
 */
struct rp_connection *rp_connection_get(int fd, struct rp_log *log);

/*
 * Close <c>: delete its timers, remove it from epoll and from the idle
 * list, close the fd, destroy c->pool (running its cleanups) and put the
 * object back on the free list.  Pending epoll reports for it in the
 * current turn are ignored (fd == -1, instance bit).  The caller must
 * not touch <c> afterwards.
 */
void rp_connection_close(struct rp_connection *c);

/*
 * Put <c> on the idle list (<idle> 1) or take it off (0); idempotent.
 * Idle means "no request in progress: may be closed at shutdown".
 */
void rp_connection_set_idle(struct rp_connection *c, int idle);

/*
 * Graceful shutdown: for each idle connection, set c->close and call its
 * read handler (so the owner can release its state and close it); a
 * connection still open and idle afterwards is closed here.  On return
 * the idle list is empty.
 */
void rp_connection_close_idle(void);

/*
 * Set once the worker began a graceful stop (rp_connection_close_idle):
 * protocol code then ends keep-alive connections after their current
 * request instead of waiting for another.
 */
extern unsigned  rp_connection_draining;

/* Connections taken from the free list and not yet closed. */
size_t rp_connection_active_count(void);

/* Objects left on the free list. */
size_t rp_connection_free_count(void);

#endif /* RP_CONNECTION_H */
