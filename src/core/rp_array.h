/*
 * rp_array.h - a growable array of fixed-size elements allocated from a
 * pool.  Growth doubles the capacity; the old block is left to the pool
 * (it dies with it), so pointers to elements are invalidated by a push
 * that grows the array.
 */

#ifndef RP_ARRAY_H
#define RP_ARRAY_H

#include "rp_config.h"

struct rp_pool;

struct rp_array {
    void             *elts;
    size_t            nelts;
    size_t            size;      /* bytes per element */
    size_t            nalloc;    /* capacity in elements */
    struct rp_pool   *pool;
};

struct rp_array *rp_array_create(struct rp_pool *pool, size_t n,
    size_t size);
int rp_array_init(struct rp_array *a, struct rp_pool *pool, size_t n,
    size_t size);
void *rp_array_push(struct rp_array *a);

#endif /* RP_ARRAY_H */
