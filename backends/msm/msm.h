/* SPDX-License-Identifier: GPL-2.0 */
/*
 * amp_rproc_msm: Qualcomm peripheral image loader (PIL) with secure-world
 * authentication (PAS). Private interface between the driver body
 * (msm_rproc.c), its module glue (msm_main.c, which holds the qcom_scm
 * authenticator) and the KUnit suite, which builds the body into the test
 * module with fakes behind struct amp_msm_glue.
 */
#ifndef AMPIPC_BACKENDS_MSM_H
#define AMPIPC_BACKENDS_MSM_H

#include <linux/completion.h>
#include <linux/firmware.h>
#include <linux/list.h>
#include <linux/notifier.h>
#include <linux/platform_device.h>

#include "../common/amp_be.h"

/* Qualcomm ELF32 images (see docs/backends/msm.md and interop-facts). */
#define AMP_MSM_EHDR_SIZE		52
#define AMP_MSM_PHDR_SIZE		32
#define AMP_MSM_MAX_PHNUM		100	/* .b00 .. .b99 */
/* Program headers start within the first page, right after the header. */
#define AMP_MSM_MAX_PHOFF		64
/* Metadata larger than this is refused before anything is allocated. */
#define AMP_MSM_MAX_META		SZ_1M
#define AMP_MSM_CRASH_REASON_MAX	256
#define AMP_MSM_START_TIMEOUT_MS	5000
#define AMP_MSM_STOP_TIMEOUT_MS		5000

struct msm_pil;

/**
 * struct amp_msm_auth_ops - the secure world, as PAS sees it
 * @name: for messages
 * @init_image: hand over the metadata (ELF header, program headers, hash
 *	segment); the secure world checks its signature. Nonzero refuses the
 *	image
 * @mem_setup: tell it where a relocatable image was placed
 * @auth_and_reset: verify the loaded segments against the hashes and
 *	release the processor
 * @shutdown: stop the processor and lock its memory again
 * @release: free what @init_image kept (after boot, or on failure)
 */
struct amp_msm_auth_ops {
	const char *name;
	int (*init_image)(struct msm_pil *p, const void *meta, size_t len);
	int (*mem_setup)(struct msm_pil *p, phys_addr_t addr, phys_addr_t size);
	int (*auth_and_reset)(struct msm_pil *p);
	int (*shutdown)(struct msm_pil *p);
	void (*release)(struct msm_pil *p);
};

/**
 * struct amp_msm_glue - hardware and firmware behind narrow interfaces
 * @mem: memory mapping ("memory-region", the "crash-reason" memory)
 * @auth: the authenticator
 * @request_fw: fetch a file: the main image, or a split segment
 *	<name>.bNN; the result is freed with release_firmware()
 */
struct amp_msm_glue {
	const struct amp_be_mem_ops *mem;
	const struct amp_msm_auth_ops *auth;
	int (*request_fw)(struct device *dev, const char *name,
			  const struct firmware **fw);
};

/* Interrupts (or state bits raised as interrupts) from the processor. */
enum amp_msm_irq {
	AMP_MSM_IRQ_WDOG,
	AMP_MSM_IRQ_FATAL,
	AMP_MSM_IRQ_READY,
	AMP_MSM_IRQ_HANDOVER,
	AMP_MSM_IRQ_STOP_ACK,
	AMP_MSM_NR_IRQS,
};

/**
 * struct msm_pil - per-device state
 * @dev: the platform device's device
 * @rproc: the processor registered with the core
 * @glue: hardware interfaces
 * @pas_id: peripheral id the secure world knows the processor by
 * @auth_ctx: the authenticator's state between init_image and release
 * @main_fw: the main image while the core loads it
 * @region: the memory the image is loaded into (window 0)
 * @crash: the shared crash-reason memory, if any
 * @has_crash: @crash is valid
 * @irq: interrupts, 0 when absent
 * @stop_map: regmap of the stop-request state bit, or NULL
 * @stop_reg: its register
 * @stop_bit: its bit
 * @start_done: completed by "ready"
 * @stop_done: completed by "stop-ack" (or a watchdog while stopping)
 * @running: between auth_and_start and stop (crash signals count)
 * @handover_issued: "handover" arrived since the last start
 * @meta_pending: init_image succeeded and release is still due
 * @image_base: lowest physical address of the loaded image
 * @image_size: bytes from @image_base to the end of its last segment
 * @relocated: the last image was relocatable
 * @start_timeout_ms: how long to wait for "ready"
 * @stop_timeout_ms: how long to wait for "stop-ack"
 * @node: in the list of MSM processors (peer notifications)
 * @nb: notifier on the peers' chains
 * @peer_event: last event seen from a peer (for logs and tests)
 * @peer_events: events seen from peers
 */
struct msm_pil {
	struct device *dev;
	struct amp_rproc *rproc;
	const struct amp_msm_glue *glue;
	u32 pas_id;
	void *auth_ctx;
	const struct firmware *main_fw;
	struct amp_rproc_window region;
	struct amp_rproc_window crash;
	bool has_crash;
	int irq[AMP_MSM_NR_IRQS];
	struct regmap *stop_map;
	u32 stop_reg;
	u32 stop_bit;
	struct completion start_done;
	struct completion stop_done;
	bool running;
	bool handover_issued;
	bool meta_pending;
	phys_addr_t image_base;
	phys_addr_t image_size;
	bool relocated;
	u32 start_timeout_ms;
	u32 stop_timeout_ms;
	struct list_head node;
	struct notifier_block nb;
	unsigned long peer_event;
	unsigned int peer_events;
};

extern const struct amp_msm_auth_ops amp_msm_scm_auth;
int amp_msm_probe(struct platform_device *pdev);
void amp_msm_remove(struct platform_device *pdev);

static inline struct msm_pil *msm_from(struct amp_rproc *rproc)
{
	return *(struct msm_pil **)amp_rproc_priv(rproc);
}

#define AMP_MSM_NR_MACHINES	2
extern const u16 amp_msm_machines[AMP_MSM_NR_MACHINES];

int amp_msm_load(struct amp_rproc *rproc, const char *name, const void *fw,
		 size_t size, u64 *boot_addr);

#endif /* AMPIPC_BACKENDS_MSM_H */
