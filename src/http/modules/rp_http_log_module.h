/*
 * rp_http_log_module.h - the access log module (log_format, access_log)
 * and its escaping function, exported for unit tests.
 */

#ifndef RP_HTTP_LOG_MODULE_H
#define RP_HTTP_LOG_MODULE_H

#include "rp_config.h"
#include "rp_core.h"

extern struct rp_module  rp_http_log_module;

/*
 * Escape <src> (<len> bytes) for a log line under <mode> (0 default,
 * 1 json, 2 none; see log_format escape=), writing to <dst>, or only
 * measuring when <dst> is NULL.  <dst> must hold the measured length.
 * Returns the number of bytes written (or needed).  Pure; any context.
 */
size_t rp_http_log_escape(u_char *dst, const u_char *src, size_t len,
    unsigned mode);

#endif /* RP_HTTP_LOG_MODULE_H */
