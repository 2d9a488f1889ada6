/*
 * test_rp_pool.c - unit tests of src/core/rp_pool.c, the memory regions.
 *
 * Small allocations come from blocks and large ones from their own
 * malloc; both must be 16-byte aligned, distinct and writable to their
 * full size (ASan checks the writes).  The max_total cap must make an
 * allocation fail without breaking the pool, rp_pfree() must release
 * large allocations only, and cleanup handlers must run last-registered
 * first when the pool is destroyed.
 */

#include "rp_config.h"

#include <fcntl.h>

#include <check.h>

#include "rp_core.h"


#define RP_T_ALIGNED(p)  (((uintptr_t) (p) & 15) == 0)


START_TEST(test_create_default_and_destroy_null)
{
    struct rp_pool  *pool;

    pool = rp_pool_create(0, 0, NULL);
    ck_assert_ptr_nonnull(pool);
    ck_assert_uint_eq(pool->block_size, RP_POOL_DEFAULT_BLOCK);
    ck_assert_uint_eq(pool->max_total, 0);
    ck_assert_uint_eq(pool->total, RP_POOL_DEFAULT_BLOCK);
    ck_assert_ptr_null(pool->cleanup);
    ck_assert_ptr_null(pool->large);
    rp_pool_destroy(pool);

    /* tiny block sizes are raised to 512 */
    pool = rp_pool_create(16, 0, NULL);
    ck_assert_ptr_nonnull(pool);
    ck_assert_uint_eq(pool->block_size, 512);
    rp_pool_destroy(pool);

    rp_pool_destroy(NULL);
}
END_TEST


START_TEST(test_small_allocations_aligned_and_distinct)
{
    struct rp_pool  *pool;
    u_char          *p[200];
    size_t           i, j, size;

    pool = rp_pool_create(1024, 0, NULL);
    ck_assert_ptr_nonnull(pool);

    /* sizes 0..199 bytes: many blocks get chained */
    for (i = 0; i < rp_nelems(p); i++) {
        size = i % 200;
        if (size > 1024 / 4) {
            size = 1024 / 4;
        }
        p[i] = rp_palloc(pool, size);
        ck_assert_ptr_nonnull(p[i]);
        ck_assert_msg(RP_T_ALIGNED(p[i]), "allocation %zu misaligned", i);
        memset(p[i], (int) (i & 0xff), size);
    }

    /* no allocation was overwritten by a later one */
    for (i = 0; i < rp_nelems(p); i++) {
        size = i % 200;
        for (j = 0; j < size; j++) {
            ck_assert_uint_eq(p[i][j], i & 0xff);
        }
    }

    ck_assert_ptr_null(pool->large);
    ck_assert_uint_gt(pool->total, 1024);
    ck_assert_uint_eq(pool->total % 1024, 0);

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_large_allocations)
{
    struct rp_pool  *pool;
    u_char          *a, *b, *q;
    size_t           before;

    pool = rp_pool_create(1024, 0, NULL);
    ck_assert_ptr_nonnull(pool);
    before = pool->total;

    /* above a quarter of the block: large */
    a = rp_palloc(pool, 257);
    ck_assert_ptr_nonnull(a);
    ck_assert(RP_T_ALIGNED(a));
    ck_assert_ptr_nonnull(pool->large);
    ck_assert_uint_eq(pool->total, before + 257);
    memset(a, 'a', 257);

    /* much larger than a block */
    b = rp_palloc(pool, 100000);
    ck_assert_ptr_nonnull(b);
    ck_assert(RP_T_ALIGNED(b));
    ck_assert_uint_eq(pool->total, before + 257 + 100000);
    memset(b, 'b', 100000);

    ck_assert_uint_eq(a[0], 'a');
    ck_assert_uint_eq(a[256], 'a');

    /* exactly a quarter is still small: rp_pfree() declines it */
    q = rp_palloc(pool, 256);
    ck_assert_ptr_nonnull(q);
    ck_assert_int_eq(rp_pfree(pool, q), RP_DECLINED);
    before = pool->total;
    ck_assert_int_eq(rp_pfree(pool, b), RP_OK);
    ck_assert_uint_eq(pool->total, before - 100000);

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_pcalloc_zeroes)
{
    struct rp_pool  *pool;
    u_char          *p;
    size_t           i, k;
    static const size_t  sizes[] = { 1, 15, 16, 17, 100, 256, 257, 5000 };

    pool = rp_pool_create(1024, 0, NULL);
    ck_assert_ptr_nonnull(pool);

    for (k = 0; k < rp_nelems(sizes); k++) {
        /* dirty memory first so that zeroing is observable */
        p = rp_palloc(pool, sizes[k]);
        ck_assert_ptr_nonnull(p);
        memset(p, 0xff, sizes[k]);
        if (sizes[k] > 256) {
            ck_assert_int_eq(rp_pfree(pool, p), RP_OK);
        }

        p = rp_pcalloc(pool, sizes[k]);
        ck_assert_ptr_nonnull(p);
        ck_assert(RP_T_ALIGNED(p));
        for (i = 0; i < sizes[k]; i++) {
            ck_assert_msg(p[i] == 0, "size %zu byte %zu not zero",
                          sizes[k], i);
        }
    }

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_cap_small_fails_and_pool_stays_usable)
{
    struct rp_pool  *pool;
    u_char          *p, *last, *big;
    size_t           n;

    /* one block, a 300-byte large allocation, and 1 byte short of a block */
    pool = rp_pool_create(1024, 2 * 1024 + 299, NULL);
    ck_assert_ptr_nonnull(pool);

    big = rp_palloc(pool, 300);
    ck_assert_ptr_nonnull(big);

    last = NULL;
    for (n = 0; n < 1000; n++) {
        p = rp_palloc(pool, 64);
        if (p == NULL) {
            break;
        }
        memset(p, 'x', 64);
        last = p;
    }

    /* the first block filled up and a second one was refused */
    ck_assert_uint_lt(n, 1024 / 64);
    ck_assert_uint_gt(n, 1024 / 64 / 2);
    ck_assert_ptr_nonnull(last);
    ck_assert_uint_eq(pool->total, 1024 + 300);

    /* failing again is stable, and nothing was corrupted */
    ck_assert_ptr_null(rp_palloc(pool, 64));
    ck_assert_ptr_null(rp_pcalloc(pool, 64));
    ck_assert_uint_eq(pool->total, 1024 + 300);
    ck_assert_uint_eq(last[63], 'x');

    /* releasing the large allocation makes room for a second block */
    ck_assert_int_eq(rp_pfree(pool, big), RP_OK);
    ck_assert_uint_eq(pool->total, 1024);

    for (n = 0; n < 4; n++) {
        p = rp_palloc(pool, 64);
        ck_assert_ptr_nonnull(p);
        ck_assert(RP_T_ALIGNED(p));
        memset(p, 'y', 64);
    }

    ck_assert_uint_eq(pool->total, 2048);
    ck_assert_uint_eq(last[0], 'x');

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_cap_large_fails_then_pfree_makes_room)
{
    struct rp_pool  *pool;
    u_char          *a, *b;

    pool = rp_pool_create(1024, 1024 + 3000, NULL);
    ck_assert_ptr_nonnull(pool);

    a = rp_palloc(pool, 2000);
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(pool->total, 3024);

    /* 2000 more would exceed the cap */
    ck_assert_ptr_null(rp_palloc(pool, 2000));
    ck_assert_uint_eq(pool->total, 3024);

    /* small allocations from the existing block still work */
    b = rp_palloc(pool, 100);
    ck_assert_ptr_nonnull(b);
    memset(b, 'b', 100);

    /* an allocation that fits the remainder exactly succeeds */
    ck_assert_ptr_nonnull(rp_palloc(pool, 1000));
    ck_assert_uint_eq(pool->total, pool->max_total);
    ck_assert_ptr_null(rp_palloc(pool, 257));

    /* releasing the first one makes room again */
    ck_assert_int_eq(rp_pfree(pool, a), RP_OK);
    ck_assert_uint_eq(pool->total, 2024);
    a = rp_palloc(pool, 2000);
    ck_assert_ptr_nonnull(a);
    memset(a, 'a', 2000);

    /* the cap also refuses a huge request without wrapping around */
    ck_assert_ptr_null(rp_palloc(pool, SIZE_MAX / 2));
    ck_assert_uint_eq(pool->total, pool->max_total);

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_pfree)
{
    struct rp_pool  *pool;
    u_char          *small, *l1, *l2, *l3;

    pool = rp_pool_create(1024, 0, NULL);
    ck_assert_ptr_nonnull(pool);

    small = rp_palloc(pool, 32);
    l1 = rp_palloc(pool, 1000);
    l2 = rp_palloc(pool, 2000);
    l3 = rp_palloc(pool, 3000);
    ck_assert_ptr_nonnull(small);
    ck_assert_ptr_nonnull(l1);
    ck_assert_ptr_nonnull(l2);
    ck_assert_ptr_nonnull(l3);
    ck_assert_uint_eq(pool->total, 1024 + 6000);

    ck_assert_int_eq(rp_pfree(pool, small), RP_DECLINED);
    ck_assert_int_eq(rp_pfree(pool, NULL), RP_DECLINED);
    ck_assert_int_eq(rp_pfree(pool, l1 + 1), RP_DECLINED);
    ck_assert_uint_eq(pool->total, 1024 + 6000);

    /* middle of the list, then head, then tail */
    ck_assert_int_eq(rp_pfree(pool, l2), RP_OK);
    ck_assert_uint_eq(pool->total, 1024 + 4000);
    ck_assert_int_eq(rp_pfree(pool, l2), RP_DECLINED);
    ck_assert_int_eq(rp_pfree(pool, l3), RP_OK);
    ck_assert_int_eq(rp_pfree(pool, l1), RP_OK);
    ck_assert_uint_eq(pool->total, 1024);
    ck_assert_ptr_null(pool->large);

    /* the small allocation is untouched and still usable */
    memset(small, 's', 32);

    rp_pool_destroy(pool);
}
END_TEST


static int       rp_t_order[8];
static unsigned  rp_t_norder;


static void
rp_t_record(void *data)
{
    ck_assert_uint_lt(rp_t_norder, rp_nelems(rp_t_order));
    rp_t_order[rp_t_norder++] = *(int *) data;
}


START_TEST(test_cleanup_reverse_order)
{
    struct rp_pool          *pool;
    struct rp_pool_cleanup  *c;
    int                     *ids;
    int                      i;

    pool = rp_pool_create(0, 0, NULL);
    ck_assert_ptr_nonnull(pool);

    ids = rp_palloc(pool, 5 * sizeof(int));
    ck_assert_ptr_nonnull(ids);

    rp_t_norder = 0;

    for (i = 0; i < 5; i++) {
        c = rp_pool_cleanup_add(pool);
        ck_assert_ptr_nonnull(c);
        ck_assert_ptr_null(c->handler);
        ck_assert_ptr_null(c->data);
        ids[i] = i;

        /* a record left without a handler is skipped */
        if (i == 2) {
            continue;
        }

        c->handler = rp_t_record;
        c->data = &ids[i];
    }

    ck_assert_uint_eq(rp_t_norder, 0);

    /* handlers run before the pool's memory (ids lives in it) is freed */
    rp_pool_destroy(pool);

    ck_assert_uint_eq(rp_t_norder, 4);
    ck_assert_int_eq(rp_t_order[0], 4);
    ck_assert_int_eq(rp_t_order[1], 3);
    ck_assert_int_eq(rp_t_order[2], 1);
    ck_assert_int_eq(rp_t_order[3], 0);
}
END_TEST


START_TEST(test_cleanup_add_fails_at_cap)
{
    struct rp_pool  *pool;
    size_t           n;

    pool = rp_pool_create(512, 512, NULL);
    ck_assert_ptr_nonnull(pool);

    for (n = 0; n < 1000; n++) {
        if (rp_pool_cleanup_add(pool) == NULL) {
            break;
        }
    }

    ck_assert_uint_lt(n, 1000);
    ck_assert_uint_gt(n, 0);

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_cleanup_fd_closes)
{
    struct rp_pool          *pool;
    struct rp_pool_cleanup  *c;
    int                      fds[2], *fdp, keep;

    ck_assert_int_eq(pipe(fds), 0);

    pool = rp_pool_create(0, 0, NULL);
    ck_assert_ptr_nonnull(pool);

    fdp = rp_palloc(pool, sizeof(int));
    ck_assert_ptr_nonnull(fdp);
    *fdp = fds[0];

    c = rp_pool_cleanup_add(pool);
    ck_assert_ptr_nonnull(c);
    c->handler = rp_pool_cleanup_fd;
    c->data = fdp;

    ck_assert_int_ne(fcntl(fds[0], F_GETFD), -1);
    rp_pool_destroy(pool);

    ck_assert_int_eq(fcntl(fds[0], F_GETFD), -1);
    ck_assert_int_eq(errno, EBADF);

    /* the handler itself: sets -1, and -1 is left alone */
    keep = fds[1];
    rp_pool_cleanup_fd(&keep);
    ck_assert_int_eq(keep, -1);
    ck_assert_int_eq(fcntl(fds[1], F_GETFD), -1);
    rp_pool_cleanup_fd(&keep);
    ck_assert_int_eq(keep, -1);
}
END_TEST


static Suite *
rp_pool_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_pool");

    tc = tcase_create("alloc");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_create_default_and_destroy_null);
    tcase_add_test(tc, test_small_allocations_aligned_and_distinct);
    tcase_add_test(tc, test_large_allocations);
    tcase_add_test(tc, test_pcalloc_zeroes);
    tcase_add_test(tc, test_pfree);
    suite_add_tcase(s, tc);

    tc = tcase_create("cap");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_cap_small_fails_and_pool_stays_usable);
    tcase_add_test(tc, test_cap_large_fails_then_pfree_makes_room);
    tcase_add_test(tc, test_cleanup_add_fails_at_cap);
    suite_add_tcase(s, tc);

    tc = tcase_create("cleanup");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_cleanup_reverse_order);
    tcase_add_test(tc, test_cleanup_fd_closes);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_pool_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
