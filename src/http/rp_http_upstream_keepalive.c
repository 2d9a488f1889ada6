/*
 * rp_http_upstream_keepalive.c - idle connections to backends, kept per
 * worker and group for reuse.
 *
 * A group with "keepalive N" gets N slots at config time (each worker
 * then owns its copy).  A connection given back after a response sits in
 * a list ordered by last use: get() takes the most recently used one to
 * the chosen peer (LIFO: warm connections stay warm, cold ones age out),
 * put() evicts the least recently used one when all slots are taken.
 * While idle a connection stays in epoll with a read handler that closes
 * it on EOF, error or any unexpected byte (a backend must not talk
 * unasked), and a keepalive_timeout timer; it is also on the worker's
 * idle list, so a graceful stop closes it at once.
 */

#include "rp_config.h"
#include <sys/socket.h>
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_connection.h"
#include "rp_event.h"
#include "rp_event_timer.h"
#include "rp_http_upstream.h"

struct rp_http_upstream_ka_cache;

/* One slot: on the cache's list while holding a connection, else free. */
struct rp_http_upstream_ka_item {
    struct rp_http_upstream_ka_cache  *cache;
    struct rp_connection              *c;
    struct rp_http_upstream_peer      *peer;
    unsigned                           requests;
    struct rp_http_upstream_ka_item   *prev;
    struct rp_http_upstream_ka_item   *next;
};

struct rp_http_upstream_ka_cache {
    struct rp_http_upstream_srv_conf  *us;
    struct rp_http_upstream_ka_item   *head;    /* most recently used */
    struct rp_http_upstream_ka_item   *tail;    /* next to evict */
    struct rp_http_upstream_ka_item   *free;    /* singly linked */
    size_t                             n;       /* idle connections */
};


/* See rp_http_upstream.h. */
int
rp_http_upstream_keepalive_init(struct rp_conf *cf,
    struct rp_http_upstream_srv_conf *us)
{
    int64_t                             i;
    struct rp_http_upstream_ka_item    *items;
    struct rp_http_upstream_ka_cache   *cache;

    us->keepalive_cache = NULL;

    if (us->keepalive <= 0) {
        return RP_OK;
    }

    cache = rp_pcalloc(cf->pool, sizeof(struct rp_http_upstream_ka_cache));
    items = rp_pcalloc(cf->pool, (size_t) us->keepalive
                                 * sizeof(struct rp_http_upstream_ka_item));
    if (cache == NULL || items == NULL) {
        return RP_ERROR;
    }

    cache->us = us;

    for (i = 0; i < us->keepalive; i++) {
        items[i].cache = cache;
        items[i].next = cache->free;
        cache->free = &items[i];
    }

    us->keepalive_cache = cache;

    return RP_OK;
}


/* See rp_http_upstream.h. */
size_t
rp_http_upstream_keepalive_count(const struct rp_http_upstream_srv_conf *us)
{
    const struct rp_http_upstream_ka_cache  *cache = us->keepalive_cache;

    return cache ? cache->n : 0;
}


/* Take <item> off the idle list and back to the free slots. */
static void
rp_http_upstream_ka_unlink(struct rp_http_upstream_ka_item *item)
{
    struct rp_http_upstream_ka_cache  *cache = item->cache;

    if (item->prev) {
        item->prev->next = item->next;
    } else {
        cache->head = item->next;
    }

    if (item->next) {
        item->next->prev = item->prev;
    } else {
        cache->tail = item->prev;
    }

    item->c = NULL;
    item->peer = NULL;
    item->prev = NULL;
    item->next = cache->free;
    cache->free = item;
    cache->n--;
}


/*
 * Read handler (and timer) of an idle connection.  The backend owes us
 * nothing between requests: EOF, an error or any byte means the
 * connection cannot be reused, and so does the timeout or a graceful
 * stop (c->close).  Only "nothing to read" keeps it.
 */
static void
rp_http_upstream_ka_close_handler(struct rp_event *ev)
{
    u_char                            byte;
    ssize_t                           n;
    struct rp_connection             *c;
    struct rp_http_upstream_ka_item  *item;

    c = ev->data;
    item = c->data;

    if (!ev->timedout && !c->close) {
        do {
            n = recv(c->fd, &byte, 1, MSG_PEEK);
        } while (n == -1 && errno == EINTR);

        if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            ev->ready = 0;
            return;
        }
    }

    rp_http_upstream_ka_unlink(item);
    rp_connection_close(c);
}


/* Idle connections ignore writability. */
static void
rp_http_upstream_ka_write_handler(struct rp_event *ev)
{
    (void) ev;
}


/* A free slot, closing the least recently used connection if needed. */
static struct rp_http_upstream_ka_item *
rp_http_upstream_ka_slot(struct rp_http_upstream_ka_cache *cache)
{
    struct rp_connection             *old;
    struct rp_http_upstream_ka_item  *item;

    if (cache->free == NULL) {
        item = cache->tail;
        old = item->c;
        rp_http_upstream_ka_unlink(item);
        rp_connection_close(old);
    }

    item = cache->free;
    cache->free = item->next;

    return item;
}


/* See rp_http_upstream.h. */
void
rp_http_upstream_keepalive_put(struct rp_http_upstream_srv_conf *us,
    struct rp_http_upstream_peer *peer, struct rp_connection *c,
    unsigned requests)
{
    struct rp_http_upstream_ka_item   *item;
    struct rp_http_upstream_ka_cache  *cache;

    cache = us->keepalive_cache;

    if (cache == NULL || (int64_t) requests >= us->keepalive_requests
        || c->close || c->read.eof || c->read.pending_eof || c->read.error
        || c->write.error || rp_connection_draining
        || rp_event_add_conn(c) != RP_OK)
    {
        rp_connection_close(c);
        return;
    }

    rp_event_del_timer(&c->write);
    c->read.timedout = 0;

    if (rp_event_add_timer(&c->read, us->keepalive_timeout) != RP_OK) {
        rp_connection_close(c);
        return;
    }

    item = rp_http_upstream_ka_slot(cache);
    item->c = c;
    item->peer = peer;
    item->requests = requests;
    item->prev = NULL;
    item->next = cache->head;

    if (cache->head) {
        cache->head->prev = item;
    } else {
        cache->tail = item;
    }

    cache->head = item;
    cache->n++;

    c->data = item;
    c->read.handler = rp_http_upstream_ka_close_handler;
    c->write.handler = rp_http_upstream_ka_write_handler;
    rp_connection_set_idle(c, 1);

    /* readiness already reported (unread bytes, EOF): look now */
    if (c->read.ready) {
        rp_http_upstream_ka_close_handler(&c->read);
    }
}


/* See rp_http_upstream.h. */
struct rp_connection *
rp_http_upstream_keepalive_get(struct rp_http_upstream_srv_conf *us,
    struct rp_http_upstream_pc *pc)
{
    struct rp_connection              *c;
    struct rp_http_upstream_ka_item   *item;
    struct rp_http_upstream_ka_cache  *cache;

    cache = us->keepalive_cache;

    if (cache == NULL) {
        return NULL;
    }

    for (item = cache->head; item; item = item->next) {
        if (item->peer == pc->peer) {
            break;
        }
    }

    if (item == NULL) {
        return NULL;
    }

    c = item->c;
    pc->cached = c;
    pc->requests = item->requests;
    rp_http_upstream_ka_unlink(item);

    rp_event_del_timer(&c->read);
    rp_connection_set_idle(c, 0);
    c->read.timedout = 0;
    c->read.handler = NULL;
    c->write.handler = NULL;
    c->data = NULL;

    return c;
}
