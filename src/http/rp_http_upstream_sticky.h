/*
 * rp_http_upstream_sticky.h - session affinity by cookie ("sticky
 * cookie NAME ..." in an upstream block).
 *
 * Sticky is not a balancer: it wraps the group's balancer.  The group
 * is built as usual (rp_http_upstream.c), then
 * rp_http_upstream_sticky_init() puts a wrapper in front of its
 * balancer that sends a request carrying the cookie to the server it
 * names while that server can take it; the proxy calls
 * rp_http_upstream_sticky_header() once the backend's response header
 * is in, and that adds the Set-Cookie naming the server chosen.
 */

#ifndef RP_HTTP_UPSTREAM_STICKY_H
#define RP_HTTP_UPSTREAM_STICKY_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"

struct rp_http_request;
struct rp_http_upstream_pc;
struct rp_http_upstream_srv_conf;

extern struct rp_module  rp_http_upstream_sticky_module;

/*
 * Config time, after the balancer of <us> (which has us->sticky) built
 * its peers: compute each server's cookie value and wrap the balancer.
 * RP_OK, or RP_ERROR when memory is short.
 */
int rp_http_upstream_sticky_init(struct rp_conf *cf,
    struct rp_http_upstream_srv_conf *us);

/*
 * Worker, when the response header of the attempt <pc> to group <us>
 * is in and about to go to the client: if the group is sticky and the
 * request did not already carry the cookie naming pc->peer, add
 * "Set-Cookie: NAME=VALUE; attributes" (in r->pool) to the response.
 * RP_OK (added or nothing to do), or RP_ERROR when memory is short.
 */
int rp_http_upstream_sticky_header(struct rp_http_request *r,
    struct rp_http_upstream_srv_conf *us,
    const struct rp_http_upstream_pc *pc);

#endif /* RP_HTTP_UPSTREAM_STICKY_H */
