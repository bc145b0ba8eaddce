// SPDX-License-Identifier: GPL-2.0
/*
 * One sim processor, seen from the host as hardware: two memories, a CPU
 * released from reset by start and halted by stop, a mailbox for kicks,
 * interrupt lines towards the host and a watchdog.
 *
 * - The CPU is a kernel thread running the remote engine (sim_engine.c),
 *   which reaches nothing but the two memories, through amp_sim_map().
 * - A kick puts the notify id into the mailbox and wakes the CPU, from any
 *   context, as a mailbox doorbell would.
 * - The remote raises an interrupt line (a vring notify id, the fatal-error
 *   line); the threaded handler, a work item on a high-priority workqueue,
 *   delivers it with amp_rproc_vq_interrupt() or amp_rproc_report_crash().
 *   The CPU thread never calls into the host.
 * - The CPU pets the watchdog whenever it runs; a hung CPU stops petting and
 *   the watchdog raises its line, reported as a watchdog crash.
 */
#include <linux/device.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/string.h>

#include <ampipc/compat_unaligned.h>

#include "sim_proc.h"

/* How often an idle CPU wakes up: fault delays, DRIVER_OK, the watchdog. */
#define AMP_SIM_TICK_MS		20

static struct amp_sim_proc *amp_sim_of(struct amp_rproc *rproc)
{
	return *(struct amp_sim_proc **)amp_rproc_priv(rproc);
}

/* The remote's view of memory: SRAM at its fixed base, DDR at da == pa. */
static void *amp_sim_map(void *priv, u64 da, size_t len)
{
	struct amp_sim_proc *p = priv;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(p->win); i++) {
		const struct amp_rproc_window *w = &p->win[i];

		if (len && da >= w->da && da - w->da < w->size &&
		    len <= w->size - (da - w->da))
			return (u8 *)w->va + (da - w->da);
	}
	return NULL;
}

/* Remote side: raise the interrupt line of a vring. */
static void amp_sim_raise(void *priv, u32 notifyid)
{
	struct amp_sim_proc *p = priv;
	unsigned long flags;
	unsigned int i;
	bool queue;

	spin_lock_irqsave(&p->lock, flags);
	for (i = 0; i < p->irq_count; i++)
		if (p->irq_ids[i] == notifyid)
			break;
	if (i == p->irq_count && p->irq_count < AMP_SIM_IRQ_LEN)
		p->irq_ids[p->irq_count++] = notifyid;
	queue = p->running;
	spin_unlock_irqrestore(&p->lock, flags);
	if (queue)
		queue_work(amp_sim_irq_wq, &p->irq_work);
}

/* Remote side: a message taken from the host, for the tag accounting. */
static void amp_sim_rx(void *priv, u32 dst, const u8 *payload, u32 len)
{
	struct amp_sim_proc *p = priv;

	amp_sim_tally_rx(&p->tally, dst, payload, len);
}

/* Remote side: raise the fatal-error line. */
static void amp_sim_raise_fatal(void *priv)
{
	struct amp_sim_proc *p = priv;
	unsigned long flags;
	bool queue;

	spin_lock_irqsave(&p->lock, flags);
	p->irq_fatal = true;
	queue = p->running;
	spin_unlock_irqrestore(&p->lock, flags);
	if (queue)
		queue_work(amp_sim_irq_wq, &p->irq_work);
}

/* The threaded interrupt handler: deliver what the remote raised. */
static void amp_sim_irq_handler(struct work_struct *work)
{
	struct amp_sim_proc *p = container_of(work, struct amp_sim_proc, irq_work);
	u32 ids[AMP_SIM_IRQ_LEN];
	bool fatal, wdog;
	unsigned int n, i;
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	n = p->running ? p->irq_count : 0;
	memcpy(ids, p->irq_ids, n * sizeof(ids[0]));
	fatal = p->running && p->irq_fatal;
	wdog = p->running && p->irq_wdog;
	p->irq_count = 0;
	p->irq_fatal = false;
	p->irq_wdog = false;
	spin_unlock_irqrestore(&p->lock, flags);

	for (i = 0; i < n; i++)
		if (amp_rproc_vq_interrupt(p->rproc, ids[i]) == IRQ_HANDLED)
			p->irqs++;
	if (fatal)
		amp_rproc_report_crash(p->rproc, AMP_RPROC_CRASH_FATAL);
	if (wdog)
		amp_rproc_report_crash(p->rproc, AMP_RPROC_CRASH_WATCHDOG);
}

/* The watchdog: a CPU that has not petted it for a period is hung. */
static void amp_sim_wdog_fn(struct work_struct *work)
{
	struct amp_sim_proc *p = container_of(to_delayed_work(work),
					      struct amp_sim_proc, wdog);
	unsigned int ms = READ_ONCE(amp_sim_wdog_ms);
	unsigned long period = msecs_to_jiffies(ms);
	unsigned long flags;
	bool fire = false;

	/* Disarmed through the parameter. */
	if (!ms)
		return;
	if (!time_after(jiffies, READ_ONCE(p->wdog_pet) + period)) {
		queue_delayed_work(system_wq, &p->wdog, period / 2 + 1);
		return;
	}
	spin_lock_irqsave(&p->lock, flags);
	if (p->running && !p->wdog_fired) {
		p->wdog_fired = true;
		p->irq_wdog = true;
		fire = true;
	}
	spin_unlock_irqrestore(&p->lock, flags);
	if (fire)
		queue_work(amp_sim_irq_wq, &p->irq_work);
}

/*
 * A hung or halted engine takes no injection until its next start (which
 * clears it), so a pending one must not keep waking the thread: it would
 * spin without ever sleeping.
 */
static bool amp_sim_cpu_wake(struct amp_sim_proc *p)
{
	struct amp_sim_engine *e = &p->engine;
	unsigned long flags;
	bool kicked;

	spin_lock_irqsave(&p->lock, flags);
	kicked = p->mbox_count;
	spin_unlock_irqrestore(&p->lock, flags);
	if (e->state == AMP_SIM_ST_HUNG || e->state == AMP_SIM_ST_HALTED)
		return kthread_should_stop();
	return kicked || atomic_read(&e->inject) || kthread_should_stop();
}

/*
 * The remote CPU. The engine scans every ring on each pass, so the mailbox
 * is only emptied, as firmware acknowledges a doorbell.
 */
static int amp_sim_cpu(void *data)
{
	struct amp_sim_proc *p = data;
	struct amp_sim_engine *e = &p->engine;
	unsigned long flags;
	bool more;

	while (!kthread_should_stop()) {
		spin_lock_irqsave(&p->lock, flags);
		p->mbox_count = 0;
		spin_unlock_irqrestore(&p->lock, flags);

		more = amp_sim_engine_poll(e, ktime_to_ms(ktime_get()));
		if (e->state != AMP_SIM_ST_HUNG && e->state != AMP_SIM_ST_HALTED)
			WRITE_ONCE(p->wdog_pet, jiffies);
		/* A host that kicks without pause must not starve its own CPU. */
		cond_resched();
		if (more)
			continue;
		wait_event_interruptible_timeout(p->wq, amp_sim_cpu_wake(p),
						 msecs_to_jiffies(AMP_SIM_TICK_MS));
	}
	return 0;
}

/* FNV-1a of the boot block: tells one image from another across boots. */
static u32 amp_sim_image_sig(const u8 *b, size_t len)
{
	u32 h = 2166136261U;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ b[i]) * 16777619U;
	return h;
}

static int amp_sim_prepare(struct amp_rproc *rproc)
{
	struct amp_sim_proc *p = amp_sim_of(rproc);

	/* Power-on: the internal RAM holds nothing of the previous run. */
	memset(p->sram, 0, AMP_SIM_SRAM_SIZE);
	return 0;
}

static int amp_sim_start(struct amp_rproc *rproc, u64 boot_addr)
{
	struct amp_sim_proc *p = amp_sim_of(rproc);
	struct amp_sim_bus bus = {
		.map = amp_sim_map,
		.notify = amp_sim_raise,
		.fatal = amp_sim_raise_fatal,
		.rx = amp_sim_rx,
		.priv = p,
	};
	const struct amp_sim_manifest *m;
	struct task_struct *t;
	const u8 *block;
	unsigned long flags;
	u32 sig, fault_boots;
	int ret, pending;
	size_t len;

	/* The boot ROM's check before it jumps. */
	if (!amp_sim_boot_block_valid(&bus, boot_addr)) {
		dev_err(amp_rproc_dev(rproc), "no sim boot block at %#llx\n", boot_addr);
		return -ENOEXEC;
	}
	m = amp_sim_map(p, boot_addr, sizeof(*m));
	len = min_t(u32, get_unaligned_le32(&m->size), PAGE_SIZE);
	block = amp_sim_map(p, boot_addr, len);
	sig = block ? amp_sim_image_sig(block, len) : 0;
	if (sig != p->image_sig) {
		p->image_sig = sig;
		p->boots = 0;
	}
	p->boots++;
	fault_boots = get_unaligned_le32(&m->fault_boots);

	ret = amp_sim_engine_init(&p->engine, &bus, boot_addr,
				  !fault_boots || p->boots <= fault_boots);
	if (ret) {
		dev_err(amp_rproc_dev(rproc), "boot block or resource table rejected (%d)\n",
			ret);
		return ret;
	}
	amp_sim_engine_set_fuzz(&p->engine, &p->fuzz);

	spin_lock_irqsave(&p->lock, flags);
	p->mbox_count = 0;
	p->irq_count = 0;
	p->irq_fatal = false;
	p->irq_wdog = false;
	p->wdog_fired = false;
	p->running = true;
	pending = p->pending_fault;
	p->pending_fault = 0;
	spin_unlock_irqrestore(&p->lock, flags);
	if (pending)
		amp_sim_engine_inject(&p->engine, pending - 1);
	WRITE_ONCE(p->wdog_pet, jiffies);

	t = kthread_run(amp_sim_cpu, p, "amp-sim/%s", p->name);
	if (IS_ERR(t)) {
		spin_lock_irqsave(&p->lock, flags);
		p->running = false;
		spin_unlock_irqrestore(&p->lock, flags);
		return PTR_ERR(t);
	}
	p->thread = t;
	if (READ_ONCE(amp_sim_wdog_ms))
		queue_delayed_work(system_wq, &p->wdog,
				   msecs_to_jiffies(READ_ONCE(amp_sim_wdog_ms)) / 2 + 1);
	return 0;
}

static int amp_sim_stop(struct amp_rproc *rproc)
{
	struct amp_sim_proc *p = amp_sim_of(rproc);
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	p->running = false;
	spin_unlock_irqrestore(&p->lock, flags);
	cancel_delayed_work_sync(&p->wdog);
	if (p->thread) {
		kthread_stop(p->thread);
		p->thread = NULL;
	}
	/* Recovery stops us from the core's work, never from our handler. */
	if (current_work() != &p->irq_work)
		cancel_work_sync(&p->irq_work);
	return 0;
}

/* The mailbox doorbell. Any context. */
static void amp_sim_kick(struct amp_rproc *rproc, int notifyid)
{
	struct amp_sim_proc *p = amp_sim_of(rproc);
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	p->kicks++;
	if (p->mbox_count < AMP_SIM_MBOX_LEN)
		p->mbox[p->mbox_count++] = notifyid;
	else
		p->mbox_overflow++;
	spin_unlock_irqrestore(&p->lock, flags);
	wake_up(&p->wq);
}

static int amp_sim_fw_fetch(struct amp_rproc *rproc, const char *name,
			    const void **data, size_t *size)
{
	struct amp_sim_proc *p = amp_sim_of(rproc);

	if (!p->image)
		return -ENOENT;
	*data = p->image;
	*size = p->image_size;
	return 0;
}

static void amp_sim_fw_release(struct amp_rproc *rproc, const void *data)
{
}

/* A processor booting images from /lib/firmware, as hardware does. */
const struct amp_rproc_ops amp_sim_ops = {
	.prepare = amp_sim_prepare,
	.start = amp_sim_start,
	.stop = amp_sim_stop,
	.kick = amp_sim_kick,
};

/* A processor booting one in-memory image (amp_sim_add()). */
const struct amp_rproc_ops amp_sim_mem_ops = {
	.prepare = amp_sim_prepare,
	.start = amp_sim_start,
	.stop = amp_sim_stop,
	.kick = amp_sim_kick,
	.fw_fetch = amp_sim_fw_fetch,
	.fw_release = amp_sim_fw_release,
};

/**
 * amp_sim_proc_inject() - request a fault behaviour
 * @p: the processor
 * @fault: the behaviour
 *
 * A running remote takes it at once; a stopped one at its next start (once).
 * A hung or halted remote ignores it: its next start clears it.
 */
void amp_sim_proc_inject(struct amp_sim_proc *p, enum amp_sim_fault fault)
{
	unsigned long flags;
	bool running;

	spin_lock_irqsave(&p->lock, flags);
	running = p->running;
	if (!running)
		p->pending_fault = fault + 1;
	spin_unlock_irqrestore(&p->lock, flags);
	if (running) {
		if (fault == AMP_SIM_FAULT_FUZZ)
			amp_sim_engine_set_fuzz(&p->engine, &p->fuzz);
		amp_sim_engine_inject(&p->engine, fault);
		wake_up(&p->wq);
	}
}

/**
 * amp_sim_proc_fault() - the fault behaviour in effect
 * @p: the processor
 *
 * Return: its name; for a stopped processor, the one requested for its next
 * start, or "none".
 */
const char *amp_sim_proc_fault(struct amp_sim_proc *p)
{
	unsigned long flags;
	int fault;

	spin_lock_irqsave(&p->lock, flags);
	if (p->running)
		fault = READ_ONCE(p->engine.fault);
	else
		fault = p->pending_fault ? p->pending_fault - 1 : AMP_SIM_FAULT_NONE;
	spin_unlock_irqrestore(&p->lock, flags);
	return amp_sim_fault_name(fault);
}

static void *amp_sim_alloc_mem(size_t size, phys_addr_t *pa)
{
	void *va = alloc_pages_exact(size, GFP_KERNEL | GFP_DMA32 | __GFP_ZERO);

	if (va)
		*pa = virt_to_phys(va);
	return va;
}

/* The DDR must be reachable through 32-bit table fields and miss the SRAM. */
static bool amp_sim_ddr_ok(phys_addr_t pa, size_t size)
{
	u64 end = (u64)pa + size;

	return end <= (u64)U32_MAX + 1 &&
	       (end <= AMP_SIM_SRAM_DA || pa >= AMP_SIM_SRAM_DA + AMP_SIM_SRAM_SIZE);
}

/**
 * amp_sim_proc_init() - allocate a processor's memories
 * @p: the processor, zeroed, with @p->name set
 * @ddr_size: bytes of DDR (a multiple of the page size)
 *
 * Return: 0 or -ENOMEM.
 */
int amp_sim_proc_init(struct amp_sim_proc *p, size_t ddr_size)
{
	phys_addr_t sram_pa, ddr_pa;
	void *bad = NULL;

	spin_lock_init(&p->lock);
	amp_sim_tally_init(&p->tally);
	init_waitqueue_head(&p->wq);
	INIT_WORK(&p->irq_work, amp_sim_irq_handler);
	INIT_DELAYED_WORK(&p->wdog, amp_sim_wdog_fn);

	p->ddr_size = ddr_size;
	p->sram = amp_sim_alloc_mem(AMP_SIM_SRAM_SIZE, &sram_pa);
	p->ddr = amp_sim_alloc_mem(ddr_size, &ddr_pa);
	if (p->ddr && !amp_sim_ddr_ok(ddr_pa, ddr_size)) {
		/* Keep the unlucky block while asking for another. */
		bad = p->ddr;
		p->ddr = amp_sim_alloc_mem(ddr_size, &ddr_pa);
		if (p->ddr && !amp_sim_ddr_ok(ddr_pa, ddr_size)) {
			free_pages_exact(p->ddr, ddr_size);
			p->ddr = NULL;
		}
		free_pages_exact(bad, ddr_size);
	}
	if (!p->sram) {
		pr_err("amp_rproc_sim: %s: no memory for %u bytes of SRAM below 4 GiB\n",
		       p->name, AMP_SIM_SRAM_SIZE);
		amp_sim_proc_release(p);
		return -ENOMEM;
	}
	if (!p->ddr) {
		pr_err("amp_rproc_sim: %s: no memory for %zu bytes of DDR below 4 GiB%s\n",
		       p->name, ddr_size, bad ? " away from the SRAM" : "");
		amp_sim_proc_release(p);
		return -ENOMEM;
	}
	p->win[0] = (struct amp_rproc_window){
		.name = "sram",
		.da = AMP_SIM_SRAM_DA,
		.size = AMP_SIM_SRAM_SIZE,
		.pa = sram_pa,
		.va = p->sram,
		.flags = AMP_RPROC_WIN_LOAD,
	};
	p->win[1] = (struct amp_rproc_window){
		.name = "ddr",
		.da = ddr_pa,
		.size = ddr_size,
		.pa = ddr_pa,
		.va = p->ddr,
		.flags = AMP_RPROC_WIN_CARVEOUT | AMP_RPROC_WIN_LOAD,
	};
	return 0;
}

/**
 * amp_sim_proc_release() - free a processor's memories
 * @p: the processor (stopped)
 */
void amp_sim_proc_release(struct amp_sim_proc *p)
{
	if (p->sram)
		free_pages_exact(p->sram, AMP_SIM_SRAM_SIZE);
	if (p->ddr)
		free_pages_exact(p->ddr, p->ddr_size);
	p->sram = NULL;
	p->ddr = NULL;
}
