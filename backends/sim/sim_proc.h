/* SPDX-License-Identifier: GPL-2.0 */
/*
 * amp_rproc_sim internals: one simulated processor (its memories, CPU
 * thread, mailbox, interrupt lines and watchdog) and the module glue that
 * declares them to the core.
 */
#ifndef AMPIPC_SIM_PROC_H
#define AMPIPC_SIM_PROC_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <ampipc/rproc.h>

#include "sim_engine.h"
#include "sim_tally.h"

#define AMP_SIM_NAME_MAX	32
#define AMP_SIM_MBOX_LEN	16
#define AMP_SIM_IRQ_LEN		8

struct dentry;
struct platform_device;

/**
 * struct amp_sim_proc - one sim processor
 * @node: in the module's list of processors
 * @rproc: the core's processor (its private data points back here)
 * @pdev: the platform device that is its parent
 * @name: processor name
 * @fw_name: default firmware file name
 * @index: position among the module's processors
 * @sram: internal RAM (boot block, resource table, trace), at
 *	%AMP_SIM_SRAM_DA
 * @ddr: DDR for carveouts, vrings and shared buffers, at device address ==
 *	physical address
 * @ddr_size: bytes of @ddr
 * @win: the memory windows declared to the core
 * @image: an in-memory image served instead of /lib/firmware (tests), or NULL
 * @image_size: its size
 * @engine: the remote's state, driven only by @thread while it runs
 * @thread: the remote CPU, between start and stop
 * @wq: where @thread sleeps until a kick, an injection or a tick
 * @lock: protects the mailbox, the interrupt lines, @running and the
 *	fault requests
 * @mbox: host-to-remote mailbox: notify ids kicked, oldest first
 * @mbox_count: entries in @mbox
 * @mbox_overflow: kicks dropped because @mbox was full (the remote scans
 *	every ring on any kick, so nothing is lost)
 * @kicks: kicks received
 * @irq_ids: remote-to-host interrupt lines raised (vring notify ids)
 * @irq_count: entries in @irq_ids
 * @irq_fatal: the fatal-error line is raised
 * @irq_wdog: the watchdog line is raised
 * @irqs: vring interrupts delivered
 * @irq_work: the threaded interrupt handler
 * @running: between start and stop; no interrupt is delivered otherwise
 * @wdog: the watchdog (a timer, as delayed work)
 * @wdog_pet: the remote's last pet, in jiffies
 * @wdog_fired: the watchdog reported this run's hang
 * @pending_fault: fault requested through debugfs while stopped (fault + 1)
 * @fuzz: parameters of the fuzz fault (debugfs fuzz_seed, fuzz_count,
 *	fuzz_mask), given to the engine at each start and fuzz injection
 * @tally: messages received with the debugfs rx_tag, per destination;
 *	kept across boots
 * @boots: starts of the current image
 * @image_sig: signature of the last booted boot block
 * @debugfs: the processor's debugfs directory
 */
struct amp_sim_proc {
	struct list_head node;
	struct amp_rproc *rproc;
	struct platform_device *pdev;
	char name[AMP_SIM_NAME_MAX];
	char fw_name[64];
	unsigned int index;

	void *sram;
	void *ddr;
	size_t ddr_size;
	struct amp_rproc_window win[2];

	const void *image;
	size_t image_size;

	struct amp_sim_engine engine;
	struct task_struct *thread;
	wait_queue_head_t wq;

	spinlock_t lock;
	u32 mbox[AMP_SIM_MBOX_LEN];
	unsigned int mbox_count;
	u64 mbox_overflow;
	u64 kicks;
	u32 irq_ids[AMP_SIM_IRQ_LEN];
	unsigned int irq_count;
	bool irq_fatal;
	bool irq_wdog;
	u64 irqs;
	struct work_struct irq_work;
	bool running;

	struct delayed_work wdog;
	unsigned long wdog_pet;
	bool wdog_fired;

	int pending_fault;
	struct amp_sim_fuzz_cfg fuzz;
	struct amp_sim_tally tally;
	unsigned int boots;
	u32 image_sig;
	struct dentry *debugfs;
};

extern const struct amp_rproc_ops amp_sim_ops;
extern const struct amp_rproc_ops amp_sim_mem_ops;
extern unsigned int amp_sim_wdog_ms;
extern struct workqueue_struct *amp_sim_irq_wq;

int amp_sim_proc_init(struct amp_sim_proc *p, size_t ddr_size);
void amp_sim_proc_release(struct amp_sim_proc *p);
void amp_sim_proc_inject(struct amp_sim_proc *p, enum amp_sim_fault fault);
const char *amp_sim_proc_fault(struct amp_sim_proc *p);

#endif /* AMPIPC_SIM_PROC_H */
