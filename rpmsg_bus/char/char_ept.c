// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: /dev/amp_rpmsgN, one endpoint per node.
 *
 * open() creates the node's endpoint (one open file at a time: -EBUSY),
 * close() destroys it. A read returns one message (truncated to the
 * buffer, as mainline's rpmsg_char does), a write sends one message to the
 * node's fixed dst. Once the node's channel or link is gone, reads drain
 * what was queued and then fail with -EPIPE, writes fail with -EPIPE and
 * poll reports EPOLLHUP | EPOLLERR.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <ampipc/rpmsg.h>
#include <uapi/linux/amp_rpmsg.h>

#include "char_internal.h"

#define AMP_RCHAR_RATE_MAX	1000000U

/* A received message waiting for a reader. */
struct amp_rchar_msg {
	struct list_head list;
	size_t len;
	u8 data[];
};

void amp_rchar_rxq_purge(struct amp_rchar_node *node)
{
	struct amp_rchar_msg *m, *tmp;
	LIST_HEAD(gone);

	spin_lock(&node->rxq_lock);
	list_splice_init(&node->rxq, &gone);
	node->rxq_len = 0;
	spin_unlock(&node->rxq_lock);
	list_for_each_entry_safe(m, tmp, &gone, list)
		kfree(m);
}

static int amp_rchar_rx_cb(struct amp_rpmsg_endpoint *ept, void *data,
			   size_t len, void *priv, u32 src)
{
	struct amp_rchar_node *node = priv;
	struct amp_rchar_msg *m;

	if (READ_ONCE(node->dead))
		goto drop;
	m = kmalloc(struct_size(m, data, len), GFP_KERNEL);
	if (!m)
		goto drop;
	m->len = len;
	memcpy(m->data, data, len);
	spin_lock(&node->rxq_lock);
	if (node->rxq_len >= amp_rchar_rxq_depth) {
		spin_unlock(&node->rxq_lock);
		kfree(m);
		goto drop;
	}
	list_add_tail(&m->list, &node->rxq);
	node->rxq_len++;
	spin_unlock(&node->rxq_lock);
	atomic64_inc(&node->rx_msgs);
	wake_up_interruptible(&node->rxq_wait);
	return 0;

drop:
	atomic64_inc(&node->rx_drops);
	return -ENOBUFS;
}

static int amp_rchar_ept_open(struct inode *inode, struct file *filp)
{
	struct amp_rchar_node *node =
		container_of(inode->i_cdev, struct amp_rchar_node, cdev);
	struct amp_rpmsg_endpoint *ept;
	int ret = 0;

	mutex_lock(&node->lock);
	if (node->dead || !node->link) {
		ret = -ENODEV;
	} else if (node->ept) {
		ret = -EBUSY;
	} else {
		ept = amp_rpmsg_link_create_ept(node->link, amp_rchar_rx_cb,
						node, node->src);
		if (IS_ERR(ept))
			ret = PTR_ERR(ept);
		else
			node->ept = ept;
	}
	if (!ret) {
		spin_lock(&node->rate_lock);
		node->tokens = (u64)node->rate_limit * NSEC_PER_SEC;
		node->last = ktime_get_ns();
		spin_unlock(&node->rate_lock);
	}
	mutex_unlock(&node->lock);
	if (ret)
		return ret;
	get_device(&node->dev);
	filp->private_data = node;
	return stream_open(inode, filp);
}

static int amp_rchar_ept_release(struct inode *inode, struct file *filp)
{
	struct amp_rchar_node *node = filp->private_data;

	mutex_lock(&node->lock);
	/* Waits for a callback in flight; none runs afterwards. */
	amp_rpmsg_destroy_ept(node->ept);
	node->ept = NULL;
	amp_rchar_rxq_purge(node);
	mutex_unlock(&node->lock);
	put_device(&node->dev);
	return 0;
}

static ssize_t amp_rchar_ept_read(struct file *filp, char __user *buf,
				  size_t count, loff_t *ppos)
{
	struct amp_rchar_node *node = filp->private_data;
	struct amp_rchar_msg *m;
	size_t n;
	int ret;

	for (;;) {
		spin_lock(&node->rxq_lock);
		m = list_first_entry_or_null(&node->rxq, struct amp_rchar_msg,
					     list);
		if (m) {
			list_del(&m->list);
			node->rxq_len--;
		}
		spin_unlock(&node->rxq_lock);
		if (m)
			break;
		if (READ_ONCE(node->dead))
			return -EPIPE;
		if (filp->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(node->rxq_wait,
					       !list_empty_careful(&node->rxq) ||
					       READ_ONCE(node->dead));
		if (ret)
			return ret;
	}

	n = min(count, m->len);
	if (copy_to_user(buf, m->data, n)) {
		/* Not lost: it is the next message again. */
		spin_lock(&node->rxq_lock);
		list_add(&m->list, &node->rxq);
		node->rxq_len++;
		spin_unlock(&node->rxq_lock);
		return -EFAULT;
	}
	kfree(m);
	return n;
}

/* Largest write the node accepts. */
static size_t amp_rchar_tx_limit(struct amp_rchar_node *node)
{
	ssize_t mtu = amp_rpmsg_get_mtu(node->ept);
	u32 max = READ_ONCE(node->max_msg_size);

	if (mtu < 0)
		return 0;
	return max && max < mtu ? max : mtu;
}

/*
 * The rate limit: a token bucket of rate_limit messages that refills at
 * rate_limit per second. Return: 0 with a token taken, -EAGAIN without one
 * for a non-blocking writer, or -ERESTARTSYS.
 */
static int amp_rchar_rate_take(struct amp_rchar_node *node, bool nonblock)
{
	u64 now, cap, elapsed, wait_ns;
	u32 rate;

	for (;;) {
		rate = READ_ONCE(node->rate_limit);
		if (!rate)
			return 0;
		cap = (u64)rate * NSEC_PER_SEC;
		spin_lock(&node->rate_lock);
		now = ktime_get_ns();
		elapsed = min_t(u64, now - node->last, NSEC_PER_SEC);
		node->last = now;
		node->tokens = min(cap, node->tokens + elapsed * rate);
		if (node->tokens >= NSEC_PER_SEC) {
			node->tokens -= NSEC_PER_SEC;
			spin_unlock(&node->rate_lock);
			return 0;
		}
		wait_ns = div_u64(NSEC_PER_SEC - node->tokens, rate) + 1;
		spin_unlock(&node->rate_lock);
		if (nonblock)
			return -EAGAIN;
		set_current_state(TASK_INTERRUPTIBLE);
		schedule_timeout(max(nsecs_to_jiffies(wait_ns), 1UL));
		if (signal_pending(current))
			return -ERESTARTSYS;
		if (READ_ONCE(node->dead))
			return -EPIPE;
	}
}

static ssize_t amp_rchar_ept_write(struct file *filp, const char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	struct amp_rchar_node *node = filp->private_data;
	struct amp_rpmsg_endpoint *ept = node->ept;
	bool nonblock = filp->f_flags & O_NONBLOCK;
	size_t room;
	void *kbuf, *buf;
	int ret;

	if (READ_ONCE(node->dead))
		return -EPIPE;
	if (len > amp_rchar_tx_limit(node)) {
		atomic64_inc(&node->tx_refused);
		return -EMSGSIZE;
	}
	kbuf = memdup_user(ubuf, len);
	if (IS_ERR(kbuf))
		return PTR_ERR(kbuf);
	ret = amp_rchar_rate_take(node, nonblock);
	if (ret) {
		if (ret == -EAGAIN)
			atomic64_inc(&node->tx_refused);
		goto out;
	}
	buf = amp_rpmsg_tx_borrow(ept, &room,
				  nonblock ? 0 : MAX_SCHEDULE_TIMEOUT);
	if (IS_ERR(buf)) {
		ret = PTR_ERR(buf);
		goto out;
	}
	if (READ_ONCE(node->dead)) {
		/* The channel went while we waited: nothing is sent. */
		amp_rpmsg_tx_return(ept, buf);
		ret = -EPIPE;
		goto out;
	}
	if (room < len) {
		amp_rpmsg_tx_return(ept, buf);
		ret = -EMSGSIZE;
		goto out;
	}
	memcpy(buf, kbuf, len);
	ret = amp_rpmsg_tx_send(ept, buf, ept->addr, READ_ONCE(node->dst), len);
	if (!ret)
		atomic64_inc(&node->tx_msgs);
out:
	kfree(kbuf);
	if (ret == -ENODEV)
		ret = -EPIPE;
	return ret ? ret : len;
}

static __poll_t amp_rchar_ept_poll(struct file *filp, poll_table *wait)
{
	struct amp_rchar_node *node = filp->private_data;
	__poll_t mask;

	poll_wait(filp, &node->rxq_wait, wait);
	mask = amp_rpmsg_poll(node->ept, filp, wait);
	if (!list_empty_careful(&node->rxq))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(node->dead)) {
		mask &= ~(EPOLLOUT | EPOLLWRNORM);
		mask |= EPOLLHUP | EPOLLERR;
	}
	return mask;
}

static void amp_rchar_fill_info(struct amp_rchar_node *node,
				struct amp_rpmsg_node_info *info)
{
	memset(info, 0, sizeof(*info));
	strscpy(info->name, node->name, sizeof(info->name));
	info->src = node->ept ? node->ept->addr : node->src;
	info->dst = READ_ONCE(node->dst);
	info->mtu = amp_rchar_tx_limit(node);
	info->flags = AMP_RPMSG_NODE_OPEN;
	if (node->kind == AMP_RCHAR_CHANNEL)
		info->flags |= AMP_RPMSG_NODE_CHANNEL;
	else
		info->flags |= AMP_RPMSG_NODE_CREATED;
	if (READ_ONCE(node->dead))
		info->flags |= AMP_RPMSG_NODE_DEAD;
	info->rx_msgs = atomic64_read(&node->rx_msgs);
	info->tx_msgs = atomic64_read(&node->tx_msgs);
	info->rx_drops = atomic64_read(&node->rx_drops);
	info->tx_refused = atomic64_read(&node->tx_refused);
	info->max_msg_size = READ_ONCE(node->max_msg_size);
	info->rate_limit = READ_ONCE(node->rate_limit);
}

static int amp_rchar_destroy(struct amp_rchar_node *node)
{
	bool listed;

	mutex_lock(&amp_rchar_lock);
	listed = !list_empty(&node->list);
	list_del_init(&node->list);
	mutex_unlock(&amp_rchar_lock);
	if (listed)
		amp_rchar_node_kill(node);
	return 0;
}

static long amp_rchar_ept_ioctl(struct file *filp, unsigned int cmd,
				unsigned long arg)
{
	struct amp_rchar_node *node = filp->private_data;
	void __user *argp = (void __user *)arg;
	struct amp_rpmsg_node_info info;
	u32 dst;
	int ret;

	switch (cmd) {
	case AMP_RPMSG_GET_INFO_IOCTL:
		amp_rchar_fill_info(node, &info);
		return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
	case AMP_RPMSG_DESTROY_EPT_IOCTL:
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		/* An exported channel's node goes with its export. */
		if (node->kind != AMP_RCHAR_CREATED)
			return -EINVAL;
		return amp_rchar_destroy(node);
	case AMP_RPMSG_SET_DST_IOCTL:
		if (!capable(CAP_SYS_ADMIN))
			return -EPERM;
		if (get_user(dst, (u32 __user *)argp))
			return -EFAULT;
		if (dst == AMP_RPMSG_ADDR_ANY)
			return -EINVAL;
		mutex_lock(&node->lock);
		ret = node->dead ? -EPIPE : 0;
		if (!ret)
			WRITE_ONCE(node->dst, dst);
		mutex_unlock(&node->lock);
		return ret;
	default:
		return -ENOTTY;
	}
}

const struct file_operations amp_rchar_ept_fops = {
	.owner = THIS_MODULE,
	.open = amp_rchar_ept_open,
	.release = amp_rchar_ept_release,
	.read = amp_rchar_ept_read,
	.write = amp_rchar_ept_write,
	.poll = amp_rchar_ept_poll,
	.unlocked_ioctl = amp_rchar_ept_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};
