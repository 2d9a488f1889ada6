/*
 * test_rp_http_variables.c - unit tests for src/http/rp_http_variables.c
 * and src/http/rp_http_variables_core.c.
 *
 * A config with "t_var $name;" lines (see test_rp_http_vars.h) goes
 * through the real parser; a hand-built request on a real loopback
 * connection then evaluates every built-in variable and each prefix
 * family against values set in the request the way the lifecycle sets
 * them.  Also tested: caching versus flushing, names in any case, the
 * "unknown variable" error with the position of the first use (also in
 * an included file), a map defining a variable after its first use,
 * $1..$9 and named captures, and lookups by name.
 */

#include "test_rp_http_vars.h"

#include <sys/random.h>


/* The value of the t_var whose text was exactly <text>. */
static const char *
val(const char *text)
{
    size_t  i;

    for (i = 0; i < tv_n; i++) {
        if (rp_str_eq_lit(&tv_cv[i].value, text)) {
            return eval(i);
        }
    }

    ck_abort_msg("no t_var %s", text);
    return NULL;
}


static size_t
idx(const char *text)
{
    size_t  i;

    for (i = 0; i < tv_n; i++) {
        if (rp_str_eq_lit(&tv_cv[i].value, text)) {
            return var_index(i);
        }
    }

    ck_abort_msg("no t_var %s", text);
    return 0;
}


/* A request for "GET /a/%62.html?x=1&y=2 HTTP/1.1" to example.com. */
static void
typical_request(void)
{
    new_request();

    tv_str(&r->request_line, "GET /a/%62.html?x=1&y=2 HTTP/1.1");
    tv_str(&r->method_name, "GET");
    tv_str(&r->unparsed_uri, "/a/%62.html?x=1&y=2");
    tv_str(&r->uri, "/a/b.html");
    tv_str(&r->args, "x=1&y=2");
    tv_str(&r->http_protocol, "HTTP/1.1");
    tv_str(&r->schema, "http");
    tv_str(&r->headers_in.server, "example.com");
    r->method = RP_HTTP_GET;

    r->headers_in.host = add_header(&r->headers_in.headers, "Host",
                                    "Example.COM:8080");
    r->headers_in.user_agent = add_header(&r->headers_in.headers,
                                          "User-Agent", "curl/8.0");
}


static const char  *conf_builtins =
    "server {\n"
    "    listen 127.0.0.1:8080;\n"
    "    server_name example.org www.example.org;\n"
    "    t_var $host;\n"
    "    t_var $hostname;\n"
    "    t_var $remote_addr;\n"
    "    t_var $remote_port;\n"
    "    t_var $server_addr;\n"
    "    t_var $server_port;\n"
    "    t_var $server_name;\n"
    "    t_var $server_protocol;\n"
    "    t_var $scheme;\n"
    "    t_var $request;\n"
    "    t_var $request_method;\n"
    "    t_var $request_uri;\n"
    "    t_var $uri;\n"
    "    t_var $document_uri;\n"
    "    t_var $args;\n"
    "    t_var $query_string;\n"
    "    t_var $is_args;\n"
    "    t_var $status;\n"
    "    t_var $body_bytes_sent;\n"
    "    t_var $bytes_sent;\n"
    "    t_var $request_length;\n"
    "    t_var $request_time;\n"
    "    t_var $time_local;\n"
    "    t_var $time_iso8601;\n"
    "    t_var $msec;\n"
    "    t_var $connection;\n"
    "    t_var $connection_requests;\n"
    "    t_var $request_id;\n"
    "    t_var $content_type;\n"
    "    t_var $content_length;\n"
    "}\n";


START_TEST(test_request_line_variables)
{
    parse_ok(conf_builtins);
    typical_request();

    ck_assert_str_eq(val("$host"), "example.com");
    ck_assert_str_eq(val("$server_name"), "example.org");
    ck_assert_str_eq(val("$server_protocol"), "HTTP/1.1");
    ck_assert_str_eq(val("$scheme"), "http");
    ck_assert_str_eq(val("$request"), "GET /a/%62.html?x=1&y=2 HTTP/1.1");
    ck_assert_str_eq(val("$request_method"), "GET");
    ck_assert_str_eq(val("$request_uri"), "/a/%62.html?x=1&y=2");
    ck_assert_str_eq(val("$uri"), "/a/b.html");
    ck_assert_str_eq(val("$document_uri"), "/a/b.html");
    ck_assert_str_eq(val("$args"), "x=1&y=2");
    ck_assert_str_eq(val("$query_string"), "x=1&y=2");
    ck_assert_str_eq(val("$is_args"), "?");

    /* no arguments: $is_args is empty */
    typical_request();
    tv_str(&r->args, "");
    ck_assert_str_eq(val("$is_args"), "");
    ck_assert_str_eq(val("$args"), "");

    /* no Host: the server's first name */
    typical_request();
    tv_str(&r->headers_in.server, "");
    ck_assert_str_eq(val("$host"), "example.org");

    /* no schema recorded: http */
    typical_request();
    tv_str(&r->schema, "");
    ck_assert_str_eq(val("$scheme"), "http");
}
END_TEST


START_TEST(test_connection_variables)
{
    char  want[256], host[256];

    parse_ok(conf_builtins);
    typical_request();

    ck_assert_str_eq(val("$remote_addr"), "127.0.0.1");
    snprintf(want, sizeof(want), "%d", tv_client_port);
    ck_assert_str_eq(val("$remote_port"), want);
    ck_assert_str_eq(val("$server_addr"), "127.0.0.1");
    snprintf(want, sizeof(want), "%d", tv_listen_port);
    ck_assert_str_eq(val("$server_port"), want);
    ck_assert_str_eq(val("$connection"), "4242");
    ck_assert_str_eq(val("$connection_requests"), "7");

    ck_assert_int_eq(gethostname(host, sizeof(host)), 0);
    host[sizeof(host) - 1] = '\0';
    ck_assert_str_eq(val("$hostname"), host);
}
END_TEST


START_TEST(test_response_variables)
{
    parse_ok(conf_builtins);
    typical_request();

    /* before a response: 000 and zero counts */
    ck_assert_str_eq(val("$status"), "000");
    ck_assert_str_eq(val("$body_bytes_sent"), "0");
    ck_assert_str_eq(val("$bytes_sent"), "0");
    ck_assert_str_eq(val("$request_length"), "0");

    /* these are not cached: the log phase sees the final values */
    r->headers_out.status = 404;
    r->bytes_sent = 1500;
    r->header_size = 200;
    r->request_length = 345;
    ck_assert_str_eq(val("$status"), "404");
    ck_assert_str_eq(val("$body_bytes_sent"), "1300");
    ck_assert_str_eq(val("$bytes_sent"), "1500");
    ck_assert_str_eq(val("$request_length"), "345");

    /* a short write that did not finish the header: never negative */
    r->bytes_sent = 100;
    ck_assert_str_eq(val("$body_bytes_sent"), "0");

    r->headers_out.status = 200;
    ck_assert_str_eq(val("$status"), "200");
}
END_TEST


START_TEST(test_time_variables)
{
    const char  *v;
    char         want[64];
    struct tm    tm;
    time_t       now;
    long         off;
    int64_t      sec;
    int          n;
    unsigned     ms;

    parse_ok(conf_builtins);
    typical_request();

    /* 1.250 s after the request started */
    r->start_msec = rp_current_msec - 1250;
    ck_assert_str_eq(val("$request_time"), "1.250");
    r->start_msec = rp_current_msec + 5;
    ck_assert_str_eq(val("$request_time"), "0.000");

    now = rp_time_wall;
    ck_assert_ptr_nonnull(localtime_r(&now, &tm));
    off = tm.tm_gmtoff / 60;

    v = val("$time_local");
    ck_assert_uint_eq(strlen(v), strlen("28/Nov/2026:16:49:17 +0000"));
    ck_assert_int_eq(strftime(want, sizeof(want), "%d/%b/%Y:%H:%M:%S", &tm),
                     20);
    ck_assert_int_eq(strncmp(v, want, 20), 0);
    snprintf(want, sizeof(want), " %c%02ld%02ld", off < 0 ? '-' : '+',
             labs(off) / 60, labs(off) % 60);
    ck_assert_str_eq(v + 20, want);

    v = val("$time_iso8601");
    ck_assert_int_eq(strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%S", &tm),
                     19);
    ck_assert_int_eq(strncmp(v, want, 19), 0);
    snprintf(want, sizeof(want), "%c%02ld:%02ld", off < 0 ? '-' : '+',
             labs(off) / 60, labs(off) % 60);
    ck_assert_str_eq(v + 19, want);

    /* seconds.milliseconds of the wall clock, now */
    v = val("$msec");
    n = 0;
    ck_assert_int_eq(sscanf(v, "%" SCNd64 ".%3u%n", &sec, &ms, &n), 2);
    ck_assert_uint_eq(strlen(v), (size_t) n);
    ck_assert_uint_eq(strlen(strchr(v, '.')), 4);
    ck_assert(sec >= (int64_t) now - 2 && sec <= (int64_t) now + 2);
}
END_TEST


START_TEST(test_request_id)
{
    char     first[64];
    const char  *v;
    size_t   i;

    parse_ok(conf_builtins);
    typical_request();

    v = val("$request_id");
    ck_assert_uint_eq(strlen(v), 32);

    for (i = 0; i < 32; i++) {
        ck_assert(strchr("0123456789abcdef", v[i]) != NULL);
    }

    /* stable within the request */
    snprintf(first, sizeof(first), "%s", v);
    ck_assert_str_eq(val("$request_id"), first);

    /* another request, another id */
    typical_request();
    ck_assert_str_ne(val("$request_id"), first);
}
END_TEST


START_TEST(test_content_headers)
{
    size_t                          i;
    struct rp_http_variable_value  *vv;

    parse_ok(conf_builtins);
    typical_request();

    /* absent: not found, evaluates as empty */
    vv = rp_http_get_indexed_variable(r, idx("$content_type"));
    ck_assert_ptr_nonnull(vv);
    ck_assert_uint_eq(vv->not_found, 1);
    ck_assert_str_eq(val("$content_length"), "");

    typical_request();
    r->headers_in.content_type = add_header(&r->headers_in.headers,
                                            "Content-Type",
                                            "application/json");
    r->headers_in.content_length = add_header(&r->headers_in.headers,
                                              "Content-Length", "17");
    ck_assert_str_eq(val("$content_type"), "application/json");
    ck_assert_str_eq(val("$content_length"), "17");

    i = idx("$content_type");
    vv = rp_http_get_indexed_variable(r, i);
    ck_assert_uint_eq(vv->valid, 1);
    ck_assert_uint_eq(vv->not_found, 0);
}
END_TEST


START_TEST(test_http_prefix)
{
    parse_ok("t_var $http_user_agent;\n"
             "t_var $http_x_forwarded_for;\n"
             "t_var $http_cookie;\n"
             "t_var $http_x_missing;\n"
             "t_var $http_HOST;\n"
             "t_var $HTTP_X_Real_IP;\n");
    typical_request();

    add_header(&r->headers_in.headers, "X-Forwarded-For", "10.0.0.1");
    add_header(&r->headers_in.headers, "Cookie", "a=1; b=2");
    add_header(&r->headers_in.headers, "x-forwarded-for", "10.0.0.2");
    add_header(&r->headers_in.headers, "COOKIE", "c=3");
    add_header(&r->headers_in.headers, "X-Real-IP", "192.0.2.7");

    ck_assert_str_eq(val("$http_user_agent"), "curl/8.0");
    /* several headers: joined with ", ", cookies with "; " */
    ck_assert_str_eq(val("$http_x_forwarded_for"), "10.0.0.1, 10.0.0.2");
    ck_assert_str_eq(val("$http_cookie"), "a=1; b=2; c=3");
    ck_assert_str_eq(val("$http_x_missing"), "");
    ck_assert_uint_eq(rp_http_get_indexed_variable(r,
                          idx("$http_x_missing"))->not_found, 1);
    /* the header as sent, not the normalised server name */
    ck_assert_str_eq(val("$http_HOST"), "Example.COM:8080");
    ck_assert_str_eq(val("$HTTP_X_Real_IP"), "192.0.2.7");
}
END_TEST


START_TEST(test_arg_and_cookie_prefix)
{
    parse_ok("t_var $arg_x;\n"
             "t_var $arg_y;\n"
             "t_var $arg_empty;\n"
             "t_var $arg_flag;\n"
             "t_var $arg_missing;\n"
             "t_var $arg_Case;\n"
             "t_var $cookie_session;\n"
             "t_var $cookie_theme;\n"
             "t_var $cookie_missing;\n"
             "t_var $cookie_a;\n");
    typical_request();

    tv_str(&r->args, "x=1&y=a%20b&empty=&flag&x=2&case=CI");
    add_header(&r->headers_in.headers, "Cookie", "theme=dark;session=s1");
    add_header(&r->headers_in.headers, "Cookie", "session=s2; a=b=c");

    /* first match, not decoded */
    ck_assert_str_eq(val("$arg_x"), "1");
    ck_assert_str_eq(val("$arg_y"), "a%20b");
    ck_assert_str_eq(val("$arg_empty"), "");
    ck_assert_uint_eq(rp_http_get_indexed_variable(r,
                          idx("$arg_empty"))->not_found, 0);
    /* "flag" has no "=": it is not an argument with a value */
    ck_assert_str_eq(val("$arg_flag"), "");
    ck_assert_uint_eq(rp_http_get_indexed_variable(r,
                          idx("$arg_flag"))->not_found, 1);
    ck_assert_str_eq(val("$arg_missing"), "");
    ck_assert_str_eq(val("$arg_Case"), "CI");

    ck_assert_str_eq(val("$cookie_session"), "s1");
    ck_assert_str_eq(val("$cookie_theme"), "dark");
    ck_assert_str_eq(val("$cookie_missing"), "");
    ck_assert_str_eq(val("$cookie_a"), "b=c");

    /* a prefix of a name is not the name */
    typical_request();
    tv_str(&r->args, "xx=1&ax=2");
    add_header(&r->headers_in.headers, "Cookie", "xsession=1");
    ck_assert_str_eq(val("$arg_x"), "");
    ck_assert_str_eq(val("$cookie_session"), "");
}
END_TEST


START_TEST(test_sent_http_prefix)
{
    struct rp_http_header  *h;

    parse_ok("t_var $sent_http_content_type;\n"
             "t_var $sent_http_content_length;\n"
             "t_var $sent_http_last_modified;\n"
             "t_var $sent_http_location;\n"
             "t_var $sent_http_etag;\n"
             "t_var $sent_http_x_cache;\n"
             "t_var $sent_http_x_gone;\n"
             "t_var $sent_http_connection;\n"
             "t_var $sent_http_transfer_encoding;\n");
    typical_request();

    ck_assert_str_eq(val("$sent_http_content_type"), "");
    ck_assert_str_eq(val("$sent_http_content_length"), "");
    ck_assert_str_eq(val("$sent_http_last_modified"), "");
    ck_assert_str_eq(val("$sent_http_connection"), "");

    tv_str(&r->headers_out.content_type, "text/html");
    ck_assert_str_eq(val("$sent_http_content_type"), "text/html");
    tv_str(&r->headers_out.charset, "utf-8");
    ck_assert_str_eq(val("$sent_http_content_type"),
                     "text/html; charset=utf-8");

    r->headers_out.content_length_n = 1234;
    ck_assert_str_eq(val("$sent_http_content_length"), "1234");

    r->headers_out.last_modified_time = 1764349757;
    ck_assert_str_eq(val("$sent_http_last_modified"),
                     "Fri, 28 Nov 2025 17:09:17 GMT");

    r->headers_out.location = add_header(&r->headers_out.headers, "Location",
                                         "http://example.com/x");
    r->headers_out.etag = add_header(&r->headers_out.headers, "ETag",
                                     "\"5f-1a\"");
    add_header(&r->headers_out.headers, "X-Cache", "HIT");
    add_header(&r->headers_out.headers, "X-Cache", "MISS");
    h = add_header(&r->headers_out.headers, "X-Gone", "no");
    h->hash = 0;

    ck_assert_str_eq(val("$sent_http_location"), "http://example.com/x");
    ck_assert_str_eq(val("$sent_http_etag"), "\"5f-1a\"");
    ck_assert_str_eq(val("$sent_http_x_cache"), "HIT, MISS");
    /* a deleted header (hash 0) is not sent */
    ck_assert_str_eq(val("$sent_http_x_gone"), "");

    r->header_sent = 1;
    r->keepalive = 1;
    ck_assert_str_eq(val("$sent_http_connection"), "keep-alive");
    r->keepalive = 0;
    ck_assert_str_eq(val("$sent_http_connection"), "close");
    r->headers_out.chunked = 1;
    ck_assert_str_eq(val("$sent_http_transfer_encoding"), "chunked");
}
END_TEST


START_TEST(test_cache_and_flush)
{
    size_t                          ih, iu;
    struct rp_http_variable_value  *vv;

    parse_ok("t_var $host;\nt_var $uri;\nt_var $Host;\n");
    typical_request();

    /* one name, one index, whatever the case */
    ih = idx("$host");
    ck_assert_uint_eq(idx("$Host"), ih);
    ck_assert_uint_lt(ih, rp_http_variables_count(tv_cmcf()));

    vv = rp_http_get_indexed_variable(r, ih);
    ck_assert_ptr_nonnull(vv);
    ck_assert_uint_eq(vv->valid, 1);
    ck_assert_uint_eq(vv->no_cacheable, 0);

    /* $host is cached: a later change is not seen */
    tv_str(&r->headers_in.server, "other.example");
    vv = rp_http_get_flushed_variable(r, ih);
    ck_assert_int_eq(memcmp(vv->data, "example.com", vv->len), 0);

    /* $uri is not: the flushed value follows an internal redirect */
    iu = idx("$uri");
    vv = rp_http_get_indexed_variable(r, iu);
    ck_assert_uint_eq(vv->no_cacheable, 1);
    tv_str(&r->uri, "/50x.html");
    vv = rp_http_get_indexed_variable(r, iu);
    ck_assert_int_eq(memcmp(vv->data, "/a/b.html", vv->len), 0);
    vv = rp_http_get_flushed_variable(r, iu);
    ck_assert_uint_eq(vv->len, 9);
    ck_assert_int_eq(memcmp(vv->data, "/50x.html", vv->len), 0);

    /* an index out of range is an error, not a crash */
    ck_assert_ptr_null(rp_http_get_indexed_variable(r, 99));
}
END_TEST


START_TEST(test_unknown_variable)
{
    expect_error("    t_var $nosuch;\n",
                 "unknown \"nosuch\" variable in main.conf:2:11");

    /* the first use is named, in the file where it is */
    rp_test_conf_write("inc.conf", "t_var \"x $foo\";\n");
    expect_error("server {\n"
                 "    listen 127.0.0.1:8080;\n"
                 "    include inc.conf;\n"
                 "    t_var $foo;\n"
                 "    t_var prefix$bar;\n"
                 "}\n",
                 "unknown \"foo\" variable in inc.conf:1:7\n"
                 "rampart: [emerg] unknown \"bar\" variable in "
                 "main.conf:6:11");

    /* a prefix alone is not a variable */
    expect_error("t_var $http_;\n",
                 "unknown \"http_\" variable in main.conf:2:7");
}
END_TEST


START_TEST(test_defined_after_use)
{
    /* a map may define a variable after a directive used it */
    parse_ok("t_var $later;\n"
             "map $uri $later { default yes; }\n");
    typical_request();
    ck_assert_str_eq(val("$later"), "yes");
}
END_TEST


START_TEST(test_add_variable)
{
    struct rp_str             name;
    struct rp_http_variable  *v, *w;
    struct rp_conf           *cf = rp_test_conf_cf();

    reset();
    /* an http block so that there is a main conf to hang them on */
    ck_assert_int_eq(parse_http(""), RP_OK);
    cf->ctx = rp_http_get_ctx(rp_test_conf_cycle());
    cf->module_type = RP_HTTP_MODULE;

    rp_str_set(&name, "MyVar");
    v = rp_http_add_variable(cf, &name, RP_HTTP_VAR_CHANGEABLE);
    ck_assert_ptr_nonnull(v);
    ck_assert(rp_str_eq_lit(&v->name, "myvar"));

    /* changeable twice: the same definition */
    rp_str_set(&name, "myvar");
    w = rp_http_add_variable(cf, &name, RP_HTTP_VAR_CHANGEABLE);
    ck_assert_ptr_eq(v, w);

    /* a built-in is not changeable */
    rp_str_set(&name, "host");
    ck_assert_ptr_null(rp_http_add_variable(cf, &name,
                                            RP_HTTP_VAR_CHANGEABLE));
    ck_assert_str_eq(logged(), "rampart: [emerg] the duplicate \"host\" "
                     "variable\n");
}
END_TEST


START_TEST(test_index_after_init)
{
    int              i, j;
    struct rp_str    name;
    struct rp_conf  *cf = rp_test_conf_cf();

    /* a module asking for an index after init (a late hook) */
    parse_ok("t_var $uri;\n");
    cf->ctx = rp_http_get_ctx(rp_test_conf_cycle());
    cf->module_type = RP_HTTP_MODULE;

    rp_str_set(&name, "request_method");
    i = rp_http_get_variable_index(cf, &name);
    ck_assert_int_ge(i, 0);
    rp_str_set(&name, "arg_late");
    j = rp_http_get_variable_index(cf, &name);
    ck_assert_int_ge(j, 0);

    typical_request();
    tv_str(&r->args, "late=yes");
    ck_assert_int_eq(memcmp(rp_http_get_indexed_variable(r, i)->data, "GET",
                            3), 0);
    ck_assert_uint_eq(rp_http_get_indexed_variable(r, j)->len, 3);

    /* an unknown one is reported at once */
    rp_str_set(&name, "late_unknown");
    ck_assert_int_eq(rp_http_get_variable_index(cf, &name), RP_ERROR);
    ck_assert_str_eq(logged(), "rampart: [emerg] unknown \"late_unknown\" "
                     "variable\n");
}
END_TEST


START_TEST(test_captures)
{
    struct rp_str  subject;

    /* the names are used before the regexes define them: no error */
    parse_ok("t_var $1;\nt_var $2;\nt_var $0;\nt_var ${3};\n"
             "t_var $sub;\nt_var $dom;\n"
             "t_regex \"^(?<sub>[a-z]+)\\.(?<dom>[a-z.]+)$\";\n"
             "t_regex_i \"^/(\\w+)/(\\d+)?(x)?\";\n");
    ck_assert_uint_eq(tv_nre, 2);
    ck_assert_uint_eq(tv_cmcf()->ncaptures, 3);

    typical_request();

    /* before any match: empty */
    ck_assert_str_eq(val("$1"), "");
    ck_assert_str_eq(val("$sub"), "");

    rp_str_set(&subject, "www.example.com");
    ck_assert_int_eq(rp_http_regex_exec(r, tv_re[0], &subject), RP_OK);
    ck_assert_str_eq(val("$0"), "www.example.com");
    ck_assert_str_eq(val("$1"), "www");
    ck_assert_str_eq(val("$2"), "example.com");
    ck_assert_str_eq(val("${3}"), "");
    ck_assert_str_eq(val("$sub"), "www");
    ck_assert_str_eq(val("$dom"), "example.com");

    /* a failed match leaves the last captures alone */
    rp_str_set(&subject, "NO MATCH");
    ck_assert_int_eq(rp_http_regex_exec(r, tv_re[0], &subject), RP_DECLINED);
    ck_assert_str_eq(val("$1"), "www");

    /* the next match replaces $1..$9; the named ones stay */
    rp_str_set(&subject, "/API/x");
    ck_assert_int_eq(rp_http_regex_exec(r, tv_re[1], &subject), RP_OK);
    ck_assert_str_eq(val("$1"), "API");
    ck_assert_str_eq(val("$2"), "");
    ck_assert_str_eq(val("${3}"), "x");
    ck_assert_str_eq(val("$sub"), "www");

    /* caseless */
    rp_str_set(&subject, "/api/42");
    ck_assert_int_eq(rp_http_regex_exec(r, tv_re[1], &subject), RP_OK);
    ck_assert_str_eq(val("$2"), "42");
}
END_TEST


START_TEST(test_regex_errors)
{
    expect_error("t_regex \"^(a\";\n",
                 "pcre2_compile() failed: missing closing parenthesis in "
                 "\"^(a\" at \"\" in main.conf:2:1");

    /* a named group may not take a built-in's name */
    expect_error("t_regex \"^(?<uri>.*)$\";\n",
                 "the duplicate \"uri\" variable in main.conf:2:1");

    /* but two regexes may share a name */
    parse_ok("t_regex \"^(?<n>a)\";\nt_regex \"^(?<n>b)\";\n"
             "t_var $n;\n");
}
END_TEST


START_TEST(test_get_variable_by_name)
{
    struct rp_str                   name;
    struct rp_http_variable_value  *vv;

    parse_ok("t_var $uri;\n");
    typical_request();

    /* indexed: from r->variables */
    rp_str_set(&name, "URI");
    vv = rp_http_get_variable(r, &name, 0);
    ck_assert_ptr_nonnull(vv);
    ck_assert_uint_eq(vv->valid, 1);
    ck_assert_int_eq(memcmp(vv->data, "/a/b.html", vv->len), 0);
    ck_assert_ptr_eq(vv, &r->variables[idx("$uri")]);

    /* not indexed: computed on the spot */
    rp_str_set(&name, "request_method");
    vv = rp_http_get_variable(r, &name, 0);
    ck_assert_ptr_nonnull(vv);
    ck_assert_uint_eq(vv->len, 3);
    ck_assert_int_eq(memcmp(vv->data, "GET", 3), 0);

    /* a prefix family */
    rp_str_set(&name, "http_User_Agent");
    vv = rp_http_get_variable(r, &name, 0);
    ck_assert_ptr_nonnull(vv);
    ck_assert_uint_eq(vv->len, 8);
    ck_assert_int_eq(memcmp(vv->data, "curl/8.0", 8), 0);

    rp_str_set(&name, "arg_y");
    vv = rp_http_get_variable(r, &name, 0);
    ck_assert_int_eq(memcmp(vv->data, "2", vv->len), 0);

    /* unknown: not found */
    rp_str_set(&name, "no_such_thing");
    vv = rp_http_get_variable(r, &name, 0);
    ck_assert_ptr_nonnull(vv);
    ck_assert_uint_eq(vv->not_found, 1);
    ck_assert_uint_eq(vv->len, 0);
}
END_TEST


static Suite *
rp_http_variables_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_http_variables");

    tc = tcase_create("builtins");
    tcase_add_checked_fixture(tc, tv_setup, tv_teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_request_line_variables);
    tcase_add_test(tc, test_connection_variables);
    tcase_add_test(tc, test_response_variables);
    tcase_add_test(tc, test_time_variables);
    tcase_add_test(tc, test_request_id);
    tcase_add_test(tc, test_content_headers);
    suite_add_tcase(s, tc);

    tc = tcase_create("prefixes");
    tcase_add_checked_fixture(tc, tv_setup, tv_teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_http_prefix);
    tcase_add_test(tc, test_arg_and_cookie_prefix);
    tcase_add_test(tc, test_sent_http_prefix);
    suite_add_tcase(s, tc);

    tc = tcase_create("machinery");
    tcase_add_checked_fixture(tc, tv_setup, tv_teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_cache_and_flush);
    tcase_add_test(tc, test_unknown_variable);
    tcase_add_test(tc, test_defined_after_use);
    tcase_add_test(tc, test_add_variable);
    tcase_add_test(tc, test_get_variable_by_name);
    tcase_add_test(tc, test_index_after_init);
    suite_add_tcase(s, tc);

    tc = tcase_create("regex");
    tcase_add_checked_fixture(tc, tv_setup, tv_teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_captures);
    tcase_add_test(tc, test_regex_errors);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    return tv_main(rp_http_variables_suite());
}
