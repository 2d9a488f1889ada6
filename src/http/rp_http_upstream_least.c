/*
 * rp_http_upstream_least.c - the load-aware balancers: least_conn,
 * least_time and random (with "two" choices).
 *
 *   least_conn;                      fewest attempts in flight per weight
 *   least_time header|last_byte;     lowest latency x (in flight + 1)
 *   random [two [least_conn|least_time[=header|last_byte]]];
 *
 * All three read the shared records (struct rp_http_upstream_shared),
 * so the counts are exact across workers.  least_time scores a peer by
 * its decaying peak latency average (kept by rp_http_upstream_rr_free),
 * multiplied by its connections in flight plus one and divided by its
 * weight: a backend that turns slow loses traffic at its next answer,
 * and one that was idle sees its score decay so it gets probed again.
 * Ties go to the smooth weighted round robin, as nginx does.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_request.h"
#include "rp_http_upstream.h"

#include <sys/random.h>
#include <unistd.h>

/* A peer idle this long has its latency score halved (ms). */
#define RP_LEAST_IDLE_DECAY  2000

/* Added to every latency (us) so that in-flight counts still matter. */
#define RP_LEAST_TIME_FLOOR  100

enum rp_least_method {
    RP_LEAST_CONN = 0,
    RP_LEAST_TIME_HEADER,
    RP_LEAST_TIME_LAST_BYTE
};

/* A group's balancer parameters (us->balancer_conf). */
struct rp_http_upstream_least_conf {
    enum rp_least_method   method;
    unsigned               random:1;       /* random [two] */
    unsigned               two:1;
};

static int rp_http_upstream_least_init_request(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us, void **state);
static void rp_http_upstream_least_free(void *state,
    struct rp_http_upstream_pc *pc, unsigned outcome, int64_t latency);
static int rp_http_upstream_least_conn_cmd(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
static int rp_http_upstream_least_time_cmd(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
static int rp_http_upstream_random_cmd(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

static const struct rp_http_upstream_balancer  rp_http_upstream_least = {
    rp_http_upstream_least_init_request,
    rp_http_upstream_rr_get,
    rp_http_upstream_least_free,
    rp_http_upstream_init_round_robin
};

static const struct rp_command  rp_http_upstream_least_commands[] = {

    { "least_conn", RP_HTTP_UPS_CONF | RP_CONF_NOARGS,
      rp_http_upstream_least_conn_cmd, 0, 0, NULL },

    { "least_time", RP_HTTP_UPS_CONF | RP_CONF_TAKE12,
      rp_http_upstream_least_time_cmd, 0, 0, NULL },

    { "random", RP_HTTP_UPS_CONF | RP_CONF_NOARGS | RP_CONF_TAKE12,
      rp_http_upstream_random_cmd, 0, 0, NULL },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_http_module_ctx  rp_http_upstream_least_module_ctx = {
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

struct rp_module  rp_http_upstream_least_module = {
    "rp_http_upstream_least_module", RP_HTTP_MODULE,
    &rp_http_upstream_least_module_ctx, rp_http_upstream_least_commands,
    NULL, NULL, NULL, 0, 0
};

static uint64_t  rp_least_rand_state;


/* xorshift64*, seeded per process on first use. */
static uint64_t
rp_http_upstream_least_rand(void)
{
    uint64_t  x = rp_least_rand_state;

    if (x == 0) {
        if (getrandom(&x, sizeof(x), GRND_NONBLOCK) != (ssize_t) sizeof(x)) {
            x = (uint64_t) rp_current_msec;
        }

        x ^= (uint64_t) getpid() << 32;
        x |= 1;
    }

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rp_least_rand_state = x;

    return x * 0x2545f4914f6cdd1dULL;
}


/* <peer>'s latency average in us, decayed by its idle time. */
static double
rp_http_upstream_least_latency(const struct rp_http_upstream_peer *peer,
    rp_msec_t now)
{
    double   lat;
    int64_t  idle;

    lat = (double) rp_atomic_get(&peer->sh->latency);
    idle = now - rp_atomic_get(&peer->sh->latency_at);

    if (idle > 0) {
        lat = lat * RP_LEAST_IDLE_DECAY / (RP_LEAST_IDLE_DECAY + idle);
    }

    return lat + RP_LEAST_TIME_FLOOR;
}


/* <peer>'s load: lower is better. */
static double
rp_http_upstream_least_score(const struct rp_http_upstream_least_conf *lc,
    const struct rp_http_upstream_peer *peer, rp_msec_t now)
{
    double  load;

    load = (double) rp_atomic_get(&peer->sh->conns);

    if (lc->method != RP_LEAST_CONN) {
        load = (load + 1) * rp_http_upstream_least_latency(peer, now);
    }

    return load / (double) rp_http_upstream_peer_weight(peer, now);
}


/*
 * least_conn / least_time: the lowest score among the usable peers; a
 * tie is broken by the smooth WRR among the tied peers.
 */
static struct rp_http_upstream_peer *
rp_http_upstream_least_pick(struct rp_http_upstream_rr_state *st,
    unsigned *busy)
{
    size_t                                 i, best_i, n;
    double                                 score, best_score;
    int64_t                                total, w;
    rp_msec_t                              now;
    struct rp_http_upstream_peer          *peer, *best;
    struct rp_http_upstream_least_conf    *lc = st->us->balancer_conf;

    now = rp_current_msec;

again:

    best = NULL;
    best_i = 0;
    best_score = 0;
    n = 0;

    for (i = 0; i < st->peers->number; i++) {
        if (!rp_http_upstream_rr_usable(st, i, now, busy)) {
            continue;
        }

        score = rp_http_upstream_least_score(lc, &st->peers->peer[i], now);

        if (best == NULL || score < best_score) {
            best = &st->peers->peer[i];
            best_i = i;
            best_score = score;
            n = 1;

        } else if (score == best_score) {
            n++;
        }
    }

    if (best == NULL) {
        return NULL;
    }

    if (n > 1) {
        /* the smooth WRR among the peers that tie */
        total = 0;
        best = NULL;

        for (i = 0; i < st->peers->number; i++) {
            peer = &st->peers->peer[i];

            if (!rp_http_upstream_rr_usable(st, i, now, busy)
                || rp_http_upstream_least_score(lc, peer, now) != best_score)
            {
                continue;
            }

            w = rp_http_upstream_peer_weight(peer, now);
            peer->current_weight += w;
            total += w;

            if (best == NULL || peer->current_weight > best->current_weight) {
                best = peer;
                best_i = i;
            }
        }

        if (best == NULL) {
            return NULL;
        }

        best->current_weight -= total;
    }

    if (!rp_http_upstream_rr_take(st, best_i, now)) {
        goto again;
    }

    return best;
}


/* A weighted random usable peer's index, or -1. */
static ssize_t
rp_http_upstream_random_one(struct rp_http_upstream_rr_state *st,
    rp_msec_t now, unsigned *busy, ssize_t skip)
{
    size_t    i;
    int64_t   total, x;

    total = 0;

    for (i = 0; i < st->peers->number; i++) {
        if ((ssize_t) i != skip && rp_http_upstream_rr_usable(st, i, now, busy))
        {
            total += rp_http_upstream_peer_weight(&st->peers->peer[i], now);
        }
    }

    if (total == 0) {
        return -1;
    }

    x = (int64_t) (rp_http_upstream_least_rand() % (uint64_t) total);

    for (i = 0; i < st->peers->number; i++) {
        if ((ssize_t) i == skip
            || !rp_http_upstream_rr_usable(st, i, now, busy))
        {
            continue;
        }

        x -= rp_http_upstream_peer_weight(&st->peers->peer[i], now);

        if (x < 0) {
            return (ssize_t) i;
        }
    }

    return -1;
}


/*
 * random: a weighted random peer; random two: two distinct ones, and
 * the less loaded of them by the group's method.
 */
static struct rp_http_upstream_peer *
rp_http_upstream_random_pick(struct rp_http_upstream_rr_state *st,
    unsigned *busy)
{
    ssize_t                               a, b;
    rp_msec_t                             now;
    struct rp_http_upstream_least_conf   *lc = st->us->balancer_conf;

    now = rp_current_msec;

again:

    a = rp_http_upstream_random_one(st, now, busy, -1);

    if (a < 0) {
        return NULL;
    }

    if (lc->two) {
        b = rp_http_upstream_random_one(st, now, busy, a);

        if (b >= 0
            && rp_http_upstream_least_score(lc, &st->peers->peer[b], now)
               < rp_http_upstream_least_score(lc, &st->peers->peer[a], now))
        {
            a = b;
        }
    }

    if (!rp_http_upstream_rr_take(st, (size_t) a, now)) {
        goto again;
    }

    return &st->peers->peer[a];
}


static int
rp_http_upstream_least_init_request(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us, void **state)
{
    struct rp_http_upstream_rr_state     *st;
    struct rp_http_upstream_least_conf   *lc = us->balancer_conf;

    st = rp_http_upstream_rr_create(r, us);
    if (st == NULL) {
        return RP_ERROR;
    }

    st->pick = lc->random ? rp_http_upstream_random_pick
                          : rp_http_upstream_least_pick;
    *state = st;

    return RP_OK;
}


/* least_time header learns from the time to the response header. */
static void
rp_http_upstream_least_free(void *state, struct rp_http_upstream_pc *pc,
    unsigned outcome, int64_t latency)
{
    struct rp_http_upstream_rr_state     *st = state;
    struct rp_http_upstream_least_conf   *lc = st->us->balancer_conf;

    if (lc->method == RP_LEAST_TIME_HEADER && outcome == RP_UPSTREAM_OK
        && pc->header_time >= 0)
    {
        latency = pc->header_time;
    }

    rp_http_upstream_rr_free(state, pc, outcome, latency);
}


/* The group being parsed, given this balancer with fresh parameters. */
static struct rp_http_upstream_least_conf *
rp_http_upstream_least_set(struct rp_conf *cf)
{
    struct rp_http_upstream_srv_conf    *us;
    struct rp_http_upstream_least_conf  *lc;

    us = rp_http_upstream_conf_here(cf);

    if (rp_http_upstream_set_balancer(cf, us, &rp_http_upstream_least)
        != RP_OK)
    {
        return NULL;
    }

    lc = rp_pcalloc(cf->pool, sizeof(struct rp_http_upstream_least_conf));
    if (lc == NULL) {
        return NULL;
    }

    us->balancer_conf = lc;

    return lc;
}


/* "header" or "last_byte" (with "least_time=" before it when <eq>). */
static int
rp_http_upstream_least_method(const struct rp_str *v,
    enum rp_least_method *m)
{
    if (rp_str_eq_lit(v, "header")) {
        *m = RP_LEAST_TIME_HEADER;
        return RP_OK;
    }

    if (rp_str_eq_lit(v, "last_byte")) {
        *m = RP_LEAST_TIME_LAST_BYTE;
        return RP_OK;
    }

    return RP_ERROR;
}


static int
rp_http_upstream_least_conn_cmd(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf)
{
    return rp_http_upstream_least_set(cf) ? RP_OK : RP_ERROR;
}


/* least_time header|last_byte [inflight] */
static int
rp_http_upstream_least_time_cmd(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf)
{
    struct rp_conf_token                *tok;
    struct rp_http_upstream_least_conf  *lc;

    lc = rp_http_upstream_least_set(cf);
    if (lc == NULL) {
        return RP_ERROR;
    }

    tok = rp_conf_arg(cf, 1);

    if (rp_http_upstream_least_method(&tok->value, &lc->method) != RP_OK) {
        return rp_conf_error_at(cf, tok, "invalid parameter \"" RP_STR_FMT
                                "\": expected \"header\" or \"last_byte\"",
                                RP_STR_ARG(tok->value));
    }

    rp_http_upstream_conf_here(cf)->latency = 1;

    /* in-flight requests always count; NGINX Plus's flag is accepted */
    if (rp_conf_nargs(cf) == 2) {
        tok = rp_conf_arg(cf, 2);

        if (!rp_str_eq_lit(&tok->value, "inflight")) {
            return rp_conf_error_at(cf, tok, "invalid parameter \""
                                    RP_STR_FMT "\": expected \"inflight\"",
                                    RP_STR_ARG(tok->value));
        }
    }

    return RP_OK;
}


/* random [two [least_conn | least_time[=header|last_byte]]] */
static int
rp_http_upstream_random_cmd(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_str                        v;
    struct rp_conf_token                *tok;
    struct rp_http_upstream_least_conf  *lc;

    lc = rp_http_upstream_least_set(cf);
    if (lc == NULL) {
        return RP_ERROR;
    }

    lc->random = 1;

    if (rp_conf_nargs(cf) == 0) {
        return RP_OK;
    }

    tok = rp_conf_arg(cf, 1);

    if (!rp_str_eq_lit(&tok->value, "two")) {
        return rp_conf_error_at(cf, tok, "invalid parameter \"" RP_STR_FMT
                                "\": expected \"two\"",
                                RP_STR_ARG(tok->value));
    }

    lc->two = 1;

    if (rp_conf_nargs(cf) == 1) {
        return RP_OK;
    }

    tok = rp_conf_arg(cf, 2);
    v = tok->value;

    if (rp_str_eq_lit(&v, "least_conn")) {
        return RP_OK;
    }

    if (rp_str_eq_lit(&v, "least_time")) {
        lc->method = RP_LEAST_TIME_HEADER;
        rp_http_upstream_conf_here(cf)->latency = 1;
        return RP_OK;
    }

    if (v.len > sizeof("least_time=") - 1
        && memcmp(v.data, "least_time=", sizeof("least_time=") - 1) == 0)
    {
        v.data += sizeof("least_time=") - 1;
        v.len -= sizeof("least_time=") - 1;

        if (rp_http_upstream_least_method(&v, &lc->method) == RP_OK) {
            rp_http_upstream_conf_here(cf)->latency = 1;
            return RP_OK;
        }
    }

    return rp_conf_error_at(cf, tok, "invalid parameter \"" RP_STR_FMT
                            "\": expected \"least_conn\", \"least_time\", "
                            "\"least_time=header\" or "
                            "\"least_time=last_byte\"",
                            RP_STR_ARG(tok->value));
}
