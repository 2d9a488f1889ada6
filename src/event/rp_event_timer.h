/*
 * rp_event_timer.h - timers of the per-process event loop.
 *
 * Every timeout of a worker (read, send, keep-alive, upstream connect,
 * the accept pause) is a struct rp_event in one binary min-heap keyed by
 * the absolute time it fires (rp_current_msec + delay).  Each event
 * records its heap index, so adding, moving and deleting are O(log n)
 * and the loop learns its epoll timeout from the root in O(1).  The heap
 * belongs to one process and is not locked.
 */

#ifndef RP_EVENT_TIMER_H
#define RP_EVENT_TIMER_H

#include "rp_config.h"
#include "rp_core.h"

struct rp_event;

/*
 * Arm <ev> to fire <msec> ms after the cached clock (negative counts as
 * 0); if it is already armed, it is moved to the new time.  A timer armed
 * by a handler running inside rp_event_expire_timers() never fires in
 * that same pass (a 0 ms timer fires on the next turn), so a handler that
 * re-arms itself cannot loop forever.  Returns RP_OK, or RP_ERROR when
 * the heap could not grow (the event is then not armed; nothing logged).
 */
int rp_event_add_timer(struct rp_event *ev, rp_msec_t msec);

/* Disarm <ev>; harmless when it is not armed. */
void rp_event_del_timer(struct rp_event *ev);

/*
 * Milliseconds from the cached clock until the nearest timer fires (0
 * when one is already due), or -1 when no timer is armed.
 */
rp_msec_t rp_event_timer_next(void);

/*
 * Fire every timer due at the cached clock, earliest first: each is
 * removed from the heap, gets ev->timedout = 1, and its handler runs.
 * Handlers may add and delete timers (their own and others') freely.
 */
void rp_event_expire_timers(void);

/* Number of armed timers (shutdown waits for 0; tests). */
size_t rp_event_timer_count(void);

/*
 * Free the heap.  Armed events keep timer_set = 1 and must not be used
 * with the timer functions until re-initialised; for process exit and
 * tests.
 */
void rp_event_timer_done(void);

#endif /* RP_EVENT_TIMER_H */
