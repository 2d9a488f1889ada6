/*
 * rp_http_filters.c - the order of the output filters, in one place.
 *
 * Header filters run top to bottom before the header is written; body
 * filters run top to bottom on every chain of body buffers.  To add a
 * filter, write it in its module with a "next" pointer and insert one
 * line below where it belongs; nothing depends on module order.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_filters.h"

rp_http_header_filter_pt  rp_http_top_header_filter;
rp_http_body_filter_pt    rp_http_top_body_filter;

static struct rp_http_header_filter_link  rp_http_header_filters[] = {
    /* headers changed by modules come first ... */
    /* an error page's response takes the error's status */
    { rp_http_error_page_header_filter,
      &rp_http_error_page_next_header_filter },
    { rp_http_not_modified_header_filter,
      &rp_http_not_modified_next_header_filter },
    { rp_http_range_header_filter, &rp_http_range_next_header_filter },
    /* add_header, once the final status is known */
    { rp_http_headers_header_filter, &rp_http_headers_next_header_filter },
    { rp_http_chunked_header_filter, &rp_http_chunked_next_header_filter },
    /* ... the writer is last */
    { rp_http_header_writer, NULL },
};

static struct rp_http_body_filter_link  rp_http_body_filters[] = {
    { rp_http_range_body_filter, &rp_http_range_next_body_filter },
    { rp_http_chunked_body_filter, &rp_http_chunked_next_body_filter },
    { rp_http_write_filter, NULL },
};


/* Link both lists in their written order.  Called once per process. */
void
rp_http_filters_init(void)
{
    size_t  i, n;

    n = rp_nelems(rp_http_header_filters);

    for (i = 0; i + 1 < n; i++) {
        *rp_http_header_filters[i].next = rp_http_header_filters[i + 1].filter;
    }

    rp_http_top_header_filter = rp_http_header_filters[0].filter;

    n = rp_nelems(rp_http_body_filters);

    for (i = 0; i + 1 < n; i++) {
        *rp_http_body_filters[i].next = rp_http_body_filters[i + 1].filter;
    }

    rp_http_top_body_filter = rp_http_body_filters[0].filter;
}
