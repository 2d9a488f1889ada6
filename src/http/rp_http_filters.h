/*
 * rp_http_filters.h - the output filter chains.
 *
 * A response goes out through header filters (each may change
 * r->headers_out, then calls the next; the last one serialises the
 * header) and body filters (each transforms a chain of buffers, then
 * passes it on; the last one writes to the socket).  The order is the
 * one explicit list in rp_http_filters.c (STYLE 17): a filter module
 * exports its function and its "next" pointer, and rp_http_filters_init()
 * links the list in that order.
 */

#ifndef RP_HTTP_FILTERS_H
#define RP_HTTP_FILTERS_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_request.h"

struct rp_http_header_filter_link {
    rp_http_header_filter_pt    filter;
    rp_http_header_filter_pt   *next;     /* the module's next pointer */
};

struct rp_http_body_filter_link {
    rp_http_body_filter_pt      filter;
    rp_http_body_filter_pt     *next;
};

void rp_http_filters_init(void);

/* Filters of the core (rp_http_header_filter.c, rp_http_write_filter.c,
 * rp_http_chunked_filter.c). */
int rp_http_header_writer(struct rp_http_request *r);
int rp_http_write_filter(struct rp_http_request *r, struct rp_chain *in);
int rp_http_chunked_header_filter(struct rp_http_request *r);
int rp_http_chunked_body_filter(struct rp_http_request *r,
    struct rp_chain *in);
extern rp_http_header_filter_pt  rp_http_chunked_next_header_filter;
extern rp_http_body_filter_pt    rp_http_chunked_next_body_filter;

/* Conditional requests and ranges (src/http/modules). */
int rp_http_not_modified_header_filter(struct rp_http_request *r);
extern rp_http_header_filter_pt  rp_http_not_modified_next_header_filter;
int rp_http_range_header_filter(struct rp_http_request *r);
int rp_http_range_body_filter(struct rp_http_request *r, struct rp_chain *in);
extern rp_http_header_filter_pt  rp_http_range_next_header_filter;
extern rp_http_body_filter_pt    rp_http_range_next_body_filter;

/*
 * Parse an HTTP-date (IMF-fixdate, RFC 850 or asctime form) at <p>/<len>;
 * the time, or -1 when it is not one.  Pure.
 */
time_t rp_http_parse_time(const u_char *p, size_t len);

/*
 * 1 if the entity-tag list <list> ("*" or "tag", ...) matches <etag>,
 * by weak comparison when <weak> (If-None-Match) else strong (If-Match,
 * If-Range).
 */
int rp_http_etag_match(const struct rp_str *list, const struct rp_str *etag,
    int weak);

/*
 * Parse a Range value <v> against <size> body bytes: RP_OK with the
 * single range [*start, *end); RP_HTTP_RANGE_NOT_SATISFIABLE; or
 * RP_DECLINED to ignore it (bad syntax, other unit, several ranges).
 */
int rp_http_range_parse(const struct rp_str *v, off_t size, off_t *start,
    off_t *end);

/* error_page and add_header (src/http/modules). */
int rp_http_error_page_header_filter(struct rp_http_request *r);
extern rp_http_header_filter_pt  rp_http_error_page_next_header_filter;
int rp_http_headers_header_filter(struct rp_http_request *r);
extern rp_http_header_filter_pt  rp_http_headers_next_header_filter;

const char *rp_http_status_line(int status);
size_t rp_http_time(u_char *buf, time_t t);

/* The first filter of each chain (set by rp_http_filters_init). */
extern rp_http_header_filter_pt  rp_http_top_header_filter;
extern rp_http_body_filter_pt    rp_http_top_body_filter;

#endif /* RP_HTTP_FILTERS_H */
