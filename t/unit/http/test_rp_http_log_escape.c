/*
 * test_rp_http_log_escape.c - unit tests of rp_http_log_escape(): every
 * mode on plain text, on the bytes that could forge a log line, and on
 * well-formed and broken UTF-8, checking that measuring and writing
 * agree.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_log_escape.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* Escape <in> (<len> bytes) with <mode>; NUL-terminated, static. */
static const char *
rp_esc(const char *in, size_t len, unsigned mode)
{
    static u_char  out[1024];
    size_t         need, n;

    need = rp_http_log_escape(NULL, (const u_char *) in, len, mode);
    ck_assert_uint_lt(need, sizeof(out));

    memset(out, 0xaa, sizeof(out));
    n = rp_http_log_escape(out, (const u_char *) in, len, mode);
    ck_assert_uint_eq(n, need);
    ck_assert_uint_eq(out[n], 0xaa);     /* nothing past the length */
    out[n] = '\0';

    return (const char *) out;
}

#define ESC(lit, mode)  rp_esc(lit, sizeof(lit) - 1, mode)


START_TEST(default_mode_keeps_printable_ascii)
{
    ck_assert_str_eq(ESC("GET /a?b=c HTTP/1.1", RP_HTTP_LOG_ESCAPE_DEFAULT),
                     "GET /a?b=c HTTP/1.1");
    ck_assert_str_eq(ESC("", RP_HTTP_LOG_ESCAPE_DEFAULT), "");
}
END_TEST


START_TEST(default_mode_escapes_quote_backslash_and_controls)
{
    ck_assert_str_eq(ESC("a\"b\\c", RP_HTTP_LOG_ESCAPE_DEFAULT),
                     "a\\x22b\\x5Cc");
    ck_assert_str_eq(ESC("\x01\n\r\x1f\x7f", RP_HTTP_LOG_ESCAPE_DEFAULT),
                     "\\x01\\x0A\\x0D\\x1F\\x7F");
    ck_assert_str_eq(ESC("caf\xc3\xa9\xff", RP_HTTP_LOG_ESCAPE_DEFAULT),
                     "caf\\xC3\\xA9\\xFF");
    ck_assert_str_eq(rp_esc("a\0b", 3, RP_HTTP_LOG_ESCAPE_DEFAULT),
                     "a\\x00b");
}
END_TEST


START_TEST(json_mode_uses_json_escapes)
{
    ck_assert_str_eq(ESC("a\"b\\c/", RP_HTTP_LOG_ESCAPE_JSON),
                     "a\\\"b\\\\c/");
    ck_assert_str_eq(ESC("\n\r\t\b\f", RP_HTTP_LOG_ESCAPE_JSON),
                     "\\n\\r\\t\\b\\f");
    ck_assert_str_eq(ESC("\x01\x1f\x7f", RP_HTTP_LOG_ESCAPE_JSON),
                     "\\u0001\\u001f\\u007f");
    ck_assert_str_eq(rp_esc("\0", 1, RP_HTTP_LOG_ESCAPE_JSON), "\\u0000");
}
END_TEST


START_TEST(json_mode_passes_valid_utf8_and_escapes_the_rest)
{
    /* 2, 3 and 4 byte sequences */
    ck_assert_str_eq(ESC("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
                         RP_HTTP_LOG_ESCAPE_JSON),
                     "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
    /* lone continuation, overlong, surrogate, truncated, beyond U+10FFFF */
    ck_assert_str_eq(ESC("\x80", RP_HTTP_LOG_ESCAPE_JSON), "\\u0080");
    ck_assert_str_eq(ESC("\xc0\xaf", RP_HTTP_LOG_ESCAPE_JSON),
                     "\\u00c0\\u00af");
    ck_assert_str_eq(ESC("\xed\xa0\x80", RP_HTTP_LOG_ESCAPE_JSON),
                     "\\u00ed\\u00a0\\u0080");
    ck_assert_str_eq(ESC("\xe2\x82", RP_HTTP_LOG_ESCAPE_JSON),
                     "\\u00e2\\u0082");
    ck_assert_str_eq(ESC("\xf4\x90\x80\x80", RP_HTTP_LOG_ESCAPE_JSON),
                     "\\u00f4\\u0090\\u0080\\u0080");
    ck_assert_str_eq(ESC("a\xc3", RP_HTTP_LOG_ESCAPE_JSON), "a\\u00c3");
}
END_TEST


START_TEST(none_mode_is_raw)
{
    ck_assert_str_eq(ESC("a\"\\\x01\xff", RP_HTTP_LOG_ESCAPE_NONE),
                     "a\"\\\x01\xff");
}
END_TEST


START_TEST(escaped_output_never_holds_a_forging_byte)
{
    u_char    in[256];
    u_char    out[256 * 6];
    size_t    i, n;
    unsigned  mode;

    for (i = 0; i < sizeof(in); i++) {
        in[i] = (u_char) i;
    }

    for (mode = RP_HTTP_LOG_ESCAPE_DEFAULT; mode <= RP_HTTP_LOG_ESCAPE_JSON;
         mode++)
    {
        n = rp_http_log_escape(out, in, sizeof(in), mode);
        ck_assert_uint_eq(n, rp_http_log_escape(NULL, in, sizeof(in), mode));

        for (i = 0; i < n; i++) {
            ck_assert_msg(out[i] >= 0x20 && out[i] < 0x7f,
                          "mode %u: byte 0x%02x at %zu", mode, out[i], i);

            /* every quote is escaped */
            if (out[i] == '"') {
                ck_assert_uint_gt(i, 0);
                ck_assert_uint_eq(out[i - 1], '\\');
            }
        }
    }
}
END_TEST


int
main(void)
{
    Suite    *s;
    TCase    *tc;
    SRunner  *sr;
    int       failed;

    s = suite_create("rp_http_log_escape");
    tc = tcase_create("escape");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, default_mode_keeps_printable_ascii);
    tcase_add_test(tc, default_mode_escapes_quote_backslash_and_controls);
    tcase_add_test(tc, json_mode_uses_json_escapes);
    tcase_add_test(tc, json_mode_passes_valid_utf8_and_escapes_the_rest);
    tcase_add_test(tc, none_mode_is_raw);
    tcase_add_test(tc, escaped_output_never_holds_a_forging_byte);
    suite_add_tcase(s, tc);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? 0 : 1;
}
