/*
 * rp_http_variables_core.c - the built-in variables ($host, $uri,
 * $remote_addr, ..., and the $http_, $arg_, $cookie_, $sent_http_
 * families) and their get handlers.
 *
 * rp_http_variables_add_core_vars defines them when the http block
 * opens; each handler reads the request as the lifecycle left it
 * (rp_http_request.h) and is only ever called for variables some
 * directive uses.  Values point into request data when they can (header
 * values, the URI) and are otherwise formatted into r->pool.  Handlers of
 * values that change while a request runs ($uri, $status, $msec...) are
 * flagged NOCACHEABLE so the access log sees the final value.
 */

#include "rp_config.h"

#include <sys/random.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>

#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_core_module.h"
#include "rp_http_request.h"
#include "rp_http_variables.h"
#include "rp_listen.h"

#define RP_HTTP_VAR_NUM_LEN  (sizeof("-9223372036854775808") - 1)

static const char  *rp_http_variables_months[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static const char  *rp_http_variables_wdays[] = {
    "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
};


/* ---------------------------------------------------------------------
 * helpers
 */

/* Format into a fresh r->pool buffer of <size> bytes; RP_OK/RP_ERROR. */
static int RP_PRINTF(4, 5)
rp_http_variable_printf(struct rp_http_request *r,
    struct rp_http_variable_value *v, size_t size, const char *fmt, ...)
{
    int       n;
    va_list   args;
    u_char   *p;

    p = rp_palloc(r->pool, size);
    if (p == NULL) {
        return RP_ERROR;
    }

    va_start(args, fmt);
    n = vsnprintf((char *) p, size, fmt, args);
    va_end(args);

    if (n < 0) {
        return RP_ERROR;
    }

    v->data = p;
    v->len = (unsigned) rp_min((size_t) n, size - 1);

    return RP_OK;
}


/* <s> as the value; pointing at it, no copy. */
static int
rp_http_variable_str(struct rp_http_variable_value *v, const struct rp_str *s)
{
    if (s->len >= (1u << 28)) {
        return RP_ERROR;
    }

    v->data = s->len ? s->data : (u_char *) "";
    v->len = (unsigned) s->len;

    return RP_OK;
}


/*
 * 1 if header <h> is named <name> (lowercase; '_' and '-' are the same,
 * so "user_agent" is User-Agent).
 */
static int
rp_http_variable_header_is(const struct rp_http_header *h,
    const u_char *name, size_t len)
{
    size_t  i;
    u_char  a, b;

    if (h->name.len != len) {
        return 0;
    }

    for (i = 0; i < len; i++) {
        a = rp_tolower(h->name.data[i]);
        b = name[i];
        a = (a == '-') ? '_' : a;
        b = (b == '-') ? '_' : b;

        if (a != b) {
            return 0;
        }
    }

    return 1;
}


/*
 * The value of the headers of <list> named <name>: one header's value
 * as it is, several joined with ", " (Cookie with "; ", RFC 6265 5.4).
 * <out> skips deleted headers (hash 0).  RP_DECLINED when none.
 */
static int
rp_http_variable_headers(struct rp_http_request *r,
    struct rp_http_variable_value *v, const struct rp_array *list,
    const u_char *name, size_t len, int out)
{
    size_t                   i, n, total, seplen;
    u_char                  *p;
    const char              *sep;
    struct rp_http_header   *h, *first;

    h = list->elts;
    first = NULL;
    n = 0;
    total = 0;

    sep = (len == 6 && memcmp(name, "cookie", 6) == 0) ? "; " : ", ";
    seplen = 2;

    for (i = 0; i < list->nelts; i++) {
        if ((out && h[i].hash == 0)
            || !rp_http_variable_header_is(&h[i], name, len))
        {
            continue;
        }

        first = first ? first : &h[i];
        total += h[i].value.len + (n ? seplen : 0);
        n++;
    }

    if (n == 0) {
        return RP_DECLINED;
    }

    if (n == 1) {
        return rp_http_variable_str(v, &first->value);
    }

    p = rp_palloc(r->pool, total ? total : 1);
    if (p == NULL) {
        return RP_ERROR;
    }

    v->data = p;

    for (i = 0, n = 0; i < list->nelts; i++) {
        if ((out && h[i].hash == 0)
            || !rp_http_variable_header_is(&h[i], name, len))
        {
            continue;
        }

        if (n++) {
            p = rp_cpymem(p, sep, seplen);
        }

        p = rp_cpymem(p, h[i].value.data, h[i].value.len);
    }

    v->len = (unsigned) (p - v->data);

    return RP_OK;
}


/*
 * Find "<name>=value" in <s>, items separated by <sep> (and, for
 * cookies, optional spaces); names compare case-insensitively, as in
 * nginx.  Sets <value> (not decoded) and returns 1 when found.
 */
static int
rp_http_variable_find_pair(const struct rp_str *s, const u_char *name,
    size_t len, u_char sep, struct rp_str *value)
{
    u_char  *p, *end, *item_end;

    p = s->data;
    end = s->data + s->len;

    while (p < end) {
        while (sep == ';' && p < end && (*p == ' ' || *p == '\t')) {
            p++;
        }

        item_end = memchr(p, sep, (size_t) (end - p));
        item_end = item_end ? item_end : end;

        if ((size_t) (item_end - p) > len && p[len] == '='
            && rp_str_casecmp(p, name, len) == 0)
        {
            value->data = p + len + 1;
            value->len = (size_t) (item_end - value->data);
            return 1;
        }

        p = item_end + 1;
    }

    return 0;
}


/* The local address of the connection: the listen address, else ask. */
static int
rp_http_variable_local(struct rp_http_request *r,
    struct sockaddr_storage *ss)
{
    socklen_t                  len;
    struct rp_connection      *c;
    const struct sockaddr_in  *sin;
    const struct sockaddr_in6 *sin6;

    c = r->connection;

    if (c->listening) {
        *ss = c->listening->sockaddr;

        sin = (const struct sockaddr_in *) ss;
        sin6 = (const struct sockaddr_in6 *) ss;

        if ((ss->ss_family == AF_INET && sin->sin_addr.s_addr != INADDR_ANY)
            || (ss->ss_family == AF_INET6
                && !IN6_IS_ADDR_UNSPECIFIED(&sin6->sin6_addr)))
        {
            return RP_OK;
        }
    }

    len = sizeof(*ss);

    if (getsockname(c->fd, (struct sockaddr *) ss, &len) == -1) {
        rp_log_error(RP_LOG_ERR, &c->log, errno, "getsockname() failed");
        return RP_ERROR;
    }

    return RP_OK;
}


/* The port of <ss>, or -1 for a family without ports. */
static int
rp_http_variable_port_of(const struct sockaddr_storage *ss)
{
    switch (ss->ss_family) {
    case AF_INET:
        return ntohs(((const struct sockaddr_in *) ss)->sin_port);
    case AF_INET6:
        return ntohs(((const struct sockaddr_in6 *) ss)->sin6_port);
    default:
        return -1;
    }
}


/* ---------------------------------------------------------------------
 * handlers: request data
 */

/* An rp_str field of the request, at offset <data>. */
static int
rp_http_variable_request_str(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    return rp_http_variable_str(v, (struct rp_str *) ((char *) r + data));
}


/* $host: the Host header's server part (or the authority of an
 * absolute-form target), else the server's first server_name. */
static int
rp_http_variable_host(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    struct rp_http_core_srv_conf  *cscf;

    if (r->headers_in.server.len) {
        return rp_http_variable_str(v, &r->headers_in.server);
    }

    cscf = r->srv_conf ? rp_http_core_srv(r) : NULL;

    if (cscf) {
        return rp_http_variable_str(v, &cscf->server_name);
    }

    return RP_OK;
}


static int
rp_http_variable_server_name(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    struct rp_http_core_srv_conf  *cscf;

    cscf = r->srv_conf ? rp_http_core_srv(r) : NULL;

    if (cscf && cscf->server_name.len) {
        return rp_http_variable_str(v, &cscf->server_name);
    }

    return rp_http_variable_str(v, &r->server_name);
}


/* $hostname: <data> is the rp_str read by gethostname() at config. */
static int
rp_http_variable_hostname(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    return rp_http_variable_str(v, (const struct rp_str *) data);
}


static int
rp_http_variable_scheme(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    static const struct rp_str  http = rp_string("http");

    return rp_http_variable_str(v, r->schema.len ? &r->schema : &http);
}


static int
rp_http_variable_is_args(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    v->data = (u_char *) (r->args.len ? "?" : "");
    v->len = r->args.len ? 1 : 0;

    return RP_OK;
}


/* $content_type, $content_length: request headers, by offset. */
static int
rp_http_variable_header_in(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    struct rp_http_header  *h;

    h = *(struct rp_http_header **) ((char *) &r->headers_in + data);

    if (h == NULL) {
        return RP_DECLINED;
    }

    return rp_http_variable_str(v, &h->value);
}


/* $http_NAME: request headers; <data> is the whole variable name. */
static int
rp_http_variable_http(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    const struct rp_str  *name = (const struct rp_str *) data;
    size_t                skip = sizeof("http_") - 1;

    return rp_http_variable_headers(r, v, &r->headers_in.headers,
                                    name->data + skip, name->len - skip, 0);
}


/* $cookie_NAME: the first cookie of that name in any Cookie header. */
static int
rp_http_variable_cookie(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    const struct rp_str    *name = (const struct rp_str *) data;
    size_t                  skip = sizeof("cookie_") - 1;
    size_t                  i;
    struct rp_str           value;
    struct rp_http_header  *h;

    h = r->headers_in.headers.elts;

    for (i = 0; i < r->headers_in.headers.nelts; i++) {
        if (!rp_http_variable_header_is(&h[i], (const u_char *) "cookie", 6)) {
            continue;
        }

        if (rp_http_variable_find_pair(&h[i].value, name->data + skip,
                                       name->len - skip, ';', &value))
        {
            return rp_http_variable_str(v, &value);
        }
    }

    return RP_DECLINED;
}


/* $arg_NAME: the first argument of that name, not decoded. */
static int
rp_http_variable_arg(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    const struct rp_str  *name = (const struct rp_str *) data;
    size_t                skip = sizeof("arg_") - 1;
    struct rp_str         value;

    if (rp_http_variable_find_pair(&r->args, name->data + skip,
                                   name->len - skip, '&', &value))
    {
        return rp_http_variable_str(v, &value);
    }

    return RP_DECLINED;
}


/* ---------------------------------------------------------------------
 * handlers: connection
 */

static int
rp_http_variable_remote_addr(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    return rp_http_variable_str(v, &r->connection->addr_text);
}


static int
rp_http_variable_remote_port(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    int  port;

    port = rp_http_variable_port_of(&r->connection->sockaddr);

    if (port < 0) {
        return RP_OK;
    }

    return rp_http_variable_printf(r, v, sizeof("65535"), "%d", port);
}


static int
rp_http_variable_server_addr(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    u_char                   *p;
    const void               *addr;
    struct sockaddr_storage   ss;

    if (rp_http_variable_local(r, &ss) != RP_OK) {
        return RP_ERROR;
    }

    if (ss.ss_family == AF_INET) {
        addr = &((struct sockaddr_in *) &ss)->sin_addr;

    } else if (ss.ss_family == AF_INET6) {
        addr = &((struct sockaddr_in6 *) &ss)->sin6_addr;

    } else {
        return RP_OK;
    }

    p = rp_palloc(r->pool, INET6_ADDRSTRLEN);
    if (p == NULL
        || inet_ntop(ss.ss_family, addr, (char *) p, INET6_ADDRSTRLEN)
           == NULL)
    {
        return RP_ERROR;
    }

    v->data = p;
    v->len = (unsigned) strlen((char *) p);

    return RP_OK;
}


static int
rp_http_variable_server_port(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    int                       port;
    struct sockaddr_storage   ss;

    if (rp_http_variable_local(r, &ss) != RP_OK) {
        return RP_ERROR;
    }

    port = rp_http_variable_port_of(&ss);

    if (port < 0) {
        return RP_OK;
    }

    return rp_http_variable_printf(r, v, sizeof("65535"), "%d", port);
}


static int
rp_http_variable_connection(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    return rp_http_variable_printf(r, v, RP_HTTP_VAR_NUM_LEN + 1,
                                   "%" PRIu64, r->connection->number);
}


static int
rp_http_variable_connection_requests(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    uint64_t  n = r->hc ? r->hc->requests : 1;

    return rp_http_variable_printf(r, v, RP_HTTP_VAR_NUM_LEN + 1,
                                   "%" PRIu64, n);
}


/*
 * $request_id: 16 random bytes as 32 hex digits, computed once per
 * request (the value is cached).  getrandom() does not block here
 * (GRND_NONBLOCK); should the kernel pool not be ready yet, a per-process
 * splitmix64 sequence seeded from the clock and the pid stands in: the
 * id must be unique, not secret.
 */
static int
rp_http_variable_request_id(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    static const char   hex[] = "0123456789abcdef";
    static uint64_t     state;
    u_char              id[16], *p;
    uint64_t            z;
    size_t              i;
    struct timespec     ts;

    if (getrandom(id, sizeof(id), GRND_NONBLOCK) != (ssize_t) sizeof(id)) {
        if (state == 0) {
            (void) clock_gettime(CLOCK_REALTIME, &ts);
            state = ((uint64_t) ts.tv_sec << 32) ^ (uint64_t) ts.tv_nsec
                    ^ ((uint64_t) getpid() << 16);
        }

        for (i = 0; i < sizeof(id); i += 8) {
            z = (state += UINT64_C(0x9e3779b97f4a7c15));
            z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
            z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
            z ^= z >> 31;
            memcpy(id + i, &z, 8);
        }
    }

    p = rp_palloc(r->pool, 32);
    if (p == NULL) {
        return RP_ERROR;
    }

    v->data = p;
    v->len = 32;

    for (i = 0; i < sizeof(id); i++) {
        *p++ = (u_char) hex[id[i] >> 4];
        *p++ = (u_char) hex[id[i] & 0xf];
    }

    return RP_OK;
}


/* ---------------------------------------------------------------------
 * handlers: response, counters and time
 */

static int
rp_http_variable_status(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    int  status = r->headers_out.status;

    if (status < 0 || status > 999) {
        status = 0;
    }

    return rp_http_variable_printf(r, v, sizeof("000"), "%03d", status);
}


/* $bytes_sent, $request_length: an off_t field at offset <data>. */
static int
rp_http_variable_request_off(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    off_t  n = *(off_t *) ((char *) r + data);

    return rp_http_variable_printf(r, v, RP_HTTP_VAR_NUM_LEN + 1, "%jd",
                                   (intmax_t) rp_max(n, 0));
}


static int
rp_http_variable_body_bytes_sent(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    off_t  n = r->bytes_sent - r->header_size;

    return rp_http_variable_printf(r, v, RP_HTTP_VAR_NUM_LEN + 1, "%jd",
                                   (intmax_t) rp_max(n, 0));
}


/* $request_time: seconds with milliseconds since the request began. */
static int
rp_http_variable_request_time(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    rp_msec_t  ms = rp_current_msec - r->start_msec;

    ms = rp_max(ms, 0);

    return rp_http_variable_printf(r, v, RP_HTTP_VAR_NUM_LEN + 5,
                                   "%" PRId64 ".%03" PRId64,
                                   ms / 1000, ms % 1000);
}


static int
rp_http_variable_msec(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    struct timespec  ts;

    (void) clock_gettime(CLOCK_REALTIME, &ts);

    return rp_http_variable_printf(r, v, RP_HTTP_VAR_NUM_LEN + 5,
                                   "%jd.%03ld", (intmax_t) ts.tv_sec,
                                   ts.tv_nsec / 1000000);
}


/* $pid: the worker process serving the request. */
static int
rp_http_variable_pid(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    return rp_http_variable_printf(r, v, RP_HTTP_VAR_NUM_LEN, "%ld",
                                   (long) getpid());
}


/*
 * $time_local "28/Nov/2026:16:49:17 +0000" (data 0) and $time_iso8601
 * "2026-11-28T16:49:17+00:00" (data 1), local time of the cached clock.
 */
static int
rp_http_variable_time(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    time_t     now;
    long       off;
    char       sign;
    struct tm  tm;

    now = rp_time_wall;

    if (localtime_r(&now, &tm) == NULL) {
        return RP_ERROR;
    }

    off = tm.tm_gmtoff / 60;
    sign = off < 0 ? '-' : '+';
    off = off < 0 ? -off : off;

    if (data == 0) {
        return rp_http_variable_printf(r, v, 64,
                   "%02d/%s/%d:%02d:%02d:%02d %c%02ld%02ld", tm.tm_mday,
                   rp_http_variables_months[tm.tm_mon], tm.tm_year + 1900,
                   tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 60,
                   off % 60);
    }

    return rp_http_variable_printf(r, v, 64,
               "%d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900,
               tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
               sign, off / 60, off % 60);
}


/* An IMF-fixdate (RFC 9110 5.6.7) for Last-Modified. */
static int
rp_http_variable_http_date(struct rp_http_request *r,
    struct rp_http_variable_value *v, time_t t)
{
    struct tm  tm;

    if (gmtime_r(&t, &tm) == NULL) {
        return RP_ERROR;
    }

    return rp_http_variable_printf(r, v, 64,
               "%s, %02d %s %d %02d:%02d:%02d GMT",
               rp_http_variables_wdays[tm.tm_wday], tm.tm_mday,
               rp_http_variables_months[tm.tm_mon], tm.tm_year + 1900,
               tm.tm_hour, tm.tm_min, tm.tm_sec);
}


/*
 * $sent_http_NAME: the response header as it is (or will be) sent.
 * Content-Type, Content-Length and Last-Modified live in fields of
 * headers_out, Connection and Transfer-Encoding are decided by the
 * header filter; everything else is in the headers_out list.
 */
static int
rp_http_variable_sent_http(struct rp_http_request *r,
    struct rp_http_variable_value *v, uintptr_t data)
{
    const struct rp_str         *var = (const struct rp_str *) data;
    size_t                       skip = sizeof("sent_http_") - 1;
    struct rp_str                name;
    struct rp_http_headers_out  *ho;

    name.data = var->data + skip;
    name.len = var->len - skip;
    ho = &r->headers_out;

    if (rp_str_eq_lit(&name, "content_type") && ho->content_type.len) {
        if (ho->charset.len == 0) {
            return rp_http_variable_str(v, &ho->content_type);
        }

        return rp_http_variable_printf(r, v, ho->content_type.len
                                       + ho->charset.len + 11,
                                       RP_STR_FMT "; charset=" RP_STR_FMT,
                                       RP_STR_ARG(ho->content_type),
                                       RP_STR_ARG(ho->charset));
    }

    if (rp_str_eq_lit(&name, "content_length")
        && ho->content_length_n >= 0)
    {
        return rp_http_variable_printf(r, v, RP_HTTP_VAR_NUM_LEN + 1,
                                       "%" PRId64, ho->content_length_n);
    }

    if (rp_str_eq_lit(&name, "last_modified")
        && ho->last_modified_time >= 0)
    {
        return rp_http_variable_http_date(r, v, ho->last_modified_time);
    }

    if (rp_str_eq_lit(&name, "connection") && r->header_sent) {
        v->data = (u_char *) (r->keepalive ? "keep-alive" : "close");
        v->len = r->keepalive ? 10 : 5;
        return RP_OK;
    }

    if (rp_str_eq_lit(&name, "transfer_encoding") && ho->chunked) {
        v->data = (u_char *) "chunked";
        v->len = 7;
        return RP_OK;
    }

    return rp_http_variable_headers(r, v, &ho->headers, name.data, name.len,
                                    1);
}


/* ---------------------------------------------------------------------
 * the table
 */

struct rp_http_variable_def {
    const char                *name;
    rp_http_get_variable_pt    handler;
    uintptr_t                  data;
    unsigned                   flags;
};

#define RP_HTTP_VAR_REQ(field)  offsetof(struct rp_http_request, field)
#define RP_HTTP_VAR_HIN(field)  offsetof(struct rp_http_headers_in, field)
#define RP_HTTP_VAR_NC          RP_HTTP_VAR_NOCACHEABLE

static const struct rp_http_variable_def  rp_http_core_variables[] = {

    { "http_", rp_http_variable_http, 0, RP_HTTP_VAR_PREFIX },
    { "sent_http_", rp_http_variable_sent_http, 0,
      RP_HTTP_VAR_PREFIX | RP_HTTP_VAR_NC },
    { "cookie_", rp_http_variable_cookie, 0, RP_HTTP_VAR_PREFIX },
    { "arg_", rp_http_variable_arg, 0, RP_HTTP_VAR_PREFIX | RP_HTTP_VAR_NC },

    { "host", rp_http_variable_host, 0, 0 },
    { "hostname", rp_http_variable_hostname, 0, 0 },
    { "remote_addr", rp_http_variable_remote_addr, 0, 0 },
    { "remote_port", rp_http_variable_remote_port, 0, 0 },
    { "server_addr", rp_http_variable_server_addr, 0, 0 },
    { "server_port", rp_http_variable_server_port, 0, 0 },
    { "server_name", rp_http_variable_server_name, 0, 0 },
    { "server_protocol", rp_http_variable_request_str,
      RP_HTTP_VAR_REQ(http_protocol), 0 },
    { "scheme", rp_http_variable_scheme, 0, 0 },
    { "request", rp_http_variable_request_str,
      RP_HTTP_VAR_REQ(request_line), 0 },
    { "request_method", rp_http_variable_request_str,
      RP_HTTP_VAR_REQ(method_name), RP_HTTP_VAR_NC },
    { "request_uri", rp_http_variable_request_str,
      RP_HTTP_VAR_REQ(unparsed_uri), 0 },
    { "uri", rp_http_variable_request_str, RP_HTTP_VAR_REQ(uri),
      RP_HTTP_VAR_NC },
    { "document_uri", rp_http_variable_request_str, RP_HTTP_VAR_REQ(uri),
      RP_HTTP_VAR_NC },
    { "args", rp_http_variable_request_str, RP_HTTP_VAR_REQ(args),
      RP_HTTP_VAR_NC },
    { "query_string", rp_http_variable_request_str, RP_HTTP_VAR_REQ(args),
      RP_HTTP_VAR_NC },
    { "is_args", rp_http_variable_is_args, 0, RP_HTTP_VAR_NC },
    { "status", rp_http_variable_status, 0, RP_HTTP_VAR_NC },
    { "body_bytes_sent", rp_http_variable_body_bytes_sent, 0,
      RP_HTTP_VAR_NC },
    { "bytes_sent", rp_http_variable_request_off,
      RP_HTTP_VAR_REQ(bytes_sent), RP_HTTP_VAR_NC },
    { "request_length", rp_http_variable_request_off,
      RP_HTTP_VAR_REQ(request_length), RP_HTTP_VAR_NC },
    { "request_time", rp_http_variable_request_time, 0, RP_HTTP_VAR_NC },
    { "time_local", rp_http_variable_time, 0, RP_HTTP_VAR_NC },
    { "time_iso8601", rp_http_variable_time, 1, RP_HTTP_VAR_NC },
    { "msec", rp_http_variable_msec, 0, RP_HTTP_VAR_NC },
    { "pid", rp_http_variable_pid, 0, 0 },
    { "connection", rp_http_variable_connection, 0, 0 },
    { "connection_requests", rp_http_variable_connection_requests, 0, 0 },
    { "request_id", rp_http_variable_request_id, 0, 0 },
    { "content_type", rp_http_variable_header_in,
      RP_HTTP_VAR_HIN(content_type), 0 },
    { "content_length", rp_http_variable_header_in,
      RP_HTTP_VAR_HIN(content_length), 0 },

    { NULL, NULL, 0, 0 }
};


/*
 * The host name for $hostname, read once per config into cf->pool (so
 * each cycle has its own).  NULL after reporting.
 */
static struct rp_str *
rp_http_variables_read_hostname(struct rp_conf *cf)
{
    char            buf[256];
    struct rp_str   name, *copy;

    if (gethostname(buf, sizeof(buf)) == -1) {
        rp_conf_error(cf, "gethostname() failed (%d: %s)", errno,
                      strerror(errno));
        return NULL;
    }

    buf[sizeof(buf) - 1] = '\0';
    name.data = (u_char *) buf;
    name.len = strlen(buf);

    copy = rp_palloc(cf->pool, sizeof(struct rp_str));
    if (copy == NULL) {
        rp_conf_error(cf, "memory allocation failed");
        return NULL;
    }

    copy->len = name.len;
    copy->data = rp_pstrdup(cf->pool, &name);

    if (copy->data == NULL && name.len) {
        rp_conf_error(cf, "memory allocation failed");
        return NULL;
    }

    return copy;
}


/* See rp_http_variables.h. */
int
rp_http_variables_add_core_vars(struct rp_conf *cf)
{
    int                                 rc;
    struct rp_str                       name, *hostname;
    struct rp_http_variable            *v;
    const struct rp_http_variable_def  *d;

    rc = rp_http_variables_first_core(cf);
    if (rc != 1) {
        return rc;
    }

    hostname = rp_http_variables_read_hostname(cf);
    if (hostname == NULL) {
        return RP_ERROR;
    }

    for (d = rp_http_core_variables; d->name; d++) {
        name.data = (u_char *) d->name;
        name.len = strlen(d->name);

        v = rp_http_add_variable(cf, &name, d->flags);
        if (v == NULL) {
            return RP_ERROR;
        }

        v->get_handler = d->handler;
        v->data = d->data;

        if (d->handler == rp_http_variable_hostname) {
            v->data = (uintptr_t) hostname;
        }
    }

    return RP_OK;
}
