/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fake remote of the virtio transport suite (rpmsg_virtio_fake.c): the
 * test owns the vrings and buffers and plays the device side in the
 * standard wire format.
 */
#ifndef AMP_RPMSG_VIRTIO_FAKE_H
#define AMP_RPMSG_VIRTIO_FAKE_H

#include <kunit/test.h>
#include <linux/spinlock.h>
#include <linux/virtio.h>
#include <linux/virtio_ring.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <ampipc/rpmsg.h>
#include <ampipc/rsc_table.h>
#include <ampipc/virtio_dev.h>

/* Ring size, alignment and config-space bytes of the fake device. */
#define FR_NUM		16
#define FR_ALIGN	4096
#define FR_CFG_LEN	8

/* What the host sent, as the fake remote took it off ring 1. */
struct fr_msg {
	struct list_head node;
	u32 src;
	u32 dst;
	size_t len;
	u32 desc_len;
	void *buf;		/* where the host's buffer was */
	u8 data[];
};

/* The fake remote: the device side of both rings. */
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

/* Options of a fake remote. */
struct fr_opts {
	u32 dfeatures;
	u32 h2r;
	u32 r2h;
	const struct amp_rpmsg_channel_info *channels;
	unsigned int nr_channels;
	/* the size the transport is told vring 0 has (0: FR_NUM) */
	unsigned int num0;
	/* what amp_virtio_dev_add() must return (0: added) */
	int add_ret;
};

void fr_kick(struct amp_rproc_vdev *rvdev, unsigned int vring);
void *fr_shm_alloc(struct amp_rproc_vdev *rvdev, size_t size, u64 *da,
		   phys_addr_t *pa);
void fr_shm_free(struct amp_rproc_vdev *rvdev, void *va, size_t size);
u16 v16(__virtio16 v);
int fr_rx_avail(struct fremote *fr);
int fr_send_raw(struct fremote *fr, const void *bytes, size_t n, u32 used_len,
		u32 used_id_override);
int fr_send(struct fremote *fr, u32 src, u32 dst, const void *data, size_t len);
int fr_ns(struct fremote *fr, const char *name, u32 addr, u32 flags);
int fr_pump(struct fremote *fr);
void fr_used_lie(struct fremote *fr, int q, u32 id, u32 len);
void fr_used_run_ahead(struct fremote *fr, int q, u16 n);
void fr_return_held(struct fremote *fr, int n);
struct fr_msg *fr_recv(struct fremote *fr);
struct fremote *fr_new(struct kunit *test, const struct fr_opts *o);
struct fremote *fr_std(struct kunit *test);
struct virtio_device *fr_vdev(struct fremote *fr);
struct amp_rpmsg_device *fr_channel(struct kunit *test, struct fremote *fr,
				    const char *name, u32 addr);
unsigned long fst(struct amp_rpmsg_device *rpdev, enum amp_rpmsg_stat s);

#endif
