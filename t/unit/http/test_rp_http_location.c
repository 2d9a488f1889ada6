/*
 * test_rp_http_location.c - unit tests for src/http/rp_http_location.c.
 *
 * Each test (on the t/lib/rp_test_conf.h fixture) writes a proxy.conf
 * into a fresh temp dir, parses it with the real module list through
 * the real parser (so "location" goes through the core module's
 * directive table and the http block's merge and init), then fills a
 * minimal request for a server and asks rp_http_find_location() which
 * location a URI falls into.  Errors are logged into a temp file and
 * compared byte for byte, position included.  A randomised test checks
 * the prefix lookup against a naive longest-prefix search.
 */

#include "rp_config.h"

#include <check.h>

#include "rp_core.h"
#include "rp_conf.h"
#include "rp_module.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_location.h"
#include "rp_http_request.h"
#include "rp_test_conf.h"

extern struct rp_module  *rp_modules_list[];


/* --- fixture ------------------------------------------------------------- */

static struct rp_http_request  req;


static void
setup(void)
{
    rp_test_conf_setup(rp_modules_list);
}


static void
teardown(void)
{
    rp_test_conf_teardown();
}


/* --- helpers ------------------------------------------------------------- */

/* Parsing "http { <body> }" fails with exactly the line "<msg>\n". */
static void
expect_error(const char *body, const char *msg)
{
    rp_test_conf_expect_error(body, msg);
    ck_assert_uint_eq(rp_test_conf_cf()->errors, 1);
}


static struct rp_http_core_srv_conf *
server(size_t i)
{
    struct rp_http_conf_ctx          *ctx;
    struct rp_http_core_main_conf    *cmcf;
    struct rp_http_core_srv_conf    **cscf;

    ctx = rp_http_get_ctx(rp_test_conf_cycle());
    ck_assert_ptr_nonnull(ctx);
    cmcf = rp_http_ctx_main_conf(ctx, &rp_http_core_module);
    ck_assert_uint_lt(i, cmcf->servers.nelts);
    cscf = cmcf->servers.elts;

    return cscf[i];
}


/* A request of server <srv> for <uri>, at the server level. */
static struct rp_http_request *
request(size_t srv, const char *uri)
{
    struct rp_http_core_srv_conf  *cscf = server(srv);

    memset(&req, 0, sizeof(req));
    req.pool = rp_test_conf_pool();
    req.main_conf = cscf->ctx->main_conf;
    req.srv_conf = cscf->ctx->srv_conf;
    req.loc_conf = cscf->ctx->loc_conf;
    req.uri.data = (u_char *) uri;
    req.uri.len = strlen(uri);

    return &req;
}


/* "[= |^~ |~ |~* ]name" of <clcf>, or "(server)" at the server level. */
static const char *
describe(const struct rp_http_core_loc_conf *clcf)
{
    static char  buf[256];
    const char  *mod;

    if (!clcf->is_location) {
        return "(server)";
    }

    mod = clcf->exact_match ? "= " : clcf->noregex ? "^~ "
          : clcf->regex ? (clcf->regex_caseless ? "~* " : "~ ") : "";

    snprintf(buf, sizeof(buf), "%s" RP_STR_FMT, mod, RP_STR_ARG(clcf->name));

    return buf;
}


/* The location server <srv> chooses for <uri>, described. */
static const char *
match(size_t srv, const char *uri)
{
    struct rp_http_request  *r = request(srv, uri);
    int                      rc;

    /* a stale loc_conf must not influence the search */
    r->loc_conf = NULL;
    rc = rp_http_find_location(r);

    ck_assert_ptr_nonnull(r->loc_conf);

    if (rc == RP_DECLINED) {
        ck_assert_ptr_eq(r->loc_conf, server(srv)->ctx->loc_conf);
        ck_assert_int_eq(rp_http_core_loc(r)->is_location, 0);
        return "(none)";
    }

    ck_assert_int_eq(rc, RP_OK);
    ck_assert_int_eq(rp_http_core_loc(r)->is_location, 1);
    ck_assert_ptr_eq(rp_http_core_loc(r)->loc_conf, r->loc_conf);

    return describe(rp_http_core_loc(r));
}


struct uri_case {
    const char  *uri;
    const char  *want;
};


static void
check_table(size_t srv, const struct uri_case *c, size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++) {
        ck_assert_msg(strcmp(match(srv, c[i].uri), c[i].want) == 0,
                      "uri \"%s\": got \"%s\", want \"%s\"", c[i].uri,
                      match(srv, c[i].uri), c[i].want);
    }
}


/* --- matching ------------------------------------------------------------ */

static const char  full_config[] =
    "server {\n"
    "    listen 127.0.0.1:8080;\n"
    "    location = / { }\n"
    "    location / { }\n"
    "    location /a { }\n"
    "    location /a/b { }\n"
    "    location ^~ /img/ { }\n"
    "    location ~ \\.php$ { }\n"
    "    location ~* \\.JPG$ { }\n"
    "    location /docs/ {\n"
    "        location ~ \\.txt$ { }\n"
    "        location /docs/old/ { }\n"
    "        location = /docs/index { }\n"
    "    }\n"
    "    location = /exact { }\n"
    "    location =/glued { }\n"
    "    location ^~/glued2 { }\n"
    "    location ~*\\.GIF$ { }\n"
    "    location @fallback { }\n"
    "}\n";


START_TEST(test_match_nginx_rules)
{
    static const struct uri_case  cases[] = {
        { "/", "= /" },
        { "/x", "/" },
        { "/a", "/a" },
        { "/ab", "/a" },                 /* prefixes are bytes, not paths */
        { "/a/b", "/a/b" },
        { "/a/bc/d", "/a/b" },
        { "/a/x.php", "~ \\.php$" },     /* a regex beats a prefix */
        { "/x.PHP", "/" },               /* ~ is case-sensitive */
        { "/y.jpg", "~* \\.JPG$" },      /* ~* is not */
        { "/y.Jpg", "~* \\.JPG$" },
        { "/img/x.php", "^~ /img/" },    /* ^~ stops the regex search */
        { "/img/x.jpg", "^~ /img/" },
        { "/img", "/" },
        { "/docs/", "/docs/" },
        { "/docs/readme.txt", "~ \\.txt$" },  /* nested regex */
        { "/docs/old/a.txt", "~ \\.txt$" },
        { "/docs/old/a", "/docs/old/" },  /* nested prefix */
        { "/docs/a.php", "~ \\.php$" },  /* nested regexes first, then */
        { "/docs/index", "= /docs/index" },  /* nested exact */
        { "/docs/index.php", "~ \\.php$" },
        { "/exact", "= /exact" },
        { "/exact/", "/" },              /* exact is not a prefix */
        { "/exactly", "/" },
        { "/glued", "= /glued" },
        { "/glued2/x.php", "^~ /glued2" },
        { "/a.gif", "~* \\.GIF$" },
        { "/@fallback", "/" },           /* named: never by URI */
        { "@fallback", "(none)" },
    };

    ck_assert_int_eq(rp_test_conf_parse_http(full_config), RP_OK);
    ck_assert_str_eq(rp_test_conf_logged(), "");

    check_table(0, cases, rp_nelems(cases));
}
END_TEST


START_TEST(test_match_none_keeps_server)
{
    static const struct uri_case  cases[] = {
        { "/", "(none)" },
        { "/b", "(none)" },
        { "/a", "/a" },
        { "/0", "(none)" },
        { "/zzz", "(none)" },
        { "/x.php", "~ \\.php$" },
    };

    ck_assert_int_eq(rp_test_conf_parse_http(
        "server {\n"
        "    listen 127.0.0.1:8080;\n"
        "    location /a { }\n"
        "    location ~ \\.php$ { }\n"
        "}\n"
        "server {\n"
        "    listen 127.0.0.1:8081;\n"
        "}\n"), RP_OK);

    check_table(0, cases, rp_nelems(cases));

    /* a server without locations */
    ck_assert_str_eq(match(1, "/a"), "(none)");
    ck_assert_str_eq(match(1, "/"), "(none)");
}
END_TEST


START_TEST(test_match_precedence)
{
    static const struct uri_case  cases[] = {
        { "/x.php", "= /x.php" },        /* exact beats regex */
        { "/p/q/r", "~ ^/p" },           /* regex beats the longest prefix */
        { "/r/s/t", "~ ^/r/" },          /* first regex in config order */
        { "/r/x", "~ ^/r/" },
        { "/same", "= /same" },          /* exact and prefix of one name */
        { "/same/x", "/same" },
        { "/samex", "/same" },
        { "/n/a.txt", "~ \\.txt$" },     /* regex nested in a regex */
        { "/n/a.html", "~ ^/n" },
        { "/q/r/x.php", "~ \\.php$" },   /* nginx: ^~ nested in a plain
                                            prefix does not stop the outer
                                            level's regexes */
        { "/q/r/x", "^~ /q/r" },
        { "/s/t/x.php", "/s/t" },        /* ... but does at its own level */
        { "/s/t/x", "/s/t" },
    };

    ck_assert_int_eq(rp_test_conf_parse_http(
        "server {\n"
        "    listen 127.0.0.1:8080;\n"
        "    location = /x.php { }\n"
        "    location /p/q { }\n"
        "    location ~ ^/p { }\n"
        "    location ~ ^/r/ { }\n"
        "    location ~ ^/r/s { }\n"
        "    location /same { }\n"
        "    location = /same { }\n"
        "    location ~ ^/n {\n"
        "        location ~ \\.txt$ { }\n"
        "    }\n"
        "    location /q {\n"
        "        location ^~ /q/r { }\n"
        "    }\n"
        "    location ^~ /s {\n"
        "        location /s/t { }\n"
        "    }\n"
        "    location ~ \\.php$ { }\n"
        "}\n"), RP_OK);
    ck_assert_str_eq(rp_test_conf_logged(), "");

    check_table(0, cases, rp_nelems(cases));
}
END_TEST


START_TEST(test_match_prefix_chain)
{
    static const struct uri_case  cases[] = {
        { "/a/b/x", "/a" },       /* predecessor /a/b/cd, parents skipped */
        { "/a/b/c", "/a/b/c" },
        { "/a/b/cd", "/a/b/cd" },
        { "/a/b/cde", "/a/b/cd" },
        { "/a/b/ce", "/a/b/c" },
        { "/a/b", "/a" },
        { "/a/bz", "/a/bz" },
        { "/a/c", "/a" },
        { "/a", "/a" },
        { "/", "(none)" },
        { "/b", "(none)" },
        { "/a/b/c/d/e/f", "/a/b/c/d/e" },
        { "/a/b/c/d", "^~ /a/b/c/d" },
        { "/a/b/c/", "/a/b/c" },
        { "/a/b/c/d/", "^~ /a/b/c/d" },
    };

    ck_assert_int_eq(rp_test_conf_parse_http(
        "server {\n"
        "    listen 127.0.0.1:8080;\n"
        "    location /a/bz { }\n"
        "    location /a/b/cd { }\n"
        "    location = /a/b/c/d/e { }\n"
        "    location /a/b/c/d/e { }\n"
        "    location /a { }\n"
        "    location = /a/b/c/d/e/f/g { }\n"
        "    location /a/b/c { }\n"
        "    location ^~ /a/b/c/d { }\n"
        "}\n"), RP_OK);

    check_table(0, cases, rp_nelems(cases));
}
END_TEST


/* What a naive search says: exact, else the longest prefix. */
static int
naive(const char **names, const unsigned *kinds, size_t n, const char *uri,
    char *out, size_t outlen)
{
    size_t  i, best, best_len, ulen, len;

    ulen = strlen(uri);
    best = n;
    best_len = 0;

    for (i = 0; i < n; i++) {
        len = strlen(names[i]);

        if ((kinds[i] & 1) && len == ulen && memcmp(names[i], uri, len) == 0) {
            snprintf(out, outlen, "= %s", names[i]);
            return 1;
        }
    }

    for (i = 0; i < n; i++) {
        len = strlen(names[i]);

        if ((kinds[i] & 6) && len <= ulen && memcmp(names[i], uri, len) == 0
            && (best == n || len > best_len))
        {
            best = i;
            best_len = len;
        }
    }

    if (best == n) {
        snprintf(out, outlen, "(none)");
        return 0;
    }

    snprintf(out, outlen, "%s%s", (kinds[best] & 4) ? "^~ " : "",
             names[best]);

    return 1;
}


START_TEST(test_match_random_against_naive)
{
    enum { NNAMES = 300, NURIS = 3000, MAXLEN = 7 };

    static const char   alphabet[] = "/ab.";
    static char         name_buf[NNAMES][MAXLEN + 2];
    const char         *names[NNAMES];
    unsigned            kinds[NNAMES];
    char                uri[MAXLEN + 4], want[32], *text, *p;
    size_t              i, j, n, len, size;
    unsigned            seed;

    seed = 20261128;
    srand(seed);

    /* unique names; kind bit 1: exact, 2: plain prefix, 4: ^~ prefix */
    for (n = 0; n < NNAMES; ) {
        len = 1 + (size_t) rand() % MAXLEN;
        name_buf[n][0] = '/';
        for (j = 1; j < len; j++) {
            name_buf[n][j] = alphabet[rand() % 4];
        }
        name_buf[n][len] = '\0';

        for (i = 0; i < n && strcmp(name_buf[i], name_buf[n]) != 0; i++) {
            /* void */
        }

        if (i < n) {
            continue;
        }

        names[n] = name_buf[n];
        kinds[n] = (unsigned[]) { 1, 2, 4, 3, 5 }[rand() % 5];
        n++;
    }

    size = 64 + NNAMES * 64;
    text = malloc(size);
    ck_assert_ptr_nonnull(text);
    p = text;
    p += snprintf(p, size, "server {\nlisten 127.0.0.1:8080;\n");

    for (i = 0; i < NNAMES; i++) {
        if (kinds[i] & 1) {
            p += snprintf(p, size - (size_t) (p - text),
                          "location = \"%s\" { }\n", names[i]);
        }
        if (kinds[i] & 6) {
            p += snprintf(p, size - (size_t) (p - text),
                          "location %s\"%s\" { }\n",
                          (kinds[i] & 4) ? "^~ " : "", names[i]);
        }
    }

    snprintf(p, size - (size_t) (p - text), "}\n");
    ck_assert_int_eq(rp_test_conf_parse_http(text), RP_OK);
    free(text);

    for (i = 0; i < NURIS; i++) {
        len = 1 + (size_t) rand() % (MAXLEN + 2);
        uri[0] = '/';
        for (j = 1; j < len; j++) {
            uri[j] = alphabet[rand() % 4];
        }
        uri[len] = '\0';

        naive(names, kinds, NNAMES, uri, want, sizeof(want));
        ck_assert_msg(strcmp(match(0, uri), want) == 0,
                      "seed %u uri \"%s\": got \"%s\", want \"%s\"", seed,
                      uri, match(0, uri), want);
    }

    /* every name itself */
    for (i = 0; i < NNAMES; i++) {
        naive(names, kinds, NNAMES, names[i], want, sizeof(want));
        ck_assert_str_eq(match(0, names[i]), want);
    }
}
END_TEST


START_TEST(test_match_regex_captures)
{
    struct rp_http_request  *r;

    ck_assert_int_eq(rp_test_conf_parse_http(
        "server {\n"
        "    listen 127.0.0.1:8080;\n"
        "    location /cap/ { }\n"
        "    location ~ ^/cap/(\\w+)/(?<file>[a-z]+)$ { }\n"
        "}\n"), RP_OK);

    r = request(0, "/cap/ab/cde");
    ck_assert_int_eq(rp_http_find_location(r), RP_OK);
    ck_assert_ptr_nonnull(rp_http_core_loc(r)->regex);

    /* $1 = "ab", $2 = $file = "cde" */
    ck_assert_uint_eq(r->ncaptures, 6);
    ck_assert_ptr_eq(r->captures_data, r->uri.data);
    ck_assert_int_eq(r->captures[2], 5);
    ck_assert_int_eq(r->captures[3], 7);
    ck_assert_int_eq(r->captures[4], 8);
    ck_assert_int_eq(r->captures[5], 11);

    r = request(0, "/cap/ab/CDE");
    ck_assert_int_eq(rp_http_find_location(r), RP_OK);
    ck_assert_str_eq(describe(rp_http_core_loc(r)), "/cap/");
    ck_assert_uint_eq(r->ncaptures, 0);
}
END_TEST


START_TEST(test_named_location)
{
    struct rp_http_request        *r;
    struct rp_http_core_loc_conf  *clcf;
    struct rp_str                  name;

    ck_assert_int_eq(rp_test_conf_parse_http(full_config), RP_OK);

    r = request(0, "/");
    rp_str_set(&name, "@fallback");
    clcf = rp_http_find_named_location(r, &name);
    ck_assert_ptr_nonnull(clcf);
    ck_assert_int_eq(clcf->named, 1);
    ck_assert_int_eq(clcf->is_location, 1);
    ck_assert_str_eq(describe(clcf), "@fallback");

    rp_str_set(&name, "@other");
    ck_assert_ptr_null(rp_http_find_named_location(r, &name));
    rp_str_set(&name, "fallback");
    ck_assert_ptr_null(rp_http_find_named_location(r, &name));

    /* a server without any location */
    rp_test_conf_reset();
    ck_assert_int_eq(rp_test_conf_parse_http(
                         "server { listen 127.0.0.1:8080; }\n"), RP_OK);
    rp_str_set(&name, "@fallback");
    ck_assert_ptr_null(rp_http_find_named_location(request(0, "/"), &name));
}
END_TEST


/* --- structure and merging ----------------------------------------------- */

START_TEST(test_structure_fields)
{
    struct rp_http_core_loc_conf   *srv, *docs, **children;

    ck_assert_int_eq(rp_test_conf_parse_http(full_config), RP_OK);

    srv = rp_http_ctx_loc_conf(server(0)->ctx, &rp_http_core_module);
    ck_assert_int_eq(srv->is_location, 0);
    ck_assert_ptr_nonnull(srv->locations);
    ck_assert_uint_eq(srv->locations->nelts, 13);
    ck_assert_ptr_nonnull(srv->static_tree);
    ck_assert_ptr_nonnull(srv->regex_locations);
    ck_assert_uint_eq(srv->regex_locations->nelts, 3);

    children = srv->locations->elts;

    /* config order is kept */
    ck_assert_str_eq(describe(children[0]), "= /");
    ck_assert_str_eq(describe(children[1]), "/");
    ck_assert_str_eq(describe(children[12]), "@fallback");

    docs = children[7];
    ck_assert_str_eq(describe(docs), "/docs/");
    ck_assert_ptr_eq(docs->parent, srv);
    ck_assert_ptr_eq(docs->loc_conf[rp_http_core_module.ctx_index], docs);
    ck_assert_uint_eq(docs->locations->nelts, 3);
    ck_assert_uint_eq(docs->regex_locations->nelts, 1);

    children = docs->locations->elts;
    ck_assert_ptr_eq(children[0]->parent, docs);
    ck_assert_ptr_nonnull(children[0]->regex);
    ck_assert_ptr_null(children[1]->regex);
    ck_assert_ptr_null(children[1]->locations);
    ck_assert_ptr_null(children[1]->regex_locations);
}
END_TEST


START_TEST(test_merge_down_the_nesting)
{
    struct rp_http_request  *r;

    ck_assert_int_eq(rp_test_conf_parse_http(
        "client_max_body_size 2m;\n"
        "server {\n"
        "    listen 127.0.0.1:8080;\n"
        "    client_max_body_size 5m;\n"
        "    send_timeout 7s;\n"
        "    location /a {\n"
        "        client_max_body_size 1m;\n"
        "        location /a/b { send_timeout 3s; }\n"
        "        location ~ \\.x$ { }\n"
        "    }\n"
        "    location /c { }\n"
        "}\n"
        "server {\n"
        "    listen 127.0.0.1:8081;\n"
        "    location /c { }\n"
        "}\n"), RP_OK);

    r = request(0, "/a/b/c");
    ck_assert_int_eq(rp_http_find_location(r), RP_OK);
    ck_assert_str_eq(describe(rp_http_core_loc(r)), "/a/b");
    ck_assert_uint_eq(rp_http_core_loc(r)->client_max_body_size, 1048576);
    ck_assert_int_eq(rp_http_core_loc(r)->send_timeout, 3000);

    r = request(0, "/a/y.x");
    ck_assert_int_eq(rp_http_find_location(r), RP_OK);
    ck_assert_uint_eq(rp_http_core_loc(r)->client_max_body_size, 1048576);
    ck_assert_int_eq(rp_http_core_loc(r)->send_timeout, 7000);

    r = request(0, "/c");
    ck_assert_int_eq(rp_http_find_location(r), RP_OK);
    ck_assert_uint_eq(rp_http_core_loc(r)->client_max_body_size, 5242880);
    ck_assert_int_eq(rp_http_core_loc(r)->send_timeout, 7000);

    r = request(0, "/z");
    ck_assert_int_eq(rp_http_find_location(r), RP_DECLINED);
    ck_assert_uint_eq(rp_http_core_loc(r)->client_max_body_size, 5242880);

    /* the second server inherits from http, with its defaults */
    r = request(1, "/c");
    ck_assert_int_eq(rp_http_find_location(r), RP_OK);
    ck_assert_uint_eq(rp_http_core_loc(r)->client_max_body_size, 2097152);
    ck_assert_int_eq(rp_http_core_loc(r)->send_timeout, 60000);
}
END_TEST


/* --- config errors ------------------------------------------------------- */

#define SRV  "server {\n    listen 127.0.0.1:8080;\n"

START_TEST(test_err_nesting)
{
    expect_error(SRV "    location /a {\n        location /b { }\n    }\n}\n",
                 "location \"/b\" is outside location \"/a\" in "
                 "main.conf:5:18");
    expect_error(SRV "    location /ab {\n        location /a { }\n    }\n}\n",
                 "location \"/a\" is outside location \"/ab\" in "
                 "main.conf:5:18");
    expect_error(SRV "    location = /y {\n        location /y/x { }\n"
                 "    }\n}\n",
                 "location \"/y/x\" cannot be inside the exact location "
                 "\"/y\" in main.conf:5:18");
    expect_error(SRV "    location = /y {\n        location ~ x { }\n"
                 "    }\n}\n",
                 "location \"x\" cannot be inside the exact location "
                 "\"/y\" in main.conf:5:20");
    expect_error(SRV "    location @y {\n        location /x { }\n    }\n}\n",
                 "location \"/x\" cannot be inside the named location "
                 "\"@y\" in main.conf:5:18");
    expect_error(SRV "    location /a {\n        location @x { }\n    }\n}\n",
                 "named location \"@x\" can be on the server level only in "
                 "main.conf:5:18");
    expect_error(SRV "    location ~ ^/a {\n        location /a { }\n"
                 "    }\n}\n",
                 "location \"/a\" is outside location \"^/a\" in "
                 "main.conf:5:18");

    /* allowed: nested prefix, exact and regex, regex in regex */
    rp_test_conf_reset();
    ck_assert_int_eq(rp_test_conf_parse_http(SRV
        "    location /a {\n"
        "        location /a { }\n"
        "        location = /a/x { }\n"
        "        location ~ y { location ~ z { } }\n"
        "        location ^~ /a/b { location /a/b/c { } }\n"
        "    }\n"
        "    location ~ ^/r { location ^/r/x { } }\n"
        "}\n"), RP_OK);
    ck_assert_str_eq(rp_test_conf_logged(), "");
}
END_TEST


START_TEST(test_err_duplicate)
{
    expect_error(SRV "    location /x { }\n    location /x { }\n}\n",
                 "duplicate location \"/x\" in main.conf:5:14");
    expect_error(SRV "    location /x { }\n    location ^~ /x { }\n}\n",
                 "duplicate location \"/x\" in main.conf:5:17");
    expect_error(SRV "    location = /x { }\n    location =/x { }\n}\n",
                 "duplicate location \"/x\" in main.conf:5:14");
    expect_error(SRV "    location @x { }\n    location @x { }\n}\n",
                 "duplicate location \"@x\" in main.conf:5:14");
    expect_error(SRV "    location /a { location /a/x { } location /a/x { } }"
                 "\n}\n",
                 "duplicate location \"/a/x\" in main.conf:4:46");

    /* allowed: the same name in other kinds or at other levels */
    rp_test_conf_reset();
    ck_assert_int_eq(rp_test_conf_parse_http(SRV
        "    location /x { location /x { } }\n"
        "    location = /x { }\n"
        "    location ~ /x { }\n"
        "    location ~ /x { }\n"
        "    location ~* /x { }\n"
        "}\n"
        "server {\n"
        "    listen 127.0.0.1:8081;\n"
        "    location /x { }\n"
        "}\n"), RP_OK);
    ck_assert_str_eq(rp_test_conf_logged(), "");
}
END_TEST


START_TEST(test_err_modifier_and_context)
{
    expect_error(SRV "    location =~ /x { }\n}\n",
                 "invalid location modifier \"=~\" in main.conf:4:14");
    expect_error(SRV "    location ~~ /x { }\n}\n",
                 "invalid location modifier \"~~\" in main.conf:4:14");
    expect_error(SRV "    location /x /y { }\n}\n",
                 "invalid location modifier \"/x\" in main.conf:4:14");
    expect_error(SRV "    location { }\n}\n",
                 "invalid number of arguments in \"location\" directive in "
                 "main.conf:4:5");
    expect_error(SRV "    location = /x /y { }\n}\n",
                 "invalid number of arguments in \"location\" directive in "
                 "main.conf:4:5");
    expect_error(SRV "    location /x;\n}\n",
                 "directive \"location\" has no opening \"{\" in "
                 "main.conf:4:5");
    expect_error("location /x { }\n",
                 "\"location\" directive is not allowed here in "
                 "main.conf:2:1");

    /* an error inside a location is reported and the rest goes on */
    rp_test_conf_reset();
    ck_assert_int_eq(rp_test_conf_parse_http(SRV
        "    location /a { client_max_body_size x; }\n"
        "    location /b { }\n"
        "}\n"), RP_ERROR);
    ck_assert_uint_eq(rp_test_conf_cf()->errors, 1);
}
END_TEST


START_TEST(test_err_regex)
{
    /* compiled at load; the message shows where in the pattern it broke */
    expect_error(SRV "    location ~ \"a(b\" { }\n}\n",
                 "pcre2_compile() failed: missing closing parenthesis in "
                 "\"a(b\" at \"\" in main.conf:4:5");
    expect_error(SRV "    location ~* \"x[z\" { }\n}\n",
                 "pcre2_compile() failed: missing terminating ] for "
                 "character class in \"x[z\" at \"\" in main.conf:4:5");
    expect_error(SRV "    location ~ \"a)b\" { }\n}\n",
                 "pcre2_compile() failed: unmatched closing parenthesis in "
                 "\"a)b\" at \")b\" in main.conf:4:5");
}
END_TEST


/* --- suite --------------------------------------------------------------- */

static Suite *
rp_http_location_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_http_location");

    tc = tcase_create("matching");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_match_nginx_rules);
    tcase_add_test(tc, test_match_none_keeps_server);
    tcase_add_test(tc, test_match_precedence);
    tcase_add_test(tc, test_match_prefix_chain);
    tcase_add_test(tc, test_match_random_against_naive);
    tcase_add_test(tc, test_match_regex_captures);
    tcase_add_test(tc, test_named_location);
    suite_add_tcase(s, tc);

    tc = tcase_create("structure");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_structure_fields);
    tcase_add_test(tc, test_merge_down_the_nesting);
    suite_add_tcase(s, tc);

    tc = tcase_create("errors");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_err_nesting);
    tcase_add_test(tc, test_err_duplicate);
    tcase_add_test(tc, test_err_modifier_and_context);
    tcase_add_test(tc, test_err_regex);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_http_location_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
