// SPDX-License-Identifier: GPL-2.0
/*
 * amp_rproc: the remote-processor core of ampipc. This file only registers
 * the module; the firmware validator, ELF loader and device address
 * allocator live in their own files and are used by backends through their
 * exports.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/printk.h>

#include "bundle_internal.h"

static int __init amp_rproc_init(void)
{
	int ret = amp_bundle_init();

	if (ret)
		return ret;
	pr_debug("ampipc %s remote-processor core loaded\n", AMPIPC_VERSION);
	return 0;
}
module_init(amp_rproc_init);

static void __exit amp_rproc_exit(void)
{
	amp_bundle_exit();
	pr_debug("unloaded\n");
}
module_exit(amp_rproc_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ampipc remote-processor core: firmware validation and loading");
MODULE_VERSION(AMPIPC_VERSION);
MODULE_AUTHOR("ampipc developers");
