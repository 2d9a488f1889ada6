/*
 * rp_http_error_page.c - "error_page code ... [=[code]] uri|@name|URL".
 *
 * When the core is about to send its built-in page for an error status
 * (rp_http_special_response), it first asks rp_http_error_page_handler,
 * which this module sets.  If the location has an error_page for that
 * status, the request is internally redirected to the URI (as a GET,
 * unless it was a HEAD), or handed to the named location, or answered
 * with a redirect to the URL.  The response keeps the error status
 * unless "=code" replaces it ("=" alone keeps the status of whatever
 * answers the new URI); a small header filter applies that status to the
 * page's response.  An error while serving the error page gets the
 * built-in page unless recursive_error_pages is on.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_error_page.h"
#include "rp_http_filters.h"
#include "rp_http_location.h"
#include "rp_http_request.h"
#include "rp_http_return_module.h"
#include "rp_http_script.h"

rp_http_header_filter_pt  rp_http_error_page_next_header_filter;

static int rp_http_error_page_postconfiguration(struct rp_conf *cf);
static int rp_http_error_page(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

static const struct rp_command  rp_http_error_page_commands[] = {

    { "error_page", RP_HTTP_MAIN_CONF | RP_HTTP_SRV_CONF | RP_HTTP_LOC_CONF
                    | RP_CONF_2MORE | RP_CONF_MULTI,
      rp_http_error_page, RP_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_http_module_ctx  rp_http_error_page_module_ctx = {
    NULL,                                  /* preconfiguration */
    rp_http_error_page_postconfiguration,  /* postconfiguration */
    NULL, NULL,                            /* main conf */
    NULL, NULL,                            /* srv conf */
    NULL, NULL                             /* loc conf: the core's */
};

struct rp_module  rp_http_error_page_module = {
    "rp_http_error_page_module",
    RP_HTTP_MODULE,
    &rp_http_error_page_module_ctx,
    rp_http_error_page_commands,
    NULL, NULL, NULL,
    0, 0
};


/* Parse "=", "=code" into <overwrite>.  RP_OK or RP_ERROR (reported). */
static int
rp_http_error_page_overwrite(struct rp_conf *cf,
    const struct rp_conf_token *tok, int *overwrite)
{
    uint64_t  n;

    if (tok->value.len == 1) {
        *overwrite = 0;
        return RP_OK;
    }

    if (rp_parse_uint(tok->value.data + 1, tok->value.len - 1, 599, &n)
        != RP_OK || n < 200)
    {
        return rp_conf_error_at(cf, tok, "invalid response code \""
                                RP_STR_FMT "\"", RP_STR_ARG(tok->value));
    }

    *overwrite = (int) n;

    return RP_OK;
}


/*
 * error_page code ... [=[code]] uri;  The entries go to the core loc
 * conf of this level, whose merge gives a level without error_page the
 * enclosing level's list (nginx's inheritance).
 */
static int
rp_http_error_page(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_core_loc_conf   *clcf;
    struct rp_http_complex_value   *cv;
    struct rp_http_err_page        *err;
    struct rp_conf_token           *tok, *uri;
    size_t                          i, last;
    uint64_t                        n;
    int                             overwrite;

    (void) cmd;
    (void) conf;

    clcf = rp_http_ctx_loc_conf(cf->ctx, &rp_http_core_module);

    last = rp_conf_nargs(cf);
    uri = rp_conf_arg(cf, last);
    overwrite = -1;

    tok = rp_conf_arg(cf, last - 1);
    if (tok->value.len && tok->value.data[0] == '=') {
        if (rp_http_error_page_overwrite(cf, tok, &overwrite) != RP_OK) {
            return RP_ERROR;
        }
        last--;
    }

    if (last < 2) {
        return rp_conf_error(cf, "\"error_page\" needs at least one code "
                             "and a URI");
    }

    if (uri->value.len == 0) {
        return rp_conf_error_at(cf, uri, "empty URI in \"error_page\"");
    }

    cv = rp_pcalloc(cf->pool, sizeof(struct rp_http_complex_value));
    if (cv == NULL || rp_http_compile_complex_value(cf, uri, cv) != RP_OK) {
        return RP_ERROR;
    }

    if (clcf->error_pages == NULL) {
        clcf->error_pages = rp_pcalloc(cf->pool, sizeof(struct rp_array));
        if (clcf->error_pages == NULL
            || rp_array_init(clcf->error_pages, cf->pool, 4,
                             sizeof(struct rp_http_err_page)) != RP_OK)
        {
            return RP_ERROR;
        }
    }

    for (i = 1; i < last; i++) {
        tok = rp_conf_arg(cf, i);

        /* nginx's range: 300-599; 499 is never sent */
        if (rp_parse_uint(tok->value.data, tok->value.len, 599, &n) != RP_OK
            || n < 300 || n == RP_HTTP_CLIENT_CLOSED_REQUEST)
        {
            return rp_conf_error_at(cf, tok, "value \"" RP_STR_FMT "\" must "
                                    "be between 300 and 599",
                                    RP_STR_ARG(tok->value));
        }

        err = rp_array_push(clcf->error_pages);
        if (err == NULL) {
            return RP_ERROR;
        }

        err->status = (int) n;
        err->overwrite = overwrite;
        err->value = uri->value;
        err->complex = cv;
    }

    return RP_OK;
}


/* Forget the headers the failed response had begun to set. */
static void
rp_http_error_page_clear_headers(struct rp_http_request *r)
{
    r->headers_out.headers.nelts = 0;
    r->headers_out.location = NULL;
    r->headers_out.etag = NULL;
    r->headers_out.content_range = NULL;
    r->headers_out.content_type.len = 0;
    r->headers_out.charset.len = 0;
    r->headers_out.content_length_n = -1;
    r->headers_out.last_modified_time = -1;
}


/* Internal redirect to "/uri?args" (the error page's own query kept). */
static int
rp_http_error_page_uri(struct rp_http_request *r, const struct rp_str *uri)
{
    struct rp_str  path, args;
    u_char        *q;

    path = *uri;
    args.len = 0;
    args.data = NULL;

    q = memchr(uri->data, '?', uri->len);
    if (q) {
        path.len = (size_t) (q - uri->data);
        args.data = q + 1;
        args.len = uri->len - path.len - 1;
    }

    if (r->method != RP_HTTP_HEAD) {
        r->method = RP_HTTP_GET;
        rp_str_set(&r->method_name, "GET");
    }

    return rp_http_internal_redirect(r, &path, args.len ? &args : NULL);
}


/*
 * Apply <err> to <r>, whose response was to be <status>.  Returns
 * RP_DONE when the request continued elsewhere, or what sending the
 * redirect or the fallback page returned.
 */
static int
rp_http_error_page_apply(struct rp_http_request *r,
    struct rp_http_core_loc_conf *clcf, const struct rp_http_err_page *err)
{
    struct rp_http_core_loc_conf  *named;
    struct rp_str                  uri;
    int                            rc, status;

    if (!clcf->recursive_error_pages) {
        r->error_page = 1;              /* the core will not ask again */
    }

    if (err->overwrite >= 0) {
        r->err_status = err->overwrite;  /* 0: the new URI's status */
    }

    rp_http_error_page_clear_headers(r);

    if (rp_http_complex_value(r, err->complex, &uri) != RP_OK) {
        goto failed;
    }

    if (uri.len && uri.data[0] == '/') {
        rc = rp_http_error_page_uri(r, &uri);
        if (rc == RP_DONE) {
            return RP_DONE;
        }
        goto failed;                      /* a redirect cycle */
    }

    if (uri.len && uri.data[0] == '@') {
        named = rp_http_find_named_location(r, &uri);
        if (named == NULL) {
            rp_log_error(RP_LOG_ERR, &r->connection->log, 0,
                         "could not find named location \"%.*s\"",
                         (int) rp_min(uri.len, 128), (const char *) uri.data);
            goto failed;
        }

        if (--r->uri_changes == 0) {
            rp_log_error(RP_LOG_ERR, &r->connection->log, 0,
                         "internal redirection cycle at a named location");
            goto failed;
        }

        return rp_http_named_location(r, named);
    }

    status = err->overwrite;
    if (status != RP_HTTP_MOVED_PERMANENTLY
        && status != RP_HTTP_MOVED_TEMPORARILY
        && status != RP_HTTP_SEE_OTHER
        && status != RP_HTTP_TEMPORARY_REDIRECT
        && status != RP_HTTP_PERMANENT_REDIRECT)
    {
        status = RP_HTTP_MOVED_TEMPORARILY;
    }

    r->err_status = status;

    return rp_http_send_redirect(r, status, &uri);

failed:

    r->error_page = 1;
    r->err_status = 0;
    return rp_http_special_response(r, RP_HTTP_INTERNAL_SERVER_ERROR);
}


/* The core's hook (rp_http_request.h): error_page for <status>. */
static int
rp_http_error_page_send(struct rp_http_request *r, int status)
{
    struct rp_http_core_loc_conf  *clcf = rp_http_core_loc(r);
    struct rp_http_err_page       *err;
    size_t                         i;

    if (clcf->error_pages == NULL || r->uri_changes <= 1) {
        return RP_DECLINED;
    }

    err = clcf->error_pages->elts;

    for (i = 0; i < clcf->error_pages->nelts; i++) {
        if (err[i].status == status) {
            return rp_http_error_page_apply(r, clcf, &err[i]);
        }
    }

    return RP_DECLINED;
}


/*
 * Header filter: a page served for an error keeps the error's status
 * (or the "=code" one), whatever status the page's own handler set.
 */
int
rp_http_error_page_header_filter(struct rp_http_request *r)
{
    if (r->err_status > 0 && r->internal) {
        r->headers_out.status = r->err_status;
        r->headers_out.status_line.len = 0;
    }

    return rp_http_error_page_next_header_filter(r);
}


static int
rp_http_error_page_postconfiguration(struct rp_conf *cf)
{
    (void) cf;

    rp_http_error_page_handler = rp_http_error_page_send;

    return RP_OK;
}
