// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: sysfs attributes of the rpmsg character devices.
 *
 * Endpoint nodes: name, link, kind, src, dst, mtu, open, the counters
 * rx_msgs, tx_msgs, rx_drops and tx_refused, and the limits max_msg_size
 * and rate_limit (0644, written only with CAP_SYS_ADMIN). Control nodes:
 * link.
 */

#include <linux/capability.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/sysfs.h>

#include <ampipc/rpmsg.h>

#include "char_internal.h"

static ssize_t name_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", to_amp_rchar_node(dev)->name);
}
static DEVICE_ATTR_RO(name);

static ssize_t link_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", to_amp_rchar_node(dev)->link_name);
}
static DEVICE_ATTR_RO(link);

static ssize_t kind_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", to_amp_rchar_node(dev)->kind ==
			  AMP_RCHAR_CHANNEL ? "channel" : "endpoint");
}
static DEVICE_ATTR_RO(kind);

static ssize_t src_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	struct amp_rchar_node *node = to_amp_rchar_node(dev);
	u32 src;

	mutex_lock(&node->lock);
	src = node->ept ? node->ept->addr : node->src;
	mutex_unlock(&node->lock);
	return sysfs_emit(buf, "0x%x\n", src);
}
static DEVICE_ATTR_RO(src);

static ssize_t dst_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "0x%x\n", READ_ONCE(to_amp_rchar_node(dev)->dst));
}
static DEVICE_ATTR_RO(dst);

static ssize_t open_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	struct amp_rchar_node *node = to_amp_rchar_node(dev);
	bool open;

	mutex_lock(&node->lock);
	open = node->ept;
	mutex_unlock(&node->lock);
	return sysfs_emit(buf, "%d\n", open);
}
static DEVICE_ATTR_RO(open);

static ssize_t mtu_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	struct amp_rchar_node *node = to_amp_rchar_node(dev);
	size_t mtu = 0;
	u32 max;

	mutex_lock(&node->lock);
	if (node->link)
		mtu = amp_rpmsg_link_tx_mtu(node->link);
	mutex_unlock(&node->lock);
	max = READ_ONCE(node->max_msg_size);
	if (max && max < mtu)
		mtu = max;
	return sysfs_emit(buf, "%zu\n", mtu);
}
static DEVICE_ATTR_RO(mtu);

#define AMP_RCHAR_COUNTER(field)					\
static ssize_t field##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%lld\n",				\
			  atomic64_read(&to_amp_rchar_node(dev)->field));	\
}									\
static DEVICE_ATTR_RO(field)

AMP_RCHAR_COUNTER(rx_msgs);
AMP_RCHAR_COUNTER(tx_msgs);
AMP_RCHAR_COUNTER(rx_drops);
AMP_RCHAR_COUNTER(tx_refused);

static ssize_t amp_rchar_store_u32(const char *buf, size_t count, u32 *field,
				   u32 max)
{
	u32 v;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	ret = kstrtou32(buf, 0, &v);
	if (ret)
		return ret;
	if (v > max)
		return -ERANGE;
	WRITE_ONCE(*field, v);
	return count;
}

static ssize_t max_msg_size_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  READ_ONCE(to_amp_rchar_node(dev)->max_msg_size));
}

static ssize_t max_msg_size_store(struct device *dev,
				  struct device_attribute *attr,
				  const char *buf, size_t count)
{
	return amp_rchar_store_u32(buf, count,
				   &to_amp_rchar_node(dev)->max_msg_size,
				   U32_MAX);
}
static DEVICE_ATTR_RW(max_msg_size);

static ssize_t rate_limit_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  READ_ONCE(to_amp_rchar_node(dev)->rate_limit));
}

static ssize_t rate_limit_store(struct device *dev,
				struct device_attribute *attr,
				const char *buf, size_t count)
{
	return amp_rchar_store_u32(buf, count,
				   &to_amp_rchar_node(dev)->rate_limit,
				   1000000);
}
static DEVICE_ATTR_RW(rate_limit);

static struct attribute *amp_rchar_ept_attrs[] = {
	&dev_attr_name.attr,
	&dev_attr_link.attr,
	&dev_attr_kind.attr,
	&dev_attr_src.attr,
	&dev_attr_dst.attr,
	&dev_attr_mtu.attr,
	&dev_attr_open.attr,
	&dev_attr_rx_msgs.attr,
	&dev_attr_tx_msgs.attr,
	&dev_attr_rx_drops.attr,
	&dev_attr_tx_refused.attr,
	&dev_attr_max_msg_size.attr,
	&dev_attr_rate_limit.attr,
	NULL,
};

static const struct attribute_group amp_rchar_ept_group = {
	.attrs = amp_rchar_ept_attrs,
};

const struct attribute_group *amp_rchar_ept_groups[] = {
	&amp_rchar_ept_group,
	NULL,
};

static struct attribute *amp_rchar_ctrl_attrs[] = {
	&dev_attr_link.attr,
	NULL,
};

static const struct attribute_group amp_rchar_ctrl_group = {
	.attrs = amp_rchar_ctrl_attrs,
};

const struct attribute_group *amp_rchar_ctrl_groups[] = {
	&amp_rchar_ctrl_group,
	NULL,
};
