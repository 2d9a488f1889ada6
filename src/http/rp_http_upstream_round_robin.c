/*
 * rp_http_upstream_round_robin.c - the default balancer: nginx's smooth
 * weighted round robin with passive health checks.
 *
 * Each pick adds every eligible peer's effective weight to its current
 * weight, takes the peer with the largest current weight and subtracts
 * the total from it, so weights 5,1,1 give "a a b a c a a": heavy peers
 * are spread out instead of served in bursts.  A peer is eligible when
 * it is not down, not this request's earlier try, not at max_conns and
 * not failed (max_fails failures, then skipped until fail_timeout has
 * passed since the last one; one request then probes it and a success
 * forgives the failures).  Backup peers are used only when no primary
 * one is eligible.  The weights of the smooth pick are per worker; the
 * counts and health they are checked against are shared by all workers
 * (struct rp_http_upstream_shared).  The other balancers reuse this
 * file's state, get and free, and bring only their pick.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http_request.h"
#include "rp_http_upstream.h"

#define RP_RR_WORD_BITS  (sizeof(uintptr_t) * 8)

static int rp_http_upstream_rr_init_request(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us, void **state);

const struct rp_http_upstream_balancer  rp_http_upstream_round_robin = {
    rp_http_upstream_rr_init_request,
    rp_http_upstream_rr_get,
    rp_http_upstream_rr_free,
    rp_http_upstream_init_round_robin
};


/* A set of peers for the servers of <us> with backup == <backup>. */
static struct rp_http_upstream_peers *
rp_http_upstream_rr_set(struct rp_conf *cf,
    struct rp_http_upstream_srv_conf *us, unsigned backup)
{
    size_t                            i, n;
    struct rp_http_upstream_peer     *peer;
    struct rp_http_upstream_peers    *peers;
    struct rp_http_upstream_server   *server;

    server = us->servers.elts;
    n = 0;

    for (i = 0; i < us->servers.nelts; i++) {
        n += (server[i].backup == backup);
    }

    if (n == 0) {
        return NULL;
    }

    peers = rp_pcalloc(cf->pool, sizeof(struct rp_http_upstream_peers));
    peer = rp_pcalloc(cf->pool, n * sizeof(struct rp_http_upstream_peer));
    if (peers == NULL || peer == NULL) {
        return RP_UNSET_PTR;
    }

    peers->peer = peer;

    for (i = 0; i < us->servers.nelts; i++) {
        if (server[i].backup != backup) {
            continue;
        }

        peer->server = &server[i];
        peer->name = server[i].name;
        peer->weight = server[i].weight;
        peer->effective_weight = server[i].weight;
        peer->down = server[i].down;
        peer->sh = rp_http_upstream_private_state(cf->pool);
        if (peer->sh == NULL) {
            return RP_UNSET_PTR;
        }

        peers->total_weight += server[i].weight;
        peers->number++;
        peer++;
    }

    return peers;
}


/* See rp_http_upstream.h. */
int
rp_http_upstream_init_round_robin(struct rp_conf *cf,
    struct rp_http_upstream_srv_conf *us)
{
    struct rp_conf_token            nowhere;
    struct rp_http_upstream_peers  *peers, *backup;

    peers = rp_http_upstream_rr_set(cf, us, 0);
    backup = rp_http_upstream_rr_set(cf, us, 1);

    if (peers == RP_UNSET_PTR || backup == RP_UNSET_PTR) {
        return RP_ERROR;
    }

    if (peers == NULL) {
        /* the message carries its own position: line 0 adds none */
        memset(&nowhere, 0, sizeof(nowhere));

        return rp_conf_error_at(cf, &nowhere, "no servers are inside "
                                "upstream \"" RP_STR_FMT "\" but backup "
                                "ones in " RP_STR_FMT ":%u:%u",
                                RP_STR_ARG(us->host),
                                RP_STR_ARG(us->file_name), us->line,
                                us->col);
    }

    peers->backup = backup;
    us->peers = peers;

    return rp_http_upstream_zone_add(cf, us);
}


/* See rp_http_upstream.h. */
struct rp_http_upstream_rr_state *
rp_http_upstream_rr_create(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us)
{
    size_t                              n;
    struct rp_http_upstream_peers      *peers;
    struct rp_http_upstream_rr_state   *st;

    peers = us->peers;
    n = peers->number;

    if (peers->backup && peers->backup->number > n) {
        n = peers->backup->number;
    }

    st = rp_pcalloc(r->pool, sizeof(struct rp_http_upstream_rr_state));
    if (st == NULL) {
        return NULL;
    }

    st->words = (n + RP_RR_WORD_BITS - 1) / RP_RR_WORD_BITS;
    st->tried = rp_pcalloc(r->pool, st->words * sizeof(uintptr_t));
    if (st->tried == NULL) {
        return NULL;
    }

    st->r = r;
    st->us = us;
    st->peers = peers;
    st->pick = rp_http_upstream_rr_pick;

    return st;
}


static int
rp_http_upstream_rr_init_request(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us, void **state)
{
    *state = rp_http_upstream_rr_create(r, us);

    return *state ? RP_OK : RP_ERROR;
}


static int
rp_http_upstream_rr_is_tried(const struct rp_http_upstream_rr_state *st,
    size_t i)
{
    return (st->tried[i / RP_RR_WORD_BITS]
            & ((uintptr_t) 1 << (i % RP_RR_WORD_BITS))) != 0;
}


/* 1 while <peer> is failed: max_fails failures within fail_timeout. */
static int
rp_http_upstream_rr_failed(const struct rp_http_upstream_peer *peer,
    rp_msec_t now)
{
    const struct rp_http_upstream_server  *s = peer->server;

    return s->max_fails && rp_atomic_get(&peer->sh->fails) >= s->max_fails
           && now - rp_atomic_get(&peer->sh->checked) <= s->fail_timeout;
}


/* See rp_http_upstream.h. */
int
rp_http_upstream_rr_usable(struct rp_http_upstream_rr_state *st, size_t i,
    rp_msec_t now, unsigned *busy)
{
    const struct rp_http_upstream_peer    *peer = &st->peers->peer[i];
    const struct rp_http_upstream_server  *s = peer->server;

    if (peer->down || rp_http_upstream_rr_is_tried(st, i)
        || rp_atomic_get(&peer->sh->hc_down)
        || (s->drain && !st->sticky)
        || rp_http_upstream_rr_failed(peer, now))
    {
        return 0;
    }

    if (s->max_conns && rp_atomic_get(&peer->sh->conns) >= s->max_conns) {
        *busy = 1;
        return 0;
    }

    return 1;
}


/* See rp_http_upstream.h. */
int
rp_http_upstream_rr_take(struct rp_http_upstream_rr_state *st, size_t i,
    rp_msec_t now)
{
    int64_t                                checked;
    struct rp_http_upstream_peer          *peer = &st->peers->peer[i];
    const struct rp_http_upstream_server  *s = peer->server;

    st->tried[i / RP_RR_WORD_BITS] |= (uintptr_t) 1 << (i % RP_RR_WORD_BITS);

    checked = rp_atomic_get(&peer->sh->checked);

    if (now - checked <= s->fail_timeout) {
        return 1;
    }

    /*
     * A new fail window.  If the peer had failed, this request is its
     * probe: the exchange lets one process in all win; the others see
     * the window open again and pass the peer over.
     */
    if (rp_atomic_get(&peer->sh->fails) == 0 || !s->max_fails) {
        rp_atomic_set(&peer->sh->checked, now);
        return 1;
    }

    return rp_atomic_cas(&peer->sh->checked, &checked, now);
}


/* See rp_http_upstream.h. */
int64_t
rp_http_upstream_peer_weight(const struct rp_http_upstream_peer *peer,
    rp_msec_t now)
{
    int64_t    w, since;
    rp_msec_t  ramp = peer->server->slow_start;

    if (ramp == 0) {
        return peer->weight;
    }

    since = rp_atomic_get(&peer->sh->up_since);

    if (since == 0 || now - since >= ramp) {
        return peer->weight;
    }

    w = peer->weight * (now - since > 0 ? now - since : 0) / ramp;

    return w > 0 ? w : 1;
}


/* See rp_http_upstream.h: the smooth WRR pick among st->peers. */
struct rp_http_upstream_peer *
rp_http_upstream_rr_pick(struct rp_http_upstream_rr_state *st,
    unsigned *busy)
{
    size_t                          i, best_i;
    int64_t                         total, w;
    rp_msec_t                       now;
    struct rp_http_upstream_peer   *peer, *best;

    now = rp_current_msec;

again:

    best = NULL;
    best_i = 0;
    total = 0;

    for (i = 0; i < st->peers->number; i++) {
        peer = &st->peers->peer[i];

        if (!rp_http_upstream_rr_usable(st, i, now, busy)) {
            continue;
        }

        w = rp_http_upstream_peer_weight(peer, now);

        if (peer->effective_weight > w) {
            peer->effective_weight = w;
        }

        peer->current_weight += peer->effective_weight;
        total += peer->effective_weight;

        /* a peer that failed earns its weight back one pick at a time */
        if (peer->effective_weight < w) {
            peer->effective_weight++;
        }

        if (best == NULL || peer->current_weight > best->current_weight) {
            best = peer;
            best_i = i;
        }
    }

    if (best == NULL) {
        return NULL;
    }

    best->current_weight -= total;

    if (!rp_http_upstream_rr_take(st, best_i, now)) {
        goto again;                 /* another worker probes it */
    }

    return best;
}


/*
 * A group of one server and no backup: max_fails does not apply (there
 * is nothing better to send the request to), as in nginx; an active
 * check's verdict and max_conns do.
 */
static struct rp_http_upstream_peer *
rp_http_upstream_rr_single(struct rp_http_upstream_rr_state *st,
    unsigned *busy)
{
    struct rp_http_upstream_peer  *peer;

    peer = &st->peers->peer[0];

    if (peer->down || rp_http_upstream_rr_is_tried(st, 0)
        || rp_atomic_get(&peer->sh->hc_down))
    {
        return NULL;
    }

    if (peer->server->max_conns
        && rp_atomic_get(&peer->sh->conns) >= peer->server->max_conns)
    {
        *busy = 1;
        return NULL;
    }

    st->tried[0] |= 1;

    return peer;
}


/*
 * The tries of a request on <peers> and its backups: the servers not
 * marked "down", as nginx counts them, so that a request whose only
 * live server failed ends with that failure (504 after a timeout), not
 * with a "no live upstreams" 502 from a try nobody could take.
 */
static unsigned
rp_http_upstream_rr_tries(const struct rp_http_upstream_peers *peers)
{
    size_t    i;
    unsigned  n;

    n = 0;

    for ( ; peers; peers = peers->backup) {
        for (i = 0; i < peers->number; i++) {
            n += !peers->peer[i].down;
        }
    }

    return n;
}


/*
 * Counts an attempt on <peer> in its shared record.  Under max_conns the
 * check in rp_http_upstream_rr_usable() and this increment are two
 * steps, and two workers may both have seen the last free slot: the
 * increment decides, and the one that went over gives the slot back.
 * 1 if the attempt may go to <peer>, 0 if it must pick again.
 */
static int
rp_http_upstream_rr_reserve(struct rp_http_upstream_peer *peer)
{
    int64_t  max = peer->server->max_conns;

    if (rp_atomic_add(&peer->sh->conns, 1) < max || max == 0) {
        return 1;
    }

    rp_atomic_dec_floor(&peer->sh->conns);

    return 0;
}


/* See rp_http_upstream.h. */
int
rp_http_upstream_rr_get(void *state, struct rp_http_upstream_pc *pc)
{
    unsigned                            busy;
    struct rp_http_upstream_peer       *peer;
    struct rp_http_upstream_peers      *primary;
    struct rp_http_upstream_rr_state   *st = state;

    primary = st->us->peers;
    busy = 0;

    if (!st->started) {
        st->started = 1;
        pc->tries = rp_http_upstream_rr_tries(primary);
    }

    pc->peer = NULL;
    pc->cached = NULL;
    pc->requests = 0;
    pc->header_time = -1;

again:

    if (st->peers == primary) {
        if (primary->number == 1 && primary->backup == NULL) {
            peer = rp_http_upstream_rr_single(st, &busy);
        } else {
            peer = st->pick(st, &busy);
        }

        if (peer || primary->backup == NULL) {
            goto done;
        }

        st->peers = primary->backup;
        memset(st->tried, 0, st->words * sizeof(uintptr_t));
    }

    peer = st->pick(st, &busy);

done:

    if (peer == NULL) {
        return busy ? RP_AGAIN : RP_DECLINED;
    }

    /* another worker took the last slot: <peer> is now tried, pick again */
    if (!rp_http_upstream_rr_reserve(peer)) {
        busy = 1;
        goto again;
    }

    rp_atomic_add(&peer->sh->requests, 1);
    pc->peer = peer;
    pc->sockaddr = (struct sockaddr *) &peer->server->sockaddr;
    pc->socklen = peer->server->socklen;
    pc->name = &peer->name;

    return RP_OK;
}


/*
 * Feeds <latency> (us) into the peer's decaying average (least_time):
 * a slower sample takes over at once (the peak), a faster one pulls the
 * average down with a weight that grows with the time since the last
 * sample (time constant RP_RR_DECAY ms).
 */
#define RP_RR_DECAY  2000

static void
rp_http_upstream_rr_latency(struct rp_http_upstream_shared *sh,
    int64_t latency, rp_msec_t now)
{
    int64_t  old, sample, dt, avg;

    sample = latency > 0 ? latency : 0;
    old = rp_atomic_get(&sh->latency);
    dt = now - rp_atomic_get(&sh->latency_at);

    if (dt < 0) {
        dt = 0;
    }

    if (sample >= old) {
        avg = sample;
    } else {
        /* w = dt / (dt + decay) of the new sample, at least 1/16 */
        avg = old - (old - sample) * (dt * 16 + RP_RR_DECAY)
                    / ((dt + RP_RR_DECAY) * 16);
    }

    rp_atomic_set(&sh->latency, avg);
    rp_atomic_set(&sh->latency_at, now);
}


/* See rp_http_upstream.h. */
void
rp_http_upstream_rr_free(void *state, struct rp_http_upstream_pc *pc,
    unsigned outcome, int64_t latency)
{
    int64_t                             fails;
    rp_msec_t                           now;
    struct rp_http_upstream_peer       *peer;
    struct rp_http_upstream_shared     *sh;
    struct rp_http_upstream_server     *s;
    struct rp_http_upstream_rr_state   *st = state;

    peer = pc->peer;

    if (peer == NULL) {
        return;
    }

    s = peer->server;
    sh = peer->sh;
    now = rp_current_msec;

    rp_atomic_dec_floor(&sh->conns);

    if (outcome == RP_UPSTREAM_OK) {
        if (latency >= 0 && st->us->latency) {
            rp_http_upstream_rr_latency(sh, latency, now);
        }

        /* the probe after the fail window succeeded: forgive */
        fails = rp_atomic_get(&sh->fails);

        if (fails
            && rp_atomic_get(&sh->accessed) < rp_atomic_get(&sh->checked))
        {
            rp_atomic_set(&sh->fails, 0);

            if (s->max_fails && fails >= s->max_fails) {
                rp_atomic_set(&sh->up_since, now);
            }
        }

        return;
    }

    /* a failure counts as an answer of fail_timeout: least_time backs off */
    if (st->us->latency) {
        rp_http_upstream_rr_latency(sh, s->fail_timeout * 1000, now);
    }

    fails = rp_atomic_add(&sh->fails, 1) + 1;
    rp_atomic_set(&sh->accessed, now);
    rp_atomic_set(&sh->checked, now);

    if (s->max_fails) {
        peer->effective_weight -= peer->weight / s->max_fails;

        if (fails == s->max_fails && st->r && st->r->connection) {
            rp_log_error(RP_LOG_WARN, &st->r->connection->log, 0,
                         "upstream server temporarily disabled: "
                         RP_STR_FMT " in upstream \"" RP_STR_FMT "\"",
                         RP_STR_ARG(peer->name), RP_STR_ARG(st->us->host));
        }
    }

    if (peer->effective_weight < 0) {
        peer->effective_weight = 0;
    }
}
