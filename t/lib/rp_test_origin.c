/*
 * rp_test_origin.c - the scriptable origin server of the e2e tests (see
 * rp_test.h).
 *
 * Proxy tests must assert on both sides, so the backend behind the proxy
 * is ours: a forked child of the test running one single-threaded poll()
 * loop over any number of connections.  It records every request exactly
 * as received (files under DIR/origin.PORT/, events in DIR/origin.PORT.log,
 * which the watchdog prints when a test fails) and answers from a script
 * of rules: framing by length, chunks or close, delays, an abort in the
 * middle of the body, verbatim (invalid) responses and WebSocket or raw
 * tunnels after a 101.  Output is produced one piece at a time, so a
 * 50 MiB body costs the origin no memory.  The child renames its command
 * line to "rampart: test origin" so that the harness's sweep, which only
 * kills rampart processes, also kills it; PR_SET_PDEATHSIG covers a test
 * that dies before its teardown.
 */

#include "rp_test.h"

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

#define RP_ORIGIN_MAX_CONNS  512
#define RP_ORIGIN_MAX_ORIGINS 8
#define RP_ORIGIN_PIECE      65536
#define RP_ORIGIN_WS_GUID    "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

/* What a connection is doing. */
enum rp_origin_state {
    RP_ORIGIN_READ = 0,    /* reading a request */
    RP_ORIGIN_REPLY,       /* sending a response */
    RP_ORIGIN_WS,          /* after a 101: echoing WebSocket frames */
    RP_ORIGIN_ECHO         /* after a 101: echoing bytes */
};

struct rp_origin_conn {
    int          fd;
    int          id;
    int          nreq;
    int          state;
    char        *in;           /* received, not yet consumed */
    size_t       in_len;
    size_t       in_size;
    char        *out;          /* to send: out[out_pos..out_len) */
    size_t       out_len;
    size_t       out_pos;
    size_t       out_size;
    long         wake;         /* produce nothing before this (ms) */
    const struct rp_test_origin_rule  *rule;
    int          phase;        /* 0 head, 1 body, 2 done */
    int          no_body;      /* HEAD, 204, 304 */
    const char  *src;          /* body bytes; NULL: the pattern */
    char        *echo;         /* the request body, for echo_body */
    size_t       total;
    size_t       sent;
    int          closing;      /* close once <out> is flushed */
    int          eof;          /* the peer has closed its side */
    int          head_seen;    /* request number whose head was logged */
};

/* State of the origin child (one per process). */
struct rp_origin {
    char                               dir[RP_TEST_PATH_MAX];
    char                               log[RP_TEST_PATH_MAX];
    const struct rp_test_origin_rule  *rules;
    size_t                             nrules;
    struct rp_origin_conn             *conns[RP_ORIGIN_MAX_CONNS];
    int                                nconns;
    int                                next_id;
    int                                nrecorded;
};

/* Origins started by this test: port -> pid. */
static int    rp_origin_ports[RP_ORIGIN_MAX_ORIGINS];
static pid_t  rp_origin_pids[RP_ORIGIN_MAX_ORIGINS];


char
rp_test_origin_byte(size_t i)
{
    /* the block number shifts the alphabet: a misplaced block shows */
    return (char) ('a' + (i + i / 4093) % 26);
}


/* ---- small helpers (child side) ------------------------------------- */

static void
rp_origin_die(const char *what)
{
    fprintf(stderr, "rp_test_origin: %s: %s\n", what, strerror(errno));
    _exit(2);
}


static void
rp_origin_append(char **buf, size_t *len, size_t *size, const void *data,
    size_t n)
{
    size_t  want;

    if (*len + n + 1 > *size) {
        want = *size ? *size : 4096;
        while (want < *len + n + 1) {
            want *= 2;
        }
        *buf = realloc(*buf, want);
        if (*buf == NULL) {
            rp_origin_die("realloc");
        }
        *size = want;
    }
    memcpy(*buf + *len, data, n);
    *len += n;
    (*buf)[*len] = '\0';
}


static void
rp_origin_out(struct rp_origin_conn *c, const void *data, size_t n)
{
    rp_origin_append(&c->out, &c->out_len, &c->out_size, data, n);
}


static void
rp_origin_outf(struct rp_origin_conn *c, const char *fmt, ...)
{
    char     line[512];
    va_list  ap;
    int      n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n > 0) {
        rp_origin_out(c, line, (size_t) n < sizeof(line) ? (size_t) n
                                                         : sizeof(line) - 1);
    }
}


/* Appends one formatted line to the event log with a single write(). */
static void
rp_origin_event(struct rp_origin *o, const char *fmt, ...)
{
    char     line[600];
    va_list  ap;
    int      n, fd;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    if ((size_t) n >= sizeof(line) - 1) {
        n = (int) sizeof(line) - 2;
    }
    line[n++] = '\n';
    fd = open(o->log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd == -1 || write(fd, line, (size_t) n) != n) {
        rp_origin_die("event log");
    }
    close(fd);
}


/* Writes <len> bytes to DIR/<name> through a temporary file and rename(). */
static void
rp_origin_save(struct rp_origin *o, const char *name, const char *data,
    size_t len)
{
    char     path[RP_TEST_PATH_MAX + 64], tmp[RP_TEST_PATH_MAX + 80];
    ssize_t  n;
    int      fd;

    snprintf(path, sizeof(path), "%s/%s", o->dir, name);
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd == -1) {
        rp_origin_die(tmp);
    }
    while (len > 0) {
        n = write(fd, data, len);
        if (n <= 0) {
            rp_origin_die(tmp);
        }
        data += n;
        len -= (size_t) n;
    }
    close(fd);
    if (rename(tmp, path) != 0) {
        rp_origin_die(path);
    }
}


/* The header section end in <p>[0..len): its length, or 0 if incomplete. */
static size_t
rp_origin_head_end(const char *p, size_t len)
{
    size_t  i;

    for (i = 0; i + 3 < len; i++) {
        if (p[i] == '\r' && p[i + 1] == '\n' && p[i + 2] == '\r'
            && p[i + 3] == '\n')
        {
            return i + 4;
        }
    }
    return 0;
}


/*
 * The value of header <name> in the header section <head> (NUL-ended),
 * trimmed, copied into <val>; 1 if found.  Lines are split on "\r\n".
 */
static int
rp_origin_find_header(const char *head, const char *name, char *val,
    size_t size)
{
    const char  *line, *end, *v;
    size_t       nlen, vlen;

    nlen = strlen(name);
    line = strstr(head, "\r\n");
    while (line != NULL && line[2] != '\r') {
        line += 2;
        end = strstr(line, "\r\n");
        if (end == NULL) {
            return 0;
        }
        if ((size_t) (end - line) > nlen && line[nlen] == ':'
            && strncasecmp(line, name, nlen) == 0)
        {
            v = line + nlen + 1;
            while (v < end && (*v == ' ' || *v == '\t')) {
                v++;
            }
            vlen = (size_t) (end - v);
            while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t')) {
                vlen--;
            }
            if (vlen >= size) {
                vlen = size - 1;
            }
            memcpy(val, v, vlen);
            val[vlen] = '\0';
            return 1;
        }
        line = end;
    }
    return 0;
}


/*
 * Decodes the chunked body at <p>[0..len) into <out> (at least <len>
 * bytes).  The bytes the body takes (trailers included), 0 if it is not
 * complete, -1 if it is malformed.
 */
static long
rp_origin_dechunk(const char *p, size_t len, char *out, size_t *out_len)
{
    size_t  pos, size, i;
    char   *end, hex[20];

    pos = 0;
    *out_len = 0;
    for ( ;; ) {
        for (i = 0; pos + i < len && p[pos + i] != '\n'; i++) {
            /* the size line */
        }
        if (pos + i >= len) {
            return 0;
        }
        if (i == 0 || i >= sizeof(hex)) {
            return -1;
        }
        memcpy(hex, p + pos, i);
        hex[i] = '\0';
        size = strtoul(hex, &end, 16);
        if (end == hex) {
            return -1;
        }
        pos += i + 1;
        if (size == 0) {
            break;
        }
        if (pos + size + 2 > len) {
            return 0;
        }
        memcpy(out + *out_len, p + pos, size);
        *out_len += size;
        pos += size;
        if (p[pos] != '\r' || p[pos + 1] != '\n') {
            return -1;
        }
        pos += 2;
    }

    /* trailer fields up to an empty line */
    for ( ;; ) {
        for (i = 0; pos + i < len && p[pos + i] != '\n'; i++) {
            /* one trailer line */
        }
        if (pos + i >= len) {
            return 0;
        }
        pos += i + 1;
        if (i <= 1) {
            return (long) pos;
        }
    }
}


/* ---- reading and recording requests --------------------------------- */

static const struct rp_test_origin_rule *
rp_origin_match(struct rp_origin *o, const char *path)
{
    static const struct rp_test_origin_rule  none = {
        NULL, RP_TEST_ORIGIN_LENGTH, 404, NULL, "no rule\n", 0, 0, 0, 0,
        0, 0, 0, 0, 0, NULL, 0, NULL
    };
    const struct rp_test_origin_rule  *rule;
    size_t                             i, n;

    for (i = 0; i < o->nrules; i++) {
        rule = &o->rules[i];
        if (rule->when && access(rule->when, F_OK) != 0) {
            continue;
        }
        if (rule->path == NULL) {
            return rule;
        }
        n = strlen(rule->path);
        if (n > 0 && rule->path[n - 1] == '*') {
            if (strncmp(path, rule->path, n - 1) == 0) {
                return rule;
            }
        } else if (strcmp(path, rule->path) == 0) {
            return rule;
        }
    }
    return &none;
}


/*
 * If a whole request is in c->in: records it, consumes it and sets up
 * the response.  1 if it did, 0 if more bytes are needed, -1 if the
 * request cannot be framed (the connection is then closed).
 */
static int
rp_origin_take_request(struct rp_origin *o, struct rp_origin_conn *c)
{
    char     val[256], path[1024], line[512], name[64], *head, *body, *sp;
    size_t   hlen, blen, msg_len, n;
    long     used;
    int      chunked;

    hlen = rp_origin_head_end(c->in, c->in_len);
    if (hlen == 0) {
        return 0;
    }

    /* "H conn seq": the head is in, whether the body is yet or not */
    if (c->head_seen != c->nreq + 1) {
        c->head_seen = c->nreq + 1;
        rp_origin_event(o, "H %d %d", c->id, c->nreq + 1);
    }

    head = malloc(hlen + 1);
    body = malloc(c->in_len + 1);
    if (head == NULL || body == NULL) {
        rp_origin_die("malloc");
    }
    memcpy(head, c->in, hlen);
    head[hlen] = '\0';

    chunked = rp_origin_find_header(head, "Transfer-Encoding", val, sizeof(val))
              && strcasecmp(val, "chunked") == 0;
    blen = 0;
    if (chunked) {
        used = rp_origin_dechunk(c->in + hlen, c->in_len - hlen, body, &blen);
        if (used <= 0) {
            free(head);
            free(body);
            return (int) (used == 0 ? 0 : -1);
        }
        msg_len = hlen + (size_t) used;
    } else {
        if (rp_origin_find_header(head, "Content-Length", val, sizeof(val))) {
            blen = strtoul(val, NULL, 10);
        }
        if (c->in_len - hlen < blen) {
            free(head);
            free(body);
            return 0;
        }
        memcpy(body, c->in + hlen, blen);
        msg_len = hlen + blen;
    }
    body[blen] = '\0';

    /* record first: the test may read it as soon as it has an answer */
    c->nreq++;
    o->nrecorded++;
    snprintf(name, sizeof(name), "conn-%d-req-%d.raw", c->id, c->nreq);
    rp_origin_save(o, name, c->in, msg_len);
    snprintf(name, sizeof(name), "conn-%d-req-%d.body", c->id, c->nreq);
    rp_origin_save(o, name, body, blen);
    n = strcspn(head, "\r\n");
    n = n < sizeof(line) ? n : sizeof(line) - 1;
    memcpy(line, head, n);
    line[n] = '\0';
    rp_origin_event(o, "R %d %d %d %s", c->id, c->nreq, o->nrecorded, line);

    /* the path: the request target up to '?' */
    sp = strchr(line, ' ');
    n = sp ? strcspn(sp + 1, " ?") : 0;
    n = n < sizeof(path) ? n : sizeof(path) - 1;
    memcpy(path, sp ? sp + 1 : "", n);
    path[n] = '\0';

    c->rule = rp_origin_match(o, path);
    c->no_body = strncmp(line, "HEAD ", 5) == 0;
    free(c->echo);
    c->echo = body;
    c->total = blen;
    memmove(c->in, c->in + msg_len, c->in_len - msg_len);
    c->in_len -= msg_len;
    c->state = RP_ORIGIN_REPLY;
    c->phase = 0;
    c->sent = 0;
    c->wake = rp_test_now_ms() + c->rule->head_delay_ms;

    /* the WebSocket key is needed for the 101 */
    if (!rp_origin_find_header(head, "Sec-WebSocket-Key", val, sizeof(val))) {
        val[0] = '\0';
    }
    free(head);
    if (c->rule->mode == RP_TEST_ORIGIN_WEBSOCKET) {
        free(c->echo);
        c->echo = strdup(val);
        if (c->echo == NULL) {
            rp_origin_die("strdup");
        }
    }
    return 1;
}


/* ---- producing responses -------------------------------------------- */

static const char *
rp_origin_reason(int status)
{
    switch (status) {
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default:  return "Whatever";
    }
}


/* base64(SHA-1(key + GUID)): RFC 6455 4.2.2. */
static void
rp_origin_ws_accept(const char *key, char *out)
{
    unsigned char  digest[SHA_DIGEST_LENGTH];
    char           buf[256];
    int            n;

    n = snprintf(buf, sizeof(buf), "%s%s", key, RP_ORIGIN_WS_GUID);
    SHA1((const unsigned char *) buf, (size_t) n, digest);
    EVP_EncodeBlock((unsigned char *) out, digest, SHA_DIGEST_LENGTH);
}


/* Queues the status line and header section of c->rule. */
static void
rp_origin_head(struct rp_origin_conn *c)
{
    const struct rp_test_origin_rule  *rule;
    char                               accept[64];
    int                                status;

    rule = c->rule;
    if (rule->mode == RP_TEST_ORIGIN_RAW) {
        rp_origin_out(c, rule->raw,
                      rule->raw_len ? rule->raw_len : strlen(rule->raw));
        c->phase = 2;
        return;
    }

    if (rule->mode == RP_TEST_ORIGIN_WEBSOCKET
        || rule->mode == RP_TEST_ORIGIN_TUNNEL)
    {
        rp_origin_outf(c, "HTTP/1.1 101 Switching Protocols\r\n"
                       "Upgrade: %s\r\nConnection: Upgrade\r\n",
                       rule->mode == RP_TEST_ORIGIN_WEBSOCKET ? "websocket"
                                                               : "echo");
        if (rule->mode == RP_TEST_ORIGIN_WEBSOCKET) {
            rp_origin_ws_accept(c->echo ? c->echo : "", accept);
            rp_origin_outf(c, "Sec-WebSocket-Accept: %s\r\n", accept);
        }
        if (rule->headers) {
            rp_origin_out(c, rule->headers, strlen(rule->headers));
        }
        rp_origin_out(c, "\r\n", 2);
        c->phase = 2;
        return;
    }

    status = rule->status ? rule->status : 200;
    if (status == 204 || status == 304 || status < 200) {
        c->no_body = 1;
    }
    if (rule->echo_body) {
        c->src = c->echo;
    } else if (rule->body) {
        c->src = rule->body;
        c->total = rule->body_len ? rule->body_len : strlen(rule->body);
    } else {
        c->src = NULL;
        c->total = rule->body_size;
    }

    rp_origin_outf(c, "HTTP/1.1 %d %s\r\nX-Origin-Conn: %d\r\n"
                   "X-Origin-Req: %d\r\n", status, rp_origin_reason(status),
                   c->id, c->nreq);
    if (rule->mode == RP_TEST_ORIGIN_LENGTH && status != 204
        && status != 304)
    {
        rp_origin_outf(c, "Content-Length: %zu\r\n", c->total);
    } else if (rule->mode == RP_TEST_ORIGIN_CHUNKED && !c->no_body) {
        rp_origin_outf(c, "Transfer-Encoding: chunked\r\n");
    }
    if (rule->close || rule->mode == RP_TEST_ORIGIN_EOF) {
        rp_origin_outf(c, "Connection: close\r\n");
    }
    if (rule->headers) {
        rp_origin_out(c, rule->headers, strlen(rule->headers));
    }
    rp_origin_out(c, "\r\n", 2);
    c->phase = c->no_body ? 2 : 1;
}


/* Queues the next piece of the body; sets phase 2 after the last. */
static void
rp_origin_piece(struct rp_origin_conn *c)
{
    const struct rp_test_origin_rule  *rule;
    size_t                             n, i, start;

    rule = c->rule;
    n = rule->piece ? rule->piece : RP_ORIGIN_PIECE;
    if (n > c->total - c->sent) {
        n = c->total - c->sent;
    }
    if (rule->abort && c->sent + n > rule->abort_after) {
        n = rule->abort_after - c->sent;
    }

    if (n > 0) {
        if (rule->mode == RP_TEST_ORIGIN_CHUNKED) {
            rp_origin_outf(c, "%zx\r\n", n);
        }
        if (c->src) {
            rp_origin_out(c, c->src + c->sent, n);
        } else {
            /* reserve n bytes, then write the pattern in place */
            start = c->out_len;
            if (start + n + 1 > c->out_size) {
                c->out = realloc(c->out, start + n + 1);
                if (c->out == NULL) {
                    rp_origin_die("realloc");
                }
                c->out_size = start + n + 1;
            }
            for (i = 0; i < n; i++) {
                c->out[start + i] = rp_test_origin_byte(c->sent + i);
            }
            c->out_len = start + n;
            c->out[c->out_len] = '\0';
        }
        if (rule->mode == RP_TEST_ORIGIN_CHUNKED) {
            rp_origin_out(c, "\r\n", 2);
        }
        c->sent += n;
    }

    if (rule->abort && c->sent >= rule->abort_after) {
        c->phase = 2;
        c->closing = 1;
        return;
    }
    if (c->sent == c->total) {
        if (rule->mode == RP_TEST_ORIGIN_CHUNKED) {
            rp_origin_out(c, "0\r\n\r\n", 5);
        }
        c->phase = 2;
        return;
    }
    c->wake = rp_test_now_ms() + rule->piece_delay_ms;
}


/*
 * Produces output for a replying connection whose buffer is empty and
 * whose delay has passed; moves it on when the response is complete.
 */
static void
rp_origin_produce(struct rp_origin *o, struct rp_origin_conn *c)
{
    const struct rp_test_origin_rule  *rule;

    rule = c->rule;
    if (c->phase == 0) {
        rp_origin_head(c);
        return;
    }
    if (c->phase == 1) {
        rp_origin_piece(c);
        return;
    }

    /* phase 2: all queued bytes are sent; the request is answered */
    if (rule->mode != RP_TEST_ORIGIN_WEBSOCKET
        && rule->mode != RP_TEST_ORIGIN_TUNNEL)
    {
        rp_origin_event(o, "D %d", c->id);
    }

    switch (rule->mode) {
    case RP_TEST_ORIGIN_WEBSOCKET:
        c->state = RP_ORIGIN_WS;
        break;
    case RP_TEST_ORIGIN_TUNNEL:
        c->state = RP_ORIGIN_ECHO;
        break;
    case RP_TEST_ORIGIN_EOF:
        c->closing = 1;
        break;
    default:
        c->state = RP_ORIGIN_READ;
        c->closing = rule->close;
    }
}


/*
 * Echoes the complete WebSocket frames in c->in (unmasked, same opcode);
 * a close frame is answered and closes the connection.
 */
static void
rp_origin_ws_echo(struct rp_origin_conn *c)
{
    unsigned char  *p, hdr[10];
    uint64_t        len;
    size_t          off, i, hlen;
    int             masked, op;

    for ( ;; ) {
        p = (unsigned char *) c->in;
        if (c->in_len < 2) {
            return;
        }
        op = p[0] & 0x0f;
        masked = (p[1] & 0x80) != 0;
        len = p[1] & 0x7f;
        off = 2;
        if (len == 126) {
            if (c->in_len < 4) {
                return;
            }
            len = ((uint64_t) p[2] << 8) | p[3];
            off = 4;
        } else if (len == 127) {
            if (c->in_len < 10) {
                return;
            }
            for (len = 0, i = 0; i < 8; i++) {
                len = (len << 8) | p[2 + i];
            }
            off = 10;
        }
        if (c->in_len < off + (masked ? 4 : 0) + len) {
            return;
        }
        if (masked) {
            for (i = 0; i < len; i++) {
                p[off + 4 + i] ^= p[off + (i & 3)];
            }
            off += 4;
        }

        hdr[0] = p[0];
        if (len < 126) {
            hdr[1] = (unsigned char) len;
            hlen = 2;
        } else if (len < 65536) {
            hdr[1] = 126;
            hdr[2] = (unsigned char) (len >> 8);
            hdr[3] = (unsigned char) len;
            hlen = 4;
        } else {
            hdr[1] = 127;
            for (i = 0; i < 8; i++) {
                hdr[2 + i] = (unsigned char) (len >> (56 - 8 * i));
            }
            hlen = 10;
        }
        rp_origin_out(c, hdr, hlen);
        rp_origin_out(c, p + off, (size_t) len);
        off += (size_t) len;
        memmove(c->in, c->in + off, c->in_len - off);
        c->in_len -= off;
        if (op == 8) {
            c->closing = 1;
            return;
        }
    }
}


/* ---- the loop ------------------------------------------------------- */

static void
rp_origin_close(struct rp_origin *o, int i)
{
    struct rp_origin_conn  *c;

    c = o->conns[i];
    rp_origin_event(o, "C %d", c->id);
    close(c->fd);
    free(c->in);
    free(c->out);
    free(c->echo);
    free(c);
    o->conns[i] = o->conns[--o->nconns];
}


static void
rp_origin_accept(struct rp_origin *o, int lfd)
{
    struct rp_origin_conn  *c;
    int                     fd;

    fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd == -1) {
        return;
    }
    if (o->nconns == RP_ORIGIN_MAX_CONNS) {
        close(fd);
        return;
    }
    c = calloc(1, sizeof(*c));
    if (c == NULL) {
        rp_origin_die("calloc");
    }
    c->fd = fd;
    c->id = ++o->next_id;
    o->conns[o->nconns++] = c;
    rp_origin_event(o, "A %d", c->id);
}


/* Reads what is there; 0 on an error (close), 1 otherwise (EOF: c->eof). */
static int
rp_origin_read(struct rp_origin_conn *c)
{
    char     buf[65536];
    ssize_t  n;

    for ( ;; ) {
        n = recv(c->fd, buf, sizeof(buf), 0);
        if (n > 0) {
            rp_origin_append(&c->in, &c->in_len, &c->in_size, buf, (size_t) n);
            continue;
        }
        if (n == -1 && (errno == EAGAIN || errno == EINTR)) {
            return 1;
        }
        if (n == 0) {
            c->eof = 1;
            return 1;
        }
        return 0;
    }
}


/* Sends pending output; 0 if the peer is gone, 1 otherwise. */
static int
rp_origin_write(struct rp_origin_conn *c)
{
    ssize_t  n;

    while (c->out_pos < c->out_len) {
        n = send(c->fd, c->out + c->out_pos, c->out_len - c->out_pos,
                 MSG_NOSIGNAL);
        if (n == -1 && errno == EINTR) {
            continue;
        }
        if (n == -1 && errno == EAGAIN) {
            return 1;
        }
        if (n <= 0) {
            return 0;
        }
        c->out_pos += (size_t) n;
    }
    c->out_pos = 0;
    c->out_len = 0;
    return 1;
}


/*
 * Advances connection <c> as far as it can without blocking; 0 if it
 * must be closed.
 */
static int
rp_origin_step(struct rp_origin *o, struct rp_origin_conn *c, long now)
{
    int  rc, progress;

    do {
        progress = 0;
        if (!rp_origin_write(c)) {
            return 0;
        }
        if (c->out_len > 0) {
            return 1;
        }
        if (c->closing) {
            return 0;
        }
        switch (c->state) {
        case RP_ORIGIN_READ:
            rc = rp_origin_take_request(o, c);
            if (rc == -1) {
                return 0;
            }
            progress = rc;
            break;
        case RP_ORIGIN_REPLY:
            if (c->wake <= now) {
                rp_origin_produce(o, c);
                progress = 1;
            }
            break;
        case RP_ORIGIN_WS:
            rp_origin_ws_echo(c);
            progress = c->out_len > 0 || c->closing;
            break;
        default:
            if (c->in_len > 0) {
                rp_origin_out(c, c->in, c->in_len);
                c->in_len = 0;
                progress = 1;
            }
        }
    } while (progress);

    /* a request cut short by the peer is not answered */
    return !(c->eof && c->state != RP_ORIGIN_REPLY);
}


/* The origin child's loop.  Never returns. */
static void
rp_origin_run(struct rp_origin *o, int lfd)
{
    struct pollfd  pfd[RP_ORIGIN_MAX_CONNS + 1];
    long           now, timeout;
    int            i, n, open;

    for ( ;; ) {
        now = rp_test_now_ms();
        timeout = 1000;
        pfd[0].fd = lfd;
        pfd[0].events = POLLIN;
        for (i = 0; i < o->nconns; i++) {
            pfd[i + 1].fd = o->conns[i]->fd;
            pfd[i + 1].events = o->conns[i]->out_len > 0 ? POLLOUT : 0;
            if (o->conns[i]->state != RP_ORIGIN_REPLY) {
                pfd[i + 1].events |= POLLIN;
            } else if (o->conns[i]->out_len == 0) {
                timeout = o->conns[i]->wake - now < timeout
                          ? o->conns[i]->wake - now : timeout;
            }
        }
        n = o->nconns;
        if (poll(pfd, (nfds_t) n + 1, (int) (timeout > 0 ? timeout : 0)) == -1
            && errno != EINTR)
        {
            rp_origin_die("poll");
        }

        now = rp_test_now_ms();
        for (i = n - 1; i >= 0; i--) {
            open = 1;
            if (!o->conns[i]->eof
                && (pfd[i + 1].revents & (POLLIN | POLLHUP | POLLERR)))
            {
                open = rp_origin_read(o->conns[i]);
            }
            if (open) {
                open = rp_origin_step(o, o->conns[i], now);
            }
            if (!open) {
                rp_origin_close(o, i);
            }
        }
        if (pfd[0].revents & POLLIN) {
            rp_origin_accept(o, lfd);
        }
    }
}


/*
 * Renames the command line of this process to "rampart: test origin"
 * by overwriting its argument area (as setproctitle() does), so the
 * harness's sweep recognises it as ours to kill.
 */
static void
rp_origin_rename(void)
{
    static const char  title[] = "rampart: test origin";
    unsigned long      start, end;
    char               buf[2048], *p;
    ssize_t            n;
    int                fd, field;

    fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    n = fd == -1 ? -1 : read(fd, buf, sizeof(buf) - 1);
    if (fd != -1) {
        close(fd);
    }
    if (n <= 0) {
        return;
    }
    buf[n] = '\0';
    p = strrchr(buf, ')');
    if (p == NULL) {
        return;
    }

    /* p + 2 is field 3; arg_start and arg_end are fields 48 and 49 */
    p += 2;
    for (field = 3; field < 48 && p != NULL; field++) {
        p = strchr(p, ' ');
        p = p ? p + 1 : NULL;
    }
    if (p == NULL || sscanf(p, "%lu %lu", &start, &end) != 2
        || end <= start + 8)
    {
        return;
    }
    memset((void *) start, 0, end - start);
    memcpy((void *) start, title,
           end - start - 1 < sizeof(title) ? end - start - 1 : sizeof(title));
}


/* ---- the test side -------------------------------------------------- */

int
rp_test_origin_start(struct rp_test *t, int port,
    const struct rp_test_origin_rule *rules, size_t nrules)
{
    static struct rp_origin  o;
    struct sockaddr_in       sin;
    socklen_t                len;
    pid_t                    pid;
    int                      lfd, one, slot;

    lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    ck_assert_msg(lfd != -1, "socket(): %s", strerror(errno));
    one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    memset(&sin, 0, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sin.sin_port = htons((unsigned short) port);
    len = sizeof(sin);
    ck_assert_msg(bind(lfd, (struct sockaddr *) &sin, sizeof(sin)) == 0
                  && listen(lfd, 511) == 0
                  && getsockname(lfd, (struct sockaddr *) &sin, &len) == 0,
                  "origin cannot listen on port %d: %s", port, strerror(errno));
    port = ntohs(sin.sin_port);

    for (slot = 0; slot < RP_ORIGIN_MAX_ORIGINS && rp_origin_pids[slot]; slot++) {
        /* find a free slot */
    }
    ck_assert_msg(slot < RP_ORIGIN_MAX_ORIGINS, "too many origins");

    memset(&o, 0, sizeof(o));
    o.rules = rules;
    o.nrules = nrules;
    RP_TEST_PRINT(o.dir, "%s/origin.%d", t->dir, port);
    RP_TEST_PRINT(o.log, "%s/origin.%d.log", t->dir, port);
    ck_assert_msg(mkdir(o.dir, 0755) == 0 || errno == EEXIST,
                  "mkdir %s: %s", o.dir, strerror(errno));

    fflush(NULL);
    pid = fork();
    ck_assert_msg(pid != -1, "fork(): %s", strerror(errno));
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (t->watchdog_fd != -1) {
            close(t->watchdog_fd);  /* the watchdog waits for its EOF */
        }
        signal(SIGPIPE, SIG_IGN);
        rp_origin_rename();
        rp_origin_run(&o, lfd);
    }
    close(lfd);
    rp_origin_ports[slot] = port;
    rp_origin_pids[slot] = pid;
    rp_test_track(t, pid);
    return port;
}


void
rp_test_origin_stop(struct rp_test *t, int port)
{
    int  i, status;

    (void) t;
    for (i = 0; i < RP_ORIGIN_MAX_ORIGINS; i++) {
        if (rp_origin_pids[i] && rp_origin_ports[i] == port) {
            kill(rp_origin_pids[i], SIGKILL);
            while (waitpid(rp_origin_pids[i], &status, 0) == -1
                   && errno == EINTR)
            {
                /* retry */
            }
            rp_origin_pids[i] = 0;
            rp_origin_ports[i] = 0;
        }
    }
}


/* Counts the lines of the event log that start with <prefix>. */
static int
rp_origin_count(struct rp_test *t, int port, const char *prefix)
{
    char  *text;
    int    n;

    text = rp_test_read_file(rp_test_path(t, rp_test_fmt("origin.%d.log", port)),
                             NULL);
    n = text ? rp_test_count_prefix(text, prefix) : 0;
    free(text);
    return n;
}


int
rp_test_origin_conns(struct rp_test *t, int port)
{
    return rp_origin_count(t, port, "A ");
}


int
rp_test_origin_nrequests(struct rp_test *t, int port)
{
    return rp_origin_count(t, port, "R ");
}


int
rp_test_origin_nheads(struct rp_test *t, int port)
{
    return rp_origin_count(t, port, "H ");
}


int
rp_test_origin_closed(struct rp_test *t, int port)
{
    return rp_origin_count(t, port, "C ");
}


int
rp_test_origin_max_inflight(struct rp_test *t, int port)
{
    char  *text, *line, *busy;
    long   conn, nconn;
    int    pass, now, max;

    text = rp_test_read_file(rp_test_path(t, rp_test_fmt("origin.%d.log", port)),
                             NULL);
    if (text == NULL) {
        return 0;
    }

    /*
     * The log is one process's timeline: a request is in flight from its
     * "R" line to the "D" of its connection, or the "C" if the
     * connection closed before the answer was complete.  Connection ids
     * restart at 1 when an origin is restarted on the same port, after
     * its earlier connections were all closed.  The first pass finds the
     * largest id, the second replays the timeline.
     */
    busy = NULL;
    nconn = 0;
    now = 0;
    max = 0;
    for (pass = 0; pass < 2; pass++) {
        for (line = text; line != NULL && *line; line = strchr(line, '\n')) {
            if (*line == '\n') {
                line++;
            }
            if (line[0] == '\0' || line[1] != ' ') {
                continue;
            }
            conn = strtol(line + 2, NULL, 10);
            if (conn <= 0) {
                continue;
            }
            if (pass == 0) {
                nconn = conn > nconn ? conn : nconn;
            } else if (line[0] == 'A' && busy[conn]) {
                busy[conn] = 0;     /* the id of a killed origin's conn */
                now--;
            } else if (line[0] == 'R' && !busy[conn]) {
                busy[conn] = 1;
                now++;
                max = now > max ? now : max;
            } else if ((line[0] == 'D' || line[0] == 'C') && busy[conn]) {
                busy[conn] = 0;
                now--;
            }
        }
        if (pass == 0) {
            busy = calloc((size_t) nconn + 1, 1);
            ck_assert_msg(busy != NULL, "out of memory");
        }
    }
    free(busy);
    free(text);
    return max;
}


int
rp_test_origin_wait(struct rp_test *t, int port, int n, long ms)
{
    long  deadline;
    int   have;

    deadline = rp_test_now_ms() + rp_test_ms(ms);
    for ( ;; ) {
        have = rp_test_origin_nrequests(t, port);
        if (have >= n || rp_test_now_ms() > deadline) {
            return have;
        }
        rp_test_msleep(5);
    }
}


int
rp_test_origin_request(struct rp_test *t, int port, int n,
    struct rp_test_origin_req *req)
{
    char    *text, *line, path[RP_TEST_PATH_MAX + 64];
    size_t   len;
    int      conn, seq, num, found;

    memset(req, 0, sizeof(*req));
    text = rp_test_read_file(rp_test_path(t, rp_test_fmt("origin.%d.log", port)),
                             NULL);
    if (text == NULL) {
        return 0;
    }
    found = 0;
    for (line = text; line != NULL && *line; line = strchr(line, '\n')) {
        if (*line == '\n') {
            line++;
        }
        if (sscanf(line, "R %d %d %d", &conn, &seq, &num) == 3 && num == n) {
            found = 1;
            break;
        }
    }
    free(text);
    if (!found) {
        return 0;
    }

    req->conn = conn;
    req->seq = seq;
    RP_TEST_PRINT(path, "%s/origin.%d/conn-%d-req-%d.raw", t->dir, port, conn, seq);
    req->raw = rp_test_read_file(path, &req->raw_len);
    RP_TEST_PRINT(path, "%s/origin.%d/conn-%d-req-%d.body", t->dir, port, conn, seq);
    req->body = rp_test_read_file(path, &req->body_len);
    ck_assert_msg(req->raw != NULL && req->body != NULL,
                  "origin request %d is logged but not stored", n);

    req->head_len = rp_origin_head_end(req->raw, req->raw_len);
    len = strcspn(req->raw, "\r\n");
    req->line = strndup(req->raw, len);
    ck_assert_msg(req->line != NULL, "out of memory");
    return 1;
}


const char *
rp_test_origin_header(const struct rp_test_origin_req *req, const char *name)
{
    static char   ring[8][1024];
    static int    next;
    char         *head, *val;
    int           found;

    head = strndup(req->raw, req->head_len);
    ck_assert_msg(head != NULL, "out of memory");
    val = ring[next];
    next = (next + 1) % 8;
    found = rp_origin_find_header(head, name, val, sizeof(ring[0]));
    free(head);
    return found ? val : NULL;
}


int
rp_test_origin_header_count(const struct rp_test_origin_req *req,
    const char *name)
{
    const char  *p, *end;
    size_t       nlen;
    int          count;

    nlen = strlen(name);
    count = 0;
    end = req->raw + req->head_len;
    for (p = strstr(req->raw, "\r\n"); p != NULL && p + 2 < end;
         p = strstr(p + 2, "\r\n"))
    {
        if ((size_t) (end - p) > nlen + 3 && p[2 + nlen] == ':'
            && strncasecmp(p + 2, name, nlen) == 0)
        {
            count++;
        }
    }
    return count;
}


void
rp_test_origin_req_free(struct rp_test_origin_req *req)
{
    free(req->raw);
    free(req->body);
    free(req->line);
    memset(req, 0, sizeof(*req));
}
