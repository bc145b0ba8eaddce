// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: rpmsg endpoint-address allocator.
 *
 * An allocating XArray maps each address to its owner. A quarantined address
 * keeps its XArray slot, holding a value entry with the index of its
 * quarantine slot: the XArray then counts it as in use (so xa_alloc() skips
 * it), lookups filter it out, and a fixed request finds its slot in O(1).
 */

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include <ampipc/addr_alloc.h>

#include "bus_internal.h"

/**
 * struct amp_addr_qslot - one quarantine position
 * @link: in &amp_addr_space.queue or &amp_addr_space.spare
 * @addr: the quarantined address while on the queue
 */
struct amp_addr_qslot {
	struct list_head link;
	u32 addr;
};

static struct amp_addr_qslot *addr_slot(struct amp_addr_space *s, void *entry)
{
	return &s->slots[xa_to_value(entry)];
}

/* Take @slot off the queue, leaving its address's XArray entry alone. */
static void addr_unqueue(struct amp_addr_space *s, struct amp_addr_qslot *slot)
{
	list_move_tail(&slot->link, &s->spare);
	s->queued--;
}

/**
 * amp_addr_space_init() - initialise an endpoint address space
 * @s: space to initialise
 * @min_dyn: first address any-address requests may return; lower ones are
 *	reserved (%AMP_ADDR_MIN_DYNAMIC in production)
 * @max: last usable address, at most %AMP_ADDR_MAX
 * @reuse_delay: quarantine depth, or 0 for the module parameter
 *	``addr_reuse_delay`` (which may itself be 0: no quarantine)
 *
 * May sleep.
 *
 * Return: 0; -EINVAL if @min_dyn > @max, @max > %AMP_ADDR_MAX or the depth
 * exceeds %AMP_ADDR_REUSE_DELAY_MAX; -ENOMEM if out of memory.
 */
int amp_addr_space_init(struct amp_addr_space *s, u32 min_dyn, u32 max,
			unsigned int reuse_delay)
{
	unsigned int i;

	if (!reuse_delay)
		reuse_delay = amp_rpmsg_addr_reuse_delay;
	if (min_dyn > max || max > AMP_ADDR_MAX ||
	    reuse_delay > AMP_ADDR_REUSE_DELAY_MAX)
		return -EINVAL;

	s->slots = NULL;
	if (reuse_delay) {
		s->slots = kvcalloc(reuse_delay, sizeof(*s->slots), GFP_KERNEL);
		if (!s->slots)
			return -ENOMEM;
	}
	xa_init_flags(&s->xa, XA_FLAGS_ALLOC);
	mutex_init(&s->lock);
	s->min_dyn = min_dyn;
	s->max = max;
	s->depth = reuse_delay;
	s->queued = 0;
	INIT_LIST_HEAD(&s->queue);
	INIT_LIST_HEAD(&s->spare);
	for (i = 0; i < reuse_delay; i++)
		list_add_tail(&s->slots[i].link, &s->spare);
	return 0;
}
EXPORT_SYMBOL_GPL(amp_addr_space_init);

/**
 * amp_addr_space_destroy() - release an endpoint address space
 * @s: space initialised by amp_addr_space_init()
 *
 * Forgets every address, allocated or quarantined. No allocation or free may
 * run concurrently; lookups still inside an RCU read-side section are safe
 * (the XArray frees its nodes after a grace period) but find nothing useful.
 * May sleep.
 */
void amp_addr_space_destroy(struct amp_addr_space *s)
{
	xa_destroy(&s->xa);
	kvfree(s->slots);
	s->slots = NULL;
	mutex_destroy(&s->lock);
}
EXPORT_SYMBOL_GPL(amp_addr_space_destroy);

static int addr_alloc_any(struct amp_addr_space *s, void *owner, u32 *out)
{
	struct amp_addr_qslot *slot;
	void *old;
	int ret;

	ret = xa_alloc(&s->xa, out, owner, XA_LIMIT(s->min_dyn, s->max),
		       GFP_KERNEL);
	if (ret != -EBUSY)
		return ret;

	/* Exhausted: the oldest quarantined address goes back into use. */
	if (list_empty(&s->queue))
		return -ENOSPC;
	slot = list_first_entry(&s->queue, struct amp_addr_qslot, link);
	/* The slot already exists in the XArray: replacing it cannot fail. */
	old = xa_store(&s->xa, slot->addr, owner, GFP_KERNEL);
	if (xa_is_err(old))
		return xa_err(old);
	addr_unqueue(s, slot);
	*out = slot->addr;
	return 0;
}

static int addr_alloc_fixed(struct amp_addr_space *s, void *owner, u32 addr,
			    unsigned int flags)
{
	void *entry, *old;

	if (addr > s->max)
		return -ERANGE;
	if (addr < s->min_dyn && !(flags & AMP_ADDR_F_RESERVED))
		return -EINVAL;

	entry = xa_load(&s->xa, addr);
	if (!entry)
		return xa_insert(&s->xa, addr, owner, GFP_KERNEL);
	if (!xa_is_value(entry))
		return -EADDRINUSE;

	/* Quarantined, but asked for by name: hand it over at once. */
	old = xa_store(&s->xa, addr, owner, GFP_KERNEL);
	if (xa_is_err(old))
		return xa_err(old);
	addr_unqueue(s, addr_slot(s, entry));
	return 0;
}

/**
 * amp_addr_alloc() - bind an endpoint address to an owner
 * @s: address space
 * @owner: what amp_addr_lookup() returns for the address: non-NULL and
 *	aligned to at least 4 bytes (any structure pointer is)
 * @addr: the wanted address, or %AMP_ADDR_ANY for the lowest free dynamic one
 * @flags: %AMP_ADDR_F_RESERVED to allow a fixed address below the dynamic
 *	range
 * @out: out: the address bound; may be NULL for a fixed request
 *
 * A fixed request may take a quarantined address. An any-address request
 * takes the lowest dynamic address that is neither bound nor quarantined;
 * if there is none, the oldest quarantined one. May sleep; O(log n).
 *
 * Return: 0; -EINVAL for a bad @owner, unknown @flags or a reserved address
 * without %AMP_ADDR_F_RESERVED; -ERANGE for a fixed address above the
 * space's maximum; -EADDRINUSE if a fixed address is bound; -ENOSPC if no
 * address is left for an any-address request; -ENOMEM if out of memory.
 */
int amp_addr_alloc(struct amp_addr_space *s, void *owner, u32 addr,
		   unsigned int flags, u32 *out)
{
	u32 got = addr;
	int ret;

	if (!owner || ((unsigned long)owner & 3) ||
	    (flags & ~AMP_ADDR_F_RESERVED))
		return -EINVAL;

	mutex_lock(&s->lock);
	if (addr == AMP_ADDR_ANY)
		ret = addr_alloc_any(s, owner, &got);
	else
		ret = addr_alloc_fixed(s, owner, addr, flags);
	mutex_unlock(&s->lock);

	if (!ret && out)
		*out = got;
	return ret;
}
EXPORT_SYMBOL_GPL(amp_addr_alloc);

/* Under the lock: quarantine bound address @addr, or release it at once. */
static void addr_retire(struct amp_addr_space *s, u32 addr)
{
	struct amp_addr_qslot *slot;
	void *old;

	if (!s->depth || addr < s->min_dyn) {
		xa_erase(&s->xa, addr);
		return;
	}
	if (list_empty(&s->spare)) {
		slot = list_first_entry(&s->queue, struct amp_addr_qslot, link);
		xa_erase(&s->xa, slot->addr);
		addr_unqueue(s, slot);
	}
	slot = list_first_entry(&s->spare, struct amp_addr_qslot, link);
	old = xa_store(&s->xa, addr, xa_mk_value(slot - s->slots), GFP_KERNEL);
	if (xa_is_err(old)) {
		/* Replacing an existing entry does not allocate; be safe anyway. */
		xa_erase(&s->xa, addr);
		return;
	}
	slot->addr = addr;
	list_move_tail(&slot->link, &s->queue);
	s->queued++;
}

/**
 * amp_addr_free() - unbind an endpoint address
 * @s: address space
 * @addr: a bound address
 *
 * From the moment this returns, amp_addr_lookup() no longer finds the old
 * owner, but a lookup that started earlier may still hold it: free the owner
 * after an RCU grace period. The address is quarantined as described in the
 * header. Never allocates memory; may sleep; O(log n).
 *
 * Return: 0; -ENOENT if @addr is not bound (quarantined addresses included).
 */
int amp_addr_free(struct amp_addr_space *s, u32 addr)
{
	void *entry;
	int ret = 0;

	mutex_lock(&s->lock);
	entry = xa_load(&s->xa, addr);
	if (!entry || xa_is_value(entry))
		ret = -ENOENT;
	else
		addr_retire(s, addr);
	mutex_unlock(&s->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_addr_free);

/**
 * amp_addr_lookup() - find the owner of an endpoint address
 * @s: address space
 * @addr: address, any value
 *
 * Lock-free (RCU) and callable from any context, concurrently with
 * amp_addr_alloc() and amp_addr_free(). The caller must hold
 * rcu_read_lock() for as long as it uses the returned owner, and owners must
 * be freed only after an RCU grace period following amp_addr_free() (e.g.
 * kfree_rcu()); to keep the owner beyond that, take a reference on it inside
 * the read-side section. O(log n).
 *
 * Return: the owner bound to @addr, or NULL if the address is free,
 * quarantined, out of range or %AMP_ADDR_ANY.
 */
void *amp_addr_lookup(struct amp_addr_space *s, u32 addr)
{
	void *entry = xa_load(&s->xa, addr);

	return xa_is_value(entry) ? NULL : entry;
}
EXPORT_SYMBOL_GPL(amp_addr_lookup);
