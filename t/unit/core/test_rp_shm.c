/*
 * test_rp_shm.c - unit tests of src/core/rp_shm.c: declaring zones,
 * mapping and reusing them across a reload, sharing them with forked
 * processes, and the robust zone lock.
 *
 * The cycles here are fakes: a struct rp_cycle with just a pool, the
 * stderr log and a shm_zones array set up the way rp_cycle_init.c does.
 * The lock-recovery tests fork a holder that dies with the lock held
 * (SIGKILL, _exit) and assert that the next locker gets RP_DONE quickly
 * and that later lockers get RP_OK.  Forked helpers always leave with
 * _exit() and have an alarm() as a backstop, so a lock bug shows up as
 * a failed assertion instead of a hung test.
 */

#include "rp_config.h"

#include <sys/mman.h>
#include <sys/wait.h>
#include <signal.h>
#include <time.h>

#include <check.h>

#include "rp_core.h"
#include "rp_cycle.h"
#include "rp_shm.h"
#include "rp_slab.h"


#define RP_T_ZONE_SIZE  (64 * 1024)

/* The module root object the tests keep in their zones. */
struct rp_t_root {
    uint64_t    counter;
    char        text[64];
};

static int     rp_t_tag_a;          /* two owners, by address */
static int     rp_t_tag_b;

static int     rp_t_init_calls;     /* what the init callback saw */
static void   *rp_t_init_old_data;
static int     rp_t_init_fail;


static struct rp_cycle *
rp_t_cycle(void)
{
    struct rp_cycle  *cycle;

    cycle = calloc(1, sizeof(struct rp_cycle));
    ck_assert_ptr_nonnull(cycle);

    cycle->pool = rp_pool_create(0, 0, &rp_log_stderr_log);
    ck_assert_ptr_nonnull(cycle->pool);
    cycle->log = &rp_log_stderr_log;

    /* as rp_cycle_init.c sets it up; rp_shm_zone_add() adapts it */
    ck_assert_int_eq(rp_array_init(&cycle->shm_zones, cycle->pool, 4,
                                   sizeof(struct rp_shm_zone)), RP_OK);

    return cycle;
}


static void
rp_t_cycle_free(struct rp_cycle *cycle)
{
    rp_shm_zones_release(cycle, NULL);
    rp_pool_destroy(cycle->pool);
    free(cycle);
}


/* The zone init callback: a root object in a fresh zone, or the old one. */
static int
rp_t_zone_init(struct rp_shm_zone *zone, void *old_data)
{
    struct rp_t_root  *root;

    rp_t_init_calls++;
    rp_t_init_old_data = old_data;

    if (rp_t_init_fail) {
        return RP_ERROR;
    }

    if (old_data != NULL) {
        zone->data = old_data;
        ck_assert_ptr_eq(zone->sh->data, old_data);
        return RP_OK;
    }

    root = rp_shm_calloc(zone, sizeof(struct rp_t_root));
    if (root == NULL) {
        return RP_ERROR;
    }

    zone->sh->data = root;
    zone->data = root;

    return RP_OK;
}


static struct rp_shm_zone *
rp_t_add(struct rp_cycle *cycle, const char *name, size_t size,
    const void *tag)
{
    const char           *err;
    struct rp_str         str;
    struct rp_shm_zone   *zone;

    str.data = (u_char *) name;
    str.len = strlen(name);
    err = NULL;

    zone = rp_shm_zone_add(cycle, &str, size, tag, &err);
    ck_assert_msg(zone != NULL, "rp_shm_zone_add(%s): %s", name,
                  err ? err : "(no message)");
    zone->init = rp_t_zone_init;

    return zone;
}


/* Expects rp_shm_zone_add() to fail with a message containing <want>. */
static void
rp_t_add_fails(struct rp_cycle *cycle, const char *name, size_t size,
    const void *tag, const char *want)
{
    const char     *err;
    struct rp_str   str;

    str.data = (u_char *) name;
    str.len = strlen(name);
    err = NULL;

    ck_assert_ptr_null(rp_shm_zone_add(cycle, &str, size, tag, &err));
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, want) != NULL, "message \"%s\" lacks \"%s\"",
                  err, want);
}


/* A single zone "one" of <cycle>, mapped. */
static struct rp_shm_zone *
rp_t_mapped_zone(struct rp_cycle *cycle)
{
    struct rp_shm_zone  *zone;

    zone = rp_t_add(cycle, "one", RP_T_ZONE_SIZE, &rp_t_tag_a);
    ck_assert_int_eq(rp_shm_zones_init(cycle, NULL), RP_OK);
    ck_assert_ptr_nonnull(zone->sh);
    ck_assert_ptr_nonnull(zone->data);

    return zone;
}


/* 1 if [p, p + len) is still mapped in this process. */
static int
rp_t_is_mapped(void *p, size_t len)
{
    return msync(p, len, MS_ASYNC) == 0;
}


static long
rp_t_now_ms(void)
{
    struct timespec  ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);

    return (long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}


/* Waits for child <pid>; returns its exit code, or 128 + signal. */
static int
rp_t_wait(pid_t pid)
{
    int  status;

    ck_assert_int_eq(waitpid(pid, &status, 0), pid);

    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }

    return WEXITSTATUS(status);
}


/*
 * Forks a child that takes the lock of <sh>, reports through a pipe and
 * then, per <how>: 0 waits to be killed, 1 _exit()s at once, 2 first
 * damages the zone's allocator as a half-done allocation would, then
 * waits to be killed.  Returns once the child holds the lock.
 */
static pid_t
rp_t_fork_holder(struct rp_shm_zone *zone, int how)
{
    int      fds[2];
    char     c;
    pid_t    pid;
    u_char  *p;

    ck_assert_int_eq(pipe(fds), 0);

    pid = fork();
    ck_assert_int_ne(pid, -1);

    if (pid == 0) {
        alarm(20);
        close(fds[0]);

        if (rp_shm_lock(zone->sh) != RP_OK) {
            _exit(3);
        }

        if (how == 2) {
            /* an 8-byte block: clear its page's bitmap under the lock */
            p = rp_slab_alloc_locked(zone->sh->slab, 8);
            if (p == NULL) {
                _exit(4);
            }

            memset((u_char *) ((uintptr_t) p & ~(RP_SLAB_PAGE_SIZE - 1)),
                   0, 8);
        }

        if (write(fds[1], "L", 1) != 1) {
            _exit(5);
        }

        if (how == 1) {
            _exit(0);
        }

        for ( ;; ) {
            pause();
        }
    }

    close(fds[1]);
    ck_assert_int_eq(read(fds[0], &c, 1), 1);
    close(fds[0]);

    return pid;
}


/* ------------------------------------------------------------------ */
/* declaring zones                                                     */


START_TEST(test_shm_zone_add_same_name_returns_same_zone)
{
    struct rp_cycle      *cycle;
    struct rp_shm_zone   *one, *two, *ref;

    cycle = rp_t_cycle();

    one = rp_t_add(cycle, "one", RP_T_ZONE_SIZE, &rp_t_tag_a);
    ck_assert_uint_eq(one->size, RP_T_ZONE_SIZE);
    ck_assert_ptr_eq(one->tag, &rp_t_tag_a);
    ck_assert_ptr_null(one->sh);
    ck_assert_uint_eq(one->name.len, 3);
    ck_assert_int_eq(memcmp(one->name.data, "one", 3), 0);

    two = rp_t_add(cycle, "two", RP_T_ZONE_SIZE * 2, &rp_t_tag_a);
    ck_assert_ptr_ne(one, two);

    /* same declaration again, and a reference by name only */
    ck_assert_ptr_eq(rp_t_add(cycle, "one", RP_T_ZONE_SIZE, &rp_t_tag_a),
                     one);
    ck_assert_ptr_eq(rp_t_add(cycle, "one", 0, &rp_t_tag_a), one);
    ck_assert_uint_eq(one->size, RP_T_ZONE_SIZE);
    ck_assert_uint_eq(cycle->shm_zones.nelts, 2);

    /* referenced before it is declared: the size arrives later */
    ref = rp_t_add(cycle, "later", 0, &rp_t_tag_b);
    ck_assert_uint_eq(ref->size, 0);
    ck_assert_ptr_eq(rp_t_add(cycle, "later", RP_T_ZONE_SIZE, &rp_t_tag_b),
                     ref);
    ck_assert_uint_eq(ref->size, RP_T_ZONE_SIZE);

    rp_t_cycle_free(cycle);
}
END_TEST


START_TEST(test_shm_zone_add_rejects_conflicts)
{
    struct rp_cycle  *cycle;

    cycle = rp_t_cycle();

    rp_t_add(cycle, "one", RP_T_ZONE_SIZE, &rp_t_tag_a);

    rp_t_add_fails(cycle, "one", RP_T_ZONE_SIZE * 2, &rp_t_tag_a,
                   "the size 131072 of shared memory zone \"one\" "
                   "conflicts with already declared size 65536");
    rp_t_add_fails(cycle, "one", RP_T_ZONE_SIZE, &rp_t_tag_b,
                   "shared memory zone \"one\" is already declared for a "
                   "different use");
    rp_t_add_fails(cycle, "one", 0, &rp_t_tag_b, "different use");
    rp_t_add_fails(cycle, "small", RP_SHM_MIN_SIZE - 1, &rp_t_tag_a,
                   "shared memory zone \"small\" is too small");
    rp_t_add_fails(cycle, "small", 4096, &rp_t_tag_a, "minimum is 32768");
    rp_t_add_fails(cycle, "", RP_T_ZONE_SIZE, &rp_t_tag_a, "empty");

    /* failures declared nothing; the minimum itself is fine */
    ck_assert_uint_eq(cycle->shm_zones.nelts, 1);
    rp_t_add(cycle, "small", RP_SHM_MIN_SIZE, &rp_t_tag_a);
    ck_assert_uint_eq(cycle->shm_zones.nelts, 2);

    rp_t_cycle_free(cycle);
}
END_TEST


/* Modules keep the zone pointer: growing the list must not move zones. */
START_TEST(test_shm_zone_pointers_survive_list_growth)
{
    int                   i;
    char                  name[32];
    struct rp_cycle      *cycle;
    struct rp_shm_zone   *zones[40];

    cycle = rp_t_cycle();

    for (i = 0; i < 40; i++) {
        snprintf(name, sizeof(name), "zone%d", i);
        zones[i] = rp_t_add(cycle, name, RP_T_ZONE_SIZE, &rp_t_tag_a);
        zones[i]->data = &zones[i];
    }

    for (i = 0; i < 40; i++) {
        snprintf(name, sizeof(name), "zone%d", i);
        ck_assert_ptr_eq(rp_t_add(cycle, name, 0, &rp_t_tag_a), zones[i]);
        ck_assert_ptr_eq(zones[i]->data, &zones[i]);
        ck_assert_uint_eq(zones[i]->name.len, strlen(name));
    }

    ck_assert_uint_eq(cycle->shm_zones.nelts, 40);

    rp_t_cycle_free(cycle);
}
END_TEST


/* ------------------------------------------------------------------ */
/* mapping                                                             */


START_TEST(test_shm_zones_init_maps_fresh_zone)
{
    void                  *p;
    struct rp_cycle       *cycle;
    struct rp_shm_zone    *zone, *odd;
    struct rp_t_root      *root;
    struct rp_slab_stats   st;

    cycle = rp_t_cycle();
    rp_t_init_calls = 0;

    zone = rp_t_add(cycle, "one", RP_T_ZONE_SIZE, &rp_t_tag_a);
    odd = rp_t_add(cycle, "odd", RP_T_ZONE_SIZE + 100, &rp_t_tag_a);
    ck_assert_int_eq(rp_shm_zones_init(cycle, NULL), RP_OK);

    ck_assert_int_eq(rp_t_init_calls, 2);
    ck_assert_ptr_null(rp_t_init_old_data);
    ck_assert_int_eq(zone->reused, 0);
    ck_assert_ptr_nonnull(zone->sh);
    ck_assert_uint_eq((uintptr_t) zone->sh % RP_SLAB_PAGE_SIZE, 0);
    ck_assert_uint_eq(zone->sh->magic, RP_SHM_MAGIC);
    ck_assert_uint_eq(zone->sh->version, RP_SHM_VERSION);
    ck_assert_uint_eq(zone->sh->size, RP_T_ZONE_SIZE);
    ck_assert_uint_eq(zone->sh->generation, 1);
    ck_assert_uint_eq(zone->sh->recoveries, 0);

    /* a size that is not a page multiple is rounded up */
    ck_assert_uint_eq(odd->sh->size, RP_T_ZONE_SIZE + RP_SLAB_PAGE_SIZE);
    ck_assert_ptr_ne(odd->sh, zone->sh);

    /* the root object and the slab are inside the zone */
    root = zone->data;
    ck_assert_ptr_eq(zone->sh->data, root);
    ck_assert((u_char *) root > (u_char *) zone->sh);
    ck_assert((u_char *) root < (u_char *) zone->sh + zone->sh->size);
    ck_assert_uint_eq(root->counter, 0);

    rp_slab_stats(zone->sh->slab, &st);
    ck_assert_uint_ge(st.pages_total, RP_T_ZONE_SIZE / RP_SLAB_PAGE_SIZE - 2);

    p = rp_shm_alloc(zone, 3 * RP_SLAB_PAGE_SIZE);
    ck_assert_ptr_nonnull(p);
    ck_assert((u_char *) p + 3 * RP_SLAB_PAGE_SIZE
              <= (u_char *) zone->sh + zone->sh->size);
    ck_assert_int_eq(rp_shm_free(zone, p), RP_OK);
    ck_assert_int_eq(rp_shm_free(zone, p), RP_ERROR);

    /* until the zone is full */
    while (rp_shm_alloc(zone, 1000) != NULL) {
        /* nothing */
    }

    ck_assert_ptr_null(rp_shm_alloc(zone, 8));

    /* a second call maps nothing new */
    p = zone->sh;
    ck_assert_int_eq(rp_shm_zones_init(cycle, NULL), RP_OK);
    ck_assert_ptr_eq(zone->sh, p);
    ck_assert_int_eq(rp_t_init_calls, 2);

    rp_t_cycle_free(cycle);
}
END_TEST


START_TEST(test_shm_zones_init_failures)
{
    struct rp_cycle     *cycle;
    struct rp_shm_zone  *zone;

    /* referenced but never given a size */
    cycle = rp_t_cycle();
    rp_t_add(cycle, "nosize", 0, &rp_t_tag_a);
    ck_assert_int_eq(rp_shm_zones_init(cycle, NULL), RP_ERROR);
    rp_t_cycle_free(cycle);

    /* more memory than the address space holds */
    cycle = rp_t_cycle();
    zone = rp_t_add(cycle, "huge", SIZE_MAX / 2, &rp_t_tag_a);
    ck_assert_int_eq(rp_shm_zones_init(cycle, NULL), RP_ERROR);
    ck_assert_ptr_null(zone->sh);
    rp_t_cycle_free(cycle);

    /* the module's init refuses */
    cycle = rp_t_cycle();
    zone = rp_t_add(cycle, "one", RP_T_ZONE_SIZE, &rp_t_tag_a);
    rp_t_init_fail = 1;
    ck_assert_int_eq(rp_shm_zones_init(cycle, NULL), RP_ERROR);
    rp_t_init_fail = 0;

    /* the mapping is left for the caller to release */
    ck_assert_ptr_nonnull(zone->sh);
    rp_shm_zones_release(cycle, NULL);
    ck_assert_ptr_null(zone->sh);
    rp_t_cycle_free(cycle);
}
END_TEST


START_TEST(test_shm_zone_shared_across_fork)
{
    char                 want[64];
    pid_t                pid;
    u_char              *block;
    struct rp_cycle     *cycle;
    struct rp_shm_zone  *zone;
    struct rp_t_root    *root;

    cycle = rp_t_cycle();
    zone = rp_t_mapped_zone(cycle);
    root = zone->data;

    pid = fork();
    ck_assert_int_ne(pid, -1);

    if (pid == 0) {
        alarm(20);

        if (rp_shm_lock(zone->sh) != RP_OK) {
            _exit(3);
        }

        snprintf(root->text, sizeof(root->text), "written by %d",
                 (int) getpid());
        root->counter = 42;

        /* a block for the parent, its address in the root object */
        block = rp_slab_alloc_locked(zone->sh->slab, 100);
        if (block == NULL) {
            _exit(4);
        }

        memset(block, 'c', 100);
        root->counter |= (uint64_t) (block - (u_char *) zone->sh) << 32;

        rp_shm_unlock(zone->sh);
        _exit(0);
    }

    ck_assert_int_eq(rp_t_wait(pid), 0);

    ck_assert_int_eq(rp_shm_lock(zone->sh), RP_OK);
    ck_assert_uint_eq(root->counter & 0xffffffff, 42);
    snprintf(want, sizeof(want), "written by %d", (int) pid);
    ck_assert_str_eq(root->text, want);
    rp_shm_unlock(zone->sh);

    block = (u_char *) zone->sh + (root->counter >> 32);
    ck_assert_uint_eq(block[0], 'c');
    ck_assert_uint_eq(block[99], 'c');
    ck_assert_int_eq(rp_shm_free(zone, block), RP_OK);
    ck_assert_int_eq(rp_slab_check(zone->sh->slab), RP_OK);

    rp_t_cycle_free(cycle);
}
END_TEST


/* ------------------------------------------------------------------ */
/* the robust lock                                                     */


/*
 * The holder is SIGKILLed (<_i> 0) or _exit()s (<_i> 1) with the lock
 * held: the next rp_shm_lock() returns RP_DONE at once, holding the
 * lock, and later ones RP_OK; the allocator is intact and still used.
 */
START_TEST(test_shm_lock_recovers_from_dead_holder)
{
    long                 t0, elapsed;
    pid_t                pid;
    struct rp_cycle     *cycle;
    struct rp_shm_zone  *zone;

    cycle = rp_t_cycle();
    zone = rp_t_mapped_zone(cycle);

    pid = rp_t_fork_holder(zone, _i);

    if (_i == 0) {
        ck_assert_int_eq(kill(pid, SIGKILL), 0);
        ck_assert_int_eq(rp_t_wait(pid), 128 + SIGKILL);

    } else {
        ck_assert_int_eq(rp_t_wait(pid), 0);
    }

    t0 = rp_t_now_ms();
    ck_assert_int_eq(rp_shm_lock(zone->sh), RP_DONE);
    elapsed = rp_t_now_ms() - t0;
    ck_assert_int_lt(elapsed, 1000);

    ck_assert_uint_eq(zone->sh->recoveries, 1);
    ck_assert_int_eq(rp_slab_is_disabled(zone->sh->slab), 0);
    rp_shm_unlock(zone->sh);

    ck_assert_int_eq(rp_shm_lock(zone->sh), RP_OK);
    rp_shm_unlock(zone->sh);
    ck_assert_int_eq(rp_shm_lock(zone->sh), RP_OK);
    rp_shm_unlock(zone->sh);
    ck_assert_uint_eq(zone->sh->recoveries, 1);

    ck_assert_ptr_nonnull(rp_shm_alloc(zone, 64));

    rp_t_cycle_free(cycle);
}
END_TEST


/*
 * Two processes are blocked in rp_shm_lock() when the holder is killed:
 * one of them inherits the lock with RP_DONE, the other then gets it
 * with RP_OK, and the parent after them with RP_OK.
 */
START_TEST(test_shm_lock_recovery_wakes_blocked_waiters)
{
    int                  i, rc, done, ok;
    pid_t                holder, waiters[2];
    struct rp_cycle     *cycle;
    struct rp_shm_zone  *zone;
    struct rp_t_root    *root;

    cycle = rp_t_cycle();
    zone = rp_t_mapped_zone(cycle);
    root = zone->data;

    holder = rp_t_fork_holder(zone, 0);

    for (i = 0; i < 2; i++) {
        waiters[i] = fork();
        ck_assert_int_ne(waiters[i], -1);

        if (waiters[i] == 0) {
            alarm(20);
            rc = rp_shm_lock(zone->sh);
            if (rc == RP_ERROR) {
                _exit(3);
            }

            root->counter++;
            rp_shm_unlock(zone->sh);
            _exit(rc == RP_DONE ? 10 : 11);
        }
    }

    /* let both block on the lock before the holder dies */
    usleep(200 * 1000);
    ck_assert_uint_eq(root->counter, 0);

    ck_assert_int_eq(kill(holder, SIGKILL), 0);
    ck_assert_int_eq(rp_t_wait(holder), 128 + SIGKILL);

    done = 0;
    ok = 0;

    for (i = 0; i < 2; i++) {
        rc = rp_t_wait(waiters[i]);
        ck_assert_msg(rc == 10 || rc == 11, "waiter exit status %d", rc);
        done += rc == 10;
        ok += rc == 11;
    }

    ck_assert_int_eq(done, 1);
    ck_assert_int_eq(ok, 1);

    ck_assert_int_eq(rp_shm_lock(zone->sh), RP_OK);
    ck_assert_uint_eq(root->counter, 2);
    ck_assert_uint_eq(zone->sh->recoveries, 1);
    rp_shm_unlock(zone->sh);

    rp_t_cycle_free(cycle);
}
END_TEST


/*
 * A holder that dies in the middle of changing the allocator leaves it
 * inconsistent: the recovering locker finds that and disables it, so
 * nothing is ever allocated from a damaged slab; the data stay readable.
 */
START_TEST(test_shm_lock_recovery_disables_damaged_slab)
{
    pid_t                pid;
    struct rp_cycle     *cycle;
    struct rp_shm_zone  *zone;
    struct rp_t_root    *root;

    cycle = rp_t_cycle();
    zone = rp_t_mapped_zone(cycle);
    root = zone->data;
    root->counter = 7;

    pid = rp_t_fork_holder(zone, 2);
    ck_assert_int_eq(kill(pid, SIGKILL), 0);
    ck_assert_int_eq(rp_t_wait(pid), 128 + SIGKILL);

    ck_assert_int_eq(rp_shm_lock(zone->sh), RP_DONE);
    ck_assert_int_eq(rp_slab_is_disabled(zone->sh->slab), 1);
    ck_assert_uint_eq(root->counter, 7);
    rp_shm_unlock(zone->sh);

    ck_assert_ptr_null(rp_shm_alloc(zone, 8));
    ck_assert_ptr_null(rp_shm_calloc(zone, 3 * RP_SLAB_PAGE_SIZE));
    ck_assert_int_eq(rp_shm_free(zone, root), RP_ERROR);
    ck_assert_int_eq(rp_shm_lock(zone->sh), RP_OK);
    rp_shm_unlock(zone->sh);

    rp_t_cycle_free(cycle);
}
END_TEST


/* Four processes increment one counter under the lock: none is lost. */
START_TEST(test_shm_lock_excludes_concurrent_updates)
{
    int                  i, j;
    pid_t                pids[4];
    uint64_t             v;
    struct rp_cycle     *cycle;
    struct rp_shm_zone  *zone;
    struct rp_t_root    *root;

    cycle = rp_t_cycle();
    zone = rp_t_mapped_zone(cycle);
    root = zone->data;

    for (i = 0; i < 4; i++) {
        pids[i] = fork();
        ck_assert_int_ne(pids[i], -1);

        if (pids[i] == 0) {
            alarm(60);

            for (j = 0; j < 20000; j++) {
                if (rp_shm_lock(zone->sh) != RP_OK) {
                    _exit(3);
                }

                /* a read-modify-write that races without the lock */
                v = *(volatile uint64_t *) &root->counter;
                if ((j & 255) == 0) {
                    sched_yield();
                }
                *(volatile uint64_t *) &root->counter = v + 1;

                rp_shm_unlock(zone->sh);
            }

            _exit(0);
        }
    }

    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(rp_t_wait(pids[i]), 0);
    }

    ck_assert_uint_eq(root->counter, 4 * 20000);
    ck_assert_uint_eq(zone->sh->recoveries, 0);

    rp_t_cycle_free(cycle);
}
END_TEST


/* ------------------------------------------------------------------ */
/* reload                                                              */


/*
 * Same name, size and tag in the new cycle: same mapping, init gets the
 * old data, the contents survive, and retiring the old cycle unmaps only
 * the zone the new one dropped.
 */
START_TEST(test_shm_reload_reuses_unchanged_zone)
{
    void                  *gone_addr;
    size_t                 gone_size;
    struct rp_cycle       *old, *cycle;
    struct rp_shm_zone    *ozone, *gone, *zone, *fresh;
    struct rp_t_root      *root;

    old = rp_t_cycle();
    ozone = rp_t_add(old, "one", RP_T_ZONE_SIZE, &rp_t_tag_a);
    gone = rp_t_add(old, "gone", RP_T_ZONE_SIZE, &rp_t_tag_a);
    ck_assert_int_eq(rp_shm_zones_init(old, NULL), RP_OK);

    root = ozone->data;
    root->counter = 1234;
    gone_addr = gone->sh;
    gone_size = gone->sh->size;

    cycle = rp_t_cycle();
    cycle->generation = 2;
    fresh = rp_t_add(cycle, "fresh", RP_T_ZONE_SIZE, &rp_t_tag_a);
    zone = rp_t_add(cycle, "one", RP_T_ZONE_SIZE, &rp_t_tag_a);

    rp_t_init_calls = 0;
    ck_assert_int_eq(rp_shm_zones_init(cycle, old), RP_OK);
    ck_assert_int_eq(rp_t_init_calls, 2);

    ck_assert_ptr_eq(zone->sh, ozone->sh);
    ck_assert_int_eq(zone->reused, 1);
    ck_assert_ptr_eq(zone->data, root);
    ck_assert_ptr_eq(rp_t_init_old_data, root);    /* "one" came last */
    ck_assert_uint_eq(zone->sh->generation, 2);
    ck_assert_uint_eq(root->counter, 1234);

    ck_assert_int_eq(fresh->reused, 0);
    ck_assert_ptr_ne(fresh->sh, ozone->sh);
    ck_assert_ptr_ne(fresh->sh, gone_addr);

    /* the old cycle retires */
    rp_shm_zones_release(old, cycle);
    ck_assert(rp_t_is_mapped(zone->sh, zone->sh->size));
    ck_assert(!rp_t_is_mapped(gone_addr, gone_size));
    ck_assert_ptr_null(gone->sh);
    ck_assert_ptr_nonnull(ozone->sh);
    ck_assert_uint_eq(root->counter, 1234);

    root->counter++;
    ck_assert_ptr_nonnull(rp_shm_alloc(zone, 200));

    rp_pool_destroy(old->pool);
    free(old);
    rp_t_cycle_free(cycle);
}
END_TEST


/* The init callback gets the old cycle's data when the zone is reused. */
START_TEST(test_shm_reload_init_receives_old_data)
{
    struct rp_cycle     *old, *cycle;
    struct rp_shm_zone  *ozone, *zone;

    old = rp_t_cycle();
    ozone = rp_t_mapped_zone(old);

    cycle = rp_t_cycle();
    zone = rp_t_add(cycle, "one", RP_T_ZONE_SIZE, &rp_t_tag_a);

    rp_t_init_calls = 0;
    rp_t_init_old_data = NULL;
    ck_assert_int_eq(rp_shm_zones_init(cycle, old), RP_OK);
    ck_assert_int_eq(rp_t_init_calls, 1);
    ck_assert_ptr_nonnull(rp_t_init_old_data);
    ck_assert_ptr_eq(rp_t_init_old_data, ozone->data);
    ck_assert_ptr_eq(zone->data, ozone->data);

    rp_shm_zones_release(old, cycle);
    rp_pool_destroy(old->pool);
    free(old);
    rp_t_cycle_free(cycle);
}
END_TEST


/*
 * A different size (<_i> 0) or owner (<_i> 1) under the same name gets a
 * fresh mapping and a NULL old_data; retiring the old cycle unmaps the
 * old zone.
 */
START_TEST(test_shm_reload_changed_zone_gets_fresh_mapping)
{
    void                *old_addr;
    size_t               old_size;
    struct rp_cycle     *old, *cycle;
    struct rp_shm_zone  *ozone, *zone;
    struct rp_t_root    *root;

    old = rp_t_cycle();
    ozone = rp_t_mapped_zone(old);
    ((struct rp_t_root *) ozone->data)->counter = 99;
    old_addr = ozone->sh;
    old_size = ozone->sh->size;

    cycle = rp_t_cycle();

    if (_i == 0) {
        zone = rp_t_add(cycle, "one", 2 * RP_T_ZONE_SIZE, &rp_t_tag_a);
    } else {
        zone = rp_t_add(cycle, "one", RP_T_ZONE_SIZE, &rp_t_tag_b);
    }

    rp_t_init_calls = 0;
    rp_t_init_old_data = old_addr;
    ck_assert_int_eq(rp_shm_zones_init(cycle, old), RP_OK);
    ck_assert_int_eq(rp_t_init_calls, 1);
    ck_assert_ptr_null(rp_t_init_old_data);

    ck_assert_int_eq(zone->reused, 0);
    ck_assert_ptr_ne(zone->sh, old_addr);
    ck_assert_uint_eq(zone->sh->generation, 1);
    root = zone->data;
    ck_assert_uint_eq(root->counter, 0);

    rp_shm_zones_release(old, cycle);
    ck_assert(!rp_t_is_mapped(old_addr, old_size));
    ck_assert(rp_t_is_mapped(zone->sh, zone->sh->size));

    rp_pool_destroy(old->pool);
    free(old);
    rp_t_cycle_free(cycle);
}
END_TEST


/*
 * A reload that fails after mapping: releasing the new cycle against
 * the old one unmaps only what the new cycle added; the old zones and
 * their contents are untouched.
 */
START_TEST(test_shm_failed_reload_keeps_old_zones)
{
    void                *added_addr;
    size_t               added_size;
    struct rp_cycle     *old, *cycle;
    struct rp_shm_zone  *ozone, *zone, *added;

    old = rp_t_cycle();
    ozone = rp_t_mapped_zone(old);
    ((struct rp_t_root *) ozone->data)->counter = 5;

    cycle = rp_t_cycle();
    zone = rp_t_add(cycle, "one", RP_T_ZONE_SIZE, &rp_t_tag_a);
    added = rp_t_add(cycle, "added", RP_T_ZONE_SIZE, &rp_t_tag_a);
    ck_assert_int_eq(rp_shm_zones_init(cycle, old), RP_OK);
    ck_assert_int_eq(zone->reused, 1);
    added_addr = added->sh;
    added_size = added->sh->size;

    rp_shm_zones_release(cycle, old);
    ck_assert(!rp_t_is_mapped(added_addr, added_size));
    ck_assert(rp_t_is_mapped(ozone->sh, ozone->sh->size));
    ck_assert_uint_eq(((struct rp_t_root *) ozone->data)->counter, 5);

    rp_pool_destroy(cycle->pool);
    free(cycle);

    /* at exit everything goes */
    added_addr = ozone->sh;
    added_size = ozone->sh->size;
    rp_shm_zones_release(old, NULL);
    ck_assert(!rp_t_is_mapped(added_addr, added_size));
    ck_assert_ptr_null(ozone->sh);

    rp_pool_destroy(old->pool);
    free(old);
}
END_TEST


static Suite *
rp_t_shm_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_shm");

    tc = tcase_create("declare");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_shm_zone_add_same_name_returns_same_zone);
    tcase_add_test(tc, test_shm_zone_add_rejects_conflicts);
    tcase_add_test(tc, test_shm_zone_pointers_survive_list_growth);
    suite_add_tcase(s, tc);

    tc = tcase_create("map");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_shm_zones_init_maps_fresh_zone);
    tcase_add_test(tc, test_shm_zones_init_failures);
    tcase_add_test(tc, test_shm_zone_shared_across_fork);
    suite_add_tcase(s, tc);

    tc = tcase_create("lock");
    tcase_set_timeout(tc, 30);
    tcase_add_loop_test(tc, test_shm_lock_recovers_from_dead_holder, 0, 2);
    tcase_add_test(tc, test_shm_lock_recovery_wakes_blocked_waiters);
    tcase_add_test(tc, test_shm_lock_recovery_disables_damaged_slab);
    tcase_add_test(tc, test_shm_lock_excludes_concurrent_updates);
    suite_add_tcase(s, tc);

    tc = tcase_create("reload");
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_shm_reload_reuses_unchanged_zone);
    tcase_add_test(tc, test_shm_reload_init_receives_old_data);
    tcase_add_loop_test(tc, test_shm_reload_changed_zone_gets_fresh_mapping,
                        0, 2);
    tcase_add_test(tc, test_shm_failed_reload_keeps_old_zones);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_t_shm_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
