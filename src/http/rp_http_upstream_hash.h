/*
 * rp_http_upstream_hash.h - the hash balancers ("ip_hash", "hash KEY
 * [consistent]") and the pieces of them that are pure code: the hash
 * functions and the consistent-hash ring, which the unit tests drive
 * without a config.
 *
 * The balancers themselves are reached through their directives (the
 * rp_http_upstream_hash_module sets us->balancer); nothing else needs
 * to call them.
 */

#ifndef RP_HTTP_UPSTREAM_HASH_H
#define RP_HTTP_UPSTREAM_HASH_H

#include "rp_config.h"
#include "rp_core.h"

#include <limits.h>
#include <zlib.h>

struct rp_http_upstream_peers;

/* Points on the ring per unit of weight, and the most one ring holds. */
#define RP_HTTP_UPSTREAM_CHASH_POINTS      160
#define RP_HTTP_UPSTREAM_CHASH_MAX_POINTS  (1 << 20)

/* One point of the ring: its position and the peer (index) owning it. */
struct rp_http_upstream_chash_point {
    uint64_t  hash;
    size_t    peer;
};

/* A ring over one set of peers, points sorted by hash. */
struct rp_http_upstream_chash_ring {
    struct rp_http_upstream_chash_point  *point;
    size_t                                number;
};

extern struct rp_module  rp_http_upstream_hash_module;

/*
 * A 64-bit hash of <len> bytes at <p> (FNV-1a with a final avalanche
 * mix): good spread for ring positions and keys, stable across builds,
 * processes and reloads.  Not cryptographic.
 */
uint64_t rp_http_upstream_hash64(const u_char *p, size_t len);

/*
 * The CRC-32 (IEEE) of <len> bytes at <p>, continuing from <crc> (0):
 * zlib's, which takes at most UINT_MAX bytes at a time.
 */
static inline uint32_t
rp_http_upstream_crc32(uint32_t crc, const u_char *p, size_t len)
{
    size_t  n;

    for ( ; len; len -= n, p += n) {
        n = rp_min(len, (size_t) UINT_MAX);
        crc = (uint32_t) crc32(crc, p, (uInt) n);
    }

    return crc;
}

/*
 * Build into <ring> (allocated from <pool>) the points of every peer of
 * <peers>: RP_HTTP_UPSTREAM_CHASH_POINTS per unit of weight (scaled
 * down when the ring would exceed RP_HTTP_UPSTREAM_CHASH_MAX_POINTS,
 * at least one per peer), each placed by a hash of the peer's name and
 * the point's number only, so adding or removing a server moves only
 * that server's points.  RP_OK, or RP_ERROR when memory is short.
 */
int rp_http_upstream_chash_build(struct rp_pool *pool,
    const struct rp_http_upstream_peers *peers,
    struct rp_http_upstream_chash_ring *ring);

/*
 * The index in <ring> (which must have points) of the first point at
 * or after <hash>, wrapping to 0 past the last one.
 */
size_t rp_http_upstream_chash_find(const struct rp_http_upstream_chash_ring
    *ring, uint64_t hash);

#endif /* RP_HTTP_UPSTREAM_HASH_H */
