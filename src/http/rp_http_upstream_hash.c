/*
 * rp_http_upstream_hash.c - the balancers that send a request where a
 * key says: "ip_hash" (the client's address), "hash KEY" (any string
 * built from variables) and "hash KEY consistent" (a ketama ring).
 *
 * They are built on the round robin's state, get and free
 * (rp_http_upstream.h) and bring only their pick.  ip_hash and plain
 * hash map the key onto the weighted list of peers, as nginx does; when
 * the peer found cannot take the request (down, failed, drained, busy,
 * already tried) they rehash, up to RP_HASH_TRIES times, then let the
 * smooth round robin choose.  The consistent variant places
 * RP_HTTP_UPSTREAM_CHASH_POINTS points per unit of weight on a ring,
 * each at a hash of the server's name (not its position in the list),
 * finds the first point at or after the key's hash and walks clockwise
 * to the first peer that can take the request: removing one server of
 * N moves only the keys that were on its points, about 1/N of them.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_connection.h"
#include "rp_http.h"
#include "rp_http_request.h"
#include "rp_http_script.h"
#include "rp_http_upstream.h"
#include "rp_http_upstream_hash.h"

#include <netinet/in.h>

#define RP_HASH_TRIES  20       /* rehashes before the round robin */

/* "hash" of one group (us->balancer_conf). */
struct rp_http_upstream_hash_conf {
    struct rp_http_complex_value        key;
    struct rp_http_upstream_chash_ring  ring[2];   /* primary, backup */
};

/* One request's key (st->data). */
struct rp_http_upstream_hash_req {
    struct rp_http_upstream_hash_conf  *conf;
    struct rp_str                       key;       /* hash: the value */
    u_char                              addr[16];  /* ip_hash */
    size_t                              addr_len;  /* 0: not IP */
    uint32_t                            hash;      /* current (rehashed) */
    uint64_t                            point;     /* consistent */
    unsigned                            rehash;    /* rehashes so far */
    uintptr_t                          *seen;      /* consistent walk */
};

static int rp_http_upstream_ip_hash(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
static int rp_http_upstream_hash(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
static int rp_http_upstream_ip_hash_init_request(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us, void **state);
static int rp_http_upstream_hash_init_request(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us, void **state);
static int rp_http_upstream_chash_init_request(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us, void **state);
static int rp_http_upstream_chash_init(struct rp_conf *cf,
    struct rp_http_upstream_srv_conf *us);

static const struct rp_http_upstream_balancer  rp_http_upstream_ip_hash_b = {
    rp_http_upstream_ip_hash_init_request,
    rp_http_upstream_rr_get,
    rp_http_upstream_rr_free,
    rp_http_upstream_init_round_robin
};

static const struct rp_http_upstream_balancer  rp_http_upstream_hash_b = {
    rp_http_upstream_hash_init_request,
    rp_http_upstream_rr_get,
    rp_http_upstream_rr_free,
    rp_http_upstream_init_round_robin
};

static const struct rp_http_upstream_balancer  rp_http_upstream_chash_b = {
    rp_http_upstream_chash_init_request,
    rp_http_upstream_rr_get,
    rp_http_upstream_rr_free,
    rp_http_upstream_chash_init
};

static const struct rp_command  rp_http_upstream_hash_commands[] = {

    { "ip_hash", RP_HTTP_UPS_CONF | RP_CONF_NOARGS,
      rp_http_upstream_ip_hash, RP_HTTP_SRV_CONF_OFFSET, 0, NULL },

    { "hash", RP_HTTP_UPS_CONF | RP_CONF_TAKE12,
      rp_http_upstream_hash, RP_HTTP_SRV_CONF_OFFSET, 0, NULL },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_http_module_ctx  rp_http_upstream_hash_module_ctx = {
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

struct rp_module  rp_http_upstream_hash_module = {
    "rp_http_upstream_hash_module", RP_HTTP_MODULE,
    &rp_http_upstream_hash_module_ctx, rp_http_upstream_hash_commands,
    NULL, NULL, NULL, 0, 0
};


/* ---- hash functions and the ring (pure) --------------------------------- */

/* The murmur3 finalizer: every input bit affects every output bit. */
static uint64_t
rp_http_upstream_mix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;

    return h;
}


/* See rp_http_upstream_hash.h. */
uint64_t
rp_http_upstream_hash64(const u_char *p, size_t len)
{
    size_t    i;
    uint64_t  h = 0xcbf29ce484222325ULL;        /* FNV-1a offset basis */

    for (i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;                  /* FNV prime */
    }

    return rp_http_upstream_mix64(h);
}


static int
rp_http_upstream_chash_cmp(const void *a, const void *b)
{
    const struct rp_http_upstream_chash_point  *pa = a, *pb = b;

    if (pa->hash != pb->hash) {
        return pa->hash < pb->hash ? -1 : 1;
    }

    /* equal positions (2^-64 apart): keep the order deterministic */
    return pa->peer < pb->peer ? -1 : (pa->peer > pb->peer);
}


/* See rp_http_upstream_hash.h. */
int
rp_http_upstream_chash_build(struct rp_pool *pool,
    const struct rp_http_upstream_peers *peers,
    struct rp_http_upstream_chash_ring *ring)
{
    size_t                                i, j, n, total, each;
    uint64_t                              base;
    struct rp_http_upstream_chash_point  *pt;

    total = 0;

    for (i = 0; i < peers->number; i++) {
        total += (size_t) peers->peer[i].weight;
    }

    /* RP_UPSTREAM_MAX_WEIGHT keeps these products far below SIZE_MAX */
    n = 0;

    for (i = 0; i < peers->number; i++) {
        each = (size_t) peers->peer[i].weight * RP_HTTP_UPSTREAM_CHASH_POINTS;

        if (total * RP_HTTP_UPSTREAM_CHASH_POINTS
            > RP_HTTP_UPSTREAM_CHASH_MAX_POINTS)
        {
            each = (size_t) peers->peer[i].weight
                   * RP_HTTP_UPSTREAM_CHASH_MAX_POINTS / total;
        }

        n += each ? each : 1;
    }

    pt = rp_palloc(pool, n * sizeof(struct rp_http_upstream_chash_point));
    if (pt == NULL) {
        return RP_ERROR;
    }

    ring->point = pt;
    ring->number = n;

    for (i = 0; i < peers->number; i++) {
        each = (size_t) peers->peer[i].weight * RP_HTTP_UPSTREAM_CHASH_POINTS;

        if (total * RP_HTTP_UPSTREAM_CHASH_POINTS
            > RP_HTTP_UPSTREAM_CHASH_MAX_POINTS)
        {
            each = (size_t) peers->peer[i].weight
                   * RP_HTTP_UPSTREAM_CHASH_MAX_POINTS / total;
        }

        each = each ? each : 1;
        base = rp_http_upstream_hash64(peers->peer[i].name.data,
                                       peers->peer[i].name.len);

        /* point j of a server depends on its name and j only */
        for (j = 0; j < each; j++) {
            pt->hash = rp_http_upstream_mix64(base
                                              + j * 0x9e3779b97f4a7c15ULL);
            pt->peer = i;
            pt++;
        }
    }

    qsort(ring->point, n, sizeof(struct rp_http_upstream_chash_point),
          rp_http_upstream_chash_cmp);

    return RP_OK;
}


/* See rp_http_upstream_hash.h. */
size_t
rp_http_upstream_chash_find(const struct rp_http_upstream_chash_ring *ring,
    uint64_t hash)
{
    size_t  lo, hi, mid;

    lo = 0;
    hi = ring->number;

    /* the first point with point.hash >= hash */
    while (lo < hi) {
        mid = lo + (hi - lo) / 2;

        if (ring->point[mid].hash < hash) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }

    return lo == ring->number ? 0 : lo;
}


/* ---- directives --------------------------------------------------------- */

/* ip_hash; */
static int
rp_http_upstream_ip_hash(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    return rp_http_upstream_set_balancer(cf, rp_http_upstream_conf_here(cf),
                                         &rp_http_upstream_ip_hash_b);
}


/* hash KEY [consistent]; */
static int
rp_http_upstream_hash(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_conf_token               *tok;
    struct rp_http_upstream_srv_conf   *us;
    struct rp_http_upstream_hash_conf  *hc;

    us = rp_http_upstream_conf_here(cf);

    if (rp_http_upstream_set_balancer(cf, us, &rp_http_upstream_hash_b)
        != RP_OK)
    {
        return RP_ERROR;
    }

    tok = rp_conf_arg(cf, 1);

    if (tok->value.len == 0) {
        return rp_conf_error_at(cf, tok, "empty hash key");
    }

    hc = rp_pcalloc(cf->pool, sizeof(struct rp_http_upstream_hash_conf));
    if (hc == NULL
        || rp_http_compile_complex_value(cf, tok, &hc->key) != RP_OK)
    {
        return RP_ERROR;
    }

    if (rp_conf_nargs(cf) == 2) {
        tok = rp_conf_arg(cf, 2);

        if (!rp_str_eq_lit(&tok->value, "consistent")) {
            return rp_conf_error_at(cf, tok, "invalid parameter \""
                                    RP_STR_FMT "\", expected "
                                    "\"consistent\"",
                                    RP_STR_ARG(tok->value));
        }

        us->balancer = &rp_http_upstream_chash_b;
    }

    us->balancer_conf = hc;

    return RP_OK;
}


/* The consistent hash's init_upstream: the peers, then their rings. */
static int
rp_http_upstream_chash_init(struct rp_conf *cf,
    struct rp_http_upstream_srv_conf *us)
{
    struct rp_http_upstream_hash_conf  *hc = us->balancer_conf;

    if (rp_http_upstream_init_round_robin(cf, us) != RP_OK
        || rp_http_upstream_chash_build(cf->pool, us->peers, &hc->ring[0])
           != RP_OK)
    {
        return RP_ERROR;
    }

    if (us->peers->backup
        && rp_http_upstream_chash_build(cf->pool, us->peers->backup,
                                        &hc->ring[1]) != RP_OK)
    {
        return RP_ERROR;
    }

    return RP_OK;
}


/* ---- picks -------------------------------------------------------------- */

/*
 * The peer of st->peers that weighted position <w> (< total weight)
 * falls on: peers own consecutive ranges as long as their weights.
 */
static size_t
rp_http_upstream_hash_slot(const struct rp_http_upstream_rr_state *st,
    uint64_t w)
{
    size_t  i;

    for (i = 0; i + 1 < st->peers->number; i++) {
        if (w < (uint64_t) st->peers->peer[i].weight) {
            break;
        }

        w -= (uint64_t) st->peers->peer[i].weight;
    }

    return i;
}


/*
 * ip_hash: nginx's hash of the first three octets of an IPv4 address
 * (or the whole IPv6 one), continued over the address again on every
 * rehash, so one client always walks the same sequence of peers.
 */
static struct rp_http_upstream_peer *
rp_http_upstream_ip_hash_pick(struct rp_http_upstream_rr_state *st,
    unsigned *busy)
{
    size_t                             i, k;
    rp_msec_t                          now;
    struct rp_http_upstream_hash_req  *hr = st->data;

    now = rp_current_msec;

    while (hr->addr_len && hr->rehash < RP_HASH_TRIES
           && st->peers->total_weight > 0)
    {
        for (k = 0; k < hr->addr_len; k++) {
            hr->hash = (hr->hash * 113 + hr->addr[k]) % 6271;
        }

        hr->rehash++;
        i = rp_http_upstream_hash_slot(st, hr->hash
                                       % (uint64_t) st->peers->total_weight);

        if (rp_http_upstream_rr_usable(st, i, now, busy)
            && rp_http_upstream_rr_take(st, i, now))
        {
            return &st->peers->peer[i];
        }
    }

    return rp_http_upstream_rr_pick(st, busy);
}


static int
rp_http_upstream_ip_hash_init_request(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us, void **state)
{
    struct rp_connection                *c = r->connection;
    struct rp_http_upstream_rr_state    *st;
    struct rp_http_upstream_hash_req    *hr;
    const struct sockaddr_in            *sin;
    const struct sockaddr_in6           *sin6;

    st = rp_http_upstream_rr_create(r, us);
    hr = rp_pcalloc(r->pool, sizeof(struct rp_http_upstream_hash_req));
    if (st == NULL || hr == NULL) {
        return RP_ERROR;
    }

    hr->hash = 89;

    /* anything but an IP client (a unix socket) goes round robin */
    if (c && c->sockaddr.ss_family == AF_INET) {
        sin = (const struct sockaddr_in *) &c->sockaddr;
        memcpy(hr->addr, &sin->sin_addr, 3);
        hr->addr_len = 3;

    } else if (c && c->sockaddr.ss_family == AF_INET6) {
        sin6 = (const struct sockaddr_in6 *) &c->sockaddr;
        memcpy(hr->addr, &sin6->sin6_addr, 16);
        hr->addr_len = 16;
    }

    st->data = hr;
    st->pick = rp_http_upstream_ip_hash_pick;
    *state = st;

    return RP_OK;
}


/*
 * hash KEY: the CRC-32 of the key places the request on the weighted
 * list; rehash n hashes the decimal n followed by the key, as nginx
 * does, so the sequence of peers a key tries is fixed.
 */
static struct rp_http_upstream_peer *
rp_http_upstream_hash_pick(struct rp_http_upstream_rr_state *st,
    unsigned *busy)
{
    u_char                             num[24], *last;
    size_t                             i;
    rp_msec_t                          now;
    struct rp_http_upstream_hash_req  *hr = st->data;

    now = rp_current_msec;

    while (hr->rehash < RP_HASH_TRIES && st->peers->total_weight > 0) {
        i = rp_http_upstream_hash_slot(st, hr->hash
                                       % (uint64_t) st->peers->total_weight);

        if (rp_http_upstream_rr_usable(st, i, now, busy)
            && rp_http_upstream_rr_take(st, i, now))
        {
            return &st->peers->peer[i];
        }

        hr->rehash++;
        last = rp_sprint_uint(num, hr->rehash);
        hr->hash = rp_http_upstream_crc32(0, num, (size_t) (last - num));
        hr->hash = rp_http_upstream_crc32(hr->hash, hr->key.data,
                                          hr->key.len);
    }

    return rp_http_upstream_rr_pick(st, busy);
}


/* A hash state for <r> with the key of <us> evaluated; NULL: error. */
static struct rp_http_upstream_rr_state *
rp_http_upstream_hash_state(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us)
{
    struct rp_http_upstream_rr_state   *st;
    struct rp_http_upstream_hash_req   *hr;

    st = rp_http_upstream_rr_create(r, us);
    hr = rp_pcalloc(r->pool, sizeof(struct rp_http_upstream_hash_req));
    if (st == NULL || hr == NULL) {
        return NULL;
    }

    hr->conf = us->balancer_conf;

    if (rp_http_complex_value(r, &hr->conf->key, &hr->key) != RP_OK) {
        return NULL;
    }

    st->data = hr;

    return st;
}


static int
rp_http_upstream_hash_init_request(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us, void **state)
{
    struct rp_http_upstream_rr_state   *st;
    struct rp_http_upstream_hash_req   *hr;

    st = rp_http_upstream_hash_state(r, us);
    if (st == NULL) {
        return RP_ERROR;
    }

    hr = st->data;
    hr->hash = rp_http_upstream_crc32(0, hr->key.data, hr->key.len);
    st->pick = rp_http_upstream_hash_pick;
    *state = st;

    return RP_OK;
}


/*
 * hash KEY consistent: from the key's point, clockwise, the first peer
 * that can take the request; each peer is looked at once, so a pick
 * costs at most one pass over the ring even when every peer is down.
 */
static struct rp_http_upstream_peer *
rp_http_upstream_chash_pick(struct rp_http_upstream_rr_state *st,
    unsigned *busy)
{
    size_t                               k, n, i, seen, bits;
    rp_msec_t                            now;
    struct rp_http_upstream_hash_req    *hr = st->data;
    struct rp_http_upstream_chash_ring  *ring;

    ring = &hr->conf->ring[st->peers == st->us->peers ? 0 : 1];

    if (ring->number == 0) {
        return rp_http_upstream_rr_pick(st, busy);
    }

    now = rp_current_msec;
    bits = sizeof(uintptr_t) * 8;
    memset(hr->seen, 0, st->words * sizeof(uintptr_t));
    seen = 0;
    k = rp_http_upstream_chash_find(ring, hr->point);

    for (n = 0; n < ring->number && seen < st->peers->number; n++) {
        i = ring->point[k].peer;
        k = (k + 1 == ring->number) ? 0 : k + 1;

        if (hr->seen[i / bits] & ((uintptr_t) 1 << (i % bits))) {
            continue;
        }

        hr->seen[i / bits] |= (uintptr_t) 1 << (i % bits);
        seen++;

        if (rp_http_upstream_rr_usable(st, i, now, busy)
            && rp_http_upstream_rr_take(st, i, now))
        {
            return &st->peers->peer[i];
        }
    }

    return NULL;
}


static int
rp_http_upstream_chash_init_request(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us, void **state)
{
    struct rp_http_upstream_rr_state   *st;
    struct rp_http_upstream_hash_req   *hr;

    st = rp_http_upstream_hash_state(r, us);
    if (st == NULL) {
        return RP_ERROR;
    }

    hr = st->data;
    hr->point = rp_http_upstream_hash64(hr->key.data, hr->key.len);
    hr->seen = rp_pcalloc(r->pool, st->words * sizeof(uintptr_t));
    if (hr->seen == NULL) {
        return RP_ERROR;
    }

    st->pick = rp_http_upstream_chash_pick;
    *state = st;

    return RP_OK;
}
