/*
 * rp_test.h - the end-to-end test harness: start the real objs/rampart.
 *
 * Every e2e test runs in its own Check fork-mode child.  The checked
 * fixture rp_test_setup() gives it a fresh temp dir (with logs/), a few
 * free loopback ports and a watchdog process; the test writes proxy.conf
 * from a template, starts the daemon, drives it with signals and
 * "rampart -s", and asserts on processes (/proc), sockets and the error
 * log.  The watchdog outlives the test child: when the child ends for any
 * reason (pass, failed assertion, crash, Check timeout) it SIGKILLs every
 * rampart process the test started, prints the error log and the captured
 * stderr if the test did not pass, and removes the temp dir unless
 * RP_TEST_KEEP=1.  All waits poll with short sleeps up to an explicit
 * deadline, scaled by RP_TEST_TIMEOUT_SCALE for slow (sanitizer) builds.
 */

#ifndef RP_TEST_H
#define RP_TEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <sys/types.h>
#include <limits.h>
#include <stddef.h>

#include <check.h>

#define RP_TEST_MAX_PORTS    4
#define RP_TEST_MAX_WORKERS  64
#define RP_TEST_TIMEOUT      30      /* seconds per test case (Check) */
#define RP_TEST_READY_MS     5000    /* start-up deadline */
#define RP_TEST_MAX_TRACKED  64
#define RP_TEST_DIR_MAX      512     /* mkdtemp() under /tmp: short */
#define RP_TEST_PATH_MAX     1024
#define RP_TEST_MAX_PROCS    4096    /* processes scanned in /proc */

/* snprintf() into an array, failing the test if the result is cut. */
#define RP_TEST_PRINT(buf, ...)                                              \
    ck_assert_msg(snprintf(buf, sizeof(buf), __VA_ARGS__) < (int) sizeof(buf), \
                  "path too long: %s", #buf)

/* Flags for rp_test_spawn(). */
#define RP_TEST_CLOSE_STDIO  0x01    /* exec with fds 0, 1 and 2 closed */
#define RP_TEST_NO_PREFIX    0x02    /* do not add "-p DIR/ -c DIR/proxy.conf" */

/*
 * The configuration most tests use: 3 workers, foreground, log at info,
 * one server on PORT0.  Relative paths resolve against the -p prefix.
 */
#define RP_TEST_CONF_BASIC                                                   \
    "daemon off;\n"                                                          \
    "worker_processes 3;\n"                                                  \
    "error_log logs/error.log info;\n"                                       \
    "pid logs/rampart.pid;\n"                                                \
    "events {\n"                                                             \
    "    worker_connections 64;\n"                                           \
    "}\n"                                                                    \
    "http {\n"                                                               \
    "    server {\n"                                                         \
    "        listen 127.0.0.1:%%PORT0%%;\n"                                  \
    "    }\n"                                                                \
    "}\n"

struct rp_test {
    char    dir[RP_TEST_DIR_MAX];  /* absolute temp dir, no trailing '/' */
    char    prefix[RP_TEST_PATH_MAX];     /* dir + "/", passed as -p */
    char    conf[RP_TEST_PATH_MAX];       /* dir/proxy.conf, passed as -c */
    char    pid_file[RP_TEST_PATH_MAX];   /* dir/logs/rampart.pid */
    char    error_log[RP_TEST_PATH_MAX];  /* dir/logs/error.log */
    char    binary[PATH_MAX];             /* absolute path of the daemon */
    int     port[RP_TEST_MAX_PORTS];
    pid_t   master;               /* last process started by rp_test_spawn() */
    char    out_file[RP_TEST_PATH_MAX];   /* its captured stdout */
    char    err_file[RP_TEST_PATH_MAX];   /* its captured stderr */
    int     watchdog_fd;          /* write end of the pipe to the watchdog */
    pid_t   watchdog;             /* its pid */
    unsigned nspawn;              /* processes spawned so far (file names) */
    pid_t   tracked[RP_TEST_MAX_TRACKED];  /* see rp_test_track() */
    int     ntracked;
};

/* The result of a synchronous run (rp_test_run). */
struct rp_test_run {
    pid_t   pid;      /* the process that ran */
    int     status;   /* exit code; 128 + signal if killed; -1 on timeout */
    char   *out;      /* stdout, NUL-terminated, malloc'ed */
    char   *err;      /* stderr, NUL-terminated, malloc'ed */
};

/* The current test, valid between rp_test_setup() and its end. */
extern struct rp_test  *rp_t;

/*
 * Checked fixture: makes the temp dir (dir/logs too), picks
 * RP_TEST_MAX_PORTS free loopback ports, resolves the binary (env
 * RP_BINARY, default "objs/rampart" relative to the cwd) and forks the
 * watchdog.  Aborts the test if any of this fails.
 */
void rp_test_setup(void);

/*
 * Checked fixture, run only when the test passed (Check skips teardown
 * after a failure; the watchdog covers that case): kills what is left of
 * the test's processes, reaps them and tells the watchdog the test passed.
 */
void rp_test_teardown(void);

/* A TCase named <name> with the fixture and a RP_TEST_TIMEOUT timeout. */
TCase *rp_test_tcase(const char *name);

/* Runs <s> in fork mode; returns the process exit code (0: all passed). */
int rp_test_main(Suite *s);

/* <ms> multiplied by RP_TEST_TIMEOUT_SCALE (default 1). */
long rp_test_ms(long ms);

/* Monotonic clock in milliseconds. */
long rp_test_now_ms(void);

/* Sleeps <ms> milliseconds (unscaled). */
void rp_test_msleep(long ms);

/*
 * Writes <template> to <rel> (relative to the temp dir; subdirectories are
 * created) replacing %%PORT0%%..%%PORT3%% by the test's ports and %%DIR%%
 * by the temp dir.  Aborts the test on failure.
 */
void rp_test_write_conf(struct rp_test *t, const char *rel, const char *template);

/* <rel> made absolute against the temp dir, in a static buffer. */
const char *rp_test_path(struct rp_test *t, const char *rel);

/*
 * The whole file <path>, NUL-terminated, malloc'ed (free it); NULL if it
 * cannot be read.  <len> may be NULL.
 */
char *rp_test_read_file(const char *path, size_t *len);

/* 1 if <path> exists, else 0. */
int rp_test_file_exists(const char *path);

/*
 * Starts the daemon without waiting: binary -p DIR/ -c DIR/proxy.conf
 * followed by the NULL-terminated extra arguments, in its own process
 * group, stdout/stderr to DIR/spawn.N.{out,err} (t->out_file/err_file)
 * and stdin from /dev/null; <flags> are RP_TEST_*.  Registers its group
 * with the watchdog and sets t->master.  Returns the pid.
 */
pid_t rp_test_spawn(struct rp_test *t, unsigned flags, ...);

/*
 * rp_test_spawn(t, 0, ...) then waits (RP_TEST_READY_MS) until the pid
 * file names the new process and it has exactly <workers> workers.
 * Fails the test with the captured stderr if that does not happen.
 * Returns the master pid.
 */
pid_t rp_test_start(struct rp_test *t, int workers, ...);

/*
 * Runs the binary synchronously with -p DIR/ -c DIR/proxy.conf and the
 * NULL-terminated extra arguments; fills <r> (free with
 * rp_test_run_free).  A run that does not end within 10 s is killed and
 * gets status -1.  Returns r->status.
 */
int rp_test_run(struct rp_test *t, struct rp_test_run *r, ...);

/* As rp_test_run() but with exactly the given arguments (no -p, -c). */
int rp_test_run_raw(struct rp_test *t, struct rp_test_run *r, ...);

void rp_test_run_free(struct rp_test_run *r);

/*
 * Registers <pid> for the final sweep: at the end of the test every
 * process whose pid or process group is <pid>, and every descendant of
 * one, is SIGKILLed (if it is a rampart process).  rp_test_spawn() tracks
 * what it starts; call this for processes the daemon made itself (e.g.
 * the master of "daemon on").
 */
void rp_test_track(struct rp_test *t, pid_t pid);

/* The pid in t->pid_file, or -1 if it is missing or not a number. */
pid_t rp_test_read_pid_file(struct rp_test *t);

/*
 * Waits until the pid file holds <pid> (any pid if <pid> is -1); returns
 * the pid read, or -1 at the deadline.
 */
pid_t rp_test_wait_pid_file(struct rp_test *t, pid_t pid, long ms);

/* Waits until the pid file is gone; returns 1, or 0 at the deadline. */
int rp_test_wait_pid_file_gone(struct rp_test *t, long ms);

/*
 * The live worker processes of <master>: children (by /proc/PID/stat
 * ppid) whose cmdline starts with "rampart: worker process", sorted.
 * Stores up to <max> pids in <pids> (may be NULL) and returns the count.
 */
int rp_test_workers(pid_t master, pid_t *pids, int max);

/*
 * Waits until <master> has exactly <n> workers, none of which is in
 * <old>[0..nold-1] (old may be NULL), and the set stays so for 50 ms.
 * Returns 1, or 0 at the deadline.
 */
int rp_test_wait_workers(pid_t master, int n, const pid_t *old, int nold, long ms);

/*
 * /proc primitives.  rp_test_proc_stat() reads <state> (R, S, Z...),
 * <ppid> and <pgrp> of <pid> and returns 0, or -1 if it is gone.
 * rp_test_proc_cmdline() reads at most <size> - 1 bytes of its command
 * line (arguments NUL-separated, so the title set by the daemon reads as
 * one string) and returns the length, or -1.  rp_test_proc_list() stores
 * up to <max> pids of all processes and returns how many.
 */
int rp_test_proc_stat(pid_t pid, char *state, pid_t *ppid, pid_t *pgrp);
ssize_t rp_test_proc_cmdline(pid_t pid, char *buf, size_t size);
int rp_test_proc_list(pid_t *pids, int max);

/* 1 if <pid> exists and is not a zombie, else 0. */
int rp_test_alive(pid_t pid);

/* Waits until <pid> is gone (or a zombie); returns 1, or 0 at the deadline. */
int rp_test_wait_gone(pid_t pid, long ms);

/*
 * Waits for our child <pid> to exit and reaps it; returns its status as
 * in struct rp_test_run, or -1 at the deadline (the child is left alone).
 */
int rp_test_wait_exit(pid_t pid, long ms);

/* kill(<pid>, <sig>); fails the test if that fails. */
void rp_test_signal(pid_t pid, int sig);

/*
 * The number of lines of file <path> that contain <needle> and, if
 * <level> is not NULL, also "[<level>]".  0 if the file cannot be read.
 */
int rp_test_file_count(const char *path, const char *level, const char *needle);

/* rp_test_file_count() on the error log. */
int rp_test_log_count(struct rp_test *t, const char *level, const char *needle);

/*
 * Waits until the error log has at least <min> matching lines; returns
 * 1, or 0 at the deadline.
 */
int rp_test_log_wait(struct rp_test *t, const char *level, const char *needle,
    int min, long ms);

/* rp_test_log_wait() on any file. */
int rp_test_file_wait(const char *path, const char *level, const char *needle,
    int min, long ms);

/* A blocking TCP connection to 127.0.0.1:<port>; the fd, or -1. */
int rp_test_connect(int port);

/* A blocking TCP connection to [::1]:<port>; the fd, or -1. */
int rp_test_connect6(int port);

/*
 * Waits until connecting to 127.0.0.1:<port> succeeds (<want> 1) or is
 * refused (<want> 0); returns 1, or 0 at the deadline.
 */
int rp_test_wait_connect(int port, int want, long ms);

/*
 * The number of TCP sockets in state LISTEN on local port <port>, over
 * /proc/net/tcp and /proc/net/tcp6 (all network namespaces' view of this
 * one).  With "reuseport" each worker has its own.
 */
int rp_test_count_listeners(int port);

/* 1 if a socket can be bound to [::1], else 0. */
int rp_test_ipv6_available(void);

/* The number of open socket fds of <pid> (/proc/PID/fd), or -1. */
int rp_test_count_sockets(pid_t pid);

/*
 * Waits until rp_test_count_sockets(<pid>) equals <n>; returns 1, or 0 at
 * the deadline.
 */
int rp_test_wait_sockets(pid_t pid, int n, long ms);

/*
 * The target of /proc/<pid>/fd/<fd> in <buf>; returns <buf>, or NULL if
 * the link cannot be read.
 */
char *rp_test_fd_target(pid_t pid, int fd, char *buf, size_t size);

/* 1 if <hay> contains <needle> (both may be NULL: then 0). */
int rp_test_contains(const char *hay, const char *needle);

/* The number of lines of <text> that start with <prefix>. */
int rp_test_count_prefix(const char *text, const char *prefix);

/* Line and column (1-based) of the first <needle> in <text>. */
void rp_test_position(const char *text, const char *needle, int *line,
    int *col);

/*
 * Writes <conf> as proxy.conf, runs "rampart -t" and fails the test
 * unless it exits 1 with "test failed" and exactly one "[emerg]" line,
 * which starts with <msg> (is <msg> followed by " in ", unless
 * <prefix_only>) and ends with " in proxy.conf:L:C" for the position of
 * <needle> in <conf>.
 */
void rp_test_expect_emerg(struct rp_test *t, const char *conf,
    const char *msg, const char *needle, int prefix_only);

/* snprintf into a static ring of buffers; for building needles inline. */
const char *rp_test_fmt(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* ---- raw HTTP client (rp_test_http.c) -------------------------------- */

/*
 * One client connection.  <buf> holds received bytes not yet taken by
 * rp_test_http_read_response() (NUL-terminated; check <len> to see
 * whether anything followed a response); <eof>/<reset> record how the
 * server ended the connection (<error> is the errno of a reset).
 */
struct rp_test_http {
    int     fd;
    char   *buf;
    size_t  len;
    size_t  size;
    int     eof;
    int     reset;
    int     error;
};

/* One response: the header section and the decoded body. */
struct rp_test_http_resp {
    int     status;      /* from the status line; 0 if it is malformed */
    char   *head;        /* status line through the blank line, NUL-ended */
    size_t  head_len;
    char   *body;        /* decoded (chunked) body, NUL-terminated */
    size_t  body_len;
};

/* Connects to 127.0.0.1:<port>; fails the test if that fails. */
void rp_test_http_open(struct rp_test_http *h, int port);

/* Closes the socket and frees the buffer. */
void rp_test_http_close(struct rp_test_http *h);

/*
 * Sends all <len> bytes (one send() call as far as the kernel takes
 * them).  0, or -1 with errno if the server closed or reset.  Never
 * raises SIGPIPE.
 */
int rp_test_http_send(struct rp_test_http *h, const void *data, size_t len);

/* rp_test_http_send() of a NUL-terminated string. */
int rp_test_http_send_str(struct rp_test_http *h, const char *s);

/*
 * Sends <data> in pieces of <step> bytes with <delay_ms> (unscaled)
 * between them, so the server sees each piece in its own read.  0 or -1.
 */
int rp_test_http_send_slowly(struct rp_test_http *h, const void *data,
    size_t len, size_t step, long delay_ms);

/*
 * Reads one response within <ms> (scaled): the header section, then the
 * body framed by Transfer-Encoding: chunked, Content-Length, or the end
 * of the connection; no body if <head> is set or the status is 1xx, 204
 * or 304.  Bytes after the response stay in h->buf.  Returns 1 with
 * <resp> filled (free it with rp_test_http_resp_free); 0 if the server
 * closed before sending any byte; -1 on a timeout or a truncated or
 * undecodable response (<resp> may hold what was parsed).
 */
int rp_test_http_read_response(struct rp_test_http *h,
    struct rp_test_http_resp *resp, int head, long ms);

/*
 * Reads until the server closes (FIN or RST) or <ms> (scaled) pass;
 * bytes received meanwhile are appended to h->buf.  1 if it closed,
 * 0 if the connection is still open.
 */
int rp_test_http_wait_close(struct rp_test_http *h, long ms);

/*
 * The value of the first header field <name> (case-insensitive) of
 * <resp>, without surrounding whitespace, in a static ring of buffers;
 * NULL if there is none.
 */
const char *rp_test_http_header(const struct rp_test_http_resp *resp,
    const char *name);

/* How many header fields named <name> <resp> has. */
int rp_test_http_header_count(const struct rp_test_http_resp *resp,
    const char *name);

void rp_test_http_resp_free(struct rp_test_http_resp *resp);

/*
 * One-shot: connects to <port>, sends <request>, reads one response
 * (within 5 s) and closes.  Returns as rp_test_http_read_response(), or
 * -1 if sending failed.
 */
int rp_test_http_get(int port, const char *request, size_t len,
    struct rp_test_http_resp *resp, int head);

/* ---- scriptable origin server (rp_test_origin.c) -------------------- */

/*
 * An origin is a small HTTP/1.1 server forked from the test, listening
 * on a loopback port.  It records every request it receives (the exact
 * bytes, and the decoded body) under DIR/origin.PORT/ and appends one
 * line per event to DIR/origin.PORT.log ("A conn" on accept, "H conn
 * seq" when a request's head is in, "R conn seq n request-line" per
 * whole request, "C conn" on close), then answers from the script: the
 * first rule whose path matches (and whose <when> file, if it names
 * one, exists).  A request is recorded before any byte of its response
 * is sent, so once a client has seen the proxy's answer, what the
 * origin received can be read.
 */

/* How a rule frames its response. */
enum rp_test_origin_mode {
    RP_TEST_ORIGIN_LENGTH = 0,  /* Content-Length */
    RP_TEST_ORIGIN_CHUNKED,     /* Transfer-Encoding: chunked, one chunk per piece */
    RP_TEST_ORIGIN_EOF,         /* no length: the origin closes after the body */
    RP_TEST_ORIGIN_RAW,         /* <raw> verbatim and nothing else */
    RP_TEST_ORIGIN_WEBSOCKET,   /* 101 with Sec-WebSocket-Accept, then echo frames */
    RP_TEST_ORIGIN_TUNNEL       /* 101, then echo raw bytes */
};

/*
 * One rule of a script.  Zero-initialised fields mean: any path, 200,
 * Content-Length, no extra header, an empty body, sent at once, keep
 * the connection open.
 */
struct rp_test_origin_rule {
    const char  *path;        /* path without query; "/p*" is a prefix; NULL: any */
    enum rp_test_origin_mode  mode;
    int          status;      /* 0: 200 */
    const char  *headers;     /* extra header lines, each ending in "\r\n" */
    const char  *body;        /* the body; NULL: <body_size> pattern bytes */
    size_t       body_len;    /* of <body>; 0: strlen(body) */
    size_t       body_size;   /* with <body> NULL: rp_test_origin_byte(0..size-1) */
    int          echo_body;   /* the body is the request's decoded body */
    size_t       piece;       /* bytes per write (and per chunk); 0: 64 KiB */
    long         head_delay_ms;   /* before the status line (unscaled) */
    long         piece_delay_ms;  /* between body pieces (unscaled) */
    int          abort;       /* close after <abort_after> body bytes */
    size_t       abort_after;
    int          close;       /* "Connection: close", close after the response */
    const char  *raw;         /* RAW: the whole response */
    size_t       raw_len;     /* 0: strlen(raw) */
    const char  *when;        /* absolute path: the rule applies only while
                                 this file exists (tests flip a backend's
                                 answers at run time); NULL: always */
};

/* One recorded request (rp_test_origin_request). */
struct rp_test_origin_req {
    int     conn;        /* connection number at the origin, from 1 */
    int     seq;         /* request number on that connection, from 1 */
    char   *raw;         /* exactly the bytes received, NUL-terminated */
    size_t  raw_len;
    size_t  head_len;    /* request line through the blank line */
    char   *line;        /* the request line without CRLF */
    char   *body;        /* the decoded body, NUL-terminated */
    size_t  body_len;
};

/*
 * Forks an origin answering with <rules>[0..nrules-1] on 127.0.0.1:<port>
 * (0: any free port), tracked for the final sweep.  Returns the port,
 * which names the origin in the functions below.  Fails the test if it
 * cannot listen.
 */
int rp_test_origin_start(struct rp_test *t, int port,
    const struct rp_test_origin_rule *rules, size_t nrules);

/* Kills the origin on <port> and waits for it; its records stay. */
void rp_test_origin_stop(struct rp_test *t, int port);

/* Byte <i> of the generated body pattern (not periodic at 2^k). */
char rp_test_origin_byte(size_t i);

/* Connections accepted / requests recorded / connections closed so far;
 * request heads received (counted as soon as a head is complete, before
 * its body). */
int rp_test_origin_conns(struct rp_test *t, int port);
int rp_test_origin_nheads(struct rp_test *t, int port);
int rp_test_origin_nrequests(struct rp_test *t, int port);
int rp_test_origin_closed(struct rp_test *t, int port);

/*
 * Waits until the origin has recorded at least <n> requests; returns the
 * count (less than <n> at the deadline of <ms>, scaled).
 */
int rp_test_origin_wait(struct rp_test *t, int port, int n, long ms);

/*
 * Reads the <n>th request (from 1, in arrival order) of the origin on
 * <port> into <req> (free with rp_test_origin_req_free).  1, or 0 if
 * there is no such request.
 */
int rp_test_origin_request(struct rp_test *t, int port, int n,
    struct rp_test_origin_req *req);

/*
 * The value of the first header field <name> (case-insensitive) of
 * <req>, trimmed, in a static ring of buffers; NULL if there is none.
 */
const char *rp_test_origin_header(const struct rp_test_origin_req *req,
    const char *name);

/* How many header fields named <name> <req> has. */
int rp_test_origin_header_count(const struct rp_test_origin_req *req,
    const char *name);

void rp_test_origin_req_free(struct rp_test_origin_req *req);

/*
 * The largest number of requests the origin on <port> had in flight at
 * once: from the "R" line of a request to the "D" line the origin logs
 * when it has sent the whole answer (or the "C" of a connection closed
 * before that).  Meant for one origin process: the requests a killed
 * origin never answered count until their connection ids are reused.
 */
int rp_test_origin_max_inflight(struct rp_test *t, int port);

/* ---- concurrent client load (rp_test_load.c) ------------------------- */

#define RP_TEST_LOAD_MAX      32         /* clients per load */
#define RP_TEST_LOAD_FOREVER  LONG_MAX   /* "to" of rp_test_load_count() */

/*
 * A load: <nclients> forked clients, each sending the same request over
 * one keep-alive connection to 127.0.0.1:<port> (reconnecting when the
 * server closes it), either <count> times or until stopped.  Each client
 * records one line per request in DIR/load.ID.N: when the answer came
 * (rp_test_now_ms), its status (0: the connection closed without an
 * answer; -1: a timeout or a broken answer) and the value of the
 * response header <tag> ("-" if absent).  The clients die with the test
 * (PR_SET_PDEATHSIG) and never touch Check.
 */
struct rp_test_load {
    int     id;
    int     nclients;
    pid_t   pid[RP_TEST_LOAD_MAX];
    char    stop[RP_TEST_PATH_MAX];  /* creating it stops the clients */
};

/* One recorded request of a load. */
struct rp_test_load_rec {
    long    ms;          /* when the answer (or the failure) came */
    int     status;
    char    tag[32];
};

/*
 * Starts the load <l> described above; <count> 0 means until
 * rp_test_load_stop(); <tag> may be NULL.  Fails the test if a client
 * cannot be forked.
 */
void rp_test_load_start(struct rp_test *t, struct rp_test_load *l, int port,
    const char *request, int nclients, int count, const char *tag);

/*
 * Stops the clients (each finishes the request it is on) and reaps
 * them within <ms> (scaled); fails the test if one is still running or
 * exited badly.
 */
void rp_test_load_stop(struct rp_test *t, struct rp_test_load *l, long ms);

/*
 * Waits up to <ms> (scaled) for the clients of a load with a <count> to
 * send them all, then reaps them as rp_test_load_stop() does.
 */
void rp_test_load_wait(struct rp_test *t, struct rp_test_load *l, long ms);

/*
 * Every record of the stopped load <l>, sorted by time, malloc'ed in
 * <*recs> (free it); returns how many.
 */
size_t rp_test_load_results(struct rp_test *t, struct rp_test_load *l,
    struct rp_test_load_rec **recs);

/*
 * Counts the records of <recs>[0..n) with <from> <= ms < <to> whose
 * status is <status> (any if -2) and whose tag is <tag> (any if NULL).
 */
size_t rp_test_load_count(const struct rp_test_load_rec *recs, size_t n,
    long from, long to, int status, const char *tag);

#endif /* RP_TEST_H */
