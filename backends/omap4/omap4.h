/* SPDX-License-Identifier: GPL-2.0 */
/*
 * amp_rproc_omap4: TI OMAP4 IPU (dual Cortex-M3) and DSP (C64x Tesla)
 * backend. Private interface between the driver body (omap4_rproc.c), its
 * module glue (omap4_main.c) and the KUnit suite, which builds the body into
 * the test module with fakes behind struct amp_omap4_glue.
 */
#ifndef AMPIPC_BACKENDS_OMAP4_H
#define AMPIPC_BACKENDS_OMAP4_H

#include <linux/mailbox_client.h>
#include <linux/platform_device.h>
#include <linux/pm.h>

#include "../common/amp_be.h"

/*
 * Mailbox messages of TI's remoteproc/rpmsg protocol (the IPC firmware of
 * the OMAP4 IPU and DSP, and mainline's omap_remoteproc.h). Values below
 * AMP_OMAP4_MBOX_READY are vring (notify) indices; these out-of-band values
 * are deliberately huge so that they never collide with one.
 */
#define AMP_OMAP4_MBOX_READY		0xffffff00 /* remote is up (unused by host) */
#define AMP_OMAP4_MBOX_PENDING_MSG	0xffffff01 /* "check all vrings" */
#define AMP_OMAP4_MBOX_CRASH		0xffffff02 /* remote crashed */
#define AMP_OMAP4_MBOX_ECHO_REQUEST	0xffffff03 /* mailbox-level ping */
#define AMP_OMAP4_MBOX_ECHO_REPLY	0xffffff04 /* answer to a ping */
#define AMP_OMAP4_MBOX_ABORT_REQUEST	0xffffff05 /* "please crash" (tests) */
#define AMP_OMAP4_MBOX_SUSPEND_AUTO	0xffffff10 /* runtime (auto) suspend */
#define AMP_OMAP4_MBOX_SUSPEND_SYSTEM	0xffffff11 /* system suspend */
#define AMP_OMAP4_MBOX_SUSPEND_ACK	0xffffff12 /* remote saved its context */
#define AMP_OMAP4_MBOX_SUSPEND_CANCEL	0xffffff13 /* remote refuses to sleep */
#define AMP_OMAP4_MBOX_END_MSG		0xffffff14 /* first unknown value */

/* How long the remote has to answer a suspend request. */
#define AMP_OMAP4_SUSPEND_TIMEOUT_MS	1000
/* Runtime PM autosuspend delay unless "ti,autosuspend-delay-ms" says. */
#define AMP_OMAP4_AUTOSUSPEND_MS	10000

#define AMP_OMAP4_MAX_RESETS		4
#define AMP_OMAP4_MAX_WDT		4
#define AMP_OMAP4_MAX_MEMS		3

/**
 * struct amp_omap4_glue - hardware lookups the frameworks do only through DT
 * @mem: memory mapping (internal RAMs, carveout pool)
 * @mbox_request: the processor's mailbox channel for client @cl
 * @iommu_domain: the IOMMU domain the processor's MMU is attached to, or
 *	NULL when it sits behind none
 * @iommu_release: undo @iommu_domain (may be NULL)
 */
struct amp_omap4_glue {
	const struct amp_be_mem_ops *mem;
	struct mbox_chan *(*mbox_request)(struct mbox_client *cl);
	struct iommu_domain *(*iommu_domain)(struct device *dev);
	void (*iommu_release)(struct device *dev, struct iommu_domain *domain);
};

/**
 * struct amp_omap4_mem - an internal memory of a variant
 * @name: MEM resource name
 * @da: its address as the processor sees it
 */
struct amp_omap4_mem {
	const char *name;
	u32 da;
};

/**
 * struct amp_omap4_variant - what differs between the IPU and the DSP
 * @name: default processor name
 * @firmware: default firmware file
 * @machine: ELF e_machine of its firmware
 * @target: bundle target compatible
 * @needs_bootreg: the boot address goes through "ti,bootreg"
 * @mems: internal memories (name NULL terminates; may be NULL)
 * @glue: hardware lookups
 */
struct amp_omap4_variant {
	const char *name;
	const char *firmware;
	u16 machine;
	const char *target;
	bool needs_bootreg;
	const struct amp_omap4_mem *mems;
	const struct amp_omap4_glue *glue;
};

extern const struct dev_pm_ops amp_omap4_pm_ops;
int amp_omap4_probe(struct platform_device *pdev);
void amp_omap4_remove(struct platform_device *pdev);

#endif /* AMPIPC_BACKENDS_OMAP4_H */
