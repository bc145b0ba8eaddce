/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc: device-address (carveout) allocator of one remote processor.
 */
#ifndef AMPIPC_DA_ALLOC_H
#define AMPIPC_DA_ALLOC_H

#include <linux/bits.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/types.h>

/**
 * DOC: device-address pool
 *
 * A &struct amp_da_pool describes the device-address (da) space a remote
 * processor sees. The backend declares memory *windows* (a da range backed by
 * physical memory at a given address, optionally mapped in the kernel) and
 * *holes* (ranges inside a window that must never be handed out). Allocations
 * are carved out of the free space of the windows.
 *
 * Ranges are closed at the top of the 64-bit space: a window or allocation may
 * end on the last address ``U64_MAX`` but may not wrap past it. Windows never
 * overlap; free space is coalesced on free, but only inside one window, so an
 * allocation never straddles two windows even when they are adjacent in da.
 *
 * Errors, common to all functions:
 *
 * * ``-EINVAL``: malformed arguments: zero size or length, an alignment that
 *   is not a non-zero power of two, a fixed address that is not aligned, a
 *   range that would wrap past 2^64, unknown window flags, a window whose
 *   physical or kernel-virtual range would wrap, a hole at %AMP_DA_ANY.
 * * ``-ERANGE``: a fixed request or hole that does not lie entirely inside
 *   one window.
 * * ``-EBUSY``: a fixed request or hole that overlaps an allocation or a
 *   hole, or a window that overlaps another window.
 * * ``-ENOMEM``: no free extent can hold an any-address request, or out of
 *   memory for the bookkeeping nodes.
 * * ``-ENOENT``: amp_da_free() of an address that does not start an
 *   allocation; a lookup whose range is not covered as described below.
 * * ``-EPERM``: amp_da_free() of a hole (holes last until the pool is
 *   destroyed).
 *
 * Lookups translate a range [da, da + len) only if it lies inside a single
 * allocation, or anywhere inside a single window declared with
 * %AMP_DA_WIN_DIRECT. A range spanning two allocations, an allocation and
 * free space, or two windows is refused.
 *
 * Complexity, with n the number of windows, holes, allocations and free
 * extents in the pool: window, hole and fixed-address requests, amp_da_free()
 * and the lookups are O(log n). Free extents live in an augmented rbtree
 * keyed by address in which every node also records the largest extent of
 * its subtree, so the any-address search skips whole subtrees without a
 * long enough extent and finds the lowest extent of at least ``size`` bytes in
 * O(log n). If that extent cannot hold an aligned block the search moves to
 * the next long enough extent in address order, at O(log n) per step; the
 * total is O((m + 1) log n) where m is the number of free extents below the
 * chosen address that are at least ``size`` but shorter than
 * ``size + align - 1`` bytes and misaligned. m is 0 for ``align == 1``, when
 * all window, hole and allocation boundaries are multiples of ``align``, and
 * whenever the lowest long enough extent fits.
 *
 * Locking: each pool has a spinlock taken with interrupts disabled, so
 * amp_da_free(), amp_da_to_pa(), amp_da_to_va() and amp_da_pool_stats() may
 * be called from any context. amp_da_pool_add_window(), amp_da_pool_reserve()
 * and amp_da_alloc() allocate their nodes with %GFP_KERNEL before taking the
 * lock and may sleep. amp_da_pool_init() and amp_da_pool_destroy() must not
 * race with any other use of the pool.
 */

/* Input value of amp_da_alloc()'s @da meaning "any address". */
#define AMP_DA_ANY		(~0ULL)

/* Lookups may translate any range of the window, not only allocations. */
#define AMP_DA_WIN_DIRECT	BIT(0)
/* Only fixed-address requests are served from the window. */
#define AMP_DA_WIN_FIXED_ONLY	BIT(1)

#define AMP_DA_WIN_FLAGS	(AMP_DA_WIN_DIRECT | AMP_DA_WIN_FIXED_ONLY)

/**
 * struct amp_da_pool - device-address space of one remote processor
 * @lock: protects all other fields
 * @windows: declared windows, keyed by device address
 * @busy: allocations and holes, keyed by device address
 * @free: free extents, keyed by device address, augmented with the
 *	largest extent of each subtree
 * @nr_windows: number of windows
 * @nr_allocs: number of allocations
 * @nr_holes: number of holes
 * @nr_free: number of free extents
 *
 * The fields are private to da_alloc.c; embed the structure and use the
 * functions below.
 */
struct amp_da_pool {
	spinlock_t lock;
	struct rb_root windows;
	struct rb_root busy;
	struct rb_root free;
	unsigned int nr_windows;
	unsigned int nr_allocs;
	unsigned int nr_holes;
	unsigned int nr_free;
};

/**
 * struct amp_da_stats - snapshot of a pool's bookkeeping
 * @windows: number of windows
 * @allocs: number of allocations
 * @holes: number of holes
 * @free_extents: number of (maximal) free extents
 * @largest_free: length of the largest free extent that an any-address
 *	request may use (windows with %AMP_DA_WIN_FIXED_ONLY are not counted);
 *	0 if there is none
 */
struct amp_da_stats {
	unsigned int windows;
	unsigned int allocs;
	unsigned int holes;
	unsigned int free_extents;
	u64 largest_free;
};

void amp_da_pool_init(struct amp_da_pool *p);
void amp_da_pool_destroy(struct amp_da_pool *p);
int amp_da_pool_add_window(struct amp_da_pool *p, u64 da, u64 size,
			   phys_addr_t pa, void *va, u32 flags);
int amp_da_pool_reserve(struct amp_da_pool *p, u64 da, u64 size);
int amp_da_alloc(struct amp_da_pool *p, u64 size, u64 align, u64 *da);
int amp_da_free(struct amp_da_pool *p, u64 da);
int amp_da_to_pa(struct amp_da_pool *p, u64 da, u64 len, phys_addr_t *pa);
void *amp_da_to_va(struct amp_da_pool *p, u64 da, u64 len);
void amp_da_pool_stats(struct amp_da_pool *p, struct amp_da_stats *st);

#endif /* AMPIPC_DA_ALLOC_H */
