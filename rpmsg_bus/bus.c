// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: the amp_rpmsg bus: channel devices and their drivers.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <ampipc/compat.h>
#include <ampipc/rpmsg.h>

#include "bus_internal.h"

static bool amp_rpmsg_name_ok(const char *name)
{
	size_t n = strnlen(name, AMP_RPMSG_NAME_SIZE);

	return n > 0 && n < AMP_RPMSG_NAME_SIZE;
}

static const struct amp_rpmsg_device_id *
amp_rpmsg_id_match(const struct amp_rpmsg_device_id *id,
		   const struct amp_rpmsg_device *rpdev)
{
	for (; id && id->name[0]; id++)
		if (!strncmp(id->name, rpdev->name, AMP_RPMSG_NAME_SIZE))
			return id;
	return NULL;
}

static int amp_rpmsg_match(struct device *dev, AMP_COMPAT_MATCH_DRV *drv)
{
	const struct amp_rpmsg_driver *rpdrv =
		container_of(drv, struct amp_rpmsg_driver, drv);

	return amp_rpmsg_id_match(rpdrv->id_table, to_amp_rpmsg_device(dev)) != NULL;
}

static int amp_rpmsg_uevent(AMP_COMPAT_UEVENT_DEV *dev,
			    struct kobj_uevent_env *env)
{
	const struct amp_rpmsg_device *rpdev =
		container_of(dev, struct amp_rpmsg_device, dev);

	return add_uevent_var(env, "MODALIAS=amp_rpmsg:%s", rpdev->name);
}

static int amp_rpmsg_probe(struct device *dev)
{
	struct amp_rpmsg_device *rpdev = to_amp_rpmsg_device(dev);
	struct amp_rpmsg_driver *rpdrv = to_amp_rpmsg_driver(dev->driver);
	struct amp_rpmsg_endpoint *ept = NULL;
	int ret;

	rpdev->id = amp_rpmsg_id_match(rpdrv->id_table, rpdev);
	if (rpdrv->callback) {
		ept = amp_rpmsg_ept_new(rpdev->link, rpdev, rpdrv->callback,
					NULL, rpdev->src);
		if (IS_ERR(ept)) {
			dev_err(dev, "channel endpoint at %d: %pe\n",
				(int)rpdev->src, ept);
			return PTR_ERR(ept);
		}
		rpdev->ept = ept;
		rpdev->src = ept->addr;
	}
	ret = rpdrv->probe ? rpdrv->probe(rpdev) : 0;
	if (ret) {
		rpdev->ept = NULL;
		amp_rpmsg_destroy_ept(ept);
		return ret;
	}
	if (ept && (rpdev->flags & AMP_RPMSG_CH_ANNOUNCE))
		amp_rpmsg_ns_announce(rpdev, AMP_RPMSG_NS_CREATE);
	return 0;
}

static void amp_rpmsg_remove(struct device *dev)
{
	struct amp_rpmsg_device *rpdev = to_amp_rpmsg_device(dev);
	struct amp_rpmsg_driver *rpdrv = to_amp_rpmsg_driver(dev->driver);

	if (rpdev->ept && (rpdev->flags & AMP_RPMSG_CH_ANNOUNCE))
		amp_rpmsg_ns_announce(rpdev, AMP_RPMSG_NS_DESTROY);
	if (rpdrv->remove)
		rpdrv->remove(rpdev);
	amp_rpmsg_destroy_ept(rpdev->ept);
	rpdev->ept = NULL;
	rpdev->id = NULL;
}

static ssize_t name_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", to_amp_rpmsg_device(dev)->name);
}
static DEVICE_ATTR_RO(name);

static ssize_t src_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "0x%x\n", to_amp_rpmsg_device(dev)->src);
}
static DEVICE_ATTR_RO(src);

static ssize_t dst_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "0x%x\n", to_amp_rpmsg_device(dev)->dst);
}
static DEVICE_ATTR_RO(dst);

static ssize_t announce_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%s\n", to_amp_rpmsg_device(dev)->flags &
			  AMP_RPMSG_CH_ANNOUNCE ? "on" : "off");
}
static DEVICE_ATTR_RO(announce);

static ssize_t modalias_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "amp_rpmsg:%s\n", to_amp_rpmsg_device(dev)->name);
}
static DEVICE_ATTR_RO(modalias);

static struct attribute *amp_rpmsg_dev_attrs[] = {
	&dev_attr_name.attr,
	&dev_attr_src.attr,
	&dev_attr_dst.attr,
	&dev_attr_announce.attr,
	&dev_attr_modalias.attr,
	NULL,
};
ATTRIBUTE_GROUPS(amp_rpmsg_dev);

static struct bus_type amp_rpmsg_bus = {
	.name = "amp_rpmsg",
	.match = amp_rpmsg_match,
	.uevent = amp_rpmsg_uevent,
	.probe = amp_rpmsg_probe,
	.remove = amp_rpmsg_remove,
	.dev_groups = amp_rpmsg_dev_groups,
};

/**
 * amp_rpmsg_driver_register() - register a channel driver
 * @rpdrv: the driver, with its id table
 * @owner: the module that provides it
 *
 * Channels whose name is in the id table are probed. May sleep.
 *
 * Return: 0 or a negative errno from the driver core; -EINVAL without an
 * id table.
 */
int amp_rpmsg_driver_register(struct amp_rpmsg_driver *rpdrv,
				struct module *owner)
{
	if (!rpdrv || !rpdrv->id_table)
		return -EINVAL;
	rpdrv->drv.bus = &amp_rpmsg_bus;
	rpdrv->drv.owner = owner;
	return driver_register(&rpdrv->drv);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_driver_register);

/**
 * amp_rpmsg_unregister_driver() - unregister a channel driver
 * @rpdrv: the driver
 *
 * Removes it from every channel it serves. May sleep.
 */
void amp_rpmsg_unregister_driver(struct amp_rpmsg_driver *rpdrv)
{
	driver_unregister(&rpdrv->drv);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_unregister_driver);

static void amp_rpmsg_dev_release(struct device *dev)
{
	struct amp_rpmsg_device *rpdev = to_amp_rpmsg_device(dev);

	amp_rpmsg_link_put(rpdev->link);
	kfree(rpdev);
}

/* Under link->lock. */
static struct amp_rpmsg_device *
amp_rpmsg_find_locked(struct amp_rpmsg_link *link, const char *name, u32 dst)
{
	struct amp_rpmsg_device *rpdev;

	list_for_each_entry(rpdev, &link->channels, node)
		if (rpdev->dst == dst &&
		    !strncmp(rpdev->name, name, AMP_RPMSG_NAME_SIZE))
			return rpdev;
	return NULL;
}

/**
 * amp_rpmsg_link_find_channel() - look a channel up by name and dst
 * @link: the link
 * @name: channel name
 * @dst: remote address
 *
 * Return: the channel with a reference (put_device() it), or NULL.
 */
struct amp_rpmsg_device *
amp_rpmsg_link_find_channel(struct amp_rpmsg_link *link, const char *name,
			    u32 dst)
{
	struct amp_rpmsg_device *rpdev;

	mutex_lock(&link->lock);
	rpdev = amp_rpmsg_find_locked(link, name, dst);
	if (rpdev)
		get_device(&rpdev->dev);
	mutex_unlock(&link->lock);
	return rpdev;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_link_find_channel);

/**
 * amp_rpmsg_link_nr_channels() - channels a link has
 * @link: the link
 *
 * Return: the number of channel devices.
 */
unsigned int amp_rpmsg_link_nr_channels(struct amp_rpmsg_link *link)
{
	struct amp_rpmsg_device *rpdev;
	unsigned int n = 0;

	mutex_lock(&link->lock);
	list_for_each_entry(rpdev, &link->channels, node)
		n++;
	mutex_unlock(&link->lock);
	return n;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_link_nr_channels);

/**
 * amp_rpmsg_create_channel() - add a channel device to a link
 * @link: the link
 * @chinfo: name (1..31 characters), src (or ANY) and dst
 * @flags: %AMP_RPMSG_CH_* flags; with %AMP_RPMSG_CH_ANNOUNCE the host
 *	announces the channel's endpoint when the name service is on
 *
 * A matching driver is probed before this returns. Must not be called from
 * an rx callback or a channel driver's probe or remove. May sleep.
 *
 * Return: the channel, or an ERR_PTR: -EINVAL for a bad name; -EEXIST if a
 * channel with the same name and dst exists; -ENOSPC when
 * %AMP_RPMSG_CH_NS is set and the link's cap of announced channels is
 * reached; -ENODEV if the link is going away; -ENOMEM.
 */
struct amp_rpmsg_device *
amp_rpmsg_create_channel(struct amp_rpmsg_link *link,
			 const struct amp_rpmsg_channel_info *chinfo,
			 unsigned int flags)
{
	struct amp_rpmsg_device *rpdev;
	int ret;

	if (!link || !chinfo || !amp_rpmsg_name_ok(chinfo->name))
		return ERR_PTR(-EINVAL);

	rpdev = kzalloc(sizeof(*rpdev), GFP_KERNEL);
	if (!rpdev)
		return ERR_PTR(-ENOMEM);
	strscpy(rpdev->name, chinfo->name, sizeof(rpdev->name));
	rpdev->src = chinfo->src;
	rpdev->dst = chinfo->dst;
	rpdev->flags = flags;
	rpdev->link = link;
	INIT_LIST_HEAD(&rpdev->node);
	device_initialize(&rpdev->dev);
	rpdev->dev.bus = &amp_rpmsg_bus;
	rpdev->dev.parent = link->parent;
	rpdev->dev.release = amp_rpmsg_dev_release;
	amp_rpmsg_link_get(link);
	ret = dev_set_name(&rpdev->dev, "%s.%s.%d.%d", link->name, rpdev->name,
			   (int)rpdev->src, (int)rpdev->dst);
	if (ret)
		goto put;

	mutex_lock(&link->chan_lock);
	mutex_lock(&link->lock);
	if (link->dead)
		ret = -ENODEV;
	else if (amp_rpmsg_find_locked(link, rpdev->name, rpdev->dst))
		ret = -EEXIST;
	else if ((flags & AMP_RPMSG_CH_NS) && link->nr_ns >= link->max_ns)
		ret = -ENOSPC;
	if (!ret) {
		list_add_tail(&rpdev->node, &link->channels);
		if (flags & AMP_RPMSG_CH_NS)
			link->nr_ns++;
	}
	mutex_unlock(&link->lock);
	if (!ret) {
		ret = device_add(&rpdev->dev);
		if (ret) {
			mutex_lock(&link->lock);
			list_del_init(&rpdev->node);
			if (flags & AMP_RPMSG_CH_NS)
				link->nr_ns--;
			mutex_unlock(&link->lock);
		} else {
			amp_rpmsg_notify_channel(rpdev, AMP_RPMSG_CHANNEL_ADDED);
		}
	}
	mutex_unlock(&link->chan_lock);
	if (ret)
		goto put;
	return rpdev;

put:
	put_device(&rpdev->dev);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_create_channel);

/**
 * amp_rpmsg_release_channel() - remove a channel device
 * @link: the link
 * @chinfo: name and dst of the channel (src is not compared)
 *
 * Same context rules as amp_rpmsg_create_channel().
 *
 * Return: 0, -EINVAL, or -ENOENT if there is no such channel.
 */
int amp_rpmsg_release_channel(struct amp_rpmsg_link *link,
			      const struct amp_rpmsg_channel_info *chinfo)
{
	struct amp_rpmsg_device *rpdev;

	if (!link || !chinfo)
		return -EINVAL;
	mutex_lock(&link->chan_lock);
	mutex_lock(&link->lock);
	rpdev = amp_rpmsg_find_locked(link, chinfo->name, chinfo->dst);
	if (rpdev) {
		list_del_init(&rpdev->node);
		if (rpdev->flags & AMP_RPMSG_CH_NS)
			link->nr_ns--;
	}
	mutex_unlock(&link->lock);
	if (rpdev) {
		amp_rpmsg_notify_channel(rpdev, AMP_RPMSG_CHANNEL_REMOVED);
		device_unregister(&rpdev->dev);
	}
	mutex_unlock(&link->chan_lock);
	return rpdev ? 0 : -ENOENT;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_release_channel);

int amp_rpmsg_bus_init(void)
{
	return bus_register(&amp_rpmsg_bus);
}

void amp_rpmsg_bus_exit(void)
{
	bus_unregister(&amp_rpmsg_bus);
}
