/*
 * rp_conf.h - the configuration language: tokens, directive tables,
 * generic setters, merge helpers and error reporting.
 *
 * proxy.conf is a tree of directives:  name arg ... ;  or  name arg ... {
 * ... }.  The tokenizer (rp_conf_lex.c) turns bytes into tokens with
 * their file position; the parser (rp_conf_parse.c) groups tokens into
 * directives, handles "include" itself, and dispatches every other
 * directive through the command tables of the modules (struct
 * rp_command).  The parser never needs editing to add a module.
 *
 * Contexts.  Every command names the contexts it is allowed in
 * (RP_MAIN_CONF ... RP_HTTP_UPS_CONF).  A block directive's setter
 * switches cf->ctx / cf->module_type / cf->cmd_type and calls
 * rp_conf_parse(cf, NULL) to parse the block's body, then restores them.
 *
 * Where a command's conf struct comes from.  cf->ctx points at a struct
 * whose member at byte offset cmd->conf is a "void **" array indexed by
 * the module's ctx_index.  In the main and events contexts cf->ctx is
 * &cycle->conf_ctx and cmd->conf is 0 (RP_CONF_CORE_OFFSET), so a core
 * module's setter receives its one config struct; in http contexts
 * cf->ctx is a struct rp_http_conf_ctx and cmd->conf picks its main, srv
 * or loc array.
 *
 * Errors.  Every message names the file, line and column:
 *   rampart: [emerg] unknown directive "proxy_pas" in conf/proxy.conf:12:9
 *   (did you mean "proxy_pass"?)
 * The parser keeps going after an error in one directive (skipping its
 * block) so one run reports every error of the file; syntax errors that
 * lose the structure (unterminated string or block) stop it.
 */

#ifndef RP_CONF_H
#define RP_CONF_H

#include "rp_core.h"
#include "rp_cycle.h"
#include "rp_module.h"

/* Contexts a directive may appear in (low byte). */
#define RP_MAIN_CONF          0x00000001
#define RP_EVENT_CONF         0x00000002
#define RP_HTTP_MAIN_CONF     0x00000004
#define RP_HTTP_SRV_CONF      0x00000008
#define RP_HTTP_LOC_CONF      0x00000010
#define RP_HTTP_UPS_CONF      0x00000020
#define RP_HTTP_LIF_CONF      0x00000040   /* reserved: "if" in location */
#define RP_CONF_CTX_MASK      0x000000ff

/* Argument counts (not counting the directive's name). */
#define RP_CONF_NOARGS        0x00000100
#define RP_CONF_TAKE1         0x00000200
#define RP_CONF_TAKE2         0x00000400
#define RP_CONF_TAKE3         0x00000800
#define RP_CONF_TAKE4         0x00001000
#define RP_CONF_TAKE5         0x00002000
#define RP_CONF_TAKE6         0x00004000
#define RP_CONF_TAKE7         0x00008000
#define RP_CONF_1MORE         0x00010000
#define RP_CONF_2MORE         0x00020000
#define RP_CONF_ANY           0x00040000   /* 0 or more */
#define RP_CONF_FLAG          0x00080000   /* exactly one: on|off */
#define RP_CONF_BLOCK         0x00100000   /* must open a { block } */
#define RP_CONF_MULTI         0x00200000   /* may repeat (no duplicate check) */

#define RP_CONF_TAKE12        (RP_CONF_TAKE1 | RP_CONF_TAKE2)
#define RP_CONF_TAKE13        (RP_CONF_TAKE1 | RP_CONF_TAKE3)
#define RP_CONF_TAKE23        (RP_CONF_TAKE2 | RP_CONF_TAKE3)
#define RP_CONF_TAKE123       (RP_CONF_TAKE1 | RP_CONF_TAKE2 | RP_CONF_TAKE3)
#define RP_CONF_TAKE1234      (RP_CONF_TAKE123 | RP_CONF_TAKE4)

#define RP_CONF_MAX_ARGS      64            /* tokens per directive */
#define RP_CONF_MAX_ERRORS    32            /* stop reporting after this */
#define RP_CONF_MAX_INCLUDE_DEPTH  16

#define RP_CONF_CORE_OFFSET   0

/* A token with its position, as the tokenizer returns it. */
struct rp_conf_token {
    struct rp_str    value;      /* escapes resolved; quotes stripped */
    unsigned         line;       /* 1-based */
    unsigned         col;        /* 1-based, in bytes, of the first byte */
    unsigned         quoted:1;   /* was a '..' or ".." string */
    unsigned         has_vars:1; /* contains $name or ${name} */
};

struct rp_conf;
struct rp_command;

/*
 * A directive's setter.  <conf> is the module's config struct for the
 * current context (see above).  Arguments are cf->args->elts[1..nelts-1]
 * (element 0 is the name), all struct rp_conf_token.  Returns RP_OK, or
 * RP_ERROR after reporting with rp_conf_error*().
 */
typedef int (*rp_conf_set_pt)(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

struct rp_command {
    const char        *name;     /* NULL ends the table */
    unsigned           type;     /* contexts | argument counts | flags */
    rp_conf_set_pt     set;
    size_t             conf;     /* offset of the void** array in cf->ctx */
    size_t             offset;   /* field offset for generic setters */
    const void        *post;     /* bounds, enum table, ... */
};

/* Post data for rp_conf_set_num / size / msec: inclusive bounds. */
struct rp_conf_bounds {
    int64_t   min;
    int64_t   max;
};

/* Post data for rp_conf_set_enum / bitmask: ends with a NULL name. */
struct rp_conf_enum {
    const char  *name;
    unsigned     value;
};

/*
 * Parser state for the file being read.  Owned by rp_conf_parse.c; the
 * fields below <file> are what setters may use.
 */
struct rp_conf_file;

typedef int (*rp_conf_handler_pt)(struct rp_conf *cf, void *data);

struct rp_conf {
    struct rp_cycle       *cycle;
    struct rp_pool        *pool;        /* cycle pool: lives with the config */
    struct rp_pool        *temp_pool;   /* freed after parsing */
    struct rp_log         *log;         /* where errors are reported */

    void                  *ctx;         /* see "Where a command's conf..." */
    unsigned               module_type; /* RP_CORE_MODULE / RP_HTTP_MODULE */
    unsigned               cmd_type;    /* current context bit */

    struct rp_array       *args;        /* struct rp_conf_token */
    struct rp_conf_file   *file;        /* innermost file being read */

    /*
     * Blocks whose lines are not directives (types { }, map { }) set
     * <handler>: the parser then calls it for each "tokens ;" line with
     * the tokens in cf->args instead of dispatching.
     */
    rp_conf_handler_pt     handler;
    void                  *handler_data;

    unsigned               errors;      /* reported so far */
};

/*
 * Parse <filename> (absolute, or relative to the cwd) in the current
 * context; with <filename> NULL, parse the body of the block whose "{"
 * was just read, up to its "}".  Returns RP_OK or RP_ERROR (errors were
 * reported and counted in cf->errors).
 */
int rp_conf_parse(struct rp_conf *cf, const struct rp_str *filename);

/*
 * Parse directives from memory, e.g. the -g command line argument, as if
 * they were a file called <name>.
 */
int rp_conf_parse_string(struct rp_conf *cf, const char *name,
    const struct rp_str *text);

/*
 * Report an error at the directive being processed (its name token) or
 * at token <tok>.  The line is
 *   "<message> in <file>:<line>:<col>"
 * at level emerg on cf->log, and cf->errors is incremented.  Return
 * RP_ERROR so setters can "return rp_conf_error(...)".
 */
int rp_conf_error(struct rp_conf *cf, const char *fmt, ...) RP_PRINTF(2, 3);
int rp_conf_error_at(struct rp_conf *cf, const struct rp_conf_token *tok,
    const char *fmt, ...) RP_PRINTF(3, 4);

/* The i-th token of the current directive (0 = name). */
static inline struct rp_conf_token *
rp_conf_arg(struct rp_conf *cf, size_t i)
{
    return &((struct rp_conf_token *) cf->args->elts)[i];
}

static inline size_t
rp_conf_nargs(struct rp_conf *cf)
{
    return cf->args->nelts - 1;
}

/*
 * The name of the file being read (as opened, NUL-terminated, in
 * cf->pool: it outlives the parse), or NULL outside any file.  For
 * checks made after the directive was read that must still name its
 * place, e.g. an unknown $variable reported when the http block ends.
 */
const struct rp_str *rp_conf_file_name(const struct rp_conf *cf);

/* Generic setters (STYLE 15).  Field types:
 *   flag     int            RP_UNSET, 0, 1             "on" | "off"
 *   num      int64_t        RP_UNSET                   post: bounds
 *   size     size_t         RP_UNSET_SIZE              post: bounds
 *   msec     rp_msec_t      RP_UNSET_MSEC              post: bounds
 *   str      struct rp_str  data == NULL
 *   path     struct rp_str  data == NULL; made absolute against the prefix
 *   enum     int            RP_UNSET                   post: enum table
 *   bitmask  unsigned       0                          post: enum table
 * Each rejects a second occurrence in the same block as a duplicate,
 * unless the command has RP_CONF_MULTI.
 */
int rp_conf_set_flag(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);
int rp_conf_set_num(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);
int rp_conf_set_size(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);
int rp_conf_set_msec(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);
int rp_conf_set_str(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);
int rp_conf_set_path(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);
int rp_conf_set_enum(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);
int rp_conf_set_bitmask(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf);

/* Merge helpers: child keeps its value, else the parent's, else <def>. */
#define rp_conf_merge_value(conf, prev, def)                                 \
    do {                                                                     \
        if ((conf) == RP_UNSET) {                                            \
            (conf) = ((prev) == RP_UNSET) ? (def) : (prev);                  \
        }                                                                    \
    } while (0)

#define rp_conf_merge_size(conf, prev, def)                                  \
    do {                                                                     \
        if ((conf) == RP_UNSET_SIZE) {                                       \
            (conf) = ((prev) == RP_UNSET_SIZE) ? (def) : (prev);             \
        }                                                                    \
    } while (0)

#define rp_conf_merge_msec(conf, prev, def)                                  \
    do {                                                                     \
        if ((conf) == RP_UNSET_MSEC) {                                       \
            (conf) = ((prev) == RP_UNSET_MSEC) ? (def) : (prev);             \
        }                                                                    \
    } while (0)

#define rp_conf_merge_str(conf, prev, def)                                   \
    do {                                                                     \
        if ((conf).data == NULL) {                                           \
            if ((prev).data) {                                               \
                (conf) = (prev);                                             \
            } else {                                                         \
                rp_str_set(&(conf), def);                                    \
            }                                                                \
        }                                                                    \
    } while (0)

#define rp_conf_merge_bitmask(conf, prev, def)                               \
    do {                                                                     \
        if ((conf) == 0) {                                                   \
            (conf) = ((prev) == 0) ? (def) : (prev);                         \
        }                                                                    \
    } while (0)

/* Resolve <name> against the prefix; "stderr" and absolute paths stay. */
int rp_conf_full_name(struct rp_conf *cf, struct rp_str *name);

#endif /* RP_CONF_H */
