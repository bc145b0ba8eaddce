// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: links, the transports' side of the bus: register, start and
 * unregister, reference counting, statistics.
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
