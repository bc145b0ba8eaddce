// SPDX-License-Identifier: GPL-2.0
/*
 * amp_rproc_msm: the authenticator backed by the kernel's qcom_scm PAS calls.
 *
 * qcom_scm is built into Debian's stock arm64 kernel (QCOM_SCM=y) and absent
 * from amd64. Two generations of its PAS context are known (compat probes
 * qcom_scm_pas_ctx, 6.0 on, and qcom_scm_pas_context, 7.x). Where qcom_scm
 * is not reachable from this module, or has neither, the module still
 * builds and loads, and every boot is refused with an error saying so.
 */
#include <linux/device.h>
#include <linux/slab.h>

#include <ampipc/compat.h>

#include "msm.h"

#if IS_REACHABLE(CONFIG_QCOM_SCM) && \
	(defined(AMP_HAVE_QCOM_SCM_PAS_CTX) || defined(AMP_HAVE_QCOM_SCM_PAS_CONTEXT))
#if __has_include("linux/firmware/qcom/qcom_scm.h")
#include <linux/firmware/qcom/qcom_scm.h>
#else
#include <linux/qcom_scm.h>
#endif

#ifdef AMP_HAVE_QCOM_SCM_PAS_CONTEXT
/* 7.x: one devm context per processor, describing its load region. */
static void *msm_scm_ctx(struct msm_pil *p)
{
	struct qcom_scm_pas_context *ctx = p->auth_ctx;

	if (ctx)
		return ctx;
	ctx = devm_qcom_scm_pas_context_alloc(p->dev, p->pas_id, p->region.pa,
					      p->region.size);
	if (IS_ERR(ctx))
		return ctx;
	p->auth_ctx = ctx;
	return ctx;
}

static void msm_scm_ctx_done(struct msm_pil *p)
{
	qcom_scm_pas_metadata_release(p->auth_ctx);
}
#else
/* 6.0 to 6.x: a metadata context per init_image, released after boot. */
static void *msm_scm_ctx(struct msm_pil *p)
{
	struct qcom_scm_pas_metadata *ctx = p->auth_ctx;

	if (ctx)
		return ctx;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	p->auth_ctx = ctx;
	return ctx;
}

static void msm_scm_ctx_done(struct msm_pil *p)
{
	qcom_scm_pas_metadata_release(p->auth_ctx);
	kfree(p->auth_ctx);
	p->auth_ctx = NULL;
}
#endif

static int msm_scm_init_image(struct msm_pil *p, const void *meta, size_t len)
{
	void *ctx;
	int ret;

	if (!qcom_scm_is_available()) {
		dev_err(p->dev, "qcom_scm: the secure channel manager has not probed (no firmware/scm node?)\n");
		return -EPROBE_DEFER;
	}
	if (!qcom_scm_pas_supported(p->pas_id)) {
		dev_err(p->dev, "qcom_scm: the secure world does not know peripheral %u (qcom,pas-id)\n",
			p->pas_id);
		return -EOPNOTSUPP;
	}
	ctx = msm_scm_ctx(p);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	ret = qcom_scm_pas_init_image(p->pas_id, meta, len, ctx);
	if (ret)
		msm_scm_ctx_done(p);
	return ret;
}

static int msm_scm_mem_setup(struct msm_pil *p, phys_addr_t addr,
			     phys_addr_t size)
{
	return qcom_scm_pas_mem_setup(p->pas_id, addr, size);
}

static int msm_scm_auth_and_reset(struct msm_pil *p)
{
	return qcom_scm_pas_auth_and_reset(p->pas_id);
}

static int msm_scm_shutdown(struct msm_pil *p)
{
	return qcom_scm_pas_shutdown(p->pas_id);
}

static void msm_scm_release(struct msm_pil *p)
{
	if (p->auth_ctx)
		msm_scm_ctx_done(p);
}

const struct amp_msm_auth_ops amp_msm_scm_auth = {
	.name = "qcom_scm",
	.init_image = msm_scm_init_image,
	.mem_setup = msm_scm_mem_setup,
	.auth_and_reset = msm_scm_auth_and_reset,
	.shutdown = msm_scm_shutdown,
	.release = msm_scm_release,
};
#else
static int msm_noscm_init_image(struct msm_pil *p, const void *meta,
				size_t len)
{
	dev_err(p->dev, "this kernel has no usable qcom_scm (CONFIG_QCOM_SCM): Qualcomm images cannot be authenticated, refusing to boot\n");
	return -EOPNOTSUPP;
}

static int msm_noscm_mem_setup(struct msm_pil *p, phys_addr_t addr,
			       phys_addr_t size)
{
	return -EOPNOTSUPP;
}

static int msm_noscm_auth_and_reset(struct msm_pil *p)
{
	return -EOPNOTSUPP;
}

static int msm_noscm_shutdown(struct msm_pil *p)
{
	return 0;
}

static void msm_noscm_release(struct msm_pil *p)
{
}

const struct amp_msm_auth_ops amp_msm_scm_auth = {
	.name = "qcom_scm (absent)",
	.init_image = msm_noscm_init_image,
	.mem_setup = msm_noscm_mem_setup,
	.auth_and_reset = msm_noscm_auth_and_reset,
	.shutdown = msm_noscm_shutdown,
	.release = msm_noscm_release,
};
#endif

