/*
 * test_rp_http_upstream.c - upstream groups, the round robin balancer
 * and the keep-alive cache (src/http/rp_http_upstream*.c).
 *
 * Configs go through the real parser with the real module list (the
 * fixture of test_rp_http_vars.h) plus a test module whose "t_upstream
 * URL;" calls rp_http_upstream_add() the way proxy_pass does.  The
 * balancer is driven through its public functions with a fake clock
 * (rp_current_msec is set by hand).  The keep-alive cache holds real
 * socketpair connections in a real event loop, so closes are seen as
 * EOF on the other end and timeouts fire from the timer heap.
 */

#include "test_rp_http_vars.h"

#include <sys/socket.h>

#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http_upstream.h"

#define TU_MAX  16


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


/* --- config ------------------------------------------------------------- */

START_TEST(test_server_parameters)
{
    struct rp_http_upstream_server    *s;
    struct rp_http_upstream_srv_conf  *us;

    tu_parse_ok("upstream backend {\n"
                "    server 127.0.0.1:8001 weight=5 max_fails=3 "
                "fail_timeout=30s max_conns=7;\n"
                "    server [::1]:8002 down;\n"
                "    server localhost backup max_fails=0;\n"
                "    keepalive 16;\n"
                "    keepalive_timeout 5s;\n"
                "    keepalive_requests 50;\n"
                "}\n"
                "upstream plain {\n"
                "    server 127.0.0.1;\n"
                "}\n");

    us = group("BACKEND");
    ck_assert(!us->implicit);
    ck_assert_uint_eq(us->servers.nelts, 3);
    s = us->servers.elts;

    ck_assert_uint_eq(s[0].name.len, 14);
    ck_assert_int_eq(memcmp(s[0].name.data, "127.0.0.1:8001", 14), 0);
    ck_assert_int_eq(s[0].weight, 5);
    ck_assert_int_eq(s[0].max_fails, 3);
    ck_assert_int_eq(s[0].fail_timeout, 30000);
    ck_assert_int_eq(s[0].max_conns, 7);
    ck_assert(!s[0].backup && !s[0].down);
    ck_assert_int_eq(s[0].sockaddr.ss_family, AF_INET);
    ck_assert_uint_eq(tu_port((struct sockaddr *) &s[0].sockaddr), 8001);

    ck_assert(s[1].down);
    ck_assert_int_eq(s[1].sockaddr.ss_family, AF_INET6);
    ck_assert_uint_eq(tu_port((struct sockaddr *) &s[1].sockaddr), 8002);

    /* a name: its first address, port 80 */
    ck_assert(s[2].backup);
    ck_assert_int_eq(s[2].max_fails, 0);
    ck_assert_uint_eq(tu_port((struct sockaddr *) &s[2].sockaddr), 80);

    ck_assert_int_eq(us->keepalive, 16);
    ck_assert_int_eq(us->keepalive_timeout, 5000);
    ck_assert_int_eq(us->keepalive_requests, 50);
    ck_assert_ptr_nonnull(us->keepalive_cache);
    ck_assert_ptr_eq(us->balancer, &rp_http_upstream_round_robin);

    /* peers: two primary (one down), one backup */
    ck_assert_uint_eq(us->peers->number, 2);
    ck_assert_int_eq(us->peers->total_weight, 6);
    ck_assert(us->peers->peer[1].down);
    ck_assert_ptr_nonnull(us->peers->backup);
    ck_assert_uint_eq(us->peers->backup->number, 1);
    ck_assert_ptr_null(us->peers->backup->backup);

    /* defaults */
    us = group("plain");
    s = us->servers.elts;
    ck_assert_int_eq(s[0].weight, 1);
    ck_assert_int_eq(s[0].max_fails, 1);
    ck_assert_int_eq(s[0].fail_timeout, 10000);
    ck_assert_int_eq(s[0].max_conns, 0);
    ck_assert_uint_eq(tu_port((struct sockaddr *) &s[0].sockaddr), 80);
    ck_assert_int_eq(us->keepalive, 0);
    ck_assert_int_eq(us->keepalive_timeout, 60000);
    ck_assert_int_eq(us->keepalive_requests, 1000);
    ck_assert_ptr_null(us->keepalive_cache);
    ck_assert_ptr_null(us->peers->backup);
}
END_TEST


START_TEST(test_server_errors)
{
    static const struct {
        const char  *line;
        const char  *msg;
    } cases[] = {
        { "    server 127.0.0.1:8080 foo;\n",
          "invalid parameter \"foo\" in main.conf:3:27" },
        { "    server 127.0.0.1:8080 weight=0;\n",
          "invalid parameter \"weight=0\" in main.conf:3:27" },
        { "    server 127.0.0.1:8080 weight=x;\n",
          "invalid parameter \"weight=x\" in main.conf:3:27" },
        { "    server 127.0.0.1:8080 weight=;\n",
          "invalid parameter \"weight=\" in main.conf:3:27" },
        { "    server 127.0.0.1:8080 weight=1000001;\n",
          "invalid parameter \"weight=1000001\" in main.conf:3:27" },
        { "    server 127.0.0.1:8080 max_fails=-1;\n",
          "invalid parameter \"max_fails=-1\" in main.conf:3:27" },
        { "    server 127.0.0.1:8080 fail_timeout=10x;\n",
          "invalid parameter \"fail_timeout=10x\" in main.conf:3:27" },
        { "    server 127.0.0.1:8080 max_conns=1k;\n",
          "invalid parameter \"max_conns=1k\" in main.conf:3:27" },
        { "    server 127.0.0.1:8080 Backup;\n",
          "invalid parameter \"Backup\" in main.conf:3:27" },
        { "    server nonexistent.invalid;\n",
          "host not found in upstream \"nonexistent.invalid\" in "
          "main.conf:3:12" },
        { "    server 127.0.0.1:0;\n",
          "invalid port in upstream \"127.0.0.1:0\" in main.conf:3:12" },
        { "    server 127.0.0.1:65536;\n",
          "invalid port in upstream \"127.0.0.1:65536\" in main.conf:3:12" },
        { "    server 8080;\n",
          "no host in upstream \"8080\" in main.conf:3:12" },
        { "    server *:8080;\n",
          "invalid host in upstream \"*:8080\" in main.conf:3:12" },
        { "    server ::1;\n",
          "IPv6 address must be enclosed in brackets in upstream \"::1\" "
          "in main.conf:3:12" },
        { "    server;\n",
          "invalid number of arguments in \"server\" directive in "
          "main.conf:3:5" },
        { "    keepalive 0;\n",
          "value \"0\" in \"keepalive\" directive must be between 1 and "
          "65536 in main.conf:3:15" },
        { "    keepalive 65537;\n",
          "value \"65537\" in \"keepalive\" directive must be between 1 and "
          "65536 in main.conf:3:15" },
        { "    keepalive x;\n",
          "invalid number \"x\" in \"keepalive\" directive in "
          "main.conf:3:15" },
        { "    keepalive_timeout 0;\n",
          "value \"0\" in \"keepalive_timeout\" directive must be between 1 "
          "and 604800000 in main.conf:3:23" },
        { "    keepalive_timeout 1x;\n",
          "invalid time \"1x\" in \"keepalive_timeout\" directive in "
          "main.conf:3:23" },
        { "    keepalive_requests 0;\n",
          "value \"0\" in \"keepalive_requests\" directive must be between 1 "
          "and 1000000000 in main.conf:3:24" },
        { "    keepalive 1;\n    keepalive 2;\n",
          "\"keepalive\" directive is duplicate in main.conf:4:5" },
        { "    server 127.0.0.1 backup;\n",
          "no servers are inside upstream \"u\" but backup ones in "
          "main.conf:2:1" },
    };
    char    body[512];
    size_t  i;

    for (i = 0; i < rp_nelems(cases); i++) {
        snprintf(body, sizeof(body), "upstream u {\n%s"
                 "    server 127.0.0.1:9 down;\n}\n", cases[i].line);

        /* the down server is there so "no servers" is not the error */
        if (strstr(cases[i].line, "backup")) {
            snprintf(body, sizeof(body), "upstream u {\n%s}\n",
                     cases[i].line);
        }

        reset();
        ck_assert_int_eq(parse_http(body), RP_ERROR);

        ck_assert_msg(strstr(logged(), cases[i].msg) != NULL,
                      "%s: got \"%s\", want \"%s\"", cases[i].line, logged(),
                      cases[i].msg);
        ck_assert_msg(strchr(logged(), '\n') == logged() + strlen(logged())
                      - 1, "one line only: %s", logged());
    }
}
END_TEST


START_TEST(test_block_errors)
{
    expect_error("upstream u {\n}\n",
                 "no servers are inside upstream in main.conf:2:1");

    expect_error("upstream u {\n    server 127.0.0.1;\n}\n"
                 "upstream U {\n    server 127.0.0.2;\n}\n",
                 "duplicate upstream \"U\" in main.conf:5:10");

    expect_error("server {\n    upstream u {\n        server 127.0.0.1;\n"
                 "    }\n}\n",
                 "\"upstream\" directive is not allowed here in "
                 "main.conf:3:5");

    expect_error("keepalive 4;\n",
                 "\"keepalive\" directive is not allowed here in "
                 "main.conf:2:1");

    expect_error("upstream u {\n    server 127.0.0.1;\n    listen 80;\n}\n",
                 "\"listen\" directive is not allowed here in "
                 "main.conf:4:5");

    expect_error("upstream u;\n",
                 "directive \"upstream\" has no opening \"{\" in "
                 "main.conf:2:1");
}
END_TEST


START_TEST(test_implicit_groups)
{
    struct rp_http_upstream_server    *s;
    struct rp_http_upstream_srv_conf  *b;

    tu_parse_ok("t_upstream backend;\n"                 /* before */
                "upstream backend {\n"
                "    server 127.0.0.1:8001;\n"
                "    server 127.0.0.1:8002;\n"
                "    keepalive 4;\n"
                "}\n"
                "t_upstream Backend;\n"                 /* after */
                "t_upstream 127.0.0.1:9000;\n"
                "t_upstream 127.0.0.1:9000;\n"
                "t_upstream [::1];\n"
                "t_upstream_tls localhost;\n"
                "t_upstream localhost;\n");

    ck_assert_uint_eq(tu_nadded, 7);
    b = group("backend");

    /* a name of a block, before or after it: that group */
    ck_assert_ptr_eq(tu_added[1], b);
    ck_assert_ptr_eq(tu_added[0]->peers, b->peers);
    ck_assert_ptr_eq(tu_added[0]->keepalive_cache, b->keepalive_cache);
    ck_assert_int_eq(tu_added[0]->keepalive, 4);
    ck_assert_ptr_eq(tu_added[0]->balancer, b->balancer);

    /* host:port: one server, shared by equal proxy_pass targets */
    ck_assert(tu_added[2]->implicit);
    ck_assert_ptr_eq(tu_added[2], tu_added[3]);
    ck_assert_uint_eq(tu_added[2]->servers.nelts, 1);
    ck_assert_uint_eq(tu_added[2]->port, 9000);
    s = tu_added[2]->servers.elts;
    ck_assert_uint_eq(tu_port((struct sockaddr *) &s->sockaddr), 9000);
    ck_assert_uint_eq(s->name.len, strlen("127.0.0.1:9000"));
    ck_assert_int_eq(memcmp(s->name.data, "127.0.0.1:9000", s->name.len), 0);
    ck_assert_uint_eq(tu_added[2]->peers->number, 1);
    ck_assert_ptr_null(tu_added[2]->keepalive_cache);

    s = tu_added[4]->servers.elts;
    ck_assert_int_eq(s->sockaddr.ss_family, AF_INET6);
    ck_assert_uint_eq(tu_port((struct sockaddr *) &s->sockaddr), 80);

    /* the default port is the scheme's */
    ck_assert_ptr_ne(tu_added[5], tu_added[6]);
    s = tu_added[5]->servers.elts;
    ck_assert_uint_eq(tu_port((struct sockaddr *) &s->sockaddr), 443);
    s = tu_added[6]->servers.elts;
    ck_assert_uint_eq(tu_port((struct sockaddr *) &s->sockaddr), 80);

    /* find: declared groups only, case-insensitively */
    new_request();
    ck_assert_ptr_eq(rp_http_upstream_find(r, &(struct rp_str)
                                           rp_string("BackEnd")), b);
    ck_assert_ptr_null(rp_http_upstream_find(r, &(struct rp_str)
                                             rp_string("localhost")));
    ck_assert_ptr_null(rp_http_upstream_find(r, &(struct rp_str)
                                             rp_string("backen")));
}
END_TEST


START_TEST(test_implicit_errors)
{
    /* the block first: reported at the proxy_pass */
    expect_error("upstream b {\n    server 127.0.0.1;\n}\n"
                 "t_upstream b:8080;\n",
                 "upstream \"b\" may not have port 8080 in main.conf:5:12");

    /* the block after: found at the end of http, same place */
    expect_error("server {\n    t_upstream b:8080;\n}\n"
                 "upstream b {\n    server 127.0.0.1;\n}\n",
                 "upstream \"b\" may not have port 8080 in main.conf:3:16");

    expect_error("t_upstream nonexistent.invalid;\n",
                 "host not found in upstream \"nonexistent.invalid:80\" in "
                 "main.conf:2:12");

    expect_error("t_upstream 127.0.0.1:http;\n",
                 "invalid port in upstream \"127.0.0.1:http\" in "
                 "main.conf:2:12");
}
END_TEST


/* --- round robin -------------------------------------------------------- */

static struct rp_http_upstream_srv_conf  *tu_us;


/* A new attempt state for the current request of group tu_us. */
static void *
tu_state(struct rp_http_upstream_pc *pc)
{
    void  *state;

    memset(pc, 0, sizeof(*pc));
    ck_assert_int_eq(tu_us->balancer->init_request(r, tu_us, &state), RP_OK);

    return state;
}


/* Which server (a, b, c...: port 8001, 8002...) pc points at. */
static char
tu_letter(const struct rp_http_upstream_pc *pc)
{
    ck_assert_ptr_nonnull(pc->peer);
    ck_assert_ptr_eq(pc->sockaddr, &pc->peer->server->sockaddr);
    ck_assert_ptr_eq(pc->name, &pc->peer->name);

    return (char) ('a' + tu_port(pc->sockaddr) - 8001);
}


/* One request that picks a peer and succeeds at once: its letter. */
static char
tu_pick(unsigned outcome)
{
    char                         c;
    void                        *st;
    struct rp_http_upstream_pc   pc;

    st = tu_state(&pc);
    ck_assert_int_eq(tu_us->balancer->get(st, &pc), RP_OK);
    c = tu_letter(&pc);
    tu_us->balancer->free(st, &pc, outcome, 1);

    return c;
}


static void
tu_use(const char *body, const char *name)
{
    tu_parse_ok(body);
    tu_us = group(name);
}


START_TEST(test_smooth_wrr_sequence)
{
    char    seq[15];
    size_t  i;

    tu_use("upstream w {\n"
           "    server 127.0.0.1:8001 weight=5;\n"
           "    server 127.0.0.1:8002;\n"
           "    server 127.0.0.1:8003;\n"
           "}\n", "w");

    for (i = 0; i < 14; i++) {
        seq[i] = tu_pick(RP_UPSTREAM_OK);
    }

    seq[14] = '\0';

    /* nginx's sequence, and it repeats every total weight */
    ck_assert_str_eq(seq, "aabacaaaabacaa");
}
END_TEST


START_TEST(test_wrr_ratio)
{
    size_t    i;
    unsigned  n[2] = { 0, 0 };
    char      c, prev;
    unsigned  run, longest;

    tu_use("upstream w {\n"
           "    server 127.0.0.1:8001 weight=3;\n"
           "    server 127.0.0.1:8002 weight=1;\n"
           "}\n", "w");

    prev = 0;
    run = 0;
    longest = 0;

    for (i = 0; i < 4000; i++) {
        c = tu_pick(RP_UPSTREAM_OK);
        n[c - 'a']++;
        run = (c == prev) ? run + 1 : 1;
        longest = rp_max(longest, run);
        prev = c;
    }

    ck_assert_uint_eq(n[0], 3000);
    ck_assert_uint_eq(n[1], 1000);
    /* smooth: "a" never comes more than 3 times in a row */
    ck_assert_uint_eq(longest, 3);
}
END_TEST


START_TEST(test_down_and_backup)
{
    size_t  i;

    tu_use("upstream d {\n"
           "    server 127.0.0.1:8001 down;\n"
           "    server 127.0.0.1:8002;\n"
           "    server 127.0.0.1:8003 backup;\n"
           "}\n", "d");

    /* down is never picked; the backup not while a primary lives */
    for (i = 0; i < 20; i++) {
        ck_assert_int_eq(tu_pick(RP_UPSTREAM_OK), 'b');
    }

    /* b fails (max_fails=1): the backup takes over */
    ck_assert_int_eq(tu_pick(RP_UPSTREAM_FAIL_CONNECT), 'b');

    for (i = 0; i < 5; i++) {
        ck_assert_int_eq(tu_pick(RP_UPSTREAM_OK), 'c');
    }

    /* every server down: declined, not busy */
    tu_use("upstream d {\n"
           "    server 127.0.0.1:8001 down;\n"
           "    server 127.0.0.1:8002 down backup;\n"
           "}\n", "d");
    {
        void                        *st;
        struct rp_http_upstream_pc   pc;

        st = tu_state(&pc);
        ck_assert_int_eq(tu_us->balancer->get(st, &pc), RP_DECLINED);
        ck_assert_ptr_null(pc.peer);
    }
}
END_TEST


START_TEST(test_max_fails_and_fail_timeout)
{
    size_t                       i;
    void                        *st;
    struct rp_http_upstream_pc   pc;

    tu_use("upstream f {\n"
           "    server 127.0.0.1:8001 max_fails=2 fail_timeout=10s;\n"
           "    server 127.0.0.1:8002;\n"
           "}\n", "f");

    /* two failures of a within the window */
    for (i = 0; i < 2; i++) {
        while (tu_pick(RP_UPSTREAM_OK) != 'b') {
            /* until b was just served, so a comes next */
        }

        ck_assert_int_eq(tu_pick(RP_UPSTREAM_FAIL_TIMEOUT), 'a');
        rp_current_msec += 1000;
    }

    ck_assert_int_eq(tu_us->peers->peer[0].fails, 2);

    /* a rests for fail_timeout after its last failure */
    for (i = 0; i < 20; i++) {
        ck_assert_int_eq(tu_pick(RP_UPSTREAM_OK), 'b');
    }

    rp_current_msec += 9000;                   /* 10 s after: still out */
    ck_assert_int_eq(tu_pick(RP_UPSTREAM_OK), 'b');

    /* past it: one request probes a, the others go to b meanwhile */
    rp_current_msec += 1;

    for (i = 0; i < 4; i++) {
        st = tu_state(&pc);
        ck_assert_int_eq(tu_us->balancer->get(st, &pc), RP_OK);

        if (tu_letter(&pc) == 'a') {
            break;
        }

        tu_us->balancer->free(st, &pc, RP_UPSTREAM_OK, 1);
    }

    ck_assert_int_eq(tu_letter(&pc), 'a');

    for (i = 0; i < 10; i++) {
        ck_assert_int_eq(tu_pick(RP_UPSTREAM_OK), 'b');
    }

    /* the probe fails: out for another fail_timeout */
    tu_us->balancer->free(st, &pc, RP_UPSTREAM_FAIL_CONNECT, 1);
    ck_assert_int_eq(tu_us->peers->peer[0].fails, 3);

    for (i = 0; i < 10; i++) {
        ck_assert_int_eq(tu_pick(RP_UPSTREAM_OK), 'b');
    }

    /* next probe succeeds: forgiven, back in the rotation */
    rp_current_msec += 10001;

    while (tu_pick(RP_UPSTREAM_OK) != 'a') {
        /* the probe */
    }

    ck_assert_int_eq(tu_us->peers->peer[0].fails, 0);
    ck_assert_int_eq(tu_pick(RP_UPSTREAM_OK) + tu_pick(RP_UPSTREAM_OK)
                     + tu_pick(RP_UPSTREAM_OK) + tu_pick(RP_UPSTREAM_OK),
                     'a' + 'a' + 'b' + 'b');
}
END_TEST


START_TEST(test_single_server_ignores_max_fails)
{
    size_t                       i;
    void                        *st;
    struct rp_http_upstream_pc   pc;

    tu_use("upstream s {\n    server 127.0.0.1:8001 max_fails=1;\n}\n",
           "s");

    for (i = 0; i < 5; i++) {
        st = tu_state(&pc);
        ck_assert_int_eq(tu_us->balancer->get(st, &pc), RP_OK);
        /* one try: the proxy does not retry (tries > 1 is false) */
        ck_assert_uint_eq(pc.tries, 1);
        tu_us->balancer->free(st, &pc, RP_UPSTREAM_FAIL_CONNECT, 1);
        ck_assert_uint_eq(pc.tries, 1);

        /* the same request does not get it twice */
        ck_assert_int_eq(tu_us->balancer->get(st, &pc), RP_DECLINED);
    }
}
END_TEST


START_TEST(test_max_conns)
{
    void                        *st[4];
    struct rp_http_upstream_pc   pc[4];
    char                         first;

    tu_use("upstream m {\n"
           "    server 127.0.0.1:8001 max_conns=1;\n"
           "    server 127.0.0.1:8002 max_conns=1;\n"
           "}\n", "m");

    st[0] = tu_state(&pc[0]);
    ck_assert_int_eq(tu_us->balancer->get(st[0], &pc[0]), RP_OK);
    first = tu_letter(&pc[0]);
    ck_assert_int_eq(tu_us->peers->peer[first - 'a'].conns, 1);

    st[1] = tu_state(&pc[1]);
    ck_assert_int_eq(tu_us->balancer->get(st[1], &pc[1]), RP_OK);
    ck_assert_int_ne(tu_letter(&pc[1]), first);

    /* both at max_conns: busy, not dead */
    st[2] = tu_state(&pc[2]);
    ck_assert_int_eq(tu_us->balancer->get(st[2], &pc[2]), RP_AGAIN);

    tu_us->balancer->free(st[0], &pc[0], RP_UPSTREAM_OK, 1);
    ck_assert_int_eq(tu_us->peers->peer[first - 'a'].conns, 0);

    st[3] = tu_state(&pc[3]);
    ck_assert_int_eq(tu_us->balancer->get(st[3], &pc[3]), RP_OK);
    ck_assert_int_eq(tu_letter(&pc[3]), first);

    /* a backup takes what the busy primaries cannot */
    tu_use("upstream m {\n"
           "    server 127.0.0.1:8001 max_conns=1;\n"
           "    server 127.0.0.1:8002 backup;\n"
           "}\n", "m");

    st[0] = tu_state(&pc[0]);
    ck_assert_int_eq(tu_us->balancer->get(st[0], &pc[0]), RP_OK);
    ck_assert_int_eq(tu_letter(&pc[0]), 'a');
    st[1] = tu_state(&pc[1]);
    ck_assert_int_eq(tu_us->balancer->get(st[1], &pc[1]), RP_OK);
    ck_assert_int_eq(tu_letter(&pc[1]), 'b');
}
END_TEST


START_TEST(test_retries_skip_tried_peers)
{
    char                         seen[4];
    size_t                       i;
    void                        *st;
    struct rp_http_upstream_pc   pc;

    tu_use("upstream t {\n"
           "    server 127.0.0.1:8001 weight=10;\n"
           "    server 127.0.0.1:8002 weight=10;\n"
           "    server 127.0.0.1:8003;\n"
           "    server 127.0.0.1:8004 backup;\n"
           "}\n", "t");

    st = tu_state(&pc);

    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(tu_us->balancer->get(st, &pc), RP_OK);
        ck_assert_uint_eq(pc.tries, 4 - i);
        seen[i] = tu_letter(&pc);
        tu_us->balancer->free(st, &pc, RP_UPSTREAM_FAIL_CONNECT, 1);
        ck_assert_int_eq(tu_letter(&pc), seen[i]);  /* still set */
        ck_assert_uint_eq(pc.tries, 4 - i);
        pc.tries--;                             /* the proxy's part */
    }

    /* every primary once (heavy ones first), then the backup */
    ck_assert(seen[0] != seen[1] && seen[0] != seen[2]
              && seen[1] != seen[2]);
    ck_assert_int_eq(seen[0] + seen[1] + seen[2], 'a' + 'b' + 'c');
    ck_assert_int_eq(seen[2], 'c');
    ck_assert_int_eq(seen[3], 'd');

    ck_assert_int_eq(tu_us->balancer->get(st, &pc), RP_DECLINED);
}
END_TEST


/* --- keep-alive cache --------------------------------------------------- */

static struct rp_cycle  tu_lcycle;
static struct rp_log    tu_llog;
static unsigned         tu_guard_fired;


static void
tu_loop_init(void)
{
    tu_llog = rp_log_stderr_log;
    tu_llog.level = RP_LOG_ERR;

    memset(&tu_lcycle, 0, sizeof(tu_lcycle));
    tu_lcycle.log = &tu_llog;
    tu_lcycle.pool = rp_pool_create(0, 0, &tu_llog);
    ck_assert_ptr_nonnull(tu_lcycle.pool);
    ck_assert_int_eq(rp_array_init(&tu_lcycle.listening, tu_lcycle.pool, 1,
                                   sizeof(struct rp_listening)), RP_OK);

    rp_time_update();
    ck_assert_int_eq(rp_event_loop_init(&tu_lcycle, 16), RP_OK);
}


static void
tu_loop_done(void)
{
    rp_connection_close_idle();
    rp_event_loop_done(&tu_lcycle);
    rp_pool_destroy(tu_lcycle.pool);
}


static void
tu_guard(struct rp_event *ev)
{
    tu_guard_fired = 1;
}


/* Run the loop until the cache of tu_us holds <n>, failing after 2 s. */
static void
tu_run_until_count(size_t n)
{
    struct rp_event  guard;

    memset(&guard, 0, sizeof(guard));
    guard.handler = tu_guard;
    guard.log = &tu_llog;
    tu_guard_fired = 0;
    ck_assert_int_eq(rp_event_add_timer(&guard, 2000), RP_OK);

    while (rp_http_upstream_keepalive_count(tu_us) != n && !tu_guard_fired) {
        rp_event_process(&tu_lcycle, NULL);
    }

    rp_event_del_timer(&guard);
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), n);
}


/* A connection on one end of a socketpair; *other gets the far end. */
static struct rp_connection *
tu_conn(int *other)
{
    int                    sv[2];
    struct rp_connection  *c;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK
                                         | SOCK_CLOEXEC, 0, sv), 0);
    c = rp_connection_get(sv[0], &tu_llog);
    ck_assert_ptr_nonnull(c);
    *other = sv[1];

    return c;
}


/* 1 if the far end <fd> sees the connection closed (EOF), 0 if open. */
static int
tu_closed(int fd)
{
    char     byte;
    ssize_t  n;

    n = read(fd, &byte, 1);

    /* closed with our unread bytes in it: a reset */
    if (n == -1 && errno == ECONNRESET) {
        return 1;
    }

    if (n == -1) {
        ck_assert_int_eq(errno, EAGAIN);
        return 0;
    }

    ck_assert_int_eq(n, 0);

    return 1;
}


static struct rp_http_upstream_peer *
tu_peer(size_t i)
{
    return &tu_us->peers->peer[i];
}


/* get() for peer <i>; checks what it hands back. */
static struct rp_connection *
tu_get(size_t i, unsigned *requests)
{
    struct rp_connection        *c;
    struct rp_http_upstream_pc   pc;

    memset(&pc, 0, sizeof(pc));
    pc.peer = tu_peer(i);
    c = rp_http_upstream_keepalive_get(tu_us, &pc);

    if (c) {
        ck_assert_ptr_eq(pc.cached, c);
        ck_assert(!c->read.timer_set);
        ck_assert(!c->idle);
        ck_assert_ptr_null(c->read.handler);
        ck_assert_ptr_null(c->data);
        ck_assert(c->read.active);
        *requests = pc.requests;
    }

    return c;
}


static void
tu_keepalive_setup(void)
{
    tu_setup();
    tu_use("upstream k {\n"
           "    server 127.0.0.1:8001;\n"
           "    server 127.0.0.1:8002;\n"
           "    keepalive 2;\n"
           "    keepalive_timeout 100ms;\n"
           "    keepalive_requests 5;\n"
           "}\n"
           "upstream none {\n    server 127.0.0.1:8001;\n}\n", "k");
    tu_loop_init();
}


static void
tu_keepalive_teardown(void)
{
    tu_loop_done();
    tv_teardown();
}


START_TEST(test_keepalive_lifo_per_peer)
{
    int                    o1, o2, o3;
    unsigned               nreq;
    struct rp_connection  *c1, *c2, *c3;

    c1 = tu_conn(&o1);
    c2 = tu_conn(&o2);

    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c1, 1);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c2, 2);
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 2);
    ck_assert(c1->idle && c2->idle);
    ck_assert(c1->read.timer_set);

    /* nothing for the other peer */
    ck_assert_ptr_null(tu_get(1, &nreq));

    /* the most recent first */
    ck_assert_ptr_eq(tu_get(0, &nreq), c2);
    ck_assert_uint_eq(nreq, 2);
    ck_assert_ptr_eq(tu_get(0, &nreq), c1);
    ck_assert_uint_eq(nreq, 1);
    ck_assert_ptr_null(tu_get(0, &nreq));
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 0);
    ck_assert(!tu_closed(o1) && !tu_closed(o2));

    /* matched to the peer, whatever the order */
    c3 = tu_conn(&o3);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(1), c1, 3);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c2, 3);
    ck_assert_ptr_eq(tu_get(1, &nreq), c1);
    ck_assert_ptr_eq(tu_get(0, &nreq), c2);

    /* an idle connection survives loop turns with nothing to read */
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c3, 1);
    rp_event_process(&tu_lcycle, NULL);
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 1);
    ck_assert(!tu_closed(o3));

    rp_connection_close(c1);
    rp_connection_close(c2);
}
END_TEST


START_TEST(test_keepalive_evicts_least_recently_used)
{
    int                    o[3];
    unsigned               nreq;
    struct rp_connection  *c[3];
    size_t                 i;

    for (i = 0; i < 3; i++) {
        c[i] = tu_conn(&o[i]);
        rp_http_upstream_keepalive_put(tu_us, tu_peer(i == 1), c[i], 1);
    }

    /* 2 slots: c[0], the oldest, was closed to make room */
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 2);
    ck_assert(tu_closed(o[0]));
    ck_assert(!tu_closed(o[1]) && !tu_closed(o[2]));

    ck_assert_ptr_eq(tu_get(0, &nreq), c[2]);
    ck_assert_ptr_eq(tu_get(1, &nreq), c[1]);
    ck_assert_ptr_null(tu_get(0, &nreq));

    rp_connection_close(c[1]);
    rp_connection_close(c[2]);
}
END_TEST


START_TEST(test_keepalive_timeout_closes)
{
    int                    o;
    rp_msec_t              start;
    struct rp_connection  *c;

    c = tu_conn(&o);
    start = rp_current_msec;
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c, 1);

    tu_run_until_count(0);
    ck_assert_int_ge(rp_current_msec - start, 100);
    ck_assert(tu_closed(o));
    ck_assert_uint_eq(rp_event_timer_count(), 0);
}
END_TEST


START_TEST(test_keepalive_backend_close_detected)
{
    int                    o1, o2;
    unsigned               nreq;
    struct rp_connection  *c1, *c2;

    c1 = tu_conn(&o1);
    c2 = tu_conn(&o2);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c1, 1);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c2, 1);

    /* the backend closes c2: gone before anybody can reuse it */
    close(o2);
    tu_run_until_count(1);
    ck_assert_ptr_eq(tu_get(0, &nreq), c1);

    /* a backend that talks unasked is not reusable either */
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c1, 1);
    ck_assert_int_eq(write(o1, "X", 1), 1);
    tu_run_until_count(0);
    ck_assert(tu_closed(o1));
    ck_assert_uint_eq(rp_connection_active_count(), 0);
}
END_TEST


START_TEST(test_keepalive_put_closes_instead)
{
    int                    o;
    struct rp_connection  *c;

    /* keepalive_requests reached */
    c = tu_conn(&o);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c, 5);
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 0);
    ck_assert(tu_closed(o));

    /* unread bytes already there (read.ready): looked at, closed */
    c = tu_conn(&o);
    ck_assert_int_eq(write(o, "X", 1), 1);
    c->read.ready = 1;
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c, 1);
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 0);
    ck_assert_uint_eq(rp_connection_active_count(), 0);

    /* ready but nothing to read: kept */
    c = tu_conn(&o);
    c->read.ready = 1;
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c, 1);
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 1);
    ck_assert(!c->read.ready);

    /* a group without keepalive keeps nothing */
    tu_us = group("none");
    c = tu_conn(&o);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c, 1);
    ck_assert(tu_closed(o));
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 0);
}
END_TEST


START_TEST(test_keepalive_graceful_stop_closes_idle)
{
    int                    o1, o2;
    struct rp_connection  *c1, *c2;

    c1 = tu_conn(&o1);
    c2 = tu_conn(&o2);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(0), c1, 1);
    rp_http_upstream_keepalive_put(tu_us, tu_peer(1), c2, 1);

    rp_connection_close_idle();
    ck_assert_uint_eq(rp_http_upstream_keepalive_count(tu_us), 0);
    ck_assert(tu_closed(o1) && tu_closed(o2));
    ck_assert_uint_eq(rp_event_timer_count(), 0);
}
END_TEST


static Suite *
upstream_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_http_upstream");

    tc = tcase_create("config");
    tcase_add_checked_fixture(tc, tu_setup, tv_teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_server_parameters);
    tcase_add_test(tc, test_server_errors);
    tcase_add_test(tc, test_block_errors);
    tcase_add_test(tc, test_implicit_groups);
    tcase_add_test(tc, test_implicit_errors);
    suite_add_tcase(s, tc);

    tc = tcase_create("round_robin");
    tcase_add_checked_fixture(tc, tu_setup, tv_teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_smooth_wrr_sequence);
    tcase_add_test(tc, test_wrr_ratio);
    tcase_add_test(tc, test_down_and_backup);
    tcase_add_test(tc, test_max_fails_and_fail_timeout);
    tcase_add_test(tc, test_single_server_ignores_max_fails);
    tcase_add_test(tc, test_max_conns);
    tcase_add_test(tc, test_retries_skip_tried_peers);
    suite_add_tcase(s, tc);

    tc = tcase_create("keepalive");
    tcase_add_checked_fixture(tc, tu_keepalive_setup,
                              tu_keepalive_teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_keepalive_lifo_per_peer);
    tcase_add_test(tc, test_keepalive_evicts_least_recently_used);
    tcase_add_test(tc, test_keepalive_timeout_closes);
    tcase_add_test(tc, test_keepalive_backend_close_detected);
    tcase_add_test(tc, test_keepalive_put_closes_instead);
    tcase_add_test(tc, test_keepalive_graceful_stop_closes_idle);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return tv_main(upstream_suite());
}
