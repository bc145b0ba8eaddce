// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: KUnit suite amp_alloc, device-address allocator cases, and the
 * suite definition (the endpoint-address cases are in addr_alloc_test.c).
 */

#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "alloc_test.h"

#define KIB		0x400ULL

static void add_win(struct kunit *test, struct amp_da_pool *p, u64 da, u64 size,
		    phys_addr_t pa, void *va, u32 flags)
{
	KUNIT_ASSERT_EQ(test, amp_da_pool_add_window(p, da, size, pa, va, flags), 0);
}

/* Allocate and insist on success; @at is a fixed address or AMP_DA_ANY. */
static u64 get(struct kunit *test, struct amp_da_pool *p, u64 size, u64 align,
	       u64 at)
{
	u64 da = at;

	KUNIT_ASSERT_EQ_MSG(test, amp_da_alloc(p, size, align, &da), 0,
			    "size %llx align %llx at %llx", size, align, at);
	return da;
}

static void da_test_window_args(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);
	void *top_va = (void *)(ULONG_MAX - 0xff);

	KUNIT_EXPECT_EQ(test, amp_da_pool_add_window(p, 0x1000, 0, 0, NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_da_pool_add_window(p, U64_MAX - 10, 12, 0, NULL, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, amp_da_pool_add_window(p, 0x1000, 0x10, 0, NULL, BIT(7)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, amp_da_pool_add_window(p, 0x1000, 0x200,
						     PHYS_ADDR_MAX - 0xff, NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_da_pool_add_window(p, 0x1000, 0x200, 0, top_va, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).windows, 0U);

	/* The same edges, one byte shorter, are fine. */
	add_win(test, p, U64_MAX - 10, 11, 0, NULL, 0);
	add_win(test, p, 0x1000, 0x100, PHYS_ADDR_MAX - 0xff, NULL, 0);
	add_win(test, p, 0x2000, 0x100, 0, top_va, AMP_DA_WIN_FLAGS);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).windows, 3U);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 3U);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).largest_free, 0x100ULL);
}

static void da_test_window_overlap(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);

	add_win(test, p, 0x1000, 0x1000, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, amp_da_pool_add_window(p, 0x1800, 0x1000, 0, NULL, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_da_pool_add_window(p, 0x800, 0x1000, 0, NULL, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_da_pool_add_window(p, 0, 0x3000, 0, NULL, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_da_pool_add_window(p, 0x1400, 0x100, 0, NULL, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_da_pool_add_window(p, 0x1fff, 1, 0, NULL, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_da_pool_add_window(p, 0x800, 0x801, 0, NULL, 0), -EBUSY);
	add_win(test, p, 0x2000, 0x1000, 0, NULL, 0);
	add_win(test, p, 0, 0x1000, 0, NULL, 0);
	add_win(test, p, 0x10000, 0x10, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, amp_da_pool_add_window(p, 0x3000, U64_MAX - 0x3000, 0, NULL, 0),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, amp_da_pool_add_window(p, 0, U64_MAX, 0, NULL, 0), -EBUSY);
	add_win(test, p, 0x3000, 0xd000, 0, NULL, 0);
	add_win(test, p, 0x10010, U64_MAX - 0x1000f, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).windows, 6U);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 6U);
}

static void da_test_alloc_args(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);

	add_win(test, p, 0x10000, 0x10000, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0, 1, AMP_DA_ANY), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0, 1, 0x10000), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x10, 0, AMP_DA_ANY), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x10, 3, AMP_DA_ANY), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x10, 0x30, AMP_DA_ANY), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x10, BIT_ULL(63) + 1, AMP_DA_ANY), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x10, 2, 0x10001), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x10, 0x1000, 0x10800), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 3, 1, U64_MAX - 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, U64_MAX, 1, 0x10000), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x10, 1, 0x5000), -ERANGE);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x2000, 1, 0x1f000), -ERANGE);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x2000, 1, 0xf000), -ERANGE);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x10001, 1, AMP_DA_ANY), -ENOMEM);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).allocs, 0U);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 1U);
	/* Exactly the window, by both routes. */
	KUNIT_EXPECT_EQ(test, get(test, p, 0x10000, 0x10000, 0x10000), 0x10000ULL);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, 0x10000), 0);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x10000, 1, AMP_DA_ANY), 0x10000ULL);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 0U);
}

static void da_test_any_lowest_first(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);
	int i;

	/* Declared high first: the search is by address, not declaration. */
	add_win(test, p, 0x100000, 0x1000, 0, NULL, 0);
	add_win(test, p, 0x8000, 0x1000, 0, NULL, 0);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, get(test, p, KIB, 1, AMP_DA_ANY), 0x8000 + i * KIB);
	KUNIT_EXPECT_EQ(test, get(test, p, KIB, 1, AMP_DA_ANY), 0x100000ULL);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, 0x8400), 0);
	KUNIT_EXPECT_EQ(test, get(test, p, 2 * KIB, 1, AMP_DA_ANY), 0x100400ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, KIB, 1, AMP_DA_ANY), 0x8400ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 1, 1, AMP_DA_ANY), 0x100c00ULL);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).allocs, 7U);
}

static void da_test_alignment_sweep(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);
	const u64 base = BIT_ULL(40);
	u64 da, align;
	int k;

	add_win(test, p, base, base, 0, NULL, 0);
	get(test, p, 1, 1, base);
	for (k = 0; k <= 41; k++) {
		align = BIT_ULL(k);
		/* The lowest aligned address above the byte in use. */
		if (k >= 40) {
			KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 1, align, AMP_DA_ANY), -ENOMEM);
			continue;
		}
		da = get(test, p, 1, align, AMP_DA_ANY);
		KUNIT_EXPECT_EQ_MSG(test, da, k ? base + align : base + 1, "align 2^%d", k);
		KUNIT_EXPECT_EQ(test, amp_da_free(p, da), 0);
		if (k > 38)
			continue;
		da = get(test, p, align, align, AMP_DA_ANY);
		KUNIT_EXPECT_EQ_MSG(test, da, k ? base + align : base + 1, "size 2^%d", k);
		KUNIT_EXPECT_EQ(test, amp_da_free(p, da), 0);
		da = get(test, p, 3 * align, align, AMP_DA_ANY);
		KUNIT_EXPECT_EQ(test, da & (align - 1), 0ULL);
		KUNIT_EXPECT_EQ(test, amp_da_free(p, da), 0);
	}
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 1U);

	/* The largest alignments, in a window that starts on them. */
	add_win(test, p, BIT_ULL(63), 0x1000, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x10, BIT_ULL(63), AMP_DA_ANY), BIT_ULL(63));
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x10, BIT_ULL(63), AMP_DA_ANY), -ENOMEM);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x10, BIT_ULL(62), AMP_DA_ANY), -ENOMEM);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, BIT_ULL(63)), 0);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x10, BIT_ULL(62), AMP_DA_ANY), BIT_ULL(63));
}

/* Long enough extents that cannot hold the aligned block are passed over. */
static void da_test_alignment_skips(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);

	add_win(test, p, 0x1000, 0x1000, 0, NULL, 0);
	/* Free: [0x1010, 0x1040) [0x1050, 0x1080) [0x1090, 0x10c0) [0x1100, 0x2000) */
	get(test, p, 0x10, 1, 0x1000);
	get(test, p, 0x10, 1, 0x1040);
	get(test, p, 0x10, 1, 0x1080);
	get(test, p, 0x40, 1, 0x10c0);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 4U);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x20, 0x40, AMP_DA_ANY), 0x1100ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x30, 0x10, AMP_DA_ANY), 0x1010ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x20, 0x20, AMP_DA_ANY), 0x1060ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x20, 0x20, AMP_DA_ANY), 0x10a0ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x10, 0x10, AMP_DA_ANY), 0x1050ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x40, 0x100, AMP_DA_ANY), 0x1200ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x10, 0x10, AMP_DA_ANY), 0x1090ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0xc0, 0x40, AMP_DA_ANY), 0x1140ULL);
}

static void da_test_exhaustion(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);
	u64 da;
	int i;

	add_win(test, p, 0x40000, 16 * KIB, 0x80000000, NULL, 0);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, get(test, p, KIB, KIB, AMP_DA_ANY), 0x40000 + i * KIB);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, KIB, 1, AMP_DA_ANY), -ENOMEM);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 1, 1, AMP_DA_ANY), -ENOMEM);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 1, 1, 0x40000), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).largest_free, 0ULL);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 0U);

	KUNIT_EXPECT_EQ(test, amp_da_free(p, 0x41400), 0);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, KIB + 1, 1, AMP_DA_ANY), -ENOMEM);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, KIB, 2 * KIB, AMP_DA_ANY), -ENOMEM);
	da = get(test, p, KIB, 1, AMP_DA_ANY);
	KUNIT_EXPECT_EQ(test, da, 0x41400ULL);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, amp_da_free(p, 0x40000 + i * KIB), 0);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).allocs, 0U);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).largest_free, 16 * KIB);
}

static void da_test_fixed_vs_any(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);

	add_win(test, p, 0, 0x10000, 0, NULL, 0);
	get(test, p, 0x1000, 0x1000, 0x3000);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x2000, 1, AMP_DA_ANY), 0ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x2000, 1, AMP_DA_ANY), 0x4000ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x1000, 1, AMP_DA_ANY), 0x2000ULL);
	/* Overlaps at the start, the end, inside and around an allocation. */
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x100, 1, 0x3800), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x200, 1, 0x5f00), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x1000, 1, 0x3000), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x100, 1, 0x3000), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x2000, 1, 0x2800), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x10000, 1, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x1000, 1, 0x6000), 0x6000ULL);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x1000, 1, 0x6000), -EBUSY);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x100, 1, AMP_DA_ANY), 0x7000ULL);
	/* A fixed request splits free space in three. */
	KUNIT_EXPECT_EQ(test, get(test, p, 0x100, 1, 0xa000), 0xa000ULL);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 2U);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x3000, 1, AMP_DA_ANY), 0xa100ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x2e00, 1, AMP_DA_ANY), 0x7100ULL);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 2U);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).largest_free, 0x2f00ULL);
}

static void da_test_holes(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);
	phys_addr_t pa;

	add_win(test, p, 0x100000, 0x10000, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, amp_da_pool_reserve(p, 0x101000, 0x1000), 0);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).holes, 1U);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 2U);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x10, 1, 0x101800), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x1000, 1, 0x100800), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x1000, 1, 0x101fff), -EBUSY);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x1000, 1, AMP_DA_ANY), 0x100000ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x1000, 1, AMP_DA_ANY), 0x102000ULL);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, 0x101000), -EPERM);
	KUNIT_EXPECT_EQ(test, amp_da_pool_reserve(p, 0x102800, 0x100), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_da_pool_reserve(p, 0x101800, 0x100), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_da_pool_reserve(p, 0x10f000, 0x2000), -ERANGE);
	KUNIT_EXPECT_EQ(test, amp_da_pool_reserve(p, 0x200000, 0x10), -ERANGE);
	KUNIT_EXPECT_EQ(test, amp_da_pool_reserve(p, 0x104000, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_da_pool_reserve(p, AMP_DA_ANY, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, 0x101000, 0x10, &pa), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).holes, 1U);

	/* A hole at the very end of the window, then free around both. */
	KUNIT_EXPECT_EQ(test, amp_da_pool_reserve(p, 0x10ff00, 0x100), 0);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, 0x100000), 0);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, 0x102000), 0);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 2U);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).largest_free, 0xdf00ULL);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x10000, 1, 0x100000), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0xe000, 1, AMP_DA_ANY), -ENOMEM);
	KUNIT_EXPECT_EQ(test, get(test, p, 0xdf00, 1, AMP_DA_ANY), 0x102000ULL);
}

static void check_runs(struct kunit *test, struct amp_da_pool *p,
		       const bool *in_use, int n)
{
	unsigned int runs = 0;
	int i;

	for (i = 0; i < n; i++)
		if (!in_use[i] && (i == 0 || in_use[i - 1]))
			runs++;
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, runs);
}

static void da_test_coalesce_odd_orders(struct kunit *test)
{
	enum { N = 64 };
	const u64 base = 0x20000000, piece = 0x100;
	struct amp_da_pool *p = amp_test_pool(test);
	bool *in_use = kunit_kcalloc(test, N, sizeof(*in_use), GFP_KERNEL);
	int *order = kunit_kcalloc(test, N, sizeof(*order), GFP_KERNEL);
	u64 seed = 0x5eed0001, *starts, da;
	int pass, i, j, n, t;

	KUNIT_ASSERT_NOT_NULL(test, in_use);
	KUNIT_ASSERT_NOT_NULL(test, order);
	starts = kunit_kcalloc(test, N * piece, sizeof(*starts), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, starts);
	add_win(test, p, base, N * piece, 0, NULL, 0);

	for (pass = 0; pass < 5; pass++) {
		for (i = 0; i < N; i++) {
			KUNIT_ASSERT_EQ(test, get(test, p, piece, 1, AMP_DA_ANY), base + i * piece);
			in_use[i] = true;
			switch (pass) {
			case 0:
				order[i] = i;
				break;
			case 1:
				order[i] = N - 1 - i;
				break;
			case 2:	/* odd pieces first, then even ones */
				order[i] = i < N / 2 ? 2 * i + 1 : 2 * (i - N / 2);
				break;
			case 3:	/* stride 7 visits every piece once */
				order[i] = (i * 7) % N;
				break;
			default:
				order[i] = i;
				break;
			}
		}
		if (pass == 4) {
			for (i = N - 1; i > 0; i--) {
				j = amp_test_below(&seed, i + 1);
				t = order[i];
				order[i] = order[j];
				order[j] = t;
			}
		}
		for (i = 0; i < N; i++) {
			KUNIT_ASSERT_EQ(test, amp_da_free(p, base + order[i] * piece), 0);
			in_use[order[i]] = false;
			check_runs(test, p, in_use, N);
		}
		KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 1U);
		KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).largest_free, N * piece);
		KUNIT_EXPECT_EQ(test, get(test, p, N * piece, 1, base), base);
		KUNIT_EXPECT_EQ(test, amp_da_free(p, base), 0);
	}

	/* Pieces of random sizes and alignments until full, freed at random. */
	for (n = 0; n < N * piece; n++) {
		da = AMP_DA_ANY;
		if (amp_da_alloc(p, 1 + amp_test_below(&seed, 0x80),
				 BIT_ULL(amp_test_below(&seed, 6)), &da)) {
			da = AMP_DA_ANY;
			if (amp_da_alloc(p, 1, 1, &da))
				break;
		}
		starts[n] = da;
	}
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).largest_free, 0ULL);
	for (i = n - 1; i > 0; i--) {
		j = amp_test_below(&seed, i + 1);
		da = starts[i];
		starts[i] = starts[j];
		starts[j] = da;
	}
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, amp_da_free(p, starts[i]), 0);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 1U);
	KUNIT_EXPECT_EQ(test, get(test, p, N * piece, 1, AMP_DA_ANY), base);
}

static void da_test_no_merge_across_windows(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);
	phys_addr_t pa;
	int i;

	add_win(test, p, 0x10000, 0x1000, 0x80000000, NULL, 0);
	add_win(test, p, 0x11000, 0x1000, 0x90000000, NULL, 0);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x2000, 1, AMP_DA_ANY), -ENOMEM);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x1000, 1, 0x10800), -ERANGE);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, get(test, p, 0x800, 1, AMP_DA_ANY), 0x10000 + i * 0x800ULL);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, 0x10800, 0x1000, &pa), -ENOENT);
	/* Free upwards in the first window, downwards in the second. */
	KUNIT_EXPECT_EQ(test, amp_da_free(p, 0x10000), 0);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, 0x10800), 0);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, 0x11800), 0);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, 0x11000), 0);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 2U);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).largest_free, 0x1000ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x1000, 1, AMP_DA_ANY), 0x10000ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x1000, 1, AMP_DA_ANY), 0x11000ULL);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, 0x11000, 1, &pa), 0);
	KUNIT_EXPECT_EQ(test, pa, (phys_addr_t)0x90000000);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, 0x10fff, 1, &pa), 0);
	KUNIT_EXPECT_EQ(test, pa, (phys_addr_t)0x80000fff);
}

static void da_test_fixed_only_window(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);

	add_win(test, p, 0x1000, 0x1000, 0, NULL, AMP_DA_WIN_FIXED_ONLY);
	add_win(test, p, 0x8000, 0x800, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).largest_free, 0x800ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x100, 1, AMP_DA_ANY), 0x8000ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x100, 1, 0x1000), 0x1000ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x700, 1, AMP_DA_ANY), 0x8100ULL);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 1, 1, AMP_DA_ANY), -ENOMEM);
	KUNIT_EXPECT_EQ(test, get(test, p, 0xf00, 1, 0x1100), 0x1100ULL);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, 0x1000), 0);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, 0x1100), 0);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 1U);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).largest_free, 0ULL);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 1, 1, AMP_DA_ANY), -ENOMEM);
}

static void da_test_lookup_translate(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);
	const phys_addr_t wpa = 0x80000000;
	const u64 wda = 0x40000000;
	u8 *buf = kunit_kzalloc(test, 0x1000, GFP_KERNEL);
	phys_addr_t pa;
	u64 a, b;
	u8 *va;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	add_win(test, p, wda, 0x1000, wpa, buf, 0);
	add_win(test, p, 0x50000000, 0x1000, 0xa0000000, NULL, 0);
	get(test, p, 0x100, 1, AMP_DA_ANY);
	a = get(test, p, 0x100, 1, AMP_DA_ANY);
	b = get(test, p, 0x100, 1, 0x50000800);

	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, a + 0x10, 0x20, &pa), 0);
	KUNIT_EXPECT_EQ(test, pa, wpa + (phys_addr_t)(a + 0x10 - wda));
	va = amp_da_to_va(p, a + 0x10, 0x20);
	KUNIT_EXPECT_PTR_EQ(test, va, buf + (a + 0x10 - wda));
	if (va) {
		va[0] = 0x5a;
		KUNIT_EXPECT_EQ(test, buf[a + 0x10 - wda], 0x5a);
	}
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, a, 0x100, &pa), 0);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, a + 0xff, 1, &pa), 0);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, a, 0x101, &pa), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, a, 0, &pa), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, amp_da_to_va(p, a, 0), NULL);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, U64_MAX, 2, &pa), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, 2, U64_MAX, &pa), -EINVAL);

	/* An unmapped window translates to pa only. */
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, b + 4, 4, &pa), 0);
	KUNIT_EXPECT_EQ(test, pa, (phys_addr_t)0xa0000804);
	KUNIT_EXPECT_PTR_EQ(test, amp_da_to_va(p, b + 4, 4), NULL);
}

static void da_test_lookup_span_refused(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);
	phys_addr_t pa = 0x1234;
	u64 a, b;

	add_win(test, p, 0x40000, 0x4000, 0x100000, NULL, 0);
	a = get(test, p, 0x100, 1, AMP_DA_ANY);
	b = get(test, p, 0x100, 1, AMP_DA_ANY);
	KUNIT_ASSERT_EQ(test, b, a + 0x100);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, a + 0x80, 0x100, &pa), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, a, 0x200, &pa), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, b + 0x80, 0x100, &pa), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, b + 0x100, 1, &pa), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, a - 1, 2, &pa), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, 0x3ffff, 1, &pa), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, 0x43fff, 2, &pa), -ENOENT);
	KUNIT_EXPECT_PTR_EQ(test, amp_da_to_va(p, a + 0x80, 0x100), NULL);
	KUNIT_EXPECT_EQ(test, pa, (phys_addr_t)0x1234);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, a), 0);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, a, 1, &pa), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, b, 0x100, &pa), 0);
	KUNIT_EXPECT_EQ(test, pa, (phys_addr_t)(0x100000 + b - 0x40000));
}

static void da_test_direct_window(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);
	u8 *buf = kunit_kzalloc(test, 0x2000, GFP_KERNEL);
	phys_addr_t pa;
	u64 a;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	add_win(test, p, 0x20000, 0x2000, 0x100000, buf, AMP_DA_WIN_DIRECT);
	add_win(test, p, 0x22000, 0x1000, 0x200000, NULL, 0);
	KUNIT_EXPECT_EQ(test, amp_da_pool_reserve(p, 0x20100, 0x100), 0);
	a = get(test, p, 0x100, 1, 0x20400);
	/* Free space, holes and ranges across allocations all translate. */
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, 0x20000, 0x2000, &pa), 0);
	KUNIT_EXPECT_EQ(test, pa, (phys_addr_t)0x100000);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, 0x20180, 0x10, &pa), 0);
	KUNIT_EXPECT_EQ(test, pa, (phys_addr_t)0x100180);
	KUNIT_EXPECT_PTR_EQ(test, amp_da_to_va(p, a + 0x80, 0x100), buf + 0x480);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, 0x21fff, 1, &pa), 0);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, 0x21fff, 2, &pa), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, 0x22000, 1, &pa), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, 0x1ffff, 2, &pa), -ENOENT);
}

static void da_test_top_of_space(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);
	const u64 wda = U64_MAX - 0xffff;
	phys_addr_t pa;
	u64 da;

	add_win(test, p, wda, 0x10000, 0x10000000, NULL, 0);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x100, 1, U64_MAX - 0xff), U64_MAX - 0xff);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x101, 1, U64_MAX - 0x1ff), -EBUSY);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 0x201, 1, U64_MAX - 0x1ff), -EINVAL);
	KUNIT_EXPECT_EQ(test, get(test, p, 0xff00, 1, AMP_DA_ANY), wda);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 1, 1, AMP_DA_ANY), -ENOMEM);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, U64_MAX, 1, &pa), 0);
	KUNIT_EXPECT_EQ(test, pa, (phys_addr_t)0x1000ffff);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, U64_MAX, 2, &pa), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, U64_MAX - 0xff, 0x100, &pa), 0);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, U64_MAX - 0xff), 0);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x80, 0x80, AMP_DA_ANY), U64_MAX - 0xff);
	KUNIT_EXPECT_EQ(test, get(test, p, 0x7f, 1, AMP_DA_ANY), U64_MAX - 0x7f);
	KUNIT_EXPECT_EQ(test, get(test, p, 1, 1, AMP_DA_ANY), U64_MAX);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 0U);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, U64_MAX), 0);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, U64_MAX - 0xff), 0);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, U64_MAX - 0x7f), 0);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, wda), 0);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 1U);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).largest_free, 0x10000ULL);

	/* A window of U64_MAX bytes: everything but address 0. */
	p = amp_test_pool(test);
	add_win(test, p, 1, U64_MAX, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, amp_da_pool_add_window(p, 0, 2, 0, NULL, 0), -EBUSY);
	add_win(test, p, 0, 1, 0, NULL, 0);
	KUNIT_EXPECT_EQ(test, get(test, p, U64_MAX, 1, AMP_DA_ANY), 1ULL);
	KUNIT_EXPECT_EQ(test, amp_da_to_pa(p, 1, U64_MAX, &pa), 0);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, 1), 0);
	KUNIT_EXPECT_EQ(test, get(test, p, 1, BIT_ULL(63), AMP_DA_ANY), 0ULL);
	KUNIT_EXPECT_EQ(test, get(test, p, 1, BIT_ULL(63), AMP_DA_ANY), BIT_ULL(63));
	KUNIT_EXPECT_EQ(test, get(test, p, BIT_ULL(63) - 1, 1, AMP_DA_ANY), 1ULL);
	da = get(test, p, BIT_ULL(63) - 1, 1, AMP_DA_ANY);
	KUNIT_EXPECT_EQ(test, da, BIT_ULL(63) + 1);
	KUNIT_EXPECT_EQ(test, amp_test_da_err(p, 1, 1, AMP_DA_ANY), -ENOMEM);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, da), 0);
	KUNIT_EXPECT_EQ(test, get(test, p, BIT_ULL(62), BIT_ULL(62), AMP_DA_ANY),
			BIT_ULL(63) + BIT_ULL(62));
	KUNIT_EXPECT_EQ(test, get(test, p, 1, 1, AMP_DA_ANY), BIT_ULL(63) + 1);
}

static void da_test_free_errors(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);
	u64 a;

	KUNIT_EXPECT_EQ(test, amp_da_free(p, 0), -ENOENT);
	add_win(test, p, 0x1000, 0x1000, 0, NULL, 0);
	a = get(test, p, 0x100, 1, AMP_DA_ANY);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, a + 1), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, a + 0x100), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, AMP_DA_ANY), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, a), 0);
	KUNIT_EXPECT_EQ(test, amp_da_free(p, a), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).allocs, 0U);
}

static void da_test_destroy_live(struct kunit *test)
{
	struct amp_da_pool *p = amp_test_pool(test);
	int round, i;

	for (round = 0; round < 3; round++) {
		add_win(test, p, 0x100000, 0x10000, 0, NULL, 0);
		add_win(test, p, 0x200000, 0x10000, 0, NULL, AMP_DA_WIN_DIRECT);
		KUNIT_EXPECT_EQ(test, amp_da_pool_reserve(p, 0x108000, 0x100), 0);
		for (i = 0; i < 20; i++)
			get(test, p, 0x300, 0x100, AMP_DA_ANY);
		get(test, p, 0x100, 1, 0x200800);
		KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).allocs, 21U);
		amp_da_pool_destroy(p);
		KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).windows, 0U);
		KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).allocs, 0U);
		KUNIT_EXPECT_EQ(test, amp_test_da_stats(p).free_extents, 0U);
	}
}

static int amp_alloc_test_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct amp_alloc_test_ctx), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void amp_alloc_test_exit(struct kunit *test)
{
	struct amp_alloc_test_ctx *ctx = test->priv;

	if (ctx->pool_live)
		amp_da_pool_destroy(&ctx->pool);
	if (ctx->space_live)
		amp_addr_space_destroy(&ctx->space);
}

static struct kunit_case amp_alloc_test_cases[] = {
	KUNIT_CASE(da_test_window_args),
	KUNIT_CASE(da_test_window_overlap),
	KUNIT_CASE(da_test_alloc_args),
	KUNIT_CASE(da_test_any_lowest_first),
	KUNIT_CASE(da_test_alignment_sweep),
	KUNIT_CASE(da_test_alignment_skips),
	KUNIT_CASE(da_test_exhaustion),
	KUNIT_CASE(da_test_fixed_vs_any),
	KUNIT_CASE(da_test_holes),
	KUNIT_CASE(da_test_coalesce_odd_orders),
	KUNIT_CASE(da_test_no_merge_across_windows),
	KUNIT_CASE(da_test_fixed_only_window),
	KUNIT_CASE(da_test_lookup_translate),
	KUNIT_CASE(da_test_lookup_span_refused),
	KUNIT_CASE(da_test_direct_window),
	KUNIT_CASE(da_test_top_of_space),
	KUNIT_CASE(da_test_free_errors),
	KUNIT_CASE(da_test_destroy_live),
	KUNIT_CASE(amp_da_test_model_random),
	KUNIT_CASE(amp_da_test_concurrent_lookup),
	KUNIT_CASE(amp_addr_test_init_args),
	KUNIT_CASE(amp_addr_test_any_lowest),
	KUNIT_CASE(amp_addr_test_reserved_range),
	KUNIT_CASE(amp_addr_test_fixed_conflicts),
	KUNIT_CASE(amp_addr_test_exhaustion),
	KUNIT_CASE(amp_addr_test_reuse_delay),
	KUNIT_CASE(amp_addr_test_quarantine_lookup),
	KUNIT_CASE(amp_addr_test_quarantine_fixed_claim),
	KUNIT_CASE(amp_addr_test_quarantine_exhaustion),
	KUNIT_CASE(amp_addr_test_top_of_space),
	KUNIT_CASE(amp_addr_test_default_depth),
	KUNIT_CASE(amp_addr_test_rcu_concurrent),
	KUNIT_CASE(amp_addr_test_model_random),
	{}
};

static struct kunit_suite amp_alloc_test_suite = {
	.name = "amp_alloc",
	.init = amp_alloc_test_init,
	.exit = amp_alloc_test_exit,
	.test_cases = amp_alloc_test_cases,
};

kunit_test_suite(amp_alloc_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the ampipc device- and endpoint-address allocators");
