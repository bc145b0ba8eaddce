/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The amp_msm suites' harness (msm_test.c, which builds the Qualcomm PAS
 * backend's body into amp_backend_test.ko): the fake authenticator, files,
 * memories and signals, and the helpers the suites share.
 */
#ifndef AMPIPC_TESTS_MSM_TEST_H
#define AMPIPC_TESTS_MSM_TEST_H

#include <kunit/test.h>
#include <linux/platform_device.h>
#include <linux/property.h>

#include "../../backends/msm/msm.h"
#include "../common/elfgen.h"
#include "be_fakes.h"

#define MSM_DEV		"amp-kunit-msm"
#define MSM_DEV2	"amp-kunit-msm2"
#define IRQ_WDOG	0
#define IRQ_FATAL	1
#define IRQ_READY	2
#define IRQ_HANDOVER	3
#define IRQ_STOP_ACK	4
#define STOP_REG	0x10
#define STOP_BIT	2
#define IMG_CAP		8192
#define HDRS		(56 + 3 * 32)	/* elfgen: phoff 56, 3 headers */
#define HASH_LEN	0x80
#define META_LEN	(HDRS + HASH_LEN)
#define LINK_BASE	0x88000000u	/* relocatable images' link address */

struct msm_file {
	const char *name;
	const void *data;
	size_t size;
};

struct msm_ctx {
	struct be_irqc *irqc;
	struct be_hw *tcsr;
	struct be_mem region;
	struct be_mem crash;
	bool no_region;
	bool no_crash;
	/* authenticator */
	int init_err;
	int setup_err;
	int reset_err;
	int shutdown_err;
	bool auto_ready;
	u8 *meta;
	size_t meta_len;
	unsigned int inits;
	/* firmware files */
	struct msm_file files[8];
	unsigned int nr_files;
	/* devices */
	struct software_node node[2];
	struct platform_device *pdev[2];
	struct msm_pil *p[2];
	/* the image under test */
	u8 *img;
	size_t img_size;
	struct amp_eg_layout lay;
};

extern struct msm_ctx *mctx;
extern const struct property_entry msm_props[];
extern const char * const msm_bnn[3];

int msm_probe_dev(struct kunit *test, unsigned int idx, const char *id,
		  const struct property_entry *props, bool all_irqs);
struct msm_pil *msm_pil(struct kunit *test);
void msm_image(struct kunit *test, u32 base, bool reloc);
u32 msm_base(void);
void msm_split(const char *mdt, const char *const *bnn, size_t keep);
int msm_do_load(struct msm_pil *p, const char *name, u64 *boot);
int msm_test_init(struct kunit *test);
void msm_test_exit(struct kunit *test);
/* The driver's start and stop operations (static in its body). */
int msm_t_start(struct amp_rproc *rproc, u64 boot_addr);
int msm_t_stop(struct amp_rproc *rproc);

#endif /* AMPIPC_TESTS_MSM_TEST_H */
