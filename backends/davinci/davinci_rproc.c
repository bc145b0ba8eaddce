// SPDX-License-Identifier: GPL-2.0
/*
 * amp_rproc_davinci: driver body for the DA850 / OMAP-L138 DSP.
 *
 * Sequences (OMAP-L138 TRM SPRUH77: SYSCFG HOST1CFG and CHIPSIG, PSC local
 * reset of the DSP module):
 *
 *   start:  boot address (1 KiB aligned, 32-bit) -> HOST1CFG, DSP module
 *           clock on, local reset deasserted (on failure the clock goes off)
 *   stop:   local reset asserted, clock off
 *   kick:   CHIPSIG2 written to CHIPSIG (raises the DSP's interrupt)
 *   irq:    CHIPINT0: CHIPSIG read; with CHIPSIG0 set, CHIPSIG0 is written
 *           to CHIPSIG_CLR (the level goes down, so the interrupt is not
 *           taken again) and the thread runs; otherwise not ours
 *   thread: both vrings handed to the core (there is no payload telling
 *           which one has work)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/regmap.h>
#include <linux/reset.h>

#include <ampipc/compat.h>
#include <ampipc/fwparse.h>
#include <ampipc/rproc.h>

#include "davinci.h"

static const u16 davinci_machines[] = { AMP_EM_TI_C6000 };

static const char * const davinci_mem_names[AMP_DAVINCI_NR_MEMS] = {
	"l2sram", "l1pram", "l1dram",
};

static struct davinci_dsp *davinci_from(struct amp_rproc *rproc)
{
	return *(struct davinci_dsp **)amp_rproc_priv(rproc);
}

static int davinci_start(struct amp_rproc *rproc, u64 boot_addr)
{
	struct davinci_dsp *d = davinci_from(rproc);
	int ret;

	if (boot_addr > U32_MAX || boot_addr & (AMP_DAVINCI_BOOT_ALIGN - 1)) {
		dev_err(d->dev, "boot address %#llx: HOST1CFG takes a 32-bit, 1 KiB aligned address\n",
			boot_addr);
		return -EINVAL;
	}
	ret = regmap_write(d->host1cfg, AMP_DAVINCI_HOST1CFG, (u32)boot_addr);
	if (ret) {
		dev_err(d->dev, "host1cfg: write failed: %d\n", ret);
		return ret;
	}
	ret = d->glue->clk_enable(d);
	if (ret) {
		dev_err(d->dev, "clocks: cannot enable the DSP clock: %d\n",
			ret);
		return ret;
	}
	ret = reset_control_deassert(d->reset);
	if (ret) {
		dev_err(d->dev, "resets: deassert failed: %d\n", ret);
		d->glue->clk_disable(d);
		return ret;
	}
	return 0;
}

static int davinci_stop(struct amp_rproc *rproc)
{
	struct davinci_dsp *d = davinci_from(rproc);
	int ret;

	ret = reset_control_assert(d->reset);
	if (ret) {
		dev_err(d->dev, "resets: assert failed: %d\n", ret);
		return ret;
	}
	d->glue->clk_disable(d);
	return 0;
}

static void davinci_kick(struct amp_rproc *rproc, int vqid)
{
	struct davinci_dsp *d = davinci_from(rproc);
	int ret;

	/* One interrupt line for every vring: the DSP polls both. */
	ret = regmap_write(d->chipsig, AMP_DAVINCI_CHIPSIG,
			   AMP_DAVINCI_CHIPSIG2);
	if (ret)
		dev_err(d->dev, "chipsig: kick of vring %d failed: %d\n",
			vqid, ret);
}

static const struct amp_rproc_ops davinci_ops = {
	.start = davinci_start,
	.stop = davinci_stop,
	.kick = davinci_kick,
};

static irqreturn_t davinci_isr(int irq, void *data)
{
	struct davinci_dsp *d = data;
	unsigned int sig;

	if (regmap_read(d->chipsig, AMP_DAVINCI_CHIPSIG, &sig))
		return IRQ_NONE;
	if (!(sig & AMP_DAVINCI_CHIPSIG0))
		return IRQ_NONE;
	/* Level-triggered: take the level down before returning. */
	regmap_write(d->chipsig, AMP_DAVINCI_CHIPSIG_CLR, AMP_DAVINCI_CHIPSIG0);
	return IRQ_WAKE_THREAD;
}

static irqreturn_t davinci_thread(int irq, void *data)
{
	struct davinci_dsp *d = data;
	int i;

	for (i = 0; i < AMP_DAVINCI_NR_VRINGS; i++)
		amp_rproc_vq_interrupt(d->rproc, i);
	return IRQ_HANDLED;
}

static int davinci_get_mems(struct davinci_dsp *d, struct platform_device *pdev)
{
	struct amp_rproc_window *w, *alias;
	unsigned int i;
	int ret;

	for (i = 0; i < AMP_DAVINCI_NR_MEMS; i++) {
		w = &d->windows[d->nr_windows];
		memset(w, 0, sizeof(*w));
		w->name = davinci_mem_names[i];
		w->flags = AMP_RPROC_WIN_LOAD;
		ret = d->glue->mem->map_mem(pdev, davinci_mem_names[i], w);
		if (ret == -ENOENT) {
			dev_err(d->dev, "reg: internal memory \"%s\" missing\n",
				davinci_mem_names[i]);
			return -EINVAL;
		}
		if (ret)
			return dev_err_probe(d->dev, ret,
					     "reg: cannot map \"%s\"\n",
					     davinci_mem_names[i]);
		if (w->pa > U32_MAX || !w->size ||
		    w->size > AMP_DAVINCI_LOCAL_MASK + 1 ||
		    (w->pa & AMP_DAVINCI_LOCAL_MASK) + w->size >
		    AMP_DAVINCI_LOCAL_MASK + 1) {
			dev_err(d->dev, "reg: \"%s\" at %pa size %#llx is not an internal RAM\n",
				w->name, &w->pa, w->size);
			return -EINVAL;
		}
		/* The global address, then the local alias of the same RAM. */
		w->da = w->pa;
		alias = &d->windows[d->nr_windows + 1];
		*alias = *w;
		alias->da = w->pa & AMP_DAVINCI_LOCAL_MASK;
		d->nr_windows += 2;
	}

	/* No MMU: the carveout pool sits at da == pa. */
	w = &d->windows[d->nr_windows];
	memset(w, 0, sizeof(*w));
	w->name = "carveout";
	w->flags = AMP_RPROC_WIN_CARVEOUT | AMP_RPROC_WIN_LOAD;
	ret = d->glue->mem->carveout(pdev, w);
	if (ret == -ENOENT) {
		dev_info(d->dev, "no memory-region: firmware must fit the internal RAMs\n");
		return 0;
	}
	if (ret)
		return ret;
	w->da = w->pa;
	d->nr_windows++;
	return 0;
}

int amp_davinci_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct amp_rproc_config cfg = { };
	struct davinci_dsp *d;
	int ret;

	d = devm_kzalloc(dev, sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->dev = dev;
	d->glue = device_get_match_data(dev);
	if (!d->glue && platform_get_device_id(pdev))
		d->glue = (const void *)platform_get_device_id(pdev)->driver_data;
	if (!d->glue)
		return -ENODEV;
	platform_set_drvdata(pdev, d);

	cfg.name = "da850-dsp";
	device_property_read_string(dev, "amp,name", &cfg.name);
	cfg.firmware = "rproc-dsp-fw";
	device_property_read_string(dev, "firmware-name", &cfg.firmware);

	d->host1cfg = amp_be_regmap(pdev, "host1cfg", false);
	if (IS_ERR(d->host1cfg))
		return PTR_ERR(d->host1cfg);
	d->chipsig = amp_be_regmap(pdev, "chipsig", false);
	if (IS_ERR(d->chipsig))
		return PTR_ERR(d->chipsig);

	ret = d->glue->clk_get(d);
	if (ret)
		return dev_err_probe(dev, ret, "clocks: no DSP clock\n");
	d->reset = devm_reset_control_get_exclusive(dev, NULL);
	if (IS_ERR(d->reset))
		return dev_err_probe(dev, PTR_ERR(d->reset),
				     "resets: no DSP local reset\n");

	ret = davinci_get_mems(d, pdev);
	if (ret)
		return ret;

	d->irq = platform_get_irq(pdev, 0);
	if (d->irq < 0)
		return dev_err_probe(dev, d->irq,
				     "interrupts: CHIPINT0 missing\n");

	/* Held in reset until the core starts it (the boot loader may not). */
	ret = reset_control_assert(d->reset);
	if (ret) {
		dev_err(dev, "resets: assert failed: %d\n", ret);
		return ret;
	}

	cfg.ops = &davinci_ops;
	cfg.machines = davinci_machines;
	cfg.nr_machines = ARRAY_SIZE(davinci_machines);
	cfg.target = "ti,da850-dsp";
	cfg.windows = d->windows;
	cfg.nr_windows = d->nr_windows;
	cfg.fwnode = dev_fwnode(dev);
	cfg.priv_size = sizeof(d);
	d->rproc = amp_rproc_alloc(dev, &cfg);
	if (IS_ERR_OR_NULL(d->rproc)) {
		ret = d->rproc ? PTR_ERR(d->rproc) : -ENOMEM;
		dev_err(dev, "cannot allocate the processor: %d\n", ret);
		return ret;
	}
	*(struct davinci_dsp **)amp_rproc_priv(d->rproc) = d;

	/* Requested before registering: a vring interrupt may follow a start. */
	ret = request_threaded_irq(d->irq, davinci_isr, davinci_thread,
				   IRQF_SHARED, dev_name(dev), d);
	if (ret) {
		dev_err(dev, "interrupts: cannot request CHIPINT0 (%d): %d\n",
			d->irq, ret);
		goto free_rproc;
	}

	ret = amp_rproc_register(d->rproc);
	if (ret) {
		dev_err(dev, "cannot register the processor: %d\n", ret);
		goto free_irq;
	}
	return 0;

free_irq:
	free_irq(d->irq, d);
free_rproc:
	amp_rproc_free(d->rproc);
	return ret;
}

void amp_davinci_remove(struct platform_device *pdev)
{
	struct davinci_dsp *d = platform_get_drvdata(pdev);

	amp_rproc_unregister(d->rproc);
	free_irq(d->irq, d);
	amp_rproc_free(d->rproc);
}
