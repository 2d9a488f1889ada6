/*
 * rp_http_headers_filter.c - "add_header name value [always]".
 *
 * A header filter that appends the configured fields to every response
 * of the location, after its handler set the status: without "always"
 * only to successful and redirect responses (200 201 204 206 301 302
 * 303 304 307 308, nginx's list), with it to every response, errors
 * included.  Values are complex values; one that evaluates to the empty
 * string adds nothing, and one holding CR, LF or NUL is refused by
 * rp_http_add_header_out() so no variable can split the header.
 * Inheritance is nginx's: a level with any add_header of its own does
 * not inherit the enclosing level's list.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_filters.h"
#include "rp_http_headers_filter.h"
#include "rp_http_request.h"
#include "rp_http_script.h"

struct rp_http_header_val {
    const char                     *name;    /* NUL-terminated, cf->pool */
    struct rp_http_complex_value    value;
    unsigned                        always:1;
};

struct rp_http_headers_conf {
    struct rp_array                *headers;  /* rp_http_header_val; NULL */
};

rp_http_header_filter_pt  rp_http_headers_next_header_filter;

static void *rp_http_headers_create_loc_conf(struct rp_conf *cf);
static int rp_http_headers_merge_loc_conf(struct rp_conf *cf, void *parent,
    void *child);
static int rp_http_headers_add(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

static const struct rp_command  rp_http_headers_commands[] = {

    { "add_header", RP_HTTP_MAIN_CONF | RP_HTTP_SRV_CONF | RP_HTTP_LOC_CONF
                    | RP_CONF_TAKE23 | RP_CONF_MULTI,
      rp_http_headers_add, RP_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_http_module_ctx  rp_http_headers_module_ctx = {
    NULL,                                  /* preconfiguration */
    NULL,                                  /* postconfiguration */
    NULL, NULL,                            /* main conf */
    NULL, NULL,                            /* srv conf */
    rp_http_headers_create_loc_conf,
    rp_http_headers_merge_loc_conf
};

struct rp_module  rp_http_headers_filter_module = {
    "rp_http_headers_filter_module",
    RP_HTTP_MODULE,
    &rp_http_headers_module_ctx,
    rp_http_headers_commands,
    NULL, NULL, NULL,
    0, 0
};


static void *
rp_http_headers_create_loc_conf(struct rp_conf *cf)
{
    return rp_pcalloc(cf->pool, sizeof(struct rp_http_headers_conf));
}


static int
rp_http_headers_merge_loc_conf(struct rp_conf *cf, void *parent, void *child)
{
    struct rp_http_headers_conf  *prev = parent, *conf = child;

    (void) cf;

    if (conf->headers == NULL) {
        conf->headers = prev->headers;
    }

    return RP_OK;
}


/* 1 if <name> is a valid field name (RFC 9110 5.1: a token). */
static int
rp_http_headers_name_is_token(const struct rp_str *name)
{
    static const char  tchar[] = "!#$%&'*+-.^_`|~";
    size_t             i;
    u_char             ch;

    for (i = 0; i < name->len; i++) {
        ch = name->data[i];

        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9')
              || (ch != '\0' && strchr(tchar, ch) != NULL)))
        {
            return 0;
        }
    }

    return name->len > 0;
}


/* add_header name value [always] */
static int
rp_http_headers_add(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_headers_conf  *hcf = conf;
    struct rp_http_header_val    *hv;
    struct rp_conf_token         *name = rp_conf_arg(cf, 1);
    struct rp_conf_token         *opt;

    (void) cmd;

    if (!rp_http_headers_name_is_token(&name->value)) {
        return rp_conf_error_at(cf, name, "invalid header name \""
                                RP_STR_FMT "\"", RP_STR_ARG(name->value));
    }

    if (hcf->headers == NULL) {
        hcf->headers = rp_pcalloc(cf->pool, sizeof(struct rp_array));
        if (hcf->headers == NULL
            || rp_array_init(hcf->headers, cf->pool, 4,
                             sizeof(struct rp_http_header_val)) != RP_OK)
        {
            return RP_ERROR;
        }
    }

    hv = rp_array_push(hcf->headers);
    if (hv == NULL) {
        return RP_ERROR;
    }

    memset(hv, 0, sizeof(*hv));

    hv->name = rp_pstrdup_z(cf->pool, &name->value);
    if (hv->name == NULL) {
        return RP_ERROR;
    }

    if (rp_http_compile_complex_value(cf, rp_conf_arg(cf, 2), &hv->value)
        != RP_OK)
    {
        return RP_ERROR;
    }

    if (rp_conf_nargs(cf) == 3) {
        opt = rp_conf_arg(cf, 3);

        if (!rp_str_eq_lit(&opt->value, "always")) {
            return rp_conf_error_at(cf, opt, "invalid parameter \""
                                    RP_STR_FMT "\": expected \"always\"",
                                    RP_STR_ARG(opt->value));
        }

        hv->always = 1;
    }

    return RP_OK;
}


/* 1 for the statuses that get add_header without "always" (nginx's). */
static int
rp_http_headers_status_is_ok(int status)
{
    switch (status) {
    case RP_HTTP_OK:
    case 201:
    case RP_HTTP_NO_CONTENT:
    case RP_HTTP_PARTIAL_CONTENT:
    case RP_HTTP_MOVED_PERMANENTLY:
    case RP_HTTP_MOVED_TEMPORARILY:
    case RP_HTTP_SEE_OTHER:
    case RP_HTTP_NOT_MODIFIED:
    case RP_HTTP_TEMPORARY_REDIRECT:
    case RP_HTTP_PERMANENT_REDIRECT:
        return 1;
    default:
        return 0;
    }
}


/* See rp_http_headers_filter.h. */
int
rp_http_headers_header_filter(struct rp_http_request *r)
{
    struct rp_http_headers_conf  *hcf;
    struct rp_http_header_val    *hv;
    struct rp_str                 value;
    size_t                        i;
    int                           ok;

    hcf = rp_http_get_module_loc_conf(r, &rp_http_headers_filter_module);

    if (hcf->headers == NULL) {
        return rp_http_headers_next_header_filter(r);
    }

    ok = rp_http_headers_status_is_ok(r->headers_out.status);
    hv = hcf->headers->elts;

    for (i = 0; i < hcf->headers->nelts; i++) {
        if (!ok && !hv[i].always) {
            continue;
        }

        if (rp_http_complex_value(r, &hv[i].value, &value) != RP_OK) {
            return RP_ERROR;
        }

        if (value.len == 0) {
            continue;
        }

        /* a refused value (CR, LF, NUL) was logged; the rest goes out */
        (void) rp_http_add_header_out(r, hv[i].name, &value);
    }

    return rp_http_headers_next_header_filter(r);
}
