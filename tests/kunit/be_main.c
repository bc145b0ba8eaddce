// SPDX-License-Identifier: GPL-2.0
/*
 * amp_backend_test: the KUnit suites of the SoC backends (amp_omap4,
 * amp_davinci, amp_msm, amp_msm_run). Each backend's driver body is built
 * into this module and driven against the fakes of be_fakes.c.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "be_suites.h"

kunit_test_suites(&amp_omap4_suite, &amp_davinci_suite, &amp_msm_suite,
		  &amp_msm_run_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit suites of the ampipc SoC backends");
MODULE_VERSION(AMPIPC_VERSION);
