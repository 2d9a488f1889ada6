/*
 * rp_conf_lex.h - the configuration tokenizer.
 *
 * A pure function over a whole file held in memory: it does no I/O and
 * no logging, and allocates only when a token's escapes must be resolved
 * into a copy.  The parser (rp_conf_parse.c) calls rp_conf_lex_next()
 * until it returns RP_CONF_TOK_EOF or RP_CONF_TOK_ERROR; the lexer keeps
 * the line and column of every token so that every configuration error
 * can name its place (DESIGN 5).
 */

#ifndef RP_CONF_LEX_H
#define RP_CONF_LEX_H

#include "rp_conf.h"

enum rp_conf_tok_kind {
    RP_CONF_TOK_WORD = 1,   /* a word or a quoted string */
    RP_CONF_TOK_SEMI,       /* ; */
    RP_CONF_TOK_LBRACE,     /* { */
    RP_CONF_TOK_RBRACE,     /* } */
    RP_CONF_TOK_EOF,        /* end of input; position = end of input */
    RP_CONF_TOK_ERROR       /* see lexer->error, err_line, err_col */
};

/*
 * Lexer state.  <p> .. <end> is the input not yet consumed and <line>,
 * <col> the 1-based position of <p> (col counts bytes).  After
 * RP_CONF_TOK_ERROR, <error> is the message (static, or pointing into
 * <err_buf>) and <err_line>, <err_col> its place; the lexer must not be
 * called again.
 */
struct rp_conf_lexer {
    const u_char   *p;
    const u_char   *end;
    unsigned        line;
    unsigned        col;
    const char     *error;
    unsigned        err_line;
    unsigned        err_col;
    char            err_buf[48];
};

/* Start lexing the <len> bytes at <data> at line 1, column 1. */
void rp_conf_lex_init(struct rp_conf_lexer *lx, const u_char *data,
    size_t len);

/*
 * Read the next token into <tok> and return its kind.
 *
 * Whitespace (space, tab, CR, LF) separates tokens; "#" at the start of
 * a token starts a comment up to the end of the line ("a#b" is one
 * word).  ";", "{" and "}" are tokens of their own and end an unquoted
 * word.  A token starting with " or ' is a quoted string up to the same
 * quote; after the closing quote must come whitespace, ";", "{", "}" or
 * the end of input.
 *
 * Escapes.  In both kinds of token \" \' \\ give the character and \n \t
 * \r the control character.  In an unquoted word a backslash also takes
 * away the special meaning of the next byte: "\;" "\{" "\}" "\#" "\$" and
 * an escaped whitespace byte give that byte (so a\;b is the word "a;b").
 * Any other \x keeps both bytes, so regular expressions such as \.php$
 * survive unchanged; in a quoted string that includes \$ (which then
 * does not start a variable).
 *
 * Variables.  "$name" (letters, digits, "_") or "${name}" set
 * tok->has_vars; inside "${...}" braces do not end the word, and a "${"
 * without its "}" after the name is an error.  A "$" followed by
 * anything else is an ordinary byte (a regex anchor).
 *
 * tok->value points into the input when no escape had to be resolved,
 * else into a copy allocated from <pool> (which may be NULL if the
 * caller knows no copy is needed; a needed copy then fails).  A NUL byte
 * anywhere in the input is an error.
 */
int rp_conf_lex_next(struct rp_conf_lexer *lx, struct rp_conf_token *tok,
    struct rp_pool *pool);

#endif /* RP_CONF_LEX_H */
