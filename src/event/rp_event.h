/*
 * rp_event.h - the per-worker event loop (epoll) and the "events" block.
 *
 * Each worker runs one single-threaded loop: rp_event_process() waits in
 * epoll_pwait() until a socket is ready, a timer is due or a signal
 * arrives, refreshes the cached clock, calls the handlers of the ready
 * events and then those of the expired timers.  Connections are
 * registered once, edge-triggered for both directions (nginx style), so
 * a handler that sees ev->ready must read or write until EAGAIN before
 * it can expect another call.  Listening sockets are level-triggered and
 * handled by rp_event_accept() (rp_event_accept.c).
 *
 * Timers: rp_event_timer.h.  Connection objects: rp_connection.h.
 * Listening sockets: rp_listen.h.
 */

#ifndef RP_EVENT_H
#define RP_EVENT_H

#include "rp_config.h"
#include <signal.h>
#include "rp_core.h"
#include "rp_module.h"

struct rp_connection;
struct rp_cycle;
struct rp_event;

typedef void (*rp_event_handler_pt)(struct rp_event *ev);

/*
 * One direction of a connection (c->read, c->write), a listening
 * socket's accept event, or a bare timer.  Flags:
 *   active       registered in epoll (connections: both directions)
 *   ready        the loop saw readiness; the handler clears it on EAGAIN
 *   eof          the reader saw end of stream (set by the I/O layer)
 *   pending_eof  epoll reported EPOLLRDHUP: eof follows the buffered data
 *   error        an I/O error was seen (set by the I/O layer)
 *   timedout     set just before the handler runs for an expired timer;
 *                the handler clears it
 *   timer_set    in the timer heap (timer_key, timer_index are valid)
 *   accept       the read event of a listening socket
 *   write        the write direction of a connection
 *   closed       the connection was closed (the object may be reused)
 *   instance     flips each time a connection object is reused, so a
 *                stale epoll report for the previous user is ignored
 */
struct rp_event {
    void                 *data;        /* the connection, or owner data */
    rp_event_handler_pt   handler;
    struct rp_log        *log;

    rp_msec_t             timer_key;   /* absolute rp_current_msec */
    size_t                timer_index; /* position in the heap */

    unsigned              active:1;
    unsigned              ready:1;
    unsigned              eof:1;
    unsigned              pending_eof:1;
    unsigned              error:1;
    unsigned              timedout:1;
    unsigned              timer_set:1;
    unsigned              accept:1;
    unsigned              write:1;
    unsigned              closed:1;
    unsigned              instance:1;
};

/* The "events { }" block (rp_event_module.c). */
struct rp_event_conf {
    int64_t               connections;   /* worker_connections, def. 512 */
    int                   multi_accept;  /* flag, default off */
    unsigned              seen:1;        /* an events block was parsed */
};

#define RP_EVENT_DEFAULT_CONNECTIONS  512
#define RP_EVENT_MAX_CONNECTIONS      1048576

/* Accepts per wakeup of a listening socket without multi_accept. */
#define RP_EVENT_ACCEPT_BATCH         64

/* How long accepting pauses when connections or fds run out. */
#define RP_EVENT_ACCEPT_PAUSE         500

extern struct rp_module  rp_event_core_module;

/*
 * Which reuseport clones this process listens on: the worker's number
 * (0..N-1), set by the os layer after fork and before
 * rp_event_loop_init(); -1 outside workers.  A single-process run sets
 * it to 0 (rp_listen_open() was then called with one worker).
 */
extern int  rp_worker_index;

/*
 * Set up this process's loop: the epoll instance (close-on-exec), a free
 * list of exactly <max_connections> connection objects, and the
 * registration of the listening sockets of <cycle> this worker serves
 * (shared ones, worker == -1, and its own reuseport clone, worker ==
 * rp_worker_index).  Reads multi_accept from the events conf when
 * cycle->conf_ctx is set (unit tests leave it NULL: defaults apply).
 * Worker context, after fork.  Returns RP_OK, or RP_ERROR after logging
 * on cycle->log (everything set up so far is released).
 */
int rp_event_loop_init(struct rp_cycle *cycle, size_t max_connections);

/*
 * Release what rp_event_loop_init() made: the epoll fd, the connection
 * objects (open connections are NOT closed: close them first), the
 * listening events (the sockets stay open) and the timer heap.  For a
 * clean exit under LeakSanitizer and for tests.
 */
void rp_event_loop_done(struct rp_cycle *cycle);

/*
 * One turn of the loop: wait for at most the time until the nearest
 * timer (forever if none) with <wait_mask> as the signal mask during the
 * wait (NULL keeps the current mask), update the cached clock, call the
 * handlers of ready events, then expire timers.  A signal interrupting
 * the wait (EINTR) is not an error: the turn still expires due timers
 * and returns so the caller can look at its signal flags.
 */
void rp_event_process(struct rp_cycle *cycle, const sigset_t *wait_mask);

/*
 * Register connection <c> (c->fd) for both directions, edge-triggered,
 * with EPOLLRDHUP; sets c->read.active and c->write.active.  Already
 * registered: nothing to do.  The first turn reports the directions that
 * are ready at once (a new socket is writable).  Returns RP_OK, or
 * RP_ERROR after logging on c->log.
 */
int rp_event_add_conn(struct rp_connection *c);

/*
 * Remove <c> from epoll if it is registered (rp_connection_close() does
 * this).  Returns RP_OK, or RP_ERROR after logging on c->log.
 */
int rp_event_del_conn(struct rp_connection *c);

/*
 * Low-level epoll_ctl(<op>) for <c>->fd with <events>; the epoll data is
 * <c> tagged with its instance bit.  Returns RP_OK, or RP_ERROR with
 * errno set (nothing is logged).  For rp_event_accept.c.
 */
int rp_event_ctl(int op, struct rp_connection *c, uint32_t events);

/* --- accepting (rp_event_accept.c) ---------------------------------- */

/*
 * Read handler of a listening socket's event: accepts up to
 * RP_EVENT_ACCEPT_BATCH connections (all pending ones with
 * multi_accept), gives each a connection object with c->listening, the
 * peer's sockaddr and addr_text, and a pool (RP_CONNECTION_POOL_*), and
 * calls ls->handler(c).  The connection is not yet in epoll: the handler
 * sets its event handlers and calls rp_event_add_conn() (or closes it).
 */
void rp_event_accept(struct rp_event *ev);

/*
 * Create and register the listening events of this worker (called by
 * rp_event_loop_init()).  <nconnections> is worker_connections, for the
 * "not enough" message; <multi_accept> is the flag.  Returns RP_OK or
 * RP_ERROR after logging on cycle->log.
 */
int rp_event_accept_init(struct rp_cycle *cycle, size_t nconnections,
    int multi_accept);

/* Free the listening events (the sockets are left alone). */
void rp_event_accept_done(void);

/*
 * Graceful shutdown in a worker: remove this worker's listening sockets
 * from epoll, cancel a pending accept re-enable, and close every
 * listening fd this process holds (the master keeps its own copies).
 * Sets ls->fd to -1 in this process's copy of <cycle>.
 */
void rp_event_close_listening(struct rp_cycle *cycle);

/* --- the events block (rp_event_module.c) --------------------------- */

/*
 * The events conf of <cycle>.  The cycle must have been built with
 * rp_event_core_module in the module list (its init_conf ran), so every
 * field holds a value.
 */
const struct rp_event_conf *rp_event_get_conf(const struct rp_cycle *cycle);

#endif /* RP_EVENT_H */
