/* SPDX-License-Identifier: GPL-2.0 */
/*
 * amp_rproc: the remote-processor core of ampipc.
 *
 * A backend (one per SoC family) describes a processor with a struct
 * amp_rproc_config, allocates it with amp_rproc_alloc() and registers it with
 * amp_rproc_register(). Client drivers take a reference with amp_rproc_get()
 * (which boots the processor on the first reference) and drop it with
 * amp_rproc_put() (which powers it down on the last one).
 *
 * The core owns the state machine, firmware loading and verification, the
 * resource table, boot dependencies between processors, crash recovery and
 * the control interfaces (sysfs class "amp_rproc", debugfs "amp_rproc",
 * /dev/amp_rprocN). docs/rproc.md describes the states and the sysfs ABI.
 */
#ifndef AMPIPC_RPROC_H
#define AMPIPC_RPROC_H

#include <linux/types.h>
#include <linux/interrupt.h>

struct amp_rproc;
struct device;
struct fwnode_handle;
struct module;
struct notifier_block;

/**
 * enum amp_rproc_state - life-cycle states of a processor
 * @AMP_RPROC_OFFLINE: powered down, no firmware loaded
 * @AMP_RPROC_BOOTING: dependencies, firmware and resources are being set up
 * @AMP_RPROC_RUNNING: started by us and running
 * @AMP_RPROC_CRASHED: a crash was reported; recovery may be queued
 * @AMP_RPROC_RECOVERING: recovery is stopping, dumping and restarting it
 * @AMP_RPROC_STOPPING: being shut down
 * @AMP_RPROC_ATTACHED: started by someone else (the boot loader), attached to
 * @AMP_RPROC_DETACHED: started by someone else, not (or no longer) attached
 * @AMP_RPROC_NR_STATES: number of states
 */
enum amp_rproc_state {
	AMP_RPROC_OFFLINE,
	AMP_RPROC_BOOTING,
	AMP_RPROC_RUNNING,
	AMP_RPROC_CRASHED,
	AMP_RPROC_RECOVERING,
	AMP_RPROC_STOPPING,
	AMP_RPROC_ATTACHED,
	AMP_RPROC_DETACHED,
	AMP_RPROC_NR_STATES,
};

/**
 * enum amp_rproc_crash - why a backend reports a crash
 * @AMP_RPROC_CRASH_FATAL: the remote reported a fatal error
 * @AMP_RPROC_CRASH_WATCHDOG: a watchdog expired
 * @AMP_RPROC_CRASH_MMUFAULT: an IOMMU fault in the remote's accesses
 * @AMP_RPROC_CRASH_INJECTED: injected through debugfs or a test
 * @AMP_RPROC_CRASH_HANDOFF: the host could not hand the running processor's
 *	vdevs to a vdev transport registered late; recovery restarts it and
 *	hands them over again
 */
enum amp_rproc_crash {
	AMP_RPROC_CRASH_FATAL,
	AMP_RPROC_CRASH_WATCHDOG,
	AMP_RPROC_CRASH_MMUFAULT,
	AMP_RPROC_CRASH_INJECTED,
	AMP_RPROC_CRASH_HANDOFF,
};

/**
 * enum amp_rproc_recovery - what the core does after a crash
 * @AMP_RPROC_RECOVERY_ENABLED: recover after every crash
 * @AMP_RPROC_RECOVERY_DISABLED: stay crashed until stopped
 * @AMP_RPROC_RECOVERY_ONESHOT: recover after the next crash, then disable
 */
enum amp_rproc_recovery {
	AMP_RPROC_RECOVERY_ENABLED,
	AMP_RPROC_RECOVERY_DISABLED,
	AMP_RPROC_RECOVERY_ONESHOT,
};

/* Flags of struct amp_rproc_window. */
/* The core may allocate carveouts (and vrings, shared buffers) here. */
#define AMP_RPROC_WIN_CARVEOUT	BIT(0)
/* Firmware DEVMEM entries may map ranges inside this window. */
#define AMP_RPROC_WIN_DEVMEM	BIT(1)
/* Firmware segments may be loaded here (internal RAMs, carveouts). */
#define AMP_RPROC_WIN_LOAD	BIT(2)
/* @va is I/O memory: use the _io accessors. */
#define AMP_RPROC_WIN_IOMEM	BIT(3)

/**
 * struct amp_rproc_window - a range of memory the processor can reach
 * @name: short name for logs and debugfs
 * @da: device address of the first byte, as the processor sees it
 * @size: length in bytes
 * @pa: physical address of the first byte, as the host sees it
 * @va: kernel mapping of the range, or NULL when the core must not touch it
 * @flags: %AMP_RPROC_WIN_* flags
 */
struct amp_rproc_window {
	const char *name;
	u64 da;
	u64 size;
	phys_addr_t pa;
	void *va;
	u32 flags;
};

/**
 * struct amp_rproc_auth - image metadata handed to the authentication hook
 * @meta: ELF header and program headers, followed by the Qualcomm hash
 *	segment when the image has one
 * @meta_len: bytes in @meta
 * @hash_index: program header index of the hash segment, or -1
 * @relocatable: bit 27 of the hash segment's p_flags
 */
struct amp_rproc_auth {
	const void *meta;
	size_t meta_len;
	int hash_index;
	bool relocatable;
};

/**
 * struct amp_rproc_ops - what a backend implements
 * @prepare: power and clocks up before the firmware is loaded (optional)
 * @unprepare: undo @prepare (optional)
 * @start: release the processor from reset at @boot_addr (required)
 * @stop: halt the processor (required)
 * @kick: notify the remote that vring (or notify id) @vqid has work
 *	(required for processors with virtio devices); may be called in
 *	atomic context
 * @da_to_va: translate a device address outside the declared windows
 *	(optional); return NULL when unknown, set *@is_iomem for I/O memory
 * @iommu_map: map @len bytes at physical @pa to device address @da with
 *	IOMMU protection flags @prot (optional; without it carveouts must sit
 *	at da == pa inside a window)
 * @iommu_unmap: undo @iommu_map (optional, required with @iommu_map)
 * @attach: take over a processor the boot loader started (optional)
 * @detach: let a processor keep running without us (optional)
 * @authenticate: hand image metadata to a secure world before the segments
 *	are loaded (optional); a nonzero return refuses the image
 * @auth_and_start: ask the secure world to verify the loaded segments and
 *	release the processor; used instead of @start when set (optional)
 * @handle_rsc: handle a vendor resource entry of @type (128..512); @rsc
 *	points at the entry's payload inside the loaded table and @avail is
 *	the number of payload bytes available. Return 0 when handled,
 *	-EINVAL to refuse the image, -EOPNOTSUPP to skip the entry (optional)
 * @panic: the host is panicking; make the remote flush its state (optional)
 * @fw_fetch: supply the image named @name instead of request_firmware()
 *	(optional; for processors whose images do not live under
 *	/lib/firmware, such as a simulator or a test). Set *@data and *@size
 *	and return 0, or return a negative errno. The image must stay valid
 *	and unchanged until @fw_release is called.
 * @fw_release: the core is done with an image from @fw_fetch (optional)
 * @load: place the image in device memory itself, instead of the core's
 *	ELF loader (optional; for formats the shared parser cannot take
 *	whole, such as Qualcomm split images whose segments live in companion
 *	files). @fw is the image the core fetched and verified (a bundle's
 *	payload), @name the file name it was fetched as, so the backend can
 *	derive companion file names from it. Set *@boot_addr to the entry
 *	point. When set, the core does not parse or load the image, does not
 *	look for a resource table and does not call @authenticate; it calls
 *	@auth_and_start (or @start) afterwards as usual
 */
struct amp_rproc_ops {
	int (*prepare)(struct amp_rproc *rproc);
	void (*unprepare)(struct amp_rproc *rproc);
	int (*start)(struct amp_rproc *rproc, u64 boot_addr);
	int (*stop)(struct amp_rproc *rproc);
	void (*kick)(struct amp_rproc *rproc, int vqid);
	void *(*da_to_va)(struct amp_rproc *rproc, u64 da, size_t len,
			  bool *is_iomem);
	int (*iommu_map)(struct amp_rproc *rproc, u64 da, phys_addr_t pa,
			 size_t len, int prot);
	void (*iommu_unmap)(struct amp_rproc *rproc, u64 da, size_t len);
	int (*attach)(struct amp_rproc *rproc);
	int (*detach)(struct amp_rproc *rproc);
	int (*authenticate)(struct amp_rproc *rproc,
			    const struct amp_rproc_auth *auth);
	int (*auth_and_start)(struct amp_rproc *rproc, u64 boot_addr);
	int (*handle_rsc)(struct amp_rproc *rproc, u32 type, void *rsc,
			  size_t avail);
	void (*panic)(struct amp_rproc *rproc);
	int (*fw_fetch)(struct amp_rproc *rproc, const char *name,
			const void **data, size_t *size);
	void (*fw_release)(struct amp_rproc *rproc, const void *data);
	int (*load)(struct amp_rproc *rproc, const char *name, const void *fw,
		    size_t size, u64 *boot_addr);
};

/**
 * struct amp_rproc_config - description of a processor
 * @name: unique name; also the sysfs and debugfs directory name
 * @firmware: default firmware file name under /lib/firmware
 * @ops: the backend's operations
 * @machines: allowed ELF e_machine values
 * @nr_machines: entries in @machines (at least one)
 * @target: compatible string a signed bundle's target must equal
 * @windows: memory the processor can reach
 * @nr_windows: entries in @windows
 * @fwnode: firmware node of the processor (DT or software node), used to
 *	find it by phandle and to read the "amp,depends-on" reference list;
 *	may be NULL
 * @priv_size: bytes of backend-private data allocated with the processor,
 *	see amp_rproc_priv()
 * @attach_on_register: the processor is already running; register it
 *	attached instead of offline (needs @ops->attach)
 * @auto_boot: boot as soon as it is registered, holding one reference
 *	until it is unregistered
 */
struct amp_rproc_config {
	const char *name;
	const char *firmware;
	const struct amp_rproc_ops *ops;
	const u16 *machines;
	unsigned int nr_machines;
	const char *target;
	const struct amp_rproc_window *windows;
	unsigned int nr_windows;
	struct fwnode_handle *fwnode;
	size_t priv_size;
	bool attach_on_register;
	bool auto_boot;
};

/**
 * enum amp_rproc_event - notifier chain events
 * @AMP_RPROC_EV_BOOTED: the processor is running (after boot or recovery)
 * @AMP_RPROC_EV_STOPPING: it is about to be stopped
 * @AMP_RPROC_EV_STOPPED: it has been stopped
 * @AMP_RPROC_EV_CRASHED: a crash was reported (called from a workqueue)
 * @AMP_RPROC_EV_PRE_RECOVERY: recovery is about to stop and reload it
 * @AMP_RPROC_EV_POST_RECOVERY: recovery finished; data is the errno as a
 *	pointer-sized integer (0 on success)
 */
enum amp_rproc_event {
	AMP_RPROC_EV_BOOTED,
	AMP_RPROC_EV_STOPPING,
	AMP_RPROC_EV_STOPPED,
	AMP_RPROC_EV_CRASHED,
	AMP_RPROC_EV_PRE_RECOVERY,
	AMP_RPROC_EV_POST_RECOVERY,
};

/* backend side */
struct amp_rproc *amp_rproc_alloc(struct device *parent,
				  const struct amp_rproc_config *cfg);
int amp_rproc_register_owner(struct amp_rproc *rproc, struct module *owner);
/**
 * amp_rproc_register() - make an allocated processor visible
 * @rproc: from amp_rproc_alloc()
 *
 * Pins the calling module while the processor is in use. See
 * amp_rproc_register_owner().
 */
#define amp_rproc_register(rproc) amp_rproc_register_owner(rproc, THIS_MODULE)
void amp_rproc_unregister(struct amp_rproc *rproc);
void amp_rproc_free(struct amp_rproc *rproc);
void *amp_rproc_priv(struct amp_rproc *rproc);
struct device *amp_rproc_dev(struct amp_rproc *rproc);
const char *amp_rproc_name(struct amp_rproc *rproc);
void amp_rproc_report_crash(struct amp_rproc *rproc, enum amp_rproc_crash why);
irqreturn_t amp_rproc_vq_interrupt(struct amp_rproc *rproc, int notifyid);

/* client side */
struct amp_rproc *amp_rproc_get(const char *name);
struct amp_rproc *amp_rproc_get_by_fwnode(struct fwnode_handle *fwnode,
					  const char *prop, unsigned int index);
void amp_rproc_put(struct amp_rproc *rproc);
int amp_rproc_add_dependency(struct amp_rproc *rproc, struct amp_rproc *dep);
int amp_rproc_remove_dependency(struct amp_rproc *rproc,
				struct amp_rproc *dep);
enum amp_rproc_state amp_rproc_state(struct amp_rproc *rproc);
const char *amp_rproc_state_name(enum amp_rproc_state state);
int amp_rproc_set_recovery(struct amp_rproc *rproc,
			   enum amp_rproc_recovery policy);
int amp_rproc_register_notifier(struct amp_rproc *rproc,
				struct notifier_block *nb);
int amp_rproc_unregister_notifier(struct amp_rproc *rproc,
				  struct notifier_block *nb);

#endif /* AMPIPC_RPROC_H */
