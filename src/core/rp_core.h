/*
 * rp_core.h - the one umbrella header: status codes, basic types and the
 * core primitives (strings, pools, arrays, logging, time, number parsing).
 * Everything above src/core includes this instead of the individual
 * headers; files inside src/core include only what they use.
 */

#ifndef RP_CORE_H
#define RP_CORE_H

#include "rp_config.h"

/*
 * Status vocabulary (STYLE 12).  Functions returning a status use int and
 * these values; I/O wrappers return ssize_t with RP_AGAIN/RP_ERROR.
 */
#define RP_OK          0
#define RP_ERROR      -1
#define RP_AGAIN      -2
#define RP_DECLINED   -3
#define RP_DONE       -4

typedef int64_t        rp_msec_t;     /* a duration or time in ms */

#define RP_UNSET       (-1)
#define RP_UNSET_SIZE  ((size_t) -1)
#define RP_UNSET_MSEC  ((rp_msec_t) -1)
#define RP_UNSET_PTR   ((void *) -1)

#define rp_nelems(a)   (sizeof(a) / sizeof((a)[0]))
#define rp_min(a, b)   ((a) < (b) ? (a) : (b))
#define rp_max(a, b)   ((a) > (b) ? (a) : (b))
#define rp_align(d, a) (((d) + ((a) - 1)) & ~((size_t) (a) - 1))

#define rp_container_of(ptr, type, member)                                   \
    ((type *) ((char *) (ptr) - offsetof(type, member)))

#if defined(__GNUC__)
#define RP_PRINTF(f, a)  __attribute__((format(printf, f, a)))
#define RP_UNUSED        __attribute__((unused))
#define rp_likely(x)     __builtin_expect(!!(x), 1)
#define rp_unlikely(x)   __builtin_expect(!!(x), 0)
#else
#define RP_PRINTF(f, a)
#define RP_UNUSED
#define rp_likely(x)     (x)
#define rp_unlikely(x)   (x)
#endif

/*
 * RP_ASSERT: invariants whose violation means memory corruption.  On in
 * every build; it prints the place and aborts the process (a worker is
 * then respawned by the master, which logs the signal).
 */
#define RP_ASSERT(cond)                                                      \
    do {                                                                     \
        if (rp_unlikely(!(cond))) {                                          \
            rp_assert_fail(__FILE__, __LINE__, #cond);                       \
        }                                                                    \
    } while (0)

void rp_assert_fail(const char *file, int line, const char *cond)
    __attribute__((noreturn));

#include "rp_str.h"
#include "rp_array.h"
#include "rp_pool.h"
#include "rp_log.h"
#include "rp_time.h"
#include "rp_parse.h"

#endif /* RP_CORE_H */
