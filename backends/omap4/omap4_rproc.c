// SPDX-License-Identifier: GPL-2.0
/*
 * amp_rproc_omap4: driver body for the TI OMAP4 IPU and DSP.
 *
 * Boot sequence (OMAP4430 TRM, "Remote Processor Boot": the boot address of
 * the DSP sits in the control module's DSP_BOOTADDR register, 1 KiB aligned;
 * the IPU boots from device address 0 through its MMU), as in TI's remoteproc
 * protocol:
 *
 *   start:  [DSP] boot address -> ti,bootreg (regmap update, 1 KiB aligned)
 *           mailbox channel requested, ECHO_REQUEST queued (answered once the
 *           remote runs), watchdog interrupts armed, reset lines deasserted
 *           in order, runtime PM active with autosuspend
 *   stop:   runtime resume, reset lines asserted in reverse order, watchdog
 *           interrupts disarmed, mailbox freed, runtime PM off
 *   kick:   mailbox message = the vring (notify) index
 *   rx:     vring index -> amp_rproc_vq_interrupt(); CRASH -> crash report;
 *           ECHO_REPLY counted; SUSPEND_ACK/CANCEL complete a suspend request
 *   runtime suspend: SUSPEND_AUTO (system sleep: SUSPEND_SYSTEM), wait for
 *           SUSPEND_ACK (CANCEL: -EBUSY, no answer: -ETIMEDOUT), assert
 *           resets, disarm watchdogs
 *   runtime resume: [DSP] boot address rewritten, resets deasserted,
 *           watchdogs armed
 *
 * The watchdogs are general-purpose timers the remote reloads; their
 * interrupts arrive here as "wdtN" platform interrupts. One firing reports a
 * watchdog crash and is disarmed until the next start, so a timer that is
 * not reloaded any more cannot flood the host.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/interrupt.h>
#include <linux/iommu.h>
#include <linux/mailbox_client.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/pm_runtime.h>
#include <linux/property.h>
#include <linux/regmap.h>
#include <linux/reset.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <ampipc/compat.h>
#include <ampipc/rproc.h>

#include "omap4.h"

/**
 * struct omap4_rproc - per-device state
 * @dev: the platform device's device
 * @rproc: the processor registered with the core
 * @variant: IPU or DSP description
 * @glue: hardware lookups of @variant
 * @resets: reset lines, deasserted in this order
 * @nr_resets: entries in @resets
 * @wdt_irq: watchdog interrupts
 * @wdt_armed: bit i set while @wdt_irq[i] is enabled
 * @nr_wdt: entries in @wdt_irq
 * @boot_regmap: system control module regmap (DSP)
 * @boot_reg: offset of the boot address register in @boot_regmap
 * @boot_shift: right shift of the boot address inside that register
 * @boot_addr: the address of the last start, rewritten on resume
 * @client: mailbox client
 * @mbox: mailbox channel while started
 * @domain: IOMMU domain of the processor's MMU, or NULL
 * @pm_comp: completed by SUSPEND_ACK or SUSPEND_CANCEL
 * @suspend_acked: the last answer was SUSPEND_ACK
 * @running: between a successful start and stop
 * @suspended: runtime suspended by us while running
 * @echo_replies: ECHO_REPLY messages received
 * @windows: memory windows handed to the core
 * @nr_windows: entries in @windows
 */
struct omap4_rproc {
	struct device *dev;
	struct amp_rproc *rproc;
	const struct amp_omap4_variant *variant;
	const struct amp_omap4_glue *glue;
	struct reset_control *resets[AMP_OMAP4_MAX_RESETS];
	unsigned int nr_resets;
	int wdt_irq[AMP_OMAP4_MAX_WDT];
	unsigned long wdt_armed;
	unsigned int nr_wdt;
	struct regmap *boot_regmap;
	u32 boot_reg;
	u32 boot_shift;
	u64 boot_addr;
	struct mbox_client client;
	struct mbox_chan *mbox;
	struct iommu_domain *domain;
	struct completion pm_comp;
	bool suspend_acked;
	bool running;
	bool suspended;
	atomic_t echo_replies;
	struct amp_rproc_window windows[AMP_OMAP4_MAX_MEMS + 1];
	unsigned int nr_windows;
};

static struct omap4_rproc *omap4_from(struct amp_rproc *rproc)
{
	return *(struct omap4_rproc **)amp_rproc_priv(rproc);
}

static int omap4_write_boot_addr(struct omap4_rproc *o, u64 addr)
{
	u32 mask, val;
	int ret;

	if (!o->boot_regmap)
		return 0;
	if (addr > U32_MAX || addr & (SZ_1K - 1)) {
		dev_err(o->dev, "boot address %#llx: must be a 32-bit, 1 KiB aligned address (ti,bootreg)\n",
			addr);
		return -EINVAL;
	}
	mask = (u32)~(SZ_1K - 1) >> o->boot_shift;
	val = (u32)addr >> o->boot_shift;
	ret = regmap_update_bits(o->boot_regmap, o->boot_reg, mask, val);
	if (ret)
		dev_err(o->dev, "ti,bootreg: write failed: %d\n", ret);
	return ret;
}

/* Deassert every reset line in order; on failure reassert those done. */
static int omap4_deassert(struct omap4_rproc *o)
{
	unsigned int i;
	int ret;

	for (i = 0; i < o->nr_resets; i++) {
		ret = reset_control_deassert(o->resets[i]);
		if (ret) {
			dev_err(o->dev, "reset line %u: deassert failed: %d\n",
				i, ret);
			while (i--)
				reset_control_assert(o->resets[i]);
			return ret;
		}
	}
	return 0;
}

/* Assert every reset line in reverse order; on failure release them again. */
static int omap4_assert(struct omap4_rproc *o)
{
	unsigned int i;
	int ret;

	for (i = o->nr_resets; i--;) {
		ret = reset_control_assert(o->resets[i]);
		if (ret) {
			dev_err(o->dev, "reset line %u: assert failed: %d\n",
				i, ret);
			while (++i < o->nr_resets)
				reset_control_deassert(o->resets[i]);
			return ret;
		}
	}
	return 0;
}

static void omap4_wdt_arm(struct omap4_rproc *o)
{
	unsigned int i;

	for (i = 0; i < o->nr_wdt; i++)
		if (!test_and_set_bit(i, &o->wdt_armed))
			enable_irq(o->wdt_irq[i]);
}

static void omap4_wdt_disarm(struct omap4_rproc *o)
{
	unsigned int i;

	for (i = 0; i < o->nr_wdt; i++)
		if (test_and_clear_bit(i, &o->wdt_armed))
			disable_irq(o->wdt_irq[i]);
}

static irqreturn_t omap4_wdt_isr(int irq, void *data)
{
	struct omap4_rproc *o = data;
	unsigned int i;

	for (i = 0; i < o->nr_wdt; i++) {
		if (o->wdt_irq[i] != irq)
			continue;
		if (!test_and_clear_bit(i, &o->wdt_armed))
			return IRQ_NONE;
		disable_irq_nosync(irq);
		dev_err(o->dev, "watchdog timer %u expired\n", i);
		amp_rproc_report_crash(o->rproc, AMP_RPROC_CRASH_WATCHDOG);
		return IRQ_HANDLED;
	}
	return IRQ_NONE;
}

static void omap4_mbox_rx(struct mbox_client *cl, void *data)
{
	struct omap4_rproc *o = container_of(cl, struct omap4_rproc, client);
	u32 msg = (u32)(uintptr_t)data;

	switch (msg) {
	case AMP_OMAP4_MBOX_CRASH:
		dev_err(o->dev, "%s reported a crash\n",
			amp_rproc_name(o->rproc));
		amp_rproc_report_crash(o->rproc, AMP_RPROC_CRASH_FATAL);
		break;
	case AMP_OMAP4_MBOX_ECHO_REPLY:
		atomic_inc(&o->echo_replies);
		dev_dbg(o->dev, "echo reply\n");
		break;
	case AMP_OMAP4_MBOX_SUSPEND_ACK:
	case AMP_OMAP4_MBOX_SUSPEND_CANCEL:
		o->suspend_acked = msg == AMP_OMAP4_MBOX_SUSPEND_ACK;
		complete(&o->pm_comp);
		break;
	default:
		if (msg >= AMP_OMAP4_MBOX_READY) {
			dev_dbg(o->dev, "ignoring mailbox message %#x\n", msg);
			break;
		}
		if (msg > INT_MAX ||
		    amp_rproc_vq_interrupt(o->rproc, msg) == IRQ_NONE)
			dev_dbg(o->dev, "nothing to do for vring %u\n", msg);
	}
}

static int omap4_start(struct amp_rproc *rproc, u64 boot_addr)
{
	struct omap4_rproc *o = omap4_from(rproc);
	struct device *dev = o->dev;
	int ret;

	ret = omap4_write_boot_addr(o, boot_addr);
	if (ret)
		return ret;
	o->boot_addr = boot_addr;

	o->client.dev = dev;
	o->client.rx_callback = omap4_mbox_rx;
	o->client.tx_block = false;
	o->client.knows_txdone = false;
	o->mbox = o->glue->mbox_request(&o->client);
	if (IS_ERR(o->mbox)) {
		ret = PTR_ERR(o->mbox);
		o->mbox = NULL;
		dev_err(dev, "mboxes: cannot get the mailbox channel: %d\n",
			ret);
		return ret;
	}

	/* Waits in the mailbox FIFO until the remote runs and answers. */
	ret = mbox_send_message(o->mbox,
				(void *)(uintptr_t)AMP_OMAP4_MBOX_ECHO_REQUEST);
	if (ret < 0) {
		dev_err(dev, "mailbox: echo request not sent: %d\n", ret);
		goto free_mbox;
	}

	omap4_wdt_arm(o);
	ret = omap4_deassert(o);
	if (ret)
		goto disarm;

	o->running = true;
	o->suspended = false;
	pm_runtime_set_active(dev);
	pm_runtime_use_autosuspend(dev);
	pm_runtime_get_noresume(dev);
	pm_runtime_enable(dev);
	pm_runtime_mark_last_busy(dev);
	pm_runtime_put_autosuspend(dev);
	return 0;

disarm:
	omap4_wdt_disarm(o);
free_mbox:
	mbox_free_channel(o->mbox);
	o->mbox = NULL;
	return ret;
}

static int omap4_stop(struct amp_rproc *rproc)
{
	struct omap4_rproc *o = omap4_from(rproc);
	struct device *dev = o->dev;
	int ret;

	/* Wake it first, so it does not resume into a stale context later. */
	ret = pm_runtime_get_sync(dev);
	if (ret < 0) {
		pm_runtime_put_noidle(dev);
		dev_err(dev, "cannot resume before stopping: %d\n", ret);
		return ret;
	}

	ret = omap4_assert(o);
	if (ret) {
		pm_runtime_mark_last_busy(dev);
		pm_runtime_put_autosuspend(dev);
		return ret;
	}
	omap4_wdt_disarm(o);
	mbox_free_channel(o->mbox);
	o->mbox = NULL;
	o->running = false;

	pm_runtime_disable(dev);
	pm_runtime_dont_use_autosuspend(dev);
	pm_runtime_put_noidle(dev);
	pm_runtime_set_suspended(dev);
	return 0;
}

static void omap4_kick(struct amp_rproc *rproc, int vqid)
{
	struct omap4_rproc *o = omap4_from(rproc);
	int ret;

	if (!o->mbox) {
		dev_err(o->dev, "kick of vring %d while stopped\n", vqid);
		return;
	}
	/* Asynchronous resume: the message waits in the FIFO meanwhile. */
	pm_runtime_get(o->dev);
	ret = mbox_send_message(o->mbox, (void *)(uintptr_t)vqid);
	if (ret < 0)
		dev_err(o->dev, "kick of vring %d failed: %d\n", vqid, ret);
	pm_runtime_mark_last_busy(o->dev);
	pm_runtime_put_autosuspend(o->dev);
}

static int omap4_iommu_map(struct amp_rproc *rproc, u64 da, phys_addr_t pa,
			   size_t len, int prot)
{
	struct omap4_rproc *o = omap4_from(rproc);
	int ret;

	if (!o->domain)
		return -ENODEV;
	if (da > U32_MAX || len > U32_MAX - da + 1) {
		dev_err(o->dev, "iommu: device address %#llx+%#zx beyond 32 bits\n",
			da, len);
		return -EINVAL;
	}
	ret = iommu_map(o->domain, da, pa, len, prot, GFP_KERNEL);
	if (ret)
		dev_err(o->dev, "iommu: mapping %#llx -> %pa (%#zx) failed: %d\n",
			da, &pa, len, ret);
	return ret;
}

static void omap4_iommu_unmap(struct amp_rproc *rproc, u64 da, size_t len)
{
	struct omap4_rproc *o = omap4_from(rproc);
	size_t done;

	if (!o->domain)
		return;
	done = iommu_unmap(o->domain, da, len);
	if (done != len)
		dev_err(o->dev, "iommu: unmapped %#zx of %#zx bytes at %#llx\n",
			done, len, da);
}

static const struct amp_rproc_ops omap4_ops = {
	.start = omap4_start,
	.stop = omap4_stop,
	.kick = omap4_kick,
	.iommu_map = omap4_iommu_map,
	.iommu_unmap = omap4_iommu_unmap,
};

/* The suspend handshake of TI's protocol, then reset and watchdogs off. */
static int omap4_suspend(struct omap4_rproc *o, bool autosuspend)
{
	u32 msg = autosuspend ? AMP_OMAP4_MBOX_SUSPEND_AUTO :
		AMP_OMAP4_MBOX_SUSPEND_SYSTEM;
	int ret;

	if (!o->running || o->suspended)
		return 0;
	reinit_completion(&o->pm_comp);
	o->suspend_acked = false;
	ret = mbox_send_message(o->mbox, (void *)(uintptr_t)msg);
	if (ret < 0) {
		dev_err(o->dev, "suspend request not sent: %d\n", ret);
		return ret;
	}
	if (!wait_for_completion_timeout(&o->pm_comp,
				msecs_to_jiffies(AMP_OMAP4_SUSPEND_TIMEOUT_MS))) {
		dev_err(o->dev, "no answer to the suspend request within %u ms\n",
			AMP_OMAP4_SUSPEND_TIMEOUT_MS);
		return -ETIMEDOUT;
	}
	if (!o->suspend_acked) {
		dev_dbg(o->dev, "remote cancelled the suspend request\n");
		return -EBUSY;
	}
	ret = omap4_assert(o);
	if (ret)
		return ret;
	omap4_wdt_disarm(o);
	o->suspended = true;
	return 0;
}

static int omap4_resume(struct omap4_rproc *o)
{
	int ret;

	if (!o->running || !o->suspended)
		return 0;
	/* The control module may have lost the boot address. */
	ret = omap4_write_boot_addr(o, o->boot_addr);
	if (ret)
		return ret;
	omap4_wdt_arm(o);
	ret = omap4_deassert(o);
	if (ret) {
		omap4_wdt_disarm(o);
		return ret;
	}
	o->suspended = false;
	return 0;
}

static int omap4_runtime_suspend(struct device *dev)
{
	return omap4_suspend(dev_get_drvdata(dev), true);
}

static int omap4_runtime_resume(struct device *dev)
{
	return omap4_resume(dev_get_drvdata(dev));
}

static int omap4_system_suspend(struct device *dev)
{
	return omap4_suspend(dev_get_drvdata(dev), false);
}

static int omap4_system_resume(struct device *dev)
{
	return omap4_resume(dev_get_drvdata(dev));
}

const struct dev_pm_ops amp_omap4_pm_ops = {
	SYSTEM_SLEEP_PM_OPS(omap4_system_suspend, omap4_system_resume)
	RUNTIME_PM_OPS(omap4_runtime_suspend, omap4_runtime_resume, NULL)
};

static int omap4_get_resets(struct omap4_rproc *o)
{
	struct device *dev = o->dev;
	const char *names[AMP_OMAP4_MAX_RESETS];
	struct reset_control *rc;
	int n, i;

	n = device_property_string_array_count(dev, "reset-names");
	if (n > AMP_OMAP4_MAX_RESETS) {
		dev_err(dev, "reset-names: %d entries, at most %d supported\n",
			n, AMP_OMAP4_MAX_RESETS);
		return -EINVAL;
	}
	if (n > 0) {
		n = device_property_read_string_array(dev, "reset-names",
						      names, n);
		if (n < 0)
			return n;
		for (i = 0; i < n; i++) {
			rc = devm_reset_control_get_exclusive(dev, names[i]);
			if (IS_ERR(rc))
				return dev_err_probe(dev, PTR_ERR(rc),
						     "resets: line \"%s\" unavailable\n",
						     names[i]);
			o->resets[o->nr_resets++] = rc;
		}
		return 0;
	}
	/* Mainline OMAP4 DTs list the lines without names: take them all. */
	if (dev->of_node)
		rc = devm_reset_control_array_get_exclusive(dev);
	else
		rc = devm_reset_control_get_exclusive(dev, NULL);
	if (IS_ERR(rc))
		return dev_err_probe(dev, PTR_ERR(rc),
				     "resets: no reset line for the processor\n");
	o->resets[o->nr_resets++] = rc;
	return 0;
}

static int omap4_get_wdts(struct omap4_rproc *o, struct platform_device *pdev)
{
	char name[8];
	unsigned int i;
	int irq, ret;

	for (i = 0; i < AMP_OMAP4_MAX_WDT; i++) {
		snprintf(name, sizeof(name), "wdt%u", i);
		irq = platform_get_irq_byname_optional(pdev, name);
		if (irq == -ENXIO)
			break;
		if (irq < 0)
			return dev_err_probe(o->dev, irq,
					     "interrupts: \"%s\" unusable\n",
					     name);
		ret = devm_request_irq(o->dev, irq, omap4_wdt_isr,
				       IRQF_NO_AUTOEN, dev_name(o->dev), o);
		if (ret)
			return dev_err_probe(o->dev, ret,
					     "interrupts: cannot request \"%s\"\n",
					     name);
		o->wdt_irq[o->nr_wdt++] = irq;
	}
	return 0;
}

static int omap4_get_mems(struct omap4_rproc *o, struct platform_device *pdev)
{
	const struct amp_omap4_mem *m;
	struct amp_rproc_window *w;
	int ret;

	for (m = o->variant->mems; m && m->name; m++) {
		w = &o->windows[o->nr_windows];
		memset(w, 0, sizeof(*w));
		w->name = m->name;
		w->da = m->da;
		w->flags = AMP_RPROC_WIN_LOAD;
		ret = o->glue->mem->map_mem(pdev, m->name, w);
		if (ret == -ENOENT) {
			dev_err(o->dev, "reg: internal memory \"%s\" missing\n",
				m->name);
			return -EINVAL;
		}
		if (ret)
			return dev_err_probe(o->dev, ret,
					     "reg: cannot map \"%s\"\n",
					     m->name);
		o->nr_windows++;
	}

	/*
	 * The carveout pool. Behind the MMU the core places carveouts anywhere
	 * in it and maps them to the firmware's device addresses through
	 * ->iommu_map(); the window is described at da == pa.
	 */
	w = &o->windows[o->nr_windows];
	memset(w, 0, sizeof(*w));
	w->name = "carveout";
	w->flags = AMP_RPROC_WIN_CARVEOUT | AMP_RPROC_WIN_LOAD;
	ret = o->glue->mem->carveout(pdev, w);
	if (ret == -ENOENT) {
		dev_info(o->dev, "no memory-region: carveouts must fit the internal memories\n");
		return 0;
	}
	if (ret)
		return ret;
	w->da = w->pa;
	o->nr_windows++;
	return 0;
}

static int omap4_get_bootreg(struct omap4_rproc *o)
{
	u32 args[2] = { 0, 0 };
	struct regmap *map;

	if (!o->variant->needs_bootreg)
		return 0;
	map = amp_be_regmap_ref(o->dev, "ti,bootreg", 2, args);
	if (map == ERR_PTR(-ENOENT) || map == ERR_PTR(-EINVAL)) {
		/* Old DTs give the offset only. */
		map = amp_be_regmap_ref(o->dev, "ti,bootreg", 1, args);
		args[1] = 0;
	}
	if (IS_ERR(map))
		return dev_err_probe(o->dev, PTR_ERR(map),
				     "ti,bootreg: missing or unusable (system control module, offset, shift)\n");
	if (args[0] & 3) {
		dev_err(o->dev, "ti,bootreg: register offset %#x is not 32-bit aligned\n",
			args[0]);
		return -EINVAL;
	}
	if (args[1] >= 10) {
		dev_err(o->dev, "ti,bootreg: shift %u would drop address bits\n",
			args[1]);
		return -EINVAL;
	}
	o->boot_regmap = map;
	o->boot_reg = args[0];
	o->boot_shift = args[1];
	return 0;
}

int amp_omap4_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	const struct amp_omap4_variant *variant;
	struct amp_rproc_config cfg = { };
	struct omap4_rproc *o;
	u32 delay = AMP_OMAP4_AUTOSUSPEND_MS;
	int ret;

	variant = device_get_match_data(dev);
	if (!variant && platform_get_device_id(pdev))
		variant = (const void *)platform_get_device_id(pdev)->driver_data;
	if (!variant)
		return -ENODEV;

	o = devm_kzalloc(dev, sizeof(*o), GFP_KERNEL);
	if (!o)
		return -ENOMEM;
	o->dev = dev;
	o->variant = variant;
	o->glue = variant->glue;
	init_completion(&o->pm_comp);
	atomic_set(&o->echo_replies, 0);
	platform_set_drvdata(pdev, o);

	cfg.name = variant->name;
	device_property_read_string(dev, "amp,name", &cfg.name);
	cfg.firmware = variant->firmware;
	device_property_read_string(dev, "firmware-name", &cfg.firmware);

	ret = omap4_get_resets(o);
	if (ret)
		return ret;
	ret = omap4_get_bootreg(o);
	if (ret)
		return ret;
	ret = omap4_get_wdts(o, pdev);
	if (ret)
		return ret;
	ret = omap4_get_mems(o, pdev);
	if (ret)
		return ret;

	o->domain = o->glue->iommu_domain(dev);
	if (IS_ERR(o->domain))
		return dev_err_probe(dev, PTR_ERR(o->domain),
				     "iommus: no usable IOMMU domain\n");

	/* Both lines stay held until the core starts the processor. */
	ret = omap4_assert(o);
	if (ret)
		goto release_iommu;

	cfg.ops = &omap4_ops;
	cfg.machines = &variant->machine;
	cfg.nr_machines = 1;
	cfg.target = variant->target;
	cfg.windows = o->windows;
	cfg.nr_windows = o->nr_windows;
	cfg.fwnode = dev_fwnode(dev);
	cfg.priv_size = sizeof(o);
	o->rproc = amp_rproc_alloc(dev, &cfg);
	if (IS_ERR_OR_NULL(o->rproc)) {
		ret = o->rproc ? PTR_ERR(o->rproc) : -ENOMEM;
		o->rproc = NULL;
		dev_err(dev, "cannot allocate the processor: %d\n", ret);
		goto release_iommu;
	}
	*(struct omap4_rproc **)amp_rproc_priv(o->rproc) = o;

	device_property_read_u32(dev, "ti,autosuspend-delay-ms", &delay);
	pm_runtime_set_autosuspend_delay(dev, delay);

	ret = amp_rproc_register(o->rproc);
	if (ret) {
		dev_err(dev, "cannot register the processor: %d\n", ret);
		goto free_rproc;
	}
	return 0;

free_rproc:
	amp_rproc_free(o->rproc);
release_iommu:
	if (o->domain && o->glue->iommu_release)
		o->glue->iommu_release(dev, o->domain);
	return ret;
}

void amp_omap4_remove(struct platform_device *pdev)
{
	struct omap4_rproc *o = platform_get_drvdata(pdev);

	amp_rproc_unregister(o->rproc);
	amp_rproc_free(o->rproc);
	if (o->domain && o->glue->iommu_release)
		o->glue->iommu_release(o->dev, o->domain);
}
