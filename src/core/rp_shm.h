/*
 * rp_shm.h - named shared-memory zones (DESIGN 2, STYLE 19).
 *
 * A module declares a zone while the config is parsed (rp_shm_zone_add,
 * e.g. from "limit_req_zone ... zone=one:10m"); once the whole file is
 * read, the master maps every zone with mmap(MAP_SHARED|MAP_ANONYMOUS)
 * before forking (rp_shm_zones_init), so all processes see it at the
 * same address.  A zone starts with a header (magic, layout version,
 * size, a robust process-shared lock, the module's root object) followed
 * by a slab allocator over the rest.  On reload a zone whose name, size
 * and owner are unchanged keeps its mapping and its contents: the
 * module's init callback gets the old data back.
 */

#ifndef RP_SHM_H
#define RP_SHM_H

#include "rp_config.h"

#include <pthread.h>

#include "rp_slab.h"
#include "rp_str.h"

struct rp_cycle;
struct rp_shm_zone;

#define RP_SHM_MAGIC        0x7a6d6873      /* "shmz" */
#define RP_SHM_VERSION      1               /* layout of rp_shm_header */
#define RP_SHM_MIN_PAGES    8
#define RP_SHM_MIN_SIZE     (RP_SHM_MIN_PAGES * RP_SLAB_PAGE_SIZE)

/*
 * Called in the master once the zone is mapped.  <old_data> is NULL for
 * a fresh zone, or the previous cycle's zone->data when the mapping (and
 * so everything in it, including sh->data) was kept across a reload.
 * The callback sets zone->data and, for a fresh zone, usually allocates
 * its root object from the slab and stores it in zone->sh->data.
 * Returns RP_OK or RP_ERROR (it logs why on cycle's log itself).
 */
typedef int (*rp_shm_zone_init_pt)(struct rp_shm_zone *zone, void *old_data);

/*
 * The start of every zone.  Everything here and after it is shared by
 * all processes; pointers stored in a zone may only point into it.
 */
struct rp_shm_header {
    uint32_t              magic;        /* RP_SHM_MAGIC */
    uint32_t              version;      /* RP_SHM_VERSION */
    size_t                size;         /* bytes mapped, header included */
    pthread_mutex_t       lock;         /* robust, process-shared */
    unsigned              generation;   /* cycles that used it: 1, 2, ... */
    unsigned              recoveries;   /* locks taken over from the dead */
    void                 *data;         /* module root object */
    struct rp_slab_pool  *slab;         /* over the rest of the zone */
};

/*
 * One zone of one cycle, in cycle->pool.  <name>, <size> and <tag> are
 * its identity; <sh> is set by rp_shm_zones_init().
 */
struct rp_shm_zone {
    struct rp_str          name;
    size_t                 size;        /* as declared; 0 = not yet */
    const void            *tag;         /* owner, usually &module */
    rp_shm_zone_init_pt    init;        /* may be NULL */
    void                  *data;        /* the module's, per cycle */
    struct rp_shm_header  *sh;          /* NULL until mapped */
    unsigned               reused:1;    /* mapping kept from old cycle */
};

/*
 * Declares zone <name> of <size> bytes owned by <tag> in <cycle> (config
 * parsing, master).  Declaring the same name again with the same tag
 * returns the same zone, so a directive can refer to a zone declared
 * elsewhere with <size> 0 (the size is then taken from the declaration
 * that has one).  NULL with *<err> set to a message (static or in
 * cycle->pool, without file position: the caller adds it) when the
 * size differs from an earlier non-zero one, the tag differs, a
 * non-zero size is under RP_SHM_MIN_SIZE, or allocation failed.  The
 * caller sets zone->init (and may keep the pointer: it stays valid for
 * the life of the cycle).
 *
 * cycle->shm_zones holds pointers (struct rp_shm_zone *); if it is still
 * empty and set up for another element size, it is re-initialised here.
 */
struct rp_shm_zone *rp_shm_zone_add(struct rp_cycle *cycle,
    const struct rp_str *name, size_t size, const void *tag,
    const char **err);

/*
 * Maps every zone of <cycle> (master, after parsing, before forking).
 * A zone with the same name, size and tag in <old> (may be NULL) keeps
 * old's mapping (zone->reused = 1) and init gets the old zone's data;
 * any other zone gets a fresh mapping with a new header, lock and slab,
 * and init gets NULL.  RP_OK, or RP_ERROR after logging on cycle->log;
 * zones mapped so far stay mapped: release them with
 * rp_shm_zones_release(cycle, old).
 */
int rp_shm_zones_init(struct rp_cycle *cycle, struct rp_cycle *old);

/*
 * Unmaps the zones of <cycle> that <keep> (may be NULL: at exit) does
 * not also use.  Used after a reload with (old, new) and after a failed
 * one with (new, old).  Master only; workers keep their inherited maps.
 */
void rp_shm_zones_release(struct rp_cycle *cycle, struct rp_cycle *keep);

/*
 * Takes the zone lock.  RP_OK; RP_DONE if the previous owner died
 * holding it: the lock is now held and marked consistent again, and
 * sh->recoveries was incremented, but the module data it protects may
 * be half-updated, so the caller should check or repair it (and log,
 * after unlocking).  The allocator is checked here: if the dead process
 * left it inconsistent it is disabled (rp_slab_disable()) rather than
 * trusted.  RP_ERROR on any other failure (the lock is not held).
 * No system calls, logging or heap allocation while it is held
 * (STYLE 19).
 */
int rp_shm_lock(struct rp_shm_header *sh);

/* Releases the zone lock taken by rp_shm_lock(). */
void rp_shm_unlock(struct rp_shm_header *sh);

/*
 * rp_slab_alloc_locked()/rp_slab_calloc_locked() on <zone>'s slab under
 * its lock (not held by the caller).  NULL when the zone is full or the
 * lock failed.
 */
void *rp_shm_alloc(struct rp_shm_zone *zone, size_t size);
void *rp_shm_calloc(struct rp_shm_zone *zone, size_t size);

/*
 * rp_slab_free_locked() on <zone>'s slab under its lock (not held by the
 * caller): RP_OK, or RP_ERROR if <p> is not a live block of the zone.
 */
int rp_shm_free(struct rp_shm_zone *zone, void *p);

#endif /* RP_SHM_H */
