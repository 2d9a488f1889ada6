/*
 * rp_http_connection.h - connection-level HTTP: between requests,
 * keep-alive, lingering close.
 */

#ifndef RP_HTTP_CONNECTION_H
#define RP_HTTP_CONNECTION_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_connection.h"

struct rp_http_request;

void rp_http_set_keepalive(struct rp_http_request *r);
void rp_http_set_lingering_close(struct rp_http_request *r);
void rp_http_close_connection(struct rp_connection *c);

/* rp_http_request.c, rp_http_finalize.c, rp_http_phases.c: the core's
 * own steps of a request, not for modules */
int rp_http_process_request_header(struct rp_http_request *r);
void rp_http_process_request(struct rp_http_request *r);
void rp_http_log_request(struct rp_http_request *r);
void rp_http_close_request(struct rp_http_request *r, int status);
void rp_http_finalize_connection(struct rp_http_request *r);
void rp_http_discard_body_after_response(struct rp_http_request *r);

struct rp_http_request *rp_http_create_request(struct rp_connection *c);
void rp_http_free_request(struct rp_http_request *r, int status);
void rp_http_process_request_line(struct rp_event *rev);

#endif /* RP_HTTP_CONNECTION_H */
