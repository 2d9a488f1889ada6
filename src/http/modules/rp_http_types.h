/*
 * rp_http_types.h - the "types { }" block: file extensions to MIME types.
 */

#ifndef RP_HTTP_TYPES_H
#define RP_HTTP_TYPES_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"

/*
 * Parse the body of a types { } block whose "{" was just read, adding
 * its lines to *<types> (created in cf->pool when NULL), and sort them
 * for lookup.  Config time only.  RP_OK or RP_ERROR (reported).
 */
int rp_http_types_block(struct rp_conf *cf, struct rp_array **types);

/*
 * The MIME type of file name or URI <name> by its extension (after the
 * last '.' of the last segment, compared case-insensitively), from
 * <types> as built by rp_http_types_block(), or from nginx's built-in
 * three (html, gif, jpg) when <types> is NULL.  NULL when unknown (use
 * default_type).  The result lives as long as the config.
 */
const struct rp_str *rp_http_types_find(const struct rp_array *types,
    const struct rp_str *name);

#endif /* RP_HTTP_TYPES_H */
