// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: the driver side of a split ring in shared memory, for
 * amp_rpmsg_virtio (vring_driver.h). Every descriptor is written whole
 * when its buffer is posted, so nothing the remote wrote into one survives;
 * the used ring is read one field at a time, once.
 */

#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ring.h>

#include <ampipc/virtio_dev.h>

#include "vring_driver.h"

int amp_vrp_ring_init(struct virtio_device *vdev, struct amp_vrp_ring *r,
		      struct virtqueue *vq, u16 desc_flags)
{
	int ret = amp_virtio_vring_layout(vq, &r->vr);

	if (ret)
		return ret;
	r->vq = vq;
	r->mask = r->vr.num - 1;
	r->desc_flags = desc_flags;
	r->event = virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX);
	/* Notifications wanted; the ring memory was zeroed when it was made. */
	WRITE_ONCE(r->vr.avail->flags, 0);
	return 0;
}

/*
 * Under the ring's lock: hand buffer @id (@len bytes of it) to the remote.
 * The whole descriptor is written each time, so whatever the remote wrote
 * into it is gone. Never fails: at most @nbufs buffers are with the remote
 * and the avail ring has room for all of them.
 */
void amp_vrp_ring_post(struct virtio_device *vdev, struct amp_vrp_ring *r,
		       unsigned int id, u32 len)
{
	struct vring_desc *d = &r->vr.desc[id];

	WRITE_ONCE(d->addr, cpu_to_virtio64(vdev, r->buf_pa + id * r->buf_size));
	WRITE_ONCE(d->len, cpu_to_virtio32(vdev, len));
	WRITE_ONCE(d->flags, cpu_to_virtio16(vdev, r->desc_flags));
	WRITE_ONCE(d->next, 0);
	WRITE_ONCE(r->vr.avail->ring[r->avail & r->mask], cpu_to_virtio16(vdev, id));
	/* The descriptor and the entry before the index that publishes them. */
	virtio_wmb(false);
	r->avail++;
	WRITE_ONCE(r->vr.avail->idx, cpu_to_virtio16(vdev, r->avail));
}

/* Under the ring's lock: notify the remote of what was posted, if it wants. */
void amp_vrp_ring_kick(struct virtio_device *vdev, struct amp_vrp_ring *r)
{
	u16 old = r->kicked;
	bool kick;

	if (r->avail == old)
		return;
	r->kicked = r->avail;
	/* The new index is visible before the remote's wishes are read. */
	virtio_mb(false);
	if (r->event)
		kick = vring_need_event(virtio16_to_cpu(vdev,
							READ_ONCE(vring_avail_event(&r->vr))),
					r->avail, old);
	else
		kick = !(virtio16_to_cpu(vdev, READ_ONCE(r->vr.used->flags)) &
			 VRING_USED_F_NO_NOTIFY);
	if (kick)
		virtqueue_notify(r->vq);
}

/*
 * Under the ring's lock: ask the remote to notify us of used buffers, or
 * not to. Only a hint (the remote may notify anyway): after turning them on
 * the caller looks at the used ring again, for an element the remote
 * published before it saw the request.
 */
void amp_vrp_ring_notify(struct virtio_device *vdev, struct amp_vrp_ring *r,
			 bool on)
{
	r->quiet = !on;
	if (r->event) {
		/* Off: the used event is simply not moved on any more. */
		if (on)
			WRITE_ONCE(vring_used_event(&r->vr),
				   cpu_to_virtio16(vdev, r->used));
	} else {
		WRITE_ONCE(r->vr.avail->flags,
			   cpu_to_virtio16(vdev, on ? 0 : VRING_AVAIL_F_NO_INTERRUPT));
	}
	/* The request is visible before the used index is read again. */
	if (on)
		virtio_mb(false);
}

/*
 * Under the ring's lock: the next used element. 1 with *@id and *@len (as
 * the remote wrote them, unchecked), 0 if there is none, -ERANGE if the used
 * index claims more elements than buffers exist. Each shared field is read
 * once.
 */
int amp_vrp_ring_get(struct virtio_device *vdev, struct amp_vrp_ring *r,
		     u32 *id, u32 *len)
{
	struct vring_used_elem *e;
	u16 uidx;

	uidx = virtio16_to_cpu(vdev, READ_ONCE(r->vr.used->idx));
	if (uidx == r->used) {
		if (!r->event || r->quiet)
			return 0;
		/* Ask to be told about the next one, then look again. */
		WRITE_ONCE(vring_used_event(&r->vr), cpu_to_virtio16(vdev, r->used));
		virtio_mb(false);
		uidx = virtio16_to_cpu(vdev, READ_ONCE(r->vr.used->idx));
		if (uidx == r->used)
			return 0;
	}
	if ((u16)(uidx - r->used) > r->nbufs)
		return -ERANGE;
	/* The element is read after the index that published it. */
	virtio_rmb(false);
	e = &r->vr.used->ring[r->used & r->mask];
	*id = virtio32_to_cpu(vdev, READ_ONCE(e->id));
	*len = virtio32_to_cpu(vdev, READ_ONCE(e->len));
	r->used++;
	return 1;
}
