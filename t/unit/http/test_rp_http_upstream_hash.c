/*
 * test_rp_http_upstream_hash.c - the hash balancers and sticky cookies
 * (src/http/rp_http_upstream_hash.c, rp_http_upstream_sticky.c).
 *
 * The consistent-hash ring is pure code and is tested on its own: with
 * 5 servers and 10 000 keys, removing one server remaps about a fifth
 * of the keys, only those that were on it, and the spread is even.
 * The directives go through the real parser (test_rp_http_upstream.h)
 * with their errors and positions, and the balancers are driven through
 * their public functions: ip_hash and hash keep a key on one peer and
 * rehash past a down one; sticky sends a request to the server its
 * cookie names (drained or not) and builds the Set-Cookie.
 */

#include "test_rp_http_upstream.h"

#include "rp_http_upstream_hash.h"
#include "rp_http_upstream_sticky.h"
#include "rp_test.h"

#define TH_KEYS  10000


/* --- the ring (pure) ----------------------------------------------------- */

static const char  *th_names[] = {
    "10.0.0.1:8080", "10.0.0.2:8080", "10.0.0.3:8080", "10.0.0.4:8080",
    "app5.internal:80"
};


/* Peers named <names>[0..n-1], all of weight <weight>. */
static void
th_peers(struct rp_http_upstream_peers *peers,
    struct rp_http_upstream_peer *peer, const char **names, size_t n,
    int64_t weight)
{
    size_t  i;

    memset(peers, 0, sizeof(*peers));
    memset(peer, 0, n * sizeof(*peer));

    for (i = 0; i < n; i++) {
        tv_str(&peer[i].name, names[i]);
        peer[i].weight = weight;
        peers->total_weight += weight;
    }

    peers->peer = peer;
    peers->number = n;
}


/* The name of the peer of <ring> over <peers> that owns key number <k>. */
static const char *
th_owner(const struct rp_http_upstream_chash_ring *ring,
    const struct rp_http_upstream_peers *peers, unsigned k)
{
    char    key[32];
    size_t  i;
    int     n;

    n = snprintf(key, sizeof(key), "/item/%u?x=%u", k, k * 7);
    i = rp_http_upstream_chash_find(ring,
            rp_http_upstream_hash64((u_char *) key, (size_t) n));

    return (const char *) peers->peer[ring->point[i].peer].name.data;
}


START_TEST(test_ring_remove_one)
{
    size_t                              i, j;
    unsigned                            k, moved, counts[5];
    const char                         *names4[4], *before[TH_KEYS], *after;
    struct rp_pool                     *pool;
    struct rp_http_upstream_peer        peer5[5], peer4[4];
    struct rp_http_upstream_peers       peers5, peers4;
    struct rp_http_upstream_chash_ring  ring5, ring4;

    pool = rp_pool_create(4096, 0, NULL);
    ck_assert_ptr_nonnull(pool);

    th_peers(&peers5, peer5, th_names, 5, 1);
    ck_assert_int_eq(rp_http_upstream_chash_build(pool, &peers5, &ring5),
                     RP_OK);
    ck_assert_uint_eq(ring5.number, 5 * RP_HTTP_UPSTREAM_CHASH_POINTS);

    for (i = 1; i < ring5.number; i++) {
        ck_assert(ring5.point[i - 1].hash <= ring5.point[i].hash);
    }

    memset(counts, 0, sizeof(counts));

    for (k = 0; k < TH_KEYS; k++) {
        before[k] = th_owner(&ring5, &peers5, k);

        for (j = 0; j < 5; j++) {
            counts[j] += (before[k] == (const char *) peer5[j].name.data);
        }
    }

    /* an even spread: each of 5 equal servers has 20 % +- 6 % */
    for (j = 0; j < 5; j++) {
        ck_assert_msg(counts[j] >= 1400 && counts[j] <= 2600,
                      "server %zu has %u of %u keys", j, counts[j], TH_KEYS);
    }

    /* the third server goes; the others keep their order-free points */
    names4[0] = th_names[0];
    names4[1] = th_names[1];
    names4[2] = th_names[3];
    names4[3] = th_names[4];
    th_peers(&peers4, peer4, names4, 4, 1);
    ck_assert_int_eq(rp_http_upstream_chash_build(pool, &peers4, &ring4),
                     RP_OK);

    moved = 0;

    for (k = 0; k < TH_KEYS; k++) {
        after = th_owner(&ring4, &peers4, k);

        if (strcmp(after, before[k]) == 0) {
            continue;
        }

        moved++;

        /* only the keys of the removed server move */
        ck_assert_str_eq(before[k], th_names[2]);
    }

    ck_assert_uint_eq(moved, counts[2]);
    ck_assert_uint_le(moved, TH_KEYS / 4);
    ck_assert_uint_ge(moved, TH_KEYS / 10);

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_ring_weights_and_wrap)
{
    size_t                              i;
    unsigned                            heavy;
    uint64_t                            last;
    struct rp_pool                     *pool;
    struct rp_http_upstream_peer        peer[2];
    struct rp_http_upstream_peers       peers;
    struct rp_http_upstream_chash_ring  ring;

    pool = rp_pool_create(4096, 0, NULL);
    ck_assert_ptr_nonnull(pool);

    th_peers(&peers, peer, th_names, 2, 1);
    peer[0].weight = 3;
    ck_assert_int_eq(rp_http_upstream_chash_build(pool, &peers, &ring),
                     RP_OK);
    ck_assert_uint_eq(ring.number, 4 * RP_HTTP_UPSTREAM_CHASH_POINTS);

    heavy = 0;

    for (i = 0; i < TH_KEYS; i++) {
        heavy += (th_owner(&ring, &peers, (unsigned) i)
                  == (const char *) peer[0].name.data);
    }

    /* weight 3 of 4: about 75 % */
    ck_assert_msg(heavy >= 6800 && heavy <= 8200, "heavy has %u", heavy);

    /* past the last point the ring wraps to the first */
    last = ring.point[ring.number - 1].hash;
    ck_assert_uint_eq(rp_http_upstream_chash_find(&ring, last),
                      ring.number - 1);

    if (last != UINT64_MAX) {
        ck_assert_uint_eq(rp_http_upstream_chash_find(&ring, last + 1), 0);
    }

    ck_assert_uint_eq(rp_http_upstream_chash_find(&ring, 0), 0);

    /* huge weights are scaled to the cap, every peer keeps a point */
    peer[0].weight = 1000000;
    peer[1].weight = 1;
    ck_assert_int_eq(rp_http_upstream_chash_build(pool, &peers, &ring),
                     RP_OK);
    ck_assert_uint_le(ring.number, RP_HTTP_UPSTREAM_CHASH_MAX_POINTS + 2);

    for (i = 0; i < ring.number && ring.point[i].peer != 1; i++) {
        /* void */
    }

    ck_assert_uint_lt(i, ring.number);

    rp_pool_destroy(pool);
}
END_TEST


START_TEST(test_hash_functions)
{
    /* the standard CRC-32 check value */
    ck_assert_uint_eq(rp_http_upstream_crc32(0, (u_char *) "123456789", 9),
                      0xcbf43926U);
    ck_assert_uint_eq(rp_http_upstream_crc32(
                          rp_http_upstream_crc32(0, (u_char *) "1234", 4),
                          (u_char *) "56789", 5), 0xcbf43926U);

    ck_assert_uint_ne(rp_http_upstream_hash64((u_char *) "a", 1),
                      rp_http_upstream_hash64((u_char *) "b", 1));
    ck_assert_uint_eq(rp_http_upstream_hash64((u_char *) "abc", 3),
                      rp_http_upstream_hash64((u_char *) "abc", 3));
}
END_TEST


/* --- directives ---------------------------------------------------------- */

START_TEST(test_directive_errors)
{
    static const struct {
        const char  *line;
        const char  *msg;
    } cases[] = {
        { "    ip_hash;\n    hash $uri;\n",
          "load balancing method redefined in main.conf:5:5" },
        { "    hash $uri;\n    ip_hash;\n",
          "load balancing method redefined in main.conf:5:5" },
        { "    ip_hash x;\n",
          "invalid number of arguments in \"ip_hash\" directive in "
          "main.conf:4:5" },
        { "    hash;\n",
          "invalid number of arguments in \"hash\" directive in "
          "main.conf:4:5" },
        { "    hash $uri consistent x;\n",
          "invalid number of arguments in \"hash\" directive in "
          "main.conf:4:5" },
        { "    hash $uri constant;\n",
          "invalid parameter \"constant\", expected \"consistent\" in "
          "main.conf:4:15" },
        { "    hash \"\";\n",
          "empty hash key in main.conf:4:10" },
        { "    sticky cookie;\n",
          "invalid number of arguments in \"sticky\" directive in "
          "main.conf:4:5" },
        { "    sticky route $x;\n",
          "invalid sticky method \"route\", only \"cookie\" is supported "
          "in main.conf:4:12" },
        { "    sticky cookie a=b;\n",
          "invalid cookie name \"a=b\" in main.conf:4:19" },
        { "    sticky cookie s expires=0;\n",
          "invalid parameter \"expires=0\": expected a time or \"max\" in "
          "main.conf:4:21" },
        { "    sticky cookie s expires=1x;\n",
          "invalid parameter \"expires=1x\": expected a time or \"max\" in "
          "main.conf:4:21" },
        { "    sticky cookie s domain=;\n",
          "invalid parameter \"domain=\": invalid or empty value in "
          "main.conf:4:21" },
        { "    sticky cookie s \"path=/a;b\";\n",
          "invalid parameter \"path=/a;b\": invalid or empty value in "
          "main.conf:4:21" },
        { "    sticky cookie s samesite=sometimes;\n",
          "invalid parameter \"samesite=sometimes\": expected \"strict\", "
          "\"lax\" or \"none\" in main.conf:4:21" },
        { "    sticky cookie s HttpOnly;\n",
          "invalid parameter \"HttpOnly\": unknown parameter in "
          "main.conf:4:21" },
        { "    sticky cookie s;\n    sticky cookie t;\n",
          "\"sticky\" directive is duplicate in main.conf:5:5" },
    };
    char    body[512];
    size_t  i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        snprintf(body, sizeof(body), "upstream u {\n"
                 "    server 127.0.0.1:8001;\n%s}\n", cases[i].line);
        reset();
        expect_error(body, cases[i].msg);
    }

    /* outside an upstream block */
    reset();
    expect_error("hash $uri;\n",
                 "\"hash\" directive is not allowed here in main.conf:2:1");
}
END_TEST


/* --- balancers ----------------------------------------------------------- */

/* Which server (a, b, c...: port 8001, 8002...) pc points at. */
static char
th_letter(const struct rp_http_upstream_pc *pc)
{
    ck_assert_ptr_nonnull(pc->peer);
    ck_assert_ptr_eq(pc->sockaddr, &pc->peer->server->sockaddr);

    return (char) ('a' + tu_port(pc->sockaddr) - 8001);
}


/* One request of group tu_us with header X-Key: <key> (NULL: none). */
static char
th_pick_key(const char *key)
{
    char                         c;
    void                        *st;
    struct rp_http_upstream_pc   pc;

    new_request();

    if (key) {
        add_header(&r->headers_in.headers, "X-Key", key);
    }

    memset(&pc, 0, sizeof(pc));
    ck_assert_int_eq(tu_us->balancer->init_request(r, tu_us, &st), RP_OK);
    ck_assert_int_eq(tu_us->balancer->get(st, &pc), RP_OK);
    c = th_letter(&pc);
    tu_us->balancer->free(st, &pc, RP_UPSTREAM_OK, 1);

    return c;
}


#define TH_FIVE                                                              \
    "    server 127.0.0.1:8001;\n"                                           \
    "    server 127.0.0.1:8002;\n"                                           \
    "    server 127.0.0.1:8003;\n"                                           \
    "    server 127.0.0.1:8004;\n"                                           \
    "    server 127.0.0.1:8005;\n"


START_TEST(test_ip_hash)
{
    char    first, c;
    size_t  i;

    tu_use("upstream ip {\n    ip_hash;\n" TH_FIVE "}\n", "ip");
    ck_assert_ptr_ne(tu_us->balancer, &rp_http_upstream_round_robin);

    /* the same client (127.0.0.1) always lands on one server */
    first = th_pick_key(NULL);

    for (i = 0; i < 20; i++) {
        ck_assert_int_eq(th_pick_key(NULL), first);
    }

    /* that one goes down: a rehash finds another, again stable */
    tu_us->peers->peer[first - 'a'].down = 1;
    c = th_pick_key(NULL);
    ck_assert_int_ne(c, first);

    for (i = 0; i < 20; i++) {
        ck_assert_int_eq(th_pick_key(NULL), c);
    }

    /* all down but one: 20 rehashes may miss it, the round robin not */
    for (i = 0; i < 5; i++) {
        tu_us->peers->peer[i].down = (i != 4);
    }

    ck_assert_int_eq(th_pick_key(NULL), 'e');
}
END_TEST


START_TEST(test_hash_key)
{
    char        c, seen[5];
    size_t      i, spread;
    const char *key;

    tu_use("upstream h {\n    hash $http_x_key;\n" TH_FIVE "}\n", "h");
    memset(seen, 0, sizeof(seen));

    for (i = 0; i < 200; i++) {
        key = rp_test_fmt("user-%zu", i);
        c = th_pick_key(key);
        ck_assert_int_eq(th_pick_key(key), c);
        seen[c - 'a'] = 1;
    }

    spread = 0;

    for (i = 0; i < 5; i++) {
        spread += seen[i];
    }

    ck_assert_uint_eq(spread, 5);

    /* a down peer: its keys rehash, stably; the others stay */
    c = th_pick_key("user-1");
    tu_us->peers->peer[c - 'a'].down = 1;
    ck_assert_int_ne(th_pick_key("user-1"), c);
    ck_assert_int_eq(th_pick_key("user-1"), th_pick_key("user-1"));
}
END_TEST


START_TEST(test_consistent_down_peer)
{
    char      before[500];
    size_t    i;
    unsigned  moved;
    char      c;

    tu_use("upstream ch {\n    hash $http_x_key consistent;\n" TH_FIVE
           "    server 127.0.0.1:8006 backup;\n}\n", "ch");

    for (i = 0; i < 500; i++) {
        before[i] = th_pick_key(rp_test_fmt("k%zu", i));
    }

    /* c goes down: only its keys move, to other primaries */
    tu_us->peers->peer[2].down = 1;
    moved = 0;

    for (i = 0; i < 500; i++) {
        c = th_pick_key(rp_test_fmt("k%zu", i));

        if (before[i] == 'c') {
            ck_assert_int_ne(c, 'c');
            ck_assert_int_lt(c, 'f');
            moved++;
        } else {
            ck_assert_int_eq(c, before[i]);
        }
    }

    ck_assert_uint_gt(moved, 0);

    /* every primary down: the backup's own ring */
    for (i = 0; i < 5; i++) {
        tu_us->peers->peer[i].down = 1;
    }

    ck_assert_int_eq(th_pick_key("k1"), 'f');
}
END_TEST


/* --- sticky -------------------------------------------------------------- */

/* The cookie value naming <name>: 16 hex digits of its hash64. */
static const char *
th_cookie_value(const char *name)
{
    return rp_test_fmt("%016llx", (unsigned long long)
                       rp_http_upstream_hash64((u_char *) name,
                                               strlen(name)));
}


/*
 * One request of group tu_us with header Cookie: <cookie> (NULL: none);
 * its letter, and the Set-Cookie the response gets (or "") in <set>.
 */
static char
th_sticky(const char *cookie, char *set, size_t size)
{
    char                         c;
    void                        *st;
    size_t                       i;
    struct rp_http_header       *h;
    struct rp_http_upstream_pc   pc;

    new_request();
    r->ctx = rp_pcalloc(r->pool, rp_modules_count(RP_HTTP_MODULE)
                                 * sizeof(void *));
    ck_assert_ptr_nonnull(r->ctx);

    if (cookie) {
        add_header(&r->headers_in.headers, "Cookie", cookie);
    }

    memset(&pc, 0, sizeof(pc));
    ck_assert_int_eq(tu_us->balancer->init_request(r, tu_us, &st), RP_OK);
    ck_assert_int_eq(tu_us->balancer->get(st, &pc), RP_OK);
    c = th_letter(&pc);
    ck_assert_int_eq(rp_http_upstream_sticky_header(r, tu_us, &pc), RP_OK);
    tu_us->balancer->free(st, &pc, RP_UPSTREAM_OK, 1);

    set[0] = '\0';
    h = r->headers_out.headers.elts;

    for (i = 0; i < r->headers_out.headers.nelts; i++) {
        ck_assert_uint_eq(h[i].name.len, 10);
        ck_assert_int_eq(memcmp(h[i].lowcase_key, "set-cookie", 10), 0);
        ck_assert_uint_eq(set[0], '\0');
        ck_assert_uint_lt(h[i].value.len, size);
        memcpy(set, h[i].value.data, h[i].value.len);
        set[h[i].value.len] = '\0';
    }

    return c;
}


START_TEST(test_sticky_cookie)
{
    char        set[512], c;
    size_t      i;
    const char *want;

    tu_use("upstream s {\n"
           "    sticky cookie srv_id path=/ domain=.example.com httponly "
           "secure samesite=lax;\n"
           "    server 127.0.0.1:8001;\n"
           "    server 127.0.0.1:8002;\n"
           "    server 127.0.0.1:8003 drain;\n"
           "}\n", "s");

    /* no cookie: the round robin picks, the response names the server */
    c = th_sticky(NULL, set, sizeof(set));
    want = rp_test_fmt("srv_id=%s; Domain=.example.com; Path=/; HttpOnly; "
                       "Secure; SameSite=Lax",
                       th_cookie_value(c == 'a' ? "127.0.0.1:8001"
                                                : "127.0.0.1:8002"));
    ck_assert_str_eq(set, want);

    /* with the cookie: that server every time, and no new cookie */
    for (i = 0; i < 10; i++) {
        ck_assert_int_eq(th_sticky(rp_test_fmt("a=1; srv_id=%s; z=2",
                                   th_cookie_value("127.0.0.1:8002")),
                                   set, sizeof(set)), 'b');
        ck_assert_str_eq(set, "");
    }

    /* the drained server keeps its clients but gets no new one */
    for (i = 0; i < 10; i++) {
        ck_assert_int_eq(th_sticky(rp_test_fmt("srv_id=%s",
                                   th_cookie_value("127.0.0.1:8003")),
                                   set, sizeof(set)), 'c');
        ck_assert_int_ne(th_sticky(NULL, set, sizeof(set)), 'c');
        ck_assert_int_ne(th_sticky("srv_id=0123456789abcdef", set,
                                   sizeof(set)), 'c');
        ck_assert(rp_test_contains(set, "srv_id="));
    }

    /* its server down: another one, with a new cookie */
    tu_us->peers->peer[1].down = 1;
    c = th_sticky(rp_test_fmt("srv_id=%s", th_cookie_value("127.0.0.1:8002")),
                  set, sizeof(set));
    ck_assert_int_eq(c, 'a');
    ck_assert(rp_test_contains(set, th_cookie_value("127.0.0.1:8001")));
}
END_TEST


START_TEST(test_sticky_expires_and_hash)
{
    char  set[512];

    /* sticky on top of hash: the hash picks for a new client */
    tu_use("upstream s {\n"
           "    hash $http_x_key;\n"
           "    server 127.0.0.1:8001;\n"
           "    server 127.0.0.1:8002;\n"
           "    sticky cookie s expires=max;\n"
           "}\n", "s");

    ck_assert_int_eq(th_sticky(NULL, set, sizeof(set)),
                     th_sticky(NULL, set, sizeof(set)));
    ck_assert(rp_test_contains(set, "; Expires=Thu, 31 Dec 2037 23:55:55 GMT"
                                    "; Max-Age=315360000"));

    ck_assert_int_eq(th_sticky(rp_test_fmt("s=%s",
                               th_cookie_value("127.0.0.1:8002")),
                               set, sizeof(set)), 'b');
    ck_assert_int_eq(th_sticky(rp_test_fmt("s=%s",
                               th_cookie_value("127.0.0.1:8001")),
                               set, sizeof(set)), 'a');

    reset();
    tu_use("upstream t {\n"
           "    server 127.0.0.1:8001;\n"
           "    server 127.0.0.1:8002;\n"
           "    sticky cookie t expires=1h;\n"
           "}\n", "t");
    th_sticky(NULL, set, sizeof(set));
    ck_assert(rp_test_contains(set, "; Expires="));
    ck_assert(rp_test_contains(set, " GMT; Max-Age=3600"));
    ck_assert(!rp_test_contains(set, "Path"));
}
END_TEST


static Suite *
upstream_hash_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_http_upstream_hash");

    tc = tcase_create("ring");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_ring_remove_one);
    tcase_add_test(tc, test_ring_weights_and_wrap);
    tcase_add_test(tc, test_hash_functions);
    suite_add_tcase(s, tc);

    tc = tcase_create("balancers");
    tcase_add_checked_fixture(tc, tu_setup, tv_teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_directive_errors);
    tcase_add_test(tc, test_ip_hash);
    tcase_add_test(tc, test_hash_key);
    tcase_add_test(tc, test_consistent_down_peer);
    tcase_add_test(tc, test_sticky_cookie);
    tcase_add_test(tc, test_sticky_expires_and_hash);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return tv_main(upstream_hash_suite());
}
