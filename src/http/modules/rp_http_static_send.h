/*
 * rp_http_static_send.h - sending an open file as a response body
 * (rp_http_static_send.c), for the static module.
 */

#ifndef RP_HTTP_STATIC_SEND_H
#define RP_HTTP_STATIC_SEND_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_request.h"

extern struct rp_module  rp_http_static_module;

/*
 * Send bytes [0, <size>) of <fd> as the whole body (the header was
 * sent; <fd> is closed by a cleanup of r->pool).  _file: one file range
 * for sendfile(); _read: 32 KiB pread() pieces with back-pressure,
 * taking the connection's write event while the socket is full.
 * Return what a content handler returns: RP_OK when all was written,
 * RP_AGAIN when the core (or the reader) finishes later, RP_ERROR.
 * Worker context.
 */
int rp_http_static_send_file(struct rp_http_request *r, int fd, off_t size);
int rp_http_static_send_read(struct rp_http_request *r, int fd, off_t size);

#endif /* RP_HTTP_STATIC_SEND_H */
