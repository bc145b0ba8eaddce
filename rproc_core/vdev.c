// SPDX-License-Identifier: GPL-2.0
/*
 * The vdev hand-off (include/ampipc/rproc_vdev.h): vrings and notify ids
 * for each VDEV entry of a booting processor, the registered transport,
 * shared buffers, kicks and the dispatch of vring interrupts.
 *
 * Vrings and shared buffers come from the carveout windows through the
 * device-address allocator; with an IOMMU they are mapped through it like
 * carveouts. Notify ids are dense per processor (0, 1, ...) so the interrupt
 * path looks them up in a small table under a spinlock.
 */
#include <linux/device.h>
#include <linux/kmod.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "rproc_internal.h"

#define AMP_RSC_HDR	sizeof(struct amp_rsc_hdr)

static const struct amp_rproc_vdev_transport *amp_rproc_transport;

/* Bytes of a split virtqueue of @num descriptors aligned to @align. */
static size_t amp_rproc_vring_bytes(u32 num, u32 align)
{
	size_t desc_avail = 16 * (size_t)num + 6 + 2 * (size_t)num;

	return ALIGN(desc_avail, (size_t)align) + 6 + 8 * (size_t)num;
}

/* Pool memory for a vring or a shared buffer: kernel-mapped, not I/O. */
static void *amp_rproc_pool_mem(struct amp_rproc *rproc, size_t size, u64 align,
				u64 *da, phys_addr_t *pa, int *err)
{
	unsigned int i;
	void *va;
	int ret;

	ret = amp_da_alloc(&rproc->pool, size, align, da);
	if (ret) {
		*err = ret;
		return NULL;
	}
	va = amp_da_to_va(&rproc->pool, *da, size);
	amp_da_to_pa(&rproc->pool, *da, size, pa);
	for (i = 0; va && i < rproc->cfg.nr_windows; i++) {
		const struct amp_rproc_window *w = &rproc->cfg.windows[i];

		if ((w->flags & AMP_RPROC_WIN_CARVEOUT) && *da >= w->da &&
		    *da - w->da < w->size && (w->flags & AMP_RPROC_WIN_IOMEM))
			va = NULL;
	}
	if (!va) {
		amp_da_free(&rproc->pool, *da);
		*err = -EFAULT;
		return NULL;
	}
	if (rproc->ops->iommu_map) {
		ret = rproc->ops->iommu_map(rproc, *da, *pa, size, 0);
		if (ret) {
			amp_da_free(&rproc->pool, *da);
			*err = ret;
			return NULL;
		}
	}
	memset(va, 0, size);
	return va;
}

static void amp_rproc_pool_mem_free(struct amp_rproc *rproc, u64 da, size_t size)
{
	if (rproc->ops->iommu_unmap)
		rproc->ops->iommu_unmap(rproc, da, size);
	amp_da_free(&rproc->pool, da);
}

static int amp_rproc_vring_setup(struct amp_rproc *rproc,
				 struct amp_rproc_vslot *slot, const u8 *vr,
				 size_t loaded_off, unsigned int i)
{
	struct amp_rproc_vring *ring = &slot->vdev.vring[i];
	u32 da = amp_rproc_le32(vr + offsetof(struct amp_rsc_vdev_vring, da));
	u32 align = amp_rproc_le32(vr + offsetof(struct amp_rsc_vdev_vring, align));
	u32 num = amp_rproc_le32(vr + offsetof(struct amp_rsc_vdev_vring, num));
	u64 at = da == AMP_RSC_ADDR_ANY ? AMP_DA_ANY : da;
	unsigned long flags;
	size_t size;
	int ret = 0;

	if (rproc->nr_notify >= AMP_RPROC_MAX_NOTIFYID) {
		dev_err(&rproc->dev, "vdev %u vring %u: more than %d vrings\n",
			slot->vdev.index, i, AMP_RPROC_MAX_NOTIFYID);
		return -ENOSPC;
	}
	/* The parser checked num and align: powers of two, num in range. */
	size = PAGE_ALIGN(amp_rproc_vring_bytes(num, align));
	ring->va = amp_rproc_pool_mem(rproc, size,
				      at == AMP_DA_ANY ? max_t(u64, align, PAGE_SIZE) : align,
				      &at, &ring->pa, &ret);
	if (!ring->va) {
		dev_err(&rproc->dev, "vdev %u vring %u: no memory for %zu bytes at da %#x (%d)\n",
			slot->vdev.index, i, size, da, ret);
		return ret;
	}
	ring->da = at;
	ring->size = size;
	ring->num = num;
	ring->align = align;
	if (at > U32_MAX) {
		dev_err(&rproc->dev, "vdev %u vring %u: da %#llx does not fit the table\n",
			slot->vdev.index, i, at);
		return -ERANGE;
	}
	spin_lock_irqsave(&rproc->vq_lock, flags);
	ring->notifyid = rproc->nr_notify;
	rproc->notify[rproc->nr_notify++] = slot->vdev.index << 8 | i;
	spin_unlock_irqrestore(&rproc->vq_lock, flags);

	amp_rproc_rsc_wr32(rproc, loaded_off + offsetof(struct amp_rsc_vdev_vring, da),
			   (u32)ring->da);
	if (ring->pa <= U32_MAX)
		amp_rproc_rsc_wr32(rproc, loaded_off + offsetof(struct amp_rsc_vdev_vring, pa),
				   (u32)ring->pa);
	amp_rproc_rsc_wr32(rproc, loaded_off + offsetof(struct amp_rsc_vdev_vring, notifyid),
			   ring->notifyid);
	return 0;
}

/* One VDEV entry at @offset (@len bytes with vrings and config). */
int amp_rproc_vdev_setup(struct amp_rproc *rproc, const u8 *table,
			 u32 offset, u32 len)
{
	const u8 *e = table + offset + AMP_RSC_HDR;
	u8 nvr = e[offsetof(struct amp_rsc_vdev, num_of_vrings)];
	u32 cfg_len = amp_rproc_le32(e + offsetof(struct amp_rsc_vdev, config_len));
	struct amp_rproc_vslot *slots, *slot;
	struct amp_rproc_vdev *vdev;
	unsigned int i;
	int ret;

	if (nvr > AMP_RPROC_MAX_VRINGS) {
		dev_err(&rproc->dev, "vdev entry at %#x: num_of_vrings %u, at most %d supported\n",
			offset, nvr, AMP_RPROC_MAX_VRINGS);
		return -EINVAL;
	}
	if (rproc->loaded_iomem) {
		dev_err(&rproc->dev, "vdev entry at %#x: the loaded resource table is I/O memory\n",
			offset);
		return -EINVAL;
	}
	slots = krealloc_array(rproc->vslots, rproc->nr_vdevs + 1, sizeof(*slots),
			       GFP_KERNEL);
	if (!slots)
		return -ENOMEM;
	rproc->vslots = slots;
	slot = &slots[rproc->nr_vdevs];
	memset(slot, 0, sizeof(*slot));
	vdev = &slot->vdev;
	vdev->rproc = rproc;
	vdev->index = rproc->nr_vdevs++;
	vdev->id = amp_rproc_le32(e + offsetof(struct amp_rsc_vdev, id));
	vdev->rsc = (struct amp_rsc_vdev *)((u8 *)rproc->loaded_table + offset +
					    AMP_RSC_HDR);
	vdev->rsc_len = len - AMP_RSC_HDR;
	vdev->config_len = cfg_len;
	if (cfg_len)
		vdev->config = (u8 *)vdev->rsc + sizeof(struct amp_rsc_vdev) +
			       nvr * sizeof(struct amp_rsc_vdev_vring);
	vdev->num_vrings = nvr;
	for (i = 0; i < nvr; i++) {
		size_t off = sizeof(struct amp_rsc_vdev) +
			     i * sizeof(struct amp_rsc_vdev_vring);

		ret = amp_rproc_vring_setup(rproc, slot, e + off,
					    offset + AMP_RSC_HDR + off, i);
		if (ret)
			return ret;
	}
	/* The remote sees a clean status until the transport negotiates. */
	amp_rproc_rsc_wr32(rproc, offset + AMP_RSC_HDR +
			   offsetof(struct amp_rsc_vdev, gfeatures), 0);
	amp_rproc_rsc_wr8(rproc, offset + AMP_RSC_HDR +
			  offsetof(struct amp_rsc_vdev, status), 0);
	return 0;
}

/*
 * Hand the vdevs to @t. Return: 0, or the error of the first vdev the
 * transport refused; then the ones added before it are removed again and
 * the transport is let go, as if nothing had been handed over.
 */
static int amp_rproc_vdevs_add(struct amp_rproc *rproc,
			       const struct amp_rproc_vdev_transport *t)
{
	unsigned long flags;
	unsigned int i;
	int ret = 0;

	if (!rproc->nr_vdevs || rproc->transport || !rproc->hw_up)
		return 0;
	if (!try_module_get(t->owner))
		return 0;
	spin_lock_irqsave(&rproc->vq_lock, flags);
	rproc->transport = t;
	rproc->vq_live = true;
	spin_unlock_irqrestore(&rproc->vq_lock, flags);
	for (i = 0; i < rproc->nr_vdevs; i++) {
		struct amp_rproc_vslot *slot = &rproc->vslots[i];

		/*
		 * Interrupts reach the transport from the start of @add: the
		 * remote may notify as soon as the device is ready, which the
		 * transport declares inside @add, and a notification lost
		 * there is never repeated.
		 */
		spin_lock_irqsave(&rproc->vq_lock, flags);
		slot->added = true;
		spin_unlock_irqrestore(&rproc->vq_lock, flags);
		ret = t->add(&slot->vdev);
		if (!ret)
			continue;
		spin_lock_irqsave(&rproc->vq_lock, flags);
		slot->added = false;
		spin_unlock_irqrestore(&rproc->vq_lock, flags);
		dev_err(&rproc->dev, "vdev %u (id %u): transport refused it (%d)\n",
			i, slot->vdev.id, ret);
		amp_rproc_vdevs_stop(rproc);
		return ret;
	}
	return 0;
}

/*
 * The processor runs: hand its vdevs to the transport, if there is one.
 * Return: 0, or the transport's error for a vdev it could not add (none
 * stays added; the caller powers the processor down).
 */
int amp_rproc_vdevs_start(struct amp_rproc *rproc)
{
	lockdep_assert_held(&amp_rproc_mutex);
	if (!rproc->nr_vdevs)
		return 0;
	if (!amp_rproc_transport) {
		dev_info(&rproc->dev, "%u vdevs wait for a vdev transport\n",
			 rproc->nr_vdevs);
		/*
		 * Ask for ours without waiting (the mutex is held): its init
		 * registers it, and the waiting vdevs are handed over then.
		 */
		request_module_nowait("amp_rproc_virtio");
		return 0;
	}
	return amp_rproc_vdevs_add(rproc, amp_rproc_transport);
}

/* Before the processor stops: the transport removes its devices. */
void amp_rproc_vdevs_stop(struct amp_rproc *rproc)
{
	const struct amp_rproc_vdev_transport *t = rproc->transport;
	unsigned long flags;
	unsigned int i;
	bool added;

	lockdep_assert_held(&amp_rproc_mutex);
	if (!t)
		return;
	for (i = rproc->nr_vdevs; i-- > 0;) {
		struct amp_rproc_vslot *slot = &rproc->vslots[i];

		spin_lock_irqsave(&rproc->vq_lock, flags);
		added = slot->added;
		slot->added = false;
		spin_unlock_irqrestore(&rproc->vq_lock, flags);
		if (added)
			t->remove(&slot->vdev);
	}
	spin_lock_irqsave(&rproc->vq_lock, flags);
	rproc->vq_live = false;
	rproc->transport = NULL;
	spin_unlock_irqrestore(&rproc->vq_lock, flags);
	module_put(t->owner);
}

/* Free the vrings, leftover shared buffers and notify ids. */
void amp_rproc_vdevs_release(struct amp_rproc *rproc)
{
	struct amp_rproc_shm *shm, *tmp;
	unsigned long flags;
	unsigned int i, j;

	mutex_lock(&rproc->shm_lock);
	list_for_each_entry_safe(shm, tmp, &rproc->shms, node) {
		dev_warn(&rproc->dev, "shared buffer at da %#llx was not freed by the transport\n",
			 shm->da);
		amp_rproc_pool_mem_free(rproc, shm->da, shm->size);
		list_del(&shm->node);
		kfree(shm);
	}
	mutex_unlock(&rproc->shm_lock);
	for (i = 0; i < rproc->nr_vdevs; i++) {
		struct amp_rproc_vdev *vdev = &rproc->vslots[i].vdev;

		for (j = 0; j < vdev->num_vrings; j++)
			if (vdev->vring[j].va)
				amp_rproc_pool_mem_free(rproc, vdev->vring[j].da,
							vdev->vring[j].size);
	}
	spin_lock_irqsave(&rproc->vq_lock, flags);
	rproc->nr_notify = 0;
	rproc->vq_live = false;
	spin_unlock_irqrestore(&rproc->vq_lock, flags);
	kfree(rproc->vslots);
	rproc->vslots = NULL;
	rproc->nr_vdevs = 0;
}

/**
 * amp_rproc_vdev_register_transport() - register the vdev transport
 * @t: the transport; must stay valid until unregistered
 *
 * Running processors whose vdevs wait for a transport are handed to @t at
 * once; later boots hand theirs after the start. A running processor whose
 * vdevs @t refuses is reported crashed (%AMP_RPROC_CRASH_HANDOFF): its
 * recovery policy decides whether it restarts, which hands them over again.
 * @t->add and @t->remove are called under the core's life-cycle lock and must
 * not call amp_rproc_get(), amp_rproc_put() or other life-cycle functions.
 *
 * Context: process context; may sleep.
 * Return: 0; -EINVAL if @t lacks add, remove or vring_interrupt; -EBUSY if
 * a transport is already registered.
 */
int amp_rproc_vdev_register_transport(const struct amp_rproc_vdev_transport *t)
{
	struct amp_rproc *rproc;
	int ret = 0;

	if (!t || !t->add || !t->remove || !t->vring_interrupt)
		return -EINVAL;
	mutex_lock(&amp_rproc_mutex);
	if (amp_rproc_transport) {
		ret = -EBUSY;
	} else {
		amp_rproc_transport = t;
		list_for_each_entry(rproc, &amp_rproc_list, node) {
			if (!amp_rproc_vdevs_add(rproc, t))
				continue;
			/*
			 * The remote runs and waits for a link the host could
			 * not set up, and nobody is there to get the error:
			 * let recovery restart the processor, whose boot hands
			 * the vdevs over again.
			 */
			amp_rproc_report_crash(rproc, AMP_RPROC_CRASH_HANDOFF);
		}
	}
	mutex_unlock(&amp_rproc_mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rproc_vdev_register_transport);

/**
 * amp_rproc_vdev_unregister_transport() - unregister the vdev transport
 * @t: the transport registered with amp_rproc_vdev_register_transport()
 *
 * Removes every vdev @t holds (the processors keep running) before it
 * returns.
 *
 * Context: process context; may sleep.
 */
void amp_rproc_vdev_unregister_transport(const struct amp_rproc_vdev_transport *t)
{
	struct amp_rproc *rproc;

	mutex_lock(&amp_rproc_mutex);
	if (amp_rproc_transport == t) {
		list_for_each_entry(rproc, &amp_rproc_list, node)
			if (rproc->transport == t)
				amp_rproc_vdevs_stop(rproc);
		amp_rproc_transport = NULL;
	}
	mutex_unlock(&amp_rproc_mutex);
}
EXPORT_SYMBOL_GPL(amp_rproc_vdev_unregister_transport);

/**
 * amp_rproc_vdev_kick() - notify the remote that a vring has work
 * @vdev: the vdev
 * @vring: index of the vring in @vdev
 *
 * Calls the backend's kick with the vring's notify id.
 * Context: any, as the backend's kick allows (atomic for most backends).
 */
void amp_rproc_vdev_kick(struct amp_rproc_vdev *vdev, unsigned int vring)
{
	struct amp_rproc *rproc = vdev->rproc;

	if (vring >= vdev->num_vrings) {
		dev_err_ratelimited(&rproc->dev, "vdev %u: kick of vring %u out of range\n",
				    vdev->index, vring);
		return;
	}
	if (rproc->ops->kick)
		rproc->ops->kick(rproc, vdev->vring[vring].notifyid);
}
EXPORT_SYMBOL_GPL(amp_rproc_vdev_kick);

/**
 * amp_rproc_vdev_shm_alloc() - memory the remote and the host share
 * @vdev: the vdev it is for
 * @size: bytes wanted (rounded up to whole pages)
 * @da: out: device address the remote uses
 * @pa: out: physical address
 *
 * Taken from the processor's carveout windows and zeroed; mapped through the
 * IOMMU when the backend has one. Buffers not freed when the processor stops
 * are freed then (with a warning).
 *
 * Context: process context; may sleep.
 * Return: the kernel address, or NULL if nothing fits.
 */
void *amp_rproc_vdev_shm_alloc(struct amp_rproc_vdev *vdev, size_t size,
			       u64 *da, phys_addr_t *pa)
{
	struct amp_rproc *rproc = vdev->rproc;
	struct amp_rproc_shm *shm;
	u64 at = AMP_DA_ANY;
	int ret = 0;

	if (!size || !da || !pa)
		return NULL;
	shm = kzalloc(sizeof(*shm), GFP_KERNEL);
	if (!shm)
		return NULL;
	shm->size = PAGE_ALIGN(size);
	shm->va = amp_rproc_pool_mem(rproc, shm->size, PAGE_SIZE, &at, pa, &ret);
	if (!shm->va) {
		dev_err(&rproc->dev, "vdev %u: no shared memory for %zu bytes (%d)\n",
			vdev->index, size, ret);
		kfree(shm);
		return NULL;
	}
	shm->da = at;
	*da = at;
	mutex_lock(&rproc->shm_lock);
	list_add_tail(&shm->node, &rproc->shms);
	mutex_unlock(&rproc->shm_lock);
	return shm->va;
}
EXPORT_SYMBOL_GPL(amp_rproc_vdev_shm_alloc);

/**
 * amp_rproc_vdev_shm_free() - free amp_rproc_vdev_shm_alloc() memory
 * @vdev: the vdev it was allocated for
 * @va: the kernel address returned
 * @size: the size asked for
 *
 * Context: process context; may sleep.
 */
void amp_rproc_vdev_shm_free(struct amp_rproc_vdev *vdev, void *va,
			     size_t size)
{
	struct amp_rproc *rproc = vdev->rproc;
	struct amp_rproc_shm *shm, *found = NULL;

	mutex_lock(&rproc->shm_lock);
	list_for_each_entry(shm, &rproc->shms, node) {
		if (shm->va == va) {
			found = shm;
			list_del(&shm->node);
			break;
		}
	}
	mutex_unlock(&rproc->shm_lock);
	if (!found) {
		dev_err(&rproc->dev, "vdev %u: freeing unknown shared buffer\n",
			vdev->index);
		return;
	}
	WARN_ON(PAGE_ALIGN(size) != found->size);
	amp_rproc_pool_mem_free(rproc, found->da, found->size);
	kfree(found);
}
EXPORT_SYMBOL_GPL(amp_rproc_vdev_shm_free);

/**
 * amp_rproc_vdev_parent() - the device a vdev's virtio device hangs under
 * @vdev: the vdev
 *
 * Return: the processor's class device.
 */
struct device *amp_rproc_vdev_parent(struct amp_rproc_vdev *vdev)
{
	return &vdev->rproc->dev;
}
EXPORT_SYMBOL_GPL(amp_rproc_vdev_parent);

/**
 * amp_rproc_vq_interrupt() - the remote notified a vring
 * @rproc: the processor
 * @notifyid: the notify id the remote signalled
 *
 * Backends call this from their interrupt handler (hard or threaded); the
 * transport's vring_interrupt runs before it returns.
 *
 * Context: any.
 * Return: IRQ_HANDLED if a vdev took it, IRQ_NONE for an unknown notify id
 * or a processor whose vdevs are not running.
 */
irqreturn_t amp_rproc_vq_interrupt(struct amp_rproc *rproc, int notifyid)
{
	const struct amp_rproc_vdev_transport *t;
	irqreturn_t ret = IRQ_NONE;
	struct amp_rproc_vslot *slot;
	unsigned long flags;
	u16 id;

	spin_lock_irqsave(&rproc->vq_lock, flags);
	t = rproc->transport;
	if (rproc->vq_live && t && notifyid >= 0 &&
	    notifyid < (int)rproc->nr_notify) {
		id = rproc->notify[notifyid];
		slot = &rproc->vslots[id >> 8];
		if (slot->added) {
			t->vring_interrupt(&slot->vdev, id & 0xff);
			ret = IRQ_HANDLED;
		}
	}
	spin_unlock_irqrestore(&rproc->vq_lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_rproc_vq_interrupt);
