/*
 * test_process.c - the process model of issue #2 through the real binary.
 *
 * Starts a foreground master (daemon off) with 3 workers and checks what
 * an operator sees: worker processes in /proc, the pid file, listening
 * ports, the error log, and the effect of reload (HUP), quit, stop,
 * reopen (USR1) and of a worker being killed.  Also: a second instance,
 * "daemon on", starting with fds 0-2 closed, and the listen forms.
 * Worker processes are recognised by their title "rampart: worker
 * process" and their parent pid (see rp_test_workers()).
 */

#include "rp_test.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


/*
 * Writes proxy.conf: the basic config with <workers> workers, "daemon
 * off" unless <daemon>, and <servers> (server blocks) after the one on
 * PORT0.
 */
static void
write_conf(int workers, int daemon, const char *servers)
{
    char  buf[4096];

    snprintf(buf, sizeof(buf),
             "%s"
             "worker_processes %d;\n"
             "error_log logs/error.log info;\n"
             "pid logs/rampart.pid;\n"
             "events {\n"
             "    worker_connections 64;\n"
             "}\n"
             "http {\n"
             "    server {\n"
             "        listen 127.0.0.1:%%%%PORT0%%%%;\n"
             "    }\n"
             "%s"
             "}\n",
             daemon ? "" : "daemon off;\n", workers, servers ? servers : "");
    rp_test_write_conf(rp_t, "proxy.conf", buf);
}


static int
same_pids(const pid_t *a, const pid_t *b, int n)
{
    return memcmp(a, b, sizeof(pid_t) * (size_t) n) == 0;
}


/* Asserts that nothing of <master> and its <workers> is left. */
static void
expect_all_gone(pid_t master, const pid_t *workers, int n)
{
    int  i;

    for (i = 0; i < n; i++) {
        ck_assert_msg(rp_test_wait_gone(workers[i], 3000),
                      "worker %d is still running", (int) workers[i]);
    }
    ck_assert_msg(!rp_test_alive(master), "master %d is still running", (int) master);
    ck_assert_msg(rp_test_wait_pid_file_gone(rp_t, 1000), "the pid file was not removed");
}


START_TEST(start_runs_the_configured_workers)
{
    pid_t   master, w[RP_TEST_MAX_WORKERS];
    int     fd, i, n;

    write_conf(3, 0, NULL);
    master = rp_test_spawn(rp_t, 0, (char *) NULL);

    /* the pid file appears only once the sockets are bound */
    ck_assert_msg(rp_test_wait_pid_file(rp_t, master, RP_TEST_READY_MS) == master,
                  "no pid file naming %d", (int) master);
    fd = rp_test_connect(rp_t->port[0]);
    ck_assert_msg(fd != -1, "pid file written but port %d refuses connections",
                  rp_t->port[0]);
    close(fd);

    ck_assert_msg(rp_test_wait_workers(master, 3, NULL, 0, RP_TEST_READY_MS),
                  "%d workers, expected 3", rp_test_workers(master, NULL, 0));
    n = rp_test_workers(master, w, RP_TEST_MAX_WORKERS);
    ck_assert_int_eq(n, 3);

    /* relative paths resolved against the prefix: the log is DIR/logs/error.log */
    for (i = 0; i < n; i++) {
        ck_assert_msg(rp_test_log_wait(rp_t, "notice",
                                       rp_test_fmt("start worker process %d", (int) w[i]),
                                       1, 1000),
                      "no \"start worker process %d\" notice", (int) w[i]);
    }

    /* the master is the process we started; the count holds */
    ck_assert(rp_test_alive(master));
    ck_assert_int_eq(rp_test_workers(master, NULL, 0), 3);
}
END_TEST


static void
reload_to_two_workers(int use_s)
{
    struct rp_test_run  r;
    pid_t               master, old[3], now[3];

    write_conf(3, 0, NULL);
    master = rp_test_start(rp_t, 3, (char *) NULL);
    ck_assert_int_eq(rp_test_workers(master, old, 3), 3);

    write_conf(2, 0, NULL);
    if (use_s) {
        rp_test_run(rp_t, &r, "-s", "reload", (char *) NULL);
        ck_assert_msg(r.status == 0, "-s reload: status %d, stderr:\n%s", r.status, r.err);
        rp_test_run_free(&r);
    } else {
        rp_test_signal(master, SIGHUP);
    }

    ck_assert(rp_test_log_wait(rp_t, "notice", "signal 1 (SIGHUP) received, reconfiguring",
                               1, 2000));
    ck_assert_msg(rp_test_wait_workers(master, 2, old, 3, 5000),
                  "after reload: %d workers, expected 2 new ones",
                  rp_test_workers(master, NULL, 0));
    ck_assert_int_eq(rp_test_workers(master, now, 3), 2);
    ck_assert(rp_test_alive(master));
    ck_assert_int_eq(rp_test_read_pid_file(rp_t), master);
    ck_assert(rp_test_wait_connect(rp_t->port[0], 1, 1000));
}


START_TEST(hup_reloads_with_new_worker_count)
{
    reload_to_two_workers(0);
}
END_TEST


START_TEST(s_reload_reloads_with_new_worker_count)
{
    reload_to_two_workers(1);
}
END_TEST


START_TEST(reload_adds_and_removes_a_listening_port)
{
    pid_t        master;
    const char  *second;

    second = "    server {\n"
             "        listen 127.0.0.1:%%PORT1%%;\n"
             "    }\n";
    write_conf(3, 0, NULL);
    master = rp_test_start(rp_t, 3, (char *) NULL);
    ck_assert(rp_test_wait_connect(rp_t->port[1], 0, 0));

    write_conf(3, 0, second);
    rp_test_signal(master, SIGHUP);
    ck_assert_msg(rp_test_wait_connect(rp_t->port[1], 1, 3000),
                  "PORT1 does not accept after the reload that adds it");
    ck_assert(rp_test_wait_connect(rp_t->port[0], 1, 0));

    write_conf(3, 0, NULL);
    rp_test_signal(master, SIGHUP);
    ck_assert_msg(rp_test_wait_connect(rp_t->port[1], 0, 5000),
                  "PORT1 still accepts after the reload that removes it");
    ck_assert(rp_test_wait_connect(rp_t->port[0], 1, 0));
    ck_assert(rp_test_wait_workers(master, 3, NULL, 0, 5000));
}
END_TEST


START_TEST(invalid_reload_keeps_the_old_configuration)
{
    pid_t  master, old[3], now[3];

    write_conf(3, 0, NULL);
    master = rp_test_start(rp_t, 3, (char *) NULL);
    ck_assert_int_eq(rp_test_workers(master, old, 3), 3);

    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "worker_procesess 2;\n"
        "error_log logs/error.log info;\n"
        "pid logs/rampart.pid;\n"
        "events { worker_connections 64; }\n");
    rp_test_signal(master, SIGHUP);

    ck_assert_msg(rp_test_log_wait(rp_t, NULL, "keeping the old configuration", 1, 3000),
                  "no \"keeping the old configuration\" in the log");
    ck_assert_msg(rp_test_log_count(rp_t, "emerg",
                                    rp_test_fmt("unknown directive \"worker_procesess\" in "
                                                "%s:2:1", rp_t->conf)) == 1,
                  "the error with its position is not in the log");

    /* still the same workers, still serving */
    rp_test_msleep(rp_test_ms(200));
    ck_assert_int_eq(rp_test_workers(master, now, 3), 3);
    ck_assert_msg(same_pids(old, now, 3), "the workers changed after a failed reload");
    ck_assert(rp_test_wait_connect(rp_t->port[0], 1, 0));

    /* and a good reload afterwards works */
    write_conf(2, 0, NULL);
    rp_test_signal(master, SIGHUP);
    ck_assert_msg(rp_test_wait_workers(master, 2, old, 3, 5000),
                  "the valid reload after a failed one did not apply");
}
END_TEST


START_TEST(killed_worker_is_replaced)
{
    pid_t  master, old[3];

    write_conf(3, 0, NULL);
    master = rp_test_start(rp_t, 3, (char *) NULL);
    ck_assert_int_eq(rp_test_workers(master, old, 3), 3);

    rp_test_signal(old[1], SIGKILL);
    ck_assert_msg(rp_test_wait_workers(master, 3, &old[1], 1, 1000),
                  "no replacement within 1 s: %d workers", rp_test_workers(master, NULL, 0));
    ck_assert(rp_test_log_wait(rp_t, NULL,
                               rp_test_fmt("worker process %d exited on signal 9",
                                           (int) old[1]), 1, 1000));
    /* the other two were left alone */
    ck_assert(rp_test_alive(old[0]) && rp_test_alive(old[2]));
    ck_assert(rp_test_wait_connect(rp_t->port[0], 1, 1000));
}
END_TEST


/* Waits for a worker of <master> other than <old>; returns it, or -1. */
static pid_t
wait_new_worker(pid_t master, pid_t old, long ms)
{
    pid_t  w[RP_TEST_MAX_WORKERS];
    long   deadline;
    int    i, n;

    deadline = rp_test_now_ms() + rp_test_ms(ms);
    do {
        n = rp_test_workers(master, w, RP_TEST_MAX_WORKERS);
        for (i = 0; i < n && i < RP_TEST_MAX_WORKERS; i++) {
            if (w[i] != old) {
                return w[i];
            }
        }
        rp_test_msleep(2);
    } while (rp_test_now_ms() < deadline);
    return -1;
}


/*
 * A worker that dies right after it starts, again and again, must not
 * make the master fork in a tight loop.  The trigger is external: each
 * new worker is SIGKILLed as soon as it appears.  The first replacement
 * must be immediate (an ordinary crash), and within a few quick deaths
 * the master must start waiting before the next one, yet still respawn.
 */
START_TEST(worker_dying_at_start_is_not_respawned_in_a_tight_loop)
{
    pid_t  master, w, next;
    long   t0, took, slowest;
    int    kills;

    write_conf(1, 0, NULL);
    master = rp_test_start(rp_t, 1, (char *) NULL);
    ck_assert_int_eq(rp_test_workers(master, &w, 1), 1);

    slowest = 0;
    for (kills = 1; kills <= 5 && slowest < 500; kills++) {
        t0 = rp_test_now_ms();
        rp_test_signal(w, SIGKILL);
        next = wait_new_worker(master, w, 5000);
        took = rp_test_now_ms() - t0;
        ck_assert_msg(next > 0, "no replacement %ld ms after quick death %d", took, kills);
        if (kills == 1) {
            ck_assert_msg(took < rp_test_ms(500),
                          "the first replacement took %ld ms, expected it at once", took);
        }
        if (took > slowest) {
            slowest = took;
        }
        w = next;
    }
    ck_assert_msg(slowest >= 500, "after %d quick deaths the master still respawns at once",
                  kills - 1);
    ck_assert(rp_test_wait_workers(master, 1, NULL, 0, 1000));
    ck_assert(rp_test_alive(master));
}
END_TEST


/*
 * Starts 3 workers, stops them with "-s <word>" or, if <word> is NULL,
 * signal <sig>; expects exit status 0 and nothing left.
 */
static void
stop_with(const char *word, int sig)
{
    struct rp_test_run  r;
    pid_t               master, w[3];
    int                 status;

    write_conf(3, 0, NULL);
    master = rp_test_start(rp_t, 3, (char *) NULL);
    ck_assert_int_eq(rp_test_workers(master, w, 3), 3);

    if (word != NULL) {
        rp_test_run(rp_t, &r, "-s", word, (char *) NULL);
        ck_assert_msg(r.status == 0, "-s %s: status %d, stderr:\n%s", word, r.status, r.err);
        rp_test_run_free(&r);
    } else {
        rp_test_signal(master, sig);
    }

    status = rp_test_wait_exit(master, 5000);
    ck_assert_msg(status == 0, "master exit status %d, expected 0", status);
    expect_all_gone(master, w, 3);
    ck_assert(rp_test_wait_connect(rp_t->port[0], 0, 1000));
}


START_TEST(s_quit_stops_gracefully)
{
    stop_with("quit", 0);
}
END_TEST


START_TEST(s_stop_stops)
{
    stop_with("stop", 0);
}
END_TEST


START_TEST(sigquit_stops_gracefully)
{
    stop_with(NULL, SIGQUIT);
}
END_TEST


START_TEST(sigterm_stops)
{
    stop_with(NULL, SIGTERM);
}
END_TEST


START_TEST(sigint_stops)
{
    stop_with(NULL, SIGINT);
}
END_TEST


START_TEST(second_instance_is_refused)
{
    struct rp_test_run  r;
    pid_t               master, before[3], after[3];

    write_conf(3, 0, NULL);
    master = rp_test_start(rp_t, 3, (char *) NULL);
    ck_assert_int_eq(rp_test_workers(master, before, 3), 3);

    rp_test_run(rp_t, &r, (char *) NULL);
    ck_assert_msg(r.status == 1, "second instance: status %d, stderr:\n%s", r.status, r.err);
    ck_assert_msg(rp_test_contains(r.err, "[emerg]") && rp_test_contains(r.err, "already running"),
                  "stderr:\n%s", r.err);
    rp_test_run_free(&r);

    ck_assert(rp_test_alive(master));
    ck_assert_int_eq(rp_test_read_pid_file(rp_t), master);
    ck_assert_int_eq(rp_test_workers(master, after, 3), 3);
    ck_assert_msg(same_pids(before, after, 3), "the first instance's workers changed");
    ck_assert(rp_test_wait_connect(rp_t->port[0], 1, 0));
}
END_TEST


static void
reopen_with(int use_s)
{
    struct rp_test_run  r;
    pid_t               master, w[3];
    char                old[RP_TEST_PATH_MAX + 16];

    write_conf(3, 0, NULL);
    master = rp_test_start(rp_t, 3, (char *) NULL);
    ck_assert_int_eq(rp_test_workers(master, w, 3), 3);
    ck_assert(rp_test_log_wait(rp_t, NULL, "start worker process", 3, 1000));

    /* what logrotate does: move the file away, then ask for a reopen */
    ck_assert(snprintf(old, sizeof(old), "%s.1", rp_t->error_log) < (int) sizeof(old));
    ck_assert(rename(rp_t->error_log, old) == 0);
    if (use_s) {
        rp_test_run(rp_t, &r, "-s", "reopen", (char *) NULL);
        ck_assert_msg(r.status == 0, "-s reopen: status %d, stderr:\n%s", r.status, r.err);
        rp_test_run_free(&r);
    } else {
        rp_test_signal(master, SIGUSR1);
    }

    ck_assert_msg(rp_test_file_wait(old, "notice", "reopening logs", 1, 2000)
                  || rp_test_file_wait(rp_t->error_log, "notice", "reopening logs", 1, 0),
                  "no \"reopening logs\" notice in either file");
    ck_assert_msg(rp_test_file_exists(rp_t->error_log), "logs/error.log was not re-created");

    /* the master writes to the new file: a worker dies and it says so */
    rp_test_signal(w[0], SIGKILL);
    ck_assert_msg(rp_test_log_wait(rp_t, NULL,
                                   rp_test_fmt("worker process %d exited on signal 9", (int) w[0]),
                                   1, 2000),
                  "the new error.log does not receive the master's messages");
    ck_assert(rp_test_file_count(old, NULL, "exited on signal 9") == 0);
}


START_TEST(usr1_reopens_the_logs)
{
    reopen_with(0);
}
END_TEST


START_TEST(s_reopen_reopens_the_logs)
{
    reopen_with(1);
}
END_TEST


START_TEST(daemon_on_detaches)
{
    struct rp_test_run  r;
    pid_t               master, w[3];
    long                t0;
    char                buf[256];
    int                 fd;

    write_conf(3, 1, NULL);
    t0 = rp_test_now_ms();
    rp_test_run(rp_t, &r, (char *) NULL);
    ck_assert_msg(r.status == 0, "status %d, stderr:\n%s", r.status, r.err);
    ck_assert_msg(rp_test_now_ms() - t0 < rp_test_ms(3000), "the command did not return promptly");

    master = rp_test_wait_pid_file(rp_t, -1, 3000);
    rp_test_track(rp_t, master);
    ck_assert_msg(master > 0, "no pid file");
    ck_assert_msg(master != r.pid, "the master is the process we started: not detached");
    ck_assert(rp_test_alive(master));
    rp_test_run_free(&r);

    for (fd = 0; fd <= 2; fd++) {
        ck_assert_msg(rp_test_fd_target(master, fd, buf, sizeof(buf)) != NULL
                      && strcmp(buf, "/dev/null") == 0,
                      "master fd %d is \"%s\", expected /dev/null", fd, buf);
    }
    ck_assert(rp_test_wait_workers(master, 3, NULL, 0, RP_TEST_READY_MS));
    ck_assert_int_eq(rp_test_workers(master, w, 3), 3);
    ck_assert(rp_test_wait_connect(rp_t->port[0], 1, 1000));

    rp_test_run(rp_t, &r, "-s", "stop", (char *) NULL);
    ck_assert_msg(r.status == 0, "-s stop: status %d, stderr:\n%s", r.status, r.err);
    rp_test_run_free(&r);
    ck_assert_msg(rp_test_wait_gone(master, 5000), "the daemon did not stop");
    expect_all_gone(master, w, 3);
}
END_TEST


START_TEST(starts_with_stdio_closed)
{
    pid_t  master;
    char   buf[256];
    int    fd;

    write_conf(3, 0, NULL);
    master = rp_test_spawn(rp_t, RP_TEST_CLOSE_STDIO, (char *) NULL);
    ck_assert_msg(rp_test_wait_pid_file(rp_t, master, RP_TEST_READY_MS) == master,
                  "started with fds 0-2 closed: no pid file (exit status %d)",
                  rp_test_wait_exit(master, 0));
    ck_assert(rp_test_wait_workers(master, 3, NULL, 0, RP_TEST_READY_MS));
    for (fd = 0; fd <= 2; fd++) {
        ck_assert_msg(rp_test_fd_target(master, fd, buf, sizeof(buf)) != NULL
                      && strcmp(buf, "/dev/null") == 0,
                      "master fd %d is \"%s\", expected /dev/null", fd, buf);
    }
    ck_assert(rp_test_wait_connect(rp_t->port[0], 1, 1000));
    /* the error log is a file of its own, not fd 2 by accident */
    ck_assert(rp_test_log_wait(rp_t, "notice", "start worker process", 3, 1000));
}
END_TEST


/* ---- listen forms ------------------------------------------------------ */

static pid_t
start_with_listen(int workers, const char *listen)
{
    char  buf[2048];

    snprintf(buf, sizeof(buf),
             "daemon off;\n"
             "worker_processes %d;\n"
             "error_log logs/error.log info;\n"
             "pid logs/rampart.pid;\n"
             "events { worker_connections 64; }\n"
             "http {\n"
             "    server {\n"
             "        %s\n"
             "    }\n"
             "}\n", workers, listen);
    rp_test_write_conf(rp_t, "proxy.conf", buf);
    return rp_test_start(rp_t, workers, (char *) NULL);
}


START_TEST(listen_ipv6_loopback)
{
    int  fd;

    if (!rp_test_ipv6_available()) {
        fprintf(stderr, "SKIP listen_ipv6_loopback: cannot bind [::1] here\n");
        return;
    }
    start_with_listen(2, "listen [::1]:%%PORT0%%;");
    fd = rp_test_connect6(rp_t->port[0]);
    ck_assert_msg(fd != -1, "[::1]:%d refuses connections", rp_t->port[0]);
    close(fd);
    ck_assert_int_eq(rp_test_count_listeners(rp_t->port[0]), 1);
}
END_TEST


START_TEST(listen_ipv6only)
{
    int  fd;

    if (!rp_test_ipv6_available()) {
        fprintf(stderr, "SKIP listen_ipv6only: cannot bind [::1] here\n");
        return;
    }
    start_with_listen(1, "listen [::1]:%%PORT0%% ipv6only=on;");
    fd = rp_test_connect6(rp_t->port[0]);
    ck_assert_msg(fd != -1, "[::1]:%d refuses connections", rp_t->port[0]);
    close(fd);
    /* on a loopback address the flag itself is not observable: it is accepted */
    ck_assert_int_eq(rp_test_count_listeners(rp_t->port[0]), 1);
}
END_TEST


START_TEST(listen_reuseport_gives_each_worker_a_socket)
{
    start_with_listen(3, "listen 127.0.0.1:%%PORT0%% reuseport;");
    ck_assert(rp_test_wait_connect(rp_t->port[0], 1, 1000));
    ck_assert_msg(rp_test_count_listeners(rp_t->port[0]) == 3,
                  "%d listening sockets on the port, expected one per worker (3)",
                  rp_test_count_listeners(rp_t->port[0]));
}
END_TEST


START_TEST(listen_shared_socket_without_reuseport)
{
    start_with_listen(3, "listen 127.0.0.1:%%PORT0%%;");
    ck_assert_int_eq(rp_test_count_listeners(rp_t->port[0]), 1);
}
END_TEST


START_TEST(listen_backlog)
{
    char  cmd[128], *out;
    FILE *p;
    int   n;

    start_with_listen(1, "listen 127.0.0.1:%%PORT0%% backlog=7;");
    ck_assert(rp_test_wait_connect(rp_t->port[0], 1, 1000));

    /* ss shows a listening socket's backlog as its Send-Q */
    snprintf(cmd, sizeof(cmd), "ss -Hltn 'sport = :%d' 2>/dev/null", rp_t->port[0]);
    p = popen(cmd, "r");
    out = NULL;
    if (p != NULL) {
        out = malloc(4096);
        n = (int) fread(out, 1, 4095, p);
        out[n > 0 ? n : 0] = '\0';
        pclose(p);
    }
    if (out == NULL || out[0] == '\0') {
        fprintf(stderr, "listen_backlog: ss(8) unavailable, backlog value not checked\n");
    } else {
        ck_assert_msg(rp_test_contains(out, " 7 "), "backlog is not 7: %s", out);
    }
    free(out);
}
END_TEST


START_TEST(listen_default_server_and_shared_port)
{
    pid_t  master;

    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "worker_processes 2;\n"
        "error_log logs/error.log info;\n"
        "pid logs/rampart.pid;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "    server {\n"
        "        listen 127.0.0.1:%%PORT0%%;\n"
        "    }\n"
        "    server {\n"
        "        listen 127.0.0.1:%%PORT0%% default_server;\n"
        "        listen 127.0.0.1:%%PORT1%%;\n"
        "    }\n"
        "}\n");
    master = rp_test_start(rp_t, 2, (char *) NULL);
    ck_assert(rp_test_alive(master));
    ck_assert(rp_test_wait_connect(rp_t->port[0], 1, 1000));
    ck_assert(rp_test_wait_connect(rp_t->port[1], 1, 1000));
    /* two servers on one address share one socket */
    ck_assert_int_eq(rp_test_count_listeners(rp_t->port[0]), 1);
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("e2e_process");

    tc = rp_test_tcase("start");
    tcase_add_test(tc, start_runs_the_configured_workers);
    tcase_add_test(tc, second_instance_is_refused);
    tcase_add_test(tc, daemon_on_detaches);
    tcase_add_test(tc, starts_with_stdio_closed);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("reload");
    tcase_add_test(tc, hup_reloads_with_new_worker_count);
    tcase_add_test(tc, s_reload_reloads_with_new_worker_count);
    tcase_add_test(tc, reload_adds_and_removes_a_listening_port);
    tcase_add_test(tc, invalid_reload_keeps_the_old_configuration);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("children");
    tcase_add_test(tc, killed_worker_is_replaced);
    tcase_add_test(tc, worker_dying_at_start_is_not_respawned_in_a_tight_loop);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("stop");
    tcase_add_test(tc, s_quit_stops_gracefully);
    tcase_add_test(tc, s_stop_stops);
    tcase_add_test(tc, sigquit_stops_gracefully);
    tcase_add_test(tc, sigterm_stops);
    tcase_add_test(tc, sigint_stops);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("reopen");
    tcase_add_test(tc, usr1_reopens_the_logs);
    tcase_add_test(tc, s_reopen_reopens_the_logs);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("listen");
    tcase_add_test(tc, listen_ipv6_loopback);
    tcase_add_test(tc, listen_ipv6only);
    tcase_add_test(tc, listen_reuseport_gives_each_worker_a_socket);
    tcase_add_test(tc, listen_shared_socket_without_reuseport);
    tcase_add_test(tc, listen_backlog);
    tcase_add_test(tc, listen_default_server_and_shared_port);
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
