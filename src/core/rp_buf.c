/*
 * rp_buf.c - allocating buffers and chain links (see rp_buf.h for the
 * invariants).
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_buf.h"


/* A zeroed buffer header, not in a file. NULL on allocation failure. */
struct rp_buf *
rp_buf_calloc(struct rp_pool *pool)
{
    struct rp_buf  *b;

    b = rp_pcalloc(pool, sizeof(struct rp_buf));
    if (b == NULL) {
        return NULL;
    }

    b->file_fd = -1;

    return b;
}


/* A writable memory buffer of <size> bytes, empty. NULL on failure. */
struct rp_buf *
rp_buf_create_temp(struct rp_pool *pool, size_t size)
{
    struct rp_buf  *b;

    b = rp_buf_calloc(pool);
    if (b == NULL) {
        return NULL;
    }

    b->start = rp_palloc(pool, size);
    if (b->start == NULL) {
        return NULL;
    }

    b->pos = b->start;
    b->last = b->start;
    b->end = b->start + size;
    b->temporary = 1;

    return b;
}


/* One chain link, unlinked. NULL on failure. */
struct rp_chain *
rp_chain_alloc(struct rp_pool *pool)
{
    struct rp_chain  *cl;

    cl = rp_palloc(pool, sizeof(struct rp_chain));
    if (cl) {
        cl->buf = NULL;
        cl->next = NULL;
    }

    return cl;
}


/*
 * Append links pointing to the buffers of <in> to the end of *chain
 * (the buffers are shared, not copied).  RP_OK or RP_ERROR.
 */
int
rp_chain_append_copy(struct rp_pool *pool, struct rp_chain **chain,
    struct rp_chain *in)
{
    struct rp_chain  **ll, *cl;

    for (ll = chain; *ll; ll = &(*ll)->next) {
        /* find the end */
    }

    for ( ; in; in = in->next) {
        cl = rp_chain_alloc(pool);
        if (cl == NULL) {
            return RP_ERROR;
        }

        cl->buf = in->buf;
        *ll = cl;
        ll = &cl->next;
    }

    return RP_OK;
}


/* Bytes still to send in every buffer of <cl>. */
off_t
rp_chain_size(const struct rp_chain *cl)
{
    off_t  n;

    for (n = 0; cl; cl = cl->next) {
        if (!rp_buf_special(cl->buf)) {
            n += rp_buf_size(cl->buf);
        }
    }

    return n;
}
