// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: sending: the transmit path with flow control, the send and
 * trysend variants, poll, the MTU, and zero-copy transmit buffers.
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
