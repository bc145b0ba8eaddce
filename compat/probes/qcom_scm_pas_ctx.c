// SPDX-License-Identifier: GPL-2.0
/*
 * 6.0: qcom_scm_pas_init_image() takes a struct qcom_scm_pas_metadata
 * context; the PAS calls the MSM backend makes, with these signatures.
 */
#include <linux/qcom_scm.h>

int amp_probe(const void *meta, size_t len, struct qcom_scm_pas_metadata *ctx);
int amp_probe(const void *meta, size_t len, struct qcom_scm_pas_metadata *ctx)
{
	int ret = qcom_scm_pas_init_image(1, meta, len, ctx);

	qcom_scm_pas_metadata_release(ctx);
	ret |= qcom_scm_pas_mem_setup(1, 0, 4096);
	ret |= qcom_scm_pas_auth_and_reset(1);
	return ret | qcom_scm_pas_shutdown(1) | !qcom_scm_is_available();
}
