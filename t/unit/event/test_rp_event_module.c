/*
 * test_rp_event_module.c - the "events" block (src/event/rp_event_module.c).
 *
 * Each case installs a module list holding only rp_event_core_module,
 * parses a configuration from memory with the real parser
 * (rp_conf_parse_string) in the main context, runs init_conf as the
 * cycle builder would, and checks the resulting conf or the error lines
 * written to a temp-file log.
 */

#include "rp_config.h"
#include <check.h>
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_cycle.h"
#include "rp_event.h"
#include "rp_module.h"

static struct rp_module     *rp_t_modules[] = { &rp_event_core_module, NULL };

static struct rp_cycle       rp_t_cycle;
static struct rp_conf        rp_t_cf;
static struct rp_log         rp_t_log;
static struct rp_open_file   rp_t_file;
static char                  rp_t_path[64];
static void                 *rp_t_conf_ctx[1];


static void
rp_t_setup(void)
{
    int                               fd;
    const struct rp_core_module_ctx  *ctx;

    rp_modules_init(rp_t_modules);

    /* Cases call this more than once: drop the previous round. */
    if (rp_t_cycle.pool != NULL) {
        rp_pool_destroy(rp_t_cycle.pool);
        close(rp_t_file.fd);
    }

    memcpy(rp_t_path, "/tmp/rp_t_evmod_XXXXXX",
           sizeof("/tmp/rp_t_evmod_XXXXXX"));
    fd = mkstemp(rp_t_path);
    ck_assert_int_ne(fd, -1);
    (void) unlink(rp_t_path);

    rp_t_file.name.data = (u_char *) rp_t_path;
    rp_t_file.name.len = strlen(rp_t_path);
    rp_t_file.fd = fd;
    memset(&rp_t_log, 0, sizeof(rp_t_log));
    rp_t_log.level = RP_LOG_DEBUG;
    rp_t_log.file = &rp_t_file;

    memset(&rp_t_cycle, 0, sizeof(rp_t_cycle));
    rp_t_cycle.log = &rp_t_log;
    rp_t_cycle.pool = rp_pool_create(0, 0, &rp_t_log);
    ck_assert_ptr_nonnull(rp_t_cycle.pool);

    ctx = rp_event_core_module.ctx;
    rp_t_conf_ctx[0] = ctx->create_conf(&rp_t_cycle);
    ck_assert_ptr_nonnull(rp_t_conf_ctx[0]);
    rp_t_cycle.conf_ctx = rp_t_conf_ctx;

    memset(&rp_t_cf, 0, sizeof(rp_t_cf));
    rp_t_cf.cycle = &rp_t_cycle;
    rp_t_cf.pool = rp_t_cycle.pool;
    rp_t_cf.temp_pool = rp_t_cycle.pool;
    rp_t_cf.log = &rp_t_log;
    rp_t_cf.ctx = &rp_t_cycle.conf_ctx;
    rp_t_cf.module_type = RP_CORE_MODULE;
    rp_t_cf.cmd_type = RP_MAIN_CONF;
    rp_t_cf.args = rp_array_create(rp_t_cycle.pool, 8,
                                   sizeof(struct rp_conf_token));
    ck_assert_ptr_nonnull(rp_t_cf.args);
}


/* Parse <text> then run init_conf; RP_OK only if both succeed. */
static int
rp_t_parse(const char *text)
{
    struct rp_str                     s;
    const struct rp_core_module_ctx  *ctx;

    s.len = strlen(text);
    s.data = (u_char *) text;

    if (rp_conf_parse_string(&rp_t_cf, "test.conf", &s) != RP_OK) {
        return RP_ERROR;
    }

    ctx = rp_event_core_module.ctx;

    return ctx->init_conf(&rp_t_cycle, rp_t_conf_ctx[0]);
}


static const char *
rp_t_log_text(void)
{
    static char  buf[8192];
    ssize_t      n;

    n = pread(rp_t_file.fd, buf, sizeof(buf) - 1, 0);
    ck_assert_int_ge(n, 0);
    buf[n] = '\0';

    return buf;
}


#define rp_t_assert_logged(needle)                                           \
    ck_assert_msg(strstr(rp_t_log_text(), needle) != NULL,                   \
                  "log \"%s\" lacks \"%s\"", rp_t_log_text(), needle)


START_TEST(test_events_defaults)
{
    const struct rp_event_conf  *ecf;

    rp_t_setup();
    ck_assert_int_eq(rp_t_parse("events { }\n"), RP_OK);

    ecf = rp_event_get_conf(&rp_t_cycle);
    ck_assert_int_eq(ecf->connections, RP_EVENT_DEFAULT_CONNECTIONS);
    ck_assert_int_eq(ecf->connections, 512);
    ck_assert_int_eq(ecf->multi_accept, 0);
    ck_assert(ecf->seen);
}
END_TEST


START_TEST(test_events_values)
{
    const struct rp_event_conf  *ecf;

    rp_t_setup();
    ck_assert_int_eq(rp_t_parse("events {\n"
                                "    worker_connections 4096;\n"
                                "    multi_accept on;\n"
                                "}\n"), RP_OK);

    ecf = rp_event_get_conf(&rp_t_cycle);
    ck_assert_int_eq(ecf->connections, 4096);
    ck_assert_int_eq(ecf->multi_accept, 1);
}
END_TEST


START_TEST(test_events_bounds)
{
    const struct rp_event_conf  *ecf;

    rp_t_setup();
    ck_assert_int_eq(rp_t_parse("events { worker_connections 1048576; "
                                "multi_accept off; }"), RP_OK);
    ecf = rp_event_get_conf(&rp_t_cycle);
    ck_assert_int_eq(ecf->connections, 1048576);
    ck_assert_int_eq(ecf->multi_accept, 0);

    rp_t_setup();
    ck_assert_int_eq(rp_t_parse("events { worker_connections 0; }"),
                     RP_ERROR);
    rp_t_assert_logged("must be between 1 and 1048576");

    rp_t_setup();
    ck_assert_int_eq(rp_t_parse("events { worker_connections 1048577; }"),
                     RP_ERROR);
    rp_t_assert_logged("must be between 1 and 1048576");
}
END_TEST


START_TEST(test_events_missing_block_gets_defaults)
{
    const struct rp_event_conf  *ecf;

    rp_t_setup();
    ck_assert_int_eq(rp_t_parse("\n"), RP_OK);

    ecf = rp_event_get_conf(&rp_t_cycle);
    ck_assert_int_eq(ecf->connections, RP_EVENT_DEFAULT_CONNECTIONS);
    ck_assert_int_eq(ecf->multi_accept, 0);
    ck_assert(!ecf->seen);
}
END_TEST


START_TEST(test_events_duplicate_block)
{
    rp_t_setup();
    ck_assert_int_eq(rp_t_parse("events { }\nevents { }\n"), RP_ERROR);
    rp_t_assert_logged("\"events\" directive is duplicate in test.conf:2:1");
}
END_TEST


START_TEST(test_events_directives_need_the_block)
{
    rp_t_setup();
    ck_assert_int_eq(rp_t_parse("worker_connections 10;\nevents { }\n"),
                     RP_ERROR);
    rp_t_assert_logged("\"worker_connections\" directive is not allowed here");

    /* And the block restores the main context when it ends. */
    rp_t_setup();
    ck_assert_int_eq(rp_t_parse("events { }\nmulti_accept on;\n"),
                     RP_ERROR);
    rp_t_assert_logged("\"multi_accept\" directive is not allowed here");
}
END_TEST


START_TEST(test_events_bad_arguments)
{
    rp_t_setup();
    ck_assert_int_eq(rp_t_parse("events { worker_connections many; }"),
                     RP_ERROR);
    rp_t_assert_logged("invalid number \"many\"");

    rp_t_setup();
    ck_assert_int_eq(rp_t_parse("events { worker_connections 1; "
                                "worker_connections 2; }"), RP_ERROR);
    rp_t_assert_logged("\"worker_connections\" directive is duplicate");

    rp_t_setup();
    ck_assert_int_eq(rp_t_parse("events x { }"), RP_ERROR);
    rp_t_assert_logged("invalid number of arguments in \"events\"");
}
END_TEST


static Suite *
rp_t_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_event_module");
    tc = tcase_create("events");
    tcase_set_timeout(tc, 10);

    tcase_add_test(tc, test_events_defaults);
    tcase_add_test(tc, test_events_values);
    tcase_add_test(tc, test_events_bounds);
    tcase_add_test(tc, test_events_missing_block_gets_defaults);
    tcase_add_test(tc, test_events_duplicate_block);
    tcase_add_test(tc, test_events_directives_need_the_block);
    tcase_add_test(tc, test_events_bad_arguments);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_t_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
