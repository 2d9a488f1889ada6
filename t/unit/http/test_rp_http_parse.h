/*
 * test_rp_http_parse.h - helpers shared by the rp_http_parse test suites.
 *
 * The guard: a mapping whose last page is PROT_NONE, so that an input
 * copied to the very end of the readable part makes any read at or past
 * its last byte a SIGSEGV, which Check's fork mode reports as a failed
 * test.  This is how the suites prove that the parsers never look at
 * *last or beyond (picohttpparser's technique).
 */

#ifndef TEST_RP_HTTP_PARSE_H
#define TEST_RP_HTTP_PARSE_H

#include <sys/mman.h>

struct rp_t_guard {
    u_char  *map;
    size_t   maplen;
    u_char  *end;           /* first byte of the PROT_NONE page */
};


/* Map room for <n> bytes followed by an inaccessible page. */
static inline void
rp_t_guard_init(struct rp_t_guard *g, size_t n)
{
    size_t  ps, pages;

    ps = (size_t) sysconf(_SC_PAGESIZE);
    pages = (n + ps - 1) / ps + 1;
    g->maplen = pages * ps;
    g->map = mmap(NULL, g->maplen, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert_msg(g->map != MAP_FAILED, "mmap() failed");
    g->end = g->map + (pages - 1) * ps;
    ck_assert_int_eq(mprotect(g->end, ps, PROT_NONE), 0);
}


/* Copy [in, in + n) so that it ends right before the guard page. */
static inline u_char *
rp_t_guard_place(struct rp_t_guard *g, const void *in, size_t n)
{
    ck_assert(g->end - g->map >= (ptrdiff_t) n);
    memcpy(g->end - n, in, n);
    return g->end - n;
}


static inline void
rp_t_guard_free(struct rp_t_guard *g)
{
    munmap(g->map, g->maplen);
}

#endif /* TEST_RP_HTTP_PARSE_H */
