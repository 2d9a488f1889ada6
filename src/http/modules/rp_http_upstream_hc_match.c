/*
 * rp_http_upstream_hc_match.c - "match" blocks: what a health check
 * response must look like to pass (NGINX Plus syntax).
 *
 *   match ok {
 *       status 200-399;           status ! 500 503;     status 200 204;
 *       header Content-Type ~ json;      header X-Ready = yes;
 *       header X-State != draining;      header ! X-Maintenance;
 *       header X-Ready;                  header Server !~ "^old";
 *       body ~ "\"status\": *\"ok\"";    body !~ ERROR;
 *   }
 *
 * Every condition must hold.  Header names are matched without regard
 * to case; "header NAME = V" and "~ RE" hold when some field of that
 * name has the value or matches, "!=" and "!~" when the field is
 * present and none of its occurrences has the value or matches.  Body
 * conditions look at the first RP_HC_BODY_MAX bytes of the decoded
 * body.  The block is read line by line (cf->handler) at config time;
 * testing a response is pure and runs in the health checker.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_regex.h"
#include "rp_http_upstream_hc.h"

#define RP_HC_STATUS_MIN   100
#define RP_HC_STATUS_MAX   599


/* "200" or "200-399" into <range>; RP_ERROR if it is neither. */
static int
rp_http_upstream_hc_range(const struct rp_str *v,
    struct rp_http_upstream_hc_range *range)
{
    u_char    *dash;
    uint64_t   lo, hi;
    size_t     n;

    dash = memchr(v->data, '-', v->len);
    n = dash ? (size_t) (dash - v->data) : v->len;

    if (rp_parse_uint(v->data, n, RP_HC_STATUS_MAX, &lo) != RP_OK
        || lo < RP_HC_STATUS_MIN)
    {
        return RP_ERROR;
    }

    hi = lo;

    if (dash
        && (rp_parse_uint(dash + 1, v->len - n - 1, RP_HC_STATUS_MAX, &hi)
            != RP_OK || hi < lo))
    {
        return RP_ERROR;
    }

    range->lo = (unsigned) lo;
    range->hi = (unsigned) hi;

    return RP_OK;
}


/* status [!] CODE|LO-HI ... */
static int
rp_http_upstream_hc_status(struct rp_conf *cf,
    struct rp_http_upstream_hc_cond *cond)
{
    size_t                 i, first, n;
    struct rp_conf_token  *tok;

    first = 1;
    cond->op = RP_HC_OP_IN;

    if (rp_conf_nargs(cf) >= 1 && rp_str_eq_lit(&rp_conf_arg(cf, 1)->value,
                                                "!"))
    {
        cond->op = RP_HC_OP_NOT_IN;
        first = 2;
    }

    n = cf->args->nelts - first;

    if (n == 0) {
        return rp_conf_error(cf, "\"status\" needs at least one status "
                             "code or range");
    }

    cond->ranges = rp_palloc(cf->pool,
                             n * sizeof(struct rp_http_upstream_hc_range));
    if (cond->ranges == NULL) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    for (i = 0; i < n; i++) {
        tok = rp_conf_arg(cf, first + i);

        if (rp_http_upstream_hc_range(&tok->value, &cond->ranges[i])
            != RP_OK)
        {
            return rp_conf_error_at(cf, tok, "invalid status \"" RP_STR_FMT
                                    "\": a code from 100 to 599 or a range "
                                    "like 200-399 is expected",
                                    RP_STR_ARG(tok->value));
        }
    }

    cond->nranges = n;

    return RP_OK;
}


/* The regex of a "~" or "!~" condition, from token <tok>. */
static int
rp_http_upstream_hc_regex(struct rp_conf *cf, const struct rp_conf_token *tok,
    struct rp_http_upstream_hc_cond *cond)
{
    char  err[256];

    cond->regex = rp_regex_compile(cf->pool, &tok->value, 0, err,
                                   sizeof(err));
    if (cond->regex == NULL) {
        return rp_conf_error_at(cf, tok, "invalid regex \"" RP_STR_FMT
                                "\": %s", RP_STR_ARG(tok->value), err);
    }

    return RP_OK;
}


/* A header name token: a non-empty HTTP token (RFC 9110 5.6.2). */
static int
rp_http_upstream_hc_header_name(struct rp_conf *cf,
    const struct rp_conf_token *tok, struct rp_http_upstream_hc_cond *cond)
{
    static const char  delims[] = "\"(),/:;<=>?@[\\]{}";
    size_t             i;
    u_char             ch;

    for (i = 0; i < tok->value.len; i++) {
        ch = tok->value.data[i];

        if (ch <= 0x20 || ch >= 0x7f || strchr(delims, ch) != NULL) {
            break;
        }
    }

    if (tok->value.len == 0 || i < tok->value.len) {
        return rp_conf_error_at(cf, tok, "invalid header name \"" RP_STR_FMT
                                "\"", RP_STR_ARG(tok->value));
    }

    cond->name = tok->value;

    return RP_OK;
}


/* header NAME | header ! NAME | header NAME (=|!=|~|!~) VALUE */
static int
rp_http_upstream_hc_header(struct rp_conf *cf,
    struct rp_http_upstream_hc_cond *cond)
{
    struct rp_conf_token  *op;

    switch (rp_conf_nargs(cf)) {

    case 1:
        cond->op = RP_HC_OP_PRESENT;
        return rp_http_upstream_hc_header_name(cf, rp_conf_arg(cf, 1), cond);

    case 2:
        if (!rp_str_eq_lit(&rp_conf_arg(cf, 1)->value, "!")) {
            break;
        }

        cond->op = RP_HC_OP_ABSENT;
        return rp_http_upstream_hc_header_name(cf, rp_conf_arg(cf, 2), cond);

    case 3:
        if (rp_http_upstream_hc_header_name(cf, rp_conf_arg(cf, 1), cond)
            != RP_OK)
        {
            return RP_ERROR;
        }

        op = rp_conf_arg(cf, 2);

        if (rp_str_eq_lit(&op->value, "=") || rp_str_eq_lit(&op->value, "!="))
        {
            cond->op = op->value.len == 1 ? RP_HC_OP_EQ : RP_HC_OP_NE;
            cond->value = rp_conf_arg(cf, 3)->value;
            return RP_OK;
        }

        if (rp_str_eq_lit(&op->value, "~") || rp_str_eq_lit(&op->value, "!~"))
        {
            cond->op = op->value.len == 1 ? RP_HC_OP_RE : RP_HC_OP_NRE;
            return rp_http_upstream_hc_regex(cf, rp_conf_arg(cf, 3), cond);
        }

        return rp_conf_error_at(cf, op, "invalid operator \"" RP_STR_FMT
                                "\": \"=\", \"!=\", \"~\" or \"!~\" is "
                                "expected", RP_STR_ARG(op->value));

    default:
        break;
    }

    return rp_conf_error(cf, "invalid \"header\" condition: \"header NAME\", "
                         "\"header ! NAME\" or \"header NAME OP VALUE\" is "
                         "expected");
}


/* body ~ RE | body !~ RE */
static int
rp_http_upstream_hc_body(struct rp_conf *cf,
    struct rp_http_upstream_hc_cond *cond)
{
    struct rp_conf_token  *op;

    if (rp_conf_nargs(cf) != 2) {
        return rp_conf_error(cf, "invalid \"body\" condition: \"body ~ "
                             "REGEX\" or \"body !~ REGEX\" is expected");
    }

    op = rp_conf_arg(cf, 1);

    if (rp_str_eq_lit(&op->value, "~")) {
        cond->op = RP_HC_OP_RE;

    } else if (rp_str_eq_lit(&op->value, "!~")) {
        cond->op = RP_HC_OP_NRE;

    } else {
        return rp_conf_error_at(cf, op, "invalid operator \"" RP_STR_FMT
                                "\": \"~\" or \"!~\" is expected",
                                RP_STR_ARG(op->value));
    }

    return rp_http_upstream_hc_regex(cf, rp_conf_arg(cf, 2), cond);
}


/* The line's tokens joined by spaces, for log messages. */
static int
rp_http_upstream_hc_text(struct rp_conf *cf, struct rp_str *text)
{
    size_t                 i, len;
    u_char                *p;
    struct rp_conf_token  *tok;

    len = 0;

    for (i = 0; i < cf->args->nelts; i++) {
        len += rp_conf_arg(cf, i)->value.len + 1;
    }

    p = rp_palloc(cf->pool, len);
    if (p == NULL) {
        return RP_ERROR;
    }

    text->data = p;

    for (i = 0; i < cf->args->nelts; i++) {
        tok = rp_conf_arg(cf, i);

        if (i) {
            *p++ = ' ';
        }

        p = rp_cpymem(p, tok->value.data, tok->value.len);
    }

    text->len = (size_t) (p - text->data);

    return RP_OK;
}


/* One "tokens ;" line of a match block (cf->handler). */
static int
rp_http_upstream_hc_match_line(struct rp_conf *cf, void *data)
{
    int                                rc;
    struct rp_conf_token              *tok;
    struct rp_http_upstream_hc_cond   *cond;
    struct rp_http_upstream_hc_match  *m = data;

    tok = rp_conf_arg(cf, 0);

    if (m->conds.nelts == RP_HC_MAX_CONDS) {
        return rp_conf_error(cf, "match \"" RP_STR_FMT "\" has more than %d "
                             "conditions", RP_STR_ARG(m->name),
                             RP_HC_MAX_CONDS);
    }

    cond = rp_array_push(&m->conds);
    if (cond == NULL) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    memset(cond, 0, sizeof(*cond));

    if (rp_str_eq_lit(&tok->value, "status")) {
        cond->what = RP_HC_STATUS;
        rc = rp_http_upstream_hc_status(cf, cond);

    } else if (rp_str_eq_lit(&tok->value, "header")) {
        cond->what = RP_HC_HEADER;
        rc = rp_http_upstream_hc_header(cf, cond);

    } else if (rp_str_eq_lit(&tok->value, "body")) {
        cond->what = RP_HC_BODY;
        rc = rp_http_upstream_hc_body(cf, cond);
        m->body = 1;

    } else {
        rc = rp_conf_error(cf, "unknown condition \"" RP_STR_FMT "\" in "
                           "match \"" RP_STR_FMT "\": \"status\", \"header\" "
                           "or \"body\" is expected", RP_STR_ARG(tok->value),
                           RP_STR_ARG(m->name));
    }

    if (rc == RP_OK && rp_http_upstream_hc_text(cf, &cond->text) != RP_OK) {
        rc = rp_conf_error(cf, "memory allocation failed");
    }

    if (rc != RP_OK) {
        m->conds.nelts--;
    }

    return rc;
}


/* See rp_http_upstream_hc.h. */
int
rp_http_upstream_hc_match_block(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf)
{
    int                                    rc;
    void                                  *saved_data;
    rp_conf_handler_pt                     saved;
    struct rp_conf_token                   name;
    struct rp_http_upstream_hc_match      *m;
    struct rp_http_upstream_hc_main_conf  *hmcf = conf;

    name = *rp_conf_arg(cf, 1);

    if (rp_http_upstream_hc_match_find(hmcf, &name.value) != NULL) {
        return rp_conf_error_at(cf, &name, "duplicate match \"" RP_STR_FMT
                                "\"", RP_STR_ARG(name.value));
    }

    m = rp_array_push(&hmcf->matches);
    if (m == NULL) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    memset(m, 0, sizeof(*m));
    m->name = name.value;

    if (rp_array_init(&m->conds, cf->pool, 4,
                      sizeof(struct rp_http_upstream_hc_cond)) != RP_OK)
    {
        return rp_conf_error(cf, "memory allocation failed");
    }

    saved = cf->handler;
    saved_data = cf->handler_data;
    cf->handler = rp_http_upstream_hc_match_line;
    cf->handler_data = m;

    rc = rp_conf_parse(cf, NULL);

    cf->handler = saved;
    cf->handler_data = saved_data;

    if (rc == RP_OK && m->conds.nelts == 0) {
        return rp_conf_error_at(cf, &name, "match \"" RP_STR_FMT "\" has no "
                                "conditions", RP_STR_ARG(name.value));
    }

    return rc == RP_OK ? RP_OK : RP_ERROR;
}


/* See rp_http_upstream_hc.h. */
const struct rp_http_upstream_hc_match *
rp_http_upstream_hc_match_find(
    const struct rp_http_upstream_hc_main_conf *hmcf,
    const struct rp_str *name)
{
    size_t                                   i;
    const struct rp_http_upstream_hc_match  *m = hmcf->matches.elts;

    for (i = 0; i < hmcf->matches.nelts; i++) {
        if (rp_str_eq(&m[i].name, name)) {
            return &m[i];
        }
    }

    return NULL;
}


/* See rp_http_upstream_hc.h. */
void
rp_http_upstream_hc_match_header(const struct rp_http_upstream_hc_match *m,
    struct rp_http_upstream_hc_seen *seen, const struct rp_str *name,
    const struct rp_str *value)
{
    size_t                                  i;
    uint64_t                                bit;
    const struct rp_http_upstream_hc_cond  *cond = m->conds.elts;

    for (i = 0; i < m->conds.nelts; i++) {
        if (cond[i].what != RP_HC_HEADER || cond[i].name.len != name->len
            || rp_str_casecmp(cond[i].name.data, name->data, name->len) != 0)
        {
            continue;
        }

        bit = (uint64_t) 1 << i;
        seen->present |= bit;

        if (cond[i].regex) {
            if (rp_regex_exec(cond[i].regex, value->data, value->len, NULL, 0)
                > 0)
            {
                seen->matched |= bit;
            }

        } else if (rp_str_eq(&cond[i].value, value)) {
            seen->matched |= bit;
        }
    }
}


/* 1 if status condition <cond> holds for <status>. */
static int
rp_http_upstream_hc_status_ok(const struct rp_http_upstream_hc_cond *cond,
    unsigned status)
{
    size_t  i;
    int     in;

    in = 0;

    for (i = 0; i < cond->nranges; i++) {
        if (status >= cond->ranges[i].lo && status <= cond->ranges[i].hi) {
            in = 1;
            break;
        }
    }

    return cond->op == RP_HC_OP_IN ? in : !in;
}


/* 1 if header condition <cond> (number <i>) holds after <seen>. */
static int
rp_http_upstream_hc_header_ok(const struct rp_http_upstream_hc_cond *cond,
    size_t i, const struct rp_http_upstream_hc_seen *seen)
{
    uint64_t  bit = (uint64_t) 1 << i;
    int       present, matched;

    present = (seen->present & bit) != 0;
    matched = (seen->matched & bit) != 0;

    switch (cond->op) {
    case RP_HC_OP_PRESENT:
        return present;
    case RP_HC_OP_ABSENT:
        return !present;
    case RP_HC_OP_EQ:
    case RP_HC_OP_RE:
        return matched;
    case RP_HC_OP_NE:
    case RP_HC_OP_NRE:
        return present && !matched;
    default:
        return 0;
    }
}


/* See rp_http_upstream_hc.h. */
const struct rp_http_upstream_hc_cond *
rp_http_upstream_hc_match_test(const struct rp_http_upstream_hc_match *m,
    const struct rp_http_upstream_hc_seen *seen, unsigned status,
    const u_char *body, size_t len)
{
    size_t                                  i;
    int                                     ok, rc;
    const struct rp_http_upstream_hc_cond  *cond = m->conds.elts;

    for (i = 0; i < m->conds.nelts; i++) {
        switch (cond[i].what) {

        case RP_HC_STATUS:
            ok = rp_http_upstream_hc_status_ok(&cond[i], status);
            break;

        case RP_HC_HEADER:
            ok = rp_http_upstream_hc_header_ok(&cond[i], i, seen);
            break;

        default:
            /* a matching error (match limit) fails the check either way */
            rc = rp_regex_exec(cond[i].regex, body, len, NULL, 0);
            ok = cond[i].op == RP_HC_OP_RE ? rc > 0 : rc == RP_DECLINED;
            break;
        }

        if (!ok) {
            return &cond[i];
        }
    }

    return NULL;
}
