/*
 * test_rp_connection.c - the connection free list and idle list
 * (src/event/rp_connection.c).
 *
 * Connections wrap one end of a socketpair each, so closing them really
 * closes a descriptor and the test can see it is gone.  No event loop is
 * needed: objects that were never registered in epoll are closed without
 * touching it.
 */

#include "rp_config.h"
#include <check.h>
#include <fcntl.h>
#include <sys/socket.h>
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"

static struct rp_log  rp_t_log;


/* A fresh free list of <n> objects and a quiet log. */
static void
rp_t_init(size_t n)
{
    rp_t_log = rp_log_stderr_log;
    rp_t_log.level = RP_LOG_ERR;

    ck_assert_int_eq(rp_connection_init(n, &rp_t_log), RP_OK);
}


/* One end of a new socketpair (the other end is left open, leaked). */
static int
rp_t_socket(void)
{
    int  sv[2];

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);

    return sv[0];
}


static int
rp_t_fd_is_open(int fd)
{
    return fcntl(fd, F_GETFD) != -1;
}


START_TEST(test_conn_exhausting_the_free_list_returns_null)
{
    int                    fd;
    size_t                 i;
    struct rp_connection  *c[3];

    rp_t_init(3);

    ck_assert_uint_eq(rp_connection_free_count(), 3);
    ck_assert_uint_eq(rp_connection_active_count(), 0);

    for (i = 0; i < 3; i++) {
        fd = rp_t_socket();
        c[i] = rp_connection_get(fd, &rp_t_log);
        ck_assert_ptr_nonnull(c[i]);
        ck_assert_int_eq(c[i]->fd, fd);
        ck_assert_uint_eq(c[i]->number, i + 1);
        ck_assert_ptr_eq(c[i]->read.data, c[i]);
        ck_assert_ptr_eq(c[i]->write.data, c[i]);
        ck_assert_ptr_eq(c[i]->read.log, &c[i]->log);
        ck_assert(c[i]->write.write);
        ck_assert(!c[i]->read.write);
        ck_assert_uint_eq(c[i]->log.level, RP_LOG_ERR);
    }

    ck_assert_ptr_ne(c[0], c[1]);
    ck_assert_ptr_ne(c[1], c[2]);
    ck_assert_uint_eq(rp_connection_free_count(), 0);
    ck_assert_uint_eq(rp_connection_active_count(), 3);

    fd = rp_t_socket();
    ck_assert_ptr_null(rp_connection_get(fd, &rp_t_log));
    ck_assert(rp_t_fd_is_open(fd));          /* still the caller's */
}
END_TEST


START_TEST(test_conn_close_returns_the_object_and_closes_the_fd)
{
    int                    fd, fd2;
    unsigned               instance;
    struct rp_connection  *c, *c2;

    rp_t_init(1);

    fd = rp_t_socket();
    c = rp_connection_get(fd, &rp_t_log);
    ck_assert_ptr_nonnull(c);
    instance = c->read.instance;

    ck_assert_ptr_null(rp_connection_get(rp_t_socket(), &rp_t_log));

    rp_connection_close(c);
    ck_assert(!rp_t_fd_is_open(fd));
    ck_assert_int_eq(c->fd, -1);
    ck_assert(c->destroyed);
    ck_assert_uint_eq(rp_connection_free_count(), 1);
    ck_assert_uint_eq(rp_connection_active_count(), 0);

    /* Same object again, with a new number and the other instance. */
    fd2 = rp_t_socket();
    c2 = rp_connection_get(fd2, &rp_t_log);
    ck_assert_ptr_eq(c2, c);
    ck_assert_int_eq(c2->fd, fd2);
    ck_assert_uint_eq(c2->number, 2);
    ck_assert_uint_ne(c2->read.instance, instance);
    ck_assert_uint_eq(c2->write.instance, c2->read.instance);
    ck_assert(!c2->destroyed);
}
END_TEST


static int  rp_t_cleanup_ran;


static void
rp_t_cleanup(void *data)
{
    rp_t_cleanup_ran = *(int *) data;
}


START_TEST(test_conn_close_destroys_the_pool_and_timers)
{
    int                     *value;
    struct rp_connection    *c;
    struct rp_pool_cleanup  *cln;

    rp_t_init(2);
    rp_current_msec = 1000;

    c = rp_connection_get(rp_t_socket(), &rp_t_log);
    ck_assert_ptr_nonnull(c);

    c->pool = rp_pool_create(0, 0, &c->log);
    ck_assert_ptr_nonnull(c->pool);
    value = rp_palloc(c->pool, sizeof(int));
    ck_assert_ptr_nonnull(value);
    *value = 42;
    cln = rp_pool_cleanup_add(c->pool);
    ck_assert_ptr_nonnull(cln);
    cln->handler = rp_t_cleanup;
    cln->data = value;

    ck_assert_int_eq(rp_event_add_timer(&c->read, 100), RP_OK);
    ck_assert_int_eq(rp_event_add_timer(&c->write, 200), RP_OK);
    ck_assert_uint_eq(rp_event_timer_count(), 2);

    rp_connection_close(c);

    ck_assert_int_eq(rp_t_cleanup_ran, 42);
    ck_assert_ptr_null(c->pool);
    ck_assert_uint_eq(rp_event_timer_count(), 0);
    ck_assert(!c->read.timer_set);
    ck_assert(!c->write.timer_set);
}
END_TEST


START_TEST(test_conn_number_and_start_time)
{
    struct rp_connection  *c;

    rp_t_init(2);
    rp_current_msec = 777;

    c = rp_connection_get(rp_t_socket(), &rp_t_log);
    ck_assert_int_eq(c->start, 777);
    ck_assert_uint_eq(c->number, 1);
    rp_connection_close(c);

    rp_current_msec = 900;
    c = rp_connection_get(rp_t_socket(), &rp_t_log);
    ck_assert_int_eq(c->start, 900);
    ck_assert_uint_eq(c->number, 2);
}
END_TEST


START_TEST(test_conn_idle_list_add_remove)
{
    struct rp_connection  *a, *b;

    rp_t_init(4);

    a = rp_connection_get(rp_t_socket(), &rp_t_log);
    b = rp_connection_get(rp_t_socket(), &rp_t_log);

    rp_connection_set_idle(a, 1);
    rp_connection_set_idle(a, 1);           /* idempotent */
    rp_connection_set_idle(b, 1);
    ck_assert(a->idle);
    ck_assert(b->idle);

    rp_connection_set_idle(a, 0);
    ck_assert(!a->idle);
    rp_connection_set_idle(a, 0);

    /* Only b is idle now: close_idle must leave a alone. */
    rp_connection_close_idle();
    ck_assert_int_eq(b->fd, -1);
    ck_assert_int_ne(a->fd, -1);
    ck_assert_uint_eq(rp_connection_active_count(), 1);

    /* Closing an idle connection takes it off the list. */
    rp_connection_set_idle(a, 1);
    rp_connection_close(a);
    rp_connection_close_idle();
    ck_assert_uint_eq(rp_connection_active_count(), 0);
}
END_TEST


static unsigned  rp_t_handler_calls;


/* Closes connections with an odd number, ignores the others. */
static void
rp_t_idle_handler(struct rp_event *ev)
{
    struct rp_connection  *c;

    c = ev->data;
    rp_t_handler_calls++;
    ck_assert(c->close);

    if (c->number % 2) {
        rp_connection_close(c);
    }
}


START_TEST(test_conn_close_idle_calls_handlers_and_closes_all)
{
    size_t                 i;
    struct rp_connection  *c[6];

    rp_t_init(8);

    for (i = 0; i < 6; i++) {
        c[i] = rp_connection_get(rp_t_socket(), &rp_t_log);
        ck_assert_ptr_nonnull(c[i]);
        c[i]->read.handler = rp_t_idle_handler;
    }

    /* c[5] is busy: not idle, must survive. */
    for (i = 0; i < 5; i++) {
        rp_connection_set_idle(c[i], 1);
    }

    rp_connection_close_idle();

    ck_assert_uint_eq(rp_t_handler_calls, 5);

    for (i = 0; i < 5; i++) {
        ck_assert_int_eq(c[i]->fd, -1);
    }

    ck_assert_int_ne(c[5]->fd, -1);
    ck_assert(!c[5]->close);
    ck_assert_uint_eq(rp_connection_active_count(), 1);
}
END_TEST


static Suite *
rp_t_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_connection");
    tc = tcase_create("lists");
    tcase_set_timeout(tc, 10);

    tcase_add_test(tc, test_conn_exhausting_the_free_list_returns_null);
    tcase_add_test(tc, test_conn_close_returns_the_object_and_closes_the_fd);
    tcase_add_test(tc, test_conn_close_destroys_the_pool_and_timers);
    tcase_add_test(tc, test_conn_number_and_start_time);
    tcase_add_test(tc, test_conn_idle_list_add_remove);
    tcase_add_test(tc, test_conn_close_idle_calls_handlers_and_closes_all);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_t_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
