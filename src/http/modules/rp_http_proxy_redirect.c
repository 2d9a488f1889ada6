/*
 * rp_http_proxy_redirect.c - proxy_redirect: rewrite the Location and
 * Refresh fields of backend responses, as nginx does.
 *
 * A rule is FROM TO.  A plain FROM (a complex value, so it may hold
 * variables) matches when the field value starts with it, and only that
 * prefix is replaced by TO; a regex FROM (~ or ~*) is matched against
 * the value and the whole value is replaced by TO, which may use its
 * captures.  The first matching rule wins.  "default" is the rule
 * "proxy_pass URL -> location prefix" (URL/ -> / when proxy_pass has no
 * URI part), also applied when a location with proxy_pass (without
 * variables) inherits no rule; "off" cancels inherited rules.  In
 * Refresh only what follows "url=" is rewritten.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_proxy.h"
#include "rp_http_request.h"
#include "rp_http_script.h"
#include "rp_http_variables.h"
#include "rp_regex.h"


/* A complex value that is the literal <s> (no variables). */
static void
rp_http_proxy_literal(struct rp_http_complex_value *cv,
    const struct rp_str *s)
{
    memset(cv, 0, sizeof(*cv));
    cv->value = *s;
}


static struct rp_http_proxy_rewrite *
rp_http_proxy_redirect_push(struct rp_conf *cf, struct rp_array **a)
{
    struct rp_http_proxy_rewrite  *pr;

    if (*a == NULL) {
        *a = rp_array_create(cf->pool, 2,
                             sizeof(struct rp_http_proxy_rewrite));
        if (*a == NULL) {
            return NULL;
        }
    }

    pr = rp_array_push(*a);
    if (pr != NULL) {
        memset(pr, 0, sizeof(*pr));
    }

    return pr;
}


/*
 * The "default" rule of a proxy_pass <url> in a location named
 * <location>: URL -> location with a URI part, URL/ -> / without.
 */
static int
rp_http_proxy_redirect_default(struct rp_conf *cf,
    struct rp_http_proxy_loc_conf *plcf, struct rp_array **a)
{
    struct rp_http_proxy_rewrite  *pr;
    struct rp_str                  from, to;
    u_char                        *p;

    pr = rp_http_proxy_redirect_push(cf, a);
    if (pr == NULL) {
        return RP_ERROR;
    }

    if (plcf->has_uri) {
        from = plcf->url;
        to = plcf->location;            /* set by proxy_pass */

    } else {
        p = rp_palloc(cf->pool, plcf->url.len + 1);
        if (p == NULL) {
            return RP_ERROR;
        }

        from.data = p;
        from.len = plcf->url.len + 1;
        p = rp_cpymem(p, plcf->url.data, plcf->url.len);
        *p = '/';
        rp_str_set(&to, "/");
    }

    rp_http_proxy_literal(&pr->from, &from);
    rp_http_proxy_literal(&pr->to, &to);

    return RP_OK;
}


/* See rp_http_proxy.h. */
int
rp_http_proxy_redirect(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_proxy_loc_conf  *plcf = conf;
    struct rp_http_proxy_rewrite   *pr;
    struct rp_conf_token           *from, *to;
    struct rp_str                   pattern;
    unsigned                        flags;

    (void) cmd;

    from = rp_conf_arg(cf, 1);

    if (plcf->redirect == 0) {
        return rp_conf_error(cf, "\"proxy_redirect\" directive is duplicate");
    }

    if (rp_conf_nargs(cf) == 1) {
        if (rp_str_eq_lit(&from->value, "off")
            || rp_str_eq_lit(&from->value, "false"))
        {
            if (plcf->redirects) {
                return rp_conf_error(cf, "\"proxy_redirect\" directive is "
                                     "duplicate");
            }

            plcf->redirect = 0;
            return RP_OK;
        }

        if (!rp_str_eq_lit(&from->value, "default")) {
            return rp_conf_error_at(cf, from, "invalid parameter \""
                                    RP_STR_FMT "\"", RP_STR_ARG(from->value));
        }

        if (plcf->url_cv) {
            return rp_conf_error_at(cf, from, "\"proxy_redirect default\" "
                                    "cannot be used with \"proxy_pass\" "
                                    "directive with variables");
        }

        if (plcf->upstream == NULL) {
            return rp_conf_error_at(cf, from, "\"proxy_redirect default\" "
                                    "should be placed after the "
                                    "\"proxy_pass\" directive");
        }

        plcf->redirect = 1;

        return rp_http_proxy_redirect_default(cf, plcf, &plcf->redirects);
    }

    to = rp_conf_arg(cf, 2);
    plcf->redirect = 1;

    pr = rp_http_proxy_redirect_push(cf, &plcf->redirects);
    if (pr == NULL) {
        return RP_ERROR;
    }

    if (rp_http_compile_complex_value(cf, to, &pr->to) != RP_OK) {
        return RP_ERROR;
    }

    if (from->value.len && from->value.data[0] == '~') {
        pattern.data = from->value.data + 1;
        pattern.len = from->value.len - 1;
        flags = 0;

        if (pattern.len && pattern.data[0] == '*') {
            pattern.data++;
            pattern.len--;
            flags = RP_REGEX_CASELESS;
        }

        if (pattern.len == 0) {
            return rp_conf_error_at(cf, from, "empty regular expression in "
                                    "\"proxy_redirect\"");
        }

        pr->regex = rp_http_regex_compile(cf, &pattern, flags);

        return pr->regex ? RP_OK : RP_ERROR;
    }

    return rp_http_compile_complex_value(cf, from, &pr->from);
}


/* See rp_http_proxy.h. */
int
rp_http_proxy_merge_redirects(struct rp_conf *cf,
    struct rp_http_proxy_loc_conf *prev, struct rp_http_proxy_loc_conf *conf)
{
    rp_conf_merge_value(conf->redirect, prev->redirect, 1);

    if (!conf->redirect) {
        conf->redirects = NULL;
        return RP_OK;
    }

    if (conf->redirects == NULL) {
        conf->redirects = prev->redirects;
    }

    if (conf->redirects == NULL && conf->upstream && conf->url_cv == NULL) {
        return rp_http_proxy_redirect_default(cf, conf, &conf->redirects);
    }

    return RP_OK;
}


/*
 * Replace bytes [prefix, prefix + len) of <h>'s value by <to>, in a copy
 * from r->pool.
 */
static int
rp_http_proxy_replace(struct rp_http_request *r, struct rp_http_header *h,
    size_t prefix, size_t len, const struct rp_str *to)
{
    size_t   n;
    u_char  *p, *data;

    n = h->value.len - len + to->len;

    data = rp_palloc(r->pool, n ? n : 1);
    if (data == NULL) {
        return RP_ERROR;
    }

    /* memcpy() must not see a NULL pointer, even for 0 bytes */
    p = data;

    if (prefix) {
        p = rp_cpymem(p, h->value.data, prefix);
    }

    if (to->len) {
        p = rp_cpymem(p, to->data, to->len);
    }

    if (h->value.len > prefix + len) {
        (void) rp_cpymem(p, h->value.data + prefix + len,
                         h->value.len - prefix - len);
    }

    h->value.data = data;
    h->value.len = n;

    return RP_OK;
}


/*
 * Apply rule <pr> to [prefix, end) of <h>'s value.  RP_OK when it
 * matched (and the value was rewritten), RP_DECLINED, RP_ERROR.
 */
static int
rp_http_proxy_rewrite_one(struct rp_http_request *r,
    struct rp_http_header *h, size_t prefix,
    const struct rp_http_proxy_rewrite *pr)
{
    struct rp_str  subject, from, to;
    size_t         len;
    int            rc;

    subject.data = h->value.data + prefix;
    subject.len = h->value.len - prefix;

    if (pr->regex) {
        rc = rp_http_regex_exec(r, pr->regex, &subject);
        if (rc != RP_OK) {
            return rc;
        }

        len = subject.len;

    } else {
        if (rp_http_complex_value(r, &pr->from, &from) != RP_OK) {
            return RP_ERROR;
        }

        if (from.len > subject.len
            || (from.len && memcmp(subject.data, from.data, from.len) != 0))
        {
            return RP_DECLINED;
        }

        len = from.len;
    }

    if (rp_http_complex_value(r, &pr->to, &to) != RP_OK) {
        return RP_ERROR;
    }

    /* a value from variables must not split the header */
    if (to.len && (memchr(to.data, '\r', to.len)
                   || memchr(to.data, '\n', to.len)))
    {
        return RP_DECLINED;
    }

    return rp_http_proxy_replace(r, h, prefix, len, &to);
}


/* See rp_http_proxy.h. */
int
rp_http_proxy_rewrite_redirect(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx, struct rp_http_header *h, int refresh)
{
    const struct rp_http_proxy_rewrite  *pr;
    size_t                               prefix, i;
    int                                  rc;

    if (ctx->plcf->redirects == NULL) {
        return RP_OK;
    }

    prefix = 0;

    if (refresh) {
        for (i = 0; i + 4 <= h->value.len; i++) {
            if (rp_str_casecmp(h->value.data + i, (const u_char *) "url=", 4)
                == 0)
            {
                break;
            }
        }

        if (i + 4 > h->value.len) {
            return RP_OK;
        }

        prefix = i + 4;
    }

    pr = ctx->plcf->redirects->elts;

    for (i = 0; i < ctx->plcf->redirects->nelts; i++) {
        rc = rp_http_proxy_rewrite_one(r, h, prefix, &pr[i]);

        if (rc != RP_DECLINED) {
            return rc;
        }
    }

    return RP_OK;
}
