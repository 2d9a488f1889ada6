/*
 * rp_http_parse.h - the HTTP/1.x request parser, the chunked body
 * decoder and URI normalisation: pure, resumable, zero-copy (STYLE 11).
 *
 * The parsers take a parser state and a byte range [*pos, last), advance
 * *pos over what they consumed and return:
 *   RP_OK       a complete item (the request line, one header line, one
 *               piece of chunk data) was parsed; its fields point into
 *               the caller's buffer;
 *   RP_AGAIN    every byte up to last was consumed, the item is not
 *               complete yet: call again with more bytes (the state is
 *               kept; fields recorded so far point into the old buffer,
 *               see rp_http_parser_rebase());
 *   RP_HTTP_PARSE_HEADER_DONE   the empty line ending the header section;
 *   RP_DONE     (chunked) the last chunk and the trailer section are done;
 *   RP_HTTP_PARSE_*  a specific error; the caller maps it to a status
 *               with rp_http_parse_error_status().
 * They never allocate, log or touch a socket, and never read at or past
 * <last>.
 *
 * Strictness (RFC 9112 and DESIGN 6): methods are tokens; the request
 * target has no control bytes, spaces or bytes >= 0x80 unencoded
 * (obs-text is rejected in the target); the version is HTTP/1.0 or
 * HTTP/1.1 (another well-formed HTTP/x.y gives 505); lines end with CRLF
 * or a bare LF; a bare CR, NUL or other control byte anywhere, obs-fold
 * (a header line starting with SP/HTAB), whitespace before the colon or
 * a non-token byte in a header name is an error; header values may hold
 * VCHAR, obs-text, SP and HTAB, and their leading and trailing SP/HTAB
 * are not part of the value.
 */

#ifndef RP_HTTP_PARSE_H
#define RP_HTTP_PARSE_H

#include "rp_config.h"
#include "rp_core.h"

#define RP_HTTP_PARSE_HEADER_DONE        1

/* Errors (negative, distinct from RP_ERROR/RP_AGAIN/...). */
#define RP_HTTP_PARSE_INVALID_METHOD     -10   /* 400 */
#define RP_HTTP_PARSE_INVALID_REQUEST    -11   /* 400: request line */
#define RP_HTTP_PARSE_INVALID_TARGET     -12   /* 400 */
#define RP_HTTP_PARSE_INVALID_VERSION    -13   /* 400: not HTTP/d.d */
#define RP_HTTP_PARSE_UNSUPPORTED_VERSION -14  /* 505: HTTP/2.0, 1.2 ... */
#define RP_HTTP_PARSE_INVALID_HEADER     -15   /* 400: header line */
#define RP_HTTP_PARSE_OBS_FOLD           -16   /* 400 */
#define RP_HTTP_PARSE_INVALID_CHUNK      -17   /* 400 */
#define RP_HTTP_PARSE_CHUNK_TOO_LARGE    -18   /* 400: size overflows */

/* Methods (bit flags so configs can hold sets of them). */
#define RP_HTTP_UNKNOWN    0x0001
#define RP_HTTP_GET        0x0002
#define RP_HTTP_HEAD       0x0004
#define RP_HTTP_POST       0x0008
#define RP_HTTP_PUT        0x0010
#define RP_HTTP_DELETE     0x0020
#define RP_HTTP_OPTIONS    0x0040
#define RP_HTTP_PATCH      0x0080
#define RP_HTTP_TRACE      0x0100
#define RP_HTTP_CONNECT    0x0200

struct rp_http_parser {
    unsigned      state;

    /* request line; pointers into the buffer */
    u_char       *request_start;
    u_char       *request_end;     /* before the CRLF */
    u_char       *method_end;
    u_char       *uri_start;
    u_char       *uri_end;
    u_char       *schema_start;    /* absolute-form only */
    u_char       *schema_end;
    u_char       *host_start;      /* absolute-form authority */
    u_char       *host_end;        /* IPv6 literals keep their [] */
    u_char       *port_end;        /* port is [host_end + 1, port_end);
                                      NULL when no port was given */
    u_char       *path_start;      /* first byte of the path (origin) */
    u_char       *path_end;        /* '?' or uri_end; an empty path
                                      (http://host) means "/" */
    u_char       *args_start;      /* after '?', or NULL */
    u_char       *uri_ext;         /* after the last '.' of the path */
    unsigned      method;          /* RP_HTTP_GET ... */
    unsigned      http_major;
    unsigned      http_minor;
    unsigned      complex_uri:1;   /* has %, //, /./, /../ : normalise */
    unsigned      quoted_uri:1;    /* has % */
    unsigned      plus_in_uri:1;
    unsigned      asterisk_form:1; /* "OPTIONS *" */
    unsigned      absolute_form:1;

    /* the header line just parsed */
    u_char       *header_name_start;
    u_char       *header_name_end;
    u_char       *header_start;    /* value, trimmed */
    u_char       *header_end;
    uint32_t      header_hash;     /* of the lowercased name */
    unsigned      lowcase_index;   /* bytes of name in lowcase_header */
    u_char        lowcase_header[32]; /* name lowercased (first 32 bytes) */
    unsigned      invalid_header:1; /* name has a token byte other than
                                       a letter, digit or '-' ('_', '.',
                                       ...): callers may drop it, like
                                       nginx's underscores_in_headers */
};

/*
 * Chunked transfer coding (RFC 9112 7.1).  Extensions are skipped after
 * syntax checks; trailer fields are checked like header lines and
 * dropped.  <size> is the remaining bytes of the current chunk.
 */
struct rp_http_chunked {
    unsigned      state;
    uint64_t      size;
    uint64_t      length;          /* total data bytes so far */
    unsigned      trailer_lines;
    unsigned      digits;          /* hex digits of the size line */
    unsigned      ext_len;         /* bytes of extensions, this chunk */
    unsigned      trailer_len;     /* bytes of the trailer section */
};

/*
 * Bounds of the chunked decoder: more size digits is CHUNK_TOO_LARGE;
 * a longer extension part of one size line (from the ';' or the BWS
 * before it up to the line end), more trailer lines, or a longer trailer
 * section (final empty line included) is INVALID_CHUNK.
 */
#define RP_HTTP_CHUNK_MAX_DIGITS   16
#define RP_HTTP_CHUNK_MAX_EXT      4096
#define RP_HTTP_CHUNK_MAX_TRAILERS 64
#define RP_HTTP_CHUNK_MAX_TRAILER  8192

/*
 * Request line and headers.  rp_http_parser_init() before each request;
 * rp_http_parse_request_line() until RP_OK, then
 * rp_http_parse_header_line() until RP_HTTP_PARSE_HEADER_DONE.  A leading
 * empty line is skipped (RFC 9112 2.2).  Target forms: origin-form,
 * absolute-form (any syntactically valid scheme; the host is a reg-name
 * of letters, digits and "-._~" or an IPv6 literal; no userinfo; a port
 * of 1-5 digits up to 65535), "*" only with OPTIONS, and authority-form
 * (host:port, port required) for CONNECT, which takes no other form.  The
 * path must have valid %XX escapes; the query is passed on as is (any
 * VCHAR but '#').  On an error *pos is unspecified and the parser may
 * not be resumed.
 */
void rp_http_parser_init(struct rp_http_parser *p);
void rp_http_chunked_init(struct rp_http_chunked *ch);
int rp_http_parse_request_line(struct rp_http_parser *p, u_char **pos,
    u_char *last);
int rp_http_parse_header_line(struct rp_http_parser *p, u_char **pos,
    u_char *last);
void rp_http_parser_rebase(struct rp_http_parser *p, u_char *old,
    u_char *new);

/*
 * Decode chunked data from [*pos, last).  On RP_OK, <data> points to
 * the next piece of body bytes (within the buffer) and *pos is past
 * them; RP_AGAIN: need more bytes; RP_DONE: the body ended (last chunk
 * and trailers consumed, *pos just past them: pipelined bytes may
 * follow); or an RP_HTTP_PARSE_* error.  <max_size> bounds the total
 * (pass UINT64_MAX for no bound): a chunk whose declared size would take
 * the body past it fails with CHUNK_TOO_LARGE before any of its data.
 * The decoder keeps no pointer into the input, so successive calls may
 * be given unrelated buffers; after RP_DONE, rp_http_chunked_init()
 * before decoding another body.
 */
int rp_http_parse_chunked(struct rp_http_chunked *ch, u_char **pos,
    u_char *last, struct rp_str *data, uint64_t max_size);

/*
 * Normalise the path [uri, uri + len) into <dst> (room for len bytes;
 * <dst> may be <uri>): percent-decoding (%XX, either case; a bad escape
 * or a decoded NUL is an error; a decoded "%2F" is a '/' like any other,
 * as in nginx), then resolving "//", "/./" and "/../" (a trailing "/."
 * or "/.." leaves a trailing '/').  The path is the path only: pass
 * [path_start, path_end), without the query.  Returns RP_OK and sets
 * *dst_len, or RP_ERROR when the path is empty, does not start with '/',
 * is badly escaped or climbs above the root.
 */
int rp_http_normalize_path(const u_char *uri, size_t len, u_char *dst,
    size_t *dst_len);

/* The status line of a response (rp_http_parse_status.c). */
#define RP_HTTP_PARSE_INVALID_STATUS     -19   /* proxy: 502 */

struct rp_http_status {
    unsigned      state;
    unsigned      code;
    unsigned      count;           /* status digits seen */
    unsigned      http_major;
    unsigned      http_minor;
    u_char       *start;           /* "HTTP/..." */
    u_char       *end;             /* the line's LF */
};

int rp_http_parse_status_line(struct rp_http_status *st, u_char **pos,
    u_char *last);

/* Status code for a parse error (400, 505, ...). */
int rp_http_parse_error_status(int rc);

/* Lowercase-hash step used for header names (stable, documented). */
#define rp_http_hash(key, c)  ((uint32_t) (key) * 31 + (u_char) (c))

#endif /* RP_HTTP_PARSE_H */
