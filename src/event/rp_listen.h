/*
 * rp_listen.h - listening sockets.
 *
 * The http layer turns each "listen" directive into a struct rp_listening
 * in cycle->listening (rp_listen_parse_addr + rp_listen_add).  The master
 * then opens them all with rp_listen_open() before forking, reusing the
 * sockets of the previous cycle on reload so no connection is refused
 * while workers change; workers inherit the fds through fork.  A
 * "reuseport" entry becomes one socket per worker (SO_REUSEPORT), each
 * polled by one worker only; other entries are shared by all workers
 * (EPOLLEXCLUSIVE avoids the thundering herd).
 */

#ifndef RP_LISTEN_H
#define RP_LISTEN_H

#include "rp_config.h"
#include <sys/socket.h>
#include "rp_core.h"

struct rp_connection;
struct rp_cycle;

#define RP_LISTEN_BACKLOG   511

/* Room for "[ffff:...:255.255.255.255]:65535" and a NUL. */
#define RP_SOCKADDR_STRLEN  (46 + 2 + 6 + 1)

typedef void (*rp_listen_handler_pt)(struct rp_connection *c);

/*
 * Flags:
 *   reuseport  one socket per worker; after rp_listen_open() each clone
 *              has worker = its worker's index
 *   ipv6only   IPV6_V6ONLY for AF_INET6 sockets (default 1)
 *   bound      this cycle created and bound the socket
 *   inherited  the fd came from elsewhere: the previous cycle (then
 *              <reused> too) or, set by the os layer, the environment
 *   reused     the fd was taken over from an entry of the old cycle
 *   remain     (old cycle) the fd was handed to the new cycle: do not
 *              close it with the old one
 */
struct rp_listening {
    struct sockaddr_storage   sockaddr;
    socklen_t                 socklen;
    struct rp_str             addr_text;   /* "127.0.0.1:8080", "[::1]:80" */

    int                       fd;          /* -1 when not open */
    int                       backlog;     /* default RP_LISTEN_BACKLOG */
    int                       worker;      /* -1 shared, else clone's worker */

    unsigned                  reuseport:1;
    unsigned                  ipv6only:1;
    unsigned                  bound:1;
    unsigned                  inherited:1;
    unsigned                  reused:1;
    unsigned                  remain:1;

    rp_listen_handler_pt      handler;     /* takes each new connection */
    void                     *servers;     /* the owner's data */
    struct rp_log            *log;         /* NULL: cycle->log */
};

/*
 * Parse a listen address <text>/<len> into <sa>/<len_out>:
 *   "127.0.0.1:80", "80" and "*:80" (0.0.0.0:80), "[::]:80",
 *   "[::1]:8080", "localhost:80" (resolved, IPv4 preferred), and a host
 *   alone ("127.0.0.1", "[::1]") meaning port 80.  Ports are 1..65535.
 * Returns RP_OK, or RP_ERROR with *<err> a static message: "empty
 * address", "invalid port", "invalid IPv6 address", "IPv6 address must
 * be enclosed in brackets", "invalid host", "host not found", "unix
 * domain sockets are not supported".  Resolving a name may block: config
 * time only.
 */
int rp_listen_parse_addr(const u_char *text, size_t len,
    struct sockaddr_storage *sa, socklen_t *len_out, const char **err);

/*
 * Append a listening socket for <sa>/<len> to cycle->listening, with
 * fd -1, backlog RP_LISTEN_BACKLOG, worker -1, ipv6only 1, log NULL
 * (accepted connections then log to the cycle's error_log) and addr_text
 * from cycle->pool; the caller sets handler, servers and options (and
 * log, to give a server its own error_log).  Returns the entry, or NULL
 * when out of memory or <len> is too large.  The pointer is valid until
 * the next add (the array may move).
 */
struct rp_listening *rp_listen_add(struct rp_cycle *cycle,
    const struct sockaddr *sa, socklen_t len);

/*
 * Master, before forking: expand every reuseport entry into <nworkers>
 * clones (worker 0..nworkers-1), then give each entry whose fd is -1 a
 * socket: the fd of an <old> cycle entry with the same address,
 * reuseport flag and worker (marked reused/inherited here, remain
 * there), else a new non-blocking close-on-exec socket with SO_REUSEADDR
 * (+SO_REUSEPORT, +IPV6_V6ONLY), bound and listening.  A port of 0 is
 * replaced by the one the kernel chose.  <old> may be NULL.  Returns
 * RP_OK, or RP_ERROR after logging the failed call at emerg on
 * cycle->log ("bind() to 127.0.0.1:8080 failed (98: ...)"); everything
 * this call did is then undone (rp_listen_rollback).
 */
int rp_listen_open(struct rp_cycle *cycle, struct rp_cycle *old,
    unsigned nworkers);

/*
 * The new cycle failed after rp_listen_open() succeeded: close the
 * sockets <cycle> bound, forget those it took from <old> and clear the
 * remain marks in <old> (which keeps running).  <old> may be NULL.
 */
void rp_listen_rollback(struct rp_cycle *cycle, struct rp_cycle *old);

/*
 * The new cycle is committed: close the sockets of <old> it did not take
 * over; every fd of <old> is -1 afterwards (the taken ones now belong to
 * the new cycle).
 */
void rp_listen_close_unused(struct rp_cycle *old);

/* Close every listening fd of <cycle> (exit); fds become -1. */
void rp_listen_close_all(struct rp_cycle *cycle);

/*
 * Write the text form of <sa>/<len> into <buf> of <size> bytes, NUL
 * terminated: "127.0.0.1" / "::1", or with <with_port> "127.0.0.1:80" /
 * "[::1]:80".  Returns the length without the NUL, or 0 for an unknown
 * family or a too small buffer (RP_SOCKADDR_STRLEN always suffices).
 */
size_t rp_sockaddr_ntop(const struct sockaddr *sa, socklen_t len,
    u_char *buf, size_t size, int with_port);

/* 1 if <a> and <b> have the same family, address and port, else 0. */
int rp_sockaddr_is_equal(const struct sockaddr *a, socklen_t alen,
    const struct sockaddr *b, socklen_t blen);

#endif /* RP_LISTEN_H */
