/*
 * rp_http_map_module.c - "map": a variable whose value is looked up
 * from another value.
 *
 *   map $http_upgrade $connection_upgrade {
 *       default   upgrade;
 *       ''        close;
 *   }
 *
 * The block is read line by line (cf->handler) into exact keys (a hash
 * table; with "hostnames" also ".example.com", "*.example.com" and
 * "www.example.*" wildcards, matched case-insensitively, longest first)
 * and regex keys ("~" and "~*", tried in config order, their captures
 * usable in the value).  The map variable is evaluated only when some
 * directive uses it, at request time: the source is computed, looked up
 * exact -> leading wildcard -> trailing wildcard -> regexes -> default,
 * and the value (itself a complex value, e.g. "$1.backend") is computed
 * and cached for the request unless the map is "volatile".
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_request.h"
#include "rp_http_script.h"
#include "rp_http_variables.h"
#include "rp_regex.h"

/* One key -> value entry of a hash table. */
struct rp_http_map_entry {
    struct rp_str                   key;
    uint32_t                        hash;
    struct rp_http_complex_value   *value;
    struct rp_http_map_entry       *next;     /* same bucket */
};

/* A chained hash table that doubles while the block is read. */
struct rp_http_map_table {
    struct rp_http_map_entry      **buckets;
    size_t                          nbuckets; /* power of 2, or 0 */
    size_t                          n;
};

struct rp_http_map_regex {
    struct rp_regex                *regex;
    struct rp_http_complex_value   *value;
};

struct rp_http_map {
    struct rp_http_complex_value    source;
    struct rp_str                   name;      /* "$var", for errors */
    struct rp_http_map_table        exact;
    struct rp_http_map_table        head;      /* "*.a.b" and ".a.b": "a.b" */
    struct rp_http_map_table        tail;      /* "a.b.*": "a.b" */
    struct rp_array                 regexes;   /* rp_http_map_regex */
    struct rp_http_complex_value   *default_value;
    unsigned                        nkeys;
    unsigned                        hostnames:1;
    unsigned                        nocache:1; /* "volatile" */
};

static int rp_http_map_block(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);
static int rp_http_map_variable(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data);

static const struct rp_command  rp_http_map_commands[] = {

    { "map", RP_HTTP_MAIN_CONF | RP_CONF_BLOCK | RP_CONF_TAKE2
             | RP_CONF_MULTI,
      rp_http_map_block, RP_HTTP_MAIN_CONF_OFFSET, 0, NULL },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_http_module_ctx  rp_http_map_module_ctx = {
    NULL,                                   /* preconfiguration */
    NULL,                                   /* postconfiguration */
    NULL,                                   /* create main conf */
    NULL,                                   /* init main conf */
    NULL,                                   /* create srv conf */
    NULL,                                   /* merge srv conf */
    NULL,                                   /* create loc conf */
    NULL                                    /* merge loc conf */
};

struct rp_module  rp_http_map_module = {
    "rp_http_map_module", RP_HTTP_MODULE, &rp_http_map_module_ctx,
    rp_http_map_commands, NULL, NULL, NULL, 0, 0
};


/* ---------------------------------------------------------------------
 * hash tables
 */

/* FNV-1a over <len> bytes at <p>. */
static uint32_t
rp_http_map_hash(const u_char *p, size_t len)
{
    uint32_t  h = 2166136261u;

    while (len--) {
        h = (h ^ *p++) * 16777619u;
    }

    return h;
}


static struct rp_http_map_entry *
rp_http_map_lookup(const struct rp_http_map_table *t, const u_char *key,
    size_t len)
{
    uint32_t                   h;
    struct rp_http_map_entry  *e;

    if (t->nbuckets == 0) {
        return NULL;
    }

    h = rp_http_map_hash(key, len);

    for (e = t->buckets[h & (t->nbuckets - 1)]; e; e = e->next) {
        if (e->hash == h && e->key.len == len
            && memcmp(e->key.data, key, len) == 0)
        {
            return e;
        }
    }

    return NULL;
}


/* Rehash <t> into twice the buckets (cf->pool).  RP_OK or RP_ERROR. */
static int
rp_http_map_grow(struct rp_conf *cf, struct rp_http_map_table *t)
{
    size_t                      i, n;
    struct rp_http_map_entry  **b, *e, *next;

    n = t->nbuckets ? t->nbuckets * 2 : 16;

    b = rp_pcalloc(cf->pool, n * sizeof(struct rp_http_map_entry *));
    if (b == NULL) {
        return RP_ERROR;
    }

    for (i = 0; i < t->nbuckets; i++) {
        for (e = t->buckets[i]; e; e = next) {
            next = e->next;
            e->next = b[e->hash & (n - 1)];
            b[e->hash & (n - 1)] = e;
        }
    }

    t->buckets = b;
    t->nbuckets = n;

    return RP_OK;
}


/* Add <key> -> <value> to <t>; the caller checked it is not there. */
static int
rp_http_map_insert(struct rp_conf *cf, struct rp_http_map_table *t,
    const struct rp_str *key, struct rp_http_complex_value *value)
{
    struct rp_http_map_entry  *e;

    if (t->n >= t->nbuckets && rp_http_map_grow(cf, t) != RP_OK) {
        return RP_ERROR;
    }

    e = rp_palloc(cf->pool, sizeof(struct rp_http_map_entry));
    if (e == NULL) {
        return RP_ERROR;
    }

    e->key = *key;
    e->hash = rp_http_map_hash(key->data, key->len);
    e->value = value;
    e->next = t->buckets[e->hash & (t->nbuckets - 1)];
    t->buckets[e->hash & (t->nbuckets - 1)] = e;
    t->n++;

    return RP_OK;
}


/* ---------------------------------------------------------------------
 * reading the block
 */

/* Report a key seen twice; <tok> is the key as written. */
static int
rp_http_map_duplicate(struct rp_conf *cf, const struct rp_conf_token *tok)
{
    return rp_conf_error(cf, "duplicate \"" RP_STR_FMT "\" key in map",
                         RP_STR_ARG(tok->value));
}


/* Insert into <t> unless the key is there; RP_DECLINED if it is. */
static int
rp_http_map_add(struct rp_conf *cf, struct rp_http_map_table *t,
    const struct rp_str *key, struct rp_http_complex_value *value)
{
    if (rp_http_map_lookup(t, key->data, key->len)) {
        return RP_DECLINED;
    }

    if (rp_http_map_insert(cf, t, key, value) != RP_OK) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    return RP_OK;
}


/*
 * A key of a "hostnames" map, lowercased into <key>: "*.a.b" (any name
 * under a.b), ".a.b" (a.b and any name under it), "a.b.*" (a.b under any
 * top-level suffix), or an exact name.  A "*" anywhere else is an error.
 */
static int
rp_http_map_hostname_key(struct rp_conf *cf, struct rp_http_map *map,
    const struct rp_conf_token *tok, struct rp_str *key,
    struct rp_http_complex_value *value)
{
    int             rc;
    struct rp_str   name;

    name = *key;
    rc = RP_DECLINED;

    if (name.len > 2 && name.data[0] == '*' && name.data[1] == '.') {
        name.data += 2;
        name.len -= 2;

        if (!memchr(name.data, '*', name.len)) {
            rc = rp_http_map_add(cf, &map->head, &name, value);
            goto done;
        }

    } else if (name.len > 1 && name.data[0] == '.') {
        name.data += 1;
        name.len -= 1;

        /* both the name itself and any name under it */
        if (!memchr(name.data, '*', name.len)) {
            if (rp_http_map_lookup(&map->exact, name.data, name.len)
                || rp_http_map_lookup(&map->head, name.data, name.len))
            {
                return rp_http_map_duplicate(cf, tok);
            }

            if (rp_http_map_insert(cf, &map->exact, &name, value) != RP_OK
                || rp_http_map_insert(cf, &map->head, &name, value) != RP_OK)
            {
                return rp_conf_error(cf, "memory allocation failed");
            }

            return RP_OK;
        }

    } else if (name.len > 2 && name.data[name.len - 1] == '*'
               && name.data[name.len - 2] == '.')
    {
        name.len -= 2;

        if (!memchr(name.data, '*', name.len)) {
            rc = rp_http_map_add(cf, &map->tail, &name, value);
            goto done;
        }

    } else if (!memchr(name.data, '*', name.len)) {
        rc = rp_http_map_add(cf, &map->exact, &name, value);
        goto done;
    }

    return rp_conf_error(cf, "invalid hostname or wildcard \"" RP_STR_FMT
                         "\" in map", RP_STR_ARG(tok->value));

done:

    return rc == RP_DECLINED ? rp_http_map_duplicate(cf, tok) : rc;
}


/* "~regex value" or "~*regex value". */
static int
rp_http_map_regex_key(struct rp_conf *cf, struct rp_http_map *map,
    const struct rp_str *key, struct rp_http_complex_value *value)
{
    unsigned                   flags;
    struct rp_str              pattern;
    struct rp_http_map_regex  *mr;

    pattern.data = key->data + 1;
    pattern.len = key->len - 1;
    flags = 0;

    if (pattern.len && pattern.data[0] == '*') {
        pattern.data++;
        pattern.len--;
        flags = RP_REGEX_CASELESS;
    }

    mr = rp_array_push(&map->regexes);
    if (mr == NULL) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    mr->value = value;
    mr->regex = rp_http_regex_compile(cf, &pattern, flags);

    if (mr->regex == NULL) {
        map->regexes.nelts--;
        return RP_ERROR;
    }

    return RP_OK;
}


/* A value token compiled into cf->pool; NULL after reporting. */
static struct rp_http_complex_value *
rp_http_map_value(struct rp_conf *cf, const struct rp_conf_token *tok)
{
    struct rp_http_complex_value  *cv;

    cv = rp_palloc(cf->pool, sizeof(struct rp_http_complex_value));
    if (cv == NULL) {
        rp_conf_error(cf, "memory allocation failed");
        return NULL;
    }

    if (rp_http_compile_complex_value(cf, tok, cv) != RP_OK) {
        return NULL;
    }

    return cv;
}


/* A one-word line: "hostnames;" or "volatile;". */
static int
rp_http_map_flag(struct rp_conf *cf, struct rp_http_map *map,
    const struct rp_conf_token *tok)
{
    if (rp_str_eq_lit(&tok->value, "volatile")) {
        map->nocache = 1;
        return RP_OK;
    }

    if (rp_str_eq_lit(&tok->value, "hostnames")) {
        if (map->nkeys) {
            return rp_conf_error(cf, "\"hostnames\" must come before the "
                                 "first key of the map");
        }

        map->hostnames = 1;
        return RP_OK;
    }

    return rp_conf_error(cf, "invalid number of the map parameters");
}


/*
 * One "tokens ;" line of the block (cf->handler): flags, "default", or a
 * key and its value.  A key starting with "\" drops it, so "\default"
 * and "\~x" are plain keys.  RP_OK or RP_ERROR after reporting.
 */
static int
rp_http_map_line(struct rp_conf *cf, void *data)
{
    int                             rc;
    size_t                          i;
    struct rp_str                   key;
    struct rp_http_map             *map = data;
    struct rp_conf_token           *tok;
    struct rp_http_complex_value   *value;

    tok = rp_conf_arg(cf, 0);

    if (cf->args->nelts == 1) {
        return rp_http_map_flag(cf, map, tok);
    }

    if (cf->args->nelts != 2) {
        return rp_conf_error(cf, "invalid number of the map parameters");
    }

    if (rp_str_eq_lit(&tok->value, "default")) {
        if (map->default_value) {
            return rp_conf_error(cf, "\"default\" value is duplicate");
        }

        map->default_value = rp_http_map_value(cf, rp_conf_arg(cf, 1));
        return map->default_value ? RP_OK : RP_ERROR;
    }

    value = rp_http_map_value(cf, rp_conf_arg(cf, 1));
    if (value == NULL) {
        return RP_ERROR;
    }

    map->nkeys++;
    key = tok->value;

    if (key.len && key.data[0] == '~') {
        return rp_http_map_regex_key(cf, map, &key, value);
    }

    if (key.len && key.data[0] == '\\') {
        key.data++;
        key.len--;
    }

    if (!map->hostnames) {
        rc = rp_http_map_add(cf, &map->exact, &key, value);

        return rc == RP_DECLINED ? rp_http_map_duplicate(cf, tok) : rc;
    }

    /* hostnames match case-insensitively: keep the keys lowercase */
    key.data = rp_pstrdup(cf->pool, &key);
    if (key.data == NULL && key.len) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    for (i = 0; i < key.len; i++) {
        key.data[i] = rp_tolower(key.data[i]);
    }

    return rp_http_map_hostname_key(cf, map, tok, &key, value);
}


/* map STRING $variable { ... } */
static int
rp_http_map_block(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    int                        rc;
    void                      *saved_data;
    struct rp_str              name;
    rp_conf_handler_pt         saved;
    struct rp_http_map        *map;
    struct rp_conf_token       source, var;
    struct rp_http_variable   *v;

    /* cf->args is reused by the block's lines: keep what we need */
    source = *rp_conf_arg(cf, 1);
    var = *rp_conf_arg(cf, 2);

    if (var.value.len < 2 || var.value.data[0] != '$') {
        return rp_conf_error_at(cf, &var, "invalid variable name \""
                                RP_STR_FMT "\"", RP_STR_ARG(var.value));
    }

    map = rp_pcalloc(cf->pool, sizeof(struct rp_http_map));
    if (map == NULL
        || rp_array_init(&map->regexes, cf->pool, 4,
                         sizeof(struct rp_http_map_regex)) != RP_OK)
    {
        return rp_conf_error(cf, "memory allocation failed");
    }

    if (rp_http_compile_complex_value(cf, &source, &map->source) != RP_OK) {
        return RP_ERROR;
    }

    map->name = var.value;
    name.data = var.value.data + 1;
    name.len = var.value.len - 1;

    v = rp_http_add_variable(cf, &name, RP_HTTP_VAR_CHANGEABLE);
    if (v == NULL) {
        return RP_ERROR;
    }

    if (v->get_handler) {
        return rp_conf_error_at(cf, &var, "the duplicate \"" RP_STR_FMT
                                "\" variable", RP_STR_ARG(name));
    }

    /* defined even if the block has errors: no "unknown variable" too */
    v->get_handler = rp_http_map_variable;
    v->data = (uintptr_t) map;

    saved = cf->handler;
    saved_data = cf->handler_data;
    cf->handler = rp_http_map_line;
    cf->handler_data = map;

    rc = rp_conf_parse(cf, NULL);

    cf->handler = saved;
    cf->handler_data = saved_data;

    if (map->nocache) {
        v->flags |= RP_HTTP_VAR_NOCACHEABLE;
    }

    return rc == RP_OK ? RP_OK : RP_ERROR;
}


/* ---------------------------------------------------------------------
 * request time
 */

/*
 * The wildcard entry for host <h> (lowercase): the longest "*.suffix"
 * (the leftmost dot) first, then the longest "prefix.*" (the rightmost
 * dot).  NULL when none matches.
 */
static struct rp_http_map_entry *
rp_http_map_wildcard(const struct rp_http_map *map, const struct rp_str *h)
{
    size_t                     i;
    struct rp_http_map_entry  *e;

    for (i = 0; map->head.n && i < h->len; i++) {
        if (h->data[i] == '.') {
            e = rp_http_map_lookup(&map->head, h->data + i + 1,
                                   h->len - i - 1);
            if (e) {
                return e;
            }
        }
    }

    for (i = h->len; map->tail.n && i > 0; i--) {
        if (h->data[i - 1] == '.' && i < h->len) {
            e = rp_http_map_lookup(&map->tail, h->data, i - 1);
            if (e) {
                return e;
            }
        }
    }

    return NULL;
}


/*
 * The value for <key>: exact, wildcard (hostnames), then regexes in
 * order (a match leaves its captures in r for the value).  <*out> is
 * NULL when nothing matched.  RP_OK or RP_ERROR.
 */
static int
rp_http_map_find(struct rp_http_request *r, const struct rp_http_map *map,
    const struct rp_str *key, struct rp_http_complex_value **out)
{
    int                        rc;
    size_t                     i;
    struct rp_str              low;
    struct rp_http_map_entry  *e;
    struct rp_http_map_regex  *mr;

    *out = NULL;
    low = *key;

    if (map->hostnames && key->len) {
        low.data = rp_palloc(r->pool, key->len);
        if (low.data == NULL) {
            return RP_ERROR;
        }

        for (i = 0; i < key->len; i++) {
            low.data[i] = rp_tolower(key->data[i]);
        }
    }

    e = rp_http_map_lookup(&map->exact, low.data, low.len);

    if (e == NULL && map->hostnames) {
        e = rp_http_map_wildcard(map, &low);
    }

    if (e) {
        *out = e->value;
        return RP_OK;
    }

    mr = map->regexes.elts;

    for (i = 0; i < map->regexes.nelts; i++) {
        rc = rp_http_regex_exec(r, mr[i].regex, key);

        if (rc == RP_OK) {
            *out = mr[i].value;
            return RP_OK;
        }

        if (rc != RP_DECLINED) {
            return RP_ERROR;
        }
    }

    return RP_OK;
}


/* The get handler of a map's variable; <data> is the struct rp_http_map. */
static int
rp_http_map_variable(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    const struct rp_http_map       *map = (const struct rp_http_map *) data;
    struct rp_str                   key, value;
    struct rp_http_complex_value   *cv;

    if (rp_http_complex_value(r, &map->source, &key) != RP_OK) {
        return RP_ERROR;
    }

    /* "example.com." is the same host as "example.com" */
    if (map->hostnames && key.len && key.data[key.len - 1] == '.') {
        key.len--;
    }

    if (rp_http_map_find(r, map, &key, &cv) != RP_OK) {
        return RP_ERROR;
    }

    cv = cv ? cv : map->default_value;

    if (cv == NULL) {
        v->data = (u_char *) "";
        v->len = 0;
        return RP_OK;
    }

    if (rp_http_complex_value(r, cv, &value) != RP_OK
        || value.len >= (1u << 28))
    {
        return RP_ERROR;
    }

    v->data = value.data;
    v->len = (unsigned) value.len;

    return RP_OK;
}
