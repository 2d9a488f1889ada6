/*
 * test_rp_listen.c - listen addresses and listening sockets
 * (src/event/rp_listen.c).
 *
 * Parsing is checked form by form and error by error.  Opening uses real
 * sockets on 127.0.0.1 with ports picked by the kernel: a reload that
 * keeps an address must hand over the very same descriptor, a failed
 * bind must log the nginx-style line and undo what the call opened, and
 * reuseport entries must become one socket per worker.
 */

#include "rp_config.h"
#include <check.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "rp_core.h"
#include "rp_cycle.h"
#include "rp_listen.h"

struct rp_t_cycle {
    struct rp_cycle       cycle;
    struct rp_log         log;
    struct rp_open_file   file;
    char                  path[64];
};


/* A cycle with an empty listening array, logging to a temp file. */
static void
rp_t_cycle_init(struct rp_t_cycle *t)
{
    int  fd;

    memset(t, 0, sizeof(*t));
    memcpy(t->path, "/tmp/rp_t_listen_XXXXXX",
           sizeof("/tmp/rp_t_listen_XXXXXX"));

    fd = mkstemp(t->path);
    ck_assert_int_ne(fd, -1);
    (void) unlink(t->path);

    t->file.name.data = (u_char *) t->path;
    t->file.name.len = strlen(t->path);
    t->file.fd = fd;
    t->log.level = RP_LOG_DEBUG;
    t->log.file = &t->file;

    t->cycle.log = &t->log;
    t->cycle.pool = rp_pool_create(0, 0, &t->log);
    ck_assert_ptr_nonnull(t->cycle.pool);
    ck_assert_int_eq(rp_array_init(&t->cycle.listening, t->cycle.pool, 2,
                                   sizeof(struct rp_listening)), RP_OK);
}


/* Free what rp_t_cycle_init() made (the sockets are the test's business). */
static void
rp_t_cycle_done(struct rp_t_cycle *t)
{
    rp_pool_destroy(t->cycle.pool);
    t->cycle.pool = NULL;
    close(t->file.fd);
}


/* The whole log file, NUL-terminated, in a static buffer. */
static const char *
rp_t_log_text(struct rp_t_cycle *t)
{
    static char  buf[16384];
    ssize_t      n;

    n = pread(t->file.fd, buf, sizeof(buf) - 1, 0);
    ck_assert_int_ge(n, 0);
    buf[n] = '\0';

    return buf;
}


static struct sockaddr_in
rp_t_sin(const char *ip, in_port_t port)
{
    struct sockaddr_in  sin;

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    ck_assert_int_eq(inet_pton(AF_INET, ip, &sin.sin_addr), 1);

    return sin;
}


/* A port on 127.0.0.1 that was free a moment ago. */
static in_port_t
rp_t_free_port(void)
{
    int                 s;
    socklen_t           len;
    struct sockaddr_in  sin;

    s = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ne(s, -1);
    sin = rp_t_sin("127.0.0.1", 0);
    ck_assert_int_eq(bind(s, (struct sockaddr *) &sin, sizeof(sin)), 0);
    len = sizeof(sin);
    ck_assert_int_eq(getsockname(s, (struct sockaddr *) &sin, &len), 0);
    close(s);

    return ntohs(sin.sin_port);
}


static int
rp_t_fd_is_open(int fd)
{
    return fd >= 0 && fcntl(fd, F_GETFD) != -1;
}


/* ---------------------------------------------------------------------
 * rp_listen_parse_addr
 */

/* Parse <text> and check it gives <family>, address text <want>, <port>. */
static void
rp_t_parse_ok(const char *text, int family, const char *want, unsigned port)
{
    int                       rc;
    char                      buf[INET6_ADDRSTRLEN];
    socklen_t                 len;
    const char               *err;
    struct sockaddr_in       *sin;
    struct sockaddr_in6      *sin6;
    struct sockaddr_storage   sa;

    err = NULL;
    rc = rp_listen_parse_addr((const u_char *) text, strlen(text), &sa, &len,
                              &err);
    ck_assert_msg(rc == RP_OK, "\"%s\": %s", text, err ? err : "?");
    ck_assert_int_eq(sa.ss_family, family);

    if (family == AF_INET) {
        sin = (struct sockaddr_in *) &sa;
        ck_assert_uint_eq(len, sizeof(struct sockaddr_in));
        ck_assert_uint_eq(ntohs(sin->sin_port), port);
        inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof(buf));
    } else {
        sin6 = (struct sockaddr_in6 *) &sa;
        ck_assert_uint_eq(len, sizeof(struct sockaddr_in6));
        ck_assert_uint_eq(ntohs(sin6->sin6_port), port);
        inet_ntop(AF_INET6, &sin6->sin6_addr, buf, sizeof(buf));
    }

    ck_assert_msg(strcmp(buf, want) == 0, "\"%s\" gave %s, want %s", text,
                  buf, want);
}


static void
rp_t_parse_err(const char *text, const char *want)
{
    socklen_t                 len;
    const char               *err;
    struct sockaddr_storage   sa;

    err = NULL;
    ck_assert_msg(rp_listen_parse_addr((const u_char *) text, strlen(text),
                                       &sa, &len, &err) == RP_ERROR,
                  "\"%s\" was accepted", text);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strcmp(err, want) == 0, "\"%s\": got \"%s\", want \"%s\"",
                  text, err, want);
}


START_TEST(test_parse_ipv4_forms)
{
    rp_t_parse_ok("127.0.0.1:80", AF_INET, "127.0.0.1", 80);
    rp_t_parse_ok("10.1.2.3:65535", AF_INET, "10.1.2.3", 65535);
    rp_t_parse_ok("80", AF_INET, "0.0.0.0", 80);
    rp_t_parse_ok("8080", AF_INET, "0.0.0.0", 8080);
    rp_t_parse_ok("1", AF_INET, "0.0.0.0", 1);
    rp_t_parse_ok("*:80", AF_INET, "0.0.0.0", 80);
    rp_t_parse_ok("*", AF_INET, "0.0.0.0", 80);
    rp_t_parse_ok("127.0.0.1", AF_INET, "127.0.0.1", 80);
}
END_TEST


START_TEST(test_parse_ipv6_forms)
{
    rp_t_parse_ok("[::]:80", AF_INET6, "::", 80);
    rp_t_parse_ok("[::1]:8080", AF_INET6, "::1", 8080);
    rp_t_parse_ok("[2001:db8::7]:443", AF_INET6, "2001:db8::7", 443);
    rp_t_parse_ok("[::1]", AF_INET6, "::1", 80);
    rp_t_parse_ok("[::ffff:127.0.0.1]:81", AF_INET6, "::ffff:127.0.0.1", 81);
}
END_TEST


START_TEST(test_parse_localhost_is_ipv4_loopback)
{
    rp_t_parse_ok("localhost:80", AF_INET, "127.0.0.1", 80);
    rp_t_parse_ok("localhost", AF_INET, "127.0.0.1", 80);
}
END_TEST


START_TEST(test_parse_invalid_port)
{
    rp_t_parse_err("0", "invalid port");
    rp_t_parse_err("65536", "invalid port");
    rp_t_parse_err("99999999999999999999999", "invalid port");
    rp_t_parse_err("127.0.0.1:0", "invalid port");
    rp_t_parse_err("127.0.0.1:", "invalid port");
    rp_t_parse_err("127.0.0.1:65536", "invalid port");
    rp_t_parse_err("127.0.0.1:8o", "invalid port");
    rp_t_parse_err("127.0.0.1:-1", "invalid port");
    rp_t_parse_err("127.0.0.1:+80", "invalid port");
    rp_t_parse_err("*:http", "invalid port");
    rp_t_parse_err("[::1]:0", "invalid port");
    rp_t_parse_err("[::1]:", "invalid port");
    rp_t_parse_err("[::1]:70000", "invalid port");
    rp_t_parse_err("localhost:0", "invalid port");
}
END_TEST


START_TEST(test_parse_invalid_ipv6)
{
    rp_t_parse_err("[::1", "invalid IPv6 address");
    rp_t_parse_err("[]:80", "invalid IPv6 address");
    rp_t_parse_err("[::g]:80", "invalid IPv6 address");
    rp_t_parse_err("[127.0.0.1]:80", "invalid IPv6 address");
    rp_t_parse_err("[::1]80", "invalid IPv6 address");
    rp_t_parse_err("[1:2:3:4:5:6:7:8:9:a:b:c:d:e:f:0:1:2]:80",
                   "invalid IPv6 address");
    rp_t_parse_err("::1", "IPv6 address must be enclosed in brackets");
    rp_t_parse_err("::1:80", "IPv6 address must be enclosed in brackets");
}
END_TEST


START_TEST(test_parse_invalid_host)
{
    rp_t_parse_err("", "empty address");
    rp_t_parse_err(":80", "invalid host");
    rp_t_parse_err("bad host:80", "invalid host");
    rp_t_parse_err("a/b:80", "invalid host");
    rp_t_parse_err("no-such-host.invalid:80", "host not found");
    rp_t_parse_err("8080x", "host not found");
    rp_t_parse_err("unix:/run/rampart.sock",
                   "unix domain sockets are not supported");
}
END_TEST


START_TEST(test_parse_long_host_is_rejected)
{
    char  name[300];

    memset(name, 'a', sizeof(name));
    memcpy(name + 296, ":80", 4);
    rp_t_parse_err(name, "invalid host");
}
END_TEST


START_TEST(test_sockaddr_ntop_and_equal)
{
    u_char               buf[RP_SOCKADDR_STRLEN];
    size_t               n;
    struct sockaddr_in   a, b;
    struct sockaddr_in6  a6;

    a = rp_t_sin("192.168.1.20", 8080);
    n = rp_sockaddr_ntop((struct sockaddr *) &a, sizeof(a), buf, sizeof(buf),
                         1);
    ck_assert_str_eq((char *) buf, "192.168.1.20:8080");
    ck_assert_uint_eq(n, strlen("192.168.1.20:8080"));

    n = rp_sockaddr_ntop((struct sockaddr *) &a, sizeof(a), buf, sizeof(buf),
                         0);
    ck_assert_str_eq((char *) buf, "192.168.1.20");
    ck_assert_uint_eq(n, 12);

    /* Too small a buffer: 0, never a truncated address. */
    ck_assert_uint_eq(rp_sockaddr_ntop((struct sockaddr *) &a, sizeof(a),
                                       buf, 5, 1), 0);

    memset(&a6, 0, sizeof(a6));
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons(443);
    a6.sin6_addr = in6addr_loopback;
    rp_sockaddr_ntop((struct sockaddr *) &a6, sizeof(a6), buf, sizeof(buf),
                     1);
    ck_assert_str_eq((char *) buf, "[::1]:443");
    rp_sockaddr_ntop((struct sockaddr *) &a6, sizeof(a6), buf, sizeof(buf),
                     0);
    ck_assert_str_eq((char *) buf, "::1");

    b = rp_t_sin("192.168.1.20", 8080);
    ck_assert_int_eq(rp_sockaddr_is_equal((struct sockaddr *) &a, sizeof(a),
                                          (struct sockaddr *) &b, sizeof(b)),
                     1);
    b.sin_port = htons(8081);
    ck_assert_int_eq(rp_sockaddr_is_equal((struct sockaddr *) &a, sizeof(a),
                                          (struct sockaddr *) &b, sizeof(b)),
                     0);
    ck_assert_int_eq(rp_sockaddr_is_equal((struct sockaddr *) &a, sizeof(a),
                                          (struct sockaddr *) &a6,
                                          sizeof(a6)), 0);
}
END_TEST


/* ---------------------------------------------------------------------
 * opening, reload hand-over, errors
 */

START_TEST(test_listen_add_defaults)
{
    struct rp_t_cycle     t;
    struct rp_listening  *ls;
    struct sockaddr_in    sin;

    rp_t_cycle_init(&t);
    sin = rp_t_sin("127.0.0.1", 8080);

    ls = rp_listen_add(&t.cycle, (struct sockaddr *) &sin, sizeof(sin));
    ck_assert_ptr_nonnull(ls);
    ck_assert_uint_eq(t.cycle.listening.nelts, 1);
    ck_assert_int_eq(ls->fd, -1);
    ck_assert_int_eq(ls->backlog, RP_LISTEN_BACKLOG);
    ck_assert_int_eq(ls->worker, -1);
    ck_assert(ls->ipv6only);
    ck_assert(!ls->reuseport);
    ck_assert_ptr_null(ls->log);
    ck_assert_uint_eq(ls->socklen, sizeof(sin));
    ck_assert_uint_eq(ls->addr_text.len, strlen("127.0.0.1:8080"));
    ck_assert(memcmp(ls->addr_text.data, "127.0.0.1:8080", 14) == 0);

    ck_assert_ptr_null(rp_listen_add(&t.cycle, (struct sockaddr *) &sin,
                                     sizeof(struct sockaddr_storage) + 1));

    rp_t_cycle_done(&t);
}
END_TEST


START_TEST(test_listen_open_binds_and_listens)
{
    int                   on;
    socklen_t             len;
    struct rp_t_cycle     t;
    struct rp_listening  *ls;
    struct sockaddr_in    sin;

    rp_t_cycle_init(&t);
    sin = rp_t_sin("127.0.0.1", 0);
    ck_assert_ptr_nonnull(rp_listen_add(&t.cycle, (struct sockaddr *) &sin,
                                        sizeof(sin)));

    ck_assert_int_eq(rp_listen_open(&t.cycle, NULL, 1), RP_OK);

    ls = t.cycle.listening.elts;
    ck_assert(rp_t_fd_is_open(ls->fd));
    ck_assert(ls->bound);
    ck_assert(!ls->inherited);

    /* Non-blocking, close-on-exec, SO_REUSEADDR, listening. */
    ck_assert(fcntl(ls->fd, F_GETFL) & O_NONBLOCK);
    ck_assert(fcntl(ls->fd, F_GETFD) & FD_CLOEXEC);
    len = sizeof(on);
    ck_assert_int_eq(getsockopt(ls->fd, SOL_SOCKET, SO_REUSEADDR, &on, &len),
                     0);
    ck_assert_int_eq(on, 1);
    ck_assert_int_eq(getsockopt(ls->fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len),
                     0);
    ck_assert_int_eq(on, 1);

    /* The kernel's port replaced 0, in the address and its text. */
    ck_assert_uint_ne(ntohs(((struct sockaddr_in *) &ls->sockaddr)->sin_port),
                      0);
    ck_assert(memcmp(ls->addr_text.data, "127.0.0.1:", 10) == 0);
    ck_assert_uint_gt(ls->addr_text.len, 10);
    ck_assert(ls->addr_text.data[10] != '0');

    rp_listen_close_all(&t.cycle);
    ck_assert_int_eq(ls->fd, -1);

    rp_t_cycle_done(&t);
}
END_TEST


START_TEST(test_listen_reload_reuses_matching_sockets)
{
    int                   fd_keep, fd_drop;
    in_port_t             p1, p2, p3;
    struct rp_t_cycle     t_old, t_new;
    struct rp_listening  *ls, *ols;
    struct sockaddr_in    sin;

    rp_t_cycle_init(&t_old);
    rp_t_cycle_init(&t_new);

    p1 = rp_t_free_port();
    p2 = rp_t_free_port();

    sin = rp_t_sin("127.0.0.1", p1);
    ck_assert_ptr_nonnull(rp_listen_add(&t_old.cycle,
                                        (struct sockaddr *) &sin,
                                        sizeof(sin)));
    sin = rp_t_sin("127.0.0.1", p2);
    ck_assert_ptr_nonnull(rp_listen_add(&t_old.cycle,
                                        (struct sockaddr *) &sin,
                                        sizeof(sin)));
    ck_assert_int_eq(rp_listen_open(&t_old.cycle, NULL, 1), RP_OK);

    ols = t_old.cycle.listening.elts;
    fd_keep = ols[0].fd;
    fd_drop = ols[1].fd;

    /* The new config keeps p1, drops p2, adds p3. */
    p3 = rp_t_free_port();
    sin = rp_t_sin("127.0.0.1", p1);
    ck_assert_ptr_nonnull(rp_listen_add(&t_new.cycle,
                                        (struct sockaddr *) &sin,
                                        sizeof(sin)));
    sin = rp_t_sin("127.0.0.1", p3);
    ck_assert_ptr_nonnull(rp_listen_add(&t_new.cycle,
                                        (struct sockaddr *) &sin,
                                        sizeof(sin)));

    ck_assert_int_eq(rp_listen_open(&t_new.cycle, &t_old.cycle, 1), RP_OK);

    ls = t_new.cycle.listening.elts;
    ck_assert_int_eq(ls[0].fd, fd_keep);
    ck_assert(ls[0].inherited);
    ck_assert(ls[0].reused);
    ck_assert(!ls[0].bound);
    ck_assert(ols[0].remain);
    ck_assert(!ols[1].remain);
    ck_assert(ls[1].bound);
    ck_assert(rp_t_fd_is_open(ls[1].fd));

    rp_listen_close_unused(&t_old.cycle);
    ck_assert(rp_t_fd_is_open(fd_keep));
    ck_assert(!rp_t_fd_is_open(fd_drop));
    ck_assert_int_eq(ols[0].fd, -1);
    ck_assert_int_eq(ols[1].fd, -1);

    rp_listen_close_all(&t_new.cycle);
    ck_assert(!rp_t_fd_is_open(fd_keep));

    rp_t_cycle_done(&t_old);
    rp_t_cycle_done(&t_new);
}
END_TEST


START_TEST(test_listen_bind_failure_is_logged_and_undone)
{
    int                   fd_new;
    char                  want[128];
    in_port_t             busy, p_free;
    struct rp_t_cycle     t_a, t_b, t_old;
    struct rp_listening  *ls, *ols;
    struct sockaddr_in    sin;

    rp_t_cycle_init(&t_a);
    rp_t_cycle_init(&t_b);
    rp_t_cycle_init(&t_old);

    busy = rp_t_free_port();
    sin = rp_t_sin("127.0.0.1", busy);
    ck_assert_ptr_nonnull(rp_listen_add(&t_a.cycle, (struct sockaddr *) &sin,
                                        sizeof(sin)));
    ck_assert_int_eq(rp_listen_open(&t_a.cycle, NULL, 1), RP_OK);

    /* An unrelated old cycle whose socket b takes over before failing. */
    p_free = rp_t_free_port();
    sin = rp_t_sin("127.0.0.1", p_free);
    ck_assert_ptr_nonnull(rp_listen_add(&t_old.cycle,
                                        (struct sockaddr *) &sin,
                                        sizeof(sin)));
    ck_assert_int_eq(rp_listen_open(&t_old.cycle, NULL, 1), RP_OK);

    /* b: a fresh port, the taken-over one, then the busy one. */
    sin = rp_t_sin("127.0.0.1", rp_t_free_port());
    ck_assert_ptr_nonnull(rp_listen_add(&t_b.cycle, (struct sockaddr *) &sin,
                                        sizeof(sin)));
    sin = rp_t_sin("127.0.0.1", p_free);
    ck_assert_ptr_nonnull(rp_listen_add(&t_b.cycle, (struct sockaddr *) &sin,
                                        sizeof(sin)));
    sin = rp_t_sin("127.0.0.1", busy);
    ck_assert_ptr_nonnull(rp_listen_add(&t_b.cycle, (struct sockaddr *) &sin,
                                        sizeof(sin)));

    ck_assert_int_eq(rp_listen_open(&t_b.cycle, &t_old.cycle, 1), RP_ERROR);

    snprintf(want, sizeof(want),
             "[emerg] %d#0: bind() to 127.0.0.1:%u failed (%d: %s)",
             (int) getpid(), (unsigned) busy, EADDRINUSE,
             strerror(EADDRINUSE));
    ck_assert_msg(strstr(rp_t_log_text(&t_b), want) != NULL,
                  "log \"%s\" lacks \"%s\"", rp_t_log_text(&t_b), want);

    /* Everything b did is undone; the old cycle still owns its socket. */
    ls = t_b.cycle.listening.elts;
    ck_assert_int_eq(ls[0].fd, -1);
    ck_assert(!ls[0].bound);
    ck_assert_int_eq(ls[1].fd, -1);
    ck_assert(!ls[1].reused);
    ck_assert_int_eq(ls[2].fd, -1);

    ols = t_old.cycle.listening.elts;
    ck_assert(!ols[0].remain);
    ck_assert(rp_t_fd_is_open(ols[0].fd));

    /* The fresh port was really closed: it can be bound again. */
    fd_new = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_eq(bind(fd_new, (struct sockaddr *) &ls[0].sockaddr,
                          ls[0].socklen), 0);
    close(fd_new);

    rp_t_cycle_done(&t_a);
    rp_t_cycle_done(&t_b);
    rp_t_cycle_done(&t_old);
}
END_TEST


START_TEST(test_listen_reuseport_clones_one_socket_per_worker)
{
    int                   on;
    size_t                i;
    in_port_t             port;
    socklen_t             len;
    struct rp_t_cycle     t, t2;
    struct rp_listening  *ls;
    struct sockaddr_in    sin;

    rp_t_cycle_init(&t);
    rp_t_cycle_init(&t2);

    port = rp_t_free_port();
    sin = rp_t_sin("127.0.0.1", port);
    ls = rp_listen_add(&t.cycle, (struct sockaddr *) &sin, sizeof(sin));
    ck_assert_ptr_nonnull(ls);
    ls->reuseport = 1;

    sin = rp_t_sin("127.0.0.1", rp_t_free_port());
    ck_assert_ptr_nonnull(rp_listen_add(&t.cycle, (struct sockaddr *) &sin,
                                        sizeof(sin)));

    ck_assert_int_eq(rp_listen_open(&t.cycle, NULL, 3), RP_OK);
    ck_assert_uint_eq(t.cycle.listening.nelts, 4);

    ls = t.cycle.listening.elts;
    ck_assert_int_eq(ls[0].worker, 0);
    ck_assert_int_eq(ls[1].worker, -1);
    ck_assert_int_eq(ls[2].worker, 1);
    ck_assert_int_eq(ls[3].worker, 2);

    for (i = 0; i < 4; i++) {
        ck_assert(rp_t_fd_is_open(ls[i].fd));
    }

    ck_assert_int_ne(ls[0].fd, ls[2].fd);
    ck_assert_int_ne(ls[2].fd, ls[3].fd);

    for (i = 0; i < 4; i += (i == 0) ? 2 : 1) {
        ck_assert(ls[i].reuseport);
        ck_assert(rp_sockaddr_is_equal((struct sockaddr *) &ls[i].sockaddr,
                                       ls[i].socklen,
                                       (struct sockaddr *) &ls[0].sockaddr,
                                       ls[0].socklen));
        len = sizeof(on);
        ck_assert_int_eq(getsockopt(ls[i].fd, SOL_SOCKET, SO_REUSEPORT, &on,
                                    &len), 0);
        ck_assert_int_eq(on, 1);
    }

    /* A reload with 2 workers takes over clones 0 and 1 only. */
    sin = rp_t_sin("127.0.0.1", port);
    ck_assert_ptr_nonnull(rp_listen_add(&t2.cycle, (struct sockaddr *) &sin,
                                        sizeof(sin)));
    ((struct rp_listening *) t2.cycle.listening.elts)[0].reuseport = 1;

    ck_assert_int_eq(rp_listen_open(&t2.cycle, &t.cycle, 2), RP_OK);
    ck_assert_uint_eq(t2.cycle.listening.nelts, 2);

    ls = t2.cycle.listening.elts;
    ck_assert_int_eq(ls[0].fd,
                     ((struct rp_listening *) t.cycle.listening.elts)[0].fd);
    ck_assert_int_eq(ls[1].fd,
                     ((struct rp_listening *) t.cycle.listening.elts)[2].fd);
    ck_assert(ls[0].reused && ls[1].reused);

    rp_t_cycle_done(&t);
    rp_t_cycle_done(&t2);
}
END_TEST


START_TEST(test_listen_ipv6only_is_set)
{
    int                   s, on;
    socklen_t             len;
    struct rp_t_cycle     t;
    struct rp_listening  *ls;
    struct sockaddr_in6   sin6;

    /* Skip quietly where the host has no IPv6 loopback. */
    s = socket(AF_INET6, SOCK_STREAM, 0);
    memset(&sin6, 0, sizeof(sin6));
    sin6.sin6_family = AF_INET6;
    sin6.sin6_addr = in6addr_loopback;

    if (s == -1 || bind(s, (struct sockaddr *) &sin6, sizeof(sin6)) == -1) {
        if (s != -1) {
            close(s);
        }
        return;
    }

    close(s);

    rp_t_cycle_init(&t);
    ls = rp_listen_add(&t.cycle, (struct sockaddr *) &sin6, sizeof(sin6));
    ck_assert_ptr_nonnull(ls);
    ck_assert_int_eq(rp_listen_open(&t.cycle, NULL, 1), RP_OK);

    ls = t.cycle.listening.elts;
    len = sizeof(on);
    ck_assert_int_eq(getsockopt(ls->fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, &len),
                     0);
    ck_assert_int_eq(on, 1);
    ck_assert(memcmp(ls->addr_text.data, "[::1]:", 6) == 0);

    rp_t_cycle_done(&t);
}
END_TEST


static Suite *
rp_t_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_listen");

    tc = tcase_create("parse");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_parse_ipv4_forms);
    tcase_add_test(tc, test_parse_ipv6_forms);
    tcase_add_test(tc, test_parse_localhost_is_ipv4_loopback);
    tcase_add_test(tc, test_parse_invalid_port);
    tcase_add_test(tc, test_parse_invalid_ipv6);
    tcase_add_test(tc, test_parse_invalid_host);
    tcase_add_test(tc, test_parse_long_host_is_rejected);
    tcase_add_test(tc, test_sockaddr_ntop_and_equal);
    suite_add_tcase(s, tc);

    tc = tcase_create("open");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_listen_add_defaults);
    tcase_add_test(tc, test_listen_open_binds_and_listens);
    tcase_add_test(tc, test_listen_reload_reuses_matching_sockets);
    tcase_add_test(tc, test_listen_bind_failure_is_logged_and_undone);
    tcase_add_test(tc, test_listen_reuseport_clones_one_socket_per_worker);
    tcase_add_test(tc, test_listen_ipv6only_is_set);
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
