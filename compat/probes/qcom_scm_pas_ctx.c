// SPDX-License-Identifier: GPL-2.0
/*
 * 6.0: qcom_scm_pas_init_image() takes a struct qcom_scm_pas_metadata
 * context (the header moved to linux/firmware/qcom/ in 6.3); the PAS calls
 * the MSM backend makes, with these signatures.
 */
#if __has_include("linux/firmware/qcom/qcom_scm.h")
#include <linux/firmware/qcom/qcom_scm.h>
#else
#include <linux/qcom_scm.h>
#endif

static int __maybe_unused amp_probe(const void *meta, size_t len,
				    struct qcom_scm_pas_metadata *ctx)
{
	int ret = qcom_scm_pas_init_image(1, meta, len, ctx);

	qcom_scm_pas_metadata_release(ctx);
	ret |= qcom_scm_pas_mem_setup(1, 0, 4096);
	ret |= qcom_scm_pas_auth_and_reset(1);
	return ret | qcom_scm_pas_shutdown(1) | !qcom_scm_is_available() |
		!qcom_scm_pas_supported(1);
}
