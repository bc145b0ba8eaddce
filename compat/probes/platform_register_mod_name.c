// SPDX-License-Identifier: GPL-2.0
/* 7.x: __platform_driver_register() also takes the module's name. */
#include <linux/platform_device.h>

int amp_probe_register(struct platform_driver *drv);
int amp_probe_register(struct platform_driver *drv)
{
	return __platform_driver_register(drv, NULL, "amp_probe");
}
