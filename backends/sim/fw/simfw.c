// SPDX-License-Identifier: GPL-2.0
/*
 * Builder of sim firmware images; see simfw.h and docs/sim.md.
 *
 * Program headers: [0] the boot block at AMP_SIMFW_BOOT_DA (the entry
 * point), [1] the resource table at AMP_SIMFW_RSC_DA, [2] the trace buffer
 * at AMP_SIMFW_TRACE_DA (zero-filled, no file bytes). Sections:
 * ".resource_table" and ".amp_sim" (the boot block), both inside their
 * segments' file bytes, as a linker would place them.
 */
#include "simfw.h"

#define SEG_PAGE	0x1000

#define ALL_SERVICES	((1U << AMP_SIM_SVC_NR) - 1)
#define ECHO_ONLY	(1U << AMP_SIM_SVC_ECHO)

/* The configurations mksimfw writes; the sim's KUnit suite boots them too. */
const struct amp_simfw_spec amp_simfw_images[] = {
	{ .name = "echo", .services = ECHO_ONLY, .ns = true },
	{ .name = "all", .services = ALL_SERVICES, .ns = true },
	{ .name = "static", .services = ALL_SERVICES, .ns = false },
	{ .name = "bigbuf", .services = ALL_SERVICES, .ns = true, .bufsz = 2048 },
	{ .name = "crash", .services = ALL_SERVICES, .ns = true,
	  .fault = AMP_SIM_FAULT_CRASH, .fault_delay_ms = 1000, .fault_boots = 1 },
	{ .name = "hang", .services = ALL_SERVICES, .ns = true,
	  .fault = AMP_SIM_FAULT_HANG, .fault_delay_ms = 1000, .fault_boots = 1 },
	{ .name = "bad-hdr", .services = ALL_SERVICES, .ns = true,
	  .fault = AMP_SIM_FAULT_BAD_HDR, .fault_delay_ms = 200 },
	{ .name = "bad-len", .services = ALL_SERVICES, .ns = true,
	  .fault = AMP_SIM_FAULT_BAD_LEN, .fault_delay_ms = 200 },
	{ .name = "bad-addr", .services = ALL_SERVICES, .ns = true,
	  .fault = AMP_SIM_FAULT_BAD_ADDR, .fault_delay_ms = 200 },
	{ .name = "ns-flood", .services = ALL_SERVICES, .ns = true,
	  .fault = AMP_SIM_FAULT_NS_FLOOD, .fault_delay_ms = 200 },
	{ .name = "no-tx-return", .services = ALL_SERVICES, .ns = true,
	  .fault = AMP_SIM_FAULT_NO_TX_RETURN, .fault_delay_ms = 200 },
};

const unsigned int amp_simfw_nr_images = ARRAY_SIZE(amp_simfw_images);

static const char * const svc_names[AMP_SIM_SVC_NR] = {
	[AMP_SIM_SVC_ECHO]	= "amp-sim-echo",
	[AMP_SIM_SVC_SINK]	= "amp-sim-sink",
	[AMP_SIM_SVC_SOURCE]	= "amp-sim-source",
	[AMP_SIM_SVC_SENDTO]	= "amp-sim-sendto",
};

static const u32 svc_addrs[AMP_SIM_SVC_NR] = {
	[AMP_SIM_SVC_ECHO]	= AMP_SIMFW_ADDR_ECHO,
	[AMP_SIM_SVC_SINK]	= AMP_SIMFW_ADDR_SINK,
	[AMP_SIM_SVC_SOURCE]	= AMP_SIMFW_ADDR_SOURCE,
	[AMP_SIM_SVC_SENDTO]	= AMP_SIMFW_ADDR_SENDTO,
};

/**
 * amp_simfw_service_name() - channel name of a standard service
 * @kind: an &enum amp_sim_service_kind
 *
 * Return: the name the images announce, or NULL.
 */
const char *amp_simfw_service_name(u32 kind)
{
	return kind < AMP_SIM_SVC_NR ? svc_names[kind] : NULL;
}

/**
 * amp_simfw_service_addr() - endpoint address of a standard service
 * @kind: an &enum amp_sim_service_kind
 *
 * Return: the remote address the images give it, or 0.
 */
u32 amp_simfw_service_addr(u32 kind)
{
	return kind < AMP_SIM_SVC_NR ? svc_addrs[kind] : 0;
}

static void put32(u8 *p, u32 v)
{
	amp_eg_put(p, 4, v, false);
}

static size_t build_manifest(const struct amp_simfw_spec *s, u8 *m, u32 rsc_size)
{
	const size_t svc = sizeof(struct amp_sim_service);
	size_t size = sizeof(struct amp_sim_manifest);
	u32 k, n = 0;

	for (k = 0; k < AMP_SIM_SVC_NR; k++) {
		u8 *d = m + size + n * svc;
		const char *name = svc_names[k];
		unsigned int i;

		if (!(s->services & (1U << k)))
			continue;
		for (i = 0; name[i]; i++)
			d[offsetof(struct amp_sim_service, name) + i] = (u8)name[i];
		put32(d + offsetof(struct amp_sim_service, kind), k);
		put32(d + offsetof(struct amp_sim_service, addr), svc_addrs[k]);
		n++;
	}
	size += n * svc;
	put32(m + offsetof(struct amp_sim_manifest, magic), AMP_SIM_MAGIC);
	put32(m + offsetof(struct amp_sim_manifest, version), AMP_SIM_VERSION);
	put32(m + offsetof(struct amp_sim_manifest, size), (u32)size);
	put32(m + offsetof(struct amp_sim_manifest, rsc_da), AMP_SIMFW_RSC_DA);
	put32(m + offsetof(struct amp_sim_manifest, rsc_size), rsc_size);
	put32(m + offsetof(struct amp_sim_manifest, fault), s->fault);
	put32(m + offsetof(struct amp_sim_manifest, fault_delay_ms), s->fault_delay_ms);
	put32(m + offsetof(struct amp_sim_manifest, fault_arg), s->fault_arg);
	put32(m + offsetof(struct amp_sim_manifest, fault_boots), s->fault_boots);
	put32(m + offsetof(struct amp_sim_manifest, nr_services), n);
	return size;
}

/**
 * amp_simfw_build() - build a sim firmware image
 * @s: the configuration
 * @buf: destination
 * @cap: size of @buf (%AMP_SIMFW_MAX_SIZE is always enough)
 * @lay: filled with the image size and where its parts are
 *
 * Return: 0, -EINVAL for a bad configuration, -ENOSPC if @cap is too small.
 */
int amp_simfw_build(const struct amp_simfw_spec *s, void *buf, size_t cap,
		    struct amp_simfw_layout *lay)
{
	u8 rsc[256], boot[512], *vdev, *cfg;
	struct amp_eg_rsc_spec rs;
	struct amp_eg_desc d;
	size_t msize, i;
	u8 *img = buf;
	int ret;

	if (s->services >= (1U << AMP_SIM_SVC_NR) || s->fault >= AMP_SIM_FAULT_NR)
		return -EINVAL;

	amp_eg_rsc_std_spec(&rs);
	rs.carveout_da = AMP_RSC_ADDR_ANY;
	rs.carveout_len = AMP_SIMFW_CARVEOUT_LEN;
	rs.trace_da = AMP_SIMFW_TRACE_DA;
	rs.trace_len = AMP_SIMFW_TRACE_LEN;
	rs.nr_vrings = 2;
	rs.vring_num = s->vring_num ? s->vring_num : AMP_SIMFW_VRING_NUM;
	rs.vring_align = AMP_SIMFW_VRING_ALIGN;
	rs.config_len = s->bufsz ? AMP_SIMFW_BUFSZ_CFG_LEN : 0;
	ret = amp_eg_rsc_build(&rs, rsc, sizeof(rsc), &lay->rsc);
	if (ret)
		return ret;
	lay->rsc_size = (u32)lay->rsc.size;
	vdev = rsc + lay->rsc.vdev + sizeof(struct amp_rsc_hdr);
	/* elfgen offers VIRTIO_RPMSG_F_NS; take it back for static images. */
	put32(vdev + offsetof(struct amp_rsc_vdev, dfeatures),
	      (s->ns ? 1U : 0U) | (s->bufsz ? 1U << AMP_SIMFW_F_BUFSZ : 0U));
	if (s->bufsz) {
		cfg = vdev + sizeof(struct amp_rsc_vdev) +
		      2 * sizeof(struct amp_rsc_vdev_vring);
		put32(cfg, s->bufsz);
		put32(cfg + 4, s->bufsz);
	}

	for (i = 0; i < sizeof(boot); i++)
		boot[i] = 0;
	msize = build_manifest(s, boot, lay->rsc_size);
	lay->manifest_size = (u32)msize;

	amp_eg_default(&d, AMP_ELFCLASS32, false);
	d.machine = AMP_EM_SIM;
	d.entry = AMP_SIMFW_BOOT_DA;
	d.nr_segs = 3;
	d.segs[0] = (struct amp_eg_seg){ AMP_PT_LOAD, 5, AMP_SIMFW_BOOT_DA,
					 (msize + 15) & ~(size_t)15, SEG_PAGE, 0 };
	d.segs[1] = (struct amp_eg_seg){ AMP_PT_LOAD, 6, AMP_SIMFW_RSC_DA,
					 lay->rsc.size, SEG_PAGE, 0 };
	d.segs[2] = (struct amp_eg_seg){ AMP_PT_LOAD, 6, AMP_SIMFW_TRACE_DA,
					 0, AMP_SIMFW_TRACE_LEN, 0 };
	d.rsc = rsc;
	d.rsc_size = lay->rsc.size;
	d.rsc_seg = 1;
	d.rsc_seg_off = 0;
	/* Emitted without file bytes, then pointed at the boot block. */
	d.nr_sects = 1;
	d.sects[0] = (struct amp_eg_sect){ ".amp_sim", AMP_SHT_NOBITS,
					   AMP_SIMFW_BOOT_DA, msize, 0 };
	ret = amp_eg_build(&d, buf, cap, &lay->elf);
	if (ret)
		return ret;
	for (i = 0; i < msize; i++)
		img[lay->elf.seg_off[0] + i] = boot[i];
	amp_eg_set(buf, &lay->elf, AMP_EG_SH_TYPE, lay->elf.sect_shndx[0],
		   AMP_SHT_PROGBITS);
	amp_eg_set(buf, &lay->elf, AMP_EG_SH_OFFSET, lay->elf.sect_shndx[0],
		   lay->elf.seg_off[0]);
	lay->size = lay->elf.size;
	return 0;
}
