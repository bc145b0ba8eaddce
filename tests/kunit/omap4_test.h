/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The amp_omap4 suite's shared pieces: its context (the fakes standing in
 * for the hardware) and the platform ids whose variants carry the fake
 * glue (omap4_glue_fake.c).
 */
#ifndef AMPIPC_TESTS_OMAP4_TEST_H
#define AMPIPC_TESTS_OMAP4_TEST_H

#include <linux/platform_device.h>
#include <linux/property.h>

#include "be_fakes.h"

struct omap4_rproc;

#define IPU_NAME	"amp-kunit-omap4-ipu"
#define DSP_NAME	"amp-kunit-omap4-dsp"
#define SCM_BOOTREG	0x304
#define WDT0		0
#define WDT1		1

struct omap4_ctx {
	struct be_irqc *irqc;
	struct be_rstc *rstc;
	struct be_mbox *mbox;
	struct be_iommu *iommu;
	struct be_hw *scm;
	struct be_mem l2;
	struct be_mem pool;
	bool no_l2;
	bool no_pool;
	bool no_iommu;
	int mbox_err;
	struct software_node node;
	struct platform_device *pdev;
	struct omap4_rproc *o;
};

extern struct omap4_ctx *octx;
extern const struct platform_device_id omap4_test_ids[];

#endif /* AMPIPC_TESTS_OMAP4_TEST_H */
