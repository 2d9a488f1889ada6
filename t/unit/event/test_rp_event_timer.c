/*
 * test_rp_event_timer.c - the timer heap (src/event/rp_event_timer.c).
 *
 * The clock is driven by hand (rp_current_msec is a plain global), so
 * every case is deterministic.  The random case checks the heap against
 * a reference model after every operation: which events are armed,
 * their keys, the time to the nearest one, and the exact set and order
 * of events each expiry pass fires.
 */

#include "rp_config.h"
#include <check.h>
#include "rp_core.h"
#include "rp_event.h"
#include "rp_event_timer.h"

#define RP_T_NEVENTS  300
#define RP_T_NOPS     20000

/* What expiry handlers record. */
static struct rp_event  *rp_t_fired[RP_T_NEVENTS * 4];
static size_t            rp_t_nfired;

static struct rp_event   rp_t_ev[RP_T_NEVENTS];


static void
rp_t_record(struct rp_event *ev)
{
    if (rp_t_nfired == rp_nelems(rp_t_fired) || !ev->timedout
        || ev->timer_set)
    {
        ck_abort_msg("bad expiry: fired %zu, timedout %u, timer_set %u",
                     rp_t_nfired, ev->timedout, ev->timer_set);
    }

    rp_t_fired[rp_t_nfired++] = ev;
}


static void
rp_t_reset(void)
{
    size_t  i;

    rp_event_timer_done();
    memset(rp_t_ev, 0, sizeof(rp_t_ev));

    for (i = 0; i < RP_T_NEVENTS; i++) {
        rp_t_ev[i].handler = rp_t_record;
    }

    rp_t_nfired = 0;
    rp_current_msec = 1000000;
}


START_TEST(test_timer_empty_heap_has_no_next)
{
    rp_t_reset();

    ck_assert_int_eq(rp_event_timer_next(), -1);
    ck_assert_uint_eq(rp_event_timer_count(), 0);

    rp_event_expire_timers();
    ck_assert_uint_eq(rp_t_nfired, 0);

    /* Deleting an unarmed event is harmless. */
    rp_event_del_timer(&rp_t_ev[0]);
    ck_assert_uint_eq(rp_event_timer_count(), 0);
}
END_TEST


START_TEST(test_timer_fires_in_key_order)
{
    static const rp_msec_t  delays[] = { 50, 10, 40, 20, 30, 0 };
    size_t                  i;

    rp_t_reset();

    for (i = 0; i < rp_nelems(delays); i++) {
        ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[i], delays[i]), RP_OK);
        ck_assert(rp_t_ev[i].timer_set);
        ck_assert_int_eq(rp_t_ev[i].timer_key, 1000000 + delays[i]);
    }

    ck_assert_uint_eq(rp_event_timer_count(), rp_nelems(delays));
    ck_assert_int_eq(rp_event_timer_next(), 0);

    /* Only the 0 ms timer is due now. */
    rp_event_expire_timers();
    ck_assert_uint_eq(rp_t_nfired, 1);
    ck_assert_ptr_eq(rp_t_fired[0], &rp_t_ev[5]);
    ck_assert_int_eq(rp_event_timer_next(), 10);

    rp_current_msec += 25;
    ck_assert_int_eq(rp_event_timer_next(), 0);
    rp_event_expire_timers();
    ck_assert_uint_eq(rp_t_nfired, 3);
    ck_assert_ptr_eq(rp_t_fired[1], &rp_t_ev[1]);
    ck_assert_ptr_eq(rp_t_fired[2], &rp_t_ev[3]);
    ck_assert_int_eq(rp_event_timer_next(), 5);

    rp_current_msec += 100;
    rp_event_expire_timers();
    ck_assert_uint_eq(rp_t_nfired, 6);
    ck_assert_ptr_eq(rp_t_fired[3], &rp_t_ev[4]);
    ck_assert_ptr_eq(rp_t_fired[4], &rp_t_ev[2]);
    ck_assert_ptr_eq(rp_t_fired[5], &rp_t_ev[0]);

    ck_assert_uint_eq(rp_event_timer_count(), 0);
    ck_assert_int_eq(rp_event_timer_next(), -1);
}
END_TEST


/*
 * Re-arming to nearly the same deadline keeps the timer where it is:
 * within 1/64 of the timeout, at most 300 ms, either way.
 */
START_TEST(test_timer_readd_is_lazy)
{
    rp_t_reset();

    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[0], 60000), RP_OK);
    ck_assert_int_eq(rp_event_timer_next(), 60000);

    rp_current_msec += 250;                     /* 250 ms later: kept */
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[0], 60000), RP_OK);
    ck_assert_int_eq(rp_event_timer_next(), 60000 - 250);

    rp_current_msec += 100;                     /* 350 ms: moved */
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[0], 60000), RP_OK);
    ck_assert_int_eq(rp_event_timer_next(), 60000);

    /* a 640 ms timeout tolerates 10 ms, not 11 */
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[1], 640), RP_OK);
    rp_current_msec += 10;
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[1], 640), RP_OK);
    ck_assert_int_eq(rp_event_timer_next(), 630);
    rp_current_msec += 1;
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[1], 640), RP_OK);
    ck_assert_int_eq(rp_event_timer_next(), 640);

    /* short timeouts are exact */
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[2], 50), RP_OK);
    rp_current_msec += 1;
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[2], 50), RP_OK);
    ck_assert_int_eq(rp_event_timer_next(), 50);
}
END_TEST


START_TEST(test_timer_readd_moves_the_timer)
{
    rp_t_reset();

    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[0], 100), RP_OK);
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[1], 50), RP_OK);
    ck_assert_int_eq(rp_event_timer_next(), 50);

    /* Earlier: becomes the root without a second heap entry. */
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[0], 10), RP_OK);
    ck_assert_uint_eq(rp_event_timer_count(), 2);
    ck_assert_int_eq(rp_event_timer_next(), 10);

    /* Later: the other one is the root again. */
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[0], 200), RP_OK);
    ck_assert_uint_eq(rp_event_timer_count(), 2);
    ck_assert_int_eq(rp_event_timer_next(), 50);

    rp_event_del_timer(&rp_t_ev[1]);
    ck_assert(!rp_t_ev[1].timer_set);
    ck_assert_int_eq(rp_event_timer_next(), 200);

    rp_current_msec += 199;
    rp_event_expire_timers();
    ck_assert_uint_eq(rp_t_nfired, 0);

    rp_current_msec += 1;
    rp_event_expire_timers();
    ck_assert_uint_eq(rp_t_nfired, 1);
    ck_assert_ptr_eq(rp_t_fired[0], &rp_t_ev[0]);
}
END_TEST


START_TEST(test_timer_negative_delay_counts_as_zero)
{
    rp_t_reset();

    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[0], -5), RP_OK);
    ck_assert_int_eq(rp_t_ev[0].timer_key, rp_current_msec);
    ck_assert_int_eq(rp_event_timer_next(), 0);
}
END_TEST


/* A handler that arms a second event and re-arms itself, both 0 ms. */
static void
rp_t_rearm(struct rp_event *ev)
{
    rp_t_record(ev);
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[1], 0), RP_OK);
    ck_assert_int_eq(rp_event_add_timer(ev, 0), RP_OK);
}


START_TEST(test_timer_handler_adding_timers_does_not_loop)
{
    rp_t_reset();

    rp_t_ev[0].handler = rp_t_rearm;
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[0], 0), RP_OK);

    /* One pass fires ev0 once; what it armed waits for the next pass. */
    rp_event_expire_timers();
    ck_assert_uint_eq(rp_t_nfired, 1);
    ck_assert(rp_t_ev[0].timer_set);
    ck_assert(rp_t_ev[1].timer_set);
    ck_assert_uint_eq(rp_event_timer_count(), 2);
    ck_assert_int_eq(rp_event_timer_next(), 1);

    rp_current_msec += 1;
    rp_event_expire_timers();
    ck_assert_uint_eq(rp_t_nfired, 3);
    ck_assert(rp_t_fired[1] == &rp_t_ev[0] || rp_t_fired[1] == &rp_t_ev[1]);
    ck_assert(rp_t_fired[2] == &rp_t_ev[0] || rp_t_fired[2] == &rp_t_ev[1]);
    ck_assert_ptr_ne(rp_t_fired[1], rp_t_fired[2]);

    /* Outside an expiry pass a 0 ms timer is due at once again. */
    rp_t_ev[0].handler = rp_t_record;
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[2], 0), RP_OK);
    ck_assert_int_eq(rp_t_ev[2].timer_key, rp_current_msec);
}
END_TEST


/* Deletes ev[1] and arms ev[3] for later; ev[2] is due too. */
static void
rp_t_delete_other(struct rp_event *ev)
{
    rp_t_record(ev);
    rp_event_del_timer(&rp_t_ev[1]);
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[3], 5), RP_OK);
}


START_TEST(test_timer_handler_deleting_a_due_timer)
{
    rp_t_reset();

    rp_t_ev[0].handler = rp_t_delete_other;
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[0], 1), RP_OK);
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[1], 2), RP_OK);
    ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[2], 3), RP_OK);

    rp_current_msec += 3;
    rp_event_expire_timers();

    ck_assert_uint_eq(rp_t_nfired, 2);
    ck_assert_ptr_eq(rp_t_fired[0], &rp_t_ev[0]);
    ck_assert_ptr_eq(rp_t_fired[1], &rp_t_ev[2]);
    ck_assert(!rp_t_ev[1].timedout);
    ck_assert(rp_t_ev[3].timer_set);
    ck_assert_int_eq(rp_event_timer_next(), 5);
}
END_TEST


/*
 * Random add / re-add / delete / advance+expire against a model holding
 * each event's armed flag and key.  After each expiry the fired events
 * must be exactly the model's due ones, in non-decreasing key order.
 * Checks in the inner loops are plain ifs ending in ck_abort_msg():
 * Check's assertions report each passing check to the parent process,
 * which is too slow for millions of them under sanitizers.
 */
START_TEST(test_timer_random_against_model)
{
    int        armed[RP_T_NEVENTS];
    size_t     i, op, k, narmed, ndue;
    rp_msec_t  key[RP_T_NEVENTS], min, prev, want;

    rp_t_reset();
    srandom(12345);
    memset(armed, 0, sizeof(armed));

    for (op = 0; op < RP_T_NOPS; op++) {
        k = (size_t) random() % RP_T_NEVENTS;

        switch (random() % 8) {
        case 0: case 1: case 2: case 3:       /* add or move */
            if (rp_event_add_timer(&rp_t_ev[k], random() % 1000) != RP_OK) {
                ck_abort_msg("op %zu: add failed", op);
            }
            armed[k] = 1;
            key[k] = rp_t_ev[k].timer_key;
            break;

        case 4: case 5:                       /* delete */
            rp_event_del_timer(&rp_t_ev[k]);
            armed[k] = 0;
            break;

        default:                              /* advance and expire */
            rp_current_msec += random() % 200;
            rp_t_nfired = 0;
            rp_event_expire_timers();

            ndue = 0;
            for (i = 0; i < RP_T_NEVENTS; i++) {
                if (armed[i] && key[i] <= rp_current_msec) {
                    ndue++;
                    armed[i] = 0;
                    if (!rp_t_ev[i].timedout) {
                        ck_abort_msg("op %zu: due event %zu did not fire",
                                     op, i);
                    }
                }
            }

            if (rp_t_nfired != ndue) {
                ck_abort_msg("op %zu: %zu fired, %zu due", op, rp_t_nfired,
                             ndue);
            }

            prev = INT64_MIN;
            for (i = 0; i < rp_t_nfired; i++) {
                if (rp_t_fired[i]->timer_key < prev) {
                    ck_abort_msg("op %zu: fired out of order", op);
                }
                prev = rp_t_fired[i]->timer_key;
                rp_t_fired[i]->timedout = 0;
            }
            break;
        }

        narmed = 0;
        min = INT64_MAX;

        for (i = 0; i < RP_T_NEVENTS; i++) {
            if (rp_t_ev[i].timer_set != (unsigned) armed[i]) {
                ck_abort_msg("op %zu: event %zu timer_set %u, model %d", op,
                             i, rp_t_ev[i].timer_set, armed[i]);
            }

            if (armed[i]) {
                narmed++;
                if (rp_t_ev[i].timer_key != key[i]) {
                    ck_abort_msg("op %zu: event %zu key changed", op, i);
                }
                min = rp_min(min, key[i]);
            }
        }

        want = (narmed == 0) ? -1 : rp_max(min - rp_current_msec, 0);

        if (rp_event_timer_count() != narmed
            || rp_event_timer_next() != want)
        {
            ck_abort_msg("op %zu: count %zu/%zu, next %" PRId64 "/%" PRId64,
                         op, rp_event_timer_count(), narmed,
                         rp_event_timer_next(), want);
        }
    }

    ck_assert_uint_eq(rp_event_timer_count(), narmed);
}
END_TEST


START_TEST(test_timer_heap_grows_past_initial_size)
{
    size_t  i;

    rp_t_reset();

    /* More than the first allocation (64): forces several doublings. */
    for (i = 0; i < RP_T_NEVENTS; i++) {
        ck_assert_int_eq(rp_event_add_timer(&rp_t_ev[i],
                                            (rp_msec_t) (RP_T_NEVENTS - i)),
                         RP_OK);
    }

    ck_assert_uint_eq(rp_event_timer_count(), RP_T_NEVENTS);
    ck_assert_int_eq(rp_event_timer_next(), 1);

    rp_current_msec += RP_T_NEVENTS;
    rp_event_expire_timers();
    ck_assert_uint_eq(rp_t_nfired, RP_T_NEVENTS);

    for (i = 0; i < RP_T_NEVENTS; i++) {
        ck_assert_ptr_eq(rp_t_fired[i], &rp_t_ev[RP_T_NEVENTS - 1 - i]);
    }

    rp_event_timer_done();
}
END_TEST


static Suite *
rp_t_suite(void)
{
    Suite  *s;
    TCase  *tc;

    s = suite_create("rp_event_timer");
    tc = tcase_create("heap");
    tcase_set_timeout(tc, 10);

    tcase_add_test(tc, test_timer_empty_heap_has_no_next);
    tcase_add_test(tc, test_timer_fires_in_key_order);
    tcase_add_test(tc, test_timer_readd_moves_the_timer);
    tcase_add_test(tc, test_timer_readd_is_lazy);
    tcase_add_test(tc, test_timer_negative_delay_counts_as_zero);
    tcase_add_test(tc, test_timer_handler_adding_timers_does_not_loop);
    tcase_add_test(tc, test_timer_handler_deleting_a_due_timer);
    tcase_add_test(tc, test_timer_random_against_model);
    tcase_add_test(tc, test_timer_heap_grows_past_initial_size);
    suite_add_tcase(s, tc);

    return s;
}


int
main(void)
{
    int       failed;
    SRunner  *sr;

    sr = srunner_create(rp_t_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);

    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
