// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite amp_msm_run: the Qualcomm PAS backend running a processor,
 * on msm_test.c's harness: start (verify and release, "ready"), stop
 * (stop request, "stop-ack", shutdown), the processor's signals (watchdog,
 * fatal error with its crash reason, handover), recovery, the kernel
 * without qcom_scm, and through the core the seed's msm8660 rule (the
 * modem boots after the DSP) and peer notifications.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/slab.h>

#include <ampipc/rproc.h>

#include "be_suites.h"
#include "msm_test.h"

/* --- start, stop, signals --- */

static void msm_start_sequence(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	KUNIT_ASSERT_EQ(test, msm_do_load(p, "m.mbn", &boot), 0);
	KUNIT_EXPECT_EQ(test, msm_t_start(p->rproc, boot), 0);
	/* verify and release, "ready", then the metadata is released */
	BE_EXPECT_LOG(test, "auth 4 init 280", "auth 4 reset",
		      "auth 4 release");
	KUNIT_EXPECT_TRUE(test, p->running);
}

static void msm_start_refused(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	KUNIT_ASSERT_EQ(test, msm_do_load(p, "m.mbn", &boot), 0);
	be_log_reset();
	mctx->reset_err = -EPERM;
	KUNIT_EXPECT_EQ(test, msm_t_start(p->rproc, boot), -EPERM);
	BE_EXPECT_LOG(test, "auth 4 reset", "auth 4 release");
	KUNIT_EXPECT_FALSE(test, p->running);
}

static void msm_start_no_ready(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	KUNIT_ASSERT_EQ(test, msm_do_load(p, "m.mbn", &boot), 0);
	be_log_reset();
	mctx->auto_ready = false;
	KUNIT_EXPECT_EQ(test, msm_t_start(p->rproc, boot), -ETIMEDOUT);
	BE_EXPECT_LOG(test, "auth 4 reset", "auth 4 shutdown",
		      "auth 4 release");
	KUNIT_EXPECT_FALSE(test, p->running);
}

static void msm_start_ready_state_bit(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_image(test, msm_base(), false);
	KUNIT_ASSERT_EQ(test, msm_do_load(p, "m.mbn", &boot), 0);
	be_log_reset();
	/* the edge was lost, but the state bit says ready */
	mctx->auto_ready = false;
	mctx->irqc->level[IRQ_READY] = true;
	KUNIT_EXPECT_EQ(test, msm_t_start(p->rproc, boot), 0);
	BE_EXPECT_LOG(test, "auth 4 reset", "auth 4 release");
}

static void msm_start_without_image(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	KUNIT_EXPECT_EQ(test, msm_t_start(p->rproc, 0), -EINVAL);
	BE_EXPECT_EMPTY_LOG(test);
}

static void msm_start_loaded(struct kunit *test, struct msm_pil *p)
{
	u64 boot;

	msm_image(test, msm_base(), false);
	KUNIT_ASSERT_EQ(test, msm_do_load(p, "m.mbn", &boot), 0);
	KUNIT_ASSERT_EQ(test, msm_t_start(p->rproc, boot), 0);
	be_log_reset();
}

static void msm_stop_sequence(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	msm_start_loaded(test, p);
	/* the remote acknowledges the stop request */
	be_irq_fire(mctx->irqc, IRQ_STOP_ACK);
	KUNIT_EXPECT_EQ(test, msm_t_stop(p->rproc), 0);
	BE_EXPECT_LOG(test, "rd tcsr 0x10=0x0", "wr tcsr 0x10=0x4",
		      "rd tcsr 0x10=0x4", "wr tcsr 0x10=0x0", "auth 4 shutdown");
	KUNIT_EXPECT_FALSE(test, p->running);
}

static void msm_stop_no_ack(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	msm_start_loaded(test, p);
	/* no stop-ack within qcom,stop-timeout-ms: shut down anyway */
	KUNIT_EXPECT_EQ(test, msm_t_stop(p->rproc), 0);
	BE_EXPECT_LOG(test, "rd tcsr 0x10=0x0", "wr tcsr 0x10=0x4",
		      "rd tcsr 0x10=0x4", "wr tcsr 0x10=0x0", "auth 4 shutdown");
}

static void msm_stop_shutdown_fails(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	msm_start_loaded(test, p);
	mctx->shutdown_err = -EIO;
	be_irq_fire(mctx->irqc, IRQ_STOP_ACK);
	KUNIT_EXPECT_EQ(test, msm_t_stop(p->rproc), -EIO);
}

static void msm_watchdog_crash(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	strscpy(mctx->crash.va, "err_fatal.c:42: modem watchdog", 256);
	msm_start_loaded(test, p);
	be_irq_fire(mctx->irqc, IRQ_WDOG);
	/* one report; later signals of the dead processor are ignored */
	be_irq_fire(mctx->irqc, IRQ_FATAL);
	BE_EXPECT_LOG(test, "crash watchdog");
	KUNIT_EXPECT_FALSE(test, p->running);
}

static void msm_crash_reason_unterminated(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	/* the remote filled the whole area without a NUL: read stays inside */
	memset(mctx->crash.va, 'A', mctx->crash.size);
	msm_start_loaded(test, p);
	be_irq_fire(mctx->irqc, IRQ_FATAL);
	BE_EXPECT_LOG(test, "crash fatal");
}

static void msm_fatal_crash(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	msm_start_loaded(test, p);
	be_irq_fire(mctx->irqc, IRQ_FATAL);
	be_irq_fire(mctx->irqc, IRQ_FATAL);
	BE_EXPECT_LOG(test, "crash fatal");
}

static void msm_signals_when_stopped(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	be_irq_fire(mctx->irqc, IRQ_WDOG);
	be_irq_fire(mctx->irqc, IRQ_FATAL);
	BE_EXPECT_EMPTY_LOG(test);
	/* while stopping, a watchdog bite stands for the stop-ack */
	KUNIT_EXPECT_TRUE(test, completion_done(&p->stop_done));
}

static void msm_handover_once(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);

	msm_start_loaded(test, p);
	KUNIT_EXPECT_FALSE(test, p->handover_issued);
	be_irq_fire(mctx->irqc, IRQ_HANDOVER);
	be_irq_fire(mctx->irqc, IRQ_HANDOVER);
	KUNIT_EXPECT_TRUE(test, p->handover_issued);
	BE_EXPECT_EMPTY_LOG(test);
}

static void msm_recovery(struct kunit *test)
{
	struct msm_pil *p = msm_pil(test);
	u64 boot;

	msm_start_loaded(test, p);
	be_irq_fire(mctx->irqc, IRQ_FATAL);
	/* the core's recovery: stop, load, start */
	KUNIT_ASSERT_EQ(test, msm_t_stop(p->rproc), 0);
	KUNIT_ASSERT_EQ(test, msm_do_load(p, "m.mbn", &boot), 0);
	KUNIT_ASSERT_EQ(test, msm_t_start(p->rproc, boot), 0);
	BE_EXPECT_LOG(test, "crash fatal", "rd tcsr 0x10=0x0",
		      "wr tcsr 0x10=0x4", "rd tcsr 0x10=0x4", "wr tcsr 0x10=0x0",
		      "auth 4 shutdown", "auth 4 init 280", "auth 4 reset",
		      "auth 4 release");
	KUNIT_EXPECT_TRUE(test, p->running);
	/* signals count again after the restart */
	be_irq_fire(mctx->irqc, IRQ_WDOG);
	KUNIT_EXPECT_STREQ(test, be_log_at(be_log_count() - 1),
			   "crash watchdog");
}

static void msm_without_scm_refuses(struct kunit *test)
{
	struct msm_pil *p;
	u64 boot;

	/* this kernel has no qcom_scm: the real authenticator refuses */
	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 0, "amp-kunit-msm-scm",
					    msm_props, true), 0);
	p = mctx->p[0];
	msm_image(test, msm_base(), false);
	KUNIT_EXPECT_EQ(test, msm_do_load(p, "m.mbn", &boot), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, ((u8 *)mctx->region.va)[0], 0xee);
}

/* --- through the core: dependencies and peers --- */

static const struct property_entry dsp_props[] = {
	PROPERTY_ENTRY_U32("qcom,pas-id", 1),
	PROPERTY_ENTRY_STRING("firmware-name", "dsp.mdt"),
	PROPERTY_ENTRY_STRING("amp,name", "kunit-dsp"),
	{ }
};

/* The modem's properties: "amp,depends-on" names the DSP (device 0). */
static struct property_entry *msm_modem_props(struct kunit *test)
{
	struct software_node_ref_args *ref;
	struct property_entry *props;

	ref = kunit_kzalloc(test, sizeof(*ref), GFP_KERNEL);
	props = kunit_kcalloc(test, 5, sizeof(*props), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ref);
	KUNIT_ASSERT_NOT_NULL(test, props);
	*ref = SOFTWARE_NODE_REFERENCE(&mctx->node[0]);
	props[0] = PROPERTY_ENTRY_U32("qcom,pas-id", 4);
	props[1] = PROPERTY_ENTRY_STRING("firmware-name", "m.mdt");
	props[2] = PROPERTY_ENTRY_STRING("amp,name", "kunit-modem");
	props[3] = PROPERTY_ENTRY_REF_ARRAY_LEN("amp,depends-on", ref, 1);
	return props;
}

static void msm_modem_waits_for_dsp(struct kunit *test)
{
	static const char * const dsp_bnn[] = { "dsp.b00", "dsp.b01", "dsp.b02" };
	struct property_entry *modem_props;
	struct amp_rproc *modem;
	int dsp_reset, modem_init;

	modem_props = msm_modem_props(test);

	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 0, MSM_DEV, dsp_props, true),
			0);
	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 1, MSM_DEV, modem_props,
					    true), 0);
	msm_image(test, msm_base(), true);
	msm_split("dsp.mdt", dsp_bnn, HDRS);
	msm_split("m.mdt", msm_bnn, HDRS);
	be_log_reset();

	/* asking for the modem boots the DSP first, to its "ready" */
	modem = amp_rproc_get("kunit-modem");
	KUNIT_ASSERT_FALSE(test, IS_ERR(modem));
	dsp_reset = be_log_find("auth 1 reset", 0);
	modem_init = be_log_find("auth 4 init 280", 0);
	KUNIT_EXPECT_GE(test, dsp_reset, 0);
	KUNIT_EXPECT_GT(test, modem_init, dsp_reset);
	KUNIT_EXPECT_EQ(test, be_log_find("fw dsp.mdt", 0), 0);
	KUNIT_EXPECT_GE(test, be_log_find("auth 4 reset", 0), 0);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(mctx->p[0]->rproc),
			AMP_RPROC_RUNNING);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(modem), AMP_RPROC_RUNNING);
	amp_rproc_put(modem);
	KUNIT_EXPECT_EQ(test, amp_rproc_state(modem), AMP_RPROC_OFFLINE);
	KUNIT_EXPECT_GE(test, be_log_find("auth 4 shutdown", 0), 0);
}

static void msm_modem_not_booted_without_dsp(struct kunit *test)
{
	struct property_entry *modem_props;
	struct amp_rproc *modem;
	unsigned int i;

	modem_props = msm_modem_props(test);

	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 0, MSM_DEV, dsp_props, true),
			0);
	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 1, MSM_DEV, modem_props,
					    true), 0);
	/* the DSP's image is missing: the modem must not even be loaded */
	msm_image(test, msm_base(), true);
	msm_split("m.mdt", msm_bnn, HDRS);
	be_log_reset();
	modem = amp_rproc_get("kunit-modem");
	KUNIT_EXPECT_TRUE(test, IS_ERR(modem));
	if (!IS_ERR(modem))
		amp_rproc_put(modem);
	for (i = 0; i < be_log_count(); i++)
		KUNIT_EXPECT_NULL_MSG(test, strstr(be_log_at(i), "auth 4"),
				      "modem touched: %s", be_log_at(i));
	KUNIT_EXPECT_EQ(test, be_log_find("fw dsp.mdt", 0), 0);
}

static void msm_peer_notifications(struct kunit *test)
{
	struct msm_pil *dsp, *modem;

	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 0, MSM_DEV, dsp_props, true),
			0);
	KUNIT_ASSERT_EQ(test, msm_probe_dev(test, 1, MSM_DEV, msm_props, true),
			0);
	dsp = mctx->p[0];
	modem = mctx->p[1];
	/* the modem runs; the DSP goes down: the modem hears about it */
	modem->running = true;
	dsp->nb.notifier_call(&dsp->nb, AMP_RPROC_EV_STOPPING, NULL);
	dsp->nb.notifier_call(&dsp->nb, AMP_RPROC_EV_CRASHED, NULL);
	KUNIT_EXPECT_EQ(test, modem->peer_events, 2U);
	KUNIT_EXPECT_EQ(test, modem->peer_event,
			(unsigned long)AMP_RPROC_EV_CRASHED);
	/* a stopped processor is not told; nobody hears its own events */
	KUNIT_EXPECT_EQ(test, dsp->peer_events, 0U);
	modem->nb.notifier_call(&modem->nb, AMP_RPROC_EV_BOOTED, NULL);
	KUNIT_EXPECT_EQ(test, dsp->peer_events, 0U);
	KUNIT_EXPECT_EQ(test, modem->peer_events, 2U);
	modem->running = false;
}

static struct kunit_case msm_run_cases[] = {
	KUNIT_CASE(msm_start_sequence),
	KUNIT_CASE(msm_start_refused),
	KUNIT_CASE(msm_start_no_ready),
	KUNIT_CASE(msm_start_ready_state_bit),
	KUNIT_CASE(msm_start_without_image),
	KUNIT_CASE(msm_stop_sequence),
	KUNIT_CASE(msm_stop_no_ack),
	KUNIT_CASE(msm_stop_shutdown_fails),
	KUNIT_CASE(msm_watchdog_crash),
	KUNIT_CASE(msm_fatal_crash),
	KUNIT_CASE(msm_crash_reason_unterminated),
	KUNIT_CASE(msm_signals_when_stopped),
	KUNIT_CASE(msm_handover_once),
	KUNIT_CASE(msm_recovery),
	KUNIT_CASE(msm_without_scm_refuses),
	KUNIT_CASE(msm_modem_waits_for_dsp),
	KUNIT_CASE(msm_modem_not_booted_without_dsp),
	KUNIT_CASE(msm_peer_notifications),
	{ }
};

struct kunit_suite amp_msm_run_suite = {
	.name = "amp_msm_run",
	.suite_init = be_suite_init,
	.suite_exit = be_suite_exit,
	.init = msm_test_init,
	.exit = msm_test_exit,
	.test_cases = msm_run_cases,
};
