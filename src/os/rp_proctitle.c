/*
 * rp_proctitle.c - process titles, so ps and top show
 * "rampart: master process ...", "rampart: worker process".
 *
 * Linux has no setproctitle(3): the title is what /proc/PID/cmdline
 * reads from the argv area.  At start-up the environment, which the
 * kernel places right after argv, is copied elsewhere so that argv and
 * environ together form one area the title may fill.  The short name
 * (comm, 15 bytes) is set with prctl(PR_SET_NAME) as well.
 */

#include "rp_config.h"
#include "rp_core.h"
#include "rp_daemon.h"

#include <sys/prctl.h>

extern char **environ;

static char   *rp_title_start;
static char   *rp_title_end;


/*
 * Remember the argv + environ area and move the environment out of it.
 * Call once from main() before anything reads environ by pointer.
 */
void
rp_proctitle_init(int argc, char **argv)
{
    char    *end, **env;
    size_t   i, n;

    if (argc == 0 || argv[0] == NULL) {
        return;
    }

    end = argv[0] + strlen(argv[0]) + 1;

    for (i = 1; i < (size_t) argc && argv[i] == end; i++) {
        end = argv[i] + strlen(argv[i]) + 1;
    }

    for (n = 0; environ[n]; n++) {
        /* count */
    }

    env = malloc((n + 1) * sizeof(char *));
    if (env == NULL) {
        return;
    }

    for (i = 0; i < n; i++) {
        if (environ[i] == end) {
            end = environ[i] + strlen(environ[i]) + 1;
        }

        env[i] = strdup(environ[i]);
        if (env[i] == NULL) {
            return;
        }
    }

    env[n] = NULL;
    environ = env;

    rp_title_start = argv[0];
    rp_title_end = end;
}


/* Show <title> in ps; truncated to the space argv and environ had. */
void
rp_proctitle_set(const char *title)
{
    size_t  len, room;

    (void) prctl(PR_SET_NAME, "rampart", 0, 0, 0);

    if (rp_title_start == NULL) {
        return;
    }

    room = (size_t) (rp_title_end - rp_title_start);
    len = rp_strlcpy(rp_title_start, title, room);

    if (len < room) {
        memset(rp_title_start + len, '\0', room - len);
    }
}
