/*
 * rp_slab.h - a slab allocator that lives entirely inside one memory
 * range, normally a shared-memory zone (DESIGN 2, STYLE 19).
 *
 * The range is cut into 4 KiB pages.  Requests up to half a page are
 * rounded up to a power of two (8 .. 2048 bytes) and served from pages
 * dedicated to that size class, each with a bitmap of busy slots; larger
 * requests take a run of contiguous pages, first fit, and freed runs are
 * merged with free neighbours so big allocations stay possible.  All the
 * bookkeeping is stored in the range and only points into the range, so
 * the allocator works in every process that maps the zone at the same
 * address (zones are mapped by the master before it forks).
 *
 * Nothing here locks: the "_locked" functions expect the caller to hold
 * the zone's lock (rp_shm_lock(), or use rp_shm_alloc()/rp_shm_free()).
 * Running out of memory is ordinary and returns NULL.
 */

#ifndef RP_SLAB_H
#define RP_SLAB_H

#include "rp_config.h"

#define RP_SLAB_PAGE_SHIFT  12
#define RP_SLAB_PAGE_SIZE   ((size_t) 1 << RP_SLAB_PAGE_SHIFT)
#define RP_SLAB_MIN_SHIFT   3                        /* 8-byte class */
#define RP_SLAB_MAX_SHIFT   (RP_SLAB_PAGE_SHIFT - 1) /* page / 2 */
#define RP_SLAB_MIN_SIZE    ((size_t) 1 << RP_SLAB_MIN_SHIFT)
#define RP_SLAB_MAX_SIZE    ((size_t) 1 << RP_SLAB_MAX_SHIFT)
#define RP_SLAB_NCLASSES    (RP_SLAB_MAX_SHIFT - RP_SLAB_MIN_SHIFT + 1)

/* The pool header; its layout is private to rp_slab.c. */
struct rp_slab_pool;

/* Counters of one small size class. */
struct rp_slab_class_stats {
    size_t      size;       /* slot size in bytes */
    size_t      pages;      /* pages given to this class */
    size_t      used;       /* slots handed out */
    size_t      total;      /* slots in those pages (used + free) */
    uint64_t    reqs;       /* allocation requests */
    uint64_t    fails;      /* requests that returned NULL */
};

/*
 * A snapshot of a pool.  Invariant (checked by the tests):
 * pages_total == pages_free + large_pages + sum of classes[i].pages.
 */
struct rp_slab_stats {
    size_t                       pages_total;
    size_t                       pages_free;
    size_t                       large_pages;  /* in multi-page runs */
    size_t                       large_used;   /* live multi-page runs */
    uint64_t                     large_reqs;
    uint64_t                     large_fails;
    struct rp_slab_class_stats   classes[RP_SLAB_NCLASSES];
};

/*
 * Lays a pool over [<start>, <start> + <size>) and returns it (it is at
 * <start>), or NULL if the range cannot hold the header and at least
 * one page.  <start> must be aligned to 16 bytes; the range need not be
 * zeroed.  Any previous content is forgotten.  No lock needed: the
 * range must not be in use yet.
 */
struct rp_slab_pool *rp_slab_init(void *start, size_t size);

/*
 * Returns <size> bytes from <pool>, or NULL when the pool has no room
 * (counted in the stats).  Small blocks are aligned to their size class
 * (at least 8), multi-page blocks to a page.  A <size> of 0 is served
 * as the smallest class.  Zone lock held.
 */
void *rp_slab_alloc_locked(struct rp_slab_pool *pool, size_t size);

/* As rp_slab_alloc_locked(), with the block zeroed.  Zone lock held. */
void *rp_slab_calloc_locked(struct rp_slab_pool *pool, size_t size);

/*
 * Returns <p> to <pool>.  RP_OK, or RP_ERROR without touching the pool
 * if <p> is not a live block of this pool: outside it, not at the start
 * of a slot or run, or already freed.  Callers log that (after
 * unlocking) as a bug.  Zone lock held.
 */
int rp_slab_free_locked(struct rp_slab_pool *pool, void *p);

/* Copies the counters of <pool> into <st>.  Zone lock held. */
void rp_slab_stats(struct rp_slab_pool *pool, struct rp_slab_stats *st);

/*
 * Walks every page of <pool> and checks the allocator's invariants
 * (lists, run boundaries, bitmaps against counters).  RP_OK if all
 * hold; RP_ERROR if something is inconsistent or a process died in the
 * middle of an allocator call (see rp_shm_lock()'s RP_DONE).  Cost is
 * linear in the pool size: for tests and lock recovery, not the fast
 * path.  Zone lock held.
 */
int rp_slab_check(struct rp_slab_pool *pool);

/*
 * Makes every later allocation from <pool> fail and every free return
 * RP_ERROR, leaving the blocks in use readable.  For a pool that
 * rp_slab_check() found corrupt: a damaged allocator is never trusted
 * again (the zone gets a fresh one when its size changes or rampart
 * restarts).  Zone lock held.
 */
void rp_slab_disable(struct rp_slab_pool *pool);

/* 1 if <pool> was disabled, else 0.  Zone lock held. */
int rp_slab_is_disabled(struct rp_slab_pool *pool);

#endif /* RP_SLAB_H */
