// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: links, endpoints, receiving and sending.
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

static void amp_rpmsg_link_release(struct kref *ref)
{
	struct amp_rpmsg_link *link = container_of(ref, struct amp_rpmsg_link, ref);

	amp_addr_space_destroy(&link->addrs);
	kfree(link);
}

void amp_rpmsg_link_get(struct amp_rpmsg_link *link)
{
	kref_get(&link->ref);
}

/**
 * amp_rpmsg_link_put() - drop the transport's reference to a link
 * @link: from amp_rpmsg_link_register(), already unregistered
 *
 * The link's memory lives on while endpoints still hold it.
 */
void amp_rpmsg_link_put(struct amp_rpmsg_link *link)
{
	if (link)
		kref_put(&link->ref, amp_rpmsg_link_release);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_link_put);

/**
 * amp_rpmsg_link_priv() - the transport's private pointer
 * @link: a link
 *
 * Return: &amp_rpmsg_link_config.priv given at registration.
 */
void *amp_rpmsg_link_priv(struct amp_rpmsg_link *link)
{
	return link->priv;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_link_priv);

/**
 * amp_rpmsg_link_name() - the name of a link
 * @link: a link
 *
 * Return: &amp_rpmsg_link_config.name given at registration.
 */
const char *amp_rpmsg_link_name(struct amp_rpmsg_link *link)
{
	return link->name;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_link_name);

/**
 * amp_rpmsg_link_count() - count an event of a link
 * @link: a link
 * @stat: which counter
 *
 * Any context.
 */
void amp_rpmsg_link_count(struct amp_rpmsg_link *link, enum amp_rpmsg_stat stat)
{
	if (stat < AMP_RPMSG_NR_STATS)
		atomic_long_inc(&link->stats[stat]);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_link_count);

/**
 * amp_rpmsg_link_stat() - read a counter of a link
 * @link: a link
 * @stat: which counter
 *
 * Return: its value (also shown in debugfs ``amp_rpmsg/<link>/stats``).
 */
unsigned long amp_rpmsg_link_stat(struct amp_rpmsg_link *link,
				  enum amp_rpmsg_stat stat)
{
	if (stat >= AMP_RPMSG_NR_STATS)
		return 0;
	return atomic_long_read(&link->stats[stat]);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_link_stat);

/**
 * amp_rpmsg_link_register() - a transport brings up a link
 * @cfg: its description; copied, except what the pointers point to
 *
 * Creates the name-service endpoint when %AMP_RPMSG_LINK_NS is set. The
 * transport may deliver messages from now on; once it is ready to send and
 * to report tx-done, it calls amp_rpmsg_link_start(). May sleep.
 *
 * Return: the link, or an ERR_PTR: -EINVAL for a bad configuration,
 * -ENOMEM.
 */
struct amp_rpmsg_link *
amp_rpmsg_link_register(const struct amp_rpmsg_link_config *cfg)
{
	struct amp_rpmsg_link *link;
	unsigned int i;
	int ret;

	if (!cfg || !cfg->name || !cfg->parent || !cfg->ops ||
	    !cfg->ops->tx_get || !cfg->ops->tx_send || !cfg->ops->tx_put ||
	    !cfg->ops->tx_ready || !cfg->ops->rx_release || !cfg->tx_mtu ||
	    !cfg->rx_mtu || (cfg->nr_channels && !cfg->channels))
		return ERR_PTR(-EINVAL);

	link = kzalloc(sizeof(*link), GFP_KERNEL);
	if (!link)
		return ERR_PTR(-ENOMEM);
	ret = amp_addr_space_init(&link->addrs, AMP_ADDR_MIN_DYNAMIC,
				  AMP_ADDR_MAX, 0);
	if (ret) {
		kfree(link);
		return ERR_PTR(ret);
	}
	kref_init(&link->ref);
	strscpy(link->name, cfg->name, sizeof(link->name));
	link->parent = cfg->parent;
	link->ops = cfg->ops;
	link->priv = cfg->priv;
	link->flags = cfg->flags;
	link->tx_mtu = cfg->tx_mtu;
	link->rx_mtu = cfg->rx_mtu;
	link->max_ns = cfg->max_ns_channels ?: amp_rpmsg_ns_max_channels;
	mutex_init(&link->lock);
	mutex_init(&link->chan_lock);
	INIT_LIST_HEAD(&link->channels);
	INIT_LIST_HEAD(&link->epts);
	init_rwsem(&link->ops_sem);
	init_waitqueue_head(&link->tx_wq);
	INIT_LIST_HEAD(&link->notify_node);
	for (i = 0; i < AMP_RPMSG_NR_STATS; i++)
		atomic_long_set(&link->stats[i], 0);

	amp_rpmsg_debugfs_link_add(link);
	if (link->flags & AMP_RPMSG_LINK_NS) {
		ret = amp_rpmsg_ns_start(link);
		if (ret) {
			amp_rpmsg_debugfs_link_remove(link);
			amp_rpmsg_link_put(link);
			return ERR_PTR(ret);
		}
	}
	link->cfg_channels = cfg->channels;
	link->cfg_nr_channels = cfg->nr_channels;
	link->cfg_fwnode = cfg->fwnode;
	amp_rpmsg_notify_link_add(link);
	return link;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_link_register);

/**
 * amp_rpmsg_link_start() - create a link's static channels
 * @link: from amp_rpmsg_link_register()
 *
 * Adds the static channels (the configuration's table, the firmware node's
 * children, the ``channels`` module parameter) and probes their drivers,
 * which may send at once. A channel that cannot be added is logged and
 * skipped. May sleep.
 */
void amp_rpmsg_link_start(struct amp_rpmsg_link *link)
{
	amp_rpmsg_static_channels(link);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_link_start);

/**
 * amp_rpmsg_link_unregister() - a transport takes a link down
 * @link: from amp_rpmsg_link_register()
 *
 * Fails every send from now on (-ENODEV) and wakes the senders waiting for
 * a buffer, removes every channel (their drivers' remove runs), destroys the
 * name-service endpoint, and waits until no transport callback runs. After
 * it returns the core calls no transport operation and
 * amp_rpmsg_link_receive() drops everything; the transport then stops its
 * receive path and calls amp_rpmsg_link_put(). Endpoints that are not part
 * of a channel stay valid (sends fail) until their owners destroy them.
 * May sleep.
 */
void amp_rpmsg_link_unregister(struct amp_rpmsg_link *link)
{
	struct amp_rpmsg_endpoint *ept;
	struct amp_rpmsg_device *rpdev;

	mutex_lock(&link->lock);
	WRITE_ONCE(link->dead, true);
	list_for_each_entry(ept, &link->epts, node)
		wake_up_interruptible_all(&ept->rxq_wait);
	mutex_unlock(&link->lock);
	wake_up_interruptible_all(&link->tx_wq);

	if (link->ns_ept) {
		amp_rpmsg_destroy_ept(link->ns_ept);
		link->ns_ept = NULL;
	}

	mutex_lock(&link->chan_lock);
	for (;;) {
		mutex_lock(&link->lock);
		rpdev = list_first_entry_or_null(&link->channels,
						 struct amp_rpmsg_device, node);
		if (rpdev)
			list_del_init(&rpdev->node);
		mutex_unlock(&link->lock);
		if (!rpdev)
			break;
		amp_rpmsg_notify_channel(rpdev, AMP_RPMSG_CHANNEL_REMOVED);
		device_unregister(&rpdev->dev);
	}
	mutex_unlock(&link->chan_lock);
	amp_rpmsg_notify_link_remove(link);

	down_write(&link->ops_sem);
	up_write(&link->ops_sem);
	amp_rpmsg_debugfs_link_remove(link);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_link_unregister);

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
 * amp_rpmsg_link_tx_done() - a transport got transmit buffers back
 * @link: the link
 *
 * Wakes senders waiting for a buffer and pollers. Any context, typically
 * the tx-done interrupt.
 */
void amp_rpmsg_link_tx_done(struct amp_rpmsg_link *link)
{
	wake_up_interruptible_all(&link->tx_wq);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_link_tx_done);

/* Under ops_sem (read): a buffer, waiting up to @timeout jiffies. */
static void *amp_rpmsg_get_buf(struct amp_rpmsg_link *link, size_t *room,
			       long timeout)
{
	long left = timeout;
	void *buf;

	for (;;) {
		if (READ_ONCE(link->dead))
			return ERR_PTR(-ENODEV);
		buf = link->ops->tx_get(link, room);
		if (!IS_ERR(buf) || PTR_ERR(buf) != -EAGAIN)
			return buf;
		if (!left) {
			if (!timeout)
				return ERR_PTR(-EAGAIN);
			amp_rpmsg_link_count(link, AMP_RPMSG_ST_TX_TIMEOUT);
			return ERR_PTR(-ETIMEDOUT);
		}
		left = wait_event_interruptible_timeout(link->tx_wq,
							READ_ONCE(link->dead) ||
							link->ops->tx_ready(link),
							left);
		if (left < 0)
			return ERR_PTR(left);
	}
}

static int amp_rpmsg_xmit(struct amp_rpmsg_endpoint *ept, u32 src, u32 dst,
			  const void *data, size_t len, long timeout)
{
	struct amp_rpmsg_link *link;
	size_t room;
	void *buf;
	int ret;

	if (!ept || (!data && len) || src == AMP_RPMSG_ADDR_ANY ||
	    dst == AMP_RPMSG_ADDR_ANY || timeout < 0)
		return -EINVAL;
	link = ept->link;
	if (len > link->tx_mtu)
		return -EMSGSIZE;

	down_read(&link->ops_sem);
	buf = amp_rpmsg_get_buf(link, &room, timeout);
	if (IS_ERR(buf)) {
		ret = PTR_ERR(buf);
		goto out;
	}
	if (WARN_ON_ONCE(room < len)) {
		link->ops->tx_put(link, buf);
		ret = -EMSGSIZE;
		goto out;
	}
	memcpy(buf, data, len);
	ret = link->ops->tx_send(link, buf, src, dst, len);
	if (!ret) {
		atomic_long_inc(&ept->tx_msgs);
		amp_rpmsg_link_count(link, AMP_RPMSG_ST_TX);
	}
out:
	up_read(&link->ops_sem);
	return ret;
}

static long amp_rpmsg_default_timeout(void)
{
	return msecs_to_jiffies(amp_rpmsg_send_timeout_ms);
}

/**
 * amp_rpmsg_send_timeout() - send, waiting for a buffer at most @timeout
 * @ept: the sending endpoint
 * @src: source address put in the header
 * @dst: destination address
 * @data: payload
 * @len: payload bytes, at most amp_rpmsg_get_mtu()
 * @timeout: jiffies to wait for a free buffer; 0 does not wait,
 *	MAX_SCHEDULE_TIMEOUT waits for ever
 *
 * The sender sleeps (interruptibly) until the remote returns a buffer (the
 * transport's tx-done interrupt wakes it), the timeout expires or the link
 * goes away. Process context.
 *
 * Return: 0; -EINVAL for an ANY address or bad arguments; -EMSGSIZE if
 * @len exceeds the MTU; -EAGAIN if @timeout is 0 and no buffer is free;
 * -ETIMEDOUT; -ERESTARTSYS on a signal; -ENODEV if the link is gone.
 */
int amp_rpmsg_send_timeout(struct amp_rpmsg_endpoint *ept, u32 src, u32 dst,
			   const void *data, size_t len, long timeout)
{
	return amp_rpmsg_xmit(ept, src, dst, data, len, timeout);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_send_timeout);

/**
 * amp_rpmsg_send() - send to the channel's remote address
 * @ept: the channel's endpoint (or one of its driver's endpoints)
 * @data: payload
 * @len: payload bytes
 *
 * Source is @ept's address, destination the channel's dst. Waits for a
 * buffer up to the module parameter ``send_timeout_ms``.
 *
 * Return: as amp_rpmsg_send_timeout(); -EINVAL without a channel.
 */
int amp_rpmsg_send(struct amp_rpmsg_endpoint *ept, const void *data, size_t len)
{
	if (!ept || !ept->rpdev)
		return -EINVAL;
	return amp_rpmsg_xmit(ept, ept->addr, ept->rpdev->dst, data, len,
			      amp_rpmsg_default_timeout());
}
EXPORT_SYMBOL_GPL(amp_rpmsg_send);

/**
 * amp_rpmsg_sendto() - send to an explicit address
 * @ept: the sending endpoint
 * @data: payload
 * @len: payload bytes
 * @dst: destination address
 *
 * Source is @ept's address. Waits as amp_rpmsg_send().
 *
 * Return: as amp_rpmsg_send_timeout().
 */
int amp_rpmsg_sendto(struct amp_rpmsg_endpoint *ept, const void *data,
		     size_t len, u32 dst)
{
	if (!ept)
		return -EINVAL;
	return amp_rpmsg_xmit(ept, ept->addr, dst, data, len,
			      amp_rpmsg_default_timeout());
}
EXPORT_SYMBOL_GPL(amp_rpmsg_sendto);

/**
 * amp_rpmsg_send_offchannel() - send with explicit source and destination
 * @ept: the sending endpoint
 * @src: source address
 * @dst: destination address
 * @data: payload
 * @len: payload bytes
 *
 * Waits as amp_rpmsg_send().
 *
 * Return: as amp_rpmsg_send_timeout().
 */
int amp_rpmsg_send_offchannel(struct amp_rpmsg_endpoint *ept, u32 src,
			      u32 dst, const void *data, size_t len)
{
	return amp_rpmsg_xmit(ept, src, dst, data, len,
			      amp_rpmsg_default_timeout());
}
EXPORT_SYMBOL_GPL(amp_rpmsg_send_offchannel);

/**
 * amp_rpmsg_trysend() - amp_rpmsg_send() without waiting
 * @ept: the channel's endpoint
 * @data: payload
 * @len: payload bytes
 *
 * Return: as amp_rpmsg_send(); -EAGAIN when no buffer is free.
 */
int amp_rpmsg_trysend(struct amp_rpmsg_endpoint *ept, const void *data,
		      size_t len)
{
	if (!ept || !ept->rpdev)
		return -EINVAL;
	return amp_rpmsg_xmit(ept, ept->addr, ept->rpdev->dst, data, len, 0);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_trysend);

/**
 * amp_rpmsg_trysendto() - amp_rpmsg_sendto() without waiting
 * @ept: the sending endpoint
 * @data: payload
 * @len: payload bytes
 * @dst: destination address
 *
 * Return: as amp_rpmsg_sendto(); -EAGAIN when no buffer is free.
 */
int amp_rpmsg_trysendto(struct amp_rpmsg_endpoint *ept, const void *data,
			size_t len, u32 dst)
{
	if (!ept)
		return -EINVAL;
	return amp_rpmsg_xmit(ept, ept->addr, dst, data, len, 0);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_trysendto);

/**
 * amp_rpmsg_trysend_offchannel() - amp_rpmsg_send_offchannel() without waiting
 * @ept: the sending endpoint
 * @src: source address
 * @dst: destination address
 * @data: payload
 * @len: payload bytes
 *
 * Return: as amp_rpmsg_send_offchannel(); -EAGAIN when no buffer is free.
 */
int amp_rpmsg_trysend_offchannel(struct amp_rpmsg_endpoint *ept, u32 src,
				 u32 dst, const void *data, size_t len)
{
	return amp_rpmsg_xmit(ept, src, dst, data, len, 0);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_trysend_offchannel);

/**
 * amp_rpmsg_get_mtu() - largest payload an endpoint can send
 * @ept: the endpoint
 *
 * Return: bytes (496 with standard buffers), or -EINVAL.
 */
ssize_t amp_rpmsg_get_mtu(struct amp_rpmsg_endpoint *ept)
{
	if (!ept)
		return -EINVAL;
	return ept->link->tx_mtu;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_get_mtu);

/**
 * amp_rpmsg_poll() - poll an endpoint
 * @ept: the endpoint
 * @filp: the file polled (for poll_wait())
 * @wait: the poll table, may be NULL
 *
 * Return: EPOLLIN when the endpoint's queue holds a message, EPOLLOUT when
 * a transmit buffer is free, EPOLLHUP|EPOLLERR once the link or the endpoint
 * is gone.
 */
__poll_t amp_rpmsg_poll(struct amp_rpmsg_endpoint *ept, struct file *filp,
			poll_table *wait)
{
	struct amp_rpmsg_link *link = ept->link;
	__poll_t mask = 0;

	poll_wait(filp, &ept->rxq_wait, wait);
	poll_wait(filp, &link->tx_wq, wait);

	spin_lock(&ept->rxq_lock);
	if (!list_empty(&ept->rxq))
		mask |= EPOLLIN | EPOLLRDNORM;
	spin_unlock(&ept->rxq_lock);

	down_read(&link->ops_sem);
	if (READ_ONCE(link->dead) || READ_ONCE(ept->dead))
		mask |= EPOLLHUP | EPOLLERR;
	else if (link->ops->tx_ready(link))
		mask |= EPOLLOUT | EPOLLWRNORM;
	up_read(&link->ops_sem);
	return mask;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_poll);

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
 * amp_rpmsg_tx_borrow() - take a transmit buffer to fill in place
 * @ept: the sending endpoint
 * @room: out: payload bytes available
 * @timeout: jiffies to wait for a free buffer (0: do not wait)
 *
 * The buffer is the caller's until amp_rpmsg_tx_send() or
 * amp_rpmsg_tx_return(); it must be given back before the channel's driver
 * is removed. Process context.
 *
 * Return: the payload area, or an ERR_PTR as amp_rpmsg_send_timeout().
 */
void *amp_rpmsg_tx_borrow(struct amp_rpmsg_endpoint *ept, size_t *room,
			  long timeout)
{
	struct amp_rpmsg_link *link;
	void *buf;

	if (!ept || !room || timeout < 0)
		return ERR_PTR(-EINVAL);
	link = ept->link;
	down_read(&link->ops_sem);
	buf = amp_rpmsg_get_buf(link, room, timeout);
	up_read(&link->ops_sem);
	return buf;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_tx_borrow);

/**
 * amp_rpmsg_tx_send() - send a borrowed buffer
 * @ept: the sending endpoint
 * @buf: from amp_rpmsg_tx_borrow(), filled with @len bytes
 * @src: source address
 * @dst: destination address
 * @len: payload bytes, at most the room given
 *
 * The buffer goes back to the transport whatever the result.
 *
 * Return: 0; -EINVAL; -EMSGSIZE; -ENODEV if the link is gone.
 */
int amp_rpmsg_tx_send(struct amp_rpmsg_endpoint *ept, void *buf, u32 src,
		      u32 dst, size_t len)
{
	struct amp_rpmsg_link *link;
	int ret;

	if (!ept || !buf)
		return -EINVAL;
	link = ept->link;
	down_read(&link->ops_sem);
	if (READ_ONCE(link->dead)) {
		ret = -ENODEV;
	} else if (src == AMP_RPMSG_ADDR_ANY || dst == AMP_RPMSG_ADDR_ANY ||
		   len > link->tx_mtu) {
		link->ops->tx_put(link, buf);
		ret = len > link->tx_mtu ? -EMSGSIZE : -EINVAL;
	} else {
		ret = link->ops->tx_send(link, buf, src, dst, len);
		if (!ret) {
			atomic_long_inc(&ept->tx_msgs);
			amp_rpmsg_link_count(link, AMP_RPMSG_ST_TX);
		}
	}
	up_read(&link->ops_sem);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_tx_send);

/**
 * amp_rpmsg_tx_return() - give back a borrowed buffer unsent
 * @ept: the endpoint that borrowed it
 * @buf: from amp_rpmsg_tx_borrow()
 */
void amp_rpmsg_tx_return(struct amp_rpmsg_endpoint *ept, void *buf)
{
	struct amp_rpmsg_link *link;

	if (!ept || !buf)
		return;
	link = ept->link;
	down_read(&link->ops_sem);
	if (!READ_ONCE(link->dead))
		link->ops->tx_put(link, buf);
	up_read(&link->ops_sem);
	amp_rpmsg_link_tx_done(link);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_tx_return);

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
