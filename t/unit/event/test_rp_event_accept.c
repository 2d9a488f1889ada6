/*
 * test_rp_event_accept.c - the accept path (src/event/rp_event_accept.c).
 *
 * A listening socket on 127.0.0.1 with a kernel-chosen port is opened
 * with rp_listen_open() and served by a real loop; clients connect with
 * blocking sockets (the kernel completes the handshake before accept).
 * Exhaustion is provoked with worker_connections 2: the third client
 * must wait in the backlog, the alert must be logged exactly once per
 * process, and accepting must resume after the pause.
 */

#include "rp_config.h"
#include <check.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_cycle.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_listen.h"

#define RP_T_MAX_ACCEPTED  80
#define RP_T_MANY          70

static struct rp_cycle        rp_t_cycle;
static struct rp_event_conf   rp_t_ecf;
static void                  *rp_t_conf_ctx[1];
static struct rp_log          rp_t_log;
static struct rp_open_file    rp_t_file;
static char                   rp_t_path[64];

static struct rp_connection  *rp_t_accepted[RP_T_MAX_ACCEPTED];
static unsigned               rp_t_naccepted;
static unsigned               rp_t_guard_fired;


/* The listening handler: keep the connection, registered in epoll. */
static void
rp_t_handler(struct rp_connection *c)
{
    ck_assert_uint_lt(rp_t_naccepted, RP_T_MAX_ACCEPTED);
    ck_assert_int_eq(rp_event_add_conn(c), RP_OK);
    rp_t_accepted[rp_t_naccepted++] = c;
}


/*
 * A cycle logging to a temp file with one listening socket on
 * 127.0.0.1:0 (shared, or a reuseport clone for worker 0), then a loop
 * with <n> connections.  <multi> -1 leaves the cycle without module
 * confs, else it is the events block's multi_accept.  Returns the
 * listening entry.
 */
static struct rp_listening *
rp_t_setup_conf(size_t n, int reuseport, int multi)
{
    int                   fd;
    struct rp_listening  *ls;
    struct sockaddr_in    sin;

    memcpy(rp_t_path, "/tmp/rp_t_accept_XXXXXX",
           sizeof("/tmp/rp_t_accept_XXXXXX"));
    fd = mkstemp(rp_t_path);
    ck_assert_int_ne(fd, -1);
    (void) unlink(rp_t_path);

    rp_t_file.name.data = (u_char *) rp_t_path;
    rp_t_file.name.len = strlen(rp_t_path);
    rp_t_file.fd = fd;

    memset(&rp_t_log, 0, sizeof(rp_t_log));
    rp_t_log.level = RP_LOG_INFO;
    rp_t_log.file = &rp_t_file;

    memset(&rp_t_cycle, 0, sizeof(rp_t_cycle));
    rp_t_cycle.log = &rp_t_log;
    rp_t_cycle.pool = rp_pool_create(0, 0, &rp_t_log);
    ck_assert_ptr_nonnull(rp_t_cycle.pool);

    if (multi >= 0) {
        /* The module list is not installed: its ctx_index is 0. */
        ck_assert_uint_eq(rp_event_core_module.ctx_index, 0);
        rp_t_ecf.connections = (int64_t) n;
        rp_t_ecf.multi_accept = multi;
        rp_t_ecf.seen = 1;
        rp_t_conf_ctx[0] = &rp_t_ecf;
        rp_t_cycle.conf_ctx = rp_t_conf_ctx;
    }

    ck_assert_int_eq(rp_array_init(&rp_t_cycle.listening, rp_t_cycle.pool, 2,
                                   sizeof(struct rp_listening)), RP_OK);

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    ls = rp_listen_add(&rp_t_cycle, (struct sockaddr *) &sin, sizeof(sin));
    ck_assert_ptr_nonnull(ls);
    ls->handler = rp_t_handler;
    ls->reuseport = reuseport ? 1 : 0;

    ck_assert_int_eq(rp_listen_open(&rp_t_cycle, NULL, 1), RP_OK);

    rp_worker_index = reuseport ? 0 : -1;
    rp_time_update();
    ck_assert_int_eq(rp_event_loop_init(&rp_t_cycle, n), RP_OK);

    return rp_t_cycle.listening.elts;
}


static struct rp_listening *
rp_t_setup(size_t n, int reuseport)
{
    return rp_t_setup_conf(n, reuseport, -1);
}


/* A blocking client connected to <ls>. */
static int
rp_t_connect(const struct rp_listening *ls)
{
    int  s;

    s = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ne(s, -1);
    ck_assert_int_eq(connect(s, (const struct sockaddr *) &ls->sockaddr,
                             ls->socklen), 0);

    return s;
}


static void
rp_t_guard(struct rp_event *ev)
{
    rp_t_guard_fired = 1;
}


/* Run turns until <want> connections were accepted or <ms> passed. */
static void
rp_t_run(unsigned want, rp_msec_t ms)
{
    struct rp_event  guard;

    memset(&guard, 0, sizeof(guard));
    guard.handler = rp_t_guard;
    rp_t_guard_fired = 0;
    ck_assert_int_eq(rp_event_add_timer(&guard, ms), RP_OK);

    while (rp_t_naccepted < want && !rp_t_guard_fired) {
        rp_event_process(&rp_t_cycle, NULL);
    }

    rp_event_del_timer(&guard);
}


/* Lines of the log file containing <needle>. */
static unsigned
rp_t_log_count(const char *needle)
{
    static char  buf[16384];
    ssize_t      n;
    unsigned     count;
    const char  *p;

    n = pread(rp_t_file.fd, buf, sizeof(buf) - 1, 0);
    ck_assert_int_ge(n, 0);
    buf[n] = '\0';

    count = 0;

    for (p = strstr(buf, needle); p != NULL; p = strstr(p + 1, needle)) {
        count++;
    }

    return count;
}


START_TEST(test_accept_calls_handler_with_a_filled_connection)
{
    int                    s;
    socklen_t              len;
    struct sockaddr_in     local;
    struct rp_listening   *ls;
    struct rp_connection  *c;

    ls = rp_t_setup(4, 0);
    s = rp_t_connect(ls);

    rp_t_run(1, 2000);
    ck_assert_uint_eq(rp_t_naccepted, 1);

    c = rp_t_accepted[0];
    ck_assert_ptr_eq(c->listening, ls);
    ck_assert_int_ne(c->fd, -1);
    ck_assert_ptr_nonnull(c->pool);
    ck_assert_uint_eq(c->number, 1);
    ck_assert_uint_eq(c->addr_text.len, strlen("127.0.0.1"));
    ck_assert(memcmp(c->addr_text.data, "127.0.0.1", 9) == 0);

    /* The peer address is the client's socket. */
    len = sizeof(local);
    ck_assert_int_eq(getsockname(s, (struct sockaddr *) &local, &len), 0);
    ck_assert_int_eq(c->sockaddr.ss_family, AF_INET);
    ck_assert_uint_eq(((struct sockaddr_in *) &c->sockaddr)->sin_port,
                      local.sin_port);

    ck_assert(fcntl(c->fd, F_GETFL) & O_NONBLOCK);
    ck_assert(fcntl(c->fd, F_GETFD) & FD_CLOEXEC);
    ck_assert_uint_eq(rp_connection_active_count(), 1);

    rp_connection_close(c);
    ck_assert_uint_eq(rp_connection_active_count(), 0);
    close(s);
    rp_event_loop_done(&rp_t_cycle);
}
END_TEST


START_TEST(test_accept_on_own_reuseport_clone)
{
    int                   s;
    struct rp_listening  *ls;

    ls = rp_t_setup(4, 1);
    ck_assert_int_eq(ls->worker, 0);

    s = rp_t_connect(ls);
    rp_t_run(1, 2000);
    ck_assert_uint_eq(rp_t_naccepted, 1);
    ck_assert_ptr_eq(rp_t_accepted[0]->listening, ls);
    close(s);
}
END_TEST


START_TEST(test_accept_several_in_one_wakeup)
{
    int                   s[5];
    size_t                i;
    struct rp_listening  *ls;

    ls = rp_t_setup(8, 0);

    for (i = 0; i < 5; i++) {
        s[i] = rp_t_connect(ls);
    }

    /* All five are in the backlog: one turn takes them all. */
    rp_event_process(&rp_t_cycle, NULL);
    ck_assert_uint_eq(rp_t_naccepted, 5);

    for (i = 0; i < 5; i++) {
        ck_assert_uint_eq(rp_t_accepted[i]->number, i + 1);
        close(s[i]);
    }
}
END_TEST


/* Connect RP_T_MANY clients, run one turn, return how many got in. */
static unsigned
rp_t_one_turn_with_many(int multi)
{
    int                   s[RP_T_MANY];
    size_t                i;
    unsigned              n;
    struct rp_listening  *ls;

    ls = rp_t_setup_conf(RP_T_MAX_ACCEPTED, 0, multi);

    for (i = 0; i < RP_T_MANY; i++) {
        s[i] = rp_t_connect(ls);
    }

    rp_event_process(&rp_t_cycle, NULL);
    n = rp_t_naccepted;

    for (i = 0; i < RP_T_MANY; i++) {
        close(s[i]);
    }

    return n;
}


START_TEST(test_accept_batch_is_bounded_without_multi_accept)
{
    ck_assert_uint_eq(rp_t_one_turn_with_many(0), RP_EVENT_ACCEPT_BATCH);
}
END_TEST


START_TEST(test_accept_multi_accept_takes_all_pending)
{
    ck_assert_uint_eq(rp_t_one_turn_with_many(1), RP_T_MANY);
}
END_TEST


START_TEST(test_accept_exhaustion_pauses_and_logs_once)
{
    int                   s[6];
    char                  msg[128];
    size_t                i;
    rp_msec_t             paused_at;
    struct rp_listening  *ls;

    ls = rp_t_setup(2, 0);

    for (i = 0; i < 3; i++) {
        s[i] = rp_t_connect(ls);
    }

    /* The pause begins in one of the turns below, so not before this. */
    paused_at = rp_current_msec;
    rp_t_run(3, 200);
    ck_assert_uint_eq(rp_t_naccepted, 2);
    ck_assert_uint_eq(rp_connection_free_count(), 0);

    snprintf(msg, sizeof(msg), "[alert] %d#0: 2 worker_connections are not "
             "enough, not accepting new connections for 500 ms",
             (int) getpid());
    ck_assert_uint_eq(rp_t_log_count(msg), 1);

    /* A free object alone does not resume accepting before the pause. */
    rp_connection_close(rp_t_accepted[0]);
    rp_t_run(3, 100);
    ck_assert_uint_eq(rp_t_naccepted, 2);

    /* After 500 ms the third client, waiting in the backlog, gets in. */
    rp_t_run(3, 2000);
    ck_assert_uint_eq(rp_t_naccepted, 3);
    ck_assert_int_ge(rp_current_msec - paused_at, RP_EVENT_ACCEPT_PAUSE);

    /* Full again: pauses again, but says nothing more. */
    s[3] = rp_t_connect(ls);
    rp_t_run(4, 200);
    ck_assert_uint_eq(rp_t_naccepted, 3);
    ck_assert_uint_eq(rp_t_log_count("worker_connections are not enough"),
                      1);

    for (i = 0; i < 4; i++) {
        close(s[i]);
    }
}
END_TEST


START_TEST(test_accept_close_listening_stops_accepting)
{
    int                   s, fd;
    struct rp_listening  *ls;

    ls = rp_t_setup(4, 0);
    fd = ls->fd;

    rp_event_close_listening(&rp_t_cycle);
    ck_assert_int_eq(ls->fd, -1);
    ck_assert_int_eq(fcntl(fd, F_GETFD), -1);

    /* Nobody listens any more: connecting is refused. */
    s = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ne(connect(s, (struct sockaddr *) &ls->sockaddr,
                             ls->socklen), 0);
    close(s);

    rp_t_run(1, 50);
    ck_assert_uint_eq(rp_t_naccepted, 0);
    ck_assert_uint_eq(rp_event_timer_count(), 0);
}
END_TEST


START_TEST(test_accept_other_workers_clone_is_not_polled)
{
    int                   s;
    struct rp_listening  *ls;

    /* Worker 0's clone, but this process is worker 1. */
    ls = rp_t_setup(4, 1);
    rp_event_loop_done(&rp_t_cycle);
    rp_worker_index = 1;
    ck_assert_int_eq(rp_event_loop_init(&rp_t_cycle, 4), RP_OK);

    s = rp_t_connect(ls);
    rp_t_run(1, 100);
    ck_assert_uint_eq(rp_t_naccepted, 0);
    close(s);
}
END_TEST


static Suite *
rp_t_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_event_accept");
    tc = tcase_create("accept");
    tcase_set_timeout(tc, 10);

    tcase_add_test(tc, test_accept_calls_handler_with_a_filled_connection);
    tcase_add_test(tc, test_accept_on_own_reuseport_clone);
    tcase_add_test(tc, test_accept_several_in_one_wakeup);
    tcase_add_test(tc, test_accept_batch_is_bounded_without_multi_accept);
    tcase_add_test(tc, test_accept_multi_accept_takes_all_pending);
    tcase_add_test(tc, test_accept_exhaustion_pauses_and_logs_once);
    tcase_add_test(tc, test_accept_close_listening_stops_accepting);
    tcase_add_test(tc, test_accept_other_workers_clone_is_not_polled);
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
