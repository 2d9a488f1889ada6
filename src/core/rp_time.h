/*
 * rp_time.h - the cached clock.
 *
 * Each event-loop turn reads the clock once (rp_time_update) and every
 * timer, timeout and log line of that turn uses the cached values, so
 * hot paths never make a clock system call.  rp_current_msec is
 * CLOCK_MONOTONIC (immune to clock steps) and is what timers use;
 * rp_time_wall is the wall clock for logs and HTTP dates.
 */

#ifndef RP_TIME_H
#define RP_TIME_H

#include "rp_config.h"
#include <time.h>

extern volatile int64_t  rp_current_msec;
extern volatile time_t   rp_time_wall;
extern char              rp_time_log_str[sizeof("1970/01/01 00:00:00")];

void rp_time_update(void);

/*
 * CLOCK_MONOTONIC now, in microseconds, read afresh (not the cached
 * clock): for measuring short intervals such as a backend's latency.
 */
int64_t rp_time_usec(void);
void rp_time_update_wall(void);

#endif /* RP_TIME_H */
