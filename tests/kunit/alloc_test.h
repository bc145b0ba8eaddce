/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ampipc: shared parts of the amp_alloc KUnit suite, which spans
 * da_alloc_test.c (the suite and the device-address cases) and
 * addr_alloc_test.c (the endpoint-address cases).
 */
#ifndef AMPIPC_TEST_ALLOC_TEST_H
#define AMPIPC_TEST_ALLOC_TEST_H

#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/types.h>

#include <kunit/test.h>

#include <ampipc/addr_alloc.h>
#include <ampipc/da_alloc.h>

/*
 * Per-case state, in test->priv: whatever a case initialised is destroyed by
 * the suite's exit hook, so an aborted case leaks nothing.
 */
struct amp_alloc_test_ctx {
	struct amp_da_pool pool;
	bool pool_live;
	struct amp_addr_space space;
	bool space_live;
};

/* Deterministic xorshift64* generator: runs are reproducible from the seed. */
static inline u64 amp_test_rand(u64 *state)
{
	u64 x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* Uniform-enough value in [0, n), n > 0, without 64-bit division. */
static inline u32 amp_test_below(u64 *state, u32 n)
{
	return (u32)(amp_test_rand(state) >> 32) % n;
}

/* A fresh, empty pool owned by the case. */
static inline struct amp_da_pool *amp_test_pool(struct kunit *test)
{
	struct amp_alloc_test_ctx *ctx = test->priv;

	if (ctx->pool_live)
		amp_da_pool_destroy(&ctx->pool);
	amp_da_pool_init(&ctx->pool);
	ctx->pool_live = true;
	return &ctx->pool;
}

/* A fresh address space owned by the case; asserts that init succeeds. */
static inline struct amp_addr_space *amp_test_space(struct kunit *test, u32 min_dyn,
						    u32 max, unsigned int depth)
{
	struct amp_alloc_test_ctx *ctx = test->priv;

	if (ctx->space_live)
		amp_addr_space_destroy(&ctx->space);
	ctx->space_live = false;
	KUNIT_ASSERT_EQ(test, amp_addr_space_init(&ctx->space, min_dyn, max, depth), 0);
	ctx->space_live = true;
	return &ctx->space;
}

/*
 * Result of amp_da_alloc(@size, @align) at @at (or AMP_DA_ANY); -EFAULT if
 * it failed but changed the address anyway.
 */
static inline int amp_test_da_err(struct amp_da_pool *p, u64 size, u64 align, u64 at)
{
	u64 da = at;
	int ret = amp_da_alloc(p, size, align, &da);

	return ret && da != at ? -EFAULT : ret;
}

static inline struct amp_da_stats amp_test_da_stats(struct amp_da_pool *p)
{
	struct amp_da_stats st;

	amp_da_pool_stats(p, &st);
	return st;
}

/* End of a worker kthread: sleep until kthread_stop() collects @ret. */
static inline int amp_test_thread_park(int ret)
{
	set_current_state(TASK_INTERRUPTIBLE);
	while (!kthread_should_stop()) {
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	__set_current_state(TASK_RUNNING);
	return ret;
}

/* Cases of the other files, listed in the suite in da_alloc_test.c. */
void amp_da_test_model_random(struct kunit *test);
void amp_da_test_concurrent_lookup(struct kunit *test);

void amp_addr_test_init_args(struct kunit *test);
void amp_addr_test_any_lowest(struct kunit *test);
void amp_addr_test_reserved_range(struct kunit *test);
void amp_addr_test_fixed_conflicts(struct kunit *test);
void amp_addr_test_exhaustion(struct kunit *test);
void amp_addr_test_reuse_delay(struct kunit *test);
void amp_addr_test_quarantine_lookup(struct kunit *test);
void amp_addr_test_quarantine_fixed_claim(struct kunit *test);
void amp_addr_test_quarantine_exhaustion(struct kunit *test);
void amp_addr_test_top_of_space(struct kunit *test);
void amp_addr_test_default_depth(struct kunit *test);
void amp_addr_test_rcu_concurrent(struct kunit *test);
void amp_addr_test_model_random(struct kunit *test);

#endif /* AMPIPC_TEST_ALLOC_TEST_H */
