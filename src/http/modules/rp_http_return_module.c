/*
 * rp_http_return_module.c - "return code [text|URL]" and "return URL".
 *
 * In a location, return is the location's content handler: it answers
 * at once with a redirect (301, 302, 303, 307, 308 and a Location), a
 * status with a text body (the location's default_type), a bare status
 * (400 and up go through the core's error path, so error_page applies)
 * or, for 444, closes the connection without a word as nginx does.  In
 * a server block it runs in the server-rewrite phase, before any
 * location is chosen, so it answers every request of that server.  The
 * text or URL is a complex value ($variables allowed).
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_filters.h"
#include "rp_http_request.h"
#include "rp_http_return_module.h"
#include "rp_http_script.h"

/* nginx's non-standard code: close the connection, send nothing */
#define RP_HTTP_RETURN_CLOSE  444

struct rp_http_return_conf {
    int                            status;  /* RP_UNSET: no return here */
    struct rp_http_complex_value  *text;    /* body or Location; NULL */
};

static void *rp_http_return_create_loc_conf(struct rp_conf *cf);
static int rp_http_return_postconfiguration(struct rp_conf *cf);
static int rp_http_return(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);

static const struct rp_command  rp_http_return_commands[] = {

    { "return", RP_HTTP_SRV_CONF | RP_HTTP_LOC_CONF | RP_CONF_TAKE12,
      rp_http_return, RP_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_http_module_ctx  rp_http_return_module_ctx = {
    NULL,                                  /* preconfiguration */
    rp_http_return_postconfiguration,      /* postconfiguration */
    NULL,                                  /* create main conf */
    NULL,                                  /* init main conf */
    NULL,                                  /* create srv conf */
    NULL,                                  /* merge srv conf */
    rp_http_return_create_loc_conf,        /* create loc conf */
    NULL                                   /* merge: never inherited */
};

struct rp_module  rp_http_return_module = {
    "rp_http_return_module",
    RP_HTTP_MODULE,
    &rp_http_return_module_ctx,
    rp_http_return_commands,
    NULL, NULL, NULL,
    0, 0
};


static void *
rp_http_return_create_loc_conf(struct rp_conf *cf)
{
    struct rp_http_return_conf  *rlcf;

    rlcf = rp_pcalloc(cf->pool, sizeof(struct rp_http_return_conf));
    if (rlcf == NULL) {
        return NULL;
    }

    rlcf->status = RP_UNSET;

    return rlcf;
}


/* 1 if <status> is answered with a Location. */
static int
rp_http_return_is_redirect(int status)
{
    return status == RP_HTTP_MOVED_PERMANENTLY
           || status == RP_HTTP_MOVED_TEMPORARILY
           || status == RP_HTTP_SEE_OTHER
           || status == RP_HTTP_TEMPORARY_REDIRECT
           || status == RP_HTTP_PERMANENT_REDIRECT;
}


/* 1 if <s> starts like an absolute URL (the one-argument form). */
static int
rp_http_return_is_url(const struct rp_str *s)
{
    static const char  *const prefixes[] = {
        "http://", "https://", "$scheme"
    };
    size_t                     i, n;

    for (i = 0; i < rp_nelems(prefixes); i++) {
        n = strlen(prefixes[i]);

        if (s->len >= n && memcmp(s->data, prefixes[i], n) == 0) {
            return 1;
        }
    }

    return 0;
}


/*
 * return code [text|URL] | return URL
 *
 * The status is checked here so a typo fails at load: 200-599 (444
 * included).  Only the innermost block's return counts; a location
 * does not inherit its server's (that one ran earlier anyway).
 */
static int
rp_http_return(struct rp_conf *cf, const struct rp_command *cmd, void *conf)
{
    struct rp_http_return_conf     *rlcf = conf;
    struct rp_conf_token           *arg = rp_conf_arg(cf, 1);
    struct rp_conf_token           *text;
    uint64_t                        n;

    (void) cmd;

    if (rlcf->status != RP_UNSET) {
        return rp_conf_error(cf, "\"return\" directive is duplicate");
    }

    text = NULL;

    if (rp_conf_nargs(cf) == 1 && rp_http_return_is_url(&arg->value)) {
        rlcf->status = RP_HTTP_MOVED_TEMPORARILY;
        text = arg;

    } else {
        if (rp_parse_uint(arg->value.data, arg->value.len, 599, &n) != RP_OK
            || n < 200)
        {
            return rp_conf_error_at(cf, arg, "invalid return code \""
                                    RP_STR_FMT "\": expected 200 to 599 or "
                                    "a URL", RP_STR_ARG(arg->value));
        }

        rlcf->status = (int) n;

        if (rp_conf_nargs(cf) == 2) {
            text = rp_conf_arg(cf, 2);
        }
    }

    if (text) {
        rlcf->text = rp_pcalloc(cf->pool,
                                sizeof(struct rp_http_complex_value));
        if (rlcf->text == NULL
            || rp_http_compile_complex_value(cf, text, rlcf->text) != RP_OK)
        {
            return RP_ERROR;
        }
    }

    return RP_OK;
}


/*
 * Answer <r> as <rlcf> says.  Returns what a content handler returns:
 * RP_DONE/RP_OK/RP_AGAIN after sending, an error status for the core
 * to send, or RP_ERROR (for 444: close without a response).
 */
static int
rp_http_return_run(struct rp_http_request *r,
    const struct rp_http_return_conf *rlcf)
{
    struct rp_http_core_loc_conf  *clcf = rp_http_core_loc(r);
    struct rp_str                  text;
    int                            status = rlcf->status;

    if (status == RP_HTTP_RETURN_CLOSE) {
        /* logged as 444 by the close path, which keeps a set status */
        r->headers_out.status = RP_HTTP_RETURN_CLOSE;
        r->keepalive = 0;
        return RP_ERROR;
    }

    if (rp_http_discard_request_body(r) != RP_OK) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (rlcf->text == NULL) {
        if (status >= RP_HTTP_SPECIAL_MIN && status != RP_HTTP_NOT_MODIFIED) {
            return status;                  /* error_page may apply */
        }

        if (status == RP_HTTP_NO_CONTENT || status == RP_HTTP_NOT_MODIFIED) {
            r->header_only = 1;
        }

        return rp_http_send_response(r, status, NULL, NULL);
    }

    if (rp_http_complex_value(r, rlcf->text, &text) != RP_OK) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (rp_http_return_is_redirect(status)) {
        return rp_http_send_redirect(r, status, &text);
    }

    if (status == RP_HTTP_NO_CONTENT || status == RP_HTTP_NOT_MODIFIED) {
        r->header_only = 1;
    }

    return rp_http_send_response(r, status, &clcf->default_type, &text);
}


/* The content handler of a location with "return". */
static int
rp_http_return_handler(struct rp_http_request *r)
{
    return rp_http_return_run(r, rp_http_get_module_loc_conf(r,
                                                 &rp_http_return_module));
}


/*
 * Server-rewrite phase: a "return" at server level.  r->loc_conf is
 * still the server's own here (no location chosen yet).
 */
static int
rp_http_return_server_handler(struct rp_http_request *r)
{
    const struct rp_http_return_conf  *rlcf;

    rlcf = rp_http_get_module_loc_conf(r, &rp_http_return_module);

    if (rlcf->status == RP_UNSET) {
        return RP_DECLINED;
    }

    return rp_http_return_run(r, rlcf);
}


/*
 * Set the content handler of every location with a return (nested ones
 * too), and the server-rewrite handler.  Done here rather than in the
 * setter so that the handler is set whatever order the location's
 * directives were written in.
 */
static void
rp_http_return_set_handlers(struct rp_array *locations)
{
    struct rp_http_core_loc_conf  **clcfp;
    struct rp_http_return_conf     *rlcf;
    size_t                          i;

    if (locations == NULL) {
        return;
    }

    clcfp = locations->elts;

    for (i = 0; i < locations->nelts; i++) {
        rlcf = clcfp[i]->loc_conf[rp_http_return_module.ctx_index];

        if (rlcf->status != RP_UNSET) {
            clcfp[i]->handler = rp_http_return_handler;
        }

        rp_http_return_set_handlers(clcfp[i]->locations);
    }
}


static int
rp_http_return_postconfiguration(struct rp_conf *cf)
{
    struct rp_http_conf_ctx          *ctx = rp_http_get_ctx(cf->cycle);
    struct rp_http_core_main_conf    *cmcf;
    struct rp_http_core_srv_conf    **cscfp;
    struct rp_http_core_loc_conf     *clcf;
    struct rp_conf                    pcf;
    size_t                            s;

    cmcf = rp_http_ctx_main_conf(ctx, &rp_http_core_module);
    cscfp = cmcf->servers.elts;

    for (s = 0; s < cmcf->servers.nelts; s++) {
        clcf = rp_http_ctx_loc_conf(cscfp[s]->ctx, &rp_http_core_module);
        rp_http_return_set_handlers(clcf->locations);
    }

    /* rp_http_add_phase_handler() reads the http ctx from cf->ctx */
    pcf = *cf;
    pcf.ctx = ctx;

    return rp_http_add_phase_handler(&pcf, RP_HTTP_SERVER_REWRITE_PHASE,
                                     rp_http_return_server_handler);
}


/* ---------------------------------------------------------------------
 * Redirects (shared with error_page)
 */

/* 1 if <s> holds only bytes a Host header's host[:port] may hold. */
static int
rp_http_return_host_is_safe(const struct rp_str *s)
{
    size_t  i;
    u_char  ch;

    for (i = 0; i < s->len; i++) {
        ch = s->data[i];

        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-'
              || ch == ':' || ch == '[' || ch == ']' || ch == '_'))
        {
            return 0;
        }
    }

    return s->len > 0;
}


/* See rp_http_return_module.h. */
int
rp_http_send_redirect(struct rp_http_request *r, int status,
    const struct rp_str *location)
{
    static const struct rp_str  type = rp_string("text/html");
    struct rp_http_header      *host = r->headers_in.host;
    struct rp_str               loc, body, scheme;
    const char                 *line;
    u_char                     *p;
    size_t                      len;
    int                         n;

    loc = *location;

    /* nginx's absolute_redirect: "/x" becomes "http://host/x" */
    if (loc.len && loc.data[0] == '/' && host
        && rp_http_return_host_is_safe(&host->value))
    {
        scheme = r->schema;
        if (scheme.len == 0) {
            rp_str_set(&scheme, "http");
        }

        len = scheme.len + sizeof("://") - 1 + host->value.len + loc.len;
        loc.data = rp_palloc(r->pool, len);
        if (loc.data == NULL) {
            return RP_ERROR;
        }

        p = rp_cpymem(loc.data, scheme.data, scheme.len);
        p = rp_cpymem(p, "://", 3);
        p = rp_cpymem(p, host->value.data, host->value.len);
        p = rp_cpymem(p, location->data, location->len);
        loc.len = (size_t) (p - loc.data);
    }

    r->headers_out.location = rp_http_add_header_out(r, "Location", &loc);
    if (r->headers_out.location == NULL) {
        return RP_ERROR;
    }

    line = rp_http_status_line(status);
    if (line == NULL) {
        line = "302 Moved Temporarily";
    }

    len = 2 * strlen(line) + sizeof("<html>\r\n<head><title></title></head>\r\n"
                                    "<body>\r\n<center><h1></h1></center>\r\n"
                                    "<hr><center>rampart</center>\r\n"
                                    "</body>\r\n</html>\r\n");
    body.data = rp_palloc(r->pool, len);
    if (body.data == NULL) {
        return RP_ERROR;
    }

    n = snprintf((char *) body.data, len,
                 "<html>\r\n<head><title>%s</title></head>\r\n"
                 "<body>\r\n<center><h1>%s</h1></center>\r\n"
                 "<hr><center>rampart</center>\r\n</body>\r\n</html>\r\n",
                 line, line);
    if (n < 0 || (size_t) n >= len) {
        return RP_ERROR;
    }

    body.len = (size_t) n;

    return rp_http_send_response(r, status, &type, &body);
}
