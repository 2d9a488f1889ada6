/*
 * rp_daemon.h - the pieces of becoming a well-behaved daemon: sane
 * standard descriptors, detaching, the pid file, dropping privileges,
 * and the process title shown by ps.
 */

#ifndef RP_DAEMON_H
#define RP_DAEMON_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_cycle.h"

struct rp_core_conf;

int rp_daemon_fix_stdio(void);
int rp_daemon_detach(struct rp_log *log);

int rp_pidfile_check(const struct rp_str *path, struct rp_log *log);
int rp_pidfile_write(const struct rp_str *path, struct rp_log *log);
void rp_pidfile_remove(const struct rp_str *path);
void rp_pidfile_close_inherited(void);
pid_t rp_pidfile_read(const struct rp_str *path, struct rp_log *log);

int rp_daemon_drop_privileges(const struct rp_core_conf *ccf,
    struct rp_log *log);

void rp_proctitle_init(int argc, char **argv);
void rp_proctitle_set(const char *title);

#endif /* RP_DAEMON_H */
