/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host side the sim's engine suites play by hand (sim_engine_test.c,
 * sim_fuzz_test.c): a fake device memory (SRAM and DDR windows), images
 * loaded into it, and the driver's half of the split virtqueues.
 */
#ifndef AMP_SIM_HOST_TEST_H
#define AMP_SIM_HOST_TEST_H

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include <ampipc/compat_unaligned.h>
#include <ampipc/rsc_table.h>
#include <ampipc/sim_image.h>

#include "../../backends/sim/sim_engine.h"
#include "../../backends/sim/fw/simfw.h"

/* The fake DDR window, at a device address chosen by the test. */
#define AMP_SIM_DDR_DA	0x40000000U
#define SRAM_SIZE	AMP_SIM_SRAM_SIZE
#define DDR_SIZE	0x80000
#define NUM		AMP_SIMFW_VRING_NUM
#define VR0_DA		(AMP_SIM_DDR_DA)
#define VR1_DA		(AMP_SIM_DDR_DA + 0x4000)
#define CARVE_DA	(AMP_SIM_DDR_DA + 0x8000)
#define BUF_DA		(AMP_SIM_DDR_DA + 0x30000)
#define BIG_RX_DA	(AMP_SIM_DDR_DA + 0x70000)
#define BIG_TX_DA	(AMP_SIM_DDR_DA + 0x78000)
#define BIG_SIZE	0x1000
#define BUF_SIZE	512
#define USED_OFF	ALIGN(16 * NUM + 6 + 2 * NUM, AMP_SIMFW_VRING_ALIGN)
#define HOST_ADDR	1025
#define PAYLOAD_MAX	(BUF_SIZE - AMP_SIM_RPMSG_HDR_LEN)

struct sim_host {
	u8 *sram;
	u8 *ddr;
	struct amp_sim_engine e;
	struct amp_simfw_layout lay;
	u8 img[AMP_SIMFW_MAX_SIZE];
	u8 *vdev;		/* vdev payload in the loaded table */
	u8 *carveout;		/* carveout payload in the loaded table */
	u16 rx_avail, rx_used, tx_avail, tx_used;
	unsigned int notified[2];
	unsigned int fatal;
	unsigned int map_refused;
	u64 now;
};

struct msg {
	u32 src, dst, len, used_len, id;
	u16 flags;
	u8 data[BUF_SIZE];
};

static inline void *host_map(void *priv, u64 da, size_t len)
{
	struct sim_host *h = priv;

	if (da >= AMP_SIM_SRAM_DA && len <= SRAM_SIZE &&
	    da - AMP_SIM_SRAM_DA <= SRAM_SIZE - len)
		return h->sram + (da - AMP_SIM_SRAM_DA);
	if (da >= AMP_SIM_DDR_DA && len <= DDR_SIZE &&
	    da - AMP_SIM_DDR_DA <= DDR_SIZE - len)
		return h->ddr + (da - AMP_SIM_DDR_DA);
	h->map_refused++;
	return NULL;
}

static inline void host_notify(void *priv, u32 notifyid)
{
	struct sim_host *h = priv;

	if (notifyid < 2)
		h->notified[notifyid]++;
}

static inline void host_fatal(void *priv)
{
	struct sim_host *h = priv;

	h->fatal++;
}

static inline u8 *dmem(struct sim_host *h, u64 da)
{
	return da >= AMP_SIM_DDR_DA ? h->ddr + (da - AMP_SIM_DDR_DA) :
				      h->sram + (da - AMP_SIM_SRAM_DA);
}

static inline u8 *ring(struct sim_host *h, unsigned int q)
{
	return dmem(h, q ? VR1_DA : VR0_DA);
}

static inline u8 *desc(struct sim_host *h, unsigned int q, unsigned int i)
{
	return ring(h, q) + 16 * i;
}

static inline u8 *avail(struct sim_host *h, unsigned int q)
{
	return ring(h, q) + 16 * NUM;
}

static inline u8 *used(struct sim_host *h, unsigned int q)
{
	return ring(h, q) + USED_OFF;
}

static inline u64 rx_buf_da(unsigned int i)
{
	return BUF_DA + (u64)i * BUF_SIZE;
}

static inline u64 tx_buf_da(unsigned int i)
{
	return BUF_DA + (u64)(NUM + i) * BUF_SIZE;
}

static inline int sim_init(struct kunit *test)
{
	struct sim_host *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);

	if (!h)
		return -ENOMEM;
	h->sram = vzalloc(SRAM_SIZE);
	h->ddr = vzalloc(DDR_SIZE);
	if (!h->sram || !h->ddr) {
		vfree(h->sram);
		vfree(h->ddr);
		return -ENOMEM;
	}
	test->priv = h;
	return 0;
}

static inline void sim_exit(struct kunit *test)
{
	struct sim_host *h = test->priv;

	vfree(h->sram);
	vfree(h->ddr);
}

static inline const struct amp_simfw_spec *find_image(struct kunit *test, const char *name)
{
	unsigned int i;

	for (i = 0; i < amp_simfw_nr_images; i++)
		if (!strcmp(amp_simfw_images[i].name, name))
			return &amp_simfw_images[i];
	KUNIT_FAIL(test, "no image %s", name);
	return &amp_simfw_images[0];
}

/* Build an image and copy its segments into device memory, as the core does. */
static inline void load(struct kunit *test, struct sim_host *h,
		 const struct amp_simfw_spec *spec)
{
	struct amp_eg_layout *el = &h->lay.elf;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, amp_simfw_build(spec, h->img, sizeof(h->img), &h->lay), 0);
	memset(h->sram, 0, SRAM_SIZE);
	for (i = 0; i < el->phnum; i++) {
		u64 da = amp_eg_get(h->img, el, AMP_EG_P_PADDR, i);
		u64 off = amp_eg_get(h->img, el, AMP_EG_P_OFFSET, i);
		u64 filesz = amp_eg_get(h->img, el, AMP_EG_P_FILESZ, i);

		KUNIT_ASSERT_EQ(test, amp_eg_get(h->img, el, AMP_EG_P_TYPE, i),
				(u64)AMP_PT_LOAD);
		KUNIT_ASSERT_NOT_NULL(test, host_map(h, da,
			amp_eg_get(h->img, el, AMP_EG_P_MEMSZ, i)));
		memcpy(dmem(h, da), h->img + off, filesz);
	}
	h->vdev = dmem(h, AMP_SIMFW_RSC_DA) + h->lay.rsc.vdev + sizeof(struct amp_rsc_hdr);
	h->carveout = dmem(h, AMP_SIMFW_RSC_DA) + h->lay.rsc.carveout +
		      sizeof(struct amp_rsc_hdr);
}

/* What the core does before starting the processor: place vrings and carveout. */
static inline void host_alloc(struct sim_host *h)
{
	u8 *vr = h->vdev + sizeof(struct amp_rsc_vdev);
	unsigned int i;

	for (i = 0; i < 2; i++) {
		u8 *r = vr + i * sizeof(struct amp_rsc_vdev_vring);

		put_unaligned_le32(i ? VR1_DA : VR0_DA, r + offsetof(struct amp_rsc_vdev_vring, da));
		put_unaligned_le32(i, r + offsetof(struct amp_rsc_vdev_vring, notifyid));
	}
	put_unaligned_le32(CARVE_DA, h->carveout + offsetof(struct amp_rsc_carveout, da));
	put_unaligned_le32(CARVE_DA, h->carveout + offsetof(struct amp_rsc_carveout, pa));
}

static inline u8 *vring_rsc(struct sim_host *h, unsigned int q)
{
	return h->vdev + sizeof(struct amp_rsc_vdev) + q * sizeof(struct amp_rsc_vdev_vring);
}

static inline void set_status(struct sim_host *h, u8 status)
{
	h->vdev[offsetof(struct amp_rsc_vdev, status)] = status;
}

static inline void post_rx_len(struct sim_host *h, unsigned int id, u32 len)
{
	u8 *d = desc(h, 0, id);

	put_unaligned_le64(rx_buf_da(id), d);
	put_unaligned_le32(len, d + 8);
	put_unaligned_le16(AMP_SIM_DESC_F_WRITE, d + 12);
	put_unaligned_le16(id, avail(h, 0) + 4 + 2 * (h->rx_avail % NUM));
	/* Descriptor and ring entry before the index, as a driver does. */
	wmb();
	put_unaligned_le16(++h->rx_avail, avail(h, 0) + 2);
}

static inline void post_rx(struct sim_host *h, unsigned int id)
{
	post_rx_len(h, id, BUF_SIZE);
}

static inline void post_rx_n(struct sim_host *h, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		post_rx(h, h->rx_avail % NUM);
}

/* Boot an image up to a running vdev with nbufs rx buffers posted. */
static inline struct sim_host *boot(struct kunit *test, const char *name, u32 gfeatures,
			     unsigned int nbufs, bool image_fault)
{
	struct sim_host *h = test->priv;
	struct amp_sim_bus bus = {
		.map = host_map,
		.notify = host_notify,
		.fatal = host_fatal,
		.priv = h,
	};

	load(test, h, find_image(test, name));
	memset(h->ddr, 0, DDR_SIZE);
	h->rx_avail = 0;
	h->rx_used = 0;
	h->tx_avail = 0;
	h->tx_used = 0;
	host_alloc(h);
	KUNIT_ASSERT_EQ(test, amp_sim_engine_init(&h->e, &bus, AMP_SIMFW_BOOT_DA,
						  image_fault), 0);
	KUNIT_ASSERT_EQ(test, h->e.state, AMP_SIM_ST_WAIT);
	put_unaligned_le32(gfeatures, h->vdev + offsetof(struct amp_rsc_vdev, gfeatures));
	post_rx_n(h, nbufs);
	set_status(h, AMP_SIM_S_ACKNOWLEDGE | AMP_SIM_S_DRIVER | AMP_SIM_S_DRIVER_OK);
	return h;
}

static inline void run_once(struct sim_host *h)
{
	amp_sim_engine_poll(&h->e, h->now);
}

static inline void run(struct sim_host *h)
{
	unsigned int i;

	for (i = 0; i < 10000 && amp_sim_engine_poll(&h->e, h->now); i++)
		;
}

/* Send one message through the host's tx ring (descriptor = slot). */
static inline void send(struct sim_host *h, u32 src, u32 dst, const void *data, u32 len)
{
	unsigned int id = h->tx_avail % NUM;
	u8 *buf = dmem(h, tx_buf_da(id));
	u8 *d = desc(h, 1, id);

	put_unaligned_le32(src, buf);
	put_unaligned_le32(dst, buf + 4);
	put_unaligned_le32(0, buf + 8);
	put_unaligned_le16(len, buf + 12);
	put_unaligned_le16(0, buf + 14);
	memcpy(buf + 16, data, len);
	put_unaligned_le64(tx_buf_da(id), d);
	put_unaligned_le32(16 + len, d + 8);
	put_unaligned_le16(0, d + 12);
	put_unaligned_le16(id, avail(h, 1) + 4 + 2 * (h->tx_avail % NUM));
	/* Buffer, descriptor and ring entry before the index. */
	wmb();
	put_unaligned_le16(++h->tx_avail, avail(h, 1) + 2);
}

static inline u16 used_idx(struct sim_host *h, unsigned int q)
{
	return get_unaligned_le16(used(h, q) + 2);
}

/* Tx buffers the remote returned since the last call. */
static inline unsigned int reclaim_tx(struct sim_host *h)
{
	unsigned int n = 0;

	while (h->tx_used != used_idx(h, 1)) {
		h->tx_used++;
		n++;
	}
	return n;
}

/* Take the next message from the rx ring; repost its buffer. */
static inline bool recv(struct kunit *test, struct sim_host *h, struct msg *m, bool repost)
{
	u8 *elem, *buf;

	if (h->rx_used == used_idx(h, 0))
		return false;
	/* The used index is read before the element it publishes. */
	rmb();
	elem = used(h, 0) + 4 + 8 * (h->rx_used % NUM);
	m->id = get_unaligned_le32(elem);
	m->used_len = get_unaligned_le32(elem + 4);
	h->rx_used++;
	KUNIT_ASSERT_LT(test, m->id, (u32)NUM);
	buf = dmem(h, rx_buf_da(m->id));
	m->src = get_unaligned_le32(buf);
	m->dst = get_unaligned_le32(buf + 4);
	m->len = get_unaligned_le16(buf + 12);
	m->flags = get_unaligned_le16(buf + 14);
	memcpy(m->data, buf + 16, min_t(u32, m->len, PAYLOAD_MAX));
	if (repost)
		post_rx(h, m->id);
	return true;
}

static inline void expect_ns(struct kunit *test, struct msg *m, const char *name, u32 addr)
{
	KUNIT_EXPECT_EQ(test, m->dst, (u32)AMP_SIM_NS_ADDR);
	KUNIT_EXPECT_EQ(test, m->src, addr);
	KUNIT_EXPECT_EQ(test, m->len, (u32)AMP_SIM_NS_MSG_LEN);
	KUNIT_EXPECT_EQ(test, m->used_len, (u32)(16 + AMP_SIM_NS_MSG_LEN));
	KUNIT_EXPECT_STREQ(test, (char *)m->data, name);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(m->data + 32), addr);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(m->data + 36), 0U);
}

static inline void drain_ns(struct kunit *test, struct sim_host *h, unsigned int n)
{
	struct msg *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, m);
	for (i = 0; i < n; i++) {
		KUNIT_ASSERT_TRUE(test, recv(test, h, m, true));
		KUNIT_EXPECT_EQ(test, m->dst, (u32)AMP_SIM_NS_ADDR);
	}
}

static inline bool trace_has(struct sim_host *h, const char *s)
{
	return strnstr(dmem(h, AMP_SIMFW_TRACE_DA), s, AMP_SIMFW_TRACE_LEN);
}

static inline struct msg *new_msg(struct kunit *test)
{
	struct msg *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	return m;
}

#endif /* AMP_SIM_HOST_TEST_H */
