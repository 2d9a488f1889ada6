/*
 * rp_cycle.c - small helpers on the cycle data that every layer may use:
 * resolving paths against the prefix, sharing open log files, and the
 * lists of directories and helper processes modules ask for.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_cycle.h"

struct rp_cycle  *rp_cycle;


/*
 * Make <name> absolute: a path not starting with '/' is appended to
 * <prefix> (which ends with '/').  The result is NUL-terminated (the NUL
 * is not counted in len) and allocated from <pool>.  "stderr" is left
 * as it is.  RP_OK or RP_ERROR (allocation).
 */
int
rp_cycle_full_name(struct rp_pool *pool, const struct rp_str *prefix,
    struct rp_str *name)
{
    u_char  *p, *d;
    size_t   plen;

    if (rp_str_eq_lit(name, "stderr")) {
        return RP_OK;
    }

    plen = (name->len && name->data[0] == '/') ? 0 : prefix->len;

    d = rp_palloc(pool, plen + name->len + 1);
    if (d == NULL) {
        return RP_ERROR;
    }

    p = d;
    if (plen) {
        p = rp_cpymem(p, prefix->data, plen);
    }
    p = rp_cpymem(p, name->data, name->len);
    *p = '\0';

    name->data = d;
    name->len = (size_t) (p - d);

    return RP_OK;
}


/*
 * The cycle's open-file record for <name> (already absolute), created on
 * first use so that every log naming the same file shares one fd and one
 * reopen.  The file is not opened here.  NULL on allocation failure.
 */
struct rp_open_file *
rp_cycle_open_file(struct rp_cycle *cycle, const struct rp_str *name)
{
    struct rp_open_file  *f;

    for (f = cycle->open_files; f; f = f->next) {
        if (rp_str_eq(&f->name, name)) {
            return f;
        }
    }

    f = rp_pcalloc(cycle->pool, sizeof(struct rp_open_file));
    if (f == NULL) {
        return NULL;
    }

    f->name.data = (u_char *) rp_pstrdup_z(cycle->pool, name);
    if (f->name.data == NULL) {
        return NULL;
    }

    f->name.len = name->len;
    f->fd = -1;
    f->next = cycle->open_files;
    cycle->open_files = f;

    return f;
}


/*
 * Ask for directory <name> (absolute, NUL-terminated) to exist before
 * workers start: the master creates it, owned by the worker user, so a
 * worker that dropped privileges can create its temp files there.
 * Duplicates are ignored.  RP_OK or RP_ERROR (allocation).
 */
int
rp_cycle_add_path(struct rp_cycle *cycle, const struct rp_str *name)
{
    struct rp_str  *p = cycle->paths.elts;
    size_t          i;

    if (p == NULL
        && rp_array_init(&cycle->paths, cycle->pool, 4,
                         sizeof(struct rp_str)) != RP_OK)
    {
        return RP_ERROR;
    }

    p = cycle->paths.elts;

    for (i = 0; i < cycle->paths.nelts; i++) {
        if (rp_str_eq(&p[i], name)) {
            return RP_OK;
        }
    }

    p = rp_array_push(&cycle->paths);
    if (p == NULL) {
        return RP_ERROR;
    }

    *p = *name;

    return RP_OK;
}


/* See rp_cycle.h. */
struct rp_cycle_helper *
rp_cycle_add_helper(struct rp_cycle *cycle, const char *name)
{
    struct rp_cycle_helper  *h;

    if (cycle->helpers.elts == NULL
        && rp_array_init(&cycle->helpers, cycle->pool, 2,
                         sizeof(struct rp_cycle_helper)) != RP_OK)
    {
        return NULL;
    }

    h = rp_array_push(&cycle->helpers);
    if (h == NULL) {
        return NULL;
    }

    memset(h, 0, sizeof(*h));
    h->name = name;

    return h;
}
