/*
 * rp_http_connection.c - what happens to a client connection the
 * moment a worker accepts it on an http listen socket.
 *
 * The HTTP/1.1 engine (request parser, virtual servers, responses) is
 * the next milestone and will take over from rp_http_init_connection().
 * Until then a connection is registered with the event loop, marked
 * idle (so a graceful stop closes it at once), and held until the
 * client closes it or client_header_timeout (60 s) passes without a
 * complete request; bytes the client sends are read and discarded so
 * the socket never fills.  No response is sent.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_listen.h"


static void
rp_http_wait_request(struct rp_event *rev)
{
    struct rp_connection  *c = rev->data;
    u_char                 buf[4096];
    ssize_t                n;

    if (rev->timedout) {
        rp_log_error(RP_LOG_INFO, &c->log, 0, "client timed out");
        rp_connection_close(c);
        return;
    }

    for (;;) {
        n = read(c->fd, buf, sizeof(buf));

        if (n > 0) {
            continue;
        }

        if (n == -1 && errno == EINTR) {
            continue;
        }

        if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            rev->ready = 0;
            return;
        }

        /* EOF or a reset: the client is gone */
        rp_connection_close(c);
        return;
    }
}


static void
rp_http_empty_handler(struct rp_event *wev)
{
    (void) wev;
}


/*
 * The listening handler of every http socket: take ownership of the
 * accepted connection <c>.
 */
void
rp_http_init_connection(struct rp_connection *c)
{
    struct rp_http_addr_conf      *addr = c->listening->servers;
    struct rp_http_core_loc_conf  *clcf;
    struct rp_http_core_srv_conf  *cscf = addr->default_server;
    (void) clcf;

    clcf = rp_http_ctx_loc_conf(cscf->ctx, &rp_http_core_module);

    c->log.action = "waiting for request";
    c->read.handler = rp_http_wait_request;
    c->write.handler = rp_http_empty_handler;

    if (rp_event_add_conn(c) != RP_OK) {
        rp_connection_close(c);
        return;
    }

    rp_connection_set_idle(c, 1);

    if (rp_event_add_timer(&c->read, cscf->client_header_timeout) != RP_OK) {
        rp_connection_close(c);
        return;
    }

    if (c->read.ready) {
        rp_http_wait_request(&c->read);
    }
}
