// SPDX-License-Identifier: GPL-2.0
/* 6.11: bus_type.match() takes a const struct device_driver. */
#include <linux/device.h>

static int amp_probe_match(struct device *dev, const struct device_driver *drv)
{
	return dev == NULL && drv == NULL;
}

struct bus_type amp_probe_bus;
struct bus_type amp_probe_bus = { .name = "amp_probe", .match = amp_probe_match };
