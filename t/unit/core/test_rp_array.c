/*
 * test_rp_array.c - unit tests of src/core/rp_array.c, the pool-backed
 * growable arrays.
 *
 * Growth must keep every element already pushed, every push must hand
 * out a zeroed element (even from pool memory that held garbage), and a
 * push the pool's cap refuses must return NULL and leave the array
 * exactly as it was, still usable within its current capacity.
 */

#include "rp_config.h"

#include <check.h>

#include "rp_core.h"


struct rp_t_elt {
    uint32_t  id;
    u_char    pad[12];
    uint64_t  tail;
};


START_TEST(test_create_and_init)
{
    struct rp_pool   *pool;
    struct rp_array  *a, b;

    pool = rp_pool_create(0, 0, NULL);
    ck_assert_ptr_nonnull(pool);

    a = rp_array_create(pool, 4, sizeof(struct rp_t_elt));
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(a->nelts, 0);
    ck_assert_uint_eq(a->nalloc, 4);
    ck_assert_uint_eq(a->size, sizeof(struct rp_t_elt));
    ck_assert_ptr_eq(a->pool, pool);
    ck_assert_ptr_nonnull(a->elts);

    /* n == 0 still gives room for one element */
    ck_assert_int_eq(rp_array_init(&b, pool, 0, sizeof(int)), RP_OK);
    ck_assert_uint_eq(b.nalloc, 1);
    ck_assert_uint_eq(b.nelts, 0);
    ck_assert_ptr_nonnull(b.elts);

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_growth_keeps_elements)
{
    struct rp_pool   *pool;
    struct rp_array  *a;
    struct rp_t_elt  *e, *elts;
    size_t            i, nalloc;

    pool = rp_pool_create(0, 0, NULL);
    ck_assert_ptr_nonnull(pool);

    a = rp_array_create(pool, 1, sizeof(struct rp_t_elt));
    ck_assert_ptr_nonnull(a);

    nalloc = 1;
    for (i = 0; i < 1000; i++) {
        e = rp_array_push(a);
        ck_assert_ptr_nonnull(e);
        ck_assert_uint_eq(a->nelts, i + 1);

        /* the returned element is the last one */
        ck_assert_ptr_eq(e, (struct rp_t_elt *) a->elts + i);

        /* capacity doubles, and only when full */
        if (i == nalloc) {
            nalloc *= 2;
        }
        ck_assert_uint_eq(a->nalloc, nalloc);

        e->id = (uint32_t) i;
        memset(e->pad, (int) (i & 0xff), sizeof(e->pad));
        e->tail = ~(uint64_t) i;
    }

    ck_assert_uint_eq(a->nalloc, 1024);

    elts = a->elts;
    for (i = 0; i < 1000; i++) {
        ck_assert_uint_eq(elts[i].id, i);
        ck_assert_uint_eq(elts[i].pad[0], i & 0xff);
        ck_assert_uint_eq(elts[i].pad[11], i & 0xff);
        ck_assert_uint_eq(elts[i].tail, ~(uint64_t) i);
    }

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_push_zeroes)
{
    struct rp_pool   *pool;
    struct rp_array   a;
    u_char           *e;
    size_t            i, k;

    pool = rp_pool_create(0, 0, NULL);
    ck_assert_ptr_nonnull(pool);

    ck_assert_int_eq(rp_array_init(&a, pool, 8, 40), RP_OK);

    /* garbage in the capacity not yet used */
    memset(a.elts, 0xa5, 8 * 40);

    for (i = 0; i < 50; i++) {
        e = rp_array_push(&a);
        ck_assert_ptr_nonnull(e);

        for (k = 0; k < 40; k++) {
            ck_assert_msg(e[k] == 0, "element %zu byte %zu is %#x",
                          i, k, e[k]);
        }

        /* dirty the element and the capacity not used yet */
        memset(e, 0xff, 40);
        memset(e + 40, 0xa5, (a.nalloc - a.nelts) * 40);
    }

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_cap_failure_leaves_array_unchanged)
{
    struct rp_pool   *pool;
    struct rp_array  *a;
    uint64_t         *e;
    void             *elts_before;
    size_t            i, n, nalloc_before;

    /* one 1 KiB block, large allocations up to 1 KiB more in total */
    pool = rp_pool_create(1024, 2048, NULL);
    ck_assert_ptr_nonnull(pool);

    a = rp_array_create(pool, 2, sizeof(uint64_t));
    ck_assert_ptr_nonnull(a);

    elts_before = NULL;
    nalloc_before = 0;

    for (n = 0; n < 10000; n++) {
        elts_before = a->elts;
        nalloc_before = a->nalloc;

        e = rp_array_push(a);
        if (e == NULL) {
            break;
        }

        *e = 0x1000 + n;
    }

    ck_assert_uint_lt(n, 10000);

    /* the refused push changed nothing */
    ck_assert_uint_eq(a->nelts, n);
    ck_assert_uint_eq(a->nalloc, nalloc_before);
    ck_assert_ptr_eq(a->elts, elts_before);
    ck_assert_uint_eq(a->nelts, a->nalloc);

    for (i = 0; i < n; i++) {
        ck_assert_uint_eq(((uint64_t *) a->elts)[i], 0x1000 + i);
    }

    /* refusing again is stable */
    ck_assert_ptr_null(rp_array_push(a));
    ck_assert_uint_eq(a->nelts, n);
    ck_assert_uint_le(pool->total, pool->max_total);

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_init_fails_at_cap)
{
    struct rp_pool   *pool;
    struct rp_array   a;

    pool = rp_pool_create(512, 512, NULL);
    ck_assert_ptr_nonnull(pool);

    ck_assert_int_eq(rp_array_init(&a, pool, 100, 64), RP_ERROR);
    ck_assert_ptr_null(rp_array_create(pool, 100, 64));

    /* a small one still fits in the block */
    ck_assert_int_eq(rp_array_init(&a, pool, 2, 16), RP_OK);

    rp_pool_destroy(pool);
}
END_TEST


static Suite *
rp_array_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_array");

    tc = tcase_create("array");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_create_and_init);
    tcase_add_test(tc, test_growth_keeps_elements);
    tcase_add_test(tc, test_push_zeroes);
    tcase_add_test(tc, test_cap_failure_leaves_array_unchanged);
    tcase_add_test(tc, test_init_fails_at_cap);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_array_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
