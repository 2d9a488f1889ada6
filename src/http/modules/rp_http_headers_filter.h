/*
 * rp_http_headers_filter.h - the add_header module and its header
 * filter (see rp_http_headers_filter.c).
 */

#ifndef RP_HTTP_HEADERS_FILTER_H
#define RP_HTTP_HEADERS_FILTER_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_request.h"

extern struct rp_module  rp_http_headers_filter_module;

/* Its header filter is declared in rp_http_filters.h. */

#endif /* RP_HTTP_HEADERS_FILTER_H */
