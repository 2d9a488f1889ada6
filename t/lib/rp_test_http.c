/*
 * rp_test_http.c - a raw HTTP/1.x client for the e2e tests (see rp_test.h).
 *
 * Tests of the HTTP core must send bytes no real client would (malformed
 * request lines, bare CRs, a request split at every byte), so this client
 * writes exactly what it is given and parses only responses.  Received
 * bytes collect in one growing buffer per connection; a response is cut
 * off the front of it (framing by Content-Length, chunked coding, or the
 * end of the connection), and what remains stays for the next read, so a
 * test can check that nothing at all followed a response.  Sends use
 * MSG_NOSIGNAL: a server that closed early gives -1, never SIGPIPE.
 */

#include "rp_test.h"

#include <sys/socket.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define RP_TEST_HTTP_CHUNK  65536


void
rp_test_http_open(struct rp_test_http *h, int port)
{
    memset(h, 0, sizeof(*h));
    h->fd = rp_test_connect(port);
    ck_assert_msg(h->fd != -1, "cannot connect to port %d: %s", port,
                  strerror(errno));
}


void
rp_test_http_close(struct rp_test_http *h)
{
    if (h->fd != -1) {
        close(h->fd);
        h->fd = -1;
    }
    free(h->buf);
    h->buf = NULL;
    h->len = 0;
    h->size = 0;
}


int
rp_test_http_send(struct rp_test_http *h, const void *data, size_t len)
{
    const char  *p = data;
    ssize_t      n;

    while (len > 0) {
        n = send(h->fd, p, len, MSG_NOSIGNAL);
        if (n == -1) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        p += n;
        len -= (size_t) n;
    }
    return 0;
}


int
rp_test_http_send_str(struct rp_test_http *h, const char *s)
{
    return rp_test_http_send(h, s, strlen(s));
}


int
rp_test_http_send_slowly(struct rp_test_http *h, const void *data,
    size_t len, size_t step, long delay_ms)
{
    const char  *p = data;
    size_t       n;

    while (len > 0) {
        n = len < step ? len : step;
        if (rp_test_http_send(h, p, n) == -1) {
            return -1;
        }
        p += n;
        len -= n;
        if (len > 0) {
            rp_test_msleep(delay_ms);
        }
    }
    return 0;
}


/*
 * Receives more bytes into h->buf, waiting until <deadline>.  1: got
 * some; 0: the server closed (now or before); -1: the deadline passed.
 */
static int
rp_test_http_fill(struct rp_test_http *h, long deadline)
{
    struct pollfd  pfd;
    ssize_t        n;
    long           left;
    char          *nb;

    if (h->eof || h->reset) {
        return 0;
    }

    if (h->size - h->len < RP_TEST_HTTP_CHUNK + 1) {
        nb = realloc(h->buf, h->size + 2 * RP_TEST_HTTP_CHUNK);
        ck_assert_msg(nb != NULL, "out of memory");
        h->buf = nb;
        h->size += 2 * RP_TEST_HTTP_CHUNK;
    }

    for ( ;; ) {
        left = deadline - rp_test_now_ms();
        if (left <= 0) {
            return -1;
        }
        pfd.fd = h->fd;
        pfd.events = POLLIN;
        pfd.revents = 0;
        n = poll(&pfd, 1, (int) left);
        if (n == -1 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }

        n = recv(h->fd, h->buf + h->len, h->size - h->len - 1, 0);
        if (n > 0) {
            h->len += (size_t) n;
            h->buf[h->len] = '\0';
            return 1;
        }
        if (n == 0) {
            h->eof = 1;
            return 0;
        }
        if (errno == EINTR || errno == EAGAIN) {
            continue;
        }
        h->reset = 1;
        h->error = errno;
        return 0;
    }
}


/* Drops the first <n> bytes of h->buf. */
static void
rp_test_http_consume(struct rp_test_http *h, size_t n)
{
    memmove(h->buf, h->buf + n, h->len - n);
    h->len -= n;
    h->buf[h->len] = '\0';
}


/* Offset just past the blank line ending the header section, or 0. */
static size_t
rp_test_http_head_end(const char *buf, size_t len)
{
    size_t  i;

    for (i = 0; i + 1 < len; i++) {
        if (buf[i] != '\n') {
            continue;
        }
        if (buf[i + 1] == '\n') {
            return i + 2;
        }
        if (buf[i + 1] == '\r' && i + 2 < len && buf[i + 2] == '\n') {
            return i + 3;
        }
    }
    return 0;
}


/*
 * Decodes a chunked body at the front of [buf, buf + len) into <out>.
 * Returns the bytes the coding took (through the final CRLF), or 0 when
 * more bytes are needed; -1 on a coding error.
 */
static long
rp_test_http_dechunk(const char *buf, size_t len, char *out, size_t *out_len)
{
    size_t         pos, eol;
    unsigned long  size;
    char          *end;

    pos = 0;
    *out_len = 0;

    for ( ;; ) {
        for (eol = pos; eol < len && buf[eol] != '\n'; eol++) {
            /* void */
        }
        if (eol == len) {
            return 0;
        }
        errno = 0;
        size = strtoul(buf + pos, &end, 16);
        if (end == buf + pos || errno != 0) {
            return -1;
        }
        pos = eol + 1;

        if (size == 0) {
            /* trailer fields, then an empty line */
            for ( ;; ) {
                for (eol = pos; eol < len && buf[eol] != '\n'; eol++) {
                    /* void */
                }
                if (eol == len) {
                    return 0;
                }
                if (eol == pos || (eol == pos + 1 && buf[pos] == '\r')) {
                    return (long) (eol + 1);
                }
                pos = eol + 1;
            }
        }

        if (len - pos < size + 2) {
            return 0;
        }
        memcpy(out + *out_len, buf + pos, size);
        *out_len += size;
        pos += size;
        if (buf[pos] == '\r') {
            pos++;
        }
        if (buf[pos] != '\n') {
            return -1;
        }
        pos++;
    }
}


/* The status of a status line "HTTP/1.x NNN ...", or 0. */
static int
rp_test_http_status(const char *head)
{
    if (strncmp(head, "HTTP/1.", 7) != 0 || head[8] != ' '
        || head[9] < '1' || head[9] > '5'
        || head[10] < '0' || head[10] > '9'
        || head[11] < '0' || head[11] > '9')
    {
        return 0;
    }
    return (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
}


/*
 * The body of the response whose header section is h->buf[0, hlen):
 * stores its framing in *clen (-1: chunked, -2: until close, else the
 * length).
 */
static void
rp_test_http_framing(struct rp_test_http_resp *resp, int head, long *clen)
{
    const char  *v;
    char        *end;

    if (head || resp->status < 200 || resp->status == 204
        || resp->status == 304)
    {
        *clen = 0;
        return;
    }

    v = rp_test_http_header(resp, "Transfer-Encoding");
    if (v != NULL && strcasecmp(v, "chunked") == 0) {
        *clen = -1;
        return;
    }

    v = rp_test_http_header(resp, "Content-Length");
    if (v != NULL) {
        *clen = strtol(v, &end, 10);
        if (end != v && *end == '\0' && *clen >= 0) {
            return;
        }
    }
    *clen = -2;
}


int
rp_test_http_read_response(struct rp_test_http *h,
    struct rp_test_http_resp *resp, int head, long ms)
{
    long    deadline, clen, used = 0;
    size_t  hlen;
    int     rc;

    memset(resp, 0, sizeof(*resp));
    deadline = rp_test_now_ms() + rp_test_ms(ms);

    while ((hlen = rp_test_http_head_end(h->buf, h->len)) == 0) {
        rc = rp_test_http_fill(h, deadline);
        if (rc == 0 && h->len == 0) {
            return 0;
        }
        if (rc != 1) {
            return -1;
        }
    }

    resp->head = malloc(hlen + 1);
    ck_assert_msg(resp->head != NULL, "out of memory");
    memcpy(resp->head, h->buf, hlen);
    resp->head[hlen] = '\0';
    resp->head_len = hlen;
    resp->status = rp_test_http_status(resp->head);
    rp_test_http_consume(h, hlen);

    rp_test_http_framing(resp, head, &clen);

    for ( ;; ) {
        resp->body = realloc(resp->body, h->len + 1);
        ck_assert_msg(resp->body != NULL, "out of memory");

        /* keep it a C string on every path, the early returns too */
        if (resp->body_len <= h->len) {
            resp->body[resp->body_len] = '\0';
        }

        if (clen >= 0 && h->len >= (size_t) clen) {
            used = clen;
            memcpy(resp->body, h->buf, (size_t) clen);
            resp->body_len = (size_t) clen;
            break;
        }
        if (clen == -1) {
            used = rp_test_http_dechunk(h->buf, h->len, resp->body,
                                        &resp->body_len);
            if (used == -1) {
                return -1;
            }
            if (used > 0) {
                break;
            }
        }

        rc = rp_test_http_fill(h, deadline);
        if (rc == 0 && clen == -2) {
            used = (long) h->len;
            memcpy(resp->body, h->buf, h->len);
            resp->body_len = h->len;
            break;
        }
        if (rc != 1) {
            return -1;
        }
    }

    resp->body[resp->body_len] = '\0';
    rp_test_http_consume(h, (size_t) used);
    return 1;
}


int
rp_test_http_wait_close(struct rp_test_http *h, long ms)
{
    long  deadline;
    int   rc;

    deadline = rp_test_now_ms() + rp_test_ms(ms);
    do {
        rc = rp_test_http_fill(h, deadline);
    } while (rc == 1);

    return rc == 0;
}


const char *
rp_test_http_header(const struct rp_test_http_resp *resp, const char *name)
{
    static char   ring[8][1024];
    static int    next;
    const char   *p, *colon, *eol, *v;
    size_t        nlen, vlen;
    char         *out;

    if (resp->head == NULL) {
        return NULL;
    }
    nlen = strlen(name);

    for (p = strchr(resp->head, '\n'); p != NULL; p = strchr(p, '\n')) {
        p++;
        eol = strchr(p, '\n');
        if (eol == NULL) {
            break;
        }
        colon = memchr(p, ':', (size_t) (eol - p));
        if (colon == NULL || (size_t) (colon - p) != nlen
            || strncasecmp(p, name, nlen) != 0)
        {
            continue;
        }

        for (v = colon + 1; *v == ' ' || *v == '\t'; v++) {
            /* void */
        }
        vlen = (size_t) (eol - v);
        while (vlen > 0 && (v[vlen - 1] == '\r' || v[vlen - 1] == ' '
                            || v[vlen - 1] == '\t'))
        {
            vlen--;
        }
        out = ring[next++ % 8];
        if (vlen >= sizeof(ring[0])) {
            vlen = sizeof(ring[0]) - 1;
        }
        memcpy(out, v, vlen);
        out[vlen] = '\0';
        return out;
    }
    return NULL;
}


int
rp_test_http_header_count(const struct rp_test_http_resp *resp,
    const char *name)
{
    const char  *p;
    size_t       nlen;
    int          n;

    if (resp->head == NULL) {
        return 0;
    }
    nlen = strlen(name);
    n = 0;
    for (p = strchr(resp->head, '\n'); p != NULL; p = strchr(p, '\n')) {
        p++;
        if (strncasecmp(p, name, nlen) == 0 && p[nlen] == ':') {
            n++;
        }
    }
    return n;
}


void
rp_test_http_resp_free(struct rp_test_http_resp *resp)
{
    free(resp->head);
    free(resp->body);
    memset(resp, 0, sizeof(*resp));
}


int
rp_test_http_get(int port, const char *request, size_t len,
    struct rp_test_http_resp *resp, int head)
{
    struct rp_test_http  h;
    int                  rc;

    rp_test_http_open(&h, port);
    if (rp_test_http_send(&h, request, len) == -1) {
        rp_test_http_close(&h);
        memset(resp, 0, sizeof(*resp));
        return -1;
    }
    rc = rp_test_http_read_response(&h, resp, head, 5000);
    rp_test_http_close(&h);
    return rc;
}
