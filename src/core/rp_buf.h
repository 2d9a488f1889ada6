/*
 * rp_buf.h - buffers and chains: how bytes move through rampart.
 *
 * A buffer describes bytes in memory, a range of a file, or both:
 *
 *   memory:  start <= pos <= last <= end.  [pos, last) are the bytes not
 *            yet consumed; [last, end) is free room; [start, pos) was
 *            consumed already.  start..end is the allocation.
 *   file:    [file_pos, file_last) of <file_fd> are the bytes not yet sent
 *            (in_file set); sendfile() sends them without copying.
 *
 * Flags, one sentence each:
 *   temporary  the memory may be written (our own allocation);
 *   memory     the memory is read-only (a literal, a config string);
 *   in_file    the bytes are in the file range, not (only) in memory;
 *   flush      send everything up to here now, do not wait for more;
 *   last_buf   the last buffer of the response body;
 *   recycled   the buffer returns to a free list when consumed;
 *   shadow     this buffer describes bytes that belong to another one.
 *
 * A chain is a singly linked list of buffers; body data moves through the
 * output filters as chains, with free and busy lists so buffers are
 * reused instead of allocated per write.
 */

#ifndef RP_BUF_H
#define RP_BUF_H

#include "rp_config.h"
#include <sys/types.h>

struct rp_pool;

struct rp_buf {
    u_char         *pos;
    u_char         *last;
    u_char         *start;
    u_char         *end;

    off_t           file_pos;
    off_t           file_last;
    int             file_fd;         /* -1 when not in a file */

    void           *tag;             /* owner (a module) for recycling */
    struct rp_buf  *shadow;

    unsigned        temporary:1;
    unsigned        memory:1;
    unsigned        in_file:1;
    unsigned        flush:1;
    unsigned        last_buf:1;
    unsigned        recycled:1;
};

struct rp_chain {
    struct rp_buf    *buf;
    struct rp_chain  *next;
};

#define rp_buf_in_memory(b)     ((b)->temporary || (b)->memory)
#define rp_buf_special(b)       (((b)->flush || (b)->last_buf)               \
                                 && !rp_buf_in_memory(b) && !(b)->in_file)
#define rp_buf_size(b)                                                       \
    (rp_buf_in_memory(b) ? (off_t) ((b)->last - (b)->pos)                    \
                         : ((b)->file_last - (b)->file_pos))

struct rp_buf *rp_buf_create_temp(struct rp_pool *pool, size_t size);
struct rp_buf *rp_buf_calloc(struct rp_pool *pool);
struct rp_chain *rp_chain_alloc(struct rp_pool *pool);
int rp_chain_append_copy(struct rp_pool *pool, struct rp_chain **chain,
    struct rp_chain *in);
off_t rp_chain_size(const struct rp_chain *cl);

#endif /* RP_BUF_H */
