// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: the virtio rpmsg transport (amp_rpmsg_virtio.ko).
 *
 * Binds only ampipc's own virtio devices (id AMP_VIRTIO_ID_RPMSG), never a
 * stock one, and the stock virtio_rpmsg_bus never binds ours (it matches id
 * 7). Wire format: include/ampipc/rpmsg_wire.h. Queue 0 carries the
 * remote's messages to us, queue 1 ours to it; the buffer area is rx
 * buffers first, then tx buffers, each buffer a header and its payload.
 *
 * The transport drives its two split rings itself; the kernel virtqueues
 * of the device only carry notifications (kicks out, callbacks in).
 * Descriptor i of a ring is always buffer i of that direction, so the host
 * never reads a descriptor back: a used element names a buffer by its id
 * alone, and the buffer's address comes from that index, never from
 * shared memory.
 *
 * The remote writes the used rings and the buffers it fills: what it wrote
 * is checked before use, and every field is read from shared memory once,
 * into a local, and only the local is used. A used element's id must name a
 * buffer that is with the remote, and the used index may not run ahead of
 * what the remote holds: otherwise the rx ring is given up (vring_broken)
 * and a lie on the tx ring is skipped (tx_bad_buf). The header is copied
 * out of the buffer once; the used length and the header's length are
 * checked; a failure is counted in the link's debugfs stats, logged
 * (rate-limited) and the buffer goes back to the remote.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/property.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ring.h>
#include <linux/workqueue.h>

#include <ampipc/compat.h>
#include <ampipc/rpmsg.h>
#include <ampipc/rpmsg_wire.h>
#include <ampipc/virtio_dev.h>

#include "vring_driver.h"

#define AMP_VRP_HDR	sizeof(struct amp_rpmsg_hdr)
/* Buffers per direction: half of the standard 512. */
#define AMP_VRP_MAX_DIR	(AMP_RPMSG_MAX_BUFS / 2)

static unsigned int amp_vrp_max_buf_size = 8192;
module_param_named(max_buf_size, amp_vrp_max_buf_size, uint, 0444);
MODULE_PARM_DESC(max_buf_size,
		 "largest buffer accepted through the buffer-size extension, header included (512..65536, multiple of 64; default 8192)");

/*
 * Receive work: high priority and unbound, like the interop path's
 * amp_virtio_irq. Bound to the notifying CPU it was slower, not faster:
 * with two CPUs online the round trips of make bench went from tens of
 * microseconds to milliseconds (docs/rpmsg.md, README "Performance").
 */
static struct workqueue_struct *amp_vrp_wq;

enum amp_vrp_txstate {
	AMP_VRP_TX_FREE,
	AMP_VRP_TX_OUT,		/* with a sender (borrowed or being filled) */
	AMP_VRP_TX_FLIGHT,	/* with the remote */
};

/**
 * struct amp_vrp - one virtio rpmsg device
 * @vdev: the virtio device
 * @rring: queue 0, the remote's messages
 * @sring: queue 1, ours
 * @link: the bus link, once registered
 * @bufs: the buffer area
 * @bufs_size: its bytes
 * @rbufs: first rx buffer
 * @sbufs: first tx buffer
 * @nrx: rx buffers
 * @ntx: tx buffers
 * @rx_size: bytes of an rx buffer, header included
 * @tx_size: bytes of a tx buffer, header included
 * @rx_lock: serialises @rring, @rx_posted, @rx_held and @rx_broken
 * @rx_posted: rx buffers with the remote
 * @rx_held: rx buffers kept past their callback
 * @rx_broken: the remote corrupted the rx ring; nothing more is read from it
 * @rx_work: drains @rring
 * @tx_lock: serialises @sring, @tx_state, @tx_stack, @tx_top, @tx_unused
 * @tx_state: &enum amp_vrp_txstate of each tx buffer
 * @tx_stack: free tx buffers that have been used before
 * @tx_top: entries in @tx_stack
 * @tx_unused: tx buffers from here on were never used
 * @stopping: the device is being removed; callbacks do nothing
 */
struct amp_vrp {
	struct virtio_device *vdev;
	struct amp_vrp_ring rring;
	struct amp_vrp_ring sring;
	struct amp_rpmsg_link *link;
	void *bufs;
	size_t bufs_size;
	void *rbufs;
	void *sbufs;
	unsigned int nrx;
	unsigned int ntx;
	size_t rx_size;
	size_t tx_size;
	spinlock_t rx_lock;
	unsigned long *rx_posted;
	unsigned long *rx_held;
	bool rx_broken;
	struct work_struct rx_work;
	spinlock_t tx_lock;
	u8 *tx_state;
	u16 *tx_stack;
	unsigned int tx_top;
	unsigned int tx_unused;
	bool stopping;
};

/* Physical address of a byte of the buffer area (contiguous by contract). */
static phys_addr_t amp_vrp_phys(void *va)
{
	if (is_vmalloc_addr(va))
		/* a carveout mapping */
		return page_to_phys(vmalloc_to_page(va)) + offset_in_page(va);
	return virt_to_phys(va);
}

static bool amp_vrp_addressable(void *va)
{
	return virt_addr_valid(va) || (is_vmalloc_addr(va) && vmalloc_to_page(va));
}

/* Index of the buffer at @base in an area, or -1 if @base is not one. */
static int amp_vrp_index(void *area, unsigned int n, size_t size, void *base)
{
	uintptr_t off;

	if (!base || base < area)
		return -1;
	off = (uintptr_t)base - (uintptr_t)area;
	if (off % size || off / size >= n)
		return -1;
	return off / size;
}

/* Under rx_lock: give rx buffer @idx to the remote (not notified yet). */
static void amp_vrp_post_rx(struct amp_vrp *vrp, unsigned int idx)
{
	__set_bit(idx, vrp->rx_posted);
	amp_vrp_ring_post(vrp->vdev, &vrp->rring, idx, vrp->rx_size);
}

static void amp_vrp_rx_repost(struct amp_vrp *vrp, unsigned int idx)
{
	unsigned long flags;

	spin_lock_irqsave(&vrp->rx_lock, flags);
	amp_vrp_post_rx(vrp, idx);
	amp_vrp_ring_kick(vrp->vdev, &vrp->rring);
	spin_unlock_irqrestore(&vrp->rx_lock, flags);
}

/* One used rx buffer: true if it must go back to the remote now. */
static bool amp_vrp_rx_one(struct amp_vrp *vrp, unsigned int idx,
			   unsigned int len)
{
	struct amp_rpmsg_link *link = vrp->link;
	void *base = vrp->rbufs + idx * vrp->rx_size;
	struct amp_rpmsg_hdr hdr;
	unsigned int plen;
	unsigned long flags;
	int ret;

	if (len < AMP_VRP_HDR || len > vrp->rx_size) {
		amp_rpmsg_link_count(link, AMP_RPMSG_ST_RX_BAD_LEN);
		dev_err_ratelimited(&vrp->vdev->dev,
				    "rx: used len %u outside [%zu, %zu]\n",
				    len, AMP_VRP_HDR, vrp->rx_size);
		return true;
	}
	/* One read of the header: the remote may rewrite it meanwhile. */
	memcpy(&hdr, base, sizeof(hdr));
	plen = le16_to_cpu(hdr.len);
	if (plen > len - AMP_VRP_HDR) {
		amp_rpmsg_link_count(link, AMP_RPMSG_ST_RX_BAD_HDR);
		dev_err_ratelimited(&vrp->vdev->dev,
				    "rx: header len %u exceeds used len %u - %zu\n",
				    plen, len, AMP_VRP_HDR);
		return true;
	}
	ret = amp_rpmsg_link_receive(link, le32_to_cpu(hdr.src),
				     le32_to_cpu(hdr.dst), base + AMP_VRP_HDR,
				     plen);
	if (ret != AMP_RPMSG_RX_HOLD)
		return true;
	spin_lock_irqsave(&vrp->rx_lock, flags);
	__set_bit(idx, vrp->rx_held);
	spin_unlock_irqrestore(&vrp->rx_lock, flags);
	return false;
}

/*
 * Under rx_lock: the next rx buffer the remote returned. 1 with *@idx and
 * *@len, 0 if there is none or the ring is given up, -EIO when the remote
 * has just corrupted it (the caller reports it, once).
 */
static int amp_vrp_rx_get(struct amp_vrp *vrp, unsigned int *idx, u32 *len)
{
	u32 id;
	int ret;

	if (vrp->rx_broken)
		return 0;
	ret = amp_vrp_ring_get(vrp->vdev, &vrp->rring, &id, len);
	if (ret <= 0 && ret != -ERANGE)
		return ret;
	if (ret == -ERANGE) {
		dev_err(&vrp->vdev->dev,
			"rx: used index runs ahead of the %u buffers\n", vrp->nrx);
	} else if (id >= vrp->nrx || !__test_and_clear_bit(id, vrp->rx_posted)) {
		dev_err(&vrp->vdev->dev,
			"rx: used id %u is not a buffer the remote holds\n", id);
	} else {
		*idx = id;
		return 1;
	}
	vrp->rx_broken = true;
	return -EIO;
}

/* Messages handled per run of the work before it yields to others. */
#define AMP_VRP_RX_BUDGET	64

static void amp_vrp_rx_work(struct work_struct *work)
{
	struct amp_vrp *vrp = container_of(work, struct amp_vrp, rx_work);
	unsigned int idx, n = 0, done = 0;
	unsigned long flags;
	u32 len;
	int ret;

	if (!READ_ONCE(vrp->link))
		return;
	for (;;) {
		spin_lock_irqsave(&vrp->rx_lock, flags);
		ret = amp_vrp_rx_get(vrp, &idx, &len);
		spin_unlock_irqrestore(&vrp->rx_lock, flags);
		if (ret <= 0)
			break;
		if (amp_vrp_rx_one(vrp, idx, len)) {
			spin_lock_irqsave(&vrp->rx_lock, flags);
			amp_vrp_post_rx(vrp, idx);
			/* Bounded batches keep the remote supplied with buffers. */
			if (++done >= 16) {
				amp_vrp_ring_kick(vrp->vdev, &vrp->rring);
				done = 0;
			}
			spin_unlock_irqrestore(&vrp->rx_lock, flags);
		}
		if (++n >= AMP_VRP_RX_BUDGET) {
			queue_work(amp_vrp_wq, &vrp->rx_work);
			break;
		}
	}
	if (done) {
		spin_lock_irqsave(&vrp->rx_lock, flags);
		amp_vrp_ring_kick(vrp->vdev, &vrp->rring);
		spin_unlock_irqrestore(&vrp->rx_lock, flags);
	}
	if (ret == -EIO) {
		amp_rpmsg_link_count(vrp->link, AMP_RPMSG_ST_VRING_BROKEN);
		dev_err(&vrp->vdev->dev,
			"rx: the remote corrupted vring 0; receiving stops until restart\n");
	}
}

/* The remote returned rx buffers. Any context (the backend's interrupt). */
static void amp_vrp_rx_done(struct virtqueue *vq)
{
	struct amp_vrp *vrp = vq->vdev->priv;

	if (vrp && !READ_ONCE(vrp->stopping))
		queue_work(amp_vrp_wq, &vrp->rx_work);
}

/*
 * Under tx_lock: take back what the remote has consumed. A used element that
 * names no buffer in flight is counted and skipped; a used index run ahead
 * of what the remote holds is skipped whole. At most one pass over the
 * buffers per call, however fast the remote writes.
 */
static void amp_vrp_reclaim(struct amp_vrp *vrp)
{
	struct amp_vrp_ring *r = &vrp->sring;
	unsigned int n;
	u32 id, len;
	int ret;

	for (n = 0; n < vrp->ntx; n++) {
		ret = amp_vrp_ring_get(vrp->vdev, r, &id, &len);
		if (!ret)
			break;
		if (ret < 0) {
			amp_rpmsg_link_count(vrp->link, AMP_RPMSG_ST_TX_BAD_BUF);
			dev_err_ratelimited(&vrp->vdev->dev,
					    "tx: used index runs ahead of the %u buffers; skipped\n",
					    vrp->ntx);
			r->used = virtio16_to_cpu(vrp->vdev, READ_ONCE(r->vr.used->idx));
			break;
		}
		if (id >= vrp->ntx || vrp->tx_state[id] != AMP_VRP_TX_FLIGHT) {
			amp_rpmsg_link_count(vrp->link, AMP_RPMSG_ST_TX_BAD_BUF);
			dev_err_ratelimited(&vrp->vdev->dev,
					    "tx: returned buffer %u is not in flight\n",
					    id);
			continue;
		}
		vrp->tx_state[id] = AMP_VRP_TX_FREE;
		vrp->tx_stack[vrp->tx_top++] = id;
	}
}

/*
 * The remote returned tx buffers. Senders take them back themselves
 * (amp_vrp_reclaim() in tx_get), so the notification is wanted only while
 * one waits for a buffer: amp_vrp_tx_ready() asks for it when it finds
 * none; here it is turned off again and every waiter woken, each to look
 * again and ask anew if it still finds none. Any context.
 */
static void amp_vrp_tx_done(struct virtqueue *vq)
{
	struct amp_vrp *vrp = vq->vdev->priv;
	struct amp_rpmsg_link *link = vrp ? READ_ONCE(vrp->link) : NULL;
	unsigned long flags;

	if (!link)
		return;
	spin_lock_irqsave(&vrp->tx_lock, flags);
	amp_vrp_ring_notify(vrp->vdev, &vrp->sring, false);
	spin_unlock_irqrestore(&vrp->tx_lock, flags);
	amp_rpmsg_link_tx_done(link);
}

static void *amp_vrp_tx_get(struct amp_rpmsg_link *link, size_t *room)
{
	struct amp_vrp *vrp = amp_rpmsg_link_priv(link);
	unsigned long flags;
	int idx = -1;

	spin_lock_irqsave(&vrp->tx_lock, flags);
	amp_vrp_reclaim(vrp);
	if (vrp->tx_top)
		idx = vrp->tx_stack[--vrp->tx_top];
	else if (vrp->tx_unused < vrp->ntx)
		idx = vrp->tx_unused++;
	if (idx >= 0)
		vrp->tx_state[idx] = AMP_VRP_TX_OUT;
	spin_unlock_irqrestore(&vrp->tx_lock, flags);
	if (idx < 0)
		return ERR_PTR(-EAGAIN);
	*room = vrp->tx_size - AMP_VRP_HDR;
	return vrp->sbufs + idx * vrp->tx_size + AMP_VRP_HDR;
}

/* Under tx_lock: index of a payload pointer the sender holds, or -1. */
static int amp_vrp_tx_index(struct amp_vrp *vrp, void *buf)
{
	int idx = amp_vrp_index(vrp->sbufs, vrp->ntx, vrp->tx_size,
				buf - AMP_VRP_HDR);

	if (idx < 0 || vrp->tx_state[idx] != AMP_VRP_TX_OUT) {
		dev_err_ratelimited(&vrp->vdev->dev,
				    "tx: %p is not a borrowed buffer\n", buf);
		return -1;
	}
	return idx;
}

static int amp_vrp_tx_send(struct amp_rpmsg_link *link, void *buf, u32 src,
			   u32 dst, size_t len)
{
	struct amp_vrp *vrp = amp_rpmsg_link_priv(link);
	struct amp_rpmsg_hdr *hdr = buf - AMP_VRP_HDR;
	unsigned long flags;
	int idx, ret;

	spin_lock_irqsave(&vrp->tx_lock, flags);
	idx = amp_vrp_tx_index(vrp, buf);
	if (idx < 0) {
		ret = -EINVAL;
		goto out;
	}
	if (len > vrp->tx_size - AMP_VRP_HDR) {
		ret = -EMSGSIZE;
		goto free;
	}
	hdr->src = cpu_to_le32(src);
	hdr->dst = cpu_to_le32(dst);
	hdr->reserved = 0;
	hdr->len = cpu_to_le16(len);
	hdr->flags = 0;
	vrp->tx_state[idx] = AMP_VRP_TX_FLIGHT;
	amp_vrp_ring_post(vrp->vdev, &vrp->sring, idx, AMP_VRP_HDR + len);
	amp_vrp_ring_kick(vrp->vdev, &vrp->sring);
	ret = 0;
	goto out;
free:
	vrp->tx_state[idx] = AMP_VRP_TX_FREE;
	vrp->tx_stack[vrp->tx_top++] = idx;
out:
	spin_unlock_irqrestore(&vrp->tx_lock, flags);
	return ret;
}

static void amp_vrp_tx_put(struct amp_rpmsg_link *link, void *buf)
{
	struct amp_vrp *vrp = amp_rpmsg_link_priv(link);
	unsigned long flags;
	int idx;

	spin_lock_irqsave(&vrp->tx_lock, flags);
	idx = amp_vrp_tx_index(vrp, buf);
	if (idx >= 0) {
		vrp->tx_state[idx] = AMP_VRP_TX_FREE;
		vrp->tx_stack[vrp->tx_top++] = idx;
	}
	spin_unlock_irqrestore(&vrp->tx_lock, flags);
}

static bool amp_vrp_tx_ready(struct amp_rpmsg_link *link)
{
	struct amp_vrp *vrp = amp_rpmsg_link_priv(link);
	unsigned long flags;
	bool ready;

	spin_lock_irqsave(&vrp->tx_lock, flags);
	amp_vrp_reclaim(vrp);
	ready = vrp->tx_top || vrp->tx_unused < vrp->ntx;
	if (!ready) {
		/* The caller waits (or polls): be told of the next return. */
		amp_vrp_ring_notify(vrp->vdev, &vrp->sring, true);
		amp_vrp_reclaim(vrp);
		ready = vrp->tx_top;
	}
	spin_unlock_irqrestore(&vrp->tx_lock, flags);
	return ready;
}

static void amp_vrp_rx_release(struct amp_rpmsg_link *link, void *data)
{
	struct amp_vrp *vrp = amp_rpmsg_link_priv(link);
	unsigned long flags;
	bool held;
	int idx;

	idx = amp_vrp_index(vrp->rbufs, vrp->nrx, vrp->rx_size,
			    data - AMP_VRP_HDR);
	if (idx < 0) {
		dev_err_ratelimited(&vrp->vdev->dev,
				    "rx release: %p is not a received buffer\n", data);
		return;
	}
	spin_lock_irqsave(&vrp->rx_lock, flags);
	held = __test_and_clear_bit(idx, vrp->rx_held);
	spin_unlock_irqrestore(&vrp->rx_lock, flags);
	if (!held) {
		dev_err_ratelimited(&vrp->vdev->dev,
				    "rx release: buffer %d is not held\n", idx);
		return;
	}
	amp_vrp_rx_repost(vrp, idx);
}

static const struct amp_rpmsg_transport_ops amp_vrp_ops = {
	.tx_get = amp_vrp_tx_get,
	.tx_send = amp_vrp_tx_send,
	.tx_put = amp_vrp_tx_put,
	.tx_ready = amp_vrp_tx_ready,
	.rx_release = amp_vrp_rx_release,
};

static bool amp_vrp_bufsz_ok(u32 v)
{
	return v >= AMP_RPMSG_BUFSZ_MIN && v <= AMP_RPMSG_BUFSZ_MAX &&
	       IS_ALIGNED(v, AMP_RPMSG_BUFSZ_ALIGN);
}

/*
 * The sizes the remote asks for in the config space, capped by
 * max_buf_size. False when a value is out of range: the extension is then
 * not used.
 */
static bool amp_vrp_pick_sizes(struct virtio_device *vdev, u32 *h2r, u32 *r2h)
{
	struct amp_rpmsg_vcfg_bufsz cfg;
	u32 h, r;

	virtio_cread_bytes(vdev, 0, &cfg, sizeof(cfg));
	h = le32_to_cpu(cfg.h2r_buf_size);
	r = le32_to_cpu(cfg.r2h_buf_size);
	if (!amp_vrp_bufsz_ok(h) || !amp_vrp_bufsz_ok(r)) {
		dev_err_ratelimited(&vdev->dev,
				    "buffer-size extension: h2r_buf_size %u or r2h_buf_size %u outside [%u, %u] or not a multiple of %u; using %u\n",
				    h, r, AMP_RPMSG_BUFSZ_MIN, AMP_RPMSG_BUFSZ_MAX,
				    AMP_RPMSG_BUFSZ_ALIGN, AMP_RPMSG_STD_BUF_SIZE);
		return false;
	}
	*h2r = min(h, amp_vrp_max_buf_size);
	*r2h = min(r, amp_vrp_max_buf_size);
	return true;
}

static int amp_vrp_validate(struct virtio_device *vdev)
{
	u32 h2r, r2h;

	if (!amp_virtio_is_amp(vdev))
		return -ENODEV;
	if (virtio_has_feature(vdev, AMP_VIRTIO_RPMSG_F_BUFSZ) &&
	    !amp_vrp_pick_sizes(vdev, &h2r, &r2h))
		__virtio_clear_bit(vdev, AMP_VIRTIO_RPMSG_F_BUFSZ);
	return 0;
}

static void amp_vrp_free(struct amp_vrp *vrp)
{
	if (vrp->bufs)
		amp_virtio_shm_free(vrp->vdev, vrp->bufs, vrp->bufs_size);
	bitmap_free(vrp->rx_posted);
	bitmap_free(vrp->rx_held);
	kfree(vrp->tx_state);
	kfree(vrp->tx_stack);
	kfree(vrp);
}

static int amp_vrp_setup_bufs(struct amp_vrp *vrp)
{
	struct virtio_device *vdev = vrp->vdev;
	bool bad_config = false;
	u32 h2r = AMP_RPMSG_STD_BUF_SIZE, r2h = AMP_RPMSG_STD_BUF_SIZE;
	struct amp_rpmsg_vcfg_bufsz cfg;
	phys_addr_t pa;
	unsigned int i;
	u64 da;

	if (virtio_has_feature(vdev, AMP_VIRTIO_RPMSG_F_BUFSZ)) {
		/* Read again: the remote may have changed it since validate. */
		if (!amp_vrp_pick_sizes(vdev, &h2r, &r2h)) {
			h2r = AMP_RPMSG_STD_BUF_SIZE;
			r2h = AMP_RPMSG_STD_BUF_SIZE;
			bad_config = true;
		}
		cfg.h2r_buf_size = cpu_to_le32(h2r);
		cfg.r2h_buf_size = cpu_to_le32(r2h);
		vdev->config->set(vdev, 0, &cfg, sizeof(cfg));
	}
	vrp->tx_size = h2r;
	vrp->rx_size = r2h;
	vrp->nrx = min(vrp->rring.vr.num, AMP_VRP_MAX_DIR);
	vrp->ntx = min(vrp->sring.vr.num, AMP_VRP_MAX_DIR);
	vrp->bufs_size = PAGE_ALIGN(vrp->nrx * vrp->rx_size +
				    vrp->ntx * vrp->tx_size);

	vrp->rx_posted = bitmap_zalloc(vrp->nrx, GFP_KERNEL);
	vrp->rx_held = bitmap_zalloc(vrp->nrx, GFP_KERNEL);
	vrp->tx_state = kcalloc(vrp->ntx, sizeof(*vrp->tx_state), GFP_KERNEL);
	vrp->tx_stack = kcalloc(vrp->ntx, sizeof(*vrp->tx_stack), GFP_KERNEL);
	if (!vrp->rx_posted || !vrp->rx_held || !vrp->tx_state || !vrp->tx_stack)
		return -ENOMEM;
	vrp->bufs = amp_virtio_shm_alloc(vdev, vrp->bufs_size, &da, &pa);
	if (!vrp->bufs)
		return -ENOMEM;
	if (!amp_vrp_addressable(vrp->bufs)) {
		dev_err(&vdev->dev, "shared buffers at %p are not addressable\n",
			vrp->bufs);
		return -EINVAL;
	}
	vrp->rbufs = vrp->bufs;
	vrp->sbufs = vrp->bufs + vrp->nrx * vrp->rx_size;
	dev_dbg(&vdev->dev, "%u rx buffers of %zu, %u tx buffers of %zu at da 0x%llx\n",
		vrp->nrx, vrp->rx_size, vrp->ntx, vrp->tx_size, da);

	vrp->rring.nbufs = vrp->nrx;
	vrp->rring.buf_size = vrp->rx_size;
	vrp->rring.buf_pa = amp_vrp_phys(vrp->rbufs);
	vrp->sring.nbufs = vrp->ntx;
	vrp->sring.buf_size = vrp->tx_size;
	vrp->sring.buf_pa = amp_vrp_phys(vrp->sbufs);

	/* Not shared with anyone yet: the lock only keeps lockdep informed. */
	spin_lock_irq(&vrp->rx_lock);
	for (i = 0; i < vrp->nrx; i++)
		amp_vrp_post_rx(vrp, i);
	spin_unlock_irq(&vrp->rx_lock);
	return bad_config ? 1 : 0;
}

static int amp_vrp_probe(struct virtio_device *vdev)
{
	struct virtqueue_info info[] = {
		{ .name = "input", .callback = amp_vrp_rx_done },
		{ .name = "output", .callback = amp_vrp_tx_done },
	};
	struct amp_rpmsg_link_config cfg = {};
	struct virtqueue *vqs[2];
	struct amp_rpmsg_link *link;
	struct amp_vrp *vrp;
	int ret, bad_config;

	vrp = kzalloc(sizeof(*vrp), GFP_KERNEL);
	if (!vrp)
		return -ENOMEM;
	vrp->vdev = vdev;
	spin_lock_init(&vrp->rx_lock);
	spin_lock_init(&vrp->tx_lock);
	INIT_WORK(&vrp->rx_work, amp_vrp_rx_work);
	vdev->priv = vrp;

	ret = virtio_find_vqs(vdev, 2, vqs, info, NULL);
	if (ret)
		goto free;
	if (amp_vrp_ring_init(vrp->vdev, &vrp->rring, vqs[AMP_VIRTIO_RPMSG_VQ_RX],
			      VRING_DESC_F_WRITE) ||
	    amp_vrp_ring_init(vrp->vdev, &vrp->sring, vqs[AMP_VIRTIO_RPMSG_VQ_TX], 0)) {
		ret = -ENODEV;
		goto del_vqs;
	}
	/* No sender waits yet: tx-done notifications off (amp_vrp_tx_done()). */
	amp_vrp_ring_notify(vrp->vdev, &vrp->sring, false);

	bad_config = amp_vrp_setup_bufs(vrp);
	if (bad_config < 0) {
		ret = bad_config;
		goto del_vqs;
	}

	cfg.name = dev_name(&vdev->dev);
	cfg.parent = &vdev->dev;
	cfg.ops = &amp_vrp_ops;
	cfg.priv = vrp;
	cfg.flags = virtio_has_feature(vdev, AMP_VIRTIO_RPMSG_F_NS) ?
		    AMP_RPMSG_LINK_NS : 0;
	cfg.tx_mtu = vrp->tx_size - AMP_VRP_HDR;
	cfg.rx_mtu = vrp->rx_size - AMP_VRP_HDR;
	cfg.channels = amp_virtio_static_channels(vdev, &cfg.nr_channels);
	cfg.fwnode = vdev->dev.parent ? dev_fwnode(vdev->dev.parent) : NULL;
	link = amp_rpmsg_link_register(&cfg);
	if (IS_ERR(link)) {
		ret = PTR_ERR(link);
		goto del_vqs;
	}
	if (bad_config)
		amp_rpmsg_link_count(link, AMP_RPMSG_ST_BAD_CONFIG);
	WRITE_ONCE(vrp->link, link);

	/* The remote may start now: buffers are posted, config written. */
	virtio_device_ready(vdev);
	spin_lock_irq(&vrp->rx_lock);
	amp_vrp_ring_kick(vrp->vdev, &vrp->rring);
	spin_unlock_irq(&vrp->rx_lock);
	queue_work(amp_vrp_wq, &vrp->rx_work);
	amp_rpmsg_link_start(link);
	return 0;

del_vqs:
	vdev->config->del_vqs(vdev);
free:
	vdev->priv = NULL;
	amp_vrp_free(vrp);
	return ret;
}

static void amp_vrp_remove(struct virtio_device *vdev)
{
	struct amp_vrp *vrp = vdev->priv;

	amp_rpmsg_link_unregister(vrp->link);
	WRITE_ONCE(vrp->stopping, true);
	virtio_reset_device(vdev);
	cancel_work_sync(&vrp->rx_work);
	vdev->config->del_vqs(vdev);
	vdev->priv = NULL;
	amp_rpmsg_link_put(vrp->link);
	amp_vrp_free(vrp);
}

static const struct virtio_device_id amp_vrp_id_table[] = {
	{ AMP_VIRTIO_ID_RPMSG, VIRTIO_DEV_ANY_ID },
	{ }
};
MODULE_DEVICE_TABLE(virtio, amp_vrp_id_table);

static const unsigned int amp_vrp_features[] = {
	AMP_VIRTIO_RPMSG_F_NS,
	AMP_VIRTIO_RPMSG_F_BUFSZ,
};

static struct virtio_driver amp_vrp_driver = {
	.driver.name = "amp_rpmsg_virtio",
	.driver.owner = THIS_MODULE,
	.id_table = amp_vrp_id_table,
	.feature_table = amp_vrp_features,
	.feature_table_size = ARRAY_SIZE(amp_vrp_features),
	.validate = amp_vrp_validate,
	.probe = amp_vrp_probe,
	.remove = amp_vrp_remove,
};

static int __init amp_vrp_init(void)
{
	int ret;

	if (!amp_vrp_bufsz_ok(amp_vrp_max_buf_size) ||
	    amp_vrp_max_buf_size < AMP_RPMSG_STD_BUF_SIZE) {
		pr_err("max_buf_size %u: 512..65536, a multiple of 64\n",
		       amp_vrp_max_buf_size);
		return -EINVAL;
	}
	amp_vrp_wq = alloc_workqueue("amp_vrp_rx", WQ_UNBOUND | WQ_HIGHPRI, 0);
	if (!amp_vrp_wq)
		return -ENOMEM;
	ret = register_virtio_driver(&amp_vrp_driver);
	if (ret)
		destroy_workqueue(amp_vrp_wq);
	return ret;
}
module_init(amp_vrp_init);

static void __exit amp_vrp_exit(void)
{
	unregister_virtio_driver(&amp_vrp_driver);
	destroy_workqueue(amp_vrp_wq);
}
module_exit(amp_vrp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ampipc: virtio rpmsg transport of the amp_rpmsg bus");
MODULE_VERSION(AMPIPC_VERSION);
MODULE_AUTHOR("ampipc developers");
