/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Builder of sim firmware images (include/ampipc/sim_image.h describes the
 * format). Freestanding, like tests/common/elfgen.c which it uses: compiled
 * into the host generator mksimfw and into the sim's KUnit suite, so the
 * images the tests boot are the images the project ships.
 */
#ifndef AMPIPC_SIMFW_H
#define AMPIPC_SIMFW_H

#include <ampipc/sim_image.h>

#include "elfgen.h"

/* Image layout in device memory. */
#define AMP_SIMFW_BOOT_DA	AMP_SIM_SRAM_DA
#define AMP_SIMFW_RSC_DA	(AMP_SIM_SRAM_DA + 0x1000)
#define AMP_SIMFW_TRACE_DA	(AMP_SIM_SRAM_DA + 0x2000)
#define AMP_SIMFW_TRACE_LEN	0x2000
#define AMP_SIMFW_CARVEOUT_LEN	0x20000
#define AMP_SIMFW_VRING_NUM	256
#define AMP_SIMFW_VRING_ALIGN	0x1000

/* Endpoint addresses of the standard services. */
#define AMP_SIMFW_ADDR_ECHO	0x400
#define AMP_SIMFW_ADDR_SINK	0x401
#define AMP_SIMFW_ADDR_SOURCE	0x402
#define AMP_SIMFW_ADDR_SENDTO	0x403

/*
 * The buffer-size extension of ampipc's rpmsg transport (docs/rpmsg.md):
 * feature bit 20, and le32 h2r_buf_size, le32 r2h_buf_size at offset 0 of
 * the vdev config space.
 */
#define AMP_SIMFW_F_BUFSZ	20
#define AMP_SIMFW_BUFSZ_CFG_LEN	8

/* Largest image the builder makes. */
#define AMP_SIMFW_MAX_SIZE	0x4000

/**
 * struct amp_simfw_spec - one image configuration
 * @name: configuration name; the file is amp-sim-@name.elf
 * @services: bit mask of &enum amp_sim_service_kind to include
 * @ns: offer the name-service feature (VIRTIO_RPMSG_F_NS)
 * @fault: an &enum amp_sim_fault applied from boot
 * @fault_delay_ms: delay of the fault after the host sets DRIVER_OK
 * @fault_arg: fault parameter (see struct amp_sim_manifest)
 * @fault_boots: apply the fault on that many boots only; 0: every boot
 * @vring_num: descriptors per vring
 * @bufsz: offer the buffer-size extension asking for buffers of this many
 *	bytes (header included) both ways; 0: standard 512-byte buffers
 */
struct amp_simfw_spec {
	const char *name;
	u32 services;
	bool ns;
	u32 fault;
	u32 fault_delay_ms;
	u32 fault_arg;
	u32 fault_boots;
	u32 vring_num;
	u32 bufsz;
};

/**
 * struct amp_simfw_layout - where the builder put things
 * @size: image size in bytes
 * @elf: the ELF layout from amp_eg_build()
 * @rsc: the resource table layout
 * @rsc_size: table size in bytes
 * @manifest_size: boot block size in bytes
 */
struct amp_simfw_layout {
	size_t size;
	struct amp_eg_layout elf;
	struct amp_eg_rsc_layout rsc;
	u32 rsc_size;
	u32 manifest_size;
};

extern const struct amp_simfw_spec amp_simfw_images[];
extern const unsigned int amp_simfw_nr_images;

const char *amp_simfw_service_name(u32 kind);
u32 amp_simfw_service_addr(u32 kind);
int amp_simfw_build(const struct amp_simfw_spec *s, void *buf, size_t cap,
		    struct amp_simfw_layout *lay);

#endif /* AMPIPC_SIMFW_H */
