/*
 * rp_http_proxy_buffer_conf.c - the directives of response buffering:
 * proxy_buffers, proxy_busy_buffers_size, proxy_temp_file_write_size,
 * proxy_max_temp_file_size and proxy_temp_path.
 *
 * Their values depend on each other (and on proxy_buffer_size), so they
 * are checked when the levels merge, as nginx checks them; each setter
 * records where its value was written so that such a late error still
 * names the file, line and column of the value at fault.  The buffering
 * itself is in rp_http_proxy_buffer.c.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_cycle.h"
#include "rp_http_proxy.h"


/* Report <msg> at <line>:<col> of the current file, or at the block. */
static int
rp_http_proxy_conf_error(struct rp_conf *cf, unsigned line, unsigned col,
    const char *msg)
{
    struct rp_conf_token  tok;

    if (line == 0) {
        return rp_conf_error(cf, "%s", msg);
    }

    memset(&tok, 0, sizeof(tok));
    tok.line = line;
    tok.col = col;

    return rp_conf_error_at(cf, &tok, "%s", msg);
}


/* See rp_http_proxy.h: proxy_buffers NUMBER SIZE. */
int
rp_http_proxy_set_buffers(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_proxy_loc_conf  *plcf = conf;
    struct rp_conf_token           *num, *size;
    uint64_t                        n;
    size_t                          v;

    if (plcf->bufs_num != RP_UNSET) {
        return rp_conf_error(cf, "\"%s\" directive is duplicate", cmd->name);
    }

    num = rp_conf_arg(cf, 1);
    size = rp_conf_arg(cf, 2);

    if (rp_parse_uint(num->value.data, num->value.len, UINT64_MAX, &n)
        != RP_OK)
    {
        return rp_conf_error_at(cf, num, "invalid number \"" RP_STR_FMT
                                "\" in \"%s\" directive",
                                RP_STR_ARG(num->value), cmd->name);
    }

    if (n < 2 || n > 1024) {
        return rp_conf_error_at(cf, num, "there must be between 2 and 1024 "
                                "\"%s\"", cmd->name);
    }

    if (rp_parse_size(size->value.data, size->value.len, &v) != RP_OK) {
        return rp_conf_error_at(cf, size, "invalid size \"" RP_STR_FMT
                                "\" in \"%s\" directive",
                                RP_STR_ARG(size->value), cmd->name);
    }

    if (v < 1024 || v > 16 * 1024 * 1024) {
        return rp_conf_error_at(cf, size, "buffer size \"" RP_STR_FMT
                                "\" in \"%s\" directive must be between 1024 "
                                "and 16777216", RP_STR_ARG(size->value),
                                cmd->name);
    }

    plcf->bufs_num = (int64_t) n;
    plcf->bufs_size = v;
    plcf->pos.bufs_line = num->line;
    plcf->pos.bufs_col = num->col;

    return RP_OK;
}


/* See rp_http_proxy.h: a size slot that remembers where it was set. */
int
rp_http_proxy_set_buf_size(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_proxy_loc_conf  *plcf = conf;
    struct rp_conf_token           *value;
    unsigned                       *line, *col;

    if (rp_conf_set_size(cf, cmd, conf) != RP_OK) {
        return RP_ERROR;
    }

    if (cmd->offset == offsetof(struct rp_http_proxy_loc_conf,
                                busy_buffers_size))
    {
        line = &plcf->pos.busy_line;
        col = &plcf->pos.busy_col;
    } else if (cmd->offset == offsetof(struct rp_http_proxy_loc_conf,
                                       temp_file_write_size))
    {
        line = &plcf->pos.write_line;
        col = &plcf->pos.write_col;
    } else {
        line = &plcf->pos.temp_line;
        col = &plcf->pos.temp_col;
    }

    value = rp_conf_arg(cf, 1);
    *line = value->line;
    *col = value->col;

    return RP_OK;
}


/* See rp_http_proxy.h: proxy_temp_path PATH [L1 [L2 [L3]]]. */
int
rp_http_proxy_set_temp_path(struct rp_conf *cf, const struct rp_command *cmd,
    void *conf)
{
    struct rp_http_proxy_loc_conf  *plcf = conf;
    struct rp_conf_token           *level;
    struct rp_str                   name;
    size_t                          i;

    if (plcf->temp_path.data != NULL) {
        return rp_conf_error(cf, "\"%s\" directive is duplicate", cmd->name);
    }

    for (i = 2; i <= rp_conf_nargs(cf); i++) {
        level = rp_conf_arg(cf, i);

        if (level->value.len != 1
            || (level->value.data[0] != '1' && level->value.data[0] != '2'))
        {
            return rp_conf_error_at(cf, level, "invalid level \"" RP_STR_FMT
                                    "\" in \"%s\" directive, it must be 1 "
                                    "or 2", RP_STR_ARG(level->value),
                                    cmd->name);
        }

        plcf->temp_levels[i - 2] = (unsigned) (level->value.data[0] - '0');
    }

    name = rp_conf_arg(cf, 1)->value;

    if (name.len == 0) {
        return rp_conf_error_at(cf, rp_conf_arg(cf, 1), "empty path in "
                                "\"%s\" directive", cmd->name);
    }

    if (rp_conf_full_name(cf, &name) != RP_OK) {
        return rp_conf_error(cf, "memory allocation failed");
    }

    plcf->temp_path = name;

    return RP_OK;
}


/*
 * Inherit or default the buffer counts and sizes, then check them as
 * nginx does.  The defaults follow nginx's (8 4k buffers; busy and
 * temp file write size twice the larger of a buffer and
 * proxy_buffer_size), except that a default busy size is capped below
 * all buffers minus one, so the default proxy_buffer_size of 16k with
 * the default proxy_buffers is valid; set explicitly, it is checked.
 */
static int
rp_http_proxy_merge_sizes(struct rp_conf *cf,
    struct rp_http_proxy_loc_conf *prev, struct rp_http_proxy_loc_conf *conf)
{
    size_t  size, all;

    if (conf->bufs_num == RP_UNSET) {
        conf->bufs_num = prev->bufs_num == RP_UNSET ? 8 : prev->bufs_num;
        conf->bufs_size = prev->bufs_num == RP_UNSET ? 4096
                                                     : prev->bufs_size;
        conf->pos.bufs_line = prev->pos.bufs_line;
        conf->pos.bufs_col = prev->pos.bufs_col;
    }

    size = rp_max(conf->buffer_size, conf->bufs_size);
    all = (size_t) (conf->bufs_num - 1) * conf->bufs_size;

    /* a value set by a directive is inherited; a default is recomputed
     * at each level, from that level's buffer sizes */
    if (conf->pos.busy_line == 0) {
        conf->pos.busy_line = prev->pos.busy_line;
        conf->pos.busy_col = prev->pos.busy_col;
        conf->busy_buffers_size = prev->pos.busy_line
                                  ? prev->busy_buffers_size
                                  : rp_min(2 * size, all);
    }

    if (conf->pos.write_line == 0) {
        conf->pos.write_line = prev->pos.write_line;
        conf->pos.write_col = prev->pos.write_col;
        conf->temp_file_write_size = prev->pos.write_line
                                     ? prev->temp_file_write_size
                                     : 2 * size;
    }

    if (conf->pos.temp_line == 0) {
        conf->pos.temp_line = prev->pos.temp_line;
        conf->pos.temp_col = prev->pos.temp_col;
        conf->max_temp_file_size = prev->pos.temp_line
                                   ? prev->max_temp_file_size
                                   : (size_t) 1024 * 1024 * 1024;
    }

    if (conf->pos.busy_line && conf->busy_buffers_size < size) {
        return rp_http_proxy_conf_error(cf, conf->pos.busy_line,
            conf->pos.busy_col, "\"proxy_busy_buffers_size\" must be equal "
            "to or greater than the maximum of the value of "
            "\"proxy_buffer_size\" and one of the \"proxy_buffers\"");
    }

    if (conf->busy_buffers_size > all) {
        return rp_http_proxy_conf_error(cf, conf->pos.busy_line
                                            ? conf->pos.busy_line
                                            : conf->pos.bufs_line,
            conf->pos.busy_line ? conf->pos.busy_col : conf->pos.bufs_col,
            "\"proxy_busy_buffers_size\" must be less than the size of all "
            "\"proxy_buffers\" minus one buffer");
    }

    if (conf->pos.write_line && conf->temp_file_write_size < size) {
        return rp_http_proxy_conf_error(cf, conf->pos.write_line,
            conf->pos.write_col, "\"proxy_temp_file_write_size\" must be "
            "equal to or greater than the maximum of the value of "
            "\"proxy_buffer_size\" and one of the \"proxy_buffers\"");
    }

    if (conf->pos.temp_line && conf->max_temp_file_size != 0
        && conf->max_temp_file_size < size)
    {
        return rp_http_proxy_conf_error(cf, conf->pos.temp_line,
            conf->pos.temp_col, "\"proxy_max_temp_file_size\" must be equal "
            "to zero to disable temporary files usage or must be equal to "
            "or greater than the maximum of the value of "
            "\"proxy_buffer_size\" and one of the \"proxy_buffers\"");
    }

    return RP_OK;
}


/* See rp_http_proxy.h. */
int
rp_http_proxy_merge_buffering(struct rp_conf *cf,
    struct rp_http_proxy_loc_conf *prev, struct rp_http_proxy_loc_conf *conf)
{
    rp_conf_merge_value(conf->buffering, prev->buffering, 1);
    rp_conf_merge_value(conf->request_buffering, prev->request_buffering, 1);
    rp_conf_merge_bitmask(conf->ignore_headers, prev->ignore_headers, 0);

    if (rp_http_proxy_merge_sizes(cf, prev, conf) != RP_OK) {
        return RP_ERROR;
    }

    if (conf->temp_path.data == NULL) {
        if (prev->temp_path.data == NULL) {
            rp_str_set(&prev->temp_path, "proxy_temp");

            if (rp_conf_full_name(cf, &prev->temp_path) != RP_OK) {
                return RP_ERROR;
            }
        }

        conf->temp_path = prev->temp_path;
        memcpy(conf->temp_levels, prev->temp_levels,
               sizeof(conf->temp_levels));
    }

    /* the master creates it, owned by the workers' user */
    return rp_cycle_add_path(cf->cycle, &conf->temp_path);
}
