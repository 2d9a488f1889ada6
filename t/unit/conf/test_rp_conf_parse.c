/*
 * test_rp_conf_parse.c - unit tests for src/conf/rp_conf_parse.c and
 * src/conf/rp_conf_setters.c.
 *
 * The tests install a module list of their own: a core module with one
 * directive per generic setter plus a few hand-written ones, a second
 * core module whose directives live in a block context, and an http
 * module that only contributes names (for "not allowed here" and "did
 * you mean").  Each test runs in a fresh temp dir (its cwd), writes
 * config files there and parses them with a hand-built cycle whose log
 * goes to a temp file, so every error message is compared byte for
 * byte, position included.
 */

#include "rp_config.h"

#include <sys/stat.h>
#include <check.h>
#include <fcntl.h>
#include <ftw.h>

#include "rp_core.h"
#include "rp_conf.h"
#include "rp_cycle.h"
#include "rp_module.h"


#define TEST_MAX_MULTI  16
#define TEST_MAX_LINES  16


/* --- the test modules ---------------------------------------------------- */

struct test_conf {
    int             flag;
    int64_t         num;
    int64_t         num_bounded;
    int64_t         num_multi;
    size_t          size;
    size_t          size_bounded;
    rp_msec_t       msec;
    rp_msec_t       msec_bounded;
    struct rp_str   str;
    struct rp_str   path;
    int             en;
    unsigned        mask;
    struct rp_str   multi[TEST_MAX_MULTI];
    unsigned        multi_vars[TEST_MAX_MULTI];
    unsigned        multi_quoted[TEST_MAX_MULTI];
    size_t          nmulti;
    unsigned        nargs_seen;
};

struct test_sub_conf {
    int64_t         num;
    int             flag;
};

static const struct rp_conf_bounds  test_num_bounds = { 1, 100 };
static const struct rp_conf_bounds  test_size_bounds = { 1024, 1048576 };
static const struct rp_conf_bounds  test_msec_bounds = { 1000, 60000 };

static const struct rp_conf_enum  test_enum[] = {
    { "fast", 1 },
    { "slow", 2 },
    { "auto", 3 },
    { NULL, 0 }
};

static const struct rp_conf_enum  test_methods[] = {
    { "get", 0x01 },
    { "head", 0x02 },
    { "post", 0x04 },
    { NULL, 0 }
};

/* what the handler of "t_types { ... }" saw, one string per line */
static char    handler_lines[TEST_MAX_LINES][128];
static size_t  handler_n;


static int
test_set_multi(struct rp_conf *cf, const struct rp_command *cmd, void *conf)
{
    size_t                  i;
    struct test_conf       *tc;
    struct rp_conf_token   *t;

    tc = conf;

    for (i = 1; i <= rp_conf_nargs(cf) && tc->nmulti < TEST_MAX_MULTI; i++) {
        t = rp_conf_arg(cf, i);
        tc->multi[tc->nmulti] = t->value;
        tc->multi_vars[tc->nmulti] = t->has_vars;
        tc->multi_quoted[tc->nmulti] = t->quoted;
        tc->nmulti++;
    }

    return RP_OK;
}


static int
test_set_count(struct rp_conf *cf, const struct rp_command *cmd, void *conf)
{
    struct test_conf  *tc;

    tc = conf;
    tc->nargs_seen = (unsigned) rp_conf_nargs(cf);

    return RP_OK;
}


/* Fails without reporting: the parser must report for it. */
static int
test_set_fail(struct rp_conf *cf, const struct rp_command *cmd, void *conf)
{
    return RP_ERROR;
}


/* A block directive whose body is the RP_EVENT_CONF context. */
static int
test_set_block(struct rp_conf *cf, const struct rp_command *cmd, void *conf)
{
    int       rc;
    unsigned  saved;

    saved = cf->cmd_type;
    cf->cmd_type = RP_EVENT_CONF;
    rc = rp_conf_parse(cf, NULL);
    cf->cmd_type = saved;

    return rc;
}


static int
test_types_line(struct rp_conf *cf, void *data)
{
    char                   *p, *last;
    size_t                  i;
    struct rp_conf_token   *t;

    if (rp_str_eq_lit(&rp_conf_arg(cf, 0)->value, "bad")) {
        return rp_conf_error(cf, "bad line");
    }

    if (rp_str_eq_lit(&rp_conf_arg(cf, 0)->value, "fail")) {
        return RP_ERROR;
    }

    ck_assert_uint_lt(handler_n, TEST_MAX_LINES);
    ck_assert_ptr_eq(data, handler_lines);

    p = handler_lines[handler_n++];
    last = p + sizeof(handler_lines[0]);
    *p = '\0';

    for (i = 0; i < cf->args->nelts && p < last; i++) {
        t = rp_conf_arg(cf, i);
        p += snprintf(p, (size_t) (last - p), "%s" RP_STR_FMT,
                      i ? " " : "", RP_STR_ARG(t->value));
    }

    return RP_OK;
}


/* A block whose lines are not directives, like types { }. */
static int
test_set_types(struct rp_conf *cf, const struct rp_command *cmd, void *conf)
{
    int  rc;

    cf->handler = test_types_line;
    cf->handler_data = handler_lines;
    rc = rp_conf_parse(cf, NULL);
    cf->handler = NULL;
    cf->handler_data = NULL;

    return rc;
}


#define M  RP_MAIN_CONF
#define F(field)  offsetof(struct test_conf, field)

static const struct rp_command  test_core_commands[] = {
    { "t_flag", M | RP_CONF_FLAG, rp_conf_set_flag, 0, F(flag), NULL },
    { "t_num", M | RP_CONF_TAKE1, rp_conf_set_num, 0, F(num), NULL },
    { "t_num_bounded", M | RP_CONF_TAKE1, rp_conf_set_num, 0,
      F(num_bounded), &test_num_bounds },
    { "t_num_multi", M | RP_CONF_TAKE1 | RP_CONF_MULTI, rp_conf_set_num, 0,
      F(num_multi), NULL },
    { "t_size", M | RP_CONF_TAKE1, rp_conf_set_size, 0, F(size), NULL },
    { "t_size_bounded", M | RP_CONF_TAKE1, rp_conf_set_size, 0,
      F(size_bounded), &test_size_bounds },
    { "t_msec", M | RP_CONF_TAKE1, rp_conf_set_msec, 0, F(msec), NULL },
    { "t_msec_bounded", M | RP_CONF_TAKE1, rp_conf_set_msec, 0,
      F(msec_bounded), &test_msec_bounds },
    { "t_str", M | RP_CONF_TAKE1, rp_conf_set_str, 0, F(str), NULL },
    { "t_path", M | RP_CONF_TAKE1, rp_conf_set_path, 0, F(path), NULL },
    { "t_enum", M | RP_CONF_TAKE1, rp_conf_set_enum, 0, F(en), test_enum },
    { "t_mask", M | RP_CONF_1MORE, rp_conf_set_bitmask, 0, F(mask),
      test_methods },
    { "t_multi", M | RP_CONF_1MORE | RP_CONF_MULTI, test_set_multi, 0, 0,
      NULL },
    { "t_two", M | RP_CONF_TAKE2, test_set_count, 0, 0, NULL },
    { "t_none", M | RP_CONF_NOARGS, test_set_count, 0, 0, NULL },
    { "t_any", M | RP_CONF_ANY, test_set_count, 0, 0, NULL },
    { "t_2more", M | RP_CONF_2MORE, test_set_count, 0, 0, NULL },
    { "t_13", M | RP_CONF_TAKE13, test_set_count, 0, 0, NULL },
    { "t_fail", M | RP_CONF_TAKE1, test_set_fail, 0, 0, NULL },
    { "t_block", M | RP_CONF_BLOCK | RP_CONF_NOARGS, test_set_block, 0, 0,
      NULL },
    { "t_types", M | RP_CONF_BLOCK | RP_CONF_NOARGS, test_set_types, 0, 0,
      NULL },
    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_command  test_sub_commands[] = {
    { "s_num", RP_EVENT_CONF | RP_CONF_TAKE1, rp_conf_set_num, 0,
      offsetof(struct test_sub_conf, num), NULL },
    { "s_flag", RP_EVENT_CONF | RP_CONF_FLAG, rp_conf_set_flag, 0,
      offsetof(struct test_sub_conf, flag), NULL },
    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_command  test_http_commands[] = {
    { "proxy_pass", RP_HTTP_LOC_CONF | RP_CONF_TAKE1, test_set_fail, 0, 0,
      NULL },
    { NULL, 0, NULL, 0, 0, NULL }
};


static void *
test_create_conf(struct rp_cycle *cycle)
{
    struct test_conf  *tc;

    tc = rp_pcalloc(cycle->pool, sizeof(struct test_conf));
    if (tc == NULL) {
        return NULL;
    }

    tc->flag = RP_UNSET;
    tc->num = RP_UNSET;
    tc->num_bounded = RP_UNSET;
    tc->num_multi = RP_UNSET;
    tc->size = RP_UNSET_SIZE;
    tc->size_bounded = RP_UNSET_SIZE;
    tc->msec = RP_UNSET_MSEC;
    tc->msec_bounded = RP_UNSET_MSEC;
    tc->en = RP_UNSET;

    return tc;
}


static void *
test_sub_create_conf(struct rp_cycle *cycle)
{
    struct test_sub_conf  *sc;

    sc = rp_pcalloc(cycle->pool, sizeof(struct test_sub_conf));
    if (sc == NULL) {
        return NULL;
    }

    sc->num = RP_UNSET;
    sc->flag = RP_UNSET;

    return sc;
}


static const struct rp_core_module_ctx  test_core_ctx = {
    test_create_conf, NULL
};

static const struct rp_core_module_ctx  test_sub_ctx = {
    test_sub_create_conf, NULL
};

static struct rp_module  test_http_module = {
    "test_http", RP_HTTP_MODULE, NULL, test_http_commands,
    NULL, NULL, NULL, 0, 0
};

static struct rp_module  test_core_module = {
    "test_core", RP_CORE_MODULE, &test_core_ctx, test_core_commands,
    NULL, NULL, NULL, 0, 0
};

static struct rp_module  test_sub_module = {
    "test_sub", RP_CORE_MODULE, &test_sub_ctx, test_sub_commands,
    NULL, NULL, NULL, 0, 0
};

/* the http module first, so that core ctx_index values are 0 and 1 */
static struct rp_module  *test_modules[] = {
    &test_http_module, &test_core_module, &test_sub_module, NULL
};


/* --- fixture ------------------------------------------------------------- */

static char                  tmpdir[256];
static char                  prefix[260];
static struct rp_pool       *pool;
static struct rp_pool       *temp_pool;
static struct rp_cycle       cycle;
static struct rp_open_file   log_file;
static struct rp_log         test_log;
static struct rp_conf        cf;
static char                  log_text[16384];


/* A fresh cycle, its module confs and an empty struct rp_conf. */
static void
init_cycle(void)
{
    size_t                            i, n;
    const struct rp_core_module_ctx  *ctx;

    if (pool) {
        rp_pool_destroy(pool);
        rp_pool_destroy(temp_pool);
    }

    pool = rp_pool_create(0, 0, NULL);
    temp_pool = rp_pool_create(0, 0, NULL);
    ck_assert_ptr_nonnull(pool);
    ck_assert_ptr_nonnull(temp_pool);

    memset(&cycle, 0, sizeof(cycle));
    cycle.pool = pool;
    cycle.log = &test_log;
    cycle.prefix.data = (u_char *) prefix;
    cycle.prefix.len = strlen(prefix);
    ck_assert_int_eq(rp_array_init(&cycle.config_dump, pool, 2,
                                   sizeof(struct rp_conf_dump)), RP_OK);

    n = rp_modules_count(RP_CORE_MODULE);
    cycle.conf_ctx = rp_pcalloc(pool, n * sizeof(void *));
    ck_assert_ptr_nonnull(cycle.conf_ctx);

    for (i = 0; i < rp_modules_n; i++) {
        if (rp_modules[i]->type != RP_CORE_MODULE) {
            continue;
        }

        ctx = rp_modules[i]->ctx;
        cycle.conf_ctx[rp_modules[i]->ctx_index] = ctx->create_conf(&cycle);
        ck_assert_ptr_nonnull(cycle.conf_ctx[rp_modules[i]->ctx_index]);
    }

    memset(&cf, 0, sizeof(cf));
    cf.cycle = &cycle;
    cf.pool = pool;
    cf.temp_pool = temp_pool;
    cf.log = &test_log;
    cf.ctx = &cycle.conf_ctx;
    cf.module_type = RP_CORE_MODULE;
    cf.cmd_type = RP_MAIN_CONF;
    cf.args = rp_array_create(pool, 8, sizeof(struct rp_conf_token));
    ck_assert_ptr_nonnull(cf.args);

    handler_n = 0;
}


static void
setup(void)
{
    char  path[300];

    rp_modules_init(test_modules);

    snprintf(tmpdir, sizeof(tmpdir), "/tmp/rp_conf_parse.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    ck_assert_int_eq(chdir(tmpdir), 0);
    snprintf(prefix, sizeof(prefix), "%s/", tmpdir);

    snprintf(path, sizeof(path), "%s/.log", tmpdir);
    log_file.fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC,
                       0600);
    ck_assert_int_ge(log_file.fd, 0);
    log_file.name.data = (u_char *) ".log";
    log_file.name.len = 4;

    memset(&test_log, 0, sizeof(test_log));
    test_log.level = RP_LOG_NOTICE;
    test_log.file = &log_file;
    test_log.tty_style = 1;

    pool = NULL;
    init_cycle();
}


static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove(path);
}


static void
teardown(void)
{
    rp_pool_destroy(pool);
    rp_pool_destroy(temp_pool);
    close(log_file.fd);
    ck_assert_int_eq(chdir("/"), 0);
    nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}


/* --- helpers ------------------------------------------------------------- */

/* A fresh cycle and an empty log, for a second case in one test. */
static void
reset(void)
{
    init_cycle();
    ck_assert_int_eq(ftruncate(log_file.fd, 0), 0);
}


/* Write <text> to <rel> under the temp dir, making directories. */
static void
write_file(const char *rel, const char *text)
{
    int     fd;
    char    dir[256], *slash;
    size_t  len;

    snprintf(dir, sizeof(dir), "%s", rel);
    slash = strrchr(dir, '/');

    if (slash && dir[0] != '/') {
        *slash = '\0';
        mkdir(dir, 0700);
    }

    fd = open(rel, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    ck_assert_int_ge(fd, 0);
    len = strlen(text);
    ck_assert_int_eq(write(fd, text, len), (ssize_t) len);
    close(fd);
}


static int
parse(const char *name)
{
    struct rp_str  s;

    s.data = (u_char *) name;
    s.len = strlen(name);

    return rp_conf_parse(&cf, &s);
}


/* Write <text> to main.conf and parse it. */
static int
parse_text(const char *text)
{
    write_file("main.conf", text);
    return parse("main.conf");
}


/* Everything logged so far, NUL-terminated. */
static const char *
logged(void)
{
    ssize_t  n;

    n = pread(log_file.fd, log_text, sizeof(log_text) - 1, 0);
    ck_assert_int_ge(n, 0);
    log_text[n] = '\0';

    return log_text;
}


static struct test_conf *
core_conf(void)
{
    return cycle.conf_ctx[test_core_module.ctx_index];
}


static struct test_sub_conf *
sub_conf(void)
{
    return cycle.conf_ctx[test_sub_module.ctx_index];
}


static void
check_str(const struct rp_str *s, const char *want)
{
    ck_assert_ptr_nonnull(s->data);
    ck_assert_uint_eq(s->len, strlen(want));
    ck_assert_mem_eq(s->data, want, s->len);
}


/* Parsing <text> fails with exactly the log line "<msg>\n". */
static void
expect_error(const char *text, const char *msg)
{
    char  want[1024];

    ck_assert_int_eq(parse_text(text), RP_ERROR);
    snprintf(want, sizeof(want), "rampart: [emerg] %s\n", msg);
    ck_assert_str_eq(logged(), want);
    ck_assert_uint_eq(cf.errors, 1);
}


/* --- values -------------------------------------------------------------- */

START_TEST(test_values_every_setter)
{
    struct test_conf  *tc;
    char               want[300];

    ck_assert_int_eq(parse_text(
        "# every generic setter\n"
        "t_flag on;\n"
        "t_num 42;\n"
        "t_num_bounded 100;\n"
        "t_size 64k;\n"
        "t_size_bounded 1m;\n"
        "t_msec 1h30m;\n"
        "t_msec_bounded 1s;\n"
        "t_str \"hello world\";\n"
        "t_path logs/error.log;\n"
        "t_enum SLOW;\n"
        "t_mask get post;\n"), RP_OK);

    ck_assert_str_eq(logged(), "");
    ck_assert_uint_eq(cf.errors, 0);

    tc = core_conf();
    ck_assert_int_eq(tc->flag, 1);
    ck_assert_int_eq(tc->num, 42);
    ck_assert_int_eq(tc->num_bounded, 100);
    ck_assert_uint_eq(tc->size, 64 * 1024);
    ck_assert_uint_eq(tc->size_bounded, 1024 * 1024);
    ck_assert_int_eq(tc->msec, 5400000);
    ck_assert_int_eq(tc->msec_bounded, 1000);
    check_str(&tc->str, "hello world");
    snprintf(want, sizeof(want), "%slogs/error.log", prefix);
    check_str(&tc->path, want);
    ck_assert_int_eq(tc->path.data[tc->path.len], '\0');
    ck_assert_int_eq(tc->en, 2);
    ck_assert_uint_eq(tc->mask, 0x05);
}
END_TEST


START_TEST(test_values_flag_off_and_paths)
{
    struct test_conf  *tc;

    ck_assert_int_eq(parse_text("t_flag OFF;\nt_path /var/log/x.log;\n"),
                     RP_OK);
    tc = core_conf();
    ck_assert_int_eq(tc->flag, 0);
    check_str(&tc->path, "/var/log/x.log");

    init_cycle();
    ck_assert_int_eq(parse_text("t_path stderr;\n"), RP_OK);
    check_str(&core_conf()->path, "stderr");
}
END_TEST


START_TEST(test_values_multi)
{
    struct test_conf  *tc;

    ck_assert_int_eq(parse_text(
        "t_multi a $b;\n"
        "t_multi \"c d\" 'e';\n"
        "t_num_multi 1;\n"
        "t_num_multi 2;\n"), RP_OK);
    ck_assert_str_eq(logged(), "");

    tc = core_conf();
    ck_assert_uint_eq(tc->nmulti, 4);
    check_str(&tc->multi[0], "a");
    check_str(&tc->multi[1], "$b");
    check_str(&tc->multi[2], "c d");
    check_str(&tc->multi[3], "e");
    ck_assert_uint_eq(tc->multi_vars[0], 0);
    ck_assert_uint_eq(tc->multi_vars[1], 1);
    ck_assert_uint_eq(tc->multi_quoted[2], 1);
    ck_assert_int_eq(tc->num_multi, 2);
}
END_TEST


START_TEST(test_values_arg_counts)
{
    struct test_conf  *tc;

    tc = core_conf();

    ck_assert_int_eq(parse_text("t_two a b;"), RP_OK);
    ck_assert_uint_eq(tc->nargs_seen, 2);
    ck_assert_int_eq(parse_text("t_none;"), RP_OK);
    ck_assert_uint_eq(tc->nargs_seen, 0);
    ck_assert_int_eq(parse_text("t_any;"), RP_OK);
    ck_assert_uint_eq(tc->nargs_seen, 0);
    ck_assert_int_eq(parse_text("t_any 1 2 3 4 5 6 7 8 9;"), RP_OK);
    ck_assert_uint_eq(tc->nargs_seen, 9);
    ck_assert_int_eq(parse_text("t_2more 1 2 3;"), RP_OK);
    ck_assert_uint_eq(tc->nargs_seen, 3);
    ck_assert_int_eq(parse_text("t_13 a;"), RP_OK);
    ck_assert_uint_eq(tc->nargs_seen, 1);
    ck_assert_int_eq(parse_text("t_13 a b c;"), RP_OK);
    ck_assert_uint_eq(tc->nargs_seen, 3);
    ck_assert_str_eq(logged(), "");
}
END_TEST


START_TEST(test_block_switches_context)
{
    ck_assert_int_eq(parse_text(
        "t_block {\n"
        "    s_num 7;\n"
        "    s_flag on;\n"
        "}\n"
        "t_num 3;\n"), RP_OK);
    ck_assert_str_eq(logged(), "");
    ck_assert_int_eq(sub_conf()->num, 7);
    ck_assert_int_eq(sub_conf()->flag, 1);
    ck_assert_int_eq(core_conf()->num, 3);
    ck_assert_uint_eq(cf.cmd_type, RP_MAIN_CONF);
}
END_TEST


START_TEST(test_handler_block)
{
    ck_assert_int_eq(parse_text(
        "t_types {\n"
        "    text/html html htm;\n"
        "    image/png png;\n"
        "    include more.types;\n"
        "}\n"
        "t_num 1;\n"), RP_ERROR);
    ck_assert_str_eq(logged(), "rampart: [emerg] open() \"more.types\" "
                     "failed (2: No such file or directory) in "
                     "main.conf:4:5\n");

    reset();
    write_file("more.types", "t_num x;\n");
    ck_assert_int_eq(parse("main.conf"), RP_OK);
    ck_assert_uint_eq(handler_n, 3);
    ck_assert_str_eq(handler_lines[0], "text/html html htm");
    ck_assert_str_eq(handler_lines[1], "image/png png");
    /* inside the handler block an included file is handler lines too */
    ck_assert_str_eq(handler_lines[2], "t_num x");
    ck_assert_int_eq(core_conf()->num, 1);
    ck_assert_ptr_null(cf.handler);
}
END_TEST


START_TEST(test_handler_block_errors)
{
    ck_assert_int_eq(parse_text(
        "t_types {\n"
        "    a { b; }\n"
        "    bad x;\n"
        "    fail y;\n"
        "    c d;\n"
        "}\n"), RP_ERROR);
    ck_assert_str_eq(logged(),
        "rampart: [emerg] unexpected \"{\" in main.conf:2:7\n"
        "rampart: [emerg] bad line in main.conf:3:5\n"
        "rampart: [emerg] invalid line in block in main.conf:4:5\n");
    ck_assert_uint_eq(handler_n, 1);
    ck_assert_str_eq(handler_lines[0], "c d");
}
END_TEST


START_TEST(test_tokens_point_into_buffer)
{
    struct test_conf  *tc;

    /* the value outlives the parse: it is in the cycle pool's buffer */
    ck_assert_int_eq(parse_text("t_str abc;\n"), RP_OK);
    write_file("main.conf", "t_str XYZ;\n");
    tc = core_conf();
    check_str(&tc->str, "abc");
}
END_TEST


START_TEST(test_parse_string)
{
    struct rp_str  text;

    rp_str_set(&text, "t_num 5; t_flag on; t_block { s_num 9; }");
    ck_assert_int_eq(rp_conf_parse_string(&cf, "command line", &text), RP_OK);
    ck_assert_int_eq(core_conf()->num, 5);
    ck_assert_int_eq(core_conf()->flag, 1);
    ck_assert_int_eq(sub_conf()->num, 9);
    ck_assert_ptr_null(cf.file);

    rp_str_set(&text, "t_size x;");
    ck_assert_int_eq(rp_conf_parse_string(&cf, "command line", &text),
                     RP_ERROR);
    ck_assert_str_eq(logged(), "rampart: [emerg] invalid size \"x\" in "
                     "\"t_size\" directive in command line:1:8\n");
}
END_TEST


START_TEST(test_parse_string_include_uses_prefix)
{
    struct rp_str  text;

    write_file("inc.conf", "t_num 6;\n");
    rp_str_set(&text, "include inc.conf;");
    ck_assert_int_eq(rp_conf_parse_string(&cf, "command line", &text), RP_OK);
    ck_assert_int_eq(core_conf()->num, 6);
}
END_TEST


START_TEST(test_full_name)
{
    char           want[300];
    struct rp_str  name;

    rp_str_set(&name, "logs/a.log");
    ck_assert_int_eq(rp_conf_full_name(&cf, &name), RP_OK);
    snprintf(want, sizeof(want), "%slogs/a.log", prefix);
    check_str(&name, want);
    ck_assert_int_eq(name.data[name.len], '\0');

    rp_str_set(&name, "/abs/b.log");
    ck_assert_int_eq(rp_conf_full_name(&cf, &name), RP_OK);
    check_str(&name, "/abs/b.log");

    rp_str_set(&name, "stderr");
    ck_assert_int_eq(rp_conf_full_name(&cf, &name), RP_OK);
    check_str(&name, "stderr");
}
END_TEST


/* --- errors: dispatch ---------------------------------------------------- */

START_TEST(test_err_unknown_suggest)
{
    expect_error("t_num 1;\n  t_flg on;\n",
                 "unknown directive \"t_flg\" in main.conf:2:3 "
                 "(did you mean \"t_flag\"?)");
}
END_TEST


START_TEST(test_err_unknown_suggest_other_module)
{
    /* suggestions come from every module, whatever its type */
    expect_error("proxy_pas http://x;\n",
                 "unknown directive \"proxy_pas\" in main.conf:1:1 "
                 "(did you mean \"proxy_pass\"?)");
}
END_TEST


START_TEST(test_err_unknown_suggest_include)
{
    expect_error("includ x.conf;\n",
                 "unknown directive \"includ\" in main.conf:1:1 "
                 "(did you mean \"include\"?)");
}
END_TEST


START_TEST(test_err_unknown_no_suggestion)
{
    expect_error("zzzzzzzz 1;\n", "unknown directive \"zzzzzzzz\" in "
                 "main.conf:1:1");
}
END_TEST


START_TEST(test_err_not_allowed_context)
{
    expect_error("s_num 1;\n",
                 "\"s_num\" directive is not allowed here in main.conf:1:1");
}
END_TEST


START_TEST(test_err_not_allowed_module_type)
{
    expect_error("t_block { proxy_pass x; }\n",
                 "\"proxy_pass\" directive is not allowed here in "
                 "main.conf:1:11");
}
END_TEST


START_TEST(test_err_arg_count)
{
    expect_error("t_num;\n", "invalid number of arguments in \"t_num\" "
                 "directive in main.conf:1:1");

    reset();
    expect_error("t_num 1 2;\n", "invalid number of arguments in \"t_num\" "
                 "directive in main.conf:1:1");

    reset();
    expect_error(" t_two a;\n", "invalid number of arguments in \"t_two\" "
                 "directive in main.conf:1:2");

    reset();
    expect_error("t_none x;\n", "invalid number of arguments in \"t_none\" "
                 "directive in main.conf:1:1");

    reset();
    expect_error("t_flag;\n", "invalid number of arguments in \"t_flag\" "
                 "directive in main.conf:1:1");

    reset();
    expect_error("t_2more 1;\n", "invalid number of arguments in "
                 "\"t_2more\" directive in main.conf:1:1");

    reset();
    expect_error("t_13 a b;\n", "invalid number of arguments in "
                 "\"t_13\" directive in main.conf:1:1");

    /* the block of a rejected block directive is skipped */
    reset();
    expect_error("t_block x {\n s_num 1;\n}\nt_num 2;\n",
                 "invalid number of arguments in \"t_block\" directive in "
                 "main.conf:1:1");
    ck_assert_int_eq(sub_conf()->num, RP_UNSET);
    ck_assert_int_eq(core_conf()->num, 2);
}
END_TEST


START_TEST(test_err_too_many_args)
{
    char    text[400], *p;
    size_t  i;

    p = text;
    p += snprintf(p, 20, "t_any");

    for (i = 0; i < RP_CONF_MAX_ARGS; i++) {
        p += snprintf(p, 8, " %zu", i % 10);
    }

    snprintf(p, 4, ";\n");

    expect_error(text, "too many arguments in \"t_any\" directive in "
                 "main.conf:1:1");
}
END_TEST


START_TEST(test_err_block_without_brace)
{
    expect_error("t_block;\n",
                 "directive \"t_block\" has no opening \"{\" in "
                 "main.conf:1:1");
}
END_TEST


START_TEST(test_err_brace_without_block)
{
    ck_assert_int_eq(parse_text("t_num 1 {\n t_num 2;\n}\nt_flag on;\n"),
                     RP_ERROR);
    ck_assert_str_eq(logged(), "rampart: [emerg] directive \"t_num\" is not "
                     "terminated by \";\" in main.conf:1:1\n");
    /* the block was skipped, what follows was parsed */
    ck_assert_int_eq(core_conf()->num, RP_UNSET);
    ck_assert_int_eq(core_conf()->flag, 1);
}
END_TEST


START_TEST(test_err_setter_failed_silently)
{
    expect_error("t_fail x;\n",
                 "invalid \"t_fail\" directive in main.conf:1:1");
}
END_TEST


/* --- errors: generic setters --------------------------------------------- */

START_TEST(test_err_duplicate)
{
    expect_error("t_num 1;\n\tt_num 2;\n",
                 "\"t_num\" directive is duplicate in main.conf:2:2");
    ck_assert_int_eq(core_conf()->num, 1);
}
END_TEST


START_TEST(test_err_duplicate_every_setter)
{
    static const char  *dups[] = {
        "t_flag on;\nt_flag off;\n",
        "t_size 1k;\nt_size 2k;\n",
        "t_msec 1s;\nt_msec 2s;\n",
        "t_str a;\nt_str b;\n",
        "t_path a;\nt_path b;\n",
        "t_enum fast;\nt_enum slow;\n",
        "t_mask get;\nt_mask head;\n",
    };
    static const char  *names[] = {
        "t_flag", "t_size", "t_msec", "t_str", "t_path", "t_enum", "t_mask"
    };
    char                want[200];
    size_t              i;

    for (i = 0; i < rp_nelems(dups); i++) {
        reset();
        snprintf(want, sizeof(want), "\"%s\" directive is duplicate in "
                 "main.conf:2:1", names[i]);
        expect_error(dups[i], want);
    }
}
END_TEST


START_TEST(test_err_flag_value)
{
    expect_error("t_flag  yes;\n", "invalid value \"yes\" in \"t_flag\" "
                 "directive, it must be \"on\" or \"off\" in main.conf:1:9");
}
END_TEST


START_TEST(test_err_number)
{
    expect_error("t_num 12a;\n", "invalid number \"12a\" in \"t_num\" "
                 "directive in main.conf:1:7");

    reset();
    expect_error("t_num -1;\n", "invalid number \"-1\" in \"t_num\" "
                 "directive in main.conf:1:7");

    reset();
    expect_error("t_num 9223372036854775808;\n", "invalid number "
                 "\"9223372036854775808\" in \"t_num\" directive in "
                 "main.conf:1:7");
}
END_TEST


START_TEST(test_err_size)
{
    expect_error("t_size 10x;\n", "invalid size \"10x\" in \"t_size\" "
                 "directive in main.conf:1:8");
}
END_TEST


START_TEST(test_err_time)
{
    expect_error("t_msec 30m1h;\n", "invalid time \"30m1h\" in \"t_msec\" "
                 "directive in main.conf:1:8");
}
END_TEST


START_TEST(test_err_bounds)
{
    expect_error("t_num_bounded 101;\n", "value \"101\" in "
                 "\"t_num_bounded\" directive must be between 1 and 100 in "
                 "main.conf:1:15");

    reset();
    expect_error("t_num_bounded 0;\n", "value \"0\" in "
                 "\"t_num_bounded\" directive must be between 1 and 100 in "
                 "main.conf:1:15");

    reset();
    expect_error("t_size_bounded 2m;\n", "value \"2m\" in "
                 "\"t_size_bounded\" directive must be between 1024 and "
                 "1048576 in main.conf:1:16");

    reset();
    expect_error("t_msec_bounded 500ms;\n", "value \"500ms\" in "
                 "\"t_msec_bounded\" directive must be between 1000 and "
                 "60000 in main.conf:1:16");
    ck_assert_int_eq(core_conf()->msec_bounded, RP_UNSET_MSEC);
}
END_TEST


START_TEST(test_err_enum)
{
    expect_error("t_enum medium;\n", "invalid value \"medium\" in "
                 "\"t_enum\" directive, it must be one of \"fast\", "
                 "\"slow\", \"auto\" in main.conf:1:8");
}
END_TEST


START_TEST(test_err_bitmask)
{
    expect_error("t_mask get put;\n", "invalid value \"put\" in "
                 "\"t_mask\" directive, it must be one of \"get\", "
                 "\"head\", \"post\" in main.conf:1:12");
    ck_assert_uint_eq(core_conf()->mask, 0);
}
END_TEST


/* --- errors: structure --------------------------------------------------- */

START_TEST(test_err_unexpected_rbrace)
{
    expect_error("t_num 1;\n}\n", "unexpected \"}\" in main.conf:2:1");
    ck_assert_int_eq(core_conf()->num, 1);
}
END_TEST


START_TEST(test_err_rbrace_ends_directive)
{
    ck_assert_int_eq(parse_text("t_block { s_num 1 }\nt_num 2;\n"), RP_ERROR);
    ck_assert_str_eq(logged(),
                     "rampart: [emerg] unexpected \"}\" in main.conf:1:19\n");
    ck_assert_int_eq(sub_conf()->num, RP_UNSET);
    ck_assert_int_eq(core_conf()->num, 2);
}
END_TEST


START_TEST(test_err_unexpected_lbrace)
{
    ck_assert_int_eq(parse_text("{ t_num 1; }\nt_num 2;\n"), RP_ERROR);
    ck_assert_str_eq(logged(),
                     "rampart: [emerg] unexpected \"{\" in main.conf:1:1\n");
    ck_assert_int_eq(core_conf()->num, 2);
}
END_TEST


START_TEST(test_err_unexpected_semicolon)
{
    expect_error("t_num 1;\n ;\n", "unexpected \";\" in main.conf:2:2");
}
END_TEST


START_TEST(test_err_eof_in_block)
{
    expect_error("t_block {\n    s_num 1;\n",
                 "unexpected end of file, expecting \"}\" in main.conf:3:1");
}
END_TEST


START_TEST(test_err_eof_in_directive)
{
    expect_error("t_num 1;\nt_num 2",
                 "unexpected end of file, expecting \";\" or \"}\" in "
                 "main.conf:2:8");
}
END_TEST


START_TEST(test_err_lexer)
{
    ck_assert_int_eq(parse_text("zzz;\nt_str \"abc;\nyyy;\n"), RP_ERROR);
    ck_assert_str_eq(logged(),
        "rampart: [emerg] unknown directive \"zzz\" in main.conf:1:1\n"
        "rampart: [emerg] unterminated string in main.conf:2:7\n");
    ck_assert_uint_eq(cf.errors, 2);
}
END_TEST


START_TEST(test_err_lexer_in_block_stops)
{
    ck_assert_int_eq(parse_text("t_block {\n s_num \"1\"x;\n}\nzzz;\n"),
                     RP_ERROR);
    ck_assert_str_eq(logged(), "rampart: [emerg] unexpected \"x\" after "
                     "quoted string in main.conf:2:11\n");
}
END_TEST


START_TEST(test_err_lexer_in_skipped_block)
{
    /* a skipped block is still tokenized: its lexer errors are reported */
    ck_assert_int_eq(parse_text("zzz {\n \"x\n}\nyyy;\n"), RP_ERROR);
    ck_assert_str_eq(logged(),
        "rampart: [emerg] unknown directive \"zzz\" in main.conf:1:1\n"
        "rampart: [emerg] unterminated string in main.conf:2:2\n");

    reset();
    ck_assert_int_eq(parse_text("t_num 1 {\n a${b\n}\nyyy;\n"), RP_ERROR);
    ck_assert_str_eq(logged(),
        "rampart: [emerg] directive \"t_num\" is not terminated by \";\" "
        "in main.conf:1:1\n"
        "rampart: [emerg] unterminated variable in main.conf:2:3\n");
}
END_TEST


START_TEST(test_err_keeps_going)
{
    ck_assert_int_eq(parse_text(
        "zzz {\n"
        "    a { b; }\n"
        "    t_num 9;\n"
        "}\n"
        "t_block {\n"
        "    s_bad;\n"
        "    s_num 5;\n"
        "}\n"
        "t_num 3;\n"
        "t_flag maybe;\n"
        "t_size 1k;\n"), RP_ERROR);
    ck_assert_str_eq(logged(),
        "rampart: [emerg] unknown directive \"zzz\" in main.conf:1:1\n"
        "rampart: [emerg] unknown directive \"s_bad\" in main.conf:6:5\n"
        "rampart: [emerg] invalid value \"maybe\" in \"t_flag\" directive, "
        "it must be \"on\" or \"off\" in main.conf:10:8\n");
    ck_assert_uint_eq(cf.errors, 3);
    ck_assert_int_eq(sub_conf()->num, 5);
    ck_assert_int_eq(core_conf()->num, 3);
    ck_assert_uint_eq(core_conf()->size, 1024);
}
END_TEST


START_TEST(test_err_max_errors)
{
    char    text[2000], *p;
    size_t  i, lines;

    p = text;

    for (i = 0; i < RP_CONF_MAX_ERRORS + 10; i++) {
        p += snprintf(p, 20, "zzz%zu;\n", i);
    }

    ck_assert_int_eq(parse_text(text), RP_ERROR);

    lines = 0;
    for (p = (char *) logged(); *p; p++) {
        lines += (*p == '\n');
    }

    ck_assert_uint_eq(lines, RP_CONF_MAX_ERRORS);
    ck_assert_uint_eq(cf.errors, RP_CONF_MAX_ERRORS);
}
END_TEST


/* --- include ------------------------------------------------------------- */

START_TEST(test_include_relative)
{
    write_file("sub/a.conf", "include b.conf;\nt_num 1;\n");
    write_file("sub/b.conf", "t_size 1k;\n");
    ck_assert_int_eq(parse_text("include sub/a.conf;\nt_flag on;\n"), RP_OK);
    ck_assert_str_eq(logged(), "");
    ck_assert_int_eq(core_conf()->num, 1);
    ck_assert_uint_eq(core_conf()->size, 1024);
    ck_assert_int_eq(core_conf()->flag, 1);
}
END_TEST


START_TEST(test_include_absolute)
{
    char  text[400];

    write_file("abs.conf", "t_num 4;\n");
    snprintf(text, sizeof(text), "include %s/abs.conf;\n", tmpdir);
    ck_assert_int_eq(parse_text(text), RP_OK);
    ck_assert_int_eq(core_conf()->num, 4);
}
END_TEST


START_TEST(test_include_glob_sorted)
{
    struct test_conf  *tc;

    write_file("conf.d/20-b.conf", "t_multi b;\n");
    write_file("conf.d/10-a.conf", "t_multi a;\n");
    write_file("conf.d/30-c.conf", "t_multi c;\n");
    write_file("conf.d/other.txt", "zzz;\n");
    ck_assert_int_eq(parse_text("include conf.d/*.conf;\n"), RP_OK);

    tc = core_conf();
    ck_assert_uint_eq(tc->nmulti, 3);
    check_str(&tc->multi[0], "a");
    check_str(&tc->multi[1], "b");
    check_str(&tc->multi[2], "c");
}
END_TEST


START_TEST(test_include_glob_no_match)
{
    ck_assert_int_eq(parse_text("include none/*.conf;\ninclude x?.c[o];\n"
                                "t_num 1;\n"), RP_OK);
    ck_assert_str_eq(logged(), "");
    ck_assert_int_eq(core_conf()->num, 1);
}
END_TEST


START_TEST(test_include_missing)
{
    expect_error("t_num 1;\n    include missing.conf;\n",
                 "open() \"missing.conf\" failed (2: No such file or "
                 "directory) in main.conf:2:5");
}
END_TEST


START_TEST(test_include_missing_nested)
{
    write_file("sub/a.conf", "\ninclude nope.conf;\n");
    expect_error("include sub/a.conf;\n",
                 "open() \"sub/nope.conf\" failed (2: No such file or "
                 "directory) in sub/a.conf:2:1");
}
END_TEST


START_TEST(test_include_error_names_file)
{
    write_file("inc.conf", "t_num 1;\n  zzz;\n");
    ck_assert_int_eq(parse_text("include inc.conf;\nyyy;\n"), RP_ERROR);
    ck_assert_str_eq(logged(),
        "rampart: [emerg] unknown directive \"zzz\" in inc.conf:2:3\n"
        "rampart: [emerg] unknown directive \"yyy\" in main.conf:2:1\n");
    ck_assert_int_eq(core_conf()->num, 1);
}
END_TEST


START_TEST(test_include_loop)
{
    write_file("a.conf", "include b.conf;\n");
    write_file("b.conf", "t_num 1;\ninclude a.conf;\n");
    expect_error("include a.conf;\n",
                 "include loop: \"a.conf\" is already being read in "
                 "b.conf:2:1");
}
END_TEST


START_TEST(test_include_self)
{
    expect_error("include main.conf;\n",
                 "include loop: \"main.conf\" is already being read in "
                 "main.conf:1:1");
}
END_TEST


START_TEST(test_include_depth)
{
    char    name[32], text[64], want[160];
    size_t  i;

    for (i = 1; i <= RP_CONF_MAX_INCLUDE_DEPTH + 3; i++) {
        snprintf(name, sizeof(name), "d%zu.conf", i);
        snprintf(text, sizeof(text), "include d%zu.conf;\n", i + 1);
        write_file(name, text);
    }

    snprintf(want, sizeof(want), "includes nested too deeply (more than "
             "%d) at \"d%d.conf\" in d%d.conf:1:1",
             RP_CONF_MAX_INCLUDE_DEPTH, RP_CONF_MAX_INCLUDE_DEPTH + 1,
             RP_CONF_MAX_INCLUDE_DEPTH);
    expect_error("include d1.conf;\n", want);
}
END_TEST


START_TEST(test_include_bad_forms)
{
    expect_error("include;\n", "invalid number of arguments in \"include\" "
                 "directive in main.conf:1:1");

    reset();
    expect_error("include a b;\n", "invalid number of arguments in "
                 "\"include\" directive in main.conf:1:1");

    reset();
    expect_error("include a { t_num 1; }\n", "directive \"include\" is not "
                 "terminated by \";\" in main.conf:1:1");
    ck_assert_int_eq(core_conf()->num, RP_UNSET);
}
END_TEST


START_TEST(test_include_in_block_keeps_context)
{
    write_file("s.conf", "s_num 3;\n");
    ck_assert_int_eq(parse_text("t_block { include s.conf; }\n"), RP_OK);
    ck_assert_int_eq(sub_conf()->num, 3);
}
END_TEST


START_TEST(test_include_lexer_error_stops_all)
{
    write_file("bad.conf", "t_num 1;\nt_str 'x;\n");
    ck_assert_int_eq(parse_text("include bad.conf;\nzzz;\n"), RP_ERROR);
    ck_assert_str_eq(logged(), "rampart: [emerg] unterminated string in "
                     "bad.conf:2:7\n");
}
END_TEST


START_TEST(test_include_unclosed_block_in_file)
{
    /* a block must close in the file that opened it */
    write_file("open.conf", "t_block {\n");
    ck_assert_int_eq(parse_text("include open.conf;\n}\n"), RP_ERROR);
    ck_assert_str_eq(logged(), "rampart: [emerg] unexpected end of file, "
                     "expecting \"}\" in open.conf:2:1\n");
}
END_TEST


START_TEST(test_top_level_missing)
{
    ck_assert_int_eq(parse("nope.conf"), RP_ERROR);
    ck_assert_str_eq(logged(), "rampart: [emerg] open() \"nope.conf\" failed "
                     "(2: No such file or directory)\n");
}
END_TEST


START_TEST(test_dump)
{
    struct rp_conf_dump  *d;

    cycle.dump = 1;
    write_file("inc.conf", "t_num 1;\n");
    write_file("conf.d/x.conf", "t_size 2k;\n");
    ck_assert_int_eq(parse_text("include inc.conf;\n"
                                "include conf.d/*.conf;\n"), RP_OK);

    ck_assert_uint_eq(cycle.config_dump.nelts, 3);
    d = cycle.config_dump.elts;
    check_str(&d[0].name, "main.conf");
    check_str(&d[0].text, "include inc.conf;\ninclude conf.d/*.conf;\n");
    check_str(&d[1].name, "inc.conf");
    check_str(&d[1].text, "t_num 1;\n");
    check_str(&d[2].name, "conf.d/x.conf");
    check_str(&d[2].text, "t_size 2k;\n");
}
END_TEST


START_TEST(test_no_dump_without_flag)
{
    ck_assert_int_eq(parse_text("t_num 1;\n"), RP_OK);
    ck_assert_uint_eq(cycle.config_dump.nelts, 0);
}
END_TEST


/* --- robustness ---------------------------------------------------------- */

static const char  *valid_configs[] = {
    "t_flag on;\n"
    "t_num 42; # comment\n"
    "t_block {\n"
    "    s_num 7;\n"
    "    s_flag off;\n"
    "}\n"
    "t_types {\n"
    "    text/html html;\n"
    "}\n"
    "t_str \"a \\\"quoted\\\" ${var} value\";\n"
    "t_multi 'x' y\\;z $w;\n",

    "include inc.conf;\n"
    "t_msec 1h30m;\n"
    "t_mask get head post;\n"
    "t_block { include s.conf; s_flag on; }\n",
};


/* Every prefix of a valid config parses to OK or to reported errors. */
START_TEST(test_every_prefix)
{
    char    buf[1024];
    size_t  i, len, n;
    int     rc;

    write_file("inc.conf", "t_num 1;\n");
    write_file("s.conf", "s_num 3;\n");

    for (i = 0; i < rp_nelems(valid_configs); i++) {
        n = strlen(valid_configs[i]);

        init_cycle();
        ck_assert_int_eq(parse_text(valid_configs[i]), RP_OK);
        ck_assert_uint_eq(cf.errors, 0);

        for (len = 0; len < n; len++) {
            init_cycle();
            memcpy(buf, valid_configs[i], len);
            buf[len] = '\0';

            rc = parse_text(buf);

            ck_assert(rc == RP_OK || rc == RP_ERROR);
            ck_assert((rc == RP_ERROR) == (cf.errors > 0));
            ck_assert_ptr_null(cf.file);
            ck_assert_ptr_null(cf.handler);
            ck_assert_uint_eq(cf.cmd_type, RP_MAIN_CONF);
        }
    }
}
END_TEST


static Suite *
rp_conf_parse_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_conf_parse");

    tc = tcase_create("values");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_values_every_setter);
    tcase_add_test(tc, test_values_flag_off_and_paths);
    tcase_add_test(tc, test_values_multi);
    tcase_add_test(tc, test_values_arg_counts);
    tcase_add_test(tc, test_block_switches_context);
    tcase_add_test(tc, test_handler_block);
    tcase_add_test(tc, test_handler_block_errors);
    tcase_add_test(tc, test_tokens_point_into_buffer);
    tcase_add_test(tc, test_parse_string);
    tcase_add_test(tc, test_parse_string_include_uses_prefix);
    tcase_add_test(tc, test_full_name);
    suite_add_tcase(s, tc);

    tc = tcase_create("dispatch errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_err_unknown_suggest);
    tcase_add_test(tc, test_err_unknown_suggest_other_module);
    tcase_add_test(tc, test_err_unknown_suggest_include);
    tcase_add_test(tc, test_err_unknown_no_suggestion);
    tcase_add_test(tc, test_err_not_allowed_context);
    tcase_add_test(tc, test_err_not_allowed_module_type);
    tcase_add_test(tc, test_err_arg_count);
    tcase_add_test(tc, test_err_too_many_args);
    tcase_add_test(tc, test_err_block_without_brace);
    tcase_add_test(tc, test_err_brace_without_block);
    tcase_add_test(tc, test_err_setter_failed_silently);
    suite_add_tcase(s, tc);

    tc = tcase_create("setter errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_err_duplicate);
    tcase_add_test(tc, test_err_duplicate_every_setter);
    tcase_add_test(tc, test_err_flag_value);
    tcase_add_test(tc, test_err_number);
    tcase_add_test(tc, test_err_size);
    tcase_add_test(tc, test_err_time);
    tcase_add_test(tc, test_err_bounds);
    tcase_add_test(tc, test_err_enum);
    tcase_add_test(tc, test_err_bitmask);
    suite_add_tcase(s, tc);

    tc = tcase_create("structure errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_err_unexpected_rbrace);
    tcase_add_test(tc, test_err_rbrace_ends_directive);
    tcase_add_test(tc, test_err_unexpected_lbrace);
    tcase_add_test(tc, test_err_unexpected_semicolon);
    tcase_add_test(tc, test_err_eof_in_block);
    tcase_add_test(tc, test_err_eof_in_directive);
    tcase_add_test(tc, test_err_lexer);
    tcase_add_test(tc, test_err_lexer_in_block_stops);
    tcase_add_test(tc, test_err_lexer_in_skipped_block);
    tcase_add_test(tc, test_err_keeps_going);
    tcase_add_test(tc, test_err_max_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("include");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_include_relative);
    tcase_add_test(tc, test_include_absolute);
    tcase_add_test(tc, test_include_glob_sorted);
    tcase_add_test(tc, test_include_glob_no_match);
    tcase_add_test(tc, test_include_missing);
    tcase_add_test(tc, test_include_missing_nested);
    tcase_add_test(tc, test_include_error_names_file);
    tcase_add_test(tc, test_include_loop);
    tcase_add_test(tc, test_include_self);
    tcase_add_test(tc, test_include_depth);
    tcase_add_test(tc, test_include_bad_forms);
    tcase_add_test(tc, test_include_in_block_keeps_context);
    tcase_add_test(tc, test_include_lexer_error_stops_all);
    tcase_add_test(tc, test_include_unclosed_block_in_file);
    tcase_add_test(tc, test_top_level_missing);
    tcase_add_test(tc, test_dump);
    tcase_add_test(tc, test_no_dump_without_flag);
    suite_add_tcase(s, tc);

    tc = tcase_create("robustness");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_every_prefix);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_conf_parse_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
