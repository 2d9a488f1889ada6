/*
 * rp_http_upstream_hc.h - active health checks of upstream servers.
 *
 *   match ok { status 200-399; header Content-Type ~ "json"; body ~ OK; }
 *   upstream backend {
 *       server 10.0.0.1:8080;
 *       health_check interval=2s fails=3 passes=2 uri=/health match=ok;
 *   }
 *
 * Three files share this header: the module (the two directives, and
 * asking the master for the helper process), the "match" blocks (their
 * conditions and how a response is tested against them) and the probes
 * that run in the health checker process and write their verdicts into
 * each server's shared record (struct rp_http_upstream_shared), which
 * every worker's balancer reads.
 */

#ifndef RP_HTTP_UPSTREAM_HC_H
#define RP_HTTP_UPSTREAM_HC_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http_upstream.h"

struct rp_regex;

/* Bytes of a response body a "body" condition looks at. */
#define RP_HC_BODY_MAX        (64 * 1024)

/* Bytes of a response header section a probe accepts. */
#define RP_HC_HEADER_MAX      (16 * 1024)

/* Conditions per match block (one bit each while a probe reads). */
#define RP_HC_MAX_CONDS       64

enum rp_http_upstream_hc_what {
    RP_HC_STATUS = 0,
    RP_HC_HEADER,
    RP_HC_BODY
};

enum rp_http_upstream_hc_op {
    RP_HC_OP_PRESENT = 0,     /* header NAME */
    RP_HC_OP_ABSENT,          /* header ! NAME */
    RP_HC_OP_EQ,              /* header NAME = VALUE */
    RP_HC_OP_NE,              /* header NAME != VALUE */
    RP_HC_OP_RE,              /* header NAME ~ RE, body ~ RE */
    RP_HC_OP_NRE,             /* header NAME !~ RE, body !~ RE */
    RP_HC_OP_IN,              /* status CODES */
    RP_HC_OP_NOT_IN           /* status ! CODES */
};

/* "200", "200-399": an inclusive range of status codes. */
struct rp_http_upstream_hc_range {
    unsigned                    lo;
    unsigned                    hi;
};

/* One line of a match block. */
struct rp_http_upstream_hc_cond {
    enum rp_http_upstream_hc_what    what;
    enum rp_http_upstream_hc_op      op;
    struct rp_http_upstream_hc_range *ranges;  /* status */
    size_t                           nranges;
    struct rp_str                    name;     /* header, any case */
    struct rp_str                    value;    /* = and != */
    struct rp_regex                 *regex;    /* ~ and !~ */
    struct rp_str                    text;     /* as written, for logs */
};

/* match NAME { ... }: every condition must hold. */
struct rp_http_upstream_hc_match {
    struct rp_str                    name;
    struct rp_array                  conds;    /* rp_http_upstream_hc_cond */
    unsigned                         body:1;   /* a condition reads it */
};

/*
 * What a probe learnt from the header fields so far, for the header
 * conditions: bit i is condition i.
 */
struct rp_http_upstream_hc_seen {
    uint64_t                         present;  /* a field NAME came */
    uint64_t                         matched;  /* one had the value */
};

/* health_check ... inside upstream NAME { }. */
struct rp_http_upstream_hc_conf {
    struct rp_http_upstream_srv_conf       *us;
    rp_msec_t                               interval;
    rp_msec_t                               timeout;
    int64_t                                 fails;
    int64_t                                 passes;
    struct rp_str                           uri;
    in_port_t                               port;     /* 0: the server's */
    struct rp_str                           match_name;
    const struct rp_http_upstream_hc_match *match;    /* NULL: 2xx, 3xx */
    struct rp_str                           file;     /* match= is at */
    unsigned                                line;
    unsigned                                col;
};

struct rp_http_upstream_hc_main_conf {
    struct rp_array     checks;     /* rp_http_upstream_hc_conf */
    struct rp_array     matches;    /* rp_http_upstream_hc_match */
};

extern struct rp_module  rp_http_upstream_hc_module;

/*
 * The "match NAME { }" directive (rp_http_upstream_hc_match.c), a
 * setter of rp_http_upstream_hc_module's table at http level; <conf> is
 * the module's main conf.  RP_OK, or RP_ERROR after reporting.
 */
int rp_http_upstream_hc_match_block(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf);

/* The match block called <name> in <hmcf>, or NULL. */
const struct rp_http_upstream_hc_match *rp_http_upstream_hc_match_find(
    const struct rp_http_upstream_hc_main_conf *hmcf,
    const struct rp_str *name);

/*
 * Record one header field of a response in <seen>: <name> as received
 * (compared without regard to case), <value> its value.  Pure; any
 * process.
 */
void rp_http_upstream_hc_match_header(
    const struct rp_http_upstream_hc_match *m,
    struct rp_http_upstream_hc_seen *seen, const struct rp_str *name,
    const struct rp_str *value);

/*
 * Test a whole response: <status>, the fields recorded in <seen>, and
 * the first bytes of the body [body, body + len) (len <= RP_HC_BODY_MAX;
 * only looked at when m->body).  Returns NULL when every condition
 * holds, else the first that does not.  Pure; any process.
 */
const struct rp_http_upstream_hc_cond *rp_http_upstream_hc_match_test(
    const struct rp_http_upstream_hc_match *m,
    const struct rp_http_upstream_hc_seen *seen, unsigned status,
    const u_char *body, size_t len);

/*
 * The health checker's init (rp_http_upstream_hc_probe.c), run by the
 * helper process with <data> the module's main conf: allocates one
 * probe per checked server and arms the first checks.  RP_OK, or
 * RP_ERROR after logging.  Helper process only.
 */
int rp_http_upstream_hc_start(struct rp_cycle *cycle, void *data);

/* Checked servers of <hmcf> (connections the helper's loop needs). */
size_t rp_http_upstream_hc_count(
    const struct rp_http_upstream_hc_main_conf *hmcf);

#endif /* RP_HTTP_UPSTREAM_HC_H */
