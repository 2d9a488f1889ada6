/*
 * test_rp_slab.c - unit tests of src/core/rp_slab.c, the allocator of
 * shared-memory zones.
 *
 * The pools here live in ordinary heap ranges (the allocator does not
 * care where its range comes from).  Every live block is recorded in a
 * shadow list and filled with its own byte pattern; the pattern is
 * checked when the block is freed, so two live blocks that overlapped
 * would show up as a corrupted pattern.  rp_slab_check() and the stats
 * invariant are verified after every phase.
 */

#include "rp_config.h"

#include <check.h>

#include "rp_core.h"
#include "rp_slab.h"


#define RP_T_PAGE   RP_SLAB_PAGE_SIZE

struct rp_t_block {
    u_char  *p;
    size_t   size;
    u_char   pat;
};

struct rp_t_shadow {
    struct rp_t_block  *blocks;
    size_t              n;
    size_t              max;
    unsigned            next_pat;
};

static void     *rp_t_range;


static struct rp_slab_pool *
rp_t_pool(size_t size)
{
    struct rp_slab_pool  *pool;

    rp_t_range = aligned_alloc(RP_T_PAGE, rp_align(size, RP_T_PAGE));
    ck_assert_ptr_nonnull(rp_t_range);

    /* garbage in the range must not matter */
    memset(rp_t_range, 0xa5, size);

    pool = rp_slab_init(rp_t_range, size);
    ck_assert_ptr_nonnull(pool);
    ck_assert_ptr_eq(pool, rp_t_range);

    return pool;
}


/* pages_total == pages_free + large_pages + small pages, and more. */
static void
rp_t_stats_add_up(struct rp_slab_pool *pool)
{
    size_t                i, small;
    struct rp_slab_stats  st;

    rp_slab_stats(pool, &st);
    small = 0;

    for (i = 0; i < RP_SLAB_NCLASSES; i++) {
        ck_assert_uint_eq(st.classes[i].size, (size_t) 8 << i);
        ck_assert_uint_le(st.classes[i].used, st.classes[i].total);
        ck_assert_uint_le(st.classes[i].fails, st.classes[i].reqs);
        small += st.classes[i].pages;
    }

    ck_assert_uint_eq(st.pages_total,
                      st.pages_free + st.large_pages + small);
    ck_assert_uint_le(st.large_used, st.large_pages);
    ck_assert_int_eq(rp_slab_check(pool), RP_OK);
}


static void
rp_t_shadow_init(struct rp_t_shadow *sh, size_t max)
{
    sh->blocks = calloc(max, sizeof(struct rp_t_block));
    ck_assert_ptr_nonnull(sh->blocks);
    sh->n = 0;
    sh->max = max;
    sh->next_pat = 1;
}


/* Allocates <size>, records and fills it; returns 0 if the pool is full. */
static int
rp_t_alloc(struct rp_slab_pool *pool, struct rp_t_shadow *sh, size_t size)
{
    u_char             *p;
    size_t              align;
    struct rp_t_block  *b;

    p = rp_slab_alloc_locked(pool, size);
    if (p == NULL) {
        return 0;
    }

    /* small blocks are aligned to their class, large ones to a page */
    align = RP_SLAB_MIN_SIZE;
    while (align < size && align < RP_T_PAGE) {
        align <<= 1;
    }

    ck_assert_uint_eq((uintptr_t) p % align, 0);
    ck_assert_uint_lt(sh->n, sh->max);

    b = &sh->blocks[sh->n++];
    b->p = p;
    b->size = size;
    b->pat = (u_char) (sh->next_pat++ % 251 + 1);
    memset(p, b->pat, size);

    return 1;
}


/* Verifies the pattern of block <i>, frees it and drops it from <sh>. */
static void
rp_t_free(struct rp_slab_pool *pool, struct rp_t_shadow *sh, size_t i)
{
    size_t              j;
    struct rp_t_block  *b;

    b = &sh->blocks[i];

    for (j = 0; j < b->size; j++) {
        if (b->p[j] != b->pat) {
            ck_abort_msg("block %p (%zu bytes) corrupted at byte %zu: "
                         "0x%02x instead of 0x%02x", (void *) b->p, b->size,
                         j, b->p[j], b->pat);
        }
    }

    ck_assert_int_eq(rp_slab_free_locked(pool, b->p), RP_OK);

    sh->blocks[i] = sh->blocks[--sh->n];
}


static void
rp_t_free_all(struct rp_slab_pool *pool, struct rp_t_shadow *sh)
{
    while (sh->n) {
        rp_t_free(pool, sh, sh->n - 1);
    }
}


static int
rp_t_cmp_block(const void *a, const void *b)
{
    const struct rp_t_block  *x = a, *y = b;

    return (x->p > y->p) - (x->p < y->p);
}


/*
 * No two live blocks of <sh> share a byte (sorts the shadow); a block
 * of size 0 still owns its first byte.
 */
static void
rp_t_no_overlap(struct rp_t_shadow *sh)
{
    size_t  i;

    qsort(sh->blocks, sh->n, sizeof(struct rp_t_block), rp_t_cmp_block);

    for (i = 1; i < sh->n; i++) {
        ck_assert_msg(sh->blocks[i - 1].p + rp_max(sh->blocks[i - 1].size, 1)
                      <= sh->blocks[i].p, "blocks %p (%zu) and %p overlap",
                      (void *) sh->blocks[i - 1].p, sh->blocks[i - 1].size,
                      (void *) sh->blocks[i].p);
    }
}


/* A small deterministic PRNG (xorshift64*), so failures reproduce. */
static uint64_t
rp_t_rand(uint64_t *state)
{
    uint64_t  x = *state;

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;

    return x * 0x2545f4914f6cdd1dULL;
}


static void
rp_t_teardown(void)
{
    free(rp_t_range);
    rp_t_range = NULL;
}


/* ------------------------------------------------------------------ */


START_TEST(test_slab_init_too_small_returns_null)
{
    void                  *range;
    struct rp_slab_pool   *pool;
    struct rp_slab_stats   st;

    range = aligned_alloc(RP_T_PAGE, 4 * RP_T_PAGE);
    ck_assert_ptr_nonnull(range);

    ck_assert_ptr_null(rp_slab_init(range, 0));
    ck_assert_ptr_null(rp_slab_init(range, 64));
    ck_assert_ptr_null(rp_slab_init(range, RP_T_PAGE));

    /* two pages: the header and descriptors in one, one data page */
    pool = rp_slab_init(range, 2 * RP_T_PAGE);
    ck_assert_ptr_nonnull(pool);
    rp_slab_stats(pool, &st);
    ck_assert_uint_eq(st.pages_total, 1);
    ck_assert_uint_eq(st.pages_free, 1);
    ck_assert_int_eq(rp_slab_check(pool), RP_OK);

    free(range);
}
END_TEST


START_TEST(test_slab_init_stats_all_free)
{
    size_t                 i;
    struct rp_slab_pool   *pool;
    struct rp_slab_stats   st;

    pool = rp_t_pool(1024 * 1024);
    rp_slab_stats(pool, &st);

    /* 256 pages minus the header and descriptors (at most 3 pages) */
    ck_assert_uint_ge(st.pages_total, 252);
    ck_assert_uint_lt(st.pages_total, 256);
    ck_assert_uint_eq(st.pages_free, st.pages_total);
    ck_assert_uint_eq(st.large_pages, 0);

    for (i = 0; i < RP_SLAB_NCLASSES; i++) {
        ck_assert_uint_eq(st.classes[i].size, (size_t) 8 << i);
        ck_assert_uint_eq(st.classes[i].used, 0);
        ck_assert_uint_eq(st.classes[i].total, 0);
        ck_assert_uint_eq(st.classes[i].pages, 0);
    }

    ck_assert_uint_eq(st.classes[RP_SLAB_NCLASSES - 1].size,
                      RP_T_PAGE / 2);
    rp_t_stats_add_up(pool);
}
END_TEST


/*
 * For every class (and sizes just above a class boundary): fill three
 * pages' worth, check alignment and disjointness, free in the order
 * given by _i (forward, reverse, odd-then-even), and end with every
 * page free again.
 */
START_TEST(test_slab_small_classes_alloc_free_orders)
{
    static const size_t  sizes[] = {
        0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128,
        129, 255, 256, 257, 511, 512, 513, 1000, 1024, 1025, 2047, 2048
    };

    size_t                 s, i, count, size, cls;
    struct rp_t_shadow     sh;
    struct rp_slab_pool   *pool;
    struct rp_slab_stats   st;

    pool = rp_t_pool(1024 * 1024);
    rp_t_shadow_init(&sh, 4096);

    for (s = 0; s < rp_nelems(sizes); s++) {
        size = sizes[s];
        cls = 8;
        while (cls < size) {
            cls <<= 1;
        }

        count = 3 * (RP_T_PAGE / cls);

        for (i = 0; i < count; i++) {
            ck_assert_msg(rp_t_alloc(pool, &sh, size), "size %zu #%zu",
                          size, i);
        }

        rp_slab_stats(pool, &st);
        ck_assert_uint_eq(st.classes[__builtin_ctzl(cls) - 3].used, count);
        ck_assert_uint_ge(st.classes[__builtin_ctzl(cls) - 3].pages, 3);
        rp_t_stats_add_up(pool);

        rp_t_no_overlap(&sh);

        switch (_i) {

        case 0:
            for (i = 0; i < count; i++) {
                rp_t_free(pool, &sh, 0);
            }
            break;

        case 1:
            rp_t_free_all(pool, &sh);
            break;

        default:
            /* every other block first, leaving pages half full */
            for (i = sh.n; i > 0; i--) {
                if (i % 2) {
                    rp_t_free(pool, &sh, i - 1);
                }
            }

            rp_t_stats_add_up(pool);
            rp_t_free_all(pool, &sh);
            break;
        }

        rp_slab_stats(pool, &st);
        ck_assert_uint_eq(st.pages_free, st.pages_total);
        ck_assert_uint_eq(st.classes[__builtin_ctzl(cls) - 3].used, 0);
        rp_t_stats_add_up(pool);
    }

    free(sh.blocks);
}
END_TEST


START_TEST(test_slab_multi_page_runs)
{
    static const size_t  sizes[] = {
        2049, 3000, 4095, 4096, 4097, 8192, 8193, 5 * 4096 - 1, 7 * 4096,
        40000
    };

    size_t                 s, pages, expect;
    struct rp_t_shadow     sh;
    struct rp_slab_pool   *pool;
    struct rp_slab_stats   st;

    pool = rp_t_pool(1024 * 1024);
    rp_t_shadow_init(&sh, 256);
    expect = 0;

    for (s = 0; s < rp_nelems(sizes); s++) {
        ck_assert(rp_t_alloc(pool, &sh, sizes[s]));
        pages = (sizes[s] + RP_T_PAGE - 1) / RP_T_PAGE;
        expect += pages;

        rp_slab_stats(pool, &st);
        ck_assert_uint_eq(st.large_pages, expect);
        ck_assert_uint_eq(st.large_used, s + 1);
        ck_assert_uint_eq(st.pages_free, st.pages_total - expect);
    }

    /* small and large blocks side by side */
    ck_assert(rp_t_alloc(pool, &sh, 24));
    ck_assert(rp_t_alloc(pool, &sh, 700));
    rp_t_stats_add_up(pool);
    rp_t_no_overlap(&sh);

    rp_t_free_all(pool, &sh);
    rp_slab_stats(pool, &st);
    ck_assert_uint_eq(st.large_pages, 0);
    ck_assert_uint_eq(st.large_used, 0);
    ck_assert_uint_eq(st.pages_free, st.pages_total);
    ck_assert_uint_eq(st.large_reqs, rp_nelems(sizes));
    rp_t_stats_add_up(pool);

    free(sh.blocks);
}
END_TEST


START_TEST(test_slab_exhaustion_small_returns_null_and_recovers)
{
    size_t                 n, reqs;
    struct rp_t_shadow     sh;
    struct rp_slab_pool   *pool;
    struct rp_slab_stats   st;

    pool = rp_t_pool(64 * 1024);
    rp_t_shadow_init(&sh, 16 * 1024);

    for (n = 0; rp_t_alloc(pool, &sh, 8); n++) {
        ck_assert_uint_lt(n, 16 * 1024);
    }

    rp_slab_stats(pool, &st);
    ck_assert_uint_eq(st.pages_free, 0);
    ck_assert_uint_eq(st.classes[0].fails, 1);
    ck_assert_uint_eq(st.classes[0].used, n);
    ck_assert_uint_eq(st.classes[0].total, n);
    /* 512 slots per page, 8 of them hold the page's bitmap */
    ck_assert_uint_eq(n, st.pages_total * (512 - 8));

    /* the other classes and large sizes fail as well */
    ck_assert_ptr_null(rp_slab_alloc_locked(pool, 100));
    ck_assert_ptr_null(rp_slab_alloc_locked(pool, 2 * RP_T_PAGE));
    ck_assert_ptr_null(rp_slab_alloc_locked(pool, 8));
    rp_t_stats_add_up(pool);

    /* one free slot: exactly one more allocation */
    rp_t_free(pool, &sh, sh.n / 2);
    ck_assert(rp_t_alloc(pool, &sh, 8));
    ck_assert(!rp_t_alloc(pool, &sh, 8));

    rp_slab_stats(pool, &st);
    reqs = st.classes[0].reqs;
    ck_assert_uint_eq(st.classes[0].fails, 3);
    ck_assert_uint_eq(reqs, n + 4);

    rp_t_free_all(pool, &sh);
    rp_slab_stats(pool, &st);
    ck_assert_uint_eq(st.pages_free, st.pages_total);
    ck_assert_uint_eq(st.classes[0].pages, 0);

    /* now a run of every page fits */
    ck_assert(rp_t_alloc(pool, &sh, st.pages_total * RP_T_PAGE));
    ck_assert_ptr_null(rp_slab_alloc_locked(pool, 8));
    rp_t_free_all(pool, &sh);
    rp_t_stats_add_up(pool);

    free(sh.blocks);
}
END_TEST


START_TEST(test_slab_exhaustion_pages_returns_null_and_recovers)
{
    size_t                 n;
    struct rp_t_shadow     sh;
    struct rp_slab_pool   *pool;
    struct rp_slab_stats   st;

    pool = rp_t_pool(256 * 1024);
    rp_t_shadow_init(&sh, 1024);

    /* more than the pool holds at all */
    ck_assert_ptr_null(rp_slab_alloc_locked(pool, 256 * 1024));
    ck_assert_ptr_null(rp_slab_alloc_locked(pool, SIZE_MAX));
    ck_assert_ptr_null(rp_slab_alloc_locked(pool, SIZE_MAX - 100));

    for (n = 0; rp_t_alloc(pool, &sh, 3 * RP_T_PAGE); n++) {
        /* nothing */
    }

    rp_slab_stats(pool, &st);
    ck_assert_uint_eq(n, st.pages_total / 3);
    ck_assert_uint_eq(st.pages_free, st.pages_total % 3);
    ck_assert_uint_eq(st.large_fails, 4);
    rp_t_stats_add_up(pool);

    rp_t_free(pool, &sh, 0);
    ck_assert(rp_t_alloc(pool, &sh, 3 * RP_T_PAGE));

    rp_t_free_all(pool, &sh);
    rp_slab_stats(pool, &st);
    ck_assert_uint_eq(st.pages_free, st.pages_total);

    free(sh.blocks);
}
END_TEST


/*
 * Pages freed one by one in a scattered order must merge back into one
 * run: after filling the pool with single-page blocks and freeing every
 * other one, a two-page block cannot fit; once the rest is freed, a
 * block of the whole pool does.
 */
START_TEST(test_slab_coalescing_allows_big_alloc)
{
    size_t                 i, total;
    u_char               **pages;
    struct rp_t_shadow     sh;
    struct rp_slab_pool   *pool;
    struct rp_slab_stats   st;

    pool = rp_t_pool(512 * 1024);
    rp_slab_stats(pool, &st);
    total = st.pages_total;

    pages = calloc(total, sizeof(u_char *));
    ck_assert_ptr_nonnull(pages);

    for (i = 0; i < total; i++) {
        pages[i] = rp_slab_alloc_locked(pool, RP_T_PAGE);
        ck_assert_ptr_nonnull(pages[i]);
    }

    ck_assert_ptr_null(rp_slab_alloc_locked(pool, RP_T_PAGE));

    for (i = 0; i < total; i += 2) {
        ck_assert_int_eq(rp_slab_free_locked(pool, pages[i]), RP_OK);
    }

    rp_t_stats_add_up(pool);
    ck_assert_ptr_null(rp_slab_alloc_locked(pool, 2 * RP_T_PAGE));

    /* free the rest from both ends towards the middle */
    for (i = 1; i < total; i += 2) {
        if ((i / 2) % 2) {
            ck_assert_int_eq(rp_slab_free_locked(pool, pages[i]), RP_OK);
        }
    }

    for (i = total - (total % 2 ? 2 : 1); i < total; i -= 2) {
        if (((i / 2) % 2) == 0) {
            ck_assert_int_eq(rp_slab_free_locked(pool, pages[i]), RP_OK);
        }
    }

    rp_t_stats_add_up(pool);
    rp_slab_stats(pool, &st);
    ck_assert_uint_eq(st.pages_free, total);

    pages[0] = rp_slab_alloc_locked(pool, total * RP_T_PAGE);
    ck_assert_ptr_nonnull(pages[0]);
    ck_assert_int_eq(rp_slab_free_locked(pool, pages[0]), RP_OK);

    /*
     * The same after small blocks of every class filled the pool: their
     * emptied pages come back and merge.
     */
    rp_t_shadow_init(&sh, 64 * 1024);

    for (i = 0; rp_t_alloc(pool, &sh, (size_t) 8 << (i % 9)); i++) {
        /* nothing */
    }

    rp_slab_stats(pool, &st);
    ck_assert_uint_lt(st.pages_free, 1);
    rp_t_stats_add_up(pool);
    rp_t_no_overlap(&sh);

    while (sh.n) {
        rp_t_free(pool, &sh, sh.n / 2);
    }

    pages[0] = rp_slab_alloc_locked(pool, total * RP_T_PAGE);
    ck_assert_ptr_nonnull(pages[0]);
    ck_assert_int_eq(rp_slab_free_locked(pool, pages[0]), RP_OK);
    rp_t_stats_add_up(pool);

    free(sh.blocks);
    free(pages);
}
END_TEST


START_TEST(test_slab_invalid_free_detected)
{
    u_char                *small8, *small64, *small1k, *big, *page8;
    u_char                 outside[16];
    struct rp_slab_pool   *pool;
    struct rp_slab_stats   before, after;

    pool = rp_t_pool(256 * 1024);

    small8 = rp_slab_alloc_locked(pool, 8);
    small64 = rp_slab_alloc_locked(pool, 64);
    small1k = rp_slab_alloc_locked(pool, 1000);
    big = rp_slab_alloc_locked(pool, 3 * RP_T_PAGE);
    ck_assert(small8 && small64 && small1k && big);

    rp_slab_stats(pool, &before);

    ck_assert_int_eq(rp_slab_free_locked(pool, NULL), RP_ERROR);
    ck_assert_int_eq(rp_slab_free_locked(pool, outside), RP_ERROR);
    ck_assert_int_eq(rp_slab_free_locked(pool, pool), RP_ERROR);
    ck_assert_int_eq(rp_slab_free_locked(pool, (u_char *) rp_t_range
                                         + 256 * 1024), RP_ERROR);

    /* inside a slot, not at its start */
    ck_assert_int_eq(rp_slab_free_locked(pool, small8 + 4), RP_ERROR);
    ck_assert_int_eq(rp_slab_free_locked(pool, small64 + 8), RP_ERROR);
    ck_assert_int_eq(rp_slab_free_locked(pool, small1k + 512), RP_ERROR);

    /* a slot never handed out, and the 8-byte page's own bitmap */
    ck_assert_int_eq(rp_slab_free_locked(pool, small64 + 64), RP_ERROR);
    page8 = (u_char *) ((uintptr_t) small8 & ~(uintptr_t) (RP_T_PAGE - 1));
    ck_assert_int_eq(rp_slab_free_locked(pool, page8), RP_ERROR);

    /* inside a run, and pages that are free */
    ck_assert_int_eq(rp_slab_free_locked(pool, big + 16), RP_ERROR);
    ck_assert_int_eq(rp_slab_free_locked(pool, big + RP_T_PAGE), RP_ERROR);
    ck_assert_int_eq(rp_slab_free_locked(pool, big + 3 * RP_T_PAGE),
                     RP_ERROR);

    rp_slab_stats(pool, &after);
    ck_assert_mem_eq(&before, &after, sizeof(before));
    ck_assert_int_eq(rp_slab_check(pool), RP_OK);

    /* double frees */
    ck_assert_int_eq(rp_slab_free_locked(pool, small64), RP_OK);
    ck_assert_int_eq(rp_slab_free_locked(pool, small64), RP_ERROR);
    ck_assert_int_eq(rp_slab_free_locked(pool, big), RP_OK);
    ck_assert_int_eq(rp_slab_free_locked(pool, big), RP_ERROR);
    ck_assert_int_eq(rp_slab_free_locked(pool, small8), RP_OK);
    ck_assert_int_eq(rp_slab_free_locked(pool, small8), RP_ERROR);
    ck_assert_int_eq(rp_slab_free_locked(pool, small1k), RP_OK);
    ck_assert_int_eq(rp_slab_free_locked(pool, small1k), RP_ERROR);

    rp_t_stats_add_up(pool);
    rp_slab_stats(pool, &after);
    ck_assert_uint_eq(after.pages_free, after.pages_total);
}
END_TEST


START_TEST(test_slab_calloc_zeroes)
{
    size_t                 i;
    u_char                *p;
    struct rp_slab_pool   *pool;

    pool = rp_t_pool(64 * 1024);

    p = rp_slab_alloc_locked(pool, 300);
    ck_assert_ptr_nonnull(p);
    memset(p, 0xff, 300);
    ck_assert_int_eq(rp_slab_free_locked(pool, p), RP_OK);

    p = rp_slab_calloc_locked(pool, 300);
    ck_assert_ptr_nonnull(p);

    for (i = 0; i < 300; i++) {
        ck_assert_uint_eq(p[i], 0);
    }

    p = rp_slab_calloc_locked(pool, 5 * RP_T_PAGE);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(p[0], 0);
    ck_assert_uint_eq(p[5 * RP_T_PAGE - 1], 0);

    ck_assert_ptr_null(rp_slab_calloc_locked(pool, 1024 * 1024));
}
END_TEST


START_TEST(test_slab_disable_refuses_everything)
{
    u_char                *p;
    struct rp_slab_pool   *pool;
    struct rp_slab_stats   st;

    pool = rp_t_pool(64 * 1024);

    p = rp_slab_alloc_locked(pool, 50);
    ck_assert_ptr_nonnull(p);
    memset(p, 'x', 50);
    ck_assert_int_eq(rp_slab_is_disabled(pool), 0);

    rp_slab_disable(pool);

    ck_assert_int_eq(rp_slab_is_disabled(pool), 1);
    ck_assert_ptr_null(rp_slab_alloc_locked(pool, 50));
    ck_assert_ptr_null(rp_slab_alloc_locked(pool, 3 * RP_T_PAGE));
    ck_assert_int_eq(rp_slab_free_locked(pool, p), RP_ERROR);

    /* the live block stays readable */
    ck_assert_uint_eq(p[49], 'x');

    rp_slab_stats(pool, &st);
    ck_assert_uint_eq(st.classes[3].fails, 1);
    ck_assert_uint_eq(st.large_fails, 1);
}
END_TEST


START_TEST(test_slab_check_detects_corruption)
{
    u_char                *p, *page;
    uint64_t               word;
    struct rp_slab_pool   *pool;

    pool = rp_t_pool(64 * 1024);

    p = rp_slab_alloc_locked(pool, 8);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(rp_slab_check(pool), RP_OK);

    /* the 8-byte class keeps its bitmap in the first bytes of the page */
    page = (u_char *) ((uintptr_t) p & ~(uintptr_t) (RP_T_PAGE - 1));
    memcpy(&word, page, sizeof(word));
    ck_assert_uint_ne(word, 0);

    memset(page, 0, sizeof(word));
    ck_assert_int_eq(rp_slab_check(pool), RP_ERROR);

    memcpy(page, &word, sizeof(word));
    ck_assert_int_eq(rp_slab_check(pool), RP_OK);

    /* slot 8 is the block; mark slot 9 busy behind the allocator */
    page[1] |= 0x02;
    ck_assert_int_eq(rp_slab_check(pool), RP_ERROR);
}
END_TEST


/*
 * 100 000 random operations with a fixed seed: allocations of mostly
 * small and sometimes multi-page sizes, frees of random live blocks,
 * the pool often full.  Patterns are verified on every free and the
 * allocator's invariants every 1000 operations.
 */
START_TEST(test_slab_random_stress)
{
    size_t                 i, size, fails;
    uint64_t               seed, r;
    struct rp_t_shadow     sh;
    struct rp_slab_pool   *pool;
    struct rp_slab_stats   st;

    pool = rp_t_pool(512 * 1024);
    rp_t_shadow_init(&sh, 128 * 1024);
    seed = 0x9e3779b97f4a7c15ULL;
    fails = 0;

    for (i = 0; i < 100000; i++) {
        r = rp_t_rand(&seed);

        if (sh.n > 0 && (r % 100) < 45) {
            rp_t_free(pool, &sh, (size_t) (r >> 32) % sh.n);

        } else {
            switch ((r >> 8) % 10) {
            case 0:
                size = 2049 + (size_t) (r >> 20) % (6 * RP_T_PAGE);
                break;
            case 1:
            case 2:
                size = 257 + (size_t) (r >> 20) % 1792;
                break;
            default:
                size = 1 + (size_t) (r >> 20) % 256;
                break;
            }

            if (!rp_t_alloc(pool, &sh, size)) {
                fails++;
            }
        }

        if (i % 1000 == 0) {
            rp_t_stats_add_up(pool);
        }
    }

    /* the pool was under pressure, or the test proves little */
    ck_assert_uint_gt(fails, 100);

    rp_t_stats_add_up(pool);
    rp_t_no_overlap(&sh);
    rp_t_free_all(pool, &sh);

    rp_slab_stats(pool, &st);
    ck_assert_uint_eq(st.pages_free, st.pages_total);
    ck_assert_ptr_nonnull(rp_slab_alloc_locked(pool,
                                               st.pages_total * RP_T_PAGE));

    free(sh.blocks);
}
END_TEST


static Suite *
rp_t_slab_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_slab");

    tc = tcase_create("init");
    tcase_add_checked_fixture(tc, NULL, rp_t_teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_slab_init_too_small_returns_null);
    tcase_add_test(tc, test_slab_init_stats_all_free);
    suite_add_tcase(s, tc);

    tc = tcase_create("alloc_free");
    tcase_add_checked_fixture(tc, NULL, rp_t_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, test_slab_small_classes_alloc_free_orders, 0, 3);
    tcase_add_test(tc, test_slab_multi_page_runs);
    tcase_add_test(tc, test_slab_calloc_zeroes);
    suite_add_tcase(s, tc);

    tc = tcase_create("exhaustion");
    tcase_add_checked_fixture(tc, NULL, rp_t_teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_slab_exhaustion_small_returns_null_and_recovers);
    tcase_add_test(tc, test_slab_exhaustion_pages_returns_null_and_recovers);
    tcase_add_test(tc, test_slab_coalescing_allows_big_alloc);
    suite_add_tcase(s, tc);

    tc = tcase_create("safety");
    tcase_add_checked_fixture(tc, NULL, rp_t_teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_slab_invalid_free_detected);
    tcase_add_test(tc, test_slab_disable_refuses_everything);
    tcase_add_test(tc, test_slab_check_detects_corruption);
    suite_add_tcase(s, tc);

    tc = tcase_create("stress");
    tcase_add_checked_fixture(tc, NULL, rp_t_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_slab_random_stress);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_t_slab_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
