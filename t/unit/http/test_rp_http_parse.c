/*
 * test_rp_http_parse.c - the request-line and header parser of
 * src/http/rp_http_parse.c.
 *
 * Two tables drive most of the suite.  Every valid request is parsed
 * whole and every field is checked; then it is fed split in two at every
 * byte, byte by byte, and both again with the buffer moved to a new
 * allocation (and the old one scribbled over and freed) after every
 * RP_AGAIN, which exercises rp_http_parser_rebase(): each run must give
 * exactly the same result.  Every invalid request must fail with its
 * specific error however it is split.  Finally each input, and each of
 * its prefixes, is placed against a PROT_NONE page so that reading at or
 * past <last> crashes the test.
 */

#include "rp_config.h"

#include <ctype.h>

#include <check.h>

#include "rp_core.h"
#include "rp_http_parse.h"
#include "test_rp_http_parse.h"


#define B(s)          s, sizeof(s) - 1

#define F_COMPLEX     0x01
#define F_QUOTED      0x02
#define F_PLUS        0x04
#define F_ASTERISK    0x08
#define F_ABSOLUTE    0x10

#define RP_T_MAX_HDR  32
#define RP_T_NPTR     14

struct rp_t_hdr {
    const char  *name;
    const char  *value;
};

struct rp_t_valid {
    const char      *label;
    const char      *in;
    unsigned         method;
    const char      *uri;       /* the whole request target */
    const char      *path;      /* NULL: path_start is NULL */
    const char      *args;      /* NULL: no '?' */
    const char      *schema;
    const char      *host;
    const char      *port;
    const char      *ext;
    unsigned         version;   /* 10 or 11 */
    unsigned         flags;     /* F_* */
    size_t           tail;      /* bytes after the header section */
    struct rp_t_hdr  hdrs[RP_T_MAX_HDR];
};

struct rp_t_invalid {
    const char  *label;
    const char  *in;
    size_t       len;
    int          rc;
};

/* One parsed header line, positions as offsets into the input. */
struct rp_t_hres {
    long      name, name_end, value, value_end;
    uint32_t  hash;
    unsigned  lc_index;
    unsigned  invalid;
    u_char    lc[32];
};

/* Everything a parse run produced, comparable across runs. */
struct rp_t_run {
    int               rc;        /* HEADER_DONE, an error, or RP_AGAIN */
    int               rl_rc;
    long              consumed;  /* -1 after an error */
    long              off[RP_T_NPTR];
    unsigned          method, major, minor, flags;
    size_t            nhdr;
    struct rp_t_hres  hdr[RP_T_MAX_HDR];
};

enum {
    P_REQUEST_START = 0, P_REQUEST_END, P_METHOD_END, P_URI_START,
    P_URI_END, P_SCHEMA_START, P_SCHEMA_END, P_HOST_START, P_HOST_END,
    P_PORT_END, P_PATH_START, P_PATH_END, P_ARGS_START, P_URI_EXT
};

static const char *rp_t_ptr_names[RP_T_NPTR] = {
    "request_start", "request_end", "method_end", "uri_start", "uri_end",
    "schema_start", "schema_end", "host_start", "host_end", "port_end",
    "path_start", "path_end", "args_start", "uri_ext"
};


/* --- the tables ------------------------------------------------------ */

#define X10    "0123456789"
#define X100   X10 X10 X10 X10 X10 X10 X10 X10 X10 X10
#define X1000  X100 X100 X100 X100 X100 X100 X100 X100 X100 X100
#define LONG_NAME  "X-A-Very-Long-Header-Name-Longer-Than-32-Bytes"

static const struct rp_t_valid  rp_t_valid[] = {
    { .label = "get", .in = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/", .path = "/", .version = 11,
      .hdrs = { { "Host", "example.com" } } },

    { .label = "browser",
      .in = "GET /static/app.js?v=3 HTTP/1.1\r\n"
            "Host: www.example.org\r\n"
            "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:120.0) "
            "Gecko/20100101 Firefox/120.0\r\n"
            "Accept: */*\r\n"
            "Accept-Language: en-US,en;q=0.5\r\n"
            "Accept-Encoding: gzip, deflate, br\r\n"
            "Referer: https://www.example.org/index.html\r\n"
            "Cookie: sid=abc123; theme=dark\r\n"
            "Connection: keep-alive\r\n"
            "Sec-Fetch-Dest: script\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/static/app.js?v=3",
      .path = "/static/app.js", .args = "v=3", .ext = "js", .version = 11,
      .hdrs = { { "Host", "www.example.org" },
                { "User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) "
                                "Gecko/20100101 Firefox/120.0" },
                { "Accept", "*/*" },
                { "Accept-Language", "en-US,en;q=0.5" },
                { "Accept-Encoding", "gzip, deflate, br" },
                { "Referer", "https://www.example.org/index.html" },
                { "Cookie", "sid=abc123; theme=dark" },
                { "Connection", "keep-alive" },
                { "Sec-Fetch-Dest", "script" } } },

    { .label = "head-http10", .in = "HEAD /index.html HTTP/1.0\r\n\r\n",
      .method = RP_HTTP_HEAD, .uri = "/index.html", .path = "/index.html",
      .ext = "html", .version = 10 },

    { .label = "post-with-body",
      .in = "POST /submit?x=1&y=2 HTTP/1.1\r\nHost: a\r\n"
            "Content-Length: 5\r\n\r\nhello",
      .method = RP_HTTP_POST, .uri = "/submit?x=1&y=2", .path = "/submit",
      .args = "x=1&y=2", .version = 11, .tail = 5,
      .hdrs = { { "Host", "a" }, { "Content-Length", "5" } } },

    { .label = "options-asterisk", .in = "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
      .method = RP_HTTP_OPTIONS, .uri = "*", .version = 11,
      .flags = F_ASTERISK, .hdrs = { { "Host", "a" } } },

    { .label = "options-path", .in = "OPTIONS /x HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_OPTIONS, .uri = "/x", .path = "/x", .version = 11 },

    { .label = "absolute-form",
      .in = "GET http://example.com:8080/a/b.txt?q=1 HTTP/1.1\r\n"
            "Host: example.com:8080\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "http://example.com:8080/a/b.txt?q=1",
      .schema = "http", .host = "example.com", .port = "8080",
      .path = "/a/b.txt", .args = "q=1", .ext = "txt", .version = 11,
      .flags = F_ABSOLUTE, .hdrs = { { "Host", "example.com:8080" } } },

    { .label = "absolute-empty-path", .in = "GET HTTP://Example.COM HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "HTTP://Example.COM", .schema = "HTTP",
      .host = "Example.COM", .path = "", .version = 11, .flags = F_ABSOLUTE },

    { .label = "absolute-query-only", .in = "GET https://h?x=/y HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "https://h?x=/y", .schema = "https",
      .host = "h", .path = "", .args = "x=/y", .version = 11,
      .flags = F_ABSOLUTE },

    { .label = "absolute-port-query", .in = "GET http://h:1?a HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "http://h:1?a", .schema = "http",
      .host = "h", .port = "1", .path = "", .args = "a", .version = 11,
      .flags = F_ABSOLUTE },

    { .label = "absolute-port-only", .in = "GET http://h:65535 HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "http://h:65535", .schema = "http",
      .host = "h", .port = "65535", .path = "", .version = 11,
      .flags = F_ABSOLUTE },

    { .label = "absolute-ipv6", .in = "GET http://[::1]:80/ HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "http://[::1]:80/", .schema = "http",
      .host = "[::1]", .port = "80", .path = "/", .version = 11,
      .flags = F_ABSOLUTE },

    { .label = "absolute-ipv4-schema-chars",
      .in = "GET x-a+b.c://127.0.0.1/x_y HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "x-a+b.c://127.0.0.1/x_y",
      .schema = "x-a+b.c", .host = "127.0.0.1", .path = "/x_y",
      .version = 11, .flags = F_ABSOLUTE },

    { .label = "absolute-complex",
      .in = "GET http://h/a/../b%41 HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "http://h/a/../b%41", .schema = "http",
      .host = "h", .path = "/a/../b%41", .version = 11,
      .flags = F_ABSOLUTE | F_COMPLEX | F_QUOTED },

    { .label = "connect",
      .in = "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
      .method = RP_HTTP_CONNECT, .uri = "example.com:443",
      .host = "example.com", .port = "443", .version = 11,
      .hdrs = { { "Host", "example.com:443" } } },

    { .label = "connect-ipv6", .in = "CONNECT [2001:db8::1]:8443 HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_CONNECT, .uri = "[2001:db8::1]:8443",
      .host = "[2001:db8::1]", .port = "8443", .version = 11 },

    { .label = "many-headers",
      .in = "GET /m HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n"
            "F: 6\r\nG: 7\r\nH: 8\r\nI: 9\r\nJ: 10\r\nK: 11\r\nL: 12\r\n"
            "M: 13\r\nN: 14\r\nO: 15\r\nP: 16\r\nQ: 17\r\nR: 18\r\n"
            "S: 19\r\nT: 20\r\nU: 21\r\nV: 22\r\nW: 23\r\nX: 24\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/m", .path = "/m", .version = 11,
      .hdrs = { { "A", "1" }, { "B", "2" }, { "C", "3" }, { "D", "4" },
                { "E", "5" }, { "F", "6" }, { "G", "7" }, { "H", "8" },
                { "I", "9" }, { "J", "10" }, { "K", "11" }, { "L", "12" },
                { "M", "13" }, { "N", "14" }, { "O", "15" }, { "P", "16" },
                { "Q", "17" }, { "R", "18" }, { "S", "19" }, { "T", "20" },
                { "U", "21" }, { "V", "22" }, { "W", "23" }, { "X", "24" } } },

    { .label = "empty-values",
      .in = "GET / HTTP/1.1\r\nX-Empty:\r\nX-Spaces:   \r\nX-Tab:\t\r\n"
            "X-Mixed: \t \t\nX-Last:\n\r\n",
      .method = RP_HTTP_GET, .uri = "/", .path = "/", .version = 11,
      .hdrs = { { "X-Empty", "" }, { "X-Spaces", "" }, { "X-Tab", "" },
                { "X-Mixed", "" }, { "X-Last", "" } } },

    { .label = "ows-trimmed",
      .in = "GET / HTTP/1.1\r\nX:  a  b \t \r\nY:\tc\td\t\r\nZ:e\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/", .path = "/", .version = 11,
      .hdrs = { { "X", "a  b" }, { "Y", "c\td" }, { "Z", "e" } } },

    { .label = "obs-text-values",
      .in = "GET / HTTP/1.1\r\nX-Utf8: caf\xc3\xa9 \xe2\x9c\x93\r\n"
            "X-Latin: \xff\xfe\x80\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/", .path = "/", .version = 11,
      .hdrs = { { "X-Utf8", "caf\xc3\xa9 \xe2\x9c\x93" },
                { "X-Latin", "\xff\xfe\x80" } } },

    { .label = "long-value-long-name",
      .in = "GET /long HTTP/1.1\r\n" LONG_NAME ": " X1000 X1000 X1000 "\r\n"
            "Cookie: " X1000 "\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/long", .path = "/long", .version = 11,
      .hdrs = { { LONG_NAME, X1000 X1000 X1000 }, { "Cookie", X1000 } } },

    { .label = "all-vchar-value",
      .in = "GET / HTTP/1.1\r\nX: !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/", .path = "/", .version = 11,
      .hdrs = { { "X", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~" } } },

    { .label = "value-with-colons", .in = "GET / HTTP/1.1\r\nHost: a:80:x\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/", .path = "/", .version = 11,
      .hdrs = { { "Host", "a:80:x" } } },

    { .label = "token-names",
      .in = "GET / HTTP/1.1\r\n!#$%&'*+-.^_`|~09azAZ: v\r\nX_Forwarded_For: 1\r\n"
            "X.Dot: 2\r\nX-Ok-9: 3\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/", .path = "/", .version = 11,
      .hdrs = { { "!#$%&'*+-.^_`|~09azAZ", "v" }, { "X_Forwarded_For", "1" },
                { "X.Dot", "2" }, { "X-Ok-9", "3" } } },

    { .label = "bare-lf-http10", .in = "GET /a HTTP/1.0\nHost: x\n\n",
      .method = RP_HTTP_GET, .uri = "/a", .path = "/a", .version = 10,
      .hdrs = { { "Host", "x" } } },

    { .label = "mixed-line-ends", .in = "GET / HTTP/1.1\nA: b\r\nC: d\n\r\n",
      .method = RP_HTTP_GET, .uri = "/", .path = "/", .version = 11,
      .hdrs = { { "A", "b" }, { "C", "d" } } },

    { .label = "leading-empty-lines", .in = "\r\n\n\r\nGET / HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/", .path = "/", .version = 11 },

    { .label = "unknown-method", .in = "PROPFIND /dav/ HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_UNKNOWN, .uri = "/dav/", .path = "/dav/",
      .version = 11 },

    { .label = "lowercase-method", .in = "get / HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_UNKNOWN, .uri = "/", .path = "/", .version = 11 },

    { .label = "token-method", .in = "M-SEARCH! /x HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_UNKNOWN, .uri = "/x", .path = "/x", .version = 11 },

    { .label = "almost-known-method", .in = "GETS / HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_UNKNOWN, .uri = "/", .path = "/", .version = 11 },

    { .label = "put", .in = "PUT /f HTTP/1.1\r\n\r\n", .method = RP_HTTP_PUT,
      .uri = "/f", .path = "/f", .version = 11 },
    { .label = "delete", .in = "DELETE /f HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_DELETE, .uri = "/f", .path = "/f", .version = 11 },
    { .label = "patch", .in = "PATCH /f HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_PATCH, .uri = "/f", .path = "/f", .version = 11 },
    { .label = "trace", .in = "TRACE /f HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_TRACE, .uri = "/f", .path = "/f", .version = 11 },

    { .label = "double-slash", .in = "GET /a//b HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/a//b", .path = "/a//b", .version = 11,
      .flags = F_COMPLEX },
    { .label = "leading-double-slash", .in = "GET //a HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "//a", .path = "//a", .version = 11,
      .flags = F_COMPLEX },
    { .label = "dot-segment", .in = "GET /a/./b HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/a/./b", .path = "/a/./b", .version = 11,
      .flags = F_COMPLEX },
    { .label = "dot-dot-segment", .in = "GET /a/../b HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/a/../b", .path = "/a/../b",
      .version = 11, .flags = F_COMPLEX },
    { .label = "ends-with-dot", .in = "GET /a/. HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/a/.", .path = "/a/.", .ext = "",
      .version = 11, .flags = F_COMPLEX },
    { .label = "ends-with-dot-dot", .in = "GET /a/.. HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/a/..", .path = "/a/..", .ext = "",
      .version = 11, .flags = F_COMPLEX },
    { .label = "dot-dot-before-query", .in = "GET /a/..?x HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/a/..?x", .path = "/a/..", .args = "x",
      .ext = "", .version = 11, .flags = F_COMPLEX },
    { .label = "dots-in-names", .in = "GET /a/.b/..c/.../d.e HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/a/.b/..c/.../d.e",
      .path = "/a/.b/..c/.../d.e", .ext = "e", .version = 11 },
    { .label = "ext-reset-by-slash", .in = "GET /a.b/c HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/a.b/c", .path = "/a.b/c",
      .version = 11 },
    { .label = "ext-last-dot", .in = "GET /a/b.tar.gz?x.y HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/a/b.tar.gz?x.y", .path = "/a/b.tar.gz",
      .args = "x.y", .ext = "gz", .version = 11 },
    { .label = "percent-encoded", .in = "GET /a%20b%2Fc%2e HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/a%20b%2Fc%2e", .path = "/a%20b%2Fc%2e",
      .version = 11, .flags = F_COMPLEX | F_QUOTED },
    { .label = "plus", .in = "GET /a+b?c+d HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/a+b?c+d", .path = "/a+b",
      .args = "c+d", .version = 11, .flags = F_PLUS },
    { .label = "query-anything", .in = "GET /s?a=/b?c&d=%zz&e=./../ HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/s?a=/b?c&d=%zz&e=./../", .path = "/s",
      .args = "a=/b?c&d=%zz&e=./../", .version = 11 },
    { .label = "empty-query", .in = "GET /? HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/?", .path = "/", .args = "",
      .version = 11 },
    { .label = "path-vchars",
      .in = "GET /~u/a_b-c!$&'()*,;=:@[]{}|\\^`\"<> HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/~u/a_b-c!$&'()*,;=:@[]{}|\\^`\"<>",
      .path = "/~u/a_b-c!$&'()*,;=:@[]{}|\\^`\"<>", .version = 11 },

    { .label = "pipelined",
      .in = "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\n\r\n",
      .method = RP_HTTP_GET, .uri = "/", .path = "/", .version = 11,
      .tail = 19, .hdrs = { { "Host", "a" } } },
};


static const struct rp_t_invalid  rp_t_invalid[] = {
    /* method */
    { "leading-space", B(" GET / HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_METHOD },
    { "method-paren", B("G(T / HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_METHOD },
    { "method-nul", B("GE\0T / HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_METHOD },
    { "method-ctl-first", B("\001GET / HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_METHOD },
    { "method-utf8", B("G\xc3\xa9T / HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_METHOD },
    { "method-tab", B("GET\t/ HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_METHOD },
    { "method-colon", B("GET: / HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_METHOD },
    { "method-only-crlf", B("GET\r\n\r\n"), RP_HTTP_PARSE_INVALID_REQUEST },
    { "method-only-lf", B("GET\n"), RP_HTTP_PARSE_INVALID_REQUEST },
    { "bare-cr-before-line", B("\rGET / HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_REQUEST },

    /* request-line structure */
    { "two-spaces-after-method", B("GET  / HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_REQUEST },
    { "two-spaces-after-target", B("GET /  HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_REQUEST },
    { "http09-crlf", B("GET /\r\n"), RP_HTTP_PARSE_INVALID_REQUEST },
    { "http09-lf", B("GET /index.html\n"), RP_HTTP_PARSE_INVALID_REQUEST },
    { "http09-query", B("GET /?a\r\n"), RP_HTTP_PARSE_INVALID_REQUEST },
    { "no-version", B("GET / \r\n\r\n"), RP_HTTP_PARSE_INVALID_REQUEST },
    { "no-target", B("GET \r\n\r\n"), RP_HTTP_PARSE_INVALID_REQUEST },
    { "trailing-space", B("GET / HTTP/1.1 \r\n\r\n"), RP_HTTP_PARSE_INVALID_REQUEST },
    { "bare-cr-line-end", B("GET / HTTP/1.1\r\r\n\r\n"), RP_HTTP_PARSE_INVALID_REQUEST },
    { "bare-cr-then-byte", B("GET / HTTP/1.1\rHost: a\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_REQUEST },

    /* request target */
    { "fragment", B("GET /a#frag HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "fragment-in-query", B("GET /a?b#c HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "fragment-after-slash", B("GET /# HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "target-ctl", B("GET /a\001b HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "target-del", B("GET /a\177b HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "target-utf8", B("GET /caf\xc3\xa9 HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "query-obs-text", B("GET /a?\xff HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "target-nul", B("GET /a\0 HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "target-tab", B("GET /a\tb HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "target-bare-cr", B("GET /a\rb HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_REQUEST },
    { "bad-escape", B("GET /%zz HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "short-escape", B("GET /%2 HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "escape-at-end", B("GET /a% HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "escape-non-hex", B("GET /%G0 HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "asterisk-not-options", B("GET * HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "asterisk-more", B("OPTIONS *x HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "asterisk-slash", B("OPTIONS */ HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "relative-target", B("GET a HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "digit-schema", B("GET 1http://x/ HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "bad-schema-char", B("GET ht!tp://x/ HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "one-slash", B("GET http:/x/ HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "no-slash", B("GET http:x HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "empty-host", B("GET http:///x HTTP/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_TARGET },
    { "userinfo", B("GET http://user@host/ HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "empty-port", B("GET http://host:/ HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "port-too-big", B("GET http://host:65536/ HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "port-too-long", B("GET http://host:000080/ HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "port-garbage", B("GET http://host:8x/ HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "empty-ip-literal", B("GET http://[]/ HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "open-ip-literal", B("GET http://[::1/ HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "after-ip-literal", B("GET http://[::1]x/ HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "percent-in-host", B("GET http://ho%41st/ HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "fragment-absolute", B("GET http://host/a#b HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "absolute-http09", B("GET http://host\r\n"), RP_HTTP_PARSE_INVALID_REQUEST },
    { "connect-origin-form", B("CONNECT /x HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "connect-no-port", B("CONNECT host HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "connect-absolute", B("CONNECT http://host:80/ HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "connect-path", B("CONNECT host:80/x HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },
    { "connect-asterisk", B("CONNECT * HTTP/1.1\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_TARGET },

    /* version */
    { "http20", B("GET / HTTP/2.0\r\n\r\n"), RP_HTTP_PARSE_UNSUPPORTED_VERSION },
    { "http12", B("GET / HTTP/1.2\r\n\r\n"), RP_HTTP_PARSE_UNSUPPORTED_VERSION },
    { "http09-explicit", B("GET / HTTP/0.9\r\n\r\n"),
      RP_HTTP_PARSE_UNSUPPORTED_VERSION },
    { "http30-lf", B("GET / HTTP/3.0\n\n"), RP_HTTP_PARSE_UNSUPPORTED_VERSION },
    { "lowercase-http", B("GET / http/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_VERSION },
    { "two-digit-minor", B("GET / HTTP/1.10\r\n\r\n"), RP_HTTP_PARSE_INVALID_VERSION },
    { "two-digit-major", B("GET / HTTP/11.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_VERSION },
    { "no-minor", B("GET / HTTP/1\r\n\r\n"), RP_HTTP_PARSE_INVALID_VERSION },
    { "major-only", B("GET / HTTP/2\r\n\r\n"), RP_HTTP_PARSE_INVALID_VERSION },
    { "letter-minor", B("GET / HTTP/1.x\r\n\r\n"), RP_HTTP_PARSE_INVALID_VERSION },
    { "https-version", B("GET / HTTPS/1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_VERSION },
    { "space-in-version", B("GET / HTTP 1.1\r\n\r\n"), RP_HTTP_PARSE_INVALID_VERSION },
    { "garbage-version", B("GET / FOO\r\n\r\n"), RP_HTTP_PARSE_INVALID_VERSION },
    { "version-suffix", B("GET / HTTP/1.1x\r\n\r\n"), RP_HTTP_PARSE_INVALID_VERSION },
    { "extra-words", B("GET / HTTP/1.1 extra\r\n\r\n"), RP_HTTP_PARSE_INVALID_REQUEST },

    /* header lines */
    { "space-before-colon", B("GET / HTTP/1.1\r\nHost : x\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "tab-before-colon", B("GET / HTTP/1.1\r\nHost\t: x\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "empty-name", B("GET / HTTP/1.1\r\n: x\r\n\r\n"), RP_HTTP_PARSE_INVALID_HEADER },
    { "no-colon-space", B("GET / HTTP/1.1\r\nHost x\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "no-colon", B("GET / HTTP/1.1\r\nHostx\r\n\r\n"), RP_HTTP_PARSE_INVALID_HEADER },
    { "name-paren", B("GET / HTTP/1.1\r\nHo(st: x\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "name-nul", B("GET / HTTP/1.1\r\nHo\0st: x\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "name-utf8", B("GET / HTTP/1.1\r\nH\xc3\xa9: x\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "name-slash", B("GET / HTTP/1.1\r\nX/Y: x\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "value-nul", B("GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "value-first-nul", B("GET / HTTP/1.1\r\nHost:\0\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "value-ctl", B("GET / HTTP/1.1\r\nHost: a\001b\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "value-del", B("GET / HTTP/1.1\r\nHost: a\177b\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "value-vt", B("GET / HTTP/1.1\r\nX: \013\r\n\r\n"), RP_HTTP_PARSE_INVALID_HEADER },
    { "value-ff-after-space", B("GET / HTTP/1.1\r\nX: a \014b\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "value-bare-cr", B("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "value-cr-cr", B("GET / HTTP/1.1\r\nHost: a\r\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "empty-value-bare-cr", B("GET / HTTP/1.1\r\nHost:\rx\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "obs-fold-space", B("GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n"),
      RP_HTTP_PARSE_OBS_FOLD },
    { "obs-fold-tab", B("GET / HTTP/1.1\r\nX: a\r\n\tb\r\n\r\n"),
      RP_HTTP_PARSE_OBS_FOLD },
    { "space-before-first-header", B("GET / HTTP/1.1\r\n Host: x\r\n\r\n"),
      RP_HTTP_PARSE_OBS_FOLD },
    { "bare-cr-end-of-headers", B("GET / HTTP/1.1\r\nX: a\r\n\r\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "cr-then-name", B("GET / HTTP/1.1\r\nX: a\r\n\rX: b\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
    { "header-line-ctl-start", B("GET / HTTP/1.1\r\n\001X: a\r\n\r\n"),
      RP_HTTP_PARSE_INVALID_HEADER },
};


/* --- running the parser ---------------------------------------------- */

#define OFF(ptr, base)  ((ptr) != NULL ? (long) ((ptr) - (base)) : -1L)

static void
rp_t_record_line(struct rp_t_run *r, struct rp_http_parser *hp, u_char *base)
{
    u_char  *ptrs[RP_T_NPTR];
    size_t   i;

    ptrs[P_REQUEST_START] = hp->request_start;
    ptrs[P_REQUEST_END] = hp->request_end;
    ptrs[P_METHOD_END] = hp->method_end;
    ptrs[P_URI_START] = hp->uri_start;
    ptrs[P_URI_END] = hp->uri_end;
    ptrs[P_SCHEMA_START] = hp->schema_start;
    ptrs[P_SCHEMA_END] = hp->schema_end;
    ptrs[P_HOST_START] = hp->host_start;
    ptrs[P_HOST_END] = hp->host_end;
    ptrs[P_PORT_END] = hp->port_end;
    ptrs[P_PATH_START] = hp->path_start;
    ptrs[P_PATH_END] = hp->path_end;
    ptrs[P_ARGS_START] = hp->args_start;
    ptrs[P_URI_EXT] = hp->uri_ext;

    for (i = 0; i < RP_T_NPTR; i++) {
        r->off[i] = OFF(ptrs[i], base);
    }

    r->method = hp->method;
    r->major = hp->http_major;
    r->minor = hp->http_minor;
    r->flags = (hp->complex_uri ? F_COMPLEX : 0)
               | (hp->quoted_uri ? F_QUOTED : 0)
               | (hp->plus_in_uri ? F_PLUS : 0)
               | (hp->asterisk_form ? F_ASTERISK : 0)
               | (hp->absolute_form ? F_ABSOLUTE : 0);
}


static void
rp_t_record_header(struct rp_t_run *r, struct rp_http_parser *hp,
    u_char *base)
{
    struct rp_t_hres  *h;

    ck_assert_uint_lt(r->nhdr, RP_T_MAX_HDR);
    h = &r->hdr[r->nhdr++];
    h->name = OFF(hp->header_name_start, base);
    h->name_end = OFF(hp->header_name_end, base);
    h->value = OFF(hp->header_start, base);
    h->value_end = OFF(hp->header_end, base);
    h->hash = hp->header_hash;
    h->lc_index = hp->lowcase_index;
    h->invalid = hp->invalid_header;
    memcpy(h->lc, hp->lowcase_header, rp_min(hp->lowcase_index, 32u));
}


/*
 * Parse in[0, n) as it arrives in pieces ending at cuts[0] < cuts[1] <
 * ... (the last cut is normally n).  Bytes not yet arrived are zero in
 * the buffer, so a parser reading ahead would see NULs and fail.  With
 * <move>, after each RP_AGAIN the bytes go to a new allocation, the
 * parser is rebased, and the old buffer is overwritten and freed.  With
 * <fixed>, the input is already there (guard-page runs): no copy, no move.
 */
static void
rp_t_parse(const u_char *in, size_t n, const size_t *cuts, size_t ncuts,
    int move, u_char *fixed, struct rp_t_run *r)
{
    int                    rc, in_headers;
    size_t                 ci, have;
    u_char                *buf, *nbuf, *pos, *last;
    struct rp_http_parser  hp;

    memset(r, 0, sizeof(*r));
    rp_http_parser_init(&hp);

    if (fixed != NULL) {
        buf = fixed;
    } else {
        buf = calloc(1, n + 1);
        ck_assert_ptr_nonnull(buf);
    }

    have = 0;
    in_headers = 0;
    pos = buf;
    rc = RP_AGAIN;

    for (ci = 0; ci < ncuts; ci++) {
        if (fixed == NULL) {
            memcpy(buf + have, in + have, cuts[ci] - have);
        }
        have = cuts[ci];
        last = buf + have;

        for ( ;; ) {
            if (!in_headers) {
                rc = rp_http_parse_request_line(&hp, &pos, last);
                r->rl_rc = rc;
                if (rc == RP_OK) {
                    rp_t_record_line(r, &hp, buf);
                    in_headers = 1;
                    continue;
                }
            } else {
                rc = rp_http_parse_header_line(&hp, &pos, last);
                if (rc == RP_OK) {
                    rp_t_record_header(r, &hp, buf);
                    continue;
                }
            }
            break;
        }

        if (rc != RP_AGAIN) {
            break;
        }

        ck_assert_msg(pos == last, "RP_AGAIN left %ld bytes unconsumed",
                      (long) (last - pos));

        if (move && fixed == NULL && ci + 1 < ncuts) {
            nbuf = calloc(1, n + 1);
            ck_assert_ptr_nonnull(nbuf);
            memcpy(nbuf, buf, have);
            rp_http_parser_rebase(&hp, buf, nbuf);
            pos = nbuf + (pos - buf);
            memset(buf, 'X', n);
            free(buf);
            buf = nbuf;
        }
    }

    r->rc = rc;
    /* on an error *pos is unspecified */
    r->consumed = (rc == RP_AGAIN || rc == RP_HTTP_PARSE_HEADER_DONE)
                  ? (long) (pos - buf) : -1;

    if (fixed == NULL) {
        free(buf);
    }
}


/* Fail with a message naming the first field where <a> and <b> differ. */
static void
rp_t_run_eq(const struct rp_t_run *a, const struct rp_t_run *b,
    const char *label, const char *how)
{
    size_t  i;

#define RP_T_SAME(f, fmt)                                                    \
    ck_assert_msg(a->f == b->f, "%s (%s): " #f " " fmt " != " fmt,          \
                  label, how, a->f, b->f)

    RP_T_SAME(rc, "%d");
    RP_T_SAME(rl_rc, "%d");
    RP_T_SAME(consumed, "%ld");
    RP_T_SAME(method, "%u");
    RP_T_SAME(major, "%u");
    RP_T_SAME(minor, "%u");
    RP_T_SAME(flags, "%#x");
    RP_T_SAME(nhdr, "%zu");

    for (i = 0; i < RP_T_NPTR; i++) {
        ck_assert_msg(a->off[i] == b->off[i], "%s (%s): %s at %ld != %ld",
                      label, how, rp_t_ptr_names[i], a->off[i], b->off[i]);
    }

    for (i = 0; i < a->nhdr; i++) {
        RP_T_SAME(hdr[i].name, "%ld");
        RP_T_SAME(hdr[i].name_end, "%ld");
        RP_T_SAME(hdr[i].value, "%ld");
        RP_T_SAME(hdr[i].value_end, "%ld");
        RP_T_SAME(hdr[i].hash, "%u");
        RP_T_SAME(hdr[i].lc_index, "%u");
        RP_T_SAME(hdr[i].invalid, "%u");
        ck_assert_msg(memcmp(a->hdr[i].lc, b->hdr[i].lc, a->hdr[i].lc_index)
                      == 0, "%s (%s): lowcase_header of header %zu differs",
                      label, how, i);
    }

#undef RP_T_SAME
}


/*
 * Run <in> whole, then split at every byte (with and without moving the
 * buffer), then byte by byte (both ways), then against the guard page
 * (whole and every prefix); every run must match the whole one, and
 * prefixes must give RP_AGAIN or the same final code.  Returns the whole
 * run in <whole>.
 */
static void
rp_t_all_splits(const char *label, const u_char *in, size_t n,
    struct rp_t_run *whole)
{
    int                move;
    size_t             k, *cuts;
    u_char            *g;
    struct rp_t_run    r;
    struct rp_t_guard  guard;

    rp_t_parse(in, n, &n, 1, 0, NULL, whole);

    cuts = malloc(n * sizeof(size_t));
    ck_assert_ptr_nonnull(cuts);

    for (move = 0; move <= 1; move++) {
        for (k = 1; k < n; k++) {
            cuts[0] = k;
            cuts[1] = n;
            rp_t_parse(in, n, cuts, 2, move, NULL, &r);
            rp_t_run_eq(whole, &r, label, move ? "two pieces, moved"
                                              : "two pieces");
        }

        for (k = 0; k < n; k++) {
            cuts[k] = k + 1;
        }
        rp_t_parse(in, n, cuts, n, move, NULL, &r);
        rp_t_run_eq(whole, &r, label, move ? "byte by byte, moved"
                                          : "byte by byte");
    }

    free(cuts);

    rp_t_guard_init(&guard, n);

    g = rp_t_guard_place(&guard, in, n);
    rp_t_parse(in, n, &n, 1, 0, g, &r);
    rp_t_run_eq(whole, &r, label, "against a guard page");

    for (k = 1; k < n; k++) {
        g = rp_t_guard_place(&guard, in, k);
        rp_t_parse(in, k, &k, 1, 0, g, &r);
        ck_assert_msg(r.rc == RP_AGAIN || r.rc == whole->rc,
                      "%s: prefix of %zu bytes gave %d", label, k, r.rc);
    }

    rp_t_guard_free(&guard);
}


/* --- checking the fields --------------------------------------------- */

/* [start, end) of the input must be <expect>, or start absent if NULL. */
static void
rp_t_field(const char *label, const char *what, const u_char *in,
    long start, long end, const char *expect)
{
    size_t  len;

    if (expect == NULL) {
        ck_assert_msg(start == -1, "%s: %s is set (at %ld), expected NULL",
                      label, what, start);
        return;
    }

    len = strlen(expect);
    ck_assert_msg(start >= 0 && end >= start, "%s: %s is missing (%ld, %ld)",
                  label, what, start, end);
    ck_assert_msg((size_t) (end - start) == len
                  && memcmp(in + start, expect, len) == 0,
                  "%s: %s is \"%.*s\", expected \"%s\"", label, what,
                  (int) (end - start), in + start, expect);
}


static void
rp_t_check_header(const struct rp_t_valid *v, const u_char *in,
    const struct rp_t_run *r, size_t i)
{
    size_t                   k, nlen;
    uint32_t                 hash;
    unsigned                 invalid;
    const char              *name;
    const struct rp_t_hres  *h = &r->hdr[i];

    name = v->hdrs[i].name;
    nlen = strlen(name);
    rp_t_field(v->label, "header name", in, h->name, h->name_end, name);
    rp_t_field(v->label, "header value", in, h->value, h->value_end,
               v->hdrs[i].value);

    hash = 0;
    invalid = 0;
    for (k = 0; k < nlen; k++) {
        hash = rp_http_hash(hash, rp_tolower((u_char) name[k]));
        if (!isalnum((u_char) name[k]) && name[k] != '-') {
            invalid = 1;
        }
        if (k < 32) {
            ck_assert_msg(h->lc[k] == rp_tolower((u_char) name[k]),
                          "%s: lowcase_header of %s at %zu", v->label, name, k);
        }
    }

    ck_assert_msg(h->hash == hash, "%s: hash of %s", v->label, name);
    ck_assert_uint_eq(h->lc_index, rp_min(nlen, 32u));
    ck_assert_msg(h->invalid == invalid, "%s: invalid_header of %s is %u",
                  v->label, name, h->invalid);
}


static void
rp_t_check_valid(const struct rp_t_valid *v, const u_char *in, size_t n,
    const struct rp_t_run *r)
{
    size_t       i, lead, nhdr;
    const long  *off = r->off;
    char         version[24];

    ck_assert_msg(r->rc == RP_HTTP_PARSE_HEADER_DONE, "%s: rc %d", v->label,
                  r->rc);
    ck_assert_msg(r->consumed == (long) (n - v->tail), "%s: consumed %ld",
                  v->label, r->consumed);
    ck_assert_msg(r->method == v->method, "%s: method %#x", v->label,
                  r->method);

    for (lead = 0; in[lead] == '\r' || in[lead] == '\n'; lead++) {
        /* void */
    }
    ck_assert_int_eq(off[P_REQUEST_START], (long) lead);
    ck_assert_int_eq(in[off[P_METHOD_END]], ' ');
    ck_assert_ptr_null(memchr(in + lead, ' ', off[P_METHOD_END] - lead));
    ck_assert_int_eq(off[P_URI_START], off[P_METHOD_END] + 1);

    rp_t_field(v->label, "uri", in, off[P_URI_START], off[P_URI_END], v->uri);
    rp_t_field(v->label, "path", in, off[P_PATH_START], off[P_PATH_END],
               v->path);
    rp_t_field(v->label, "args", in, off[P_ARGS_START], off[P_URI_END],
               v->args);
    rp_t_field(v->label, "schema", in, off[P_SCHEMA_START], off[P_SCHEMA_END],
               v->schema);
    rp_t_field(v->label, "host", in, off[P_HOST_START], off[P_HOST_END],
               v->host);
    rp_t_field(v->label, "port", in,
               off[P_PORT_END] == -1 ? -1 : off[P_HOST_END] + 1,
               off[P_PORT_END], v->port);
    rp_t_field(v->label, "uri_ext", in, off[P_URI_EXT], off[P_PATH_END],
               v->ext);

    snprintf(version, sizeof(version), "HTTP/%u.%u", v->version / 10,
             v->version % 10);
    rp_t_field(v->label, "version", in, off[P_URI_END] + 1,
               off[P_REQUEST_END], version);
    ck_assert(in[off[P_REQUEST_END]] == '\r' || in[off[P_REQUEST_END]] == '\n');
    ck_assert_uint_eq(r->major * 10 + r->minor, v->version);
    ck_assert_msg(r->flags == v->flags, "%s: flags %#x, expected %#x",
                  v->label, r->flags, v->flags);

    for (nhdr = 0; nhdr < RP_T_MAX_HDR && v->hdrs[nhdr].name; nhdr++) {
        /* void */
    }
    ck_assert_msg(r->nhdr == nhdr, "%s: %zu headers, expected %zu", v->label,
                  r->nhdr, nhdr);

    for (i = 0; i < nhdr; i++) {
        rp_t_check_header(v, in, r, i);
    }
}


/* --- tests ----------------------------------------------------------- */

START_TEST(test_valid_request)
{
    size_t                    n;
    struct rp_t_run           whole;
    const struct rp_t_valid  *v = &rp_t_valid[_i];

    n = strlen(v->in);
    rp_t_all_splits(v->label, (const u_char *) v->in, n, &whole);
    rp_t_check_valid(v, (const u_char *) v->in, n, &whole);
}
END_TEST


START_TEST(test_invalid_request)
{
    struct rp_t_run             whole;
    const struct rp_t_invalid  *t = &rp_t_invalid[_i];

    rp_t_all_splits(t->label, (const u_char *) t->in, t->len, &whole);
    ck_assert_msg(whole.rc == t->rc, "%s: rc %d, expected %d", t->label,
                  whole.rc, t->rc);
}
END_TEST


START_TEST(test_invalid_table_is_large)
{
    /* the issue asks for at least 60 distinct invalid inputs */
    ck_assert_uint_ge(rp_nelems(rp_t_invalid), 60);
}
END_TEST


START_TEST(test_again_keeps_state_and_consumes_all)
{
    u_char                 buf[] = "GET /abc HTTP/1.1\r\nHost: x\r\n\r\n";
    u_char                *pos;
    struct rp_http_parser  hp;

    rp_http_parser_init(&hp);
    pos = buf;
    ck_assert_int_eq(rp_http_parse_request_line(&hp, &pos, buf), RP_AGAIN);
    ck_assert_ptr_eq(pos, buf);
    ck_assert_int_eq(rp_http_parse_request_line(&hp, &pos, buf + 6), RP_AGAIN);
    ck_assert_ptr_eq(pos, buf + 6);
    ck_assert_ptr_eq(hp.uri_start, buf + 4);
    ck_assert_ptr_null(hp.uri_end);
    ck_assert_int_eq(rp_http_parse_request_line(&hp, &pos, buf + 19), RP_OK);
    ck_assert_ptr_eq(pos, buf + 19);
    ck_assert_ptr_eq(hp.uri_end, buf + 8);
    ck_assert_int_eq(rp_http_parse_header_line(&hp, &pos, buf + 22), RP_AGAIN);
    ck_assert_int_eq(rp_http_parse_header_line(&hp, &pos, buf + 30), RP_OK);
    ck_assert_ptr_eq(pos, buf + 28);
    ck_assert_int_eq(rp_http_parse_header_line(&hp, &pos, buf + 30),
                     RP_HTTP_PARSE_HEADER_DONE);
    ck_assert_ptr_eq(pos, buf + 30);
}
END_TEST


START_TEST(test_rebase_shifts_every_pointer)
{
    static const char      req[] = "GET http://h:8/a.b?c HTTP/1.1\r\nName: va";
    u_char                 a[64], b[64], *pos;
    struct rp_http_parser  hp;

    memcpy(a, req, sizeof(req) - 1);
    rp_http_parser_init(&hp);
    pos = a;
    ck_assert_int_eq(rp_http_parse_request_line(&hp, &pos, a + 31), RP_OK);
    ck_assert_int_eq(rp_http_parse_header_line(&hp, &pos,
                                               a + sizeof(req) - 1), RP_AGAIN);

    memcpy(b, a, sizeof(req) - 1);
    memset(a, '#', sizeof(a));
    rp_http_parser_rebase(&hp, a, b);
    pos = b + (pos - a);
    memcpy(b + sizeof(req) - 1, "lue \r\n", 6);

    ck_assert_int_eq(rp_http_parse_header_line(&hp, &pos,
                                               b + sizeof(req) + 5), RP_OK);
    ck_assert_ptr_eq(hp.request_start, b);
    ck_assert_ptr_eq(hp.method_end, b + 3);
    ck_assert_ptr_eq(hp.uri_start, b + 4);
    ck_assert_ptr_eq(hp.schema_start, b + 4);
    ck_assert_ptr_eq(hp.schema_end, b + 8);
    ck_assert_ptr_eq(hp.host_start, b + 11);
    ck_assert_ptr_eq(hp.host_end, b + 12);
    ck_assert_ptr_eq(hp.port_end, b + 14);
    ck_assert_ptr_eq(hp.path_start, b + 14);
    ck_assert_ptr_eq(hp.path_end, b + 18);
    ck_assert_ptr_eq(hp.args_start, b + 19);
    ck_assert_ptr_eq(hp.uri_ext, b + 17);
    ck_assert_ptr_eq(hp.uri_end, b + 20);
    ck_assert_ptr_eq(hp.request_end, b + 29);
    ck_assert_ptr_eq(hp.header_name_start, b + 31);
    ck_assert_ptr_eq(hp.header_name_end, b + 35);
    ck_assert_ptr_eq(hp.header_start, b + 37);
    ck_assert_ptr_eq(hp.header_end, b + 42);
    ck_assert_int_eq(memcmp(hp.header_start, "value", 5), 0);
}
END_TEST


START_TEST(test_rebase_leaves_null_pointers)
{
    u_char                 a[8], b[8];
    struct rp_http_parser  hp;

    rp_http_parser_init(&hp);
    hp.uri_start = a + 2;
    rp_http_parser_rebase(&hp, a, b);
    ck_assert_ptr_eq(hp.uri_start, b + 2);
    ck_assert_ptr_null(hp.request_start);
    ck_assert_ptr_null(hp.args_start);
    ck_assert_ptr_null(hp.header_start);
}
END_TEST


START_TEST(test_header_hash_and_lowcase)
{
    u_char                 buf[] = "Content-TYPE: text/html\r\n";
    u_char                *pos;
    uint32_t               hash;
    const char            *lc = "content-type";
    struct rp_http_parser  hp;

    rp_http_parser_init(&hp);
    pos = buf;
    ck_assert_int_eq(rp_http_parse_header_line(&hp, &pos, buf + sizeof(buf) - 1),
                     RP_OK);

    for (hash = 0; *lc != '\0'; lc++) {
        hash = hash * 31 + (u_char) *lc;
    }
    ck_assert_uint_eq(hp.header_hash, hash);
    ck_assert_uint_eq(hp.lowcase_index, 12);
    ck_assert_int_eq(memcmp(hp.lowcase_header, "content-type", 12), 0);
    ck_assert_uint_eq(hp.invalid_header, 0);
}
END_TEST


START_TEST(test_error_status)
{
    ck_assert_int_eq(rp_http_parse_error_status(RP_HTTP_PARSE_UNSUPPORTED_VERSION),
                     505);
    ck_assert_int_eq(rp_http_parse_error_status(RP_HTTP_PARSE_INVALID_METHOD), 400);
    ck_assert_int_eq(rp_http_parse_error_status(RP_HTTP_PARSE_INVALID_REQUEST), 400);
    ck_assert_int_eq(rp_http_parse_error_status(RP_HTTP_PARSE_INVALID_TARGET), 400);
    ck_assert_int_eq(rp_http_parse_error_status(RP_HTTP_PARSE_INVALID_VERSION), 400);
    ck_assert_int_eq(rp_http_parse_error_status(RP_HTTP_PARSE_INVALID_HEADER), 400);
    ck_assert_int_eq(rp_http_parse_error_status(RP_HTTP_PARSE_OBS_FOLD), 400);
    ck_assert_int_eq(rp_http_parse_error_status(RP_HTTP_PARSE_INVALID_CHUNK), 400);
    ck_assert_int_eq(rp_http_parse_error_status(RP_HTTP_PARSE_CHUNK_TOO_LARGE), 400);
}
END_TEST


START_TEST(test_every_ctl_byte_in_value_is_rejected)
{
    u_char                 buf[] = "X: a?b\r\n";
    u_char                *pos;
    unsigned               c;
    int                    rc;
    struct rp_http_parser  hp;

    for (c = 0; c < 256; c++) {
        buf[4] = (u_char) c;
        rp_http_parser_init(&hp);
        pos = buf;
        rc = rp_http_parse_header_line(&hp, &pos, buf + sizeof(buf) - 1);

        if (c == '\t' || (c >= 0x20 && c != 0x7f)) {
            ck_assert_msg(rc == RP_OK, "byte %#x rejected", c);
            ck_assert_ptr_eq(hp.header_end, buf + 6);
        } else if (c == '\r') {
            ck_assert_int_eq(rc, RP_HTTP_PARSE_INVALID_HEADER);
        } else if (c == '\n') {
            /* "X: a\n": the line ends early, "b\r\n" is the next one */
            ck_assert_int_eq(rc, RP_OK);
            ck_assert_ptr_eq(hp.header_end, buf + 4);
        } else {
            ck_assert_msg(rc == RP_HTTP_PARSE_INVALID_HEADER,
                          "byte %#x gave %d", c, rc);
        }
    }
}
END_TEST


START_TEST(test_every_byte_in_path)
{
    u_char                 buf[] = "GET /a?b HTTP/1.1\r\n";   /* [5]: 'a' */
    u_char                *pos;
    unsigned               c;
    int                    rc;
    struct rp_http_parser  hp;

    for (c = 0; c < 256; c++) {
        buf[5] = (u_char) c;
        rp_http_parser_init(&hp);
        pos = buf;
        rc = rp_http_parse_request_line(&hp, &pos, buf + sizeof(buf) - 1);

        if (c > 0x20 && c < 0x7f && c != '#' && c != '%') {
            ck_assert_msg(rc == RP_OK, "byte %#x rejected (%d)", c, rc);
        } else if (c == '%') {
            /* "%b " is a bad escape */
            ck_assert_int_eq(rc, RP_HTTP_PARSE_INVALID_TARGET);
        } else if (c == ' ') {
            /* "GET /a b HTTP/1.1": "b" is no version */
            ck_assert_int_eq(rc, RP_HTTP_PARSE_INVALID_VERSION);
        } else if (c == '\r' || c == '\n') {
            ck_assert_int_eq(rc, RP_HTTP_PARSE_INVALID_REQUEST);
        } else {
            ck_assert_msg(rc == RP_HTTP_PARSE_INVALID_TARGET,
                          "byte %#x gave %d", c, rc);
        }
    }
}
END_TEST


static Suite *
rp_http_parse_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_http_parse");

    tc = tcase_create("valid");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_valid_request, 0, rp_nelems(rp_t_valid));
    suite_add_tcase(s, tc);

    tc = tcase_create("invalid");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_invalid_table_is_large);
    tcase_add_loop_test(tc, test_invalid_request, 0, rp_nelems(rp_t_invalid));
    suite_add_tcase(s, tc);

    tc = tcase_create("api");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_again_keeps_state_and_consumes_all);
    tcase_add_test(tc, test_rebase_shifts_every_pointer);
    tcase_add_test(tc, test_rebase_leaves_null_pointers);
    tcase_add_test(tc, test_header_hash_and_lowcase);
    tcase_add_test(tc, test_error_status);
    tcase_add_test(tc, test_every_ctl_byte_in_value_is_rejected);
    tcase_add_test(tc, test_every_byte_in_path);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_http_parse_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
