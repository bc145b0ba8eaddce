// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: KUnit suite amp_alloc, device-address allocator checked against a
 * reference model, and lookups racing allocations.
 */

#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "alloc_test.h"

/*
 * Reference model: a byte map of a 512-byte span ending at U64_MAX, with
 * two adjacent windows, a gap, a fixed-only window and a direct window
 * (mapped), and a hole.
 */
enum { M_SPAN = 512, M_HOLE = 40, M_HOLE_LEN = 8, M_NWIN = 4, M_MAXID = 4096 };

struct da_model_win {
	u32 off, len, flags;
	phys_addr_t pa;
};

static const struct da_model_win da_model_wins[M_NWIN] = {
	{ 0, 160, 0, 0x10000000 },
	{ 160, 96, 0, 0x20000000 },
	{ 320, 128, AMP_DA_WIN_FIXED_ONLY, 0x30000000 },
	{ 448, 64, AMP_DA_WIN_DIRECT, 0x40000000 },
};

struct da_model {
	s8 win[M_SPAN];		/* window index, -1 outside */
	s16 owner[M_SPAN];	/* 0 free, -1 hole, else allocation id */
	u16 start[M_MAXID];	/* start offset of live allocation id */
	u16 live[M_MAXID];	/* ids of live allocations */
	int nlive;
	int next_id;
};

#define M_BASE	(0ULL - M_SPAN)

/* Length of the maximal free run at @off inside one window; 0 if none. */
static u32 da_model_run(const struct da_model *m, u32 off)
{
	u32 len = 0;

	if (m->win[off] < 0)
		return 0;
	while (off + len < M_SPAN && m->win[off + len] == m->win[off] &&
	       !m->owner[off + len])
		len++;
	return len;
}

static int da_model_any(const struct da_model *m, u32 size, u64 align)
{
	u32 off = 0, len, pad;

	while (off < M_SPAN) {
		len = da_model_run(m, off);
		if (!len) {
			off++;
			continue;
		}
		pad = (u32)((0 - (M_BASE + off)) & (align - 1));
		if (!(da_model_wins[m->win[off]].flags & AMP_DA_WIN_FIXED_ONLY) &&
		    pad < len && size <= len - pad)
			return off + pad;
		off += len;
	}
	return -ENOMEM;
}

/* Index in m->live of the allocation starting at @off, or -1. */
static int da_model_find(const struct da_model *m, u32 off)
{
	int idx;

	for (idx = 0; idx < m->nlive; idx++)
		if (m->start[m->live[idx]] == off)
			return idx;
	return -1;
}

static int da_model_fixed(const struct da_model *m, u64 da, u32 size, u64 align)
{
	u32 off, i;

	if ((da & (align - 1)) || size - 1 > U64_MAX - da)
		return -EINVAL;
	if (da < M_BASE)
		return -ERANGE;
	off = (u32)(da - M_BASE);
	if (m->win[off] < 0 || m->win[off + size - 1] != m->win[off])
		return -ERANGE;
	for (i = off; i < off + size; i++)
		if (m->owner[i])
			return -EBUSY;
	return 0;
}

static int da_model_lookup(const struct da_model *m, u32 off, u32 len)
{
	u32 i;
	s8 w;

	if (!len || off + len > M_SPAN)
		return -EINVAL;
	w = m->win[off];
	if (w < 0 || m->win[off + len - 1] != w)
		return -ENOENT;
	if (da_model_wins[w].flags & AMP_DA_WIN_DIRECT)
		return 0;
	for (i = off; i < off + len; i++)
		if (m->owner[i] <= 0 || m->owner[i] != m->owner[off])
			return -ENOENT;
	return 0;
}

static void da_model_check_stats(struct kunit *test, struct amp_da_pool *p,
				 const struct da_model *m, int step)
{
	struct amp_da_stats st = amp_test_da_stats(p);
	unsigned int runs = 0;
	u64 largest = 0;
	u32 off = 0, len;

	while (off < M_SPAN) {
		len = da_model_run(m, off);
		if (!len) {
			off++;
			continue;
		}
		runs++;
		if (!(da_model_wins[m->win[off]].flags & AMP_DA_WIN_FIXED_ONLY) &&
		    len > largest)
			largest = len;
		off += len;
	}
	KUNIT_EXPECT_EQ_MSG(test, st.free_extents, runs, "step %d", step);
	KUNIT_EXPECT_EQ_MSG(test, st.largest_free, largest, "step %d", step);
	KUNIT_EXPECT_EQ_MSG(test, st.allocs, (unsigned int)m->nlive, "step %d", step);
	KUNIT_EXPECT_EQ(test, st.holes, 1U);
}

static void da_model_take(struct da_model *m, u32 off, u32 size)
{
	int id = ++m->next_id;
	u32 i;

	for (i = off; i < off + size; i++)
		m->owner[i] = id;
	m->start[id] = off;
	m->live[m->nlive++] = id;
}

static void da_model_release(struct da_model *m, int idx)
{
	int id = m->live[idx];
	u32 i;

	for (i = m->start[id]; i < M_SPAN && m->owner[i] == id; i++)
		m->owner[i] = 0;
	m->live[idx] = m->live[--m->nlive];
}

void amp_da_test_model_random(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);
	struct da_model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	u64 seed = 0xda0a110c5eedULL, da, align;
	u32 size, off, len, r, i;
	int step, want, ret, idx;
	phys_addr_t pa;
	void *va;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(m->win, -1, sizeof(m->win));
	for (i = 0; i < M_NWIN; i++) {
		const struct da_model_win *w = &da_model_wins[i];

		KUNIT_ASSERT_EQ(test, amp_da_pool_add_window(p, M_BASE + w->off, w->len, w->pa,
							     i == 3 ? buf : NULL, w->flags), 0);
		memset(&m->win[w->off], i, w->len);
	}
	KUNIT_ASSERT_EQ(test, amp_da_pool_reserve(p, M_BASE + M_HOLE, M_HOLE_LEN), 0);
	for (i = M_HOLE; i < M_HOLE + M_HOLE_LEN; i++)
		m->owner[i] = -1;

	for (step = 0; step < 3000 && m->next_id < M_MAXID - 1; step++) {
		r = amp_test_below(&seed, 100);
		if (r < 35) {
			size = 1 + amp_test_below(&seed, amp_test_below(&seed, 10) ? 40 : 170);
			align = BIT_ULL(amp_test_below(&seed, 11));
			want = da_model_any(m, size, align);
			da = AMP_DA_ANY;
			ret = amp_da_alloc(p, size, align, &da);
			if (want >= 0) {
				KUNIT_ASSERT_EQ_MSG(test, ret, 0, "step %d", step);
				KUNIT_ASSERT_EQ_MSG(test, da, M_BASE + want, "step %d", step);
				da_model_take(m, want, size);
			} else {
				KUNIT_ASSERT_EQ_MSG(test, ret, want, "step %d", step);
			}
		} else if (r < 50) {
			da = M_BASE + amp_test_below(&seed, M_SPAN + 16) - 8;
			if (da == AMP_DA_ANY)
				da--;
			size = 1 + amp_test_below(&seed, 40);
			align = BIT_ULL(amp_test_below(&seed, 4));
			want = da_model_fixed(m, da, size, align);
			ret = amp_test_da_err(p, size, align, da);
			KUNIT_ASSERT_EQ_MSG(test, ret, want, "step %d da %llx size %u", step,
					    da, size);
			if (!ret)
				da_model_take(m, (u32)(da - M_BASE), size);
		} else if (r < 75) {
			if (m->nlive && amp_test_below(&seed, 4))
				off = m->start[m->live[amp_test_below(&seed, m->nlive)]];
			else
				off = amp_test_below(&seed, M_SPAN);
			idx = da_model_find(m, off);
			want = idx >= 0 ? 0 : off == M_HOLE ? -EPERM : -ENOENT;
			KUNIT_ASSERT_EQ_MSG(test, amp_da_free(p, M_BASE + off), want,
					    "step %d off %u", step, off);
			if (idx >= 0)
				da_model_release(m, idx);
		} else {
			off = amp_test_below(&seed, M_SPAN);
			len = amp_test_below(&seed, 20) ? 1 + amp_test_below(&seed, 48) : 0;
			want = da_model_lookup(m, off, len);
			pa = 0;
			ret = amp_da_to_pa(p, M_BASE + off, len, &pa);
			KUNIT_ASSERT_EQ_MSG(test, ret, want, "step %d off %u len %u", step, off,
					    len);
			va = amp_da_to_va(p, M_BASE + off, len);
			if (!ret) {
				const struct da_model_win *w = &da_model_wins[m->win[off]];

				KUNIT_EXPECT_EQ(test, pa, w->pa + (off - w->off));
				KUNIT_EXPECT_PTR_EQ(test, va, m->win[off] == 3 ?
						    (void *)(buf + off - w->off) : NULL);
			} else {
				KUNIT_EXPECT_PTR_EQ(test, va, NULL);
			}
		}
		da_model_check_stats(test, p, m, step);
	}
	KUNIT_EXPECT_GT(test, m->next_id, 300);

	while (m->nlive) {
		KUNIT_ASSERT_EQ(test, amp_da_free(p, M_BASE + m->start[m->live[0]]), 0);
		da_model_release(m, 0);
	}
	da_model_check_stats(test, p, m, step);
}

struct da_hammer {
	struct amp_da_pool *p;
	atomic_t *done;
	u64 seed;
};

static int da_hammer_fn(void *arg)
{
	struct da_hammer *h = arg;
	int i, ret, errors = 0;
	phys_addr_t pa;
	u64 da, size;

	for (i = 0; i < 1500; i++) {
		size = 0x10ULL << amp_test_below(&h->seed, 5);
		da = AMP_DA_ANY;
		ret = amp_da_alloc(h->p, size, BIT_ULL(amp_test_below(&h->seed, 8)), &da);
		if (!ret) {
			if (amp_da_to_pa(h->p, da, size, &pa) ||
			    pa != 0x50000000 + (phys_addr_t)(da - 0x10000))
				errors++;
			if (amp_da_free(h->p, da))
				errors++;
		} else if (ret != -ENOMEM) {
			errors++;
		}
		cond_resched();
	}
	atomic_inc(h->done);
	return amp_test_thread_park(errors);
}

/* Lookups (any context, under the pool's spinlock) racing allocations. */
void amp_da_test_concurrent_lookup(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);
	struct task_struct *tsk[2];
	struct da_hammer h[2];
	atomic_t done = ATOMIC_INIT(0);
	u64 seed = 0xc0c0, keep, da;
	int i, ret, bad = 0, started = 0;
	long loops = 0;
	phys_addr_t pa;

	KUNIT_ASSERT_EQ(test, amp_da_pool_add_window(p, 0x10000, 0x4000, 0x50000000, NULL, 0), 0);
	keep = 0x12000;
	KUNIT_ASSERT_EQ(test, amp_da_alloc(p, 0x100, 1, &keep), 0);
	for (i = 0; i < 2; i++) {
		h[i].p = p;
		h[i].done = &done;
		h[i].seed = 0x1234 + i;
		tsk[i] = kthread_run(da_hammer_fn, &h[i], "amp_da_hammer%d", i);
		if (IS_ERR(tsk[i]))
			break;
		started++;
	}
	while (atomic_read(&done) < started) {
		if (amp_da_to_pa(p, keep + 8, 8, &pa) || pa != 0x50002008)
			bad++;
		da = 0x10000 + amp_test_below(&seed, 0x4000);
		ret = amp_da_to_pa(p, da, 1 + amp_test_below(&seed, 0x40), &pa);
		if (ret ? ret != -ENOENT : pa != 0x50000000 + (phys_addr_t)(da - 0x10000))
			bad++;
		loops++;
		cond_resched();
	}
	for (i = 0; i < started; i++)
		KUNIT_EXPECT_EQ(test, kthread_stop(tsk[i]), 0);
	KUNIT_ASSERT_EQ(test, started, 2);
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).allocs, 1U);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 2U);
	kunit_info(test, "%ld lookups raced the allocators\n", loops);
}

