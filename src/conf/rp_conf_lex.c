/*
 * rp_conf_lex.c - the configuration tokenizer.
 *
 * Turns the bytes of proxy.conf (or of a -g string) into words, quoted
 * strings, ";", "{", "}" and end of input, each with its line and column.
 * It is the first stage of rp_conf_parse() and, being pure (no I/O, no
 * logging, allocation only for unescaped copies), the part of the config
 * path that unit tests and the fuzzer drive byte by byte.  The token
 * rules are documented once, in rp_conf_lex.h.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_conf_lex.h"


#define rp_conf_lex_is_space(c)                                              \
    ((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n')

#define rp_conf_lex_is_name(c)                                               \
    (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z')                \
     || ((c) >= '0' && (c) <= '9') || (c) == '_')


void
rp_conf_lex_init(struct rp_conf_lexer *lx, const u_char *data, size_t len)
{
    memset(lx, 0, sizeof(*lx));

    lx->p = data;
    lx->end = data + len;
    lx->line = 1;
    lx->col = 1;
}


/* Consume <n> bytes, keeping line and column up to date. */
static void
rp_conf_lex_advance(struct rp_conf_lexer *lx, size_t n)
{
    while (n--) {
        if (*lx->p == '\n') {
            lx->line++;
            lx->col = 1;

        } else {
            lx->col++;
        }

        lx->p++;
    }
}


static int
rp_conf_lex_fail(struct rp_conf_lexer *lx, unsigned line, unsigned col,
    const char *msg)
{
    lx->error = msg;
    lx->err_line = line;
    lx->err_col = col;

    return RP_CONF_TOK_ERROR;
}


/*
 * What "\<c>" stands for: the byte it gives, or -1 if the backslash and
 * <c> both stay (see rp_conf_lex.h).  In an unquoted word the bytes that
 * would otherwise end the word or start a comment or variable are
 * escapable too.
 */
static int
rp_conf_lex_escape(u_char c, int quoted)
{
    switch (c) {
    case '"':
    case '\'':
    case '\\':
        return c;
    case 'n':
        return '\n';
    case 't':
        return '\t';
    case 'r':
        return '\r';
    case ';':
    case '{':
    case '}':
    case '#':
    case '$':
    case ' ':
    case '\t':
    case '\r':
    case '\n':
        return quoted ? -1 : c;
    default:
        return -1;
    }
}


/*
 * Copy <len> raw token bytes from <src> to <dst>, resolving escapes the
 * way the scanner classified them.  Returns the length written, which is
 * at most <len>.
 */
static size_t
rp_conf_lex_unescape(u_char *dst, const u_char *src, size_t len, int quoted)
{
    int            e;
    u_char        *d;
    const u_char  *end;

    d = dst;
    end = src + len;

    while (src < end) {
        if (*src == '\\' && src + 1 < end) {
            e = rp_conf_lex_escape(src[1], quoted);

            if (e >= 0) {
                *d++ = (u_char) e;
                src += 2;
                continue;
            }

            *d++ = *src++;
        }

        *d++ = *src++;
    }

    return (size_t) (d - dst);
}


/*
 * <lx->p> is at a "$".  Consume "$name", "${name}" or a lone "$",
 * setting tok->has_vars for the first two.  Returns RP_OK, or
 * RP_CONF_TOK_ERROR for a "${" not closed by "}" after the name.
 */
static int
rp_conf_lex_var(struct rp_conf_lexer *lx, struct rp_conf_token *tok)
{
    const u_char  *q;

    if (lx->p + 1 < lx->end && rp_conf_lex_is_name(lx->p[1])) {
        tok->has_vars = 1;
        rp_conf_lex_advance(lx, 2);
        return RP_OK;
    }

    if (lx->p + 1 < lx->end && lx->p[1] == '{') {
        for (q = lx->p + 2; q < lx->end && rp_conf_lex_is_name(*q); q++) {
            /* skip the name */
        }

        if (q == lx->end || *q != '}') {
            return rp_conf_lex_fail(lx, lx->line, lx->col,
                                    "unterminated variable");
        }

        tok->has_vars = 1;
        rp_conf_lex_advance(lx, (size_t) (q + 1 - lx->p));
        return RP_OK;
    }

    rp_conf_lex_advance(lx, 1);

    return RP_OK;
}


/*
 * <lx->p> is at a backslash that has a byte after it.  Consume both,
 * noting in <copy> whether the token needs unescaping.  Returns RP_OK or
 * RP_CONF_TOK_ERROR if the escaped byte is NUL.
 */
static int
rp_conf_lex_backslash(struct rp_conf_lexer *lx, int quoted, int *copy)
{
    if (lx->p[1] == '\0') {
        rp_conf_lex_advance(lx, 1);
        return rp_conf_lex_fail(lx, lx->line, lx->col, "unexpected NUL byte");
    }

    if (rp_conf_lex_escape(lx->p[1], quoted) >= 0) {
        *copy = 1;
    }

    rp_conf_lex_advance(lx, 2);

    return RP_OK;
}


/*
 * Set tok->value to the <len> raw bytes at <start>: in place, or as an
 * unescaped copy from <pool> when <copy> is set.
 */
static int
rp_conf_lex_value(struct rp_conf_lexer *lx, struct rp_conf_token *tok,
    const u_char *start, size_t len, int copy, struct rp_pool *pool)
{
    u_char  *dst;

    if (!copy) {
        tok->value.len = len;
        tok->value.data = (u_char *) start;
        return RP_CONF_TOK_WORD;
    }

    dst = pool ? rp_palloc(pool, len) : NULL;

    if (dst == NULL) {
        return rp_conf_lex_fail(lx, tok->line, tok->col,
                                "memory allocation failed");
    }

    tok->value.len = rp_conf_lex_unescape(dst, start, len, tok->quoted);
    tok->value.data = dst;

    return RP_CONF_TOK_WORD;
}


/* An unquoted word; <lx->p> is at its first byte. */
static int
rp_conf_lex_word(struct rp_conf_lexer *lx, struct rp_conf_token *tok,
    struct rp_pool *pool)
{
    int            copy;
    u_char         c;
    const u_char  *start;

    start = lx->p;
    copy = 0;

    while (lx->p < lx->end) {
        c = *lx->p;

        if (rp_conf_lex_is_space(c) || c == ';' || c == '{' || c == '}') {
            break;
        }

        if (c == '\0') {
            return rp_conf_lex_fail(lx, lx->line, lx->col,
                                    "unexpected NUL byte");
        }

        if (c == '\\' && lx->p + 1 < lx->end) {
            if (rp_conf_lex_backslash(lx, 0, &copy) != RP_OK) {
                return RP_CONF_TOK_ERROR;
            }

            continue;
        }

        if (c == '$') {
            if (rp_conf_lex_var(lx, tok) != RP_OK) {
                return RP_CONF_TOK_ERROR;
            }

            continue;
        }

        rp_conf_lex_advance(lx, 1);
    }

    return rp_conf_lex_value(lx, tok, start, (size_t) (lx->p - start), copy,
                             pool);
}


/* A quoted string; <lx->p> is at the opening quote. */
static int
rp_conf_lex_quoted(struct rp_conf_lexer *lx, struct rp_conf_token *tok,
    struct rp_pool *pool)
{
    int            copy;
    u_char         c, quote;
    size_t         len;
    const u_char  *start;

    quote = *lx->p;
    rp_conf_lex_advance(lx, 1);

    start = lx->p;
    copy = 0;
    tok->quoted = 1;

    for ( ;; ) {
        if (lx->p == lx->end) {
            return rp_conf_lex_fail(lx, tok->line, tok->col,
                                    "unterminated string");
        }

        c = *lx->p;

        if (c == quote) {
            break;
        }

        if (c == '\0') {
            return rp_conf_lex_fail(lx, lx->line, lx->col,
                                    "unexpected NUL byte");
        }

        if (c == '\\' && lx->p + 1 < lx->end) {
            if (rp_conf_lex_backslash(lx, 1, &copy) != RP_OK) {
                return RP_CONF_TOK_ERROR;
            }

            continue;
        }

        if (c == '$') {
            if (rp_conf_lex_var(lx, tok) != RP_OK) {
                return RP_CONF_TOK_ERROR;
            }

            continue;
        }

        rp_conf_lex_advance(lx, 1);
    }

    len = (size_t) (lx->p - start);
    rp_conf_lex_advance(lx, 1);

    if (lx->p < lx->end) {
        c = *lx->p;

        if (!rp_conf_lex_is_space(c) && c != ';' && c != '{' && c != '}') {
            if (c >= 0x20 && c < 0x7f) {
                snprintf(lx->err_buf, sizeof(lx->err_buf),
                         "unexpected \"%c\" after quoted string", c);
            } else {
                snprintf(lx->err_buf, sizeof(lx->err_buf),
                         "unexpected \"\\x%02x\" after quoted string", c);
            }

            return rp_conf_lex_fail(lx, lx->line, lx->col, lx->err_buf);
        }
    }

    return rp_conf_lex_value(lx, tok, start, len, copy, pool);
}


int
rp_conf_lex_next(struct rp_conf_lexer *lx, struct rp_conf_token *tok,
    struct rp_pool *pool)
{
    u_char  c;

    /* skip whitespace and comments */

    for ( ;; ) {
        if (lx->p == lx->end) {
            tok->value.len = 0;
            tok->value.data = (u_char *) lx->p;
            tok->line = lx->line;
            tok->col = lx->col;
            tok->quoted = 0;
            tok->has_vars = 0;
            return RP_CONF_TOK_EOF;
        }

        c = *lx->p;

        if (rp_conf_lex_is_space(c)) {
            rp_conf_lex_advance(lx, 1);
            continue;
        }

        if (c != '#') {
            break;
        }

        while (lx->p < lx->end && *lx->p != '\n') {
            if (*lx->p == '\0') {
                return rp_conf_lex_fail(lx, lx->line, lx->col,
                                        "unexpected NUL byte");
            }

            rp_conf_lex_advance(lx, 1);
        }
    }

    tok->line = lx->line;
    tok->col = lx->col;
    tok->quoted = 0;
    tok->has_vars = 0;

    switch (c) {
    case ';':
    case '{':
    case '}':
        tok->value.len = 1;
        tok->value.data = (u_char *) lx->p;
        rp_conf_lex_advance(lx, 1);

        return c == ';' ? RP_CONF_TOK_SEMI
               : (c == '{' ? RP_CONF_TOK_LBRACE : RP_CONF_TOK_RBRACE);

    case '"':
    case '\'':
        return rp_conf_lex_quoted(lx, tok, pool);

    case '\0':
        return rp_conf_lex_fail(lx, lx->line, lx->col, "unexpected NUL byte");

    default:
        return rp_conf_lex_word(lx, tok, pool);
    }
}
