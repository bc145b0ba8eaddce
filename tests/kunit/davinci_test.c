// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite amp_davinci: the DA850 DSP backend's body, built into this
 * module, against register-level fakes: HOST1CFG and CHIPSIG/CHIPSIG_CLR as
 * regmaps over plain memory (provided by the parent device, as an MFD parent
 * would), a reset controller for the PSC local reset, a clock fake,
 * interrupt lines and plain memory for the internal RAMs and the carveout.
 *
 * Expected sequences and their source, OMAP-L138 TRM (SPRUH77):
 * - boot: the DSP boot address is written to HOST1CFG (SYSCFG0 + 0x44,
 *   bits 31..10, 1 KiB aligned) before the DSP leaves local reset; its
 *   module clock (PSC) must run before the local reset is released;
 * - kick: writing CHIPSIG2 (bit 2) to CHIPSIG (SYSCFG0 + 0x174) raises the
 *   DSP's interrupt;
 * - interrupt: the DSP sets CHIPSIG0, the ARM sees SYSCFG_CHIPINT0; the
 *   level is cleared by writing CHIPSIG0 to CHIPSIG_CLR (SYSCFG0 + 0x178).
 */
#define amp_rproc_report_crash be_report_crash
#define amp_rproc_vq_interrupt be_vq_interrupt
#include "../../backends/davinci/davinci_rproc.c"
#undef amp_rproc_report_crash
#undef amp_rproc_vq_interrupt

#include "be_fakes.h"
#include "be_suites.h"

#define DSP_NAME	"amp-kunit-da850-dsp"
#define DSP_RESET	3
#define CHIPINT0	0
#define BOOT		0x11800000	/* L2 RAM, global address */

struct davinci_ctx {
	struct be_irqc *irqc;
	struct be_rstc *rstc;
	struct be_hw *syscfg;
	struct be_regs *host1cfg;
	struct be_regs *chipsig;
	struct be_mem mem[AMP_DAVINCI_NR_MEMS];
	struct be_mem pool;
	int missing_mem;
	bool huge_mem;
	bool no_pool;
	int clk_get_err;
	int clk_enable_err;
	bool clk_on;
	const char *name;
	struct software_node node;
	struct platform_device *pdev;
	struct davinci_dsp *d;
};

static struct davinci_ctx *dctx;

/* --- fakes behind struct amp_davinci_glue --- */

static int davinci_fake_map_mem(struct platform_device *pdev, const char *name,
				struct amp_rproc_window *w)
{
	unsigned int i;

	for (i = 0; i < AMP_DAVINCI_NR_MEMS; i++) {
		if (strcmp(name, davinci_mem_names[i]))
			continue;
		if (dctx->missing_mem == i)
			return -ENOENT;
		w->pa = dctx->mem[i].pa;
		w->size = dctx->huge_mem ? SZ_32M : dctx->mem[i].size;
		w->va = dctx->mem[i].va;
		return 0;
	}
	return -ENOENT;
}

static int davinci_fake_carveout(struct platform_device *pdev,
				 struct amp_rproc_window *w)
{
	if (dctx->no_pool)
		return -ENOENT;
	w->pa = dctx->pool.pa;
	w->size = dctx->pool.size;
	w->va = dctx->pool.va;
	return 0;
}

static const struct amp_be_mem_ops davinci_fake_mem = {
	.map_mem = davinci_fake_map_mem,
	.carveout = davinci_fake_carveout,
};

static int davinci_fake_clk_get(struct davinci_dsp *d)
{
	return dctx->clk_get_err;
}

static int davinci_fake_clk_enable(struct davinci_dsp *d)
{
	be_log("clk on");
	if (dctx->clk_enable_err)
		return dctx->clk_enable_err;
	dctx->clk_on = true;
	return 0;
}

static void davinci_fake_clk_disable(struct davinci_dsp *d)
{
	be_log("clk off");
	dctx->clk_on = false;
}

static const struct amp_davinci_glue davinci_fake_glue = {
	.mem = &davinci_fake_mem,
	.clk_get = davinci_fake_clk_get,
	.clk_enable = davinci_fake_clk_enable,
	.clk_disable = davinci_fake_clk_disable,
};

static const struct platform_device_id davinci_test_id = {
	DSP_NAME, (kernel_ulong_t)&davinci_fake_glue,
};

/* --- devices --- */

static int davinci_probe_dev(struct kunit *test,
			     const struct property_entry *props, bool irq)
{
	struct resource res[1];
	int ret;

	if (irq)
		res[0] = be_irq_res(dctx->irqc, CHIPINT0, NULL);
	dctx->node.name = dctx->name;
	dctx->node.properties = props;
	dctx->pdev = be_pdev_create(test, dctx->name, &dctx->syscfg->pdev->dev,
				    &dctx->node, res, irq ? 1 : 0);
	dctx->pdev->id_entry = &davinci_test_id;
	ret = amp_davinci_probe(dctx->pdev);
	if (!ret)
		dctx->d = platform_get_drvdata(dctx->pdev);
	return ret;
}

static struct davinci_dsp *davinci_dsp(struct kunit *test)
{
	static const struct property_entry props[] = { { } };

	KUNIT_ASSERT_EQ(test, davinci_probe_dev(test, props, true), 0);
	be_log_reset();
	return dctx->d;
}

static int davinci_test_init(struct kunit *test)
{
	static const char * const blocks[] = { "host1cfg", "chipsig", NULL };
	static const size_t sizes[] = { SZ_64K, SZ_32K, SZ_32K };
	unsigned int i;

	dctx = kunit_kzalloc(test, sizeof(*dctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dctx);
	for (i = 0; i < AMP_DAVINCI_NR_MEMS; i++)
		KUNIT_ASSERT_EQ(test, be_mem_alloc(test, &dctx->mem[i],
						   sizes[i]), 0);
	KUNIT_ASSERT_EQ(test, be_mem_alloc(test, &dctx->pool, SZ_64K), 0);
	dctx->missing_mem = -1;
	dctx->name = DSP_NAME;
	dctx->irqc = be_irqc_create(test);
	dctx->rstc = be_rstc_create(test);
	dctx->syscfg = be_hw_create(test, "syscfg", NULL, blocks);
	dctx->host1cfg = be_hw_regs(dctx->syscfg, "host1cfg");
	dctx->chipsig = be_hw_regs(dctx->syscfg, "chipsig");
	be_rstc_lookup(DSP_NAME, NULL, DSP_RESET);
	be_log_reset();
	return 0;
}

static void davinci_test_exit(struct kunit *test)
{
	if (dctx->d)
		amp_davinci_remove(dctx->pdev);
	if (dctx->pdev) {
		platform_device_unregister(dctx->pdev);
		software_node_unregister(&dctx->node);
	}
	be_hw_destroy(dctx->syscfg);
	be_rstc_destroy(dctx->rstc);
	be_irqc_destroy(dctx->irqc);
	dctx = NULL;
}

/* --- probe --- */

static void davinci_probe_ok(struct kunit *test)
{
	static const struct property_entry props[] = { { } };
	struct davinci_dsp *d;

	KUNIT_ASSERT_EQ(test, davinci_probe_dev(test, props, true), 0);
	d = dctx->d;
	/* the DSP is held in local reset until the core starts it */
	BE_EXPECT_LOG(test, "reset 3 assert");
	KUNIT_EXPECT_STREQ(test, amp_rproc_name(d->rproc), "da850-dsp");
	KUNIT_EXPECT_EQ(test, amp_rproc_state(d->rproc), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_EQ(test, d->irq, (int)dctx->irqc->virq[CHIPINT0]);
}

static void davinci_probe_windows(struct kunit *test)
{
	struct davinci_dsp *d = davinci_dsp(test);
	unsigned int i;

	KUNIT_ASSERT_EQ(test, d->nr_windows, 7U);
	for (i = 0; i < AMP_DAVINCI_NR_MEMS; i++) {
		struct amp_rproc_window *global = &d->windows[2 * i];
		struct amp_rproc_window *local = &d->windows[2 * i + 1];

		KUNIT_EXPECT_STREQ(test, global->name, davinci_mem_names[i]);
		KUNIT_EXPECT_EQ(test, global->da, (u64)dctx->mem[i].pa);
		/* the same RAM at its local address (modulo 16 MiB) */
		KUNIT_EXPECT_EQ(test, local->da,
				(u64)(dctx->mem[i].pa & (SZ_16M - 1)));
		KUNIT_EXPECT_EQ(test, local->pa, dctx->mem[i].pa);
		KUNIT_EXPECT_PTR_EQ(test, local->va, dctx->mem[i].va);
		KUNIT_EXPECT_EQ(test, local->size, (u64)dctx->mem[i].size);
		KUNIT_EXPECT_EQ(test, local->flags, (u32)AMP_RPROC_WIN_LOAD);
	}
	KUNIT_EXPECT_STREQ(test, d->windows[6].name, "carveout");
	KUNIT_EXPECT_EQ(test, d->windows[6].da, (u64)dctx->pool.pa);
	KUNIT_EXPECT_EQ(test, d->windows[6].flags,
			(u32)(AMP_RPROC_WIN_CARVEOUT | AMP_RPROC_WIN_LOAD));
}

static void davinci_probe_no_pool(struct kunit *test)
{
	dctx->no_pool = true;
	KUNIT_EXPECT_EQ(test, davinci_dsp(test)->nr_windows, 6U);
}

static void davinci_probe_names(struct kunit *test)
{
	static const struct property_entry props[] = {
		PROPERTY_ENTRY_STRING("amp,name", "lcdk-dsp"),
		PROPERTY_ENTRY_STRING("firmware-name", "lcdk-dsp.xe674"),
		{ }
	};

	KUNIT_ASSERT_EQ(test, davinci_probe_dev(test, props, true), 0);
	KUNIT_EXPECT_STREQ(test, amp_rproc_name(dctx->d->rproc), "lcdk-dsp");
}

/* Replace the parent's register blocks by @blocks. */
static void davinci_syscfg(struct kunit *test, const char * const *blocks)
{
	be_hw_destroy(dctx->syscfg);
	dctx->syscfg = be_hw_create(test, "syscfg", NULL, blocks);
	dctx->host1cfg = be_hw_regs(dctx->syscfg, "host1cfg");
	dctx->chipsig = be_hw_regs(dctx->syscfg, "chipsig");
}

static void davinci_probe_missing_host1cfg(struct kunit *test)
{
	static const char * const blocks[] = { "chipsig", NULL };
	static const struct property_entry props[] = { { } };

	davinci_syscfg(test, blocks);
	KUNIT_EXPECT_EQ(test, davinci_probe_dev(test, props, true), -ENODEV);
	BE_EXPECT_EMPTY_LOG(test);
}

static void davinci_probe_missing_chipsig(struct kunit *test)
{
	static const char * const blocks[] = { "host1cfg", NULL };
	static const struct property_entry props[] = { { } };

	davinci_syscfg(test, blocks);
	KUNIT_EXPECT_EQ(test, davinci_probe_dev(test, props, true), -ENODEV);
	BE_EXPECT_EMPTY_LOG(test);
}

static void davinci_probe_missing_l1pram(struct kunit *test)
{
	static const struct property_entry props[] = { { } };

	dctx->missing_mem = 1;
	KUNIT_EXPECT_EQ(test, davinci_probe_dev(test, props, true), -EINVAL);
	BE_EXPECT_EMPTY_LOG(test);
}

static void davinci_probe_not_internal_ram(struct kunit *test)
{
	static const struct property_entry props[] = { { } };

	dctx->huge_mem = true;
	KUNIT_EXPECT_EQ(test, davinci_probe_dev(test, props, true), -EINVAL);
}

static void davinci_probe_missing_irq(struct kunit *test)
{
	static const struct property_entry props[] = { { } };

	KUNIT_EXPECT_EQ(test, davinci_probe_dev(test, props, false), -ENXIO);
	BE_EXPECT_EMPTY_LOG(test);
}

static void davinci_probe_missing_clock(struct kunit *test)
{
	static const struct property_entry props[] = { { } };

	dctx->clk_get_err = -ENOENT;
	KUNIT_EXPECT_EQ(test, davinci_probe_dev(test, props, true), -ENOENT);
}

static void davinci_probe_missing_reset(struct kunit *test)
{
	static const struct property_entry props[] = { { } };

	/* no reset line is described for this device */
	dctx->name = "amp-kunit-da850-norst";
	KUNIT_EXPECT_EQ(test, davinci_probe_dev(test, props, true), -ENOENT);
	BE_EXPECT_EMPTY_LOG(test);
}

static void davinci_probe_reset_fails(struct kunit *test)
{
	static const struct property_entry props[] = { { } };

	dctx->rstc->fail_assert = BIT(DSP_RESET);
	KUNIT_EXPECT_EQ(test, davinci_probe_dev(test, props, true), -EIO);
	BE_EXPECT_LOG(test, "reset 3 assert");
}

/* --- start and stop --- */

static void davinci_start_sequence(struct kunit *test)
{
	struct davinci_dsp *d = davinci_dsp(test);

	KUNIT_EXPECT_EQ(test, davinci_start(d->rproc, BOOT), 0);
	BE_EXPECT_LOG(test, "wr host1cfg 0x0=0x11800000", "clk on",
		      "reset 3 deassert");
	KUNIT_EXPECT_EQ(test, dctx->host1cfg->val[0], (u32)BOOT);
	KUNIT_EXPECT_TRUE(test, dctx->clk_on);
}

static void davinci_start_local_address(struct kunit *test)
{
	struct davinci_dsp *d = davinci_dsp(test);

	/* the local alias of L2 RAM is as good a boot address */
	KUNIT_EXPECT_EQ(test, davinci_start(d->rproc, 0x800000), 0);
	KUNIT_EXPECT_STREQ(test, be_log_at(0), "wr host1cfg 0x0=0x800000");
}

static void davinci_start_misaligned(struct kunit *test)
{
	struct davinci_dsp *d = davinci_dsp(test);

	KUNIT_EXPECT_EQ(test, davinci_start(d->rproc, BOOT + 0x200), -EINVAL);
	KUNIT_EXPECT_EQ(test, davinci_start(d->rproc, BOOT + 4), -EINVAL);
	BE_EXPECT_EMPTY_LOG(test);
	KUNIT_EXPECT_EQ(test, dctx->host1cfg->val[0], 0U);
}

static void davinci_start_above_4g(struct kunit *test)
{
	struct davinci_dsp *d = davinci_dsp(test);

	KUNIT_EXPECT_EQ(test, davinci_start(d->rproc, 0x100000000ULL),
			-EINVAL);
	BE_EXPECT_EMPTY_LOG(test);
}

static void davinci_start_host1cfg_fails(struct kunit *test)
{
	struct davinci_dsp *d = davinci_dsp(test);

	dctx->host1cfg->fail_write = true;
	KUNIT_EXPECT_EQ(test, davinci_start(d->rproc, BOOT), -EIO);
	BE_EXPECT_LOG(test, "wr host1cfg 0x0=0x11800000");
}

static void davinci_start_clock_fails(struct kunit *test)
{
	struct davinci_dsp *d = davinci_dsp(test);

	dctx->clk_enable_err = -EIO;
	KUNIT_EXPECT_EQ(test, davinci_start(d->rproc, BOOT), -EIO);
	/* never out of reset without its clock */
	BE_EXPECT_LOG(test, "wr host1cfg 0x0=0x11800000", "clk on");
}

static void davinci_start_reset_fails(struct kunit *test)
{
	struct davinci_dsp *d = davinci_dsp(test);

	dctx->rstc->fail_deassert = BIT(DSP_RESET);
	KUNIT_EXPECT_EQ(test, davinci_start(d->rproc, BOOT), -EIO);
	BE_EXPECT_LOG(test, "wr host1cfg 0x0=0x11800000", "clk on",
		      "reset 3 deassert", "clk off");
	KUNIT_EXPECT_FALSE(test, dctx->clk_on);
}

static void davinci_stop_sequence(struct kunit *test)
{
	struct davinci_dsp *d = davinci_dsp(test);

	KUNIT_ASSERT_EQ(test, davinci_start(d->rproc, BOOT), 0);
	be_log_reset();
	KUNIT_EXPECT_EQ(test, davinci_stop(d->rproc), 0);
	BE_EXPECT_LOG(test, "reset 3 assert", "clk off");
}

static void davinci_stop_reset_fails(struct kunit *test)
{
	struct davinci_dsp *d = davinci_dsp(test);

	KUNIT_ASSERT_EQ(test, davinci_start(d->rproc, BOOT), 0);
	be_log_reset();
	dctx->rstc->fail_assert = BIT(DSP_RESET);
	KUNIT_EXPECT_EQ(test, davinci_stop(d->rproc), -EIO);
	/* still running: its clock stays on */
	BE_EXPECT_LOG(test, "reset 3 assert");
	KUNIT_EXPECT_TRUE(test, dctx->clk_on);
}

/* --- kick and interrupt --- */

static void davinci_kick_chipsig2(struct kunit *test)
{
	struct davinci_dsp *d = davinci_dsp(test);

	davinci_kick(d->rproc, 0);
	davinci_kick(d->rproc, 1);
	BE_EXPECT_LOG(test, "wr chipsig 0x0=0x4", "wr chipsig 0x0=0x4");
}

static void davinci_kick_write_fails(struct kunit *test)
{
	struct davinci_dsp *d = davinci_dsp(test);

	dctx->chipsig->fail_write = true;
	davinci_kick(d->rproc, 1);
	BE_EXPECT_LOG(test, "wr chipsig 0x0=0x4");
}

static void davinci_irq_dispatches_both_vrings(struct kunit *test)
{
	struct davinci_dsp *d = davinci_dsp(test);

	KUNIT_ASSERT_EQ(test, davinci_start(d->rproc, BOOT), 0);
	be_log_reset();
	dctx->chipsig->val[0] = AMP_DAVINCI_CHIPSIG0;
	be_irq_fire(dctx->irqc, CHIPINT0);
	/* read, clear the level, then the thread polls both vrings */
	BE_EXPECT_LOG(test, "rd chipsig 0x0=0x1", "wr chipsig 0x4=0x1",
		      "vq 0", "vq 1");
}

static void davinci_irq_not_ours(struct kunit *test)
{
	davinci_dsp(test);
	/* only the ARM->DSP signal is up: the line is shared, not ours */
	dctx->chipsig->val[0] = AMP_DAVINCI_CHIPSIG2;
	be_irq_fire(dctx->irqc, CHIPINT0);
	BE_EXPECT_LOG(test, "rd chipsig 0x0=0x4");
}

static void davinci_irq_with_other_bits(struct kunit *test)
{
	davinci_dsp(test);
	dctx->chipsig->val[0] = AMP_DAVINCI_CHIPSIG0 | AMP_DAVINCI_CHIPSIG2;
	be_irq_fire(dctx->irqc, CHIPINT0);
	/* only CHIPSIG0 is cleared; the DSP's own signal is left alone */
	BE_EXPECT_LOG(test, "rd chipsig 0x0=0x5", "wr chipsig 0x4=0x1",
		      "vq 0", "vq 1");
}

static void davinci_recovery(struct kunit *test)
{
	struct davinci_dsp *d = davinci_dsp(test);

	KUNIT_ASSERT_EQ(test, davinci_start(d->rproc, BOOT), 0);
	KUNIT_ASSERT_EQ(test, davinci_stop(d->rproc), 0);
	KUNIT_ASSERT_EQ(test, davinci_start(d->rproc, BOOT + 0x400), 0);
	BE_EXPECT_LOG(test, "wr host1cfg 0x0=0x11800000", "clk on",
		      "reset 3 deassert", "reset 3 assert", "clk off",
		      "wr host1cfg 0x0=0x11800400", "clk on", "reset 3 deassert");
	KUNIT_EXPECT_EQ(test, davinci_stop(d->rproc), 0);
}

static struct kunit_case davinci_cases[] = {
	KUNIT_CASE(davinci_probe_ok),
	KUNIT_CASE(davinci_probe_windows),
	KUNIT_CASE(davinci_probe_no_pool),
	KUNIT_CASE(davinci_probe_names),
	KUNIT_CASE(davinci_probe_missing_host1cfg),
	KUNIT_CASE(davinci_probe_missing_chipsig),
	KUNIT_CASE(davinci_probe_missing_l1pram),
	KUNIT_CASE(davinci_probe_not_internal_ram),
	KUNIT_CASE(davinci_probe_missing_irq),
	KUNIT_CASE(davinci_probe_missing_clock),
	KUNIT_CASE(davinci_probe_missing_reset),
	KUNIT_CASE(davinci_probe_reset_fails),
	KUNIT_CASE(davinci_start_sequence),
	KUNIT_CASE(davinci_start_local_address),
	KUNIT_CASE(davinci_start_misaligned),
	KUNIT_CASE(davinci_start_above_4g),
	KUNIT_CASE(davinci_start_host1cfg_fails),
	KUNIT_CASE(davinci_start_clock_fails),
	KUNIT_CASE(davinci_start_reset_fails),
	KUNIT_CASE(davinci_stop_sequence),
	KUNIT_CASE(davinci_stop_reset_fails),
	KUNIT_CASE(davinci_kick_chipsig2),
	KUNIT_CASE(davinci_kick_write_fails),
	KUNIT_CASE(davinci_irq_dispatches_both_vrings),
	KUNIT_CASE(davinci_irq_not_ours),
	KUNIT_CASE(davinci_irq_with_other_bits),
	KUNIT_CASE(davinci_recovery),
	{ }
};

struct kunit_suite amp_davinci_suite = {
	.name = "amp_davinci",
	.suite_init = be_suite_init,
	.suite_exit = be_suite_exit,
	.init = davinci_test_init,
	.exit = davinci_test_exit,
	.test_cases = davinci_cases,
};
