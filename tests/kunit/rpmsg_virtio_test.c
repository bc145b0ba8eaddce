// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: KUnit suite amp_rpmsg_virtio: the virtio transport against the
 * fake remote of rpmsg_virtio_fake.c, which plays the device side in the
 * standard wire format: echo, name service, static channels, the
 * buffer-size extension, hostile remotes, flow control and zero-copy.
 */

#include <kunit/test.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/kmod.h>
#include <linux/kthread.h>
#include <linux/module.h>
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

/* ---------------------------------------------------------------- */

static void virtio_device_bound_by_our_driver(struct kunit *test)
{
	struct fremote *fr = fr_std(test);
	struct virtio_device *vd = fr_vdev(fr);

	KUNIT_ASSERT_NOT_NULL(test, vd);
	KUNIT_EXPECT_EQ(test, vd->id.device, AMP_VIRTIO_ID_RPMSG);
	KUNIT_EXPECT_NE(test, vd->id.device, 7U);
	KUNIT_EXPECT_TRUE(test, amp_virtio_is_amp(vd));
	KUNIT_ASSERT_NOT_NULL(test, vd->dev.driver);
	KUNIT_EXPECT_STREQ(test, vd->dev.driver->name, "amp_rpmsg_virtio");
	/* status and features written back where the remote reads them */
	KUNIT_EXPECT_TRUE(test, fr->rsc->status & VIRTIO_CONFIG_S_DRIVER_OK);
	KUNIT_EXPECT_TRUE(test, fr->rsc->status & VIRTIO_CONFIG_S_DRIVER);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(fr->rsc->gfeatures),
			(u32)BIT(AMP_VIRTIO_RPMSG_F_NS));
	/* every rx buffer posted, and the remote told */
	KUNIT_EXPECT_EQ(test, fr_rx_avail(fr), FR_NUM);
	KUNIT_EXPECT_GE(test, atomic_read(&fr->kicks[0]), 1);
	KUNIT_EXPECT_EQ(test, __virtio32_to_cpu(true, fr->vr[0].desc[0].len), 512U);
	KUNIT_EXPECT_EQ(test, v16(fr->vr[0].desc[0].flags), (u16)VRING_DESC_F_WRITE);
}

static void virtio_stock_driver_never_binds(struct kunit *test)
{
	struct virtio_device *vd, *vd2;
	struct device_driver *stock;
	struct fremote *fr, *fr2;

	fr = fr_std(test);
	vd = fr_vdev(fr);
	KUNIT_ASSERT_EQ(test, request_module("virtio_rpmsg_bus"), 0);
	stock = driver_find("virtio_rpmsg_bus", vd->dev.bus);
	KUNIT_ASSERT_NOT_NULL_MSG(test, stock, "stock virtio_rpmsg_bus not registered");
	/* neither a device that existed before it nor one added after */
	fr2 = fr_std(test);
	vd2 = fr_vdev(fr2);
	KUNIT_EXPECT_EQ(test, vd->dev.bus->match(&vd->dev, stock), 0);
	KUNIT_EXPECT_EQ(test, vd2->dev.bus->match(&vd2->dev, stock), 0);
	KUNIT_ASSERT_NOT_NULL(test, vd2->dev.driver);
	KUNIT_EXPECT_PTR_NE(test, vd->dev.driver, stock);
	KUNIT_EXPECT_PTR_NE(test, vd2->dev.driver, stock);
	KUNIT_EXPECT_STREQ(test, vd2->dev.driver->name, "amp_rpmsg_virtio");
	/* and ours never takes a standard id 7 device */
	KUNIT_EXPECT_EQ(test, AMP_VIRTIO_ID_RPMSG & 0xffff0000U, AMP_VIRTIO_ID_BASE);
}

static void virtio_client_echo_both_ways(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;
	struct fr_msg *m;
	u8 *big;
	int i;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	amp_t_drv_state.greet = true;
	fr = fr_std(test);
	rpdev = fr_channel(test, fr, "amp-t-echo", 0x400);
	/* the driver's greeting teaches the remote our address */
	m = fr_recv(fr);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->dst, 0x400U);
	KUNIT_EXPECT_EQ(test, m->src, rpdev->src);
	KUNIT_EXPECT_STREQ(test, (char *)m->data, "hello");
	KUNIT_EXPECT_EQ(test, m->desc_len, (u32)sizeof(struct amp_rpmsg_hdr) + 6);
	kfree(m);

	big = kunit_kmalloc(test, 496, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	for (i = 0; i < 496; i++)
		big[i] = i * 7;
	for (i = 0; i < 40; i++) {	/* more than the buffers on each side */
		KUNIT_ASSERT_EQ(test, fr_send(fr, 0x400, rpdev->src, big, 496 - i), 0);
		m = fr_recv(fr);
		KUNIT_ASSERT_NOT_NULL(test, m);
		KUNIT_EXPECT_EQ(test, m->len, (size_t)(496 - i));
		KUNIT_EXPECT_EQ(test, memcmp(m->data, big, m->len), 0);
		KUNIT_EXPECT_EQ(test, m->src, rpdev->src);
		KUNIT_EXPECT_EQ(test, m->dst, 0x400U);
		kfree(m);
	}
	KUNIT_EXPECT_EQ(test, fst(rpdev, AMP_RPMSG_ST_RX), 41UL);
}

static void virtio_server_replies_with_sendto(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;
	struct fr_msg *m;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	fr = fr_std(test);
	rpdev = fr_channel(test, fr, "amp-t-server", 0x401);
	/* two remote endpoints talk to the one server address */
	KUNIT_ASSERT_EQ(test, fr_send(fr, 0x999, rpdev->src, "q1", 3), 0);
	KUNIT_ASSERT_EQ(test, fr_send(fr, 0x998, rpdev->src, "q2", 3), 0);
	m = fr_recv(fr);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->dst, 0x999U);
	KUNIT_EXPECT_STREQ(test, (char *)m->data, "q1");
	kfree(m);
	m = fr_recv(fr);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->dst, 0x998U);
	KUNIT_EXPECT_EQ(test, m->src, rpdev->src);
	kfree(m);
}

static void virtio_ns_destroy_removes_channel(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	fr = fr_std(test);
	rpdev = fr_channel(test, fr, "amp-t-record", 0x402);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_link_nr_channels(rpdev->link), 1U);
	KUNIT_ASSERT_EQ(test, fr_ns(fr, "amp-t-record", 0x402, AMP_RPMSG_NS_DESTROY), 0);
	KUNIT_EXPECT_TRUE(test, amp_t_wait(READ_ONCE(amp_t_drv_state.removes) == 1));
}

static void virtio_static_channel_announced(struct kunit *test)
{
	static const struct amp_rpmsg_channel_info tbl[] = {
		{ .name = "amp-t-record", .src = 0x4400, .dst = 0x30 },
	};
	struct fr_opts o = { .dfeatures = BIT(AMP_VIRTIO_RPMSG_F_NS),
			     .channels = tbl, .nr_channels = 1 };
	struct amp_rpmsg_ns_msg *ns;
	struct fremote *fr;
	struct fr_msg *m;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	fr = fr_new(test, &o);
	KUNIT_EXPECT_EQ(test, amp_t_drv_state.probes, 1);
	m = fr_recv(fr);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->dst, 53U);
	KUNIT_EXPECT_EQ(test, m->src, 0x4400U);
	KUNIT_ASSERT_EQ(test, m->len, (size_t)40);
	ns = (void *)m->data;
	KUNIT_EXPECT_STREQ(test, ns->name, "amp-t-record");
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ns->addr), 0x4400U);
	kfree(m);
	KUNIT_ASSERT_EQ(test, fr_send(fr, 0x30, 0x4400, "s", 2), 0);
	KUNIT_EXPECT_TRUE(test, amp_t_wait(READ_ONCE(amp_t_drv_state.rx) == 1));
}

static void virtio_echo_sample_module(struct kunit *test)
{
	struct fremote *fr;
	struct fr_msg *m;
	u32 host;

	KUNIT_ASSERT_EQ(test, request_module("amp_rpmsg_echo"), 0);
	fr = fr_std(test);
	KUNIT_ASSERT_EQ(test, fr_ns(fr, "amp-echo", 0x420, AMP_RPMSG_NS_CREATE), 0);
	m = fr_recv(fr);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_STREQ(test, (char *)m->data, "amp_rpmsg_echo ready");
	KUNIT_EXPECT_EQ(test, m->dst, 0x420U);
	host = m->src;
	kfree(m);
	KUNIT_ASSERT_EQ(test, fr_send(fr, 0x421, host, "ping", 5), 0);
	m = fr_recv(fr);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_STREQ(test, (char *)m->data, "ping");
	KUNIT_EXPECT_EQ(test, m->dst, 0x421U);
	kfree(m);
}

/* buffer-size extension */

static struct amp_rpmsg_vcfg_bufsz *fr_cfg(struct fremote *fr)
{
	return fr->rvdev.config;
}

static void bufsz_negotiated_larger(struct kunit *test)
{
	struct fr_opts o = { .dfeatures = BIT(AMP_VIRTIO_RPMSG_F_NS) |
					  BIT(AMP_VIRTIO_RPMSG_F_BUFSZ),
			     .h2r = 2048, .r2h = 2048 };
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;
	struct fr_msg *m;
	u8 *big;
	int i;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	amp_t_drv_state.greet = true;
	fr = fr_new(test, &o);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(fr->rsc->gfeatures),
			(u32)(BIT(AMP_VIRTIO_RPMSG_F_NS) | BIT(AMP_VIRTIO_RPMSG_F_BUFSZ)));
	KUNIT_EXPECT_EQ(test, le32_to_cpu(fr_cfg(fr)->h2r_buf_size), 2048U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(fr_cfg(fr)->r2h_buf_size), 2048U);
	KUNIT_EXPECT_EQ(test, __virtio32_to_cpu(true, fr->vr[0].desc[0].len), 2048U);
	rpdev = fr_channel(test, fr, "amp-t-echo", 0x403);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_get_mtu(rpdev->ept), (ssize_t)2032);
	kfree(fr_recv(fr));	/* greeting */
	big = kunit_kmalloc(test, 2032, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	for (i = 0; i < 2032; i++)
		big[i] = i ^ 0x5a;
	KUNIT_ASSERT_EQ(test, fr_send(fr, 0x403, rpdev->src, big, 2032), 0);
	m = fr_recv(fr);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->len, (size_t)2032);
	KUNIT_EXPECT_EQ(test, m->desc_len, 2048U);
	KUNIT_EXPECT_EQ(test, memcmp(m->data, big, 2032), 0);
	kfree(m);
}

static void bufsz_asymmetric(struct kunit *test)
{
	struct fr_opts o = { .dfeatures = BIT(AMP_VIRTIO_RPMSG_F_NS) |
					  BIT(AMP_VIRTIO_RPMSG_F_BUFSZ),
			     .h2r = 1024, .r2h = 4096 };
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;
	struct fr_msg *m;
	u8 *big;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	fr = fr_new(test, &o);
	KUNIT_EXPECT_EQ(test, __virtio32_to_cpu(true, fr->vr[0].desc[0].len), 4096U);
	rpdev = fr_channel(test, fr, "amp-t-record", 0x404);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_get_mtu(rpdev->ept), (ssize_t)1008);
	big = kunit_kzalloc(test, 4080, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	/* the remote sends more than 1008, up to its 4080 */
	KUNIT_ASSERT_EQ(test, fr_send(fr, 0x404, rpdev->src, big, 4080), 0);
	KUNIT_EXPECT_TRUE(test, amp_t_wait(READ_ONCE(amp_t_drv_state.rx) == 1));
	KUNIT_EXPECT_EQ(test, fst(rpdev, AMP_RPMSG_ST_RX_BAD_LEN), 0UL);
	/* the host is held to 1008 */
	KUNIT_EXPECT_EQ(test, amp_rpmsg_send(rpdev->ept, big, 1009), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_send(rpdev->ept, big, 1008), 0);
	m = fr_recv(fr);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_EQ(test, m->len, (size_t)1008);
	kfree(m);
}

static void bufsz_capped_by_host(struct kunit *test)
{
	struct fr_opts o = { .dfeatures = BIT(AMP_VIRTIO_RPMSG_F_BUFSZ),
			     .h2r = 65536, .r2h = 16384 };
	struct fremote *fr = fr_new(test, &o);

	/* max_buf_size (8192 by default) wins; the remote reads it back */
	KUNIT_EXPECT_EQ(test, le32_to_cpu(fr_cfg(fr)->h2r_buf_size), 8192U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(fr_cfg(fr)->r2h_buf_size), 8192U);
	KUNIT_EXPECT_EQ(test, __virtio32_to_cpu(true, fr->vr[0].desc[0].len), 8192U);
}

static void bufsz_invalid_stays_standard(struct kunit *test)
{
	static const u32 bad[][2] = {
		{ 100, 512 }, { 512, 32 }, { 0, 0 }, { 131072, 512 }, { 512, 1000 },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct fr_opts o = { .dfeatures = BIT(AMP_VIRTIO_RPMSG_F_BUFSZ),
				     .h2r = bad[i][0], .r2h = bad[i][1] };
		struct fremote *fr = fr_new(test, &o);

		KUNIT_EXPECT_EQ_MSG(test, le32_to_cpu(fr->rsc->gfeatures), 0U, "case %d", i);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(fr_cfg(fr)->h2r_buf_size), bad[i][0]);
		KUNIT_EXPECT_EQ(test, __virtio32_to_cpu(true, fr->vr[0].desc[0].len), 512U);
	}
}

static void bufsz_not_offered_is_standard(struct kunit *test)
{
	struct fr_opts o = { .dfeatures = BIT(AMP_VIRTIO_RPMSG_F_NS),
			     .h2r = 2048, .r2h = 2048 };
	struct fremote *fr = fr_new(test, &o);

	KUNIT_EXPECT_EQ(test, le32_to_cpu(fr->rsc->gfeatures), (u32)BIT(AMP_VIRTIO_RPMSG_F_NS));
	/* config untouched, buffers standard */
	KUNIT_EXPECT_EQ(test, le32_to_cpu(fr_cfg(fr)->h2r_buf_size), 2048U);
	KUNIT_EXPECT_EQ(test, __virtio32_to_cpu(true, fr->vr[0].desc[0].len), 512U);
}

static void virtio_unknown_features_dropped(struct kunit *test)
{
	struct fr_opts o = { .dfeatures = BIT(AMP_VIRTIO_RPMSG_F_NS) | BIT(5) |
					  BIT(VIRTIO_RING_F_INDIRECT_DESC) | BIT(31) };
	struct fremote *fr = fr_new(test, &o);

	/* the driver asked for neither bit 5 nor ring features we do not build */
	KUNIT_EXPECT_EQ(test, le32_to_cpu(fr->rsc->gfeatures), (u32)BIT(AMP_VIRTIO_RPMSG_F_NS));
}

/* flow control and zero-copy through virtio */

struct vsender {
	struct amp_rpmsg_endpoint *ept;
	int ret;
	struct completion started;
	struct completion finished;
};

static int vsender_fn(void *data)
{
	struct vsender *s = data;
	u8 b = 2;

	complete(&s->started);
	s->ret = amp_rpmsg_send_timeout(s->ept, s->ept->addr, 0x40b, &b, 1, 5 * HZ);
	complete(&s->finished);
	return 0;
}

static void virtio_sender_woken_by_tx_done(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct task_struct *t;
	struct vsender *s;
	struct fremote *fr;
	u8 b = 1;
	int i;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	fr = fr_std(test);
	rpdev = fr_channel(test, fr, "amp-t-record", 0x40b);
	fr->hold_tx = true;
	for (i = 0; i < FR_NUM; i++)
		KUNIT_ASSERT_EQ(test, amp_rpmsg_trysend(rpdev->ept, &b, 1), 0);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(READ_ONCE(fr->nheld) == FR_NUM));
	KUNIT_EXPECT_EQ(test, amp_rpmsg_trysend(rpdev->ept, &b, 1), -EAGAIN);
	KUNIT_EXPECT_FALSE(test, amp_rpmsg_poll(rpdev->ept, NULL, NULL) & EPOLLOUT);
	KUNIT_EXPECT_EQ(test, amp_rpmsg_send_timeout(rpdev->ept, rpdev->src, 0x40b, &b, 1,
						     msecs_to_jiffies(50)), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, fst(rpdev, AMP_RPMSG_ST_TX_TIMEOUT), 1UL);

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	s->ept = rpdev->ept;
	init_completion(&s->started);
	init_completion(&s->finished);
	t = kthread_run(vsender_fn, s, "amp_t_vsender");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	wait_for_completion(&s->started);
	msleep(100);
	KUNIT_EXPECT_FALSE(test, completion_done(&s->finished));
	/* one buffer back, with its interrupt: the sender goes at once */
	fr->hold_tx = false;
	fr_return_held(fr, 1);
	if (!wait_for_completion_timeout(&s->finished, HZ)) {
		KUNIT_FAIL(test, "the sender was not woken by tx-done");
		wait_for_completion(&s->finished);
	}
	KUNIT_EXPECT_EQ(test, s->ret, 0);
	fr_return_held(fr, FR_NUM);
}

static void virtio_zero_copy_tx(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;
	struct fr_msg *m;
	size_t room;
	void *buf;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	fr = fr_std(test);
	rpdev = fr_channel(test, fr, "amp-t-record", 0x40c);
	buf = amp_rpmsg_tx_borrow(rpdev->ept, &room, HZ);
	KUNIT_ASSERT_FALSE(test, IS_ERR(buf));
	KUNIT_EXPECT_EQ(test, room, (size_t)496);
	strscpy(buf, "in place", room);
	KUNIT_ASSERT_EQ(test, amp_rpmsg_tx_send(rpdev->ept, buf, rpdev->src, 0x40c, 9), 0);
	m = fr_recv(fr);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_EXPECT_STREQ(test, (char *)m->data, "in place");
	/* the remote read the very buffer the driver filled */
	KUNIT_EXPECT_PTR_EQ(test, m->buf + sizeof(struct amp_rpmsg_hdr), buf);
	kfree(m);
	/* a pointer that is not a borrowed buffer is refused */
	KUNIT_EXPECT_EQ(test, amp_rpmsg_tx_send(rpdev->ept, buf, rpdev->src, 0x40c, 1),
			-EINVAL);
}

static void virtio_zero_copy_rx_hold(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	fr = fr_std(test);
	rpdev = fr_channel(test, fr, "amp-t-hold", 0x40d);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(fr_rx_avail(fr) == FR_NUM));
	KUNIT_ASSERT_EQ(test, fr_send(fr, 0x40d, rpdev->src, "keep", 5), 0);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(READ_ONCE(amp_t_drv_state.nheld) == 1));
	/* held: not handed back to the remote */
	msleep(50);
	KUNIT_EXPECT_EQ(test, fr_rx_avail(fr), FR_NUM - 1);
	KUNIT_EXPECT_STREQ(test, (char *)amp_t_drv_state.held[0], "keep");
	amp_t_drv_release_held();
	KUNIT_EXPECT_TRUE(test, amp_t_wait(fr_rx_avail(fr) == FR_NUM));
	/* releasing twice is refused and harmless */
	amp_rpmsg_rx_release(rpdev->ept, amp_t_drv_state.held[0]);
	KUNIT_EXPECT_EQ(test, fr_rx_avail(fr), FR_NUM);
}

static void virtio_remove_with_channels(struct kunit *test)
{
	struct fremote *fr;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	fr = fr_std(test);
	fr_channel(test, fr, "amp-t-record", 0x40e);
	fr_channel(test, fr, "amp-t-echo", 0x40f);
	amp_virtio_dev_remove(&fr->rvdev);
	fr->added = false;
	KUNIT_EXPECT_EQ(test, amp_t_drv_state.removes, 2);
	KUNIT_EXPECT_EQ(test, fr->rsc->status, 0);
	KUNIT_EXPECT_NULL(test, amp_virtio_dev_get_virtio(&fr->rvdev));
	/* late notifications are ignored */
	amp_virtio_dev_vring_interrupt(&fr->rvdev, 0);
}

static void virtio_add_rejects_bad_resources(struct kunit *test)
{
	struct amp_virtio_host_ops ops = { .kick = fr_kick, .shm_alloc = fr_shm_alloc,
					   .shm_free = fr_shm_free };
	struct amp_rproc_vdev rv = {};
	struct device *parent = amp_t_root_device("amp_vbad");

	KUNIT_ASSERT_FALSE(test, IS_ERR(parent));
	KUNIT_EXPECT_EQ(test, amp_virtio_dev_add(&rv, parent, &ops), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_virtio_dev_add(NULL, parent, &ops), -EINVAL);
	rv.rsc = kunit_kzalloc(test, sizeof(*rv.rsc), GFP_KERNEL);
	rv.num_vrings = AMP_RPROC_MAX_VRINGS + 1;
	KUNIT_EXPECT_EQ(test, amp_virtio_dev_add(&rv, parent, &ops), -EINVAL);
	rv.num_vrings = 2;
	ops.kick = NULL;
	KUNIT_EXPECT_EQ(test, amp_virtio_dev_add(&rv, parent, &ops), -EINVAL);
	root_device_unregister(parent);
}

/*
 * The rpmsg driver cannot set up a vring the transport refuses (a size that
 * is not a power of two): the virtio core swallows the probe's error, so
 * the transport must report it, or the processor would run without
 * channels.
 */
static void virtio_add_fails_when_probe_fails(struct kunit *test)
{
	struct fr_opts o = { .dfeatures = BIT(AMP_VIRTIO_RPMSG_F_NS),
			     .num0 = FR_NUM - 1, .add_ret = -ENODEV };
	struct fremote *fr = fr_new(test, &o);

	KUNIT_EXPECT_NULL(test, amp_virtio_dev_get_virtio(&fr->rvdev));
	KUNIT_EXPECT_NULL(test, READ_ONCE(fr->rvdev.transport_priv));
	KUNIT_EXPECT_EQ(test, fr->rsc->status, 0);
	KUNIT_EXPECT_EQ(test, fr_rx_avail(fr), 0);
}

/* Nothing depends on the transport's symbols: load it as udev would. */
static int amp_rpmsg_virtio_suite_init(struct kunit_suite *suite)
{
	return request_module("amp_rpmsg_virtio");
}

static int amp_rpmsg_virtio_init(struct kunit *test)
{
	amp_t_drv_reset();
	return 0;
}

static struct kunit_case amp_rpmsg_virtio_cases[] = {
	KUNIT_CASE(virtio_device_bound_by_our_driver),
	KUNIT_CASE(virtio_stock_driver_never_binds),
	KUNIT_CASE(virtio_client_echo_both_ways),
	KUNIT_CASE(virtio_server_replies_with_sendto),
	KUNIT_CASE(virtio_ns_destroy_removes_channel),
	KUNIT_CASE(virtio_static_channel_announced),
	KUNIT_CASE(virtio_echo_sample_module),
	KUNIT_CASE(bufsz_negotiated_larger),
	KUNIT_CASE(bufsz_asymmetric),
	KUNIT_CASE(bufsz_capped_by_host),
	KUNIT_CASE(bufsz_invalid_stays_standard),
	KUNIT_CASE(bufsz_not_offered_is_standard),
	KUNIT_CASE(virtio_unknown_features_dropped),
	KUNIT_CASE(hostile_used_len),
	KUNIT_CASE(hostile_header_len),
	KUNIT_CASE(hostile_unknown_dst),
	KUNIT_CASE(hostile_vring_index_out_of_range),
	KUNIT_CASE(hostile_used_id_out_of_range),
	KUNIT_CASE(hostile_used_id_not_with_remote),
	KUNIT_CASE(hostile_used_index_run_ahead),
	KUNIT_CASE(hostile_tx_used_lies),
	KUNIT_CASE(hostile_rewritten_after_read),
	KUNIT_CASE(hostile_descriptors_rewritten),
	KUNIT_CASE(hostile_descriptor_flags),
	KUNIT_CASE(hostile_fuzz_rx_headers),
	KUNIT_CASE(virtio_sender_woken_by_tx_done),
	KUNIT_CASE(virtio_zero_copy_tx),
	KUNIT_CASE(virtio_zero_copy_rx_hold),
	KUNIT_CASE(virtio_remove_with_channels),
	KUNIT_CASE(virtio_add_rejects_bad_resources),
	KUNIT_CASE(virtio_add_fails_when_probe_fails),
	{}
};

static struct kunit_suite amp_rpmsg_virtio_suite = {
	.name = "amp_rpmsg_virtio",
	.suite_init = amp_rpmsg_virtio_suite_init,
	.init = amp_rpmsg_virtio_init,
	.test_cases = amp_rpmsg_virtio_cases,
};

kunit_test_suite(amp_rpmsg_virtio_suite);
