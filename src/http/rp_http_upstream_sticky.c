/*
 * rp_http_upstream_sticky.c - "sticky cookie NAME [expires=T|max]
 * [domain=D] [path=P] [httponly] [secure] [samesite=strict|lax|none]":
 * a client stays on the server that first answered it.
 *
 * The first response to a client without the cookie carries
 * "Set-Cookie: NAME=VALUE" where VALUE names the server the group's
 * balancer chose: 16 hex digits of a hash of the server's name as
 * written in the config, so it is the same in every worker and after a
 * reload and does not show the address.  A later request with the
 * cookie goes to that server if it can take the request, even while it
 * is drained ("server ... drain" turns new clients away, not its own);
 * if it cannot (down, failed, busy, gone from the config), the balancer
 * chooses as for a new client and the response carries a new cookie.
 * The balancer underneath is whatever the group uses: sticky wraps its
 * pick (rp_http_upstream_sticky_init), it does not replace it.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_filters.h"
#include "rp_http_request.h"
#include "rp_http_upstream.h"
#include "rp_http_upstream_hash.h"
#include "rp_http_upstream_sticky.h"
#include "rp_http_variables.h"

#define RP_STICKY_VALUE_LEN  16          /* hex digits of a 64-bit hash */
#define RP_STICKY_MAX_AGE    315360000   /* "expires=max": 10 years */
#define RP_STICKY_MAX_DATE   "Thu, 31 Dec 2037 23:55:55 GMT"

enum rp_http_upstream_samesite {
    RP_STICKY_SAMESITE_OFF = 0,
    RP_STICKY_SAMESITE_STRICT,
    RP_STICKY_SAMESITE_LAX,
    RP_STICKY_SAMESITE_NONE
};

/* "sticky" of one group (us->sticky). */
struct rp_http_upstream_sticky {
    struct rp_str                              name;      /* the cookie */
    size_t                                     index;     /* $cookie_NAME */
    int64_t                                    expires;   /* s; -1: none */
    struct rp_str                              domain;    /* len 0: none */
    struct rp_str                              path;
    unsigned                                   samesite;
    unsigned                                   httponly:1;
    unsigned                                   secure:1;
    unsigned                                   max:1;     /* expires=max */

    /* built by rp_http_upstream_sticky_init() */
    const struct rp_http_upstream_balancer    *inner;
    struct rp_http_upstream_balancer           balancer;  /* the wrapper */
    const struct rp_http_upstream_server      *servers;   /* us->servers */
    u_char                                   (*value)[RP_STICKY_VALUE_LEN];
    size_t                                     nvalues;
};

/* One request's view (its module ctx). */
struct rp_http_upstream_sticky_req {
    const struct rp_http_upstream_sticky      *conf;
    rp_http_upstream_pick_pt                   pick;      /* the inner one */
    const struct rp_http_upstream_server      *server;    /* cookie's */
    unsigned                                   tried:1;
};

static int rp_http_upstream_sticky(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

static const struct rp_command  rp_http_upstream_sticky_commands[] = {

    { "sticky", RP_HTTP_UPS_CONF | RP_CONF_2MORE,
      rp_http_upstream_sticky, RP_HTTP_SRV_CONF_OFFSET, 0, NULL },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_http_module_ctx  rp_http_upstream_sticky_module_ctx = {
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

struct rp_module  rp_http_upstream_sticky_module = {
    "rp_http_upstream_sticky_module", RP_HTTP_MODULE,
    &rp_http_upstream_sticky_module_ctx, rp_http_upstream_sticky_commands,
    NULL, NULL, NULL, 0, 0
};


/* ---- the directive ------------------------------------------------------ */

/* 1 if <s> is a non-empty RFC 6265 cookie-name (an RFC 9110 token). */
static int
rp_http_upstream_sticky_is_token(const struct rp_str *s)
{
    size_t             i;
    u_char             ch;
    static const char  separators[] = "()<>@,;:\\\"/[]?={}";

    for (i = 0; i < s->len; i++) {
        ch = s->data[i];

        if (ch <= 0x20 || ch >= 0x7f
            || memchr(separators, ch, sizeof(separators) - 1) != NULL)
        {
            return 0;
        }
    }

    return s->len > 0;
}


/*
 * 1 if <s> (<skip> bytes of "name=" on) is a non-empty attribute value
 * that cannot end the attribute or the header early: no control byte,
 * space, ';', ',' or '"'.
 */
static int
rp_http_upstream_sticky_is_value(const struct rp_str *s, size_t skip)
{
    size_t  i;
    u_char  ch;

    for (i = skip; i < s->len; i++) {
        ch = s->data[i];

        if (ch <= 0x20 || ch >= 0x7f || ch == ';' || ch == ',' || ch == '"') {
            return 0;
        }
    }

    return s->len > skip;
}


#define rp_sticky_has_prefix(v, lit)                                         \
    ((v)->len >= sizeof(lit) - 1                                             \
     && memcmp((v)->data, lit, sizeof(lit) - 1) == 0)


/*
 * One parameter after the cookie name into <sc>.  RP_OK, or RP_ERROR
 * with *why a static reason.
 */
static int
rp_http_upstream_sticky_param(struct rp_http_upstream_sticky *sc,
    const struct rp_str *v, const char **why)
{
    int64_t        ms;
    struct rp_str  s;

    *why = "unknown parameter";

    if (rp_sticky_has_prefix(v, "expires=")) {
        *why = "expected a time or \"max\"";
        s.data = v->data + 8;
        s.len = v->len - 8;

        if (rp_str_eq_lit(&s, "max")) {
            sc->max = 1;
            sc->expires = RP_STICKY_MAX_AGE;
            return RP_OK;
        }

        if (rp_parse_msec(s.data, s.len, &ms) != RP_OK || ms < 1000) {
            return RP_ERROR;
        }

        sc->expires = ms / 1000;
        return RP_OK;
    }

    if (rp_sticky_has_prefix(v, "domain=")) {
        *why = "invalid or empty value";
        sc->domain.data = v->data + 7;
        sc->domain.len = v->len - 7;

        return rp_http_upstream_sticky_is_value(v, 7) ? RP_OK : RP_ERROR;
    }

    if (rp_sticky_has_prefix(v, "path=")) {
        *why = "invalid or empty value";
        sc->path.data = v->data + 5;
        sc->path.len = v->len - 5;

        return rp_http_upstream_sticky_is_value(v, 5) ? RP_OK : RP_ERROR;
    }

    if (rp_sticky_has_prefix(v, "samesite=")) {
        *why = "expected \"strict\", \"lax\" or \"none\"";
        s.data = v->data + 9;
        s.len = v->len - 9;
        sc->samesite = rp_str_eq_lit(&s, "strict") ? RP_STICKY_SAMESITE_STRICT
                       : rp_str_eq_lit(&s, "lax") ? RP_STICKY_SAMESITE_LAX
                       : rp_str_eq_lit(&s, "none") ? RP_STICKY_SAMESITE_NONE
                       : RP_STICKY_SAMESITE_OFF;

        return sc->samesite == RP_STICKY_SAMESITE_OFF ? RP_ERROR : RP_OK;
    }

    if (rp_str_eq_lit(v, "httponly")) {
        sc->httponly = 1;
        return RP_OK;
    }

    if (rp_str_eq_lit(v, "secure")) {
        sc->secure = 1;
        return RP_OK;
    }

    return RP_ERROR;
}


/* sticky cookie NAME [expires=T|max] [domain=D] [path=P] [httponly] ... */
static int
rp_http_upstream_sticky(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    int                                index;
    u_char                            *p;
    size_t                             i;
    const char                        *why;
    struct rp_str                      var;
    struct rp_conf_token              *tok;
    struct rp_http_upstream_sticky    *sc;
    struct rp_http_upstream_srv_conf  *us;

    us = rp_http_upstream_conf_here(cf);

    if (us->sticky) {
        return rp_conf_error_at(cf, rp_conf_arg(cf, 0),
                                "\"sticky\" directive is duplicate");
    }

    tok = rp_conf_arg(cf, 1);

    if (!rp_str_eq_lit(&tok->value, "cookie")) {
        return rp_conf_error_at(cf, tok, "invalid sticky method \""
                                RP_STR_FMT "\", only \"cookie\" is "
                                "supported", RP_STR_ARG(tok->value));
    }

    tok = rp_conf_arg(cf, 2);

    if (!rp_http_upstream_sticky_is_token(&tok->value)) {
        return rp_conf_error_at(cf, tok, "invalid cookie name \""
                                RP_STR_FMT "\"", RP_STR_ARG(tok->value));
    }

    sc = rp_pcalloc(cf->pool, sizeof(struct rp_http_upstream_sticky));
    if (sc == NULL) {
        return RP_ERROR;
    }

    sc->name = tok->value;
    sc->expires = -1;

    for (i = 3; i <= rp_conf_nargs(cf); i++) {
        tok = rp_conf_arg(cf, i);

        if (rp_http_upstream_sticky_param(sc, &tok->value, &why) != RP_OK) {
            return rp_conf_error_at(cf, tok, "invalid parameter \""
                                    RP_STR_FMT "\": %s",
                                    RP_STR_ARG(tok->value), why);
        }
    }

    /* the request's cookie is read through $cookie_NAME */
    var.len = sizeof("cookie_") - 1 + sc->name.len;
    var.data = rp_palloc(cf->pool, var.len);
    if (var.data == NULL) {
        return RP_ERROR;
    }

    p = rp_cpymem(var.data, "cookie_", sizeof("cookie_") - 1);
    memcpy(p, sc->name.data, sc->name.len);

    index = rp_http_get_variable_index(cf, &var);
    if (index == RP_ERROR) {
        return RP_ERROR;
    }

    sc->index = (size_t) index;
    us->sticky = sc;

    return RP_OK;
}


/* ---- the wrapper balancer ----------------------------------------------- */

/*
 * The cookie's server if it is in the set in use and can take this
 * attempt (drained or not), once per request; otherwise the balancer's
 * own pick.
 */
static struct rp_http_upstream_peer *
rp_http_upstream_sticky_pick(struct rp_http_upstream_rr_state *st,
    unsigned *busy)
{
    int                                   ok;
    size_t                                i;
    rp_msec_t                             now;
    struct rp_http_upstream_sticky_req   *sr;

    sr = rp_http_get_module_ctx(st->r, &rp_http_upstream_sticky_module);

    if (sr == NULL) {
        return rp_http_upstream_rr_pick(st, busy);
    }

    if (sr->server == NULL || sr->tried) {
        return sr->pick(st, busy);
    }

    for (i = 0; i < st->peers->number; i++) {
        if (st->peers->peer[i].server == sr->server) {
            break;
        }
    }

    if (i < st->peers->number) {
        sr->tried = 1;
        now = rp_current_msec;

        st->sticky = 1;
        ok = rp_http_upstream_rr_usable(st, i, now, busy);
        st->sticky = 0;

        if (ok && rp_http_upstream_rr_take(st, i, now)) {
            return &st->peers->peer[i];
        }
    }

    return sr->pick(st, busy);
}


/* The server of sc->servers whose value is <v>, or NULL. */
static const struct rp_http_upstream_server *
rp_http_upstream_sticky_find(const struct rp_http_upstream_sticky *sc,
    const struct rp_http_variable_value *v)
{
    size_t  i;

    if (v == NULL || v->not_found || v->len != RP_STICKY_VALUE_LEN) {
        return NULL;
    }

    for (i = 0; i < sc->nvalues; i++) {
        if (memcmp(sc->value[i], v->data, RP_STICKY_VALUE_LEN) == 0) {
            return &sc->servers[i];
        }
    }

    return NULL;
}


/* The wrapper's init_request: the inner one, then the cookie. */
static int
rp_http_upstream_sticky_init_request(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us, void **state)
{
    const struct rp_http_upstream_sticky  *sc = us->sticky;
    struct rp_http_upstream_rr_state      *st;
    struct rp_http_upstream_sticky_req    *sr;
    struct rp_http_variable_value         *v;

    if (sc->inner->init_request(r, us, state) != RP_OK) {
        return RP_ERROR;
    }

    /* every balancer is built on the round robin's state */
    st = *state;

    sr = rp_pcalloc(r->pool, sizeof(struct rp_http_upstream_sticky_req));
    if (sr == NULL) {
        return RP_ERROR;
    }

    sr->conf = sc;
    sr->pick = st->pick;

    v = rp_http_get_indexed_variable(r, sc->index);
    sr->server = rp_http_upstream_sticky_find(sc, v);

    rp_http_set_module_ctx(r, &rp_http_upstream_sticky_module, sr);
    st->pick = rp_http_upstream_sticky_pick;

    return RP_OK;
}


/* See rp_http_upstream_sticky.h. */
int
rp_http_upstream_sticky_init(struct rp_conf *cf,
    struct rp_http_upstream_srv_conf *us)
{
    size_t                                 i, k;
    uint64_t                               h;
    struct rp_http_upstream_sticky        *sc = us->sticky;
    const struct rp_http_upstream_server  *s;

    if (us->balancer == &sc->balancer) {
        return RP_OK;                   /* wrapped already */
    }

    s = us->servers.elts;
    sc->servers = s;
    sc->nvalues = us->servers.nelts;
    sc->value = rp_palloc(cf->pool, sc->nvalues * RP_STICKY_VALUE_LEN);
    if (sc->value == NULL) {
        return RP_ERROR;
    }

    for (i = 0; i < sc->nvalues; i++) {
        h = rp_http_upstream_hash64(s[i].name.data, s[i].name.len);

        for (k = 0; k < RP_STICKY_VALUE_LEN; k++) {
            sc->value[i][k] = "0123456789abcdef"[(h >> (60 - 4 * k)) & 0xf];
        }
    }

    sc->inner = us->balancer;
    sc->balancer = *us->balancer;
    sc->balancer.init_request = rp_http_upstream_sticky_init_request;
    us->balancer = &sc->balancer;

    return RP_OK;
}


/* ---- the response ------------------------------------------------------- */

/* The length of the Set-Cookie value of <sc> (an upper bound). */
static size_t
rp_http_upstream_sticky_len(const struct rp_http_upstream_sticky *sc)
{
    return sc->name.len + 1 + RP_STICKY_VALUE_LEN
           + sizeof("; Expires=") - 1 + 30
           + sizeof("; Max-Age=") - 1 + 20
           + sizeof("; Domain=") - 1 + sc->domain.len
           + sizeof("; Path=") - 1 + sc->path.len
           + sizeof("; HttpOnly; Secure; SameSite=Strict") - 1;
}


/* See rp_http_upstream_sticky.h. */
int
rp_http_upstream_sticky_header(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us,
    const struct rp_http_upstream_pc *pc)
{
    u_char                                *p;
    size_t                                 i;
    struct rp_str                          value;
    const struct rp_http_upstream_sticky  *sc = us->sticky;
    struct rp_http_upstream_sticky_req    *sr;

    if (sc == NULL || pc->peer == NULL) {
        return RP_OK;
    }

    sr = rp_http_get_module_ctx(r, &rp_http_upstream_sticky_module);

    if (sr && sr->conf == sc && sr->server == pc->peer->server) {
        return RP_OK;                   /* it has the right cookie */
    }

    for (i = 0; i < sc->nvalues; i++) {
        if (&sc->servers[i] == pc->peer->server) {
            break;
        }
    }

    if (i == sc->nvalues) {
        return RP_OK;                   /* not a server of the config */
    }

    value.data = rp_palloc(r->pool, rp_http_upstream_sticky_len(sc));
    if (value.data == NULL) {
        return RP_ERROR;
    }

    p = rp_cpymem(value.data, sc->name.data, sc->name.len);
    *p++ = '=';
    p = rp_cpymem(p, sc->value[i], RP_STICKY_VALUE_LEN);

    if (sc->expires >= 0) {
        p = rp_cpymem(p, "; Expires=", sizeof("; Expires=") - 1);

        if (sc->max) {
            p = rp_cpymem(p, RP_STICKY_MAX_DATE,
                          sizeof(RP_STICKY_MAX_DATE) - 1);
        } else {
            p += rp_http_time(p, rp_time_wall + (time_t) sc->expires);
        }

        p = rp_cpymem(p, "; Max-Age=", sizeof("; Max-Age=") - 1);
        p = rp_sprint_uint(p, (uint64_t) sc->expires);
    }

    if (sc->domain.len) {
        p = rp_cpymem(p, "; Domain=", sizeof("; Domain=") - 1);
        p = rp_cpymem(p, sc->domain.data, sc->domain.len);
    }

    if (sc->path.len) {
        p = rp_cpymem(p, "; Path=", sizeof("; Path=") - 1);
        p = rp_cpymem(p, sc->path.data, sc->path.len);
    }

    if (sc->httponly) {
        p = rp_cpymem(p, "; HttpOnly", sizeof("; HttpOnly") - 1);
    }

    if (sc->secure) {
        p = rp_cpymem(p, "; Secure", sizeof("; Secure") - 1);
    }

    if (sc->samesite != RP_STICKY_SAMESITE_OFF) {
        p = rp_cpymem(p, "; SameSite=", sizeof("; SameSite=") - 1);
        p = (sc->samesite == RP_STICKY_SAMESITE_STRICT)
            ? rp_cpymem(p, "Strict", 6)
            : (sc->samesite == RP_STICKY_SAMESITE_LAX)
            ? rp_cpymem(p, "Lax", 3) : rp_cpymem(p, "None", 4);
    }

    value.len = (size_t) (p - value.data);

    return rp_http_add_header_out(r, "Set-Cookie", &value) ? RP_OK
                                                            : RP_ERROR;
}
