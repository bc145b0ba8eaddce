// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: amp_rpmsg_loop, a loopback remote for the rpmsg tests.
 *
 * With the module parameter autostart (default 1) it brings up one link,
 * "amp-loop0", controlled through debugfs amp_rpmsg_loop/amp-loop0/:
 * "ctl" takes crash, recover, stall, unstall, announce NAME ADDR and
 * unannounce NAME ADDR; "seen" lists what the remote received per
 * destination. The userspace tests drive it from the guest.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/debugfs.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include <ampipc/rpmsg.h>

#include "rpmsg_loop.h"

#define AMP_LOOP_BUF	512
#define AMP_LOOP_MTU	(AMP_LOOP_BUF - 16)
#define AMP_LOOP_MAXBUFS 64

static unsigned int nbufs = 4;
module_param(nbufs, uint, 0444);
MODULE_PARM_DESC(nbufs, "transmit buffers of a loop link (1..64, default 4)");

static bool autostart = true;
module_param(autostart, bool, 0444);
MODULE_PARM_DESC(autostart, "bring up amp-loop0 at load (default 1)");

struct amp_loop_msg {
	struct list_head list;
	unsigned int buf;
	u32 src;
	u32 dst;
	size_t len;
};

struct amp_rpmsg_loop {
	char name[32];
	struct platform_device *pdev;
	struct fwnode_handle *fw;
	struct mutex lock;		/* link, crashed */
	struct amp_rpmsg_link *link;
	spinlock_t qlock;		/* bufs, inbox, stalled */
	DECLARE_BITMAP(used, AMP_LOOP_MAXBUFS);
	u8 (*bufs)[AMP_LOOP_BUF];
	struct list_head inbox;
	bool stalled;
	struct workqueue_struct *wq;
	struct work_struct work;
	atomic_long_t seen[AMP_LOOP_NR_SEEN];
	atomic_long_t seen_other;
	struct dentry *dbg;
};

static struct dentry *amp_loop_dbg_root;

static const struct amp_rpmsg_channel_info amp_loop_channels[] = {
	{ .name = "rpmsg-echo", .src = AMP_RPMSG_ADDR_ANY, .dst = AMP_LOOP_ECHO },
	{ .name = "rpmsg-sink", .src = AMP_RPMSG_ADDR_ANY, .dst = AMP_LOOP_SINK },
	{ .name = "rpmsg-secret", .src = AMP_RPMSG_ADDR_ANY, .dst = AMP_LOOP_SECRET },
	{ .name = "rpmsg-fw", .src = AMP_RPMSG_ADDR_ANY, .dst = AMP_LOOP_FW },
};

static void *amp_loop_tx_get(struct amp_rpmsg_link *link, size_t *room)
{
	struct amp_rpmsg_loop *loop = amp_rpmsg_link_priv(link);
	unsigned int i;

	spin_lock(&loop->qlock);
	i = find_first_zero_bit(loop->used, nbufs);
	if (i < nbufs)
		__set_bit(i, loop->used);
	spin_unlock(&loop->qlock);
	if (i >= nbufs)
		return ERR_PTR(-EAGAIN);
	*room = AMP_LOOP_MTU;
	return loop->bufs[i];
}

static unsigned int amp_loop_buf_index(struct amp_rpmsg_loop *loop, void *buf)
{
	return ((u8 *)buf - loop->bufs[0]) / AMP_LOOP_BUF;
}

static void amp_loop_tx_put(struct amp_rpmsg_link *link, void *buf)
{
	struct amp_rpmsg_loop *loop = amp_rpmsg_link_priv(link);

	spin_lock(&loop->qlock);
	__clear_bit(amp_loop_buf_index(loop, buf), loop->used);
	spin_unlock(&loop->qlock);
}

static int amp_loop_tx_send(struct amp_rpmsg_link *link, void *buf, u32 src,
			    u32 dst, size_t len)
{
	struct amp_rpmsg_loop *loop = amp_rpmsg_link_priv(link);
	struct amp_loop_msg *m;

	m = kmalloc(sizeof(*m), GFP_KERNEL);
	if (!m) {
		amp_loop_tx_put(link, buf);
		return -ENOMEM;
	}
	m->buf = amp_loop_buf_index(loop, buf);
	m->src = src;
	m->dst = dst;
	m->len = len;
	spin_lock(&loop->qlock);
	list_add_tail(&m->list, &loop->inbox);
	spin_unlock(&loop->qlock);
	queue_work(loop->wq, &loop->work);
	return 0;
}

static bool amp_loop_tx_ready(struct amp_rpmsg_link *link)
{
	struct amp_rpmsg_loop *loop = amp_rpmsg_link_priv(link);
	bool ready;

	spin_lock(&loop->qlock);
	ready = find_first_zero_bit(loop->used, nbufs) < nbufs;
	spin_unlock(&loop->qlock);
	return ready;
}

static void amp_loop_rx_release(struct amp_rpmsg_link *link, void *data)
{
}

static const struct amp_rpmsg_transport_ops amp_loop_ops = {
	.tx_get = amp_loop_tx_get,
	.tx_send = amp_loop_tx_send,
	.tx_put = amp_loop_tx_put,
	.tx_ready = amp_loop_tx_ready,
	.rx_release = amp_loop_rx_release,
};

/* The remote: takes each message, answers echo services, frees the buffer. */
static void amp_loop_work(struct work_struct *work)
{
	struct amp_rpmsg_loop *loop = container_of(work, struct amp_rpmsg_loop,
						   work);
	u8 copy[AMP_LOOP_BUF];
	struct amp_loop_msg *m;

	for (;;) {
		spin_lock(&loop->qlock);
		m = loop->stalled ? NULL :
			list_first_entry_or_null(&loop->inbox,
						 struct amp_loop_msg, list);
		if (m)
			list_del(&m->list);
		spin_unlock(&loop->qlock);
		if (!m)
			return;
		if (m->dst >= AMP_LOOP_ECHO &&
		    m->dst < AMP_LOOP_ECHO + AMP_LOOP_NR_SEEN)
			atomic_long_inc(&loop->seen[m->dst - AMP_LOOP_ECHO]);
		else
			atomic_long_inc(&loop->seen_other);
		memcpy(copy, loop->bufs[m->buf], m->len);
		spin_lock(&loop->qlock);
		__clear_bit(m->buf, loop->used);
		spin_unlock(&loop->qlock);
		mutex_lock(&loop->lock);
		if (loop->link) {
			amp_rpmsg_link_tx_done(loop->link);
			if (m->dst == AMP_LOOP_ECHO || m->dst == AMP_LOOP_SECRET ||
			    m->dst == AMP_LOOP_FW)
				amp_rpmsg_link_receive(loop->link, m->dst, m->src,
						       copy, m->len);
		}
		mutex_unlock(&loop->lock);
		kfree(m);
	}
}

static void amp_loop_drop_inbox(struct amp_rpmsg_loop *loop)
{
	struct amp_loop_msg *m, *tmp;
	LIST_HEAD(gone);

	spin_lock(&loop->qlock);
	list_splice_init(&loop->inbox, &gone);
	bitmap_zero(loop->used, AMP_LOOP_MAXBUFS);
	spin_unlock(&loop->qlock);
	list_for_each_entry_safe(m, tmp, &gone, list)
		kfree(m);
}

/* Under loop->lock. */
static int amp_loop_up(struct amp_rpmsg_loop *loop)
{
	struct amp_rpmsg_link_config cfg = {
		.name = loop->name,
		.parent = &loop->pdev->dev,
		.ops = &amp_loop_ops,
		.priv = loop,
		.flags = AMP_RPMSG_LINK_NS,
		.tx_mtu = AMP_LOOP_MTU,
		.rx_mtu = AMP_LOOP_MTU,
		.channels = amp_loop_channels,
		.nr_channels = ARRAY_SIZE(amp_loop_channels),
	};
	struct amp_rpmsg_link *link;

	if (loop->link)
		return -EBUSY;
	link = amp_rpmsg_link_register(&cfg);
	if (IS_ERR(link))
		return PTR_ERR(link);
	loop->link = link;
	amp_rpmsg_link_start(link);
	return 0;
}

/* Under loop->lock, which the work takes: it is cancelled outside. */
static struct amp_rpmsg_link *amp_loop_down(struct amp_rpmsg_loop *loop)
{
	struct amp_rpmsg_link *link = loop->link;

	loop->link = NULL;
	return link;
}

/**
 * amp_rpmsg_loop_crash() - the remote crashes: its link goes away
 * @loop: the loop
 *
 * Return: 0, or -ENODEV if it is down already.
 */
int amp_rpmsg_loop_crash(struct amp_rpmsg_loop *loop)
{
	struct amp_rpmsg_link *link;

	mutex_lock(&loop->lock);
	link = amp_loop_down(loop);
	mutex_unlock(&loop->lock);
	if (!link)
		return -ENODEV;
	amp_rpmsg_link_unregister(link);
	cancel_work_sync(&loop->work);
	amp_loop_drop_inbox(loop);
	amp_rpmsg_link_put(link);
	return 0;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_loop_crash);

/**
 * amp_rpmsg_loop_recover() - the remote reboots: a new link, same name
 * @loop: the loop
 *
 * Return: 0, -EBUSY if it is up, or an error of amp_rpmsg_link_register().
 */
int amp_rpmsg_loop_recover(struct amp_rpmsg_loop *loop)
{
	int ret;

	mutex_lock(&loop->lock);
	loop->stalled = false;
	ret = amp_loop_up(loop);
	mutex_unlock(&loop->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_loop_recover);

/**
 * amp_rpmsg_loop_stall() - make the remote keep (or return) its buffers
 * @loop: the loop
 * @stall: true: received messages stay unprocessed and their buffers used
 */
void amp_rpmsg_loop_stall(struct amp_rpmsg_loop *loop, bool stall)
{
	spin_lock(&loop->qlock);
	loop->stalled = stall;
	spin_unlock(&loop->qlock);
	if (!stall)
		queue_work(loop->wq, &loop->work);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_loop_stall);

/**
 * amp_rpmsg_loop_flush() - wait until the remote handled what it got
 * @loop: the loop
 */
void amp_rpmsg_loop_flush(struct amp_rpmsg_loop *loop)
{
	flush_workqueue(loop->wq);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_loop_flush);

/**
 * amp_rpmsg_loop_announce() - the remote announces a service (or its end)
 * @loop: the loop
 * @name: service name
 * @addr: its address
 * @destroy: announce its end
 *
 * Return: what the name service made of it, or -ENODEV if the link is down.
 */
int amp_rpmsg_loop_announce(struct amp_rpmsg_loop *loop, const char *name,
			    u32 addr, bool destroy)
{
	struct amp_rpmsg_ns_msg msg = {};
	int ret = -ENODEV;

	strscpy(msg.name, name, sizeof(msg.name));
	msg.addr = cpu_to_le32(addr);
	msg.flags = cpu_to_le32(destroy ? AMP_RPMSG_NS_DESTROY :
				AMP_RPMSG_NS_CREATE);
	mutex_lock(&loop->lock);
	if (loop->link)
		ret = amp_rpmsg_link_receive(loop->link, addr, AMP_RPMSG_NS_ADDR,
					     &msg, sizeof(msg));
	mutex_unlock(&loop->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_loop_announce);

/**
 * amp_rpmsg_loop_seen() - messages the remote got for one destination
 * @loop: the loop
 * @dst: AMP_LOOP_ECHO .. AMP_LOOP_ECHO + AMP_LOOP_NR_SEEN - 1
 *
 * Return: the count.
 */
unsigned long amp_rpmsg_loop_seen(struct amp_rpmsg_loop *loop, u32 dst)
{
	if (dst < AMP_LOOP_ECHO || dst >= AMP_LOOP_ECHO + AMP_LOOP_NR_SEEN)
		return atomic_long_read(&loop->seen_other);
	return atomic_long_read(&loop->seen[dst - AMP_LOOP_ECHO]);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_loop_seen);

/**
 * amp_rpmsg_loop_seen_total() - messages the remote got, in all
 * @loop: the loop
 *
 * Return: the count.
 */
unsigned long amp_rpmsg_loop_seen_total(struct amp_rpmsg_loop *loop)
{
	unsigned long n = atomic_long_read(&loop->seen_other);
	unsigned int i;

	for (i = 0; i < AMP_LOOP_NR_SEEN; i++)
		n += atomic_long_read(&loop->seen[i]);
	return n;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_loop_seen_total);

/**
 * amp_rpmsg_loop_link() - the loop's link
 * @loop: the loop
 *
 * Return: the link, or NULL while the remote is down.
 */
struct amp_rpmsg_link *amp_rpmsg_loop_link(struct amp_rpmsg_loop *loop)
{
	struct amp_rpmsg_link *link;

	mutex_lock(&loop->lock);
	link = loop->link;
	mutex_unlock(&loop->lock);
	return link;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_loop_link);

/**
 * amp_rpmsg_loop_device() - the loop's device, parent of its link
 * @loop: the loop
 *
 * Return: the device.
 */
struct device *amp_rpmsg_loop_device(struct amp_rpmsg_loop *loop)
{
	return &loop->pdev->dev;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_loop_device);

static int amp_loop_seen_show(struct seq_file *s, void *unused)
{
	struct amp_rpmsg_loop *loop = s->private;
	unsigned int i;

	for (i = 0; i < AMP_LOOP_NR_SEEN; i++)
		seq_printf(s, "0x%x %lu\n", AMP_LOOP_ECHO + i,
			   atomic_long_read(&loop->seen[i]));
	seq_printf(s, "other %lu\ntotal %lu\n",
		   atomic_long_read(&loop->seen_other),
		   amp_rpmsg_loop_seen_total(loop));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(amp_loop_seen);

static ssize_t amp_loop_ctl_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct amp_rpmsg_loop *loop = file_inode(file)->i_private;
	char buf[64], name[32];
	u32 addr;
	int ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	strim(buf);
	if (!strcmp(buf, "crash"))
		ret = amp_rpmsg_loop_crash(loop);
	else if (!strcmp(buf, "recover"))
		ret = amp_rpmsg_loop_recover(loop);
	else if (!strcmp(buf, "stall"))
		ret = 0, amp_rpmsg_loop_stall(loop, true);
	else if (!strcmp(buf, "unstall"))
		ret = 0, amp_rpmsg_loop_stall(loop, false);
	else if (sscanf(buf, "announce %31s %i", name, &addr) == 2)
		ret = amp_rpmsg_loop_announce(loop, name, addr, false);
	else if (sscanf(buf, "unannounce %31s %i", name, &addr) == 2)
		ret = amp_rpmsg_loop_announce(loop, name, addr, true);
	else
		ret = -EINVAL;
	return ret < 0 ? ret : count;
}

static const struct file_operations amp_loop_ctl_fops = {
	.owner = THIS_MODULE,
	.write = amp_loop_ctl_write,
	.open = simple_open,
};

/**
 * amp_rpmsg_loop_create() - a loopback remote with its link up
 * @name: the link's name
 *
 * Return: the loop, or an ERR_PTR.
 */
struct amp_rpmsg_loop *amp_rpmsg_loop_create(const char *name)
{
	static const char * const fw_exports[] = { "rpmsg-fw" };
	const struct property_entry props[] = {
		PROPERTY_ENTRY_STRING_ARRAY("amp,export-channels", fw_exports),
		{ }
	};
	struct amp_rpmsg_loop *loop;
	int ret;

	if (!nbufs || nbufs > AMP_LOOP_MAXBUFS)
		return ERR_PTR(-EINVAL);
	loop = kzalloc(sizeof(*loop), GFP_KERNEL);
	if (!loop)
		return ERR_PTR(-ENOMEM);
	strscpy(loop->name, name, sizeof(loop->name));
	mutex_init(&loop->lock);
	spin_lock_init(&loop->qlock);
	INIT_LIST_HEAD(&loop->inbox);
	INIT_WORK(&loop->work, amp_loop_work);
	ret = -ENOMEM;
	loop->bufs = kcalloc(nbufs, AMP_LOOP_BUF, GFP_KERNEL);
	if (!loop->bufs)
		goto free;
	loop->wq = alloc_ordered_workqueue("amp_loop", 0);
	if (!loop->wq)
		goto free;
	loop->fw = fwnode_create_software_node(props, NULL);
	if (IS_ERR(loop->fw)) {
		ret = PTR_ERR(loop->fw);
		goto free;
	}
	loop->pdev = platform_device_alloc("amp_rpmsg_loop", PLATFORM_DEVID_AUTO);
	if (!loop->pdev)
		goto free;
	loop->pdev->dev.fwnode = loop->fw;
	ret = platform_device_add(loop->pdev);
	if (ret) {
		platform_device_put(loop->pdev);
		loop->pdev = NULL;
		goto free;
	}
	mutex_lock(&loop->lock);
	ret = amp_loop_up(loop);
	mutex_unlock(&loop->lock);
	if (ret)
		goto free;
	loop->dbg = debugfs_create_dir(loop->name, amp_loop_dbg_root);
	debugfs_create_file("ctl", 0200, loop->dbg, loop, &amp_loop_ctl_fops);
	debugfs_create_file("seen", 0400, loop->dbg, loop, &amp_loop_seen_fops);
	return loop;

free:
	if (loop->pdev)
		platform_device_unregister(loop->pdev);
	if (!IS_ERR_OR_NULL(loop->fw))
		fwnode_remove_software_node(loop->fw);
	if (loop->wq)
		destroy_workqueue(loop->wq);
	kfree(loop->bufs);
	kfree(loop);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_loop_create);

/**
 * amp_rpmsg_loop_destroy() - take a loop down for good
 * @loop: from amp_rpmsg_loop_create()
 */
void amp_rpmsg_loop_destroy(struct amp_rpmsg_loop *loop)
{
	if (IS_ERR_OR_NULL(loop))
		return;
	debugfs_remove_recursive(loop->dbg);
	amp_rpmsg_loop_crash(loop);
	destroy_workqueue(loop->wq);
	platform_device_unregister(loop->pdev);
	fwnode_remove_software_node(loop->fw);
	kfree(loop->bufs);
	kfree(loop);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_loop_destroy);

static struct amp_rpmsg_loop *amp_loop0;

static int __init amp_loop_init(void)
{
	amp_loop_dbg_root = debugfs_create_dir("amp_rpmsg_loop", NULL);
	if (!autostart)
		return 0;
	amp_loop0 = amp_rpmsg_loop_create("amp-loop0");
	if (IS_ERR(amp_loop0)) {
		debugfs_remove_recursive(amp_loop_dbg_root);
		return PTR_ERR(amp_loop0);
	}
	return 0;
}
module_init(amp_loop_init);

static void __exit amp_loop_exit(void)
{
	amp_rpmsg_loop_destroy(amp_loop0);
	debugfs_remove_recursive(amp_loop_dbg_root);
}
module_exit(amp_loop_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ampipc loopback remote for the rpmsg tests");
MODULE_VERSION(AMPIPC_VERSION);
MODULE_AUTHOR("ampipc developers");
