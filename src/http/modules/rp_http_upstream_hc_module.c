/*
 * rp_http_upstream_hc_module.c - the "health_check" and "match"
 * directives, and the health checker process they ask for.
 *
 * health_check goes inside an upstream block; match blocks are at http
 * level and may come before or after the upstream that names them, so
 * names are resolved when the http block ends.  If any upstream has a
 * health_check, the module asks the master for one helper process (see
 * rp_cycle_add_helper), which runs the probes of every checked server
 * (rp_http_upstream_hc_probe.c).  When a configuration is applied, the
 * check state of every server passes to its health checker (the old
 * one stops writing it), and the servers of groups without health_check
 * have theirs cleared, so a server that an earlier configuration's
 * checks took out does not stay out forever; checked servers keep
 * theirs across reloads (a down server stays down until it passes).
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_upstream.h"
#include "rp_http_upstream_hc.h"

#define RP_HC_DEFAULT_INTERVAL   5000
#define RP_HC_DEFAULT_TIMEOUT    5000
#define RP_HC_MAX_MSEC           (7 * 24 * 3600 * 1000LL)
#define RP_HC_MAX_COUNT          1000000

static void *rp_http_upstream_hc_create_main_conf(struct rp_conf *cf);
static int rp_http_upstream_hc_init_main_conf(struct rp_conf *cf,
    void *conf);
static int rp_http_upstream_hc_init_module(struct rp_cycle *cycle);
static int rp_http_upstream_hc_directive(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

static const struct rp_command  rp_http_upstream_hc_commands[] = {

    { "health_check", RP_HTTP_UPS_CONF | RP_CONF_ANY | RP_CONF_MULTI,
      rp_http_upstream_hc_directive, RP_HTTP_MAIN_CONF_OFFSET, 0, NULL },

    { "match", RP_HTTP_MAIN_CONF | RP_CONF_BLOCK | RP_CONF_TAKE1
               | RP_CONF_MULTI,
      rp_http_upstream_hc_match_block, RP_HTTP_MAIN_CONF_OFFSET, 0, NULL },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_http_module_ctx  rp_http_upstream_hc_module_ctx = {
    NULL,                                   /* preconfiguration */
    NULL,                                   /* postconfiguration */
    rp_http_upstream_hc_create_main_conf,
    rp_http_upstream_hc_init_main_conf,
    NULL,                                   /* create srv conf */
    NULL,                                   /* merge srv conf */
    NULL,                                   /* create loc conf */
    NULL                                    /* merge loc conf */
};

struct rp_module  rp_http_upstream_hc_module = {
    "rp_http_upstream_hc_module", RP_HTTP_MODULE,
    &rp_http_upstream_hc_module_ctx, rp_http_upstream_hc_commands,
    rp_http_upstream_hc_init_module, NULL, NULL, 0, 0
};


static void *
rp_http_upstream_hc_create_main_conf(struct rp_conf *cf)
{
    struct rp_http_upstream_hc_main_conf  *hmcf;

    hmcf = rp_pcalloc(cf->pool, sizeof(struct rp_http_upstream_hc_main_conf));
    if (hmcf == NULL
        || rp_array_init(&hmcf->checks, cf->pool, 4,
                         sizeof(struct rp_http_upstream_hc_conf)) != RP_OK
        || rp_array_init(&hmcf->matches, cf->pool, 4,
                         sizeof(struct rp_http_upstream_hc_match)) != RP_OK)
    {
        return NULL;
    }

    return hmcf;
}


#define rp_hc_has_prefix(v, lit)                                             \
    ((v)->len >= sizeof(lit) - 1                                             \
     && memcmp((v)->data, lit, sizeof(lit) - 1) == 0)


/* A time parameter: "interval=2s"; in (0, RP_HC_MAX_MSEC]. */
static int
rp_http_upstream_hc_time(struct rp_conf *cf, const struct rp_conf_token *tok,
    size_t skip, rp_msec_t *out)
{
    int64_t  ms;

    if (rp_parse_msec(tok->value.data + skip, tok->value.len - skip, &ms)
        != RP_OK || ms <= 0 || ms > RP_HC_MAX_MSEC)
    {
        return rp_conf_error_at(cf, tok, "invalid parameter \"" RP_STR_FMT
                                "\": a time from 1ms to 7d is expected",
                                RP_STR_ARG(tok->value));
    }

    *out = ms;

    return RP_OK;
}


/* A count parameter: "fails=3"; in [1, max]. */
static int
rp_http_upstream_hc_count_param(struct rp_conf *cf,
    const struct rp_conf_token *tok, size_t skip, int64_t max, int64_t *out)
{
    uint64_t  n;

    if (rp_parse_uint(tok->value.data + skip, tok->value.len - skip,
                      (uint64_t) max, &n) != RP_OK || n == 0)
    {
        return rp_conf_error_at(cf, tok, "invalid parameter \"" RP_STR_FMT
                                "\": a number from 1 to %lld is expected",
                                RP_STR_ARG(tok->value), (long long) max);
    }

    *out = (int64_t) n;

    return RP_OK;
}


/*
 * "uri=/health?full": an origin-form target sent as is, so only
 * visible ASCII (no space, no control byte, no '#') may appear in it.
 */
static int
rp_http_upstream_hc_uri(struct rp_conf *cf, const struct rp_conf_token *tok,
    struct rp_str *uri)
{
    size_t   i;
    u_char   ch;

    uri->data = tok->value.data + 4;
    uri->len = tok->value.len - 4;

    for (i = 0; i < uri->len; i++) {
        ch = uri->data[i];

        if (ch <= 0x20 || ch >= 0x7f || ch == '#') {
            break;
        }
    }

    if (uri->len == 0 || uri->data[0] != '/' || i < uri->len) {
        return rp_conf_error_at(cf, tok, "invalid parameter \"" RP_STR_FMT
                                "\": a path starting with \"/\", without "
                                "spaces, control bytes or \"#\", is "
                                "expected", RP_STR_ARG(tok->value));
    }

    return RP_OK;
}


/* One "name=value" parameter of health_check into <hc>. */
static int
rp_http_upstream_hc_param(struct rp_conf *cf, const struct rp_conf_token *tok,
    struct rp_http_upstream_hc_conf *hc)
{
    int64_t                 n;
    const struct rp_str    *v = &tok->value;
    const struct rp_str    *file;

    if (rp_hc_has_prefix(v, "interval=")) {
        return rp_http_upstream_hc_time(cf, tok, 9, &hc->interval);
    }

    if (rp_hc_has_prefix(v, "timeout=")) {
        return rp_http_upstream_hc_time(cf, tok, 8, &hc->timeout);
    }

    if (rp_hc_has_prefix(v, "fails=")) {
        return rp_http_upstream_hc_count_param(cf, tok, 6, RP_HC_MAX_COUNT,
                                               &hc->fails);
    }

    if (rp_hc_has_prefix(v, "passes=")) {
        return rp_http_upstream_hc_count_param(cf, tok, 7, RP_HC_MAX_COUNT,
                                               &hc->passes);
    }

    if (rp_hc_has_prefix(v, "port=")) {
        if (rp_http_upstream_hc_count_param(cf, tok, 5, 65535, &n) != RP_OK) {
            return RP_ERROR;
        }

        hc->port = (in_port_t) n;
        return RP_OK;
    }

    if (rp_hc_has_prefix(v, "uri=")) {
        return rp_http_upstream_hc_uri(cf, tok, &hc->uri);
    }

    if (rp_hc_has_prefix(v, "match=") && v->len > 6) {
        hc->match_name.data = v->data + 6;
        hc->match_name.len = v->len - 6;

        file = rp_conf_file_name(cf);
        if (file) {
            hc->file = *file;
        }

        hc->line = tok->line;
        hc->col = tok->col;
        return RP_OK;
    }

    return rp_conf_error_at(cf, tok, "invalid parameter \"" RP_STR_FMT "\"",
                            RP_STR_ARG(tok->value));
}


/*
 * health_check [interval=T] [timeout=T] [fails=N] [passes=N] [uri=URI]
 *              [port=N] [match=NAME]
 */
static int
rp_http_upstream_hc_directive(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf)
{
    size_t                                 i;
    int                                    rc;
    struct rp_http_upstream_hc_conf       *hc, *all;
    struct rp_http_upstream_srv_conf      *us;
    struct rp_http_upstream_hc_main_conf  *hmcf = conf;

    us = rp_http_ctx_srv_conf(cf->ctx, &rp_http_upstream_module);
    all = hmcf->checks.elts;

    for (i = 0; i < hmcf->checks.nelts; i++) {
        if (all[i].us == us) {
            return rp_conf_error(cf, "\"health_check\" is duplicate in "
                                 "upstream \"" RP_STR_FMT "\"",
                                 RP_STR_ARG(us->host));
        }
    }

    hc = rp_array_push(&hmcf->checks);
    if (hc == NULL) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    memset(hc, 0, sizeof(*hc));
    hc->us = us;
    hc->interval = RP_HC_DEFAULT_INTERVAL;
    hc->timeout = RP_UNSET_MSEC;
    hc->fails = 1;
    hc->passes = 1;
    rp_str_set(&hc->uri, "/");

    rc = RP_OK;

    for (i = 1; i <= rp_conf_nargs(cf); i++) {
        if (rp_http_upstream_hc_param(cf, rp_conf_arg(cf, i), hc) != RP_OK) {
            rc = RP_ERROR;
        }
    }

    if (rc != RP_OK) {
        hmcf->checks.nelts--;
        return RP_ERROR;
    }

    /* the default timeout: the interval, at most 5s */
    if (hc->timeout == RP_UNSET_MSEC) {
        hc->timeout = rp_min(hc->interval, (rp_msec_t) RP_HC_DEFAULT_TIMEOUT);
    }

    return RP_OK;
}


/*
 * End of http { }: every match= names a match block, and if some group
 * is checked, the master is asked for the health checker process.
 */
static int
rp_http_upstream_hc_init_main_conf(struct rp_conf *cf, void *conf)
{
    size_t                                 i;
    int                                    rc;
    struct rp_conf_token                   nowhere;
    struct rp_cycle_helper                *h;
    struct rp_http_upstream_hc_conf       *hc;
    struct rp_http_upstream_hc_main_conf  *hmcf = conf;

    hc = hmcf->checks.elts;
    rc = RP_OK;

    /* the message carries its own position: line 0 adds none */
    memset(&nowhere, 0, sizeof(nowhere));

    for (i = 0; i < hmcf->checks.nelts; i++) {
        if (hc[i].match_name.len == 0) {
            continue;
        }

        hc[i].match = rp_http_upstream_hc_match_find(hmcf,
                                                     &hc[i].match_name);
        if (hc[i].match == NULL) {
            rc = rp_conf_error_at(cf, &nowhere, "\"health_check\" names "
                                  "unknown match \"" RP_STR_FMT "\" in "
                                  RP_STR_FMT ":%u:%u",
                                  RP_STR_ARG(hc[i].match_name),
                                  RP_STR_ARG(hc[i].file), hc[i].line,
                                  hc[i].col);
        }
    }

    if (rc != RP_OK || hmcf->checks.nelts == 0) {
        return rc;
    }

    h = rp_cycle_add_helper(cf->cycle, "health checker");
    if (h == NULL) {
        return RP_ERROR;
    }

    h->init = rp_http_upstream_hc_start;
    h->data = hmcf;
    h->connections = rp_http_upstream_hc_count(hmcf) + 1;

    return RP_OK;
}


/* 1 if some health_check of <hmcf> probes the peers <peers>. */
static int
rp_http_upstream_hc_is_checked(
    const struct rp_http_upstream_hc_main_conf *hmcf,
    const struct rp_http_upstream_peers *peers)
{
    size_t                                  i;
    const struct rp_http_upstream_hc_conf  *hc = hmcf->checks.elts;

    for (i = 0; i < hmcf->checks.nelts; i++) {
        if (hc[i].us->peers == peers) {
            return 1;
        }
    }

    return 0;
}


/*
 * Hand the check state of <peers> to the health checker of <cycle>;
 * with <clear>, nobody checks them any more: forget their checks.
 */
static void
rp_http_upstream_hc_hand_over(struct rp_cycle *cycle,
    struct rp_http_upstream_peers *peers, int clear)
{
    size_t                           i;
    struct rp_http_upstream_shared  *sh;

    for (i = 0; peers && i < peers->number; i++) {
        sh = peers->peer[i].sh;

        /* first: the old checker stops writing (see the probe's verdict) */
        rp_atomic_set(&sh->hc_generation, (int64_t) cycle->generation);

        if (clear) {
            rp_atomic_set(&sh->hc_down, 0);
            rp_atomic_set(&sh->hc_fails, 0);
            rp_atomic_set(&sh->hc_passes, 0);
        }
    }
}


/*
 * Master, the last step of building a cycle, before forking: the
 * servers' check state now belongs to this cycle's health checker (the
 * old one, until it exits, leaves it alone), and the state of servers
 * no health_check of this configuration probes is cleared.  Groups made
 * by proxy_pass for a declared upstream share its peers, hence the
 * comparison by peers.
 */
static int
rp_http_upstream_hc_init_module(struct rp_cycle *cycle)
{
    size_t                                 i;
    int                                    clear;
    struct rp_http_conf_ctx               *ctx;
    struct rp_http_upstream_srv_conf     **us;
    struct rp_http_upstream_main_conf     *umcf;
    struct rp_http_upstream_hc_main_conf  *hmcf;

    ctx = rp_http_get_ctx(cycle);
    if (ctx == NULL) {
        return RP_OK;
    }

    umcf = rp_http_ctx_main_conf(ctx, &rp_http_upstream_module);
    hmcf = rp_http_ctx_main_conf(ctx, &rp_http_upstream_hc_module);
    us = umcf->upstreams.elts;

    for (i = 0; i < umcf->upstreams.nelts; i++) {
        if (us[i]->peers == NULL) {
            continue;
        }

        clear = !rp_http_upstream_hc_is_checked(hmcf, us[i]->peers);
        rp_http_upstream_hc_hand_over(cycle, us[i]->peers, clear);
        rp_http_upstream_hc_hand_over(cycle, us[i]->peers->backup, clear);
    }

    return RP_OK;
}
