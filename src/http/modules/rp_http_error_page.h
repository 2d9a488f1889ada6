/*
 * rp_http_error_page.h - the error_page module and its header filter,
 * which gives a page served for an error the error's status (see
 * rp_http_error_page.c).
 */

#ifndef RP_HTTP_ERROR_PAGE_H
#define RP_HTTP_ERROR_PAGE_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_request.h"

extern struct rp_module  rp_http_error_page_module;

/* Its header filter is declared in rp_http_filters.h. */

#endif /* RP_HTTP_ERROR_PAGE_H */
