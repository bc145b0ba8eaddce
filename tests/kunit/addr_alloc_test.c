// SPDX-License-Identifier: GPL-2.0
/*
 * ampipc: KUnit suite amp_alloc, endpoint-address allocator cases (the suite
 * itself is defined in da_alloc_test.c).
 */

#include <linux/atomic.h>
#include <linux/err.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "alloc_test.h"

/* Owners: any 4-byte aligned objects will do. */
struct owner {
	u32 id;
};

static struct owner *owners(struct kunit *test, unsigned int n)
{
	struct owner *o = kunit_kcalloc(test, n, sizeof(*o), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, o);
	for (i = 0; i < n; i++)
		o[i].id = i;
	return o;
}

/* Bind @owner to any address, insisting on success. */
static u32 any(struct kunit *test, struct amp_addr_space *s, void *owner)
{
	u32 addr = 0;

	KUNIT_ASSERT_EQ(test, amp_addr_alloc(s, owner, AMP_ADDR_ANY, 0, &addr), 0);
	KUNIT_ASSERT_PTR_EQ(test, amp_addr_lookup(s, addr), owner);
	return addr;
}

/* Result of binding @owner to the fixed address @addr. */
static int fixed(struct amp_addr_space *s, void *owner, u32 addr, unsigned int flags)
{
	u32 out = 0;
	int ret = amp_addr_alloc(s, owner, addr, flags, &out);

	if (!ret && out != addr)
		return -EFAULT;
	return ret;
}

void amp_addr_test_init_args(struct kunit *test)
{
	struct amp_addr_space *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct owner *o = owners(test, 2);
	u32 addr;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, amp_addr_space_init(s, 10, 5, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_addr_space_init(s, 10, AMP_ADDR_ANY, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_addr_space_init(s, AMP_ADDR_ANY, AMP_ADDR_ANY, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_addr_space_init(s, 10, 20, AMP_ADDR_REUSE_DELAY_MAX + 1),
			-EINVAL);

	/* A single address, and a space without a reserved range. */
	KUNIT_ASSERT_EQ(test, amp_addr_space_init(s, 7, 7, 1), 0);
	KUNIT_EXPECT_EQ(test, amp_addr_alloc(s, &o[0], AMP_ADDR_ANY, 0, &addr), 0);
	KUNIT_EXPECT_EQ(test, addr, 7U);
	KUNIT_EXPECT_EQ(test, amp_addr_alloc(s, &o[1], AMP_ADDR_ANY, 0, &addr), -ENOSPC);
	amp_addr_space_destroy(s);

	s = amp_test_space(test, 0, 3, AMP_ADDR_REUSE_DELAY_MAX);
	KUNIT_EXPECT_EQ(test, s->depth, AMP_ADDR_REUSE_DELAY_MAX);
	KUNIT_EXPECT_EQ(test, any(test, s, &o[0]), 0U);
	KUNIT_EXPECT_EQ(test, any(test, s, &o[1]), 1U);
}

void amp_addr_test_any_lowest(struct kunit *test)
{
	struct amp_addr_space *s = amp_test_space(test, AMP_ADDR_MIN_DYNAMIC, AMP_ADDR_MAX, 4);
	struct owner *o = owners(test, 8);

	KUNIT_EXPECT_EQ(test, any(test, s, &o[0]), 1024U);
	KUNIT_EXPECT_EQ(test, any(test, s, &o[1]), 1025U);
	KUNIT_EXPECT_EQ(test, any(test, s, &o[2]), 1026U);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[3], 1028, 0), 0);
	KUNIT_EXPECT_EQ(test, any(test, s, &o[4]), 1027U);
	KUNIT_EXPECT_EQ(test, any(test, s, &o[5]), 1029U);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[6], 5000, 0), 0);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 1028), (void *)&o[3]);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 5000), (void *)&o[6]);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 1030), NULL);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 0), NULL);
	KUNIT_EXPECT_EQ(test, any(test, s, &o[7]), 1030U);
}

void amp_addr_test_reserved_range(struct kunit *test)
{
	struct amp_addr_space *s = amp_test_space(test, AMP_ADDR_MIN_DYNAMIC, AMP_ADDR_MAX, 4);
	struct owner *o = owners(test, 8);

	KUNIT_EXPECT_EQ(test, fixed(s, &o[0], 53, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[0], 1023, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[0], 0, 0), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 53), NULL);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[0], 53, AMP_ADDR_F_RESERVED), 0);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[1], 0, AMP_ADDR_F_RESERVED), 0);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[2], 1023, AMP_ADDR_F_RESERVED), 0);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[3], 53, AMP_ADDR_F_RESERVED), -EADDRINUSE);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 53), (void *)&o[0]);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 0), (void *)&o[1]);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[3], 1500, AMP_ADDR_F_RESERVED), 0);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[4], 1501, BIT(5)), -EINVAL);
	KUNIT_EXPECT_EQ(test, any(test, s, &o[4]), 1024U);

	/* Reserved addresses skip the quarantine. */
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, 53), 0);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 53), NULL);
	KUNIT_EXPECT_EQ(test, s->queued, 0U);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[5], 53, AMP_ADDR_F_RESERVED), 0);
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, 1024), 0);
	KUNIT_EXPECT_EQ(test, s->queued, 1U);
	KUNIT_EXPECT_EQ(test, any(test, s, &o[6]), 1025U);
}

void amp_addr_test_fixed_conflicts(struct kunit *test)
{
	struct amp_addr_space *s = amp_test_space(test, AMP_ADDR_MIN_DYNAMIC, 4095, 4);
	struct owner *o = owners(test, 4);
	u32 addr = 77;

	KUNIT_EXPECT_EQ(test, fixed(s, &o[0], 2000, 0), 0);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[1], 2000, 0), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[0], 2000, AMP_ADDR_F_RESERVED), -EADDRINUSE);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 2000), (void *)&o[0]);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[1], 4095, 0), 0);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[1], 4096, 0), -ERANGE);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[1], AMP_ADDR_MAX, AMP_ADDR_F_RESERVED), -ERANGE);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 4096), NULL);

	/* Bad owners, and a fixed request without an out pointer. */
	KUNIT_EXPECT_EQ(test, amp_addr_alloc(s, NULL, AMP_ADDR_ANY, 0, &addr), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_addr_alloc(s, (u8 *)&o[2] + 1, 3000, 0, &addr), -EINVAL);
	KUNIT_EXPECT_EQ(test, amp_addr_alloc(s, (u8 *)&o[2] + 2, AMP_ADDR_ANY, 0, &addr),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, addr, 77U);
	KUNIT_EXPECT_EQ(test, amp_addr_alloc(s, &o[2], 3000, 0, NULL), 0);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 3000), (void *)&o[2]);

	/* The lowest free address skips fixed ones, wherever they are. */
	KUNIT_EXPECT_EQ(test, fixed(s, &o[3], 1024, 0), 0);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[3], 1025, 0), 0);
	KUNIT_EXPECT_EQ(test, any(test, s, &o[3]), 1026U);
}

void amp_addr_test_exhaustion(struct kunit *test)
{
	struct amp_addr_space *s = amp_test_space(test, 1024, 1039, 4);
	struct owner *o = owners(test, 17);
	u32 addr = 0, i;

	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, any(test, s, &o[i]), 1024 + i);
	KUNIT_EXPECT_EQ(test, amp_addr_alloc(s, &o[16], AMP_ADDR_ANY, 0, &addr), -ENOSPC);
	KUNIT_EXPECT_EQ(test, amp_addr_alloc(s, &o[16], AMP_ADDR_ANY, 0, &addr), -ENOSPC);
	KUNIT_EXPECT_EQ(test, addr, 0U);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[16], 1030, 0), -EADDRINUSE);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[16], 1040, 0), -ERANGE);

	/* The only free address is quarantined: granted all the same. */
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, 1030), 0);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 1030), NULL);
	KUNIT_EXPECT_EQ(test, any(test, s, &o[16]), 1030U);
	KUNIT_EXPECT_EQ(test, s->queued, 0U);
	KUNIT_EXPECT_EQ(test, amp_addr_alloc(s, &o[16], AMP_ADDR_ANY, 0, &addr), -ENOSPC);

	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_EQ(test, amp_addr_free(s, 1024 + i), 0);
	KUNIT_EXPECT_EQ(test, s->queued, 4U);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 1024 + i), NULL);
	/* Twelve addresses left the quarantine; the lowest comes first. */
	KUNIT_EXPECT_EQ(test, any(test, s, &o[0]), 1024U);
}

void amp_addr_test_reuse_delay(struct kunit *test)
{
	enum { N = 8 };
	struct amp_addr_space *s = amp_test_space(test, AMP_ADDR_MIN_DYNAMIC, AMP_ADDR_MAX, N);
	struct owner *o = owners(test, 2 * N);
	u32 a, i;

	/* Alloc-free churn cycles through exactly N + 1 addresses. */
	for (i = 0; i < 10 * (N + 1); i++) {
		a = any(test, s, &o[0]);
		KUNIT_EXPECT_EQ_MSG(test, a, 1024 + i % (N + 1), "round %u", i);
		KUNIT_EXPECT_EQ(test, amp_addr_free(s, a), 0);
	}
	KUNIT_EXPECT_EQ(test, s->queued, (unsigned int)N);

	/* With no frees in between, the next N requests never reuse it. */
	a = any(test, s, &o[0]);
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, a), 0);
	for (i = 0; i < N; i++)
		KUNIT_EXPECT_NE(test, any(test, s, &o[1 + i]), a);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, a), NULL);
}

void amp_addr_test_quarantine_lookup(struct kunit *test)
{
	struct amp_addr_space *s = amp_test_space(test, AMP_ADDR_MIN_DYNAMIC, AMP_ADDR_MAX, 4);
	struct owner *o = owners(test, 2);
	u32 a = any(test, s, &o[0]);

	KUNIT_EXPECT_EQ(test, amp_addr_free(s, a), 0);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, a), NULL);
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, a), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, a + 1), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, AMP_ADDR_ANY), -ENOENT);
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, 5), -ENOENT);
	KUNIT_EXPECT_EQ(test, s->queued, 1U);
	KUNIT_EXPECT_NE(test, any(test, s, &o[1]), a);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, a), NULL);
}

void amp_addr_test_quarantine_fixed_claim(struct kunit *test)
{
	struct amp_addr_space *s = amp_test_space(test, AMP_ADDR_MIN_DYNAMIC, AMP_ADDR_MAX, 4);
	struct owner *o = owners(test, 8);
	u32 i;

	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, any(test, s, &o[i]), 1024 + i);
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, 1024), 0);
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, 1025), 0);
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, 1026), 0);
	/* Asked for by name: granted at once and out of the queue. */
	KUNIT_EXPECT_EQ(test, fixed(s, &o[4], 1025, 0), 0);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 1025), (void *)&o[4]);
	KUNIT_EXPECT_EQ(test, s->queued, 2U);
	/* Queue: 1024 1026 1025 1027, full. */
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, 1025), 0);
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, 1027), 0);
	KUNIT_EXPECT_EQ(test, s->queued, 4U);
	KUNIT_EXPECT_EQ(test, any(test, s, &o[5]), 1028U);
	/* The fifth free pushes out the oldest, 1024, which is lowest again. */
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, 1028), 0);
	KUNIT_EXPECT_EQ(test, s->queued, 4U);
	KUNIT_EXPECT_EQ(test, any(test, s, &o[6]), 1024U);
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, 1024), 0);
	/* Then 1026; 1025 is still held back. */
	KUNIT_EXPECT_EQ(test, any(test, s, &o[7]), 1026U);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 1025), NULL);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[0], 1025, 0), 0);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[1], 1025, 0), -EADDRINUSE);
}

void amp_addr_test_quarantine_exhaustion(struct kunit *test)
{
	static const u32 order[] = { 1029, 1025, 1031, 1024 };
	struct amp_addr_space *s = amp_test_space(test, 1024, 1031, 16);
	struct owner *o = owners(test, 9);
	u32 addr, i;

	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, any(test, s, &o[i]), 1024 + i);
	for (i = 0; i < ARRAY_SIZE(order); i++)
		KUNIT_EXPECT_EQ(test, amp_addr_free(s, order[i]), 0);
	/* Exhausted: quarantined addresses return oldest first, not lowest. */
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, order[i]), NULL);
		KUNIT_EXPECT_EQ(test, any(test, s, &o[i]), order[i]);
	}
	KUNIT_EXPECT_EQ(test, s->queued, 0U);
	KUNIT_EXPECT_EQ(test, amp_addr_alloc(s, &o[8], AMP_ADDR_ANY, 0, &addr), -ENOSPC);
}

void amp_addr_test_top_of_space(struct kunit *test)
{
	struct amp_addr_space *s = amp_test_space(test, AMP_ADDR_MIN_DYNAMIC, AMP_ADDR_MAX, 4);
	struct owner *o = owners(test, 20);
	u32 addr = 0, i;

	KUNIT_EXPECT_EQ(test, fixed(s, &o[0], 0xfffffffe, 0), 0);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 0xfffffffe), (void *)&o[0]);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, AMP_ADDR_ANY), NULL);
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, AMP_ADDR_ANY), -ENOENT);
	/* 0xffffffff is not an address: a request for it is a request for any. */
	KUNIT_EXPECT_EQ(test, amp_addr_alloc(s, &o[1], AMP_ADDR_ANY, AMP_ADDR_F_RESERVED,
					     &addr), 0);
	KUNIT_EXPECT_EQ(test, addr, 1024U);
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, 0xfffffffe), 0);
	KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, 0xfffffffe), NULL);

	/* A small dynamic range ending at the top. */
	s = amp_test_space(test, 0xfffffff0, AMP_ADDR_MAX, 2);
	for (i = 0; i < 15; i++)
		KUNIT_EXPECT_EQ(test, any(test, s, &o[i]), 0xfffffff0 + i);
	KUNIT_EXPECT_EQ(test, amp_addr_alloc(s, &o[15], AMP_ADDR_ANY, 0, &addr), -ENOSPC);
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, 0xfffffffe), 0);
	KUNIT_EXPECT_EQ(test, any(test, s, &o[15]), 0xfffffffeU);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[16], 5, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[16], 5, AMP_ADDR_F_RESERVED), 0);
	KUNIT_EXPECT_EQ(test, fixed(s, &o[17], 0xffffffef, AMP_ADDR_F_RESERVED), 0);
	KUNIT_EXPECT_EQ(test, amp_addr_alloc(s, &o[18], AMP_ADDR_ANY, 0, &addr), -ENOSPC);
}

void amp_addr_test_default_depth(struct kunit *test)
{
	struct amp_addr_space *s = amp_test_space(test, 1024, 2047, 0);
	struct owner *o = owners(test, 1);
	u32 a, i, n;

	/* Depth 0 stands for the module parameter, within its bounds. */
	KUNIT_EXPECT_LE(test, s->depth, AMP_ADDR_REUSE_DELAY_MAX);
	a = any(test, s, &o[0]);
	KUNIT_EXPECT_EQ(test, amp_addr_free(s, a), 0);
	n = min(s->depth, 512U);
	if (!n) {
		KUNIT_EXPECT_EQ(test, any(test, s, &o[0]), a);
		return;
	}
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_NE(test, any(test, s, &o[0]), a);
		KUNIT_EXPECT_EQ(test, amp_addr_free(s, 1025 + i), 0);
	}
}

#define RCU_OBJ_MAGIC	0xa11ce5edU

struct rcu_obj {
	u32 magic;
	u32 addr;
	struct rcu_head rcu;
};

struct addr_hammer {
	struct amp_addr_space *s;
	atomic_t *done;
	u64 seed;
};

/* Bind and unbind RCU-freed owners; returns the number of errors seen. */
static int addr_hammer_fn(void *arg)
{
	enum { LIVE = 32 };
	struct addr_hammer *h = arg;
	struct rcu_obj *live[LIVE], *o;
	int i, j, n = 0, ret, errors = 0;
	u32 a;

	for (i = 0; i < 2000; i++) {
		if (n < LIVE && (!n || amp_test_below(&h->seed, 2))) {
			o = kzalloc(sizeof(*o), GFP_KERNEL);
			if (!o) {
				errors++;
				break;
			}
			o->magic = RCU_OBJ_MAGIC;
			ret = amp_addr_alloc(h->s, o, AMP_ADDR_ANY, 0, &a);
			if (ret) {
				kfree(o);
				errors += ret != -ENOSPC;
			} else {
				WRITE_ONCE(o->addr, a);
				live[n++] = o;
			}
		} else {
			j = amp_test_below(&h->seed, n);
			o = live[j];
			live[j] = live[--n];
			errors += amp_addr_free(h->s, o->addr) != 0;
			kfree_rcu(o, rcu);
		}
		cond_resched();
	}
	while (n) {
		o = live[--n];
		errors += amp_addr_free(h->s, o->addr) != 0;
		kfree_rcu(o, rcu);
	}
	atomic_inc(h->done);
	return amp_test_thread_park(errors);
}

/* RCU lookups without any lock while two threads bind and unbind. */
void amp_addr_test_rcu_concurrent(struct kunit *test)
{
	struct amp_addr_space *s = amp_test_space(test, 1024, 1024 + 95, 16);
	struct task_struct *tsk[2];
	struct addr_hammer h[2];
	atomic_t done = ATOMIC_INIT(0);
	int i, bad = 0, started = 0;
	long hits = 0, loops = 0;
	u64 seed = 0x7c0;
	struct rcu_obj *o;
	u32 a;

	for (i = 0; i < 2; i++) {
		h[i].s = s;
		h[i].done = &done;
		h[i].seed = 0xabc0 + i;
		tsk[i] = kthread_run(addr_hammer_fn, &h[i], "amp_addr_hammer%d", i);
		if (IS_ERR(tsk[i]))
			break;
		started++;
	}
	while (atomic_read(&done) < started) {
		a = 1000 + amp_test_below(&seed, 130);
		rcu_read_lock();
		o = amp_addr_lookup(s, a);
		if (o) {
			hits++;
			if (o->magic != RCU_OBJ_MAGIC || a < 1024)
				bad++;
			else if (READ_ONCE(o->addr) && READ_ONCE(o->addr) != a)
				bad++;
		}
		rcu_read_unlock();
		loops++;
		cond_resched();
	}
	for (i = 0; i < started; i++)
		KUNIT_EXPECT_EQ(test, kthread_stop(tsk[i]), 0);
	rcu_barrier();
	KUNIT_ASSERT_EQ(test, started, 2);
	KUNIT_EXPECT_EQ(test, bad, 0);
	for (a = 1000; a < 1130; a++)
		KUNIT_EXPECT_PTR_EQ(test, amp_addr_lookup(s, a), NULL);
	kunit_info(test, "%ld lookups, %ld found an owner\n", loops, hits);
}

/*
 * Reference model: per-address state over [0, M_TOP) for a space with
 * reserved range [0, 32), dynamic range [32, 95] and a quarantine of 5.
 */
enum { A_MIN = 32, A_MAX = 95, A_TOP = 100, A_DEPTH = 5, A_OWNERS = 16 };

struct addr_model {
	s8 state[A_TOP];	/* -1 free, -2 quarantined, else owner index */
	u32 queue[A_DEPTH];	/* oldest first */
	unsigned int queued;
};

static void addr_model_unqueue(struct addr_model *m, unsigned int pos)
{
	memmove(&m->queue[pos], &m->queue[pos + 1],
		(m->queued - pos - 1) * sizeof(m->queue[0]));
	m->queued--;
}

static int addr_model_any(struct addr_model *m, int who, u32 *out)
{
	u32 a;

	for (a = A_MIN; a <= A_MAX; a++) {
		if (m->state[a] == -1) {
			m->state[a] = who;
			*out = a;
			return 0;
		}
	}
	if (!m->queued)
		return -ENOSPC;
	*out = m->queue[0];
	m->state[*out] = who;
	addr_model_unqueue(m, 0);
	return 0;
}

static int addr_model_fixed(struct addr_model *m, int who, u32 a, unsigned int flags)
{
	unsigned int pos;

	if (a > A_MAX)
		return -ERANGE;
	if (a < A_MIN && !(flags & AMP_ADDR_F_RESERVED))
		return -EINVAL;
	if (m->state[a] >= 0)
		return -EADDRINUSE;
	if (m->state[a] == -2) {
		pos = 0;
		while (m->queue[pos] != a)
			pos++;
		addr_model_unqueue(m, pos);
	}
	m->state[a] = who;
	return 0;
}

static int addr_model_free(struct addr_model *m, u32 a)
{
	if (a >= A_TOP || m->state[a] < 0)
		return -ENOENT;
	if (a < A_MIN) {
		m->state[a] = -1;
		return 0;
	}
	if (m->queued == A_DEPTH) {
		m->state[m->queue[0]] = -1;
		addr_model_unqueue(m, 0);
	}
	m->queue[m->queued++] = a;
	m->state[a] = -2;
	return 0;
}

void amp_addr_test_model_random(struct kunit *test)
{
	struct amp_addr_space *s = amp_test_space(test, A_MIN, A_MAX, A_DEPTH);
	struct addr_model *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct owner *o = owners(test, A_OWNERS);
	u64 seed = 0xadd7e55ULL;
	unsigned int flags;
	int step, who, want, ret;
	u32 r, a, got, want_addr;

	KUNIT_ASSERT_NOT_NULL(test, m);
	memset(m->state, -1, sizeof(m->state));
	for (step = 0; step < 5000; step++) {
		r = amp_test_below(&seed, 100);
		who = amp_test_below(&seed, A_OWNERS);
		if (r < 40) {
			got = 0;
			want_addr = 0;
			want = addr_model_any(m, who, &want_addr);
			ret = amp_addr_alloc(s, &o[who], AMP_ADDR_ANY, 0, &got);
			KUNIT_ASSERT_EQ_MSG(test, ret, want, "step %d", step);
			if (!ret)
				KUNIT_ASSERT_EQ_MSG(test, got, want_addr, "step %d", step);
		} else if (r < 60) {
			a = amp_test_below(&seed, A_TOP);
			flags = amp_test_below(&seed, 2) ? AMP_ADDR_F_RESERVED : 0;
			want = addr_model_fixed(m, who, a, flags);
			KUNIT_ASSERT_EQ_MSG(test, fixed(s, &o[who], a, flags), want,
					    "step %d addr %u", step, a);
		} else if (r < 85) {
			a = amp_test_below(&seed, A_TOP);
			want = addr_model_free(m, a);
			KUNIT_ASSERT_EQ_MSG(test, amp_addr_free(s, a), want, "step %d addr %u",
					    step, a);
		} else {
			a = amp_test_below(&seed, A_TOP);
			KUNIT_ASSERT_PTR_EQ_MSG(test, amp_addr_lookup(s, a),
						m->state[a] >= 0 ? (void *)&o[m->state[a]] : NULL,
						"step %d addr %u", step, a);
		}
		KUNIT_ASSERT_EQ_MSG(test, s->queued, m->queued, "step %d", step);
		if (step % 64)
			continue;
		for (a = 0; a < A_TOP; a++)
			KUNIT_ASSERT_PTR_EQ(test, amp_addr_lookup(s, a),
					    m->state[a] >= 0 ? (void *)&o[m->state[a]] : NULL);
	}
}
