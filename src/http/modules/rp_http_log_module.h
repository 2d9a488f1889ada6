/*
 * rp_http_log_module.h - the access log module (log_format, access_log).
 */

#ifndef RP_HTTP_LOG_MODULE_H
#define RP_HTTP_LOG_MODULE_H

#include "rp_config.h"
#include "rp_core.h"

extern struct rp_module  rp_http_log_module;

#endif /* RP_HTTP_LOG_MODULE_H */
