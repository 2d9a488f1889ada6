/*
 * rp_http_variables.c - the $variable machinery: definitions, indexes,
 * lazy evaluation with a per-request cache, and regexes whose captures
 * become variables.
 *
 * At config time directives turn each "$name" they use into an index
 * (rp_http_get_variable_index); modules define variables (map results,
 * named captures) with rp_http_add_variable, possibly after a directive
 * already used the name.  When the http block ends,
 * rp_http_variables_init binds every index to a definition: an exact
 * name, an all-digit name (a regex capture) or a prefix family
 * ($http_..., $arg_...), and reports the rest as unknown with the
 * position of their first use.  At request time a value is computed on
 * first use and cached in r->variables.  The built-in variables live in
 * rp_http_variables_core.c.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_request.h"
#include "rp_http_variables.h"
#include "rp_regex.h"

/* Nesting of variable evaluations (a map whose value uses a map...). */
#define RP_HTTP_VAR_MAX_DEPTH  32

/* Private state, hung on cmcf->variables_hash. */
struct rp_http_variables_conf {
    struct rp_array            defined;   /* struct rp_http_variable * */
    struct rp_array            prefixes;  /* struct rp_http_variable * */
    struct rp_array            uses;      /* struct rp_str "file:l:c", one
                                             per cmcf->variables entry */
    struct rp_http_variable  **sorted;    /* defined, by name (init) */
    size_t                     nsorted;
    unsigned                   core_added:1;
    unsigned                   inited:1;
};

static unsigned  rp_http_variable_depth;

static void rp_http_variables_sort(struct rp_http_variables_conf *vc);
static int rp_http_variables_bind_one(struct rp_conf *cf,
    struct rp_http_variables_conf *vc, struct rp_http_core_main_conf *cmcf,
    size_t i);


/* ---------------------------------------------------------------------
 * config time
 */

/*
 * The http-level core main conf for the directive being parsed: from
 * cf->ctx inside the http block, else (after it, in rp_http_block) from
 * the cycle.
 */
static struct rp_http_core_main_conf *
rp_http_variables_cmcf(struct rp_conf *cf)
{
    struct rp_http_conf_ctx  *ctx;

    if (cf->module_type == RP_HTTP_MODULE && cf->ctx) {
        ctx = cf->ctx;

    } else {
        ctx = cf->cycle ? rp_http_get_ctx(cf->cycle) : NULL;
    }

    return ctx ? rp_http_ctx_main_conf(ctx, &rp_http_core_module) : NULL;
}


/* The private state, created on first use.  NULL after reporting. */
static struct rp_http_variables_conf *
rp_http_variables_conf(struct rp_conf *cf,
    struct rp_http_core_main_conf **cmcfp)
{
    struct rp_http_core_main_conf   *cmcf;
    struct rp_http_variables_conf   *vc;

    cmcf = rp_http_variables_cmcf(cf);
    if (cmcf == NULL) {
        rp_conf_error(cf, "variables are used outside of the http block");
        return NULL;
    }

    *cmcfp = cmcf;

    if (cmcf->variables_hash) {
        return cmcf->variables_hash;
    }

    vc = rp_pcalloc(cf->pool, sizeof(struct rp_http_variables_conf));

    if (vc == NULL
        || rp_array_init(&vc->defined, cf->pool, 64,
                         sizeof(struct rp_http_variable *)) != RP_OK
        || rp_array_init(&vc->prefixes, cf->pool, 8,
                         sizeof(struct rp_http_variable *)) != RP_OK
        || rp_array_init(&vc->uses, cf->pool, 16,
                         sizeof(struct rp_str)) != RP_OK
        || (cmcf->variables.elts == NULL
            && rp_array_init(&cmcf->variables, cf->pool, 16,
                             sizeof(struct rp_http_variable)) != RP_OK))
    {
        rp_conf_error(cf, "memory allocation failed");
        return NULL;
    }

    cmcf->variables_hash = vc;

    return vc;
}


/* A lowercase copy of <name> in cf->pool; RP_ERROR after reporting. */
static int
rp_http_variable_name(struct rp_conf *cf, const struct rp_str *name,
    struct rp_str *out)
{
    size_t  i;

    if (name->len == 0) {
        return rp_conf_error(cf, "invalid variable name \"$\"");
    }

    out->data = rp_palloc(cf->pool, name->len + 1);
    if (out->data == NULL) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    for (i = 0; i < name->len; i++) {
        out->data[i] = rp_tolower(name->data[i]);
    }

    out->data[name->len] = '\0';
    out->len = name->len;

    return RP_OK;
}


/* 1 if <a> (lowercase) equals <b> ignoring the case of ASCII letters. */
static int
rp_http_variable_name_eq(const struct rp_str *a, const struct rp_str *b)
{
    return a->len == b->len && rp_str_casecmp(a->data, b->data, a->len) == 0;
}


/* See rp_http_variables.h. */
struct rp_http_variable *
rp_http_add_variable(struct rp_conf *cf, const struct rp_str *name,
    unsigned flags)
{
    size_t                           i;
    struct rp_array                 *list;
    struct rp_http_variable         *v, **vp;
    struct rp_http_variables_conf   *vc;
    struct rp_http_core_main_conf   *cmcf;

    vc = rp_http_variables_conf(cf, &cmcf);
    if (vc == NULL) {
        return NULL;
    }

    list = (flags & RP_HTTP_VAR_PREFIX) ? &vc->prefixes : &vc->defined;
    vp = list->elts;

    for (i = 0; i < list->nelts; i++) {
        if (!rp_http_variable_name_eq(&vp[i]->name, name)) {
            continue;
        }

        if (!(vp[i]->flags & RP_HTTP_VAR_CHANGEABLE)
            || !(flags & RP_HTTP_VAR_CHANGEABLE))
        {
            rp_conf_error(cf, "the duplicate \"" RP_STR_FMT "\" variable",
                          RP_STR_ARG(*name));
            return NULL;
        }

        return vp[i];
    }

    v = rp_pcalloc(cf->pool, sizeof(struct rp_http_variable));
    vp = v ? rp_array_push(list) : NULL;

    if (vp == NULL) {
        rp_conf_error(cf, "memory allocation failed");
        return NULL;
    }

    if (rp_http_variable_name(cf, name, &v->name) != RP_OK) {
        list->nelts--;
        return NULL;
    }

    v->flags = flags;
    v->index = RP_UNSET_SIZE;
    *vp = v;

    if (vc->inited) {
        rp_http_variables_sort(vc);
    }

    return v;
}


/*
 * "file:line:col" of the token of the current directive that holds
 * <name> (the directive's name if none does), into cf->pool.
 */
static int
rp_http_variable_position(struct rp_conf *cf, const struct rp_str *name,
    struct rp_str *pos)
{
    char                   buf[1024];
    size_t                 i;
    int                    n;
    const struct rp_str   *file;
    struct rp_conf_token  *tok, *t;

    file = rp_conf_file_name(cf);
    tok = NULL;

    if (file == NULL || cf->args == NULL || cf->args->nelts == 0) {
        rp_str_set(pos, "");
        return RP_OK;
    }

    for (i = 0; i < cf->args->nelts; i++) {
        t = rp_conf_arg(cf, i);

        if (name->data >= t->value.data
            && name->data + name->len <= t->value.data + t->value.len)
        {
            tok = t;
            break;
        }
    }

    if (tok == NULL) {
        tok = rp_conf_arg(cf, 0);
    }

    n = snprintf(buf, sizeof(buf), RP_STR_FMT ":%u:%u", RP_STR_ARG(*file),
                 tok->line, tok->col);
    if (n < 0) {
        return RP_ERROR;
    }

    pos->len = rp_min((size_t) n, sizeof(buf) - 1);
    pos->data = (u_char *) buf;
    pos->data = rp_pstrdup(cf->pool, pos);

    return pos->data ? RP_OK : RP_ERROR;
}


/* See rp_http_variables.h. */
int
rp_http_get_variable_index(struct rp_conf *cf, const struct rp_str *name)
{
    size_t                           i;
    struct rp_str                   *use;
    struct rp_http_variable         *v;
    struct rp_http_variables_conf   *vc;
    struct rp_http_core_main_conf   *cmcf;

    vc = rp_http_variables_conf(cf, &cmcf);
    if (vc == NULL) {
        return RP_ERROR;
    }

    v = cmcf->variables.elts;

    for (i = 0; i < cmcf->variables.nelts; i++) {
        if (rp_http_variable_name_eq(&v[i].name, name)) {
            return (int) i;
        }
    }

    if (cmcf->variables.nelts >= INT_MAX) {
        return rp_conf_error(cf, "too many variables");
    }

    v = rp_array_push(&cmcf->variables);
    use = v ? rp_array_push(&vc->uses) : NULL;

    if (use == NULL) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    memset(v, 0, sizeof(struct rp_http_variable));
    v->index = cmcf->variables.nelts - 1;

    if (rp_http_variable_name(cf, name, &v->name) != RP_OK
        || rp_http_variable_position(cf, name, use) != RP_OK)
    {
        cmcf->variables.nelts--;
        vc->uses.nelts--;
        return RP_ERROR;
    }

    if (vc->inited
        && rp_http_variables_bind_one(cf, vc, cmcf, v->index) != RP_OK)
    {
        return RP_ERROR;
    }

    return (int) v->index;
}


static int
rp_http_variable_cmp(const void *a, const void *b)
{
    const struct rp_http_variable  *va = *(struct rp_http_variable **) a;
    const struct rp_http_variable  *vb = *(struct rp_http_variable **) b;
    size_t                          n;
    int                             rc;

    n = rp_min(va->name.len, vb->name.len);
    rc = memcmp(va->name.data, vb->name.data, n);

    if (rc != 0) {
        return rc;
    }

    return (va->name.len > vb->name.len) - (va->name.len < vb->name.len);
}


/* The definition named <name> (any case), or NULL.  After init. */
static struct rp_http_variable *
rp_http_variable_find(const struct rp_http_variables_conf *vc,
    const u_char *name, size_t len)
{
    size_t                    lo, hi, mid, i, n;
    int                       rc;
    u_char                    c;
    struct rp_http_variable  *v;

    lo = 0;
    hi = vc->nsorted;

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        v = vc->sorted[mid];
        n = rp_min(len, v->name.len);
        rc = 0;

        for (i = 0; i < n && rc == 0; i++) {
            c = rp_tolower(name[i]);
            rc = (int) c - (int) v->name.data[i];
        }

        if (rc == 0) {
            rc = (len > v->name.len) - (len < v->name.len);
        }

        if (rc == 0) {
            return v;
        }

        if (rc < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }

    return NULL;
}


/* <name> is all digits and at most 4 of them: its value, else -1. */
static int
rp_http_variable_capture_number(const u_char *name, size_t len)
{
    size_t  i;
    int     n;

    if (len == 0 || len > 4) {
        return -1;
    }

    n = 0;

    for (i = 0; i < len; i++) {
        if (name[i] < '0' || name[i] > '9') {
            return -1;
        }

        n = n * 10 + (name[i] - '0');
    }

    return n;
}


/*
 * The get handler of $0..$N: group N of the last regex matched for this
 * request (r->captures), empty when there is none.
 */
static int
rp_http_variable_capture(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    size_t  n = data;

    v->len = 0;
    v->data = (u_char *) "";

    if (r->captures == NULL || 2 * n + 1 >= r->ncaptures
        || r->captures[2 * n] < 0)
    {
        return RP_OK;
    }

    v->data = r->captures_data + r->captures[2 * n];
    v->len = (unsigned) (r->captures[2 * n + 1] - r->captures[2 * n]);

    return RP_OK;
}


/* The get handler of a named capture no regex has set yet. */
static int
rp_http_variable_not_set(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    return RP_DECLINED;
}


/*
 * Bind indexed variable <v> to a definition: exact name, capture number
 * or prefix family.  RP_DECLINED when the name is unknown.
 */
static int
rp_http_variable_bind(struct rp_conf *cf, struct rp_http_variables_conf *vc,
    struct rp_http_variable *v)
{
    int                       n;
    size_t                    i;
    struct rp_str            *name;
    struct rp_http_variable  *def, **prefix;

    def = rp_http_variable_find(vc, v->name.data, v->name.len);

    if (def && def->get_handler) {
        v->get_handler = def->get_handler;
        v->data = def->data;
        v->flags = def->flags;
        def->index = v->index;
        return RP_OK;
    }

    n = rp_http_variable_capture_number(v->name.data, v->name.len);

    if (n >= 0) {
        v->get_handler = rp_http_variable_capture;
        v->data = (uintptr_t) n;
        v->flags = RP_HTTP_VAR_NOCACHEABLE;
        return RP_OK;
    }

    prefix = vc->prefixes.elts;

    for (i = 0; i < vc->prefixes.nelts; i++) {
        if (v->name.len <= prefix[i]->name.len
            || memcmp(v->name.data, prefix[i]->name.data,
                      prefix[i]->name.len) != 0)
        {
            continue;
        }

        /* the handler gets the whole name; v->name itself may move */
        name = rp_palloc(cf->pool, sizeof(struct rp_str));
        if (name == NULL) {
            return RP_ERROR;
        }

        *name = v->name;
        v->get_handler = prefix[i]->get_handler;
        v->data = (uintptr_t) name;
        v->flags = prefix[i]->flags & ~RP_HTTP_VAR_PREFIX;
        return RP_OK;
    }

    return RP_DECLINED;
}


/* Sort the definitions for rp_http_variable_find (init, and after). */
static void
rp_http_variables_sort(struct rp_http_variables_conf *vc)
{
    vc->nsorted = vc->defined.nelts;
    vc->sorted = vc->defined.elts;

    if (vc->nsorted > 1) {
        qsort(vc->sorted, vc->nsorted, sizeof(struct rp_http_variable *),
              rp_http_variable_cmp);
    }
}


/*
 * Bind indexed variable <i>, reporting it as unknown at its first use.
 * RP_OK or RP_ERROR.
 */
static int
rp_http_variables_bind_one(struct rp_conf *cf,
    struct rp_http_variables_conf *vc, struct rp_http_core_main_conf *cmcf,
    size_t i)
{
    int                       rc;
    struct rp_str            *use;
    struct rp_conf_token      nowhere;
    struct rp_http_variable  *v;

    v = cmcf->variables.elts;
    use = vc->uses.elts;

    rc = rp_http_variable_bind(cf, vc, &v[i]);

    if (rc == RP_ERROR) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    if (rc == RP_DECLINED) {
        /* the message carries its own position: line 0 adds none */
        memset(&nowhere, 0, sizeof(nowhere));

        return rp_conf_error_at(cf, &nowhere, "unknown \"" RP_STR_FMT "\" "
                                "variable%s" RP_STR_FMT, RP_STR_ARG(v[i].name),
                                use[i].len ? " in " : "", RP_STR_ARG(use[i]));
    }

    return RP_OK;
}


/*
 * See rp_http_variables.h.  Names indexed or defined after this (a
 * module's postconfiguration running later) are bound or sorted in at
 * once, so the order of the hooks does not matter.
 */
int
rp_http_variables_init(struct rp_conf *cf)
{
    int                              result;
    size_t                           i;
    struct rp_http_variables_conf   *vc;
    struct rp_http_core_main_conf   *cmcf;

    vc = rp_http_variables_conf(cf, &cmcf);
    if (vc == NULL) {
        return RP_ERROR;
    }

    /* once per http block, whoever calls it first */
    if (vc->inited) {
        return RP_OK;
    }

    vc->inited = 1;
    rp_http_variables_sort(vc);
    result = RP_OK;

    for (i = 0; i < cmcf->variables.nelts; i++) {
        if (rp_http_variables_bind_one(cf, vc, cmcf, i) != RP_OK) {
            result = RP_ERROR;
        }
    }

    return result;
}


/*
 * 1 the first time it is called for the http block being parsed, so
 * that rp_http_variables_add_core_vars runs once however it is wired.
 * -1 (RP_ERROR) after reporting.
 */
int
rp_http_variables_first_core(struct rp_conf *cf)
{
    struct rp_http_variables_conf   *vc;
    struct rp_http_core_main_conf   *cmcf;

    vc = rp_http_variables_conf(cf, &cmcf);
    if (vc == NULL) {
        return RP_ERROR;
    }

    if (vc->core_added) {
        return 0;
    }

    vc->core_added = 1;

    return 1;
}


/* See rp_http_variables.h. */
size_t
rp_http_variables_count(const struct rp_http_core_main_conf *cmcf)
{
    return cmcf->variables.nelts;
}


/* ---------------------------------------------------------------------
 * request time
 */

/*
 * Run <v>'s get handler into <vv>.  Returns <vv> (not_found set when the
 * handler declined) or NULL on error.
 */
static struct rp_http_variable_value *
rp_http_variable_eval(struct rp_http_request *r,
    const struct rp_http_variable *v, struct rp_http_variable_value *vv)
{
    int  rc;

    if (rp_http_variable_depth >= RP_HTTP_VAR_MAX_DEPTH) {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0,
                     "cycle while evaluating variable \"" RP_STR_FMT "\"",
                     RP_STR_ARG(v->name));
        return NULL;
    }

    vv->data = (u_char *) "";
    vv->len = 0;

    /* an index rp_http_variables_init never bound (init not run) */
    if (v->get_handler == NULL) {
        rc = RP_DECLINED;

    } else {
        rp_http_variable_depth++;
        rc = v->get_handler(r, vv, v->data);
        rp_http_variable_depth--;
    }

    vv->valid = 0;
    vv->not_found = 0;
    vv->no_cacheable = (v->flags & RP_HTTP_VAR_NOCACHEABLE) ? 1 : 0;

    if (rc == RP_OK) {
        vv->valid = 1;
        return vv;
    }

    if (rc == RP_DECLINED) {
        vv->data = (u_char *) "";
        vv->len = 0;
        vv->not_found = 1;
        return vv;
    }

    return NULL;
}


/* See rp_http_variables.h. */
struct rp_http_variable_value *
rp_http_get_indexed_variable(struct rp_http_request *r, size_t index)
{
    struct rp_http_variable         *v;
    struct rp_http_variable_value   *vv;
    struct rp_http_core_main_conf   *cmcf;

    cmcf = rp_http_core_main(r);

    if (index >= cmcf->variables.nelts || r->variables == NULL) {
        rp_log_error(RP_LOG_ALERT, &r->connection->log, 0,
                     "unknown variable index: %zu", index);
        return NULL;
    }

    vv = &r->variables[index];

    if (vv->valid || vv->not_found) {
        return vv;
    }

    v = cmcf->variables.elts;

    return rp_http_variable_eval(r, &v[index], vv);
}


/* See rp_http_variables.h. */
struct rp_http_variable_value *
rp_http_get_flushed_variable(struct rp_http_request *r, size_t index)
{
    struct rp_http_variable_value  *vv;

    if (r->variables && index < rp_http_core_main(r)->variables.nelts) {
        vv = &r->variables[index];

        if (vv->no_cacheable) {
            vv->valid = 0;
            vv->not_found = 0;
        }
    }

    return rp_http_get_indexed_variable(r, index);
}


/*
 * The prefix family (if any) that <name> belongs to, as a temporary
 * variable <tmp> whose data is a lowercase copy of the whole name in
 * r->pool.  RP_OK, RP_DECLINED (no family) or RP_ERROR.
 */
static int
rp_http_variable_by_prefix(struct rp_http_request *r,
    const struct rp_http_variables_conf *vc, const struct rp_str *name,
    struct rp_http_variable *tmp)
{
    size_t                     i, j;
    struct rp_str             *whole;
    struct rp_http_variable  **prefix;

    prefix = vc->prefixes.elts;

    for (i = 0; i < vc->prefixes.nelts; i++) {
        if (name->len <= prefix[i]->name.len
            || rp_str_casecmp(name->data, prefix[i]->name.data,
                              prefix[i]->name.len) != 0)
        {
            continue;
        }

        whole = rp_palloc(r->pool, sizeof(struct rp_str));
        if (whole == NULL) {
            return RP_ERROR;
        }

        whole->len = name->len;
        whole->data = rp_palloc(r->pool, name->len);
        if (whole->data == NULL) {
            return RP_ERROR;
        }

        for (j = 0; j < name->len; j++) {
            whole->data[j] = rp_tolower(name->data[j]);
        }

        tmp->get_handler = prefix[i]->get_handler;
        tmp->data = (uintptr_t) whole;
        tmp->flags = prefix[i]->flags & ~RP_HTTP_VAR_PREFIX;
        return RP_OK;
    }

    return RP_DECLINED;
}


/* See rp_http_variables.h. */
struct rp_http_variable_value *
rp_http_get_variable(struct rp_http_request *r, const struct rp_str *name,
    uint32_t hash)
{
    int                              n, rc;
    struct rp_http_variable          tmp, *def;
    struct rp_http_variable_value   *vv;
    struct rp_http_variables_conf   *vc;

    (void) hash;

    vc = rp_http_core_main(r)->variables_hash;

    vv = rp_pcalloc(r->pool, sizeof(struct rp_http_variable_value));
    if (vv == NULL) {
        return NULL;
    }

    vv->data = (u_char *) "";
    vv->not_found = 1;

    if (vc == NULL) {
        return vv;
    }

    def = rp_http_variable_find(vc, name->data, name->len);

    if (def && def->get_handler) {
        if (def->index != RP_UNSET_SIZE) {
            return rp_http_get_flushed_variable(r, def->index);
        }

        return rp_http_variable_eval(r, def, vv);
    }

    memset(&tmp, 0, sizeof(tmp));
    tmp.name = *name;
    n = rp_http_variable_capture_number(name->data, name->len);

    if (n >= 0) {
        tmp.get_handler = rp_http_variable_capture;
        tmp.data = (uintptr_t) n;
        return rp_http_variable_eval(r, &tmp, vv);
    }

    rc = rp_http_variable_by_prefix(r, vc, name, &tmp);

    if (rc == RP_OK) {
        return rp_http_variable_eval(r, &tmp, vv);
    }

    return rc == RP_DECLINED ? vv : NULL;
}


/* ---------------------------------------------------------------------
 * regexes with captures
 */

/* See rp_http_variables.h. */
struct rp_regex *
rp_http_regex_compile(struct rp_conf *cf, const struct rp_str *pattern,
    unsigned flags)
{
    int                              index;
    char                             err[512];
    unsigned                         i;
    struct rp_regex                 *re;
    struct rp_http_variable         *v;
    struct rp_http_variables_conf   *vc;
    struct rp_http_core_main_conf   *cmcf;

    vc = rp_http_variables_conf(cf, &cmcf);
    if (vc == NULL) {
        return NULL;
    }

    re = rp_regex_compile(cf->pool, pattern, flags, err, sizeof(err));
    if (re == NULL) {
        rp_conf_error(cf, "%s", err);
        return NULL;
    }

    if (re->captures > cmcf->ncaptures) {
        cmcf->ncaptures = re->captures;
    }

    for (i = 0; i < re->nnames; i++) {
        v = rp_http_add_variable(cf, &re->names[i].name,
                                 RP_HTTP_VAR_CHANGEABLE);
        if (v == NULL) {
            return NULL;
        }

        if (v->get_handler == NULL) {
            v->get_handler = rp_http_variable_not_set;
        }

        index = rp_http_get_variable_index(cf, &re->names[i].name);
        if (index == RP_ERROR) {
            return NULL;
        }

        re->names[i].index = (size_t) index;
    }

    return re;
}


/* See rp_http_variables.h. */
int
rp_http_regex_exec(struct rp_http_request *r, struct rp_regex *re,
    const struct rp_str *s)
{
    int                              rc, *cap;
    size_t                           size, i, n;
    struct rp_http_variable_value   *vv;
    struct rp_http_core_main_conf   *cmcf;

    /*
     * Every regex of the config went through rp_http_regex_compile, so
     * one array sized for the largest serves them all; it is allocated
     * on the first match attempt of the request.
     */
    cmcf = rp_http_core_main(r);
    size = (cmcf->ncaptures + 1) * 2;

    if (r->captures == NULL) {
        r->captures = rp_palloc(r->pool, size * sizeof(int));
        if (r->captures == NULL) {
            return RP_ERROR;
        }
    }

    rc = rp_regex_exec(re, s->data, s->len, r->captures, (unsigned) size);

    if (rc == RP_DECLINED) {
        return RP_DECLINED;
    }

    if (rc < 0) {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0,
                     "pcre2_match() failed for \"" RP_STR_FMT "\"",
                     RP_STR_ARG(re->pattern));
        return RP_ERROR;
    }

    r->ncaptures = (unsigned) rp_min((size_t) rc * 2, size);
    r->captures_data = s->data;
    cap = r->captures;

    for (i = 0; i < re->nnames && r->variables; i++) {
        vv = &r->variables[re->names[i].index];
        n = re->names[i].capture;

        vv->data = s->data;
        vv->len = 0;

        if (2 * n + 1 < r->ncaptures && cap[2 * n] >= 0) {
            vv->data = s->data + cap[2 * n];
            vv->len = (unsigned) (cap[2 * n + 1] - cap[2 * n]);
        }

        vv->valid = 1;
        vv->not_found = 0;
        vv->no_cacheable = 0;
    }

    return RP_OK;
}
