/*
 * rp_test_conf.h - a fixture for unit tests that parse real config text.
 *
 * rp_test_conf_setup() installs a module list, makes a fresh temp dir
 * (the cwd and the cycle prefix), a cycle with every core module's conf,
 * an rp_conf ready for rp_conf_parse() and a log whose lines (tty style,
 * "rampart: [level] msg") land in a temp file the test can read back as
 * text.  A test then parses "http { ... }" or any other config text and
 * asserts on the return code, the logged text and the built confs.  It
 * knows nothing about http (rp_http_get_ctx(rp_test_conf_cycle()) finds
 * the http ctx), so linking it into every test binary costs nothing;
 * it is independent of the e2e harness in rp_test.h.  Every call fails
 * the running Check test on a system error.
 */

#ifndef RP_TEST_CONF_H
#define RP_TEST_CONF_H

#include "rp_config.h"
#include "rp_core.h"
#include "rp_conf.h"
#include "rp_cycle.h"
#include "rp_module.h"

/*
 * Install <modules> (NULL-terminated) with rp_modules_init(), create
 * and enter a temp dir, open the log and build a fresh cycle.  Use as
 * (or from) a Check checked fixture, with rp_test_conf_teardown().
 */
void rp_test_conf_setup(struct rp_module **modules);

/* Free the cycle, close the log, leave and remove the temp dir. */
void rp_test_conf_teardown(void);

/*
 * A fresh cycle and rp_conf (same module list) and an empty log, for
 * another config in the same test.
 */
void rp_test_conf_reset(void);

/* Write <text> to the file <name>, relative to the temp dir. */
void rp_test_conf_write(const char *name, const char *text);

/* Write <text> to main.conf and parse it: rp_conf_parse()'s result. */
int rp_test_conf_parse(const char *text);

/* rp_test_conf_parse() of "http {\n<body>}\n". */
int rp_test_conf_parse_http(const char *body);

/*
 * rp_test_conf_reset(), then parsing "http { <body> }" must fail with
 * exactly the log line "rampart: [emerg] <msg>\n".
 */
void rp_test_conf_expect_error(const char *body, const char *msg);

/*
 * rp_test_conf_reset(), then "http { <body> }" must parse (else the test
 * aborts showing the log) and log nothing.
 */
void rp_test_conf_parse_ok(const char *body);

/* Everything logged since setup or the last reset, NUL-terminated. */
const char *rp_test_conf_logged(void);

/* The cycle, the rp_conf, the cycle's pool and the log of the fixture. */
struct rp_cycle *rp_test_conf_cycle(void);
struct rp_conf *rp_test_conf_cf(void);
struct rp_pool *rp_test_conf_pool(void);
struct rp_log *rp_test_conf_log(void);

#endif /* RP_TEST_CONF_H */
