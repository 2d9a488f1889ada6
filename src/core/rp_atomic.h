/*
 * rp_atomic.h - lock-free counters for state shared between processes.
 *
 * Backend state in a shared zone (connection counts, failure windows,
 * latency averages) is read on every request and written on most, by
 * every worker.  Taking the zone lock for each of those would serialise
 * the workers, so such fields are rp_atomic_t and use these relaxed C11
 * operations: each read or write is whole, and a compare-and-swap lets
 * exactly one process win a race (the one live probe of a failed peer).
 * Lock-free 64-bit atomics are address-free, so they work across
 * processes that map the same memory.
 */

#ifndef RP_ATOMIC_H
#define RP_ATOMIC_H

#include <stdatomic.h>
#include <stdint.h>

typedef _Atomic int64_t  rp_atomic_t;

#define rp_atomic_get(p)                                                     \
    atomic_load_explicit((p), memory_order_relaxed)

#define rp_atomic_set(p, v)                                                  \
    atomic_store_explicit((p), (v), memory_order_relaxed)

/* Adds <v> and returns the value before. */
#define rp_atomic_add(p, v)                                                  \
    atomic_fetch_add_explicit((p), (v), memory_order_relaxed)

/* Sets *p to <nv> if it is *old; else stores the current value in *old. */
#define rp_atomic_cas(p, old, nv)                                            \
    atomic_compare_exchange_strong_explicit((p), (old), (nv),                \
        memory_order_relaxed, memory_order_relaxed)

/* Subtracts one unless the value is already zero or less. */
static inline void
rp_atomic_dec_floor(rp_atomic_t *p)
{
    int64_t  v;

    v = rp_atomic_get(p);

    while (v > 0 && !rp_atomic_cas(p, &v, v - 1)) {
        /* v was reloaded by the failed exchange */
    }
}

#endif /* RP_ATOMIC_H */
