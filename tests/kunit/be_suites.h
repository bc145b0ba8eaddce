/* SPDX-License-Identifier: GPL-2.0 */
/* The SoC backend suites, collected into amp_backend_test.ko. */
#ifndef AMPIPC_TESTS_BE_SUITES_H
#define AMPIPC_TESTS_BE_SUITES_H

#include <kunit/test.h>

extern struct kunit_suite amp_omap4_suite;
extern struct kunit_suite amp_davinci_suite;
extern struct kunit_suite amp_msm_suite;
extern struct kunit_suite amp_msm_run_suite;

#endif /* AMPIPC_TESTS_BE_SUITES_H */
