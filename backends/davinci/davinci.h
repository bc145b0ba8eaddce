/* SPDX-License-Identifier: GPL-2.0 */
/*
 * amp_rproc_davinci: TI DA850 / OMAP-L138 C674x DSP backend. Private
 * interface between the driver body (davinci_rproc.c), its module glue
 * (davinci_main.c) and the KUnit suite, which builds the body into the test
 * module with fakes behind struct amp_davinci_glue.
 */
#ifndef AMPIPC_BACKENDS_DAVINCI_H
#define AMPIPC_BACKENDS_DAVINCI_H

#include <linux/bits.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>

#include "../common/amp_be.h"

/*
 * OMAP-L138 TRM (SPRUH77), System Configuration (SYSCFG) Module:
 * HOST1CFG (SYSCFG0 + 0x44) holds the DSP boot address, whose low 10 bits
 * must be zero; CHIPSIG (SYSCFG0 + 0x174) raises the inter-processor
 * interrupts, CHIPSIG_CLR (+ 0x178) clears them. CHIPSIG0 and CHIPSIG1
 * interrupt the ARM (SYSCFG_CHIPINT0/1), CHIPSIG2 and CHIPSIG3 the DSP,
 * CHIPSIG4 is the DSP's NMI.
 */
#define AMP_DAVINCI_HOST1CFG		0x0	/* in the "host1cfg" block */
#define AMP_DAVINCI_CHIPSIG		0x0	/* in the "chipsig" block */
#define AMP_DAVINCI_CHIPSIG_CLR		0x4
#define AMP_DAVINCI_CHIPSIG0		BIT(0)	/* DSP -> ARM: vring work */
#define AMP_DAVINCI_CHIPSIG1		BIT(1)
#define AMP_DAVINCI_CHIPSIG2		BIT(2)	/* ARM -> DSP: kick */
#define AMP_DAVINCI_CHIPSIG3		BIT(3)
#define AMP_DAVINCI_CHIPSIG4		BIT(4)
#define AMP_DAVINCI_BOOT_ALIGN		SZ_1K
/* The DSP sees its internal RAMs also at their address modulo 16 MiB. */
#define AMP_DAVINCI_LOCAL_MASK		(SZ_16M - 1)
#define AMP_DAVINCI_NR_VRINGS		2

struct davinci_dsp;

/**
 * struct amp_davinci_glue - hardware behind narrow interfaces
 * @mem: memory mapping (internal RAMs, carveout)
 * @clk_get: look up the DSP's module clock (PSC), store it in @d
 * @clk_enable: enable it
 * @clk_disable: disable it
 */
struct amp_davinci_glue {
	const struct amp_be_mem_ops *mem;
	int (*clk_get)(struct davinci_dsp *d);
	int (*clk_enable)(struct davinci_dsp *d);
	void (*clk_disable)(struct davinci_dsp *d);
};

/* Internal RAMs: 3 memories, each at its local and its global address. */
#define AMP_DAVINCI_NR_MEMS		3
#define AMP_DAVINCI_MAX_WINDOWS		(2 * AMP_DAVINCI_NR_MEMS + 1)

/**
 * struct davinci_dsp - per-device state
 * @dev: the platform device's device
 * @rproc: the processor registered with the core
 * @glue: hardware interfaces
 * @host1cfg: the boot address register block
 * @chipsig: CHIPSIG and CHIPSIG_CLR
 * @reset: the DSP's local reset (PSC)
 * @clk: the DSP's module clock, owned by @glue
 * @irq: SYSCFG_CHIPINT0
 * @windows: memories handed to the core
 * @nr_windows: entries in @windows
 */
struct davinci_dsp {
	struct device *dev;
	struct amp_rproc *rproc;
	const struct amp_davinci_glue *glue;
	struct regmap *host1cfg;
	struct regmap *chipsig;
	struct reset_control *reset;
	void *clk;
	int irq;
	struct amp_rproc_window windows[AMP_DAVINCI_MAX_WINDOWS];
	unsigned int nr_windows;
};

int amp_davinci_probe(struct platform_device *pdev);
void amp_davinci_remove(struct platform_device *pdev);

#endif /* AMPIPC_BACKENDS_DAVINCI_H */
