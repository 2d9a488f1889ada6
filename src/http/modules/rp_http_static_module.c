/*
 * rp_http_static_module.c - serving files from disk: root, alias, index,
 * try_files, types and etag.
 *
 * It is a content-phase handler (added in postconfiguration), so it runs
 * for every location that has no handler of its own.  A request's
 * normalised URI is mapped to a path under "root" (or "alias"), the file
 * is opened, its size and mtime give Content-Length, Last-Modified and
 * the ETag, and the body goes out as one file range (sendfile on: the
 * kernel copies file pages straight to the socket) or as 32 KiB memory
 * buffers read one at a time when the socket has room (sendfile off).
 * Conditional requests and Range are answered by the not_modified and
 * range header filters, which act on the headers set here.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_location.h"
#include "rp_http_request.h"
#include "rp_http_script.h"
#include "rp_http_static_send.h"
#include "rp_http_types.h"

#include <fcntl.h>
#include <sys/stat.h>

struct rp_http_static_loc_conf {
    struct rp_str                  root;      /* absolute; or alias */
    struct rp_http_complex_value  *root_cv;   /* when it has variables */
    struct rp_str                  alias_name; /* the alias's location */
    unsigned                       alias:1;
    unsigned                       alias_regex:1; /* alias is the path */
    struct rp_array               *index;     /* struct rp_str */
    struct rp_array               *try_files; /* rp_http_try_file */
    struct rp_array               *types;     /* rp_http_types.c */
    int                            etag;
};

/* A try_files element. */
struct rp_http_try_file {
    struct rp_http_complex_value   cv;
    int                            code;      /* "=CODE" (last only), or 0 */
    unsigned                       test_dir:1; /* written with a final '/' */
};

static int rp_http_static_handler(struct rp_http_request *r);
static int rp_http_static_handler_uri(struct rp_http_request *r,
    struct rp_http_static_loc_conf *slcf);
static int rp_http_static_serve(struct rp_http_request *r,
    struct rp_http_static_loc_conf *slcf, const struct rp_str *path,
    int dir_redirect);
static void *rp_http_static_create_loc_conf(struct rp_conf *cf);
static int rp_http_static_merge_loc_conf(struct rp_conf *cf, void *prev,
    void *conf);
static int rp_http_static_init(struct rp_conf *cf);
static int rp_http_static_root(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
static int rp_http_static_index(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
static int rp_http_static_try_files(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
static int rp_http_static_types(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

#define RP_HTTP_STATIC_ANY                                                   \
    (RP_HTTP_MAIN_CONF | RP_HTTP_SRV_CONF | RP_HTTP_LOC_CONF)

static const struct rp_command  rp_http_static_commands[] = {

    { "root", RP_HTTP_STATIC_ANY | RP_CONF_TAKE1,
      rp_http_static_root, RP_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { "alias", RP_HTTP_LOC_CONF | RP_CONF_TAKE1,
      rp_http_static_root, RP_HTTP_LOC_CONF_OFFSET, 1, NULL },

    { "index", RP_HTTP_STATIC_ANY | RP_CONF_1MORE,
      rp_http_static_index, RP_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { "try_files", RP_HTTP_SRV_CONF | RP_HTTP_LOC_CONF | RP_CONF_2MORE,
      rp_http_static_try_files, RP_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { "types", RP_HTTP_STATIC_ANY | RP_CONF_BLOCK | RP_CONF_NOARGS
               | RP_CONF_MULTI,
      rp_http_static_types, RP_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { "etag", RP_HTTP_STATIC_ANY | RP_CONF_FLAG,
      rp_conf_set_flag, RP_HTTP_LOC_CONF_OFFSET,
      offsetof(struct rp_http_static_loc_conf, etag), NULL },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_http_module_ctx  rp_http_static_module_ctx = {
    NULL,                                   /* preconfiguration */
    rp_http_static_init,                    /* postconfiguration */
    NULL,                                   /* create main conf */
    NULL,                                   /* init main conf */
    NULL,                                   /* create srv conf */
    NULL,                                   /* merge srv conf */
    rp_http_static_create_loc_conf,
    rp_http_static_merge_loc_conf
};

struct rp_module  rp_http_static_module = {
    "rp_http_static_module", RP_HTTP_MODULE, &rp_http_static_module_ctx,
    rp_http_static_commands, NULL, NULL, NULL, 0, 0
};

/* ---------------------------------------------------------------------
 * Configuration
 */

static void *
rp_http_static_create_loc_conf(struct rp_conf *cf)
{
    struct rp_http_static_loc_conf  *slcf;

    slcf = rp_pcalloc(cf->pool, sizeof(struct rp_http_static_loc_conf));
    if (slcf == NULL) {
        return NULL;
    }

    slcf->etag = RP_UNSET;

    return slcf;
}


static int
rp_http_static_merge_loc_conf(struct rp_conf *cf, void *parent, void *child)
{
    struct rp_http_static_loc_conf  *prev = parent, *conf = child;
    struct rp_str                   *name;

    if (conf->root.data == NULL) {
        conf->root = prev->root;
        conf->root_cv = prev->root_cv;
        conf->alias = prev->alias;
        conf->alias_name = prev->alias_name;
        conf->alias_regex = prev->alias_regex;
    }

    if (conf->root.data == NULL) {
        /* nginx's default: "html" under the prefix */
        rp_str_set(&conf->root, "html");

        if (rp_conf_full_name(cf, &conf->root) != RP_OK) {
            return RP_ERROR;
        }

        prev->root = conf->root;
    }

    if (conf->index == NULL) {
        conf->index = prev->index;
    }

    if (conf->index == NULL) {
        conf->index = rp_array_create(cf->pool, 1, sizeof(struct rp_str));
        if (conf->index == NULL) {
            return RP_ERROR;
        }

        name = rp_array_push(conf->index);
        if (name == NULL) {
            return RP_ERROR;
        }

        rp_str_set(name, "index.html");
        prev->index = conf->index;
    }

    if (conf->try_files == NULL) {
        conf->try_files = prev->try_files;
    }

    if (conf->types == NULL) {
        conf->types = prev->types;
    }

    rp_conf_merge_value(conf->etag, prev->etag, 1);

    return RP_OK;
}


static int
rp_http_static_init(struct rp_conf *cf)
{
    struct rp_conf  pcf;

    /* postconfiguration runs with cf->ctx restored to the main context;
     * rp_http_add_phase_handler() wants the http block's */
    pcf = *cf;
    pcf.ctx = rp_http_get_ctx(cf->cycle);

    return rp_http_add_phase_handler(&pcf, RP_HTTP_CONTENT_PHASE,
                                     rp_http_static_handler);
}


/*
 * root PATH | alias PATH (cmd->offset 1).  The path is made absolute
 * against the prefix.  A root loses its trailing '/', since every URI
 * starts with one; an alias keeps it, because nginx joins it to the URI
 * minus the location prefix byte for byte.  With variables (alias with
 * regex captures) the value is compiled and evaluated per request.
 */
static int
rp_http_static_root(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_static_loc_conf  *slcf = conf;
    struct rp_http_core_loc_conf    *clcf;
    struct rp_conf_token             tok;
    int                              alias = (int) cmd->offset;

    if (slcf->root.data != NULL) {
        if (slcf->alias == (unsigned) alias) {
            return rp_conf_error(cf, "\"%s\" directive is duplicate",
                                 cmd->name);
        }

        return rp_conf_error(cf, "\"%s\" directive is duplicate, \"%s\" "
                             "directive was specified earlier", cmd->name,
                             alias ? "root" : "alias");
    }

    clcf = rp_http_ctx_loc_conf(cf->ctx, &rp_http_core_module);

    if (alias && clcf->named) {
        return rp_conf_error(cf, "\"alias\" directive cannot be used in "
                             "named location \"" RP_STR_FMT "\"",
                             RP_STR_ARG(clcf->name));
    }

    tok = *rp_conf_arg(cf, 1);

    if (tok.value.len == 0) {
        return rp_conf_error_at(cf, rp_conf_arg(cf, 1), "empty path in "
                                "\"%s\" directive", cmd->name);
    }

    if (rp_conf_full_name(cf, &tok.value) != RP_OK) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    if (!alias) {
        while (tok.value.len > 1 && tok.value.data[tok.value.len - 1] == '/') {
            tok.value.len--;
        }

        if (tok.value.len == 1) {
            tok.value.len = 0;            /* "/": the URI is the path */
            tok.value.data = (u_char *) "";
        }
    }

    slcf->root = tok.value;
    slcf->alias = (unsigned) alias;

    if (alias) {
        slcf->alias_name = clcf->name;
        slcf->alias_regex = clcf->regex ? 1 : 0;
    }

    if (tok.has_vars) {
        slcf->root_cv = rp_pcalloc(cf->pool,
                                   sizeof(struct rp_http_complex_value));
        if (slcf->root_cv == NULL
            || rp_http_compile_complex_value(cf, &tok, slcf->root_cv)
               != RP_OK)
        {
            return RP_ERROR;
        }
    }

    return RP_OK;
}


/* index FILE ...; a name may not be empty or contain '/' except first. */
static int
rp_http_static_index(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_static_loc_conf  *slcf = conf;
    struct rp_conf_token            *tok;
    struct rp_str                   *name;
    size_t                           i;

    if (slcf->index != NULL) {
        return rp_conf_error(cf, "\"%s\" directive is duplicate", cmd->name);
    }

    slcf->index = rp_array_create(cf->pool, rp_conf_nargs(cf),
                                  sizeof(struct rp_str));
    if (slcf->index == NULL) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    for (i = 1; i <= rp_conf_nargs(cf); i++) {
        tok = rp_conf_arg(cf, i);

        if (tok->value.len == 0 || tok->has_vars) {
            return rp_conf_error_at(cf, tok, "invalid index \"" RP_STR_FMT
                                    "\" in \"index\" directive (empty or "
                                    "with variables)",
                                    RP_STR_ARG(tok->value));
        }

        if (tok->value.data[0] == '/' && i != rp_conf_nargs(cf)) {
            return rp_conf_error_at(cf, tok, "only the last index in "
                                    "\"index\" directive may be absolute");
        }

        name = rp_array_push(slcf->index);
        if (name == NULL) {
            return rp_conf_error(cf, "memory allocation failed");
        }

        *name = tok->value;
    }

    return RP_OK;
}


/* try_files FILE ... URI|=CODE */
static int
rp_http_static_try_files(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_static_loc_conf  *slcf = conf;
    struct rp_http_try_file         *tf;
    struct rp_conf_token            *tok;
    uint64_t                         code;
    size_t                           i, n;

    if (slcf->try_files != NULL) {
        return rp_conf_error(cf, "\"%s\" directive is duplicate", cmd->name);
    }

    n = rp_conf_nargs(cf);

    slcf->try_files = rp_array_create(cf->pool, n,
                                      sizeof(struct rp_http_try_file));
    if (slcf->try_files == NULL) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    for (i = 1; i <= n; i++) {
        tok = rp_conf_arg(cf, i);

        tf = rp_array_push(slcf->try_files);
        if (tf == NULL) {
            return rp_conf_error(cf, "memory allocation failed");
        }

        memset(tf, 0, sizeof(*tf));

        if (i == n && tok->value.len > 1 && tok->value.data[0] == '=') {
            if (rp_parse_uint(tok->value.data + 1, tok->value.len - 1, 999,
                              &code) != RP_OK || code < 100)
            {
                return rp_conf_error_at(cf, tok, "invalid code \"" RP_STR_FMT
                                        "\" in \"try_files\" directive",
                                        RP_STR_ARG(tok->value));
            }

            tf->code = (int) code;
            continue;
        }

        if (tok->value.len == 0) {
            return rp_conf_error_at(cf, tok, "empty file in \"try_files\" "
                                    "directive");
        }

        tf->test_dir = tok->value.data[tok->value.len - 1] == '/';

        if (rp_http_compile_complex_value(cf, tok, &tf->cv) != RP_OK) {
            return RP_ERROR;
        }
    }

    return RP_OK;
}


/* types { type ext ...; ... } */
static int
rp_http_static_types(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_static_loc_conf  *slcf = conf;

    (void) cmd;

    return rp_http_types_block(cf, &slcf->types);
}


/* The Content-Type for file <name>: from the types, or default_type. */
static const struct rp_str *
rp_http_static_type(struct rp_http_request *r,
    const struct rp_http_static_loc_conf *slcf, const struct rp_str *name)
{
    const struct rp_str  *type;

    type = rp_http_types_find(slcf->types, name);

    return type ? type : &rp_http_core_loc(r)->default_type;
}


/* ---------------------------------------------------------------------
 * Mapping a URI to a path
 */

/*
 * 1 if the segments of <path> from the one that contains byte <junction>
 * on hold "." or "..", or if the path holds a NUL.  The URI was
 * normalised, so only the seam between the configured directory and the
 * URI can make such a segment: "location /i { alias /data/; }" with
 * "/i../etc/passwd" would otherwise climb out of /data.
 */
static int
rp_http_static_path_is_unsafe(const u_char *path, size_t len,
    size_t junction)
{
    size_t  i, start;

    if (memchr(path, '\0', len) != NULL) {
        return 1;
    }

    start = junction;
    while (start > 0 && path[start - 1] != '/') {
        start--;
    }

    for (i = start; i <= len; i++) {
        if (i < len && path[i] != '/') {
            continue;
        }

        if ((i - start == 1 && path[start] == '.')
            || (i - start == 2 && path[start] == '.' && path[start + 1] == '.'))
        {
            return 1;
        }

        start = i + 1;
    }

    return 0;
}


/*
 * Map <uri> to a file path: root + uri, or for an alias the alias +
 * the uri without the location's prefix (the alias alone in a regex
 * location).  <reserve> extra bytes are left after the path for an index
 * name.  The path is NUL-terminated, in r->pool.  RP_OK, RP_DECLINED if
 * the result would leave its directory (answer 404), RP_ERROR.
 */
static int
rp_http_static_map_uri(struct rp_http_request *r,
    const struct rp_http_static_loc_conf *slcf, const struct rp_str *uri,
    size_t reserve, struct rp_str *path)
{
    struct rp_str  base, rest;
    u_char        *p;

    base = slcf->root;

    if (slcf->root_cv
        && rp_http_complex_value(r, slcf->root_cv, &base) != RP_OK)
    {
        return RP_ERROR;
    }

    rest = *uri;

    if (slcf->alias) {
        if (slcf->alias_regex) {
            rest.len = 0;

        } else if (uri->len >= slcf->alias_name.len
                   && memcmp(uri->data, slcf->alias_name.data,
                             slcf->alias_name.len) == 0)
        {
            rest.data += slcf->alias_name.len;
            rest.len -= slcf->alias_name.len;
        }
    }

    p = rp_palloc(r->pool, base.len + rest.len + reserve + 1);
    if (p == NULL) {
        return RP_ERROR;
    }

    path->data = p;
    p = rp_cpymem(p, base.data, base.len);
    p = rp_cpymem(p, rest.data, rest.len);
    *p = '\0';
    path->len = (size_t) (p - path->data);

    if (rp_http_static_path_is_unsafe(path->data, path->len, base.len)) {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0,
                     "refusing to map \"" RP_STR_FMT "\" outside of \""
                     RP_STR_FMT "\"", RP_STR_ARG(*uri), RP_STR_ARG(base));
        return RP_DECLINED;
    }

    return RP_OK;
}


/* ---------------------------------------------------------------------
 * try_files and index
 */

/*
 * The last try_files element: "=CODE", "@named" or a URI (with optional
 * "?args") to redirect to internally.  Returns what the handler returns.
 */
static int
rp_http_static_try_fallback(struct rp_http_request *r,
    const struct rp_http_try_file *tf)
{
    struct rp_http_core_loc_conf  *nclcf;
    struct rp_str                  uri, args;
    u_char                        *q;

    if (tf->code) {
        return tf->code;
    }

    if (rp_http_complex_value(r, &tf->cv, &uri) != RP_OK) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (uri.len && uri.data[0] == '@') {
        nclcf = rp_http_find_named_location(r, &uri);
        if (nclcf == NULL) {
            rp_log_error(RP_LOG_ERR, &r->connection->log, 0,
                         "could not find named location \"" RP_STR_FMT "\"",
                         RP_STR_ARG(uri));
            return RP_HTTP_INTERNAL_SERVER_ERROR;
        }

        return rp_http_named_location(r, nclcf);
    }

    q = memchr(uri.data, '?', uri.len);

    if (q) {
        args.data = q + 1;
        args.len = (size_t) (uri.data + uri.len - args.data);
        uri.len = (size_t) (q - uri.data);
        return rp_http_internal_redirect(r, &uri, &args);
    }

    return rp_http_internal_redirect(r, &uri, &r->args);
}


/*
 * try_files: the first element naming an existing file (or directory,
 * for "name/") is served; else the last one decides.  Returns what the
 * handler returns.
 */
static int
rp_http_static_try_files_run(struct rp_http_request *r,
    struct rp_http_static_loc_conf *slcf)
{
    struct rp_http_try_file  *tf = slcf->try_files->elts;
    struct rp_str             value, path;
    struct stat               st;
    size_t                    i, n = slcf->try_files->nelts;
    int                       rc;

    for (i = 0; i + 1 < n; i++) {
        if (rp_http_complex_value(r, &tf[i].cv, &value) != RP_OK) {
            return RP_HTTP_INTERNAL_SERVER_ERROR;
        }

        if (value.len == 0 || value.data[0] != '/') {
            continue;                   /* not a path below the root */
        }

        rc = rp_http_static_map_uri(r, slcf, &value, 0, &path);
        if (rc == RP_ERROR) {
            return RP_HTTP_INTERNAL_SERVER_ERROR;
        }

        if (rc != RP_OK || stat((char *) path.data, &st) != 0) {
            continue;
        }

        if (tf[i].test_dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
            continue;
        }

        r->uri = value;

        if (tf[i].test_dir) {
            return rp_http_static_handler_uri(r, slcf);
        }

        return rp_http_static_serve(r, slcf, &path, 0);
    }

    return rp_http_static_try_fallback(r, &tf[n - 1]);
}


/*
 * A URI ending in '/': serve the first index file that exists.  nginx
 * makes this an internal redirect to "uri + index"; rampart serves the
 * file in the current location, which is what nearly every config
 * means and saves a second location lookup.  An absolute last index
 * ("/fallback.html") is an internal redirect.
 */
static int
rp_http_static_index_run(struct rp_http_request *r,
    struct rp_http_static_loc_conf *slcf)
{
    struct rp_str   *name = slcf->index->elts;
    struct rp_str    path, uri;
    struct stat      st;
    size_t           i, reserve;
    u_char          *p;
    int              rc, err;

    reserve = 0;
    for (i = 0; i < slcf->index->nelts; i++) {
        reserve = rp_max(reserve, name[i].len);
    }

    rc = rp_http_static_map_uri(r, slcf, &r->uri, reserve, &path);
    if (rc != RP_OK) {
        return rc == RP_ERROR ? RP_HTTP_INTERNAL_SERVER_ERROR
                              : RP_HTTP_NOT_FOUND;
    }

    for (i = 0; i < slcf->index->nelts; i++) {
        if (name[i].data[0] == '/') {
            return rp_http_internal_redirect(r, &name[i], &r->args);
        }

        p = rp_cpymem(path.data + path.len, name[i].data, name[i].len);
        *p = '\0';

        if (stat((char *) path.data, &st) != 0 || !S_ISREG(st.st_mode)) {
            continue;
        }

        uri.len = r->uri.len + name[i].len;
        uri.data = rp_palloc(r->pool, uri.len);
        if (uri.data == NULL) {
            return RP_HTTP_INTERNAL_SERVER_ERROR;
        }

        p = rp_cpymem(uri.data, r->uri.data, r->uri.len);
        (void) rp_cpymem(p, name[i].data, name[i].len);
        r->uri = uri;

        path.len += name[i].len;
        return rp_http_static_serve(r, slcf, &path, 0);
    }

    path.data[path.len] = '\0';

    if (stat((char *) path.data, &st) == 0 && S_ISDIR(st.st_mode)) {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0,
                     "directory index of \"%s\" is forbidden", path.data);
        return RP_HTTP_FORBIDDEN;
    }

    err = errno;

    if (rp_http_core_loc(r)->log_not_found) {
        rp_log_error(RP_LOG_ERR, &r->connection->log, err,
                     "\"%s\" is not found", path.data);
    }

    return RP_HTTP_NOT_FOUND;
}


/* ---------------------------------------------------------------------
 * Sending a file
 */

/*
 * Copy the decoded path <uri> to <dst> percent-encoding every byte that
 * may not appear as such in a URI path (RFC 3986 3.3: controls, space,
 * '%', '?', '#', non-ASCII...).  <dst> has room for 3 * uri->len bytes.
 * Returns the end.
 */
static u_char *
rp_http_static_escape_path(u_char *dst, const struct rp_str *uri)
{
    static const char  hex[] = "0123456789ABCDEF";
    size_t             i;
    u_char             c;

    for (i = 0; i < uri->len; i++) {
        c = uri->data[i];

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9')
            || (c != 0 && strchr("-._~!$&'()*+,;=:@/", c) != NULL))
        {
            *dst++ = c;
            continue;
        }

        *dst++ = '%';
        *dst++ = (u_char) hex[c >> 4];
        *dst++ = (u_char) hex[c & 0xf];
    }

    return dst;
}


/*
 * 301 to the URI with a '/' appended (and the query kept).  The Location
 * is a path: RFC 9110 10.2.2 allows a relative reference, and the client
 * resolves it against the URL it asked for, whatever Host it used.
 */
static int
rp_http_static_redirect_dir(struct rp_http_request *r)
{
    static const struct rp_str  html = rp_string("text/html");
    static const struct rp_str  body = rp_string(
        "<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n"
        "<body>\r\n<center><h1>301 Moved Permanently</h1></center>\r\n"
        "<hr><center>rampart</center>\r\n</body>\r\n</html>\r\n");
    struct rp_str               loc;
    u_char                     *p;

    /* the path was percent-decoded: at worst every byte is re-encoded */
    loc.len = 3 * r->uri.len + 1 + (r->args.len ? r->args.len + 1 : 0);
    loc.data = rp_palloc(r->pool, loc.len);
    if (loc.data == NULL) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    p = rp_http_static_escape_path(loc.data, &r->uri);
    *p++ = '/';

    if (r->args.len) {
        *p++ = '?';
        p = rp_cpymem(p, r->args.data, r->args.len);
    }

    loc.len = (size_t) (p - loc.data);

    r->headers_out.location = rp_http_add_header_out(r, "Location", &loc);
    if (r->headers_out.location == NULL) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    return rp_http_send_response(r, RP_HTTP_MOVED_PERMANENTLY, &html, &body);
}


/* Why open() failed, as an HTTP status; logs as nginx does. */
static int
rp_http_static_open_error(struct rp_http_request *r, const u_char *path,
    int err)
{
    switch (err) {

    case ENOENT:
    case ENOTDIR:
    case ENAMETOOLONG:
    case ELOOP:
        if (rp_http_core_loc(r)->log_not_found) {
            rp_log_error(RP_LOG_ERR, &r->connection->log, err,
                         "open() \"%s\" failed", path);
        }
        return RP_HTTP_NOT_FOUND;

    case EACCES:
    case EPERM:
        rp_log_error(RP_LOG_ERR, &r->connection->log, err,
                     "open() \"%s\" failed", path);
        return RP_HTTP_FORBIDDEN;

    default:
        rp_log_error(RP_LOG_CRIT, &r->connection->log, err,
                     "open() \"%s\" failed", path);
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }
}


/*
 * Open the file at <path> (NUL-terminated), set the response headers
 * and send it.  A directory answers 301 to "uri/" when <dir_redirect>.
 * Returns what the handler returns.
 */
static int
rp_http_static_serve(struct rp_http_request *r,
    struct rp_http_static_loc_conf *slcf, const struct rp_str *path,
    int dir_redirect)
{
    struct rp_http_core_loc_conf  *clcf = rp_http_core_loc(r);
    struct rp_pool_cleanup        *cln;
    struct stat                    st;
    int                            fd, rc, *fdp;

    cln = rp_pool_cleanup_add(r->pool);
    fdp = rp_palloc(r->pool, sizeof(int));
    if (cln == NULL || fdp == NULL) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    /* symlinks are followed, as nginx does by default */
    fd = open((char *) path->data, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd == -1) {
        return rp_http_static_open_error(r, path->data, errno);
    }

    *fdp = fd;
    cln->handler = rp_pool_cleanup_fd;
    cln->data = fdp;

    if (fstat(fd, &st) == -1) {
        rp_log_error(RP_LOG_CRIT, &r->connection->log, errno,
                     "fstat() \"%s\" failed", path->data);
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (S_ISDIR(st.st_mode)) {
        return dir_redirect ? rp_http_static_redirect_dir(r)
                            : RP_HTTP_NOT_FOUND;
    }

    if (!S_ISREG(st.st_mode)) {
        rp_log_error(RP_LOG_ERR, &r->connection->log, 0,
                     "\"%s\" is not a regular file", path->data);
        return RP_HTTP_NOT_FOUND;
    }

    if (rp_http_discard_request_body(r) != RP_OK) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    r->headers_out.status = RP_HTTP_OK;
    r->headers_out.content_type = *rp_http_static_type(r, slcf, path);
    r->headers_out.content_length_n = st.st_size;
    r->headers_out.last_modified_time = st.st_mtime;
    r->allow_ranges = 1;

    if (slcf->etag && rp_http_set_etag(r, st.st_mtime, st.st_size) != RP_OK) {
        return RP_HTTP_INTERNAL_SERVER_ERROR;
    }

    rc = rp_http_send_header(r);
    if (rc == RP_ERROR || rc > RP_OK || r->header_only) {
        return rc;
    }

    if (clcf->sendfile) {
        return rp_http_static_send_file(r, fd, st.st_size);
    }

    return rp_http_static_send_read(r, fd, st.st_size);
}


/* ---------------------------------------------------------------------
 * The content handler
 */

/* Serve r->uri: a directory URI through index, else the file. */
static int
rp_http_static_handler_uri(struct rp_http_request *r,
    struct rp_http_static_loc_conf *slcf)
{
    struct rp_str  path;
    int            rc;

    if (r->uri.data[r->uri.len - 1] == '/') {
        return rp_http_static_index_run(r, slcf);
    }

    rc = rp_http_static_map_uri(r, slcf, &r->uri, 0, &path);
    if (rc != RP_OK) {
        return rc == RP_ERROR ? RP_HTTP_INTERNAL_SERVER_ERROR
                              : RP_HTTP_NOT_FOUND;
    }

    return rp_http_static_serve(r, slcf, &path, 1);
}


/*
 * The content-phase handler: GET and HEAD of files (other methods 405,
 * as nginx), with try_files first when the location has it.  Returns
 * RP_OK/RP_AGAIN after sending, RP_DONE after an internal redirect, an
 * HTTP status for the core to answer, or RP_ERROR.
 */
static int
rp_http_static_handler(struct rp_http_request *r)
{
    struct rp_http_static_loc_conf  *slcf;

    slcf = rp_http_get_module_loc_conf(r, &rp_http_static_module);

    if (r->uri.len == 0 || r->uri.data[0] != '/') {
        return RP_DECLINED;
    }

    if (!(r->method & (RP_HTTP_GET | RP_HTTP_HEAD))) {
        return RP_HTTP_NOT_ALLOWED;
    }

    if (slcf->try_files) {
        return rp_http_static_try_files_run(r, slcf);
    }

    return rp_http_static_handler_uri(r, slcf);
}
