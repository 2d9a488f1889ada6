/*
 * rp_slab.c - the slab allocator of shared-memory zones (see rp_slab.h).
 *
 * Layout of a range: the pool header, then one descriptor per page, then
 * the pages themselves, page aligned.  A descriptor says what its page
 * is: part of a free run (the first page is on the free list, the last
 * one records the run length so a neighbour being freed can find the
 * start), part of an allocated run, or a page of slots of one size
 * class.  Small classes keep their busy bitmap in the page descriptor
 * when a page has at most 64 slots and otherwise in the first slots of
 * the page itself (nginx's trick), so the descriptor stays 32 bytes.
 *
 * Every free is validated against the descriptors before anything is
 * changed, so a double free or a stray pointer returns RP_ERROR instead
 * of corrupting the zone.  Nothing here locks, logs or makes system
 * calls: callers hold the zone lock (STYLE 19).
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_slab.h"


#define RP_SLAB_MAGIC       0x62616c73      /* "slab" */

/* Classes below this shift have more than 64 slots: bitmap in the page. */
#define RP_SLAB_MAP_SHIFT   6

enum rp_slab_page_type {
    RP_SLAB_FREE = 1,       /* first page of a free run, on pool->free */
    RP_SLAB_FREE_TAIL,      /* last page of a free run of 2+ pages */
    RP_SLAB_FREE_BODY,      /* any other page of a free run */
    RP_SLAB_RUN,            /* first page of an allocated run */
    RP_SLAB_RUN_BODY,       /* any other page of an allocated run */
    RP_SLAB_SMALL           /* a page of slots of one size class */
};

struct rp_slab_page {
    uint64_t              map;     /* SMALL, shift >= MAP_SHIFT: busy bits */
    struct rp_slab_page  *next;    /* FREE: free list; SMALL: class list */
    struct rp_slab_page  *prev;
    uint32_t              npages;  /* FREE, FREE_TAIL, RUN: run length */
    uint16_t              nused;   /* SMALL: slots handed out */
    uint8_t               type;    /* enum rp_slab_page_type */
    uint8_t               shift;   /* SMALL: log2 of the slot size */
};

struct rp_slab_pool {
    uint32_t                     magic;
    uint32_t                     busy;       /* inside an allocator call */
    uint32_t                     disabled;   /* rp_slab_disable() */
    size_t                       npages;
    size_t                       pages_free;
    struct rp_slab_page         *pages;      /* npages descriptors */
    u_char                      *data;       /* page 0, page aligned */
    u_char                      *end;        /* data + npages pages */

    /* list sentinels: free runs, and per class the pages with room */
    struct rp_slab_page          free;
    struct rp_slab_page          partial[RP_SLAB_NCLASSES];

    size_t                       large_pages;
    size_t                       large_used;
    uint64_t                     large_reqs;
    uint64_t                     large_fails;
    struct rp_slab_class_stats   classes[RP_SLAB_NCLASSES];
};


static void rp_slab_list_init(struct rp_slab_page *head);
static void rp_slab_list_insert(struct rp_slab_page *head,
    struct rp_slab_page *page);
static void rp_slab_list_remove(struct rp_slab_page *page);
static u_char *rp_slab_page_addr(struct rp_slab_pool *pool,
    struct rp_slab_page *page);
static struct rp_slab_page *rp_slab_pages_alloc(struct rp_slab_pool *pool,
    size_t n);
static void rp_slab_pages_free(struct rp_slab_pool *pool,
    struct rp_slab_page *page, size_t n);
static void rp_slab_run_make_free(struct rp_slab_pool *pool,
    struct rp_slab_page *page, size_t n);
static size_t rp_slab_reserved(unsigned shift);
static uint64_t *rp_slab_bitmap(struct rp_slab_pool *pool,
    struct rp_slab_page *page);
static uint64_t rp_slab_word_mask(unsigned shift, size_t word);
static void *rp_slab_alloc_small(struct rp_slab_pool *pool, unsigned shift);
static struct rp_slab_page *rp_slab_small_page_new(struct rp_slab_pool *pool,
    unsigned shift);
static int rp_slab_free_small(struct rp_slab_pool *pool,
    struct rp_slab_page *page, u_char *p);
static int rp_slab_check_pages(struct rp_slab_pool *pool,
    struct rp_slab_stats *st, size_t *free_runs);
static int rp_slab_check_small(struct rp_slab_pool *pool,
    struct rp_slab_page *page, struct rp_slab_stats *st);
static int rp_slab_check_lists(struct rp_slab_pool *pool, size_t free_runs,
    const struct rp_slab_stats *st);


/* ------------------------------------------------------------------ */
/* lists and pages                                                     */


static void
rp_slab_list_init(struct rp_slab_page *head)
{
    memset(head, 0, sizeof(*head));
    head->next = head;
    head->prev = head;
}


static void
rp_slab_list_insert(struct rp_slab_page *head, struct rp_slab_page *page)
{
    page->next = head->next;
    page->prev = head;
    head->next->prev = page;
    head->next = page;
}


/* Unlinks <page>; a page off every list has NULL links. */
static void
rp_slab_list_remove(struct rp_slab_page *page)
{
    page->prev->next = page->next;
    page->next->prev = page->prev;
    page->next = NULL;
    page->prev = NULL;
}


static u_char *
rp_slab_page_addr(struct rp_slab_pool *pool, struct rp_slab_page *page)
{
    return pool->data
           + ((size_t) (page - pool->pages) << RP_SLAB_PAGE_SHIFT);
}


/*
 * Marks the <n> pages at <page> as one free run and puts it on the free
 * list.  The caller has already marked the pages FREE_BODY (or knows
 * they are) and merged neighbours.
 */
static void
rp_slab_run_make_free(struct rp_slab_pool *pool, struct rp_slab_page *page,
    size_t n)
{
    struct rp_slab_page  *tail;

    page->type = RP_SLAB_FREE;
    page->npages = (uint32_t) n;

    if (n > 1) {
        tail = page + n - 1;
        tail->type = RP_SLAB_FREE_TAIL;
        tail->npages = (uint32_t) n;
        tail->next = NULL;
        tail->prev = NULL;
    }

    rp_slab_list_insert(&pool->free, page);
}


/*
 * First fit: takes <n> contiguous pages from the front of the first free
 * run long enough, returns the remainder to the free list and marks the
 * taken pages as an allocated run.  NULL if no run is long enough.
 */
static struct rp_slab_page *
rp_slab_pages_alloc(struct rp_slab_pool *pool, size_t n)
{
    size_t                i, len;
    struct rp_slab_page  *page;

    for (page = pool->free.next; page != &pool->free; page = page->next) {
        if (page->npages < n) {
            continue;
        }

        len = page->npages;
        rp_slab_list_remove(page);

        if (len > n) {
            /* the remainder's pages are already FREE_BODY or FREE_TAIL */
            page[n].type = RP_SLAB_FREE_BODY;
            rp_slab_run_make_free(pool, page + n, len - n);
        }

        page->type = RP_SLAB_RUN;
        page->npages = (uint32_t) n;

        for (i = 1; i < n; i++) {
            page[i].type = RP_SLAB_RUN_BODY;
            page[i].npages = 0;
        }

        pool->pages_free -= n;
        return page;
    }

    return NULL;
}


/*
 * Returns the <n> pages at <page> to the free list, merging them with a
 * free run just after and one just before, so that two free runs are
 * never adjacent.
 */
static void
rp_slab_pages_free(struct rp_slab_pool *pool, struct rp_slab_page *page,
    size_t n)
{
    size_t                i;
    struct rp_slab_page  *next, *prev, *head;

    for (i = 0; i < n; i++) {
        page[i].type = RP_SLAB_FREE_BODY;
        page[i].next = NULL;
        page[i].prev = NULL;
        page[i].map = 0;
        page[i].nused = 0;
    }

    pool->pages_free += n;

    next = page + n;

    if (next < pool->pages + pool->npages && next->type == RP_SLAB_FREE) {
        rp_slab_list_remove(next);
        next->type = RP_SLAB_FREE_BODY;
        n += next->npages;
    }

    if (page > pool->pages) {
        prev = page - 1;
        head = NULL;

        if (prev->type == RP_SLAB_FREE) {
            RP_ASSERT(prev->npages == 1);
            head = prev;

        } else if (prev->type == RP_SLAB_FREE_TAIL) {
            head = prev - (prev->npages - 1);
            RP_ASSERT(head >= pool->pages && head->type == RP_SLAB_FREE
                      && head->npages == prev->npages);
            prev->type = RP_SLAB_FREE_BODY;
        }

        if (head != NULL) {
            rp_slab_list_remove(head);
            n += head->npages;
            head->type = RP_SLAB_FREE_BODY;
            page = head;
        }
    }

    rp_slab_run_make_free(pool, page, n);
}


/* ------------------------------------------------------------------ */
/* small size classes                                                  */


/* Slots at the start of a page of class <shift> that hold its bitmap. */
static size_t
rp_slab_reserved(unsigned shift)
{
    size_t  bytes;

    if (shift >= RP_SLAB_MAP_SHIFT) {
        return 0;
    }

    bytes = (RP_SLAB_PAGE_SIZE >> shift) / 8;

    return (bytes + ((size_t) 1 << shift) - 1) >> shift;
}


static uint64_t *
rp_slab_bitmap(struct rp_slab_pool *pool, struct rp_slab_page *page)
{
    if (page->shift >= RP_SLAB_MAP_SHIFT) {
        return &page->map;
    }

    return (uint64_t *) (void *) rp_slab_page_addr(pool, page);
}


/* The bits of bitmap word <word> that stand for real slots. */
static uint64_t
rp_slab_word_mask(unsigned shift, size_t word)
{
    size_t  nslots;

    nslots = RP_SLAB_PAGE_SIZE >> shift;

    if (nslots >= (word + 1) * 64) {
        return ~(uint64_t) 0;
    }

    return ((uint64_t) 1 << (nslots - word * 64)) - 1;
}


static struct rp_slab_page *
rp_slab_small_page_new(struct rp_slab_pool *pool, unsigned shift)
{
    size_t                       i, reserved;
    uint64_t                    *bits;
    struct rp_slab_page         *page;
    struct rp_slab_class_stats  *cs;

    page = rp_slab_pages_alloc(pool, 1);
    if (page == NULL) {
        return NULL;
    }

    page->type = RP_SLAB_SMALL;
    page->shift = (uint8_t) shift;
    page->npages = 0;
    page->nused = 0;
    page->map = 0;

    reserved = rp_slab_reserved(shift);

    if (reserved) {
        bits = rp_slab_bitmap(pool, page);
        memset(bits, 0, (RP_SLAB_PAGE_SIZE >> shift) / 8);

        for (i = 0; i < reserved; i++) {
            bits[i / 64] |= (uint64_t) 1 << (i % 64);
        }
    }

    rp_slab_list_insert(&pool->partial[shift - RP_SLAB_MIN_SHIFT], page);

    cs = &pool->classes[shift - RP_SLAB_MIN_SHIFT];
    cs->pages++;
    cs->total += (RP_SLAB_PAGE_SIZE >> shift) - reserved;

    return page;
}


/*
 * Takes a slot of class <shift> from the first page with room (a new
 * page if none); a page that becomes full leaves the class list.
 */
static void *
rp_slab_alloc_small(struct rp_slab_pool *pool, unsigned shift)
{
    size_t                       w, nwords, slot, capacity;
    uint64_t                    *bits, avail;
    struct rp_slab_page         *head, *page;
    struct rp_slab_class_stats  *cs;

    cs = &pool->classes[shift - RP_SLAB_MIN_SHIFT];
    head = &pool->partial[shift - RP_SLAB_MIN_SHIFT];
    page = head->next;

    if (page == head) {
        page = rp_slab_small_page_new(pool, shift);
        if (page == NULL) {
            return NULL;
        }
    }

    bits = rp_slab_bitmap(pool, page);
    nwords = ((RP_SLAB_PAGE_SIZE >> shift) + 63) / 64;

    for (w = 0; w < nwords; w++) {
        avail = ~bits[w] & rp_slab_word_mask(shift, w);
        if (avail == 0) {
            continue;
        }

        slot = w * 64 + (size_t) __builtin_ctzll(avail);
        bits[w] |= (uint64_t) 1 << (slot % 64);
        page->nused++;
        cs->used++;

        capacity = (RP_SLAB_PAGE_SIZE >> shift) - rp_slab_reserved(shift);
        if (page->nused == capacity) {
            rp_slab_list_remove(page);
        }

        return rp_slab_page_addr(pool, page) + (slot << shift);
    }

    /* a listed page always has a free slot */
    RP_ASSERT(0);
    return NULL;
}


/*
 * Frees the slot at <p> in small page <page>, after checking that <p> is
 * the start of a busy slot.  An emptied page goes back to the free runs.
 */
static int
rp_slab_free_small(struct rp_slab_pool *pool, struct rp_slab_page *page,
    u_char *p)
{
    size_t                       off, slot, capacity;
    uint64_t                    *bits, bit;
    unsigned                     shift;
    struct rp_slab_class_stats  *cs;

    shift = page->shift;
    off = (size_t) (p - rp_slab_page_addr(pool, page));

    if ((off & (((size_t) 1 << shift) - 1)) != 0) {
        return RP_ERROR;
    }

    slot = off >> shift;
    if (slot < rp_slab_reserved(shift)) {
        return RP_ERROR;
    }

    bits = rp_slab_bitmap(pool, page);
    bit = (uint64_t) 1 << (slot % 64);

    if ((bits[slot / 64] & bit) == 0) {
        return RP_ERROR;                    /* double free */
    }

    bits[slot / 64] &= ~bit;

    cs = &pool->classes[shift - RP_SLAB_MIN_SHIFT];
    capacity = (RP_SLAB_PAGE_SIZE >> shift) - rp_slab_reserved(shift);

    if (page->nused == capacity) {
        rp_slab_list_insert(&pool->partial[shift - RP_SLAB_MIN_SHIFT], page);
    }

    page->nused--;
    cs->used--;

    if (page->nused == 0) {
        rp_slab_list_remove(page);
        cs->pages--;
        cs->total -= capacity;
        rp_slab_pages_free(pool, page, 1);
    }

    return RP_OK;
}


/* ------------------------------------------------------------------ */
/* public interface                                                    */


struct rp_slab_pool *
rp_slab_init(void *start, size_t size)
{
    size_t                i, n, hdr, off;
    uintptr_t             base;
    struct rp_slab_pool  *pool;

    RP_ASSERT(((uintptr_t) start & 15) == 0);

    base = (uintptr_t) start;
    hdr = rp_align(sizeof(struct rp_slab_pool), 16);

    if (size < hdr + sizeof(struct rp_slab_page) + RP_SLAB_PAGE_SIZE) {
        return NULL;
    }

    /*
     * Each page costs its size plus a descriptor; aligning the first page
     * can waste up to a page, so the estimate may be one or two too many.
     */
    n = (size - hdr) / (RP_SLAB_PAGE_SIZE + sizeof(struct rp_slab_page));

    for ( ;; ) {
        if (n == 0) {
            return NULL;
        }

        off = rp_align(base + hdr + n * sizeof(struct rp_slab_page),
                       RP_SLAB_PAGE_SIZE) - base;

        if (off <= size && (size - off) / RP_SLAB_PAGE_SIZE >= n) {
            break;
        }

        n--;
    }

    pool = start;
    memset(pool, 0, sizeof(struct rp_slab_pool));

    pool->npages = n;
    pool->pages = (struct rp_slab_page *) (void *) ((u_char *) start + hdr);
    pool->data = (u_char *) start + off;
    pool->end = pool->data + n * RP_SLAB_PAGE_SIZE;

    rp_slab_list_init(&pool->free);

    for (i = 0; i < RP_SLAB_NCLASSES; i++) {
        rp_slab_list_init(&pool->partial[i]);
        pool->classes[i].size = (size_t) 1 << (i + RP_SLAB_MIN_SHIFT);
    }

    memset(pool->pages, 0, n * sizeof(struct rp_slab_page));

    for (i = 0; i < n; i++) {
        pool->pages[i].type = RP_SLAB_FREE_BODY;
    }

    rp_slab_run_make_free(pool, pool->pages, n);
    pool->pages_free = n;
    pool->magic = RP_SLAB_MAGIC;

    return pool;
}


void *
rp_slab_alloc_locked(struct rp_slab_pool *pool, size_t size)
{
    void                 *p;
    size_t                n;
    unsigned              shift;
    struct rp_slab_page  *page;

    RP_ASSERT(pool->magic == RP_SLAB_MAGIC);

    pool->busy = 1;

    if (size <= RP_SLAB_MAX_SIZE) {
        shift = RP_SLAB_MIN_SHIFT;
        while (((size_t) 1 << shift) < size) {
            shift++;
        }

        pool->classes[shift - RP_SLAB_MIN_SHIFT].reqs++;
        p = pool->disabled ? NULL : rp_slab_alloc_small(pool, shift);

        if (p == NULL) {
            pool->classes[shift - RP_SLAB_MIN_SHIFT].fails++;
        }

        pool->busy = 0;
        return p;
    }

    pool->large_reqs++;
    p = NULL;

    /* the size test keeps the rounding below from overflowing */
    if (!pool->disabled && size <= pool->npages * RP_SLAB_PAGE_SIZE) {
        n = (size + RP_SLAB_PAGE_SIZE - 1) >> RP_SLAB_PAGE_SHIFT;
        page = rp_slab_pages_alloc(pool, n);

        if (page != NULL) {
            pool->large_pages += n;
            pool->large_used++;
            p = rp_slab_page_addr(pool, page);
        }
    }

    if (p == NULL) {
        pool->large_fails++;
    }

    pool->busy = 0;
    return p;
}


void *
rp_slab_calloc_locked(struct rp_slab_pool *pool, size_t size)
{
    void  *p;

    p = rp_slab_alloc_locked(pool, size);

    if (p != NULL) {
        memset(p, 0, size);
    }

    return p;
}


int
rp_slab_free_locked(struct rp_slab_pool *pool, void *p)
{
    int                   rc;
    size_t                idx, n;
    u_char               *u;
    struct rp_slab_page  *page;

    RP_ASSERT(pool->magic == RP_SLAB_MAGIC);

    u = p;

    if (pool->disabled) {
        return RP_ERROR;
    }

    /* compare as integers: <p> may point anywhere */
    if ((uintptr_t) u < (uintptr_t) pool->data
        || (uintptr_t) u >= (uintptr_t) pool->end)
    {
        return RP_ERROR;
    }

    idx = (size_t) (u - pool->data) >> RP_SLAB_PAGE_SHIFT;
    page = &pool->pages[idx];

    pool->busy = 1;

    switch (page->type) {

    case RP_SLAB_SMALL:
        rc = rp_slab_free_small(pool, page, u);
        break;

    case RP_SLAB_RUN:
        if ((size_t) (u - pool->data) & (RP_SLAB_PAGE_SIZE - 1)) {
            rc = RP_ERROR;
            break;
        }

        n = page->npages;
        pool->large_pages -= n;
        pool->large_used--;
        rp_slab_pages_free(pool, page, n);
        rc = RP_OK;
        break;

    default:
        /* a free page, or inside a run: not a live block */
        rc = RP_ERROR;
        break;
    }

    pool->busy = 0;
    return rc;
}


void
rp_slab_stats(struct rp_slab_pool *pool, struct rp_slab_stats *st)
{
    RP_ASSERT(pool->magic == RP_SLAB_MAGIC);

    st->pages_total = pool->npages;
    st->pages_free = pool->pages_free;
    st->large_pages = pool->large_pages;
    st->large_used = pool->large_used;
    st->large_reqs = pool->large_reqs;
    st->large_fails = pool->large_fails;
    memcpy(st->classes, pool->classes, sizeof(st->classes));
}


void
rp_slab_disable(struct rp_slab_pool *pool)
{
    pool->disabled = 1;
}


int
rp_slab_is_disabled(struct rp_slab_pool *pool)
{
    return pool->disabled != 0;
}


/* ------------------------------------------------------------------ */
/* consistency check                                                   */


int
rp_slab_check(struct rp_slab_pool *pool)
{
    size_t                 i, free_runs;
    struct rp_slab_stats   st;

    if (pool->magic != RP_SLAB_MAGIC || pool->busy) {
        return RP_ERROR;
    }

    memset(&st, 0, sizeof(st));

    if (rp_slab_check_pages(pool, &st, &free_runs) != RP_OK) {
        return RP_ERROR;
    }

    if (st.pages_free != pool->pages_free
        || st.large_pages != pool->large_pages
        || st.large_used != pool->large_used)
    {
        return RP_ERROR;
    }

    for (i = 0; i < RP_SLAB_NCLASSES; i++) {
        if (st.classes[i].pages != pool->classes[i].pages
            || st.classes[i].used != pool->classes[i].used
            || st.classes[i].total != pool->classes[i].total)
        {
            return RP_ERROR;
        }
    }

    return rp_slab_check_lists(pool, free_runs, &st);
}


/*
 * Walks the descriptors run by run, recounting into <st>: free runs are
 * well formed and never adjacent, allocated runs are whole, small pages
 * agree with their bitmaps.
 */
static int
rp_slab_check_pages(struct rp_slab_pool *pool, struct rp_slab_stats *st,
    size_t *free_runs)
{
    int                   prev_free;
    size_t                i, j, len;
    struct rp_slab_page  *page;

    *free_runs = 0;
    prev_free = 0;

    for (i = 0; i < pool->npages; i += len) {
        page = &pool->pages[i];
        len = 1;

        switch (page->type) {

        case RP_SLAB_FREE:
        case RP_SLAB_RUN:
            len = page->npages;
            if (len == 0 || len > pool->npages - i) {
                return RP_ERROR;
            }

            for (j = 1; j < len; j++) {
                if (page[j].type != (page->type == RP_SLAB_FREE
                                     ? (j == len - 1 ? RP_SLAB_FREE_TAIL
                                                     : RP_SLAB_FREE_BODY)
                                     : RP_SLAB_RUN_BODY))
                {
                    return RP_ERROR;
                }
            }

            if (page->type == RP_SLAB_RUN) {
                st->large_pages += len;
                st->large_used++;
                prev_free = 0;
                break;
            }

            if (prev_free || (len > 1 && page[len - 1].npages != len)) {
                return RP_ERROR;
            }

            st->pages_free += len;
            (*free_runs)++;
            prev_free = 1;
            break;

        case RP_SLAB_SMALL:
            if (rp_slab_check_small(pool, page, st) != RP_OK) {
                return RP_ERROR;
            }

            prev_free = 0;
            break;

        default:
            return RP_ERROR;
        }
    }

    return RP_OK;
}


static int
rp_slab_check_small(struct rp_slab_pool *pool, struct rp_slab_page *page,
    struct rp_slab_stats *st)
{
    size_t                       w, nwords, busy, reserved, capacity;
    uint64_t                    *bits;
    unsigned                     shift;
    struct rp_slab_class_stats  *cs;

    shift = page->shift;
    if (shift < RP_SLAB_MIN_SHIFT || shift > RP_SLAB_MAX_SHIFT) {
        return RP_ERROR;
    }

    bits = rp_slab_bitmap(pool, page);
    nwords = ((RP_SLAB_PAGE_SIZE >> shift) + 63) / 64;
    reserved = rp_slab_reserved(shift);
    capacity = (RP_SLAB_PAGE_SIZE >> shift) - reserved;
    busy = 0;

    for (w = 0; w < nwords; w++) {
        if (bits[w] & ~rp_slab_word_mask(shift, w)) {
            return RP_ERROR;
        }

        busy += (size_t) __builtin_popcountll(bits[w]);
    }

    for (w = 0; w < reserved; w++) {
        if ((bits[w / 64] & ((uint64_t) 1 << (w % 64))) == 0) {
            return RP_ERROR;
        }
    }

    if (page->nused == 0 || busy != page->nused + reserved
        || (page->nused < capacity) != (page->next != NULL))
    {
        return RP_ERROR;
    }

    cs = &st->classes[shift - RP_SLAB_MIN_SHIFT];
    cs->pages++;
    cs->used += page->nused;
    cs->total += capacity;

    return RP_OK;
}


/*
 * Follows the free list and the class lists from their sentinels: every
 * element must be a descriptor of the right kind, links must agree both
 * ways, and the lengths must match what the page walk found.
 */
static int
rp_slab_check_lists(struct rp_slab_pool *pool, size_t free_runs,
    const struct rp_slab_stats *st)
{
    size_t                i, count, capacity;
    struct rp_slab_page  *head, *page, *first, *last;

    first = pool->pages;
    last = pool->pages + pool->npages;

    head = &pool->free;
    count = 0;

    for (page = head->next; page != head; page = page->next) {
        if (page < first || page >= last || page->type != RP_SLAB_FREE
            || page->next->prev != page || ++count > free_runs)
        {
            return RP_ERROR;
        }
    }

    if (count != free_runs) {
        return RP_ERROR;
    }

    for (i = 0; i < RP_SLAB_NCLASSES; i++) {
        head = &pool->partial[i];
        count = 0;
        capacity = (RP_SLAB_PAGE_SIZE >> (i + RP_SLAB_MIN_SHIFT))
                   - rp_slab_reserved(i + RP_SLAB_MIN_SHIFT);

        for (page = head->next; page != head; page = page->next) {
            if (page < first || page >= last || page->type != RP_SLAB_SMALL
                || page->shift != i + RP_SLAB_MIN_SHIFT
                || page->nused >= capacity || page->next->prev != page
                || ++count > st->classes[i].pages)
            {
                return RP_ERROR;
            }
        }
    }

    return RP_OK;
}
