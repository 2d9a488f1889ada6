/*
 * rp_conf_parse.c - the configuration parser and dispatcher.
 *
 * Reads proxy.conf (and everything it includes) into the cycle pool,
 * groups the tokens of rp_conf_lex.c into directives and hands each one
 * to the command of the module that declares it, after checking context,
 * argument count and block shape here, centrally (STYLE 16).  "include"
 * is handled by the parser itself.  Errors name file:line:col; after an
 * error in one directive the parser skips that directive (and its block)
 * and goes on, so one run of "rampart -t" lists every mistake.  The file
 * buffers live in cf->pool with the cycle, so tokens point into them
 * without copies.
 */

#include "rp_config.h"

#include <sys/stat.h>
#include <fcntl.h>
#include <glob.h>

#include "rp_core.h"
#include "rp_conf.h"
#include "rp_conf_lex.h"
#include "rp_cycle.h"
#include "rp_module.h"


/* One file (or -g string) being read; they form a stack via <parent>. */
struct rp_conf_file {
    struct rp_str          name;     /* as opened; NUL-terminated, cf->pool */
    struct rp_conf_lexer   lx;
    dev_t                  dev;      /* identity for include loops */
    ino_t                  ino;
    struct rp_conf_file   *parent;   /* the file that included this one */
    unsigned               depth;    /* 0 for the outermost file */
    unsigned               bodies;   /* block bodies parsed so far */
    unsigned               has_id:1; /* a real file: dev/ino valid */
    unsigned               fatal:1;  /* structure lost: stop parsing */
};


static int rp_conf_parse_body(struct rp_conf *cf, int in_block);


/* ---------------------------------------------------------------------
 * error reporting
 */

/*
 * The one formatter behind every config error: "<msg> in
 * <file>:<line>:<col><suffix>", or just "<msg><suffix>" when no file is
 * being read (<line> 0).  Counts the error; past RP_CONF_MAX_ERRORS the
 * line is no longer printed.
 */
static void
rp_conf_verror(struct rp_conf *cf, unsigned line, unsigned col,
    const char *suffix, const char *fmt, va_list args)
{
    char            msg[RP_LOG_MAX_LINE];
    struct rp_log  *log;

    if (cf->errors++ >= RP_CONF_MAX_ERRORS) {
        return;
    }

    log = cf->log ? cf->log : &rp_log_stderr_log;

    vsnprintf(msg, sizeof(msg), fmt, args);

    if (cf->file == NULL || line == 0) {
        rp_log_error(RP_LOG_EMERG, log, 0, "%s%s", msg, suffix);
        return;
    }

    rp_log_error(RP_LOG_EMERG, log, 0, "%s in " RP_STR_FMT ":%u:%u%s", msg,
                 RP_STR_ARG(cf->file->name), line, col, suffix);
}


static void RP_PRINTF(5, 6)
rp_conf_error_pos(struct rp_conf *cf, unsigned line, unsigned col,
    const char *suffix, const char *fmt, ...)
{
    va_list  args;

    va_start(args, fmt);
    rp_conf_verror(cf, line, col, suffix, fmt, args);
    va_end(args);
}


/*
 * See rp_conf.h.  The position is the directive's name; if no directive
 * is being read it is the lexer's current position.
 */
int
rp_conf_error(struct rp_conf *cf, const char *fmt, ...)
{
    va_list                 args;
    unsigned                line, col;
    struct rp_conf_token   *name;

    line = 0;
    col = 0;

    if (cf->file) {
        if (cf->args && cf->args->nelts > 0) {
            name = rp_conf_arg(cf, 0);
            line = name->line;
            col = name->col;

        } else {
            line = cf->file->lx.line;
            col = cf->file->lx.col;
        }
    }

    va_start(args, fmt);
    rp_conf_verror(cf, line, col, "", fmt, args);
    va_end(args);

    return RP_ERROR;
}


/* See rp_conf.h: the same, at token <tok>. */
int
rp_conf_error_at(struct rp_conf *cf, const struct rp_conf_token *tok,
    const char *fmt, ...)
{
    va_list  args;

    va_start(args, fmt);
    rp_conf_verror(cf, tok->line, tok->col, "", fmt, args);
    va_end(args);

    return RP_ERROR;
}


/* See rp_conf.h. */
const struct rp_str *
rp_conf_file_name(const struct rp_conf *cf)
{
    return cf->file ? &cf->file->name : NULL;
}


/* Report the lexer's error and mark the file's structure as lost. */
static int
rp_conf_lex_error(struct rp_conf *cf)
{
    struct rp_conf_file  *f;

    f = cf->file;
    f->fatal = 1;
    rp_conf_error_pos(cf, f->lx.err_line, f->lx.err_col, "", "%s",
                      f->lx.error);

    return RP_ERROR;
}


/* ---------------------------------------------------------------------
 * reading files
 */

/*
 * Read all of <fd> (opened from <name>) into memory from cf->pool.  The
 * buffer is never freed before the cycle: tokens point into it.
 */
static int
rp_conf_read_fd(struct rp_conf *cf, int fd, const struct stat *st,
    const struct rp_conf_token *at, struct rp_str *text)
{
    u_char   *buf;
    size_t    size, got;
    ssize_t   n;

    size = (size_t) st->st_size;
    buf = rp_palloc(cf->pool, size + 1);

    if (buf == NULL) {
        rp_conf_error_pos(cf, at ? at->line : 0, at ? at->col : 0, "",
                          "memory allocation failed");
        return RP_ERROR;
    }

    /* a file that shrinks while read is taken as it is; growth ignored */
    for (got = 0; got < size; got += (size_t) n) {
        n = read(fd, buf + got, size - got);

        if (n == -1 && errno == EINTR) {
            n = 0;
            continue;
        }

        if (n == -1) {
            return RP_ERROR;
        }

        if (n == 0) {
            break;
        }
    }

    buf[got] = '\0';
    text->data = buf;
    text->len = got;

    return RP_OK;
}


/*
 * Open <name>, refuse include loops and runaway nesting, and read it.
 * Errors are reported at <at> (the include directive) if given.  On
 * success <st> holds the file's identity.
 */
static int
rp_conf_load(struct rp_conf *cf, const struct rp_str *name,
    const struct rp_conf_token *at, struct stat *st, struct rp_str *text)
{
    int                    fd, err;
    unsigned               line, col;
    struct rp_conf_file   *f;

    line = at ? at->line : 0;
    col = at ? at->col : 0;

    if (cf->file && cf->file->depth + 1 > RP_CONF_MAX_INCLUDE_DEPTH) {
        rp_conf_error_pos(cf, line, col, "",
                          "includes nested too deeply (more than %d) "
                          "at \"%s\"", RP_CONF_MAX_INCLUDE_DEPTH,
                          (const char *) name->data);
        return RP_ERROR;
    }

    fd = open((const char *) name->data, O_RDONLY | O_CLOEXEC);

    if (fd == -1) {
        err = errno;
        rp_conf_error_pos(cf, line, col, "", "open() \"%s\" failed (%d: %s)",
                          (const char *) name->data, err, strerror(err));
        return RP_ERROR;
    }

    if (fstat(fd, st) == -1) {
        err = errno;
        close(fd);
        rp_conf_error_pos(cf, line, col, "", "fstat() \"%s\" failed (%d: %s)",
                          (const char *) name->data, err, strerror(err));
        return RP_ERROR;
    }

    for (f = cf->file; f; f = f->parent) {
        if (f->has_id && f->dev == st->st_dev && f->ino == st->st_ino) {
            close(fd);
            rp_conf_error_pos(cf, line, col, "",
                              "include loop: \"%s\" is already being read",
                              (const char *) name->data);
            return RP_ERROR;
        }
    }

    if (rp_conf_read_fd(cf, fd, st, at, text) != RP_OK) {
        err = errno;
        close(fd);
        rp_conf_error_pos(cf, line, col, "", "read() \"%s\" failed (%d: %s)",
                          (const char *) name->data, err, strerror(err));
        return RP_ERROR;
    }

    close(fd);

    return RP_OK;
}


/* With "rampart -T", keep a copy of every file read for printing. */
static int
rp_conf_dump_add(struct rp_conf *cf, const struct rp_str *name,
    const struct rp_str *text)
{
    struct rp_conf_dump  *d;

    if (cf->cycle == NULL || !cf->cycle->dump) {
        return RP_OK;
    }

    d = rp_array_push(&cf->cycle->config_dump);
    if (d == NULL) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    d->name = *name;
    d->text = *text;

    return RP_OK;
}


/*
 * Push a file record for <name> / <text> onto the stack, parse it to its
 * end, and pop it.  A fatal error (lost structure) propagates to the
 * including file so that the whole parse stops.
 */
static int
rp_conf_parse_text(struct rp_conf *cf, const struct rp_str *name,
    const struct rp_str *text, const struct stat *st)
{
    int                    rc;
    struct rp_conf_file   *f;

    f = rp_pcalloc(cf->pool, sizeof(struct rp_conf_file));
    if (f == NULL) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    f->name = *name;
    f->parent = cf->file;
    f->depth = cf->file ? cf->file->depth + 1 : 0;

    if (st) {
        f->has_id = 1;
        f->dev = st->st_dev;
        f->ino = st->st_ino;
    }

    rp_conf_lex_init(&f->lx, text->data, text->len);

    cf->file = f;
    rc = rp_conf_parse_body(cf, 0);
    cf->file = f->parent;

    if (f->fatal && f->parent) {
        f->parent->fatal = 1;
    }

    return rc;
}


/* Read and parse file <path>; errors of opening it are reported at <at>. */
static int
rp_conf_parse_file(struct rp_conf *cf, const struct rp_str *path,
    const struct rp_conf_token *at)
{
    struct stat     st;
    struct rp_str   name, text;

    /* e.g. a setter loading a file of its own: blame its directive */
    if (at == NULL && cf->file && cf->args && cf->args->nelts > 0) {
        at = rp_conf_arg(cf, 0);
    }

    name.len = path->len;
    name.data = (u_char *) rp_pstrdup_z(cf->pool, path);

    if (name.data == NULL) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    if (rp_conf_load(cf, &name, at, &st, &text) != RP_OK) {
        return RP_ERROR;
    }

    if (rp_conf_dump_add(cf, &name, &text) != RP_OK) {
        return RP_ERROR;
    }

    return rp_conf_parse_text(cf, &name, &text, &st);
}


/* ---------------------------------------------------------------------
 * include
 */

/*
 * <pattern> made relative to the directory of the file being read (or
 * to the prefix for a -g string), NUL-terminated, from cf->pool.
 */
static int
rp_conf_include_path(struct rp_conf *cf, const struct rp_str *pattern,
    struct rp_str *path)
{
    u_char               *p;
    size_t                dlen;
    const u_char         *dir;
    struct rp_conf_file  *f;

    f = cf->file;
    dir = NULL;
    dlen = 0;

    if (pattern->len == 0 || pattern->data[0] != '/') {
        if (f->has_id) {
            dir = f->name.data;

            for (dlen = f->name.len; dlen > 0; dlen--) {
                if (dir[dlen - 1] == '/') {
                    break;
                }
            }

        } else if (cf->cycle) {
            dir = cf->cycle->prefix.data;
            dlen = cf->cycle->prefix.len;
        }
    }

    p = rp_palloc(cf->pool, dlen + pattern->len + 1);
    if (p == NULL) {
        return RP_ERROR;
    }

    path->data = p;

    if (dlen) {
        p = rp_cpymem(p, dir, dlen);
    }

    p = rp_cpymem(p, pattern->data, pattern->len);
    *p = '\0';

    path->len = (size_t) (p - path->data);

    return RP_OK;
}


/* Parse every file matching the glob <path>, in sorted order. */
static int
rp_conf_include_glob(struct rp_conf *cf, const struct rp_str *path,
    const struct rp_conf_token *at)
{
    int             rc;
    size_t          i;
    glob_t          gl;
    struct rp_str   name;

    rc = glob((const char *) path->data, 0, NULL, &gl);

    if (rc == GLOB_NOMATCH) {
        return RP_OK;
    }

    if (rc != 0) {
        rp_conf_error_at(cf, at, "glob() \"%s\" failed",
                         (const char *) path->data);
        return RP_ERROR;
    }

    rc = RP_OK;

    for (i = 0; i < gl.gl_pathc; i++) {
        name.data = (u_char *) gl.gl_pathv[i];
        name.len = strlen(gl.gl_pathv[i]);

        if (rp_conf_parse_file(cf, &name, at) != RP_OK) {
            rc = RP_ERROR;
        }

        if (cf->file->fatal || cf->errors >= RP_CONF_MAX_ERRORS) {
            break;
        }
    }

    globfree(&gl);

    return rc;
}


/*
 * "include PATTERN;" in any context: parse the named file(s) in place,
 * with the current context.
 */
static int
rp_conf_include(struct rp_conf *cf)
{
    struct rp_str          path;
    struct rp_conf_token   at, pattern;

    at = *rp_conf_arg(cf, 0);

    if (rp_conf_nargs(cf) != 1) {
        return rp_conf_error(cf, "invalid number of arguments in "
                             "\"include\" directive");
    }

    /* cf->args is reused by the included file: keep what we need */
    pattern = *rp_conf_arg(cf, 1);

    if (rp_conf_include_path(cf, &pattern.value, &path) != RP_OK) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    if (memchr(path.data, '*', path.len) || memchr(path.data, '?', path.len)
        || memchr(path.data, '[', path.len))
    {
        return rp_conf_include_glob(cf, &path, &at);
    }

    return rp_conf_parse_file(cf, &path, &at);
}


/* ---------------------------------------------------------------------
 * dispatch
 */

/* Consume up to the "}" closing a block whose "{" was just read. */
static int
rp_conf_skip_block(struct rp_conf *cf)
{
    int                    kind;
    unsigned               depth;
    struct rp_conf_file   *f;
    struct rp_conf_token   tok;

    f = cf->file;
    depth = 1;

    for ( ;; ) {
        kind = rp_conf_lex_next(&f->lx, &tok,
                                cf->temp_pool ? cf->temp_pool : cf->pool);

        switch (kind) {
        case RP_CONF_TOK_ERROR:
            return rp_conf_lex_error(cf);

        case RP_CONF_TOK_EOF:
            f->fatal = 1;
            return rp_conf_error_at(cf, &tok, "unexpected end of file, "
                                    "expecting \"}\"");

        case RP_CONF_TOK_LBRACE:
            depth++;
            break;

        case RP_CONF_TOK_RBRACE:
            if (--depth == 0) {
                return RP_OK;
            }
            break;

        default:
            break;
        }
    }
}


/*
 * The known directive name closest to <name> within edit distance
 * max(1, len/3), over every module of any type and "include"; NULL if
 * none is close enough.
 */
static const char *
rp_conf_suggest(const struct rp_str *name)
{
    size_t                    i, d, best_d;
    const char               *best;
    const struct rp_command  *cmd;

    best = NULL;
    best_d = rp_max(1, name->len / 3);

    if (name->len > 64) {
        return NULL;
    }

    d = rp_edit_distance(name->data, name->len, (const u_char *) "include",
                         sizeof("include") - 1);
    if (d <= best_d) {
        best = "include";
        best_d = d;
    }

    for (i = 0; i < rp_modules_n; i++) {
        for (cmd = rp_modules[i]->commands; cmd && cmd->name; cmd++) {
            d = rp_edit_distance(name->data, name->len,
                                 (const u_char *) cmd->name,
                                 strlen(cmd->name));

            if (d < best_d || (d == best_d && best == NULL)) {
                best = cmd->name;
                best_d = d;
            }
        }
    }

    return best;
}


static void
rp_conf_unknown(struct rp_conf *cf)
{
    char                   suffix[128];
    const char            *near;
    struct rp_conf_token  *name;

    name = rp_conf_arg(cf, 0);
    near = rp_conf_suggest(&name->value);
    suffix[0] = '\0';

    if (near) {
        snprintf(suffix, sizeof(suffix), " (did you mean \"%s\"?)", near);
    }

    rp_conf_error_pos(cf, name->line, name->col, suffix,
                      "unknown directive \"" RP_STR_FMT "\"",
                      RP_STR_ARG(name->value));
}


/* 1 if <n> arguments satisfy the count flags of <type>. */
static int
rp_conf_args_ok(unsigned type, size_t n)
{
    if (type & RP_CONF_ANY) {
        return 1;
    }

    if ((type & RP_CONF_FLAG) && n == 1) {
        return 1;
    }

    if ((type & RP_CONF_1MORE) && n >= 1) {
        return 1;
    }

    if ((type & RP_CONF_2MORE) && n >= 2) {
        return 1;
    }

    return n <= 7 && (type & (RP_CONF_NOARGS << n)) != 0;
}


/*
 * Check the shape of the directive in cf->args against <cmd> and call
 * its setter.  <block> says it ended with "{".  Returns RP_OK, or
 * RP_ERROR after reporting; a block the setter did not parse is skipped.
 */
static int
rp_conf_run(struct rp_conf *cf, const struct rp_module *m,
    const struct rp_command *cmd, int block)
{
    int                    rc;
    void                 **arr, *conf;
    unsigned               errors, bodies;
    struct rp_conf_file   *f;
    struct rp_conf_token   name;

    f = cf->file;
    name = *rp_conf_arg(cf, 0);

    if ((cmd->type & RP_CONF_BLOCK) && !block) {
        return rp_conf_error(cf, "directive \"%s\" has no opening \"{\"",
                             cmd->name);
    }

    if (!(cmd->type & RP_CONF_BLOCK) && block) {
        rp_conf_error(cf, "directive \"%s\" is not terminated by \";\"",
                      cmd->name);
        rp_conf_skip_block(cf);
        return RP_ERROR;
    }

    if (!rp_conf_args_ok(cmd->type, rp_conf_nargs(cf))) {
        rp_conf_error(cf, "invalid number of arguments in \"%s\" directive",
                      cmd->name);

        if (block) {
            rp_conf_skip_block(cf);
        }

        return RP_ERROR;
    }

    arr = cf->ctx ? *(void ***) ((char *) cf->ctx + cmd->conf) : NULL;
    conf = arr ? arr[m->ctx_index] : NULL;

    errors = cf->errors;
    bodies = f->bodies;

    rc = cmd->set(cf, cmd, conf);

    if (rc != RP_OK && cf->errors == errors) {
        rp_conf_error_at(cf, &name, "invalid \"%s\" directive", cmd->name);
    }

    /* a block whose body the setter did not parse is skipped whole */
    if (block && f->bodies == bodies && !f->fatal) {
        rp_conf_skip_block(cf);
    }

    return rc;
}


/* Find the command for the directive in cf->args and run it. */
static int
rp_conf_dispatch(struct rp_conf *cf, int block)
{
    size_t                    i;
    unsigned                  found;
    struct rp_str            *name;
    const struct rp_module   *m;
    const struct rp_command  *cmd;

    name = &rp_conf_arg(cf, 0)->value;
    found = 0;

    for (i = 0; i < rp_modules_n; i++) {
        m = rp_modules[i];

        for (cmd = m->commands; cmd && cmd->name; cmd++) {
            if (!rp_str_eq_lit(name, cmd->name)) {
                continue;
            }

            found = 1;

            if (m->type != cf->module_type
                || (cmd->type & cf->cmd_type) == 0)
            {
                continue;
            }

            return rp_conf_run(cf, m, cmd, block);
        }
    }

    if (found) {
        rp_conf_error(cf, "\"" RP_STR_FMT "\" directive is not allowed here",
                      RP_STR_ARG(*name));
    } else {
        rp_conf_unknown(cf);
    }

    if (block) {
        rp_conf_skip_block(cf);
    }

    return RP_ERROR;
}


/*
 * A complete directive is in cf->args, ended by ";" or (<block>) "{" at
 * <end>: handle include, a handler block's line, or a module command.
 */
static void
rp_conf_directive(struct rp_conf *cf, int block,
    const struct rp_conf_token *end, unsigned too_many)
{
    unsigned               errors;
    struct rp_conf_token   name;

    name = *rp_conf_arg(cf, 0);

    if (too_many) {
        rp_conf_error(cf, "too many arguments in \"" RP_STR_FMT "\" "
                      "directive", RP_STR_ARG(name.value));

    } else if (rp_str_eq_lit(&name.value, "include")) {
        if (!block) {
            rp_conf_include(cf);
            return;
        }

        rp_conf_error(cf, "directive \"include\" is not terminated by \";\"");

    } else if (cf->handler) {
        if (!block) {
            errors = cf->errors;

            if (cf->handler(cf, cf->handler_data) != RP_OK
                && cf->errors == errors)
            {
                rp_conf_error_at(cf, &name, "invalid line in block");
            }

            return;
        }

        rp_conf_error_at(cf, end, "unexpected \"{\"");

    } else {
        rp_conf_dispatch(cf, block);
        return;
    }

    if (block) {
        rp_conf_skip_block(cf);
    }
}


/*
 * Read the tokens of one directive into cf->args, up to and returning
 * the kind of the token that ends it (stored in <end>).  Tokens past
 * RP_CONF_MAX_ARGS are counted in <too_many>, not stored.
 */
static int
rp_conf_read_directive(struct rp_conf *cf, struct rp_conf_token *end,
    unsigned *too_many)
{
    int                    kind;
    struct rp_conf_file   *f;
    struct rp_conf_token   tok, *arg;

    f = cf->file;
    cf->args->nelts = 0;
    *too_many = 0;

    for ( ;; ) {
        kind = rp_conf_lex_next(&f->lx, &tok, cf->pool);

        if (kind == RP_CONF_TOK_ERROR) {
            rp_conf_lex_error(cf);
            return kind;
        }

        if (kind != RP_CONF_TOK_WORD) {
            *end = tok;
            return kind;
        }

        if (cf->args->nelts >= RP_CONF_MAX_ARGS) {
            (*too_many)++;
            continue;
        }

        arg = rp_array_push(cf->args);
        if (arg == NULL) {
            f->fatal = 1;
            rp_conf_error_at(cf, &tok, "memory allocation failed");
            return RP_CONF_TOK_ERROR;
        }

        *arg = tok;
    }
}


/*
 * A ";", "{", "}" or end of input with no directive before it.  Returns
 * RP_DONE when the body being parsed ends here, RP_OK to go on, or
 * RP_ERROR when parsing must stop.
 */
static int
rp_conf_parse_empty(struct rp_conf *cf, int kind,
    const struct rp_conf_token *end, int in_block)
{
    switch (kind) {
    case RP_CONF_TOK_EOF:
        if (in_block) {
            cf->file->fatal = 1;
            rp_conf_error_at(cf, end, "unexpected end of file, "
                             "expecting \"}\"");
            return RP_ERROR;
        }
        return RP_DONE;

    case RP_CONF_TOK_RBRACE:
        if (in_block) {
            return RP_DONE;
        }
        rp_conf_error_at(cf, end, "unexpected \"}\"");
        return RP_OK;

    case RP_CONF_TOK_SEMI:
        rp_conf_error_at(cf, end, "unexpected \";\"");
        return RP_OK;

    default:
        rp_conf_error_at(cf, end, "unexpected \"{\"");
        return rp_conf_skip_block(cf);
    }
}


/*
 * Parse directives until the end of the file (<in_block> 0) or the "}"
 * closing the current block.  Returns RP_OK, or RP_ERROR if parsing
 * must stop (lost structure or too many errors); errors that let it go
 * on are only counted in cf->errors.
 */
static int
rp_conf_parse_body(struct rp_conf *cf, int in_block)
{
    int                    kind, rc;
    unsigned               too_many;
    struct rp_conf_file   *f;
    struct rp_conf_token   end;

    f = cf->file;

    for ( ;; ) {
        if (f->fatal || cf->errors >= RP_CONF_MAX_ERRORS) {
            return RP_ERROR;
        }

        kind = rp_conf_read_directive(cf, &end, &too_many);

        if (kind == RP_CONF_TOK_ERROR) {
            return RP_ERROR;
        }

        if (cf->args->nelts == 0) {
            rc = rp_conf_parse_empty(cf, kind, &end, in_block);

            if (rc == RP_DONE) {
                return RP_OK;
            }

            if (rc == RP_ERROR) {
                return RP_ERROR;
            }

            continue;
        }

        switch (kind) {
        case RP_CONF_TOK_EOF:
            f->fatal = 1;
            rp_conf_error_at(cf, &end, "unexpected end of file, "
                             "expecting \";\" or \"}\"");
            return RP_ERROR;

        case RP_CONF_TOK_RBRACE:
            /* "name args }": the directive is lost, the block still ends */
            rp_conf_error_at(cf, &end, "unexpected \"}\"");

            if (in_block) {
                return RP_OK;
            }
            continue;

        default:
            rp_conf_directive(cf, kind == RP_CONF_TOK_LBRACE, &end, too_many);
            continue;
        }
    }
}


/* ---------------------------------------------------------------------
 * entry points
 */

/* See rp_conf.h. */
int
rp_conf_parse(struct rp_conf *cf, const struct rp_str *filename)
{
    int       rc;
    unsigned  errors;

    errors = cf->errors;

    if (filename == NULL) {
        RP_ASSERT(cf->file != NULL);

        cf->file->bodies++;
        rc = rp_conf_parse_body(cf, 1);

    } else {
        rc = rp_conf_parse_file(cf, filename, NULL);
    }

    if (rc != RP_OK || cf->errors != errors) {
        return RP_ERROR;
    }

    return RP_OK;
}


/*
 * See rp_conf.h.  The text is copied into cf->pool (tokens point into
 * it); relative includes in it are resolved against the prefix.
 */
int
rp_conf_parse_string(struct rp_conf *cf, const char *name,
    const struct rp_str *text)
{
    int             rc;
    unsigned        errors;
    struct rp_str   fname, copy;

    errors = cf->errors;

    fname.len = strlen(name);
    fname.data = (u_char *) name;
    fname.data = (u_char *) rp_pstrdup_z(cf->pool, &fname);

    copy.len = text->len;
    copy.data = rp_palloc(cf->pool, text->len + 1);

    if (fname.data == NULL || copy.data == NULL) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    memcpy(copy.data, text->data, text->len);
    copy.data[text->len] = '\0';

    rc = rp_conf_parse_text(cf, &fname, &copy, NULL);

    if (rc != RP_OK || cf->errors != errors) {
        return RP_ERROR;
    }

    return RP_OK;
}
