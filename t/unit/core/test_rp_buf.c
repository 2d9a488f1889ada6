/*
 * test_rp_buf.c - unit tests of src/core/rp_buf.c, buffers and chains.
 *
 * A temporary buffer must come out empty with the invariants of
 * rp_buf.h (start == pos == last, end - start == size, writable);
 * rp_chain_append_copy() must share the buffers of its input rather
 * than copy them; and rp_chain_size() must count memory bytes and file
 * ranges but skip special (flush / last_buf only) buffers.
 */

#include "rp_config.h"

#include <check.h>

#include "rp_core.h"
#include "rp_buf.h"


#define RP_T_5G  ((off_t) 5 * 1024 * 1024 * 1024)

START_TEST(test_create_temp)
{
    struct rp_pool  *pool;
    struct rp_buf   *b;

    pool = rp_pool_create(0, 0, NULL);
    ck_assert_ptr_nonnull(pool);

    b = rp_buf_create_temp(pool, 100);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_nonnull(b->start);
    ck_assert_ptr_eq(b->pos, b->start);
    ck_assert_ptr_eq(b->last, b->start);
    ck_assert_ptr_eq(b->end, b->start + 100);
    ck_assert_uint_eq(b->temporary, 1);
    ck_assert_uint_eq(b->memory, 0);
    ck_assert_uint_eq(b->in_file, 0);
    ck_assert_uint_eq(b->flush, 0);
    ck_assert_uint_eq(b->last_buf, 0);
    ck_assert_uint_eq(b->recycled, 0);
    ck_assert_int_eq(b->file_fd, -1);
    ck_assert_ptr_null(b->shadow);
    ck_assert_ptr_null(b->tag);
    ck_assert(rp_buf_in_memory(b));
    ck_assert(!rp_buf_special(b));
    ck_assert_int_eq(rp_buf_size(b), 0);

    /* the whole room is writable (ASan would catch an overflow) */
    memset(b->start, 'x', 100);
    b->last = b->end;
    ck_assert_int_eq(rp_buf_size(b), 100);

    /* a large one takes the pool's large path */
    b = rp_buf_create_temp(pool, 64 * 1024);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_eq(b->end, b->start + 64 * 1024);
    memset(b->start, 'y', 64 * 1024);

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_create_temp_fails_at_cap)
{
    struct rp_pool  *pool;

    pool = rp_pool_create(1024, 1024, NULL);
    ck_assert_ptr_nonnull(pool);

    ck_assert_ptr_null(rp_buf_create_temp(pool, 4096));
    ck_assert_ptr_nonnull(rp_buf_create_temp(pool, 64));

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_calloc_and_chain_alloc)
{
    struct rp_pool   *pool;
    struct rp_buf    *b;
    struct rp_chain  *cl;

    pool = rp_pool_create(0, 0, NULL);
    ck_assert_ptr_nonnull(pool);

    b = rp_buf_calloc(pool);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_null(b->start);
    ck_assert_ptr_null(b->pos);
    ck_assert_int_eq(b->file_fd, -1);
    ck_assert_int_eq(b->file_pos, 0);
    ck_assert_int_eq(b->file_last, 0);
    ck_assert_uint_eq(b->temporary, 0);

    cl = rp_chain_alloc(pool);
    ck_assert_ptr_nonnull(cl);
    ck_assert_ptr_null(cl->buf);
    ck_assert_ptr_null(cl->next);

    rp_pool_destroy(pool);
}
END_TEST


static struct rp_chain *
rp_t_link(struct rp_pool *pool, struct rp_buf *b, struct rp_chain *next)
{
    struct rp_chain  *cl;

    cl = rp_chain_alloc(pool);
    ck_assert_ptr_nonnull(cl);
    cl->buf = b;
    cl->next = next;

    return cl;
}


START_TEST(test_append_copy_shares_buffers)
{
    struct rp_pool   *pool;
    struct rp_buf    *b[5];
    struct rp_chain  *in, *out, *cl;
    size_t            i;

    pool = rp_pool_create(0, 0, NULL);
    ck_assert_ptr_nonnull(pool);

    for (i = 0; i < 5; i++) {
        b[i] = rp_buf_create_temp(pool, 16);
        ck_assert_ptr_nonnull(b[i]);
    }

    /* into an empty chain */
    in = rp_t_link(pool, b[0], rp_t_link(pool, b[1], NULL));
    out = NULL;
    ck_assert_int_eq(rp_chain_append_copy(pool, &out, in), RP_OK);
    ck_assert_ptr_nonnull(out);
    ck_assert_ptr_ne(out, in);
    ck_assert_ptr_eq(out->buf, b[0]);
    ck_assert_ptr_ne(out->next, in->next);
    ck_assert_ptr_eq(out->next->buf, b[1]);
    ck_assert_ptr_null(out->next->next);

    /* appended after what is there; the input is not modified */
    in = rp_t_link(pool, b[2], rp_t_link(pool, b[3],
                   rp_t_link(pool, b[4], NULL)));
    ck_assert_int_eq(rp_chain_append_copy(pool, &out, in), RP_OK);

    for (cl = out, i = 0; cl; cl = cl->next, i++) {
        ck_assert_uint_lt(i, 5);
        ck_assert_ptr_eq(cl->buf, b[i]);
    }
    ck_assert_uint_eq(i, 5);

    ck_assert_ptr_eq(in->buf, b[2]);
    ck_assert_ptr_eq(in->next->next->buf, b[4]);
    ck_assert_ptr_null(in->next->next->next);

    /* shared, not copied: a write through one chain shows in the other */
    *in->buf->last++ = 'z';
    ck_assert_int_eq(rp_buf_size(out->next->next->buf), 1);
    ck_assert_uint_eq(*out->next->next->buf->pos, 'z');

    /* appending nothing is a no-op */
    ck_assert_int_eq(rp_chain_append_copy(pool, &out, NULL), RP_OK);
    ck_assert_ptr_eq(out->buf, b[0]);

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_append_copy_fails_at_cap)
{
    struct rp_pool   *pool;
    struct rp_chain  *in, *out;
    struct rp_buf    *b;
    size_t            i;

    pool = rp_pool_create(512, 512, NULL);
    ck_assert_ptr_nonnull(pool);

    b = rp_buf_calloc(pool);
    ck_assert_ptr_nonnull(b);

    in = NULL;
    for (i = 0; i < 100; i++) {
        in = rp_chain_alloc(pool);
        if (in == NULL) {
            break;
        }
    }
    ck_assert_uint_lt(i, 100);

    /* a chain we cannot copy since the pool is full */
    in = &(struct rp_chain) { b, NULL };
    out = NULL;
    ck_assert_int_eq(rp_chain_append_copy(pool, &out, in), RP_ERROR);

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_chain_size)
{
    struct rp_pool   *pool;
    struct rp_buf    *mem, *ro, *file, *both, *flush, *last, *empty;
    struct rp_chain  *cl;
    static u_char     lit[] = "literal";

    pool = rp_pool_create(0, 0, NULL);
    ck_assert_ptr_nonnull(pool);

    ck_assert_int_eq(rp_chain_size(NULL), 0);

    /* 10 unconsumed bytes of a temporary buffer */
    mem = rp_buf_create_temp(pool, 64);
    ck_assert_ptr_nonnull(mem);
    mem->pos = mem->start + 5;
    mem->last = mem->start + 15;

    /* a read-only literal, 7 bytes */
    ro = rp_buf_calloc(pool);
    ck_assert_ptr_nonnull(ro);
    ro->memory = 1;
    ro->start = ro->pos = lit;
    ro->end = ro->last = lit + 7;

    /* a file range of 1000 bytes */
    file = rp_buf_calloc(pool);
    ck_assert_ptr_nonnull(file);
    file->in_file = 1;
    file->file_fd = 3;
    file->file_pos = 1000;
    file->file_last = 2000;

    /* a file range larger than 4 GiB */
    both = rp_buf_calloc(pool);
    ck_assert_ptr_nonnull(both);
    both->in_file = 1;
    both->file_fd = 3;
    both->file_pos = 0;
    both->file_last = RP_T_5G;

    /* special buffers: flush and last_buf, no data; never counted */
    flush = rp_buf_calloc(pool);
    ck_assert_ptr_nonnull(flush);
    flush->flush = 1;
    ck_assert(rp_buf_special(flush));
    last = rp_buf_calloc(pool);
    ck_assert_ptr_nonnull(last);
    last->last_buf = 1;
    ck_assert(rp_buf_special(last));

    /* an empty memory buffer counts as 0 */
    empty = rp_buf_create_temp(pool, 8);
    ck_assert_ptr_nonnull(empty);

    cl = rp_t_link(pool, last, NULL);
    ck_assert_int_eq(rp_chain_size(cl), 0);
    cl = rp_t_link(pool, flush, cl);
    ck_assert_int_eq(rp_chain_size(cl), 0);
    cl = rp_t_link(pool, mem, cl);
    ck_assert_int_eq(rp_chain_size(cl), 10);
    cl = rp_t_link(pool, ro, cl);
    ck_assert_int_eq(rp_chain_size(cl), 17);
    cl = rp_t_link(pool, empty, cl);
    ck_assert_int_eq(rp_chain_size(cl), 17);
    cl = rp_t_link(pool, file, cl);
    ck_assert_int_eq(rp_chain_size(cl), 1017);
    cl = rp_t_link(pool, both, cl);
    ck_assert_int_eq(rp_chain_size(cl), RP_T_5G + 1017);

    /* a last_buf that still carries data is not special: it counts */
    mem->last_buf = 1;
    ck_assert(!rp_buf_special(mem));
    ck_assert_int_eq(rp_chain_size(cl), RP_T_5G + 1017);

    /* a flushing file range is not special either */
    file->flush = 1;
    ck_assert(!rp_buf_special(file));
    ck_assert_int_eq(rp_chain_size(cl), RP_T_5G + 1017);

    rp_pool_destroy(pool);
}
END_TEST


static Suite *
rp_buf_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_buf");

    tc = tcase_create("buf");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_create_temp);
    tcase_add_test(tc, test_create_temp_fails_at_cap);
    tcase_add_test(tc, test_calloc_and_chain_alloc);
    suite_add_tcase(s, tc);

    tc = tcase_create("chain");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_append_copy_shares_buffers);
    tcase_add_test(tc, test_append_copy_fails_at_cap);
    tcase_add_test(tc, test_chain_size);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_buf_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
