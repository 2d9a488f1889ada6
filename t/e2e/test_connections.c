/*
 * test_connections.c - connection handling of issue #2's event loop.
 *
 * There is no HTTP engine yet: a worker accepts a connection and holds it
 * open until the client closes it.  So the tests observe accepted
 * connections as socket fds in /proc/WORKER/fd, and check the limits
 * around them: worker_connections running out (one log line, the worker
 * survives and recovers) and worker_shutdown_timeout bounding a graceful
 * quit that has a client connection open.
 */

#include "rp_test.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>


static pid_t
start_conf(int workers, int connections, const char *main_extra)
{
    char  buf[2048];

    snprintf(buf, sizeof(buf),
             "daemon off;\n"
             "worker_processes %d;\n"
             "error_log logs/error.log info;\n"
             "pid logs/rampart.pid;\n"
             "%s"
             "events {\n"
             "    worker_connections %d;\n"
             "}\n"
             "http {\n"
             "    server {\n"
             "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
             "    }\n"
             "}\n", workers, main_extra ? main_extra : "", connections);
    rp_test_write_conf(rp_t, "proxy.conf", buf);
    return rp_test_start(rp_t, workers, (char *) NULL);
}


/* The only worker of <master>. */
static pid_t
only_worker(pid_t master)
{
    pid_t  w[1];

    ck_assert_int_eq(rp_test_workers(master, w, 1), 1);
    return w[0];
}


/* 1 if the peer of <fd> closed the connection (EOF or reset) within 1 s. */
static int
peer_closed(int fd)
{
    struct timeval  tv;
    char            c;
    ssize_t         n;

    tv.tv_sec = 1;
    tv.tv_usec = 0;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    n = recv(fd, &c, 1, 0);
    return n == 0 || (n == -1 && errno != EAGAIN && errno != EWOULDBLOCK);
}


START_TEST(accepted_connection_is_held_until_the_client_closes)
{
    pid_t   master, worker;
    char    c;
    int     base, fd;

    master = start_conf(1, 64, NULL);
    worker = only_worker(master);
    base = rp_test_count_sockets(worker);
    ck_assert_int_gt(base, 0);

    fd = rp_test_connect(rp_t->port[0]);
    ck_assert(fd != -1);
    ck_assert_msg(rp_test_wait_sockets(worker, base + 1, 2000),
                  "the worker did not accept: %d sockets, base %d",
                  rp_test_count_sockets(worker), base);

    /* held open: no data, no EOF */
    rp_test_msleep(rp_test_ms(200));
    ck_assert(recv(fd, &c, 1, MSG_DONTWAIT) == -1 && errno == EAGAIN);
    ck_assert_int_eq(rp_test_count_sockets(worker), base + 1);

    close(fd);
    ck_assert_msg(rp_test_wait_sockets(worker, base, 2000),
                  "the worker did not close after the client: %d sockets, base %d",
                  rp_test_count_sockets(worker), base);
}
END_TEST


START_TEST(workers_share_the_accepting)
{
    pid_t  master, w[3];
    int    base[3], fds[6], i, total, want;
    long   deadline;

    master = start_conf(3, 64, NULL);
    ck_assert_int_eq(rp_test_workers(master, w, 3), 3);
    want = 0;
    for (i = 0; i < 3; i++) {
        base[i] = rp_test_count_sockets(w[i]);
        want += base[i];
    }
    want += 6;

    for (i = 0; i < 6; i++) {
        fds[i] = rp_test_connect(rp_t->port[0]);
        ck_assert(fds[i] != -1);
    }
    /* every connection is accepted by exactly one worker */
    deadline = rp_test_now_ms() + rp_test_ms(2000);
    do {
        total = 0;
        for (i = 0; i < 3; i++) {
            total += rp_test_count_sockets(w[i]);
        }
        if (total == want) {
            break;
        }
        rp_test_msleep(5);
    } while (rp_test_now_ms() < deadline);
    ck_assert_msg(total == want, "workers hold %d sockets, expected %d", total, want);

    for (i = 0; i < 6; i++) {
        close(fds[i]);
    }
    for (i = 0; i < 3; i++) {
        ck_assert(rp_test_wait_sockets(w[i], base[i], 2000));
    }
}
END_TEST


START_TEST(worker_connections_running_out)
{
    pid_t  master, worker;
    int    base, fds[12], i, n, fd;

    master = start_conf(1, 4, NULL);
    worker = only_worker(master);
    base = rp_test_count_sockets(worker);

    for (i = 0; i < 12; i++) {
        fds[i] = rp_test_connect(rp_t->port[0]);
        ck_assert_msg(fds[i] != -1, "connection %d: %s", i, strerror(errno));
    }
    ck_assert_msg(rp_test_log_wait(rp_t, NULL, "worker_connections are not enough", 1, 2000),
                  "no \"worker_connections are not enough\" in the log");
    rp_test_msleep(rp_test_ms(300));
    n = rp_test_log_count(rp_t, NULL, "worker_connections are not enough");
    ck_assert_msg(n == 1, "%d \"worker_connections are not enough\" lines, expected 1", n);

    /* the worker is alive, is still the only one, and holds at most 4 connections */
    ck_assert(rp_test_alive(worker));
    ck_assert_int_eq(only_worker(master), worker);
    n = rp_test_count_sockets(worker);
    ck_assert_msg(n > base && n <= base + 4, "%d sockets with base %d and 4 connections",
                  n, base);

    for (i = 0; i < 12; i++) {
        close(fds[i]);
    }
    ck_assert_msg(rp_test_wait_sockets(worker, base, 3000),
                  "the worker did not recover: %d sockets, base %d",
                  rp_test_count_sockets(worker), base);

    /* and it accepts again */
    fd = rp_test_connect(rp_t->port[0]);
    ck_assert(fd != -1);
    ck_assert_msg(rp_test_wait_sockets(worker, base + 1, 2000),
                  "no new connection accepted after recovery");
    close(fd);
    ck_assert(rp_test_wait_sockets(worker, base, 2000));
    ck_assert_int_eq(only_worker(master), worker);
}
END_TEST


START_TEST(shutdown_timeout_bounds_a_graceful_quit)
{
    pid_t  master, worker;
    long   t0, elapsed;
    int    base, fd, status;

    master = start_conf(1, 64, "worker_shutdown_timeout 1s;\n");
    worker = only_worker(master);
    base = rp_test_count_sockets(worker);

    fd = rp_test_connect(rp_t->port[0]);
    ck_assert(fd != -1);
    ck_assert(rp_test_wait_sockets(worker, base + 1, 2000));

    t0 = rp_test_now_ms();
    rp_test_signal(master, SIGQUIT);
    status = rp_test_wait_exit(master, 4000);
    elapsed = rp_test_now_ms() - t0;
    ck_assert_msg(status == 0, "master exit status %d after %ld ms", status, elapsed);
    ck_assert_msg(elapsed <= rp_test_ms(2500), "graceful quit took %ld ms", elapsed);
    ck_assert(rp_test_wait_gone(worker, 1000));
    ck_assert_msg(peer_closed(fd), "the client connection was not closed");
    close(fd);
    ck_assert(rp_test_wait_pid_file_gone(rp_t, 1000));
}
END_TEST


START_TEST(graceful_quit_without_connections_is_prompt)
{
    pid_t  master, w[2];
    long   t0, elapsed;
    int    status;

    master = start_conf(2, 64, "worker_shutdown_timeout 10s;\n");
    ck_assert_int_eq(rp_test_workers(master, w, 2), 2);

    t0 = rp_test_now_ms();
    rp_test_signal(master, SIGQUIT);
    status = rp_test_wait_exit(master, 5000);
    elapsed = rp_test_now_ms() - t0;
    ck_assert_msg(status == 0, "master exit status %d after %ld ms", status, elapsed);
    ck_assert_msg(elapsed <= rp_test_ms(2000), "idle graceful quit took %ld ms", elapsed);
    ck_assert(rp_test_wait_gone(w[0], 1000) && rp_test_wait_gone(w[1], 1000));
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("e2e_connections");

    tc = rp_test_tcase("accept");
    tcase_add_test(tc, accepted_connection_is_held_until_the_client_closes);
    tcase_add_test(tc, workers_share_the_accepting);
    tcase_add_test(tc, worker_connections_running_out);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("shutdown");
    tcase_add_test(tc, shutdown_timeout_bounds_a_graceful_quit);
    tcase_add_test(tc, graceful_quit_without_connections_is_prompt);
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
