/*
 * rp_http_proxy_module.c - proxy_pass: configuration, the request sent
 * to the backend, and the response header relayed to the client.
 *
 * The request to the backend is built once per client request:
 *
 *   METHOD URI HTTP/1.0|1.1          (URI rewritten by nginx's rules)
 *   proxy_set_header fields          (Host $proxy_host and
 *                                     Connection close by default; an
 *                                     empty value drops the field)
 *   the client's fields              (proxy_pass_request_headers), minus
 *                                     hop-by-hop fields and those
 *                                     proxy_set_header replaces
 *   Content-Length                   (the body as read: chunked bodies
 *                                     are decoded first, so 1.0 backends
 *                                     get them too; with
 *                                     proxy_request_buffering off the
 *                                     client's length, or chunked coding
 *                                     to 1.1: rp_http_proxy_body.c)
 *
 * Hop-by-hop fields (Connection and every field it names, Keep-Alive,
 * TE, Trailer, Transfer-Encoding, Upgrade, Proxy-*) never reach the
 * backend from the client, nor the client from the backend (RFC 9110
 * 7.6.1), so neither side can steer the other's connection handling.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_proxy.h"
#include "rp_http_request.h"
#include "rp_http_variables.h"

static void *rp_http_proxy_create_main_conf(struct rp_conf *cf);
static void *rp_http_proxy_create_loc_conf(struct rp_conf *cf);
static int rp_http_proxy_merge_loc_conf(struct rp_conf *cf, void *prev,
    void *conf);
static int rp_http_proxy_pass(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
static int rp_http_proxy_set_header(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
static int rp_http_proxy_header_list(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

static const struct rp_conf_enum  rp_http_proxy_versions[] = {
    { "1.0", RP_HTTP_VERSION_10 },
    { "1.1", RP_HTTP_VERSION_11 },
    { NULL, 0 }
};

static const struct rp_conf_bounds  rp_http_proxy_timeout_bounds = {
    1, INT64_C(7) * 24 * 3600 * 1000
};

static const struct rp_conf_bounds  rp_http_proxy_buffer_bounds = {
    1024, 1024 * 1024
};

static const struct rp_conf_bounds  rp_http_proxy_tries_bounds = {
    0, 1000
};

static const struct rp_conf_bounds  rp_http_proxy_next_timeout_bounds = {
    0, 7 * 24 * 3600 * 1000LL
};

/* proxy_ignore_headers: nginx's names */
static const struct rp_conf_enum  rp_http_proxy_ignore_fields[] = {
    { "X-Accel-Redirect", RP_HTTP_PROXY_IGN_XA_REDIRECT },
    { "X-Accel-Expires", RP_HTTP_PROXY_IGN_XA_EXPIRES },
    { "X-Accel-Limit-Rate", RP_HTTP_PROXY_IGN_XA_LIMIT_RATE },
    { "X-Accel-Buffering", RP_HTTP_PROXY_IGN_XA_BUFFERING },
    { "X-Accel-Charset", RP_HTTP_PROXY_IGN_XA_CHARSET },
    { "Expires", RP_HTTP_PROXY_IGN_EXPIRES },
    { "Cache-Control", RP_HTTP_PROXY_IGN_CACHE_CONTROL },
    { "Set-Cookie", RP_HTTP_PROXY_IGN_SET_COOKIE },
    { "Vary", RP_HTTP_PROXY_IGN_VARY },
    { NULL, 0 }
};

#define RP_HTTP_PROXY_CONF  (RP_HTTP_MAIN_CONF | RP_HTTP_SRV_CONF             \
                             | RP_HTTP_LOC_CONF)

static const struct rp_command  rp_http_proxy_commands[] = {

    { "proxy_pass", RP_HTTP_LOC_CONF | RP_CONF_TAKE1, rp_http_proxy_pass,
      RP_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { "proxy_http_version", RP_HTTP_PROXY_CONF | RP_CONF_TAKE1,
      rp_conf_set_enum, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, http_version),
      rp_http_proxy_versions },

    { "proxy_set_header", RP_HTTP_PROXY_CONF | RP_CONF_TAKE2 | RP_CONF_MULTI,
      rp_http_proxy_set_header, RP_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { "proxy_hide_header", RP_HTTP_PROXY_CONF | RP_CONF_TAKE1 | RP_CONF_MULTI,
      rp_http_proxy_header_list, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, hide_headers), NULL },

    { "proxy_pass_header", RP_HTTP_PROXY_CONF | RP_CONF_TAKE1 | RP_CONF_MULTI,
      rp_http_proxy_header_list, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, pass_headers), NULL },

    { "proxy_pass_request_headers", RP_HTTP_PROXY_CONF | RP_CONF_FLAG,
      rp_conf_set_flag, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, pass_request_headers), NULL },

    { "proxy_pass_request_body", RP_HTTP_PROXY_CONF | RP_CONF_FLAG,
      rp_conf_set_flag, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, pass_request_body), NULL },

    { "proxy_connect_timeout", RP_HTTP_PROXY_CONF | RP_CONF_TAKE1,
      rp_conf_set_msec, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, connect_timeout),
      &rp_http_proxy_timeout_bounds },

    { "proxy_send_timeout", RP_HTTP_PROXY_CONF | RP_CONF_TAKE1,
      rp_conf_set_msec, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, send_timeout),
      &rp_http_proxy_timeout_bounds },

    { "proxy_read_timeout", RP_HTTP_PROXY_CONF | RP_CONF_TAKE1,
      rp_conf_set_msec, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, read_timeout),
      &rp_http_proxy_timeout_bounds },

    { "proxy_buffer_size", RP_HTTP_PROXY_CONF | RP_CONF_TAKE1,
      rp_conf_set_size, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, buffer_size),
      &rp_http_proxy_buffer_bounds },

    { "proxy_buffering", RP_HTTP_PROXY_CONF | RP_CONF_FLAG,
      rp_conf_set_flag, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, buffering), NULL },

    { "proxy_request_buffering", RP_HTTP_PROXY_CONF | RP_CONF_FLAG,
      rp_conf_set_flag, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, request_buffering), NULL },

    { "proxy_buffers", RP_HTTP_PROXY_CONF | RP_CONF_TAKE2,
      rp_http_proxy_set_buffers, RP_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { "proxy_busy_buffers_size", RP_HTTP_PROXY_CONF | RP_CONF_TAKE1,
      rp_http_proxy_set_buf_size, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, busy_buffers_size), NULL },

    { "proxy_max_temp_file_size", RP_HTTP_PROXY_CONF | RP_CONF_TAKE1,
      rp_http_proxy_set_buf_size, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, max_temp_file_size), NULL },

    { "proxy_temp_file_write_size", RP_HTTP_PROXY_CONF | RP_CONF_TAKE1,
      rp_http_proxy_set_buf_size, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, temp_file_write_size), NULL },

    { "proxy_temp_path", RP_HTTP_PROXY_CONF | RP_CONF_TAKE1234,
      rp_http_proxy_set_temp_path, RP_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { "proxy_ignore_headers", RP_HTTP_PROXY_CONF | RP_CONF_1MORE,
      rp_conf_set_bitmask, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, ignore_headers),
      rp_http_proxy_ignore_fields },

    { "proxy_redirect", RP_HTTP_PROXY_CONF | RP_CONF_TAKE12 | RP_CONF_MULTI,
      rp_http_proxy_redirect, RP_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { "proxy_intercept_errors", RP_HTTP_PROXY_CONF | RP_CONF_FLAG,
      rp_conf_set_flag, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, intercept_errors), NULL },

    { "proxy_next_upstream", RP_HTTP_PROXY_CONF | RP_CONF_1MORE,
      rp_conf_set_bitmask, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, next_upstream),
      rp_http_proxy_next_upstream_values },

    { "proxy_next_upstream_tries", RP_HTTP_PROXY_CONF | RP_CONF_TAKE1,
      rp_conf_set_num, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, next_upstream_tries),
      &rp_http_proxy_tries_bounds },

    { "proxy_next_upstream_timeout", RP_HTTP_PROXY_CONF | RP_CONF_TAKE1,
      rp_conf_set_msec, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_proxy_loc_conf, next_upstream_timeout),
      &rp_http_proxy_next_timeout_bounds },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_http_module_ctx  rp_http_proxy_module_ctx = {
    rp_http_proxy_preconfiguration,
    rp_http_proxy_postconfiguration,
    rp_http_proxy_create_main_conf, NULL,
    NULL, NULL,
    rp_http_proxy_create_loc_conf,
    rp_http_proxy_merge_loc_conf
};

struct rp_module  rp_http_proxy_module = {
    "rp_http_proxy_module", RP_HTTP_MODULE, &rp_http_proxy_module_ctx,
    rp_http_proxy_commands, NULL, NULL, NULL, 0, 0
};

/* Fields a proxy never forwards (RFC 9110 7.6.1), lowercase. */
static const struct rp_str  rp_http_proxy_hop_by_hop[] = {
    rp_string("connection"), rp_string("keep-alive"), rp_string("te"),
    rp_string("trailer"), rp_string("transfer-encoding"),
    rp_string("upgrade"), rp_string("proxy-connection"),
    rp_string("proxy-authenticate"), rp_string("proxy-authorization"),
    rp_string("content-length"), rp_string("host"), rp_null_string
};

/* Response fields hidden by default, as nginx does. */
static const struct rp_str  rp_http_proxy_hide_default[] = {
    rp_string("date"), rp_string("server"), rp_string("x-pad"),
    rp_string("x-accel-expires"), rp_string("x-accel-redirect"),
    rp_string("x-accel-limit-rate"), rp_string("x-accel-buffering"),
    rp_string("x-accel-charset"), rp_null_string
};


/* 1 if lowercase <key> of <len> bytes is in <list> (rp_null_string-ended) */
static int
rp_http_proxy_in_table(const struct rp_str *list, const u_char *key,
    size_t len)
{
    for ( ; list->data; list++) {
        if (list->len == len && memcmp(list->data, key, len) == 0) {
            return 1;
        }
    }

    return 0;
}


static void *
rp_http_proxy_create_main_conf(struct rp_conf *cf)
{
    return rp_pcalloc(cf->pool, sizeof(struct rp_http_proxy_main_conf));
}


static void *
rp_http_proxy_create_loc_conf(struct rp_conf *cf)
{
    struct rp_http_proxy_loc_conf  *plcf;

    plcf = rp_pcalloc(cf->pool, sizeof(struct rp_http_proxy_loc_conf));
    if (plcf == NULL) {
        return NULL;
    }

    plcf->http_version = RP_UNSET;
    plcf->pass_request_headers = RP_UNSET;
    plcf->pass_request_body = RP_UNSET;
    plcf->connect_timeout = RP_UNSET_MSEC;
    plcf->send_timeout = RP_UNSET_MSEC;
    plcf->read_timeout = RP_UNSET_MSEC;
    plcf->buffer_size = RP_UNSET_SIZE;
    plcf->redirect = RP_UNSET;
    plcf->intercept_errors = RP_UNSET;
    plcf->next_upstream_tries = RP_UNSET;
    plcf->next_upstream_timeout = RP_UNSET_MSEC;
    plcf->buffering = RP_UNSET;
    plcf->request_buffering = RP_UNSET;
    plcf->bufs_num = RP_UNSET;
    plcf->busy_buffers_size = RP_UNSET_SIZE;
    plcf->max_temp_file_size = RP_UNSET_SIZE;
    plcf->temp_file_write_size = RP_UNSET_SIZE;

    return plcf;
}


/* A lowercase copy of <name> in cf->pool, for case-blind matching. */
static u_char *
rp_http_proxy_lowcase(struct rp_conf *cf, const struct rp_str *name)
{
    u_char  *low;
    size_t   i;

    low = rp_palloc(cf->pool, name->len + 1);
    if (low == NULL) {
        return NULL;
    }

    for (i = 0; i < name->len; i++) {
        low[i] = rp_tolower(name->data[i]);
    }

    return low;
}


static int
rp_http_proxy_add_header(struct rp_conf *cf, struct rp_array *a,
    const char *name, const char *value)
{
    struct rp_http_proxy_header  *h;
    struct rp_conf_token          tok;

    h = rp_array_push(a);
    if (h == NULL) {
        return RP_ERROR;
    }

    h->name.data = (u_char *) name;
    h->name.len = strlen(name);

    h->lowcase = rp_http_proxy_lowcase(cf, &h->name);
    if (h->lowcase == NULL) {
        return RP_ERROR;
    }

    memset(&tok, 0, sizeof(tok));
    tok.value.data = (u_char *) value;
    tok.value.len = strlen(value);
    tok.has_vars = (memchr(value, '$', tok.value.len) != NULL);

    return rp_http_compile_complex_value(cf, &tok, &h->value);
}


/*
 * The headers sent to the backend: the level's proxy_set_header lines
 * (or the nearest enclosing level's: like nginx, a level with any
 * proxy_set_header does not inherit the others), then the defaults for
 * names they do not set.
 */
static int
rp_http_proxy_merge_headers(struct rp_conf *cf,
    struct rp_http_proxy_loc_conf *prev, struct rp_http_proxy_loc_conf *conf)
{
    static const char            *defaults[][2] = {
        { "Host", "$proxy_host" }, { "Connection", "close" }
    };
    struct rp_http_proxy_header  *h;
    size_t                        i, k, n;
    int                           found;

    if (conf->set_headers == NULL) {
        conf->set_headers = prev->set_headers;
    }

    if (conf->set_headers == prev->set_headers && prev->headers) {
        conf->headers = prev->headers;
        return RP_OK;
    }

    n = conf->set_headers ? conf->set_headers->nelts : 0;

    conf->headers = rp_array_create(cf->pool, n + 2,
                                    sizeof(struct rp_http_proxy_header));
    if (conf->headers == NULL) {
        return RP_ERROR;
    }

    h = conf->set_headers ? conf->set_headers->elts : NULL;

    for (i = 0; i < n; i++) {
        struct rp_http_proxy_header  *dst = rp_array_push(conf->headers);

        if (dst == NULL) {
            return RP_ERROR;
        }
        *dst = h[i];
    }

    for (k = 0; k < rp_nelems(defaults); k++) {
        found = 0;

        for (i = 0; i < n; i++) {
            if (h[i].name.len == strlen(defaults[k][0])
                && rp_str_casecmp(h[i].name.data,
                                  (const u_char *) defaults[k][0],
                                  h[i].name.len) == 0)
            {
                found = 1;
            }
        }

        if (!found && rp_http_proxy_add_header(cf, conf->headers,
                                               defaults[k][0],
                                               defaults[k][1]) != RP_OK)
        {
            return RP_ERROR;
        }
    }

    if (prev->headers == NULL && prev->set_headers == conf->set_headers) {
        prev->headers = conf->headers;
    }

    return RP_OK;
}


static int
rp_http_proxy_merge_loc_conf(struct rp_conf *cf, void *parent, void *child)
{
    struct rp_http_proxy_loc_conf  *prev = parent, *conf = child;

    rp_conf_merge_value(conf->http_version, prev->http_version,
                        RP_HTTP_VERSION_10);
    rp_conf_merge_value(conf->pass_request_headers,
                        prev->pass_request_headers, 1);
    rp_conf_merge_value(conf->pass_request_body, prev->pass_request_body, 1);
    rp_conf_merge_msec(conf->connect_timeout, prev->connect_timeout, 60000);
    rp_conf_merge_msec(conf->send_timeout, prev->send_timeout, 60000);
    rp_conf_merge_msec(conf->read_timeout, prev->read_timeout, 60000);
    rp_conf_merge_size(conf->buffer_size, prev->buffer_size, 16 * 1024);

    if (conf->hide_headers == NULL) {
        conf->hide_headers = prev->hide_headers;
    }

    if (conf->pass_headers == NULL) {
        conf->pass_headers = prev->pass_headers;
    }

    rp_conf_merge_value(conf->intercept_errors, prev->intercept_errors, 0);
    rp_http_proxy_next_merge(prev, conf);

    if (rp_http_proxy_merge_buffering(cf, prev, conf) != RP_OK) {
        return RP_ERROR;
    }

    if (rp_http_proxy_merge_redirects(cf, prev, conf) != RP_OK) {
        return RP_ERROR;
    }

    return rp_http_proxy_merge_headers(cf, prev, conf);
}


/* proxy_set_header NAME VALUE */
static int
rp_http_proxy_set_header(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_proxy_loc_conf  *plcf = conf;
    struct rp_http_proxy_header    *h;
    struct rp_conf_token           *name = rp_conf_arg(cf, 1);
    size_t                          i;

    (void) cmd;

    for (i = 0; i < name->value.len; i++) {
        u_char  ch = name->value.data[i];

        if (ch <= ' ' || ch >= 0x7f || ch == ':') {
            return rp_conf_error_at(cf, name, "invalid header name \""
                                    RP_STR_FMT "\"", RP_STR_ARG(name->value));
        }
    }

    if (plcf->set_headers == NULL) {
        plcf->set_headers = rp_array_create(cf->pool, 4,
                                      sizeof(struct rp_http_proxy_header));
        if (plcf->set_headers == NULL) {
            return RP_ERROR;
        }
    }

    h = rp_array_push(plcf->set_headers);
    if (h == NULL) {
        return RP_ERROR;
    }

    h->name = name->value;
    h->lowcase = rp_http_proxy_lowcase(cf, &name->value);
    if (h->lowcase == NULL) {
        return RP_ERROR;
    }

    return rp_http_compile_complex_value(cf, rp_conf_arg(cf, 2), &h->value);
}


/* proxy_hide_header / proxy_pass_header NAME: a list of lowercase names */
static int
rp_http_proxy_header_list(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_array  **a = (struct rp_array **) ((char *) conf + cmd->offset);
    struct rp_str     *s, *v = &rp_conf_arg(cf, 1)->value;

    if (*a == NULL) {
        *a = rp_array_create(cf->pool, 4, sizeof(struct rp_str));
        if (*a == NULL) {
            return RP_ERROR;
        }
    }

    s = rp_array_push(*a);
    if (s == NULL) {
        return RP_ERROR;
    }

    s->len = v->len;
    s->data = rp_http_proxy_lowcase(cf, v);

    return s->data ? RP_OK : RP_ERROR;
}


/* ---------------------------------------------------------------------
 * proxy_pass
 */

static int rp_http_proxy_handler(struct rp_http_request *r);


/*
 * proxy_pass http://host[:port][/uri] | http://upstream_name[/uri]
 *
 * nginx's URI rule: with a URI part (even just "/"), the part of the
 * request's normalised path that matched the location's prefix is
 * replaced by it; without one, the request's URI goes as the client
 * sent it.  A URL with variables is compiled here and resolved for each
 * request (rp_http_proxy_eval.c).
 */
static int
rp_http_proxy_pass(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_proxy_loc_conf  *plcf = conf;
    struct rp_http_core_loc_conf   *clcf;
    struct rp_conf_token           *t = rp_conf_arg(cf, 1);
    struct rp_str                   url, hostport;
    u_char                         *slash;

    if (plcf->upstream || plcf->url_cv) {
        return rp_conf_error(cf, "\"%s\" directive is duplicate", cmd->name);
    }

    url = t->value;

    if (t->has_vars) {
        plcf->url_cv = rp_pcalloc(cf->pool,
                                  sizeof(struct rp_http_complex_value));
        if (plcf->url_cv == NULL
            || rp_http_compile_complex_value(cf, t, plcf->url_cv) != RP_OK)
        {
            return RP_ERROR;
        }

        plcf->url = url;
        clcf = rp_http_ctx_loc_conf(cf->ctx, &rp_http_core_module);
        plcf->location = clcf->name;
        clcf->handler = rp_http_proxy_handler;

        return RP_OK;
    }

    if (url.len >= 8 && rp_str_casecmp(url.data, (const u_char *) "https://",
                                        8) == 0)
    {
        return rp_conf_error_at(cf, t, "https:// backends are not supported "
                                "yet in \"" RP_STR_FMT "\"", RP_STR_ARG(url));
    }

    if (url.len <= 7 || rp_str_casecmp(url.data, (const u_char *) "http://",
                                       7) != 0)
    {
        return rp_conf_error_at(cf, t, "invalid URL prefix in \"" RP_STR_FMT
                                "\"", RP_STR_ARG(url));
    }

    hostport.data = url.data + 7;
    hostport.len = url.len - 7;

    slash = memchr(hostport.data, '/', hostport.len);
    if (slash) {
        plcf->has_uri = 1;
        plcf->uri.data = slash;
        plcf->uri.len = (size_t) (hostport.data + hostport.len - slash);
        hostport.len = (size_t) (slash - hostport.data);
    }

    if (hostport.len == 0) {
        return rp_conf_error_at(cf, t, "no host in \"" RP_STR_FMT "\"",
                                RP_STR_ARG(url));
    }

    clcf = rp_http_ctx_loc_conf(cf->ctx, &rp_http_core_module);

    if (plcf->has_uri && (clcf->regex || clcf->named)) {
        return rp_conf_error_at(cf, t, "\"proxy_pass\" cannot have URI part "
                                "in location given by regular expression or "
                                "in a named location");
    }

    plcf->upstream = rp_http_upstream_add(cf, &hostport, 80);
    if (plcf->upstream == NULL) {
        return RP_ERROR;
    }

    plcf->url = url;
    plcf->host = hostport;
    plcf->location = clcf->name;
    clcf->handler = rp_http_proxy_handler;

    return RP_OK;
}


/* ---------------------------------------------------------------------
 * The request to the backend
 */

static int
rp_http_proxy_is_hop_by_hop(struct rp_http_request *r,
    const struct rp_http_header *h)
{
    const struct rp_str  *conn;
    const u_char         *p, *end, *s;

    if (rp_http_proxy_in_table(rp_http_proxy_hop_by_hop, h->lowcase_key,
                               h->name.len))
    {
        return 1;
    }

    if (h->name.len > 6 && memcmp(h->lowcase_key, "proxy-", 6) == 0) {
        return 1;
    }

    /* and every field the client's Connection header names */
    if (r->headers_in.connection == NULL) {
        return 0;
    }

    conn = &r->headers_in.connection->value;
    p = conn->data;
    end = p + conn->len;

    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == ',')) {
            p++;
        }
        s = p;
        while (p < end && *p != ',' && *p != ' ' && *p != '\t') {
            p++;
        }

        if ((size_t) (p - s) == h->name.len
            && rp_str_casecmp(s, h->lowcase_key, h->name.len) == 0)
        {
            return 1;
        }
    }

    return 0;
}


static int
rp_http_proxy_is_set(const struct rp_array *headers,
    const struct rp_http_header *h)
{
    const struct rp_http_proxy_header  *ph = headers->elts;
    size_t                              i;

    for (i = 0; i < headers->nelts; i++) {
        if (ph[i].name.len == h->name.len
            && memcmp(ph[i].lowcase, h->lowcase_key, h->name.len) == 0)
        {
            return 1;
        }
    }

    return 0;
}


/*
 * The path sent upstream with a URI part in proxy_pass: the URI part,
 * then what follows the location's prefix in the normalised path,
 * percent-encoding bytes that cannot appear raw in a request target.
 */
static int
rp_http_proxy_rewrite_uri(struct rp_http_request *r,
    const struct rp_http_proxy_loc_conf *plcf, struct rp_str *out)
{
    static const char  hex[] = "0123456789ABCDEF";
    const u_char      *tail;
    size_t             tlen, i;
    u_char            *p;

    tail = r->uri.data;
    tlen = r->uri.len;

    if (!r->internal && plcf->location.len <= tlen) {
        tail += plcf->location.len;
        tlen -= plcf->location.len;
    }

    p = rp_palloc(r->pool, plcf->uri.len + 3 * tlen + 1 + r->args.len + 1);
    if (p == NULL) {
        return RP_ERROR;
    }

    out->data = p;
    p = rp_cpymem(p, plcf->uri.data, plcf->uri.len);

    for (i = 0; i < tlen; i++) {
        u_char  c = tail[i];

        if (c <= ' ' || c >= 0x7f || c == '%' || c == '?' || c == '#') {
            *p++ = '%';
            *p++ = (u_char) hex[c >> 4];
            *p++ = (u_char) hex[c & 0x0f];
        } else {
            *p++ = c;
        }
    }

    if (r->args.len) {
        *p++ = '?';
        p = rp_cpymem(p, r->args.data, r->args.len);
    }

    out->len = (size_t) (p - out->data);

    return RP_OK;
}


/*
 * Build the request line and header for the backend into ctx->req_header
 * (r->pool).  RP_OK or RP_ERROR.
 */
int
rp_http_proxy_build_request(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx)
{
    struct rp_http_proxy_loc_conf  *plcf = ctx->plcf;
    struct rp_http_proxy_header    *ph;
    struct rp_http_header          *h;
    struct rp_str                   uri, *vals;
    struct rp_buf                  *b;
    size_t                          len, i, n;
    off_t                           body;
    u_char                         *p;

    if (ctx->var_uri) {
        uri = ctx->uri;                 /* with variables: as is (nginx) */
    } else if (plcf->has_uri) {
        if (rp_http_proxy_rewrite_uri(r, plcf, &uri) != RP_OK) {
            return RP_ERROR;
        }
    } else {
        uri = r->unparsed_uri;
    }

    ph = plcf->headers->elts;
    n = plcf->headers->nelts;

    vals = rp_palloc(r->pool, (n + 1) * sizeof(struct rp_str));
    if (vals == NULL) {
        return RP_ERROR;
    }

    len = r->method_name.len + 1 + uri.len + sizeof(" HTTP/1.1\r\n") - 1
          + sizeof("Content-Length: 18446744073709551615\r\n") + 2;

    for (i = 0; i < n; i++) {
        if (rp_http_complex_value(r, &ph[i].value, &vals[i]) != RP_OK) {
            return RP_ERROR;
        }

        len += ph[i].name.len + 2 + vals[i].len + 2;
    }

    h = r->headers_in.headers.elts;

    if (plcf->pass_request_headers) {
        for (i = 0; i < r->headers_in.headers.nelts; i++) {
            len += h[i].name.len + 2 + h[i].value.len + 2;
        }
    }

    b = rp_buf_create_temp(r->pool, len);
    if (b == NULL) {
        return RP_ERROR;
    }

    p = b->last;
    p = rp_cpymem(p, r->method_name.data, r->method_name.len);
    *p++ = ' ';
    p = rp_cpymem(p, uri.data, uri.len);
    p = rp_cpymem(p, plcf->http_version == RP_HTTP_VERSION_11
                     ? " HTTP/1.1\r\n" : " HTTP/1.0\r\n", 11);

    for (i = 0; i < n; i++) {
        /* an empty value drops the field (nginx) */
        if (vals[i].len == 0) {
            continue;
        }

        /* values from variables must not split the header */
        if (memchr(vals[i].data, '\r', vals[i].len)
            || memchr(vals[i].data, '\n', vals[i].len))
        {
            continue;
        }

        p = rp_cpymem(p, ph[i].name.data, ph[i].name.len);
        *p++ = ':';
        *p++ = ' ';
        p = rp_cpymem(p, vals[i].data, vals[i].len);
        *p++ = '\r';
        *p++ = '\n';
    }

    if (plcf->pass_request_headers) {
        for (i = 0; i < r->headers_in.headers.nelts; i++) {
            if (rp_http_proxy_is_hop_by_hop(r, &h[i])
                || rp_http_proxy_is_set(plcf->headers, &h[i]))
            {
                continue;
            }

            p = rp_cpymem(p, h[i].name.data, h[i].name.len);
            *p++ = ':';
            *p++ = ' ';
            p = rp_cpymem(p, h[i].value.data, h[i].value.len);
            *p++ = '\r';
            *p++ = '\n';
        }
    }

    body = 0;

    if (plcf->pass_request_body && r->request_body) {
        body = ctx->unbuffered ? r->headers_in.content_length_n
                               : r->request_body->received;
    }

    if (ctx->body_chunked) {
        /* unbuffered to HTTP/1.1: chunked as it comes */
        p = rp_cpymem(p, "Transfer-Encoding: chunked\r\n", 28);

    } else if (body > 0 || (plcf->pass_request_body && r->request_body
                            && (r->headers_in.content_length_n >= 0
                                || r->headers_in.chunked)))
    {
        p = rp_cpymem(p, "Content-Length: ", 16);
        p = rp_sprint_uint(p, (uint64_t) body);
        *p++ = '\r';
        *p++ = '\n';
    }

    *p++ = '\r';
    *p++ = '\n';
    b->last = p;

    ctx->req_header = b;

    return RP_OK;
}


/* ---------------------------------------------------------------------
 * The response header relayed to the client
 */

static int
rp_http_proxy_in_list(const struct rp_array *a, const struct rp_str *name,
    const u_char *lowcase)
{
    const struct rp_str  *s;
    size_t                i;

    if (a == NULL) {
        return 0;
    }

    s = a->elts;

    for (i = 0; i < a->nelts; i++) {
        if (s[i].len == name->len && memcmp(s[i].data, lowcase, name->len) == 0)
        {
            return 1;
        }
    }

    return 0;
}


/*
 * Copy one backend response field to r->headers_out, unless it is
 * hop-by-hop or hidden.  <h> points into the proxy's buffer, which
 * lives with the request.  RP_OK or RP_ERROR.
 */
int
rp_http_proxy_copy_header(struct rp_http_request *r,
    struct rp_http_proxy_ctx *ctx, struct rp_http_header *h)
{
    struct rp_http_proxy_loc_conf  *plcf = ctx->plcf;
    struct rp_http_header          *out;
    int                             hidden;

    if (rp_http_proxy_in_table(rp_http_proxy_hop_by_hop, h->lowcase_key,
                               h->name.len))
    {
        return RP_OK;
    }

    if (h->name.len == 12 && memcmp(h->lowcase_key, "content-type", 12) == 0)
    {
        r->headers_out.content_type = h->value;
        return RP_OK;
    }

    hidden = rp_http_proxy_in_list(plcf->hide_headers, &h->name,
                                   h->lowcase_key);

    if (!hidden
        && rp_http_proxy_in_table(rp_http_proxy_hide_default, h->lowcase_key,
                                  h->name.len)
        && !rp_http_proxy_in_list(plcf->pass_headers, &h->name,
                                  h->lowcase_key))
    {
        hidden = 1;
    }

    if (hidden) {
        return RP_OK;
    }

    out = rp_array_push(&r->headers_out.headers);
    if (out == NULL) {
        return RP_ERROR;
    }

    *out = *h;

    if (h->name.len == 4 && memcmp(h->lowcase_key, "etag", 4) == 0) {
        r->headers_out.etag = out;
    } else if (h->name.len == 8 && memcmp(h->lowcase_key, "location", 8) == 0)
    {
        r->headers_out.location = out;
        return rp_http_proxy_rewrite_redirect(r, ctx, out, 0);
    } else if (h->name.len == 7 && memcmp(h->lowcase_key, "refresh", 7) == 0)
    {
        return rp_http_proxy_rewrite_redirect(r, ctx, out, 1);
    }

    return RP_OK;
}


/* The content handler of a location with proxy_pass. */
static int
rp_http_proxy_handler(struct rp_http_request *r)
{
    struct rp_http_proxy_loc_conf  *plcf;
    struct rp_http_proxy_ctx       *ctx;
    int                             rc;

    plcf = rp_http_get_module_loc_conf(r, &rp_http_proxy_module);

    ctx = rp_pcalloc(r->pool, sizeof(struct rp_http_proxy_ctx));
    if (ctx == NULL
        || rp_array_init(&ctx->states, r->pool, 2,
                         sizeof(struct rp_http_proxy_state)) != RP_OK)
    {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    ctx->request = r;
    ctx->plcf = plcf;
    ctx->us = plcf->upstream;
    rp_http_set_module_ctx(r, &rp_http_proxy_module, ctx);

    if (plcf->url_cv) {
        rc = rp_http_proxy_eval(r, ctx);
        if (rc != RP_OK) {
            return rc;
        }
    }

    if (plcf->pass_request_body
        && (r->headers_in.content_length_n > 0 || r->headers_in.chunked))
    {
        /* an HTTP/1.0 backend needs a length: chunked is read first */
        if (!plcf->request_buffering
            && (!r->headers_in.chunked
                || plcf->http_version == RP_HTTP_VERSION_11))
        {
            ctx->unbuffered = 1;
            ctx->body_chunked = r->headers_in.chunked;
            rc = rp_http_read_unbuffered_request_body_start(r,
                                                      rp_http_proxy_start);
            return (rc == RP_OK) ? RP_DONE : rc;
        }

        rc = rp_http_read_client_request_body(r, rp_http_proxy_start);
        return (rc == RP_OK) ? RP_DONE : rc;
    }

    (void) rp_http_discard_request_body(r);

    r->count++;
    rp_http_proxy_start(r);

    return RP_DONE;
}
