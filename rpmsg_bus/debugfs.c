// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: debugfs amp_rpmsg/<link>/{stats,endpoints,channels}.
 */

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include <ampipc/rpmsg.h>

#include "bus_internal.h"

struct dentry *amp_rpmsg_debugfs_root;

static const char *const amp_rpmsg_stat_names[AMP_RPMSG_NR_STATS] = {
	[AMP_RPMSG_ST_RX] = "rx",
	[AMP_RPMSG_ST_TX] = "tx",
	[AMP_RPMSG_ST_RX_UNKNOWN_DST] = "rx_unknown_dst",
	[AMP_RPMSG_ST_RX_BAD_LEN] = "rx_bad_len",
	[AMP_RPMSG_ST_RX_BAD_HDR] = "rx_bad_hdr",
	[AMP_RPMSG_ST_RX_BAD_BUF] = "rx_bad_buf",
	[AMP_RPMSG_ST_TX_BAD_BUF] = "tx_bad_buf",
	[AMP_RPMSG_ST_RX_DROPS] = "rx_drops",
	[AMP_RPMSG_ST_RX_CB_ERR] = "rx_cb_err",
	[AMP_RPMSG_ST_BAD_VRING] = "bad_vring",
	[AMP_RPMSG_ST_VRING_BROKEN] = "vring_broken",
	[AMP_RPMSG_ST_TX_TIMEOUT] = "tx_timeout",
	[AMP_RPMSG_ST_NS_BAD_LEN] = "ns_bad_len",
	[AMP_RPMSG_ST_NS_BAD_NAME] = "ns_bad_name",
	[AMP_RPMSG_ST_NS_BAD_FLAGS] = "ns_bad_flags",
	[AMP_RPMSG_ST_NS_BAD_ADDR] = "ns_bad_addr",
	[AMP_RPMSG_ST_NS_DUP] = "ns_dup",
	[AMP_RPMSG_ST_NS_TOO_MANY] = "ns_too_many",
	[AMP_RPMSG_ST_NS_UNKNOWN] = "ns_unknown",
	[AMP_RPMSG_ST_BAD_CONFIG] = "bad_config",
};

static int amp_rpmsg_stats_show(struct seq_file *s, void *unused)
{
	struct amp_rpmsg_link *link = s->private;
	unsigned int i;

	for (i = 0; i < AMP_RPMSG_NR_STATS; i++)
		seq_printf(s, "%s %lu\n", amp_rpmsg_stat_names[i],
			   atomic_long_read(&link->stats[i]));
	seq_printf(s, "tx_mtu %zu\nrx_mtu %zu\n", link->tx_mtu, link->rx_mtu);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(amp_rpmsg_stats);

static int amp_rpmsg_epts_show(struct seq_file *s, void *unused)
{
	struct amp_rpmsg_link *link = s->private;
	struct amp_rpmsg_endpoint *ept;

	seq_puts(s, "addr channel rx tx queued drops\n");
	mutex_lock(&link->lock);
	list_for_each_entry(ept, &link->epts, node)
		seq_printf(s, "%u %s %lu %lu %u %lu\n", ept->addr,
			   ept->rpdev ? ept->rpdev->name : "-",
			   atomic_long_read(&ept->rx_msgs),
			   atomic_long_read(&ept->tx_msgs), READ_ONCE(ept->rxq_len),
			   atomic_long_read(&ept->rx_drops));
	mutex_unlock(&link->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(amp_rpmsg_epts);

static int amp_rpmsg_chans_show(struct seq_file *s, void *unused)
{
	struct amp_rpmsg_link *link = s->private;
	struct amp_rpmsg_device *rpdev;

	seq_puts(s, "name src dst flags driver\n");
	mutex_lock(&link->lock);
	list_for_each_entry(rpdev, &link->channels, node)
		seq_printf(s, "%s %d %d 0x%x %s\n", rpdev->name, (int)rpdev->src,
			   (int)rpdev->dst, rpdev->flags,
			   rpdev->dev.driver ? rpdev->dev.driver->name : "-");
	mutex_unlock(&link->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(amp_rpmsg_chans);

void amp_rpmsg_debugfs_link_add(struct amp_rpmsg_link *link)
{
	if (!amp_rpmsg_debugfs_root)
		return;
	link->dbg = debugfs_create_dir(link->name, amp_rpmsg_debugfs_root);
	debugfs_create_file("stats", 0400, link->dbg, link, &amp_rpmsg_stats_fops);
	debugfs_create_file("endpoints", 0400, link->dbg, link,
			    &amp_rpmsg_epts_fops);
	debugfs_create_file("channels", 0400, link->dbg, link,
			    &amp_rpmsg_chans_fops);
}

void amp_rpmsg_debugfs_link_remove(struct amp_rpmsg_link *link)
{
	debugfs_remove_recursive(link->dbg);
	link->dbg = NULL;
}
