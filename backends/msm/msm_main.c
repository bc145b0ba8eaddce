// SPDX-License-Identifier: GPL-2.0
/*
 * amp_rproc_msm: module glue. Firmware fetching, the qcom_scm authenticator
 * (msm_scm.c) and the platform driver.
 */
#include <linux/firmware.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

#include <ampipc/compat.h>

#include "msm.h"

static int msm_hw_request_fw(struct device *dev, const char *name,
			     const struct firmware **fw)
{
	return request_firmware(fw, name, dev);
}

static const struct amp_msm_glue msm_hw_glue = {
	.mem = &amp_be_hw_mem_ops,
	.auth = &amp_msm_scm_auth,
	.request_fw = msm_hw_request_fw,
};

static const struct of_device_id msm_of_match[] = {
	{ .compatible = "amp,qcom-pas", .data = &msm_hw_glue },
	{ }
};
AMP_MODULE_DEVICE_TABLE(of, msm_of_match);

static const struct platform_device_id msm_ids[] = {
	{ "amp-qcom-pas", (kernel_ulong_t)&msm_hw_glue },
	{ }
};
AMP_MODULE_DEVICE_TABLE(platform, msm_ids);

static struct platform_driver msm_driver = {
	.probe = amp_msm_probe,
	AMP_PLATFORM_REMOVE(amp_msm_remove),
	.id_table = msm_ids,
	.driver = {
		.name = "amp-msm-rproc",
		.of_match_table = msm_of_match,
	},
};
module_platform_driver(msm_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ampipc backend: Qualcomm peripherals booted through PAS");
MODULE_VERSION(AMPIPC_VERSION);
MODULE_AUTHOR("ampipc developers");
