/*
 * rp_shm.c - declaring, mapping, reusing and locking shared-memory zones
 * (see rp_shm.h).
 *
 * Zones are declared into cycle->shm_zones while the config is parsed,
 * then mapped in one pass by the master before it forks; the old cycle's
 * mapping is handed over when name, size and owner are unchanged, which
 * is what lets rate limits, health state and cache metadata survive a
 * reload.  The lock is a robust, process-shared pthread mutex: when a
 * worker dies holding it (SIGKILL, crash), the kernel releases it and
 * the next locker learns so through EOWNERDEAD, so a dead worker never
 * stalls the others (DESIGN 2).
 */

#include "rp_config.h"

#include <sys/mman.h>
#include <pthread.h>

#include "rp_core.h"
#include "rp_cycle.h"
#include "rp_shm.h"
#include "rp_slab.h"


#define RP_SHM_ERR_LEN   256

static const char *rp_shm_errorf(struct rp_cycle *cycle,
    const char *fallback, const char *fmt, ...) RP_PRINTF(3, 4);
static struct rp_shm_zone *rp_shm_zone_find(struct rp_cycle *cycle,
    const struct rp_str *name);
static int rp_shm_uses(struct rp_cycle *cycle, struct rp_shm_header *sh);
static int rp_shm_zone_map(struct rp_cycle *cycle, struct rp_shm_zone *zone);
static int rp_shm_mutex_init(pthread_mutex_t *mtx);


/*
 * A message for rp_shm_zone_add()'s <err>, formatted into cycle->pool;
 * <fallback> if that allocation fails.
 */
static const char *
rp_shm_errorf(struct rp_cycle *cycle, const char *fallback,
    const char *fmt, ...)
{
    int       n;
    char     *buf;
    va_list   args;

    buf = rp_palloc(cycle->pool, RP_SHM_ERR_LEN);
    if (buf == NULL) {
        return fallback;
    }

    va_start(args, fmt);
    n = vsnprintf(buf, RP_SHM_ERR_LEN, fmt, args);
    va_end(args);

    return n < 0 ? fallback : buf;
}


/* The zone of <cycle> called <name>, or NULL; <cycle> may be NULL. */
static struct rp_shm_zone *
rp_shm_zone_find(struct rp_cycle *cycle, const struct rp_str *name)
{
    size_t                i;
    struct rp_shm_zone  **zones;

    if (cycle == NULL || cycle->shm_zones.nelts == 0) {
        return NULL;
    }

    zones = cycle->shm_zones.elts;

    for (i = 0; i < cycle->shm_zones.nelts; i++) {
        if (rp_str_eq(&zones[i]->name, name)) {
            return zones[i];
        }
    }

    return NULL;
}


/* 1 if a zone of <cycle> is mapped at <sh>, else 0. */
static int
rp_shm_uses(struct rp_cycle *cycle, struct rp_shm_header *sh)
{
    size_t                i;
    struct rp_shm_zone  **zones;

    zones = cycle->shm_zones.elts;

    for (i = 0; i < cycle->shm_zones.nelts; i++) {
        if (zones[i]->sh == sh) {
            return 1;
        }
    }

    return 0;
}


struct rp_shm_zone *
rp_shm_zone_add(struct rp_cycle *cycle, const struct rp_str *name,
    size_t size, const void *tag, const char **err)
{
    struct rp_array      *a;
    struct rp_shm_zone   *zone, **slot;

    if (name->len == 0) {
        *err = "shared memory zone name is empty";
        return NULL;
    }

    if (size != 0 && size < RP_SHM_MIN_SIZE) {
        *err = rp_shm_errorf(cycle, "shared memory zone is too small",
                             "shared memory zone \"" RP_STR_FMT "\" is too "
                             "small: %zu bytes, the minimum is %zu",
                             RP_STR_ARG(*name), size,
                             (size_t) RP_SHM_MIN_SIZE);
        return NULL;
    }

    /*
     * The list holds pointers, not zones: modules keep the pointer we
     * return, and a growing array would move the elements under them.
     */
    a = &cycle->shm_zones;

    if (a->elts == NULL || a->size != sizeof(struct rp_shm_zone *)) {
        RP_ASSERT(a->nelts == 0);

        if (rp_array_init(a, cycle->pool, 4, sizeof(struct rp_shm_zone *))
            != RP_OK)
        {
            *err = "out of memory";
            return NULL;
        }
    }

    zone = rp_shm_zone_find(cycle, name);

    if (zone != NULL) {
        if (zone->tag != tag) {
            *err = rp_shm_errorf(cycle, "shared memory zone is already "
                                 "declared for a different use",
                                 "shared memory zone \"" RP_STR_FMT "\" is "
                                 "already declared for a different use",
                                 RP_STR_ARG(*name));
            return NULL;
        }

        if (size != 0 && zone->size != 0 && size != zone->size) {
            *err = rp_shm_errorf(cycle, "shared memory zone is already "
                                 "declared with a different size",
                                 "the size %zu of shared memory zone \""
                                 RP_STR_FMT "\" conflicts with already "
                                 "declared size %zu", size,
                                 RP_STR_ARG(*name), zone->size);
            return NULL;
        }

        if (size != 0) {
            zone->size = size;
        }

        return zone;
    }

    zone = rp_pcalloc(cycle->pool, sizeof(struct rp_shm_zone));
    if (zone == NULL) {
        goto failed;
    }

    zone->name.data = rp_pstrdup(cycle->pool, name);
    if (zone->name.data == NULL) {
        goto failed;
    }

    zone->name.len = name->len;
    zone->size = size;
    zone->tag = tag;

    slot = rp_array_push(a);
    if (slot == NULL) {
        goto failed;
    }

    *slot = zone;

    return zone;

failed:

    *err = "out of memory";
    return NULL;
}


/*
 * Gives <zone> a fresh mapping: header, robust lock, and a slab over the
 * rest.  RP_OK, or RP_ERROR after logging with nothing left mapped.
 */
static int
rp_shm_zone_map(struct rp_cycle *cycle, struct rp_shm_zone *zone)
{
    int                    rc;
    size_t                 size, hdr;
    u_char                *p;
    struct rp_shm_header  *sh;

    size = rp_align(zone->size, RP_SLAB_PAGE_SIZE);

    p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
             -1, 0);

    if (p == MAP_FAILED) {
        rp_log_error(RP_LOG_EMERG, cycle->log, errno,
                     "mmap(MAP_SHARED|MAP_ANONYMOUS, %zu) failed for "
                     "shared memory zone \"" RP_STR_FMT "\"", size,
                     RP_STR_ARG(zone->name));
        return RP_ERROR;
    }

    sh = (struct rp_shm_header *) (void *) p;
    memset(sh, 0, sizeof(struct rp_shm_header));

    rc = rp_shm_mutex_init(&sh->lock);
    if (rc != 0) {
        rp_log_error(RP_LOG_EMERG, cycle->log, rc,
                     "pthread_mutex_init() failed for shared memory "
                     "zone \"" RP_STR_FMT "\"", RP_STR_ARG(zone->name));
        goto failed;
    }

    hdr = rp_align(sizeof(struct rp_shm_header), 64);

    sh->slab = rp_slab_init(p + hdr, size - hdr);
    if (sh->slab == NULL) {
        rp_log_error(RP_LOG_EMERG, cycle->log, 0,
                     "shared memory zone \"" RP_STR_FMT "\" is too small "
                     "for its allocator", RP_STR_ARG(zone->name));
        (void) pthread_mutex_destroy(&sh->lock);
        goto failed;
    }

    sh->magic = RP_SHM_MAGIC;
    sh->version = RP_SHM_VERSION;
    sh->size = size;
    sh->generation = 1;

    zone->sh = sh;
    zone->reused = 0;

    return RP_OK;

failed:

    (void) munmap(p, size);
    return RP_ERROR;
}


/*
 * A robust, process-shared mutex at <mtx> (in the zone).  0, or the
 * error number of the pthread call that failed.
 */
static int
rp_shm_mutex_init(pthread_mutex_t *mtx)
{
    int                  rc;
    pthread_mutexattr_t  attr;

    rc = pthread_mutexattr_init(&attr);
    if (rc != 0) {
        return rc;
    }

    rc = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);

    if (rc == 0) {
        rc = pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    }

    if (rc == 0) {
        rc = pthread_mutex_init(mtx, &attr);
    }

    (void) pthread_mutexattr_destroy(&attr);

    return rc;
}


int
rp_shm_zones_init(struct rp_cycle *cycle, struct rp_cycle *old)
{
    size_t                 i;
    void                  *old_data;
    struct rp_shm_zone   **zones, *zone, *ozone;
    struct rp_shm_header  *osh;

    zones = cycle->shm_zones.elts;

    for (i = 0; i < cycle->shm_zones.nelts; i++) {
        zone = zones[i];

        if (zone->sh != NULL) {
            continue;                       /* mapped by an earlier call */
        }

        if (zone->size == 0) {
            rp_log_error(RP_LOG_EMERG, cycle->log, 0,
                         "zero size shared memory zone \"" RP_STR_FMT "\"",
                         RP_STR_ARG(zone->name));
            return RP_ERROR;
        }

        ozone = rp_shm_zone_find(old, &zone->name);
        osh = ozone ? ozone->sh : NULL;

        if (osh != NULL && ozone->size == zone->size && ozone->tag == zone->tag
            && osh->magic == RP_SHM_MAGIC && osh->version == RP_SHM_VERSION)
        {
            zone->sh = osh;
            zone->reused = 1;
            osh->generation++;
            old_data = ozone->data;

        } else {
            if (rp_shm_zone_map(cycle, zone) != RP_OK) {
                return RP_ERROR;
            }

            old_data = NULL;
        }

        if (zone->init != NULL && zone->init(zone, old_data) != RP_OK) {
            rp_log_error(RP_LOG_EMERG, cycle->log, 0,
                         "cannot initialize shared memory zone \""
                         RP_STR_FMT "\"", RP_STR_ARG(zone->name));
            return RP_ERROR;
        }
    }

    return RP_OK;
}


void
rp_shm_zones_release(struct rp_cycle *cycle, struct rp_cycle *keep)
{
    size_t                 i, size;
    struct rp_shm_zone   **zones, *zone;
    struct rp_shm_header  *sh;

    zones = cycle->shm_zones.elts;

    for (i = 0; i < cycle->shm_zones.nelts; i++) {
        zone = zones[i];
        sh = zone->sh;

        if (sh == NULL || (keep != NULL && rp_shm_uses(keep, sh))) {
            continue;
        }

        size = sh->size;
        zone->sh = NULL;
        zone->data = NULL;

        if (munmap(sh, size) == -1) {
            rp_log_error(RP_LOG_ALERT, cycle->log, errno,
                         "munmap(%zu) failed for shared memory zone \""
                         RP_STR_FMT "\"", size, RP_STR_ARG(zone->name));
        }
    }
}


int
rp_shm_lock(struct rp_shm_header *sh)
{
    int  rc;

    rc = pthread_mutex_lock(&sh->lock);

    if (rc == 0) {
        return RP_OK;
    }

    if (rc != EOWNERDEAD) {
        return RP_ERROR;
    }

    /*
     * The owner died holding the lock; we hold it now.  Unless it is
     * marked consistent before the next unlock it becomes unusable for
     * everyone (ENOTRECOVERABLE), so do that first, then make sure the
     * allocator was not left mid-update.
     */
    if (pthread_mutex_consistent(&sh->lock) != 0) {
        (void) pthread_mutex_unlock(&sh->lock);
        return RP_ERROR;
    }

    sh->recoveries++;

    if (sh->slab != NULL && !rp_slab_is_disabled(sh->slab)
        && rp_slab_check(sh->slab) != RP_OK)
    {
        rp_slab_disable(sh->slab);
    }

    return RP_DONE;
}


void
rp_shm_unlock(struct rp_shm_header *sh)
{
    (void) pthread_mutex_unlock(&sh->lock);
}


void *
rp_shm_alloc(struct rp_shm_zone *zone, size_t size)
{
    void  *p;

    if (rp_shm_lock(zone->sh) == RP_ERROR) {
        return NULL;
    }

    p = rp_slab_alloc_locked(zone->sh->slab, size);
    rp_shm_unlock(zone->sh);

    return p;
}


void *
rp_shm_calloc(struct rp_shm_zone *zone, size_t size)
{
    void  *p;

    if (rp_shm_lock(zone->sh) == RP_ERROR) {
        return NULL;
    }

    p = rp_slab_calloc_locked(zone->sh->slab, size);
    rp_shm_unlock(zone->sh);

    return p;
}


int
rp_shm_free(struct rp_shm_zone *zone, void *p)
{
    int  rc;

    if (rp_shm_lock(zone->sh) == RP_ERROR) {
        return RP_ERROR;
    }

    rc = rp_slab_free_locked(zone->sh->slab, p);
    rp_shm_unlock(zone->sh);

    return rc;
}
