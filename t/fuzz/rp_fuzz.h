/*
 * rp_fuzz.h - the libFuzzer entry point every driver in t/fuzz defines.
 *
 * With clang ("make fuzz") a driver links libFuzzer, which calls it with
 * generated inputs.  With any compiler ("make check") the same driver
 * links t/fuzz/replay.c instead, which calls it once per file of the
 * seed corpus, so the corpus is a regression suite.  A driver returns 0
 * and calls abort() when it finds a bug, so both ways report it.
 */

#ifndef RP_FUZZ_H
#define RP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with a message: the driver's oracle found a bug. */
#define RP_FUZZ_CHECK(cond)                                                  \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__,      \
                    __LINE__, #cond);                                        \
            abort();                                                         \
        }                                                                    \
    } while (0)

#endif /* RP_FUZZ_H */
