// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: device-address (carveout) allocator.
 *
 * Three rbtrees per pool: the windows, the busy extents (allocations and
 * holes) and the free extents. Every byte of a window is in exactly one busy
 * or free extent, and free extents are maximal within their window, so a range
 * inside one window that is not inside one free extent overlaps a busy one.
 * Extents store their last byte rather than their end so that ranges ending
 * at U64_MAX need no special case.
 */

#include <linux/errno.h>
#include <linux/export.h>
#include <linux/limits.h>
#include <linux/rbtree_augmented.h>
#include <linux/slab.h>

#include <ampipc/da_alloc.h>

struct amp_da_window {
	struct rb_node node;
	u64 da;
	u64 last;
	phys_addr_t pa;
	void *va;
	u32 flags;
};

/*
 * A free extent (in pool->free) or a busy one (in pool->busy). @subtree_max
 * is only maintained in the free tree.
 */
struct amp_da_ext {
	struct rb_node node;
	u64 start;
	u64 last;
	u64 subtree_max;
	struct amp_da_window *win;
	bool hole;
};

#define to_win(n)	rb_entry(n, struct amp_da_window, node)
#define to_ext(n)	rb_entry(n, struct amp_da_ext, node)

static bool da_pow2(u64 x)
{
	return x && !(x & (x - 1));
}

/* Length an any-address request may use: 0 in fixed-only windows. */
static u64 da_ext_search_len(const struct amp_da_ext *e)
{
	if (e->win->flags & AMP_DA_WIN_FIXED_ONLY)
		return 0;
	return e->last - e->start + 1;
}

RB_DECLARE_CALLBACKS_MAX(static, da_free_cb, struct amp_da_ext, node, u64,
			 subtree_max, da_ext_search_len);

static u64 da_subtree_max(const struct rb_node *n)
{
	return n ? to_ext(n)->subtree_max : 0;
}

/* The window with the greatest start <= @da, or NULL. */
static struct amp_da_window *da_win_floor(struct amp_da_pool *p, u64 da)
{
	struct rb_node *n = p->windows.rb_node;
	struct amp_da_window *best = NULL;

	while (n) {
		struct amp_da_window *w = to_win(n);

		if (w->da <= da) {
			best = w;
			n = n->rb_right;
		} else {
			n = n->rb_left;
		}
	}
	return best;
}

/* The extent of @root with the greatest start <= @da, or NULL. */
static struct amp_da_ext *da_ext_floor(struct rb_root *root, u64 da)
{
	struct rb_node *n = root->rb_node;
	struct amp_da_ext *best = NULL;

	while (n) {
		struct amp_da_ext *e = to_ext(n);

		if (e->start <= da) {
			best = e;
			n = n->rb_right;
		} else {
			n = n->rb_left;
		}
	}
	return best;
}

/* The extent of @root starting exactly at @da, or NULL. */
static struct amp_da_ext *da_ext_find(struct rb_root *root, u64 da)
{
	struct amp_da_ext *e = da_ext_floor(root, da);

	return e && e->start == da ? e : NULL;
}

static bool da_win_less(struct rb_node *a, const struct rb_node *b)
{
	return to_win(a)->da < to_win(b)->da;
}

static bool da_ext_less(struct rb_node *a, const struct rb_node *b)
{
	return to_ext(a)->start < to_ext(b)->start;
}

static void da_free_insert(struct amp_da_pool *p, struct amp_da_ext *e)
{
	struct rb_node **link = &p->free.rb_node, *parent = NULL;
	u64 len = da_ext_search_len(e);

	/* Every node on the way down gains @e in its subtree. */
	while (*link) {
		struct amp_da_ext *cur = to_ext(*link);

		parent = *link;
		if (cur->subtree_max < len)
			cur->subtree_max = len;
		link = e->start < cur->start ? &parent->rb_left : &parent->rb_right;
	}
	e->subtree_max = len;
	rb_link_node(&e->node, parent, link);
	rb_insert_augmented(&e->node, &p->free, &da_free_cb);
	p->nr_free++;
}

static void da_free_erase(struct amp_da_pool *p, struct amp_da_ext *e)
{
	rb_erase_augmented(&e->node, &p->free, &da_free_cb);
	p->nr_free--;
	kfree(e);
}

/* Recompute the augmented data of @e and its ancestors after a resize. */
static void da_free_resized(struct amp_da_ext *e)
{
	da_free_cb_propagate(&e->node, NULL);
}

/* If free extent @e can hold @size bytes aligned to @align, store where. */
static bool da_ext_fits(const struct amp_da_ext *e, u64 size, u64 align,
			u64 *start)
{
	u64 pad = (0 - e->start) & (align - 1);
	u64 room = e->last - e->start;

	if (pad > room || size - 1 > room - pad)
		return false;
	*start = e->start + pad;
	return true;
}

/* Lowest extent of at least @size bytes in subtree @n, which has one. */
static struct amp_da_ext *da_free_first(struct rb_node *n, u64 size)
{
	while (n) {
		if (da_subtree_max(n->rb_left) >= size) {
			n = n->rb_left;
			continue;
		}
		if (da_ext_search_len(to_ext(n)) >= size)
			return to_ext(n);
		n = n->rb_right;
	}
	return NULL;
}

/* Next extent after @e in address order with at least @size bytes. */
static struct amp_da_ext *da_free_next(struct amp_da_ext *e, u64 size)
{
	struct rb_node *n = &e->node, *parent;

	if (da_subtree_max(n->rb_right) >= size)
		return da_free_first(n->rb_right, size);

	/* Climb; each ancestor reached from its left child comes next. */
	while ((parent = rb_parent(n))) {
		if (n == parent->rb_left) {
			if (da_ext_search_len(to_ext(parent)) >= size)
				return to_ext(parent);
			if (da_subtree_max(parent->rb_right) >= size)
				return da_free_first(parent->rb_right, size);
		}
		n = parent;
	}
	return NULL;
}

static int da_find_any(struct amp_da_pool *p, u64 size, u64 align,
		       struct amp_da_ext **fe, u64 *start)
{
	struct rb_node *root = p->free.rb_node;
	struct amp_da_ext *e;

	if (da_subtree_max(root) < size)
		return -ENOMEM;
	for (e = da_free_first(root, size); e; e = da_free_next(e, size)) {
		if (da_ext_fits(e, size, align, start)) {
			*fe = e;
			return 0;
		}
	}
	return -ENOMEM;
}

/* Free extent holding [@start, @start + @size - 1], which does not wrap. */
static int da_find_fixed(struct amp_da_pool *p, u64 start, u64 size,
			 struct amp_da_ext **fe)
{
	struct amp_da_window *w = da_win_floor(p, start);
	struct amp_da_ext *e;

	if (!w || start > w->last || size - 1 > w->last - start)
		return -ERANGE;
	e = da_ext_floor(&p->free, start);
	if (!e || start > e->last || size - 1 > e->last - start)
		return -EBUSY;
	*fe = e;
	return 0;
}

/*
 * Remove [@start, @last] from free extent @f. @spare becomes the upper
 * remainder when @f has to be split; returns true if it was used. @f itself
 * is freed when nothing of it remains.
 */
static bool da_free_carve(struct amp_da_pool *p, struct amp_da_ext *f,
			  u64 start, u64 last, struct amp_da_ext *spare)
{
	bool below = start > f->start, above = last < f->last;

	if (below && above) {
		spare->start = last + 1;
		spare->last = f->last;
		spare->win = f->win;
		spare->hole = false;
		f->last = start - 1;
		da_free_resized(f);
		da_free_insert(p, spare);
		return true;
	}
	if (below) {
		f->last = start - 1;
		da_free_resized(f);
	} else if (above) {
		/* No other free extent lies in between: the order holds. */
		f->start = last + 1;
		da_free_resized(f);
	} else {
		da_free_erase(p, f);
	}
	return false;
}

/* Return busy extent @e, already out of the busy tree, to the free space. */
static void da_free_release(struct amp_da_pool *p, struct amp_da_ext *e)
{
	struct amp_da_ext *prev, *next = NULL;

	prev = da_ext_floor(&p->free, e->start);
	if (prev && (prev->last + 1 != e->start || prev->win != e->win))
		prev = NULL;
	if (e->last != U64_MAX) {
		next = da_ext_find(&p->free, e->last + 1);
		if (next && next->win != e->win)
			next = NULL;
	}

	if (prev && next) {
		u64 last = next->last;

		da_free_erase(p, next);
		prev->last = last;
		da_free_resized(prev);
		kfree(e);
	} else if (prev) {
		prev->last = e->last;
		da_free_resized(prev);
		kfree(e);
	} else if (next) {
		next->start = e->start;
		da_free_resized(next);
		kfree(e);
	} else {
		e->hole = false;
		da_free_insert(p, e);
	}
}

/**
 * amp_da_pool_init() - initialise an empty device-address pool
 * @p: pool to initialise
 *
 * The pool has no window; declare them with amp_da_pool_add_window().
 */
void amp_da_pool_init(struct amp_da_pool *p)
{
	spin_lock_init(&p->lock);
	p->windows = RB_ROOT;
	p->busy = RB_ROOT;
	p->free = RB_ROOT;
	p->nr_windows = 0;
	p->nr_allocs = 0;
	p->nr_holes = 0;
	p->nr_free = 0;
}
EXPORT_SYMBOL_GPL(amp_da_pool_init);

/**
 * amp_da_pool_destroy() - release everything a pool holds
 * @p: pool initialised by amp_da_pool_init()
 *
 * Frees every window, hole and allocation, live or not, in O(n). Nothing
 * may use the pool concurrently; it may be initialised again afterwards.
 */
void amp_da_pool_destroy(struct amp_da_pool *p)
{
	struct amp_da_window *w, *wn;
	struct amp_da_ext *e, *en;

	rbtree_postorder_for_each_entry_safe(e, en, &p->free, node)
		kfree(e);
	rbtree_postorder_for_each_entry_safe(e, en, &p->busy, node)
		kfree(e);
	rbtree_postorder_for_each_entry_safe(w, wn, &p->windows, node)
		kfree(w);
	amp_da_pool_init(p);
}
EXPORT_SYMBOL_GPL(amp_da_pool_destroy);

/**
 * amp_da_pool_add_window() - declare a window of device-address space
 * @p: pool
 * @da: first device address of the window
 * @size: length in bytes; the window may end on U64_MAX but not wrap
 * @pa: physical address the CPU sees at @da
 * @va: kernel mapping of @pa, or NULL if the window is not mapped
 * @flags: %AMP_DA_WIN_DIRECT and/or %AMP_DA_WIN_FIXED_ONLY
 *
 * The whole window becomes free space. May sleep; O(log n).
 *
 * Return: 0; -EINVAL for a zero or wrapping size, unknown flags or a physical
 * or virtual range that would wrap; -EBUSY if the window overlaps another
 * one; -ENOMEM if out of memory.
 */
int amp_da_pool_add_window(struct amp_da_pool *p, u64 da, u64 size,
			   phys_addr_t pa, void *va, u32 flags)
{
	struct amp_da_window *w, *prev;
	struct amp_da_ext *f;
	unsigned long irqflags;
	int ret = 0;

	if (!size || size - 1 > U64_MAX - da || (flags & ~AMP_DA_WIN_FLAGS))
		return -EINVAL;
	if (size - 1 > (u64)(PHYS_ADDR_MAX - pa))
		return -EINVAL;
	if (va && size - 1 > (u64)(ULONG_MAX - (unsigned long)va))
		return -EINVAL;

	w = kmalloc(sizeof(*w), GFP_KERNEL);
	f = kmalloc(sizeof(*f), GFP_KERNEL);
	if (!w || !f) {
		ret = -ENOMEM;
		goto out_free;
	}
	w->da = da;
	w->last = da + (size - 1);
	w->pa = pa;
	w->va = va;
	w->flags = flags;
	f->start = w->da;
	f->last = w->last;
	f->win = w;
	f->hole = false;

	spin_lock_irqsave(&p->lock, irqflags);
	/* Windows are disjoint: only the last one starting <= our end can meet us. */
	prev = da_win_floor(p, w->last);
	if (prev && prev->last >= da) {
		ret = -EBUSY;
	} else {
		rb_add(&w->node, &p->windows, da_win_less);
		p->nr_windows++;
		da_free_insert(p, f);
	}
	spin_unlock_irqrestore(&p->lock, irqflags);
	if (!ret)
		return 0;
out_free:
	kfree(f);
	kfree(w);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_da_pool_add_window);

/* Claim @size bytes at *@da (or anywhere) as an allocation or a hole. */
static int da_claim(struct amp_da_pool *p, u64 size, u64 align, u64 *da,
		    bool hole)
{
	struct amp_da_ext *rec, *spare, *f;
	unsigned long irqflags;
	u64 start = *da;
	int ret;

	if (!size || !da_pow2(align))
		return -EINVAL;
	if (start != AMP_DA_ANY &&
	    ((start & (align - 1)) || size - 1 > U64_MAX - start))
		return -EINVAL;

	rec = kmalloc(sizeof(*rec), GFP_KERNEL);
	spare = kmalloc(sizeof(*spare), GFP_KERNEL);
	if (!rec || !spare) {
		ret = -ENOMEM;
		goto out_free;
	}

	spin_lock_irqsave(&p->lock, irqflags);
	if (start == AMP_DA_ANY)
		ret = da_find_any(p, size, align, &f, &start);
	else
		ret = da_find_fixed(p, start, size, &f);
	if (!ret) {
		rec->start = start;
		rec->last = start + (size - 1);
		rec->win = f->win;
		rec->hole = hole;
		if (da_free_carve(p, f, rec->start, rec->last, spare))
			spare = NULL;
		rb_add(&rec->node, &p->busy, da_ext_less);
		if (hole)
			p->nr_holes++;
		else
			p->nr_allocs++;
		rec = NULL;
		*da = start;
	}
	spin_unlock_irqrestore(&p->lock, irqflags);
out_free:
	kfree(spare);
	kfree(rec);
	return ret;
}

/**
 * amp_da_pool_reserve() - declare a hole that is never allocated
 * @p: pool
 * @da: first device address of the hole
 * @size: length in bytes
 *
 * The hole must lie inside one window and be free. It lasts until the pool
 * is destroyed and is not translated by the lookups unless its window has
 * %AMP_DA_WIN_DIRECT. May sleep; O(log n).
 *
 * Return: 0; -EINVAL for a zero or wrapping size or @da == %AMP_DA_ANY;
 * -ERANGE if the range is not inside one window; -EBUSY if it overlaps an
 * allocation or another hole; -ENOMEM if out of memory.
 */
int amp_da_pool_reserve(struct amp_da_pool *p, u64 da, u64 size)
{
	if (da == AMP_DA_ANY)
		return -EINVAL;
	return da_claim(p, size, 1, &da, true);
}
EXPORT_SYMBOL_GPL(amp_da_pool_reserve);

/**
 * amp_da_alloc() - allocate a range of device-address space
 * @p: pool
 * @size: length in bytes, non-zero
 * @align: alignment of the start, a non-zero power of two
 * @da: in: the wanted start, or %AMP_DA_ANY; out: the start allocated
 *
 * A fixed request takes exactly [*@da, *@da + @size) if it lies inside one
 * window and is entirely free. An any-address request takes the lowest
 * aligned address at which @size free bytes fit inside one window, skipping
 * windows declared %AMP_DA_WIN_FIXED_ONLY. Allocations never span windows.
 * May sleep. Complexity: O(log n) for a fixed request, O((m + 1) log n) for
 * any address as described in the header.
 *
 * Return: 0 with *@da set; -EINVAL for a zero size, a bad alignment, a
 * misaligned fixed address or a fixed range wrapping past 2^64; -ERANGE if a
 * fixed range is not inside one window; -EBUSY if a fixed range overlaps an
 * allocation or a hole; -ENOMEM if no free space fits an any-address request
 * or out of memory. *@da is unchanged on error.
 */
int amp_da_alloc(struct amp_da_pool *p, u64 size, u64 align, u64 *da)
{
	return da_claim(p, size, align, da, false);
}
EXPORT_SYMBOL_GPL(amp_da_alloc);

/**
 * amp_da_free() - free an allocation
 * @p: pool
 * @da: start of the allocation, as returned by amp_da_alloc()
 *
 * The range is merged with the free space next to it inside its window.
 * Never sleeps and never allocates; O(log n).
 *
 * Return: 0; -ENOENT if no allocation starts at @da; -EPERM if a hole does.
 */
int amp_da_free(struct amp_da_pool *p, u64 da)
{
	unsigned long irqflags;
	struct amp_da_ext *e;
	int ret = 0;

	spin_lock_irqsave(&p->lock, irqflags);
	e = da_ext_find(&p->busy, da);
	if (!e) {
		ret = -ENOENT;
	} else if (e->hole) {
		ret = -EPERM;
	} else {
		rb_erase(&e->node, &p->busy);
		p->nr_allocs--;
		da_free_release(p, e);
	}
	spin_unlock_irqrestore(&p->lock, irqflags);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_da_free);

/* Under the lock: the window translating [@da, @da + @len), or an error. */
static int da_lookup(struct amp_da_pool *p, u64 da, u64 len,
		     struct amp_da_window **wp)
{
	struct amp_da_window *w;
	struct amp_da_ext *e;

	if (!len || len - 1 > U64_MAX - da)
		return -EINVAL;
	w = da_win_floor(p, da);
	if (!w || da > w->last || len - 1 > w->last - da)
		return -ENOENT;
	if (!(w->flags & AMP_DA_WIN_DIRECT)) {
		e = da_ext_floor(&p->busy, da);
		if (!e || e->hole || da > e->last || len - 1 > e->last - da)
			return -ENOENT;
	}
	*wp = w;
	return 0;
}

/**
 * amp_da_to_pa() - translate a device-address range to a physical address
 * @p: pool
 * @da: first device address
 * @len: length of the range in bytes, non-zero
 * @pa: out: physical address of @da
 *
 * The range must lie inside one allocation, or inside one window declared
 * %AMP_DA_WIN_DIRECT. Any context; O(log n).
 *
 * Return: 0; -EINVAL for a zero or wrapping length; -ENOENT if the range is
 * not covered that way.
 */
int amp_da_to_pa(struct amp_da_pool *p, u64 da, u64 len, phys_addr_t *pa)
{
	struct amp_da_window *w;
	unsigned long irqflags;
	int ret;

	spin_lock_irqsave(&p->lock, irqflags);
	ret = da_lookup(p, da, len, &w);
	if (!ret)
		*pa = w->pa + (phys_addr_t)(da - w->da);
	spin_unlock_irqrestore(&p->lock, irqflags);
	return ret;
}
EXPORT_SYMBOL_GPL(amp_da_to_pa);

/**
 * amp_da_to_va() - translate a device-address range to a kernel address
 * @p: pool
 * @da: first device address
 * @len: length of the range in bytes, non-zero
 *
 * Same rules as amp_da_to_pa(); the window must also have a kernel mapping.
 * Any context; O(log n).
 *
 * Return: the kernel address of @da, or NULL if the range is invalid, not
 * covered or not mapped.
 */
void *amp_da_to_va(struct amp_da_pool *p, u64 da, u64 len)
{
	struct amp_da_window *w;
	unsigned long irqflags;
	void *va = NULL;

	spin_lock_irqsave(&p->lock, irqflags);
	if (!da_lookup(p, da, len, &w) && w->va)
		va = (u8 *)w->va + (unsigned long)(da - w->da);
	spin_unlock_irqrestore(&p->lock, irqflags);
	return va;
}
EXPORT_SYMBOL_GPL(amp_da_to_va);

/**
 * amp_da_pool_stats() - take a snapshot of a pool's bookkeeping
 * @p: pool
 * @st: out: the counters
 *
 * Any context; O(1).
 */
void amp_da_pool_stats(struct amp_da_pool *p, struct amp_da_stats *st)
{
	unsigned long irqflags;

	spin_lock_irqsave(&p->lock, irqflags);
	st->windows = p->nr_windows;
	st->allocs = p->nr_allocs;
	st->holes = p->nr_holes;
	st->free_extents = p->nr_free;
	st->largest_free = da_subtree_max(p->free.rb_node);
	spin_unlock_irqrestore(&p->lock, irqflags);
}
EXPORT_SYMBOL_GPL(amp_da_pool_stats);
