/*
 * rp_http_return_module.h - the "return" directive and the redirect
 * response it shares with error_page.
 *
 * A redirect is a 3xx status, a Location header and a small HTML body
 * naming the status, as nginx sends it, so that clients that ignore
 * Location still show something useful.
 */

#ifndef RP_HTTP_RETURN_MODULE_H
#define RP_HTTP_RETURN_MODULE_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_request.h"

extern struct rp_module  rp_http_return_module;

/*
 * Send a complete redirect response: <status> (301, 302, 303, 307 or
 * 308), "Location: <location>" and a small text/html body (none for
 * HEAD).  A <location> starting with '/' is made absolute with the
 * request's scheme and its Host header as the client sent it (left
 * relative when the request had no Host).  <location> must live in
 * r->pool or longer.  Returns what the output filters returned (RP_OK,
 * RP_AGAIN, RP_ERROR); RP_ERROR also when the location holds CR, LF or
 * NUL (logged).  Worker context.
 */
int rp_http_send_redirect(struct rp_http_request *r, int status,
    const struct rp_str *location);

#endif /* RP_HTTP_RETURN_MODULE_H */
