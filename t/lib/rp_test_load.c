/*
 * rp_test_load.c - concurrent client load for the e2e tests (see
 * rp_test.h).
 *
 * Balancing and health tests need many requests in flight at once and
 * a record of which backend answered each one and when, so that a test
 * can say "no request failed after the kill" or "the backend got 10 %
 * of the requests in the first half second".  Each client is a forked
 * process running a blocking keep-alive loop with the raw client of
 * rp_test_http.c; it writes one text line per answer into its own file
 * and stops when its count is reached or the test creates the load's
 * stop file.  The clients never call Check: a failure
 * on their side is a recorded status, judged by the test.
 */

#include "rp_test.h"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int  rp_load_next_id;


/*
 * 1 once the test asked the clients to stop by creating <stop>.  (A pipe
 * would not do: processes the test forks later inherit its write end.)
 */
static int
rp_load_stopped(const char *stop)
{
    return access(stop, F_OK) == 0;
}


/*
 * One client: <count> requests (0: until stopped) of <request> to
 * <port>, one line per answer into <out>.  Never returns.
 */
static void
rp_load_client(int port, const char *request, int count, const char *tag,
    const char *stop, FILE *out)
{
    struct rp_test_http       h;
    struct rp_test_http_resp  resp;
    const char               *val, *conn;
    int                       i, rc, status;

    memset(&h, 0, sizeof(h));
    h.fd = -1;
    for (i = 0; count == 0 || i < count; i++) {
        if (rp_load_stopped(stop)) {
            break;
        }
        if (h.fd == -1) {
            h.fd = rp_test_connect(port);
            if (h.fd == -1) {
                fprintf(out, "%ld -1 connect\n", rp_test_now_ms());
                rp_test_msleep(10);
                continue;
            }
        }
        val = NULL;
        conn = NULL;
        memset(&resp, 0, sizeof(resp));
        if (rp_test_http_send_str(&h, request) != 0) {
            rc = 0;
        } else {
            rc = rp_test_http_read_response(&h, &resp, 0, 5000);
        }
        if (rc == 1) {
            status = resp.status;
            val = tag ? rp_test_http_header(&resp, tag) : NULL;
            conn = rp_test_http_header(&resp, "Connection");
        } else {
            status = rc;
        }
        fprintf(out, "%ld %d %s\n", rp_test_now_ms(), status,
                val ? val : "-");
        rp_test_http_resp_free(&resp);
        if (rc != 1 || (conn && strcmp(conn, "close") == 0)) {
            rp_test_http_close(&h);
            memset(&h, 0, sizeof(h));
            h.fd = -1;
        }
    }
    fclose(out);
    _exit(0);
}


void
rp_test_load_start(struct rp_test *t, struct rp_test_load *l, int port,
    const char *request, int nclients, int count, const char *tag)
{
    char   path[RP_TEST_PATH_MAX + 64];
    FILE  *out;
    pid_t  pid;
    int    i;

    ck_assert_msg(nclients > 0 && nclients <= RP_TEST_LOAD_MAX,
                  "bad client count %d", nclients);
    memset(l, 0, sizeof(*l));
    l->id = ++rp_load_next_id;
    l->nclients = nclients;
    RP_TEST_PRINT(l->stop, "%s/load.%d.stop", t->dir, l->id);

    for (i = 0; i < nclients; i++) {
        RP_TEST_PRINT(path, "%s/load.%d.%d", t->dir, l->id, i);
        out = fopen(path, "w");
        ck_assert_msg(out != NULL, "%s: %s", path, strerror(errno));
        fflush(NULL);
        pid = fork();
        ck_assert_msg(pid != -1, "fork(): %s", strerror(errno));
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            signal(SIGPIPE, SIG_IGN);
            if (t->watchdog_fd != -1) {
                close(t->watchdog_fd);  /* the watchdog waits for its EOF */
            }
            rp_load_client(port, request, count, tag, l->stop, out);
        }
        fclose(out);
        l->pid[i] = pid;
    }
}


/* Reaps every client by the deadline; the failures, counted. */
static void
rp_load_reap(struct rp_test_load *l, long ms)
{
    long   deadline;
    pid_t  pid;
    int    i, status, left;

    deadline = rp_test_now_ms() + rp_test_ms(ms);
    for ( ;; ) {
        left = 0;
        for (i = 0; i < l->nclients; i++) {
            if (l->pid[i] == 0) {
                continue;
            }
            pid = waitpid(l->pid[i], &status, WNOHANG);
            if (pid == l->pid[i]) {
                ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                              "load client %d ended with status 0x%x", i,
                              status);
                l->pid[i] = 0;
            } else {
                left++;
            }
        }
        if (left == 0) {
            break;
        }
        if (rp_test_now_ms() > deadline) {
            for (i = 0; i < l->nclients; i++) {
                if (l->pid[i]) {
                    kill(l->pid[i], SIGKILL);
                    waitpid(l->pid[i], &status, 0);
                    l->pid[i] = 0;
                }
            }
            ck_abort_msg("%d load clients still ran after %ld ms", left, ms);
        }
        rp_test_msleep(5);
    }
}


void
rp_test_load_stop(struct rp_test *t, struct rp_test_load *l, long ms)
{
    FILE  *f;

    (void) t;
    f = fopen(l->stop, "w");
    ck_assert_msg(f != NULL, "%s: %s", l->stop, strerror(errno));
    fclose(f);
    rp_load_reap(l, ms);
}


void
rp_test_load_wait(struct rp_test *t, struct rp_test_load *l, long ms)
{
    (void) t;
    rp_load_reap(l, ms);
}


static int
rp_load_cmp(const void *a, const void *b)
{
    const struct rp_test_load_rec  *x = a, *y = b;

    return x->ms < y->ms ? -1 : x->ms > y->ms;
}


size_t
rp_test_load_results(struct rp_test *t, struct rp_test_load *l,
    struct rp_test_load_rec **recs)
{
    struct rp_test_load_rec  *r, *nr;
    char                      path[RP_TEST_PATH_MAX + 64], *text, *line;
    size_t                    n, size;
    int                       i;

    r = NULL;
    n = 0;
    size = 0;
    for (i = 0; i < l->nclients; i++) {
        RP_TEST_PRINT(path, "%s/load.%d.%d", t->dir, l->id, i);
        text = rp_test_read_file(path, NULL);
        ck_assert_msg(text != NULL, "cannot read %s", path);
        for (line = text; *line; line = strchr(line, '\n') + 1) {
            if (n == size) {
                size = size ? size * 2 : 1024;
                nr = realloc(r, size * sizeof(*r));
                ck_assert_msg(nr != NULL, "out of memory");
                r = nr;
            }
            ck_assert_msg(sscanf(line, "%ld %d %31s", &r[n].ms, &r[n].status,
                                 r[n].tag) == 3, "bad load record: %.60s",
                          line);
            n++;
            if (strchr(line, '\n') == NULL) {
                break;
            }
        }
        free(text);
    }
    if (n > 1) {
        qsort(r, n, sizeof(*r), rp_load_cmp);
    }
    *recs = r;
    return n;
}


size_t
rp_test_load_count(const struct rp_test_load_rec *recs, size_t n, long from,
    long to, int status, const char *tag)
{
    size_t  i, count;

    count = 0;
    for (i = 0; i < n; i++) {
        if (recs[i].ms >= from && recs[i].ms < to
            && (status == -2 || recs[i].status == status)
            && (tag == NULL || strcmp(recs[i].tag, tag) == 0))
        {
            count++;
        }
    }
    return count;
}
