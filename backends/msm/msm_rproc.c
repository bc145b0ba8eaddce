// SPDX-License-Identifier: GPL-2.0
/*
 * amp_rproc_msm: driver body for Qualcomm processors booted through the
 * secure world's peripheral authentication service (PAS).
 *
 * Images are ELF32. The core fetches and verifies the main file (a .mdt or
 * a .mbn, or a signed bundle of one) and hands it to ->load():
 *
 *   1. the ELF header and program headers are checked; the hash segment
 *      (p_flags bits 24..26 == 2) must be present exactly once; a loadable
 *      segment with p_flags bit 27 makes the image relocatable;
 *   2. the metadata (ELF header + program headers, then the hash segment's
 *      bytes) goes to the authenticator's init_image; a refusal stops here;
 *   3. a relocatable image is announced with mem_setup(base, size), where
 *      base is the start of "memory-region" (the relocation base);
 *   4. every loadable segment is copied into "memory-region": at
 *      base + (p_paddr - lowest p_paddr) when relocatable, else at p_paddr,
 *      which must lie inside the region. Segment i comes from the main file
 *      when the file holds its bytes, else from "<name>.bNN" (NN = i, two
 *      digits) next to a .mdt; p_memsz beyond p_filesz is zeroed.
 *
 * ->auth_and_start() then asks the authenticator to verify and release the
 * processor (auth_and_reset) and waits for "ready". ->stop() raises the
 * optional stop-request state bit, waits for "stop-ack" and asks the
 * authenticator to shut the processor down.
 *
 * "wdog" and "fatal" report crashes, with the text the remote left in the
 * optional "crash-reason" memory. "handover" is logged once per boot.
 * Processors this one depends on ("amp,depends-on") are booted first by the
 * core; shutdown and crash events of every MSM processor are passed on to
 * the other running ones through the core's notifier chains (the sysmon
 * role).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/property.h>
#include <linux/regmap.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <ampipc/compat.h>
#include <ampipc/fwparse.h>
#include <ampipc/rproc.h>

#include "msm.h"

static const char * const msm_irq_names[AMP_MSM_NR_IRQS] = {
	[AMP_MSM_IRQ_WDOG] = "wdog",
	[AMP_MSM_IRQ_FATAL] = "fatal",
	[AMP_MSM_IRQ_READY] = "ready",
	[AMP_MSM_IRQ_HANDOVER] = "handover",
	[AMP_MSM_IRQ_STOP_ACK] = "stop-ack",
};

/* Every MSM processor, for the sysmon-style peer notifications. */
static LIST_HEAD(msm_pils);
static DEFINE_MUTEX(msm_pils_lock);

/* --- start, stop, signals ------------------------------------------- */

static void msm_log_crash_reason(struct msm_pil *p, const char *what)
{
	size_t len = min_t(u64, p->crash.size, AMP_MSM_CRASH_REASON_MAX);
	char msg[AMP_MSM_CRASH_REASON_MAX + 1];

	if (!p->has_crash || !len) {
		dev_err(p->dev, "%s without a crash reason\n", what);
		return;
	}
	if (p->crash.flags & AMP_RPROC_WIN_IOMEM)
		memcpy_fromio(msg, (void __iomem __force *)p->crash.va, len);
	else
		memcpy(msg, p->crash.va, len);
	msg[len] = '\0';
	if (msg[0])
		dev_err(p->dev, "%s: %s\n", what, msg);
	else
		dev_err(p->dev, "%s without a crash reason\n", what);
}

static irqreturn_t msm_wdog(int irq, void *data)
{
	struct msm_pil *p = data;

	/* A stop sometimes ends in a watchdog bite instead of a stop-ack. */
	if (!READ_ONCE(p->running)) {
		complete(&p->stop_done);
		return IRQ_HANDLED;
	}
	msm_log_crash_reason(p, "watchdog bite");
	WRITE_ONCE(p->running, false);
	amp_rproc_report_crash(p->rproc, AMP_RPROC_CRASH_WATCHDOG);
	return IRQ_HANDLED;
}

static irqreturn_t msm_fatal(int irq, void *data)
{
	struct msm_pil *p = data;

	if (!READ_ONCE(p->running))
		return IRQ_HANDLED;
	msm_log_crash_reason(p, "fatal error");
	WRITE_ONCE(p->running, false);
	amp_rproc_report_crash(p->rproc, AMP_RPROC_CRASH_FATAL);
	return IRQ_HANDLED;
}

static irqreturn_t msm_ready(int irq, void *data)
{
	struct msm_pil *p = data;

	complete(&p->start_done);
	return IRQ_HANDLED;
}

static irqreturn_t msm_handover(int irq, void *data)
{
	struct msm_pil *p = data;

	if (p->handover_issued) {
		dev_err(p->dev, "handover signalled twice\n");
		return IRQ_HANDLED;
	}
	p->handover_issued = true;
	dev_dbg(p->dev, "handover: the remote holds its own resources\n");
	return IRQ_HANDLED;
}

static irqreturn_t msm_stop_ack(int irq, void *data)
{
	struct msm_pil *p = data;

	complete(&p->stop_done);
	return IRQ_HANDLED;
}

static const irq_handler_t msm_handlers[AMP_MSM_NR_IRQS] = {
	[AMP_MSM_IRQ_WDOG] = msm_wdog,
	[AMP_MSM_IRQ_FATAL] = msm_fatal,
	[AMP_MSM_IRQ_READY] = msm_ready,
	[AMP_MSM_IRQ_HANDOVER] = msm_handover,
	[AMP_MSM_IRQ_STOP_ACK] = msm_stop_ack,
};

/* The line level of a signal, for state bits whose edge may be missed. */
static bool msm_signal_high(struct msm_pil *p, enum amp_msm_irq which)
{
	bool state = false;

	if (!p->irq[which])
		return false;
	if (irq_get_irqchip_state(p->irq[which], IRQCHIP_STATE_LINE_LEVEL,
				  &state))
		return false;
	return state;
}

static int msm_auth_and_start(struct amp_rproc *rproc, u64 boot_addr)
{
	struct msm_pil *p = msm_from(rproc);
	const struct amp_msm_auth_ops *auth = p->glue->auth;
	int ret;

	if (!p->meta_pending) {
		dev_err(p->dev, "start without a loaded image\n");
		return -EINVAL;
	}
	reinit_completion(&p->start_done);
	reinit_completion(&p->stop_done);
	p->handover_issued = false;
	WRITE_ONCE(p->running, true);

	ret = auth->auth_and_reset(p);
	if (ret) {
		dev_err(p->dev, "%s refused to authenticate and release %s: %d\n",
			auth->name, amp_rproc_name(rproc), ret);
		goto fail;
	}
	if (!wait_for_completion_timeout(&p->start_done,
					 msecs_to_jiffies(p->start_timeout_ms)) &&
	    !msm_signal_high(p, AMP_MSM_IRQ_READY)) {
		dev_err(p->dev, "ready: no signal within %u ms\n",
			p->start_timeout_ms);
		ret = -ETIMEDOUT;
		if (auth->shutdown(p))
			dev_err(p->dev, "%s: shutdown after the failed start failed too\n",
				auth->name);
		goto fail;
	}
	auth->release(p);
	p->meta_pending = false;
	return 0;

fail:
	WRITE_ONCE(p->running, false);
	auth->release(p);
	p->meta_pending = false;
	return ret;
}

static int msm_start(struct amp_rproc *rproc, u64 boot_addr)
{
	return msm_auth_and_start(rproc, boot_addr);
}

static int msm_stop(struct amp_rproc *rproc)
{
	struct msm_pil *p = msm_from(rproc);
	const struct amp_msm_auth_ops *auth = p->glue->auth;
	unsigned long left;
	int ret;

	WRITE_ONCE(p->running, false);
	if (p->stop_map) {
		ret = regmap_update_bits(p->stop_map, p->stop_reg,
					 BIT(p->stop_bit), BIT(p->stop_bit));
		if (ret)
			dev_err(p->dev, "qcom,stop-reg: cannot request the stop: %d\n",
				ret);
		left = wait_for_completion_timeout(&p->stop_done,
				msecs_to_jiffies(p->stop_timeout_ms));
		if (!left && !msm_signal_high(p, AMP_MSM_IRQ_STOP_ACK))
			dev_err(p->dev, "stop-ack: none within %u ms, shutting down anyway\n",
				p->stop_timeout_ms);
		regmap_update_bits(p->stop_map, p->stop_reg, BIT(p->stop_bit), 0);
	}
	ret = auth->shutdown(p);
	if (ret) {
		dev_err(p->dev, "%s: shutdown failed: %d\n", auth->name, ret);
		return ret;
	}
	if (p->meta_pending) {
		auth->release(p);
		p->meta_pending = false;
	}
	return 0;
}

/* The main image comes the same way as its split files. */
static int msm_fw_fetch(struct amp_rproc *rproc, const char *name,
			const void **data, size_t *size)
{
	struct msm_pil *p = msm_from(rproc);
	int ret;

	ret = p->glue->request_fw(p->dev, name, &p->main_fw);
	if (ret)
		return ret;
	*data = p->main_fw->data;
	*size = p->main_fw->size;
	return 0;
}

static void msm_fw_release(struct amp_rproc *rproc, const void *data)
{
	struct msm_pil *p = msm_from(rproc);

	release_firmware(p->main_fw);
	p->main_fw = NULL;
}

static const struct amp_rproc_ops msm_ops = {
	.fw_fetch = msm_fw_fetch,
	.fw_release = msm_fw_release,
	.load = amp_msm_load,
	.start = msm_start,
	.auth_and_start = msm_auth_and_start,
	.stop = msm_stop,
};

/* --- sysmon-style peer notifications ---------------------------------- */

static const char *msm_event_name(unsigned long ev)
{
	switch (ev) {
	case AMP_RPROC_EV_BOOTED:
		return "after_powerup";
	case AMP_RPROC_EV_STOPPING:
		return "before_shutdown";
	case AMP_RPROC_EV_STOPPED:
		return "after_shutdown";
	case AMP_RPROC_EV_CRASHED:
		return "crashed";
	default:
		return NULL;
	}
}

/* One of ours changed state: tell every other running MSM processor. */
static int msm_notify(struct notifier_block *nb, unsigned long ev, void *data)
{
	struct msm_pil *src = container_of(nb, struct msm_pil, nb);
	const char *what = msm_event_name(ev);
	struct msm_pil *peer;

	if (!what)
		return NOTIFY_DONE;
	mutex_lock(&msm_pils_lock);
	list_for_each_entry(peer, &msm_pils, node) {
		if (peer == src || !READ_ONCE(peer->running))
			continue;
		peer->peer_event = ev;
		peer->peer_events++;
		dev_info(peer->dev, "ssr: %s %s\n", amp_rproc_name(src->rproc),
			 what);
	}
	mutex_unlock(&msm_pils_lock);
	return NOTIFY_OK;
}

/* --- probe ---------------------------------------------------------- */

static int msm_get_irqs(struct msm_pil *p, struct platform_device *pdev)
{
	unsigned int i;
	int irq, ret;

	for (i = 0; i < AMP_MSM_NR_IRQS; i++) {
		irq = platform_get_irq_byname_optional(pdev, msm_irq_names[i]);
		if (irq == -ENXIO && (i == AMP_MSM_IRQ_HANDOVER ||
				      i == AMP_MSM_IRQ_STOP_ACK))
			continue;
		if (irq < 0)
			return dev_err_probe(p->dev, irq,
					     "interrupts: \"%s\" missing\n",
					     msm_irq_names[i]);
		ret = devm_request_threaded_irq(p->dev, irq, NULL,
						msm_handlers[i], IRQF_ONESHOT,
						msm_irq_names[i], p);
		if (ret)
			return dev_err_probe(p->dev, ret,
					     "interrupts: cannot request \"%s\"\n",
					     msm_irq_names[i]);
		p->irq[i] = irq;
	}
	return 0;
}

static int msm_get_stop_reg(struct msm_pil *p)
{
	u32 args[2];
	struct regmap *map;

	map = amp_be_regmap_ref(p->dev, "qcom,stop-reg", 2, args);
	if (map == ERR_PTR(-ENOENT))
		return 0;
	if (IS_ERR(map))
		return dev_err_probe(p->dev, PTR_ERR(map),
				     "qcom,stop-reg: unusable\n");
	if (args[0] & 3 || args[1] > 31) {
		dev_err(p->dev, "qcom,stop-reg: offset %#x bit %u invalid\n",
			args[0], args[1]);
		return -EINVAL;
	}
	p->stop_map = map;
	p->stop_reg = args[0];
	p->stop_bit = args[1];
	return 0;
}

int amp_msm_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct amp_rproc_config cfg = { };
	struct msm_pil *p;
	int ret;

	p = devm_kzalloc(dev, sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->dev = dev;
	p->glue = device_get_match_data(dev);
	if (!p->glue && platform_get_device_id(pdev))
		p->glue = (const void *)platform_get_device_id(pdev)->driver_data;
	if (!p->glue)
		return -ENODEV;
	init_completion(&p->start_done);
	init_completion(&p->stop_done);
	INIT_LIST_HEAD(&p->node);
	platform_set_drvdata(pdev, p);

	if (device_property_read_u32(dev, "qcom,pas-id", &p->pas_id)) {
		dev_err(dev, "qcom,pas-id: missing (the peripheral id the secure world knows)\n");
		return -EINVAL;
	}
	cfg.name = dev_name(dev);
	device_property_read_string(dev, "amp,name", &cfg.name);
	cfg.firmware = NULL;
	device_property_read_string(dev, "firmware-name", &cfg.firmware);
	if (!cfg.firmware) {
		dev_err(dev, "firmware-name: missing (the .mdt or .mbn image)\n");
		return -EINVAL;
	}
	p->start_timeout_ms = AMP_MSM_START_TIMEOUT_MS;
	device_property_read_u32(dev, "qcom,start-timeout-ms",
				 &p->start_timeout_ms);
	p->stop_timeout_ms = AMP_MSM_STOP_TIMEOUT_MS;
	device_property_read_u32(dev, "qcom,stop-timeout-ms",
				 &p->stop_timeout_ms);

	p->region.name = "memory-region";
	p->region.flags = AMP_RPROC_WIN_LOAD;
	ret = p->glue->mem->carveout(pdev, &p->region);
	if (ret == -ENOENT) {
		dev_err(dev, "memory-region: missing (where the image is loaded)\n");
		return -EINVAL;
	}
	if (ret)
		return ret;
	p->region.da = p->region.pa;

	p->crash.name = "crash-reason";
	ret = p->glue->mem->map_mem(pdev, "crash-reason", &p->crash);
	if (ret && ret != -ENOENT)
		return dev_err_probe(dev, ret, "reg: cannot map \"crash-reason\"\n");
	p->has_crash = !ret;

	ret = msm_get_irqs(p, pdev);
	if (ret)
		return ret;
	ret = msm_get_stop_reg(p);
	if (ret)
		return ret;

	cfg.ops = &msm_ops;
	cfg.machines = amp_msm_machines;
	cfg.nr_machines = ARRAY_SIZE(amp_msm_machines);
	cfg.target = "amp,qcom-pas";
	cfg.windows = &p->region;
	cfg.nr_windows = 1;
	cfg.fwnode = dev_fwnode(dev);
	cfg.priv_size = sizeof(p);
	p->rproc = amp_rproc_alloc(dev, &cfg);
	if (IS_ERR_OR_NULL(p->rproc)) {
		ret = p->rproc ? PTR_ERR(p->rproc) : -ENOMEM;
		dev_err(dev, "cannot allocate the processor: %d\n", ret);
		return ret;
	}
	*(struct msm_pil **)amp_rproc_priv(p->rproc) = p;

	ret = amp_rproc_register(p->rproc);
	if (ret) {
		dev_err(dev, "cannot register the processor: %d\n", ret);
		goto free_rproc;
	}

	p->nb.notifier_call = msm_notify;
	ret = amp_rproc_register_notifier(p->rproc, &p->nb);
	if (ret) {
		dev_err(dev, "cannot watch the processor's events: %d\n", ret);
		goto unregister;
	}
	mutex_lock(&msm_pils_lock);
	list_add_tail(&p->node, &msm_pils);
	mutex_unlock(&msm_pils_lock);
	return 0;

unregister:
	amp_rproc_unregister(p->rproc);
free_rproc:
	amp_rproc_free(p->rproc);
	return ret;
}

void amp_msm_remove(struct platform_device *pdev)
{
	struct msm_pil *p = platform_get_drvdata(pdev);

	mutex_lock(&msm_pils_lock);
	list_del(&p->node);
	mutex_unlock(&msm_pils_lock);
	amp_rproc_unregister_notifier(p->rproc, &p->nb);
	amp_rproc_unregister(p->rproc);
	amp_rproc_free(p->rproc);
}
