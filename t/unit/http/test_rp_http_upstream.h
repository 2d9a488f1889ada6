/*
 * test_rp_http_upstream.h - the fixture shared by the upstream tests
 * (test_rp_http_upstream.c: config and balancer;
 * test_rp_http_upstream_keepalive.c: the keep-alive cache).
 *
 * On top of test_rp_http_vars.h (the real parser and module list), a
 * test module whose "t_upstream URL;" ("t_upstream_tls": default port
 * 443) calls rp_http_upstream_add() the way proxy_pass does, and
 * helpers to find a declared group.  The clock starts at a fixed fake
 * time so fail windows are exact.
 */

#ifndef TEST_RP_HTTP_UPSTREAM_H
#define TEST_RP_HTTP_UPSTREAM_H

#include "test_rp_http_vars.h"

#include <sys/socket.h>

#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http_upstream.h"

#define TU_MAX  16

/* the group a test works on */
static struct rp_http_upstream_srv_conf  *tu_us;


/* --- a module that adds groups like proxy_pass --------------------------- */

static struct rp_http_upstream_srv_conf  *tu_added[TU_MAX];
static size_t                             tu_nadded;


static int
tu_set_upstream(struct rp_conf *cfp, const struct rp_command *cmd,
    void *conf)
{
    ck_assert_uint_lt(tu_nadded, TU_MAX);

    tu_added[tu_nadded] = rp_http_upstream_add(cfp,
                                               &rp_conf_arg(cfp, 1)->value,
                                               (in_port_t) cmd->offset);
    if (tu_added[tu_nadded] == NULL) {
        return RP_ERROR;
    }

    tu_nadded++;

    return RP_OK;
}


static const struct rp_command  tu_commands[] = {
    { "t_upstream", RP_HTTP_MAIN_CONF | RP_HTTP_SRV_CONF | RP_HTTP_LOC_CONF
                    | RP_CONF_TAKE1 | RP_CONF_MULTI,
      tu_set_upstream, RP_HTTP_LOC_CONF_OFFSET, 80, NULL },
    { "t_upstream_tls", RP_HTTP_MAIN_CONF | RP_HTTP_SRV_CONF
                        | RP_HTTP_LOC_CONF | RP_CONF_TAKE1 | RP_CONF_MULTI,
      tu_set_upstream, RP_HTTP_LOC_CONF_OFFSET, 443, NULL },
    { NULL, 0, NULL, 0, 0, NULL }
};

static const struct rp_http_module_ctx  tu_module_ctx = {
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
};

static struct rp_module  tu_module = {
    "test_upstream_module", RP_HTTP_MODULE, &tu_module_ctx, tu_commands,
    NULL, NULL, NULL, 0, 0
};


static void
tu_setup(void)
{
    size_t  i;

    tv_setup();

    for (i = 0; tv_modules[i]; i++) {
        /* void */
    }

    tv_modules[i++] = &tu_module;
    tv_modules[i] = NULL;
    rp_modules_init(tv_modules);
    tu_nadded = 0;
    rp_current_msec = 1000000;
}


/* Parse <body>, which must be valid; tu_nadded restarts. */
static void
tu_parse_ok(const char *body)
{
    tu_nadded = 0;
    parse_ok(body);
}


/* The declared group <name> (found as a request would). */
static struct rp_http_upstream_srv_conf *
group(const char *name)
{
    struct rp_str                      n;
    struct rp_http_upstream_srv_conf  *us;

    new_request();
    tv_str(&n, name);
    us = rp_http_upstream_find(r, &n);
    ck_assert_ptr_nonnull(us);

    return us;
}


static in_port_t
tu_port(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET6) {
        return ntohs(((const struct sockaddr_in6 *) sa)->sin6_port);
    }

    return ntohs(((const struct sockaddr_in *) sa)->sin_port);
}


/* Parse <body> and make its group <name> the one under test. */
static void
tu_use(const char *body, const char *name)
{
    tu_parse_ok(body);
    tu_us = group(name);
}

#endif /* TEST_RP_HTTP_UPSTREAM_H */
