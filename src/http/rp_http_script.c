/*
 * rp_http_script.c - complex values: directive arguments with $variables
 * ("$scheme://$host$request_uri"), compiled at config load into literal
 * pieces and variable indexes, evaluated per request into r->pool.
 *
 * Syntax, as nginx: "$name" (letters, digits, '_'), "${name}" to glue a
 * name to following name bytes, "$1".."$9" (one digit: "$12" is capture
 * 1 then "2"; "${12}" is capture 12).  A "$" followed by any other byte
 * (or ending the value) is an ordinary byte, so regex anchors survive.
 * The tokenizer has already rejected "${" without its "}" and sets
 * tok->has_vars; a token without it is a plain literal.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_http.h"
#include "rp_http_request.h"
#include "rp_http_script.h"
#include "rp_http_variables.h"

#define RP_HTTP_SCRIPT_LITERAL  ((size_t) -1)

/* Parts evaluated with values kept on the stack; more use r->pool. */
#define RP_HTTP_SCRIPT_STACK    16


static int
rp_http_script_is_name(u_char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
           || (c >= '0' && c <= '9') || c == '_';
}


/* Append a part to <parts> (an rp_array); RP_OK or RP_ERROR. */
static int
rp_http_script_add(struct rp_array *parts, const u_char *text, size_t len,
    size_t index)
{
    struct rp_http_script_part  *part;

    part = rp_array_push(parts);
    if (part == NULL) {
        return RP_ERROR;
    }

    part->text.data = (u_char *) text;
    part->text.len = len;
    part->index = index;

    return RP_OK;
}


/*
 * Read the variable reference starting at the '$' at <p> (< <end>) into
 * <name>; returns the byte after it, or <p> when the '$' is literal, or
 * NULL for a malformed "${...}".
 */
static const u_char *
rp_http_script_ref(const u_char *p, const u_char *end, struct rp_str *name)
{
    const u_char  *q;

    p++;

    if (p < end && *p == '{') {
        q = memchr(p, '}', (size_t) (end - p));
        if (q == NULL || q == p + 1) {
            return NULL;
        }

        name->data = (u_char *) p + 1;
        name->len = (size_t) (q - p - 1);
        return q + 1;
    }

    if (p < end && *p >= '0' && *p <= '9') {
        name->data = (u_char *) p;
        name->len = 1;
        return p + 1;
    }

    for (q = p; q < end && rp_http_script_is_name(*q); q++) {
        /* void */
    }

    if (q == p) {
        return p - 1;
    }

    name->data = (u_char *) p;
    name->len = (size_t) (q - p);

    return q;
}


/* See rp_http_script.h. */
int
rp_http_compile_complex_value(struct rp_conf *cf,
    const struct rp_conf_token *tok, struct rp_http_complex_value *cv)
{
    int               index;
    const u_char     *p, *end, *lit, *next;
    struct rp_str     name;
    struct rp_array   parts;

    cv->value = tok->value;
    cv->parts = NULL;
    cv->nparts = 0;

    if (!tok->has_vars) {
        return RP_OK;
    }

    if (rp_array_init(&parts, cf->pool, 4,
                      sizeof(struct rp_http_script_part)) != RP_OK)
    {
        return rp_conf_error_at(cf, tok, "memory allocation failed");
    }

    p = tok->value.data;
    end = p + tok->value.len;
    lit = p;

    while (p < end) {
        if (*p != '$') {
            p++;
            continue;
        }

        next = rp_http_script_ref(p, end, &name);

        if (next == NULL) {
            return rp_conf_error_at(cf, tok, "invalid variable name in \""
                                    RP_STR_FMT "\"", RP_STR_ARG(tok->value));
        }

        if (next == p) {
            p++;
            continue;
        }

        if (p > lit
            && rp_http_script_add(&parts, lit, (size_t) (p - lit),
                                  RP_HTTP_SCRIPT_LITERAL) != RP_OK)
        {
            return rp_conf_error_at(cf, tok, "memory allocation failed");
        }

        index = rp_http_get_variable_index(cf, &name);
        if (index == RP_ERROR) {
            return RP_ERROR;
        }

        if (rp_http_script_add(&parts, NULL, 0, (size_t) index) != RP_OK) {
            return rp_conf_error_at(cf, tok, "memory allocation failed");
        }

        p = next;
        lit = p;
    }

    if (p > lit
        && rp_http_script_add(&parts, lit, (size_t) (p - lit),
                              RP_HTTP_SCRIPT_LITERAL) != RP_OK)
    {
        return rp_conf_error_at(cf, tok, "memory allocation failed");
    }

    /* "$" alone, or only "$" followed by non-name bytes: a literal */
    if (parts.nelts == 1 && ((struct rp_http_script_part *)
                             parts.elts)[0].index == RP_HTTP_SCRIPT_LITERAL)
    {
        return RP_OK;
    }

    cv->parts = parts.elts;
    cv->nparts = parts.nelts;

    return RP_OK;
}


/*
 * See rp_http_script.h.  Each variable is evaluated once (flushed, so a
 * no_cacheable value is current) and its value kept for the copy pass:
 * evaluating twice could give a different length the second time.  A
 * value that is not found counts as empty.  A plain literal is returned
 * as it is, without a copy.
 */
int
rp_http_complex_value(struct rp_http_request *r,
    const struct rp_http_complex_value *cv, struct rp_str *out)
{
    size_t                           i, len;
    u_char                          *p;
    struct rp_str                    stack[RP_HTTP_SCRIPT_STACK], *vals;
    struct rp_http_variable_value   *vv;
    const struct rp_http_script_part *part;

    if (cv->parts == NULL) {
        *out = cv->value;
        return RP_OK;
    }

    vals = stack;

    if (cv->nparts > RP_HTTP_SCRIPT_STACK) {
        vals = rp_palloc(r->pool, cv->nparts * sizeof(struct rp_str));
        if (vals == NULL) {
            return RP_ERROR;
        }
    }

    len = 0;

    for (i = 0; i < cv->nparts; i++) {
        part = &cv->parts[i];

        if (part->index == RP_HTTP_SCRIPT_LITERAL) {
            vals[i] = part->text;

        } else {
            vv = rp_http_get_flushed_variable(r, part->index);
            if (vv == NULL) {
                return RP_ERROR;
            }

            vals[i].data = vv->data;
            vals[i].len = vv->not_found ? 0 : vv->len;
        }

        len += vals[i].len;
    }

    p = rp_palloc(r->pool, len ? len : 1);
    if (p == NULL) {
        return RP_ERROR;
    }

    out->data = p;

    for (i = 0; i < cv->nparts; i++) {
        if (vals[i].len) {
            p = rp_cpymem(p, vals[i].data, vals[i].len);
        }
    }

    out->len = len;

    return RP_OK;
}


/*
 * See rp_http_script.h.  The field at cmd->offset of <conf> is a
 * struct rp_http_complex_value * : NULL while unset (merge with
 * "if (conf->x == NULL) conf->x = prev->x;"), then a value compiled into
 * cf->pool.  A second occurrence in the same block is a duplicate.
 */
int
rp_http_set_complex_value_slot(struct rp_conf *cf,
    const struct rp_command *cmd, void *conf)
{
    struct rp_http_complex_value  **field, *cv;

    field = (struct rp_http_complex_value **) ((char *) conf + cmd->offset);

    if (*field != NULL) {
        return rp_conf_error(cf, "\"%s\" directive is duplicate", cmd->name);
    }

    cv = rp_palloc(cf->pool, sizeof(struct rp_http_complex_value));
    if (cv == NULL) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    if (rp_http_compile_complex_value(cf, rp_conf_arg(cf, 1), cv) != RP_OK) {
        return RP_ERROR;
    }

    *field = cv;

    return RP_OK;
}
