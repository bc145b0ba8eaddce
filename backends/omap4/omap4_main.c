// SPDX-License-Identifier: GPL-2.0
/*
 * amp_rproc_omap4: module glue. The hardware lookups that the mailbox, syscon
 * and IOMMU frameworks offer through DT, the IPU and DSP variants, and the
 * platform driver.
 */
#include <linux/iommu.h>
#include <linux/mailbox_client.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

#include <ampipc/compat.h>
#include <ampipc/fwparse.h>

#include "omap4.h"

static struct mbox_chan *omap4_hw_mbox_request(struct mbox_client *cl)
{
	return mbox_request_channel(cl, 0);
}

/*
 * The domain the MMU is attached to: the device's own when the IOMMU driver
 * gives it a default domain, else a paging domain attached here (OMAP's
 * IOMMU driver of 6.1 offers unmanaged domains only). NULL without "iommus".
 */
static struct iommu_domain *omap4_hw_iommu_domain(struct device *dev)
{
	struct iommu_domain *domain;
	int ret;

	if (!device_iommu_mapped(dev))
		return NULL;
	domain = iommu_get_domain_for_dev(dev);
	if (domain)
		return domain;
	domain = iommu_paging_domain_alloc(dev);
	if (IS_ERR(domain))
		return domain;
	ret = iommu_attach_device(domain, dev);
	if (ret) {
		iommu_domain_free(domain);
		return ERR_PTR(ret);
	}
	return domain;
}

static void omap4_hw_iommu_release(struct device *dev,
				   struct iommu_domain *domain)
{
	if (iommu_get_domain_for_dev(dev) != domain)
		return;
	if (domain->type == IOMMU_DOMAIN_UNMANAGED) {
		iommu_detach_device(domain, dev);
		iommu_domain_free(domain);
	}
}

static const struct amp_omap4_glue omap4_hw_glue = {
	.mem = &amp_be_hw_mem_ops,
	.mbox_request = omap4_hw_mbox_request,
	.iommu_domain = omap4_hw_iommu_domain,
	.iommu_release = omap4_hw_iommu_release,
};

/* OMAP4430 TRM: the IPU's L2 RAM is at 0x20000000 in its address space. */
static const struct amp_omap4_mem omap4_ipu_mems[] = {
	{ .name = "l2ram", .da = 0x20000000 },
	{ }
};

static const struct amp_omap4_variant omap4_ipu = {
	.name = "omap4-ipu",
	.firmware = "omap4-ipu-fw.xem3",
	.machine = AMP_EM_ARM,
	.target = "ti,omap4-ipu",
	.mems = omap4_ipu_mems,
	.glue = &omap4_hw_glue,
};

static const struct amp_omap4_variant omap4_dsp = {
	.name = "omap4-dsp",
	.firmware = "omap4-dsp-fw.xe64T",
	.machine = AMP_EM_TI_C6000,
	.target = "ti,omap4-dsp",
	.needs_bootreg = true,
	.glue = &omap4_hw_glue,
};

static const struct of_device_id omap4_of_match[] = {
	{ .compatible = "ti,omap4-ipu", .data = &omap4_ipu },
	{ .compatible = "ti,omap4-dsp", .data = &omap4_dsp },
	{ }
};
AMP_MODULE_DEVICE_TABLE(of, omap4_of_match);

static const struct platform_device_id omap4_ids[] = {
	{ "amp-omap4-ipu", (kernel_ulong_t)&omap4_ipu },
	{ "amp-omap4-dsp", (kernel_ulong_t)&omap4_dsp },
	{ }
};
AMP_MODULE_DEVICE_TABLE(platform, omap4_ids);

static struct platform_driver omap4_driver = {
	.probe = amp_omap4_probe,
	AMP_PLATFORM_REMOVE(amp_omap4_remove),
	.id_table = omap4_ids,
	.driver = {
		.name = "amp-omap4-rproc",
		.of_match_table = omap4_of_match,
		.pm = pm_ptr(&amp_omap4_pm_ops),
	},
};
module_platform_driver(omap4_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ampipc backend: TI OMAP4 IPU and DSP");
MODULE_VERSION(AMPIPC_VERSION);
MODULE_AUTHOR("ampipc developers");
