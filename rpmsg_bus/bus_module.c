// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: amp_rpmsg module entry points and parameters.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>

#include <ampipc/addr_alloc.h>

#include "bus_internal.h"

unsigned int amp_rpmsg_addr_reuse_delay = AMP_ADDR_REUSE_DELAY_DEFAULT;
module_param_named(addr_reuse_delay, amp_rpmsg_addr_reuse_delay, uint, 0444);
MODULE_PARM_DESC(addr_reuse_delay,
		 "freed endpoint addresses held back from reuse per device (0: none; default 64)");

unsigned int amp_rpmsg_send_timeout_ms = 15000;
module_param_named(send_timeout_ms, amp_rpmsg_send_timeout_ms, uint, 0644);
MODULE_PARM_DESC(send_timeout_ms,
		 "how long amp_rpmsg_send() waits for a free buffer, in ms (default 15000)");

unsigned int amp_rpmsg_ns_max_channels = 64;
module_param_named(ns_max_channels, amp_rpmsg_ns_max_channels, uint, 0444);
MODULE_PARM_DESC(ns_max_channels,
		 "most channels a remote may create by announcement, per link (default 64)");

unsigned int amp_rpmsg_rxq_depth = 64;
module_param_named(rxq_depth, amp_rpmsg_rxq_depth, uint, 0444);
MODULE_PARM_DESC(rxq_depth,
		 "messages queued per callback-less endpoint before drops (default 64)");

char *amp_rpmsg_channels_param;
module_param_named(channels, amp_rpmsg_channels_param, charp, 0444);
MODULE_PARM_DESC(channels,
		 "static channels: [LINK/]NAME:DST[:SRC],... (docs/rpmsg.md)");

static int __init amp_rpmsg_init(void)
{
	int ret;

	if (amp_rpmsg_addr_reuse_delay > AMP_ADDR_REUSE_DELAY_MAX) {
		pr_err("addr_reuse_delay %u exceeds %u\n",
		       amp_rpmsg_addr_reuse_delay, AMP_ADDR_REUSE_DELAY_MAX);
		return -EINVAL;
	}
	if (!amp_rpmsg_ns_max_channels || !amp_rpmsg_rxq_depth ||
	    amp_rpmsg_rxq_depth > 65536) {
		pr_err("ns_max_channels and rxq_depth (at most 65536) must be positive\n");
		return -EINVAL;
	}
	amp_rpmsg_notify_init();
	ret = amp_rpmsg_bus_init();
	if (ret) {
		amp_rpmsg_notify_exit();
		return ret;
	}
	amp_rpmsg_debugfs_root = debugfs_create_dir("amp_rpmsg", NULL);
	if (IS_ERR(amp_rpmsg_debugfs_root))
		amp_rpmsg_debugfs_root = NULL;
	return 0;
}
module_init(amp_rpmsg_init);

static void __exit amp_rpmsg_exit(void)
{
	debugfs_remove_recursive(amp_rpmsg_debugfs_root);
	amp_rpmsg_bus_exit();
	amp_rpmsg_notify_exit();
}
module_exit(amp_rpmsg_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ampipc rpmsg bus: channels, endpoints, name service");
MODULE_VERSION(AMPIPC_VERSION);
MODULE_AUTHOR("ampipc developers");
