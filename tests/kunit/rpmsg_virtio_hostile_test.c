// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: KUnit suite amp_rpmsg_virtio, its hostile-remote cases: the fake
 * remote of rpmsg_virtio_fake.c lies in the used rings, the descriptors and
 * the message headers, and the transport must count, drop or give up the
 * ring, never trust it. The suite's table is in rpmsg_virtio_test.c.
 */

#include <kunit/test.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/kmod.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ring.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <ampipc/rpmsg.h>
#include <ampipc/rpmsg_wire.h>
#include <ampipc/rsc_table.h>
#include <ampipc/virtio_dev.h>

#include "rpmsg_test.h"
#include "rpmsg_virtio_fake.h"
#include "rpmsg_virtio_test.h"

/* hostile remote */

/*
 * The test driver @drv bound to a channel that a standard fake remote
 * announced from @addr.
 */
static struct amp_rpmsg_device *hostile_channel(struct kunit *test,
						const char *drv, u32 addr,
						struct fremote **fr)
{
	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	*fr = fr_std(test);
	return fr_channel(test, *fr, drv, addr);
}

/* The host stays up: a message still reaches the remote. */
static void hostile_expect_alive(struct kunit *test, struct fremote *fr,
				 struct amp_rpmsg_device *rpdev)
{
	struct fr_msg *m;

	KUNIT_EXPECT_EQ(test, amp_rpmsg_send(rpdev->ept, "alive", 6), 0);
	m = fr_recv(fr);
	KUNIT_EXPECT_NOT_NULL(test, m);
	kfree(m);
}

void hostile_used_len(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct amp_rpmsg_hdr h = {};
	struct fremote *fr;

	rpdev = hostile_channel(test, "amp-t-record", 0x405, &fr);
	h.src = cpu_to_le32(0x405);
	h.dst = cpu_to_le32(rpdev->src);
	h.len = cpu_to_le16(4);
	KUNIT_ASSERT_EQ(test, fr_send_raw(fr, &h, sizeof(h), 513, U32_MAX), 0);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(fr_rx_avail(fr) == FR_NUM));
	KUNIT_ASSERT_EQ(test, fr_send_raw(fr, &h, sizeof(h), 15, U32_MAX), 0);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(fst(rpdev, AMP_RPMSG_ST_RX_BAD_LEN) == 2));
	/* the buffers went back to the remote and the link still works */
	KUNIT_EXPECT_TRUE(test, amp_t_wait(fr_rx_avail(fr) == FR_NUM));
	KUNIT_ASSERT_EQ(test, fr_send(fr, 0x405, rpdev->src, "ok", 3), 0);
	KUNIT_EXPECT_TRUE(test, amp_t_wait(READ_ONCE(amp_t_drv_state.rx) == 1));
}

void hostile_header_len(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct amp_rpmsg_hdr h = {};
	struct fremote *fr;

	rpdev = hostile_channel(test, "amp-t-record", 0x406, &fr);
	h.src = cpu_to_le32(0x406);
	h.dst = cpu_to_le32(rpdev->src);
	h.len = cpu_to_le16(400);
	/* claims 400 bytes, the used ring says 10 were written */
	KUNIT_ASSERT_EQ(test, fr_send_raw(fr, &h, sizeof(h), sizeof(h) + 10, U32_MAX), 0);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(fst(rpdev, AMP_RPMSG_ST_RX_BAD_HDR) == 1));
	h.len = cpu_to_le16(0xffff);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(fr_rx_avail(fr) == FR_NUM));
	KUNIT_ASSERT_EQ(test, fr_send_raw(fr, &h, sizeof(h), 512, U32_MAX), 0);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(fst(rpdev, AMP_RPMSG_ST_RX_BAD_HDR) == 2));
	KUNIT_EXPECT_EQ(test, READ_ONCE(amp_t_drv_state.rx), 0);
}

void hostile_unknown_dst(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;

	rpdev = hostile_channel(test, "amp-t-record", 0x407, &fr);
	KUNIT_ASSERT_EQ(test, fr_send(fr, 0x407, 0xdead, "x", 2), 0);
	KUNIT_EXPECT_TRUE(test, amp_t_wait(fst(rpdev, AMP_RPMSG_ST_RX_UNKNOWN_DST) == 1));
}

void hostile_vring_index_out_of_range(struct kunit *test)
{
	struct fremote *fr = fr_std(test);

	amp_virtio_dev_vring_interrupt(&fr->rvdev, 2);
	amp_virtio_dev_vring_interrupt(&fr->rvdev, 1000);
	amp_virtio_dev_vring_interrupt(&fr->rvdev, UINT_MAX);
	KUNIT_EXPECT_EQ(test, amp_virtio_bad_vring(&fr->rvdev), 3UL);
	/* valid ones still work */
	amp_virtio_dev_vring_interrupt(&fr->rvdev, 0);
	KUNIT_EXPECT_EQ(test, amp_virtio_bad_vring(&fr->rvdev), 3UL);
}

void hostile_used_id_out_of_range(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct amp_rpmsg_hdr h = {};
	struct fremote *fr;

	rpdev = hostile_channel(test, "amp-t-record", 0x408, &fr);
	h.dst = cpu_to_le32(rpdev->src);
	KUNIT_ASSERT_EQ(test, fr_send_raw(fr, &h, sizeof(h), sizeof(h), 999), 0);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(fst(rpdev, AMP_RPMSG_ST_VRING_BROKEN) == 1));
	hostile_expect_alive(test, fr, rpdev);
}

/* The used id names a buffer the host holds, not one the remote has. */
void hostile_used_id_not_with_remote(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;
	u32 id;

	rpdev = hostile_channel(test, "amp-t-hold", 0x411, &fr);
	KUNIT_ASSERT_EQ(test, fr_send(fr, 0x411, rpdev->src, "keep", 5), 0);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(READ_ONCE(amp_t_drv_state.nheld) == 1));
	id = __virtio32_to_cpu(true, fr->vr[0].used->ring[(u16)(fr->used_idx[0] - 1) % FR_NUM].id);
	/* the same buffer again, while the host still holds it */
	fr_used_lie(fr, 0, id, 20);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(fst(rpdev, AMP_RPMSG_ST_VRING_BROKEN) == 1));
	KUNIT_EXPECT_EQ(test, READ_ONCE(amp_t_drv_state.rx), 1);
	/* the held buffer stays valid and is released; the host stays up */
	KUNIT_EXPECT_STREQ(test, (char *)amp_t_drv_state.held[0], "keep");
	amp_t_drv_release_held();
	hostile_expect_alive(test, fr, rpdev);
	/* a broken ring is not read again, and counted once */
	KUNIT_EXPECT_EQ(test, fr_send(fr, 0x411, rpdev->src, "x", 2), 0);
	msleep(50);
	KUNIT_EXPECT_EQ(test, READ_ONCE(amp_t_drv_state.rx), 1);
	KUNIT_EXPECT_EQ(test, fst(rpdev, AMP_RPMSG_ST_VRING_BROKEN), 1UL);
}

/* The used index claims more elements than there are buffers. */
void hostile_used_index_run_ahead(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;

	rpdev = hostile_channel(test, "amp-t-record", 0x412, &fr);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(fr_rx_avail(fr) == FR_NUM));
	fr_used_run_ahead(fr, 0, FR_NUM + 1);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(fst(rpdev, AMP_RPMSG_ST_VRING_BROKEN) == 1));
	KUNIT_EXPECT_EQ(test, READ_ONCE(amp_t_drv_state.rx), 0);
	KUNIT_EXPECT_EQ(test, fst(rpdev, AMP_RPMSG_ST_RX_BAD_LEN), 0UL);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_send(rpdev->ept, "alive", 6), 0);
}

/* Lies on the tx ring are skipped one by one; the link keeps sending. */
void hostile_tx_used_lies(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;
	struct fr_msg *m;
	int i;

	rpdev = hostile_channel(test, "amp-t-record", 0x413, &fr);
	fr->auto_tx = false;
	/* out of range, and a buffer that was never sent */
	fr_used_lie(fr, 1, 999, 0);
	fr_used_lie(fr, 1, FR_NUM - 1, 0);
	KUNIT_ASSERT_EQ(test, amp_rpmsg_send(rpdev->ept, "a", 2), 0);
	KUNIT_EXPECT_EQ(test, fst(rpdev, AMP_RPMSG_ST_TX_BAD_BUF), 2UL);
	KUNIT_ASSERT_EQ(test, fr_pump(fr), 1);
	/* the index run ahead: skipped whole, once */
	fr_used_run_ahead(fr, 1, FR_NUM + 1);
	KUNIT_ASSERT_EQ(test, amp_rpmsg_send(rpdev->ept, "b", 2), 0);
	KUNIT_EXPECT_EQ(test, fst(rpdev, AMP_RPMSG_ST_TX_BAD_BUF), 3UL);
	KUNIT_ASSERT_EQ(test, fr_pump(fr), 1);
	/* valid returns still free buffers: more sends than buffers */
	for (i = 0; i < 2 * FR_NUM; i++) {
		KUNIT_ASSERT_EQ(test, amp_rpmsg_trysend(rpdev->ept, "c", 2), 0);
		KUNIT_ASSERT_EQ(test, fr_pump(fr), 1);
	}
	for (i = 0; i < 2 + 2 * FR_NUM; i++) {
		m = fr_recv(fr);
		KUNIT_ASSERT_NOT_NULL(test, m);
		kfree(m);
	}
	KUNIT_EXPECT_EQ(test, fst(rpdev, AMP_RPMSG_ST_TX_BAD_BUF), 3UL);
	KUNIT_EXPECT_EQ(test, fst(rpdev, AMP_RPMSG_ST_VRING_BROKEN), 0UL);
}

/*
 * What the remote writes after the host has read it is never read again:
 * the used element and the descriptor of a buffer the host holds are
 * rewritten (an id out of range, an address outside the rx buffers); the
 * release reposts the buffer the host had, with its own descriptor.
 */
void hostile_rewritten_after_read(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct vring_used_elem *e;
	struct vring_desc *d;
	struct fremote *fr;
	u64 addr;
	u16 head;

	rpdev = hostile_channel(test, "amp-t-hold", 0x414, &fr);
	KUNIT_ASSERT_EQ(test, fr_send(fr, 0x414, rpdev->src, "keep", 5), 0);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(READ_ONCE(amp_t_drv_state.nheld) == 1));
	e = &fr->vr[0].used->ring[(u16)(fr->used_idx[0] - 1) % FR_NUM];
	head = __virtio32_to_cpu(true, e->id);
	KUNIT_ASSERT_LT(test, head, FR_NUM);
	d = &fr->vr[0].desc[head];
	addr = __virtio64_to_cpu(true, d->addr);
	KUNIT_EXPECT_PTR_EQ(test, phys_to_virt(addr) + sizeof(struct amp_rpmsg_hdr),
			    amp_t_drv_state.held[0]);
	WRITE_ONCE(e->id, __cpu_to_virtio32(true, 999));
	WRITE_ONCE(e->len, __cpu_to_virtio32(true, 0xffffffff));
	WRITE_ONCE(d->addr, __cpu_to_virtio64(true, 0xdead0000ULL));
	WRITE_ONCE(d->len, __cpu_to_virtio32(true, 0xffffffff));
	WRITE_ONCE(d->flags, __cpu_to_virtio16(true, VRING_DESC_F_NEXT | VRING_DESC_F_INDIRECT));
	amp_t_drv_release_held();
	KUNIT_ASSERT_TRUE(test, amp_t_wait(fr_rx_avail(fr) == FR_NUM));
	/* the same buffer went back, its descriptor written whole again */
	KUNIT_EXPECT_EQ(test, v16(fr->vr[0].avail->ring[(u16)(fr->last_avail[0] + FR_NUM - 1) % FR_NUM]),
			head);
	KUNIT_EXPECT_EQ(test, __virtio64_to_cpu(true, d->addr), addr);
	KUNIT_EXPECT_EQ(test, __virtio32_to_cpu(true, d->len), 512U);
	KUNIT_EXPECT_EQ(test, v16(d->flags), (u16)VRING_DESC_F_WRITE);
	KUNIT_EXPECT_EQ(test, fst(rpdev, AMP_RPMSG_ST_VRING_BROKEN), 0UL);
	KUNIT_EXPECT_EQ(test, fst(rpdev, AMP_RPMSG_ST_RX_BAD_LEN), 0UL);
	/* and the ring goes on */
	KUNIT_ASSERT_EQ(test, fr_send(fr, 0x414, rpdev->src, "more", 5), 0);
	KUNIT_EXPECT_TRUE(test, amp_t_wait(READ_ONCE(amp_t_drv_state.nheld) == 1));
	amp_t_drv_release_held();
}

void hostile_descriptors_rewritten(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;
	void *real[FR_NUM];
	int i;

	rpdev = hostile_channel(test, "amp-t-record", 0x409, &fr);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(fr_rx_avail(fr) == FR_NUM));
	/* the remote scribbles over the descriptor table (addresses, lengths) */
	for (i = 0; i < FR_NUM; i++) {
		real[i] = phys_to_virt(__virtio64_to_cpu(true, fr->vr[0].desc[i].addr));
		fr->vr[0].desc[i].addr = __cpu_to_virtio64(true, 0xdead0000ULL);
		fr->vr[0].desc[i].len = __cpu_to_virtio32(true, 0xffffffff);
	}
	/* and then writes a proper message where the buffer really is */
	for (i = 0; i < FR_NUM; i++) {
		struct amp_rpmsg_hdr *h = real[i];

		h->src = cpu_to_le32(0x409);
		h->dst = cpu_to_le32(rpdev->src);
		h->len = cpu_to_le16(3);
		memcpy(h->data, "ok", 3);
	}
	for (i = 0; i < FR_NUM; i++)
		fr->vr[0].desc[i].addr = __cpu_to_virtio64(true, virt_to_phys(real[i]));
	KUNIT_ASSERT_EQ(test, fr_send_raw(fr, real[0], 19, 19, U32_MAX), 0);
	KUNIT_EXPECT_TRUE(test, amp_t_wait(READ_ONCE(amp_t_drv_state.rx) == 1));
	KUNIT_EXPECT_EQ(test, memcmp(amp_t_drv_state.last, "ok", 3), 0);
	KUNIT_EXPECT_EQ(test, amp_t_drv_state.last_len, (size_t)3);
}

/* The remote marks every descriptor of ring @q as chained. */
static void fr_chain_all(struct fremote *fr, int q, u16 extra)
{
	int i;

	for (i = 0; i < FR_NUM; i++)
		WRITE_ONCE(fr->vr[q].desc[i].flags,
			   __cpu_to_virtio16(true, VRING_DESC_F_NEXT | extra));
}

void hostile_descriptor_flags(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;
	struct fr_msg *m;
	int i;

	rpdev = hostile_channel(test, "amp-t-record", 0x410, &fr);
	fr->auto_tx = false;
	/* more messages than descriptors, both ways, NEXT set before each */
	for (i = 0; i < 2 * FR_NUM; i++) {
		fr_chain_all(fr, 0, VRING_DESC_F_WRITE);
		KUNIT_ASSERT_EQ(test, fr_send(fr, 0x410, rpdev->src, "n", 2), 0);
		KUNIT_ASSERT_TRUE(test, amp_t_wait(READ_ONCE(amp_t_drv_state.rx) == i + 1));
		KUNIT_ASSERT_EQ(test, amp_rpmsg_send(rpdev->ept, "m", 2), 0);
		fr_chain_all(fr, 1, 0);
		KUNIT_ASSERT_EQ(test, fr_pump(fr), 1);
		m = fr_recv(fr);
		KUNIT_ASSERT_NOT_NULL(test, m);
		kfree(m);
	}
	KUNIT_EXPECT_TRUE(test, amp_t_wait(fr_rx_avail(fr) == FR_NUM));
	KUNIT_EXPECT_EQ(test, fst(rpdev, AMP_RPMSG_ST_VRING_BROKEN), 0UL);
}

void hostile_fuzz_rx_headers(struct kunit *test)
{
	unsigned long before, after;
	struct amp_rpmsg_device *rpdev;
	struct amp_rpmsg_hdr *h;
	struct fremote *fr;
	u8 *buf;
	int i, sent = 0;

	rpdev = hostile_channel(test, "amp-t-record", 0x40a, &fr);
	buf = kunit_kzalloc(test, 512, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	h = (void *)buf;
	before = fst(rpdev, AMP_RPMSG_ST_RX) + fst(rpdev, AMP_RPMSG_ST_RX_UNKNOWN_DST) +
		 fst(rpdev, AMP_RPMSG_ST_RX_BAD_LEN) + fst(rpdev, AMP_RPMSG_ST_RX_BAD_HDR);
	for (i = 0; i < 400; i++) {
		u32 used = get_random_u32() % 600;

		get_random_bytes(buf, 512);
		/* now and then aim at real endpoints: the channel and NS */
		if (i % 5 == 0)
			h->dst = cpu_to_le32(i % 10 ? rpdev->src : 53);
		if (i % 3 == 0)
			h->len = cpu_to_le16(get_random_u32() % 520);
		if (!amp_t_wait(fr_rx_avail(fr) > 0))
			break;
		if (fr_send_raw(fr, buf, 512, used, U32_MAX))
			break;
		sent++;
	}
	KUNIT_EXPECT_EQ(test, sent, 400);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(fr_rx_avail(fr) == FR_NUM));
	after = fst(rpdev, AMP_RPMSG_ST_RX) + fst(rpdev, AMP_RPMSG_ST_RX_UNKNOWN_DST) +
		fst(rpdev, AMP_RPMSG_ST_RX_BAD_LEN) + fst(rpdev, AMP_RPMSG_ST_RX_BAD_HDR);
	/* every message accounted for, exactly once */
	KUNIT_EXPECT_EQ(test, after - before, (unsigned long)sent);
	/* and the host still talks */
	KUNIT_EXPECT_EQ(test, amp_rpmsg_send(rpdev->ept, "alive", 6), 0);
}
