// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: amp_rpmsg module entry points and parameters.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

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

static int __init amp_rpmsg_init(void)
{
	if (amp_rpmsg_addr_reuse_delay > AMP_ADDR_REUSE_DELAY_MAX) {
		pr_err("addr_reuse_delay %u exceeds %u\n",
		       amp_rpmsg_addr_reuse_delay, AMP_ADDR_REUSE_DELAY_MAX);
		return -EINVAL;
	}
	return 0;
}
module_init(amp_rpmsg_init);

/* Address spaces belong to their devices: nothing module-wide to undo. */
static void __exit amp_rpmsg_exit(void)
{
}
module_exit(amp_rpmsg_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ampipc rpmsg bus: endpoint addresses and messaging");
MODULE_VERSION(AMPIPC_VERSION);
MODULE_AUTHOR("ampipc developers");
