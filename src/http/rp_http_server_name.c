/*
 * rp_http_server_name.c - virtual servers (DESIGN 4, step 2: once the
 * headers are read, the Host chooses the server among those listening
 * on the connection's address, then rp_http_location.c the location).
 *
 * "server_name" records each server's names as written (lowercased).
 * After the http block is merged, every listen address gets its own
 * lookup, built from the names of the servers reachable there: three
 * sorted tables searched by binary search - exact names, leading
 * wildcards stored as their suffix (".example.com"), trailing wildcards
 * stored as their prefix ("www.example.") - plus the regexes in config
 * order.  A Host is tried against the exact table, then against each of
 * its suffixes that start at a dot (longest first), then each of its
 * prefixes that end at a dot (longest first), then the regexes, which
 * is nginx's precedence.  Host values are validated and normalised by
 * rp_http_validate_host() before any of this sees them.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_request.h"
#include "rp_http_server_name.h"
#include "rp_http_variables.h"
#include "rp_regex.h"

#include <stdlib.h>

#define RP_HTTP_VNAME_EXACT  0
#define RP_HTTP_VNAME_HEAD   1   /* *.example.com, key ".example.com" */
#define RP_HTTP_VNAME_TAIL   2   /* www.example.*, key "www.example." */
#define RP_HTTP_VNAME_TABLES 3

/* One key of a table, with the name it came from (for warnings). */
struct rp_http_vname {
    struct rp_str                   key;
    struct rp_str                   name;
    struct rp_http_core_srv_conf   *server;
    size_t                          seq;      /* config order */
};

struct rp_http_vtable {
    struct rp_http_vname           *keys;     /* sorted by key */
    size_t                          n;
};

/* What addr->virtual_names points at. */
struct rp_http_virtual_names {
    struct rp_http_vtable           tables[RP_HTTP_VNAME_TABLES];
    struct rp_http_server_name     *regex;    /* config order */
    size_t                          nregex;
};


/* ---------------------------------------------------------------------
 * server_name
 */

/*
 * 1 if <name> is an exact name or a well-formed wildcard: at most one
 * '*', only as a whole first label ("*.x") or last one ("x.*"), and no
 * empty label; ".x" is also accepted.
 */
static int
rp_http_server_name_is_valid(const struct rp_str *name)
{
    const u_char  *p, *last;
    unsigned       head;

    if (name->len == 0) {
        return 1;
    }

    p = name->data;
    last = p + name->len;
    head = 1;

    if (name->len >= 2 && p[0] == '*' && p[1] == '.') {
        p += 2;
    } else if (p[0] == '.') {
        p++;
    } else {
        head = 0;
    }

    if (last - p >= 2 && last[-1] == '*' && last[-2] == '.') {
        if (head) {
            return 0;
        }
        last -= 2;
    }

    if (p == last || *p == '.' || last[-1] == '.') {
        return 0;
    }

    for ( /* void */ ; p < last; p++) {
        if (*p == '*' || (*p == '.' && p[1] == '.')) {
            return 0;
        }
    }

    return 1;
}


/* server_name ~regex: caseless, as the Host it is matched with is. */
static int
rp_http_server_name_regex(struct rp_conf *cf,
    struct rp_http_core_srv_conf *cscf, const struct rp_conf_token *tok)
{
    struct rp_http_server_name  *sn;
    struct rp_regex             *re;
    struct rp_str                pattern;

    pattern.data = tok->value.data + 1;
    pattern.len = tok->value.len - 1;

    if (pattern.len == 0) {
        return rp_conf_error_at(cf, tok, "empty regex in server name \""
                                RP_STR_FMT "\"", RP_STR_ARG(tok->value));
    }

    re = rp_http_regex_compile(cf, &pattern, RP_REGEX_CASELESS);
    if (re == NULL) {
        return RP_ERROR;
    }

    sn = rp_array_push(&cscf->server_names);
    if (sn == NULL) {
        return RP_ERROR;
    }

    sn->name = pattern;
    sn->regex = re;
    sn->server = cscf;

    return RP_OK;
}


/* See rp_http_server_name.h. */
int
rp_http_core_server_name(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_core_srv_conf  *cscf = conf;
    struct rp_http_server_name    *sn;
    struct rp_conf_token          *tok;
    size_t                         i, j;
    u_char                        *low;

    for (i = 1; i <= rp_conf_nargs(cf); i++) {
        tok = rp_conf_arg(cf, i);

        if (tok->value.len && tok->value.data[0] == '~') {
            if (rp_http_server_name_regex(cf, cscf, tok) != RP_OK) {
                return RP_ERROR;
            }

        } else {
            if (!rp_http_server_name_is_valid(&tok->value)) {
                return rp_conf_error_at(cf, tok, "invalid server name or "
                                        "wildcard \"" RP_STR_FMT "\"",
                                        RP_STR_ARG(tok->value));
            }

            /* a copy: the token's bytes are the config text (-T dump) */
            low = rp_palloc(cf->pool, tok->value.len + 1);
            sn = rp_array_push(&cscf->server_names);
            if (low == NULL || sn == NULL) {
                return RP_ERROR;
            }

            for (j = 0; j < tok->value.len; j++) {
                low[j] = rp_tolower(tok->value.data[j]);
            }
            low[j] = '\0';

            sn->name.data = low;
            sn->name.len = tok->value.len;
            sn->regex = NULL;
            sn->server = cscf;
        }

        if (cscf->server_name.data == NULL) {
            sn = cscf->server_names.elts;
            cscf->server_name = sn[cscf->server_names.nelts - 1].name;
        }
    }

    (void) cmd;

    return RP_OK;
}


/* ---------------------------------------------------------------------
 * building an address's lookup
 */

static int
rp_http_vname_cmp_key(const u_char *a, size_t alen, const u_char *b,
    size_t blen)
{
    size_t  n;
    int     rc;

    /* memcmp() with a NULL pointer is undefined even for 0 bytes */
    n = rp_min(alen, blen);
    rc = n ? memcmp(a, b, n) : 0;

    if (rc != 0) {
        return rc;
    }

    return (alen > blen) - (alen < blen);
}


/* Key order, then config order, so that the first of a run wins. */
static int
rp_http_vname_cmp(const void *one, const void *two)
{
    const struct rp_http_vname  *a = one, *b = two;
    int                          rc;

    rc = rp_http_vname_cmp_key(a->key.data, a->key.len, b->key.data,
                               b->key.len);
    if (rc != 0) {
        return rc;
    }

    return (a->seq > b->seq) - (a->seq < b->seq);
}


static void
rp_http_vtable_add(struct rp_http_vtable *t, const u_char *key, size_t len,
    const struct rp_http_server_name *sn, size_t seq)
{
    struct rp_http_vname  *v = &t->keys[t->n++];

    v->key.data = (u_char *) key;
    v->key.len = len;
    v->name = sn->name;
    v->server = sn->server;
    v->seq = seq;
}


/* File <sn> under the table(s) its shape calls for. */
static void
rp_http_virtual_names_add(struct rp_http_virtual_names *vn,
    const struct rp_http_server_name *sn, size_t seq)
{
    struct rp_http_vtable  *t = vn->tables;
    const struct rp_str    *name = &sn->name;

    if (sn->regex) {
        vn->regex[vn->nregex++] = *sn;

    } else if (name->len >= 2 && name->data[0] == '*') {
        rp_http_vtable_add(&t[RP_HTTP_VNAME_HEAD], name->data + 1,
                           name->len - 1, sn, seq);

    } else if (name->len >= 2 && name->data[0] == '.') {
        /* ".example.com" is example.com and *.example.com */
        rp_http_vtable_add(&t[RP_HTTP_VNAME_HEAD], name->data, name->len,
                           sn, seq);
        rp_http_vtable_add(&t[RP_HTTP_VNAME_EXACT], name->data + 1,
                           name->len - 1, sn, seq);

    } else if (name->len >= 2 && name->data[name->len - 1] == '*') {
        rp_http_vtable_add(&t[RP_HTTP_VNAME_TAIL], name->data,
                           name->len - 1, sn, seq);

    } else {
        rp_http_vtable_add(&t[RP_HTTP_VNAME_EXACT], name->data, name->len,
                           sn, seq);
    }
}


/* Sort <t> and drop every key but the first, warning as nginx does. */
static void
rp_http_vtable_sort(struct rp_conf *cf, struct rp_http_vtable *t,
    const struct rp_http_addr_conf *addr)
{
    size_t  i, n;

    qsort(t->keys, t->n, sizeof(struct rp_http_vname), rp_http_vname_cmp);

    for (i = 0, n = 0; i < t->n; i++) {
        if (n && rp_str_eq(&t->keys[n - 1].key, &t->keys[i].key)) {
            rp_log_error(RP_LOG_WARN, cf->log, 0, "conflicting server name \""
                         RP_STR_FMT "\" on " RP_STR_FMT ", ignored",
                         RP_STR_ARG(t->keys[i].name),
                         RP_STR_ARG(addr->opt.addr_text));
            continue;
        }

        t->keys[n++] = t->keys[i];
    }

    t->n = n;
}


/*
 * Give a server without server_name the name "" (requests without a
 * Host, or with an empty one), as nginx does; count the names.
 */
static int
rp_http_server_names_default(struct rp_http_addr_conf *addr, size_t *count)
{
    struct rp_http_core_srv_conf  **servers = addr->servers.elts;
    struct rp_http_server_name     *sn;
    size_t                          i;

    *count = 0;

    for (i = 0; i < addr->servers.nelts; i++) {
        if (servers[i]->server_names.nelts == 0) {
            sn = rp_array_push(&servers[i]->server_names);
            if (sn == NULL) {
                return RP_ERROR;
            }

            rp_str_set(&sn->name, "");
            sn->regex = NULL;
            sn->server = servers[i];
        }

        if (servers[i]->server_name.data == NULL) {
            rp_str_set(&servers[i]->server_name, "");
        }

        *count += servers[i]->server_names.nelts;
    }

    return RP_OK;
}


/* See rp_http_server_name.h. */
int
rp_http_server_names_init(struct rp_conf *cf, struct rp_http_addr_conf *addr)
{
    struct rp_http_core_srv_conf  **servers = addr->servers.elts;
    struct rp_http_virtual_names   *vn;
    struct rp_http_server_name     *sn;
    size_t                          i, j, k, count, seq;

    if (rp_http_server_names_default(addr, &count) != RP_OK) {
        return RP_ERROR;
    }

    vn = rp_pcalloc(cf->pool, sizeof(struct rp_http_virtual_names));
    if (vn == NULL) {
        return RP_ERROR;
    }

    /* each name adds at most one key to each table */
    for (k = 0; k < RP_HTTP_VNAME_TABLES; k++) {
        vn->tables[k].keys = rp_palloc(cf->pool, (count + 1)
                                       * sizeof(struct rp_http_vname));
        if (vn->tables[k].keys == NULL) {
            return RP_ERROR;
        }
    }

    vn->regex = rp_palloc(cf->pool, (count + 1)
                                    * sizeof(struct rp_http_server_name));
    if (vn->regex == NULL) {
        return RP_ERROR;
    }

    seq = 0;

    for (i = 0; i < addr->servers.nelts; i++) {
        sn = servers[i]->server_names.elts;

        for (j = 0; j < servers[i]->server_names.nelts; j++) {
            rp_http_virtual_names_add(vn, &sn[j], seq++);
        }
    }

    for (k = 0; k < RP_HTTP_VNAME_TABLES; k++) {
        rp_http_vtable_sort(cf, &vn->tables[k], addr);
    }

    addr->virtual_names = vn;

    return RP_OK;
}


/* ---------------------------------------------------------------------
 * lookup
 */

static struct rp_http_core_srv_conf *
rp_http_vtable_find(const struct rp_http_vtable *t, const u_char *s,
    size_t len)
{
    size_t  lo, hi, mid;
    int     rc;

    lo = 0;
    hi = t->n;

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        rc = rp_http_vname_cmp_key(t->keys[mid].key.data, t->keys[mid].key.len,
                                   s, len);
        if (rc == 0) {
            return t->keys[mid].server;
        }

        if (rc < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }

    return NULL;
}


/* Longest "*.suffix" of <host>: its suffixes from each dot, leftmost
 * first; the wildcard stands for at least one byte. */
static struct rp_http_core_srv_conf *
rp_http_find_head_wildcard(const struct rp_http_vtable *t,
    const struct rp_str *host)
{
    struct rp_http_core_srv_conf  *cscf;
    size_t                         i;

    for (i = 1; t->n && i < host->len; i++) {
        if (host->data[i] != '.') {
            continue;
        }

        cscf = rp_http_vtable_find(t, host->data + i, host->len - i);
        if (cscf) {
            return cscf;
        }
    }

    return NULL;
}


/* Longest "prefix.*" of <host>: its prefixes up to each dot, rightmost
 * first; the wildcard stands for at least one byte. */
static struct rp_http_core_srv_conf *
rp_http_find_tail_wildcard(const struct rp_http_vtable *t,
    const struct rp_str *host)
{
    struct rp_http_core_srv_conf  *cscf;
    size_t                         i;

    for (i = host->len - 1; t->n && i > 0; i--) {
        if (host->data[i - 1] != '.') {
            continue;
        }

        cscf = rp_http_vtable_find(t, host->data, i);
        if (cscf) {
            return cscf;
        }
    }

    return NULL;
}


/* See rp_http_server_name.h. */
struct rp_http_core_srv_conf *
rp_http_find_virtual_server(struct rp_http_addr_conf *addr,
    const struct rp_str *host, struct rp_http_request *r)
{
    struct rp_http_virtual_names  *vn = addr->virtual_names;
    struct rp_http_core_srv_conf  *cscf;
    size_t                         i;
    int                            rc;

    if (vn == NULL) {
        return addr->default_server;
    }

    cscf = rp_http_vtable_find(&vn->tables[RP_HTTP_VNAME_EXACT], host->data,
                               host->len);

    if (cscf == NULL && host->len) {
        cscf = rp_http_find_head_wildcard(&vn->tables[RP_HTTP_VNAME_HEAD],
                                          host);
        if (cscf == NULL) {
            cscf = rp_http_find_tail_wildcard(
                       &vn->tables[RP_HTTP_VNAME_TAIL], host);
        }
    }

    if (cscf) {
        return cscf;
    }

    for (i = 0; i < vn->nregex; i++) {
        if (r) {
            rc = rp_http_regex_exec(r, vn->regex[i].regex, host);
        } else {
            rc = rp_regex_exec(vn->regex[i].regex, host->data, host->len,
                               NULL, 0);
            rc = (rc >= 0) ? RP_OK : rc;
        }

        if (rc == RP_OK) {
            return vn->regex[i].server;
        }

        /*
         * A matching error (PCRE2's match limit: the Host is the
         * client's, the regex the operator's) was logged by the exec;
         * the request gets the server any unknown Host gets, which the
         * client could have had by asking for it.
         */
        if (rc != RP_DECLINED) {
            break;
        }
    }

    return addr->default_server;
}


/* ---------------------------------------------------------------------
 * Host validation
 */

/* Scan "[v6]" of <h>; the index past ']', or 0 if malformed. */
static size_t
rp_http_validate_literal(const u_char *h, size_t len)
{
    size_t  i;
    u_char  ch;

    for (i = 1; i < len; i++) {
        ch = h[i];

        if (ch == ']') {
            return (i > 1) ? i + 1 : 0;
        }

        /* RFC 3986 3.2.2: hex digits, ':' and '.' (IPv4 tail, IPvFuture) */
        if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z')
              || (ch >= 'A' && ch <= 'Z') || ch == ':' || ch == '.'))
        {
            return 0;
        }
    }

    return 0;
}


/* Scan a reg-name up to ':' or the end; the index reached, or 0 if bad. */
static size_t
rp_http_validate_name(const u_char *h, size_t len)
{
    size_t  i;
    u_char  ch;

    for (i = 0; i < len; i++) {
        ch = h[i];

        if (ch == ':') {
            break;
        }

        if (ch == '.') {
            /* a leading dot or an empty label */
            if (i == 0 || h[i - 1] == '.') {
                return 0;
            }
            continue;
        }

        /* no path, no whitespace or control bytes (log and header
         * forging), no brackets outside an IPv6 literal */
        if (ch <= 0x20 || ch == 0x7f || ch == '/' || ch == '\\'
            || ch == '[' || ch == ']')
        {
            return 0;
        }
    }

    return (i == 0 && len) ? 0 : i;
}


/* See rp_http_server_name.h. */
int
rp_http_validate_host(struct rp_str *host, struct rp_pool *pool)
{
    u_char  *h = host->data, *low;
    size_t   i, end, len = host->len;
    int      upper;

    if (len == 0) {
        return RP_OK;
    }

    if (h[0] == '[') {
        end = rp_http_validate_literal(h, len);
    } else {
        end = rp_http_validate_name(h, len);
    }

    if (end == 0) {
        return RP_DECLINED;
    }

    /* RFC 3986 3.2.3: port = *DIGIT */
    if (end < len) {
        if (h[end] != ':') {
            return RP_DECLINED;
        }

        for (i = end + 1; i < len; i++) {
            if (h[i] < '0' || h[i] > '9') {
                return RP_DECLINED;
            }
        }
    }

    if (h[0] != '[' && h[end - 1] == '.') {
        end--;
    }

    if (end == 0) {
        return RP_DECLINED;
    }

    upper = 0;

    for (i = 0; i < end; i++) {
        if (h[i] >= 'A' && h[i] <= 'Z') {
            upper = 1;
            break;
        }
    }

    if (upper) {
        low = rp_palloc(pool, end);
        if (low == NULL) {
            return RP_ERROR;
        }

        for (i = 0; i < end; i++) {
            low[i] = rp_tolower(h[i]);
        }

        host->data = low;
    }

    host->len = end;

    return RP_OK;
}
