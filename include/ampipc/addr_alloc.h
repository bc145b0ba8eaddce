/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc: rpmsg endpoint-address allocator.
 */
#ifndef AMPIPC_ADDR_ALLOC_H
#define AMPIPC_ADDR_ALLOC_H

#include <linux/bits.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/xarray.h>

/**
 * DOC: endpoint addresses
 *
 * An &struct amp_addr_space maps 32-bit endpoint addresses to owner pointers.
 * It is configured at init with the first dynamic address ``min_dyn`` and the
 * last usable address ``max`` (production: %AMP_ADDR_MIN_DYNAMIC and
 * %AMP_ADDR_MAX).
 *
 * * %AMP_ADDR_ANY (0xFFFFFFFF) is never an address; passed to
 *   amp_addr_alloc() it asks for any address.
 * * [0, ``min_dyn``) is reserved: granted only to a fixed request that passes
 *   %AMP_ADDR_F_RESERVED, never to an any-address request.
 * * [``min_dyn``, ``max``] is the dynamic range. An any-address request gets
 *   the lowest address of it that is neither allocated nor quarantined.
 * * Addresses above ``max`` are refused.
 *
 * Reuse delay: an address of the dynamic range that is freed enters a FIFO
 * quarantine of depth N (the init argument, or the amp_rpmsg module parameter
 * ``addr_reuse_delay`` when the argument is 0). While quarantined it looks up
 * as NULL and an any-address request does not return it, so a late message
 * for the old endpoint cannot reach a new one. It leaves the quarantine when N
 * newer addresses have been freed after it, or earlier in two cases:
 *
 * * a fixed request names it explicitly: the caller asked for that address
 *   (typically a well-known service address being bound again), so it is
 *   granted at once;
 * * an any-address request finds the dynamic range otherwise exhausted: the
 *   oldest quarantined address is granted rather than failing.
 *
 * Freed reserved addresses are released at once: any-address requests never
 * return them and fixed requests may claim quarantined addresses anyway. A
 * depth of 0 (module parameter 0) disables the quarantine.
 *
 * Errors: ``-EINVAL`` for a NULL owner or one not aligned to 4 bytes, unknown
 * flags, or a reserved address without %AMP_ADDR_F_RESERVED; ``-ERANGE`` for a
 * fixed address above ``max``; ``-EADDRINUSE`` for a fixed address that is
 * allocated; ``-ENOSPC`` when an any-address request finds no free and no
 * quarantined address; ``-ENOMEM`` when out of memory; ``-ENOENT`` when
 * freeing an address that is not allocated (quarantined ones included).
 *
 * Complexity: addresses live in an allocating XArray (radix tree of fan-out
 * 64 with a "free" mark propagated to the root), so lookups, fixed requests
 * and any-address requests (lowest free index at or above ``min_dyn``) take
 * O(log n), at most six levels for 32-bit indices. The quarantine is a list
 * over slots allocated at init, and each slot's index is stored in the XArray
 * as a value entry, so entering, leaving or being claimed out of the
 * quarantine is O(1) on top of the XArray update, and amp_addr_free() never
 * allocates memory.
 *
 * Locking: amp_addr_alloc() and amp_addr_free() serialise on a per-space
 * mutex and may sleep. amp_addr_lookup() takes no lock of its own and may be
 * called from any context, including a receive path in interrupt context;
 * see its description for the lifetime of the pointer it returns.
 */

#define AMP_ADDR_ANY			0xFFFFFFFFU
#define AMP_ADDR_MIN_DYNAMIC		1024U
#define AMP_ADDR_MAX			0xFFFFFFFEU

#define AMP_ADDR_REUSE_DELAY_DEFAULT	64U
#define AMP_ADDR_REUSE_DELAY_MAX	65536U

/* A fixed request may take an address below the dynamic range. */
#define AMP_ADDR_F_RESERVED		BIT(0)

struct amp_addr_qslot;

/**
 * struct amp_addr_space - endpoint addresses of one rpmsg device
 * @xa: address to owner, or to the quarantine slot index (a value entry)
 * @lock: serialises allocation and freeing, protects the quarantine
 * @min_dyn: first address of the dynamic range
 * @max: last usable address
 * @depth: quarantine depth, 0 if disabled
 * @queued: number of quarantined addresses
 * @slots: @depth quarantine slots
 * @queue: quarantined slots, oldest first
 * @spare: unused slots
 *
 * The fields are private to addr_alloc.c apart from reading @min_dyn, @max
 * and @depth.
 */
struct amp_addr_space {
	struct xarray xa;
	struct mutex lock;
	u32 min_dyn;
	u32 max;
	unsigned int depth;
	unsigned int queued;
	struct amp_addr_qslot *slots;
	struct list_head queue;
	struct list_head spare;
};

int amp_addr_space_init(struct amp_addr_space *s, u32 min_dyn, u32 max,
			unsigned int reuse_delay);
void amp_addr_space_destroy(struct amp_addr_space *s);
int amp_addr_alloc(struct amp_addr_space *s, void *owner, u32 addr,
		   unsigned int flags, u32 *out);
int amp_addr_free(struct amp_addr_space *s, u32 addr);
void *amp_addr_lookup(struct amp_addr_space *s, u32 addr);

#endif /* AMPIPC_ADDR_ALLOC_H */
