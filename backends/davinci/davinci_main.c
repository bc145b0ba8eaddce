// SPDX-License-Identifier: GPL-2.0
/*
 * amp_rproc_davinci: module glue. The DSP's module clock through the clock
 * framework, and the platform driver.
 */
#include <linux/clk.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>

#include <ampipc/compat.h>

#include "davinci.h"

static int davinci_hw_clk_get(struct davinci_dsp *d)
{
	struct clk *clk = devm_clk_get(d->dev, NULL);

	if (IS_ERR(clk))
		return PTR_ERR(clk);
	d->clk = clk;
	return 0;
}

static int davinci_hw_clk_enable(struct davinci_dsp *d)
{
	return clk_prepare_enable(d->clk);
}

static void davinci_hw_clk_disable(struct davinci_dsp *d)
{
	clk_disable_unprepare(d->clk);
}

static const struct amp_davinci_glue davinci_hw_glue = {
	.mem = &amp_be_hw_mem_ops,
	.clk_get = davinci_hw_clk_get,
	.clk_enable = davinci_hw_clk_enable,
	.clk_disable = davinci_hw_clk_disable,
};

static const struct of_device_id davinci_of_match[] = {
	{ .compatible = "ti,da850-dsp", .data = &davinci_hw_glue },
	{ }
};
AMP_MODULE_DEVICE_TABLE(of, davinci_of_match);

static const struct platform_device_id davinci_ids[] = {
	{ "amp-da850-dsp", (kernel_ulong_t)&davinci_hw_glue },
	{ }
};
AMP_MODULE_DEVICE_TABLE(platform, davinci_ids);

static struct platform_driver davinci_driver = {
	.probe = amp_davinci_probe,
	AMP_PLATFORM_REMOVE(amp_davinci_remove),
	.id_table = davinci_ids,
	.driver = {
		.name = "amp-davinci-rproc",
		.of_match_table = davinci_of_match,
	},
};
module_platform_driver(davinci_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ampipc backend: TI DA850 / OMAP-L138 DSP");
MODULE_VERSION(AMPIPC_VERSION);
MODULE_AUTHOR("ampipc developers");
