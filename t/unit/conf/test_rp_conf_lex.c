/*
 * test_rp_conf_lex.c - unit tests for src/conf/rp_conf_lex.c.
 *
 * The tokenizer is pure, so each test feeds it a byte string and checks
 * the exact sequence of token kinds, values, flags and positions, or the
 * exact error message and place.  Zero-copy is checked too: a token
 * without escapes must point into the input, one with escapes must not.
 */

#include "rp_config.h"

#include <check.h>

#include "rp_core.h"
#include "rp_conf.h"
#include "rp_conf_lex.h"


#define MAX_TOKS  32

struct tok {
    int            kind;
    struct rp_str  value;
    unsigned       line;
    unsigned       col;
    unsigned       quoted;
    unsigned       has_vars;
};

static struct rp_pool        *pool;
static struct rp_conf_lexer   lx;
static struct tok             toks[MAX_TOKS];
static const u_char          *input;
static size_t                 input_len;


static void
setup(void)
{
    pool = rp_pool_create(RP_POOL_DEFAULT_BLOCK, 0, NULL);
    ck_assert_ptr_nonnull(pool);
}


static void
teardown(void)
{
    rp_pool_destroy(pool);
}


/*
 * Lex <len> bytes of <s> to EOF or error into toks[]; returns the number
 * of tokens including the final EOF or ERROR.
 */
static size_t
lex_n(const char *s, size_t len)
{
    size_t                 n;
    struct rp_conf_token   t;

    input = (const u_char *) s;
    input_len = len;
    rp_conf_lex_init(&lx, input, len);

    for (n = 0; n < MAX_TOKS; n++) {
        memset(&t, 0x5a, sizeof(t));
        toks[n].kind = rp_conf_lex_next(&lx, &t, pool);

        if (toks[n].kind == RP_CONF_TOK_ERROR) {
            return n + 1;
        }

        toks[n].value = t.value;
        toks[n].line = t.line;
        toks[n].col = t.col;
        toks[n].quoted = t.quoted;
        toks[n].has_vars = t.has_vars;

        if (toks[n].kind == RP_CONF_TOK_EOF) {
            return n + 1;
        }
    }

    ck_abort_msg("too many tokens");
    return 0;
}


static size_t
lex(const char *s)
{
    return lex_n(s, strlen(s));
}


static int
in_input(const struct rp_str *v)
{
    return v->data >= input && v->data + v->len <= input + input_len;
}


static void
check_word(size_t i, const char *value, size_t len)
{
    ck_assert_int_eq(toks[i].kind, RP_CONF_TOK_WORD);
    ck_assert_uint_eq(toks[i].value.len, len);
    ck_assert_mem_eq(toks[i].value.data, value, len);
}

#define WORD(i, lit)  check_word(i, lit, sizeof(lit) - 1)


static void
check_pos(size_t i, unsigned line, unsigned col)
{
    ck_assert_uint_eq(toks[i].line, line);
    ck_assert_uint_eq(toks[i].col, col);
}


static void
check_error(const char *msg, unsigned line, unsigned col)
{
    ck_assert_ptr_nonnull(lx.error);
    ck_assert_str_eq(lx.error, msg);
    ck_assert_uint_eq(lx.err_line, line);
    ck_assert_uint_eq(lx.err_col, col);
}


/* --- token kinds ------------------------------------------------------- */

START_TEST(test_kinds)
{
    ck_assert_uint_eq(lex("a b;{ } ;"), 7);
    WORD(0, "a");
    WORD(1, "b");
    ck_assert_int_eq(toks[2].kind, RP_CONF_TOK_SEMI);
    ck_assert_int_eq(toks[3].kind, RP_CONF_TOK_LBRACE);
    ck_assert_int_eq(toks[4].kind, RP_CONF_TOK_RBRACE);
    ck_assert_int_eq(toks[5].kind, RP_CONF_TOK_SEMI);
    ck_assert_int_eq(toks[6].kind, RP_CONF_TOK_EOF);
    ck_assert_uint_eq(toks[2].value.len, 1);
    ck_assert_int_eq(toks[2].value.data[0], ';');
    ck_assert_uint_eq(toks[0].quoted, 0);
    ck_assert_uint_eq(toks[0].has_vars, 0);
}
END_TEST


START_TEST(test_empty_input)
{
    ck_assert_uint_eq(lex(""), 1);
    ck_assert_int_eq(toks[0].kind, RP_CONF_TOK_EOF);
    check_pos(0, 1, 1);

    ck_assert_uint_eq(lex(" \t\r\n\n  "), 1);
    ck_assert_int_eq(toks[0].kind, RP_CONF_TOK_EOF);
    check_pos(0, 3, 3);
}
END_TEST


START_TEST(test_punctuation_ends_words)
{
    ck_assert_uint_eq(lex("a;b{c}d"), 8);
    WORD(0, "a");
    ck_assert_int_eq(toks[1].kind, RP_CONF_TOK_SEMI);
    WORD(2, "b");
    ck_assert_int_eq(toks[3].kind, RP_CONF_TOK_LBRACE);
    WORD(4, "c");
    ck_assert_int_eq(toks[5].kind, RP_CONF_TOK_RBRACE);
    WORD(6, "d");
    ck_assert_int_eq(toks[7].kind, RP_CONF_TOK_EOF);
}
END_TEST


START_TEST(test_whitespace_kinds)
{
    ck_assert_uint_eq(lex("a\tb\r\nc  d"), 5);
    WORD(0, "a");
    WORD(1, "b");
    WORD(2, "c");
    WORD(3, "d");
}
END_TEST


START_TEST(test_words_keep_other_bytes)
{
    /* quotes inside a word, '#' inside a word, high bytes */
    ck_assert_uint_eq(lex("a\"b c'd e#f \xc3\xa9t\xc3\xa9 ~*^/x(.*)"), 6);
    WORD(0, "a\"b");
    WORD(1, "c'd");
    WORD(2, "e#f");
    WORD(3, "\xc3\xa9t\xc3\xa9");
    WORD(4, "~*^/x(.*)");
    ck_assert_uint_eq(toks[0].quoted, 0);
}
END_TEST


/* --- comments ---------------------------------------------------------- */

START_TEST(test_comments)
{
    ck_assert_uint_eq(lex("# full line\na # trailing ; { }\nb#c;#x\n#end"),
                      4);
    WORD(0, "a");
    check_pos(0, 2, 1);
    WORD(1, "b#c");
    check_pos(1, 3, 1);
    ck_assert_int_eq(toks[2].kind, RP_CONF_TOK_SEMI);
    check_pos(2, 3, 4);
    ck_assert_int_eq(toks[3].kind, RP_CONF_TOK_EOF);
    check_pos(3, 4, 5);
}
END_TEST


START_TEST(test_comment_after_punctuation)
{
    ck_assert_uint_eq(lex("a;#b\n}#c"), 4);
    WORD(0, "a");
    ck_assert_int_eq(toks[1].kind, RP_CONF_TOK_SEMI);
    ck_assert_int_eq(toks[2].kind, RP_CONF_TOK_RBRACE);
    ck_assert_int_eq(toks[3].kind, RP_CONF_TOK_EOF);
}
END_TEST


/* --- quoted strings ---------------------------------------------------- */

START_TEST(test_quoted)
{
    ck_assert_uint_eq(lex("\"a b\" 'c ; { } # d' \"\" ''"), 5);
    WORD(0, "a b");
    WORD(1, "c ; { } # d");
    WORD(2, "");
    WORD(3, "");
    ck_assert_uint_eq(toks[0].quoted, 1);
    ck_assert_uint_eq(toks[1].quoted, 1);
    ck_assert_uint_eq(toks[2].quoted, 1);
    ck_assert_ptr_nonnull(toks[2].value.data);
    ck_assert(in_input(&toks[0].value));
    ck_assert(in_input(&toks[2].value));
    check_pos(0, 1, 1);
    check_pos(1, 1, 7);
}
END_TEST


START_TEST(test_quoted_then_punctuation)
{
    ck_assert_uint_eq(lex("\"a\";'b'{\"c\"}\"d\""), 8);
    WORD(0, "a");
    ck_assert_int_eq(toks[1].kind, RP_CONF_TOK_SEMI);
    WORD(2, "b");
    ck_assert_int_eq(toks[3].kind, RP_CONF_TOK_LBRACE);
    WORD(4, "c");
    ck_assert_int_eq(toks[5].kind, RP_CONF_TOK_RBRACE);
    WORD(6, "d");
}
END_TEST


START_TEST(test_quoted_other_quote_inside)
{
    ck_assert_uint_eq(lex("\"it's\" 'say \"hi\"'"), 3);
    WORD(0, "it's");
    WORD(1, "say \"hi\"");
}
END_TEST


START_TEST(test_quoted_multiline_positions)
{
    ck_assert_uint_eq(lex("\"a\nb\nc\" x"), 3);
    WORD(0, "a\nb\nc");
    check_pos(0, 1, 1);
    WORD(1, "x");
    check_pos(1, 3, 4);
}
END_TEST


/* --- escapes ----------------------------------------------------------- */

START_TEST(test_escapes_quoted)
{
    ck_assert_uint_eq(lex("\"a\\\"b\" 'c\\'d' \"\\\\\" \"\\n\\t\\r\" "
                          "'\\\"\\''"), 6);
    WORD(0, "a\"b");
    WORD(1, "c'd");
    WORD(2, "\\");
    WORD(3, "\n\t\r");
    WORD(4, "\"'");
    ck_assert(!in_input(&toks[0].value));
    ck_assert(!in_input(&toks[3].value));
}
END_TEST


START_TEST(test_escapes_quoted_kept)
{
    /* regex escapes survive byte for byte, without a copy */
    ck_assert_uint_eq(lex("\"\\.php$\" '\\d+\\;\\{' \"\\$x\""), 4);
    WORD(0, "\\.php$");
    WORD(1, "\\d+\\;\\{");
    WORD(2, "\\$x");
    ck_assert(in_input(&toks[0].value));
    ck_assert(in_input(&toks[1].value));
    ck_assert_uint_eq(toks[0].has_vars, 0);
    /* an escaped "$" is not a variable */
    ck_assert_uint_eq(toks[2].has_vars, 0);
}
END_TEST


START_TEST(test_escapes_unquoted)
{
    ck_assert_uint_eq(lex("a\\;b \\#x a\\ b a\\{b\\} \\$x a\\nb "
                          "a\\\"b\\'c\\\\d"), 8);
    WORD(0, "a;b");
    WORD(1, "#x");
    WORD(2, "a b");
    WORD(3, "a{b}");
    WORD(4, "$x");
    WORD(5, "a\nb");
    WORD(6, "a\"b'c\\d");
    ck_assert_uint_eq(toks[4].has_vars, 0);
    ck_assert(!in_input(&toks[0].value));
}
END_TEST


START_TEST(test_escapes_unquoted_kept)
{
    ck_assert_uint_eq(lex("\\.php$ ^/a\\d+\\.(css|js)$"), 3);
    WORD(0, "\\.php$");
    WORD(1, "^/a\\d+\\.(css|js)$");
    ck_assert(in_input(&toks[0].value));
    ck_assert(in_input(&toks[1].value));
    ck_assert_uint_eq(toks[1].has_vars, 0);
}
END_TEST


START_TEST(test_escaped_newline_in_word)
{
    ck_assert_uint_eq(lex("a\\\nb c"), 3);
    WORD(0, "a\nb");
    WORD(1, "c");
    check_pos(1, 2, 3);
}
END_TEST


START_TEST(test_trailing_backslash)
{
    ck_assert_uint_eq(lex("a\\"), 2);
    WORD(0, "a\\");
    ck_assert_int_eq(toks[1].kind, RP_CONF_TOK_EOF);
}
END_TEST


START_TEST(test_escape_needs_pool)
{
    struct rp_conf_token  t;

    rp_conf_lex_init(&lx, (const u_char *) "plain a\\;b", 10);
    ck_assert_int_eq(rp_conf_lex_next(&lx, &t, NULL), RP_CONF_TOK_WORD);
    ck_assert_int_eq(rp_conf_lex_next(&lx, &t, NULL), RP_CONF_TOK_ERROR);
    check_error("memory allocation failed", 1, 7);
}
END_TEST


/* --- variables --------------------------------------------------------- */

START_TEST(test_variables)
{
    ck_assert_uint_eq(lex("$host a${b}c \"x $y\" $1 plain ${}"), 7);
    WORD(0, "$host");
    ck_assert_uint_eq(toks[0].has_vars, 1);
    WORD(1, "a${b}c");
    ck_assert_uint_eq(toks[1].has_vars, 1);
    WORD(2, "x $y");
    ck_assert_uint_eq(toks[2].has_vars, 1);
    ck_assert_uint_eq(toks[2].quoted, 1);
    WORD(3, "$1");
    ck_assert_uint_eq(toks[3].has_vars, 1);
    WORD(4, "plain");
    ck_assert_uint_eq(toks[4].has_vars, 0);
    WORD(5, "${}");
    ck_assert(in_input(&toks[1].value));
}
END_TEST


START_TEST(test_braced_variable_keeps_word)
{
    /* braces inside ${...} do not end the word; after it they do */
    ck_assert_uint_eq(lex("${a}x{"), 3);
    WORD(0, "${a}x");
    ck_assert_int_eq(toks[1].kind, RP_CONF_TOK_LBRACE);
}
END_TEST


START_TEST(test_dollar_is_plain_byte)
{
    ck_assert_uint_eq(lex("^/a$ $ a$-b \"$\" $;"), 7);
    WORD(0, "^/a$");
    WORD(1, "$");
    WORD(2, "a$-b");
    WORD(3, "$");
    WORD(4, "$");
    ck_assert_int_eq(toks[5].kind, RP_CONF_TOK_SEMI);
    ck_assert_uint_eq(toks[0].has_vars, 0);
    ck_assert_uint_eq(toks[1].has_vars, 0);
    ck_assert_uint_eq(toks[2].has_vars, 0);
    ck_assert_uint_eq(toks[3].has_vars, 0);
}
END_TEST


/* --- positions --------------------------------------------------------- */

START_TEST(test_positions)
{
    ck_assert_uint_eq(lex("worker 4;\n\nhttp {\n\tserver{ listen 80; }\n}"),
                      13);
    check_pos(0, 1, 1);     /* worker */
    check_pos(1, 1, 8);     /* 4 */
    check_pos(2, 1, 9);     /* ; */
    check_pos(3, 3, 1);     /* http */
    check_pos(4, 3, 6);     /* { */
    check_pos(5, 4, 2);     /* server (tab is one byte) */
    check_pos(6, 4, 8);     /* { */
    check_pos(7, 4, 10);    /* listen */
    check_pos(8, 4, 17);    /* 80 */
    check_pos(9, 4, 19);    /* ; */
    check_pos(10, 4, 21);   /* } */
    check_pos(11, 5, 1);    /* } */
    ck_assert_int_eq(toks[12].kind, RP_CONF_TOK_EOF);
    check_pos(12, 5, 2);
}
END_TEST


START_TEST(test_positions_count_bytes)
{
    /* columns count bytes, not characters */
    ck_assert_uint_eq(lex("\xc3\xa9\xc3\xa9 x"), 3);
    check_pos(1, 1, 6);
}
END_TEST


/* --- errors ------------------------------------------------------------ */

START_TEST(test_error_unterminated_string)
{
    ck_assert_uint_eq(lex("a \"abc\ndef"), 2);
    ck_assert_int_eq(toks[1].kind, RP_CONF_TOK_ERROR);
    check_error("unterminated string", 1, 3);

    ck_assert_uint_eq(lex("x\n  'abc\\'"), 2);
    ck_assert_int_eq(toks[1].kind, RP_CONF_TOK_ERROR);
    check_error("unterminated string", 2, 3);

    ck_assert_uint_eq(lex("\""), 1);
    check_error("unterminated string", 1, 1);
}
END_TEST


START_TEST(test_error_after_quoted)
{
    ck_assert_uint_eq(lex("\"a\"b"), 1);
    ck_assert_int_eq(toks[0].kind, RP_CONF_TOK_ERROR);
    check_error("unexpected \"b\" after quoted string", 1, 4);

    ck_assert_uint_eq(lex("x 'a'\"b\""), 2);
    check_error("unexpected \"\"\" after quoted string", 1, 6);

    ck_assert_uint_eq(lex("\"a\"#c"), 1);
    check_error("unexpected \"#\" after quoted string", 1, 4);

    ck_assert_uint_eq(lex("\"a\"\x01"), 1);
    check_error("unexpected \"\\x01\" after quoted string", 1, 4);
}
END_TEST


START_TEST(test_error_unterminated_variable)
{
    ck_assert_uint_eq(lex("a ${b"), 2);
    ck_assert_int_eq(toks[1].kind, RP_CONF_TOK_ERROR);
    check_error("unterminated variable", 1, 3);

    ck_assert_uint_eq(lex("x${b c}"), 1);
    check_error("unterminated variable", 1, 2);

    ck_assert_uint_eq(lex("\"${\""), 1);
    check_error("unterminated variable", 1, 2);

    ck_assert_uint_eq(lex("\n a${"), 1);
    check_error("unterminated variable", 2, 3);
}
END_TEST


START_TEST(test_error_nul)
{
    ck_assert_uint_eq(lex_n("ab\0c", 4), 1);
    check_error("unexpected NUL byte", 1, 3);

    ck_assert_uint_eq(lex_n("a \0", 3), 2);
    check_error("unexpected NUL byte", 1, 3);

    ck_assert_uint_eq(lex_n("# c\0\na", 6), 1);
    check_error("unexpected NUL byte", 1, 4);

    ck_assert_uint_eq(lex_n("\"a\0\"", 4), 1);
    check_error("unexpected NUL byte", 1, 3);

    ck_assert_uint_eq(lex_n("a\\\0", 3), 1);
    check_error("unexpected NUL byte", 1, 3);

    ck_assert_uint_eq(lex_n("'a\\\0'", 5), 1);
    check_error("unexpected NUL byte", 1, 4);
}
END_TEST


/* Every prefix of a tricky input lexes to EOF or an error, never past it. */
START_TEST(test_every_prefix)
{
    static const char  text[] =
        "a \"b\\\"c\" 'd' ${e}f $g # h\n\\;i {\"j\n\"} k\\\n;";
    size_t              len, n;

    for (len = 0; len <= sizeof(text) - 1; len++) {
        n = lex_n(text, len);
        ck_assert(toks[n - 1].kind == RP_CONF_TOK_EOF
                  || toks[n - 1].kind == RP_CONF_TOK_ERROR);

        if (toks[n - 1].kind == RP_CONF_TOK_ERROR) {
            ck_assert_ptr_nonnull(lx.error);
        }
    }
}
END_TEST


static Suite *
rp_conf_lex_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_conf_lex");

    tc = tcase_create("tokens");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_kinds);
    tcase_add_test(tc, test_empty_input);
    tcase_add_test(tc, test_punctuation_ends_words);
    tcase_add_test(tc, test_whitespace_kinds);
    tcase_add_test(tc, test_words_keep_other_bytes);
    tcase_add_test(tc, test_comments);
    tcase_add_test(tc, test_comment_after_punctuation);
    suite_add_tcase(s, tc);

    tc = tcase_create("quoted");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_quoted);
    tcase_add_test(tc, test_quoted_then_punctuation);
    tcase_add_test(tc, test_quoted_other_quote_inside);
    tcase_add_test(tc, test_quoted_multiline_positions);
    suite_add_tcase(s, tc);

    tc = tcase_create("escapes");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_escapes_quoted);
    tcase_add_test(tc, test_escapes_quoted_kept);
    tcase_add_test(tc, test_escapes_unquoted);
    tcase_add_test(tc, test_escapes_unquoted_kept);
    tcase_add_test(tc, test_escaped_newline_in_word);
    tcase_add_test(tc, test_trailing_backslash);
    tcase_add_test(tc, test_escape_needs_pool);
    suite_add_tcase(s, tc);

    tc = tcase_create("variables");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_variables);
    tcase_add_test(tc, test_braced_variable_keeps_word);
    tcase_add_test(tc, test_dollar_is_plain_byte);
    suite_add_tcase(s, tc);

    tc = tcase_create("positions");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_positions);
    tcase_add_test(tc, test_positions_count_bytes);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_error_unterminated_string);
    tcase_add_test(tc, test_error_after_quoted);
    tcase_add_test(tc, test_error_unterminated_variable);
    tcase_add_test(tc, test_error_nul);
    tcase_add_test(tc, test_every_prefix);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_conf_lex_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
