/*
 * rp_http_upstream.h - backends: upstream groups, their peers, choosing
 * a peer, and connections to it (kept alive per worker).
 *
 * An upstream group is declared with "upstream NAME { server ...; }" or
 * implicitly by "proxy_pass http://host:port".  Each group has a
 * balancer (struct rp_http_upstream_balancer) that the proxy calls for
 * every attempt:
 *
 *   init_request(r, us, &state)  once per request;
 *   get(state, &pc)              pick a peer: fills pc->sockaddr, name,
 *                                peer; RP_OK, RP_AGAIN (every live peer
 *                                is at max_conns) or RP_DECLINED (no
 *                                live peer); the first call also sets
 *                                pc->tries to the number of peers
 *                                not marked "down" (primary + backup),
 *                                and a later call
 *                                never returns a peer this request
 *                                already tried;
 *   free(state, &pc, outcome, latency)
 *                                report how the attempt went (success or
 *                                which failure; the latency to the last
 *                                byte and pc->header_time to the header,
 *                                in microseconds, -1 when not measured:
 *                                the proxy measures them only for groups
 *                                with us->latency set) so passive
 *                                health and latency-aware balancers
 *                                learn; pc->peer stays set (for the
 *                                keep-alive put) and pc->tries is left
 *                                alone.
 *
 * So a proxy attempt loop is: get; connect (or reuse from the cache);
 * on failure free(FAIL_x) and, while pc->tries > 1, decrement it and
 * get again; when the response is done free(RP_UPSTREAM_OK).  A request
 * that ends for the client's sake (client closed) is not the peer's
 * failure: report RP_UPSTREAM_OK so the peer is not marked down.
 *
 * Other balancers (least_conn, hash, least_time...) replace the round
 * robin's functions.  Independently of the balancer, the keep-alive
 * cache (rp_http_upstream_keepalive.c) holds idle connections per group
 * and peer: after get() the proxy asks it for a connection to the chosen
 * peer, and gives a reusable connection back when a response is done.
 */

#ifndef RP_HTTP_UPSTREAM_H
#define RP_HTTP_UPSTREAM_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"

#include <sys/socket.h>
#include <netinet/in.h>

#include "rp_atomic.h"

struct rp_connection;
struct rp_http_request;
struct rp_http_upstream_srv_conf;
struct rp_http_upstream_sticky;

/* Outcome of one attempt, reported to the balancer. */
#define RP_UPSTREAM_OK              0x00
#define RP_UPSTREAM_FAIL_CONNECT    0x01   /* refused, reset, closed early */
#define RP_UPSTREAM_FAIL_TIMEOUT    0x02
#define RP_UPSTREAM_FAIL_INVALID    0x04   /* bad response header */
#define RP_UPSTREAM_FAIL_HTTP       0x08   /* status counted as failure */
#define RP_UPSTREAM_FAIL_CLOSED     0x10   /* closed early */

/* One "server" line of a group. */
struct rp_http_upstream_server {
    struct rp_str             name;        /* as written: "10.0.0.1:8080" */
    struct sockaddr_storage   sockaddr;
    socklen_t                 socklen;
    int64_t                   weight;      /* default 1 */
    int64_t                   max_fails;   /* default 1; 0 = no limit */
    rp_msec_t                 fail_timeout; /* default 10s */
    int64_t                   max_conns;   /* 0 = no limit (all workers) */
    rp_msec_t                 slow_start;  /* 0 = off */
    unsigned                  backup:1;
    unsigned                  down:1;
    unsigned                  drain:1;     /* no new sessions */
};

/*
 * A peer's state shared by every process, in the upstream zone
 * (rp_http_upstream_zone.c), so counts and health are exact across
 * workers.  Every field is read and written without the zone lock.
 * Times are rp_current_msec values (CLOCK_MONOTONIC, the same clock in
 * every process).
 */
struct rp_http_upstream_shared {
    rp_atomic_t     conns;        /* attempts in flight, every worker */
    rp_atomic_t     requests;     /* attempts made, ever */
    rp_atomic_t     fails;        /* passive failures in the window */
    rp_atomic_t     checked;      /* fail window start, or probe time */
    rp_atomic_t     accessed;     /* time of the last failure */
    rp_atomic_t     latency;      /* least_time: decaying average, us */
    rp_atomic_t     latency_at;   /* time of its last sample */
    rp_atomic_t     up_since;     /* came back up then (slow_start) */
    rp_atomic_t     hc_down;      /* 1: the active checks failed it */
    rp_atomic_t     hc_fails;     /* consecutive failed checks */
    rp_atomic_t     hc_passes;    /* consecutive passed checks */
    rp_atomic_t     hc_checks;    /* checks made */
    rp_atomic_t     hc_status;    /* last check's status, 0: no answer */
    rp_atomic_t     hc_generation; /* cycle whose health checker may
                                      write the hc_ fields (others, on
                                      their way out, leave them alone) */
    struct rp_http_upstream_shared  *next;   /* zone's list */
    size_t          key_len;
    u_char          key[];        /* "group server", the record's identity */
};

/*
 * A peer as the balancer sees it: its server, this worker's smooth WRR
 * weights, and the shared state.
 */
struct rp_http_upstream_peer {
    struct rp_http_upstream_server  *server;
    struct rp_str                    name;
    int64_t                          weight;
    int64_t                          current_weight;  /* smooth WRR */
    int64_t                          effective_weight;
    struct rp_http_upstream_shared  *sh;              /* never NULL */
    unsigned                         down:1;
};

struct rp_http_upstream_peers {
    struct rp_http_upstream_peer    *peer;
    size_t                           number;
    int64_t                          total_weight;
    struct rp_http_upstream_peers   *backup;          /* may be NULL */
};

/* The connection to a peer for one attempt. */
struct rp_http_upstream_pc {
    struct sockaddr                 *sockaddr;
    socklen_t                        socklen;
    struct rp_str                   *name;            /* "127.0.0.1:8080" */
    struct rp_http_upstream_peer    *peer;
    struct rp_connection            *cached;          /* from the cache */
    unsigned                         tries;           /* attempts left */
    unsigned                         requests;        /* served on cached */
    int64_t                          header_time;     /* us, -1: unknown */
};

struct rp_http_upstream_balancer {
    int   (*init_request)(struct rp_http_request *r,
                          struct rp_http_upstream_srv_conf *us,
                          void **state);
    int   (*get)(void *state, struct rp_http_upstream_pc *pc);
    void  (*free)(void *state, struct rp_http_upstream_pc *pc,
                  unsigned outcome, int64_t latency);

    /* config time, end of http { }: build us->peers.  RP_OK/RP_ERROR. */
    int   (*init_upstream)(struct rp_conf *cf,
                           struct rp_http_upstream_srv_conf *us);
};

/* An upstream group: "upstream NAME { }" or one made by proxy_pass. */
struct rp_http_upstream_srv_conf {
    struct rp_str                      host;       /* group name or host */
    in_port_t                          port;       /* implicit: its port */
    struct rp_array                    servers;    /* rp_http_upstream_server */
    struct rp_http_upstream_peers     *peers;      /* built at init */
    const struct rp_http_upstream_balancer  *balancer;
    void                              *balancer_conf; /* its parameters */
    struct rp_str                      zone_name;  /* "zone": empty = the
                                                      default zone */
    size_t                             zone_size;  /* 0: declared elsewhere */
    struct rp_str                      file_name;  /* declared at */
    unsigned                           line;
    unsigned                           col;

    /* keep-alive connections to this group, per worker */
    int64_t                            keepalive;          /* 0: off */
    rp_msec_t                          keepalive_timeout;  /* 60s */
    int64_t                            keepalive_requests; /* 1000 */
    void                              *keepalive_cache;

    struct rp_http_upstream_sticky    *sticky;     /* "sticky", or NULL */

    unsigned                           latency:1;  /* balancer uses it */
    unsigned                           implicit:1; /* from proxy_pass */
    unsigned                           no_port:1;  /* implicit, no ":port" */
};

struct rp_http_upstream_main_conf {
    struct rp_array                    upstreams;  /* srv_conf * */
    unsigned                           initialized:1; /* groups built */
};

extern struct rp_module  rp_http_upstream_module;

/*
 * Find or create the group for <url> (a name, "host:port" or "host"
 * with <default_port>), for directives like proxy_pass.  A name that
 * matches an "upstream" block (declared before or after) resolves to
 * it at init.  NULL after reporting an error.
 */
struct rp_http_upstream_srv_conf *rp_http_upstream_add(struct rp_conf *cf,
    const struct rp_str *url, in_port_t default_port);

/*
 * The group whose "upstream { }" block is being parsed, for directives
 * of other modules that configure it (balancers).
 */
struct rp_http_upstream_srv_conf *rp_http_upstream_conf_here(
    struct rp_conf *cf);

/*
 * Makes <b> the balancer of <us> (a directive inside upstream { }).
 * RP_OK, or RP_ERROR after reporting "load balancing method redefined"
 * at the directive when the group already has one.
 */
int rp_http_upstream_set_balancer(struct rp_conf *cf,
    struct rp_http_upstream_srv_conf *us,
    const struct rp_http_upstream_balancer *b);

/* The group named <name> at request time (proxy_pass with variables). */
struct rp_http_upstream_srv_conf *rp_http_upstream_find(
    struct rp_http_request *r, const struct rp_str *name);

extern const struct rp_http_upstream_balancer
    rp_http_upstream_round_robin;

/*
 * The round robin's init_upstream: one peer per "server" (its first
 * address), primary and backup sets, each peer with its shared state
 * record (rp_http_upstream_zone_add).  Other balancers reuse it.
 * RP_OK, or RP_ERROR after reporting.
 */
int rp_http_upstream_init_round_robin(struct rp_conf *cf,
    struct rp_http_upstream_srv_conf *us);

/*
 * Every balancer is built on the round robin's per-request state and
 * its get/free: they differ only in how one peer is picked among the
 * set in use (primary, then backup).  A pick function returns the
 * chosen peer of st->peers, or NULL (setting *busy when a peer was
 * passed over only for max_conns); it must choose among the peers for
 * which rp_http_upstream_rr_usable() is true and mark its choice with
 * rp_http_upstream_rr_take().
 */
struct rp_http_upstream_rr_state;

typedef struct rp_http_upstream_peer *(*rp_http_upstream_pick_pt)(
    struct rp_http_upstream_rr_state *st, unsigned *busy);

struct rp_http_upstream_rr_state {
    struct rp_http_request            *r;
    struct rp_http_upstream_srv_conf  *us;
    struct rp_http_upstream_peers     *peers;   /* the set in use */
    uintptr_t                         *tried;   /* bits of that set */
    size_t                             words;
    rp_http_upstream_pick_pt           pick;
    void                              *data;    /* the balancer's own */
    unsigned                           started:1;
    unsigned                           sticky:1; /* drained peers allowed */
};

/*
 * A round-robin state for <r> on <us> in r->pool, with the smooth WRR
 * pick; a balancer's init_request calls it and replaces st->pick.
 * NULL when memory is short.
 */
struct rp_http_upstream_rr_state *rp_http_upstream_rr_create(
    struct rp_http_request *r, struct rp_http_upstream_srv_conf *us);

/* The generic get and free (see struct rp_http_upstream_balancer). */
int rp_http_upstream_rr_get(void *state, struct rp_http_upstream_pc *pc);
void rp_http_upstream_rr_free(void *state, struct rp_http_upstream_pc *pc,
    unsigned outcome, int64_t latency);

/*
 * 1 if peer <i> of st->peers may take this attempt at <now>: not tried
 * by this request, not down (configured, by active checks, or by
 * max_fails within fail_timeout: then one request at a time in all
 * workers may probe it once fail_timeout has passed), not drained
 * (unless st->sticky) and under max_conns (counted in all workers; else
 * *busy is set).
 */
int rp_http_upstream_rr_usable(struct rp_http_upstream_rr_state *st,
    size_t i, rp_msec_t now, unsigned *busy);

/*
 * Marks peer <i> of st->peers as this request's choice (tried).  If it
 * was failed and its fail window is over, this request becomes its one
 * probe (0 is returned when another process won that race: pick
 * another peer); 1 otherwise.
 */
int rp_http_upstream_rr_take(struct rp_http_upstream_rr_state *st,
    size_t i, rp_msec_t now);

/* The smooth weighted round robin pick (the default, and a fallback). */
struct rp_http_upstream_peer *rp_http_upstream_rr_pick(
    struct rp_http_upstream_rr_state *st, unsigned *busy);

/*
 * <peer>'s weight at <now>: its configured weight, ramped linearly from
 * 1 over slow_start after the peer came back up (1 <= result <= weight).
 */
int64_t rp_http_upstream_peer_weight(const struct rp_http_upstream_peer *peer,
    rp_msec_t now);

/*
 * Shared state (rp_http_upstream_zone.c).  At the end of http { } every
 * group's peers get a private record (so "rampart -t" and groups made at
 * request time work without a zone) and the group is registered with
 * the upstream zone; when the master maps the zone, each peer's record
 * is replaced by the zone's record of the same "group server" key, kept
 * across reloads, so a reload keeps health state and the old and new
 * workers count the same connections.  RP_OK, or RP_ERROR.
 */
int rp_http_upstream_zone_add(struct rp_conf *cf,
    struct rp_http_upstream_srv_conf *us);

/*
 * "zone NAME [SIZE]" in upstream { }: the group keeps its state in zone
 * NAME instead of the default one; groups may share a zone, whose size
 * is then given once.  RP_OK, or RP_ERROR after reporting.
 */
int rp_http_upstream_zone(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);

/* A zeroed private record for a peer made at request time, or NULL. */
struct rp_http_upstream_shared *rp_http_upstream_private_state(
    struct rp_pool *pool);

/*
 * Keep-alive cache (per worker).  get: an idle connection to pc->peer of
 * group <us>, taken out of the cache (its handlers are the caller's to
 * set), or NULL.  put: keep <c> (served <requests> so far) for later;
 * the cache owns it from now on, closes it when the backend closes it,
 * after keepalive_timeout, at keepalive_requests, or to make room (the
 * least recently used goes first).
 *
 * get also sets pc->cached = c and pc->requests (what put was told), and
 * clears c->data, the handlers, the timer and the idle mark; c stays
 * registered in epoll.  put needs c registered or registrable
 * (rp_event_add_conn), its read side drained to EAGAIN as the
 * edge-triggered contract says (a set c->read.ready is checked with a
 * peek), and closes c at once when the group has no keepalive, when
 * <requests> >= keepalive_requests, on c->close, eof or error, or while
 * the worker is draining.
 */
struct rp_connection *rp_http_upstream_keepalive_get(
    struct rp_http_upstream_srv_conf *us, struct rp_http_upstream_pc *pc);
void rp_http_upstream_keepalive_put(struct rp_http_upstream_srv_conf *us,
    struct rp_http_upstream_peer *peer, struct rp_connection *c,
    unsigned requests);

/*
 * Config time: give <us> its cache of us->keepalive slots (none when
 * keepalive is 0).  RP_OK, or RP_ERROR when memory is short.
 */
int rp_http_upstream_keepalive_init(struct rp_conf *cf,
    struct rp_http_upstream_srv_conf *us);

/* Idle connections held for <us> in this worker now. */
size_t rp_http_upstream_keepalive_count(
    const struct rp_http_upstream_srv_conf *us);

#endif /* RP_HTTP_UPSTREAM_H */
