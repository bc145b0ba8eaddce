// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite amp_omap4: the OMAP4 backend's body, built into this module,
 * against register-level fakes: a reset controller, a mailbox controller, a
 * system control module regmap, an IOMMU domain, interrupt lines and plain
 * memory for the internal RAM and the carveout pool.
 *
 * Expected sequences and their sources:
 * - start/stop: TI's remoteproc protocol as mainline's omap_remoteproc
 *   implements it (DSP boot address into the control module register, 1 KiB
 *   aligned, OMAP4430 TRM "DSP boot address"; ECHO_REQUEST before release;
 *   reset lines released in DT order, asserted in reverse);
 * - mailbox values: TI's rpmsg mailbox protocol (omap_remoteproc.h):
 *   READY 0xffffff00, PENDING 0xffffff01, CRASH 0xffffff02, ECHO_REQUEST
 *   0xffffff03, ECHO_REPLY 0xffffff04, SUSPEND_AUTO 0xffffff10,
 *   SUSPEND_SYSTEM 0xffffff11, SUSPEND_ACK 0xffffff12, SUSPEND_CANCEL
 *   0xffffff13; any smaller value is a vring index.
 */
#define amp_rproc_report_crash be_report_crash
#define amp_rproc_vq_interrupt be_vq_interrupt
#include "../../backends/omap4/omap4_rproc.c"
#undef amp_rproc_report_crash
#undef amp_rproc_vq_interrupt

#include "be_fakes.h"
#include "be_suites.h"
#include "omap4_test.h"

struct omap4_ctx *octx;

static const struct software_node omap4_scm_node = { .name = "amp-kunit-scm" };

/* --- device construction --- */

static const char * const omap4_ipu_resets[] = { "cpu0", "cpu1" };

static const struct property_entry omap4_ipu_props[] = {
	PROPERTY_ENTRY_STRING_ARRAY("reset-names", omap4_ipu_resets),
	{ }
};

static const struct property_entry omap4_dsp_props[] = {
	PROPERTY_ENTRY_REF("ti,bootreg", &omap4_scm_node, SCM_BOOTREG, 0),
	{ }
};

/* Create the device and run the backend's probe on it directly. */
static int omap4_probe_dev(struct kunit *test, bool dsp, const char *name,
			   const struct property_entry *props, bool wdt)
{
	struct resource res[2];
	unsigned int nr = 0;
	int ret;

	if (wdt) {
		res[nr++] = be_irq_res(octx->irqc, WDT0, "wdt0");
		res[nr++] = be_irq_res(octx->irqc, WDT1, "wdt1");
	}
	octx->node.name = name;
	octx->node.properties = props;
	octx->pdev = be_pdev_create(test, name, NULL, &octx->node, res, nr);
	octx->pdev->id_entry = &omap4_test_ids[dsp ? 1 : 0];
	ret = amp_omap4_probe(octx->pdev);
	if (!ret)
		octx->o = platform_get_drvdata(octx->pdev);
	return ret;
}

static struct omap4_rproc *omap4_ipu(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, omap4_probe_dev(test, false, IPU_NAME,
					      omap4_ipu_props, true), 0);
	be_log_reset();
	return octx->o;
}

static struct omap4_rproc *omap4_dsp(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, omap4_probe_dev(test, true, DSP_NAME,
					      omap4_dsp_props, true), 0);
	be_log_reset();
	return octx->o;
}

static int omap4_test_init(struct kunit *test)
{
	static const char * const scm_regs[] = { "@scm", NULL };

	octx = kunit_kzalloc(test, sizeof(*octx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, octx);
	KUNIT_ASSERT_EQ(test, be_mem_alloc(test, &octx->l2, SZ_64K), 0);
	KUNIT_ASSERT_EQ(test, be_mem_alloc(test, &octx->pool, SZ_64K), 0);
	octx->irqc = be_irqc_create(test);
	octx->rstc = be_rstc_create(test);
	octx->mbox = be_mbox_create(test);
	octx->iommu = be_iommu_create(test);
	octx->scm = be_hw_create(test, "scm", &omap4_scm_node, scm_regs);
	/* OMAP4430 CONTROL_DSP_BOOTADDR: low bits are reserved, kept as is */
	octx->scm->regs[0].val[SCM_BOOTREG / 4] = 0x3ff;
	be_rstc_lookup(IPU_NAME, "cpu0", 1);
	be_rstc_lookup(IPU_NAME, "cpu1", 2);
	be_rstc_lookup(DSP_NAME, NULL, 0);
	be_log_reset();
	return 0;
}

static void omap4_test_exit(struct kunit *test)
{
	if (octx->o && octx->o->running)
		omap4_stop(octx->o->rproc);
	if (octx->o)
		amp_omap4_remove(octx->pdev);
	if (octx->pdev) {
		platform_device_unregister(octx->pdev);
		software_node_unregister(&octx->node);
	}
	be_hw_destroy(octx->scm);
	be_mbox_destroy(octx->mbox);
	be_rstc_destroy(octx->rstc);
	be_irqc_destroy(octx->irqc);
	octx = NULL;
}

/* --- probe --- */

static void omap4_probe_ipu(struct kunit *test)
{
	struct omap4_rproc *o;

	KUNIT_ASSERT_EQ(test, omap4_probe_dev(test, false, IPU_NAME,
					      omap4_ipu_props, true), 0);
	o = octx->o;
	/* both lines held, in reverse order, until the core starts it */
	BE_EXPECT_LOG(test, "reset 2 assert", "reset 1 assert");
	KUNIT_EXPECT_EQ(test, o->nr_resets, 2U);
	KUNIT_EXPECT_EQ(test, o->nr_wdt, 2U);
	KUNIT_EXPECT_NULL(test, o->boot_regmap);
	KUNIT_EXPECT_STREQ(test, amp_rproc_name(o->rproc), "kunit-ipu");
	KUNIT_EXPECT_EQ(test, amp_rproc_state(o->rproc), AMP_RPROC_OFFLINE);
}

static void omap4_probe_windows(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	KUNIT_ASSERT_EQ(test, o->nr_windows, 2U);
	KUNIT_EXPECT_STREQ(test, o->windows[0].name, "l2ram");
	KUNIT_EXPECT_EQ(test, o->windows[0].da, 0x20000000ULL);
	KUNIT_EXPECT_EQ(test, o->windows[0].pa, octx->l2.pa);
	KUNIT_EXPECT_PTR_EQ(test, o->windows[0].va, octx->l2.va);
	KUNIT_EXPECT_EQ(test, o->windows[0].flags, (u32)AMP_RPROC_WIN_LOAD);
	KUNIT_EXPECT_EQ(test, o->windows[1].da, (u64)octx->pool.pa);
	KUNIT_EXPECT_EQ(test, o->windows[1].size, (u64)SZ_64K);
	KUNIT_EXPECT_EQ(test, o->windows[1].flags,
			(u32)(AMP_RPROC_WIN_CARVEOUT | AMP_RPROC_WIN_LOAD));
}

static void omap4_probe_no_pool(struct kunit *test)
{
	octx->no_pool = true;
	KUNIT_ASSERT_EQ(test, omap4_probe_dev(test, false, IPU_NAME,
					      omap4_ipu_props, false), 0);
	KUNIT_EXPECT_EQ(test, octx->o->nr_windows, 1U);
	KUNIT_EXPECT_EQ(test, octx->o->nr_wdt, 0U);
}

static void omap4_probe_dsp(struct kunit *test)
{
	struct omap4_rproc *o;

	KUNIT_ASSERT_EQ(test, omap4_probe_dev(test, true, DSP_NAME,
					      omap4_dsp_props, true), 0);
	o = octx->o;
	BE_EXPECT_LOG(test, "reset 0 assert");
	KUNIT_EXPECT_NOT_NULL(test, o->boot_regmap);
	KUNIT_EXPECT_EQ(test, o->boot_reg, (u32)SCM_BOOTREG);
	KUNIT_EXPECT_EQ(test, o->boot_shift, 0U);
	/* the DSP has no internal memory to load; only the pool */
	KUNIT_EXPECT_EQ(test, o->nr_windows, 1U);
}

static const struct property_entry omap4_names_props[] = {
	PROPERTY_ENTRY_REF("ti,bootreg", &omap4_scm_node, SCM_BOOTREG, 0),
	PROPERTY_ENTRY_STRING("amp,name", "tesla"),
	PROPERTY_ENTRY_STRING("firmware-name", "tesla.xe64T"),
	{ }
};

static void omap4_probe_names(struct kunit *test)
{

	KUNIT_ASSERT_EQ(test, omap4_probe_dev(test, true, DSP_NAME, omap4_names_props,
					      false), 0);
	KUNIT_EXPECT_STREQ(test, amp_rproc_name(octx->o->rproc), "tesla");
}

static void omap4_probe_missing_bootreg(struct kunit *test)
{
	static const struct property_entry props[] = { { } };

	KUNIT_EXPECT_EQ(test, omap4_probe_dev(test, true, DSP_NAME, props,
					      false), -ENOENT);
	KUNIT_EXPECT_EQ(test, be_log_count(), 0U);
}

static const struct property_entry omap4_misaligned_props[] = {
	PROPERTY_ENTRY_REF("ti,bootreg", &omap4_scm_node, 0x305, 0),
	{ }
};

static void omap4_probe_misaligned_bootreg(struct kunit *test)
{

	KUNIT_EXPECT_EQ(test, omap4_probe_dev(test, true, DSP_NAME, omap4_misaligned_props,
					      false), -EINVAL);
}

static const struct property_entry omap4_shift12_props[] = {
	PROPERTY_ENTRY_REF("ti,bootreg", &omap4_scm_node, SCM_BOOTREG, 12),
	{ }
};

static void omap4_probe_bad_shift(struct kunit *test)
{

	KUNIT_EXPECT_EQ(test, omap4_probe_dev(test, true, DSP_NAME, omap4_shift12_props,
					      false), -EINVAL);
}

static const char * const omap4_unknown_resets[] = { "cpu0", "mmu" };
static const char * const omap4_five_resets[] = { "a", "b", "c", "d", "e" };

static void omap4_probe_missing_reset(struct kunit *test)
{
	static const struct property_entry props[] = {
		PROPERTY_ENTRY_STRING_ARRAY("reset-names", omap4_unknown_resets),
		{ }
	};

	/* no lookup provides "mmu" */
	KUNIT_EXPECT_EQ(test, omap4_probe_dev(test, false, IPU_NAME, props,
					      false), -ENOENT);
	KUNIT_EXPECT_EQ(test, be_log_count(), 0U);
}

static void omap4_probe_too_many_resets(struct kunit *test)
{
	static const struct property_entry props[] = {
		PROPERTY_ENTRY_STRING_ARRAY("reset-names", omap4_five_resets),
		{ }
	};

	KUNIT_EXPECT_EQ(test, omap4_probe_dev(test, false, IPU_NAME, props,
					      false), -EINVAL);
}

static void omap4_probe_missing_l2ram(struct kunit *test)
{
	octx->no_l2 = true;
	KUNIT_EXPECT_EQ(test, omap4_probe_dev(test, false, IPU_NAME,
					      omap4_ipu_props, false), -EINVAL);
}

static void omap4_probe_reset_assert_fails(struct kunit *test)
{
	octx->rstc->fail_assert = BIT(1);
	KUNIT_EXPECT_EQ(test, omap4_probe_dev(test, false, IPU_NAME,
					      omap4_ipu_props, false), -EIO);
	/* line 2 was asserted, line 1 failed: line 2 is released again */
	BE_EXPECT_LOG(test, "reset 2 assert", "reset 1 assert",
		      "reset 2 deassert");
}

/* --- start --- */

static void omap4_start_ipu(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	KUNIT_ASSERT_EQ(test, omap4_start(o->rproc, 0), 0);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 1));
	/* channel, ping (answered once the remote runs), release cpu0, cpu1 */
	BE_EXPECT_LOG(test, "mbox startup", "mbox tx 0xffffff03",
		      "reset 1 deassert", "reset 2 deassert");
	KUNIT_EXPECT_EQ(test, o->wdt_armed, 3UL);
	KUNIT_EXPECT_TRUE(test, o->running);
}

static void omap4_start_dsp_bootreg(struct kunit *test)
{
	struct omap4_rproc *o = omap4_dsp(test);

	KUNIT_ASSERT_EQ(test, omap4_start(o->rproc, 0x9fc00000), 0);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 1));
	/* read-modify-write keeps the reserved low 10 bits */
	BE_EXPECT_LOG(test, "rd scm 0x304=0x3ff", "wr scm 0x304=0x9fc003ff",
		      "mbox startup", "mbox tx 0xffffff03",
		      "reset 0 deassert");
}

static const struct property_entry omap4_shift5_props[] = {
	PROPERTY_ENTRY_REF("ti,bootreg", &omap4_scm_node, SCM_BOOTREG, 5),
	{ }
};

static void omap4_start_dsp_bootreg_shift(struct kunit *test)
{

	octx->scm->regs[0].val[SCM_BOOTREG / 4] = 0xffffffff;
	KUNIT_ASSERT_EQ(test, omap4_probe_dev(test, true, DSP_NAME, omap4_shift5_props,
					      false), 0);
	be_log_reset();
	KUNIT_ASSERT_EQ(test, omap4_start(octx->o->rproc, 0x9fc00000), 0);
	/* field = address >> 5, mask = 0xfffffc00 >> 5 */
	KUNIT_EXPECT_STREQ(test, be_log_at(1), "wr scm 0x304=0xfcfe001f");
}

static void omap4_start_misaligned(struct kunit *test)
{
	struct omap4_rproc *o = omap4_dsp(test);

	KUNIT_EXPECT_EQ(test, omap4_start(o->rproc, 0x9fc00200), -EINVAL);
	BE_EXPECT_EMPTY_LOG(test);
	KUNIT_EXPECT_FALSE(test, o->running);
}

static void omap4_start_above_4g(struct kunit *test)
{
	struct omap4_rproc *o = omap4_dsp(test);

	KUNIT_EXPECT_EQ(test, omap4_start(o->rproc, 0x100000000ULL), -EINVAL);
	BE_EXPECT_EMPTY_LOG(test);
}

static void omap4_start_bootreg_write_fails(struct kunit *test)
{
	struct omap4_rproc *o = omap4_dsp(test);

	octx->scm->regs[0].fail_write = true;
	KUNIT_EXPECT_EQ(test, omap4_start(o->rproc, 0x9fc00000), -EIO);
	BE_EXPECT_LOG(test, "rd scm 0x304=0x3ff", "wr scm 0x304=0x9fc003ff");
}

static void omap4_start_no_mailbox(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	octx->mbox_err = -EPROBE_DEFER;
	KUNIT_EXPECT_EQ(test, omap4_start(o->rproc, 0), -EPROBE_DEFER);
	BE_EXPECT_EMPTY_LOG(test);
	KUNIT_EXPECT_EQ(test, o->wdt_armed, 0UL);
}

static void omap4_start_mailbox_startup_fails(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	octx->mbox->fail_startup = true;
	KUNIT_EXPECT_EQ(test, omap4_start(o->rproc, 0), -EIO);
	/*
	 * The mailbox core undoes a failed startup itself up to 7.x (a
	 * shutdown call) and not after: only the startup is ours to check.
	 */
	KUNIT_EXPECT_STREQ(test, be_log_at(0), "mbox startup");
	KUNIT_EXPECT_NULL(test, o->mbox);
}

static void omap4_start_reset_fails(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	octx->rstc->fail_deassert = BIT(2);
	KUNIT_EXPECT_EQ(test, omap4_start(o->rproc, 0), -EIO);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 1));
	/* cpu0 goes back into reset, watchdogs off, channel freed */
	BE_EXPECT_LOG(test, "mbox startup", "mbox tx 0xffffff03",
		      "reset 1 deassert", "reset 2 deassert", "reset 1 assert",
		      "mbox shutdown");
	KUNIT_EXPECT_EQ(test, o->wdt_armed, 0UL);
	KUNIT_EXPECT_NULL(test, o->mbox);
}

/* --- stop, kick, receive --- */

static void omap4_stop_sequence(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	KUNIT_ASSERT_EQ(test, omap4_start(o->rproc, 0), 0);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 1));
	be_log_reset();
	KUNIT_EXPECT_EQ(test, omap4_stop(o->rproc), 0);
	BE_EXPECT_LOG(test, "reset 2 assert", "reset 1 assert",
		      "mbox shutdown");
	KUNIT_EXPECT_EQ(test, o->wdt_armed, 0UL);
	KUNIT_EXPECT_FALSE(test, o->running);
}

static void omap4_stop_reset_fails(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	KUNIT_ASSERT_EQ(test, omap4_start(o->rproc, 0), 0);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 1));
	be_log_reset();
	octx->rstc->fail_assert = BIT(1);
	KUNIT_EXPECT_EQ(test, omap4_stop(o->rproc), -EIO);
	/* cpu1 was held, cpu0 refused: cpu1 runs again, nothing else changes */
	BE_EXPECT_LOG(test, "reset 2 assert", "reset 1 assert",
		      "reset 2 deassert");
	KUNIT_EXPECT_TRUE(test, o->running);
	KUNIT_EXPECT_NOT_NULL(test, o->mbox);
	octx->rstc->fail_assert = 0;
	KUNIT_EXPECT_EQ(test, omap4_stop(o->rproc), 0);
}

static void omap4_kick_vring(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	KUNIT_ASSERT_EQ(test, omap4_start(o->rproc, 0), 0);
	omap4_kick(o->rproc, 1);
	omap4_kick(o->rproc, 0);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 3));
	/* the message is the vring index */
	KUNIT_EXPECT_STREQ(test, be_log_at(4), "mbox tx 0x1");
	KUNIT_EXPECT_STREQ(test, be_log_at(5), "mbox tx 0x0");
	KUNIT_EXPECT_EQ(test, omap4_stop(o->rproc), 0);
}

static void omap4_kick_stopped(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	omap4_kick(o->rproc, 0);
	BE_EXPECT_EMPTY_LOG(test);
}

static void omap4_rx_vring(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	KUNIT_ASSERT_EQ(test, omap4_start(o->rproc, 0), 0);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 1));
	be_log_reset();
	be_mbox_rx(octx->mbox, 1);
	be_mbox_rx(octx->mbox, 0);
	BE_EXPECT_LOG(test, "vq 1", "vq 0");
	KUNIT_EXPECT_EQ(test, omap4_stop(o->rproc), 0);
}

static void omap4_rx_crash(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	KUNIT_ASSERT_EQ(test, omap4_start(o->rproc, 0), 0);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 1));
	be_log_reset();
	be_mbox_rx(octx->mbox, AMP_OMAP4_MBOX_CRASH);
	BE_EXPECT_LOG(test, "crash fatal");
	KUNIT_EXPECT_EQ(test, omap4_stop(o->rproc), 0);
}

static void omap4_rx_out_of_band(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	KUNIT_ASSERT_EQ(test, omap4_start(o->rproc, 0), 0);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 1));
	be_log_reset();
	be_mbox_rx(octx->mbox, AMP_OMAP4_MBOX_ECHO_REPLY);
	be_mbox_rx(octx->mbox, AMP_OMAP4_MBOX_READY);
	be_mbox_rx(octx->mbox, AMP_OMAP4_MBOX_PENDING_MSG);
	be_mbox_rx(octx->mbox, AMP_OMAP4_MBOX_END_MSG);
	be_mbox_rx(octx->mbox, 0xfffffffe);
	be_mbox_rx(octx->mbox, 0x80000000);	/* not a vring index either */
	/* none of them is a vring or a crash */
	BE_EXPECT_EMPTY_LOG(test);
	KUNIT_EXPECT_EQ(test, atomic_read(&o->echo_replies), 1);
	KUNIT_EXPECT_EQ(test, omap4_stop(o->rproc), 0);
}

/* --- watchdogs and recovery --- */

static void omap4_watchdog_crash(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	KUNIT_ASSERT_EQ(test, omap4_start(o->rproc, 0), 0);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 1));
	be_log_reset();
	be_irq_fire(octx->irqc, WDT1);
	/* disarmed once fired: a timer nobody reloads cannot flood */
	be_irq_fire(octx->irqc, WDT1);
	BE_EXPECT_LOG(test, "crash watchdog");
	KUNIT_EXPECT_EQ(test, o->wdt_armed, 1UL);
	KUNIT_EXPECT_EQ(test, omap4_stop(o->rproc), 0);
}

static void omap4_watchdog_idle_when_stopped(struct kunit *test)
{
	omap4_ipu(test);
	be_irq_fire(octx->irqc, WDT0);
	BE_EXPECT_EMPTY_LOG(test);
}

static void omap4_recovery(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	KUNIT_ASSERT_EQ(test, omap4_start(o->rproc, 0), 0);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 1));
	be_log_reset();
	be_irq_fire(octx->irqc, WDT0);
	/* what the core's recovery does: stop, then start the new image */
	KUNIT_ASSERT_EQ(test, omap4_stop(o->rproc), 0);
	KUNIT_ASSERT_EQ(test, omap4_start(o->rproc, 0), 0);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 2));
	BE_EXPECT_LOG(test, "crash watchdog",
		      "reset 2 assert", "reset 1 assert", "mbox shutdown",
		      "mbox startup", "mbox tx 0xffffff03",
		      "reset 1 deassert", "reset 2 deassert");
	/* both watchdogs armed again */
	KUNIT_EXPECT_EQ(test, o->wdt_armed, 3UL);
	KUNIT_EXPECT_EQ(test, omap4_stop(o->rproc), 0);
}

/* --- power management: TI's suspend handshake --- */

static void omap4_runtime_suspend_ack(struct kunit *test)
{
	struct omap4_rproc *o = omap4_dsp(test);
	struct device *dev = &octx->pdev->dev;

	KUNIT_ASSERT_EQ(test, omap4_start(o->rproc, 0x9fc00000), 0);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 1));
	be_log_reset();
	octx->mbox->reply_to = AMP_OMAP4_MBOX_SUSPEND_AUTO;
	octx->mbox->reply_with = AMP_OMAP4_MBOX_SUSPEND_ACK;
	KUNIT_EXPECT_EQ(test, omap4_runtime_suspend(dev), 0);
	KUNIT_EXPECT_TRUE(test, o->suspended);
	KUNIT_EXPECT_EQ(test, o->wdt_armed, 0UL);
	KUNIT_EXPECT_EQ(test, omap4_runtime_resume(dev), 0);
	/* resume restores the boot address the control module may lose */
	BE_EXPECT_LOG(test, "mbox tx 0xffffff10", "reset 0 assert",
		      "rd scm 0x304=0x9fc003ff", "reset 0 deassert");
	KUNIT_EXPECT_FALSE(test, o->suspended);
	KUNIT_EXPECT_EQ(test, o->wdt_armed, 3UL);
	KUNIT_EXPECT_EQ(test, omap4_stop(o->rproc), 0);
}

static void omap4_system_suspend_msg(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);
	struct device *dev = &octx->pdev->dev;

	KUNIT_ASSERT_EQ(test, omap4_start(o->rproc, 0), 0);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 1));
	be_log_reset();
	octx->mbox->reply_to = AMP_OMAP4_MBOX_SUSPEND_SYSTEM;
	octx->mbox->reply_with = AMP_OMAP4_MBOX_SUSPEND_ACK;
	KUNIT_EXPECT_EQ(test, omap4_system_suspend(dev), 0);
	KUNIT_EXPECT_EQ(test, omap4_system_resume(dev), 0);
	BE_EXPECT_LOG(test, "mbox tx 0xffffff11", "reset 2 assert",
		      "reset 1 assert", "reset 1 deassert", "reset 2 deassert");
	KUNIT_EXPECT_EQ(test, omap4_stop(o->rproc), 0);
}

static void omap4_suspend_cancelled(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	KUNIT_ASSERT_EQ(test, omap4_start(o->rproc, 0), 0);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 1));
	be_log_reset();
	octx->mbox->reply_to = AMP_OMAP4_MBOX_SUSPEND_AUTO;
	octx->mbox->reply_with = AMP_OMAP4_MBOX_SUSPEND_CANCEL;
	KUNIT_EXPECT_EQ(test, omap4_runtime_suspend(&octx->pdev->dev), -EBUSY);
	/* the remote keeps running: no reset line moves */
	BE_EXPECT_LOG(test, "mbox tx 0xffffff10");
	KUNIT_EXPECT_FALSE(test, o->suspended);
	KUNIT_EXPECT_EQ(test, omap4_stop(o->rproc), 0);
}

static void omap4_suspend_mailbox_timeout(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	KUNIT_ASSERT_EQ(test, omap4_start(o->rproc, 0), 0);
	KUNIT_ASSERT_TRUE(test, be_mbox_wait_sent(octx->mbox, 1));
	be_log_reset();
	/* no answer at all */
	KUNIT_EXPECT_EQ(test, omap4_runtime_suspend(&octx->pdev->dev),
			-ETIMEDOUT);
	BE_EXPECT_LOG(test, "mbox tx 0xffffff10");
	KUNIT_EXPECT_FALSE(test, o->suspended);
	KUNIT_EXPECT_EQ(test, omap4_stop(o->rproc), 0);
}

static void omap4_suspend_when_stopped(struct kunit *test)
{
	omap4_ipu(test);
	KUNIT_EXPECT_EQ(test, omap4_runtime_suspend(&octx->pdev->dev), 0);
	KUNIT_EXPECT_EQ(test, omap4_runtime_resume(&octx->pdev->dev), 0);
	BE_EXPECT_EMPTY_LOG(test);
}

/* --- IOMMU --- */

static void omap4_iommu_map_carveout(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);
	phys_addr_t pa = octx->pool.pa;

	KUNIT_EXPECT_EQ(test, omap4_iommu_map(o->rproc, 0x60000000, pa, 0x2000,
					      IOMMU_READ | IOMMU_WRITE), 0);
	KUNIT_EXPECT_EQ(test, octx->iommu->mapped, (size_t)0x2000);
	omap4_iommu_unmap(o->rproc, 0x60000000, 0x2000);
	KUNIT_EXPECT_EQ(test, octx->iommu->mapped, (size_t)0);
	BE_EXPECT_LOG(test, "iommu map 0x60000000 -> +0x2000 prot 0x3",
		      "iommu unmap 0x60000000 +0x2000");
}

static void omap4_iommu_map_fails(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	octx->iommu->fail_map = true;
	KUNIT_EXPECT_EQ(test, omap4_iommu_map(o->rproc, 0x60000000,
					      octx->pool.pa, 0x1000,
					      IOMMU_READ), -ENOMEM);
}

static void omap4_iommu_map_beyond_32bit(struct kunit *test)
{
	struct omap4_rproc *o = omap4_ipu(test);

	KUNIT_EXPECT_EQ(test, omap4_iommu_map(o->rproc, 0xfffff000,
					      octx->pool.pa, 0x2000,
					      IOMMU_READ), -EINVAL);
	KUNIT_EXPECT_EQ(test, omap4_iommu_map(o->rproc, 0x100000000ULL,
					      octx->pool.pa, 0x1000,
					      IOMMU_READ), -EINVAL);
	BE_EXPECT_EMPTY_LOG(test);
}

static void omap4_iommu_absent(struct kunit *test)
{
	struct omap4_rproc *o;

	octx->no_iommu = true;
	o = omap4_ipu(test);
	KUNIT_EXPECT_EQ(test, omap4_iommu_map(o->rproc, 0x60000000,
					      octx->pool.pa, 0x1000,
					      IOMMU_READ), -ENODEV);
}

static struct kunit_case omap4_cases[] = {
	KUNIT_CASE(omap4_probe_ipu),
	KUNIT_CASE(omap4_probe_windows),
	KUNIT_CASE(omap4_probe_no_pool),
	KUNIT_CASE(omap4_probe_dsp),
	KUNIT_CASE(omap4_probe_names),
	KUNIT_CASE(omap4_probe_missing_bootreg),
	KUNIT_CASE(omap4_probe_misaligned_bootreg),
	KUNIT_CASE(omap4_probe_bad_shift),
	KUNIT_CASE(omap4_probe_missing_reset),
	KUNIT_CASE(omap4_probe_too_many_resets),
	KUNIT_CASE(omap4_probe_missing_l2ram),
	KUNIT_CASE(omap4_probe_reset_assert_fails),
	KUNIT_CASE(omap4_start_ipu),
	KUNIT_CASE(omap4_start_dsp_bootreg),
	KUNIT_CASE(omap4_start_dsp_bootreg_shift),
	KUNIT_CASE(omap4_start_misaligned),
	KUNIT_CASE(omap4_start_above_4g),
	KUNIT_CASE(omap4_start_bootreg_write_fails),
	KUNIT_CASE(omap4_start_no_mailbox),
	KUNIT_CASE(omap4_start_mailbox_startup_fails),
	KUNIT_CASE(omap4_start_reset_fails),
	KUNIT_CASE(omap4_stop_sequence),
	KUNIT_CASE(omap4_stop_reset_fails),
	KUNIT_CASE(omap4_kick_vring),
	KUNIT_CASE(omap4_kick_stopped),
	KUNIT_CASE(omap4_rx_vring),
	KUNIT_CASE(omap4_rx_crash),
	KUNIT_CASE(omap4_rx_out_of_band),
	KUNIT_CASE(omap4_watchdog_crash),
	KUNIT_CASE(omap4_watchdog_idle_when_stopped),
	KUNIT_CASE(omap4_recovery),
	KUNIT_CASE(omap4_runtime_suspend_ack),
	KUNIT_CASE(omap4_system_suspend_msg),
	KUNIT_CASE(omap4_suspend_cancelled),
	KUNIT_CASE(omap4_suspend_mailbox_timeout),
	KUNIT_CASE(omap4_suspend_when_stopped),
	KUNIT_CASE(omap4_iommu_map_carveout),
	KUNIT_CASE(omap4_iommu_map_fails),
	KUNIT_CASE(omap4_iommu_map_beyond_32bit),
	KUNIT_CASE(omap4_iommu_absent),
	{ }
};

struct kunit_suite amp_omap4_suite = {
	.name = "amp_omap4",
	.suite_init = be_suite_init,
	.suite_exit = be_suite_exit,
	.init = omap4_test_init,
	.exit = omap4_test_exit,
	.test_cases = omap4_cases,
};
