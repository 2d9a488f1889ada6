/*
 * test_rp_http_vars.h - the fixture shared by the variable, complex
 * value and map tests (test_rp_http_variables.c, test_rp_http_script.c,
 * test_rp_http_map.c).
 *
 * Each test parses a real proxy.conf through the real parser with the
 * real module list, plus one test module: its "t_var VALUE;" directive
 * (any http level, repeatable) compiles VALUE as a complex value and
 * keeps it, so a test can evaluate "$host" or "a${uri}b" exactly as a
 * directive would; "t_cv VALUE;" stores one through
 * rp_http_set_complex_value_slot; "t_regex RE;" ("t_regex_i": caseless)
 * compiles RE with rp_http_regex_compile; and its pre/postconfiguration
 * hooks call
 * rp_http_variables_add_core_vars / rp_http_variables_init (both act
 * once per http block, so this is harmless once rp_http.c calls them
 * too).  A request is then built by hand: a pool, the http-level confs,
 * a real loopback TCP connection (for $server_addr and ports), headers
 * and the request-line fields.  The cycle, temp dir and captured log
 * are the t/lib/rp_test_conf.h fixture; errors are compared byte for
 * byte, position included.
 */

#ifndef TEST_RP_HTTP_VARS_H
#define TEST_RP_HTTP_VARS_H

#include "rp_config.h"

#include <sys/socket.h>
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>

#include "rp_core.h"
#include "rp_conf.h"
#include "rp_listen.h"
#include "rp_module.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_request.h"
#include "rp_http_script.h"
#include "rp_http_variables.h"
#include "rp_regex.h"
#include "rp_test_conf.h"

#define TV_MAX  64

/* not every test file uses every helper below */
#pragma GCC diagnostic ignored "-Wunused-function"

extern struct rp_module  *rp_modules_list[];

/* what "t_var" compiled, in config order */
static struct rp_http_complex_value  tv_cv[TV_MAX];
static size_t                        tv_n;

/* what "t_regex" / "t_regex_i" compiled, in config order */
static struct rp_regex              *tv_re[TV_MAX];
static size_t                        tv_nre;

/* the hand-built request */
static struct rp_pool               *rpool;
static struct rp_connection          tv_conn;
static struct rp_http_connection     tv_hc;
static struct rp_http_request        req;
static struct rp_http_request       *r = &req;
static int                           tv_fds[3] = { -1, -1, -1 };
static int                           tv_listen_port;
static int                           tv_client_port;


/* --- the test module ----------------------------------------------------- */

/* its http-level conf: "t_cv VALUE;" fills <cv> with the generic slot */
struct tv_conf {
    struct rp_http_complex_value  *cv;
};


static void *
tv_create_main_conf(struct rp_conf *cfp)
{
    return rp_pcalloc(cfp->pool, sizeof(struct tv_conf));
}


static int
tv_set_var(struct rp_conf *cfp, const struct rp_command *cmd, void *conf)
{
    ck_assert_uint_lt(tv_n, TV_MAX);

    if (rp_http_compile_complex_value(cfp, rp_conf_arg(cfp, 1), &tv_cv[tv_n])
        != RP_OK)
    {
        return RP_ERROR;
    }

    tv_n++;

    return RP_OK;
}


static int
tv_set_regex(struct rp_conf *cfp, const struct rp_command *cmd, void *conf)
{
    ck_assert_uint_lt(tv_nre, TV_MAX);

    tv_re[tv_nre] = rp_http_regex_compile(cfp, &rp_conf_arg(cfp, 1)->value,
                                          cmd->offset ? RP_REGEX_CASELESS
                                                      : 0);
    if (tv_re[tv_nre] == NULL) {
        return RP_ERROR;
    }

    tv_nre++;

    return RP_OK;
}


static int
tv_preconfiguration(struct rp_conf *cfp)
{
    return rp_http_variables_add_core_vars(cfp);
}


static int
tv_postconfiguration(struct rp_conf *cfp)
{
    return rp_http_variables_init(cfp);
}


static const struct rp_command  tv_commands[] = {
    { "t_var", RP_HTTP_MAIN_CONF | RP_HTTP_SRV_CONF | RP_HTTP_LOC_CONF
               | RP_CONF_TAKE1 | RP_CONF_MULTI,
      tv_set_var, RP_HTTP_MAIN_CONF_OFFSET, 0, NULL },
    { "t_cv", RP_HTTP_MAIN_CONF | RP_CONF_TAKE1,
      rp_http_set_complex_value_slot, RP_HTTP_MAIN_CONF_OFFSET,
      offsetof(struct tv_conf, cv), NULL },
    { "t_regex", RP_HTTP_MAIN_CONF | RP_CONF_TAKE1 | RP_CONF_MULTI,
      tv_set_regex, RP_HTTP_MAIN_CONF_OFFSET, 0, NULL },
    { "t_regex_i", RP_HTTP_MAIN_CONF | RP_CONF_TAKE1 | RP_CONF_MULTI,
      tv_set_regex, RP_HTTP_MAIN_CONF_OFFSET, 1, NULL },
    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_http_module_ctx  tv_module_ctx = {
    tv_preconfiguration, tv_postconfiguration,
    tv_create_main_conf, NULL, NULL, NULL, NULL, NULL
};

static struct rp_module  tv_module = {
    "test_vars_module", RP_HTTP_MODULE, &tv_module_ctx, tv_commands,
    NULL, NULL, NULL, 0, 0
};

static struct rp_module  *tv_modules[64];


/* --- fixture ------------------------------------------------------------- */

/* Forget what the test module compiled, for a fresh config. */
static void
tv_clear(void)
{
    memset(tv_cv, 0, sizeof(tv_cv));
    tv_n = 0;
    memset(tv_re, 0, sizeof(tv_re));
    tv_nre = 0;
}


/* A loopback TCP connection: tv_fds[1] is the server side. */
static void
tv_connect(void)
{
    struct sockaddr_in  sin;
    socklen_t           len;

    tv_fds[0] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(tv_fds[0], 0);

    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(bind(tv_fds[0], (struct sockaddr *) &sin, sizeof(sin)),
                     0);
    ck_assert_int_eq(listen(tv_fds[0], 4), 0);
    len = sizeof(sin);
    ck_assert_int_eq(getsockname(tv_fds[0], (struct sockaddr *) &sin, &len),
                     0);
    tv_listen_port = ntohs(sin.sin_port);

    tv_fds[2] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(tv_fds[2], 0);
    ck_assert_int_eq(connect(tv_fds[2], (struct sockaddr *) &sin,
                             sizeof(sin)), 0);

    memset(&tv_conn, 0, sizeof(tv_conn));
    len = sizeof(tv_conn.sockaddr);
    tv_fds[1] = accept(tv_fds[0], (struct sockaddr *) &tv_conn.sockaddr,
                       &len);
    ck_assert_int_ge(tv_fds[1], 0);
    tv_conn.socklen = len;
    tv_client_port = ntohs(((struct sockaddr_in *) &tv_conn.sockaddr)
                           ->sin_port);
}


static void
tv_setup(void)
{
    size_t  i;

    for (i = 0; rp_modules_list[i]; i++) {
        tv_modules[i] = rp_modules_list[i];
    }

    tv_modules[i++] = &tv_module;
    tv_modules[i] = NULL;
    rp_test_conf_setup(tv_modules);

    rpool = NULL;
    tv_clear();
    tv_connect();
    rp_time_update();
}


static void
tv_teardown(void)
{
    int  i;

    if (rpool) {
        rp_pool_destroy(rpool);
    }

    for (i = 0; i < 3; i++) {
        if (tv_fds[i] != -1) {
            close(tv_fds[i]);
            tv_fds[i] = -1;
        }
    }

    rp_test_conf_teardown();
}


/* --- config helpers ------------------------------------------------------ */

/* Write "http {\n<body>}\n" to main.conf and parse it. */
static int
parse_http(const char *body)
{
    return rp_test_conf_parse_http(body);
}


static const char *
logged(void)
{
    return rp_test_conf_logged();
}


/* A fresh cycle and an empty log, for another config in one test. */
static void
reset(void)
{
    rp_test_conf_reset();
    tv_clear();
}


/* Parsing "http { <body> }" fails with exactly the line "<msg>\n". */
static void
expect_error(const char *body, const char *msg)
{
    tv_clear();
    rp_test_conf_expect_error(body, msg);
}


/* Parse <body>, which must be valid. */
static void
parse_ok(const char *body)
{
    tv_clear();
    rp_test_conf_parse_ok(body);
}


static struct rp_http_core_main_conf *
tv_cmcf(void)
{
    struct rp_http_conf_ctx  *ctx;

    ctx = rp_http_get_ctx(rp_test_conf_cycle());
    ck_assert_ptr_nonnull(ctx);

    return rp_http_ctx_main_conf(ctx, &rp_http_core_module);
}


/* The test module's http-level conf. */
static struct tv_conf *
tv_conf(void)
{
    return rp_http_ctx_main_conf(rp_http_get_ctx(rp_test_conf_cycle()),
                                 &tv_module);
}


/* --- the request --------------------------------------------------------- */

static void
tv_str(struct rp_str *s, const char *text)
{
    s->len = strlen(text);
    s->data = (u_char *) text;
}


/*
 * A request on the loopback connection, for the first server of the
 * config (or the http level without one), with no headers yet.
 */
static void
new_request(void)
{
    struct rp_http_conf_ctx          *ctx;
    struct rp_http_core_main_conf    *cmcf;
    struct rp_http_core_srv_conf    **cscf;
    size_t                            n;

    if (rpool) {
        rp_pool_destroy(rpool);
    }

    rpool = rp_pool_create(1024, 0, NULL);
    ck_assert_ptr_nonnull(rpool);

    ctx = rp_http_get_ctx(rp_test_conf_cycle());
    ck_assert_ptr_nonnull(ctx);
    cmcf = rp_http_ctx_main_conf(ctx, &rp_http_core_module);

    if (cmcf->servers.nelts) {
        cscf = cmcf->servers.elts;
        ctx = cscf[0]->ctx;
    }

    tv_conn.fd = tv_fds[1];
    tv_conn.log = *rp_test_conf_log();
    tv_conn.number = 4242;
    tv_conn.pool = rpool;
    tv_str(&tv_conn.addr_text, "127.0.0.1");

    memset(&tv_hc, 0, sizeof(tv_hc));
    tv_hc.requests = 7;

    memset(&req, 0, sizeof(req));
    r->connection = &tv_conn;
    r->hc = &tv_hc;
    r->pool = rpool;
    r->main_conf = ctx->main_conf;
    r->srv_conf = ctx->srv_conf;
    r->loc_conf = ctx->loc_conf;

    n = rp_http_variables_count(cmcf);
    r->variables = rp_pcalloc(rpool, (n + 1)
                                     * sizeof(struct rp_http_variable_value));
    ck_assert_ptr_nonnull(r->variables);

    ck_assert_int_eq(rp_array_init(&r->headers_in.headers, rpool, 4,
                                   sizeof(struct rp_http_header)), RP_OK);
    ck_assert_int_eq(rp_array_init(&r->headers_out.headers, rpool, 4,
                                   sizeof(struct rp_http_header)), RP_OK);

    r->headers_in.content_length_n = -1;
    r->headers_out.content_length_n = -1;
    r->headers_out.last_modified_time = -1;
    r->http_version = RP_HTTP_VERSION_11;
    r->start_msec = rp_current_msec;
    r->start_sec = rp_time_wall;
}


/* Append a header to <list> as the parser would; returns it. */
static struct rp_http_header *
add_header(struct rp_array *list, const char *name, const char *value)
{
    struct rp_http_header  *h;
    size_t                  i;

    h = rp_array_push(list);
    ck_assert_ptr_nonnull(h);
    tv_str(&h->name, name);
    tv_str(&h->value, value);
    h->lowcase_key = rp_palloc(rpool, h->name.len + 1);
    ck_assert_ptr_nonnull(h->lowcase_key);
    h->hash = 0;

    for (i = 0; i < h->name.len; i++) {
        h->lowcase_key[i] = rp_tolower(h->name.data[i]);
        h->hash = rp_http_hash(h->hash, h->lowcase_key[i]);
    }

    h->hash = h->hash ? h->hash : 1;

    return h;
}


/* The value of t_var number <i> for the request, NUL-terminated. */
static const char *
eval(size_t i)
{
    static char    buf[4096];
    struct rp_str  out;

    ck_assert_uint_lt(i, tv_n);
    ck_assert_int_eq(rp_http_complex_value(r, &tv_cv[i], &out), RP_OK);
    ck_assert_uint_lt(out.len, sizeof(buf));
    memcpy(buf, out.data, out.len);
    buf[out.len] = '\0';

    return buf;
}


/* The index behind t_var number <i>, which must be exactly one "$name". */
static size_t
var_index(size_t i)
{
    ck_assert_uint_lt(i, tv_n);
    ck_assert_uint_eq(tv_cv[i].nparts, 1);
    ck_assert_uint_ne(tv_cv[i].parts[0].index, (size_t) -1);

    return tv_cv[i].parts[0].index;
}


static int
tv_main(Suite *s)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif /* TEST_RP_HTTP_VARS_H */
