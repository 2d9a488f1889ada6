/*
 * rp_http_proxy_next.c - when a failed attempt is retried on the next
 * server: proxy_next_upstream, proxy_next_upstream_tries and
 * proxy_next_upstream_timeout, with nginx's rules.
 *
 * A retry happens only before anything of the response reached the
 * client, only for the kinds of failure the location lists (default
 * "error timeout"), while the group has an untried server and the
 * tries and time limits allow, and for POST, PATCH and methods rampart
 * does not know (LOCK, ...) once request bytes were sent only with
 * "non_idempotent"; never once bytes of a body passed on unbuffered
 * (proxy_request_buffering off) went out.  A listed
 * status (http_500 ...) that can no longer be retried is relayed to the
 * client as the backend sent it.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_request.h"
#include "rp_http_proxy.h"

/* The values of proxy_next_upstream (for rp_conf_set_bitmask). */
const struct rp_conf_enum  rp_http_proxy_next_upstream_values[] = {
    { "off",            RP_PROXY_NEXT_OFF },
    { "error",          RP_PROXY_NEXT_ERROR },
    { "timeout",        RP_PROXY_NEXT_TIMEOUT },
    { "invalid_header", RP_PROXY_NEXT_INVALID },
    { "http_500",       RP_PROXY_NEXT_500 },
    { "http_502",       RP_PROXY_NEXT_502 },
    { "http_503",       RP_PROXY_NEXT_503 },
    { "http_504",       RP_PROXY_NEXT_504 },
    { "http_403",       RP_PROXY_NEXT_403 },
    { "http_404",       RP_PROXY_NEXT_404 },
    { "http_429",       RP_PROXY_NEXT_429 },
    { "non_idempotent", RP_PROXY_NEXT_NON_IDEMPOTENT },
    { NULL, 0 }
};


/* See rp_http_proxy.h. */
unsigned
rp_http_proxy_next_status_bit(unsigned code)
{
    switch (code) {
    case 500:
        return RP_PROXY_NEXT_500;
    case 502:
        return RP_PROXY_NEXT_502;
    case 503:
        return RP_PROXY_NEXT_503;
    case 504:
        return RP_PROXY_NEXT_504;
    case 403:
        return RP_PROXY_NEXT_403;
    case 404:
        return RP_PROXY_NEXT_404;
    case 429:
        return RP_PROXY_NEXT_429;
    default:
        return 0;
    }
}


/* See rp_http_proxy.h. */
unsigned
rp_http_proxy_next_bit(unsigned outcome, int status)
{
    switch (outcome) {
    case RP_UPSTREAM_FAIL_CONNECT:
    case RP_UPSTREAM_FAIL_CLOSED:
        return RP_PROXY_NEXT_ERROR;
    case RP_UPSTREAM_FAIL_TIMEOUT:
        return RP_PROXY_NEXT_TIMEOUT;
    case RP_UPSTREAM_FAIL_INVALID:
        return RP_PROXY_NEXT_INVALID;
    case RP_UPSTREAM_FAIL_HTTP:
        return rp_http_proxy_next_status_bit((unsigned) status);
    default:
        return 0;
    }
}


/* See rp_http_proxy.h. */
int
rp_http_proxy_may_retry(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx, unsigned bit)
{
    const struct rp_http_proxy_loc_conf  *plcf = ctx->plcf;

    if (bit == 0 || !(plcf->next_upstream & bit) || ctx->pc.tries <= 1
        || r->header_sent)
    {
        return 0;
    }

    if (plcf->next_upstream_tries
        && (int64_t) ctx->states.nelts >= plcf->next_upstream_tries)
    {
        return 0;
    }

    if (plcf->next_upstream_timeout
        && rp_current_msec - ctx->first_start >= plcf->next_upstream_timeout)
    {
        return 0;
    }

    /* proxy_request_buffering off: body bytes that went out were not
     * kept and cannot be sent again (nginx does not retry either) */
    if (ctx->body_sent) {
        return 0;
    }

    if (ctx->sent_any
        && (r->method & (RP_HTTP_POST | RP_HTTP_PATCH | RP_HTTP_UNKNOWN))
        && !(plcf->next_upstream & RP_PROXY_NEXT_NON_IDEMPOTENT))
    {
        return 0;
    }

    return 1;
}


/* See rp_http_proxy.h. */
void
rp_http_proxy_next_merge(struct rp_http_proxy_loc_conf *prev,
    struct rp_http_proxy_loc_conf *conf)
{
    if (conf->next_upstream == 0) {
        conf->next_upstream = prev->next_upstream
                              ? prev->next_upstream
                              : RP_PROXY_NEXT_ERROR | RP_PROXY_NEXT_TIMEOUT;
    }

    if (conf->next_upstream & RP_PROXY_NEXT_OFF) {
        conf->next_upstream = RP_PROXY_NEXT_OFF;
    }

    rp_conf_merge_value(conf->next_upstream_tries, prev->next_upstream_tries,
                        0);
    rp_conf_merge_msec(conf->next_upstream_timeout,
                       prev->next_upstream_timeout, 0);
}
