/*
 * rp_parse.h - bounded number, size and time parsing (STYLE 13).
 *
 * The one place that turns text into numbers: every function takes a
 * pointer and a length, rejects empty input, signs, trailing garbage and
 * overflow, and returns RP_ERROR for any of them instead of a wrapped or
 * truncated value.
 *
 *   rp_parse_uint     "1234"                 -> 1234
 *   rp_parse_size     "512", "64k", "10M", "1g" (k/m/g, either case)
 *   rp_parse_msec     "500ms", "30", "30s", "1h30m", "2d", "1w", "1M", "1y"
 *                     (a bare number is seconds, as in nginx; M = 30 days,
 *                     y = 365 days; units must run from larger to smaller
 *                     and may not repeat)
 */

#ifndef RP_PARSE_H
#define RP_PARSE_H

#include "rp_config.h"

int rp_parse_uint(const u_char *p, size_t len, uint64_t max, uint64_t *out);
int rp_parse_size(const u_char *p, size_t len, size_t *out);
int rp_parse_msec(const u_char *p, size_t len, int64_t *out);

#endif /* RP_PARSE_H */
