/*
 * rp_http_parse_status.c - the status line of a backend's response.
 *
 * Pure and resumable like the request parser (STYLE 11): the proxy
 * feeds it the bytes it read from the backend; the header fields that
 * follow go through rp_http_parse_header_line(), so a response is held
 * to the same rules as a request.  Accepted (RFC 9112 4):
 *
 *   HTTP/1.0 or HTTP/1.1, SP, three digits 100-599, then SP and a reason
 *   phrase of visible bytes, SP and HTAB, or the end of the line at once;
 *   lines end with CRLF or a bare LF.
 *
 * Anything else (another version, HTTP/0.9-style bodies without a
 * status line, control bytes, a bare CR) is an error: the proxy answers
 * 502 rather than guess how the backend framed its message.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_parse.h"

enum {
    sw_start = 0,
    sw_H, sw_HT, sw_HTT, sw_HTTP, sw_major, sw_dot, sw_minor,
    sw_space_before_status, sw_status, sw_space_after_status, sw_reason,
    sw_almost_done
};


/*
 * Parse the status line from [*pos, last) into <st>.  RP_OK with *pos
 * past the line; RP_AGAIN after consuming everything; or
 * RP_HTTP_PARSE_INVALID_STATUS.  Initialise <st> with zeros first.
 */
int
rp_http_parse_status_line(struct rp_http_status *st, u_char **pos,
    u_char *last)
{
    static const char  http[] = "HTTP/";
    u_char            *p, ch;
    unsigned           state = st->state;

    for (p = *pos; p < last; p++) {
        ch = *p;

        switch (state) {

        case sw_start:
        case sw_H:
        case sw_HT:
        case sw_HTT:
        case sw_HTTP:
            if (ch != (u_char) http[state]) {
                return RP_HTTP_PARSE_INVALID_STATUS;
            }
            if (state == sw_start) {
                st->start = p;
            }
            state++;
            break;

        case sw_major:
            if (ch != '1') {
                return RP_HTTP_PARSE_INVALID_STATUS;
            }
            st->http_major = 1;
            state = sw_dot;
            break;

        case sw_dot:
            if (ch != '.') {
                return RP_HTTP_PARSE_INVALID_STATUS;
            }
            state = sw_minor;
            break;

        case sw_minor:
            if (ch != '0' && ch != '1') {
                return RP_HTTP_PARSE_INVALID_STATUS;
            }
            st->http_minor = (unsigned) (ch - '0');
            state = sw_space_before_status;
            break;

        case sw_space_before_status:
            if (ch != ' ') {
                return RP_HTTP_PARSE_INVALID_STATUS;
            }
            state = sw_status;
            break;

        case sw_status:
            if (ch < '0' || ch > '9') {
                return RP_HTTP_PARSE_INVALID_STATUS;
            }
            st->code = st->code * 10 + (unsigned) (ch - '0');
            if (++st->count == 3) {
                if (st->code < 100 || st->code > 599) {
                    return RP_HTTP_PARSE_INVALID_STATUS;
                }
                state = sw_space_after_status;
            }
            break;

        case sw_space_after_status:
            if (ch == ' ') {
                state = sw_reason;
                break;
            }
            if (ch == '\r') {
                state = sw_almost_done;
                break;
            }
            if (ch == '\n') {
                goto done;
            }
            return RP_HTTP_PARSE_INVALID_STATUS;

        case sw_reason:
            if (ch == '\r') {
                state = sw_almost_done;
                break;
            }
            if (ch == '\n') {
                goto done;
            }
            if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
                return RP_HTTP_PARSE_INVALID_STATUS;
            }
            break;

        case sw_almost_done:
            if (ch != '\n') {
                return RP_HTTP_PARSE_INVALID_STATUS;    /* bare CR */
            }
            goto done;
        }
    }

    *pos = p;
    st->state = state;

    return RP_AGAIN;

done:

    *pos = p + 1;
    st->end = p;
    st->state = sw_start;

    return RP_OK;
}
