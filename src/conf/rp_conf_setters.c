/*
 * rp_conf_setters.c - the generic directive setters (STYLE 15).
 *
 * Most directives store one value of a common kind into a field of their
 * module's config struct: a flag, a number, a size, a duration, a string,
 * a path or a choice from a fixed list.  The command table names one of
 * these setters, the field's offset and optional bounds or an enum table
 * in cmd->post, so modules need no parsing code of their own for them.
 * Every setter reports its own errors with the value's position and
 * rejects a directive repeated in the same block unless RP_CONF_MULTI.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"


#define rp_conf_field(conf, cmd, type)                                       \
    ((type *) ((char *) (conf) + (cmd)->offset))


static int
rp_conf_duplicate(struct rp_conf *cf, const struct rp_command *cmd)
{
    return rp_conf_error(cf, "\"%s\" directive is duplicate", cmd->name);
}


/*
 * Check <v> against the bounds in cmd->post (if any), reporting at the
 * first argument.  <v> is given as unsigned so that sizes above INT64_MAX
 * compare correctly.
 */
static int
rp_conf_check_bounds(struct rp_conf *cf, const struct rp_command *cmd,
    uint64_t v)
{
    const struct rp_conf_bounds  *b;
    struct rp_conf_token         *value;

    b = cmd->post;

    if (b == NULL) {
        return RP_OK;
    }

    if (v > (uint64_t) INT64_MAX || (int64_t) v < b->min
        || (int64_t) v > b->max)
    {
        value = rp_conf_arg(cf, 1);

        return rp_conf_error_at(cf, value, "value \"" RP_STR_FMT "\" in "
                                "\"%s\" directive must be between %" PRId64
                                " and %" PRId64, RP_STR_ARG(value->value),
                                cmd->name, b->min, b->max);
    }

    return RP_OK;
}


/* "on" | "off" into an int field (RP_UNSET when not given). */
int
rp_conf_set_flag(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    int                    *field;
    struct rp_conf_token   *value;

    field = rp_conf_field(conf, cmd, int);

    if (*field != RP_UNSET && !(cmd->type & RP_CONF_MULTI)) {
        return rp_conf_duplicate(cf, cmd);
    }

    value = rp_conf_arg(cf, 1);

    if (value->value.len == 2
        && rp_str_casecmp(value->value.data, (const u_char *) "on", 2) == 0)
    {
        *field = 1;

    } else if (value->value.len == 3
               && rp_str_casecmp(value->value.data, (const u_char *) "off",
                                 3) == 0)
    {
        *field = 0;

    } else {
        return rp_conf_error_at(cf, value, "invalid value \"" RP_STR_FMT
                                "\" in \"%s\" directive, it must be \"on\" "
                                "or \"off\"", RP_STR_ARG(value->value),
                                cmd->name);
    }

    return RP_OK;
}


/* A decimal number into an int64_t field (RP_UNSET when not given). */
int
rp_conf_set_num(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    int64_t                *field;
    uint64_t                v;
    struct rp_conf_token   *value;

    field = rp_conf_field(conf, cmd, int64_t);

    if (*field != RP_UNSET && !(cmd->type & RP_CONF_MULTI)) {
        return rp_conf_duplicate(cf, cmd);
    }

    value = rp_conf_arg(cf, 1);

    if (rp_parse_uint(value->value.data, value->value.len, INT64_MAX, &v)
        != RP_OK)
    {
        return rp_conf_error_at(cf, value, "invalid number \"" RP_STR_FMT
                                "\" in \"%s\" directive",
                                RP_STR_ARG(value->value), cmd->name);
    }

    if (rp_conf_check_bounds(cf, cmd, v) != RP_OK) {
        return RP_ERROR;
    }

    *field = (int64_t) v;

    return RP_OK;
}


/* A size ("64k", "10m") into a size_t field (RP_UNSET_SIZE if unset). */
int
rp_conf_set_size(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    size_t                 *field, v;
    struct rp_conf_token   *value;

    field = rp_conf_field(conf, cmd, size_t);

    if (*field != RP_UNSET_SIZE && !(cmd->type & RP_CONF_MULTI)) {
        return rp_conf_duplicate(cf, cmd);
    }

    value = rp_conf_arg(cf, 1);

    /* SIZE_MAX itself would read as "unset": refuse it as a value too */
    if (rp_parse_size(value->value.data, value->value.len, &v) != RP_OK
        || v == RP_UNSET_SIZE)
    {
        return rp_conf_error_at(cf, value, "invalid size \"" RP_STR_FMT
                                "\" in \"%s\" directive",
                                RP_STR_ARG(value->value), cmd->name);
    }

    if (rp_conf_check_bounds(cf, cmd, v) != RP_OK) {
        return RP_ERROR;
    }

    *field = v;

    return RP_OK;
}


/* A duration ("30s", "1h30m") into an rp_msec_t field, in ms. */
int
rp_conf_set_msec(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    int64_t                 v;
    rp_msec_t              *field;
    struct rp_conf_token   *value;

    field = rp_conf_field(conf, cmd, rp_msec_t);

    if (*field != RP_UNSET_MSEC && !(cmd->type & RP_CONF_MULTI)) {
        return rp_conf_duplicate(cf, cmd);
    }

    value = rp_conf_arg(cf, 1);

    if (rp_parse_msec(value->value.data, value->value.len, &v) != RP_OK) {
        return rp_conf_error_at(cf, value, "invalid time \"" RP_STR_FMT
                                "\" in \"%s\" directive",
                                RP_STR_ARG(value->value), cmd->name);
    }

    if (rp_conf_check_bounds(cf, cmd, (uint64_t) v) != RP_OK) {
        return RP_ERROR;
    }

    *field = v;

    return RP_OK;
}


/*
 * A string into a struct rp_str field (data NULL when unset).  The value
 * points into the config buffer or a copy in cf->pool: it lives with the
 * cycle, and is not NUL-terminated.
 */
int
rp_conf_set_str(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_str  *field;

    field = rp_conf_field(conf, cmd, struct rp_str);

    if (field->data != NULL && !(cmd->type & RP_CONF_MULTI)) {
        return rp_conf_duplicate(cf, cmd);
    }

    *field = rp_conf_arg(cf, 1)->value;

    return RP_OK;
}


/*
 * A path into a struct rp_str field, made absolute against the prefix
 * (rp_conf_full_name); NUL-terminated, from cf->pool.
 */
int
rp_conf_set_path(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_str  *field, name;

    field = rp_conf_field(conf, cmd, struct rp_str);

    if (field->data != NULL && !(cmd->type & RP_CONF_MULTI)) {
        return rp_conf_duplicate(cf, cmd);
    }

    name = rp_conf_arg(cf, 1)->value;

    if (rp_conf_full_name(cf, &name) != RP_OK) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    *field = name;

    return RP_OK;
}


/*
 * Look <value> up in the enum table <e> (case-insensitively, as nginx
 * does).  On failure report the list of allowed names and return
 * RP_ERROR.
 */
static int
rp_conf_enum_lookup(struct rp_conf *cf, const struct rp_command *cmd,
    const struct rp_conf_token *value, unsigned *out)
{
    char                        list[512], *p, *last;
    size_t                      n;
    const struct rp_conf_enum  *e;

    for (e = cmd->post; e && e->name; e++) {
        n = strlen(e->name);

        if (n == value->value.len
            && rp_str_casecmp(value->value.data, (const u_char *) e->name,
                              n) == 0)
        {
            *out = e->value;
            return RP_OK;
        }
    }

    p = list;
    last = list + sizeof(list);
    *p = '\0';

    for (e = cmd->post; e && e->name && p < last; e++) {
        p += snprintf(p, (size_t) (last - p), "%s\"%s\"",
                      e == cmd->post ? "" : ", ", e->name);
    }

    return rp_conf_error_at(cf, value, "invalid value \"" RP_STR_FMT "\" in "
                            "\"%s\" directive, it must be one of %s",
                            RP_STR_ARG(value->value), cmd->name, list);
}


/* One name of the cmd->post table into an int field (RP_UNSET if unset). */
int
rp_conf_set_enum(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    int       *field;
    unsigned   v;

    field = rp_conf_field(conf, cmd, int);

    if (*field != RP_UNSET && !(cmd->type & RP_CONF_MULTI)) {
        return rp_conf_duplicate(cf, cmd);
    }

    if (rp_conf_enum_lookup(cf, cmd, rp_conf_arg(cf, 1), &v) != RP_OK) {
        return RP_ERROR;
    }

    *field = (int) v;

    return RP_OK;
}


/*
 * Every argument a name of the cmd->post table; their values are OR-ed
 * into an unsigned field (0 when unset).  Every bad argument is reported.
 */
int
rp_conf_set_bitmask(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    int        rc;
    size_t     i;
    unsigned  *field, v, mask;

    field = rp_conf_field(conf, cmd, unsigned);

    if (*field != 0 && !(cmd->type & RP_CONF_MULTI)) {
        return rp_conf_duplicate(cf, cmd);
    }

    rc = RP_OK;
    mask = 0;

    for (i = 1; i <= rp_conf_nargs(cf); i++) {
        if (rp_conf_enum_lookup(cf, cmd, rp_conf_arg(cf, i), &v) != RP_OK) {
            rc = RP_ERROR;
            continue;
        }

        mask |= v;
    }

    if (rc == RP_OK) {
        *field |= mask;
    }

    return rc;
}


/*
 * See rp_conf.h: a relative <name> becomes cycle->prefix + name,
 * NUL-terminated, in cf->pool; absolute names are copied so that they
 * are NUL-terminated too; "stderr" stays as it is.  RP_OK or RP_ERROR
 * (allocation; not reported).
 */
int
rp_conf_full_name(struct rp_conf *cf, struct rp_str *name)
{
    return rp_cycle_full_name(cf->pool, &cf->cycle->prefix, name);
}
