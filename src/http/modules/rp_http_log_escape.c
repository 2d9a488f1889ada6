/*
 * rp_http_log_escape.c - escaping variable values for access log lines.
 *
 * Every client- or backend-controlled byte that reaches an access log
 * goes through rp_http_log_escape() (DESIGN 6), under the escape= mode of
 * its log_format: "default" keeps lines greppable and unforgeable, "json"
 * keeps each line a valid JSON text, "none" is the operator's explicit
 * choice of raw bytes.  Pure functions, unit-tested byte by byte.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_log_escape.h"


/*
 * Length of the well-formed UTF-8 sequence (2 to 4 bytes, no overlong
 * form, no surrogate) at <p>, or 0.
 */
static size_t
rp_http_log_utf8_len(const u_char *p, size_t len)
{
    u_char  c = p[0], lo = 0x80, hi = 0xbf;
    size_t  n, i;

    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        lo = (c == 0xe0) ? 0xa0 : 0x80;
        hi = (c == 0xed) ? 0x9f : 0xbf;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        lo = (c == 0xf0) ? 0x90 : 0x80;
        hi = (c == 0xf4) ? 0x8f : 0xbf;
    } else {
        return 0;
    }

    if (len < n || p[1] < lo || p[1] > hi) {
        return 0;
    }

    for (i = 2; i < n; i++) {
        if (p[i] < 0x80 || p[i] > 0xbf) {
            return 0;
        }
    }

    return n;
}


/*
 * Escape <src> as <mode> says into <dst>, or only measure when <dst> is
 * NULL.  default: '"', '\' and bytes below 0x20 or above 0x7e become
 * \xHH.  json: a JSON string body; control bytes and bytes that are not
 * well-formed UTF-8 become \u00HH, so the line stays valid JSON.  none:
 * raw.  Returns the length written (or needed).
 */
size_t
rp_http_log_escape(u_char *dst, const u_char *src, size_t len,
    unsigned mode)
{
    static const u_char  hex[] = "0123456789ABCDEF";    /* as nginx */
    static const u_char  jhex[] = "0123456789abcdef";
    size_t               i, n, out;
    u_char               ch, esc;

    if (mode == RP_HTTP_LOG_ESCAPE_NONE) {
        if (dst) {
            memcpy(dst, src, len);
        }
        return len;
    }

    out = 0;

    for (i = 0; i < len; i += n) {
        ch = src[i];
        n = 1;

        if (mode == RP_HTTP_LOG_ESCAPE_DEFAULT) {
            if (ch != '"' && ch != '\\' && ch >= 0x20 && ch < 0x7f) {
                if (dst) {
                    dst[out] = ch;
                }
                out++;
                continue;
            }

            if (dst) {
                dst[out] = '\\';
                dst[out + 1] = 'x';
                dst[out + 2] = hex[ch >> 4];
                dst[out + 3] = hex[ch & 0x0f];
            }
            out += 4;
            continue;
        }

        /* json */
        if (ch >= 0x80) {
            n = rp_http_log_utf8_len(src + i, len - i);
        }

        if (n > 1 || (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\')) {
            if (dst) {
                memcpy(dst + out, src + i, n);
            }
            out += n;
            continue;
        }

        n = 1;

        switch (ch) {
        case '"':  esc = '"'; break;
        case '\\': esc = '\\'; break;
        case '\n': esc = 'n'; break;
        case '\r': esc = 'r'; break;
        case '\t': esc = 't'; break;
        case '\b': esc = 'b'; break;
        case '\f': esc = 'f'; break;
        default:   esc = 0; break;
        }

        if (esc) {
            if (dst) {
                dst[out] = '\\';
                dst[out + 1] = esc;
            }
            out += 2;
            continue;
        }

        if (dst) {
            memcpy(dst + out, "\\u00", 4);
            dst[out + 4] = jhex[ch >> 4];
            dst[out + 5] = jhex[ch & 0x0f];
        }
        out += 6;
    }

    return out;
}
