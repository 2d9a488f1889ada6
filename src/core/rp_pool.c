/*
 * rp_pool.c - memory regions (see rp_pool.h for the model).
 *
 * Small requests are bump-allocated from the current block, 16-byte
 * aligned; when it is full a new block is chained and becomes current.
 * Requests above a quarter of the block size are "large": they get their
 * own malloc, are listed for destroy, and may be released early with
 * rp_pfree().  <total> counts every byte the pool took from malloc so
 * that <max_total> bounds what one connection or request can hold.
 */

#include "rp_config.h"
#include "rp_core.h"

#define RP_POOL_ALIGN  16

struct rp_pool_block {
    struct rp_pool_block  *next;
    u_char                *last;    /* first free byte */
    u_char                *end;
    unsigned               failed;  /* times it could not serve a request */
};

struct rp_pool_large {
    struct rp_pool_large  *next;
    void                  *alloc;
    size_t                 size;
};


static int
rp_pool_charge(struct rp_pool *pool, size_t size)
{
    if (pool->max_total && pool->total + size > pool->max_total) {
        return RP_ERROR;
    }

    pool->total += size;

    return RP_OK;
}


static struct rp_pool_block *
rp_pool_block_new(struct rp_pool *pool)
{
    struct rp_pool_block  *b;
    size_t                 size;

    size = pool->block_size;

    if (rp_pool_charge(pool, size) != RP_OK) {
        return NULL;
    }

    b = malloc(size);
    if (b == NULL) {
        pool->total -= size;
        return NULL;
    }

    b->next = NULL;
    b->last = (u_char *) b + rp_align(sizeof(struct rp_pool_block),
                                      RP_POOL_ALIGN);
    b->end = (u_char *) b + size;
    b->failed = 0;

    return b;
}


/*
 * Create a pool whose blocks are <block_size> bytes (0: the default) and
 * which refuses to hold more than <max_total> bytes (0: no cap).  Errors
 * are logged on <log> by the caller.  NULL when malloc fails.
 */
struct rp_pool *
rp_pool_create(size_t block_size, size_t max_total, struct rp_log *log)
{
    struct rp_pool        *pool;
    struct rp_pool_block  *b;
    size_t                 head;

    if (block_size == 0) {
        block_size = RP_POOL_DEFAULT_BLOCK;
    }

    if (block_size < 512) {
        block_size = 512;
    }

    /*
     * The pool header lives at the start of its first block: one malloc
     * per pool instead of two (a pool per connection and per request).
     */
    head = rp_align(sizeof(struct rp_pool), RP_POOL_ALIGN);

    if (max_total && block_size > max_total) {
        return NULL;
    }

    pool = malloc(block_size);
    if (pool == NULL) {
        return NULL;
    }

    memset(pool, 0, sizeof(struct rp_pool));
    pool->block_size = block_size;
    pool->max_total = max_total;
    pool->total = block_size;
    pool->log = log;

    b = (struct rp_pool_block *) ((u_char *) pool + head);
    b->next = NULL;
    b->last = (u_char *) b + rp_align(sizeof(struct rp_pool_block),
                                      RP_POOL_ALIGN);
    b->end = (u_char *) pool + block_size;
    b->failed = 0;

    pool->blocks = b;
    pool->current = b;

    return pool;
}


/*
 * Run the cleanup handlers (last registered first), then free large
 * allocations, blocks and the pool itself.  NULL is accepted.
 */
void
rp_pool_destroy(struct rp_pool *pool)
{
    struct rp_pool_cleanup  *c;
    struct rp_pool_large    *l, *ln;
    struct rp_pool_block    *b, *bn;

    if (pool == NULL) {
        return;
    }

    for (c = pool->cleanup; c; c = c->next) {
        if (c->handler) {
            c->handler(c->data);
        }
    }

    for (l = pool->large; l; l = ln) {
        ln = l->next;
        free(l->alloc);
        free(l);
    }

    /* the first block shares the pool's allocation, freed last */
    for (b = pool->blocks->next; b; b = bn) {
        bn = b->next;
        free(b);
    }

    free(pool);
}


static void *
rp_palloc_large(struct rp_pool *pool, size_t size)
{
    struct rp_pool_large  *l;

    if (rp_pool_charge(pool, size) != RP_OK) {
        return NULL;
    }

    l = malloc(sizeof(struct rp_pool_large));
    if (l == NULL) {
        pool->total -= size;
        return NULL;
    }

    l->alloc = malloc(size);
    if (l->alloc == NULL) {
        pool->total -= size;
        free(l);
        return NULL;
    }

    l->size = size;
    l->next = pool->large;
    pool->large = l;

    return l->alloc;
}


/*
 * Allocate <size> bytes, 16-byte aligned, living until the pool is
 * destroyed.  NULL when the cap is reached or malloc fails.
 */
void *
rp_palloc(struct rp_pool *pool, size_t size)
{
    struct rp_pool_block  *b, *nb;
    u_char                *p;

    if (size > pool->block_size / 4) {
        return rp_palloc_large(pool, size);
    }

    size = rp_align(size ? size : 1, RP_POOL_ALIGN);

    for (b = pool->current; b; b = b->next) {
        if ((size_t) (b->end - b->last) >= size) {
            p = b->last;
            b->last += size;
            return p;
        }

        /* a block that failed often is skipped from then on */
        if (++b->failed > 4 && b == pool->current && b->next) {
            pool->current = b->next;
        }
    }

    nb = rp_pool_block_new(pool);
    if (nb == NULL) {
        return NULL;
    }

    for (b = pool->current; b->next; b = b->next) {
        /* find the tail */
    }

    b->next = nb;

    p = nb->last;
    nb->last += size;

    return p;
}


/* rp_palloc() and zero the memory. */
void *
rp_pcalloc(struct rp_pool *pool, size_t size)
{
    void  *p;

    p = rp_palloc(pool, size);
    if (p) {
        memset(p, 0, size);
    }

    return p;
}


/*
 * Release a large allocation before the pool dies (buffers of a long
 * transfer).  RP_OK, or RP_DECLINED when <p> is not a large allocation.
 */
int
rp_pfree(struct rp_pool *pool, void *p)
{
    struct rp_pool_large  **lp, *l;

    for (lp = &pool->large; *lp; lp = &(*lp)->next) {
        l = *lp;

        if (l->alloc == p) {
            *lp = l->next;
            pool->total -= l->size;
            free(l->alloc);
            free(l);
            return RP_OK;
        }
    }

    return RP_DECLINED;
}


/*
 * Register a cleanup record; the caller sets ->handler and ->data.
 * Handlers run in reverse order of registration.  NULL on failure.
 */
struct rp_pool_cleanup *
rp_pool_cleanup_add(struct rp_pool *pool)
{
    struct rp_pool_cleanup  *c;

    c = rp_palloc(pool, sizeof(struct rp_pool_cleanup));
    if (c == NULL) {
        return NULL;
    }

    c->handler = NULL;
    c->data = NULL;
    c->next = pool->cleanup;
    pool->cleanup = c;

    return c;
}


/* Cleanup handler closing the file descriptor stored at <data> (an int). */
void
rp_pool_cleanup_fd(void *data)
{
    int  *fd = data;

    if (*fd != -1) {
        (void) close(*fd);
        *fd = -1;
    }
}
