// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: the fake remote of the amp_rpmsg_virtio suite. The test owns the
 * vrings and buffers (kernel memory) and plays the device side the way
 * remote firmware does, in the standard wire format: it takes the buffers
 * the host posts on queue 0, fills them and returns them through the used
 * ring; it reads what the host queues on queue 1 and returns those buffers
 * (or keeps them, to exhaust the host's supply). Its "interrupts" go
 * through amp_virtio_dev_vring_interrupt(), as a backend's would.
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

static struct fremote *to_fr(struct amp_rproc_vdev *rvdev)
{
	return container_of(rvdev, struct fremote, rvdev);
}

void fr_kick(struct amp_rproc_vdev *rvdev, unsigned int vring)
{
	struct fremote *fr = to_fr(rvdev);

	if (vring < 2)
		atomic_inc(&fr->kicks[vring]);
	if (vring == 1 && READ_ONCE(fr->auto_tx))
		schedule_work(&fr->tx_work);
	wake_up(&fr->wq);
}

void *fr_shm_alloc(struct amp_rproc_vdev *rvdev, size_t size, u64 *da,
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

void fr_shm_free(struct amp_rproc_vdev *rvdev, void *va, size_t size)
{
	atomic_dec(&to_fr(rvdev)->shm_live);
	free_pages_exact(va, size);
}

u16 v16(__virtio16 v)
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

/*
 * Device side, lying: publish a used element naming descriptor @id on ring
 * @q, whatever the host made available, and notify.
 */
void fr_used_lie(struct fremote *fr, int q, u32 id, u32 len)
{
	unsigned long flags;

	spin_lock_irqsave(&fr->lock, flags);
	fr_push_used(fr, q, id, len);
	spin_unlock_irqrestore(&fr->lock, flags);
	amp_virtio_dev_vring_interrupt(&fr->rvdev, q);
}

/* Device side, lying: run ring @q's used index @n past its elements. */
void fr_used_run_ahead(struct fremote *fr, int q, u16 n)
{
	unsigned long flags;

	spin_lock_irqsave(&fr->lock, flags);
	fr->used_idx[q] += n;
	WRITE_ONCE(fr->vr[q].used->idx, __cpu_to_virtio16(true, fr->used_idx[q]));
	spin_unlock_irqrestore(&fr->lock, flags);
	amp_virtio_dev_vring_interrupt(&fr->rvdev, q);
}

/* Rx buffers the host has posted and the remote not yet used. */
int fr_rx_avail(struct fremote *fr)
{
	return (u16)(v16(READ_ONCE(fr->vr[0].avail->idx)) - fr->last_avail[0]);
}

/*
 * The remote sends @n raw bytes in the next posted rx buffer and reports
 * @used_len in the used ring, whatever @n was.
 */
int fr_send_raw(struct fremote *fr, const void *bytes, size_t n, u32 used_len,
		u32 used_id_override)
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

int fr_send(struct fremote *fr, u32 src, u32 dst, const void *data, size_t len)
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

int fr_ns(struct fremote *fr, const char *name, u32 addr, u32 flags)
{
	struct amp_rpmsg_ns_msg m = {};

	strscpy(m.name, name, sizeof(m.name));
	m.addr = cpu_to_le32(addr);
	m.flags = cpu_to_le32(flags);
	return fr_send(fr, addr, AMP_RPMSG_NS_ADDR, &m, sizeof(m));
}

/* Device side: take what the host queued on ring 1. */
int fr_pump(struct fremote *fr)
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

void fr_return_held(struct fremote *fr, int n)
{
	unsigned long flags;

	spin_lock_irqsave(&fr->lock, flags);
	while (n-- > 0 && fr->nheld)
		fr_push_used(fr, 1, fr->held[--fr->nheld], 0);
	spin_unlock_irqrestore(&fr->lock, flags);
	amp_virtio_dev_vring_interrupt(&fr->rvdev, 1);
}

/* The next message the host sent, or NULL after 3 s; kfree() it. */
struct fr_msg *fr_recv(struct fremote *fr)
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

struct fremote *fr_new(struct kunit *test, const struct fr_opts *o)
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

	if (o->num0)
		fr->rvdev.vring[0].num = o->num0;

	ret = amp_virtio_dev_add(&fr->rvdev, fr->parent, &fr->ops);
	KUNIT_ASSERT_EQ(test, ret, o->add_ret);
	fr->added = !ret;
	return fr;
}

struct fremote *fr_std(struct kunit *test)
{
	struct fr_opts o = { .dfeatures = BIT(AMP_VIRTIO_RPMSG_F_NS) };

	return fr_new(test, &o);
}

struct virtio_device *fr_vdev(struct fremote *fr)
{
	return amp_virtio_dev_get_virtio(&fr->rvdev);
}

/* Announce @name at @addr and wait for the test driver to be probed. */
struct amp_rpmsg_device *fr_channel(struct kunit *test, struct fremote *fr,
				    const char *name, u32 addr)
{
	int probes = amp_t_drv_state.probes;

	KUNIT_ASSERT_EQ(test, fr_ns(fr, name, addr, AMP_RPMSG_NS_CREATE), 0);
	KUNIT_ASSERT_TRUE(test, amp_t_wait(READ_ONCE(amp_t_drv_state.probes) > probes));
	KUNIT_ASSERT_NOT_NULL(test, amp_t_drv_state.rpdev);
	return amp_t_drv_state.rpdev;
}

unsigned long fst(struct amp_rpmsg_device *rpdev, enum amp_rpmsg_stat s)
{
	return amp_rpmsg_link_stat(rpdev->link, s);
}
