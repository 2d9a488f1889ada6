/*
 * rp_http_log_module.c - the access log: log_format and access_log.
 *
 * In the log phase every request is written as one line to each access
 * log of its location, in that log's format.  A format is compiled at
 * load into literal pieces and variable indexes; at request time each
 * variable's value is escaped as the format says (DESIGN 6: no client
 * byte can forge a line or a field) and the line is appended to a
 * per-worker buffer or written at once.  Log files are the cycle's open
 * files, so USR1 reopens them together with the error log.  Buffers are
 * flushed when full, when their flush timer fires, and when the worker
 * exits; a reopen between two flushes sends the buffered lines to the
 * new file.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_log_escape.h"
#include "rp_http_log_module.h"
#include "rp_http_request.h"
#include "rp_http_script.h"
#include "rp_http_variables.h"

#include <unistd.h>

#define RP_HTTP_LOG_LITERAL         RP_UNSET_SIZE

/* A piece of a format: a literal, or a variable's escaped value. */
struct rp_http_log_op {
    struct rp_str           text;      /* when index is LITERAL */
    size_t                  index;     /* variable index */
};

struct rp_http_log_fmt {
    struct rp_str           name;
    struct rp_array         ops;       /* rp_http_log_op */
    unsigned                escape;    /* RP_HTTP_LOG_ESCAPE_* */
};

/* A worker's write buffer for one log file (buffer=). */
struct rp_http_log_buf {
    struct rp_open_file    *file;
    u_char                 *start;
    u_char                 *pos;
    u_char                 *end;
    rp_msec_t               flush;     /* 0: only when full or at exit */
    struct rp_event         event;     /* the flush timer */
    struct rp_http_log_buf *next;
};

/* One access_log directive. */
struct rp_http_log {
    struct rp_open_file           *file;
    struct rp_http_log_fmt        *format;
    struct rp_http_log_buf        *buf;      /* NULL: write at once */
    struct rp_http_complex_value  *filter;   /* if=; NULL: always */
};

struct rp_http_log_main_conf {
    struct rp_array                formats;  /* rp_http_log_fmt */
    struct rp_http_log_buf        *bufs;     /* every buffer, for exit */
};

struct rp_http_log_loc_conf {
    struct rp_array               *logs;     /* rp_http_log; NULL: unset */
    int                            off;      /* RP_UNSET, 0, 1 */
};

static const char  rp_http_log_combined[] =
    "$remote_addr - $remote_user [$time_local] \"$request\" $status "
    "$body_bytes_sent \"$http_referer\" \"$http_user_agent\"";

static int rp_http_log_preconfiguration(struct rp_conf *cf);
static int rp_http_log_postconfiguration(struct rp_conf *cf);
static void *rp_http_log_create_main_conf(struct rp_conf *cf);
static void *rp_http_log_create_loc_conf(struct rp_conf *cf);
static int rp_http_log_merge_loc_conf(struct rp_conf *cf, void *parent,
    void *child);
static int rp_http_log_format(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
static int rp_http_log_access_log(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);
static int rp_http_log_init_process(struct rp_cycle *cycle);
static void rp_http_log_exit_process(struct rp_cycle *cycle);

static const struct rp_command  rp_http_log_commands[] = {

    { "log_format", RP_HTTP_MAIN_CONF | RP_CONF_2MORE | RP_CONF_MULTI,
      rp_http_log_format, RP_HTTP_MAIN_CONF_OFFSET, 0, NULL },

    { "access_log", RP_HTTP_MAIN_CONF | RP_HTTP_SRV_CONF | RP_HTTP_LOC_CONF
                    | RP_CONF_1MORE | RP_CONF_MULTI,
      rp_http_log_access_log, RP_HTTP_LOC_CONF_OFFSET, 0, NULL },

    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_http_module_ctx  rp_http_log_module_ctx = {
    rp_http_log_preconfiguration,
    rp_http_log_postconfiguration,
    rp_http_log_create_main_conf,
    NULL,                                  /* init main conf */
    NULL, NULL,                            /* srv conf */
    rp_http_log_create_loc_conf,
    rp_http_log_merge_loc_conf
};

struct rp_module  rp_http_log_module = {
    "rp_http_log_module",
    RP_HTTP_MODULE,
    &rp_http_log_module_ctx,
    rp_http_log_commands,
    NULL,                                  /* init module */
    rp_http_log_init_process,
    rp_http_log_exit_process,
    0, 0
};


/* ---------------------------------------------------------------------
 * Configuration
 */

static void *
rp_http_log_create_main_conf(struct rp_conf *cf)
{
    struct rp_http_log_main_conf  *lmcf;

    lmcf = rp_pcalloc(cf->pool, sizeof(struct rp_http_log_main_conf));
    if (lmcf == NULL
        || rp_array_init(&lmcf->formats, cf->pool, 4,
                         sizeof(struct rp_http_log_fmt)) != RP_OK)
    {
        return NULL;
    }

    return lmcf;
}


static void *
rp_http_log_create_loc_conf(struct rp_conf *cf)
{
    struct rp_http_log_loc_conf  *llcf;

    llcf = rp_pcalloc(cf->pool, sizeof(struct rp_http_log_loc_conf));
    if (llcf == NULL) {
        return NULL;
    }

    llcf->off = RP_UNSET;

    return llcf;
}


/* 1 if <ch> may appear in a variable name. */
static int
rp_http_log_is_name_char(u_char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
           || (ch >= '0' && ch <= '9') || ch == '_';
}


/* Append a literal or a variable op to <fmt>.  RP_OK or RP_ERROR. */
static int
rp_http_log_add_op(struct rp_conf *cf, struct rp_http_log_fmt *fmt,
    const u_char *text, size_t len, const struct rp_str *var)
{
    struct rp_http_log_op  *op;
    int                     index;

    if (var == NULL && len == 0) {
        return RP_OK;
    }

    op = rp_array_push(&fmt->ops);
    if (op == NULL) {
        return RP_ERROR;
    }

    op->text.data = (u_char *) text;
    op->text.len = len;
    op->index = RP_HTTP_LOG_LITERAL;

    if (var) {
        index = rp_http_get_variable_index(cf, var);
        if (index == RP_ERROR) {
            return RP_ERROR;
        }
        op->index = (size_t) index;
    }

    return RP_OK;
}


/*
 * Compile format text <s> (kept: it lives in cf->pool) into <fmt>:
 * "$name" and "${name}" are variables, everything else is literal.
 * RP_OK, or RP_ERROR after reporting at <tok>.
 */
static int
rp_http_log_compile(struct rp_conf *cf, struct rp_http_log_fmt *fmt,
    const struct rp_str *s, const struct rp_conf_token *tok)
{
    const u_char  *p, *last, *lit;
    struct rp_str  var;
    int            braced;

    p = s->data;
    last = s->data + s->len;
    lit = p;

    while (p < last) {
        if (*p != '$') {
            p++;
            continue;
        }

        if (rp_http_log_add_op(cf, fmt, lit, (size_t) (p - lit), NULL)
            != RP_OK)
        {
            return RP_ERROR;
        }

        p++;
        braced = (p < last && *p == '{');
        p += braced;
        var.data = (u_char *) p;

        while (p < last && rp_http_log_is_name_char(*p)) {
            p++;
        }

        var.len = (size_t) (p - var.data);

        if (var.len == 0 || (braced && (p == last || *p != '}'))) {
            return rp_conf_error_at(cf, tok, "invalid variable name in "
                                    "log format \"" RP_STR_FMT "\"",
                                    RP_STR_ARG(fmt->name));
        }

        p += braced;

        if (rp_http_log_add_op(cf, fmt, NULL, 0, &var) != RP_OK) {
            return RP_ERROR;
        }

        lit = p;
    }

    return rp_http_log_add_op(cf, fmt, lit, (size_t) (last - lit), NULL);
}


/* A new, empty format called <name>, or NULL after reporting. */
static struct rp_http_log_fmt *
rp_http_log_new_format(struct rp_conf *cf, struct rp_http_log_main_conf *lmcf,
    const struct rp_str *name)
{
    struct rp_http_log_fmt  *fmt;
    size_t                   i;

    fmt = lmcf->formats.elts;

    for (i = 0; i < lmcf->formats.nelts; i++) {
        if (rp_str_eq(&fmt[i].name, name)) {
            rp_conf_error(cf, "duplicate log_format name \"" RP_STR_FMT "\"",
                          RP_STR_ARG(*name));
            return NULL;
        }
    }

    fmt = rp_array_push(&lmcf->formats);
    if (fmt == NULL) {
        return NULL;
    }

    memset(fmt, 0, sizeof(*fmt));

    fmt->name.data = rp_pstrdup(cf->pool, name);
    fmt->name.len = name->len;

    if (fmt->name.data == NULL
        || rp_array_init(&fmt->ops, cf->pool, 16,
                         sizeof(struct rp_http_log_op)) != RP_OK)
    {
        return NULL;
    }

    return fmt;
}


/* log_format name [escape=default|json|none] string ... */
static int
rp_http_log_format(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_log_main_conf  *lmcf = conf;
    struct rp_http_log_fmt        *fmt;
    struct rp_conf_token          *tok;
    struct rp_str                  s;
    size_t                         i;

    (void) cmd;

    fmt = rp_http_log_new_format(cf, lmcf, &rp_conf_arg(cf, 1)->value);
    if (fmt == NULL) {
        return RP_ERROR;
    }

    i = 2;
    tok = rp_conf_arg(cf, 2);

    if (tok->value.len > 7 && memcmp(tok->value.data, "escape=", 7) == 0) {
        s.data = tok->value.data + 7;
        s.len = tok->value.len - 7;

        if (rp_str_eq_lit(&s, "default")) {
            fmt->escape = RP_HTTP_LOG_ESCAPE_DEFAULT;
        } else if (rp_str_eq_lit(&s, "json")) {
            fmt->escape = RP_HTTP_LOG_ESCAPE_JSON;
        } else if (rp_str_eq_lit(&s, "none")) {
            fmt->escape = RP_HTTP_LOG_ESCAPE_NONE;
        } else {
            return rp_conf_error_at(cf, tok, "unknown log format escaping "
                                    "\"" RP_STR_FMT "\": expected default, "
                                    "json or none", RP_STR_ARG(s));
        }

        i++;
    }

    if (i > rp_conf_nargs(cf)) {
        return rp_conf_error(cf, "log_format \"" RP_STR_FMT "\" has no "
                             "format string", RP_STR_ARG(fmt->name));
    }

    /* the strings are joined as written, without separators (nginx) */
    for ( ; i <= rp_conf_nargs(cf); i++) {
        tok = rp_conf_arg(cf, i);

        s.data = rp_pstrdup(cf->pool, &tok->value);
        s.len = tok->value.len;

        if ((s.data == NULL && s.len)
            || rp_http_log_compile(cf, fmt, &s, tok) != RP_OK)
        {
            return RP_ERROR;
        }
    }

    return RP_OK;
}


/* The format called <name>, or NULL. */
static struct rp_http_log_fmt *
rp_http_log_find_format(struct rp_http_log_main_conf *lmcf,
    const struct rp_str *name)
{
    struct rp_http_log_fmt  *fmt = lmcf->formats.elts;
    size_t                   i;

    for (i = 0; i < lmcf->formats.nelts; i++) {
        if (rp_str_eq(&fmt[i].name, name)) {
            return &fmt[i];
        }
    }

    return NULL;
}


/*
 * The buffer of <file>, shared by every buffered access_log writing to
 * it (so their lines stay in order); created with <size> and <flush> on
 * first use.  NULL on allocation failure.
 */
static struct rp_http_log_buf *
rp_http_log_get_buf(struct rp_conf *cf, struct rp_http_log_main_conf *lmcf,
    struct rp_open_file *file, size_t size, rp_msec_t flush)
{
    struct rp_http_log_buf  *buf;

    for (buf = lmcf->bufs; buf; buf = buf->next) {
        if (buf->file == file) {
            return buf;
        }
    }

    buf = rp_pcalloc(cf->pool, sizeof(struct rp_http_log_buf));
    if (buf == NULL) {
        return NULL;
    }

    buf->start = rp_palloc(cf->pool, size);
    if (buf->start == NULL) {
        return NULL;
    }

    buf->file = file;
    buf->pos = buf->start;
    buf->end = buf->start + size;
    buf->flush = flush;
    buf->next = lmcf->bufs;
    lmcf->bufs = buf;

    return buf;
}


/* The options after the format: buffer=, flush=, if=.  Into <log>. */
static int
rp_http_log_options(struct rp_conf *cf, struct rp_http_log_main_conf *lmcf,
    struct rp_http_log *log, size_t first)
{
    struct rp_conf_token  *tok;
    struct rp_conf_token   value;
    size_t                 i, size;
    int64_t                flush;

    size = 0;
    flush = 0;

    for (i = first; i <= rp_conf_nargs(cf); i++) {
        tok = rp_conf_arg(cf, i);
        value = *tok;

        if (tok->value.len > 7 && memcmp(tok->value.data, "buffer=", 7) == 0) {
            if (rp_parse_size(tok->value.data + 7, tok->value.len - 7, &size)
                != RP_OK || size < 64 || size > 64 * 1024 * 1024)
            {
                return rp_conf_error_at(cf, tok, "invalid buffer size \""
                                        RP_STR_FMT "\": expected 64 to 64m",
                                        RP_STR_ARG(tok->value));
            }

        } else if (tok->value.len > 6
                   && memcmp(tok->value.data, "flush=", 6) == 0)
        {
            if (rp_parse_msec(tok->value.data + 6, tok->value.len - 6, &flush)
                != RP_OK || flush < 1)
            {
                return rp_conf_error_at(cf, tok, "invalid flush time \""
                                        RP_STR_FMT "\"",
                                        RP_STR_ARG(tok->value));
            }

        } else if (tok->value.len > 3
                   && memcmp(tok->value.data, "if=", 3) == 0)
        {
            value.value.data += 3;
            value.value.len -= 3;

            log->filter = rp_pcalloc(cf->pool,
                                     sizeof(struct rp_http_complex_value));
            if (log->filter == NULL
                || rp_http_compile_complex_value(cf, &value, log->filter)
                   != RP_OK)
            {
                return RP_ERROR;
            }

        } else {
            return rp_conf_error_at(cf, tok, "invalid parameter \""
                                    RP_STR_FMT "\": expected buffer=, flush= "
                                    "or if=", RP_STR_ARG(tok->value));
        }
    }

    if (flush && size == 0) {
        return rp_conf_error(cf, "\"flush\" needs \"buffer\" in "
                             "\"access_log\"");
    }

    if (size) {
        log->buf = rp_http_log_get_buf(cf, lmcf, log->file, size, flush);
        if (log->buf == NULL) {
            return RP_ERROR;
        }
    }

    return RP_OK;
}


/* Open-file record for access log <path> (a copy, made absolute). */
static struct rp_open_file *
rp_http_log_open(struct rp_conf *cf, const struct rp_conf_token *tok)
{
    struct rp_str  name;

    if (tok->has_vars) {
        rp_conf_error_at(cf, tok, "variables in access_log paths are not "
                         "supported");
        return NULL;
    }

    if (tok->value.len >= 7 && memcmp(tok->value.data, "syslog:", 7) == 0) {
        rp_conf_error_at(cf, tok, "syslog access logs are not supported");
        return NULL;
    }

    name.len = tok->value.len;
    name.data = rp_pstrdup(cf->pool, &tok->value);

    if (name.data == NULL || rp_conf_full_name(cf, &name) != RP_OK) {
        return NULL;
    }

    return rp_cycle_open_file(cf->cycle, &name);
}


/*
 * access_log off | access_log path [format [buffer=size] [flush=time]
 * [if=condition]]
 */
static int
rp_http_log_access_log(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_log_loc_conf   *llcf = conf;
    struct rp_http_log_main_conf  *lmcf;
    struct rp_http_log            *log;
    struct rp_conf_token          *path = rp_conf_arg(cf, 1);
    struct rp_str                  name;

    (void) cmd;

    if (rp_str_eq_lit(&path->value, "off")) {
        if (rp_conf_nargs(cf) != 1) {
            return rp_conf_error_at(cf, rp_conf_arg(cf, 2), "invalid "
                                    "parameter after \"off\"");
        }
        llcf->off = 1;                  /* wins over any other, as nginx */
        return RP_OK;
    }

    lmcf = rp_http_ctx_main_conf(cf->ctx, &rp_http_log_module);

    if (llcf->logs == NULL) {
        llcf->logs = rp_pcalloc(cf->pool, sizeof(struct rp_array));
        if (llcf->logs == NULL
            || rp_array_init(llcf->logs, cf->pool, 2,
                             sizeof(struct rp_http_log)) != RP_OK)
        {
            return RP_ERROR;
        }
    }

    log = rp_array_push(llcf->logs);
    if (log == NULL) {
        return RP_ERROR;
    }

    memset(log, 0, sizeof(*log));

    log->file = rp_http_log_open(cf, path);
    if (log->file == NULL) {
        return RP_ERROR;
    }

    rp_str_set(&name, "combined");

    if (rp_conf_nargs(cf) >= 2) {
        name = rp_conf_arg(cf, 2)->value;
    }

    log->format = rp_http_log_find_format(lmcf, &name);
    if (log->format == NULL) {
        return rp_conf_error_at(cf, rp_conf_arg(cf, rp_conf_nargs(cf) >= 2
                                                    ? 2 : 1),
                                "unknown log format \"" RP_STR_FMT "\"",
                                RP_STR_ARG(name));
    }

    return rp_http_log_options(cf, lmcf, log, 3);
}


/*
 * A level without access_log takes its parent's (or its "off"); if
 * there is none up to the http level, the default "logs/access.log
 * combined" applies, as in nginx.
 */
static int
rp_http_log_merge_loc_conf(struct rp_conf *cf, void *parent, void *child)
{
    struct rp_http_log_loc_conf   *prev = parent, *conf = child;
    struct rp_http_log_main_conf  *lmcf;
    struct rp_http_log            *log;
    struct rp_str                  name, fname;
    struct rp_http_conf_ctx       *ctx;

    if (conf->logs || conf->off == 1) {
        return RP_OK;
    }

    conf->logs = prev->logs;
    conf->off = prev->off;

    if (conf->logs || conf->off == 1) {
        return RP_OK;
    }

    /* one default log shared by every level that needs it */
    ctx = rp_http_get_ctx(cf->cycle);
    lmcf = rp_http_ctx_main_conf(ctx, &rp_http_log_module);
    prev->logs = rp_pcalloc(cf->pool, sizeof(struct rp_array));

    if (prev->logs == NULL
        || rp_array_init(prev->logs, cf->pool, 1, sizeof(struct rp_http_log))
           != RP_OK
        || (log = rp_array_push(prev->logs)) == NULL)
    {
        return RP_ERROR;
    }

    memset(log, 0, sizeof(*log));

    rp_str_set(&fname, RP_HTTP_LOG_PATH);
    name.len = fname.len;
    name.data = rp_pstrdup(cf->pool, &fname);

    if (name.data == NULL || rp_conf_full_name(cf, &name) != RP_OK) {
        return RP_ERROR;
    }

    log->file = rp_cycle_open_file(cf->cycle, &name);
    rp_str_set(&name, "combined");
    log->format = rp_http_log_find_format(lmcf, &name);

    if (log->file == NULL || log->format == NULL) {
        return RP_ERROR;
    }

    conf->logs = prev->logs;

    return RP_OK;
}


/* The get handler of $remote_user until authentication defines it. */
static int
rp_http_log_remote_user(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    (void) r;
    (void) v;
    (void) data;

    return RP_DECLINED;                 /* not found: "-" in the log */
}


/*
 * Before the http block's body: define $remote_user (unless a module
 * already did) and the built-in "combined" format, so that log_format
 * cannot take its name and access_log can use it anywhere.
 */
static int
rp_http_log_preconfiguration(struct rp_conf *cf)
{
    struct rp_http_conf_ctx       *ctx = rp_http_get_ctx(cf->cycle);
    struct rp_http_log_main_conf  *lmcf;
    struct rp_http_variable       *v;
    struct rp_http_log_fmt        *fmt;
    struct rp_str                  s;

    rp_str_set(&s, "remote_user");

    v = rp_http_add_variable(cf, &s, RP_HTTP_VAR_CHANGEABLE);
    if (v == NULL) {
        return RP_ERROR;
    }

    if (v->get_handler == NULL) {
        v->get_handler = rp_http_log_remote_user;
    }

    lmcf = rp_http_ctx_main_conf(ctx, &rp_http_log_module);

    rp_str_set(&s, "combined");
    fmt = rp_http_log_new_format(cf, lmcf, &s);
    if (fmt == NULL) {
        return RP_ERROR;
    }

    rp_str_set(&s, rp_http_log_combined);

    return rp_http_log_compile(cf, fmt, &s, rp_conf_arg(cf, 0));
}


/* ---------------------------------------------------------------------
 * Writing
 */

/*
 * Write <len> bytes to <file>, retrying short writes.  A failure is
 * logged on <log> and the line is lost (a full disk must not stop
 * traffic).
 */
static void
rp_http_log_write(struct rp_log *log, struct rp_open_file *file,
    const u_char *data, size_t len)
{
    ssize_t  n;

    while (len) {
        n = write(file->fd, data, len);

        if (n == -1 && errno == EINTR) {
            continue;
        }

        if (n <= 0) {
            rp_log_error(RP_LOG_ALERT, log, n == -1 ? errno : 0,
                         "write() to access log \"%s\" failed",
                         (const char *) file->name.data);
            return;
        }

        data += n;
        len -= (size_t) n;
    }
}


/* Write out what <buf> holds and disarm its timer. */
static void
rp_http_log_flush(struct rp_http_log_buf *buf, struct rp_log *log)
{
    if (buf->pos > buf->start) {
        rp_http_log_write(log, buf->file, buf->start,
                          (size_t) (buf->pos - buf->start));
        buf->pos = buf->start;
    }

    if (buf->event.timer_set) {
        rp_event_del_timer(&buf->event);
    }
}


static void
rp_http_log_flush_handler(struct rp_event *ev)
{
    rp_http_log_flush(ev->data, ev->log);
}


/*
 * The value of each variable op of <fmt> for <r> (NULL entries for
 * literals), into <values>; the line's length including '\n' into
 * <len>.  RP_OK or RP_ERROR.
 */
static int
rp_http_log_values(struct rp_http_request *r, const struct rp_http_log_fmt *fmt,
    struct rp_http_variable_value **values, size_t *len)
{
    const struct rp_http_log_op     *op = fmt->ops.elts;
    struct rp_http_variable_value   *v;
    size_t                           i, n;

    n = 1;

    for (i = 0; i < fmt->ops.nelts; i++) {
        values[i] = NULL;

        if (op[i].index == RP_HTTP_LOG_LITERAL) {
            n += op[i].text.len;
            continue;
        }

        v = rp_http_get_flushed_variable(r, op[i].index);
        if (v == NULL) {
            return RP_ERROR;
        }

        values[i] = v;

        if (v->not_found) {
            /* nginx: "-" for a missing value, nothing in JSON */
            n += (fmt->escape == RP_HTTP_LOG_ESCAPE_JSON) ? 0 : 1;
            continue;
        }

        n += rp_http_log_escape(NULL, v->data, v->len, fmt->escape);
    }

    *len = n;

    return RP_OK;
}


/* Render the line measured by rp_http_log_values() at <p>. */
static void
rp_http_log_render(const struct rp_http_log_fmt *fmt,
    struct rp_http_variable_value **values, u_char *p)
{
    const struct rp_http_log_op  *op = fmt->ops.elts;
    size_t                        i;

    for (i = 0; i < fmt->ops.nelts; i++) {
        if (values[i] == NULL) {
            p = rp_cpymem(p, op[i].text.data, op[i].text.len);

        } else if (values[i]->not_found) {
            if (fmt->escape != RP_HTTP_LOG_ESCAPE_JSON) {
                *p++ = '-';
            }

        } else {
            p += rp_http_log_escape(p, values[i]->data, values[i]->len,
                                    fmt->escape);
        }
    }

    *p = '\n';
}


/* 1 if the if= condition of <log> lets <r> be logged. */
static int
rp_http_log_wanted(struct rp_http_request *r, const struct rp_http_log *log)
{
    struct rp_str  val;

    if (log->filter == NULL) {
        return 1;
    }

    if (rp_http_complex_value(r, log->filter, &val) != RP_OK) {
        return 1;                       /* log rather than lose the line */
    }

    return !(val.len == 0 || (val.len == 1 && val.data[0] == '0'));
}


/* Write one line of <log> for <r>.  RP_OK or RP_ERROR. */
static int
rp_http_log_one(struct rp_http_request *r, const struct rp_http_log *log,
    struct rp_http_variable_value **values)
{
    struct rp_http_log_buf  *buf = log->buf;
    struct rp_log           *elog = &r->connection->log;
    u_char                  *line;
    size_t                   len;

    if (rp_http_log_values(r, log->format, values, &len) != RP_OK) {
        return RP_ERROR;
    }

    if (buf) {
        if (len > (size_t) (buf->end - buf->pos)) {
            rp_http_log_flush(buf, elog);
        }

        if (len <= (size_t) (buf->end - buf->pos)) {
            rp_http_log_render(log->format, values, buf->pos);
            buf->pos += len;

            if (buf->flush && !buf->event.timer_set) {
                (void) rp_event_add_timer(&buf->event, buf->flush);
            }

            return RP_OK;
        }
    }

    line = rp_palloc(r->pool, len);
    if (line == NULL) {
        return RP_ERROR;
    }

    rp_http_log_render(log->format, values, line);
    rp_http_log_write(elog, log->file, line, len);

    return RP_OK;
}


/* The log-phase handler: one line per access log of the location. */
static int
rp_http_log_handler(struct rp_http_request *r)
{
    struct rp_http_log_loc_conf     *llcf;
    struct rp_http_log              *log;
    struct rp_http_variable_value  **values;
    size_t                           i, max;

    llcf = rp_http_get_module_loc_conf(r, &rp_http_log_module);

    if (llcf->off == 1 || llcf->logs == NULL) {
        return RP_OK;
    }

    log = llcf->logs->elts;
    max = 0;

    for (i = 0; i < llcf->logs->nelts; i++) {
        max = rp_max(max, log[i].format->ops.nelts);
    }

    values = rp_palloc(r->pool, (max ? max : 1) * sizeof(*values));
    if (values == NULL) {
        return RP_ERROR;
    }

    for (i = 0; i < llcf->logs->nelts; i++) {
        if (rp_http_log_wanted(r, &log[i])
            && rp_http_log_one(r, &log[i], values) != RP_OK)
        {
            rp_log_error(RP_LOG_ALERT, &r->connection->log, 0,
                         "could not write access log line to \"%s\"",
                         (const char *) log[i].file->name.data);
        }
    }

    return RP_OK;
}


static int
rp_http_log_postconfiguration(struct rp_conf *cf)
{
    struct rp_conf  pcf;

    /* rp_http_add_phase_handler() reads the http ctx from cf->ctx */
    pcf = *cf;
    pcf.ctx = rp_http_get_ctx(cf->cycle);

    return rp_http_add_phase_handler(&pcf, RP_HTTP_LOG_PHASE,
                                     rp_http_log_handler);
}


/* The log module's main conf of <cycle>, or NULL without http. */
static struct rp_http_log_main_conf *
rp_http_log_main(struct rp_cycle *cycle)
{
    struct rp_http_conf_ctx  *ctx = rp_http_get_ctx(cycle);

    return ctx ? rp_http_ctx_main_conf(ctx, &rp_http_log_module) : NULL;
}


/* Worker start: the flush timers' events (a worker's own copies). */
static int
rp_http_log_init_process(struct rp_cycle *cycle)
{
    struct rp_http_log_main_conf  *lmcf = rp_http_log_main(cycle);
    struct rp_http_log_buf        *buf;

    for (buf = lmcf ? lmcf->bufs : NULL; buf; buf = buf->next) {
        buf->pos = buf->start;
        memset(&buf->event, 0, sizeof(buf->event));
        buf->event.data = buf;
        buf->event.handler = rp_http_log_flush_handler;
        buf->event.log = cycle->log;
    }

    return RP_OK;
}


/* Worker exit (graceful or not): nothing buffered is lost. */
static void
rp_http_log_exit_process(struct rp_cycle *cycle)
{
    struct rp_http_log_main_conf  *lmcf = rp_http_log_main(cycle);
    struct rp_http_log_buf        *buf;

    for (buf = lmcf ? lmcf->bufs : NULL; buf; buf = buf->next) {
        if (buf->pos > buf->start) {
            rp_http_log_write(cycle->log, buf->file, buf->start,
                              (size_t) (buf->pos - buf->start));
            buf->pos = buf->start;
        }
    }
}
