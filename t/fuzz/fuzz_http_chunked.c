/*
 * fuzz_http_chunked.c - libFuzzer driver for the chunked body decoder
 * (rp_http_parse_chunked in src/http/rp_http_parse.c).
 *
 * The input is the body.  It is decoded whole, then in pieces of sizes
 * drawn from a generator seeded by the input, each piece in its own
 * allocation of exactly its size (freed once consumed), as a connection
 * recycling its read buffers would do.  Both runs must agree on the
 * result, the end position, the decoded bytes and the length.  Every
 * data piece must be non-empty and inside the piece given.  Finally the
 * bound is tested: with max_size one less than the bytes decoded, the
 * decoder must stop with CHUNK_TOO_LARGE before exceeding it.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_http_parse.h"
#include "rp_fuzz.h"


struct rp_fz_chunked {
    int       rc;
    long      consumed;     /* offset after RP_DONE, else -1 */
    uint64_t  length;
    size_t    dlen;
    u_char   *data;         /* malloc'd, dlen bytes */
};


static uint64_t
rp_fz_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}


/* Decode data[0, size) with <max>: whole if <seed> is 0, else in pieces. */
static void
rp_fz_decode(const uint8_t *data, size_t size, uint64_t seed, uint64_t max,
    struct rp_fz_chunked *r)
{
    int                     rc;
    size_t                  have, next, span;
    u_char                 *buf, *pos, *last;
    struct rp_str           piece;
    struct rp_http_chunked  ch;

    memset(r, 0, sizeof(*r));
    r->data = malloc(size);
    RP_FUZZ_CHECK(r->data != NULL);
    rp_http_chunked_init(&ch);

    rc = RP_AGAIN;
    have = 0;
    span = 1 + seed % 61;

    while (have < size) {
        next = (seed == 0) ? size : have + 1 + rp_fz_next(&seed) % span;
        next = rp_min(next, size);

        buf = malloc(next - have);
        RP_FUZZ_CHECK(buf != NULL);
        memcpy(buf, data + have, next - have);
        pos = buf;
        last = buf + (next - have);

        for ( ;; ) {
            rc = rp_http_parse_chunked(&ch, &pos, last, &piece, max);
            if (rc != RP_OK) {
                break;
            }
            RP_FUZZ_CHECK(piece.len > 0);
            RP_FUZZ_CHECK(piece.data >= buf && piece.data + piece.len <= last);
            RP_FUZZ_CHECK(pos == piece.data + piece.len);
            RP_FUZZ_CHECK(r->dlen + piece.len <= size);
            memcpy(r->data + r->dlen, piece.data, piece.len);
            r->dlen += piece.len;
        }

        RP_FUZZ_CHECK(ch.length == r->dlen && ch.length <= max);

        if (rc == RP_DONE) {
            RP_FUZZ_CHECK(pos > buf && pos <= last && pos[-1] == '\n');
            r->consumed = (long) (have + (pos - buf));
        } else if (rc == RP_AGAIN) {
            RP_FUZZ_CHECK(pos == last);
        }

        free(buf);
        have = next;

        if (rc != RP_AGAIN) {
            break;
        }
    }

    r->rc = rc;
    if (rc != RP_DONE) {
        r->consumed = -1;
    }
    r->length = ch.length;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t                i;
    uint64_t              seed;
    struct rp_fz_chunked  whole, split, bounded;

    if (size == 0) {
        return 0;
    }

    rp_fz_decode(data, size, 0, UINT64_MAX, &whole);

    RP_FUZZ_CHECK(whole.rc == RP_DONE || whole.rc == RP_AGAIN
                  || whole.rc == RP_HTTP_PARSE_INVALID_CHUNK
                  || whole.rc == RP_HTTP_PARSE_CHUNK_TOO_LARGE);

    seed = 0xcbf29ce484222325ULL;
    for (i = 0; i < size; i++) {
        seed = (seed ^ data[i]) * 0x100000001b3ULL;
    }
    seed |= 1;

    rp_fz_decode(data, size, seed, UINT64_MAX, &split);

    RP_FUZZ_CHECK(whole.rc == split.rc);
    RP_FUZZ_CHECK(whole.consumed == split.consumed);
    RP_FUZZ_CHECK(whole.length == split.length);
    RP_FUZZ_CHECK(whole.dlen == split.dlen
                  && memcmp(whole.data, split.data, whole.dlen) == 0);

    /* one byte less allowed: the same bytes until the chunk that would
     * pass the bound, which must fail before delivering any of it */
    if (whole.length > 0) {
        rp_fz_decode(data, size, seed, whole.length - 1, &bounded);
        RP_FUZZ_CHECK(bounded.rc == RP_HTTP_PARSE_CHUNK_TOO_LARGE);
        RP_FUZZ_CHECK(bounded.length < whole.length);
        RP_FUZZ_CHECK(memcmp(bounded.data, whole.data, bounded.dlen) == 0);
        free(bounded.data);
    }

    free(whole.data);
    free(split.data);

    return 0;
}
