/*
 * rp_http_parse.c - the HTTP/1.x request-line and header parser, the
 * chunked body decoder and path normalisation (contract: rp_http_parse.h).
 *
 * This is the first code that interprets client bytes: the connection
 * reads into its buffer and calls rp_http_parse_request_line(), then
 * rp_http_parse_header_line() until the header section ends; a chunked
 * request body goes through rp_http_parse_chunked(), and location
 * matching works on the output of rp_http_normalize_path().  Each parser
 * is an nginx-style sw_* state machine that moves one byte at a time,
 * with table-driven inner loops over runs of ordinary bytes, and is
 * strict (RFC 9112, DESIGN 6) so that no message reaches a backend with a
 * meaning other than the one rampart understood.  The state machines are
 * longer than STYLE 20's 60 lines: each is one switch over its states,
 * and cutting it up would scatter the grammar over several functions.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_parse.h"


#define CR  '\r'
#define LF  '\n'

/*
 * Byte classes, one table lookup per byte in the hot loops.
 *   TCHAR  token byte (RFC 9110 5.6.2): methods, header names;
 *   FIELD  field-vchar: VCHAR (0x21-0x7e) or obs-text (0x80-0xff);
 *   PATH   path byte with no meaning for the state machine: VCHAR except
 *          / . % ? + # (each of those is looked at on its own);
 *   QUERY  query byte: VCHAR except '#';
 *   ODD    token byte other than a letter, digit or '-' (invalid_header);
 *   HEX    hex digit;
 *   HOST   reg-name byte we accept in a host: letters, digits, - . _ ~
 *          (no percent-encoding, sub-delims or userinfo, as nginx).
 */
#define RP_HTTP_C_TCHAR  0x01
#define RP_HTTP_C_FIELD  0x02
#define RP_HTTP_C_PATH   0x04
#define RP_HTTP_C_QUERY  0x08
#define RP_HTTP_C_ODD    0x10
#define RP_HTTP_C_HEX    0x20
#define RP_HTTP_C_HOST   0x40

#define rp_http_is(c, cls)  (rp_http_class[(u_char) (c)] & (cls))
#define rp_http_ows(c)      ((c) == ' ' || (c) == '\t')
#define rp_http_digit(c)    ((c) >= '0' && (c) <= '9')
#define rp_http_alpha(c)    (((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z')

static const u_char  rp_http_class[256] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   /* 00-07 */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   /* 08-0f */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   /* 10-17 */
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   /* 18-1f */
    0x00, 0x1f, 0x0e, 0x13, 0x1f, 0x1b, 0x1f, 0x1f,   /* 20-27 */
    0x0e, 0x0e, 0x1f, 0x1b, 0x0e, 0x4f, 0x5b, 0x0a,   /* 28-2f */
    0x6f, 0x6f, 0x6f, 0x6f, 0x6f, 0x6f, 0x6f, 0x6f,   /* 30-37 */
    0x6f, 0x6f, 0x0e, 0x0e, 0x0e, 0x0e, 0x0e, 0x0a,   /* 38-3f */
    0x0e, 0x6f, 0x6f, 0x6f, 0x6f, 0x6f, 0x6f, 0x4f,   /* 40-47 */
    0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,   /* 48-4f */
    0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,   /* 50-57 */
    0x4f, 0x4f, 0x4f, 0x0e, 0x0e, 0x0e, 0x1f, 0x5f,   /* 58-5f */
    0x1f, 0x6f, 0x6f, 0x6f, 0x6f, 0x6f, 0x6f, 0x4f,   /* 60-67 */
    0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,   /* 68-6f */
    0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f, 0x4f,   /* 70-77 */
    0x4f, 0x4f, 0x4f, 0x0e, 0x1f, 0x0e, 0x5f, 0x00,   /* 78-7f */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,   /* 80-87 */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,   /* 88-8f */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,   /* 90-97 */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,   /* 98-9f */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,   /* a0-a7 */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,   /* a8-af */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,   /* b0-b7 */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,   /* b8-bf */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,   /* c0-c7 */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,   /* c8-cf */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,   /* d0-d7 */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,   /* d8-df */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,   /* e0-e7 */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,   /* e8-ef */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02,   /* f0-f7 */
    0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02, 0x02    /* f8-ff */
};

/*
 * A premature end of the request target: CR or LF means the line has no
 * version (HTTP/0.9, which we do not speak), anything else is a byte the
 * target may not hold at that place.
 */
#define rp_http_target_error(c)                                              \
    (((c) == CR || (c) == LF) ? RP_HTTP_PARSE_INVALID_REQUEST                \
                              : RP_HTTP_PARSE_INVALID_TARGET)


static unsigned rp_http_method(const u_char *m, size_t len);
static unsigned rp_http_host_first(struct rp_http_parser *hp, u_char *p);
static int rp_http_port_ok(const u_char *start, const u_char *end);
static void rp_http_end_target(struct rp_http_parser *hp, u_char *p);
static int rp_http_hex(u_char c);


/* --- request line ---------------------------------------------------- */

/*
 * States of rp_http_parse_request_line().  File scope because the helper
 * rp_http_host_first() returns one; header and chunked states are local
 * to their functions.
 */
enum rp_http_rl_state {
    rl_start = 0,
    rl_start_lf,
    rl_method,
    rl_target,
    rl_schema,
    rl_schema_slash,
    rl_schema_slash_slash,
    rl_host_start,
    rl_host,
    rl_host_end,
    rl_host_ip_literal,
    rl_port_start,
    rl_port,
    rl_slash,
    rl_dot,
    rl_dot_dot,
    rl_path,
    rl_pct1,
    rl_pct2,
    rl_args,
    rl_asterisk,
    rl_version_h,
    rl_version_t1,
    rl_version_t2,
    rl_version_p,
    rl_version_slash,
    rl_major,
    rl_version_dot,
    rl_minor,
    rl_line_end,
    rl_almost_done,
    rl_error
};


/*
 * Reset <hp> for a new request (each request on a keep-alive connection
 * starts with this).
 */
void
rp_http_parser_init(struct rp_http_parser *hp)
{
    memset(hp, 0, sizeof(*hp));
}


/*
 * Parse the request line from [*pos, last): see rp_http_parse.h for the
 * return values.  On RP_OK *pos is past the line end and the parser is
 * ready for rp_http_parse_header_line().  Worker context, no allocation.
 */
int
rp_http_parse_request_line(struct rp_http_parser *hp, u_char **pos,
    u_char *last)
{
    u_char    ch, *p;
    unsigned  state;

    state = hp->state;

    for (p = *pos; p < last; p++) {
        ch = *p;

        switch (state) {

        /* RFC 9112 2.2: empty lines before the request line are ignored */
        case rl_start:
            if (ch == CR) {
                state = rl_start_lf;
                break;
            }
            if (ch == LF) {
                break;
            }
            if (!rp_http_is(ch, RP_HTTP_C_TCHAR)) {
                return RP_HTTP_PARSE_INVALID_METHOD;
            }
            hp->request_start = p;
            state = rl_method;
            break;

        case rl_start_lf:
            if (ch != LF) {
                return RP_HTTP_PARSE_INVALID_REQUEST;
            }
            state = rl_start;
            break;

        /* RFC 9112 3.1: method SP request-target SP HTTP-version */
        case rl_method:
            while (rp_http_is(*p, RP_HTTP_C_TCHAR)) {
                if (++p == last) {
                    goto again;
                }
            }
            ch = *p;
            if (ch != ' ') {
                return (ch == CR || ch == LF) ? RP_HTTP_PARSE_INVALID_REQUEST
                                              : RP_HTTP_PARSE_INVALID_METHOD;
            }
            hp->method_end = p;
            hp->method = rp_http_method(hp->request_start,
                                        p - hp->request_start);
            state = rl_target;
            break;

        case rl_target:
            /* exactly one SP: a second one is a different request line
             * to servers that split on runs of spaces */
            if (ch == ' ' || ch == CR || ch == LF) {
                return RP_HTTP_PARSE_INVALID_REQUEST;
            }
            hp->uri_start = p;

            if (hp->method == RP_HTTP_CONNECT) {
                /* RFC 9112 3.2.3: authority-form, and only for CONNECT */
                state = rp_http_host_first(hp, p);
                if (state == rl_error) {
                    return RP_HTTP_PARSE_INVALID_TARGET;
                }
                break;
            }
            if (ch == '/') {
                hp->path_start = p;
                state = rl_slash;
                break;
            }
            if (ch == '*' && hp->method == RP_HTTP_OPTIONS) {
                /* RFC 9112 3.2.4: "*" is only for server-wide OPTIONS */
                hp->asterisk_form = 1;
                state = rl_asterisk;
                break;
            }
            if (rp_http_alpha(ch)) {
                hp->schema_start = p;
                hp->absolute_form = 1;
                state = rl_schema;
                break;
            }
            return RP_HTTP_PARSE_INVALID_TARGET;

        /* RFC 3986 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
        case rl_schema:
            if (rp_http_alpha(ch) || rp_http_digit(ch)
                || ch == '+' || ch == '-' || ch == '.')
            {
                break;
            }
            if (ch != ':') {
                return rp_http_target_error(ch);
            }
            hp->schema_end = p;
            state = rl_schema_slash;
            break;

        case rl_schema_slash:
        case rl_schema_slash_slash:
            if (ch != '/') {
                return rp_http_target_error(ch);
            }
            state = (state == rl_schema_slash) ? rl_schema_slash_slash
                                               : rl_host_start;
            break;

        case rl_host_start:
            state = rp_http_host_first(hp, p);
            if (state == rl_error) {
                return rp_http_target_error(ch);
            }
            break;

        case rl_host:
            while (rp_http_is(*p, RP_HTTP_C_HOST)) {
                if (++p == last) {
                    goto again;
                }
            }
            ch = *p;
            hp->host_end = p;
            state = rl_host_end;
            /* fall through */

        case rl_host_end:
            if (ch == ':') {
                state = rl_port_start;
                break;
            }
            /* RFC 9110 4.2.4: userinfo ("user@host") is an error too */
            if (!hp->absolute_form) {
                return rp_http_target_error(ch);
            }
            if (ch == '/') {
                hp->path_start = p;
                state = rl_slash;
                break;
            }
            if (ch == '?') {
                hp->path_start = p;
                hp->path_end = p;
                hp->args_start = p + 1;
                state = rl_args;
                break;
            }
            if (ch == ' ') {
                hp->path_start = p;
                rp_http_end_target(hp, p);
                state = rl_version_h;
                break;
            }
            return rp_http_target_error(ch);

        case rl_host_ip_literal:
            if (rp_http_is(ch, RP_HTTP_C_HEX) || ch == ':' || ch == '.') {
                break;
            }
            if (ch != ']' || p - hp->host_start < 2) {
                return rp_http_target_error(ch);
            }
            hp->host_end = p + 1;
            state = rl_host_end;
            break;

        case rl_port_start:
            if (!rp_http_digit(ch)) {
                return rp_http_target_error(ch);
            }
            state = rl_port;
            break;

        case rl_port:
            while (rp_http_digit(*p)) {
                if (++p == last) {
                    goto again;
                }
            }
            ch = *p;
            hp->port_end = p;
            if (!rp_http_port_ok(hp->host_end + 1, p)) {
                return RP_HTTP_PARSE_INVALID_TARGET;
            }
            if (ch == ' ') {
                if (hp->absolute_form) {
                    hp->path_start = p;
                }
                rp_http_end_target(hp, p);
                state = rl_version_h;
                break;
            }
            if (!hp->absolute_form) {
                return rp_http_target_error(ch);
            }
            if (ch == '/') {
                hp->path_start = p;
                state = rl_slash;
                break;
            }
            if (ch == '?') {
                hp->path_start = p;
                hp->path_end = p;
                hp->args_start = p + 1;
                state = rl_args;
                break;
            }
            return rp_http_target_error(ch);

        /*
         * The path.  rl_slash, rl_dot and rl_dot_dot remember that the
         * segment so far is "", "." or "..": with the next '/' (or the end
         * of the path) it is a segment the normaliser has to remove, so
         * the path is complex.  Any other byte is handled by rl_path.
         */
        case rl_slash:
        case rl_dot:
        case rl_dot_dot:
            if (ch == '/') {
                hp->complex_uri = 1;
                hp->uri_ext = NULL;
                state = rl_slash;
                break;
            }
            if (ch == '.' && state != rl_dot_dot) {
                hp->uri_ext = p + 1;
                state = (state == rl_slash) ? rl_dot : rl_dot_dot;
                break;
            }
            if (state != rl_slash && (ch == ' ' || ch == '?')) {
                hp->complex_uri = 1;
            }
            state = rl_path;
            /* fall through */

        case rl_path:
            while (rp_http_is(*p, RP_HTTP_C_PATH)) {
                if (++p == last) {
                    goto again;
                }
            }
            ch = *p;

            switch (ch) {
            case '/':
                hp->uri_ext = NULL;
                state = rl_slash;
                break;
            case '.':
                hp->uri_ext = p + 1;
                break;
            case '%':
                hp->quoted_uri = 1;
                hp->complex_uri = 1;
                state = rl_pct1;
                break;
            case '+':
                hp->plus_in_uri = 1;
                break;
            case '?':
                hp->path_end = p;
                hp->args_start = p + 1;
                state = rl_args;
                break;
            case ' ':
                rp_http_end_target(hp, p);
                state = rl_version_h;
                break;
            default:
                /* '#' (RFC 9112 3.2: no fragment), CTL, DEL, >= 0x80 */
                return rp_http_target_error(ch);
            }
            break;

        /* RFC 3986 2.1: pct-encoded = "%" HEXDIG HEXDIG */
        case rl_pct1:
        case rl_pct2:
            if (!rp_http_is(ch, RP_HTTP_C_HEX)) {
                return rp_http_target_error(ch);
            }
            state = (state == rl_pct1) ? rl_pct2 : rl_path;
            break;

        /* the query is passed on as it is: only '#' and non-VCHAR fail */
        case rl_args:
            while (rp_http_is(*p, RP_HTTP_C_QUERY)) {
                if (++p == last) {
                    goto again;
                }
            }
            ch = *p;
            if (ch != ' ') {
                return rp_http_target_error(ch);
            }
            rp_http_end_target(hp, p);
            state = rl_version_h;
            break;

        case rl_asterisk:
            if (ch != ' ') {
                return rp_http_target_error(ch);
            }
            rp_http_end_target(hp, p);
            state = rl_version_h;
            break;

        /* RFC 9112 2.3: HTTP-version = "HTTP" "/" DIGIT "." DIGIT */
        case rl_version_h:
            if (ch == 'H') {
                state = rl_version_t1;
                break;
            }
            return (ch == ' ' || ch == CR || ch == LF)
                   ? RP_HTTP_PARSE_INVALID_REQUEST
                   : RP_HTTP_PARSE_INVALID_VERSION;

        case rl_version_t1:
        case rl_version_t2:
            if (ch != 'T') {
                return RP_HTTP_PARSE_INVALID_VERSION;
            }
            state++;
            break;

        case rl_version_p:
            if (ch != 'P') {
                return RP_HTTP_PARSE_INVALID_VERSION;
            }
            state = rl_version_slash;
            break;

        case rl_version_slash:
            if (ch != '/') {
                return RP_HTTP_PARSE_INVALID_VERSION;
            }
            state = rl_major;
            break;

        case rl_major:
            if (!rp_http_digit(ch)) {
                return RP_HTTP_PARSE_INVALID_VERSION;
            }
            hp->http_major = ch - '0';
            state = rl_version_dot;
            break;

        case rl_version_dot:
            if (ch != '.') {
                return RP_HTTP_PARSE_INVALID_VERSION;
            }
            state = rl_minor;
            break;

        case rl_minor:
            if (!rp_http_digit(ch)) {
                return RP_HTTP_PARSE_INVALID_VERSION;
            }
            hp->http_minor = ch - '0';
            state = rl_line_end;
            break;

        case rl_line_end:
            if (ch == CR) {
                hp->request_end = p;
                state = rl_almost_done;
                break;
            }
            if (ch == LF) {
                hp->request_end = p;
                goto done;
            }
            return (ch == ' ') ? RP_HTTP_PARSE_INVALID_REQUEST
                               : RP_HTTP_PARSE_INVALID_VERSION;

        /* a bare CR is never a line end (RFC 9112 2.2) */
        case rl_almost_done:
            if (ch != LF) {
                return RP_HTTP_PARSE_INVALID_REQUEST;
            }
            goto done;

        default:
            /* rl_error or a corrupted state: never resume after an error */
            return RP_HTTP_PARSE_INVALID_REQUEST;
        }
    }

again:

    *pos = p;
    hp->state = state;
    return RP_AGAIN;

done:

    *pos = p + 1;
    hp->state = 0;

    /* well-formed but not ours: 505 rather than 400 (RFC 9110 15.6.6) */
    if (hp->http_major != 1 || hp->http_minor > 1) {
        return RP_HTTP_PARSE_UNSUPPORTED_VERSION;
    }

    return RP_OK;
}


/* The RP_HTTP_* flag of the method [m, m + len); methods are case-sensitive. */
static unsigned
rp_http_method(const u_char *m, size_t len)
{
    switch (len) {
    case 3:
        if (memcmp(m, "GET", 3) == 0) {
            return RP_HTTP_GET;
        }
        if (memcmp(m, "PUT", 3) == 0) {
            return RP_HTTP_PUT;
        }
        break;
    case 4:
        if (memcmp(m, "HEAD", 4) == 0) {
            return RP_HTTP_HEAD;
        }
        if (memcmp(m, "POST", 4) == 0) {
            return RP_HTTP_POST;
        }
        break;
    case 5:
        if (memcmp(m, "PATCH", 5) == 0) {
            return RP_HTTP_PATCH;
        }
        if (memcmp(m, "TRACE", 5) == 0) {
            return RP_HTTP_TRACE;
        }
        break;
    case 6:
        if (memcmp(m, "DELETE", 6) == 0) {
            return RP_HTTP_DELETE;
        }
        break;
    case 7:
        if (memcmp(m, "OPTIONS", 7) == 0) {
            return RP_HTTP_OPTIONS;
        }
        if (memcmp(m, "CONNECT", 7) == 0) {
            return RP_HTTP_CONNECT;
        }
        break;
    }

    return RP_HTTP_UNKNOWN;
}


/*
 * The first byte <p> of a host: record host_start and return the next
 * state, or rl_error when the byte cannot start a host (an empty host,
 * "http:///x", is invalid: RFC 9110 4.2.1).
 */
static unsigned
rp_http_host_first(struct rp_http_parser *hp, u_char *p)
{
    hp->host_start = p;

    if (*p == '[') {
        return rl_host_ip_literal;
    }

    return rp_http_is(*p, RP_HTTP_C_HOST) ? rl_host : rl_error;
}


/* 1 if the digits [start, end) are a port number 0-65535. */
static int
rp_http_port_ok(const u_char *start, const u_char *end)
{
    unsigned  port;

    if (end - start > 5) {
        return 0;
    }

    for (port = 0; start < end; start++) {
        port = port * 10 + (*start - '0');
    }

    return port <= 65535;
}


/* The SP at <p> ends the request target. */
static void
rp_http_end_target(struct rp_http_parser *hp, u_char *p)
{
    hp->uri_end = p;

    if (hp->path_start != NULL && hp->path_end == NULL) {
        hp->path_end = p;
    }
}


/* --- header lines ---------------------------------------------------- */

/*
 * Parse one header line from [*pos, last): RP_OK with the name and the
 * trimmed value in <hp> (header_name_start/end, header_start/end, the
 * lowercased name and its hash), RP_HTTP_PARSE_HEADER_DONE on the empty
 * line, RP_AGAIN, or RP_HTTP_PARSE_INVALID_HEADER / _OBS_FOLD.  *pos is
 * past the line on RP_OK and HEADER_DONE.  Worker context, no allocation.
 */
int
rp_http_parse_header_line(struct rp_http_parser *hp, u_char **pos,
    u_char *last)
{
    u_char    c, cls, ch, *p;
    unsigned  i, state;
    uint32_t  hash;
    enum {
        sw_start = 0,
        sw_name,
        sw_space_before_value,
        sw_value_ws,
        sw_value,
        sw_almost_done,
        sw_header_almost_done
    };

    state = hp->state;
    hash = hp->header_hash;
    i = hp->lowcase_index;

    for (p = *pos; p < last; p++) {
        ch = *p;

        switch (state) {

        case sw_start:
            if (ch == CR) {
                state = sw_header_almost_done;
                break;
            }
            if (ch == LF) {
                goto header_done;
            }
            /* RFC 9112 5.2: obs-fold (and whitespace before the first
             * field, 2.2) is rejected, never unfolded */
            if (rp_http_ows(ch)) {
                return RP_HTTP_PARSE_OBS_FOLD;
            }
            if (!rp_http_is(ch, RP_HTTP_C_TCHAR)) {
                return RP_HTTP_PARSE_INVALID_HEADER;
            }
            hp->header_name_start = p;
            hp->header_name_end = NULL;
            hp->header_start = NULL;
            hp->header_end = NULL;
            hp->invalid_header = 0;
            hash = 0;
            i = 0;
            state = sw_name;
            /* fall through */

        case sw_name:
            for ( ;; ) {
                cls = rp_http_class[*p];
                if (!(cls & RP_HTTP_C_TCHAR)) {
                    break;
                }
                if (cls & RP_HTTP_C_ODD) {
                    hp->invalid_header = 1;
                }
                c = rp_tolower(*p);
                hash = rp_http_hash(hash, c);
                if (i < sizeof(hp->lowcase_header)) {
                    hp->lowcase_header[i++] = c;
                }
                if (++p == last) {
                    goto again;
                }
            }

            /* RFC 9112 5.1: no whitespace between name and colon; an
             * empty name cannot happen here (sw_start saw a tchar) */
            if (*p != ':') {
                return RP_HTTP_PARSE_INVALID_HEADER;
            }
            hp->header_name_end = p;
            state = sw_space_before_value;
            break;

        /* RFC 9112 5: OWS around the value is not part of it */
        case sw_space_before_value:
            if (rp_http_ows(ch)) {
                break;
            }
            hp->header_start = p;
            hp->header_end = p;
            /* fall through */

        case sw_value_ws:
            if (rp_http_ows(ch)) {
                break;
            }
            if (ch == CR) {
                state = sw_almost_done;
                break;
            }
            if (ch == LF) {
                goto done;
            }
            if (!rp_http_is(ch, RP_HTTP_C_FIELD)) {
                return RP_HTTP_PARSE_INVALID_HEADER;
            }
            state = sw_value;
            /* fall through */

        case sw_value:
            while (rp_http_is(*p, RP_HTTP_C_FIELD)) {
                if (++p == last) {
                    hp->header_end = p;
                    goto again;
                }
            }
            hp->header_end = p;
            ch = *p;

            if (rp_http_ows(ch)) {
                state = sw_value_ws;
                break;
            }
            if (ch == CR) {
                state = sw_almost_done;
                break;
            }
            if (ch == LF) {
                goto done;
            }
            /* NUL, DEL and other CTLs (RFC 9110 5.5) */
            return RP_HTTP_PARSE_INVALID_HEADER;

        case sw_almost_done:
            if (ch != LF) {
                return RP_HTTP_PARSE_INVALID_HEADER;
            }
            goto done;

        case sw_header_almost_done:
            if (ch != LF) {
                return RP_HTTP_PARSE_INVALID_HEADER;
            }
            goto header_done;

        default:
            return RP_HTTP_PARSE_INVALID_HEADER;
        }
    }

again:

    *pos = p;
    hp->state = state;
    hp->header_hash = hash;
    hp->lowcase_index = i;
    return RP_AGAIN;

done:

    *pos = p + 1;
    hp->state = sw_start;
    hp->header_hash = hash;
    hp->lowcase_index = i;
    return RP_OK;

header_done:

    *pos = p + 1;
    hp->state = sw_start;
    return RP_HTTP_PARSE_HEADER_DONE;
}


/*
 * The caller moved the bytes of the request from <old> to <new> (same
 * offsets): shift every pointer <hp> holds by new - old.
 */
void
rp_http_parser_rebase(struct rp_http_parser *hp, u_char *old, u_char *new)
{
    size_t    i;
    u_char  **ptrs[] = {
        &hp->request_start, &hp->request_end, &hp->method_end,
        &hp->uri_start, &hp->uri_end, &hp->schema_start, &hp->schema_end,
        &hp->host_start, &hp->host_end, &hp->port_end, &hp->path_start,
        &hp->path_end, &hp->args_start, &hp->uri_ext,
        &hp->header_name_start, &hp->header_name_end, &hp->header_start,
        &hp->header_end
    };

    for (i = 0; i < rp_nelems(ptrs); i++) {
        if (*ptrs[i] != NULL) {
            *ptrs[i] = new + (*ptrs[i] - old);
        }
    }
}


/* --- chunked body ---------------------------------------------------- */

/* Reset <ch> for a new chunked body. */
void
rp_http_chunked_init(struct rp_http_chunked *ch)
{
    memset(ch, 0, sizeof(*ch));
}


/*
 * RFC 9112 7.1:
 *   chunked-body = *chunk last-chunk trailer-section CRLF
 *   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *   chunk-ext    = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] )
 * The size line and the trailer section are bounded (RP_HTTP_CHUNK_MAX_*)
 * so that a client cannot make us scan without end between data bytes.
 * The chunk size line may only end after the size, an extension name or
 * an extension value: "5 \r\n" and "5;\r\n" are invalid.
 */
int
rp_http_parse_chunked(struct rp_http_chunked *ch, u_char **pos,
    u_char *last, struct rp_str *data, uint64_t max_size)
{
    u_char    c, *p;
    unsigned  state;
    uint64_t  n;
    enum {
        sw_size_start = 0,
        sw_size,
        sw_size_ws,            /* from here to sw_ext_value_end the */
        sw_ext_name_ws,        /* bytes but CR/LF count in ext_len  */
        sw_ext_name,
        sw_ext_name_end,
        sw_ext_value_ws,
        sw_ext_value,
        sw_ext_quoted,
        sw_ext_quoted_pair,
        sw_ext_value_end,
        sw_size_lf,
        sw_data,
        sw_data_cr,
        sw_data_lf,
        sw_trailer_start,      /* from here on: trailer_len */
        sw_trailer_name,
        sw_trailer_value,
        sw_trailer_lf,
        sw_final_lf
    };

    state = ch->state;

    for (p = *pos; p < last; p++) {
        c = *p;

        if (state >= sw_size_ws && state <= sw_ext_value_end
            && c != CR && c != LF && ++ch->ext_len > RP_HTTP_CHUNK_MAX_EXT)
        {
            return RP_HTTP_PARSE_INVALID_CHUNK;
        }
        if (state >= sw_trailer_start
            && ++ch->trailer_len > RP_HTTP_CHUNK_MAX_TRAILER)
        {
            return RP_HTTP_PARSE_INVALID_CHUNK;
        }

        switch (state) {

        /* no sign, no space, no "0x": a hex digit or nothing */
        case sw_size_start:
            if (!rp_http_is(c, RP_HTTP_C_HEX)) {
                return RP_HTTP_PARSE_INVALID_CHUNK;
            }
            ch->size = 0;
            ch->digits = 0;
            ch->ext_len = 0;
            state = sw_size;
            /* fall through */

        case sw_size:
            if (rp_http_is(c, RP_HTTP_C_HEX)) {
                /* 16 digits hold any uint64_t: no overflow below */
                if (++ch->digits > RP_HTTP_CHUNK_MAX_DIGITS) {
                    return RP_HTTP_PARSE_CHUNK_TOO_LARGE;
                }
                ch->size = ch->size * 16 + rp_http_hex(c);
                if (ch->length > max_size
                    || ch->size > max_size - ch->length)
                {
                    return RP_HTTP_PARSE_CHUNK_TOO_LARGE;
                }
                break;
            }
            /* the extension part starts here: count its first byte */
            if (rp_http_ows(c)) {
                ch->ext_len = 1;
                state = sw_size_ws;
                break;
            }
            if (c == ';') {
                ch->ext_len = 1;
                state = sw_ext_name_ws;
                break;
            }
            goto size_line_end;

        case sw_size_ws:
            if (rp_http_ows(c)) {
                break;
            }
            if (c != ';') {
                return RP_HTTP_PARSE_INVALID_CHUNK;
            }
            state = sw_ext_name_ws;
            break;

        case sw_ext_name_ws:
            if (rp_http_ows(c)) {
                break;
            }
            if (!rp_http_is(c, RP_HTTP_C_TCHAR)) {
                return RP_HTTP_PARSE_INVALID_CHUNK;
            }
            state = sw_ext_name;
            break;

        case sw_ext_name:
        case sw_ext_name_end:
            if (state == sw_ext_name && rp_http_is(c, RP_HTTP_C_TCHAR)) {
                break;
            }
            if (rp_http_ows(c)) {
                state = sw_ext_name_end;
                break;
            }
            if (c == '=') {
                state = sw_ext_value_ws;
                break;
            }
            if (c == ';') {
                state = sw_ext_name_ws;
                break;
            }
            goto size_line_end;

        case sw_ext_value_ws:
            if (rp_http_ows(c)) {
                break;
            }
            if (c == '"') {
                state = sw_ext_quoted;
                break;
            }
            if (!rp_http_is(c, RP_HTTP_C_TCHAR)) {
                return RP_HTTP_PARSE_INVALID_CHUNK;
            }
            state = sw_ext_value;
            break;

        /* RFC 9110 5.6.4: quoted-string */
        case sw_ext_quoted:
            if (c == '"') {
                state = sw_ext_value_end;
                break;
            }
            if (c == '\\') {
                state = sw_ext_quoted_pair;
                break;
            }
            if (!rp_http_is(c, RP_HTTP_C_FIELD) && !rp_http_ows(c)) {
                return RP_HTTP_PARSE_INVALID_CHUNK;
            }
            break;

        case sw_ext_quoted_pair:
            if (!rp_http_is(c, RP_HTTP_C_FIELD) && !rp_http_ows(c)) {
                return RP_HTTP_PARSE_INVALID_CHUNK;
            }
            state = sw_ext_quoted;
            break;

        case sw_ext_value:
        case sw_ext_value_end:
            if (state == sw_ext_value && rp_http_is(c, RP_HTTP_C_TCHAR)) {
                break;
            }
            if (rp_http_ows(c)) {
                state = sw_ext_value_end;
                break;
            }
            if (c == ';') {
                state = sw_ext_name_ws;
                break;
            }
            goto size_line_end;

        case sw_size_lf:
            if (c != LF) {
                return RP_HTTP_PARSE_INVALID_CHUNK;
            }
            state = (ch->size == 0) ? sw_trailer_start : sw_data;
            break;

        case sw_data:
            n = rp_min((uint64_t) (last - p), ch->size);
            data->data = p;
            data->len = (size_t) n;
            ch->size -= n;
            ch->length += n;
            *pos = p + n;
            ch->state = (ch->size == 0) ? sw_data_cr : sw_data;
            return RP_OK;

        case sw_data_cr:
            if (c == CR) {
                state = sw_data_lf;
                break;
            }
            /* a bare LF ends the data too */
            /* fall through */

        case sw_data_lf:
            if (c != LF) {
                return RP_HTTP_PARSE_INVALID_CHUNK;
            }
            state = sw_size_start;
            break;

        /* RFC 9112 7.1.2: trailer fields, checked like header lines */
        case sw_trailer_start:
            if (c == CR) {
                state = sw_final_lf;
                break;
            }
            if (c == LF) {
                goto done;
            }
            if (!rp_http_is(c, RP_HTTP_C_TCHAR)
                || ++ch->trailer_lines > RP_HTTP_CHUNK_MAX_TRAILERS)
            {
                return RP_HTTP_PARSE_INVALID_CHUNK;
            }
            state = sw_trailer_name;
            break;

        case sw_trailer_name:
            if (rp_http_is(c, RP_HTTP_C_TCHAR)) {
                break;
            }
            if (c != ':') {
                return RP_HTTP_PARSE_INVALID_CHUNK;
            }
            state = sw_trailer_value;
            break;

        case sw_trailer_value:
            if (rp_http_is(c, RP_HTTP_C_FIELD) || rp_http_ows(c)) {
                break;
            }
            if (c == CR) {
                state = sw_trailer_lf;
                break;
            }
            if (c != LF) {
                return RP_HTTP_PARSE_INVALID_CHUNK;
            }
            state = sw_trailer_start;
            break;

        case sw_trailer_lf:
            if (c != LF) {
                return RP_HTTP_PARSE_INVALID_CHUNK;
            }
            state = sw_trailer_start;
            break;

        case sw_final_lf:
            if (c != LF) {
                return RP_HTTP_PARSE_INVALID_CHUNK;
            }
            goto done;

        default:
            return RP_HTTP_PARSE_INVALID_CHUNK;
        }

        continue;

    size_line_end:

        /* the states that may end the size line jump here */
        if (c == CR) {
            state = sw_size_lf;
            continue;
        }
        if (c != LF) {
            return RP_HTTP_PARSE_INVALID_CHUNK;
        }
        state = (ch->size == 0) ? sw_trailer_start : sw_data;
    }

    *pos = p;
    ch->state = state;
    return RP_AGAIN;

done:

    *pos = p + 1;
    ch->state = sw_size_start;
    return RP_DONE;
}


/* --- path normalisation ---------------------------------------------- */

/* The value of the hex digit <c>, or -1. */
static int
rp_http_hex(u_char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }

    c |= 0x20;
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }

    return -1;
}


/*
 * Decode and resolve the path [uri, uri + len) into <dst>, which may be
 * <uri> itself.  First every %XX is decoded (so "%2e%2e" and "%2F" take
 * part in the resolution below, as in nginx: a location sees the path
 * the backend will), then the segments are walked: "" and "." are
 * dropped, ".." drops the previous segment, and a path whose last
 * segment was one of those keeps a trailing '/'.  The output is never
 * longer than the input.  RP_ERROR on: an empty path or one not starting
 * with '/', a bad escape, a decoded NUL, or ".." above the root.
 */
int
rp_http_normalize_path(const u_char *uri, size_t len, u_char *dst,
    size_t *dst_len)
{
    int     hi, lo, slash_end;
    u_char  c;
    size_t  i, j, n, seg, u;

    if (len == 0 || uri[0] != '/') {
        return RP_ERROR;
    }

    for (i = 0, n = 0; i < len; i++, n++) {
        c = uri[i];
        if (c == '%') {
            if (len - i < 3) {
                return RP_ERROR;
            }
            hi = rp_http_hex(uri[i + 1]);
            lo = rp_http_hex(uri[i + 2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                return RP_ERROR;
            }
            c = (u_char) (hi * 16 + lo);
            i += 2;
        }
        dst[n] = c;
    }

    /* dst[0, u) is "" or "/seg/seg...": segments kept so far */
    u = 0;
    slash_end = 0;

    for (i = 0; i < n; i = j) {
        /* dst[i] is a '/'; the segment is dst[i + 1, j) */
        for (j = i + 1; j < n && dst[j] != '/'; j++) {
            /* void */
        }
        seg = j - i - 1;
        slash_end = 1;

        if (seg == 0 || (seg == 1 && dst[i + 1] == '.')) {
            continue;
        }

        if (seg == 2 && dst[i + 1] == '.' && dst[i + 2] == '.') {
            if (u == 0) {
                return RP_ERROR;
            }
            do {
                u--;
            } while (dst[u] != '/');
            continue;
        }

        memmove(dst + u, dst + i, seg + 1);
        u += seg + 1;
        slash_end = 0;
    }

    /* u == 0 implies the last segment was dropped: "/" is left */
    if (u == 0 || slash_end) {
        dst[u++] = '/';
    }

    *dst_len = u;
    return RP_OK;
}


/* --- errors ---------------------------------------------------------- */

/*
 * The response status for the parse error <rc>: 505 for a well-formed
 * but unsupported version (RFC 9110 15.6.6), 400 for everything else.
 */
int
rp_http_parse_error_status(int rc)
{
    return (rc == RP_HTTP_PARSE_UNSUPPORTED_VERSION) ? 505 : 400;
}
