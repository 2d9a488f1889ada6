/*
 * rp_listen.c - parsing listen addresses and opening listening sockets.
 *
 * This runs in the master at start-up and on every reload, before any
 * worker exists: "listen" arguments become socket addresses, and the
 * sockets of the new cycle are opened or taken over from the running
 * cycle.  Taking over (same address, same reuseport flag and worker)
 * matters: closing and re-binding would refuse connections during the
 * reload and lose those already queued in the kernel's backlog.
 */

#include "rp_config.h"
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "rp_core.h"
#include "rp_cycle.h"
#include "rp_listen.h"

#define RP_LISTEN_DEFAULT_PORT  80
#define RP_LISTEN_MAX_HOST      253     /* longest DNS name */

static int rp_listen_parse_port(const u_char *p, size_t len,
    in_port_t *port);
static int rp_listen_parse_ipv6(const u_char *text, size_t len,
    struct sockaddr_storage *sa, socklen_t *len_out, const char **err);
static int rp_listen_parse_host(const u_char *host, size_t hlen,
    in_port_t port, struct sockaddr_storage *sa, socklen_t *len_out,
    const char **err);
static int rp_listen_resolve(const char *name, in_port_t port,
    struct sockaddr_storage *sa, socklen_t *len_out);
static int rp_listen_clone_reuseport(struct rp_cycle *cycle,
    unsigned nworkers);
static struct rp_listening *rp_listen_find_old(struct rp_cycle *old,
    const struct rp_listening *ls);
static int rp_listen_open_one(struct rp_cycle *cycle,
    struct rp_listening *ls);
static void rp_listen_set_text(struct rp_cycle *cycle,
    struct rp_listening *ls);


/* ---------------------------------------------------------------------
 * addresses
 */

int
rp_listen_parse_addr(const u_char *text, size_t len,
    struct sockaddr_storage *sa, socklen_t *len_out, const char **err)
{
    size_t        i, colons, last;
    in_port_t     port;
    const u_char  *host;

    memset(sa, 0, sizeof(struct sockaddr_storage));

    if (len == 0) {
        *err = "empty address";
        return RP_ERROR;
    }

    if (len >= 5 && memcmp(text, "unix:", 5) == 0) {
        *err = "unix domain sockets are not supported";
        return RP_ERROR;
    }

    if (text[0] == '[') {
        return rp_listen_parse_ipv6(text, len, sa, len_out, err);
    }

    colons = 0;
    last = 0;

    for (i = 0; i < len; i++) {
        if (text[i] == ':') {
            colons++;
            last = i;
        }
    }

    if (colons > 1) {
        *err = "IPv6 address must be enclosed in brackets";
        return RP_ERROR;
    }

    host = text;
    port = RP_LISTEN_DEFAULT_PORT;

    if (colons == 0) {
        /* "80" alone is a port on every address, as in nginx. */
        for (i = 0; i < len && text[i] >= '0' && text[i] <= '9'; i++) {
            /* void */
        }

        if (i == len) {
            if (rp_listen_parse_port(text, len, &port) != RP_OK) {
                *err = "invalid port";
                return RP_ERROR;
            }

            return rp_listen_parse_host((const u_char *) "*", 1, port, sa,
                                        len_out, err);
        }

        return rp_listen_parse_host(text, len, port, sa, len_out, err);
    }

    if (rp_listen_parse_port(text + last + 1, len - last - 1, &port)
        != RP_OK)
    {
        *err = "invalid port";
        return RP_ERROR;
    }

    return rp_listen_parse_host(host, last, port, sa, len_out, err);
}


/* Port text to a number in 1..65535 (host byte order). */
static int
rp_listen_parse_port(const u_char *p, size_t len, in_port_t *port)
{
    uint64_t  n;

    if (rp_parse_uint(p, len, 65535, &n) != RP_OK || n == 0) {
        return RP_ERROR;
    }

    *port = (in_port_t) n;

    return RP_OK;
}


/* "[addr]" or "[addr]:port". */
static int
rp_listen_parse_ipv6(const u_char *text, size_t len,
    struct sockaddr_storage *sa, socklen_t *len_out, const char **err)
{
    char                  buf[INET6_ADDRSTRLEN];
    size_t                hlen, rest;
    in_port_t             port;
    const u_char         *end;
    struct sockaddr_in6  *sin6;

    end = memchr(text, ']', len);
    if (end == NULL) {
        *err = "invalid IPv6 address";
        return RP_ERROR;
    }

    hlen = (size_t) (end - text) - 1;
    rest = len - (size_t) (end - text) - 1;
    port = RP_LISTEN_DEFAULT_PORT;

    if (rest > 0) {
        if (end[1] != ':') {
            *err = "invalid IPv6 address";
            return RP_ERROR;
        }

        if (rp_listen_parse_port(end + 2, rest - 1, &port) != RP_OK) {
            *err = "invalid port";
            return RP_ERROR;
        }
    }

    if (hlen == 0 || hlen >= sizeof(buf)) {
        *err = "invalid IPv6 address";
        return RP_ERROR;
    }

    memcpy(buf, text + 1, hlen);
    buf[hlen] = '\0';

    sin6 = (struct sockaddr_in6 *) sa;

    if (inet_pton(AF_INET6, buf, &sin6->sin6_addr) != 1) {
        *err = "invalid IPv6 address";
        return RP_ERROR;
    }

    sin6->sin6_family = AF_INET6;
    sin6->sin6_port = htons(port);
    *len_out = sizeof(struct sockaddr_in6);

    return RP_OK;
}


/* An IPv4 literal, "*", or a name to resolve, with <port>. */
static int
rp_listen_parse_host(const u_char *host, size_t hlen, in_port_t port,
    struct sockaddr_storage *sa, socklen_t *len_out, const char **err)
{
    char                 buf[RP_LISTEN_MAX_HOST + 1];
    size_t               i;
    struct sockaddr_in  *sin;

    if (hlen == 0 || hlen > RP_LISTEN_MAX_HOST) {
        *err = "invalid host";
        return RP_ERROR;
    }

    sin = (struct sockaddr_in *) sa;

    if (hlen == 1 && host[0] == '*') {
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        sin->sin_addr.s_addr = htonl(INADDR_ANY);
        *len_out = sizeof(struct sockaddr_in);
        return RP_OK;
    }

    /* Only name characters reach the resolver (and its log lines). */
    for (i = 0; i < hlen; i++) {
        if (!((host[i] >= 'a' && host[i] <= 'z')
              || (host[i] >= 'A' && host[i] <= 'Z')
              || (host[i] >= '0' && host[i] <= '9')
              || host[i] == '-' || host[i] == '.' || host[i] == '_'))
        {
            *err = "invalid host";
            return RP_ERROR;
        }
    }

    memcpy(buf, host, hlen);
    buf[hlen] = '\0';

    if (inet_pton(AF_INET, buf, &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        *len_out = sizeof(struct sockaddr_in);
        return RP_OK;
    }

    if (rp_listen_resolve(buf, port, sa, len_out) != RP_OK) {
        *err = "host not found";
        return RP_ERROR;
    }

    return RP_OK;
}


/*
 * Resolve <name>, preferring IPv4 so "localhost" means 127.0.0.1 whatever
 * the order of /etc/hosts; the first address is used.
 */
static int
rp_listen_resolve(const char *name, in_port_t port,
    struct sockaddr_storage *sa, socklen_t *len_out)
{
    int               i, rc;
    static const int  families[] = { AF_INET, AF_INET6 };
    struct addrinfo   hints, *res;

    for (i = 0; i < 2; i++) {
        memset(&hints, 0, sizeof(hints));
        hints.ai_family = families[i];
        hints.ai_socktype = SOCK_STREAM;

        res = NULL;
        rc = getaddrinfo(name, NULL, &hints, &res);

        if (rc != 0 || res == NULL) {
            continue;
        }

        if (res->ai_addrlen > sizeof(struct sockaddr_storage)) {
            freeaddrinfo(res);
            continue;
        }

        memcpy(sa, res->ai_addr, res->ai_addrlen);
        *len_out = res->ai_addrlen;
        freeaddrinfo(res);

        if (sa->ss_family == AF_INET) {
            ((struct sockaddr_in *) sa)->sin_port = htons(port);
        } else {
            ((struct sockaddr_in6 *) sa)->sin6_port = htons(port);
        }

        return RP_OK;
    }

    return RP_ERROR;
}


size_t
rp_sockaddr_ntop(const struct sockaddr *sa, socklen_t len, u_char *buf,
    size_t size, int with_port)
{
    int                         n;
    char                        addr[INET6_ADDRSTRLEN];
    const struct sockaddr_in   *sin;
    const struct sockaddr_in6  *sin6;

    if (size == 0) {
        return 0;
    }

    buf[0] = '\0';

    if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
        sin = (const struct sockaddr_in *) sa;

        if (inet_ntop(AF_INET, &sin->sin_addr, addr, sizeof(addr)) == NULL) {
            return 0;
        }

        n = with_port ? snprintf((char *) buf, size, "%s:%u", addr,
                                 (unsigned) ntohs(sin->sin_port))
                      : snprintf((char *) buf, size, "%s", addr);

    } else if (sa->sa_family == AF_INET6
               && len >= sizeof(struct sockaddr_in6))
    {
        sin6 = (const struct sockaddr_in6 *) sa;

        if (inet_ntop(AF_INET6, &sin6->sin6_addr, addr, sizeof(addr))
            == NULL)
        {
            return 0;
        }

        n = with_port ? snprintf((char *) buf, size, "[%s]:%u", addr,
                                 (unsigned) ntohs(sin6->sin6_port))
                      : snprintf((char *) buf, size, "%s", addr);

    } else {
        return 0;
    }

    if (n < 0 || (size_t) n >= size) {
        buf[0] = '\0';
        return 0;
    }

    return (size_t) n;
}


int
rp_sockaddr_is_equal(const struct sockaddr *a, socklen_t alen,
    const struct sockaddr *b, socklen_t blen)
{
    const struct sockaddr_in   *a4, *b4;
    const struct sockaddr_in6  *a6, *b6;

    if (a->sa_family != b->sa_family) {
        return 0;
    }

    if (a->sa_family == AF_INET) {
        if (alen < sizeof(*a4) || blen < sizeof(*b4)) {
            return 0;
        }

        a4 = (const struct sockaddr_in *) a;
        b4 = (const struct sockaddr_in *) b;

        return a4->sin_port == b4->sin_port
               && a4->sin_addr.s_addr == b4->sin_addr.s_addr;
    }

    if (a->sa_family == AF_INET6) {
        if (alen < sizeof(*a6) || blen < sizeof(*b6)) {
            return 0;
        }

        a6 = (const struct sockaddr_in6 *) a;
        b6 = (const struct sockaddr_in6 *) b;

        return a6->sin6_port == b6->sin6_port
               && memcmp(&a6->sin6_addr, &b6->sin6_addr,
                         sizeof(struct in6_addr)) == 0;
    }

    return alen == blen && memcmp(a, b, alen) == 0;
}


/* ---------------------------------------------------------------------
 * the cycle's listening sockets
 */

struct rp_listening *
rp_listen_add(struct rp_cycle *cycle, const struct sockaddr *sa,
    socklen_t len)
{
    u_char               *text;
    size_t                n;
    struct rp_listening  *ls;

    if (len == 0 || len > sizeof(struct sockaddr_storage)) {
        return NULL;
    }

    /* Allocate first: a failed push must not leave a half-made entry. */
    text = rp_palloc(cycle->pool, RP_SOCKADDR_STRLEN);
    if (text == NULL) {
        return NULL;
    }

    n = rp_sockaddr_ntop(sa, len, text, RP_SOCKADDR_STRLEN, 1);

    ls = rp_array_push(&cycle->listening);
    if (ls == NULL) {
        return NULL;
    }

    memset(ls, 0, sizeof(struct rp_listening));
    memcpy(&ls->sockaddr, sa, len);
    ls->socklen = len;
    ls->addr_text.len = n;
    ls->addr_text.data = text;
    ls->fd = -1;
    ls->backlog = RP_LISTEN_BACKLOG;
    ls->worker = -1;
    ls->ipv6only = 1;

    /*
     * No log yet: while the config is parsed cycle->log is still the
     * start-up log; workers fall back to the cycle's final error_log.
     */
    ls->log = NULL;

    return ls;
}


int
rp_listen_open(struct rp_cycle *cycle, struct rp_cycle *old,
    unsigned nworkers)
{
    size_t                i;
    struct rp_listening  *ls, *ols;

    if (rp_listen_clone_reuseport(cycle, nworkers) != RP_OK) {
        rp_log_error(RP_LOG_EMERG, cycle->log, 0,
                     "could not allocate reuseport listening sockets");
        return RP_ERROR;
    }

    ls = cycle->listening.elts;

    for (i = 0; i < cycle->listening.nelts; i++) {
        if (ls[i].fd != -1) {
            continue;
        }

        ols = (old != NULL) ? rp_listen_find_old(old, &ls[i]) : NULL;

        if (ols != NULL) {
            ls[i].fd = ols->fd;
            ls[i].inherited = 1;
            ls[i].reused = 1;
            ols->remain = 1;

            /* A changed backlog takes effect on a listening socket. */
            if (ls[i].backlog != ols->backlog
                && listen(ls[i].fd, ls[i].backlog) == -1)
            {
                rp_log_error(RP_LOG_ALERT, cycle->log, errno,
                             "listen() to " RP_STR_FMT
                             ", backlog %d failed",
                             RP_STR_ARG(ls[i].addr_text), ls[i].backlog);
            }

            continue;
        }

        if (rp_listen_open_one(cycle, &ls[i]) != RP_OK) {
            rp_listen_rollback(cycle, old);
            return RP_ERROR;
        }
    }

    return RP_OK;
}


/*
 * Replace each reuseport template (worker -1) by <nworkers> entries with
 * worker 0..n-1.  Pushing may move the array, so entries are copied by
 * value and re-fetched by index.
 */
static int
rp_listen_clone_reuseport(struct rp_cycle *cycle, unsigned nworkers)
{
    size_t                i, n;
    unsigned              w;
    struct rp_listening   copy, *ls, *nls;

    if (nworkers == 0) {
        nworkers = 1;
    }

    n = cycle->listening.nelts;

    for (i = 0; i < n; i++) {
        ls = (struct rp_listening *) cycle->listening.elts + i;

        if (!ls->reuseport || ls->worker != -1) {
            continue;
        }

        ls->worker = 0;
        copy = *ls;

        for (w = 1; w < nworkers; w++) {
            nls = rp_array_push(&cycle->listening);
            if (nls == NULL) {
                return RP_ERROR;
            }

            *nls = copy;
            nls->worker = (int) w;
        }
    }

    return RP_OK;
}


/* The open entry of <old> that <ls> can take over, or NULL. */
static struct rp_listening *
rp_listen_find_old(struct rp_cycle *old, const struct rp_listening *ls)
{
    size_t                i;
    struct rp_listening  *ols;

    ols = old->listening.elts;

    for (i = 0; i < old->listening.nelts; i++) {
        if (ols[i].fd == -1 || ols[i].remain
            || ols[i].reuseport != ls->reuseport
            || ols[i].worker != ls->worker)
        {
            continue;
        }

        if (rp_sockaddr_is_equal((const struct sockaddr *) &ols[i].sockaddr,
                                 ols[i].socklen,
                                 (const struct sockaddr *) &ls->sockaddr,
                                 ls->socklen))
        {
            return &ols[i];
        }
    }

    return NULL;
}


/*
 * socket + options + bind + listen for <ls>.  Logs the failed call at
 * emerg on cycle->log and returns RP_ERROR, leaving ls->fd at -1.
 */
static int
rp_listen_open_one(struct rp_cycle *cycle, struct rp_listening *ls)
{
    int          s, on, v6only;
    const char  *what;

    s = socket(ls->sockaddr.ss_family,
               SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s == -1) {
        rp_log_error(RP_LOG_EMERG, cycle->log, errno,
                     "socket() for " RP_STR_FMT " failed",
                     RP_STR_ARG(ls->addr_text));
        return RP_ERROR;
    }

    on = 1;
    v6only = ls->ipv6only;

    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1) {
        what = "setsockopt(SO_REUSEADDR) for";
        goto failed;
    }

    if (ls->reuseport
        && setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) == -1)
    {
        what = "setsockopt(SO_REUSEPORT) for";
        goto failed;
    }

    if (ls->sockaddr.ss_family == AF_INET6
        && setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only))
           == -1)
    {
        what = "setsockopt(IPV6_V6ONLY) for";
        goto failed;
    }

    if (bind(s, (struct sockaddr *) &ls->sockaddr, ls->socklen) == -1) {
        what = "bind() to";
        goto failed;
    }

    if (listen(s, ls->backlog) == -1) {
        what = "listen() to";
        goto failed;
    }

    ls->fd = s;
    ls->bound = 1;

    rp_listen_set_text(cycle, ls);

    return RP_OK;

failed:

    rp_log_error(RP_LOG_EMERG, cycle->log, errno, "%s " RP_STR_FMT " failed",
                 what, RP_STR_ARG(ls->addr_text));

    (void) close(s);

    return RP_ERROR;
}


/*
 * After binding port 0, learn the port the kernel chose so addr_text and
 * logs show it (tests bind 127.0.0.1:0).  Failures keep the old text.
 */
static void
rp_listen_set_text(struct rp_cycle *cycle, struct rp_listening *ls)
{
    u_char                   *text;
    size_t                    n;
    socklen_t                 len;
    struct sockaddr_storage   sa;

    if (!((ls->sockaddr.ss_family == AF_INET
           && ((struct sockaddr_in *) &ls->sockaddr)->sin_port == 0)
          || (ls->sockaddr.ss_family == AF_INET6
              && ((struct sockaddr_in6 *) &ls->sockaddr)->sin6_port == 0)))
    {
        return;
    }

    len = sizeof(sa);

    if (getsockname(ls->fd, (struct sockaddr *) &sa, &len) == -1
        || len > sizeof(sa))
    {
        return;
    }

    memcpy(&ls->sockaddr, &sa, len);
    ls->socklen = len;

    text = rp_palloc(cycle->pool, RP_SOCKADDR_STRLEN);
    if (text == NULL) {
        return;
    }

    n = rp_sockaddr_ntop((struct sockaddr *) &sa, len, text,
                         RP_SOCKADDR_STRLEN, 1);
    ls->addr_text.len = n;
    ls->addr_text.data = text;
}


void
rp_listen_rollback(struct rp_cycle *cycle, struct rp_cycle *old)
{
    size_t                i;
    struct rp_listening  *ls;

    ls = cycle->listening.elts;

    for (i = 0; i < cycle->listening.nelts; i++) {
        if (ls[i].bound && ls[i].fd != -1) {
            (void) close(ls[i].fd);
            ls[i].fd = -1;
            ls[i].bound = 0;

        } else if (ls[i].reused) {
            ls[i].fd = -1;
            ls[i].reused = 0;
            ls[i].inherited = 0;
        }
    }

    if (old == NULL) {
        return;
    }

    ls = old->listening.elts;

    for (i = 0; i < old->listening.nelts; i++) {
        ls[i].remain = 0;
    }
}


void
rp_listen_close_unused(struct rp_cycle *old)
{
    size_t                i;
    struct rp_listening  *ls;

    ls = old->listening.elts;

    for (i = 0; i < old->listening.nelts; i++) {
        if (ls[i].fd == -1) {
            continue;
        }

        if (!ls[i].remain && close(ls[i].fd) == -1) {
            rp_log_error(RP_LOG_ALERT, old->log, errno,
                         "close() of listening socket " RP_STR_FMT
                         " failed", RP_STR_ARG(ls[i].addr_text));
        }

        ls[i].fd = -1;
    }
}


void
rp_listen_close_all(struct rp_cycle *cycle)
{
    size_t                i;
    struct rp_listening  *ls;

    ls = cycle->listening.elts;

    for (i = 0; i < cycle->listening.nelts; i++) {
        if (ls[i].fd == -1) {
            continue;
        }

        if (close(ls[i].fd) == -1) {
            rp_log_error(RP_LOG_ALERT, cycle->log, errno,
                         "close() of listening socket " RP_STR_FMT
                         " failed", RP_STR_ARG(ls[i].addr_text));
        }

        ls[i].fd = -1;
    }
}
