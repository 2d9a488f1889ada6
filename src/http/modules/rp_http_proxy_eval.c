/*
 * rp_http_proxy_eval.c - proxy_pass with variables, resolved per request.
 *
 * The URL is evaluated, then split as nginx does: "http://" HOST
 * [":" PORT] [URI].  A HOST without a port that names an "upstream"
 * block uses that group (its balancer and keep-alive cache).  Otherwise
 * HOST must be an IP address or "localhost": rampart has no resolver
 * that works without blocking the worker yet, so any other name gets a
 * 502 and an error log line.  An address gets a temporary group of one
 * peer in r->pool; its connections are not kept alive (the cache needs
 * a group that outlives the request).  A URI part, when present, is sent
 * to the backend as it is; without one the client's URI is.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http.h"
#include "rp_http_proxy.h"
#include "rp_http_request.h"
#include "rp_http_script.h"
#include "rp_http_upstream.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>


/*
 * Split <hostport> into <host> and <port> (0 when none is written).
 * "[v6]" keeps its brackets in <host>.  RP_OK or RP_ERROR.
 */
static int
rp_http_proxy_eval_split(const struct rp_str *hostport, struct rp_str *host,
    in_port_t *port)
{
    u_char    *colon, *last;
    uint64_t   n;

    last = hostport->data + hostport->len;
    *host = *hostport;
    *port = 0;

    if (hostport->data[0] == '[') {
        colon = memchr(hostport->data, ']', hostport->len);
        if (colon == NULL) {
            return RP_ERROR;
        }

        colon++;
        if (colon == last) {
            return RP_OK;
        }
        if (*colon != ':') {
            return RP_ERROR;
        }

    } else {
        colon = memchr(hostport->data, ':', hostport->len);
        if (colon == NULL) {
            return RP_OK;
        }
    }

    host->len = (size_t) (colon - hostport->data);

    if (rp_parse_uint(colon + 1, (size_t) (last - colon - 1), 65535, &n)
        != RP_OK || n == 0 || host->len == 0)
    {
        return RP_ERROR;
    }

    *port = (in_port_t) n;

    return RP_OK;
}


/*
 * <host> as an IPv4 or bracketed IPv6 literal, or "localhost" (as
 * 127.0.0.1), with <port> into <sa>.  RP_OK, or RP_DECLINED for a name.
 */
static int
rp_http_proxy_eval_addr(const struct rp_str *host, in_port_t port,
    struct sockaddr_storage *sa, socklen_t *len)
{
    struct sockaddr_in   *sin = (struct sockaddr_in *) sa;
    struct sockaddr_in6  *sin6 = (struct sockaddr_in6 *) sa;
    char                  text[64];
    const u_char         *p;
    size_t                n;

    memset(sa, 0, sizeof(*sa));

    p = host->data;
    n = host->len;

    if (n && p[0] == '[') {
        p++;
        n -= 2;
    }

    if (n == 0 || n >= sizeof(text)) {
        return RP_DECLINED;
    }

    memcpy(text, p, n);
    text[n] = '\0';

    if (host->data[0] == '[') {
        if (inet_pton(AF_INET6, text, &sin6->sin6_addr) != 1) {
            return RP_DECLINED;
        }

        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        *len = sizeof(struct sockaddr_in6);
        return RP_OK;
    }

    if (n == 9 && rp_str_casecmp(p, (const u_char *) "localhost", 9) == 0) {
        rp_strlcpy(text, "127.0.0.1", sizeof(text));
    }

    if (inet_pton(AF_INET, text, &sin->sin_addr) != 1) {
        return RP_DECLINED;
    }

    sin->sin_family = AF_INET;
    sin->sin_port = htons(port);
    *len = sizeof(struct sockaddr_in);

    return RP_OK;
}


/*
 * A group of one server at <sa> for this request only: round robin over
 * one peer, no keep-alive.  NULL when memory is short.
 */
static struct rp_http_upstream_srv_conf *
rp_http_proxy_eval_group(struct rp_http_request *r,
    const struct rp_str *host, in_port_t port,
    const struct sockaddr_storage *sa, socklen_t socklen)
{
    struct rp_http_upstream_srv_conf  *us;
    struct rp_http_upstream_server    *s;
    struct rp_http_upstream_peers     *peers;
    struct rp_http_upstream_peer      *peer;
    u_char                            *p;
    size_t                             len;

    us = rp_pcalloc(r->pool, sizeof(struct rp_http_upstream_srv_conf));
    s = rp_pcalloc(r->pool, sizeof(struct rp_http_upstream_server));
    peers = rp_pcalloc(r->pool, sizeof(struct rp_http_upstream_peers));
    peer = rp_pcalloc(r->pool, sizeof(struct rp_http_upstream_peer));

    len = host->len + sizeof(":65535");
    p = rp_palloc(r->pool, len);

    if (us == NULL || s == NULL || peers == NULL || peer == NULL || p == NULL)
    {
        return NULL;
    }

    s->name.data = p;
    s->name.len = (size_t) snprintf((char *) p, len, RP_STR_FMT ":%u",
                                    RP_STR_ARG(*host), (unsigned) port);
    s->sockaddr = *sa;
    s->socklen = socklen;
    s->weight = 1;
    s->max_fails = 1;
    s->fail_timeout = 10000;

    peer->server = s;
    peer->name = s->name;
    peer->weight = 1;
    peer->effective_weight = 1;
    peer->sh = rp_http_upstream_private_state(r->pool);
    if (peer->sh == NULL) {
        return NULL;
    }

    peers->peer = peer;
    peers->number = 1;
    peers->total_weight = 1;

    us->host = *host;
    us->port = port;
    us->peers = peers;
    us->balancer = &rp_http_upstream_round_robin;
    us->keepalive = 0;                  /* the cache needs a lasting group */
    us->keepalive_cache = NULL;
    us->implicit = 1;

    return us;
}


/* See rp_http_proxy.h. */
int
rp_http_proxy_eval(struct rp_http_request *r, struct rp_http_proxy_ctx *ctx)
{
    struct sockaddr_storage   sa;
    struct rp_str             url, hostport, host;
    socklen_t                 socklen;
    in_port_t                 port;
    u_char                   *p, *end;

    if (rp_http_complex_value(r, ctx->plcf->url_cv, &url) != RP_OK) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (url.len <= 7
        || rp_str_casecmp(url.data, (const u_char *) "http://", 7) != 0)
    {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0, "invalid URL "
                     "prefix in \"" RP_STR_FMT "\"", RP_STR_ARG(url));
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    hostport.data = url.data + 7;
    end = url.data + url.len;

    for (p = hostport.data; p < end && *p != '/' && *p != '?'; p++) {
        /* void */
    }

    hostport.len = (size_t) (p - hostport.data);

    if (hostport.len == 0
        || rp_http_proxy_eval_split(&hostport, &host, &port) != RP_OK)
    {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0, "invalid host or "
                     "port in upstream \"" RP_STR_FMT "\"", RP_STR_ARG(url));
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    ctx->host = hostport;

    if (p < end) {
        ctx->var_uri = 1;
        ctx->uri.data = p;
        ctx->uri.len = (size_t) (end - p);

        /* "http://h?a=b" sends "/?a=b" */
        if (*p == '?') {
            ctx->uri.data = rp_palloc(r->pool, ctx->uri.len + 1);
            if (ctx->uri.data == NULL) {
                return RP_HTTP_INTERNAL_SERVER_ERROR;
            }
            ctx->uri.data[0] = '/';
            (void) rp_cpymem(ctx->uri.data + 1, p, ctx->uri.len);
            ctx->uri.len++;
        }
    }

    if (port == 0) {
        ctx->us = rp_http_upstream_find(r, &host);
        if (ctx->us) {
            return RP_OK;
        }
    }

    if (rp_http_proxy_eval_addr(&host, port ? port : 80, &sa, &socklen)
        != RP_OK)
    {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0, "no upstream "
                     "\"" RP_STR_FMT "\" and no resolver: proxy_pass with "
                     "variables needs an upstream group name or an IP "
                     "address", RP_STR_ARG(host));
        return RP_HTTP_BAD_GATEWAY;
    }

    ctx->us = rp_http_proxy_eval_group(r, &host, port ? port : 80, &sa,
                                       socklen);

    return ctx->us ? RP_OK : RP_HTTP_INTERNAL_SERVER_ERROR;
}
