/*
 * test_rp_http_upstream_keepalive.c - the per-worker keep-alive cache of
 * upstream connections (src/http/rp_http_upstream_keepalive.c).
 *
 * The cache holds real socketpair connections in a real event loop, so
 * a close is seen as EOF (or a reset) on the far end and timeouts fire
 * from the timer heap.  Covered: LIFO reuse matched to the peer,
 * eviction of the least recently used, keepalive_timeout, a backend
 * that closes or talks unasked, put() closing instead of keeping, and a
 * graceful stop.
 */

#include "test_rp_http_upstream.h"


static struct rp_cycle  tu_lcycle;
static struct rp_log    tu_llog;
static unsigned         tu_guard_fired;


static void
tu_loop_init(void)
{
    tu_llog = rp_log_stderr_log;
    tu_llog.level = RP_LOG_ERR;

    memset(&tu_lcycle, 0, sizeof(tu_lcycle));
    tu_lcycle.log = &tu_llog;
    tu_lcycle.pool = rp_pool_create(0, 0, &tu_llog);
    ck_assert_ptr_nonnull(tu_lcycle.pool);
    ck_assert_int_eq(rp_array_init(&tu_lcycle.listening, tu_lcycle.pool, 1,
                                   sizeof(struct rp_listening)), RP_OK);

    rp_time_update();
    ck_assert_int_eq(rp_event_loop_init(&tu_lcycle, 16), RP_OK);
}


static void
tu_loop_done(void)
{
    rp_connection_close_idle();
    rp_event_loop_done(&tu_lcycle);
    rp_pool_destroy(tu_lcycle.pool);
}


static void
tu_guard(struct rp_event *ev)
{
    tu_guard_fired = 1;
}


/* Run the loop until the cache of tu_us holds <n>, failing after 2 s. */
static void
tu_run_until_count(size_t n)
{
    struct rp_event  guard;

    memset(&guard, 0, sizeof(guard));
    guard.handler = tu_guard;
    guard.log = &tu_llog;
    tu_guard_fired = 0;
    ck_assert_int_eq(rp_event_add_timer(&guard, 2000), RP_OK);

    while (rp_http_upstream_keepalive_count(tu_us) != n && !tu_guard_fired) {
        rp_event_process(&tu_lcycle, NULL);
    }

    rp_event_del_timer(&guard);
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), n);
}


/* A connection on one end of a socketpair; *other gets the far end. */
static struct rp_connection *
tu_conn(int *other)
{
    int                    sv[2];
    struct rp_connection  *c;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK
                                         | SOCK_CLOEXEC, 0, sv), 0);
    c = rp_connection_get(sv[0], &tu_llog);
    ck_assert_ptr_nonnull(c);
    *other = sv[1];

    return c;
}


/* 1 if the far end <fd> sees the connection closed (EOF), 0 if open. */
static int
tu_closed(int fd)
{
    char     byte;
    ssize_t  n;

    n = read(fd, &byte, 1);

    /* closed with our unread bytes in it: a reset */
    if (n == -1 && errno == ECONNRESET) {
        return 1;
    }

    if (n == -1) {
        ck_assert_int_eq(errno, EAGAIN);
        return 0;
    }

    ck_assert_int_eq(n, 0);

    return 1;
}


static struct rp_http_upstream_peer *
tu_peer(size_t i)
{
    return &tu_us->peers->peer[i];
}


/* get() for peer <i>; checks what it hands back. */
static struct rp_connection *
tu_get(size_t i, unsigned *requests)
{
    struct rp_connection        *c;
    struct rp_http_upstream_pc   pc;

    memset(&pc, 0, sizeof(pc));
    pc.peer = tu_peer(i);
    c = rp_http_upstream_keepalive_get(tu_us, &pc);

    if (c) {
        ck_assert_ptr_eq(pc.cached, c);
        ck_assert(!c->read.timer_set);
        ck_assert(!c->idle);
        ck_assert_ptr_null(c->read.handler);
        ck_assert_ptr_null(c->data);
        ck_assert(c->read.active);
        *requests = pc.requests;
    }

    return c;
}


static void
tu_keepalive_setup(void)
{
    tu_setup();
    tu_use("upstream k {\n"
           "    server 127.0.0.1:8001;\n"
           "    server 127.0.0.1:8002;\n"
           "    keepalive 2;\n"
           "    keepalive_timeout 100ms;\n"
           "    keepalive_requests 5;\n"
           "}\n"
           "upstream none {\n    server 127.0.0.1:8001;\n}\n", "k");
    tu_loop_init();
}


static void
tu_keepalive_teardown(void)
{
    tu_loop_done();
    tv_teardown();
}


START_TEST(test_keepalive_lifo_per_peer)
{
    int                    o1, o2, o3;
    unsigned               nreq;
    struct rp_connection  *c1, *c2, *c3;

    c1 = tu_conn(&o1);
    c2 = tu_conn(&o2);

    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c1, 1);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c2, 2);
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 2);
    ck_assert(c1->idle && c2->idle);
    ck_assert(c1->read.timer_set);

    /* nothing for the other peer */
    ck_assert_ptr_null(tu_get(1, &nreq));

    /* the most recent first */
    ck_assert_ptr_eq(tu_get(0, &nreq), c2);
    ck_assert_uint_eq(nreq, 2);
    ck_assert_ptr_eq(tu_get(0, &nreq), c1);
    ck_assert_uint_eq(nreq, 1);
    ck_assert_ptr_null(tu_get(0, &nreq));
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 0);
    ck_assert(!tu_closed(o1) && !tu_closed(o2));

    /* matched to the peer, whatever the order */
    c3 = tu_conn(&o3);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(1), c1, 3);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c2, 3);
    ck_assert_ptr_eq(tu_get(1, &nreq), c1);
    ck_assert_ptr_eq(tu_get(0, &nreq), c2);

    /* an idle connection survives loop turns with nothing to read */
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c3, 1);
    rp_event_process(&tu_lcycle, NULL);
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 1);
    ck_assert(!tu_closed(o3));

    rp_connection_close(c1);
    rp_connection_close(c2);
}
END_TEST


START_TEST(test_keepalive_evicts_least_recently_used)
{
    int                    o[3];
    unsigned               nreq;
    struct rp_connection  *c[3];
    size_t                 i;

    for (i = 0; i < 3; i++) {
        c[i] = tu_conn(&o[i]);
        rp_http_upstream_keepalive_put(tu_us, tu_peer(i == 1), c[i], 1);
    }

    /* 2 slots: c[0], the oldest, was closed to make room */
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 2);
    ck_assert(tu_closed(o[0]));
    ck_assert(!tu_closed(o[1]) && !tu_closed(o[2]));

    ck_assert_ptr_eq(tu_get(0, &nreq), c[2]);
    ck_assert_ptr_eq(tu_get(1, &nreq), c[1]);
    ck_assert_ptr_null(tu_get(0, &nreq));

    rp_connection_close(c[1]);
    rp_connection_close(c[2]);
}
END_TEST


START_TEST(test_keepalive_timeout_closes)
{
    int                    o;
    rp_msec_t              start;
    struct rp_connection  *c;

    c = tu_conn(&o);
    start = rp_current_msec;
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c, 1);

    tu_run_until_count(0);
    ck_assert_int_ge(rp_current_msec - start, 100);
    ck_assert(tu_closed(o));
    ck_assert_uint_eq(rp_event_timer_count(), 0);
}
END_TEST


START_TEST(test_keepalive_backend_close_detected)
{
    int                    o1, o2;
    unsigned               nreq;
    struct rp_connection  *c1, *c2;

    c1 = tu_conn(&o1);
    c2 = tu_conn(&o2);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c1, 1);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c2, 1);

    /* the backend closes c2: gone before anybody can reuse it */
    close(o2);
    tu_run_until_count(1);
    ck_assert_ptr_eq(tu_get(0, &nreq), c1);

    /* a backend that talks unasked is not reusable either */
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c1, 1);
    ck_assert_int_eq(write(o1, "X", 1), 1);
    tu_run_until_count(0);
    ck_assert(tu_closed(o1));
    ck_assert_uint_eq(rp_connection_active_count(), 0);
}
END_TEST


START_TEST(test_keepalive_put_closes_instead)
{
    int                    o;
    struct rp_connection  *c;

    /* keepalive_requests reached */
    c = tu_conn(&o);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c, 5);
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 0);
    ck_assert(tu_closed(o));

    /* unread bytes already there (read.ready): looked at, closed */
    c = tu_conn(&o);
    ck_assert_int_eq(write(o, "X", 1), 1);
    c->read.ready = 1;
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c, 1);
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 0);
    ck_assert_uint_eq(rp_connection_active_count(), 0);

    /* ready but nothing to read: kept */
    c = tu_conn(&o);
    c->read.ready = 1;
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c, 1);
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 1);
    ck_assert(!c->read.ready);

    /* a group without keepalive keeps nothing */
    tu_us = group("none");
    c = tu_conn(&o);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c, 1);
    ck_assert(tu_closed(o));
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 0);
}
END_TEST


START_TEST(test_keepalive_graceful_stop_closes_idle)
{
    int                    o1, o2;
    struct rp_connection  *c1, *c2;

    c1 = tu_conn(&o1);
    c2 = tu_conn(&o2);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c1, 1);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(1), c2, 1);

    rp_connection_close_idle();
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 0);
    ck_assert(tu_closed(o1) && tu_closed(o2));
    ck_assert_uint_eq(rp_event_timer_count(), 0);
}
END_TEST


static Suite *
upstream_keepalive_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_http_upstream_keepalive");

    tc = tcase_create("keepalive");
    tcase_add_checked_fixture(tc, tu_keepalive_setup,
                              tu_keepalive_teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_keepalive_lifo_per_peer);
    tcase_add_test(tc, test_keepalive_evicts_least_recently_used);
    tcase_add_test(tc, test_keepalive_timeout_closes);
    tcase_add_test(tc, test_keepalive_backend_close_detected);
    tcase_add_test(tc, test_keepalive_put_closes_instead);
    tcase_add_test(tc, test_keepalive_graceful_stop_closes_idle);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return tv_main(upstream_keepalive_suite());
}
