/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private state of the amp_rproc core, shared by the files of amp_rproc.ko.
 *
 * Locking, outermost first:
 *
 * * amp_rproc_mutex (lifecycle.c) serialises every life-cycle operation of
 *   every processor (boot, shutdown, recovery, attach, detach, register,
 *   unregister), the registry list, the dependency graph and the vdev
 *   transport. Booting a processor boots its dependencies under the same
 *   mutex, so no per-processor mutex is ever nested in another.
 * * amp_rproc.shm_lock protects the list of shared buffers of the vdevs.
 * * amp_rproc.lock (a spinlock, interrupts off) protects @state against
 *   amp_rproc_report_crash(), which may run in atomic context.
 * * amp_rproc.vq_lock (a spinlock, interrupts off) protects the notify id
 *   table that amp_rproc_vq_interrupt() reads.
 *
 * @power counts references (clients, dependents, the sysfs and /dev
 * holders, auto_boot). It is incremented only under amp_rproc_mutex and its
 * last decrement takes the mutex (atomic_dec_and_mutex_lock()), so "power is
 * zero" and "the processor is down" change together.
 */
#ifndef AMPIPC_RPROC_INTERNAL_H
#define AMPIPC_RPROC_INTERNAL_H

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include <ampipc/da_alloc.h>
#include <ampipc/elf_loader.h>
#include <ampipc/rproc.h>
#include <ampipc/rproc_vdev.h>

struct amp_rproc_dump;
struct dentry;
struct fwnode_handle;

/* Most notify ids (vrings) one processor may use. */
#define AMP_RPROC_MAX_NOTIFYID	64
/* Most /dev/amp_rprocN minors. */
#define AMP_RPROC_MAX_MINORS	256

/**
 * struct amp_rproc_mem - one memory range set up for the running firmware
 * @node: in amp_rproc.carveouts, .devmems or .segments
 * @name: entry name (NUL-terminated, from the validated table)
 * @da: device address
 * @pa: physical address
 * @len: length in bytes
 * @va: kernel address, or NULL when not mapped
 * @is_iomem: @va is I/O memory
 * @from_pool: allocated from amp_rproc.pool (free with amp_da_free())
 * @from_dma: allocated with dma_alloc_coherent() on the parent device
 * @dma: the DMA handle of a @from_dma range
 * @mapped: mapped with ops->iommu_map (undo with ops->iommu_unmap)
 * @rsc_offset: offset of its entry in the resource table, or U32_MAX
 */
struct amp_rproc_mem {
	struct list_head node;
	char name[AMP_RSC_NAME_LEN];
	u64 da;
	phys_addr_t pa;
	size_t len;
	void *va;
	bool is_iomem;
	bool from_pool;
	bool from_dma;
	dma_addr_t dma;
	bool mapped;
	u32 rsc_offset;
};

/**
 * struct amp_rproc_trace - a trace buffer the firmware declared
 * @node: in amp_rproc.traces
 * @rproc: owner
 * @name: entry name
 * @da: device address
 * @len: length in bytes
 * @va: kernel address
 * @is_iomem: @va is I/O memory
 * @dentry: its debugfs file
 */
struct amp_rproc_trace {
	struct list_head node;
	struct amp_rproc *rproc;
	char name[AMP_RSC_NAME_LEN];
	u64 da;
	size_t len;
	void *va;
	bool is_iomem;
	struct dentry *dentry;
};

/**
 * struct amp_rproc_shm - a shared buffer of a vdev transport
 * @node: in amp_rproc.shms
 * @va: kernel address
 * @da: device address (from the pool)
 * @size: bytes
 */
struct amp_rproc_shm {
	struct list_head node;
	void *va;
	u64 da;
	size_t size;
};

/**
 * struct amp_rproc_dep - an edge of the dependency graph
 * @node: in amp_rproc.deps of the dependent
 * @dep: the processor depended on
 * @held: the current boot of the dependent holds a reference on @dep
 * @from_fwnode: declared by the "amp,depends-on" property
 */
struct amp_rproc_dep {
	struct list_head node;
	struct amp_rproc *dep;
	bool held;
	bool from_fwnode;
};

/**
 * struct amp_rproc_fwdep - an "amp,depends-on" reference not yet resolved
 * @node: in amp_rproc.fwdeps
 * @fwnode: the referenced node (reference held)
 */
struct amp_rproc_fwdep {
	struct list_head node;
	struct fwnode_handle *fwnode;
};

/**
 * struct amp_rproc_vslot - a vdev and whether the transport added it
 * @vdev: what the transport sees
 * @added: the transport's add() succeeded and remove() is due
 */
struct amp_rproc_vslot {
	struct amp_rproc_vdev vdev;
	bool added;
};

/**
 * struct amp_rproc - a remote processor
 * @dev: class device, /sys/class/amp_rproc/<name>
 * @parent: the backend's device
 * @cfg: copy of the backend's description (strings are the backend's)
 * @ops: the backend's operations
 * @owner: the backend module, pinned by every reference but auto_boot's
 * @priv: backend-private data (allocated with the processor)
 * @node: in the registry (amp_rproc_list)
 * @registered: in the registry
 * @removed: unregistered; nothing is started any more
 * @index: minor and N of /dev/amp_rprocN, or -1
 * @cdev_dev: the /dev/amp_rprocN device
 * @lock: protects @state against atomic crash reports
 * @state: current &enum amp_rproc_state
 * @hw_up: the backend is prepared and memory is set up (ops->stop and
 *	the resource release are due)
 * @power: references, see the file comment
 * @firmware: firmware file name (kstrdup)
 * @sysfs_ref: the sysfs state attribute holds a reference
 * @recovery: &enum amp_rproc_recovery
 * @coredump: collect a coredump on recovery
 * @dump: the last coredump handed to devcoredump, or NULL (coredump.c)
 * @crash_count: crashes reported while running
 * @crash_reason: reason of the last crash
 * @crash_work: runs recovery
 * @nh: notifier chain
 * @deps: edges to the processors this one depends on
 * @fwdeps: unresolved "amp,depends-on" references
 * @pool: device addresses of the carveout windows
 * @carveouts: carveouts of the current boot
 * @devmems: devmem mappings of the current boot
 * @segments: loaded ELF segments (for the coredump)
 * @traces: trace buffers of the current boot
 * @table: validated copy of the firmware's resource table (debugfs)
 * @table_len: its size
 * @loaded_table: kernel address of the loaded table copy, or NULL
 * @loaded_iomem: @loaded_table is I/O memory
 * @entry: boot address of the current image
 * @vslots: vdevs of the current boot
 * @nr_vdevs: entries in @vdevs
 * @transport_pinned: a reference on the transport module is held
 * @vq_lock: protects @notify and @vq_live
 * @vq_live: amp_rproc_vq_interrupt() may dispatch
 * @notify: vdev and vring of each notify id (vring index in the low byte)
 * @nr_notify: notify ids assigned
 * @shm_lock: protects @shms
 * @shms: shared buffers handed to the transport
 * @debugfs: debugfs directory
 * @sec_floor: lowest security version accepted (signed bundles)
 * @unsigned_loaded: the running image was loaded without a signature
 * @target: compatible string signed bundles must name
 * @prepared: ops->prepare ran (ops->unprepare is due)
 * @auto_ref: the auto_boot reference is held
 * @mark: scratch mark of graph walks (under amp_rproc_mutex)
 * @transport: the transport the vdevs were added to, or NULL
 */
struct amp_rproc {
	struct device dev;
	struct device *parent;
	struct amp_rproc_config cfg;
	const struct amp_rproc_ops *ops;
	struct module *owner;
	void *priv;
	struct list_head node;
	bool registered;
	bool removed;
	int index;
	struct device *cdev_dev;

	spinlock_t lock;
	enum amp_rproc_state state;
	bool hw_up;
	atomic_t power;
	char *firmware;
	bool sysfs_ref;

	enum amp_rproc_recovery recovery;
	bool coredump;
	struct amp_rproc_dump *dump;
	unsigned int crash_count;
	enum amp_rproc_crash crash_reason;
	struct work_struct crash_work;
	struct blocking_notifier_head nh;

	struct list_head deps;
	struct list_head fwdeps;

	struct amp_da_pool pool;
	struct list_head carveouts;
	struct list_head devmems;
	struct list_head segments;
	struct list_head traces;
	void *table;
	size_t table_len;
	void *loaded_table;
	bool loaded_iomem;
	u64 entry;

	struct amp_rproc_vslot *vslots;
	unsigned int nr_vdevs;
	bool transport_pinned;
	spinlock_t vq_lock;
	bool vq_live;
	u16 notify[AMP_RPROC_MAX_NOTIFYID];
	unsigned int nr_notify;
	struct mutex shm_lock;
	struct list_head shms;

	struct dentry *debugfs;

	u32 sec_floor;
	bool unsigned_loaded;
	const char *target;
	bool prepared;
	bool auto_ref;
	unsigned int mark;
	const struct amp_rproc_vdev_transport *transport;
};

#define to_amp_rproc(d)	container_of(d, struct amp_rproc, dev)

/* lifecycle.c */
extern struct mutex amp_rproc_mutex;
extern struct list_head amp_rproc_list;
extern struct workqueue_struct *amp_rproc_wq;
void amp_rproc_set_state(struct amp_rproc *rproc, enum amp_rproc_state state);
int amp_rproc_ref_locked(struct amp_rproc *rproc);
void amp_rproc_unref_locked(struct amp_rproc *rproc);
int amp_rproc_get_locked(struct amp_rproc *rproc);
void amp_rproc_put_locked(struct amp_rproc *rproc);
int amp_rproc_hw_up(struct amp_rproc *rproc);
void amp_rproc_hw_down(struct amp_rproc *rproc, bool crashed);
void amp_rproc_force_down(struct amp_rproc *rproc, bool lost_dep);
void amp_rproc_panic_init(void);
void amp_rproc_panic_exit(void);
void amp_rproc_notify(struct amp_rproc *rproc, enum amp_rproc_event ev,
		      void *data);
int amp_rproc_admin_start(struct amp_rproc *rproc, bool *ref);
int amp_rproc_admin_stop(struct amp_rproc *rproc, bool *ref);

/* deps.c */
int amp_rproc_deps_up(struct amp_rproc *rproc);
void amp_rproc_deps_down(struct amp_rproc *rproc);
int amp_rproc_deps_read_fwnode(struct amp_rproc *rproc);
void amp_rproc_deps_unlink(struct amp_rproc *rproc);
void amp_rproc_deps_free(struct amp_rproc *rproc);
unsigned int amp_rproc_dependents(struct amp_rproc *rproc,
				  struct amp_rproc **out, unsigned int max);
struct amp_rproc *amp_rproc_find_fwnode(struct fwnode_handle *fwnode);

/* image_load.c */
int amp_rproc_load_image(struct amp_rproc *rproc, const void *data,
			 size_t size, struct amp_elf_image *img);
int amp_rproc_xlate(struct amp_rproc *rproc, u64 da, size_t len,
		    struct amp_elf_mapping *map);

/* resources.c */
int amp_rproc_pool_init(struct amp_rproc *rproc);
int amp_rproc_rsc_carveouts(struct amp_rproc *rproc, const void *table,
			    size_t len);
int amp_rproc_rsc_handle(struct amp_rproc *rproc,
			 const struct amp_elf_image *img);
void amp_rproc_rsc_release(struct amp_rproc *rproc);
void amp_rproc_rsc_wr32(struct amp_rproc *rproc, size_t off, u32 val);
u32 amp_rproc_le32(const u8 *p);
void amp_rproc_rsc_wr8(struct amp_rproc *rproc, size_t off, u8 val);

/* vdev.c */
int amp_rproc_vdev_setup(struct amp_rproc *rproc, const u8 *table,
			 u32 offset, u32 len);
int amp_rproc_vdevs_start(struct amp_rproc *rproc);
void amp_rproc_vdevs_stop(struct amp_rproc *rproc);
void amp_rproc_vdevs_release(struct amp_rproc *rproc);

/* recovery.c */
void amp_rproc_crash_work(struct work_struct *work);
int amp_rproc_recover_now(struct amp_rproc *rproc);

/* coredump.c */
void amp_rproc_coredump(struct amp_rproc *rproc);
void amp_rproc_coredump_discard(struct amp_rproc *rproc);
void *amp_rproc_coredump_build(struct amp_rproc *rproc, size_t *len);

/* sysfs.c */
extern const struct attribute_group *amp_rproc_groups[];

/* debugfs.c */
void amp_rproc_debugfs_init(void);
void amp_rproc_debugfs_exit(void);
void amp_rproc_debugfs_add(struct amp_rproc *rproc);
void amp_rproc_debugfs_remove(struct amp_rproc *rproc);
void amp_rproc_debugfs_trace_add(struct amp_rproc *rproc,
				 struct amp_rproc_trace *tr, unsigned int i);

/* cdev.c */
int amp_rproc_cdev_init(void);
void amp_rproc_cdev_exit(void);
int amp_rproc_cdev_add(struct amp_rproc *rproc);
void amp_rproc_cdev_del(struct amp_rproc *rproc);

/* rproc_register.c */
extern struct class *amp_rproc_class;

#endif /* AMPIPC_RPROC_INTERNAL_H */
