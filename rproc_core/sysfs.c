// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs attributes of /sys/class/amp_rproc/<name>/ (docs/rproc.md).
 *
 * Writers take amp_rproc_mutex interruptibly, so a write that meets a boot
 * or a recovery waits for it and then acts on the resulting state.
 */
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "rproc_internal.h"

static const char * const amp_rproc_recovery_names[] = {
	[AMP_RPROC_RECOVERY_ENABLED] = "enabled",
	[AMP_RPROC_RECOVERY_DISABLED] = "disabled",
	[AMP_RPROC_RECOVERY_ONESHOT] = "oneshot",
};

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct amp_rproc *rproc = to_amp_rproc(dev);

	return sysfs_emit(buf, "%s\n", amp_rproc_state_name(amp_rproc_state(rproc)));
}

static ssize_t state_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct amp_rproc *rproc = to_amp_rproc(dev);
	int ret;

	if (mutex_lock_interruptible(&amp_rproc_mutex))
		return -ERESTARTSYS;
	if (sysfs_streq(buf, "start"))
		ret = amp_rproc_admin_start(rproc, &rproc->sysfs_ref);
	else if (sysfs_streq(buf, "stop"))
		ret = amp_rproc_admin_stop(rproc, &rproc->sysfs_ref);
	else
		ret = -EINVAL;
	mutex_unlock(&amp_rproc_mutex);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(state);

static ssize_t firmware_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	struct amp_rproc *rproc = to_amp_rproc(dev);
	ssize_t ret;

	if (mutex_lock_interruptible(&amp_rproc_mutex))
		return -ERESTARTSYS;
	ret = sysfs_emit(buf, "%s\n", rproc->firmware);
	mutex_unlock(&amp_rproc_mutex);
	return ret;
}

static ssize_t firmware_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t count)
{
	struct amp_rproc *rproc = to_amp_rproc(dev);
	size_t len = strcspn(buf, "\n");
	char *name;
	int ret = 0;

	/* A name under /lib/firmware: no absolute path, no "..". */
	if (!len || len > NAME_MAX || buf[0] == '/') {
		dev_err(dev, "firmware: name empty, too long or absolute\n");
		return -EINVAL;
	}
	name = kstrndup(buf, len, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	if (strstr(name, "..")) {
		dev_err(dev, "firmware: name contains \"..\"\n");
		kfree(name);
		return -EINVAL;
	}
	if (mutex_lock_interruptible(&amp_rproc_mutex)) {
		kfree(name);
		return -ERESTARTSYS;
	}
	if (rproc->state != AMP_RPROC_OFFLINE || atomic_read(&rproc->power))
		ret = -EBUSY;
	else
		swap(name, rproc->firmware);
	mutex_unlock(&amp_rproc_mutex);
	kfree(name);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(firmware);

static ssize_t name_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", to_amp_rproc(dev)->cfg.name);
}
static DEVICE_ATTR_RO(name);

static ssize_t recovery_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	enum amp_rproc_recovery r = READ_ONCE(to_amp_rproc(dev)->recovery);

	return sysfs_emit(buf, "%s\n", amp_rproc_recovery_names[r]);
}

static ssize_t recovery_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t count)
{
	struct amp_rproc *rproc = to_amp_rproc(dev);
	int ret = 0, i;

	if (mutex_lock_interruptible(&amp_rproc_mutex))
		return -ERESTARTSYS;
	i = sysfs_match_string(amp_rproc_recovery_names, buf);
	if (i >= 0)
		WRITE_ONCE(rproc->recovery, i);
	else if (sysfs_streq(buf, "recover"))
		ret = amp_rproc_recover_now(rproc);
	else
		ret = -EINVAL;
	mutex_unlock(&amp_rproc_mutex);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(recovery);

static ssize_t coredump_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  READ_ONCE(to_amp_rproc(dev)->coredump) ? "enabled" : "disabled");
}

static ssize_t coredump_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t count)
{
	struct amp_rproc *rproc = to_amp_rproc(dev);
	bool on;

	if (sysfs_streq(buf, "enabled"))
		on = true;
	else if (sysfs_streq(buf, "disabled"))
		on = false;
	else
		return -EINVAL;
	if (mutex_lock_interruptible(&amp_rproc_mutex))
		return -ERESTARTSYS;
	WRITE_ONCE(rproc->coredump, on);
	mutex_unlock(&amp_rproc_mutex);
	return count;
}
static DEVICE_ATTR_RW(coredump);

static ssize_t dependencies_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	struct amp_rproc *rproc = to_amp_rproc(dev);
	struct amp_rproc_fwdep *f;
	struct amp_rproc_dep *e;
	int n = 0;

	if (mutex_lock_interruptible(&amp_rproc_mutex))
		return -ERESTARTSYS;
	list_for_each_entry(e, &rproc->deps, node)
		n += sysfs_emit_at(buf, n, "%s%s\n", dev_name(&e->dep->dev),
				   e->held ? " held" : "");
	list_for_each_entry(f, &rproc->fwdeps, node)
		n += sysfs_emit_at(buf, n, "%pfwP unresolved\n", f->fwnode);
	mutex_unlock(&amp_rproc_mutex);
	return n;
}
static DEVICE_ATTR_RO(dependencies);

static ssize_t crash_count_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(to_amp_rproc(dev)->crash_count));
}
static DEVICE_ATTR_RO(crash_count);

static ssize_t security_version_floor_show(struct device *dev,
					   struct device_attribute *attr,
					   char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(to_amp_rproc(dev)->sec_floor));
}

static ssize_t security_version_floor_store(struct device *dev,
					    struct device_attribute *attr,
					    const char *buf, size_t count)
{
	struct amp_rproc *rproc = to_amp_rproc(dev);
	int ret = 0;
	u32 v;

	if (kstrtou32(buf, 0, &v))
		return -EINVAL;
	if (mutex_lock_interruptible(&amp_rproc_mutex))
		return -ERESTARTSYS;
	if (v < rproc->sec_floor)
		ret = -EPERM;
	else
		WRITE_ONCE(rproc->sec_floor, v);
	mutex_unlock(&amp_rproc_mutex);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(security_version_floor);

static ssize_t unsigned_loaded_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(to_amp_rproc(dev)->unsigned_loaded));
}
static DEVICE_ATTR_RO(unsigned_loaded);

static struct attribute *amp_rproc_attrs[] = {
	&dev_attr_state.attr,
	&dev_attr_firmware.attr,
	&dev_attr_name.attr,
	&dev_attr_recovery.attr,
	&dev_attr_coredump.attr,
	&dev_attr_dependencies.attr,
	&dev_attr_crash_count.attr,
	&dev_attr_security_version_floor.attr,
	&dev_attr_unsigned_loaded.attr,
	NULL
};

static const struct attribute_group amp_rproc_group = {
	.attrs = amp_rproc_attrs,
};

const struct attribute_group *amp_rproc_groups[] = {
	&amp_rproc_group,
	NULL
};
