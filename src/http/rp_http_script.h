/*
 * rp_http_script.h - complex values: strings with variables.
 *
 * A directive argument such as "$scheme://$host$request_uri" is compiled
 * at config load into a list of literal pieces and variable indexes; at
 * request time rp_http_complex_value() computes the length first, then
 * copies once into r->pool.  Arguments without '$' are stored as plain
 * literals and cost a pointer copy.  "${name}" separates a variable from
 * following name characters ("${host}x").  "$1".."$9" are the captures
 * of the last regex matched ("$12" is $1 then "2"; "${12}" is group 12);
 * a "$" not followed by a name is an ordinary byte ("^/a$").
 */

#ifndef RP_HTTP_SCRIPT_H
#define RP_HTTP_SCRIPT_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"

struct rp_http_request;

struct rp_http_script_part {
    struct rp_str   text;        /* literal, when index == (size_t) -1 */
    size_t          index;       /* variable index */
};

struct rp_http_complex_value {
    struct rp_str                value;   /* as written */
    struct rp_http_script_part  *parts;   /* NULL: a plain literal */
    size_t                       nparts;
};

/*
 * Compile <value> (a config token) into <cv>, allocated from cf->pool.
 * Reports errors (bad variable syntax) with rp_conf_error_at(<tok>).
 * RP_OK or RP_ERROR.
 */
int rp_http_compile_complex_value(struct rp_conf *cf,
    const struct rp_conf_token *tok, struct rp_http_complex_value *cv);

/*
 * Evaluate <cv> for <r> into <out> (r->pool; a plain literal is returned
 * without a copy, pointing into the config).  Variables are evaluated
 * with rp_http_get_flushed_variable(); one that is not found is empty.
 * RP_OK or RP_ERROR.
 */
int rp_http_complex_value(struct rp_http_request *r,
    const struct rp_http_complex_value *cv, struct rp_str *out);

/*
 * Setter for directives whose one argument is a complex value.  The
 * field at cmd->offset is a  struct rp_http_complex_value *  : NULL
 * while unset (create_loc_conf leaves it NULL; merge with
 * "if (conf->x == NULL) conf->x = prev->x;"), then a value compiled into
 * cf->pool.  A second occurrence in one block is reported as duplicate.
 */
int rp_http_set_complex_value_slot(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

#endif /* RP_HTTP_SCRIPT_H */
