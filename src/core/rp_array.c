/*
 * rp_array.c - pool-backed growable arrays (see rp_array.h).
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_array.h"
#include "rp_pool.h"


/* Allocate an array header and room for <n> elements of <size> bytes. */
struct rp_array *
rp_array_create(struct rp_pool *pool, size_t n, size_t size)
{
    struct rp_array  *a;

    a = rp_palloc(pool, sizeof(struct rp_array));
    if (a == NULL) {
        return NULL;
    }

    if (rp_array_init(a, pool, n, size) != RP_OK) {
        return NULL;
    }

    return a;
}


/* Initialise an array header the caller owns.  RP_OK or RP_ERROR. */
int
rp_array_init(struct rp_array *a, struct rp_pool *pool, size_t n, size_t size)
{
    a->nelts = 0;
    a->size = size;
    a->nalloc = n ? n : 1;
    a->pool = pool;

    a->elts = rp_palloc(pool, a->nalloc * size);

    return a->elts ? RP_OK : RP_ERROR;
}


/*
 * Append one zeroed element and return it; NULL when the pool refuses to
 * grow the array (its cap), in which case the array is unchanged.
 */
void *
rp_array_push(struct rp_array *a)
{
    void    *elt, *n;
    size_t   nalloc;

    if (a->nelts == a->nalloc) {
        if (a->nalloc > SIZE_MAX / 2 / a->size) {
            return NULL;
        }

        nalloc = 2 * a->nalloc;

        n = rp_palloc(a->pool, nalloc * a->size);
        if (n == NULL) {
            return NULL;
        }

        memcpy(n, a->elts, a->nelts * a->size);
        a->elts = n;
        a->nalloc = nalloc;
    }

    elt = (u_char *) a->elts + a->size * a->nelts;
    a->nelts++;

    memset(elt, 0, a->size);

    return elt;
}
