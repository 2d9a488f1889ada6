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
 * one is eligible.  All state is per worker.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http_request.h"
#include "rp_http_upstream.h"

#define RP_RR_WORD_BITS  (sizeof(uintptr_t) * 8)

/* What a request remembers between its attempts. */
struct rp_http_upstream_rr_state {
    struct rp_http_request            *r;
    struct rp_http_upstream_srv_conf  *us;
    struct rp_http_upstream_peers     *peers;   /* the set in use */
    uintptr_t                         *tried;   /* bits of that set */
    size_t                             words;
    unsigned                           started:1;
};

static int rp_http_upstream_rr_init_request(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us, void **state);
static int rp_http_upstream_rr_get(void *state,
    struct rp_http_upstream_pc *pc);
static void rp_http_upstream_rr_free(void *state,
    struct rp_http_upstream_pc *pc, unsigned outcome, rp_msec_t latency);

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

    return RP_OK;
}


static int
rp_http_upstream_rr_init_request(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us, void **state)
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
        return RP_ERROR;
    }

    st->words = (n + RP_RR_WORD_BITS - 1) / RP_RR_WORD_BITS;
    st->tried = rp_pcalloc(r->pool, st->words * sizeof(uintptr_t));
    if (st->tried == NULL) {
        return RP_ERROR;
    }

    st->r = r;
    st->us = us;
    st->peers = peers;
    *state = st;

    return RP_OK;
}


static int
rp_http_upstream_rr_is_tried(const struct rp_http_upstream_rr_state *st,
    size_t i)
{
    return (st->tried[i / RP_RR_WORD_BITS]
            & ((uintptr_t) 1 << (i % RP_RR_WORD_BITS))) != 0;
}


/*
 * 1 if <peer> may take a request now; sets *busy when the only reason
 * against it is max_conns.
 */
static int
rp_http_upstream_rr_is_eligible(const struct rp_http_upstream_peer *peer,
    rp_msec_t now, unsigned *busy)
{
    const struct rp_http_upstream_server  *s = peer->server;

    if (peer->down) {
        return 0;
    }

    if (s->max_fails && peer->fails >= s->max_fails
        && now - peer->checked <= s->fail_timeout)
    {
        return 0;
    }

    if (s->max_conns && peer->conns >= s->max_conns) {
        *busy = 1;
        return 0;
    }

    return 1;
}


/* The smooth WRR pick among st->peers, or NULL; marks it tried. */
static struct rp_http_upstream_peer *
rp_http_upstream_rr_pick(struct rp_http_upstream_rr_state *st,
    unsigned *busy)
{
    size_t                          i, best_i;
    int64_t                         total;
    rp_msec_t                       now;
    struct rp_http_upstream_peer   *peer, *best;

    now = rp_current_msec;
    best = NULL;
    best_i = 0;
    total = 0;

    for (i = 0; i < st->peers->number; i++) {
        peer = &st->peers->peer[i];

        if (rp_http_upstream_rr_is_tried(st, i)
            || !rp_http_upstream_rr_is_eligible(peer, now, busy))
        {
            continue;
        }

        peer->current_weight += peer->effective_weight;
        total += peer->effective_weight;

        /* a peer that failed earns its weight back one pick at a time */
        if (peer->effective_weight < peer->weight) {
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

    st->tried[best_i / RP_RR_WORD_BITS] |=
        (uintptr_t) 1 << (best_i % RP_RR_WORD_BITS);
    best->current_weight -= total;

    /* a new fail window: this pick is the probe of a failed peer */
    if (now - best->checked > best->server->fail_timeout) {
        best->checked = now;
    }

    return best;
}


/*
 * A group of one server and no backup: max_fails does not apply (there
 * is nothing better to send the request to), as in nginx.
 */
static struct rp_http_upstream_peer *
rp_http_upstream_rr_single(struct rp_http_upstream_rr_state *st,
    unsigned *busy)
{
    struct rp_http_upstream_peer  *peer;

    peer = &st->peers->peer[0];

    if (peer->down || rp_http_upstream_rr_is_tried(st, 0)) {
        return NULL;
    }

    if (peer->server->max_conns && peer->conns >= peer->server->max_conns) {
        *busy = 1;
        return NULL;
    }

    st->tried[0] |= 1;

    return peer;
}


static int
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
        pc->tries = (unsigned) (primary->number
                                + (primary->backup ? primary->backup->number
                                                   : 0));
    }

    pc->peer = NULL;
    pc->cached = NULL;
    pc->requests = 0;

    if (st->peers == primary) {
        if (primary->number == 1 && primary->backup == NULL) {
            peer = rp_http_upstream_rr_single(st, &busy);
        } else {
            peer = rp_http_upstream_rr_pick(st, &busy);
        }

        if (peer || primary->backup == NULL) {
            goto done;
        }

        st->peers = primary->backup;
        memset(st->tried, 0, st->words * sizeof(uintptr_t));
    }

    peer = rp_http_upstream_rr_pick(st, &busy);

done:

    if (peer == NULL) {
        return busy ? RP_AGAIN : RP_DECLINED;
    }

    peer->conns++;
    pc->peer = peer;
    pc->sockaddr = (struct sockaddr *) &peer->server->sockaddr;
    pc->socklen = peer->server->socklen;
    pc->name = &peer->name;

    return RP_OK;
}


static void
rp_http_upstream_rr_free(void *state, struct rp_http_upstream_pc *pc,
    unsigned outcome, rp_msec_t latency)
{
    rp_msec_t                           now;
    struct rp_http_upstream_peer       *peer;
    struct rp_http_upstream_server     *s;
    struct rp_http_upstream_rr_state   *st = state;

    (void) latency;                   /* for latency-aware balancers */

    peer = pc->peer;

    if (peer == NULL) {
        return;
    }

    s = peer->server;

    if (peer->conns > 0) {
        peer->conns--;
    }

    if (outcome == RP_UPSTREAM_OK) {
        /* the probe after the fail window succeeded: forgive */
        if (peer->accessed < peer->checked) {
            peer->fails = 0;
        }

        return;
    }

    now = rp_current_msec;
    peer->fails++;
    peer->accessed = now;
    peer->checked = now;

    if (s->max_fails) {
        peer->effective_weight -= peer->weight / s->max_fails;

        if (peer->fails >= s->max_fails && st->r && st->r->connection) {
            rp_log_error(RP_LOG_WARN, &st->r->connection->log, 0,
                         "upstream server temporarily disabled: "
                         RP_STR_FMT, RP_STR_ARG(peer->name));
        }
    }

    if (peer->effective_weight < 0) {
        peer->effective_weight = 0;
    }
}
