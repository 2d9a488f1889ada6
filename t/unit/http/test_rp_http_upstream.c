/*
 * test_rp_http_upstream.c - upstream groups and the round robin balancer
 * (src/http/rp_http_upstream.c, rp_http_upstream_round_robin.c).
 *
 * Configs go through the real parser with the real module list plus a
 * test module whose "t_upstream URL;" calls rp_http_upstream_add() the
 * way proxy_pass does (test_rp_http_upstream.h).  Errors are compared
 * with their file:line:col.  The balancer is driven through its public
 * functions with a fake clock (rp_current_msec is set by hand): nginx's
 * smooth WRR sequences, down and backup servers, max_fails and
 * fail_timeout, max_conns, and retries that skip tried peers.
 */

#include "test_rp_http_upstream.h"


/* --- config ------------------------------------------------------------- */

START_TEST(test_server_parameters)
{
    struct rp_http_upstream_server    *s;
    struct rp_http_upstream_srv_conf  *us;

    tu_parse_ok("upstream backend {\n"
                "    server 127.0.0.1:8001 weight=5 max_fails=3 "
                "fail_timeout=30s max_conns=7;\n"
                "    server [::1]:8002 down slow_start=30s;\n"
                "    server 127.0.0.1:8003 drain;\n"
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
    ck_assert_uint_eq(us->servers.nelts, 4);
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

    ck_assert(s[1].down && !s[1].drain);
    ck_assert_int_eq(s[1].slow_start, 30000);
    ck_assert_int_eq(s[1].sockaddr.ss_family, AF_INET6);
    ck_assert_uint_eq(tu_port((struct sockaddr *) &s[1].sockaddr), 8002);
    ck_assert(s[2].drain && !s[2].down);
    ck_assert_int_eq(s[2].slow_start, 0);

    /* a name: its first address, port 80 */
    ck_assert(s[3].backup);
    ck_assert_int_eq(s[3].max_fails, 0);
    ck_assert_uint_eq(tu_port((struct sockaddr *) &s[3].sockaddr), 80);

    ck_assert_int_eq(us->keepalive, 16);
    ck_assert_int_eq(us->keepalive_timeout, 5000);
    ck_assert_int_eq(us->keepalive_requests, 50);
    ck_assert_ptr_nonnull(us->keepalive_cache);
    ck_assert_ptr_eq(us->balancer, &rp_http_upstream_round_robin);

    /* peers: three primary (one down), one backup */
    ck_assert_uint_eq(us->peers->number, 3);
    ck_assert_int_eq(us->peers->total_weight, 7);
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
        { "    server 127.0.0.1:8080 slow_start=fast;\n",
          "invalid parameter \"slow_start=fast\" in main.conf:3:27" },
        { "    server 127.0.0.1:8080 drain=1;\n",
          "invalid parameter \"drain=1\" in main.conf:3:27" },
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

    ck_assert_int_eq(rp_atomic_get(&tu_us->peers->peer[0].sh->fails), 2);

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
    ck_assert_int_eq(rp_atomic_get(&tu_us->peers->peer[0].sh->fails), 3);

    for (i = 0; i < 10; i++) {
        ck_assert_int_eq(tu_pick(RP_UPSTREAM_OK), 'b');
    }

    /* next probe succeeds: forgiven, back in the rotation */
    rp_current_msec += 10001;

    while (tu_pick(RP_UPSTREAM_OK) != 'a') {
        /* the probe */
    }

    ck_assert_int_eq(rp_atomic_get(&tu_us->peers->peer[0].sh->fails), 0);
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
    ck_assert_int_eq(
        rp_atomic_get(&tu_us->peers->peer[first - 'a'].sh->conns), 1);

    st[1] = tu_state(&pc[1]);
    ck_assert_int_eq(tu_us->balancer->get(st[1], &pc[1]), RP_OK);
    ck_assert_int_ne(tu_letter(&pc[1]), first);

    /* both at max_conns: busy, not dead */
    st[2] = tu_state(&pc[2]);
    ck_assert_int_eq(tu_us->balancer->get(st[2], &pc[2]), RP_AGAIN);

    tu_us->balancer->free(st[0], &pc[0], RP_UPSTREAM_OK, 1);
    ck_assert_int_eq(
        rp_atomic_get(&tu_us->peers->peer[first - 'a'].sh->conns), 0);

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

    return s;
}


int
main(void)
{
    return tv_main(upstream_suite());
}
