/*
 * rp_modules.c - the list of modules compiled into rampart, in the order
 * their directives are searched and their hooks run.  Adding a module is
 * one line here and one source file.
 */

#include "rp_config.h"
#include "rp_module.h"

extern struct rp_module  rp_core_module;
extern struct rp_module  rp_event_core_module;
extern struct rp_module  rp_http_module;
extern struct rp_module  rp_http_core_module;
extern struct rp_module  rp_http_upstream_module;
extern struct rp_module  rp_http_upstream_least_module;
extern struct rp_module  rp_http_upstream_hc_module;
extern struct rp_module  rp_http_upstream_hash_module;
extern struct rp_module  rp_http_upstream_sticky_module;
extern struct rp_module  rp_http_proxy_module;
extern struct rp_module  rp_http_map_module;
extern struct rp_module  rp_http_log_module;
extern struct rp_module  rp_http_return_module;
extern struct rp_module  rp_http_error_page_module;
extern struct rp_module  rp_http_headers_filter_module;
extern struct rp_module  rp_http_static_module;
extern struct rp_module  rp_http_range_filter_module;

struct rp_module  *rp_modules_list[] = {
    &rp_core_module,
    &rp_event_core_module,
    &rp_http_module,
    &rp_http_core_module,
    &rp_http_upstream_module,
    &rp_http_upstream_least_module,
    &rp_http_upstream_hc_module,
    &rp_http_upstream_hash_module,
    &rp_http_upstream_sticky_module,
    &rp_http_proxy_module,
    &rp_http_map_module,
    &rp_http_log_module,
    &rp_http_return_module,
    &rp_http_error_page_module,
    &rp_http_headers_filter_module,
    &rp_http_static_module,
    &rp_http_range_filter_module,
    NULL
};
