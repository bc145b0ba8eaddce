// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: endpoints and receiving (link.c: links; send.c: sending).
 *
 * Receive: the transport hands each message to amp_rpmsg_link_receive(),
 * which finds the endpoint with a lock-free RCU lookup in the link's address
 * space, takes a reference, and runs the callback under the endpoint's
 * cb_lock; amp_rpmsg_destroy_ept() unpublishes the address first, then takes
 * cb_lock to wait for a callback in flight, and frees the endpoint an RCU
 * grace period after the last reference.
 *
 * Send: a sender takes a transport buffer; when there is none it sleeps on
 * the link's tx_wq until the transport reports a returned buffer
 * (amp_rpmsg_link_tx_done(), from its tx-done interrupt) or its timeout
 * expires. Transport calls run under ops_sem held for reading, which
 * amp_rpmsg_link_unregister() takes for writing once to wait for them.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <ampipc/rpmsg.h>

#include "bus_internal.h"

/* A queued message of a callback-less endpoint. */
struct amp_rpmsg_qmsg {
	struct list_head node;
	u32 src;
	size_t len;
	u8 data[];
};

static void amp_rpmsg_ept_purge(struct amp_rpmsg_endpoint *ept)
{
	struct amp_rpmsg_qmsg *m, *tmp;

	list_for_each_entry_safe(m, tmp, &ept->rxq, node) {
		list_del(&m->node);
		kfree(m);
	}
	ept->rxq_len = 0;
}

static void amp_rpmsg_ept_release(struct kref *ref)
{
	struct amp_rpmsg_endpoint *ept =
		container_of(ref, struct amp_rpmsg_endpoint, ref);
	struct amp_rpmsg_link *link = ept->link;

	amp_rpmsg_ept_purge(ept);
	mutex_destroy(&ept->cb_lock);
	kfree_rcu(ept, rcu);
	amp_rpmsg_link_put(link);
}

static void amp_rpmsg_ept_put(struct amp_rpmsg_endpoint *ept)
{
	kref_put(&ept->ref, amp_rpmsg_ept_release);
}

struct amp_rpmsg_endpoint *
amp_rpmsg_ept_new(struct amp_rpmsg_link *link, struct amp_rpmsg_device *rpdev,
		  amp_rpmsg_rx_cb_t cb, void *priv, u32 addr)
{
	struct amp_rpmsg_endpoint *ept;
	unsigned int flags = 0;
	int ret;

	ept = kzalloc(sizeof(*ept), GFP_KERNEL);
	if (!ept)
		return ERR_PTR(-ENOMEM);
	kref_init(&ept->ref);
	mutex_init(&ept->cb_lock);
	spin_lock_init(&ept->rxq_lock);
	INIT_LIST_HEAD(&ept->rxq);
	init_waitqueue_head(&ept->rxq_wait);
	ept->rxq_max = amp_rpmsg_rxq_depth;
	ept->link = link;
	ept->rpdev = rpdev;
	ept->cb = cb;
	ept->priv = priv;
	atomic_long_set(&ept->rx_msgs, 0);
	atomic_long_set(&ept->rx_drops, 0);
	atomic_long_set(&ept->tx_msgs, 0);
	amp_rpmsg_link_get(link);

	if (addr != AMP_RPMSG_ADDR_ANY && addr < AMP_ADDR_MIN_DYNAMIC)
		flags |= AMP_ADDR_F_RESERVED;
	mutex_lock(&link->lock);
	if (link->dead) {
		ret = -ENODEV;
	} else {
		/* Publishes the endpoint to the receive path: set up above. */
		ret = amp_addr_alloc(&link->addrs, ept, addr, flags, &ept->addr);
		if (!ret)
			list_add_tail(&ept->node, &link->epts);
	}
	mutex_unlock(&link->lock);
	if (ret) {
		mutex_destroy(&ept->cb_lock);
		kfree(ept);
		amp_rpmsg_link_put(link);
		return ERR_PTR(ret);
	}
	return ept;
}

/**
 * amp_rpmsg_create_ept() - create an endpoint for a channel's driver
 * @rpdev: the channel
 * @cb: rx callback, or NULL to queue messages for amp_rpmsg_recv()
 * @priv: passed to @cb
 * @chinfo: @chinfo.src is the wanted address, or %AMP_RPMSG_ADDR_ANY for a
 *	dynamic one (from 1024 up); name and dst are not used
 *
 * A fixed address below 1024 is allowed (well-known services). May sleep.
 *
 * Return: the endpoint, or an ERR_PTR: -EADDRINUSE, -ENOSPC, -ENODEV if the
 * link is going away, -ENOMEM, -EINVAL.
 */
struct amp_rpmsg_endpoint *
amp_rpmsg_create_ept(struct amp_rpmsg_device *rpdev, amp_rpmsg_rx_cb_t cb,
		     void *priv, struct amp_rpmsg_channel_info chinfo)
{
	if (!rpdev)
		return ERR_PTR(-EINVAL);
	return amp_rpmsg_ept_new(rpdev->link, rpdev, cb, priv, chinfo.src);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_create_ept);

/**
 * amp_rpmsg_link_create_ept() - create an endpoint that belongs to no channel
 * @link: the link
 * @cb: rx callback, or NULL to queue messages for amp_rpmsg_recv()
 * @priv: passed to @cb
 * @addr: wanted address, or %AMP_RPMSG_ADDR_ANY
 *
 * For users that are not channel drivers (character devices, tests). The
 * endpoint holds the link's memory; it must be destroyed by its owner.
 * May sleep.
 *
 * Return: as amp_rpmsg_create_ept().
 */
struct amp_rpmsg_endpoint *
amp_rpmsg_link_create_ept(struct amp_rpmsg_link *link, amp_rpmsg_rx_cb_t cb,
			  void *priv, u32 addr)
{
	if (!link)
		return ERR_PTR(-EINVAL);
	return amp_rpmsg_ept_new(link, NULL, cb, priv, addr);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_link_create_ept);

/**
 * amp_rpmsg_destroy_ept() - destroy an endpoint
 * @ept: the endpoint, or NULL
 *
 * Its address stops matching at once; a callback in flight is waited for;
 * queued messages are freed. Buffers held with %AMP_RPMSG_RX_HOLD must be
 * released first. Must not be called from the endpoint's own callback.
 * May sleep.
 */
void amp_rpmsg_destroy_ept(struct amp_rpmsg_endpoint *ept)
{
	struct amp_rpmsg_link *link;

	if (!ept)
		return;
	link = ept->link;
	mutex_lock(&link->lock);
	amp_addr_free(&link->addrs, ept->addr);
	list_del(&ept->node);
	mutex_unlock(&link->lock);

	mutex_lock(&ept->cb_lock);
	ept->cb = NULL;
	ept->dead = true;
	mutex_unlock(&ept->cb_lock);
	wake_up_interruptible_all(&ept->rxq_wait);
	amp_rpmsg_ept_put(ept);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_destroy_ept);

/**
 * amp_rpmsg_ept_set_rxq_depth() - bound the queue of a callback-less endpoint
 * @ept: the endpoint
 * @depth: most messages queued (1..65536); more are dropped and counted
 *
 * Return: 0, or -EINVAL.
 */
int amp_rpmsg_ept_set_rxq_depth(struct amp_rpmsg_endpoint *ept,
				unsigned int depth)
{
	if (!ept || !depth || depth > 65536)
		return -EINVAL;
	spin_lock(&ept->rxq_lock);
	ept->rxq_max = depth;
	spin_unlock(&ept->rxq_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_ept_set_rxq_depth);

/**
 * amp_rpmsg_ept_drops() - messages an endpoint's full queue dropped
 * @ept: the endpoint
 *
 * Return: the count (also in debugfs ``endpoints``).
 */
unsigned long amp_rpmsg_ept_drops(struct amp_rpmsg_endpoint *ept)
{
	return atomic_long_read(&ept->rx_drops);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_ept_drops);

static int amp_rpmsg_ept_enqueue(struct amp_rpmsg_endpoint *ept, void *data,
				 size_t len, u32 src)
{
	struct amp_rpmsg_qmsg *m;
	bool full;

	spin_lock(&ept->rxq_lock);
	full = ept->rxq_len >= ept->rxq_max;
	spin_unlock(&ept->rxq_lock);
	if (full)
		goto drop;

	/* A copy: the shared buffer goes back to the remote at once. */
	m = kmalloc(struct_size(m, data, len), GFP_KERNEL);
	if (!m)
		goto drop;
	m->src = src;
	m->len = len;
	memcpy(m->data, data, len);

	spin_lock(&ept->rxq_lock);
	if (ept->rxq_len >= ept->rxq_max) {
		spin_unlock(&ept->rxq_lock);
		kfree(m);
		goto drop;
	}
	list_add_tail(&m->node, &ept->rxq);
	ept->rxq_len++;
	spin_unlock(&ept->rxq_lock);
	wake_up_interruptible(&ept->rxq_wait);
	return 0;

drop:
	atomic_long_inc(&ept->rx_drops);
	amp_rpmsg_link_count(ept->link, AMP_RPMSG_ST_RX_DROPS);
	dev_dbg_ratelimited(ept->link->parent, "%s: rx queue of %u full, dropped\n",
			    ept->link->name, ept->addr);
	return -ENOBUFS;
}

/**
 * amp_rpmsg_link_receive() - a transport delivers one message
 * @link: the link
 * @src: the sender's address (from the remote: any value)
 * @dst: the destination address (from the remote: any value)
 * @data: payload, @len bytes, already checked against the buffer bounds
 * @len: payload bytes
 *
 * Looks @dst up without a lock, runs the endpoint's callback or queues a
 * copy. An unknown @dst is counted and logged (rate-limited). Process
 * context; the transport must not call it concurrently for one link if it
 * wants messages delivered in order.
 *
 * Return: %AMP_RPMSG_RX_HOLD if the callback kept the buffer (the transport
 * then waits for its rx_release), otherwise 0 or a negative errno (the
 * buffer is the transport's again): -ENXIO for an unknown @dst, -EMSGSIZE
 * for @len above the link's rx MTU, -ENODEV once the link is unregistered,
 * -ENOBUFS when the endpoint's queue was full.
 */
int amp_rpmsg_link_receive(struct amp_rpmsg_link *link, u32 src, u32 dst,
			   void *data, size_t len)
{
	struct amp_rpmsg_endpoint *ept;
	int ret;

	if (READ_ONCE(link->dead))
		return -ENODEV;
	if (len > link->rx_mtu) {
		amp_rpmsg_link_count(link, AMP_RPMSG_ST_RX_BAD_LEN);
		dev_err_ratelimited(link->parent, "%s: rx len %zu exceeds the mtu %zu\n",
				    link->name, len, link->rx_mtu);
		return -EMSGSIZE;
	}

	rcu_read_lock();
	ept = amp_addr_lookup(&link->addrs, dst);
	if (ept && !kref_get_unless_zero(&ept->ref))
		ept = NULL;
	rcu_read_unlock();
	if (!ept) {
		amp_rpmsg_link_count(link, AMP_RPMSG_ST_RX_UNKNOWN_DST);
		dev_err_ratelimited(link->parent,
				    "%s: rx dst %u: no such endpoint (src %u, len %zu)\n",
				    link->name, dst, src, len);
		return -ENXIO;
	}

	mutex_lock(&ept->cb_lock);
	if (ept->dead) {
		ret = -ENXIO;
		amp_rpmsg_link_count(link, AMP_RPMSG_ST_RX_UNKNOWN_DST);
	} else if (ept->cb) {
		ret = ept->cb(ept, data, len, ept->priv, src);
		if (ret < 0) {
			amp_rpmsg_link_count(link, AMP_RPMSG_ST_RX_CB_ERR);
			dev_dbg_ratelimited(link->parent, "%s: ept %u callback: %d\n",
					    link->name, ept->addr, ret);
		}
		if (ret != AMP_RPMSG_RX_HOLD)
			ret = 0;
	} else {
		ret = amp_rpmsg_ept_enqueue(ept, data, len, src);
	}
	if (ret >= 0) {
		atomic_long_inc(&ept->rx_msgs);
		amp_rpmsg_link_count(link, AMP_RPMSG_ST_RX);
	}
	mutex_unlock(&ept->cb_lock);
	amp_rpmsg_ept_put(ept);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_link_receive);

/**
 * amp_rpmsg_recv() - take one message from a callback-less endpoint's queue
 * @ept: an endpoint created without a callback
 * @buf: where the payload goes
 * @len: room in @buf
 * @src: out: the sender's address (may be NULL)
 * @timeout: jiffies to wait for a message; 0 does not wait
 *
 * Process context.
 *
 * Return: payload bytes; -EMSGSIZE if the next message does not fit (it
 * stays queued); -EAGAIN if @timeout is 0 and the queue is empty;
 * -ETIMEDOUT; -ERESTARTSYS; -ENODEV once the endpoint or link is gone and
 * the queue is empty; -EINVAL.
 */
ssize_t amp_rpmsg_recv(struct amp_rpmsg_endpoint *ept, void *buf, size_t len,
		       u32 *src, long timeout)
{
	struct amp_rpmsg_qmsg *m;
	long left;
	ssize_t ret;

	if (!ept || (!buf && len) || timeout < 0)
		return -EINVAL;
	left = wait_event_interruptible_timeout(ept->rxq_wait,
						!list_empty_careful(&ept->rxq) ||
						READ_ONCE(ept->dead) ||
						READ_ONCE(ept->link->dead),
						timeout);
	if (left < 0)
		return left;

	spin_lock(&ept->rxq_lock);
	m = list_first_entry_or_null(&ept->rxq, struct amp_rpmsg_qmsg, node);
	if (!m) {
		spin_unlock(&ept->rxq_lock);
		if (READ_ONCE(ept->dead) || READ_ONCE(ept->link->dead))
			return -ENODEV;
		return timeout ? -ETIMEDOUT : -EAGAIN;
	}
	if (m->len > len) {
		spin_unlock(&ept->rxq_lock);
		return -EMSGSIZE;
	}
	list_del(&m->node);
	ept->rxq_len--;
	spin_unlock(&ept->rxq_lock);

	memcpy(buf, m->data, m->len);
	if (src)
		*src = m->src;
	ret = m->len;
	kfree(m);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_recv);

/**
 * amp_rpmsg_rx_release() - release a received buffer kept past its callback
 * @ept: the endpoint whose callback returned %AMP_RPMSG_RX_HOLD
 * @data: the payload pointer the callback got
 *
 * The buffer goes back to the remote. Process context.
 */
void amp_rpmsg_rx_release(struct amp_rpmsg_endpoint *ept, void *data)
{
	struct amp_rpmsg_link *link;

	if (!ept || !data)
		return;
	link = ept->link;
	down_read(&link->ops_sem);
	if (!READ_ONCE(link->dead))
		link->ops->rx_release(link, data);
	up_read(&link->ops_sem);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_rx_release);
