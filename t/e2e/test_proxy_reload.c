/*
 * test_proxy_reload.c - a reload under load loses no request.
 *
 * The daemon (2 workers) proxies with upstream keep-alive to a tiny
 * keep-alive origin forked by the test, while the test itself drives
 * RP_NCLIENTS keep-alive client connections (non-blocking sockets and
 * poll(), each sending GET requests back to back and reading every
 * response completely) and sends SIGHUP to the master every 300 ms.  A
 * response carrying "Connection: close" ends its connection and the
 * client reconnects: that is how old workers retire and is no error.  A
 * failure is a refused connect, a reset or an EOF before a complete
 * response, or a non-2xx status; there must be none, the clients must
 * complete many requests, and every HUP must start a new generation.
 */

#include "rp_test.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define RP_NCLIENTS       16
#define RP_LOAD_MS        3100     /* load duration: 10 HUPs (unscaled) */
#define RP_HUP_EVERY_MS   300
#define RP_DRAIN_MS       3000     /* in-flight requests after the load */
#define RP_MIN_REQUESTS   1000     /* "a large number": see the report */
#define RP_BUF_SIZE       4096
#define RP_ORIGIN_CONNS   1024

#define RP_REQUEST  "GET /load HTTP/1.1\r\nHost: reload\r\n\r\n"
#define RP_ORIGIN_RESPONSE                                                   \
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"                        \
    "Content-Length: 12\r\n\r\nhello world\n"


/* One client connection of the load. */
struct rp_client {
    int     fd;          /* -1: not connected */
    int     connecting;  /* non-blocking connect in progress */
    size_t  len;         /* bytes in buf */
    char    buf[RP_BUF_SIZE];
};

/* The outcome of the load. */
struct rp_load {
    long    done;        /* complete 2xx responses */
    long    closed;      /* of which said "Connection: close" */
    long    connects;
    long    failed;
    char    first_error[256];
};


/* ---- the origin: one process, epoll, keep-alive, a fixed response ---- */

/* Answers every complete request head in <buf>; 0, or -1 to close. */
static int
rp_origin_serve(int fd, char *buf, size_t *len)
{
    static const char  resp[] = RP_ORIGIN_RESPONSE;
    char              *end;
    size_t             used;

    while ((end = memmem(buf, *len, "\r\n\r\n", 4)) != NULL) {
        used = (size_t) (end + 4 - buf);
        if (send(fd, resp, sizeof(resp) - 1, MSG_NOSIGNAL)
            != (ssize_t) sizeof(resp) - 1)
        {
            return -1;
        }
        memmove(buf, buf + used, *len - used);
        *len -= used;
    }
    return *len == RP_BUF_SIZE ? -1 : 0;
}


static void
rp_origin_loop(int lfd)
{
    static char         bufs[RP_ORIGIN_CONNS][RP_BUF_SIZE];
    static size_t       lens[RP_ORIGIN_CONNS];
    struct epoll_event  ev, evs[64];
    int                 ep, n, i, fd;
    ssize_t             got;

    ep = epoll_create1(0);
    ev.events = EPOLLIN;
    ev.data.fd = lfd;
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
    for ( ;; ) {
        n = epoll_wait(ep, evs, 64, -1);
        for (i = 0; i < n; i++) {
            fd = evs[i].data.fd;
            if (fd == lfd) {
                fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
                if (fd >= RP_ORIGIN_CONNS) {
                    close(fd);
                } else if (fd != -1) {
                    lens[fd] = 0;
                    ev.data.fd = fd;
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
                }
                continue;
            }
            got = recv(fd, bufs[fd] + lens[fd], RP_BUF_SIZE - lens[fd], 0);
            if (got == -1 && errno == EAGAIN) {
                continue;
            }
            if (got <= 0) {
                close(fd);
                continue;
            }
            lens[fd] += (size_t) got;
            if (rp_origin_serve(fd, bufs[fd], &lens[fd]) != 0) {
                close(fd);
            }
        }
    }
}


/* Forks the origin on 127.0.0.1:<port>; returns its pid. */
static pid_t
rp_origin_fork(int port)
{
    struct sockaddr_in  sin;
    pid_t               pid;
    int                 lfd, one;

    lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ck_assert_int_ne(lfd, -1);
    one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sin.sin_port = htons((unsigned short) port);
    ck_assert_msg(bind(lfd, (struct sockaddr *) &sin, sizeof(sin)) == 0
                  && listen(lfd, 511) == 0,
                  "origin cannot listen on %d: %s", port, strerror(errno));
    fflush(NULL);
    pid = fork();
    ck_assert_int_ne(pid, -1);
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (rp_t->watchdog_fd != -1) {
            close(rp_t->watchdog_fd);
        }
        rp_origin_loop(lfd);
        _exit(0);
    }
    close(lfd);
    return pid;
}


/* ---- the clients ----------------------------------------------------- */

static void
rp_fail(struct rp_load *ld, const char *what)
{
    if (ld->failed++ == 0) {
        snprintf(ld->first_error, sizeof(ld->first_error), "%s", what);
    }
}


static void
rp_client_close(struct rp_client *c)
{
    if (c->fd != -1) {
        close(c->fd);
    }
    c->fd = -1;
    c->connecting = 0;
    c->len = 0;
}


/* Starts a non-blocking connect to 127.0.0.1:<port>. */
static void
rp_client_connect(struct rp_client *c, int port, struct rp_load *ld)
{
    struct sockaddr_in  sin;
    int                 one;

    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ck_assert_int_ne(c->fd, -1);
    one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sin.sin_port = htons((unsigned short) port);
    c->len = 0;
    ld->connects++;
    if (connect(c->fd, (struct sockaddr *) &sin, sizeof(sin)) == 0) {
        c->connecting = 0;
    } else if (errno == EINPROGRESS) {
        c->connecting = 1;
    } else {
        rp_fail(ld, rp_test_fmt("connect: %s", strerror(errno)));
        rp_client_close(c);
    }
}


/* Sends one request (it fits any socket buffer); 0 or -1. */
static int
rp_client_send(struct rp_client *c, struct rp_load *ld)
{
    ssize_t  n;

    n = send(c->fd, RP_REQUEST, sizeof(RP_REQUEST) - 1, MSG_NOSIGNAL);
    if (n != (ssize_t) sizeof(RP_REQUEST) - 1) {
        rp_fail(ld, rp_test_fmt("send: %s", n == -1 ? strerror(errno)
                                                    : "short"));
        rp_client_close(c);
        return -1;
    }
    return 0;
}


/*
 * Parses the response in c->buf: 0 if incomplete, -1 if malformed or
 * not 2xx, else its total length; <close> tells "Connection: close".
 */
static long
rp_client_parse(struct rp_client *c, int *close_it, struct rp_load *ld)
{
    char   *end, *p;
    long    clen;
    int     status;

    end = memmem(c->buf, c->len, "\r\n\r\n", 4);
    if (end == NULL) {
        return c->len == RP_BUF_SIZE ? -1 : 0;
    }
    *end = '\0';
    if (sscanf(c->buf, "HTTP/1.1 %d ", &status) != 1
        || status < 200 || status > 299)
    {
        rp_fail(ld, rp_test_fmt("bad response: %.80s", c->buf));
        return -1;
    }
    p = strcasestr(c->buf, "\r\nContent-Length:");
    if (p == NULL) {
        rp_fail(ld, rp_test_fmt("no Content-Length: %.200s", c->buf));
        return -1;
    }
    clen = strtol(p + 17, NULL, 10);
    *close_it = strcasestr(c->buf, "\r\nConnection: close") != NULL;
    *end = '\r';
    if ((size_t) (end + 4 - c->buf) + (size_t) clen > c->len) {
        return 0;
    }
    return (long) (end + 4 - c->buf) + clen;
}


/*
 * Reads what is there and handles complete responses: the next request
 * goes out unless <stopping>.  Returns 1 if the client is now idle.
 */
static int
rp_client_read(struct rp_client *c, int stopping, struct rp_load *ld)
{
    ssize_t  n;
    long     total;
    int      close_it;

    n = recv(c->fd, c->buf + c->len, RP_BUF_SIZE - c->len, 0);
    if (n == -1 && (errno == EAGAIN || errno == EINTR)) {
        return 0;
    }
    if (n <= 0) {
        rp_fail(ld, n == 0 ? "EOF before a complete response"
                           : rp_test_fmt("recv: %s", strerror(errno)));
        rp_client_close(c);
        return 0;
    }
    c->len += (size_t) n;
    close_it = 0;
    total = rp_client_parse(c, &close_it, ld);
    if (total <= 0) {
        if (total < 0) {
            rp_client_close(c);
        }
        return 0;
    }
    ck_assert_msg((size_t) total == c->len, "unexpected bytes after a response");
    ld->done++;
    c->len = 0;
    if (close_it) {
        ld->closed++;
        rp_client_close(c);
        return 1;
    }
    if (stopping) {
        return 1;
    }
    rp_client_send(c, ld);
    return 0;
}


/* One poll() turn over the clients; returns the number still busy. */
static int
rp_clients_turn(struct rp_client *cl, int port, int stopping,
    int *idle, struct rp_load *ld)
{
    struct pollfd  pfd[RP_NCLIENTS];
    int            i, busy, err;
    socklen_t      elen;

    busy = 0;
    for (i = 0; i < RP_NCLIENTS; i++) {
        if (!stopping) {
            idle[i] = 0;
            if (cl[i].fd == -1) {
                rp_client_connect(&cl[i], port, ld);
                if (cl[i].fd != -1 && !cl[i].connecting) {
                    (void) rp_client_send(&cl[i], ld);
                }
            }
        }
        pfd[i].fd = idle[i] ? -1 : cl[i].fd;
        pfd[i].events = cl[i].connecting ? POLLOUT : POLLIN;
        busy += pfd[i].fd != -1;
    }
    if (busy == 0) {
        return 0;
    }
    poll(pfd, RP_NCLIENTS, 50);
    for (i = 0; i < RP_NCLIENTS; i++) {
        if (pfd[i].fd == -1 || pfd[i].revents == 0) {
            continue;
        }
        if (cl[i].connecting) {
            elen = sizeof(err);
            getsockopt(cl[i].fd, SOL_SOCKET, SO_ERROR, &err, &elen);
            if (err != 0) {
                rp_fail(ld, rp_test_fmt("connect: %s", strerror(err)));
                rp_client_close(&cl[i]);
                continue;
            }
            cl[i].connecting = 0;
            rp_client_send(&cl[i], ld);
            continue;
        }
        idle[i] = rp_client_read(&cl[i], stopping, ld);
    }
    return busy;
}


START_TEST(reload_every_300ms_under_load_loses_no_request)
{
    struct rp_client  cl[RP_NCLIENTS];
    struct rp_load    ld;
    pid_t             master, origin;
    long              start, now, next_hup, drain_end;
    int               idle[RP_NCLIENTS], i, nhup;

    origin = rp_origin_fork(rp_t->port[1]);
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "worker_processes 2;\n"
        "error_log logs/error.log info;\n"
        "pid logs/rampart.pid;\n"
        "events {\n"
        "    worker_connections 256;\n"
        "}\n"
        "http {\n"
        "    access_log off;\n"
        "    upstream origin {\n"
        "        server 127.0.0.1:%%PORT1%%;\n"
        "        keepalive 32;\n"
        "    }\n"
        "    server {\n"
        "        listen 127.0.0.1:%%PORT0%%;\n"
        "        location / {\n"
        "            proxy_pass http://origin;\n"
        "            proxy_http_version 1.1;\n"
        "            proxy_set_header Connection \"\";\n"
        "        }\n"
        "    }\n"
        "}\n");
    master = rp_test_start(rp_t, 2, (char *) NULL);

    memset(&ld, 0, sizeof(ld));
    for (i = 0; i < RP_NCLIENTS; i++) {
        cl[i].fd = -1;
        cl[i].connecting = 0;
        cl[i].len = 0;
        idle[i] = 0;
    }

    nhup = 0;
    start = rp_test_now_ms();
    next_hup = start + RP_HUP_EVERY_MS;
    for (now = start; now < start + RP_LOAD_MS; now = rp_test_now_ms()) {
        if (now >= next_hup) {
            rp_test_signal(master, SIGHUP);
            nhup++;
            next_hup += RP_HUP_EVERY_MS;
        }
        rp_clients_turn(cl, rp_t->port[0], 0, idle, &ld);
    }

    /* let every request in flight finish, sending no new ones */
    drain_end = rp_test_now_ms() + rp_test_ms(RP_DRAIN_MS);
    while (rp_clients_turn(cl, rp_t->port[0], 1, idle, &ld) > 0
           && rp_test_now_ms() < drain_end)
    {
        /* poll again */
    }
    for (i = 0; i < RP_NCLIENTS; i++) {
        if (cl[i].fd != -1 && !idle[i]) {
            rp_fail(&ld, "a request still unanswered after the load");
        }
        rp_client_close(&cl[i]);
    }

    fprintf(stderr, "reload under load: %ld requests, %ld ended with "
            "Connection: close, %ld connects, %d HUPs, %ld failed\n",
            ld.done, ld.closed, ld.connects, nhup, ld.failed);

    ck_assert_msg(ld.failed == 0, "%ld failed requests of %ld; first: %s",
                  ld.failed, ld.done + ld.failed, ld.first_error);
    ck_assert_msg(ld.done >= RP_MIN_REQUESTS, "only %ld requests completed",
                  ld.done);
    ck_assert_int_ge(nhup, 10);
    ck_assert_msg(rp_test_log_wait(rp_t, NULL, "reconfigured: generation",
                                   nhup, 5000),
                  "%d HUPs but %d reconfigurations", nhup,
                  rp_test_log_count(rp_t, NULL, "reconfigured: generation"));
    ck_assert_int_eq(rp_test_log_count(rp_t, NULL,
                                       "reconfigured: generation"), nhup);
    for (i = 2; i <= nhup + 1; i++) {
        ck_assert_msg(rp_test_log_count(rp_t, NULL,
                          rp_test_fmt("reconfigured: generation %d ", i)) == 1,
                      "no generation %d", i);
    }
    ck_assert_int_eq(rp_test_wait_workers(master, 2, NULL, 0, 5000), 1);

    kill(origin, SIGKILL);
    waitpid(origin, NULL, 0);
}
END_TEST


static Suite *
rp_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("proxy_reload");
    tc = rp_test_tcase("reload");
    tcase_add_test(tc, reload_every_300ms_under_load_loses_no_request);
    suite_add_tcase(s, tc);
    return s;
}


int
main(void)
{
    return rp_test_main(rp_suite());
}
