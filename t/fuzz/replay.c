/*
 * replay.c - run a libFuzzer driver over files, without libFuzzer.
 *
 * "make check" links each t/fuzz driver with this main() and runs it over
 * the driver's seed corpus, so every compiler runs the drivers' oracles
 * on every commit; a crash found by "make fuzz" and saved in the corpus
 * becomes a regression test.  Arguments are files or directories (whose
 * regular files are all replayed, in name order).  Each file is read into
 * an allocation of exactly its size, so that a sanitizer build catches a
 * read past the input.  Exits 0 when every file ran, 1 when one could
 * not be read; a bug found by a driver aborts.
 */

#include "rp_config.h"

#include <sys/stat.h>
#include <dirent.h>

#include "rp_fuzz.h"


static int
rp_replay_file(const char *path)
{
    int          rc;
    FILE        *f;
    uint8_t     *data;
    struct stat  st;

    if (stat(path, &st) == -1 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "replay: %s: not a regular file\n", path);
        return -1;
    }

    f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "replay: fopen(\"%s\") failed: %s\n", path,
                strerror(errno));
        return -1;
    }

    /* malloc(0) may return NULL: keep one byte, pass size 0 */
    data = malloc(st.st_size > 0 ? (size_t) st.st_size : 1);
    rc = (data != NULL
          && fread(data, 1, (size_t) st.st_size, f) == (size_t) st.st_size)
         ? 0 : -1;
    fclose(f);

    if (rc == 0) {
        LLVMFuzzerTestOneInput(data, (size_t) st.st_size);
    } else {
        fprintf(stderr, "replay: cannot read %s\n", path);
    }

    free(data);
    return rc;
}


static int
rp_replay_name_cmp(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}


/* Replay every regular file of directory <dir>; *count += files run. */
static int
rp_replay_dir(const char *dir, size_t *count)
{
    int              i, n, rc;
    char             path[4096];
    struct stat      st;
    struct dirent  **names;

    n = scandir(dir, &names, NULL, rp_replay_name_cmp);
    if (n < 0) {
        fprintf(stderr, "replay: scandir(\"%s\") failed: %s\n", dir,
                strerror(errno));
        return -1;
    }

    rc = 0;
    for (i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.'
            && snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name)
               < (int) sizeof(path)
            && stat(path, &st) == 0 && S_ISREG(st.st_mode))
        {
            if (rp_replay_file(path) != 0) {
                rc = -1;
            }
            (*count)++;
        }
        free(names[i]);
    }
    free(names);

    return rc;
}


int
main(int argc, char **argv)
{
    int          i, rc;
    size_t       count;
    struct stat  st;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 1;
    }

    rc = 0;
    count = 0;

    for (i = 1; i < argc; i++) {
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            if (rp_replay_dir(argv[i], &count) != 0) {
                rc = 1;
            }
        } else {
            if (rp_replay_file(argv[i]) != 0) {
                rc = 1;
            }
            count++;
        }
    }

    printf("%s: %zu inputs replayed%s\n", argv[0], count,
           rc ? ", some could not be read" : "");
    return rc;
}
