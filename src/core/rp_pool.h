/*
 * rp_pool.h - memory regions with a named lifetime (STYLE 9).
 *
 * A pool hands out memory that lives until the pool is destroyed: the
 * cycle pool (config, freed when a reload retires the cycle), a
 * connection pool, a request pool.  Small allocations are carved from
 * blocks; allocations larger than a block get their own malloc and are
 * still freed with the pool.  Every pool has a cap on the total bytes it
 * may hold, so allocation can fail by design: callers check for NULL and
 * fail the request, never abort.
 *
 * Cleanup handlers (file descriptors, PCRE2 and OpenSSL objects) run in
 * reverse order of registration when the pool is destroyed.
 */

#ifndef RP_POOL_H
#define RP_POOL_H

#include "rp_config.h"

struct rp_log;

typedef void (*rp_pool_cleanup_pt)(void *data);

struct rp_pool_cleanup {
    rp_pool_cleanup_pt        handler;
    void                     *data;
    struct rp_pool_cleanup   *next;
};

struct rp_pool_block;
struct rp_pool_large;

struct rp_pool {
    struct rp_pool_block     *current;   /* block small allocations use */
    struct rp_pool_block     *blocks;    /* every block, for destroy */
    struct rp_pool_large     *large;
    struct rp_pool_cleanup   *cleanup;
    size_t                    block_size;
    size_t                    total;     /* bytes held (blocks + large) */
    size_t                    max_total; /* cap; 0 = unlimited */
    struct rp_log            *log;
};

#define RP_POOL_DEFAULT_BLOCK  (16 * 1024)

struct rp_pool *rp_pool_create(size_t block_size, size_t max_total,
    struct rp_log *log);
void rp_pool_destroy(struct rp_pool *pool);
void *rp_palloc(struct rp_pool *pool, size_t size);
void *rp_pcalloc(struct rp_pool *pool, size_t size);
int rp_pfree(struct rp_pool *pool, void *p);
struct rp_pool_cleanup *rp_pool_cleanup_add(struct rp_pool *pool);
void rp_pool_cleanup_fd(void *data);

#endif /* RP_POOL_H */
