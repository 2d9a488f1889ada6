/*
 * rp_http_server_name.h - virtual servers: the "server_name" directive,
 * the per-address lookup of a server by Host, and the Host validation
 * that precedes it.  See rp_http_server_name.c.
 */

#ifndef RP_HTTP_SERVER_NAME_H
#define RP_HTTP_SERVER_NAME_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"

struct rp_http_addr_conf;
struct rp_http_core_srv_conf;
struct rp_http_request;

/*
 * Setter of  server_name name ... ;  <conf> is the server's core srv
 * conf.  Names are exact ("example.com", "" for requests without Host),
 * leading wildcards ("*.example.com"; ".example.com" is both
 * example.com and *.example.com), trailing wildcards ("www.example.*")
 * or regexes ("~^(?<sub>.+)\.example\.com$", caseless, named captures
 * become variables); non-regex names are lowercased.  The first name
 * becomes cscf->server_name.  RP_OK, or RP_ERROR after reporting.
 */
int rp_http_core_server_name(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

/*
 * Build the Host lookup of the servers reachable through <addr> into
 * addr->virtual_names (memory from cf->pool).  A server without
 * server_name gets the name "".  A name given twice on one address is
 * warned about ("conflicting server name ... ignored") and the first
 * server keeps it.  Call once per element of cmcf->addrs after the
 * servers were merged.  RP_OK or RP_ERROR (allocation failure).
 */
int rp_http_server_names_init(struct rp_conf *cf,
    struct rp_http_addr_conf *addr);

/*
 * The server of <addr> for <host> (validated and lowercased by
 * rp_http_validate_host(); "" when the request has none): exact name,
 * else the longest leading wildcard, else the longest trailing
 * wildcard, else the first matching regex in config order (its
 * captures stored in <r> when <r> is not NULL), else
 * addr->default_server (also after a regex matching error, which is
 * logged when <r> is given).  Never NULL.  Worker context; allocates
 * nothing itself (rp_http_regex_exec() may, for the captures).
 */
struct rp_http_core_srv_conf *rp_http_find_virtual_server(
    struct rp_http_addr_conf *addr, const struct rp_str *host,
    struct rp_http_request *r);

/*
 * Check and normalise a Host header value (or the host of an
 * absolute-form target) in place: strip a ":port" (digits only) and one
 * trailing dot, lowercase (copying into <pool> when needed), keep an
 * IPv6 literal's brackets ("[::1]:80" -> "[::1]").  Rejects '/', '\',
 * NUL and other control bytes, spaces, a leading dot, "..", and a value
 * that is empty after stripping (an empty value stays valid as "").
 * RP_OK, RP_DECLINED when invalid (the caller answers 400), RP_ERROR
 * when the copy cannot be allocated.
 */
int rp_http_validate_host(struct rp_str *host, struct rp_pool *pool);

#endif /* RP_HTTP_SERVER_NAME_H */
