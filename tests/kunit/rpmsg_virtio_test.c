// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: KUnit suite amp_rpmsg_virtio: the virtio transport against a fake
 * remote. The test owns the vrings and buffers (kernel memory) and plays the
 * device side the way remote firmware does, in the standard wire format:
 * it takes the buffers the host posts on queue 0, fills them and returns
 * them through the used ring; it reads what the host queues on queue 1 and
 * returns those buffers (or keeps them, to exhaust the host's supply). Its
 * "interrupts" go through amp_virtio_dev_vring_interrupt(), as a backend's
 * would.
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

#define FR_NUM		16
#define FR_ALIGN	4096
#define FR_CFG_LEN	8

struct fr_msg {
	struct list_head node;
	u32 src;
	u32 dst;
	size_t len;
	u32 desc_len;
	void *buf;		/* where the host's buffer was */
	u8 data[];
};

struct fremote {
	struct kunit *test;
	struct device *parent;
	struct amp_rproc_vdev rvdev;
	struct amp_rsc_vdev *rsc;
	struct vring vr[2];
	size_t ring_bytes;
	u16 last_avail[2];
	u16 used_idx[2];
	spinlock_t lock;	/* the device side of both rings, msgs, held */
	atomic_t kicks[2];
	wait_queue_head_t wq;
	struct list_head msgs;
	bool auto_tx;
	bool hold_tx;
	u16 held[FR_NUM];
	int nheld;
	struct work_struct tx_work;
	struct amp_virtio_host_ops ops;
	bool added;
	atomic_t shm_live;
};

static struct fremote *to_fr(struct amp_rproc_vdev *rvdev)
{
	return container_of(rvdev, struct fremote, rvdev);
}

static void fr_kick(struct amp_rproc_vdev *rvdev, unsigned int vring)
{
	struct fremote *fr = to_fr(rvdev);

	if (vring < 2)
		atomic_inc(&fr->kicks[vring]);
	if (vring == 1 && READ_ONCE(fr->auto_tx))
		schedule_work(&fr->tx_work);
	wake_up(&fr->wq);
}

static void *fr_shm_alloc(struct amp_rproc_vdev *rvdev, size_t size, u64 *da,
			  phys_addr_t *pa)
{
	void *va = alloc_pages_exact(size, GFP_KERNEL | __GFP_ZERO);

	if (!va)
		return NULL;
	atomic_inc(&to_fr(rvdev)->shm_live);
	*pa = virt_to_phys(va);
	*da = *pa;
	return va;
}

static void fr_shm_free(struct amp_rproc_vdev *rvdev, void *va, size_t size)
{
	atomic_dec(&to_fr(rvdev)->shm_live);
	free_pages_exact(va, size);
}

static u16 v16(__virtio16 v)
{
	return __virtio16_to_cpu(true, v);
}

/* Device side: publish a used entry on ring @q. Under fr->lock. */
static void fr_push_used(struct fremote *fr, int q, u32 id, u32 len)
{
	struct vring *vr = &fr->vr[q];
	struct vring_used_elem *e = &vr->used->ring[fr->used_idx[q] % FR_NUM];

	e->id = __cpu_to_virtio32(true, id);
	e->len = __cpu_to_virtio32(true, len);
	/* the element is visible before the index that publishes it */
	smp_wmb();
	fr->used_idx[q]++;
	WRITE_ONCE(vr->used->idx, __cpu_to_virtio16(true, fr->used_idx[q]));
}

/* Rx buffers the host has posted and the remote not yet used. */
static int fr_rx_avail(struct fremote *fr)
{
	return (u16)(v16(READ_ONCE(fr->vr[0].avail->idx)) - fr->last_avail[0]);
}

/*
 * The remote sends @n raw bytes in the next posted rx buffer and reports
 * @used_len in the used ring, whatever @n was.
 */
static int fr_send_raw(struct fremote *fr, const void *bytes, size_t n,
		       u32 used_len, u32 used_id_override)
{
	struct vring *vr = &fr->vr[0];
	unsigned long flags;
	u16 head;
	u32 dlen;
	void *buf;

	spin_lock_irqsave(&fr->lock, flags);
	if (!fr_rx_avail(fr)) {
		spin_unlock_irqrestore(&fr->lock, flags);
		return -ENOSPC;
	}
	/* the avail entry is read after the index that published it */
	smp_rmb();
	head = v16(vr->avail->ring[fr->last_avail[0] % FR_NUM]);
	fr->last_avail[0]++;
	if (head >= FR_NUM) {
		spin_unlock_irqrestore(&fr->lock, flags);
		return -EIO;
	}
	dlen = __virtio32_to_cpu(true, vr->desc[head].len);
	buf = phys_to_virt(__virtio64_to_cpu(true, vr->desc[head].addr));
	memcpy(buf, bytes, min_t(size_t, n, dlen));
	fr_push_used(fr, 0, used_id_override != U32_MAX ? used_id_override : head,
		     used_len);
	spin_unlock_irqrestore(&fr->lock, flags);
	amp_virtio_dev_vring_interrupt(&fr->rvdev, 0);
	return 0;
}

static int fr_send(struct fremote *fr, u32 src, u32 dst, const void *data,
		   size_t len)
{
	struct amp_rpmsg_hdr *h;
	int ret;

	h = kzalloc(sizeof(*h) + len, GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	h->src = cpu_to_le32(src);
	h->dst = cpu_to_le32(dst);
	h->len = cpu_to_le16(len);
	memcpy(h->data, data, len);
	/* wait for the host to have a buffer posted */
	amp_t_wait(fr_rx_avail(fr) > 0);
	ret = fr_send_raw(fr, h, sizeof(*h) + len, sizeof(*h) + len, U32_MAX);
	kfree(h);
	return ret;
}

static int fr_ns(struct fremote *fr, const char *name, u32 addr, u32 flags)
{
	struct amp_rpmsg_ns_msg m = {};

	strscpy(m.name, name, sizeof(m.name));
	m.addr = cpu_to_le32(addr);
	m.flags = cpu_to_le32(flags);
	return fr_send(fr, addr, AMP_RPMSG_NS_ADDR, &m, sizeof(m));
}

/* Device side: take what the host queued on ring 1. */
static int fr_pump(struct fremote *fr)
{
	struct vring *vr = &fr->vr[1];
	struct amp_rpmsg_hdr hdr;
	unsigned long flags;
	int returned = 0;
	struct fr_msg *m;
	u16 head, plen;
	u32 dlen;
	void *buf;

	for (;;) {
		spin_lock_irqsave(&fr->lock, flags);
		if (v16(READ_ONCE(vr->avail->idx)) == fr->last_avail[1]) {
			spin_unlock_irqrestore(&fr->lock, flags);
			break;
		}
		/* the avail entry is read after the index that published it */
		smp_rmb();
		head = v16(vr->avail->ring[fr->last_avail[1] % FR_NUM]);
		fr->last_avail[1]++;
		dlen = __virtio32_to_cpu(true, vr->desc[head].len);
		buf = phys_to_virt(__virtio64_to_cpu(true, vr->desc[head].addr));
		memcpy(&hdr, buf, sizeof(hdr));
		plen = min_t(u32, le16_to_cpu(hdr.len), dlen - sizeof(hdr));
		m = kzalloc(sizeof(*m) + plen, GFP_ATOMIC);
		if (m) {
			m->src = le32_to_cpu(hdr.src);
			m->dst = le32_to_cpu(hdr.dst);
			m->len = plen;
			m->desc_len = dlen;
			m->buf = buf;
			memcpy(m->data, buf + sizeof(hdr), plen);
			list_add_tail(&m->node, &fr->msgs);
		}
		if (fr->hold_tx && fr->nheld < FR_NUM) {
			fr->held[fr->nheld++] = head;
		} else {
			fr_push_used(fr, 1, head, 0);
			returned++;
		}
		spin_unlock_irqrestore(&fr->lock, flags);
	}
	if (returned)
		amp_virtio_dev_vring_interrupt(&fr->rvdev, 1);
	wake_up(&fr->wq);
	return returned;
}

static void fr_tx_work(struct work_struct *work)
{
	fr_pump(container_of(work, struct fremote, tx_work));
}

static void fr_return_held(struct fremote *fr, int n)
{
	unsigned long flags;

	spin_lock_irqsave(&fr->lock, flags);
	while (n-- > 0 && fr->nheld)
		fr_push_used(fr, 1, fr->held[--fr->nheld], 0);
	spin_unlock_irqrestore(&fr->lock, flags);
	amp_virtio_dev_vring_interrupt(&fr->rvdev, 1);
}

/* The next message the host sent, or NULL after 3 s; kfree() it. */
static struct fr_msg *fr_recv(struct fremote *fr)
{
	struct fr_msg *m = NULL;
	unsigned long flags;

	wait_event_timeout(fr->wq, !list_empty_careful(&fr->msgs), 3 * HZ);
	spin_lock_irqsave(&fr->lock, flags);
	if (!list_empty(&fr->msgs)) {
		m = list_first_entry(&fr->msgs, struct fr_msg, node);
		list_del(&m->node);
	}
	spin_unlock_irqrestore(&fr->lock, flags);
	return m;
}

static void fr_destroy(void *data)
{
	struct fremote *fr = data;
	struct fr_msg *m, *n;
	int i;

	if (fr->added)
		amp_virtio_dev_remove(&fr->rvdev);
	WRITE_ONCE(fr->auto_tx, false);
	cancel_work_sync(&fr->tx_work);
	KUNIT_EXPECT_EQ(fr->test, atomic_read(&fr->shm_live), 0);
	list_for_each_entry_safe(m, n, &fr->msgs, node)
		kfree(m);
	for (i = 0; i < 2; i++)
		if (fr->rvdev.vring[i].va)
			free_pages_exact(fr->rvdev.vring[i].va, fr->ring_bytes);
	kfree(fr->rsc);
	root_device_unregister(fr->parent);
}

static atomic_t fr_seq = ATOMIC_INIT(0);

/* Options of a fake remote. */
struct fr_opts {
	u32 dfeatures;
	u32 h2r;
	u32 r2h;
	const struct amp_rpmsg_channel_info *channels;
	unsigned int nr_channels;
};

static struct fremote *fr_new(struct kunit *test, const struct fr_opts *o)
{
	struct fremote *fr = kunit_kzalloc(test, sizeof(*fr), GFP_KERNEL);
	struct amp_rpmsg_vcfg_bufsz *cfg;
	struct amp_rproc_vring *r;
	char name[32];
	int i, ret;

	KUNIT_ASSERT_NOT_NULL(test, fr);
	fr->test = test;
	spin_lock_init(&fr->lock);
	init_waitqueue_head(&fr->wq);
	INIT_LIST_HEAD(&fr->msgs);
	INIT_WORK(&fr->tx_work, fr_tx_work);
	fr->auto_tx = true;
	snprintf(name, sizeof(name), "amp_vremote%d", atomic_inc_return(&fr_seq));
	fr->parent = amp_t_root_device(name);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fr->parent));
	KUNIT_ASSERT_EQ(test, amp_t_defer(test, fr_destroy, fr), 0);

	fr->rsc = kzalloc(sizeof(*fr->rsc) + 2 * sizeof(struct amp_rsc_vdev_vring) +
			  FR_CFG_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fr->rsc);
	fr->rsc->id = cpu_to_le32(AMP_VIRTIO_ID_RPMSG_WIRE);
	fr->rsc->dfeatures = cpu_to_le32(o->dfeatures);
	fr->rsc->config_len = cpu_to_le32(FR_CFG_LEN);
	fr->rsc->num_of_vrings = 2;
	cfg = (void *)&fr->rsc->vring[2];
	cfg->h2r_buf_size = cpu_to_le32(o->h2r);
	cfg->r2h_buf_size = cpu_to_le32(o->r2h);

	fr->ring_bytes = PAGE_ALIGN(vring_size(FR_NUM, FR_ALIGN));
	fr->rvdev.id = AMP_VIRTIO_ID_RPMSG_WIRE;
	fr->rvdev.rsc = fr->rsc;
	fr->rvdev.rsc_len = sizeof(*fr->rsc) + 2 * sizeof(struct amp_rsc_vdev_vring) +
			    FR_CFG_LEN;
	fr->rvdev.config = cfg;
	fr->rvdev.config_len = FR_CFG_LEN;
	fr->rvdev.num_vrings = 2;
	for (i = 0; i < 2; i++) {
		r = &fr->rvdev.vring[i];
		r->va = alloc_pages_exact(fr->ring_bytes, GFP_KERNEL | __GFP_ZERO);
		KUNIT_ASSERT_NOT_NULL(test, r->va);
		r->pa = virt_to_phys(r->va);
		r->da = r->pa;
		r->size = fr->ring_bytes;
		r->num = FR_NUM;
		r->align = FR_ALIGN;
		r->notifyid = i;
		fr->rsc->vring[i].da = cpu_to_le32(lower_32_bits(r->da));
		fr->rsc->vring[i].align = cpu_to_le32(FR_ALIGN);
		fr->rsc->vring[i].num = cpu_to_le32(FR_NUM);
		fr->rsc->vring[i].notifyid = cpu_to_le32(i);
		vring_init(&fr->vr[i], FR_NUM, r->va, FR_ALIGN);
	}
	fr->ops.kick = fr_kick;
	fr->ops.shm_alloc = fr_shm_alloc;
	fr->ops.shm_free = fr_shm_free;
	fr->ops.channels = o->channels;
	fr->ops.nr_channels = o->nr_channels;

	ret = amp_virtio_dev_add(&fr->rvdev, fr->parent, &fr->ops);
	KUNIT_ASSERT_EQ(test, ret, 0);
	fr->added = true;
	return fr;
}

static struct fremote *fr_std(struct kunit *test)
{
	struct fr_opts o = { .dfeatures = BIT(AMP_VIRTIO_RPMSG_F_NS) };

	return fr_new(test, &o);
}

static struct virtio_device *fr_vdev(struct fremote *fr)
{
	return amp_virtio_dev_get_virtio(&fr->rvdev);
}

/* Announce @name at @addr and wait for the test driver to be probed. */
static struct amp_rpmsg_device *fr_channel(struct kunit *test, struct fremote *fr,
					   const char *name, u32 addr)
{
	int probes = amp_t_drv_state.probes;

	KUNIT_ASSERT_EQ(test, fr_ns(fr, name, addr, AMP_RPMSG_NS_CREATE), 0);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(READ_ONCE(amp_t_drv_state.probes) > probes));
	KUNIT_ASSERT_NOT_NULL(test, amp_t_drv_state.rpdev);
	return amp_t_drv_state.rpdev;
}

static unsigned long fst(struct amp_rpmsg_device *rpdev, enum amp_rpmsg_stat s)
{
	return amp_rpmsg_link_stat(rpdev->link, s);
}

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

/* hostile remote */

static void hostile_used_len(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct amp_rpmsg_hdr h = {};
	struct fremote *fr;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	fr = fr_std(test);
	rpdev = fr_channel(test, fr, "amp-t-record", 0x405);
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

static void hostile_header_len(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct amp_rpmsg_hdr h = {};
	struct fremote *fr;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	fr = fr_std(test);
	rpdev = fr_channel(test, fr, "amp-t-record", 0x406);
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

static void hostile_unknown_dst(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	fr = fr_std(test);
	rpdev = fr_channel(test, fr, "amp-t-record", 0x407);
	KUNIT_ASSERT_EQ(test, fr_send(fr, 0x407, 0xdead, "x", 2), 0);
	KUNIT_EXPECT_TRUE(test, amp_t_wait(fst(rpdev, AMP_RPMSG_ST_RX_UNKNOWN_DST) == 1));
}

static void hostile_vring_index_out_of_range(struct kunit *test)
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

static void hostile_used_id_out_of_range(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct amp_rpmsg_hdr h = {};
	struct fremote *fr;
	struct fr_msg *m;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	fr = fr_std(test);
	rpdev = fr_channel(test, fr, "amp-t-record", 0x408);
	h.dst = cpu_to_le32(rpdev->src);
	KUNIT_ASSERT_EQ(test, fr_send_raw(fr, &h, sizeof(h), sizeof(h), 999), 0);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(fst(rpdev, AMP_RPMSG_ST_VRING_BROKEN) == 1));
	/* the host stays up: sending still works */
	KUNIT_EXPECT_EQ(test, amp_rpmsg_send(rpdev->ept, "alive", 6), 0);
	m = fr_recv(fr);
	KUNIT_EXPECT_NOT_NULL(test, m);
	kfree(m);
}

static void hostile_descriptors_rewritten(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;
	void *real[FR_NUM];
	int i;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	fr = fr_std(test);
	rpdev = fr_channel(test, fr, "amp-t-record", 0x409);
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

static void hostile_descriptor_flags(struct kunit *test)
{
	struct amp_rpmsg_device *rpdev;
	struct fremote *fr;
	struct fr_msg *m;
	int i;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	fr = fr_std(test);
	rpdev = fr_channel(test, fr, "amp-t-record", 0x410);
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

static void hostile_fuzz_rx_headers(struct kunit *test)
{
	unsigned long before, after;
	struct amp_rpmsg_device *rpdev;
	struct amp_rpmsg_hdr *h;
	struct fremote *fr;
	u8 *buf;
	int i, sent = 0;

	KUNIT_ASSERT_EQ(test, amp_t_drv_register(test), 0);
	fr = fr_std(test);
	rpdev = fr_channel(test, fr, "amp-t-record", 0x40a);
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
	KUNIT_CASE(hostile_descriptors_rewritten),
	KUNIT_CASE(hostile_descriptor_flags),
	KUNIT_CASE(hostile_fuzz_rx_headers),
	KUNIT_CASE(virtio_sender_woken_by_tx_done),
	KUNIT_CASE(virtio_zero_copy_tx),
	KUNIT_CASE(virtio_zero_copy_rx_hold),
	KUNIT_CASE(virtio_remove_with_channels),
	KUNIT_CASE(virtio_add_rejects_bad_resources),
	{}
};

static struct kunit_suite amp_rpmsg_virtio_suite = {
	.name = "amp_rpmsg_virtio",
	.suite_init = amp_rpmsg_virtio_suite_init,
	.init = amp_rpmsg_virtio_init,
	.test_cases = amp_rpmsg_virtio_cases,
};

kunit_test_suite(amp_rpmsg_virtio_suite);
