/*
 * rp_http_log_escape.h - escaping values for access log lines (see
 * rp_http_log_escape.c).
 */

#ifndef RP_HTTP_LOG_ESCAPE_H
#define RP_HTTP_LOG_ESCAPE_H

#include "rp_config.h"
#include "rp_core.h"

/* log_format escape= modes */
#define RP_HTTP_LOG_ESCAPE_DEFAULT  0
#define RP_HTTP_LOG_ESCAPE_JSON     1
#define RP_HTTP_LOG_ESCAPE_NONE     2

/*
 * Escape <src> (<len> bytes) for a log line under <mode>, writing to
 * <dst>, or only measuring when <dst> is NULL (<dst> must hold the
 * measured length).  default: '"', '\' and bytes below 0x20 or above
 * 0x7e become \xHH (uppercase, as nginx); json: JSON string contents,
 * with \u00hh for control bytes and for bytes that are not well-formed
 * UTF-8; none: raw.  Returns the number of bytes written (or needed).
 * Pure; any context.
 */
size_t rp_http_log_escape(u_char *dst, const u_char *src, size_t len,
    unsigned mode);

#endif /* RP_HTTP_LOG_ESCAPE_H */
