/*
 * rp_http_upstream_zone.c - backend state shared by all processes.
 *
 * A shared-memory zone holds a record (struct rp_http_upstream_shared)
 * per backend server of every upstream group (the default zone,
 * "rampart_upstream", unless the group names its own with "zone"):
 * connections in flight, passive failures, the latency average and the
 * active checks' verdict.  Records are found by their "group server"
 * key and never freed, so a zone kept across a reload gives the new
 * configuration's peers the same records the old workers still update:
 * health state survives the reload and max_conns counts both
 * generations.  Until the master maps the zone (and always with -t),
 * every peer has a private record from the config pool.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_cycle.h"
#include "rp_shm.h"
#include "rp_http.h"
#include "rp_http_upstream.h"

/*
 * The zone's size: records are about 200 bytes (256 in the slab), so
 * 1 MiB holds some 4000 servers; a zone that fills up leaves the rest
 * with per-process records (logged).
 */
#define RP_UPSTREAM_ZONE_SIZE  ((size_t) 1 << 20)

static const struct rp_str  rp_http_upstream_zone_name =
    rp_string("rampart_upstream");

/* The zone's root object, in the zone. */
struct rp_http_upstream_zone_root {
    struct rp_http_upstream_shared  *records;
};

/* What the zone's init needs: the groups of this cycle (config pool). */
struct rp_http_upstream_zone_ctx {
    struct rp_array   groups;          /* rp_http_upstream_srv_conf * */
    struct rp_log    *log;
};

static int rp_http_upstream_zone_init(struct rp_shm_zone *zone,
    void *old_data);


/* See rp_http_upstream.h. */
struct rp_http_upstream_shared *
rp_http_upstream_private_state(struct rp_pool *pool)
{
    return rp_pcalloc(pool, sizeof(struct rp_http_upstream_shared));
}


/* See rp_http_upstream.h. */
int
rp_http_upstream_zone_add(struct rp_conf *cf,
    struct rp_http_upstream_srv_conf *us)
{
    const char                          *err;
    struct rp_conf_token                 nowhere;
    struct rp_shm_zone                  *zone;
    struct rp_http_upstream_zone_ctx    *ctx;
    struct rp_http_upstream_srv_conf   **slot;

    if (us->zone_name.len) {
        zone = rp_shm_zone_add(cf->cycle, &us->zone_name, us->zone_size,
                               &rp_http_upstream_module, &err);
    } else {
        zone = rp_shm_zone_add(cf->cycle, &rp_http_upstream_zone_name,
                               RP_UPSTREAM_ZONE_SIZE,
                               &rp_http_upstream_module, &err);
    }

    if (zone == NULL) {
        /* the message carries its own position: line 0 adds none */
        memset(&nowhere, 0, sizeof(nowhere));

        return rp_conf_error_at(cf, &nowhere, "%s in upstream \""
                                RP_STR_FMT "\" in " RP_STR_FMT ":%u:%u", err,
                                RP_STR_ARG(us->host),
                                RP_STR_ARG(us->file_name), us->line, us->col);
    }

    ctx = zone->data;

    if (ctx == NULL) {
        ctx = rp_pcalloc(cf->pool, sizeof(struct rp_http_upstream_zone_ctx));
        if (ctx == NULL
            || rp_array_init(&ctx->groups, cf->pool, 8,
                             sizeof(struct rp_http_upstream_srv_conf *))
               != RP_OK)
        {
            return RP_ERROR;
        }

        ctx->log = cf->cycle->log;
        zone->data = ctx;
        zone->init = rp_http_upstream_zone_init;
    }

    slot = rp_array_push(&ctx->groups);
    if (slot == NULL) {
        return RP_ERROR;
    }

    *slot = us;

    return RP_OK;
}


/* See rp_http_upstream.h. */
int
rp_http_upstream_zone(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    size_t                             size;
    struct rp_conf_token              *name, *tok;
    struct rp_http_upstream_srv_conf  *us = conf;

    name = rp_conf_arg(cf, 1);

    if (us->zone_name.len) {
        return rp_conf_error_at(cf, rp_conf_arg(cf, 0),
                                "\"zone\" directive is duplicate");
    }

    if (name->value.len == 0
        || rp_str_eq_lit(&name->value, "rampart_upstream"))
    {
        return rp_conf_error_at(cf, name, "invalid zone name \"" RP_STR_FMT
                                "\"", RP_STR_ARG(name->value));
    }

    size = 0;

    if (rp_conf_nargs(cf) == 2) {
        tok = rp_conf_arg(cf, 2);

        if (rp_parse_size(tok->value.data, tok->value.len, &size) != RP_OK
            || size < RP_SHM_MIN_SIZE)
        {
            return rp_conf_error_at(cf, tok, "invalid zone size \""
                                    RP_STR_FMT "\": at least %zuk",
                                    RP_STR_ARG(tok->value),
                                    (size_t) RP_SHM_MIN_SIZE / 1024);
        }
    }

    us->zone_name = name->value;
    us->zone_size = size;

    return RP_OK;
}


/*
 * The zone's record for <peer> of group <us>: found by key, or made and
 * linked in.  NULL when the zone is full.  Only the master calls this,
 * before it forks, so the list needs no lock (allocation takes it).
 */
static struct rp_http_upstream_shared *
rp_http_upstream_zone_record(struct rp_shm_zone *zone,
    struct rp_http_upstream_zone_root *root,
    const struct rp_http_upstream_srv_conf *us,
    const struct rp_http_upstream_peer *peer)
{
    size_t                           len;
    struct rp_http_upstream_shared  *rec;

    len = us->host.len + 1 + peer->name.len;

    for (rec = root->records; rec; rec = rec->next) {
        if (rec->key_len == len
            && memcmp(rec->key, us->host.data, us->host.len) == 0
            && rec->key[us->host.len] == ' '
            && memcmp(rec->key + us->host.len + 1, peer->name.data,
                      peer->name.len) == 0)
        {
            return rec;
        }
    }

    rec = rp_shm_calloc(zone, sizeof(struct rp_http_upstream_shared) + len);
    if (rec == NULL) {
        return NULL;
    }

    memcpy(rec->key, us->host.data, us->host.len);
    rec->key[us->host.len] = ' ';
    memcpy(rec->key + us->host.len + 1, peer->name.data, peer->name.len);
    rec->key_len = len;
    rec->next = root->records;
    root->records = rec;

    return rec;
}


/* Points every peer of <peers> at its zone record. */
static int
rp_http_upstream_zone_peers(struct rp_shm_zone *zone,
    struct rp_http_upstream_zone_root *root,
    const struct rp_http_upstream_srv_conf *us,
    struct rp_http_upstream_peers *peers)
{
    size_t                           i;
    struct rp_http_upstream_shared  *rec;

    for (i = 0; peers && i < peers->number; i++) {
        rec = rp_http_upstream_zone_record(zone, root, us, &peers->peer[i]);

        if (rec == NULL) {
            return RP_ERROR;
        }

        peers->peer[i].sh = rec;
    }

    return RP_OK;
}


static int
rp_http_upstream_zone_init(struct rp_shm_zone *zone, void *old_data)
{
    size_t                               i;
    struct rp_http_upstream_zone_ctx    *ctx = zone->data;
    struct rp_http_upstream_zone_root   *root;
    struct rp_http_upstream_srv_conf   **us;

    (void) old_data;               /* the root is in the zone itself */

    root = zone->sh->data;

    if (root == NULL) {
        root = rp_shm_calloc(zone, sizeof(struct rp_http_upstream_zone_root));
        if (root == NULL) {
            rp_log_error(RP_LOG_EMERG, ctx->log, 0, "shared zone \""
                         RP_STR_FMT "\" is too small",
                         RP_STR_ARG(zone->name));
            return RP_ERROR;
        }

        zone->sh->data = root;
    }

    us = ctx->groups.elts;

    for (i = 0; i < ctx->groups.nelts; i++) {
        if (rp_http_upstream_zone_peers(zone, root, us[i], us[i]->peers)
            != RP_OK
            || rp_http_upstream_zone_peers(zone, root, us[i],
                                           us[i]->peers->backup) != RP_OK)
        {
            /* the rest keep their private records: per-process state */
            rp_log_error(RP_LOG_WARN, ctx->log, 0, "shared zone \""
                         RP_STR_FMT "\" is full: the state of upstream \""
                         RP_STR_FMT "\" and later ones is kept per process",
                         RP_STR_ARG(zone->name), RP_STR_ARG(us[i]->host));
            break;
        }
    }

    return RP_OK;
}
