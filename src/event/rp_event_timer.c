/*
 * rp_event_timer.c - the timer heap of the event loop.
 *
 * A binary min-heap of struct rp_event pointers ordered by timer_key (the
 * absolute rp_current_msec at which the event fires); each event stores
 * its index so it can be moved or removed in O(log n) without a search.
 * The heap grows by doubling with realloc() and never shrinks: its size
 * follows the peak number of timers of the worker, a few per connection.
 * rp_event_process() asks rp_event_timer_next() for the epoll timeout and
 * calls rp_event_expire_timers() after dispatching I/O.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_event.h"
#include "rp_event_timer.h"

#define RP_TIMER_LAZY  300            /* ms */

#define RP_TIMER_HEAP_MIN  64

static void rp_event_timer_place(struct rp_event *ev, size_t i);
static void rp_event_timer_sift_up(size_t i);
static void rp_event_timer_sift_down(size_t i);
static void rp_event_timer_remove(size_t i);
static int rp_event_timer_grow(void);

static struct rp_event  **rp_timer_heap;
static size_t             rp_timer_n;
static size_t             rp_timer_nalloc;
static int                rp_timer_expiring;
static rp_msec_t          rp_timer_expiry_now;


int
rp_event_add_timer(struct rp_event *ev, rp_msec_t msec)
{
    rp_msec_t  now, key;

    now = rp_current_msec;

    if (msec < 0) {
        msec = 0;
    }

    if (msec > INT64_MAX - now) {
        msec = INT64_MAX - now;
    }

    key = now + msec;

    /*
     * Inside an expiry pass everything with key <= the pass's clock is
     * fired; a timer armed from a handler must wait for the next pass.
     */
    if (rp_timer_expiring && key <= rp_timer_expiry_now) {
        key = rp_timer_expiry_now + 1;
    }

    if (ev->timer_set) {
        RP_ASSERT(ev->timer_index < rp_timer_n
                  && rp_timer_heap[ev->timer_index] == ev);

        /*
         * Re-arming a timer to nearly the same deadline (a keep-alive
         * connection re-arms its timeouts on every request) keeps the
         * old one: it may fire up to 1/64 of the timeout, at most
         * RP_TIMER_LAZY ms, away from the new deadline.
         */
        if (key - ev->timer_key <= rp_min(msec / 64, RP_TIMER_LAZY)
            && ev->timer_key - key <= rp_min(msec / 64, RP_TIMER_LAZY))
        {
            return RP_OK;
        }

        ev->timer_key = key;
        rp_event_timer_sift_up(ev->timer_index);
        rp_event_timer_sift_down(ev->timer_index);
        return RP_OK;
    }

    if (rp_timer_n == rp_timer_nalloc && rp_event_timer_grow() != RP_OK) {
        return RP_ERROR;
    }

    ev->timer_key = key;
    ev->timer_set = 1;
    rp_event_timer_place(ev, rp_timer_n++);
    rp_event_timer_sift_up(ev->timer_index);

    return RP_OK;
}


void
rp_event_del_timer(struct rp_event *ev)
{
    if (!ev->timer_set) {
        return;
    }

    RP_ASSERT(ev->timer_index < rp_timer_n
              && rp_timer_heap[ev->timer_index] == ev);

    rp_event_timer_remove(ev->timer_index);
    ev->timer_set = 0;
}


rp_msec_t
rp_event_timer_next(void)
{
    rp_msec_t  delta;

    if (rp_timer_n == 0) {
        return -1;
    }

    delta = rp_timer_heap[0]->timer_key - rp_current_msec;

    return delta > 0 ? delta : 0;
}


void
rp_event_expire_timers(void)
{
    int               saved;
    rp_msec_t         saved_now;
    struct rp_event  *ev;

    /* A handler could run a nested loop turn; keep the outer pass's state. */
    saved = rp_timer_expiring;
    saved_now = rp_timer_expiry_now;

    rp_timer_expiring = 1;
    rp_timer_expiry_now = rp_current_msec;

    while (rp_timer_n > 0
           && rp_timer_heap[0]->timer_key <= rp_timer_expiry_now)
    {
        ev = rp_timer_heap[0];
        rp_event_timer_remove(0);
        ev->timer_set = 0;
        ev->timedout = 1;

        if (ev->handler != NULL) {
            ev->handler(ev);
        }
    }

    rp_timer_expiring = saved;
    rp_timer_expiry_now = saved_now;
}


size_t
rp_event_timer_count(void)
{
    return rp_timer_n;
}


void
rp_event_timer_done(void)
{
    free(rp_timer_heap);
    rp_timer_heap = NULL;
    rp_timer_n = 0;
    rp_timer_nalloc = 0;
}


/* Store <ev> at heap slot <i> and record the slot in the event. */
static void
rp_event_timer_place(struct rp_event *ev, size_t i)
{
    rp_timer_heap[i] = ev;
    ev->timer_index = i;
}


static void
rp_event_timer_sift_up(size_t i)
{
    size_t            parent;
    struct rp_event  *ev;

    ev = rp_timer_heap[i];

    while (i > 0) {
        parent = (i - 1) / 2;

        if (rp_timer_heap[parent]->timer_key <= ev->timer_key) {
            break;
        }

        rp_event_timer_place(rp_timer_heap[parent], i);
        i = parent;
    }

    rp_event_timer_place(ev, i);
}


static void
rp_event_timer_sift_down(size_t i)
{
    size_t            child;
    struct rp_event  *ev;

    ev = rp_timer_heap[i];

    for ( ;; ) {
        child = 2 * i + 1;

        if (child >= rp_timer_n) {
            break;
        }

        if (child + 1 < rp_timer_n
            && rp_timer_heap[child + 1]->timer_key
               < rp_timer_heap[child]->timer_key)
        {
            child++;
        }

        if (rp_timer_heap[child]->timer_key >= ev->timer_key) {
            break;
        }

        rp_event_timer_place(rp_timer_heap[child], i);
        i = child;
    }

    rp_event_timer_place(ev, i);
}


/* Take slot <i> out: the last element fills the hole and is re-sifted. */
static void
rp_event_timer_remove(size_t i)
{
    struct rp_event  *last;

    last = rp_timer_heap[--rp_timer_n];
    rp_timer_heap[rp_timer_n] = NULL;

    if (i == rp_timer_n) {
        return;
    }

    rp_event_timer_place(last, i);
    rp_event_timer_sift_up(i);
    rp_event_timer_sift_down(last->timer_index);
}


/* Double the heap's capacity; RP_ERROR if realloc() fails. */
static int
rp_event_timer_grow(void)
{
    size_t             nalloc;
    struct rp_event  **heap;

    nalloc = rp_timer_nalloc ? rp_timer_nalloc * 2 : RP_TIMER_HEAP_MIN;

    if (nalloc < rp_timer_nalloc
        || nalloc > SIZE_MAX / sizeof(struct rp_event *))
    {
        return RP_ERROR;
    }

    heap = realloc(rp_timer_heap, nalloc * sizeof(struct rp_event *));
    if (heap == NULL) {
        return RP_ERROR;
    }

    rp_timer_heap = heap;
    rp_timer_nalloc = nalloc;

    return RP_OK;
}
