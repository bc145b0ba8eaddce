// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: amp_rpmsg_char, the rpmsg character devices.
 *
 * Follows the bus through amp_rpmsg_register_notifier(): every link gets a
 * control node /dev/amp_rpmsg_ctrlN, every exported channel an endpoint
 * node /dev/amp_rpmsgN (char_policy.c decides what is exported). A node is
 * killed when its channel or link goes: it is marked dead, its readers and
 * pollers are woken, its device is removed; files still open get -EPIPE
 * and destroy their endpoint when closed. Lock order: a link's chan_lock
 * (notifier), amp_rchar_lock, a node's link_sem, a node's lock, the bus's
 * link lock.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/idr.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <ampipc/compat.h>
#include <ampipc/rpmsg.h>

#include "char_internal.h"

#define AMP_RCHAR_MINORS	1024

DEFINE_MUTEX(amp_rchar_lock);
LIST_HEAD(amp_rchar_nodes);
LIST_HEAD(amp_rchar_chans);

unsigned int amp_rchar_rxq_depth = 64;
module_param_named(rxq_depth, amp_rchar_rxq_depth, uint, 0444);
MODULE_PARM_DESC(rxq_depth,
		 "messages queued per open node before drops (1..4096, default 64)");

static struct class *amp_rchar_class;
static dev_t amp_rchar_devt;
static DEFINE_IDA(amp_rchar_minor_ida);
static DEFINE_IDA(amp_rchar_ctrl_ida);
static DEFINE_IDA(amp_rchar_ept_ida);
static bool amp_rchar_ready;

static void amp_rchar_node_release(struct device *dev)
{
	struct amp_rchar_node *node = to_amp_rchar_node(dev);

	amp_rchar_rxq_purge(node);
	ida_free(&amp_rchar_minor_ida, MINOR(dev->devt));
	ida_free(node->kind == AMP_RCHAR_CTRL ? &amp_rchar_ctrl_ida :
		 &amp_rchar_ept_ida, node->index);
	mutex_destroy(&node->lock);
	kfree(node);
}

/*
 * A new node, added to sysfs and /dev. @parent: the link's device for a
 * control node, the channel for a channel node, the control node for a
 * created one. Under amp_rchar_lock; @link must stay valid during the call.
 */
struct amp_rchar_node *amp_rchar_node_add(enum amp_rchar_kind kind,
					  struct amp_rpmsg_link *link,
					  struct device *parent,
					  const char *name, u32 src, u32 dst)
{
	struct ida *ida = kind == AMP_RCHAR_CTRL ? &amp_rchar_ctrl_ida :
			  &amp_rchar_ept_ida;
	struct amp_rchar_node *node;
	int minor, index, ret;

	lockdep_assert_held(&amp_rchar_lock);
	node = kzalloc(sizeof(*node), GFP_KERNEL);
	if (!node)
		return ERR_PTR(-ENOMEM);
	minor = ida_alloc_max(&amp_rchar_minor_ida, AMP_RCHAR_MINORS - 1,
			      GFP_KERNEL);
	if (minor < 0) {
		kfree(node);
		return ERR_PTR(minor == -ENOSPC ? -ENOSPC : minor);
	}
	index = ida_alloc(ida, GFP_KERNEL);
	if (index < 0) {
		ida_free(&amp_rchar_minor_ida, minor);
		kfree(node);
		return ERR_PTR(index);
	}
	node->kind = kind;
	node->index = index;
	node->link = link;
	strscpy(node->link_name, amp_rpmsg_link_name(link),
		sizeof(node->link_name));
	strscpy(node->name, name, sizeof(node->name));
	node->src = src;
	node->dst = dst;
	INIT_LIST_HEAD(&node->list);
	init_rwsem(&node->link_sem);
	mutex_init(&node->lock);
	spin_lock_init(&node->rxq_lock);
	INIT_LIST_HEAD(&node->rxq);
	init_waitqueue_head(&node->rxq_wait);
	spin_lock_init(&node->rate_lock);
	atomic64_set(&node->rx_msgs, 0);
	atomic64_set(&node->tx_msgs, 0);
	atomic64_set(&node->rx_drops, 0);
	atomic64_set(&node->tx_refused, 0);

	device_initialize(&node->dev);
	node->dev.class = amp_rchar_class;
	node->dev.parent = parent;
	node->dev.devt = MKDEV(MAJOR(amp_rchar_devt), minor);
	node->dev.release = amp_rchar_node_release;
	if (kind == AMP_RCHAR_CTRL) {
		node->dev.groups = amp_rchar_ctrl_groups;
		cdev_init(&node->cdev, &amp_rchar_ctrl_fops);
		ret = dev_set_name(&node->dev, "amp_rpmsg_ctrl%d", index);
	} else {
		node->dev.groups = amp_rchar_ept_groups;
		cdev_init(&node->cdev, &amp_rchar_ept_fops);
		ret = dev_set_name(&node->dev, "amp_rpmsg%d", index);
	}
	node->cdev.owner = THIS_MODULE;
	if (!ret)
		ret = cdev_device_add(&node->cdev, &node->dev);
	if (ret) {
		put_device(&node->dev);
		return ERR_PTR(ret);
	}
	list_add_tail(&node->list, &amp_rchar_nodes);
	return node;
}

/*
 * The node's link or channel is gone, or it was destroyed or unexported:
 * every user of the node learns it at once, the device goes away. Not under
 * amp_rchar_lock; the node must be off amp_rchar_nodes already.
 */
void amp_rchar_node_kill(struct amp_rchar_node *node)
{
	if (node->kind == AMP_RCHAR_CTRL) {
		down_write(&node->link_sem);
		node->link = NULL;
		node->dead = true;
		up_write(&node->link_sem);
	} else {
		mutex_lock(&node->lock);
		node->link = NULL;
		WRITE_ONCE(node->dead, true);
		mutex_unlock(&node->lock);
		wake_up_interruptible_all(&node->rxq_wait);
	}
	cdev_device_del(&node->cdev, &node->dev);
	put_device(&node->dev);
}

/* Under amp_rchar_lock: the channel's node per the policy. */
static struct amp_rchar_node *amp_rchar_chan_sync(struct amp_rchar_chan *ch)
{
	struct amp_rchar_node *node;
	bool want;

	want = ch->by_ctrl || amp_rchar_exported(ch->link, ch->rpdev->name);
	if (want && !ch->node) {
		node = amp_rchar_node_add(AMP_RCHAR_CHANNEL, ch->link,
					  &ch->rpdev->dev, ch->rpdev->name,
					  AMP_RPMSG_ADDR_ANY, ch->rpdev->dst);
		if (IS_ERR(node))
			dev_err(&ch->rpdev->dev, "character device: %pe\n", node);
		else
			ch->node = node;
		return NULL;
	}
	if (!want && ch->node) {
		node = ch->node;
		ch->node = NULL;
		list_del_init(&node->list);
		return node;
	}
	return NULL;
}

/**
 * amp_rchar_rescan() - apply a changed export policy to every channel
 *
 * Creates the nodes of newly exported channels and kills those of channels
 * no longer exported (their open files get -EPIPE).
 */
void amp_rchar_rescan(void)
{
	struct amp_rchar_node *node, *tmp;
	struct amp_rchar_chan *ch;
	LIST_HEAD(dead);

	mutex_lock(&amp_rchar_lock);
	if (!amp_rchar_ready) {
		mutex_unlock(&amp_rchar_lock);
		return;
	}
	list_for_each_entry(ch, &amp_rchar_chans, list) {
		node = amp_rchar_chan_sync(ch);
		if (node)
			list_add_tail(&node->list, &dead);
	}
	mutex_unlock(&amp_rchar_lock);
	list_for_each_entry_safe(node, tmp, &dead, list) {
		list_del_init(&node->list);
		amp_rchar_node_kill(node);
	}
}

static struct amp_rchar_chan *amp_rchar_chan_find(struct amp_rpmsg_device *rpdev)
{
	struct amp_rchar_chan *ch;

	list_for_each_entry(ch, &amp_rchar_chans, list)
		if (ch->rpdev == rpdev)
			return ch;
	return NULL;
}

static void amp_rchar_chan_added(struct amp_rpmsg_link *link,
				 struct amp_rpmsg_device *rpdev)
{
	struct amp_rchar_chan *ch;

	mutex_lock(&amp_rchar_lock);
	if (amp_rchar_chan_find(rpdev))
		goto out;	/* replayed */
	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch) {
		dev_err(&rpdev->dev, "character device: out of memory\n");
		goto out;
	}
	get_device(&rpdev->dev);
	ch->rpdev = rpdev;
	ch->link = link;
	list_add_tail(&ch->list, &amp_rchar_chans);
	amp_rchar_chan_sync(ch);
out:
	mutex_unlock(&amp_rchar_lock);
}

static void amp_rchar_chan_removed(struct amp_rpmsg_device *rpdev)
{
	struct amp_rchar_node *node = NULL;
	struct amp_rchar_chan *ch;

	mutex_lock(&amp_rchar_lock);
	ch = amp_rchar_chan_find(rpdev);
	if (ch) {
		list_del(&ch->list);
		node = ch->node;
		if (node)
			list_del_init(&node->list);
	}
	mutex_unlock(&amp_rchar_lock);
	if (node)
		amp_rchar_node_kill(node);
	if (ch) {
		put_device(&rpdev->dev);
		kfree(ch);
	}
}

static struct amp_rchar_node *amp_rchar_ctrl_of(struct amp_rpmsg_link *link)
{
	struct amp_rchar_node *node;

	list_for_each_entry(node, &amp_rchar_nodes, list)
		if (node->kind == AMP_RCHAR_CTRL && node->link == link)
			return node;
	return NULL;
}

static void amp_rchar_link_added(struct amp_rpmsg_link *link)
{
	struct amp_rchar_node *node;

	mutex_lock(&amp_rchar_lock);
	if (!amp_rchar_ctrl_of(link)) {
		node = amp_rchar_node_add(AMP_RCHAR_CTRL, link,
					  amp_rpmsg_link_parent(link),
					  amp_rpmsg_link_name(link),
					  AMP_RPMSG_ADDR_ANY, AMP_RPMSG_ADDR_ANY);
		if (IS_ERR(node))
			dev_err(amp_rpmsg_link_parent(link),
				"%s: control device: %pe\n",
				amp_rpmsg_link_name(link), node);
	}
	mutex_unlock(&amp_rchar_lock);
}

static void amp_rchar_link_removed(struct amp_rpmsg_link *link)
{
	struct amp_rchar_node *node, *tmp, *ctrl;
	struct amp_rchar_chan *ch, *ctmp;
	LIST_HEAD(dead);

	/*
	 * The control node first: no endpoint can be created once its link is
	 * cleared. Its device goes last, after its children.
	 */
	mutex_lock(&amp_rchar_lock);
	ctrl = amp_rchar_ctrl_of(link);
	if (ctrl)
		list_del_init(&ctrl->list);
	mutex_unlock(&amp_rchar_lock);
	if (ctrl) {
		down_write(&ctrl->link_sem);
		ctrl->link = NULL;
		up_write(&ctrl->link_sem);
	}

	mutex_lock(&amp_rchar_lock);
	list_for_each_entry_safe(node, tmp, &amp_rchar_nodes, list)
		if (node->link == link)
			list_move_tail(&node->list, &dead);
	/* Channels are removed before the link; leftovers are a bug. */
	list_for_each_entry_safe(ch, ctmp, &amp_rchar_chans, list) {
		if (ch->link != link)
			continue;
		WARN_ON_ONCE(1);
		list_del(&ch->list);
		if (ch->node)
			list_move_tail(&ch->node->list, &dead);
		put_device(&ch->rpdev->dev);
		kfree(ch);
	}
	mutex_unlock(&amp_rchar_lock);
	list_for_each_entry_safe(node, tmp, &dead, list) {
		list_del_init(&node->list);
		amp_rchar_node_kill(node);
	}
	if (ctrl)
		amp_rchar_node_kill(ctrl);
}

static int amp_rchar_event(struct notifier_block *nb, unsigned long ev,
			   void *data)
{
	struct amp_rpmsg_event_info *info = data;

	switch (ev) {
	case AMP_RPMSG_LINK_ADDED:
		amp_rchar_link_added(info->link);
		break;
	case AMP_RPMSG_LINK_REMOVED:
		amp_rchar_link_removed(info->link);
		break;
	case AMP_RPMSG_CHANNEL_ADDED:
		amp_rchar_chan_added(info->link, info->rpdev);
		break;
	case AMP_RPMSG_CHANNEL_REMOVED:
		amp_rchar_chan_removed(info->rpdev);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block amp_rchar_nb = {
	.notifier_call = amp_rchar_event,
};

/* Mark a channel made through a control node as exported. */
static void amp_rchar_mark_ctrl(struct amp_rpmsg_link *link, const char *name,
				u32 dst, bool on)
{
	struct amp_rchar_node *dead = NULL;
	struct amp_rchar_chan *ch;

	mutex_lock(&amp_rchar_lock);
	list_for_each_entry(ch, &amp_rchar_chans, list) {
		if (ch->link != link || ch->rpdev->dst != dst ||
		    strncmp(ch->rpdev->name, name, AMP_RPMSG_NAME_SIZE))
			continue;
		ch->by_ctrl = on;
		dead = amp_rchar_chan_sync(ch);
		break;
	}
	mutex_unlock(&amp_rchar_lock);
	if (dead)
		amp_rchar_node_kill(dead);
}

/*
 * CREATE_DEV of a control node: a channel on the link, exported. Not under
 * amp_rchar_lock (the bus notifies us while creating it).
 */
int amp_rchar_ctrl_create_dev(struct amp_rpmsg_link *link, const char *name,
			      u32 src, u32 dst)
{
	struct amp_rpmsg_channel_info chinfo = { .src = src, .dst = dst };
	struct amp_rpmsg_device *rpdev;

	strscpy(chinfo.name, name, sizeof(chinfo.name));
	rpdev = amp_rpmsg_create_channel(link, &chinfo, AMP_RPMSG_CH_ANNOUNCE);
	if (IS_ERR(rpdev))
		return PTR_ERR(rpdev);
	amp_rchar_mark_ctrl(link, name, dst, true);
	return 0;
}

/* RELEASE_DEV of a control node. */
int amp_rchar_ctrl_release_dev(struct amp_rpmsg_link *link, const char *name,
			       u32 dst)
{
	struct amp_rpmsg_channel_info chinfo = { .src = AMP_RPMSG_ADDR_ANY,
						 .dst = dst };

	strscpy(chinfo.name, name, sizeof(chinfo.name));
	return amp_rpmsg_release_channel(link, &chinfo);
}

static int __init amp_rchar_init(void)
{
	int ret;

	if (!amp_rchar_rxq_depth || amp_rchar_rxq_depth > 4096) {
		pr_err("rxq_depth must be 1..4096\n");
		return -EINVAL;
	}
	ret = alloc_chrdev_region(&amp_rchar_devt, 0, AMP_RCHAR_MINORS,
				  "amp_rpmsg");
	if (ret)
		return ret;
	amp_rchar_class = class_create("amp_rpmsg");
	if (IS_ERR(amp_rchar_class)) {
		ret = PTR_ERR(amp_rchar_class);
		goto unregion;
	}
	mutex_lock(&amp_rchar_lock);
	amp_rchar_ready = true;
	mutex_unlock(&amp_rchar_lock);
	ret = amp_rpmsg_register_notifier(&amp_rchar_nb);
	if (ret)
		goto unclass;
	return 0;

unclass:
	class_destroy(amp_rchar_class);
unregion:
	unregister_chrdev_region(amp_rchar_devt, AMP_RCHAR_MINORS);
	return ret;
}
module_init(amp_rchar_init);

static void __exit amp_rchar_exit(void)
{
	struct amp_rchar_node *node, *tmp;
	struct amp_rchar_chan *ch, *ctmp;
	LIST_HEAD(dead);

	amp_rpmsg_unregister_notifier(&amp_rchar_nb);
	mutex_lock(&amp_rchar_lock);
	amp_rchar_ready = false;
	list_for_each_entry_safe(ch, ctmp, &amp_rchar_chans, list) {
		list_del(&ch->list);
		put_device(&ch->rpdev->dev);
		kfree(ch);
	}
	/* Endpoint nodes before control nodes: created ones are children. */
	list_for_each_entry_safe(node, tmp, &amp_rchar_nodes, list)
		if (node->kind != AMP_RCHAR_CTRL)
			list_move_tail(&node->list, &dead);
	list_splice_tail_init(&amp_rchar_nodes, &dead);
	mutex_unlock(&amp_rchar_lock);
	list_for_each_entry_safe(node, tmp, &dead, list) {
		list_del_init(&node->list);
		amp_rchar_node_kill(node);
	}
	amp_rchar_policy_exit();
	class_destroy(amp_rchar_class);
	unregister_chrdev_region(amp_rchar_devt, AMP_RCHAR_MINORS);
}
module_exit(amp_rchar_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ampipc rpmsg character devices with an access policy");
MODULE_VERSION(AMPIPC_VERSION);
MODULE_AUTHOR("ampipc developers");
