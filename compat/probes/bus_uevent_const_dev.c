// SPDX-License-Identifier: GPL-2.0
/* 6.3: bus_type.uevent() takes a const struct device. */
#include <linux/device.h>

static int amp_probe_uevent(const struct device *dev, struct kobj_uevent_env *env)
{
	return dev == NULL && env == NULL;
}

struct bus_type amp_probe_bus;
struct bus_type amp_probe_bus = { .name = "amp_probe", .uevent = amp_probe_uevent };
