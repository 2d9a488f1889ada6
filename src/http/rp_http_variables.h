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

struct rp_http_core_main_conf;
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
 * Where things live.  cmcf->variables (struct rp_http_variable) holds the
 * INDEXED variables: one entry per name some directive uses, in order of
 * first use; r->variables must have rp_http_variables_count(cmcf)
 * elements, zeroed (rp_pcalloc) for each request.  The DEFINED variables
 * (built-ins, map results, named captures, prefix families) and the
 * position of each name's first use are private to rp_http_variables.c,
 * hung on cmcf->variables_hash.
 *
 * A get handler fills v->data / v->len (memory from r->pool, or pointing
 * at request data that lives as long as r) and returns RP_OK, RP_DECLINED
 * (no such value: the caller sees not_found, an empty string) or
 * RP_ERROR.  It need not touch the flag bits.
 *
 * Names are case-insensitive ($HOST is $host): they are stored lowercase.
 */

/*
 * Define variable <name> (a module's own, e.g. map's result).  Returns
 * the variable for the caller to set get_handler/data, or NULL after
 * reporting an error (a clash with a built-in that is not changeable).
 * When both the existing and the new definition are RP_HTTP_VAR_CHANGEABLE
 * the existing one is returned (its get_handler is then non-NULL: the
 * caller decides whether to replace it).  With RP_HTTP_VAR_PREFIX, <name>
 * is a prefix ("http_") and the handler gets (uintptr_t) a struct rp_str *
 * holding the whole name used ("http_user_agent").
 */
struct rp_http_variable *rp_http_add_variable(struct rp_conf *cf,
    const struct rp_str *name, unsigned flags);

/*
 * Index of variable <name> for rp_http_get_indexed_variable(); unknown
 * names are checked when the http block ends (rp_http_variables_init),
 * which reports unknown "name" variable with the position of its first
 * use.  RP_ERROR on allocation failure.
 */
int rp_http_get_variable_index(struct rp_conf *cf, const struct rp_str *name);

/*
 * The value of indexed variable <index> for <r>: computed on first use
 * and cached in r->variables[index] (a variable flagged NOCACHEABLE gets
 * no_cacheable set, see the flushed variant).  A missing value is
 * returned with not_found set and len 0.  NULL on error (logged).
 * Worker context; the value lives in r->pool.
 */
struct rp_http_variable_value *rp_http_get_indexed_variable(
    struct rp_http_request *r, size_t index);

/*
 * The same, but a value marked no_cacheable ($uri, $status, $msec, a
 * volatile map, captures...) is computed again: what directives that
 * evaluate at a given moment (complex values, the access log) use.
 */
struct rp_http_variable_value *rp_http_get_flushed_variable(
    struct rp_http_request *r, size_t index);

/*
 * Look a variable up by <name> at request time (slow path: a binary
 * search over the defined names).  <hash> is ignored (names are not
 * hashed; pass 0).  Indexed variables come from r->variables; others are
 * computed into a fresh value in r->pool.  An unknown name gives a value
 * with not_found set; NULL on error.
 */
struct rp_http_variable_value *rp_http_get_variable(
    struct rp_http_request *r, const struct rp_str *name, uint32_t hash);

/*
 * Called by the http block (rp_http.c): rp_http_variables_add_core_vars
 * right after the http-level confs were created and before the block's
 * body is parsed (it defines the built-ins and reads gethostname()), and
 * rp_http_variables_init after the body was parsed and the modules'
 * postconfiguration ran (it resolves every indexed name and reports each
 * unknown one as  unknown "foo" variable in FILE:LINE:COL  at its first
 * use).  Both take the http ctx from cf->cycle, act once per http block
 * (a second call does nothing) and return RP_OK or RP_ERROR.
 */
int rp_http_variables_add_core_vars(struct rp_conf *cf);
int rp_http_variables_init(struct rp_conf *cf);

/*
 * For rp_http_variables_add_core_vars only: 1 the first time per http
 * block, 0 afterwards (both entry points above are idempotent), RP_ERROR.
 */
int rp_http_variables_first_core(struct rp_conf *cf);

/* Number of indexed variables: the size of r->variables. */
size_t rp_http_variables_count(const struct rp_http_core_main_conf *cmcf);

/*
 * Regex with captures usable as variables: compiles <pattern> into
 * cf->pool (errors reported with rp_conf_error at the directive, NULL
 * returned), raises cmcf->ncaptures, and defines each named group as a
 * variable.  exec matches <s> and stores the captures in r (r->captures,
 * from r->pool, for $0..$9; named groups are set in r->variables and
 * point into <s>, which must live as long as r).  exec returns RP_OK on
 * match, RP_DECLINED on no match, RP_ERROR (logged).
 */
struct rp_regex *rp_http_regex_compile(struct rp_conf *cf,
    const struct rp_str *pattern, unsigned flags);
int rp_http_regex_exec(struct rp_http_request *r, struct rp_regex *re,
    const struct rp_str *s);

#endif /* RP_HTTP_VARIABLES_H */
