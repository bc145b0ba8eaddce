// SPDX-License-Identifier: GPL-2.0
/*
 * 7.x: the PAS context is a struct qcom_scm_pas_context from
 * devm_qcom_scm_pas_context_alloc() (it replaced qcom_scm_pas_metadata).
 */
#include <linux/device.h>
#include <linux/firmware/qcom/qcom_scm.h>

static int __maybe_unused amp_probe(struct device *dev, const void *meta,
				    size_t len)
{
	struct qcom_scm_pas_context *ctx;
	int ret;

	ctx = devm_qcom_scm_pas_context_alloc(dev, 1, 0, 4096);
	ret = qcom_scm_pas_init_image(1, meta, len, ctx);
	qcom_scm_pas_metadata_release(ctx);
	ret |= qcom_scm_pas_mem_setup(1, 0, 4096);
	ret |= qcom_scm_pas_auth_and_reset(1);
	return ret | qcom_scm_pas_shutdown(1) | !qcom_scm_is_available() |
		!qcom_scm_pas_supported(1);
}
