// SPDX-License-Identifier: GPL-2.0
/*
 * The amp_omap4 suite's fakes behind struct amp_omap4_glue (memories from
 * the suite's context, its mailbox and IOMMU domain), and the two test
 * variants, an IPU and a DSP, named by the platform ids omap4_test.c's
 * devices take.
 */
#include <linux/err.h>
#include <linux/iommu.h>
#include <linux/mailbox_client.h>
#include <linux/string.h>

#include <ampipc/fwparse.h>

#include "../../backends/omap4/omap4.h"
#include "omap4_test.h"

static int omap4_fake_map_mem(struct platform_device *pdev, const char *name,
			      struct amp_rproc_window *w)
{
	if (strcmp(name, "l2ram") || octx->no_l2)
		return -ENOENT;
	w->pa = octx->l2.pa;
	w->size = octx->l2.size;
	w->va = octx->l2.va;
	return 0;
}

static int omap4_fake_carveout(struct platform_device *pdev,
			       struct amp_rproc_window *w)
{
	if (octx->no_pool)
		return -ENOENT;
	w->pa = octx->pool.pa;
	w->size = octx->pool.size;
	w->va = octx->pool.va;
	return 0;
}

static const struct amp_be_mem_ops omap4_fake_mem = {
	.map_mem = omap4_fake_map_mem,
	.carveout = omap4_fake_carveout,
};

static struct mbox_chan *omap4_fake_mbox_request(struct mbox_client *cl)
{
	if (octx->mbox_err)
		return ERR_PTR(octx->mbox_err);
	return be_mbox_bind(octx->mbox, cl);
}

static struct iommu_domain *omap4_fake_iommu(struct device *dev)
{
	return octx->no_iommu ? NULL : &octx->iommu->domain;
}

static const struct amp_omap4_glue omap4_fake_glue = {
	.mem = &omap4_fake_mem,
	.mbox_request = omap4_fake_mbox_request,
	.iommu_domain = omap4_fake_iommu,
};

static const struct amp_omap4_mem omap4_test_ipu_mems[] = {
	{ .name = "l2ram", .da = 0x20000000 },
	{ }
};

static const struct amp_omap4_variant omap4_test_ipu = {
	.name = "kunit-ipu",
	.firmware = "omap4-ipu-fw.xem3",
	.machine = AMP_EM_ARM,
	.target = "ti,omap4-ipu",
	.mems = omap4_test_ipu_mems,
	.glue = &omap4_fake_glue,
};

static const struct amp_omap4_variant omap4_test_dsp = {
	.name = "kunit-dsp",
	.firmware = "omap4-dsp-fw.xe64T",
	.machine = AMP_EM_TI_C6000,
	.target = "ti,omap4-dsp",
	.needs_bootreg = true,
	.glue = &omap4_fake_glue,
};

const struct platform_device_id omap4_test_ids[] = {
	{ IPU_NAME, (kernel_ulong_t)&omap4_test_ipu },
	{ DSP_NAME, (kernel_ulong_t)&omap4_test_dsp },
	{ }
};
