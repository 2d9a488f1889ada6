/*
 * rp_module.c - installing and numbering the module list.
 *
 * Each module gets <index>, its position in the whole list, and
 * <ctx_index>, its position among modules of the same type; config
 * arrays (cycle->conf_ctx for core modules, the http main/srv/loc
 * arrays) are indexed by ctx_index.
 */

#include "rp_config.h"
#include "rp_module.h"

struct rp_module  **rp_modules;
size_t              rp_modules_n;


void
rp_modules_init(struct rp_module **list)
{
    size_t   i, j;

    rp_modules = list;

    for (i = 0; list[i]; i++) {
        list[i]->index = i;
        list[i]->ctx_index = 0;

        for (j = 0; j < i; j++) {
            if (list[j]->type == list[i]->type) {
                list[i]->ctx_index++;
            }
        }
    }

    rp_modules_n = i;
}


/* Number of installed modules of <type>. */
size_t
rp_modules_count(unsigned type)
{
    size_t   i, n;

    n = 0;

    for (i = 0; i < rp_modules_n; i++) {
        if (rp_modules[i]->type == type) {
            n++;
        }
    }

    return n;
}
