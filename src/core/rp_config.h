/*
 * rp_config.h - the first header every rampart source file includes.
 *
 * It pulls in objs/config.h (written by ./configure: paths, version,
 * build options), the system headers nearly every file needs, and then
 * poisons the C library calls that rampart bans (STYLE 13): unbounded
 * string copies and number parsers that cannot report overflow.  Because
 * the poison comes after the system headers, their own declarations of
 * those names do not trip it; any use in rampart code fails the build.
 */

#ifndef RP_CONFIG_H
#define RP_CONFIG_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "config.h"

#include <sys/types.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#if defined(__GNUC__) && !defined(RP_NO_POISON)
#pragma GCC poison strcpy strcat sprintf vsprintf gets atoi atol strtok
#endif

#endif /* RP_CONFIG_H */
