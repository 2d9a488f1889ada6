/*
 * rp_time.c - the cached clock (see rp_time.h).
 *
 * The log time string is rebuilt only when the wall-clock second changes,
 * so a busy loop turn costs two clock_gettime() calls (vDSO, no system
 * call) and usually no formatting.
 */

#include "rp_config.h"
#include "rp_core.h"

volatile int64_t  rp_current_msec;
volatile time_t   rp_time_wall;
char              rp_time_log_str[sizeof("1970/01/01 00:00:00")];


/* Read the clocks once; called at the top of every loop turn. */
void
rp_time_update(void)
{
    struct timespec  ts;

    (void) clock_gettime(CLOCK_MONOTONIC, &ts);
    rp_current_msec = (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;

    rp_time_update_wall();
}


/* See rp_time.h. */
int64_t
rp_time_usec(void)
{
    struct timespec  ts;

    (void) clock_gettime(CLOCK_MONOTONIC, &ts);

    return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}


/*
 * Refresh only the wall clock and the log time string.  The error log
 * calls this for an exact timestamp without moving rp_current_msec in
 * the middle of a loop turn (timers keyed in one turn stay consistent).
 */
void
rp_time_update_wall(void)
{
    struct timespec  ts;
    struct tm        tm;
    time_t           now;

    (void) clock_gettime(CLOCK_REALTIME, &ts);
    now = ts.tv_sec;

    if (now != rp_time_wall || rp_time_log_str[0] == '\0') {
        rp_time_wall = now;
        (void) localtime_r(&now, &tm);
        (void) strftime(rp_time_log_str, sizeof(rp_time_log_str),
                        "%Y/%m/%d %H:%M:%S", &tm);
    }
}
