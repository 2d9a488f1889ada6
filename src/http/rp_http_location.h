/*
 * rp_http_location.h - "location" blocks: reading them, merging their
 * configs down the nesting, and choosing the one a request's URI falls
 * into.  The algorithm and its data structure are described at the top
 * of rp_http_location.c.
 */

#ifndef RP_HTTP_LOCATION_H
#define RP_HTTP_LOCATION_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"

struct rp_http_core_loc_conf;
struct rp_http_request;

/*
 * Setter of  location [ = | ^~ | ~ | ~* ] uri { ... }  and
 * location @name { ... }.  <conf> is the core loc conf of the enclosing
 * server or location.  Creates the location's loc confs, checks the
 * nesting rules, appends it to the parent's "locations" and parses its
 * body.  RP_OK, or RP_ERROR after reporting.
 */
int rp_http_core_location(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);

/*
 * Merge module <mctx>'s loc confs (at <ctx_index>) of every location in
 * <locations> (struct rp_http_core_loc_conf *, may be NULL) with
 * <parent_loc_conf>, the loc conf array of the enclosing level, and so
 * on recursively down the nesting.  Called by the server merge once per
 * module and server.  RP_OK, or RP_ERROR after the merge function
 * reported.
 */
int rp_http_merge_locations(struct rp_conf *cf, struct rp_array *locations,
    void **parent_loc_conf, const struct rp_http_module_ctx *mctx,
    size_t ctx_index);

/*
 * Build the lookup structures (static_tree, regex_locations) of <clcf>
 * (a server's core loc conf) and, recursively, of every location nested
 * in it.  Called once per server after merging; memory from cf->pool.
 * RP_OK or RP_ERROR (allocation failure).
 */
int rp_http_init_locations(struct rp_conf *cf,
    struct rp_http_core_loc_conf *clcf);

/*
 * Choose the location for r->uri (normalised and percent-decoded)
 * among the locations of r's server, with nginx's rules: an exact match
 * wins at once; else the longest prefix, whose nested locations are
 * searched in turn; unless that prefix is "^~", the regex locations
 * (nested ones first, then the level's, in config order) are tried and
 * the first match wins, its captures stored in <r>; else the longest
 * prefix stands.  r->loc_conf is reset to the server's first.
 * Returns RP_OK with r->loc_conf set to the chosen location's confs,
 * RP_DECLINED when no location matched (r->loc_conf is the server's),
 * RP_ERROR on a regex matching error.  Worker context; no allocation
 * except what rp_http_regex_exec() does for captures.
 */
int rp_http_find_location(struct rp_http_request *r);

/*
 * The named location <name> ("@name", with the '@') of r's server, or
 * NULL.  The caller switches r->loc_conf to the result's loc_conf.
 */
struct rp_http_core_loc_conf *rp_http_find_named_location(
    struct rp_http_request *r, const struct rp_str *name);

#endif /* RP_HTTP_LOCATION_H */
