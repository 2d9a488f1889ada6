/*
 * rp_http_variables.h - $variables: lookup by name at config time,
 * lazy evaluation and caching per request.
 *
 * A variable is resolved to an index when a directive that uses it is
 * compiled (rp_http_get_variable_index), so an unknown name is a config
 * error and requests pay nothing for variables no directive uses.  At
 * request time the value is computed on first use by its get handler and
 * cached in r->variables[index] (unless it is marked no_cacheable).
 * Prefix families are built in: $http_NAME, $arg_NAME, $cookie_NAME,
 * $sent_http_NAME (and, later, $upstream_http_NAME); regex captures are
 * $1..$9 and named captures $NAME.
 */

#ifndef RP_HTTP_VARIABLES_H
#define RP_HTTP_VARIABLES_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"

struct rp_http_request;
struct rp_regex;

struct rp_http_variable_value {
    u_char        *data;
    unsigned       len:28;
    unsigned       valid:1;        /* computed for this request */
    unsigned       no_cacheable:1; /* recompute on each use */
    unsigned       not_found:1;    /* no such value: empty, "-" in logs */
    unsigned       escape:1;       /* reserved */
};

typedef int (*rp_http_get_variable_pt)(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data);

#define RP_HTTP_VAR_CHANGEABLE   0x01  /* may be redefined (set, map) */
#define RP_HTTP_VAR_NOCACHEABLE  0x02
#define RP_HTTP_VAR_PREFIX       0x04  /* name is a prefix: http_ ... */

struct rp_http_variable {
    struct rp_str              name;       /* lowercase, no '$' */
    rp_http_get_variable_pt    get_handler;
    uintptr_t                  data;
    unsigned                   flags;
    size_t                     index;
};

/*
 * Define variable <name> (a module's own, e.g. map's result).  Returns
 * the variable for the caller to set get_handler/data, or NULL after
 * reporting an error (a clash with a built-in that is not changeable).
 */
struct rp_http_variable *rp_http_add_variable(struct rp_conf *cf,
    const struct rp_str *name, unsigned flags);

/*
 * Index of variable <name> for rp_http_get_indexed_variable(); unknown
 * names are checked when the http block ends (rp_http_variables_init),
 * which reports "unknown \"$name\" variable" with the position of first
 * use.  RP_ERROR on allocation failure.
 */
int rp_http_get_variable_index(struct rp_conf *cf, const struct rp_str *name);

struct rp_http_variable_value *rp_http_get_indexed_variable(
    struct rp_http_request *r, size_t index);
struct rp_http_variable_value *rp_http_get_flushed_variable(
    struct rp_http_request *r, size_t index);

/* Look a variable up by name at request time (slow path, e.g. map). */
struct rp_http_variable_value *rp_http_get_variable(
    struct rp_http_request *r, const struct rp_str *name, uint32_t hash);

/* Called by the http block: core variables, then after parsing: check. */
int rp_http_variables_add_core_vars(struct rp_conf *cf);
int rp_http_variables_init(struct rp_conf *cf);

/*
 * Regex with captures usable as variables: compiles and registers named
 * groups as variables; exec stores the captures in r (for $1..$9 and
 * names).  exec returns RP_OK on match, RP_DECLINED on no match,
 * RP_ERROR.
 */
struct rp_regex *rp_http_regex_compile(struct rp_conf *cf,
    const struct rp_str *pattern, unsigned flags);
int rp_http_regex_exec(struct rp_http_request *r, struct rp_regex *re,
    const struct rp_str *s);

#endif /* RP_HTTP_VARIABLES_H */
