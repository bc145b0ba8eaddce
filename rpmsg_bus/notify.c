// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: notifications of links and channels coming and going.
 *
 * Clients that are not channel drivers (the character devices) follow the
 * bus through one SRCU notifier chain: a call holds no lock that a handler
 * could wait for (a handler may take its own locks, which its callers of
 * amp_rpmsg_create_channel() may hold). A new notifier is first told about
 * every link and channel that exists, in order, then about changes; it may
 * see an "added" event twice around its registration and must ignore the
 * duplicate. Channel events are sent with the link's chan_lock held, so
 * a handler must not add or remove channels of that link; link events are
 * sent with amp_rpmsg_links_lock held.
 */

#include <linux/export.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/srcu.h>

#include <ampipc/rpmsg.h>

#include "bus_internal.h"

static struct srcu_notifier_head amp_rpmsg_chain;
static DEFINE_MUTEX(amp_rpmsg_links_lock);
static LIST_HEAD(amp_rpmsg_links);

void amp_rpmsg_notify_init(void)
{
	srcu_init_notifier_head(&amp_rpmsg_chain);
}

void amp_rpmsg_notify_exit(void)
{
	srcu_cleanup_notifier_head(&amp_rpmsg_chain);
}

static void amp_rpmsg_notify(enum amp_rpmsg_event ev,
			     struct amp_rpmsg_link *link,
			     struct amp_rpmsg_device *rpdev)
{
	struct amp_rpmsg_event_info info = { .link = link, .rpdev = rpdev };

	srcu_notifier_call_chain(&amp_rpmsg_chain, ev, &info);
}

void amp_rpmsg_notify_link_add(struct amp_rpmsg_link *link)
{
	mutex_lock(&amp_rpmsg_links_lock);
	list_add_tail(&link->notify_node, &amp_rpmsg_links);
	amp_rpmsg_notify(AMP_RPMSG_LINK_ADDED, link, NULL);
	mutex_unlock(&amp_rpmsg_links_lock);
}

void amp_rpmsg_notify_link_remove(struct amp_rpmsg_link *link)
{
	mutex_lock(&amp_rpmsg_links_lock);
	if (!list_empty(&link->notify_node)) {
		list_del_init(&link->notify_node);
		amp_rpmsg_notify(AMP_RPMSG_LINK_REMOVED, link, NULL);
	}
	mutex_unlock(&amp_rpmsg_links_lock);
}

/* Under link->chan_lock. */
void amp_rpmsg_notify_channel(struct amp_rpmsg_device *rpdev,
			      enum amp_rpmsg_event ev)
{
	lockdep_assert_held(&rpdev->link->chan_lock);
	amp_rpmsg_notify(ev, rpdev->link, rpdev);
}

/**
 * amp_rpmsg_register_notifier() - follow links and channels
 * @nb: the notifier; its callback gets an &enum amp_rpmsg_event and a
 *	struct amp_rpmsg_event_info pointer
 *
 * Replays %AMP_RPMSG_LINK_ADDED and %AMP_RPMSG_CHANNEL_ADDED for what exists
 * now, then delivers events as they happen. The callback runs in process
 * context and may sleep; it must not create or remove channels, register
 * or unregister links or notifiers. May sleep.
 *
 * Return: 0, or a negative errno from the notifier core.
 */
int amp_rpmsg_register_notifier(struct notifier_block *nb)
{
	struct amp_rpmsg_event_info info;
	struct amp_rpmsg_device *rpdev;
	struct amp_rpmsg_link *link;
	int ret;

	ret = srcu_notifier_chain_register(&amp_rpmsg_chain, nb);
	if (ret)
		return ret;
	mutex_lock(&amp_rpmsg_links_lock);
	list_for_each_entry(link, &amp_rpmsg_links, notify_node) {
		info.link = link;
		info.rpdev = NULL;
		nb->notifier_call(nb, AMP_RPMSG_LINK_ADDED, &info);
		mutex_lock(&link->chan_lock);
		list_for_each_entry(rpdev, &link->channels, node) {
			info.rpdev = rpdev;
			nb->notifier_call(nb, AMP_RPMSG_CHANNEL_ADDED, &info);
		}
		mutex_unlock(&link->chan_lock);
	}
	mutex_unlock(&amp_rpmsg_links_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_register_notifier);

/**
 * amp_rpmsg_unregister_notifier() - stop following links and channels
 * @nb: from amp_rpmsg_register_notifier()
 *
 * Waits for a callback in flight; no removal events are replayed. May sleep.
 */
void amp_rpmsg_unregister_notifier(struct notifier_block *nb)
{
	srcu_notifier_chain_unregister(&amp_rpmsg_chain, nb);
}
EXPORT_SYMBOL_GPL(amp_rpmsg_unregister_notifier);

/**
 * amp_rpmsg_link_parent() - the transport device of a link
 * @link: a link
 *
 * Return: &amp_rpmsg_link_config.parent; its firmware node or an ancestor's
 * describes the remote processor.
 */
struct device *amp_rpmsg_link_parent(struct amp_rpmsg_link *link)
{
	return link->parent;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_link_parent);

/**
 * amp_rpmsg_link_tx_mtu() - largest payload a link sends
 * @link: a link
 *
 * Return: bytes (496 with standard buffers).
 */
size_t amp_rpmsg_link_tx_mtu(struct amp_rpmsg_link *link)
{
	return link->tx_mtu;
}
EXPORT_SYMBOL_GPL(amp_rpmsg_link_tx_mtu);
