// SPDX-License-Identifier: GPL-2.0
/* 6.11: platform_driver.remove returns void (6.1-6.10: .remove_new). */
#include <linux/platform_device.h>

static void amp_probe_remove(struct platform_device *pdev)
{
}

struct platform_driver amp_probe_driver;
struct platform_driver amp_probe_driver = {
	.remove = amp_probe_remove,
};
