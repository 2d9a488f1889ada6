/*
 * test_cmdline.c - rampart's command line through the real binary.
 *
 * Covers -v/-V/-h, invalid options and signal words, configuration tests
 * (-t, -T, -q), -g, -e and "-s SIGNAL" when no master runs.  These runs
 * are synchronous: each test starts the binary, waits for it to exit and
 * asserts on its exit status, stdout and stderr.  Starting and signalling
 * a real master is in test_process.c.
 */

#include "rp_test.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#define CONF_EVENTS_INCLUDED                                                 \
    "daemon off;\n"                                                          \
    "worker_processes 3;\n"                                                  \
    "error_log logs/error.log info;\n"                                       \
    "pid logs/rampart.pid;\n"                                                \
    "events {\n"                                                             \
    "    include %%DIR%%/inc/events.conf;\n"                                 \
    "}\n"

#define CONF_EVENTS_FILE                                                     \
    "worker_connections 64;   # from an include\n"


/* 1 if <s> holds "rampart version: rampart/D.D.D" (digits) at a line start. */
static int
has_version_line(const char *s)
{
    const char  *p;
    int          dots;

    p = strstr(s, "rampart version: rampart/");
    if (p == NULL || (p != s && p[-1] != '\n')) {
        return 0;
    }
    p += strlen("rampart version: rampart/");
    dots = 0;
    if (!isdigit((unsigned char) *p)) {
        return 0;
    }
    while (isdigit((unsigned char) *p) || *p == '.') {
        dots += (*p == '.');
        p++;
    }
    return dots == 2 && (*p == '\n' || *p == ' ' || *p == '\0') && p[-1] != '.';
}


START_TEST(v_prints_the_version_and_exits_0)
{
    struct rp_test_run  r;

    rp_test_run_raw(rp_t, &r, "-v", (char *) NULL);
    ck_assert_msg(r.status == 0, "status %d, stderr:\n%s", r.status, r.err);
    ck_assert_msg(has_version_line(r.err), "no version line on stderr:\n%s", r.err);
    ck_assert_msg(!rp_test_contains(r.err, "configure arguments:"), "%s", r.err);
    rp_test_run_free(&r);
}
END_TEST


START_TEST(V_also_prints_the_build_details)
{
    struct rp_test_run  r;

    rp_test_run_raw(rp_t, &r, "-V", (char *) NULL);
    ck_assert_msg(r.status == 0, "status %d, stderr:\n%s", r.status, r.err);
    ck_assert_msg(has_version_line(r.err), "no version line on stderr:\n%s", r.err);
    ck_assert_msg(rp_test_count_prefix(r.err, "built by ") == 1, "%s", r.err);
    ck_assert_msg(rp_test_count_prefix(r.err, "configure arguments:") == 1, "%s", r.err);
    rp_test_run_free(&r);
}
END_TEST


START_TEST(h_prints_the_usage_and_exits_0)
{
    struct rp_test_run  r;

    rp_test_run_raw(rp_t, &r, "-h", (char *) NULL);
    ck_assert_msg(r.status == 0, "status %d, stderr:\n%s", r.status, r.err);
    ck_assert_msg(rp_test_contains(r.err, "-s signal") || rp_test_contains(r.out, "-s signal"),
                  "no usage; stdout:\n%s\nstderr:\n%s", r.out, r.err);
    rp_test_run_free(&r);
}
END_TEST


START_TEST(unknown_option_is_rejected)
{
    struct rp_test_run  r;

    rp_test_run_raw(rp_t, &r, "-x", (char *) NULL);
    ck_assert_msg(r.status == 1, "status %d, stderr:\n%s", r.status, r.err);
    ck_assert_msg(rp_test_contains(r.err, "rampart: invalid option: \"-x\"\n"), "%s", r.err);
    rp_test_run_free(&r);
}
END_TEST


START_TEST(unknown_signal_word_is_rejected)
{
    struct rp_test_run  r;

    rp_test_write_conf(rp_t, "proxy.conf", RP_TEST_CONF_BASIC);
    rp_test_run(rp_t, &r, "-s", "bogus", (char *) NULL);
    ck_assert_msg(r.status == 1, "status %d, stderr:\n%s", r.status, r.err);
    ck_assert_msg(rp_test_contains(r.err, "rampart: invalid option: \"-s bogus\"\n"),
                  "%s", r.err);
    rp_test_run_free(&r);
}
END_TEST


START_TEST(t_accepts_a_good_config_without_starting)
{
    struct rp_test_run  r;
    const char         *ok, *done;

    rp_test_write_conf(rp_t, "proxy.conf", RP_TEST_CONF_BASIC);
    rp_test_run(rp_t, &r, "-t", (char *) NULL);
    ok = rp_test_fmt("rampart: the configuration file %s syntax is ok\n", rp_t->conf);
    done = rp_test_fmt("rampart: configuration file %s test is successful\n", rp_t->conf);
    ck_assert_msg(r.status == 0, "status %d, stderr:\n%s", r.status, r.err);
    ck_assert_msg(rp_test_contains(r.err, ok), "stderr lacks \"%s\":\n%s", ok, r.err);
    ck_assert_msg(rp_test_contains(r.err, done), "stderr lacks \"%s\":\n%s", done, r.err);
    ck_assert_msg(!rp_test_contains(r.err, "[emerg]"), "%s", r.err);
    ck_assert_str_eq(r.out, "");

    /* a test starts nothing: no pid file, nothing listens on the port */
    ck_assert(!rp_test_file_exists(rp_t->pid_file));
    ck_assert(rp_test_wait_connect(rp_t->port[0], 0, 0));
    rp_test_run_free(&r);
}
END_TEST


START_TEST(t_with_q_is_silent_on_success)
{
    struct rp_test_run  r;

    rp_test_write_conf(rp_t, "proxy.conf", RP_TEST_CONF_BASIC);
    rp_test_run(rp_t, &r, "-t", "-q", (char *) NULL);
    ck_assert_msg(r.status == 0, "status %d, stderr:\n%s", r.status, r.err);
    ck_assert_msg(r.err[0] == '\0', "stderr not empty:\n%s", r.err);
    ck_assert_msg(r.out[0] == '\0', "stdout not empty:\n%s", r.out);
    rp_test_run_free(&r);
}
END_TEST


START_TEST(t_with_q_still_reports_errors)
{
    struct rp_test_run  r;

    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "worker_procesess 3;\n"
        "events { worker_connections 64; }\n");
    rp_test_run(rp_t, &r, "-q", "-t", (char *) NULL);
    ck_assert_msg(r.status == 1, "status %d, stderr:\n%s", r.status, r.err);
    ck_assert_msg(rp_test_contains(r.err, rp_test_fmt("rampart: [emerg] unknown directive "
                                                      "\"worker_procesess\" in %s:2:1",
                                                      rp_t->conf)), "%s", r.err);
    rp_test_run_free(&r);
}
END_TEST


START_TEST(T_dumps_every_file_read)
{
    struct rp_test_run  r;
    const char         *main_sec, *inc_sec;
    char               *main_text, *inc_text;

    rp_test_write_conf(rp_t, "proxy.conf", CONF_EVENTS_INCLUDED);
    rp_test_write_conf(rp_t, "inc/events.conf", CONF_EVENTS_FILE);
    main_text = rp_test_read_file(rp_t->conf, NULL);
    inc_text = rp_test_read_file(rp_test_path(rp_t, "inc/events.conf"), NULL);
    ck_assert(main_text != NULL && inc_text != NULL);

    rp_test_run(rp_t, &r, "-T", (char *) NULL);
    ck_assert_msg(r.status == 0, "status %d, stderr:\n%s", r.status, r.err);
    ck_assert_msg(rp_test_contains(r.err, "test is successful"), "%s", r.err);

    /* one section per file: the header line, then the file's text */
    main_sec = rp_test_fmt("# configuration file %s:\n%s", rp_t->conf, main_text);
    inc_sec = rp_test_fmt("# configuration file %s:\n%s",
                          rp_test_path(rp_t, "inc/events.conf"), inc_text);
    ck_assert_msg(rp_test_contains(r.out, main_sec), "no section for proxy.conf:\n%s", r.out);
    ck_assert_msg(rp_test_contains(r.out, inc_sec), "no section for the include:\n%s", r.out);
    ck_assert_int_eq(rp_test_count_prefix(r.out, "# configuration file "), 2);
    ck_assert_msg(strstr(r.out, main_sec) < strstr(r.out, inc_sec),
                  "the main file should come first:\n%s", r.out);
    free(main_text);
    free(inc_text);
    rp_test_run_free(&r);
}
END_TEST


START_TEST(missing_config_file_is_reported)
{
    struct rp_test_run  r;
    const char         *missing;

    missing = rp_test_path(rp_t, "nope.conf");
    rp_test_run_raw(rp_t, &r, "-p", rp_t->prefix, "-c", missing, "-t", (char *) NULL);
    ck_assert_msg(r.status == 1, "status %d, stderr:\n%s", r.status, r.err);
    ck_assert_msg(rp_test_contains(r.err, rp_test_fmt("open() \"%s\" failed (2: No such file "
                                                      "or directory)", missing)), "%s", r.err);
    ck_assert_msg(rp_test_contains(r.err, rp_test_fmt("rampart: configuration file %s test "
                                                      "failed", missing)), "%s", r.err);
    rp_test_run_free(&r);
}
END_TEST


START_TEST(g_adds_main_directives)
{
    pid_t  master;

    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "error_log logs/error.log info;\n"
        "pid logs/rampart.pid;\n"
        "events { worker_connections 64; }\n"
        "http { server { listen 127.0.0.1:%%PORT0%%; } }\n");
    master = rp_test_start(rp_t, 2, "-g", "worker_processes 2;", (char *) NULL);
    ck_assert_int_eq(rp_test_workers(master, NULL, 0), 2);
}
END_TEST


START_TEST(g_with_an_unknown_directive_fails_the_test)
{
    struct rp_test_run  r;

    rp_test_write_conf(rp_t, "proxy.conf", RP_TEST_CONF_BASIC);
    rp_test_run(rp_t, &r, "-g", "no_such_thing 1;", "-t", (char *) NULL);
    ck_assert_msg(r.status == 1, "status %d, stderr:\n%s", r.status, r.err);
    ck_assert_msg(rp_test_contains(r.err, "rampart: [emerg] unknown directive "
                                          "\"no_such_thing\""), "%s", r.err);
    rp_test_run_free(&r);
}
END_TEST


START_TEST(e_stderr_sends_startup_errors_to_stderr)
{
    struct rp_test_run  r;

    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "worker_procesess 3;\n"
        "events { worker_connections 64; }\n");
    rp_test_run(rp_t, &r, "-e", "stderr", "-t", (char *) NULL);
    ck_assert_msg(r.status == 1, "status %d, stderr:\n%s", r.status, r.err);
    ck_assert_msg(rp_test_contains(r.err, "[emerg] unknown directive \"worker_procesess\""),
                  "%s", r.err);
    rp_test_run_free(&r);
}
END_TEST


START_TEST(e_file_receives_startup_errors)
{
    struct rp_test_run  r;
    const char         *log;

    rp_test_write_conf(rp_t, "proxy.conf",
        "daemon off;\n"
        "worker_procesess 3;\n"
        "events { worker_connections 64; }\n");
    log = rp_test_path(rp_t, "startup.log");
    rp_test_run(rp_t, &r, "-e", log, "-t", (char *) NULL);
    ck_assert_msg(r.status == 1, "status %d, stderr:\n%s", r.status, r.err);
    ck_assert_msg(rp_test_file_count(log, "emerg", "unknown directive \"worker_procesess\"") == 1,
                  "%s lacks the error; stderr:\n%s", log, r.err);
    rp_test_run_free(&r);
}
END_TEST


static void
expect_no_master(const char *word)
{
    struct rp_test_run  r;

    rp_test_write_conf(rp_t, "proxy.conf", RP_TEST_CONF_BASIC);
    rp_test_run(rp_t, &r, "-s", word, (char *) NULL);
    ck_assert_msg(r.status == 1, "-s %s: status %d, stderr:\n%s", word, r.status, r.err);
    ck_assert_msg(rp_test_contains(r.err, "[error]")
                  && rp_test_contains(r.err, rp_t->pid_file)
                  && rp_test_contains(r.err, "is rampart running?"),
                  "-s %s: stderr:\n%s", word, r.err);
    rp_test_run_free(&r);
}


START_TEST(s_without_a_pid_file_fails)
{
    expect_no_master("reload");
    expect_no_master("stop");
    expect_no_master("quit");
    expect_no_master("reopen");
}
END_TEST


int
main(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("e2e_cmdline");

    tc = rp_test_tcase("options");
    tcase_add_test(tc, v_prints_the_version_and_exits_0);
    tcase_add_test(tc, V_also_prints_the_build_details);
    tcase_add_test(tc, h_prints_the_usage_and_exits_0);
    tcase_add_test(tc, unknown_option_is_rejected);
    tcase_add_test(tc, unknown_signal_word_is_rejected);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("test");
    tcase_add_test(tc, t_accepts_a_good_config_without_starting);
    tcase_add_test(tc, t_with_q_is_silent_on_success);
    tcase_add_test(tc, t_with_q_still_reports_errors);
    tcase_add_test(tc, T_dumps_every_file_read);
    tcase_add_test(tc, missing_config_file_is_reported);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("g_and_e");
    tcase_add_test(tc, g_adds_main_directives);
    tcase_add_test(tc, g_with_an_unknown_directive_fails_the_test);
    tcase_add_test(tc, e_stderr_sends_startup_errors_to_stderr);
    tcase_add_test(tc, e_file_receives_startup_errors);
    suite_add_tcase(s, tc);

    tc = rp_test_tcase("signals");
    tcase_add_test(tc, s_without_a_pid_file_fails);
    suite_add_tcase(s, tc);

    return rp_test_main(s);
}
