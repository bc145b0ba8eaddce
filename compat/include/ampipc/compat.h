/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc compat layer: the newest kernel API, provided on older kernels.
 *
 * All ampipc code is written against the newest API. Where an older kernel
 * lacks it, a shim here supplies it. Each shim is selected by a build-time
 * feature probe (compat/probes/NAME.c, compiled by scripts/compat-probe.sh
 * into amp_compat_config.h as AMP_HAVE_NAME), never by version number, since
 * vendor kernels backport. No other file tests kernel versions.
 */
#ifndef AMPIPC_COMPAT_H
#define AMPIPC_COMPAT_H

#include <amp_compat_config.h>

#include <linux/device.h>
#include <linux/device/class.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/platform_device.h>
#include <linux/virtio_config.h>

/* 6.4: class_create() takes only a name (it used to take the owner too). */
#ifndef AMP_HAVE_CLASS_CREATE_NAME_ONLY
#undef class_create
#define class_create(name) ({					\
	static struct lock_class_key __amp_class_key;		\
	__class_create(THIS_MODULE, (name), &__amp_class_key);	\
})
#endif

/* 6.3: vm_flags are changed through vm_flags_set() and friends. */
#ifndef AMP_HAVE_VM_FLAGS_SET
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}
#endif

/* 6.11: virtio_find_vqs() takes an array of struct virtqueue_info. */
#ifndef AMP_HAVE_VIRTQUEUE_INFO
struct virtqueue_info {
	const char *name;
	vq_callback_t *callback;
	bool ctx;
};

static inline int amp_compat_virtio_find_vqs(struct virtio_device *vdev, unsigned int nvqs,
					     struct virtqueue *vqs[],
					     struct virtqueue_info *info,
					     struct irq_affinity *desc)
{
	vq_callback_t *callbacks[8];
	const char *names[8];
	bool ctx[8];
	unsigned int i;

	if (nvqs > ARRAY_SIZE(names))
		return -EINVAL;
	for (i = 0; i < nvqs; i++) {
		callbacks[i] = info[i].callback;
		names[i] = info[i].name;
		ctx[i] = info[i].ctx;
	}
	return vdev->config->find_vqs(vdev, nvqs, vqs, callbacks, names, ctx, desc);
}
#define virtio_find_vqs amp_compat_virtio_find_vqs
#endif

/*
 * 6.11: the transport side of find_vqs() takes struct virtqueue_info too. A
 * transport writes its op as
 *
 *	static int op(struct virtio_device *vdev, unsigned int nvqs,
 *		      struct virtqueue *vqs[], AMP_COMPAT_FIND_VQS_PARAMS,
 *		      struct irq_affinity *desc)
 *	{
 *		struct virtqueue_info info[AMP_COMPAT_MAX_VQS] __maybe_unused;
 *		...AMP_COMPAT_FIND_VQS_INFO(nvqs, info)...
 *	}
 *
 * where AMP_COMPAT_FIND_VQS_INFO() is the struct virtqueue_info array of the
 * call (built in @info from the older arguments), for nvqs up to
 * AMP_COMPAT_MAX_VQS.
 */
#define AMP_COMPAT_MAX_VQS	8
#ifdef AMP_HAVE_VIRTQUEUE_INFO
#define AMP_COMPAT_FIND_VQS_PARAMS	struct virtqueue_info amp_vqs_info[]
#define AMP_COMPAT_FIND_VQS_INFO(nvqs, info)	(amp_vqs_info)
#else
#define AMP_COMPAT_FIND_VQS_PARAMS	vq_callback_t *amp_vqs_cbs[], \
	const char * const amp_vqs_names[], const bool *amp_vqs_ctx
#define AMP_COMPAT_FIND_VQS_INFO(nvqs, info) \
	amp_compat_vqs_info(nvqs, info, amp_vqs_cbs, amp_vqs_names, amp_vqs_ctx)

static inline struct virtqueue_info *
amp_compat_vqs_info(unsigned int nvqs, struct virtqueue_info *info,
		    vq_callback_t *callbacks[], const char * const names[],
		    const bool *ctx)
{
	unsigned int i;

	for (i = 0; i < nvqs && i < AMP_COMPAT_MAX_VQS; i++) {
		info[i].name = names[i];
		info[i].callback = callbacks[i];
		info[i].ctx = ctx ? ctx[i] : false;
	}
	return info;
}
#endif

/* 6.11: bus_type.match() takes a const struct device_driver. */
#ifdef AMP_HAVE_BUS_MATCH_CONST_DRV
#define AMP_COMPAT_MATCH_DRV	const struct device_driver
#else
#define AMP_COMPAT_MATCH_DRV	struct device_driver
#endif

/* 6.3: bus_type.uevent() takes a const struct device. */
#ifdef AMP_HAVE_BUS_UEVENT_CONST_DEV
#define AMP_COMPAT_UEVENT_DEV	const struct device
#else
#define AMP_COMPAT_UEVENT_DEV	struct device
#endif

/*
 * 6.11: platform_driver.remove returns void; 6.1 to 6.10 take the void form
 * as .remove_new. Initialise with AMP_PLATFORM_REMOVE(fn).
 */
#ifdef AMP_HAVE_PLATFORM_REMOVE_VOID
#define AMP_PLATFORM_REMOVE(fn) .remove = (fn)
#else
#define AMP_PLATFORM_REMOVE(fn) .remove_new = (fn)
#endif

/*
 * 7.x: __platform_driver_register() takes the module's name too. Registers
 * @drv with no owning module (for drivers registered while their module is
 * still initialising, as KUnit suites do).
 */
#ifdef AMP_HAVE_PLATFORM_REGISTER_MOD_NAME
#define amp_compat_platform_driver_register_unowned(drv) \
	__platform_driver_register(drv, NULL, KBUILD_MODNAME)
#else
#define amp_compat_platform_driver_register_unowned(drv) \
	__platform_driver_register(drv, NULL)
#endif

/* 6.3: iommu_map() takes a gfp_t. */
#ifndef AMP_HAVE_IOMMU_MAP_GFP
#define iommu_map(domain, iova, paddr, size, prot, gfp) \
	iommu_map(domain, iova, paddr, size, prot)
#endif

/* 6.11: iommu_paging_domain_alloc(dev) replaces iommu_domain_alloc(bus). */
#ifndef AMP_HAVE_IOMMU_PAGING_DOMAIN_ALLOC
static inline struct iommu_domain *amp_compat_iommu_paging_domain_alloc(struct device *dev)
{
	struct iommu_domain *domain = iommu_domain_alloc(dev->bus);

	return domain ? domain : ERR_PTR(-ENODEV);
}
#define iommu_paging_domain_alloc amp_compat_iommu_paging_domain_alloc
#endif

#endif /* AMPIPC_COMPAT_H */
