/*
 * test_rp_event.c - the epoll loop (src/event/rp_event.c).
 *
 * Each case sets up a real loop in its Check child with a cycle that has
 * no listening sockets, registers socketpair connections and drives
 * rp_event_process() turn by turn.  A guard timer bounds every wait, so
 * a missing event fails the case instead of hanging it.
 */

#include "rp_config.h"
#include <check.h>
#include <signal.h>
#include <sys/socket.h>
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_cycle.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_listen.h"

static struct rp_cycle  rp_t_cycle;
static struct rp_log    rp_t_log;

/* What the handlers saw. */
static unsigned         rp_t_reads;
static unsigned         rp_t_writes;
static char             rp_t_data[64];
static size_t           rp_t_ndata;
static unsigned         rp_t_eof;
static unsigned         rp_t_guard_fired;


static void
rp_t_loop_init(size_t n)
{
    rp_t_log = rp_log_stderr_log;
    rp_t_log.level = RP_LOG_ERR;

    memset(&rp_t_cycle, 0, sizeof(rp_t_cycle));
    rp_t_cycle.log = &rp_t_log;
    rp_t_cycle.pool = rp_pool_create(0, 0, &rp_t_log);
    ck_assert_ptr_nonnull(rp_t_cycle.pool);
    ck_assert_int_eq(rp_array_init(&rp_t_cycle.listening, rp_t_cycle.pool, 1,
                                   sizeof(struct rp_listening)), RP_OK);

    rp_time_update();
    ck_assert_int_eq(rp_event_loop_init(&rp_t_cycle, n), RP_OK);
}


static void
rp_t_guard(struct rp_event *ev)
{
    rp_t_guard_fired = 1;
}


/* Run turns until <*flag> is set, failing after 2 s. */
static void
rp_t_run_until(const unsigned *flag)
{
    struct rp_event  guard;

    memset(&guard, 0, sizeof(guard));
    guard.handler = rp_t_guard;
    guard.log = &rp_t_log;
    rp_t_guard_fired = 0;

    ck_assert_int_eq(rp_event_add_timer(&guard, 2000), RP_OK);

    while (!*flag && !rp_t_guard_fired) {
        rp_event_process(&rp_t_cycle, NULL);
    }

    rp_event_del_timer(&guard);
    ck_assert_msg(*flag, "the event did not come within 2 s");
}


/* Edge-triggered reader: read until EAGAIN, note EOF. */
static void
rp_t_read_handler(struct rp_event *ev)
{
    ssize_t                n;
    struct rp_connection  *c;

    c = ev->data;
    ck_assert(ev->ready);
    ck_assert(!ev->write);
    rp_t_reads++;

    for ( ;; ) {
        n = read(c->fd, rp_t_data + rp_t_ndata,
                 sizeof(rp_t_data) - rp_t_ndata);

        if (n > 0) {
            rp_t_ndata += (size_t) n;
            continue;
        }

        if (n == 0) {
            rp_t_eof = 1;
            ev->eof = 1;
        }

        ev->ready = 0;
        return;
    }
}


static void
rp_t_write_handler(struct rp_event *ev)
{
    ck_assert(ev->ready);
    ck_assert(ev->write);
    rp_t_writes++;
}


static struct rp_connection *
rp_t_conn(int *peer)
{
    int                    sv[2];
    struct rp_connection  *c;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv),
                     0);
    c = rp_connection_get(sv[0], &rp_t_log);
    ck_assert_ptr_nonnull(c);
    c->read.handler = rp_t_read_handler;
    c->write.handler = rp_t_write_handler;
    *peer = sv[1];

    return c;
}


START_TEST(test_loop_read_handler_fires_on_data)
{
    int                    peer;
    struct rp_event        quiet;
    struct rp_connection  *c;

    rp_t_loop_init(4);
    c = rp_t_conn(&peer);

    ck_assert_int_eq(rp_event_add_conn(c), RP_OK);
    ck_assert(c->read.active && c->write.active);
    ck_assert_int_eq(rp_event_add_conn(c), RP_OK);     /* idempotent */

    /* A new socket is writable at once: the write handler runs. */
    rp_t_run_until(&rp_t_writes);
    ck_assert_uint_eq(rp_t_reads, 0);

    ck_assert_int_eq(write(peer, "hello", 5), 5);
    rp_t_run_until(&rp_t_reads);
    ck_assert_uint_eq(rp_t_ndata, 5);
    ck_assert(memcmp(rp_t_data, "hello", 5) == 0);
    ck_assert(!rp_t_eof);

    /* Edge-triggered: no new data, no new call. */
    rp_t_reads = 0;
    rp_t_writes = 0;
    memset(&quiet, 0, sizeof(quiet));
    quiet.handler = rp_t_guard;
    rp_t_guard_fired = 0;
    ck_assert_int_eq(rp_event_add_timer(&quiet, 20), RP_OK);

    while (!rp_t_guard_fired) {
        rp_event_process(&rp_t_cycle, NULL);
    }

    ck_assert_uint_eq(rp_t_reads, 0);
    ck_assert_uint_eq(rp_t_writes, 0);

    /* Peer closes: the read handler sees EOF, with pending_eof set. */
    close(peer);
    rp_t_run_until(&rp_t_eof);
    ck_assert(c->read.pending_eof);

    rp_connection_close(c);
    ck_assert(!c->read.active);
    rp_event_loop_done(&rp_t_cycle);
}
END_TEST


static rp_msec_t  rp_t_fired_at;
static unsigned   rp_t_timer_fired;


static void
rp_t_timer_handler(struct rp_event *ev)
{
    ck_assert(ev->timedout);
    ck_assert(!ev->timer_set);
    rp_t_fired_at = rp_current_msec;
    rp_t_timer_fired = 1;
}


START_TEST(test_loop_timer_fires_with_timedout)
{
    rp_msec_t         start;
    struct rp_event   ev;

    rp_t_loop_init(1);

    memset(&ev, 0, sizeof(ev));
    ev.handler = rp_t_timer_handler;
    ev.log = &rp_t_log;

    start = rp_current_msec;
    ck_assert_int_eq(rp_event_add_timer(&ev, 30), RP_OK);

    /* No fds at all: the wait is bounded by the timer alone. */
    rp_t_run_until(&rp_t_timer_fired);
    ck_assert(ev.timedout);
    ck_assert_int_ge(rp_t_fired_at - start, 30);
    ck_assert_uint_eq(rp_event_timer_count(), 0);

    rp_event_loop_done(&rp_t_cycle);
}
END_TEST


static struct rp_connection  *rp_t_pair[2];
static unsigned               rp_t_stale_calls;
static int                    rp_t_reused_fd = -1;


/*
 * Whichever of the two connections runs first closes the other and
 * takes its object for a new socket: the other's report this turn is
 * stale and must not reach the new user.
 */
static void
rp_t_close_other(struct rp_event *ev)
{
    int                    sv[2];
    struct rp_connection  *c, *other, *n;

    c = ev->data;
    rp_t_stale_calls++;

    other = (c == rp_t_pair[0]) ? rp_t_pair[1] : rp_t_pair[0];

    if (other->fd == -1) {
        return;
    }

    rp_connection_close(other);

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv),
                     0);
    n = rp_connection_get(sv[0], &rp_t_log);
    ck_assert_ptr_eq(n, other);
    n->read.handler = rp_t_close_other;
    rp_t_reused_fd = sv[0];
}


START_TEST(test_loop_stale_event_is_ignored)
{
    int  p0, p1;

    rp_t_loop_init(2);

    rp_t_pair[0] = rp_t_conn(&p0);
    rp_t_pair[1] = rp_t_conn(&p1);
    rp_t_pair[0]->read.handler = rp_t_close_other;
    rp_t_pair[1]->read.handler = rp_t_close_other;
    rp_t_pair[0]->write.handler = NULL;
    rp_t_pair[1]->write.handler = NULL;

    ck_assert_int_eq(rp_event_add_conn(rp_t_pair[0]), RP_OK);
    ck_assert_int_eq(rp_event_add_conn(rp_t_pair[1]), RP_OK);

    /* Both readable before the turn: one epoll_pwait reports both. */
    ck_assert_int_eq(write(p0, "x", 1), 1);
    ck_assert_int_eq(write(p1, "y", 1), 1);

    rp_event_process(&rp_t_cycle, NULL);

    ck_assert_uint_eq(rp_t_stale_calls, 1);
    ck_assert_int_ne(rp_t_reused_fd, -1);
    ck_assert_uint_eq(rp_connection_active_count(), 2);
}
END_TEST


static volatile sig_atomic_t  rp_t_got_signal;


static void
rp_t_on_signal(int signo)
{
    rp_t_got_signal = signo;
}


START_TEST(test_loop_signal_interrupts_the_wait)
{
    sigset_t          block, wait_mask;
    struct sigaction  sa;
    struct rp_event   ev;

    rp_t_loop_init(1);

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = rp_t_on_signal;
    sigemptyset(&sa.sa_mask);
    ck_assert_int_eq(sigaction(SIGUSR1, &sa, NULL), 0);

    /* As the os layer does: blocked except during the wait. */
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    ck_assert_int_eq(sigprocmask(SIG_BLOCK, &block, NULL), 0);
    sigemptyset(&wait_mask);

    /* Pending before the wait: epoll_pwait returns EINTR at once. */
    ck_assert_int_eq(kill(getpid(), SIGUSR1), 0);

    /*
     * A timer the wait believes is 50 ms away (the cached clock is set
     * back 1 s) but that is due by the real clock after the wait: the
     * interrupted turn must still run it.  (With a timer due before the
     * wait, the timeout is 0 and epoll_pwait() does not look at signals.)
     */
    memset(&ev, 0, sizeof(ev));
    ev.handler = rp_t_timer_handler;
    rp_current_msec -= 1000;
    ck_assert_int_eq(rp_event_add_timer(&ev, 50), RP_OK);
    rp_t_timer_fired = 0;

    rp_event_process(&rp_t_cycle, &wait_mask);

    ck_assert_int_eq(rp_t_got_signal, SIGUSR1);
    ck_assert_uint_eq(rp_t_timer_fired, 1);
}
END_TEST


START_TEST(test_loop_init_rejects_zero_connections)
{
    rp_t_log = rp_log_stderr_log;
    rp_t_log.level = RP_LOG_EMERG - 1;          /* silence the message */

    memset(&rp_t_cycle, 0, sizeof(rp_t_cycle));
    rp_t_cycle.log = &rp_t_log;
    rp_t_cycle.pool = rp_pool_create(0, 0, &rp_t_log);
    ck_assert_int_eq(rp_array_init(&rp_t_cycle.listening, rp_t_cycle.pool, 1,
                                   sizeof(struct rp_listening)), RP_OK);

    ck_assert_int_eq(rp_event_loop_init(&rp_t_cycle, 0), RP_ERROR);
    ck_assert_ptr_null(rp_connection_get(0, &rp_t_log));
}
END_TEST


static Suite *
rp_t_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_event");
    tc = tcase_create("loop");
    tcase_set_timeout(tc, 10);

    tcase_add_test(tc, test_loop_read_handler_fires_on_data);
    tcase_add_test(tc, test_loop_timer_fires_with_timedout);
    tcase_add_test(tc, test_loop_stale_event_is_ignored);
    tcase_add_test(tc, test_loop_signal_interrupts_the_wait);
    tcase_add_test(tc, test_loop_init_rejects_zero_connections);
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
