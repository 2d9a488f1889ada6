/*
 * rp_http_location.c - "location" blocks and location matching (DESIGN
 * 4, step 2: after the server is chosen, before the access phases).
 *
 * At config time each location becomes a core loc conf whose children
 * are kept in config order; after merging, every level gets a lookup
 * structure for its exact and prefix locations and a list of its regex
 * locations.  The prefix lookup is a sorted array of names (bytes, then
 * length: every name that starts with P follows P directly) in which
 * each node also records its "parent", the longest prefix location that
 * is a proper prefix of its name.  For a URI, binary search finds the
 * last name <= URI (its predecessor); the longest prefix location of the
 * URI is either that node or one of its parents, namely the first on the
 * parent chain not longer than the bytes the predecessor shares with the
 * URI (any name between a prefix of the URI and the URI starts with that
 * prefix).  A lookup therefore costs O(log n) comparisons plus the depth
 * of the prefix chain, with no tree to balance, and an exact location is
 * simply the predecessor when it equals the URI.  Matching order is
 * nginx's, quirks included, so existing configurations behave the same.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_location.h"
#include "rp_http_request.h"
#include "rp_http_variables.h"
#include "rp_regex.h"

#include <stdlib.h>

/* One name of a level: an exact location, a prefix one, or both. */
struct rp_http_location_node {
    struct rp_str                   name;
    struct rp_http_core_loc_conf   *exact;       /* "= name" */
    struct rp_http_core_loc_conf   *inclusive;   /* "name" or "^~ name" */
    ssize_t                         parent;      /* index, -1: none */
};

/* What clcf->static_tree points at. */
struct rp_http_location_tree {
    struct rp_http_location_node   *nodes;       /* sorted by name */
    size_t                          n;
    struct rp_http_core_loc_conf  **named;       /* @name, server level */
    size_t                          nnamed;
};


static struct rp_http_core_loc_conf *
rp_http_location_core(void **loc_conf)
{
    return loc_conf[rp_http_core_module.ctx_index];
}


/* ---------------------------------------------------------------------
 * location [ = | ^~ | ~ | ~* ] uri { ... }
 */

/*
 * Read the modifier and the name of the directive in cf->args into
 * <clcf>; <*regex> says whether it is a regex location and <*tok> is the
 * token holding the name.  RP_OK, or RP_ERROR after reporting.
 */
static int
rp_http_location_args(struct rp_conf *cf, struct rp_http_core_loc_conf *clcf,
    unsigned *regex, struct rp_conf_token **tok)
{
    struct rp_conf_token  *mod;
    struct rp_str          name;

    *regex = 0;

    if (rp_conf_nargs(cf) == 2) {
        mod = rp_conf_arg(cf, 1);
        *tok = rp_conf_arg(cf, 2);
        name = (*tok)->value;

        if (rp_str_eq_lit(&mod->value, "=")) {
            clcf->exact_match = 1;
        } else if (rp_str_eq_lit(&mod->value, "^~")) {
            clcf->noregex = 1;
        } else if (rp_str_eq_lit(&mod->value, "~")) {
            *regex = 1;
        } else if (rp_str_eq_lit(&mod->value, "~*")) {
            *regex = 1;
            clcf->regex_caseless = 1;
        } else {
            return rp_conf_error_at(cf, mod, "invalid location modifier \""
                                    RP_STR_FMT "\"", RP_STR_ARG(mod->value));
        }

        clcf->name = name;
        return RP_OK;
    }

    /* one argument: the modifier may be glued to the name, "=/x" */
    *tok = rp_conf_arg(cf, 1);
    name = (*tok)->value;

    if (name.len && name.data[0] == '=') {
        clcf->exact_match = 1;
        name.data++;
        name.len--;

    } else if (name.len >= 2 && name.data[0] == '^' && name.data[1] == '~') {
        clcf->noregex = 1;
        name.data += 2;
        name.len -= 2;

    } else if (name.len && name.data[0] == '~') {
        *regex = 1;
        name.data++;
        name.len--;

        if (name.len && name.data[0] == '*') {
            clcf->regex_caseless = 1;
            name.data++;
            name.len--;
        }

    } else if (name.len && name.data[0] == '@') {
        clcf->named = 1;
    }

    clcf->name = name;

    return RP_OK;
}


/*
 * nginx's nesting rules for <clcf> inside <pclcf> (a location, not the
 * server level).  RP_OK, or RP_ERROR after reporting at <tok>.
 */
static int
rp_http_location_check_nesting(struct rp_conf *cf,
    const struct rp_http_core_loc_conf *pclcf,
    const struct rp_http_core_loc_conf *clcf, unsigned regex,
    const struct rp_conf_token *tok)
{
    if (pclcf->exact_match) {
        return rp_conf_error_at(cf, tok, "location \"" RP_STR_FMT "\" cannot "
                                "be inside the exact location \"" RP_STR_FMT
                                "\"", RP_STR_ARG(clcf->name),
                                RP_STR_ARG(pclcf->name));
    }

    if (pclcf->named) {
        return rp_conf_error_at(cf, tok, "location \"" RP_STR_FMT "\" cannot "
                                "be inside the named location \"" RP_STR_FMT
                                "\"", RP_STR_ARG(clcf->name),
                                RP_STR_ARG(pclcf->name));
    }

    if (clcf->named) {
        return rp_conf_error_at(cf, tok, "named location \"" RP_STR_FMT "\" "
                                "can be on the server level only",
                                RP_STR_ARG(clcf->name));
    }

    /*
     * A nested prefix or exact location can only ever match inside its
     * parent if it starts with the parent's name (for a regex parent,
     * with its pattern text, as in nginx).
     */
    if (!regex
        && (clcf->name.len < pclcf->name.len
            || memcmp(clcf->name.data, pclcf->name.data, pclcf->name.len)
               != 0))
    {
        return rp_conf_error_at(cf, tok, "location \"" RP_STR_FMT "\" is "
                                "outside location \"" RP_STR_FMT "\"",
                                RP_STR_ARG(clcf->name),
                                RP_STR_ARG(pclcf->name));
    }

    return RP_OK;
}


/*
 * Append <clcf> to the locations of <pclcf>, rejecting a second exact,
 * a second prefix ("/x" and "^~ /x" are both prefixes) or a second
 * named location of the same name.  Regex locations may repeat.
 */
static int
rp_http_location_add(struct rp_conf *cf, struct rp_http_core_loc_conf *pclcf,
    struct rp_http_core_loc_conf *clcf, unsigned regex,
    const struct rp_conf_token *tok)
{
    struct rp_http_core_loc_conf  **sib, **p;
    size_t                          i;

    if (pclcf->locations == NULL) {
        pclcf->locations = rp_array_create(cf->pool, 4,
                                       sizeof(struct rp_http_core_loc_conf *));
        if (pclcf->locations == NULL) {
            return RP_ERROR;
        }
    }

    sib = pclcf->locations->elts;

    for (i = 0; !regex && i < pclcf->locations->nelts; i++) {
        if (sib[i]->regex || sib[i]->named != clcf->named
            || sib[i]->exact_match != clcf->exact_match
            || !rp_str_eq(&sib[i]->name, &clcf->name))
        {
            continue;
        }

        return rp_conf_error_at(cf, tok, "duplicate location \"" RP_STR_FMT
                                "\"", RP_STR_ARG(clcf->name));
    }

    p = rp_array_push(pclcf->locations);
    if (p == NULL) {
        return RP_ERROR;
    }

    *p = clcf;

    return RP_OK;
}


/* See rp_http_location.h. */
int
rp_http_core_location(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_core_loc_conf  *pclcf = conf, *clcf;
    struct rp_http_conf_ctx       *ctx, *pctx = cf->ctx;
    struct rp_conf_token          *tok;
    void                          *saved_ctx;
    unsigned                       saved_cmd, regex;
    int                            rc;

    ctx = rp_pcalloc(cf->pool, sizeof(struct rp_http_conf_ctx));
    if (ctx == NULL) {
        return RP_ERROR;
    }

    ctx->main_conf = pctx->main_conf;
    ctx->srv_conf = pctx->srv_conf;

    if (rp_http_create_loc_confs(cf, ctx) != RP_OK) {
        return RP_ERROR;
    }

    clcf = rp_http_location_core(ctx->loc_conf);
    clcf->is_location = 1;
    clcf->loc_conf = ctx->loc_conf;
    clcf->parent = pclcf;

    if (rp_http_location_args(cf, clcf, &regex, &tok) != RP_OK) {
        return RP_ERROR;
    }

    if (pclcf->is_location
        && rp_http_location_check_nesting(cf, pclcf, clcf, regex, tok)
           != RP_OK)
    {
        return RP_ERROR;
    }

    if (regex) {
        /* PCRE2 JIT, at load; the compiler reports errors with offsets */
        clcf->regex = rp_http_regex_compile(cf, &clcf->name,
                                            clcf->regex_caseless
                                            ? RP_REGEX_CASELESS : 0);
        if (clcf->regex == NULL) {
            return RP_ERROR;
        }
    }

    if (rp_http_location_add(cf, pclcf, clcf, regex, tok) != RP_OK) {
        return RP_ERROR;
    }

    saved_ctx = cf->ctx;
    saved_cmd = cf->cmd_type;
    cf->ctx = ctx;
    cf->cmd_type = RP_HTTP_LOC_CONF;

    rc = rp_conf_parse(cf, NULL);

    cf->ctx = saved_ctx;
    cf->cmd_type = saved_cmd;

    (void) cmd;

    return rc;
}


/* See rp_http_location.h. */
int
rp_http_merge_locations(struct rp_conf *cf, struct rp_array *locations,
    void **parent_loc_conf, const struct rp_http_module_ctx *mctx,
    size_t ctx_index)
{
    struct rp_http_core_loc_conf  **clcfp;
    size_t                          i;

    if (locations == NULL || mctx->merge_loc_conf == NULL) {
        return RP_OK;
    }

    clcfp = locations->elts;

    for (i = 0; i < locations->nelts; i++) {
        if (mctx->merge_loc_conf(cf, parent_loc_conf[ctx_index],
                                 clcfp[i]->loc_conf[ctx_index]) != RP_OK)
        {
            return RP_ERROR;
        }

        if (rp_http_merge_locations(cf, clcfp[i]->locations,
                                    clcfp[i]->loc_conf, mctx, ctx_index)
            != RP_OK)
        {
            return RP_ERROR;
        }
    }

    return RP_OK;
}


/* ---------------------------------------------------------------------
 * the lookup structure
 */

/* Byte order, and a prefix before the longer names it starts. */
static int
rp_http_location_cmp(const u_char *a, size_t alen, const u_char *b,
    size_t blen)
{
    int  rc;

    rc = memcmp(a, b, rp_min(alen, blen));

    if (rc != 0) {
        return rc;
    }

    return (alen > blen) - (alen < blen);
}


static int
rp_http_location_node_cmp(const void *one, const void *two)
{
    const struct rp_http_location_node  *a = one, *b = two;

    return rp_http_location_cmp(a->name.data, a->name.len, b->name.data,
                                b->name.len);
}


/* Index of the last node whose name is <= [s, s + len), or -1. */
static ssize_t
rp_http_location_pred(const struct rp_http_location_tree *tree,
    const u_char *s, size_t len)
{
    size_t  lo, hi, mid;

    lo = 0;
    hi = tree->n;

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;

        if (rp_http_location_cmp(tree->nodes[mid].name.data,
                                 tree->nodes[mid].name.len, s, len) <= 0)
        {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }

    return (ssize_t) lo - 1;
}


/*
 * The longest prefix location that is a prefix of [s, s + len), given
 * <i>, the index of the predecessor of s (see the file comment); -1 if
 * none.
 */
static ssize_t
rp_http_location_longest(const struct rp_http_location_tree *tree,
    ssize_t i, const u_char *s, size_t len)
{
    const struct rp_http_location_node  *node;
    size_t                               common, max;

    if (i < 0) {
        return -1;
    }

    node = &tree->nodes[i];
    max = rp_min(node->name.len, len);

    for (common = 0; common < max; common++) {
        if (node->name.data[common] != s[common]) {
            break;
        }
    }

    while (i >= 0) {
        node = &tree->nodes[i];

        if (node->inclusive && node->name.len <= common) {
            return i;
        }

        i = node->parent;
    }

    return -1;
}


/*
 * Fill <tree> from the exact and prefix locations among <children>:
 * sort, join an exact and a prefix location of the same name into one
 * node, link each node to its parent.
 */
static int
rp_http_location_build(struct rp_conf *cf, struct rp_http_location_tree *tree,
    struct rp_http_core_loc_conf **children, size_t n)
{
    struct rp_http_location_node  *nodes, *last;
    size_t                         i, k;

    nodes = rp_palloc(cf->pool, n * sizeof(struct rp_http_location_node));
    if (nodes == NULL) {
        return RP_ERROR;
    }

    for (i = 0, k = 0; i < n; i++) {
        if (children[i]->regex || children[i]->named) {
            continue;
        }

        nodes[k].name = children[i]->name;
        nodes[k].exact = children[i]->exact_match ? children[i] : NULL;
        nodes[k].inclusive = children[i]->exact_match ? NULL : children[i];
        nodes[k].parent = -1;
        k++;
    }

    qsort(nodes, k, sizeof(struct rp_http_location_node),
          rp_http_location_node_cmp);

    /* the parser let at most one exact and one prefix share a name */
    tree->nodes = nodes;
    tree->n = 0;

    for (i = 0; i < k; i++) {
        last = tree->n ? &nodes[tree->n - 1] : NULL;

        if (last && rp_str_eq(&last->name, &nodes[i].name)) {
            if (nodes[i].exact) {
                last->exact = nodes[i].exact;
            } else {
                last->inclusive = nodes[i].inclusive;
            }
            continue;
        }

        nodes[tree->n++] = nodes[i];
    }

    /* a node's predecessor among the earlier ones is the node before it */
    for (i = 1; i < tree->n; i++) {
        nodes[i].parent = rp_http_location_longest(tree, (ssize_t) i - 1,
                                                   nodes[i].name.data,
                                                   nodes[i].name.len);
    }

    return RP_OK;
}


/* Sort <clcf>'s children into the static tree, regex and named lists. */
static int
rp_http_location_init_level(struct rp_conf *cf,
    struct rp_http_core_loc_conf *clcf)
{
    struct rp_http_core_loc_conf  **children, **p;
    struct rp_http_location_tree   *tree;
    size_t                          i, n;

    children = clcf->locations->elts;
    n = clcf->locations->nelts;

    tree = rp_pcalloc(cf->pool, sizeof(struct rp_http_location_tree));
    if (tree == NULL
        || rp_http_location_build(cf, tree, children, n) != RP_OK)
    {
        return RP_ERROR;
    }

    for (i = 0; i < n; i++) {
        if (children[i]->named) {
            if (tree->named == NULL) {
                tree->named = rp_palloc(cf->pool, n * sizeof(*tree->named));
                if (tree->named == NULL) {
                    return RP_ERROR;
                }
            }

            tree->named[tree->nnamed++] = children[i];
            continue;
        }

        if (children[i]->regex == NULL) {
            continue;
        }

        if (clcf->regex_locations == NULL) {
            clcf->regex_locations = rp_array_create(cf->pool, 4,
                                       sizeof(struct rp_http_core_loc_conf *));
            if (clcf->regex_locations == NULL) {
                return RP_ERROR;
            }
        }

        p = rp_array_push(clcf->regex_locations);
        if (p == NULL) {
            return RP_ERROR;
        }

        *p = children[i];
    }

    clcf->static_tree = tree;

    return RP_OK;
}


/* See rp_http_location.h. */
int
rp_http_init_locations(struct rp_conf *cf, struct rp_http_core_loc_conf *clcf)
{
    struct rp_http_core_loc_conf  **children;
    size_t                          i;

    if (clcf->locations == NULL || clcf->static_tree) {
        return RP_OK;
    }

    children = clcf->locations->elts;

    for (i = 0; i < clcf->locations->nelts; i++) {
        if (rp_http_init_locations(cf, children[i]) != RP_OK) {
            return RP_ERROR;
        }
    }

    return rp_http_location_init_level(cf, clcf);
}


/* ---------------------------------------------------------------------
 * matching
 */

/*
 * Exact or longest prefix location of r->uri among <tree>'s: RP_OK with
 * an exact one, RP_AGAIN with a prefix one (both in <*found>),
 * RP_DECLINED if none.
 */
static int
rp_http_location_find_static(const struct rp_http_location_tree *tree,
    const struct rp_str *uri, struct rp_http_core_loc_conf **found)
{
    const struct rp_http_location_node  *node;
    ssize_t                              i;

    if (tree == NULL || tree->n == 0) {
        return RP_DECLINED;
    }

    i = rp_http_location_pred(tree, uri->data, uri->len);

    if (i < 0) {
        return RP_DECLINED;
    }

    node = &tree->nodes[i];

    if (node->exact && rp_str_eq(&node->name, uri)) {
        *found = node->exact;
        return RP_OK;
    }

    i = rp_http_location_longest(tree, i, uri->data, uri->len);

    if (i < 0) {
        return RP_DECLINED;
    }

    *found = tree->nodes[i].inclusive;

    return RP_AGAIN;
}


/*
 * nginx's ngx_http_core_find_location() for the locations nested in
 * <pclcf>.  Returns RP_OK when the choice is final (an exact or a regex
 * match, here or deeper), RP_AGAIN / RP_DECLINED when at most a prefix
 * matched, RP_ERROR.  r->loc_conf follows every match.
 */
static int
rp_http_location_find(struct rp_http_request *r,
    struct rp_http_core_loc_conf *pclcf)
{
    struct rp_http_core_loc_conf   *clcf, **re;
    unsigned                        noregex;
    size_t                          i;
    int                             rc, n;

    noregex = 0;

    rc = rp_http_location_find_static(pclcf->static_tree, &r->uri, &clcf);

    if (rc == RP_OK) {
        r->loc_conf = clcf->loc_conf;
        return RP_OK;
    }

    if (rc == RP_AGAIN) {
        r->loc_conf = clcf->loc_conf;
        noregex = clcf->noregex;

        /* the prefix location's own nested locations come first */
        rc = rp_http_location_find(r, clcf);

        if (rc == RP_OK || rc == RP_ERROR) {
            return rc;
        }
    }

    /*
     * As in nginx, "^~" skips the regexes of the level where it matched;
     * a regex of an outer level is still tried when the "^~" location
     * is itself nested in a plain prefix location.
     */
    if (noregex || pclcf->regex_locations == NULL) {
        return rc;
    }

    re = pclcf->regex_locations->elts;

    for (i = 0; i < pclcf->regex_locations->nelts; i++) {
        n = rp_http_regex_exec(r, re[i]->regex, &r->uri);

        if (n == RP_DECLINED) {
            continue;
        }

        if (n != RP_OK) {
            return RP_ERROR;
        }

        r->loc_conf = re[i]->loc_conf;

        rc = rp_http_location_find(r, re[i]);

        return (rc == RP_ERROR) ? RP_ERROR : RP_OK;
    }

    return rc;
}


/* See rp_http_location.h. */
int
rp_http_find_location(struct rp_http_request *r)
{
    struct rp_http_core_srv_conf  *cscf = rp_http_core_srv(r);
    void                         **server;

    server = cscf->ctx ? cscf->ctx->loc_conf : r->loc_conf;
    r->loc_conf = server;

    if (rp_http_location_find(r, rp_http_location_core(server)) == RP_ERROR)
    {
        return RP_ERROR;
    }

    return (r->loc_conf == server) ? RP_DECLINED : RP_OK;
}


/* See rp_http_location.h. */
struct rp_http_core_loc_conf *
rp_http_find_named_location(struct rp_http_request *r,
    const struct rp_str *name)
{
    struct rp_http_core_srv_conf   *cscf = rp_http_core_srv(r);
    struct rp_http_core_loc_conf   *clcf;
    struct rp_http_location_tree   *tree;
    size_t                          i;

    clcf = rp_http_location_core(cscf->ctx ? cscf->ctx->loc_conf
                                           : r->loc_conf);
    tree = clcf->static_tree;

    if (tree == NULL) {
        return NULL;
    }

    for (i = 0; i < tree->nnamed; i++) {
        if (rp_str_eq(&tree->named[i]->name, name)) {
            return tree->named[i];
        }
    }

    return NULL;
}
