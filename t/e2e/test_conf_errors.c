/*
 * test_conf_errors.c - every configuration error of issue #2 through the
 * real binary.
 *
 * Each test writes a broken proxy.conf, runs "rampart -t" on it and
 * checks the exact "[emerg]" line (message, file, line and column), the
 * final "test failed" line and exit status 1.  Columns are 1-based bytes:
 * errors about a directive point at its name, errors about a value at
 * the offending argument, syntax errors at the offending token.
 */

#include "rp_test.h"

#include <stdlib.h>
#include <string.h>


/*
 * Runs "rampart -t" on proxy.conf (already written) and asserts that it
 * fails with the line "rampart: [emerg] <msg> in <file>:<line>:<col><tail>"
 * (file defaults to proxy.conf).  Returns the number of "[emerg]" lines.
 */
static int
expect_error_in(const char *file, const char *msg, int line, int col, const char *tail)
{
    struct rp_test_run   r;
    const char          *want, *failed;
    int                  emergs;

    if (file == NULL) {
        file = rp_t->conf;
    }
    rp_test_run(rp_t, &r, "-t", (char *) NULL);
    want = rp_test_fmt("rampart: [emerg] %s in %s:%d:%d%s\n", msg, file, line, col, tail);
    failed = rp_test_fmt("rampart: configuration file %s test failed\n", rp_t->conf);

    ck_assert_msg(r.status == 1, "-t exit status %d, expected 1; stderr:\n%s",
                  r.status, r.err);
    ck_assert_msg(rp_test_contains(r.err, want), "stderr lacks \"%s\"; stderr:\n%s",
                  want, r.err);
    ck_assert_msg(rp_test_contains(r.err, failed), "stderr lacks \"%s\"; stderr:\n%s",
                  failed, r.err);
    ck_assert_msg(!rp_test_contains(r.err, "syntax is ok"),
                  "a failed test says \"syntax is ok\":\n%s", r.err);

    emergs = rp_test_count_prefix(r.err, "rampart: [emerg] ");
    rp_test_run_free(&r);
    return emergs;
}


static void
expect_error(const char *msg, int line, int col)
{
    ck_assert_int_eq(expect_error_in(NULL, msg, line, col, ""), 1);
}


START_TEST(unknown_directive_suggests_the_nearest_name)
{
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "worker_procesess 3;\n"
        "events { worker_connections 64; }\n");
    ck_assert_int_eq(expect_error_in(NULL, "unknown directive \"worker_procesess\"", 2, 1,
                                     " (did you mean \"worker_processes\"?)"), 1);
}
END_TEST


START_TEST(directive_in_wrong_context_is_not_allowed)
{
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "events {\n"
        "    listen 127.0.0.1:%%PORT0%%;\n"
        "}\n");
    expect_error("\"listen\" directive is not allowed here", 3, 5);
}
END_TEST


START_TEST(directive_with_missing_argument)
{
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "pid;\n"
        "events { worker_connections 64; }\n");
    expect_error("invalid number of arguments in \"pid\" directive", 2, 1);
}
END_TEST


START_TEST(directive_with_too_many_arguments)
{
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "events { worker_connections 64; }\n"
        "  pid logs/a.pid logs/b.pid;\n");
    expect_error("invalid number of arguments in \"pid\" directive", 3, 3);
}
END_TEST


START_TEST(duplicate_directive)
{
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "pid logs/a.pid;\n"
        "pid logs/b.pid;\n"
        "events { worker_connections 64; }\n");
    expect_error("\"pid\" directive is duplicate", 3, 1);
}
END_TEST


START_TEST(invalid_flag_value)
{
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon maybe;\n"
        "events { worker_connections 64; }\n");
    expect_error("invalid value \"maybe\" in \"daemon\" directive, it must be \"on\" or \"off\"",
                 1, 8);
}
END_TEST


START_TEST(invalid_number)
{
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "events {\n"
        "    worker_connections abc;\n"
        "}\n");
    expect_error("invalid number \"abc\" in \"worker_connections\" directive", 3, 24);
}
END_TEST


START_TEST(invalid_time)
{
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "worker_shutdown_timeout 5x;\n"
        "events { worker_connections 64; }\n");
    expect_error("invalid time \"5x\" in \"worker_shutdown_timeout\" directive", 2, 25);
}
END_TEST


START_TEST(unexpected_closing_brace)
{
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "events { worker_connections 64; }\n"
        "}\n");
    expect_error("unexpected \"}\"", 3, 1);
}
END_TEST


START_TEST(unexpected_end_of_file_in_block)
{
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "events {\n"
        "    worker_connections 64;\n");
    expect_error("unexpected end of file, expecting \"}\"", 4, 1);
}
END_TEST


START_TEST(unterminated_string)
{
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "events { worker_connections 64; }\n"
        "error_log \"logs/error.log info;\n"
        "pid logs/rampart.pid;\n");
    expect_error("unterminated string", 3, 11);
}
END_TEST


START_TEST(missing_include_file)
{
    const char  *missing;

    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "events { worker_connections 64; }\n"
        "include inc/missing.conf;\n");
    missing = rp_test_path(rp_t, "inc/missing.conf");
    expect_error(rp_test_fmt("open() \"%s\" failed (2: No such file or directory)", missing),
                 3, 1);
}
END_TEST


START_TEST(include_loop)
{
    const char  *a, *b;

    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "events { worker_connections 64; }\n"
        "include %%DIR%%/inc/a.conf;\n");
    rp_test_write_conf(rp_t, "inc/a.conf",
        "# a\n"
        "include %%DIR%%/inc/b.conf;\n");
    rp_test_write_conf(rp_t, "inc/b.conf",
        "# b\n"
        "\n"
        "  include %%DIR%%/inc/a.conf;\n");
    a = rp_test_path(rp_t, "inc/a.conf");
    b = rp_test_path(rp_t, "inc/b.conf");
    ck_assert_int_eq(expect_error_in(b, rp_test_fmt("include loop: \"%s\" is already being read",
                                                    a), 3, 3, ""), 1);
}
END_TEST


START_TEST(error_in_included_file_names_that_file)
{
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "events {\n"
        "    include %%DIR%%/inc/events.conf;\n"
        "}\n");
    rp_test_write_conf(rp_t, "inc/events.conf",
        "worker_connections 64;\n"
        "    worker_conections 32;\n");
    ck_assert_int_eq(expect_error_in(rp_test_path(rp_t, "inc/events.conf"),
                                     "unknown directive \"worker_conections\"", 2, 5,
                                     " (did you mean \"worker_connections\"?)"), 1);
}
END_TEST


START_TEST(several_errors_are_reported_in_one_run)
{
    struct rp_test_run  r;
    const char         *c;

    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "worker_procesess 3;\n"
        "daemon maybe;\n"
        "events {\n"
        "    worker_connections abc;\n"
        "}\n"
        "pid;\n");
    rp_test_run(rp_t, &r, "-t", (char *) NULL);
    c = rp_t->conf;
    ck_assert_msg(r.status == 1, "exit status %d; stderr:\n%s", r.status, r.err);
    ck_assert_msg(rp_test_contains(r.err, rp_test_fmt("unknown directive \"worker_procesess\" in "
                                                      "%s:2:1", c)), "%s", r.err);
    /* the second "daemon" is a duplicate or an invalid value: either names line 3 */
    ck_assert_msg(rp_test_contains(r.err, rp_test_fmt(" in %s:3:", c)), "%s", r.err);
    ck_assert_msg(rp_test_contains(r.err, rp_test_fmt("invalid number \"abc\" in "
                                                      "\"worker_connections\" directive in "
                                                      "%s:5:24", c)), "%s", r.err);
    ck_assert_msg(rp_test_contains(r.err, rp_test_fmt("invalid number of arguments in \"pid\" "
                                                      "directive in %s:7:1", c)), "%s", r.err);
    ck_assert_msg(rp_test_count_prefix(r.err, "rampart: [emerg] ") == 4,
                  "expected 4 [emerg] lines:\n%s", r.err);
    ck_assert_msg(rp_test_contains(r.err, rp_test_fmt("rampart: configuration file %s test "
                                                      "failed", c)), "%s", r.err);
    rp_test_run_free(&r);
}
END_TEST


START_TEST(unknown_directive_inside_server_block)
{
    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "    server {\n"
        "        listen 127.0.0.1:%%PORT0%%;\n"
        "        no_such_directive on;\n"
        "    }\n"
        "}\n");
    ck_assert_int_ge(expect_error_in(NULL, "unknown directive \"no_such_directive\"", 6, 9, ""), 1);
}
END_TEST


START_TEST(listen_with_invalid_port)
{
    struct rp_test_run  r;
    const char         *at_name, *at_arg;

    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        "    server {\n"
        "        listen 127.0.0.1:99999;\n"
        "    }\n"
        "}\n");
    rp_test_run(rp_t, &r, "-t", (char *) NULL);
    ck_assert_msg(r.status == 1, "exit status %d; stderr:\n%s", r.status, r.err);
    ck_assert_msg(rp_test_contains(r.err, "rampart: [emerg] ")
                  && rp_test_contains(r.err, "invalid port"), "%s", r.err);
    /* the position is the directive's or the argument's */
    at_name = rp_test_fmt(" in %s:5:9", rp_t->conf);
    at_arg = rp_test_fmt(" in %s:5:16", rp_t->conf);
    ck_assert_msg(rp_test_contains(r.err, at_name) || rp_test_contains(r.err, at_arg),
                  "no position 5:9 or 5:16 in:\n%s", r.err);
    rp_test_run_free(&r);
}
END_TEST


START_TEST(daemon_refuses_to_start_with_a_bad_config)
{
    struct rp_test_run  r;

    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "error_log logs/error.log info;\n"
        "pid logs/rampart.pid;\n"
        "worker_procesess 3;\n"
        "events { worker_connections 64; }\n");
    /* without -t: the same error, exit 1, no pid file, nothing left running */
    rp_test_run(rp_t, &r, (char *) NULL);
    ck_assert_msg(r.status == 1, "exit status %d; stderr:\n%s", r.status, r.err);
    ck_assert_msg(rp_test_contains(r.err, rp_test_fmt("rampart: [emerg] unknown directive "
                                                      "\"worker_procesess\" in %s:4:1",
                                                      rp_t->conf)), "%s", r.err);
    ck_assert(!rp_test_file_exists(rp_t->pid_file));
    rp_test_run_free(&r);
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("e2e_conf_errors");

    tc = rp_test_tcase("directives");
    tcase_add_test(tc, unknown_directive_suggests_the_nearest_name);
    tcase_add_test(tc, directive_in_wrong_context_is_not_allowed);
    tcase_add_test(tc, directive_with_missing_argument);
    tcase_add_test(tc, directive_with_too_many_arguments);
    tcase_add_test(tc, duplicate_directive);
    tcase_add_test(tc, unknown_directive_inside_server_block);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("values");
    tcase_add_test(tc, invalid_flag_value);
    tcase_add_test(tc, invalid_number);
    tcase_add_test(tc, invalid_time);
    tcase_add_test(tc, listen_with_invalid_port);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("syntax");
    tcase_add_test(tc, unexpected_closing_brace);
    tcase_add_test(tc, unexpected_end_of_file_in_block);
    tcase_add_test(tc, unterminated_string);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("include");
    tcase_add_test(tc, missing_include_file);
    tcase_add_test(tc, include_loop);
    tcase_add_test(tc, error_in_included_file_names_that_file);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("reporting");
    tcase_add_test(tc, several_errors_are_reported_in_one_run);
    tcase_add_test(tc, daemon_refuses_to_start_with_a_bad_config);
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
