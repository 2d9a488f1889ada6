/*
 * rp_http_types.c - the "types { }" block: file extensions to MIME types.
 *
 * The block's lines are "mime/type ext ext ...;" (nginx's mime.types
 * format, so "include mime.types;" works).  They are parsed with the
 * config parser's line handler, stored lowercase and sorted once, so a
 * static response costs one binary search on its extension.  A later
 * line for the same extension wins, as in nginx.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http_types.h"

#include <stdlib.h>

#define RP_HTTP_EXTEN_MAX      32

/* One extension of a types { } block. */
struct rp_http_type {
    struct rp_str                  exten;     /* lowercase */
    struct rp_str                  type;
    size_t                         order;     /* position in the block */
};

/* nginx's built-in types, used when no "types" block is configured. */
static const struct rp_http_type  rp_http_default_types[] = {
    { rp_string("gif"), rp_string("image/gif"), 0 },
    { rp_string("html"), rp_string("text/html"), 1 },
    { rp_string("jpg"), rp_string("image/jpeg"), 2 },
};


static int
rp_http_type_cmp(const void *a, const void *b)
{
    const struct rp_http_type  *x = a, *y = b;
    int                         rc;

    rc = memcmp(x->exten.data, y->exten.data,
                rp_min(x->exten.len, y->exten.len));
    if (rc != 0) {
        return rc;
    }

    return (x->exten.len > y->exten.len) - (x->exten.len < y->exten.len);
}


/*
 * One "type ext ext ...;" line of a types { } block (the parser calls it
 * through cf->handler).  Extensions are stored lowercase; a later line
 * for the same extension wins (rp_http_types_block() sorts the array
 * stably once the block ends, and lookup takes the last duplicate).
 */
static int
rp_http_types_line(struct rp_conf *cf, void *data)
{
    struct rp_array       *types = data;
    struct rp_http_type   *t;
    struct rp_conf_token  *type, *ext;
    size_t                 i, j;

    type = rp_conf_arg(cf, 0);

    if (rp_conf_nargs(cf) == 0) {
        return rp_conf_error_at(cf, type, "no extension for type \""
                                RP_STR_FMT "\" in \"types\" block",
                                RP_STR_ARG(type->value));
    }

    for (i = 1; i <= rp_conf_nargs(cf); i++) {
        ext = rp_conf_arg(cf, i);

        if (ext->value.len == 0 || ext->value.len > RP_HTTP_EXTEN_MAX) {
            return rp_conf_error_at(cf, ext, "invalid extension \""
                                    RP_STR_FMT "\" in \"types\" block",
                                    RP_STR_ARG(ext->value));
        }

        t = rp_array_push(types);
        if (t == NULL) {
            return rp_conf_error(cf, "memory allocation failed");
        }

        t->type = type->value;
        t->exten.len = ext->value.len;
        t->exten.data = rp_palloc(cf->pool, ext->value.len);
        if (t->exten.data == NULL) {
            return rp_conf_error(cf, "memory allocation failed");
        }

        for (j = 0; j < ext->value.len; j++) {
            t->exten.data[j] = rp_tolower(ext->value.data[j]);
        }

        /* remember the order, so that the sort below stays stable */
        t->order = types->nelts;
    }

    return RP_OK;
}


static int
rp_http_type_cmp_stable(const void *a, const void *b)
{
    const struct rp_http_type  *x = a, *y = b;
    int                         rc;

    rc = rp_http_type_cmp(a, b);
    if (rc != 0) {
        return rc;
    }

    return (x->order > y->order) - (x->order < y->order);
}


/* See rp_http_types.h. */
int
rp_http_types_block(struct rp_conf *cf, struct rp_array **types)
{
    rp_conf_handler_pt   handler;
    void                *data;
    int                  rc;

    if (*types == NULL) {
        *types = rp_array_create(cf->pool, 64, sizeof(struct rp_http_type));
        if (*types == NULL) {
            return rp_conf_error(cf, "memory allocation failed");
        }
    }

    handler = cf->handler;
    data = cf->handler_data;
    cf->handler = rp_http_types_line;
    cf->handler_data = *types;

    rc = rp_conf_parse(cf, NULL);

    cf->handler = handler;
    cf->handler_data = data;

    qsort((*types)->elts, (*types)->nelts, sizeof(struct rp_http_type),
          rp_http_type_cmp_stable);

    return rc;
}


/* See rp_http_types.h. */
const struct rp_str *
rp_http_types_find(const struct rp_array *types, const struct rp_str *name)
{
    const struct rp_http_type  *t, *found;
    struct rp_http_type         key;
    u_char                      low[RP_HTTP_EXTEN_MAX];
    size_t                      i, n, lo, hi, mid;
    int                         rc;

    key.exten.len = 0;

    for (i = name->len; i > 0 && name->data[i - 1] != '/'; i--) {
        if (name->data[i - 1] == '.') {
            key.exten.len = name->len - i;
            break;
        }
    }

    if (key.exten.len == 0 || key.exten.len > RP_HTTP_EXTEN_MAX) {
        return NULL;
    }

    for (n = 0; n < key.exten.len; n++) {
        low[n] = rp_tolower(name->data[i + n]);
    }

    key.exten.data = low;

    if (types) {
        t = types->elts;
        n = types->nelts;
    } else {
        t = rp_http_default_types;
        n = rp_nelems(rp_http_default_types);
    }

    lo = 0;
    hi = n;
    found = NULL;

    while (lo < hi) {
        mid = (lo + hi) / 2;
        rc = rp_http_type_cmp(&key, &t[mid]);

        if (rc == 0) {
            found = &t[mid];
            lo = mid + 1;             /* the last duplicate wins */
        } else if (rc < 0) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }

    return found ? &found->type : NULL;
}
