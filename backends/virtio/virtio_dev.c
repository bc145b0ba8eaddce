// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: virtio devices whose vrings live in a remote processor's memory.
 *
 * The remote is the virtio "device" side: it reads the avail rings and
 * descriptors we write, and writes the used rings. Everything it writes
 * (the used rings, the status and features in the resource-table entry,
 * the config space) is untrusted. Features are read once when the device
 * is added; the status byte we report is our own copy.
 *
 * Interop mode (parameter interop_ids) registers the device with the
 * table's own id, for the kernel's stock drivers. Those expect what mainline
 * remoteproc gives them: coherent DMA allocations on the device's parent
 * that the remote can reach, and queue callbacks that may sleep. So in that
 * mode the parent is a device of our own whose DMA operations allocate from
 * the processor's carveouts, and notifications reach the queues from a work
 * item instead of the backend's interrupt path.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/kmod.h>
#include <linux/log2.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ring.h>
#include <linux/workqueue.h>

#include <ampipc/compat.h>
#include <ampipc/virtio_dev.h>

#include "virtio_internal.h"

static bool amp_virtio_interop_ids;
module_param_named(interop_ids, amp_virtio_interop_ids, bool, 0644);
MODULE_PARM_DESC(interop_ids,
		 "register devices with the resource table's virtio id, so stock drivers (virtio_rpmsg_bus) may bind them (default off)");

/* Device feature bits 0..23 and the one ring feature the split ring we
 * build supports for remotes; everything else offered is dropped.
 */
#define AMP_VIRTIO_FEATURES_OK	(GENMASK_ULL(23, 0) | BIT_ULL(VIRTIO_RING_F_EVENT_IDX))

/* Largest vring: the split ring's 16-bit index arithmetic allows 32768. */
#define AMP_VIRTIO_MAX_NUM	32768U

/**
 * struct amp_virtio_dma - parent of an interop device: its coherent DMA
 *	allocations come from the processor's carveouts
 * @dev: the device (no bus, no driver; its DMA operations are ours)
 * @rvdev: the resource whose processor the memory comes from
 * @ops: the host's shared-memory callbacks
 */
struct amp_virtio_dma {
	struct device dev;
	struct amp_rproc_vdev *rvdev;
	const struct amp_virtio_host_ops *ops;
};

/**
 * struct amp_virtio_dev - a virtio device over a vdev resource
 * @vdev: the virtio device
 * @rvdev: the resource it was made from
 * @ops: how to reach the remote
 * @vq_lock: protects @vqs against the interrupt path
 * @vq_mutex: interop mode: held while @irq_work runs a queue's callback and
 *	while @vqs changes
 * @vqs: virtqueue of each vring, while set up
 * @dma: interop mode: the parent device, else NULL
 * @irq_work: interop mode: runs the callbacks of the vrings in @irq_pending
 * @irq_pending: interop mode: vrings notified and not yet handled
 * @dfeatures: what the remote offered, read once
 * @status: the status byte as the driver set it
 * @bad_vring: notifications for vrings that do not exist
 * @kicks: notifications sent
 * @irqs: notifications received
 * @dbg: debugfs file
 */
struct amp_virtio_dev {
	struct virtio_device vdev;
	struct amp_rproc_vdev *rvdev;
	const struct amp_virtio_host_ops *ops;
	spinlock_t vq_lock;
	struct mutex vq_mutex;
	struct virtqueue *vqs[AMP_RPROC_MAX_VRINGS];
	struct amp_virtio_dma *dma;
	struct work_struct irq_work;
	unsigned long irq_pending;
	u64 dfeatures;
	u8 status;
	atomic_long_t bad_vring;
	atomic_long_t kicks;
	atomic_long_t irqs;
	struct dentry *dbg;
};

static struct dentry *amp_virtio_dbg_root;
static struct workqueue_struct *amp_virtio_irq_wq;

static struct amp_virtio_dev *to_avd(struct virtio_device *vdev)
{
	return container_of(vdev, struct amp_virtio_dev, vdev);
}

static u64 amp_vd_get_features(struct virtio_device *vdev)
{
	return to_avd(vdev)->dfeatures;
}

static int amp_vd_finalize_features(struct virtio_device *vdev)
{
	struct amp_virtio_dev *avd = to_avd(vdev);

	vring_transport_features(vdev);
	vdev->features &= avd->dfeatures;
	/* The table holds 32 bits; nothing above is ever offered. */
	avd->rvdev->rsc->gfeatures = cpu_to_le32(lower_32_bits(vdev->features));
	return 0;
}

static void amp_vd_get(struct virtio_device *vdev, unsigned int offset,
		       void *buf, unsigned int len)
{
	struct amp_rproc_vdev *rvdev = to_avd(vdev)->rvdev;

	if (!rvdev->config || offset > rvdev->config_len ||
	    len > rvdev->config_len - offset) {
		dev_err_ratelimited(&vdev->dev, "config read %u@%u beyond config_len %u\n",
				    len, offset, rvdev->config_len);
		memset(buf, 0, len);
		return;
	}
	memcpy(buf, rvdev->config + offset, len);
}

static void amp_vd_set(struct virtio_device *vdev, unsigned int offset,
		       const void *buf, unsigned int len)
{
	struct amp_rproc_vdev *rvdev = to_avd(vdev)->rvdev;

	if (!rvdev->config || offset > rvdev->config_len ||
	    len > rvdev->config_len - offset) {
		dev_err_ratelimited(&vdev->dev, "config write %u@%u beyond config_len %u\n",
				    len, offset, rvdev->config_len);
		return;
	}
	memcpy(rvdev->config + offset, buf, len);
}

static u8 amp_vd_get_status(struct virtio_device *vdev)
{
	return to_avd(vdev)->status;
}

static void amp_vd_set_status(struct virtio_device *vdev, u8 status)
{
	struct amp_virtio_dev *avd = to_avd(vdev);

	avd->status = status;
	/* Features and config space are written before the status says so. */
	wmb();
	WRITE_ONCE(avd->rvdev->rsc->status, status);
}

static void amp_vd_reset(struct virtio_device *vdev)
{
	amp_vd_set_status(vdev, 0);
}

static bool amp_vd_notify(struct virtqueue *vq)
{
	struct amp_virtio_dev *avd = to_avd(vq->vdev);

	atomic_long_inc(&avd->kicks);
	avd->ops->kick(avd->rvdev, vq->index);
	return true;
}

static struct virtqueue *amp_vd_setup_vq(struct amp_virtio_dev *avd,
					 unsigned int idx,
					 struct virtqueue_info *info)
{
	struct amp_rproc_vring *r = &avd->rvdev->vring[idx];
	struct virtqueue *vq;
	unsigned long flags;

	/* The caller's values, not the remote's; checked again anyway. */
	if (!r->va || !is_power_of_2(r->num) || r->num > AMP_VIRTIO_MAX_NUM ||
	    !is_power_of_2(r->align) || vring_size(r->num, r->align) > r->size) {
		dev_err(&avd->vdev.dev, "vring %u: num %u align %u size %zu unusable\n",
			idx, r->num, r->align, r->size);
		return ERR_PTR(-EINVAL);
	}
	memset(r->va, 0, vring_size(r->num, r->align));
	/* Not weak barriers: the other side is another processor. */
	vq = vring_new_virtqueue(idx, r->num, r->align, &avd->vdev, false,
				 info->ctx, r->va, amp_vd_notify, info->callback,
				 info->name);
	if (!vq)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&avd->vq_mutex);
	spin_lock_irqsave(&avd->vq_lock, flags);
	avd->vqs[idx] = vq;
	spin_unlock_irqrestore(&avd->vq_lock, flags);
	mutex_unlock(&avd->vq_mutex);
	return vq;
}

static void amp_vd_del_vqs(struct virtio_device *vdev)
{
	struct amp_virtio_dev *avd = to_avd(vdev);
	struct virtqueue *vq, *n;
	unsigned long flags;

	list_for_each_entry_safe(vq, n, &vdev->vqs, list) {
		/* The mutex waits for a callback the work item runs. */
		mutex_lock(&avd->vq_mutex);
		spin_lock_irqsave(&avd->vq_lock, flags);
		if (vq->index < AMP_RPROC_MAX_VRINGS)
			avd->vqs[vq->index] = NULL;
		spin_unlock_irqrestore(&avd->vq_lock, flags);
		mutex_unlock(&avd->vq_mutex);
		vring_del_virtqueue(vq);
	}
}

static int amp_vd_find_vqs(struct virtio_device *vdev, unsigned int nvqs,
			   struct virtqueue *vqs[], AMP_COMPAT_FIND_VQS_PARAMS,
			   struct irq_affinity *desc)
{
	struct virtqueue_info infobuf[AMP_COMPAT_MAX_VQS] __maybe_unused;
	struct amp_virtio_dev *avd = to_avd(vdev);
	struct virtqueue_info *info;
	unsigned int i, idx = 0;
	int ret;

	if (nvqs > AMP_COMPAT_MAX_VQS)
		return -EINVAL;
	info = AMP_COMPAT_FIND_VQS_INFO(nvqs, infobuf);

	for (i = 0; i < nvqs; i++) {
		if (!info[i].name) {
			vqs[i] = NULL;
			continue;
		}
		if (idx >= avd->rvdev->num_vrings) {
			ret = -EINVAL;
			goto err;
		}
		vqs[i] = amp_vd_setup_vq(avd, idx++, &info[i]);
		if (IS_ERR(vqs[i])) {
			ret = PTR_ERR(vqs[i]);
			goto err;
		}
	}
	return 0;
err:
	amp_vd_del_vqs(vdev);
	return ret;
}

static const char *amp_vd_bus_name(struct virtio_device *vdev)
{
	return "amp_rproc_virtio";
}

static const struct virtio_config_ops amp_vd_config_ops = {
	.get_features = amp_vd_get_features,
	.finalize_features = amp_vd_finalize_features,
	.get = amp_vd_get,
	.set = amp_vd_set,
	.get_status = amp_vd_get_status,
	.set_status = amp_vd_set_status,
	.reset = amp_vd_reset,
	.find_vqs = amp_vd_find_vqs,
	.del_vqs = amp_vd_del_vqs,
	.bus_name = amp_vd_bus_name,
};

/**
 * amp_virtio_is_amp() - whether a virtio device is one of ampipc's
 * @vdev: a virtio device
 *
 * Return: true if amp_virtio_dev_add() made it.
 */
bool amp_virtio_is_amp(struct virtio_device *vdev)
{
	return vdev && vdev->config == &amp_vd_config_ops;
}
EXPORT_SYMBOL_GPL(amp_virtio_is_amp);

/**
 * amp_virtio_shm_alloc() - memory for a driver's buffers that the remote reaches
 * @vdev: one of ampipc's virtio devices
 * @size: bytes
 * @da: out: device address as the remote sees it
 * @pa: out: physical address
 *
 * Physically contiguous and zeroed, from the processor's carveout windows.
 * May sleep.
 *
 * Return: kernel address, or NULL.
 */
void *amp_virtio_shm_alloc(struct virtio_device *vdev, size_t size, u64 *da,
			   phys_addr_t *pa)
{
	struct amp_virtio_dev *avd;

	if (!amp_virtio_is_amp(vdev) || !size)
		return NULL;
	avd = to_avd(vdev);
	return avd->ops->shm_alloc(avd->rvdev, size, da, pa);
}
EXPORT_SYMBOL_GPL(amp_virtio_shm_alloc);

/**
 * amp_virtio_shm_free() - free memory from amp_virtio_shm_alloc()
 * @vdev: the device it came from
 * @va: its kernel address
 * @size: its size
 */
void amp_virtio_shm_free(struct virtio_device *vdev, void *va, size_t size)
{
	struct amp_virtio_dev *avd;

	if (!amp_virtio_is_amp(vdev) || !va)
		return;
	avd = to_avd(vdev);
	avd->ops->shm_free(avd->rvdev, va, size);
}
EXPORT_SYMBOL_GPL(amp_virtio_shm_free);

/**
 * amp_virtio_vring_layout() - where a virtqueue's split ring lies
 * @vq: a virtqueue of one of ampipc's virtio devices
 * @vr: out: its descriptor table, avail and used rings
 *
 * For drivers that defend the shared ring against the remote (see
 * docs/rpmsg.md, "Hostile remotes").
 *
 * Return: 0, or -EINVAL if @vq is not one of ours.
 */
int amp_virtio_vring_layout(struct virtqueue *vq, struct vring *vr)
{
	struct amp_rproc_vring *r;

	if (!vq || !amp_virtio_is_amp(vq->vdev) ||
	    vq->index >= to_avd(vq->vdev)->rvdev->num_vrings)
		return -EINVAL;
	r = &to_avd(vq->vdev)->rvdev->vring[vq->index];
	vring_init(vr, r->num, r->va, r->align);
	return 0;
}
EXPORT_SYMBOL_GPL(amp_virtio_vring_layout);

/**
 * amp_virtio_static_channels() - the backend's static rpmsg channels
 * @vdev: one of ampipc's virtio devices
 * @nr: out: number of entries
 *
 * Return: the table from &amp_virtio_host_ops.channels, or NULL.
 */
const struct amp_rpmsg_channel_info *
amp_virtio_static_channels(struct virtio_device *vdev, unsigned int *nr)
{
	*nr = 0;
	if (!amp_virtio_is_amp(vdev) || !to_avd(vdev)->ops->channels)
		return NULL;
	*nr = to_avd(vdev)->ops->nr_channels;
	return to_avd(vdev)->ops->channels;
}
EXPORT_SYMBOL_GPL(amp_virtio_static_channels);

static int amp_vd_stats_show(struct seq_file *s, void *unused)
{
	struct amp_virtio_dev *avd = s->private;

	seq_printf(s, "id %u\nbad_vring %lu\nkicks %lu\ninterrupts %lu\n",
		   avd->vdev.id.device, atomic_long_read(&avd->bad_vring),
		   atomic_long_read(&avd->kicks), atomic_long_read(&avd->irqs));
	seq_printf(s, "dfeatures 0x%llx\nfeatures 0x%llx\nstatus 0x%x\n",
		   avd->dfeatures, avd->vdev.features, avd->status);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(amp_vd_stats);

static void amp_vd_release(struct device *dev)
{
	struct virtio_device *vdev = dev_to_virtio(dev);

	kfree(to_avd(vdev));
}

/* Interop mode: run the callbacks of notified vrings where they may sleep. */
static void amp_vd_irq_work(struct work_struct *work)
{
	struct amp_virtio_dev *avd = container_of(work, struct amp_virtio_dev,
						  irq_work);
	unsigned int i;

	for (i = 0; i < AMP_RPROC_MAX_VRINGS; i++) {
		if (!test_and_clear_bit(i, &avd->irq_pending))
			continue;
		mutex_lock(&avd->vq_mutex);
		if (avd->vqs[i])
			vring_interrupt(0, avd->vqs[i]);
		mutex_unlock(&avd->vq_mutex);
	}
}

#ifdef AMP_HAVE_DEVICE_DMA_OPS
static struct amp_virtio_dma *to_avdma(struct device *dev)
{
	return container_of(dev, struct amp_virtio_dma, dev);
}

/*
 * Coherent allocations of the interop parent: shared memory from the
 * processor's carveouts (what the remote reaches), the device address as
 * the DMA handle. Nothing maps streaming DMA through this device: the
 * vrings are not DMA-mapped (VIRTIO_F_ACCESS_PLATFORM is never offered).
 */
static void *amp_vd_dma_alloc(struct device *dev, size_t size,
			      dma_addr_t *handle, gfp_t gfp,
			      unsigned long attrs)
{
	struct amp_virtio_dma *d = to_avdma(dev);
	phys_addr_t pa;
	void *va;
	u64 da;

	if (!size || !gfpflags_allow_blocking(gfp))
		return NULL;
	va = d->ops->shm_alloc(d->rvdev, size, &da, &pa);
	if (!va)
		return NULL;
	if (da != (dma_addr_t)da) {
		d->ops->shm_free(d->rvdev, va, size);
		return NULL;
	}
	*handle = da;
	return va;
}

static void amp_vd_dma_free(struct device *dev, size_t size, void *va,
			    dma_addr_t handle, unsigned long attrs)
{
	struct amp_virtio_dma *d = to_avdma(dev);

	d->ops->shm_free(d->rvdev, va, size);
}

static const struct dma_map_ops amp_vd_dma_ops = {
	.alloc = amp_vd_dma_alloc,
	.free = amp_vd_dma_free,
};

static void amp_vd_dma_release(struct device *dev)
{
	kfree(to_avdma(dev));
}

/* The parent of an interop device; NULL if there is none to be had. */
static struct amp_virtio_dma *amp_vd_dma_add(struct amp_rproc_vdev *rvdev,
					     struct device *parent,
					     const struct amp_virtio_host_ops *ops)
{
	struct amp_virtio_dma *d;
	int ret;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return NULL;
	d->rvdev = rvdev;
	d->ops = ops;
	device_initialize(&d->dev);
	d->dev.parent = parent;
	d->dev.release = amp_vd_dma_release;
	/* The table's addresses are 32-bit. */
	d->dev.coherent_dma_mask = DMA_BIT_MASK(32);
	d->dev.dma_mask = &d->dev.coherent_dma_mask;
	set_dma_ops(&d->dev, &amp_vd_dma_ops);
	ret = dev_set_name(&d->dev, "vdev%u", rvdev->index);
	if (!ret)
		ret = device_add(&d->dev);
	if (ret) {
		dev_err(parent, "vdev %u: no interop parent device (%d)\n",
			rvdev->index, ret);
		put_device(&d->dev);
		return NULL;
	}
	return d;
}
#else
static struct amp_virtio_dma *amp_vd_dma_add(struct amp_rproc_vdev *rvdev,
					     struct device *parent,
					     const struct amp_virtio_host_ops *ops)
{
	dev_warn(parent, "vdev %u: interop_ids needs per-device DMA operations, which this kernel lacks; the device stays ampipc's\n",
		 rvdev->index);
	return NULL;
}
#endif

static void amp_vd_dma_remove(struct amp_virtio_dma *d)
{
	if (d)
		device_unregister(&d->dev);
}

static int amp_vd_drv_matches(struct device_driver *drv, void *data)
{
	struct device *dev = data;

	return dev->bus->match(dev, drv) > 0;
}

static bool amp_vd_bound(struct amp_virtio_dev *avd)
{
	bool bound;

	device_lock(&avd->vdev.dev);
	bound = avd->vdev.dev.driver;
	device_unlock(&avd->vdev.dev);
	return bound;
}

/*
 * After registration: false when a driver for the device is loaded yet none
 * is bound, twice. The driver core and the virtio core keep a probe's
 * error to themselves (the virtio core marks the device failed), so an
 * unbound device with a matching driver is a failed probe, or a driver
 * registering at this moment. One more attempt from a clean status tells
 * them apart and absorbs a transient failure.
 */
static bool amp_vd_driven(struct amp_virtio_dev *avd)
{
	struct device *dev = &avd->vdev.dev;

	if (amp_vd_bound(avd) ||
	    !bus_for_each_drv(dev->bus, NULL, dev, amp_vd_drv_matches))
		return true;
	amp_vd_reset(&avd->vdev);
	virtio_add_status(&avd->vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	if (device_attach(dev) < 0)
		return false;
	return amp_vd_bound(avd);
}

/**
 * amp_virtio_dev_add() - make a virtio device for a vdev resource
 * @rvdev: the resource, with its vrings allocated; its @transport_priv is
 *	used until amp_virtio_dev_remove()
 * @parent: parent of the virtio device
 * @ops: kick and shared-memory callbacks
 *
 * The device's id is %AMP_VIRTIO_ID_BASE + the table's id unless the module
 * parameter ``interop_ids`` is set. Then it carries the table's id, its
 * parent is a child of @parent whose coherent DMA allocations come from
 * @ops->shm_alloc, and queue callbacks run in a work item (where they may
 * sleep, as stock drivers expect); a kernel without per-device DMA
 * operations keeps the device ampipc's. A matching driver is probed before
 * this returns. May sleep.
 *
 * Return: 0; -EINVAL for an unusable resource or missing callbacks;
 * -ENOMEM; an error of register_virtio_device(); -ENODEV when a driver
 * loaded for the device failed to probe it twice (the device is removed
 * again).
 */
int amp_virtio_dev_add(struct amp_rproc_vdev *rvdev, struct device *parent,
		       const struct amp_virtio_host_ops *ops)
{
	struct amp_virtio_dev *avd;
	int ret;

	if (!rvdev || !rvdev->rsc || !parent || !ops || !ops->kick ||
	    !ops->shm_alloc || !ops->shm_free ||
	    rvdev->num_vrings > AMP_RPROC_MAX_VRINGS || rvdev->id >= 0x10000 ||
	    (rvdev->config_len && !rvdev->config))
		return -EINVAL;

	avd = kzalloc(sizeof(*avd), GFP_KERNEL);
	if (!avd)
		return -ENOMEM;
	avd->rvdev = rvdev;
	avd->ops = ops;
	spin_lock_init(&avd->vq_lock);
	mutex_init(&avd->vq_mutex);
	INIT_WORK(&avd->irq_work, amp_vd_irq_work);
	atomic_long_set(&avd->bad_vring, 0);
	atomic_long_set(&avd->kicks, 0);
	atomic_long_set(&avd->irqs, 0);
	avd->dfeatures = le32_to_cpu(READ_ONCE(rvdev->rsc->dfeatures)) &
			 AMP_VIRTIO_FEATURES_OK;
	if (READ_ONCE(amp_virtio_interop_ids))
		avd->dma = amp_vd_dma_add(rvdev, parent, ops);
	avd->vdev.id.device = avd->dma ? rvdev->id : AMP_VIRTIO_ID_BASE + rvdev->id;
	avd->vdev.id.vendor = AMP_VIRTIO_VENDOR;
	avd->vdev.config = &amp_vd_config_ops;
	avd->vdev.dev.parent = avd->dma ? &avd->dma->dev : parent;
	avd->vdev.dev.release = amp_vd_release;

	WRITE_ONCE(rvdev->transport_priv, avd);
	ret = register_virtio_device(&avd->vdev);
	if (ret) {
		WRITE_ONCE(rvdev->transport_priv, NULL);
		synchronize_rcu();
		cancel_work_sync(&avd->irq_work);
		amp_vd_dma_remove(avd->dma);
		put_device(&avd->vdev.dev);
		return ret;
	}
	if (!amp_vd_driven(avd)) {
		dev_err(parent, "vdev %u: its virtio driver failed to probe it\n",
			rvdev->id);
		amp_virtio_dev_remove(rvdev);
		return -ENODEV;
	}
	/*
	 * Load the device's driver by its modalias, as udev would: systems
	 * without udev (initramfs, minimal images) get messaging too.
	 */
	if (!READ_ONCE(avd->vdev.dev.driver))
		request_module_nowait("virtio:d%08Xv%08X", avd->vdev.id.device,
				      avd->vdev.id.vendor);
	if (amp_virtio_dbg_root)
		avd->dbg = debugfs_create_file(dev_name(&avd->vdev.dev), 0400,
					       amp_virtio_dbg_root, avd,
					       &amp_vd_stats_fops);
	return 0;
}
EXPORT_SYMBOL_GPL(amp_virtio_dev_add);

/**
 * amp_virtio_dev_remove() - remove the virtio device of a vdev resource
 * @rvdev: a resource amp_virtio_dev_add() succeeded on
 *
 * The driver is unbound (it resets the device and deletes its queues);
 * notifications arriving meanwhile are still handled, later ones ignored.
 * May sleep.
 */
void amp_virtio_dev_remove(struct amp_rproc_vdev *rvdev)
{
	struct amp_virtio_dev *avd = rvdev ? READ_ONCE(rvdev->transport_priv) : NULL;

	if (!avd)
		return;
	debugfs_remove(avd->dbg);
	get_device(&avd->vdev.dev);
	unregister_virtio_device(&avd->vdev);
	/* The virtio core acknowledges the device again after the driver's
	 * reset; to the remote the device is gone.
	 */
	WRITE_ONCE(rvdev->rsc->status, 0);
	WRITE_ONCE(rvdev->transport_priv, NULL);
	synchronize_rcu();
	cancel_work_sync(&avd->irq_work);
	amp_vd_dma_remove(avd->dma);
	put_device(&avd->vdev.dev);
}
EXPORT_SYMBOL_GPL(amp_virtio_dev_remove);

/**
 * amp_virtio_dev_vring_interrupt() - the remote notified a vring
 * @rvdev: the resource
 * @vring: vring index (not the notify id)
 *
 * Runs the virtqueue's callback, in the caller's context and whether or not
 * the used ring moved (ampipc's own driver consumes the used ring itself,
 * not through the kernel's virtqueue); interop mode: queues the kernel's
 * vring_interrupt() to a work item, for the stock driver. An index out of
 * range is counted and logged (rate-limited). Any context.
 */
void amp_virtio_dev_vring_interrupt(struct amp_rproc_vdev *rvdev,
				    unsigned int vring)
{
	struct amp_virtio_dev *avd;
	struct virtqueue *vq;
	unsigned long flags;

	rcu_read_lock();
	avd = rvdev ? READ_ONCE(rvdev->transport_priv) : NULL;
	if (!avd)
		goto out;
	if (vring >= rvdev->num_vrings || vring >= AMP_RPROC_MAX_VRINGS) {
		atomic_long_inc(&avd->bad_vring);
		dev_err_ratelimited(&avd->vdev.dev,
				    "notification for vring %u, only %u exist\n",
				    vring, rvdev->num_vrings);
		goto out;
	}
	atomic_long_inc(&avd->irqs);
	if (avd->dma) {
		set_bit(vring, &avd->irq_pending);
		queue_work(amp_virtio_irq_wq, &avd->irq_work);
		goto out;
	}
	/*
	 * Our own devices' driver (amp_rpmsg_virtio) reads the used rings
	 * itself; the kernel ring code's idea of what is used is not kept, so
	 * its vring_interrupt() is bypassed and the callback always runs.
	 */
	spin_lock_irqsave(&avd->vq_lock, flags);
	vq = avd->vqs[vring];
	if (vq && vq->callback)
		vq->callback(vq);
	spin_unlock_irqrestore(&avd->vq_lock, flags);
out:
	rcu_read_unlock();
}
EXPORT_SYMBOL_GPL(amp_virtio_dev_vring_interrupt);

/**
 * amp_virtio_dev_get_virtio() - the virtio device of a vdev resource
 * @rvdev: the resource
 *
 * Return: the device while added, else NULL.
 */
struct virtio_device *amp_virtio_dev_get_virtio(struct amp_rproc_vdev *rvdev)
{
	struct amp_virtio_dev *avd = rvdev ? READ_ONCE(rvdev->transport_priv) : NULL;

	return avd ? &avd->vdev : NULL;
}
EXPORT_SYMBOL_GPL(amp_virtio_dev_get_virtio);

/**
 * amp_virtio_bad_vring() - notifications for vrings that do not exist
 * @rvdev: the resource
 *
 * Return: the count (also in debugfs ``amp_virtio/<device>``).
 */
unsigned long amp_virtio_bad_vring(struct amp_rproc_vdev *rvdev)
{
	struct amp_virtio_dev *avd = rvdev ? READ_ONCE(rvdev->transport_priv) : NULL;

	return avd ? atomic_long_read(&avd->bad_vring) : 0;
}
EXPORT_SYMBOL_GPL(amp_virtio_bad_vring);

static int __init amp_rproc_virtio_init(void)
{
	int ret;

	amp_virtio_irq_wq = alloc_workqueue("amp_virtio_irq",
					    WQ_UNBOUND | WQ_HIGHPRI, 0);
	if (!amp_virtio_irq_wq)
		return -ENOMEM;
	amp_virtio_dbg_root = debugfs_create_dir("amp_virtio", NULL);
	if (IS_ERR(amp_virtio_dbg_root))
		amp_virtio_dbg_root = NULL;
	ret = amp_rproc_virtio_glue_init();
	if (ret) {
		debugfs_remove_recursive(amp_virtio_dbg_root);
		destroy_workqueue(amp_virtio_irq_wq);
	}
	return ret;
}
module_init(amp_rproc_virtio_init);

static void __exit amp_rproc_virtio_exit(void)
{
	amp_rproc_virtio_glue_exit();
	debugfs_remove_recursive(amp_virtio_dbg_root);
	destroy_workqueue(amp_virtio_irq_wq);
}
module_exit(amp_rproc_virtio_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ampipc: virtio devices over remote-processor vdev resources");
MODULE_VERSION(AMPIPC_VERSION);
MODULE_AUTHOR("ampipc developers");
