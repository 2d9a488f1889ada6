/*
 * rampart.c - main(): the command line.
 *
 *   rampart [-hvVtTq] [-s signal] [-p prefix] [-c file] [-e file]
 *           [-g directives]
 *
 * The letters and their meaning are nginx's, so operators' habits and
 * scripts carry over.  main() parses the options, then either answers
 * at once (-h, -v, -V), checks the configuration (-t, -T), signals a
 * running master (-s), or builds the first cycle, becomes a daemon if
 * asked, writes the pid file and runs the master loop.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_core_module.h"
#include "rp_cycle_init.h"
#include "rp_daemon.h"
#include "rp_listen.h"
#include "rp_process.h"
#include "rp_upgrade.h"

#include <openssl/opensslv.h>

extern struct rp_module  *rp_modules_list[];

struct rp_options {
    const char  *prefix;
    const char  *conf_file;
    const char  *error_log;
    const char  *conf_param;
    const char  *signal;
    unsigned     test:1;
    unsigned     dump:1;
    unsigned     quiet:1;
    unsigned     version:1;
    unsigned     build_info:1;
    unsigned     help:1;
};


static void
rp_show_usage(void)
{
    fprintf(stderr,
        "Usage: rampart [-hvVtTq] [-s signal] [-p prefix] [-c file] "
        "[-e file] [-g directives]\n\n"
        "Options:\n"
        "  -?,-h         : this help\n"
        "  -v            : show version and exit\n"
        "  -V            : show version and configure options then exit\n"
        "  -t            : test configuration and exit\n"
        "  -T            : test configuration, dump it and exit\n"
        "  -q            : suppress non-error messages during "
        "configuration testing\n"
        "  -s signal     : send signal to a master process: stop, quit, "
        "reopen, reload\n"
        "  -p prefix     : set prefix path (default: %s)\n"
        "  -c filename   : set configuration file (default: %s)\n"
        "  -e filename   : set error log file (default: %s)\n"
        "  -g directives : set global directives out of configuration "
        "file\n\n", RP_PREFIX, RP_CONF_PATH, RP_ERROR_LOG_PATH);
}


/* Value of an option: the rest of this word, or the next word. */
static const char *
rp_option_value(int argc, char **argv, int *i, const char *p, char opt)
{
    if (p[1] != '\0') {
        return p + 1;
    }

    if (*i + 1 < argc) {
        return argv[++*i];
    }

    rp_log_stderr(0, "option \"-%c\" requires %s", opt,
                  opt == 's' ? "signal name" : "parameter");
    return NULL;
}


static int
rp_get_options(int argc, char **argv, struct rp_options *o)
{
    const char  *p, **dst;
    int          i;

    for (i = 1; i < argc; i++) {
        p = argv[i];

        if (*p++ != '-' || *p == '\0') {
            rp_log_stderr(0, "invalid option: \"%s\"", argv[i]);
            return RP_ERROR;
        }

        for ( ; *p; p++) {
            switch (*p) {
            case '?':
            case 'h':
                o->help = 1;
                continue;
            case 'v':
                o->version = 1;
                continue;
            case 'V':
                o->version = 1;
                o->build_info = 1;
                continue;
            case 't':
                o->test = 1;
                continue;
            case 'T':
                o->test = 1;
                o->dump = 1;
                continue;
            case 'q':
                o->quiet = 1;
                continue;
            case 'p':
                dst = &o->prefix;
                break;
            case 'c':
                dst = &o->conf_file;
                break;
            case 'e':
                dst = &o->error_log;
                break;
            case 'g':
                dst = &o->conf_param;
                break;
            case 's':
                dst = &o->signal;
                break;
            default:
                rp_log_stderr(0, "invalid option: \"-%c\"", *p);
                return RP_ERROR;
            }

            *dst = rp_option_value(argc, argv, &i, p, *p);
            if (*dst == NULL) {
                return RP_ERROR;
            }

            if (dst == &o->signal && rp_signal_by_name(o->signal) == -1) {
                rp_log_stderr(0, "invalid option: \"-s %s\"", o->signal);
                return RP_ERROR;
            }

            break;
        }
    }

    return RP_OK;
}


/* Copy the NUL-terminated <src> (may be NULL: empty) into <dst>. */
static int
rp_options_copy(struct rp_pool *pool, struct rp_str *dst, const char *src)
{
    struct rp_str  s;

    if (src == NULL) {
        dst->len = 0;
        dst->data = NULL;
        return RP_OK;
    }

    s.len = strlen(src);
    s.data = (u_char *) src;

    dst->data = (u_char *) rp_pstrdup_z(pool, &s);
    dst->len = s.len;

    return dst->data ? RP_OK : RP_ERROR;
}


/*
 * Fill <params> from the options: an absolute prefix ending in '/', the
 * config file resolved against it.  RP_OK or RP_ERROR (printed).
 */
static int
rp_process_options(struct rp_options *o, struct rp_pool *pool,
    struct rp_cycle_params *params)
{
    char           cwd[PATH_MAX];
    struct rp_str  s;
    u_char        *d;
    size_t         len;

    memset(params, 0, sizeof(*params));

    s.data = (u_char *) (o->prefix ? o->prefix : RP_PREFIX);
    s.len = strlen((const char *) s.data);

    if (s.data[0] != '/') {
        if (getcwd(cwd, sizeof(cwd)) == NULL) {
            rp_log_stderr(errno, "[emerg] getcwd() failed");
            return RP_ERROR;
        }

        struct rp_str  c = { strlen(cwd), (u_char *) cwd };
        len = c.len + 1 + s.len + 1;

        d = rp_palloc(pool, len + 1);
        if (d == NULL) {
            return RP_ERROR;
        }

        len = (size_t) snprintf((char *) d, len + 1, "%s/%s", cwd,
                                (const char *) s.data);

        /* "/src/." and "/src/./" are written as "/src/" */
        while (len >= 2 && d[len - 1] == '.' && d[len - 2] == '/') {
            len--;
        }

        d[len] = '\0';

        s.data = d;
        s.len = len;
    }

    if (s.data[s.len - 1] != '/') {
        d = rp_palloc(pool, s.len + 2);
        if (d == NULL) {
            return RP_ERROR;
        }
        memcpy(d, s.data, s.len);
        d[s.len++] = '/';
        d[s.len] = '\0';
        s.data = d;
    }

    /*
     * Everything that points into argv is copied: the process title is
     * written over the argv area later.
     */
    if (rp_options_copy(pool, &params->prefix, (const char *) s.data)
           != RP_OK
        || rp_options_copy(pool, &params->conf_param, o->conf_param) != RP_OK
        || rp_options_copy(pool, &params->error_log, o->error_log) != RP_OK)
    {
        return RP_ERROR;
    }

    if (rp_options_copy(pool, &params->conf_file,
                        o->conf_file ? o->conf_file : RP_CONF_PATH) != RP_OK)
    {
        return RP_ERROR;
    }

    if (rp_cycle_full_name(pool, &params->prefix, &params->conf_file)
        != RP_OK)
    {
        return RP_ERROR;
    }

    params->test = o->test;
    params->dump = o->dump;

    return RP_OK;
}


/*
 * -e FILE: until the configuration's own error_log is open, start-up
 * messages go to FILE (and errors also to the terminal).
 */
static int
rp_bootstrap_log(struct rp_cycle *boot, struct rp_cycle_params *params)
{
    static struct rp_log        log;
    static struct rp_open_file  file;

    if (params->error_log.len == 0
        || rp_str_eq_lit(&params->error_log, "stderr"))
    {
        return RP_OK;
    }

    file.name = params->error_log;
    if (rp_cycle_full_name(boot->pool, &params->prefix, &file.name)
        != RP_OK)
    {
        return RP_ERROR;
    }

    file.fd = -1;
    if (rp_log_open_file(&file) != RP_OK) {
        rp_log_stderr(errno, "[alert] could not open error log file: "
                      "open() \"%s\" failed", (const char *) file.name.data);
        return RP_ERROR;
    }

    log.level = RP_LOG_NOTICE;
    log.file = &file;
    log.to_stderr = 1;
    boot->log = &log;

    return RP_OK;
}


static void
rp_show_version(const struct rp_options *o)
{
    fprintf(stderr, "rampart version: rampart/%s\n", RP_VERSION);

    if (o->build_info) {
        fprintf(stderr, "built by %s\n", RP_CC_VERSION);
        fprintf(stderr, "built with %s\n", OPENSSL_VERSION_TEXT);
        fprintf(stderr, "configure arguments: %s\n", RP_CONFIGURE_ARGS);
    }
}


/* -s: send a signal to the master named by the configured pid file. */
static int
rp_send_signal(struct rp_cycle *boot, struct rp_cycle_params *params,
    const char *name)
{
    const struct rp_core_conf  *ccf;
    struct rp_cycle            *cycle;
    pid_t                       pid;
    int                         signo, rc;

    params->parse_only = 1;

    cycle = rp_cycle_init(boot, params);
    if (cycle == NULL) {
        return 1;
    }

    ccf = rp_core_get_conf(cycle);
    signo = rp_signal_by_name(name);
    rc = 0;

    pid = rp_pidfile_read(&ccf->pid, &(struct rp_log) {
                              0, NULL, 0, 0, NULL, NULL, NULL });
    if (pid == -1) {
        rp_log_error(RP_LOG_ERR, boot->log, errno, "cannot read pid file "
                     "\"%s\", is rampart running?",
                     (const char *) ccf->pid.data);
        rc = 1;

    } else if (kill(pid, signo) == -1) {
        rp_log_error(RP_LOG_ERR, boot->log, errno, "kill(%d, %s) failed, "
                     "is rampart running?", (int) pid, rp_signal_name(signo));
        rc = 1;
    }

    rp_pool_destroy(cycle->pool);

    return rc;
}


static int
rp_test_config(struct rp_cycle *boot, struct rp_cycle_params *params)
{
    struct rp_cycle      *cycle;
    struct rp_conf_dump  *d;
    size_t                i;
    const char           *name = (const char *) params->conf_file.data;

    cycle = rp_cycle_init(boot, params);
    if (cycle == NULL) {
        rp_log_stderr(0, "configuration file %s test failed", name);
        return 1;
    }

    if (!rp_log_quiet) {
        rp_log_stderr(0, "the configuration file %s syntax is ok", name);
        rp_log_stderr(0, "configuration file %s test is successful", name);
    }

    if (params->dump) {
        d = cycle->config_dump.elts;

        for (i = 0; i < cycle->config_dump.nelts; i++) {
            printf("# configuration file " RP_STR_FMT ":\n" RP_STR_FMT,
                   RP_STR_ARG(d[i].name), RP_STR_ARG(d[i].text));

            if (d[i].text.len == 0 || d[i].text.data[d[i].text.len - 1]
                                      != '\n')
            {
                printf("\n");
            }

            printf("\n");
        }

        (void) fflush(stdout);
    }

    rp_pool_destroy(cycle->pool);

    return 0;
}


/*
 * A copy of argv for USR2 (the process title overwrites the original),
 * with argv[0] made absolute so the exec does not depend on the cwd.
 * NULL on allocation failure.
 */
static char **
rp_save_argv(int argc, char **argv)
{
    char  **copy, path[PATH_MAX];
    int     i;

    copy = calloc((size_t) argc + 1, sizeof(char *));
    if (copy == NULL) {
        return NULL;
    }

    for (i = 0; i < argc; i++) {
        if (i == 0 && strchr(argv[0], '/') && realpath(argv[0], path)) {
            copy[i] = strdup(path);
        } else {
            copy[i] = strdup(argv[i]);
        }

        if (copy[i] == NULL) {
            return NULL;
        }
    }

    return copy;
}


static int
rp_before_open(struct rp_cycle *cycle)
{
    return rp_pidfile_check(&rp_core_get_conf(cycle)->pid, cycle->log);
}


static void
rp_free_argv(char **copy)
{
    char  **p;

    for (p = copy; *p; p++) {
        free(*p);
    }

    free(copy);
}


/*
 * Start the daemon: build the first cycle, detach if asked, write the
 * pid file and become the master.  Returns (1) only when starting
 * failed, after releasing what it had made.
 */
static int
rp_run(struct rp_cycle *boot, struct rp_cycle_params *params, int argc,
    char **argv)
{
    const struct rp_core_conf  *ccf;
    struct rp_cycle            *cycle;
    char                      **saved_argv;

    saved_argv = rp_save_argv(argc, argv);
    if (saved_argv == NULL) {
        rp_log_stderr(errno, "[emerg] cannot copy the command line");
        return 1;
    }

    rp_proctitle_init(argc, argv);

    if (rp_upgrade_inherit(boot) != RP_OK) {
        goto failed;
    }

    params->before_open = rp_before_open;
    cycle = rp_cycle_init(boot, params);
    params->before_open = NULL;

    if (cycle == NULL) {
        goto failed;
    }

    rp_cycle = cycle;
    rp_listen_close_unused(boot);
    ccf = rp_core_get_conf(cycle);

    if (rp_signals_init(cycle->log) != RP_OK
        || (ccf->daemon && rp_daemon_detach(cycle->log) != RP_OK)
        || rp_pidfile_write(&ccf->pid, cycle->log) != RP_OK)
    {
        rp_listen_close_all(cycle);
        rp_pool_destroy(cycle->pool);
        goto failed;
    }

    rp_log_error(RP_LOG_NOTICE, cycle->log, 0, "rampart/%s started, master "
                 "process %d", RP_VERSION, (int) getpid());

    rp_master_process_cycle(cycle, params, argc, saved_argv);

failed:

    rp_free_argv(saved_argv);
    return 1;
}


int
main(int argc, char **argv)
{
    static struct rp_cycle_params  params;
    struct rp_options              o;
    struct rp_cycle                boot;
    int                            rc;

    if (rp_daemon_fix_stdio() != RP_OK) {
        return 1;
    }

    memset(&o, 0, sizeof(o));

    if (rp_get_options(argc, argv, &o) != RP_OK) {
        return 1;
    }

    if (o.help || o.version) {
        if (o.version) {
            rp_show_version(&o);
        }
        if (o.help) {
            rp_show_usage();
        }
        return 0;
    }

    rp_log_quiet = o.quiet;
    rp_time_update();
    rp_modules_init(rp_modules_list);

    memset(&boot, 0, sizeof(boot));
    boot.log = &rp_log_stderr_log;
    boot.pool = rp_pool_create(0, 0, boot.log);
    if (boot.pool == NULL
        || rp_array_init(&boot.listening, boot.pool, 4,
                         sizeof(struct rp_listening)) != RP_OK)
    {
        return 1;
    }

    if (rp_process_options(&o, boot.pool, &params) != RP_OK
        || rp_bootstrap_log(&boot, &params) != RP_OK)
    {
        rp_pool_destroy(boot.pool);
        return 1;
    }

    if (o.signal || o.test) {
        rc = o.signal ? rp_send_signal(&boot, &params, o.signal)
                      : rp_test_config(&boot, &params);
        rp_pool_destroy(boot.pool);
        return rc;
    }

    rc = rp_run(&boot, &params, argc, argv);

    /* only failures to start come back here */
    rp_pool_destroy(boot.pool);

    return rc;
}
