/*
 * rp_http_upstream_hc_probe.c - the probes of the health checker
 * process.
 *
 * The helper process (src/os/rp_helper.c) calls
 * rp_http_upstream_hc_start() once its event loop is ready.  Each
 * checked server gets one probe; a probe connects, sends
 *
 *   GET URI HTTP/1.1 / Host: <upstream name> / Connection: close /
 *   User-Agent: rampart-health-check
 *
 * reads the status line and header fields (the strict backend parsers:
 * a malformed answer fails the check), and the body too when the match
 * block has body conditions (up to RP_HC_BODY_MAX bytes, chunked
 * decoded).  One timer per probe bounds the whole check by the timeout
 * and, between checks, waits out the interval: the next check starts
 * <interval> after the previous one ended, so checks of one server never
 * overlap.  Each verdict goes to the server's shared record, where the
 * workers' balancers read hc_down: <fails> failures in a row take the
 * server out, <passes> passes in a row bring it back (up_since starts
 * its slow_start ramp).  Each change is logged at notice level.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http.h"
#include "rp_http_parse.h"
#include "rp_http_upstream.h"
#include "rp_http_upstream_hc.h"

#include <netinet/tcp.h>

#define RP_HC_REASON_MAX  256

enum rp_hc_phase {
    RP_HC_IDLE = 0,            /* the timer waits for the next check */
    RP_HC_STATUS_LINE,
    RP_HC_HEADERS,
    RP_HC_BODY_READ
};

/* One checked server. */
struct rp_hc_probe {
    const struct rp_http_upstream_hc_conf  *hc;
    struct rp_http_upstream_peer           *peer;
    int64_t                                 generation;  /* our cycle's */
    struct sockaddr_storage                 sockaddr;
    socklen_t                               socklen;
    struct rp_log                          *log;

    struct rp_str                           request;
    size_t                                  sent;
    struct rp_connection                   *c;
    struct rp_event                         timer;
    enum rp_hc_phase                        phase;
    unsigned                                connecting:1;

    u_char                                 *buf;       /* RP_HC_HEADER_MAX */
    u_char                                 *pos;
    u_char                                 *last;
    struct rp_http_status                   st;
    struct rp_http_parser                   hp;
    struct rp_http_upstream_hc_seen         seen;
    int64_t                                 length;    /* -1: unknown */
    unsigned                                chunked:1;
    struct rp_http_chunked                  ch;
    u_char                                 *body;      /* RP_HC_BODY_MAX */
    size_t                                  body_len;

    char                                    reason[RP_HC_REASON_MAX];
};

static void rp_hc_probe_begin(struct rp_hc_probe *pr);
static void rp_hc_probe_read(struct rp_event *ev);
static void rp_hc_probe_write(struct rp_event *ev);


/* See rp_http_upstream_hc.h. */
size_t
rp_http_upstream_hc_count(const struct rp_http_upstream_hc_main_conf *hmcf)
{
    size_t                                  i, n;
    const struct rp_http_upstream_peers    *peers;
    const struct rp_http_upstream_hc_conf  *hc = hmcf->checks.elts;

    n = 0;

    for (i = 0; i < hmcf->checks.nelts; i++) {
        for (peers = hc[i].us->peers; peers; peers = peers->backup) {
            n += peers->number;
        }
    }

    return n;
}


/* ---------------------------------------------------------------------
 * verdicts
 */

/*
 * Record the outcome of the check that just ended: <pass>, the status
 * (0 when there was no answer), the reason in pr->reason when it
 * failed.  Updates the shared record and logs a change of state.
 */
static void
rp_hc_probe_verdict(struct rp_hc_probe *pr, int pass, unsigned status)
{
    int64_t                          n;
    struct rp_http_upstream_shared  *sh = pr->peer->sh;
    const struct rp_http_upstream_hc_conf  *hc = pr->hc;

    if (rp_atomic_get(&sh->hc_generation) != pr->generation) {
        /* a newer configuration's checker owns the record now */
        return;
    }

    rp_atomic_add(&sh->hc_checks, 1);
    rp_atomic_set(&sh->hc_status, (int64_t) status);

    if (pass) {
        rp_atomic_set(&sh->hc_fails, 0);
        n = rp_atomic_add(&sh->hc_passes, 1) + 1;

        if (rp_atomic_get(&sh->hc_down) && n >= hc->passes) {
            rp_atomic_set(&sh->up_since, rp_current_msec);
            rp_atomic_set(&sh->hc_down, 0);
            rp_log_error(RP_LOG_NOTICE, pr->log, 0, "upstream \"" RP_STR_FMT
                         "\" server " RP_STR_FMT " is up (health check \""
                         RP_STR_FMT "\")", RP_STR_ARG(hc->us->host),
                         RP_STR_ARG(pr->peer->name), RP_STR_ARG(hc->uri));
        }

        return;
    }

    rp_atomic_set(&sh->hc_passes, 0);
    n = rp_atomic_add(&sh->hc_fails, 1) + 1;

    rp_log_error(RP_LOG_INFO, pr->log, 0, "upstream \"" RP_STR_FMT "\" server "
                 RP_STR_FMT " failed a health check: %s (health check \""
                 RP_STR_FMT "\")", RP_STR_ARG(hc->us->host),
                 RP_STR_ARG(pr->peer->name), pr->reason, RP_STR_ARG(hc->uri));

    if (!rp_atomic_get(&sh->hc_down) && n >= hc->fails) {
        rp_atomic_set(&sh->hc_down, 1);
        rp_log_error(RP_LOG_NOTICE, pr->log, 0, "upstream \"" RP_STR_FMT
                     "\" server " RP_STR_FMT " is down: %s (health check \""
                     RP_STR_FMT "\")", RP_STR_ARG(hc->us->host),
                     RP_STR_ARG(pr->peer->name), pr->reason,
                     RP_STR_ARG(hc->uri));
    }
}


/*
 * End the check: close, record the verdict, wait for the next one.  A
 * checker whose configuration was replaced stops checking (it is about
 * to be told to exit).
 */
static void
rp_hc_probe_done(struct rp_hc_probe *pr, int pass, unsigned status)
{
    if (pr->c) {
        rp_connection_close(pr->c);
        pr->c = NULL;
    }

    pr->phase = RP_HC_IDLE;

    rp_hc_probe_verdict(pr, pass, status);

    if (rp_atomic_get(&pr->peer->sh->hc_generation) != pr->generation) {
        return;
    }

    if (rp_event_add_timer(&pr->timer, pr->hc->interval) != RP_OK) {
        rp_log_error(RP_LOG_ALERT, pr->log, 0, "cannot schedule the health "
                     "check of " RP_STR_FMT, RP_STR_ARG(pr->peer->name));
    }
}


/* The check failed for the reason <fmt>. */
static void RP_PRINTF(3, 4)
rp_hc_probe_fail(struct rp_hc_probe *pr, unsigned status, const char *fmt,
    ...)
{
    va_list  args;

    va_start(args, fmt);
    (void) vsnprintf(pr->reason, sizeof(pr->reason), fmt, args);
    va_end(args);

    rp_hc_probe_done(pr, 0, status);
}


/* The response is complete (as far as it is needed): judge it. */
static void
rp_hc_probe_judge(struct rp_hc_probe *pr)
{
    unsigned                                status = pr->st.code;
    const struct rp_http_upstream_hc_cond  *cond;

    if (pr->hc->match == NULL) {
        if (status >= 200 && status < 400) {
            rp_hc_probe_done(pr, 1, status);
            return;
        }

        rp_hc_probe_fail(pr, status, "status %u", status);
        return;
    }

    cond = rp_http_upstream_hc_match_test(pr->hc->match, &pr->seen, status,
                                          pr->body, pr->body_len);
    if (cond == NULL) {
        rp_hc_probe_done(pr, 1, status);
        return;
    }

    rp_hc_probe_fail(pr, status, "status %u, match \"%.*s\" failed at "
                     "\"%.*s\"", status, RP_STR_ARG(pr->hc->match->name),
                     (int) rp_min(cond->text.len, (size_t) 100),
                     (const char *) cond->text.data);
}


/* ---------------------------------------------------------------------
 * reading the response
 */

/* One header field just parsed: framing, and the match's conditions. */
static int
rp_hc_probe_header(struct rp_hc_probe *pr)
{
    uint64_t        n;
    struct rp_str   name, value;

    name.data = pr->hp.header_name_start;
    name.len = (size_t) (pr->hp.header_name_end - name.data);
    value.data = pr->hp.header_start;
    value.len = (size_t) (pr->hp.header_end - value.data);

    if (name.len == 14
        && rp_str_casecmp(name.data, (u_char *) "content-length", 14) == 0)
    {
        if (rp_parse_uint(value.data, value.len, INT64_MAX, &n) != RP_OK
            || (pr->length != -1 && (uint64_t) pr->length != n))
        {
            return RP_ERROR;
        }

        pr->length = (int64_t) n;

    } else if (name.len == 17
               && rp_str_casecmp(name.data, (u_char *) "transfer-encoding",
                                 17) == 0)
    {
        pr->chunked = value.len >= 7
                      && rp_str_casecmp(value.data + value.len - 7,
                                        (u_char *) "chunked", 7) == 0;
    }

    if (pr->hc->match) {
        rp_http_upstream_hc_match_header(pr->hc->match, &pr->seen, &name,
                                         &value);
    }

    return RP_OK;
}


/*
 * Parse what is in [pr->pos, pr->last) of the status line and header
 * section.  RP_OK: the header is complete; RP_AGAIN; RP_ERROR with the
 * reason set.
 */
static int
rp_hc_probe_parse_head(struct rp_hc_probe *pr)
{
    int  rc;

    if (pr->phase == RP_HC_STATUS_LINE) {
        rc = rp_http_parse_status_line(&pr->st, &pr->pos, pr->last);

        if (rc == RP_AGAIN) {
            return RP_AGAIN;
        }

        if (rc != RP_OK) {
            (void) snprintf(pr->reason, sizeof(pr->reason),
                            "invalid status line");
            return RP_ERROR;
        }

        pr->phase = RP_HC_HEADERS;
        rp_http_parser_init(&pr->hp);
    }

    for (;;) {
        rc = rp_http_parse_header_line(&pr->hp, &pr->pos, pr->last);

        if (rc == RP_AGAIN) {
            return RP_AGAIN;
        }

        if (rc == RP_HTTP_PARSE_HEADER_DONE) {
            return RP_OK;
        }

        if (rc != RP_OK || rp_hc_probe_header(pr) != RP_OK) {
            (void) snprintf(pr->reason, sizeof(pr->reason),
                            "invalid header (status %u)", pr->st.code);
            return RP_ERROR;
        }
    }
}


/*
 * Take the body bytes in [pr->pos, pr->last) into pr->body.  RP_OK: the
 * body is complete or the cap is reached; RP_AGAIN; RP_ERROR (reason).
 */
static int
rp_hc_probe_take_body(struct rp_hc_probe *pr)
{
    int            rc;
    size_t         n;
    struct rp_str  data;

    while (pr->pos < pr->last) {
        if (pr->chunked) {
            rc = rp_http_parse_chunked(&pr->ch, &pr->pos, pr->last, &data,
                                       UINT64_MAX);
            if (rc == RP_DONE) {
                return RP_OK;
            }

            if (rc == RP_AGAIN) {
                return RP_AGAIN;
            }

            if (rc != RP_OK) {
                (void) snprintf(pr->reason, sizeof(pr->reason),
                                "invalid chunked body (status %u)",
                                pr->st.code);
                return RP_ERROR;
            }

        } else {
            data.data = pr->pos;
            data.len = (size_t) (pr->last - pr->pos);
            pr->pos = pr->last;
        }

        n = rp_min(data.len, (size_t) RP_HC_BODY_MAX - pr->body_len);
        memcpy(pr->body + pr->body_len, data.data, n);
        pr->body_len += n;

        if (pr->body_len == RP_HC_BODY_MAX) {
            return RP_OK;
        }
    }

    if (!pr->chunked && pr->length != -1
        && pr->body_len >= (uint64_t) pr->length)
    {
        return RP_OK;
    }

    return RP_AGAIN;
}


/* The header section is in: judge now, or go on with the body. */
static int
rp_hc_probe_after_head(struct rp_hc_probe *pr)
{
    unsigned  status = pr->st.code;

    if (pr->hc->match == NULL || !pr->hc->match->body
        || status < 200 || status == 204 || status == 304 || pr->length == 0)
    {
        return RP_OK;
    }

    pr->phase = RP_HC_BODY_READ;

    if (pr->chunked) {
        rp_http_chunked_init(&pr->ch);
        pr->length = -1;
    }

    return rp_hc_probe_take_body(pr);
}


/* Read handler: read until EAGAIN, feeding the parsers. */
static void
rp_hc_probe_read(struct rp_event *ev)
{
    ssize_t              n;
    int                  rc;
    struct rp_hc_probe  *pr = ((struct rp_connection *) ev->data)->data;

    if (pr->connecting) {
        /* an error or hang-up wakes both: say why the connect failed */
        rp_hc_probe_write(&pr->c->write);

        if (pr->phase == RP_HC_IDLE) {
            return;
        }
    }

    for (;;) {
        if (pr->phase == RP_HC_BODY_READ) {
            /* the header bytes are judged: the buffer is free again */
            pr->pos = pr->buf;
            pr->last = pr->buf;
        }

        if (pr->last == pr->buf + RP_HC_HEADER_MAX) {
            rp_hc_probe_fail(pr, 0, "response header is too large");
            return;
        }

        n = recv(pr->c->fd, pr->last,
                 (size_t) (pr->buf + RP_HC_HEADER_MAX - pr->last), 0);

        if (n == -1 && errno == EINTR) {
            continue;
        }

        if (n == -1 && errno == EAGAIN) {
            ev->ready = 0;
            return;
        }

        if (n == -1) {
            rp_hc_probe_fail(pr, pr->st.code, "recv() failed (%d: %s)",
                             errno, strerror(errno));
            return;
        }

        if (n == 0) {
            if (pr->phase == RP_HC_BODY_READ && !pr->chunked
                && pr->length == -1)
            {
                rp_hc_probe_judge(pr);
                return;
            }

            rp_hc_probe_fail(pr, pr->st.code, "connection closed "
                             "prematurely");
            return;
        }

        pr->last += n;

        if (pr->phase == RP_HC_BODY_READ) {
            rc = rp_hc_probe_take_body(pr);

        } else {
            rc = rp_hc_probe_parse_head(pr);

            if (rc == RP_OK) {
                rc = rp_hc_probe_after_head(pr);
            }
        }

        if (rc == RP_OK) {
            rp_hc_probe_judge(pr);
            return;
        }

        if (rc == RP_ERROR) {
            rp_hc_probe_fail(pr, pr->st.code, "%s", pr->reason);
            return;
        }
    }
}


/* ---------------------------------------------------------------------
 * connecting and sending
 */

/* Write handler: finish the connect, send the request. */
static void
rp_hc_probe_write(struct rp_event *ev)
{
    int                  err;
    ssize_t              n;
    socklen_t            len;
    struct rp_hc_probe  *pr = ((struct rp_connection *) ev->data)->data;

    if (pr->connecting) {
        err = 0;
        len = sizeof(err);

        if (getsockopt(pr->c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1) {
            err = errno;
        }

        if (err) {
            rp_hc_probe_fail(pr, 0, "connect() failed (%d: %s)", err,
                             strerror(err));
            return;
        }

        pr->connecting = 0;
    }

    while (pr->sent < pr->request.len) {
        n = send(pr->c->fd, pr->request.data + pr->sent,
                 pr->request.len - pr->sent, MSG_NOSIGNAL);

        if (n == -1 && errno == EINTR) {
            continue;
        }

        if (n == -1 && errno == EAGAIN) {
            ev->ready = 0;
            return;
        }

        if (n == -1) {
            rp_hc_probe_fail(pr, 0, "send() failed (%d: %s)", errno,
                             strerror(errno));
            return;
        }

        pr->sent += (size_t) n;
    }
}


/*
 * The probe's timer: between checks it starts the next one; during a
 * check it is the timeout.
 */
static void
rp_hc_probe_timer(struct rp_event *ev)
{
    struct rp_hc_probe  *pr = ev->data;

    ev->timedout = 0;

    if (pr->phase == RP_HC_IDLE) {
        rp_hc_probe_begin(pr);
        return;
    }

    rp_hc_probe_fail(pr, 0, "timed out after %lld ms",
                     (long long) pr->hc->timeout);
}


/* Start one check: connect (non-blocking) and arm the timeout. */
static void
rp_hc_probe_begin(struct rp_hc_probe *pr)
{
    int                    fd, on, rc;
    struct rp_connection  *c;

    memset(&pr->st, 0, sizeof(pr->st));
    memset(&pr->seen, 0, sizeof(pr->seen));
    pr->pos = pr->buf;
    pr->last = pr->buf;
    pr->sent = 0;
    pr->length = -1;
    pr->chunked = 0;
    pr->body_len = 0;
    pr->phase = RP_HC_STATUS_LINE;
    pr->connecting = 1;

    if (rp_event_add_timer(&pr->timer, pr->hc->timeout) != RP_OK) {
        pr->phase = RP_HC_IDLE;
        (void) rp_event_add_timer(&pr->timer, pr->hc->interval);
        return;
    }

    fd = socket(pr->sockaddr.ss_family,
                SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd == -1) {
        rp_hc_probe_fail(pr, 0, "socket() failed (%d: %s)", errno,
                         strerror(errno));
        return;
    }

    on = 1;
    (void) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));

    c = rp_connection_get(fd, pr->log);
    if (c == NULL) {
        (void) close(fd);
        rp_hc_probe_fail(pr, 0, "no free connection");
        return;
    }

    pr->c = c;
    c->data = pr;
    c->read.handler = rp_hc_probe_read;
    c->write.handler = rp_hc_probe_write;

    rc = connect(fd, (struct sockaddr *) &pr->sockaddr, pr->socklen);

    if (rc == -1 && errno != EINPROGRESS) {
        rp_hc_probe_fail(pr, 0, "connect() failed (%d: %s)", errno,
                         strerror(errno));
        return;
    }

    /* the first loop turn reports the socket writable once connected */
    if (rp_event_add_conn(c) != RP_OK) {
        rp_hc_probe_fail(pr, 0, "epoll_ctl() failed");
    }
}


/* ---------------------------------------------------------------------
 * start-up
 */

/* The request every check of <hc> sends, in <pool>. */
static int
rp_hc_probe_request(struct rp_pool *pool,
    const struct rp_http_upstream_hc_conf *hc, struct rp_str *out)
{
    static const char  fmt[] = "GET %.*s HTTP/1.1\r\n"
                               "Host: %.*s\r\n"
                               "Connection: close\r\n"
                               "User-Agent: rampart-health-check\r\n"
                               "\r\n";
    size_t             size;
    int                n;

    size = sizeof(fmt) + hc->uri.len + hc->us->host.len;

    out->data = rp_palloc(pool, size);
    if (out->data == NULL) {
        return RP_ERROR;
    }

    n = snprintf((char *) out->data, size, fmt, RP_STR_ARG(hc->uri),
                 RP_STR_ARG(hc->us->host));
    if (n < 0 || (size_t) n >= size) {
        return RP_ERROR;
    }

    out->len = (size_t) n;

    return RP_OK;
}


/* A probe for <peer> of check <hc>, its first check due in <delay>. */
static int
rp_hc_probe_add(struct rp_pool *pool, struct rp_cycle *cycle,
    const struct rp_http_upstream_hc_conf *hc,
    struct rp_http_upstream_peer *peer, rp_msec_t delay)
{
    struct rp_hc_probe  *pr;

    pr = rp_pcalloc(pool, sizeof(struct rp_hc_probe));
    if (pr == NULL) {
        return RP_ERROR;
    }

    pr->hc = hc;
    pr->peer = peer;
    pr->generation = (int64_t) cycle->generation;
    pr->log = cycle->log;
    pr->sockaddr = peer->server->sockaddr;
    pr->socklen = peer->server->socklen;

    if (hc->port) {
        /* sin_port and sin6_port are at the same offset */
        ((struct sockaddr_in *) &pr->sockaddr)->sin_port = htons(hc->port);
    }

    pr->buf = rp_palloc(pool, RP_HC_HEADER_MAX);
    pr->body = (hc->match && hc->match->body)
               ? rp_palloc(pool, RP_HC_BODY_MAX) : NULL;

    if (pr->buf == NULL || (hc->match && hc->match->body && pr->body == NULL)
        || rp_hc_probe_request(pool, hc, &pr->request) != RP_OK)
    {
        return RP_ERROR;
    }

    pr->timer.data = pr;
    pr->timer.handler = rp_hc_probe_timer;
    pr->timer.log = cycle->log;

    return rp_event_add_timer(&pr->timer, delay);
}


/* See rp_http_upstream_hc.h. */
int
rp_http_upstream_hc_start(struct rp_cycle *cycle, void *data)
{
    size_t                                  i, k;
    struct rp_pool                         *pool;
    struct rp_http_upstream_peers          *peers;
    const struct rp_http_upstream_hc_conf  *hc;
    struct rp_http_upstream_hc_main_conf   *hmcf = data;

    pool = rp_pool_create(RP_POOL_DEFAULT_BLOCK, 0, cycle->log);
    if (pool == NULL) {
        rp_log_error(RP_LOG_EMERG, cycle->log, errno, "malloc() failed");
        return RP_ERROR;
    }

    hc = hmcf->checks.elts;

    for (i = 0; i < hmcf->checks.nelts; i++) {
        for (peers = hc[i].us->peers; peers; peers = peers->backup) {
            for (k = 0; k < peers->number; k++) {
                if (peers->peer[k].down) {
                    continue;          /* "down" in the config: never used */
                }

                /* the first checks at once, a millisecond apart */
                if (rp_hc_probe_add(pool, cycle, &hc[i],
                                    &peers->peer[k], (rp_msec_t) k) != RP_OK)
                {
                    rp_log_error(RP_LOG_EMERG, cycle->log, 0, "cannot set "
                                 "up the health checks");
                    return RP_ERROR;
                }
            }
        }
    }

    return RP_OK;
}
