/*
 * rp_test_conf.c - the config-parsing fixture of the unit tests.
 *
 * One static fixture per test process (Check runs each test in its own
 * fork): a temp dir, two pools, a hand-built cycle with the core
 * modules' confs, an rp_conf at the main level and a log written to
 * <tmpdir>/.log, read back with pread().  See rp_test_conf.h.
 */

#include "rp_config.h"

#include <sys/stat.h>
#include <check.h>
#include <fcntl.h>
#include <ftw.h>

#include "rp_core.h"
#include "rp_conf.h"
#include "rp_cycle.h"
#include "rp_listen.h"
#include "rp_module.h"
#include "rp_shm.h"
#include "rp_test_conf.h"

static char                 tc_tmpdir[256];
static char                 tc_prefix[260];
static struct rp_pool      *tc_pool;
static struct rp_pool      *tc_temp_pool;
static struct rp_cycle      tc_cycle;
static struct rp_open_file  tc_log_file;
static struct rp_log        tc_log;
static struct rp_conf       tc_cf;
static char                 tc_log_text[16384];


/* A fresh cycle with every core module's conf and an empty rp_conf. */
static void
tc_init_cycle(void)
{
    size_t                            i;
    const struct rp_core_module_ctx  *ctx;

    if (tc_pool) {
        rp_pool_destroy(tc_pool);
        rp_pool_destroy(tc_temp_pool);
    }

    tc_pool = rp_pool_create(0, 0, NULL);
    tc_temp_pool = rp_pool_create(0, 0, NULL);
    ck_assert_ptr_nonnull(tc_pool);
    ck_assert_ptr_nonnull(tc_temp_pool);

    memset(&tc_cycle, 0, sizeof(tc_cycle));
    tc_cycle.pool = tc_pool;
    tc_cycle.log = &tc_log;
    tc_cycle.prefix.data = (u_char *) tc_prefix;
    tc_cycle.prefix.len = strlen(tc_prefix);
    ck_assert_int_eq(rp_array_init(&tc_cycle.listening, tc_pool, 4,
                                   sizeof(struct rp_listening)), RP_OK);
    ck_assert_int_eq(rp_array_init(&tc_cycle.shm_zones, tc_pool, 4,
                                   sizeof(struct rp_shm_zone *)), RP_OK);
    ck_assert_int_eq(rp_array_init(&tc_cycle.config_dump, tc_pool, 2,
                                   sizeof(struct rp_conf_dump)), RP_OK);

    tc_cycle.conf_ctx = rp_pcalloc(tc_pool,
                                   (rp_modules_count(RP_CORE_MODULE) + 1)
                                   * sizeof(void *));
    ck_assert_ptr_nonnull(tc_cycle.conf_ctx);

    for (i = 0; i < rp_modules_n; i++) {
        if (rp_modules[i]->type != RP_CORE_MODULE) {
            continue;
        }

        ctx = rp_modules[i]->ctx;
        if (ctx->create_conf) {
            tc_cycle.conf_ctx[rp_modules[i]->ctx_index] =
                ctx->create_conf(&tc_cycle);
            ck_assert_ptr_nonnull(tc_cycle.conf_ctx[rp_modules[i]->ctx_index]);
        }
    }

    memset(&tc_cf, 0, sizeof(tc_cf));
    tc_cf.cycle = &tc_cycle;
    tc_cf.pool = tc_pool;
    tc_cf.temp_pool = tc_temp_pool;
    tc_cf.log = &tc_log;
    tc_cf.ctx = &tc_cycle.conf_ctx;
    tc_cf.module_type = RP_CORE_MODULE;
    tc_cf.cmd_type = RP_MAIN_CONF;
    tc_cf.args = rp_array_create(tc_pool, 8, sizeof(struct rp_conf_token));
    ck_assert_ptr_nonnull(tc_cf.args);
}


void
rp_test_conf_setup(struct rp_module **modules)
{
    char  path[300];

    rp_modules_init(modules);

    snprintf(tc_tmpdir, sizeof(tc_tmpdir), "/tmp/rp_test_conf.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tc_tmpdir));
    ck_assert_int_eq(chdir(tc_tmpdir), 0);
    snprintf(tc_prefix, sizeof(tc_prefix), "%s/", tc_tmpdir);

    snprintf(path, sizeof(path), "%s/.log", tc_tmpdir);
    tc_log_file.fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_APPEND
                                | O_CLOEXEC, 0600);
    ck_assert_int_ge(tc_log_file.fd, 0);
    tc_log_file.name.data = (u_char *) ".log";
    tc_log_file.name.len = 4;

    memset(&tc_log, 0, sizeof(tc_log));
    tc_log.level = RP_LOG_NOTICE;
    tc_log.file = &tc_log_file;
    tc_log.tty_style = 1;

    tc_pool = NULL;
    tc_init_cycle();
}


static int
tc_rm_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
    return remove(path);
}


void
rp_test_conf_teardown(void)
{
    rp_pool_destroy(tc_pool);
    rp_pool_destroy(tc_temp_pool);
    tc_pool = NULL;
    tc_temp_pool = NULL;
    close(tc_log_file.fd);
    ck_assert_int_eq(chdir("/"), 0);
    nftw(tc_tmpdir, tc_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}


void
rp_test_conf_reset(void)
{
    tc_init_cycle();
    ck_assert_int_eq(ftruncate(tc_log_file.fd, 0), 0);
}


void
rp_test_conf_write(const char *name, const char *text)
{
    int     fd;
    size_t  len;

    fd = open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    ck_assert_int_ge(fd, 0);
    len = strlen(text);
    ck_assert_int_eq(write(fd, text, len), (ssize_t) len);
    close(fd);
}


int
rp_test_conf_parse(const char *text)
{
    struct rp_str  name;

    rp_test_conf_write("main.conf", text);
    rp_str_set(&name, "main.conf");

    return rp_conf_parse(&tc_cf, &name);
}


int
rp_test_conf_parse_http(const char *body)
{
    int     rc;
    char   *text;
    size_t  len;

    len = strlen(body) + sizeof("http {\n}\n");
    text = malloc(len);
    ck_assert_ptr_nonnull(text);
    snprintf(text, len, "http {\n%s}\n", body);
    rc = rp_test_conf_parse(text);
    free(text);

    return rc;
}


void
rp_test_conf_expect_error(const char *body, const char *msg)
{
    char  want[2048];

    rp_test_conf_reset();
    ck_assert_int_eq(rp_test_conf_parse_http(body), RP_ERROR);
    snprintf(want, sizeof(want), "rampart: [emerg] %s\n", msg);
    ck_assert_str_eq(rp_test_conf_logged(), want);
}


void
rp_test_conf_parse_ok(const char *body)
{
    rp_test_conf_reset();

    if (rp_test_conf_parse_http(body) != RP_OK) {
        ck_abort_msg("parse failed: %s", rp_test_conf_logged());
    }

    ck_assert_str_eq(rp_test_conf_logged(), "");
}


const char *
rp_test_conf_logged(void)
{
    ssize_t  n;

    n = pread(tc_log_file.fd, tc_log_text, sizeof(tc_log_text) - 1, 0);
    ck_assert_int_ge(n, 0);
    tc_log_text[n] = '\0';

    return tc_log_text;
}


struct rp_cycle *
rp_test_conf_cycle(void)
{
    return &tc_cycle;
}


struct rp_conf *
rp_test_conf_cf(void)
{
    return &tc_cf;
}


struct rp_pool *
rp_test_conf_pool(void)
{
    return tc_pool;
}


struct rp_log *
rp_test_conf_log(void)
{
    return &tc_log;
}
